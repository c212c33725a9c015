"""Dyad aggregation: hand-counted on the real samples, dedupe and normalisation by hand."""

import collections
import csv
import datetime as dt
import doctest
import importlib
import os
from pathlib import Path

import polars as pl
import pytest

from accord import countries
from accord.errors import InputError
from accord.events.aggregate import AGGREGATE_COLUMNS, aggregate
from accord.events.eventdata import read_gdelt, read_icews
from accord.provenance import provenance_of

from .test_eventdata import gdelt2_row, write_rows

KNOWN = set(countries.table()["iso3"])
CAMEO_EXCEPTIONS = {"ROM": "ROU", "TMP": "TLS", "MTN": "MNE", "WSB": "PSE", "GZS": "PSE"}


def _samples() -> Path:
    root = Path(os.environ.get("ACCORD_TEST_MIRROR", "")) / "event_data_samples"
    if not root.is_dir():
        pytest.skip(f"event data samples not found at {root} (set ACCORD_MIRROR)")
    return root


def _by_hand(events, *, month=True):
    """Aggregate (date, src, tgt, code, source, quad, goldstein) tuples in plain Python."""
    seen, kept = set(), []
    for e in events:
        key = e[:5]
        if key not in seen:
            seen.add(key)
            kept.append(e)
    totals = collections.Counter()
    cells = collections.defaultdict(list)
    for date, src, tgt, _code, _source, quad, gold in kept:
        period = date.replace(day=1) if month else date.replace(month=1, day=1)
        totals[period] += 1
        if src and tgt:
            cells[(src, tgt, period)].append((quad, gold))
    rows = []
    for (src, tgt, period), evs in sorted(cells.items()):
        n = len(evs)
        q = collections.Counter(quad for quad, _ in evs)
        rows.append(
            {
                "source_country": src,
                "target_country": tgt,
                "period": period,
                "n_events": n,
                **{f"n_q{k}": q[k] for k in (1, 2, 3, 4)},
                "mean_goldstein": sum(g for _, g in evs) / n,
                "coop_share": (q[1] + q[2]) / n,
                "period_total": totals[period],
                "per_1000": n / totals[period] * 1000,
            }
        )
    return rows, len(kept)


def _same(result: pl.DataFrame, expected: list[dict]):
    assert result.columns == list(AGGREGATE_COLUMNS)
    got = result.to_dicts()
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        for k in b:
            if isinstance(b[k], float):
                assert a[k] == pytest.approx(b[k], rel=1e-12, abs=1e-12), k
            else:
                assert a[k] == b[k], k


# ------------------------------------------------------------------ real samples


def _gdelt_sample_by_hand():
    path = _samples() / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))

    def iso(code):
        return CAMEO_EXCEPTIONS.get(code) or (code if code in KNOWN else None)

    events = []
    for r in raw:
        if r[25] != "1":  # IsRootEvent
            continue
        url = r[57] if len(r) == 58 and r[57] else "#" + r[0]
        date = dt.datetime.strptime(r[1], "%Y%m%d").date()
        events.append((date, iso(r[7]), iso(r[17]), r[26], url, int(r[29]), float(r[30])))
    return path, events


def test_gdelt_sample_counted_by_hand():
    path, events = _gdelt_sample_by_hand()
    expected, n_kept = _by_hand(events)
    assert len(events) == 448 and n_kept == 446  # two duplicate reports
    result = aggregate(read_gdelt(path))
    _same(result, expected)


def test_gdelt_sample_one_dyad():
    path, _ = _gdelt_sample_by_hand()
    result = aggregate(read_gdelt(path), actors="USA")
    row = result.filter(pl.col("period") == dt.date(2016, 7, 1)).row(0, named=True)
    # 34 USA->USA rows dated July 2016, 24 of them root events, no duplicates among them
    assert (row["source_country"], row["target_country"], row["n_events"]) == ("USA", "USA", 24)
    assert [row[f"n_q{q}"] for q in (1, 2, 3, 4)] == [12, 3, 4, 5]
    assert row["mean_goldstein"] == pytest.approx(-0.275)
    assert row["coop_share"] == pytest.approx(15 / 24)
    assert row["period_total"] == 323  # all July 2016 root events, any actors
    assert row["per_1000"] == pytest.approx(24 / 323 * 1000)


def test_gdelt_sample_all_events_and_years():
    path, _ = _gdelt_sample_by_hand()
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    events = [
        (
            dt.datetime.strptime(r[1], "%Y%m%d").date(),
            r[7] if r[7] in KNOWN else None,
            r[17] if r[17] in KNOWN else None,
            r[26],
            "#" + r[0],  # dedupe=False: every row its own event
            int(r[29]),
            float(r[30]),
        )
        for r in raw
    ]
    expected, _ = _by_hand(events, month=False)
    result = aggregate(read_gdelt(path), by="year", root_only=False, dedupe=False)
    _same(result, expected)


def test_icews_sample_counted_by_hand():
    path = _samples() / "icews" / "events.2018.sample.tab"
    with path.open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))

    def iso(name):
        if name == "NA":
            return None
        if name == "Occupied Palestinian Territory":
            return "PSE"
        return countries.resolve(name, system="name")

    def quad(code):
        root = int(code[:2])
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4

    events = [
        (
            dt.date.fromisoformat(r["Event Date"]),
            iso(r["Source Country"]),
            iso(r["Target Country"]),
            r["CAMEO Code"],
            r["Story ID"],
            quad(r["CAMEO Code"]),
            float(r["Intensity"]),
        )
        for r in raw
    ]
    expected, n_kept = _by_hand(events)
    assert n_kept < len(events)  # a story often codes the same event twice
    _same(aggregate(read_icews(path)), expected)
    ca = aggregate(read_icews(path), actors=["central-asia", "RUS", "CHN"], mode="either")
    members = {"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN"}
    keep = [r for r in expected if r["source_country"] in members or r["target_country"] in members]
    _same(ca, keep)


# ------------------------------------------------------------------ synthetic tables


def _events(**cols) -> pl.DataFrame:
    n = len(next(iter(cols.values())))
    base = {
        "event_id": list(range(1, n + 1)),
        "date": [dt.date(2020, 7, 16)] * n,
        "source_country": ["CHN"] * n,
        "target_country": ["KAZ"] * n,
        "cameo": ["042"] * n,
        "quad_class": [1] * n,
        "goldstein": [1.9] * n,
        "is_root": [True] * n,
        "source_url": ["u1"] * n,
    }
    return pl.DataFrame(base | cols).with_columns(pl.col("quad_class").cast(pl.Int8))


def test_dedupe_by_hand():
    ev = _events(
        source_url=["u1", "u1", "u2", None, None, "u1"],
        cameo=["042", "042", "042", "042", "042", "043"],
        quad_class=[1, 1, 1, 1, 1, 1],
        goldstein=[1.9, 1.9, 1.9, 1.9, 1.9, 2.8],
    )
    # rows 1 and 2: same day, dyad, code and URL -> one event; row 3 another URL; rows 4
    # and 5 have no URL and are told apart by event_id; row 6 another code
    assert aggregate(ev)["n_events"].to_list() == [5]
    assert aggregate(ev, dedupe=False)["n_events"].to_list() == [6]
    assert aggregate(ev)["mean_goldstein"][0] == pytest.approx((1.9 * 4 + 2.8) / 5)
    moved = ev.with_columns(date=pl.Series([dt.date(2020, 7, d) for d in (16, 17, 16, 16, 16, 16)]))
    assert aggregate(moved)["n_events"].to_list() == [6]  # another day, another event


def test_normalisation_by_hand():
    ev = _events(
        source_country=["CHN", "CHN", "USA", None, "CHN", "RUS"],
        target_country=["KAZ", "KAZ", "CHN", "KAZ", "KAZ", "CHN"],
        source_url=["a", "b", "c", "d", "e", "f"],
        date=[dt.date(2020, 7, d) for d in (1, 2, 3, 4, 5, 6)][:5] + [dt.date(2020, 8, 1)],
        is_root=[True, True, True, True, False, True],
    )
    out = aggregate(ev, actors=["KAZ", "CHN"])
    row = out.row(0, named=True)
    assert out.height == 1 and (row["source_country"], row["n_events"]) == ("CHN", 2)
    # July: 4 root events in all (USA->CHN and the one without a source country count;
    # the non-root event does not); August has no CHN-KAZ events
    assert row["period_total"] == 4 and row["per_1000"] == pytest.approx(500.0)
    everything = aggregate(ev)
    assert everything.height == 3
    assert everything.filter(pl.col("source_country") == "RUS")["period_total"].to_list() == [1]
    assert aggregate(ev, root_only=False).row(0, named=True)["n_events"] == 3
    assert "per_1000" not in aggregate(ev, normalize=False).columns


def test_actor_filter_modes_and_groups():
    ev = _events(
        source_country=["CHN", "RUS", "USA", "KAZ"],
        target_country=["KAZ", "UZB", "KGZ", "USA"],
        source_url=["a", "b", "c", "d"],
    )
    both = aggregate(ev, actors=["central-asia", "Russia", 710])  # group, name, COW code
    assert both.select("source_country", "target_country").rows() == [
        ("CHN", "KAZ"),
        ("RUS", "UZB"),
    ]
    either = aggregate(ev, actors="central-asia", mode="either")
    assert either.height == 4
    assert aggregate(ev, actors="central-asia").height == 0
    with pytest.raises(InputError, match="unknown country 'Kazakstn' in actors"):
        aggregate(ev, actors=["Kazakstn"])
    with pytest.raises(InputError, match="actors is empty"):
        aggregate(ev, actors=[])


def test_by_year_and_options_checked():
    ev = _events(date=[dt.date(2019, 12, 31), dt.date(2020, 1, 1)], source_url=["a", "b"])
    assert aggregate(ev, by="year")["period"].to_list() == [
        dt.date(2019, 1, 1),
        dt.date(2020, 1, 1),
    ]
    assert aggregate(ev)["period"].to_list() == [dt.date(2019, 12, 1), dt.date(2020, 1, 1)]
    with pytest.raises(InputError, match="by='week' is not understood"):
        aggregate(ev, by="week")
    with pytest.raises(InputError, match="mode='any' is not understood"):
        aggregate(ev, mode="any")


def test_inputs_checked_and_not_mutated():
    ev = _events(source_url=["a", "a"])
    before = ev.clone()
    aggregate(ev)
    assert ev.equals(before)
    with pytest.raises(InputError, match="events lacks the column.*'quad_class'"):
        aggregate(ev.drop("quad_class"))
    with pytest.raises(InputError, match="events column 'date' is String"):
        aggregate(ev.with_columns(pl.col("date").cast(pl.String)))
    with pytest.raises(InputError, match="events is a list"):
        aggregate([1, 2])
    with pytest.raises(InputError, match="1 events have no date"):
        aggregate(_events(date=[None, dt.date(2020, 1, 1)], source_url=["a", "b"]))


def test_pandas_input_and_provenance():
    pd = pytest.importorskip("pandas")
    ev = _events(source_url=["a", "b"])
    out = aggregate(ev.to_pandas())
    assert isinstance(ev.to_pandas(), pd.DataFrame)
    assert out.equals(aggregate(ev))
    prov = provenance_of(out)
    assert prov.function == "accord.events.aggregate" and prov.parameters["by"] == "month"


# ------------------------------------------------------------------ files


def test_malformed_file_named_by_first_lines(tmp_path):
    rows = [gdelt2_row(i, url=f"u{i}") for i in range(1, 301)]
    rows[16] = gdelt2_row(17, date="2020071")
    rows[249] = gdelt2_row(250)[:12]
    path = write_rows(tmp_path / "bad.export.CSV", rows)
    with pytest.raises(InputError) as err:
        aggregate(read_gdelt(path))
    assert str(err.value).startswith(
        "bad.export.CSV line 17: SQLDATE '2020071' is not a date (YYYYMMDD); "
        "line 250: has 12 tab-separated fields; GDELT 2.0 event rows have 61 "
        "(2 malformed rows in all). Fix the file"
    )
    with pytest.raises(InputError, match=r"^bad.export.CSV line 17: .* line 250: "):
        aggregate(read_gdelt(path), dedupe=False)
    lf, rep = read_gdelt(path, errors="skip", report=True)
    assert aggregate(lf)["n_events"].to_list() == [298]


def test_several_files_equal_one(tmp_path):
    rows = [gdelt2_row(i, url=f"u{i % 7}", a2=["KAZ", "UZB"][i % 2]) for i in range(1, 61)]
    one = write_rows(tmp_path / "all.export.CSV", rows)
    write_rows(tmp_path / "part1.export.CSV", rows[:25])
    write_rows(tmp_path / "part2.export.CSV", rows[25:])
    split = aggregate(read_gdelt(str(tmp_path / "part*.export.CSV")))
    assert split.equals(aggregate(read_gdelt(one)))
    assert split["n_events"].to_list() == [7, 7]  # per dyad: 7 URLs, one day, one code
    assert aggregate(read_gdelt(one, report=True)[0]).equals(split)


def test_docstring_example():
    module = importlib.import_module("accord.events.aggregate")
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    assert doctest.testmod(module, optionflags=flags).failed == 0
