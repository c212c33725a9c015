"""The registry of formats, meetings and memberships: schema, sources, conflicts, user rows."""

import datetime as dt

import polars as pl
import pytest

from accord import events
from accord.errors import InputError
from accord.events.registry import SCHEMAS, parse_date


def test_every_row_has_a_source():
    for table in (events.formats(), events.meetings(), events.memberships()):
        assert table["source_url"].null_count() == 0
        assert table["source_url"].str.len_chars().min() > 8
    # source kinds: official, news, encyclopedia, dataset or article-only (with a seed: id)
    art = events.meetings().filter(pl.col("source_kind") == "article-only")
    assert art["source_url"].str.starts_with("seed:").all()


def test_meetings_refer_to_known_formats_and_ids_are_unique():
    m = events.meetings()
    assert m["meeting_id"].n_unique() == m.height
    assert set(m["format_id"]) <= set(events.formats()["format_id"])


def test_the_articles_formats_and_dates():
    f = {r["partner"]: r for r in events.formats(region="central-asia").iter_rows(named=True)}
    assert f["JPN"]["established"] == "2004-08-28"
    assert f["CHN"]["established"] == "2020-07-16"
    assert f["USA"]["established"].startswith("2015")
    assert f["IND"]["established"].startswith("2019")
    assert f["KOR"]["established"].startswith("2007") and f["EU"]["established"].startswith("2007")
    rus = events.meetings(partner="RUS", level="foreign ministers").row(0, named=True)
    assert (rus["date"], rus["ordinal"]) == ("2020-10-15", 3)
    chn = events.meetings(partner="CHN", level="foreign ministers").row(0, named=True)
    assert (chn["date"], chn["ordinal"], chn["place_iso3"]) == ("2020-07-16", 1, "virtual")


def test_conflicting_sources_are_recorded():
    c = events.conflicts()
    assert c.height >= 10
    russia = c.filter(
        pl.col("topic").str.contains("Russia") & pl.col("topic").str.contains("first")
    )
    assert russia.height == 1
    r = russia.row(0, named=True)
    assert r["value_a"] and r["value_b"] and r["registry_uses"].startswith("ordinal 3")
    date = c.filter(pl.col("topic").str.contains("Russia FM meeting 2020: date")).row(0, named=True)
    assert date["registry_uses"] == "2020-10-15" and "seed:" in date["source_b"]


def test_launches_flag_formats_whose_first_meeting_is_not_dated():
    ln = events.launches(region="central-asia")
    rus = ln.filter(pl.col("partner") == "RUS").row(0, named=True)
    assert rus["is_first"] is False and "number 3" in rus["basis"]
    assert rus["launch"] == dt.date(2020, 10, 15)
    chn = ln.filter(pl.col("partner") == "CHN").row(0, named=True)
    assert chn["is_first"] is True and chn["launch"] == dt.date(2020, 7, 16)
    kor = ln.filter(pl.col("partner") == "KOR").row(0, named=True)
    assert kor["launch"] == dt.date(2007, 11, 15)  # the forum began at vice-minister level


def test_memberships_at_a_date():
    sco_2016 = set(
        events.memberships(org="sco", at="2016-12-31").filter(pl.col("role") == "member")["iso3"]
    )
    assert sco_2016 == {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    sco_2024 = set(
        events.memberships(org="sco", at=dt.date(2024, 12, 31)).filter(pl.col("role") == "member")[
            "iso3"
        ]
    )
    assert {"IND", "PAK", "IRN", "BLR"} <= sco_2024
    csto_2013 = set(
        events.memberships(org="csto", at="2013-01-01").filter(pl.col("role") == "member")["iso3"]
    )
    assert "UZB" not in csto_2013 and {"RUS", "KAZ", "KGZ", "TJK"} <= csto_2013


def test_shared_memberships():
    sm = events.shared_memberships(["RUS", "CHN", "KAZ"])
    sco = sm.filter(pl.col("org_id") == "sco").row(0, named=True)
    assert (sco["RUS"], sco["CHN"], sco["KAZ"]) == ("2001-06-15",) * 3
    assert sco["n_shared"] == 3
    csto = sm.filter(pl.col("org_id") == "csto").row(0, named=True)
    assert csto["CHN"] is None and csto["n_shared"] == 2


def test_parse_date_precision():
    assert parse_date("2020-10-15") == (dt.date(2020, 10, 15), "day")
    assert parse_date("2019-12") == (dt.date(2019, 12, 1), "month")
    assert parse_date("2014") == (dt.date(2014, 1, 1), "year")
    with pytest.raises(ValueError):
        parse_date("15.10.2020")


def _write(tmp_path, name, header, rows):
    p = tmp_path / name
    p.write_text(
        ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    return p


def test_user_rows_are_validated_and_added(tmp_path):
    header = list(SCHEMAS["meetings"])
    ok = dict.fromkeys(header, "")
    ok |= {
        "meeting_id": "my_1",
        "format_id": "chn_ca",
        "date": "2026-05-01",
        "level": "summit",
        "source_url": "https://example.org/x",
        "source_kind": "news",
    }
    p = _write(tmp_path, "mine.csv", header, [[ok[c] for c in header]])
    m = events.meetings(partner="CHN", extra=p)
    assert "my_1" in m["meeting_id"].to_list()

    bad = dict(ok) | {"meeting_id": "my_2", "date": "2026-13-01", "level": "lunch"}
    p = _write(tmp_path, "bad.csv", header, [[ok[c] for c in header], [bad[c] for c in header]])
    with pytest.raises(
        InputError, match="bad.csv line 3, column 'date': '2026-13-01' is not a date"
    ) as e:
        events.meetings(extra=p)
    assert (
        "line 3, column 'level': 'lunch' is not one of foreign ministers, summit, senior officials"
        in str(e.value)
    )


def test_user_file_errors(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("meeting_id,date\nx,2020\n")
    with pytest.raises(
        InputError, match="m.csv: missing column\\(s\\) format_id, level, source_url"
    ):
        events.meetings(extra=p)
    p.write_text("")
    with pytest.raises(InputError, match="m.csv is empty"):
        events.meetings(extra=p)
    with pytest.raises(InputError, match="registry file 'nope.csv' does not exist"):
        events.meetings(extra="nope.csv")
    header = list(SCHEMAS["meetings"])
    row = dict.fromkeys(header, "") | {
        "meeting_id": "chn_ca_fm_2020-07-16",
        "format_id": "chn_ca",
        "date": "2020-07-16",
        "level": "summit",
        "source_url": "https://e.org",
        "source_kind": "news",
    }
    p = _write(tmp_path, "dup.csv", header, [[row[c] for c in header]])
    with pytest.raises(InputError, match="repeat the meeting_id 'chn_ca_fm_2020-07-16'"):
        events.meetings(extra=p)
    with pytest.raises(InputError, match="unknown organisation 'shanghai'. Did you mean"):
        events.memberships(org="shanghai")
