"""CAMEO tables: built reproducibly from the shared files, and consistent with real events."""

import csv
import doctest
import importlib.util
import os
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.events import cameo

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "src" / "accord" / "events" / "cameo_data"


def _samples() -> Path:
    root = Path(os.environ.get("ACCORD_TEST_MIRROR", "")) / "event_data_samples"
    if not root.is_dir():
        pytest.skip(f"event data samples not found at {root} (set ACCORD_MIRROR)")
    return root


def test_tables():
    codes = cameo.codes()
    assert codes.height == 317 and codes["code"].n_unique() == 317
    assert codes.columns == [
        "code",
        "root_code",
        "level",
        "description",
        "source",
        "quad_class",
        "goldstein",
    ]
    assert codes["goldstein"].null_count() == 5
    assert sorted(codes.filter(codes["goldstein"].is_null())["code"]) == [
        "155",
        "176",
        "1834",
        "1951",
        "1952",
    ]
    quads = cameo.quad_classes()
    assert quads["root_code"].to_list() == [f"{i:02d}" for i in range(1, 21)]
    assert quads["quad_class"].to_list() == [1] * 5 + [2] * 4 + [3] * 5 + [4] * 6


def test_tables_are_copies():
    codes = cameo.codes()
    codes.drop_in_place("description")
    assert "description" in cameo.codes().columns


def test_values():
    assert cameo.describe("042") == "Make a visit"
    assert cameo.describe("044") == "Meet at a 'third' location"  # repaired encoding
    assert cameo.describe("106") == "Demand meeting, negotiation"  # from ICEWS's table
    assert cameo.goldstein("190") == -10.0 and cameo.goldstein("057") == 8.0
    assert [cameo.quad_class(r) for r in ("01", "05", "06", "09", "10", "14", "15", "20")] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert cameo.quad_class(4) == 1 and cameo.quad_class("1823") == 4


def test_errors_name_the_value():
    with pytest.raises(InputError, match="unknown CAMEO code '999'"):
        cameo.describe("999")
    with pytest.raises(InputError, match="CAMEO code 10 is a number.*'010'"):
        cameo.goldstein(10)
    with pytest.raises(InputError, match="'155' .* has no Goldstein value"):
        cameo.goldstein("155")
    with pytest.raises(InputError, match="unknown CAMEO root code '21'"):
        cameo.quad_class("21")
    with pytest.raises(InputError, match="unknown CAMEO root code '0'"):
        cameo.quad_class(0)


def test_quad_class_agrees_with_every_gdelt_sample_event():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 710
    for row in rows:
        assert cameo.quad_class(row[28]) == int(row[29])  # EventRootCode, QuadClass
        assert cameo.quad_class(row[26]) == int(row[29])  # through the EventCode


def test_goldstein_equals_icews_intensity_on_every_sample_event():
    path = _samples() / "icews" / "events.2018.sample.tab"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 3705
    for row in rows:
        assert cameo.goldstein(row["CAMEO Code"]) == float(row["Intensity"])


def test_shipped_tables_are_rebuilt_identically(tmp_path):
    _samples()
    spec = importlib.util.spec_from_file_location("build_cameo", REPO / "tools" / "build_cameo.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(Path(os.environ["ACCORD_TEST_MIRROR"]), tmp_path)
    for name in ("cameo_codes.csv", "quad_classes.csv", "goldstein.csv"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    assert (SHIPPED / "SOURCE.md").is_file()


def test_docstring_examples():
    result = doctest.testmod(cameo, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
