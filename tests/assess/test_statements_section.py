"""The statements section: the user's documents, checked against independent computations.

The documents are short texts invented for the test (no third-party text is committed).
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

from accord.assess.statements_section import statements_section
from accord.errors import InputError

SHARED = (
    "reaffirmed their commitment to sovereignty, territorial integrity and non-interference "
    "in internal affairs and agreed to strengthen cooperation in security, the fight against "
    "terrorism, extremism and drug trafficking"
)
DOCS = {
    "rus_ca": "Joint statement of Russia and the Central Asian states. The ministers "
    + SHARED
    + ". They support a multipolar world and the role of the United Nations.",
    "chn_ca": "Joint statement of China and Central Asia. The parties "
    + SHARED
    + ". They will build the digital economy and e-commerce and fight the pandemic.",
    "usa": "Strategy of the United States. Democracy, human rights and the rule of law are "
    "central; the strategy promotes democracy, free elections, civil society and human "
    "rights, and supports trade and investment. <script>alert('x')</script>",
}
META = (
    "doc_id,date,actors,title,source\n"
    "rus_ca,2020-10-15,RUS;KAZ;KGZ;TJK;TKM;UZB,Russia–Central Asia (invented),test\n"
    "chn_ca,2020-07-16,CHN;KAZ;KGZ;TJK;TKM;UZB,China–Central Asia (invented),test\n"
    "usa,2020-02-05,USA,US strategy <b>(invented)</b>,test\n"
)


@pytest.fixture()
def folder(tmp_path):
    for name, text in DOCS.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(META, encoding="utf-8")
    return tmp_path


def test_skipped_without_documents():
    sec = statements_section("RUS", "CHN", None)
    assert sec.status == "skipped" and "--docs FOLDER" in sec.note


def test_similarity_matches_scikit_learn(folder):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from accord.texts.tokens import stopwords, tokenize

    sec = statements_section("RUS", "CHN", folder)
    ids = sorted(DOCS)
    stop = stopwords("en")
    vec = TfidfVectorizer(analyzer=lambda t: [w for w in tokenize(t) if w not in stop])
    want = cosine_similarity(vec.fit_transform([DOCS[i] for i in ids]))
    sim = sec.tables["doc_similarity"]
    for r in sim.iter_rows(named=True):
        i, j = ids.index(r["doc_a"]), ids.index(r["doc_b"])
        assert r["value"] == pytest.approx(want[i, j], abs=1e-12)
    mean = next(i for i in sec.indicators if i.id == "statements.ab.mean_similarity")
    k, m = ids.index("chn_ca"), ids.index("rus_ca")
    assert mean.value == pytest.approx(want[k, m])
    u = ids.index("usa")
    assert mean.details["mean_others"] == pytest.approx(np.mean([want[k, u], want[m, u]]))
    assert mean.value > mean.details["mean_others"]


def test_reused_passage_found_with_offsets(folder):
    sec = statements_section("RUS", "CHN", folder)
    passages = sec.tables["reused_passages"]
    assert passages.height == 1
    p = passages.row(0, named=True)
    assert {p["id_a"], p["id_b"]} == {"rus_ca", "chn_ca"}
    # The shared 27 words, plus the identical "The" before and "They" after them (the local
    # alignment takes in a neighbouring identical word across one changed word).
    assert SHARED in p["passage_a"]
    assert p["words"] == len(re.findall(r"[\w'-]+", SHARED)) + 2
    text_a = DOCS[p["id_a"]]
    assert text_a[p["start_a"] : p["end_a"]] == p["passage_a"]
    assert p["passage_a"].startswith("The ") and p["passage_a"].endswith("trafficking. They")


def test_value_language_counts(folder):
    sec = statements_section("RUS", "CHN", folder)
    wide = sec.tables["values_by_doc"]
    dem = wide.filter(pl.col("category") == "democracy").row(0, named=True)
    n_words = len(re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", DOCS["usa"]))
    assert dem["usa"] == pytest.approx(2 / n_words * 10_000)  # "Democracy", "democracy"
    assert dem["rus_ca"] == 0 and dem["chn_ca"] == 0
    assert sec.figures["values_by_doc"].startswith("'Democracy' and 'human rights': 4 times in usa")


def test_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        statements_section("RUS", "CHN", tmp_path / "nope")


def test_report_escapes_document_text(folder):
    from accord.assess import assess
    from accord.report.html import render_html

    card = assess("RUS", "CHN", region="central-asia", docs=folder)
    assert card.section("statements").status == "ok"
    assert "statements_similarity" in {f.rule for f in card.findings}
    html = render_html(card)
    assert "<script" not in html and "<b>(invented)</b>" not in html
    assert "US strategy &lt;b&gt;(invented)&lt;/b&gt;" in html
    part = html[html.index('<section id="statements">') : html.index('<section id="meetings">')]
    assert part.count("<svg") == 1


def test_one_document_says_there_is_nothing_to_compare(tmp_path):
    (tmp_path / "only.txt").write_text("Democracy and sovereignty matter to us above all.")
    sec = statements_section("RUS", "CHN", tmp_path)
    assert (
        sec.summary[0] == "1 document read from " + tmp_path.name + " (no metadata.csv: no actors)."
    )
    assert "One document: nothing to compare it with; give two or more." in sec.summary
    assert "doc_similarity" not in sec.tables and "reused_passages" not in sec.tables
    assert sec.figures["values_by_doc"] == "'Democracy' and 'human rights': 1 time in only"
