"""The --json scorecard follows its documented, versioned schema (docs/scorecard.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.assess import SCHEMA_VERSION, assess

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "scorecard.schema.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


@pytest.mark.parametrize(
    "a, b, region",
    [("RUS", "CHN", "central-asia"), ("USA", "GBR", "eu"), ("CHN", "IND", "south-asia")],
)
def test_real_scorecards_validate(validator, a, b, region):
    doc = json.loads(assess(a, b, region=region).to_json())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert (
        doc["schema_version"] == SCHEMA_VERSION == SCHEMA["properties"]["schema_version"]["const"]
    )


def test_the_schema_rejects_what_it_should(validator):
    doc = json.loads(assess("RUS", "CHN", region="central-asia").to_json())
    bad = json.loads(json.dumps(doc))
    bad["sections"][0]["indicators"][0]["percentile"] = 150
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(doc))
    bad["findings"][0]["direction"] = "proof of coordination"
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(doc))
    del bad["sections"][3]["provenance"]
    assert not validator.is_valid(bad)


def test_scorecard_with_documents_validates(validator, tmp_path):
    (tmp_path / "a.txt").write_text("Sovereignty, territorial integrity and trade. " * 10)
    (tmp_path / "b.txt").write_text("Democracy, human rights and trade matter. " * 10)
    (tmp_path / "metadata.csv").write_text("doc_id,actors\na,RUS\nb,CHN\n")
    doc = json.loads(assess("RUS", "CHN", region="central-asia", docs=tmp_path).to_json())
    assert doc["sections"][2]["status"] == "ok"
    errors = list(validator.iter_errors(doc))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
