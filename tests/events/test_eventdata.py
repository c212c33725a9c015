"""GDELT and ICEWS readers: the event schema on real samples, malformed rows by line."""

import csv
import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest

from accord import countries
from accord.errors import InputError
from accord.events.eventdata import EVENT_SCHEMA, ReadReport, read_gdelt, read_icews

FIX = 'Fix the file, or pass errors="skip"'


def _samples() -> Path:
    root = Path(os.environ.get("ACCORD_TEST_MIRROR", "")) / "event_data_samples"
    if not root.is_dir():
        pytest.skip(f"event data samples not found at {root} (set ACCORD_MIRROR)")
    return root


def gdelt2_row(
    event_id=1,
    date="20200716",
    a1="CHN",
    a2="KAZ",
    root="1",
    code="042",
    quad="1",
    gold="1.9",
    url="https://example.org/a",
    mentions="3",
    added="20200716120000",
) -> list[str]:
    """A GDELT 2.0 event row (61 fields) with the given values, as text fields."""
    f = [""] * 61
    f[0], f[1], f[2], f[3], f[4] = str(event_id), date, date[:6], date[:4], "2020.5"
    f[5], f[6], f[7] = a1 + "GOV" if a1 else "", "CHINA" if a1 else "", a1
    f[15], f[16], f[17] = a2 + "GOV" if a2 else "", "KAZAKHSTAN" if a2 else "", a2
    f[25], f[26], f[27], f[28], f[29] = root, code, code[:3], code[:2], quad
    f[30], f[31], f[32], f[33], f[34] = gold, mentions, "1", mentions, "-1.5"
    f[35] = f[43] = f[51] = "0"
    f[59], f[60] = added, url
    return f


def write_rows(path: Path, rows: list[list[str] | str]) -> Path:
    text = "\n".join(r if isinstance(r, str) else "\t".join(r) for r in rows) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ real samples


def test_gdelt_sample_in_the_event_schema():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    df = read_gdelt(path).collect()
    assert dict(df.schema) == EVENT_SCHEMA
    assert df.height == len(raw) == 710
    assert df["event_id"].to_list() == [int(r[0]) for r in raw]
    assert df["date"].to_list() == [dt.datetime.strptime(r[1], "%Y%m%d").date() for r in raw]
    assert df["is_root"].sum() == sum(r[25] == "1" for r in raw) == 448
    assert df["cameo"].to_list() == [r[26] for r in raw]
    assert df["quad_class"].to_list() == [int(r[29]) for r in raw]
    assert df["goldstein"].to_list() == [float(r[30]) for r in raw]
    assert df["num_mentions"].to_list() == [int(r[31]) for r in raw]
    assert set(df["dataset"]) == {"gdelt1"}
    # rows 510-710 are historical 57-field rows: read with no SOURCEURL
    assert df["source_url"].to_list() == [r[57] if len(r) == 58 else None for r in raw]
    assert df["source_url"].null_count() == 201


def test_gdelt_sample_countries():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    df = read_gdelt(path).collect()
    known = set(countries.table()["iso3"])
    # CAMEO region codes (EUR, AFR, WST, MEA) and empty codes become null
    regions = {r[7] for r in raw} - known - {""}
    assert regions == {"EUR", "AFR", "WST", "MEA"}
    expect = [r[7] if r[7] in known else None for r in raw]
    assert df["source_country"].to_list() == expect
    assert df["target_country"].to_list() == [r[17] if r[17] in known else None for r in raw]
    assert df["source_actor"].to_list() == [r[6] or None for r in raw]


def test_gdelt_sample_report():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    lf, rep = read_gdelt(path, report=True)
    assert isinstance(rep, ReadReport)
    assert (rep.n_read, rep.n_kept, rep.skipped, rep.layout) == (710, 710, (), "gdelt-1.0")
    assert lf.collect().height == 710


def test_version_must_match():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    assert read_gdelt(path, version="1.0").collect().height == 710
    with pytest.raises(InputError, match="first line has 58 .* GDELT 2.0 event files have 61"):
        read_gdelt(path, version="2.0")
    with pytest.raises(InputError, match="version='3' is not a GDELT version"):
        read_gdelt(path, version="3")


def test_icews_sample_in_the_event_schema():
    path = _samples() / "icews" / "events.2018.sample.tab"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    lf, rep = read_icews(path, report=True)
    df = lf.collect()
    assert dict(df.schema) == EVENT_SCHEMA
    assert (rep.n_read, rep.n_kept, df.height) == (3705, 3705, 3705)
    assert df["event_id"].to_list() == [int(r["Event ID"]) for r in raw]
    assert df["cameo"].to_list() == [r["CAMEO Code"] for r in raw]  # leading zeros kept
    assert df["goldstein"].to_list() == [float(r["Intensity"]) for r in raw]
    assert df["source_url"].to_list() == [r["Story ID"] for r in raw]
    assert df["root_code"].to_list() == [r["CAMEO Code"][:2] for r in raw]
    assert df["is_root"].all() and df["num_mentions"].null_count() == 3705
    roots = [int(r["CAMEO Code"][:2]) for r in raw]
    quad = [1 if q <= 5 else 2 if q <= 9 else 3 if q <= 14 else 4 for q in roots]
    assert df["quad_class"].to_list() == quad


def test_icews_country_names_resolve():
    path = _samples() / "icews" / "events.2018.sample.tab"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    lf, rep = read_icews(path, report=True)
    df = lf.collect()

    def iso(name):
        if name == "NA":  # R's missing value, not Namibia
            return None
        if name == "Occupied Palestinian Territory":
            return "PSE"
        return countries.resolve(name, system="name")

    assert df["source_country"].to_list() == [iso(r["Source Country"]) for r in raw]
    assert df["target_country"].to_list() == [iso(r["Target Country"]) for r in raw]
    row = df.row(0, named=True)
    assert (row["source_country"], row["target_country"]) == ("BGD", "VNM")
    assert "PSE" in set(df["source_country"])
    assert rep.notes == ()  # every name resolved


def test_icews_unknown_names_are_null_and_reported(tmp_path):
    header = _icews_header()
    rows = [header, _icews(1, src="Atlantis"), _icews(2)]
    lf, rep = read_icews(write_rows(tmp_path / "e.tab", rows), report=True)
    assert lf.collect()["source_country"].to_list() == [None, "RUS"]
    assert len(rep.notes) == 1 and "'Atlantis' (1)" in rep.notes[0]


# ------------------------------------------------------------------ synthetic GDELT 2.0


def test_synthetic_gdelt2_values(tmp_path):
    rows = [
        gdelt2_row(1),
        gdelt2_row(2, a1="ROM", a2="EUR", root="0", code="1823", quad="4", gold="-10"),
        gdelt2_row(3, a1="", a2="", url=""),
    ]
    df = read_gdelt(write_rows(tmp_path / "20200716120000.export.CSV", rows)).collect()
    assert df["source_country"].to_list() == ["CHN", "ROU", None]  # ROM is CAMEO's Romania
    assert df["target_country"].to_list() == ["KAZ", None, None]  # EUR is a region
    assert df["is_root"].to_list() == [True, False, True]
    assert df["root_code"].to_list() == ["04", "18", "04"]
    assert df["source_url"].to_list() == ["https://example.org/a", "https://example.org/a", None]
    assert set(df["dataset"]) == {"gdelt2"}


def _bad_file(tmp_path: Path) -> Path:
    rows: list[list[str] | str] = [gdelt2_row(i) for i in range(1, 41)]
    rows[16] = gdelt2_row(17, date="20201301")  # line 17: no such month
    rows[19] = gdelt2_row(20)[:40]  # line 20: 40 fields
    rows[24] = gdelt2_row(25, gold="n/a")  # line 25: Goldstein not a number
    rows[29] = gdelt2_row(30) + ["extra"]  # line 30: 62 fields
    rows[34] = ""  # line 35: empty
    rows[37] = gdelt2_row(38, root="2")  # line 38: IsRootEvent not 0/1
    return write_rows(tmp_path / "bad.export.CSV", rows)


BAD_LINES = [
    (17, "SQLDATE '20201301' is not a date (YYYYMMDD)"),
    (20, "has 40 tab-separated fields; GDELT 2.0 event rows have 61"),
    (25, "GoldsteinScale 'n/a' is not a number from -10 to 10"),
    (30, "has 62 tab-separated fields; GDELT 2.0 event rows have 61"),
    (35, "is empty"),
    (38, "IsRootEvent '2' is not 0 or 1"),
]


def test_malformed_rows_raise_naming_the_first_lines(tmp_path):
    path = _bad_file(tmp_path)
    msg = (
        r"bad.export.CSV line 17: SQLDATE '20201301' is not a date \(YYYYMMDD\); "
        r"line 20: has 40 tab-separated fields; GDELT 2.0 event rows have 61; "
        r"line 25: GoldsteinScale 'n/a' is not a number from -10 to 10 "
        r"\(6 malformed rows in all\)\. Fix the file"
    )
    with pytest.raises(InputError, match=msg):
        read_gdelt(path, report=True)


def test_malformed_rows_raise_when_collected(tmp_path):
    lf = read_gdelt(_bad_file(tmp_path))  # lazy: nothing read yet
    with pytest.raises(InputError, match=r"bad.export.CSV line \d+: .*Fix the file") as err:
        lf.collect()
    first = int(str(err.value).split(" line ")[1].split(":")[0])
    assert first in dict(BAD_LINES)


def test_skip_reports_every_malformed_line(tmp_path):
    lf, rep = read_gdelt(_bad_file(tmp_path), errors="skip", report=True)
    assert (rep.n_read, rep.n_kept) == (40, 34)
    assert [(s.line, s.reason) for s in rep.skipped] == BAD_LINES
    assert [s[:2] for s in rep.skipped] == BAD_LINES  # (line, reason) first
    assert {s.file for s in rep.skipped} == {"bad.export.CSV"}
    df = lf.collect()
    assert df.height == 34
    assert sorted(set(range(1, 41)) - set(df["event_id"])) == [17, 20, 25, 30, 35, 38]
    assert rep.table().columns == ["file", "line", "reason"]
    assert "6 malformed row(s) skipped" in rep.summary()
    assert read_gdelt(_bad_file(tmp_path), errors="skip").collect().height == 34


def test_errors_option_is_checked(tmp_path):
    with pytest.raises(InputError, match="errors='ignore' is not understood"):
        read_gdelt(_bad_file(tmp_path), errors="ignore")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.export.CSV"
    path.write_bytes(b"")
    df = read_gdelt(path).collect()
    assert df.height == 0 and dict(df.schema) == EVENT_SCHEMA
    lf, rep = read_gdelt(path, report=True)
    assert (rep.n_read, rep.n_kept, rep.layout) == (0, 0, "empty")
    assert read_icews(path).collect().height == 0


def test_wrong_column_count_is_one_clear_error(tmp_path):
    icews_like = write_rows(tmp_path / "x.tab", [["a"] * 20] * 1000)
    with pytest.raises(InputError) as err:
        read_gdelt(icews_like)
    text = str(err.value)
    assert text.startswith("x.tab: the first line has 20 tab-separated fields; GDELT event")
    assert "57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)" in text and "read_icews" in text
    assert "\n" not in text


def test_missing_files_and_globs(tmp_path):
    with pytest.raises(InputError, match="GDELT file not found: '.*nope.CSV'"):
        read_gdelt(tmp_path / "nope.CSV")
    with pytest.raises(InputError, match="no files match '.*2099\\*.CSV'"):
        read_gdelt(str(tmp_path / "2099*.CSV"))
    with pytest.raises(InputError, match="is a folder"):
        read_gdelt(tmp_path)


def test_several_files_glob_and_zip(tmp_path):
    a = write_rows(tmp_path / "20200716000000.export.CSV", [gdelt2_row(1), gdelt2_row(2)])
    b = write_rows(tmp_path / "20200716001500.export.CSV", [gdelt2_row(3)])
    both = read_gdelt(str(tmp_path / "2020*.export.CSV")).collect()
    assert both["event_id"].to_list() == [1, 2, 3]
    assert read_gdelt([a, b]).collect().equals(both)
    with zipfile.ZipFile(tmp_path / "20200716000000.export.CSV.zip", "w") as zf:
        zf.write(a, a.name)
    zipped = read_gdelt(tmp_path / "20200716000000.export.CSV.zip").collect()
    assert zipped.equals(read_gdelt(a).collect())


def test_skip_report_names_files(tmp_path):
    good = write_rows(tmp_path / "a.export.CSV", [gdelt2_row(1)])
    bad = write_rows(tmp_path / "b.export.CSV", [gdelt2_row(2), gdelt2_row(3, quad="7")])
    lf, rep = read_gdelt([good, bad], errors="skip", report=True)
    assert [tuple(s) for s in rep.skipped] == [
        (2, "QuadClass '7' is not a QuadClass (1–4)", "b.export.CSV")
    ]
    assert lf.collect()["event_id"].to_list() == [1, 2]
    with pytest.raises(InputError, match=r"^b.export.CSV line 2: QuadClass '7'"):
        read_gdelt([good, bad], report=True)


def test_mixed_gdelt_versions(tmp_path):
    v2 = write_rows(tmp_path / "a.export.CSV", [gdelt2_row(1)])
    v1 = gdelt2_row(2)
    v1 = v1[:39] + v1[40:47] + v1[48:55] + v1[56:59] + ["20200716", v1[60]]  # no ADM2Code
    assert len(v1) == 58
    v1_path = write_rows(tmp_path / "20200716.export.CSV", [v1])
    df = read_gdelt([v2, v1_path]).collect()
    assert df["dataset"].to_list() == ["gdelt2", "gdelt1"]
    assert df["source_url"].to_list() == ["https://example.org/a"] * 2


# ------------------------------------------------------------------ synthetic ICEWS


def _icews_header() -> list[str]:
    return [
        "Event ID",
        "Event Date",
        "Source Name",
        "Source Sectors",
        "Source Country",
        "Event Text",
        "CAMEO Code",
        "Intensity",
        "Target Name",
        "Target Sectors",
        "Target Country",
        "Story ID",
        "Sentence Number",
        "Publisher",
        "City",
        "District",
        "Province",
        "Country",
        "Latitude",
        "Longitude",
    ]


def _icews(i, src="Russia", tgt="Kazakhstan", code="040", intensity="1", lon="71.4", date=None):
    return [
        str(i),
        date or "2020-10-15",
        "Sergey Lavrov",
        "Government",
        src,
        "Consult",
        code,
        intensity,
        "Kazakhstan",
        "Government",
        tgt,
        str(900 + i),
        "1",
        "TASS",
        "Moscow",
        "NA",
        "Moskva",
        "Russia",
        "55.75",
        lon,
    ]


def test_icews_malformed_rows_by_line(tmp_path):
    rows = [_icews_header()] + [_icews(i) for i in range(1, 11)]
    rows[3] = _icews(3, intensity="high")  # line 4
    rows[6] = _icews(6)[:15]  # line 7: 15 fields
    rows[8] = _icews(8, lon="")  # line 9: empty last value: fine
    rows[9] = _icews(9, date="2020-02-30")  # line 10
    path = write_rows(tmp_path / "events.2020.tab", rows)
    with pytest.raises(InputError) as err:
        read_icews(path)
    assert str(err.value).startswith(
        "events.2020.tab line 4: Intensity 'high' is not a number from -10 to 10; "
        "line 7: has 15 tab-separated fields; ICEWS event rows have 20; "
        "line 10: Event Date '2020-02-30' is not a date (YYYY-MM-DD) (3 malformed rows in all)."
    )
    lf, rep = read_icews(path, errors="skip", report=True)
    assert [s.line for s in rep.skipped] == [4, 7, 10]
    assert (rep.n_read, rep.n_kept) == (10, 7)
    assert sorted(lf.collect()["event_id"].to_list()) == [1, 2, 4, 5, 7, 8, 10]


def test_files_of_the_other_dataset_are_refused():
    samples = _samples()
    with pytest.raises(InputError, match="the first line has 20 tab-separated fields"):
        read_gdelt(samples / "icews" / "events.2018.sample.tab")
    with pytest.raises(InputError, match="the header lacks the ICEWS column"):
        read_icews(samples / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv")


def test_icews_header_must_have_the_columns(tmp_path):
    path = write_rows(tmp_path / "x.tab", [["Event ID", "Date", "Who"], ["1", "2", "3"]])
    with pytest.raises(InputError, match="x.tab: the header lacks the ICEWS column.*'Event Date'"):
        read_icews(path)
