"""read_documents: every format, one clear message per bad file, metadata CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.texts import read_documents
from accord.texts._documents import DocumentWarning, english_share

ENGLISH = (
    "The two sides agreed to strengthen cooperation in trade, transport and energy, and "
    "to work together against terrorism, extremism and drug trafficking in the region. "
    "They reaffirmed their respect for the sovereignty of all states."
)
FRENCH = (
    "Les deux parties sont convenues de renforcer la coopération dans les domaines du "
    "commerce, des transports et de l'énergie, et de travailler ensemble contre le "
    "terrorisme, l'extrémisme et le trafic de drogue dans la région concernée aujourd'hui."
)


def pdf_bytes(text: str | None) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    import io

    w = pypdf.PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "docs"
    f.mkdir()
    (f / "russia_c5.txt").write_text(ENGLISH, encoding="utf-8")
    (f / "china_c5.md").write_text("# Joint statement\n\n" + ENGLISH, encoding="utf-8")
    (f / "us_strategy.html").write_text(
        "<html><head><title>US Strategy</title><style>p{}</style></head><body>"
        "<script>alert(1)</script><p>Democracy &amp; human rights.</p></body></html>",
        encoding="utf-8",
    )
    (f / "latin1.txt").write_bytes("Coopération régionale".encode("latin-1"))
    (f / "empty.txt").write_text("   \n", encoding="utf-8")
    (f / "scan.pdf").write_bytes(pdf_bytes(None))
    (f / "french.txt").write_text(FRENCH, encoding="utf-8")
    (f / "image.png").write_bytes(b"\x89PNG")
    (f / ".DS_Store").write_bytes(b"junk")
    return f


def test_folder_loads_with_one_message_per_bad_file(folder):
    with pytest.warns(DocumentWarning) as rec:
        c = read_documents(folder)
    assert c.meta["doc_id"].to_list() == ["china_c5", "french", "russia_c5", "us_strategy"]
    assert c["us_strategy"].text.strip() == "Democracy & human rights."
    assert c["us_strategy"].title == "US Strategy"
    problems = dict(c.issues.rows())
    assert set(problems) == {"latin1.txt", "empty.txt", "scan.pdf", "french.txt", "image.png"}
    assert "not UTF-8 text (byte 4" in problems["latin1.txt"]
    assert "re-save it as UTF-8" in problems["latin1.txt"]
    assert problems["empty.txt"] == "empty.txt: the document is empty."
    assert "no text layer (1 page(s), scanned images?); run OCR" in problems["scan.pdf"]
    assert "probably not English" in problems["french.txt"]
    assert "not a supported document type" in problems["image.png"]
    assert len(rec) == 5


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Joint statement of the C5+1 meeting.")
    d.save(tmp_path / "statement.docx")
    c = read_documents(tmp_path)
    assert c["statement"].text.startswith("Joint statement of the C5+1")


def test_metadata_csv(folder):
    (folder / "meta.csv").write_text(
        "doc_id,date,actors,title,source\n"
        "russia_c5.txt,2020-10-15,Russia;KAZ+KGZ+TJK+TKM+UZB,C5+Russia,mid.ru\n"
        "china_c5,2020-07-16,CHN;KAZ;KGZ;TJK;TKM;UZB,C5+China,\n"
        "missing_doc,,,,\n",
        encoding="utf-8",
    )
    with pytest.warns(DocumentWarning):
        c = read_documents(folder, metadata=folder / "meta.csv")
    r = c["russia_c5"]
    assert r.actors == ("RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB")
    assert r.date == dt.date(2020, 10, 15) and r.year == 2020 and r.title == "C5+Russia"
    assert c["china_c5"].source == "china_c5.md"
    assert (
        "missing_doc: listed in the metadata but no such document"
        in dict(c.issues.rows())["missing_doc"]
    )


@pytest.mark.parametrize(
    "csv, message",
    [
        ("doc_id,date\nrussia_c5,15/10/2020\n", r"meta.csv line 2, column 'date': '15/10/2020'"),
        ("doc_id,actors\nrussia_c5,Rusia\n", r"unknown country 'Rusia'.*meta.csv line 2"),
        ("name,date\nx,2020-01-01\n", "needs a 'doc_id' column"),
    ],
)
def test_bad_metadata(folder, csv, message):
    (folder / "meta.csv").write_text(csv, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_documents(folder, metadata=folder / "meta.csv")


def test_bad_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist or is not a folder"):
        read_documents(tmp_path / "nope")
    (tmp_path / "empty.txt").write_text("")
    with pytest.warns(DocumentWarning), pytest.raises(InputError, match="holds no readable"):
        read_documents(tmp_path)


def test_english_share():
    assert english_share(ENGLISH)[0] > 0.3
    assert english_share(FRENCH)[0] < 0.15
