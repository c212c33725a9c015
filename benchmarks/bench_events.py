"""Benchmark: monthly dyad aggregation of a 10-million-row GDELT 2.0 event file.

Generates a synthetic GDELT 2.0 event file (seeded): one tab-separated file without a
header, 61 columns in the order of the GDELT 2.0 event codebook (GLOBALEVENTID, SQLDATE …
ActionGeo_FeatureID, DATEADDED, SOURCEURL), with realistic values — CAMEO country codes
(including CAMEO's own ROM, MTN, TMP and region codes such as EUR, AFR), event codes with
their GDELT QuadClass and Goldstein values, 60 % root events, geography, tone, 15-minute
DATEADDED stamps, article URLs shared by several events and ~8 % duplicate reports of an
event (same day, actor countries, CAMEO code and URL). Then aggregates it to a monthly
dyad table — root events only, duplicates removed, counts by QuadClass, mean Goldstein,
share of cooperation, events per 1,000 of the month — twice with accord
(``aggregate(read_gdelt(file), by="month")``, and again with ``actors="central-asia"``
plus RUS and CHN) and twice with pandas (``read_csv`` in chunks + filter + drop_duplicates
+ groupby, vectorised). Checks that both sides agree, then reports medians and the peak
memory of each side.

    python benchmarks/bench_events.py                        # full run, writes results JSON
    python benchmarks/bench_events.py --quick                # 300k-row smoke run, no JSON
    python benchmarks/bench_events.py --keep-data /tmp/gdelt # keep (or reuse) the 4.7 GB file

Each side runs in a fresh subprocess (``--only accord`` / ``--only baseline``) and reports
its timings and its peak resident memory (``ru_maxrss``) as one JSON line.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import _harness
from _harness import log, peak_rss_mb, report_targets, summary

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bench_events.json"
SEED = 20200716  # the day of China's first C+C5 foreign-ministers' meeting
FULL = {"rows": 10_000_000, "chunk": 1_000_000}
QUICK = {"rows": 300_000, "chunk": 100_000}
#: The actors filter of the second task: Central Asia and the two powers.
ACTORS = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN"]
BASELINE_CHUNK = 2_000_000
TOL = 1e-9

# GDELT 2.0 event file layout (GDELT Event Codebook V2.0, 2015-02-19): 61 columns.
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code"]
_ACTOR += ["Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass"]
    + ["GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(COLUMNS) == 61

# Countries by prominence in the news (the head of GDELT's actor-country distribution),
# then every other current ISO3 code; CAMEO's own codes are mixed in.
_HEAD = ["USA", "CHN", "RUS", "GBR", "ISR", "IRN", "FRA", "DEU", "IND", "PAK", "JPN", "TUR"]
_HEAD += ["SYR", "UKR", "AFG", "IRQ", "KOR", "PRK", "SAU", "AUS", "CAN", "EGY", "NGA", "ZAF"]
_HEAD += ["EUR", "AFR", "KAZ", "UZB", "ITA", "ESP", "MEX", "BRA", "PSE", "KGZ", "TJK", "TKM"]
_CAMEO_EXTRA = ["ROM", "MTN", "TMP", "MEA", "WST", "ASA", "CAS", "SAS", "SEA", "LAM"]
_TYPES = ["GOV", "MIL", "BUS", "MED", "CVL", "OPP", "COP", "JUD", "LEG", "EDU", "ELI", "REB"]
_NAMES = ["PRESIDENT", "GOVERNMENT", "POLICE", "MINISTRY", "COMPANY", "PARLIAMENT"]
_NAMES += ["MILITARY", "STUDENT", "PRIME MINISTER", "FOREIGN MINISTER", "COURT", "MEDIA"]
_SECTIONS = ["news", "world", "politics", "business", "asia", "europe", "opinion", "local"]
_WORDS = ["talks", "minister", "visit", "trade", "border", "security", "summit", "deal"]
_WORDS += ["protest", "election", "sanctions", "energy", "meeting", "aid", "court", "attack"]
_ROOT_WEIGHTS = {
    "01": 18, "02": 6, "03": 7, "04": 20, "05": 6, "06": 3, "07": 3, "08": 3, "09": 2,
    "10": 3, "11": 6, "12": 3, "13": 3, "14": 3, "15": 1, "16": 2, "17": 5, "18": 3,
    "19": 5, "20": 0.1,
}  # fmt: skip


# -- synthetic GDELT 2.0 file -------------------------------------------------------------


def _country_pool():
    import numpy as np
    import polars as pl

    from accord import countries

    current = countries.table().filter(~pl.col("historical"))["iso3"].to_list()
    order = _HEAD + _CAMEO_EXTRA[:3] + [c for c in current if c not in _HEAD]
    order += _CAMEO_EXTRA[3:]
    names = {c: countries.name(c).upper() if c in current else c for c in order}
    names |= {"ROM": "ROMANIA", "MTN": "MONTENEGRO", "TMP": "EAST TIMOR", "EUR": "EUROPE"}
    weights = 1.0 / (np.arange(len(order)) + 4.0) ** 1.3
    return order, [names[c] for c in order], weights / weights.sum()


def _chunk(rng, n: int, first_id: int, pool, codes) -> object:
    """One chunk of *n* synthetic GDELT 2.0 rows as a polars DataFrame of 61 text columns."""
    import numpy as np
    import polars as pl

    order, cnames, cweights = pool
    code_list, code_w, code_gold, code_quad = codes

    def pick(values, size, p=None):
        return pl.Series(values).gather(rng.choice(len(values), size=size, p=p))

    added_day = rng.integers(0, 731, n)  # 2019-01-01 .. 2020-12-31
    lag = np.where(rng.random(n) < 0.8, 0, rng.geometric(0.2, n))
    lag = np.where(rng.random(n) < 0.01, rng.integers(30, 1100, n), lag)
    start = np.datetime64("2019-01-01")
    added = start + added_day.astype("timedelta64[D]")
    event = added - lag.astype("timedelta64[D]")
    minute = rng.integers(0, 96, n) * 15

    ci = [rng.choice(len(order), size=n, p=cweights) for _ in range(2)]
    has = [rng.random(n) >= 0.35, rng.random(n) >= 0.5]
    ci_idx = rng.choice(len(code_list), size=n, p=code_w)
    url_id = rng.integers(0, max(1, n // 3), n) + first_id

    # ~8 % of rows report again an event of the same chunk: same day, countries, code, URL.
    dup = rng.random(n) < 0.08
    src = rng.integers(0, n, n)
    for arr in (event, ci[0], ci[1], has[0], has[1], ci_idx, url_id):
        arr[dup] = arr[src[dup]]

    ev = pl.Series("d", event).cast(pl.Date)
    df = pl.DataFrame(
        {
            "id": np.arange(first_id, first_id + n),
            "ev": ev,
            "added": pl.Series(added).cast(pl.Date),
            "minute": minute,
            "c1": pl.Series(order).gather(ci[0]),
            "n1": pl.Series(cnames).gather(ci[0]),
            "c2": pl.Series(order).gather(ci[1]),
            "n2": pl.Series(cnames).gather(ci[1]),
            "h1": has[0],
            "h2": has[1],
            "t1": pick(_TYPES + [""] * 6, n),
            "t2": pick(_TYPES + [""] * 6, n),
            "g1": pick(_NAMES, n),
            "g2": pick(_NAMES, n),
            "code": pl.Series(code_list).gather(ci_idx),
            "gold": pl.Series(code_gold).gather(ci_idx),
            "quad": pl.Series(code_quad).gather(ci_idx),
            "root": rng.random(n) < 0.6,
            "mentions": rng.geometric(0.15, n),
            "sources": rng.geometric(0.5, n),
            "tone": rng.normal(-2.0, 3.5, n),
            "url": url_id,
            "sec": pick(_SECTIONS, n),
            "w1": pick(_WORDS, n),
            "w2": pick(_WORDS, n),
            "geo": rng.integers(0, 5, (n,)),
            "lat": rng.uniform(-60, 70, n),
            "lon": rng.uniform(-180, 180, n),
            "feat": rng.integers(1000, 3_000_000, n),
        }
    )
    s = pl.col
    empty = pl.lit("")
    actor = []
    for k in ("1", "2"):
        country = pl.when(s(f"h{k}")).then(s(f"c{k}")).otherwise(empty)
        code = pl.concat_str(country, s(f"t{k}"))
        name = pl.when(s(f"h{k}")).then(s(f"n{k}")).otherwise(s(f"g{k}"))
        actor += [
            pl.when(code == "").then(pl.lit("")).otherwise(code).alias(f"Actor{k}Code"),
            pl.when(code == "").then(pl.lit("")).otherwise(name).alias(f"Actor{k}Name"),
            country.alias(f"Actor{k}CountryCode"),
            empty.alias(f"Actor{k}KnownGroupCode"),
            empty.alias(f"Actor{k}EthnicCode"),
            empty.alias(f"Actor{k}Religion1Code"),
            empty.alias(f"Actor{k}Religion2Code"),
            s(f"t{k}").alias(f"Actor{k}Type1Code"),
            empty.alias(f"Actor{k}Type2Code"),
            empty.alias(f"Actor{k}Type3Code"),
        ]
    geo = []
    for who, shift in (("Actor1", 0.0), ("Actor2", 1.5), ("Action", -0.7)):
        present = s("geo") > 0
        lat = (s("lat") + shift).round(4).cast(pl.String)
        lon = (s("lon") - shift).round(4).cast(pl.String)
        fips = s("c1").str.slice(0, 2)
        geo += [
            s("geo").cast(pl.String).alias(f"{who}Geo_Type"),
            pl.when(present)
            .then(pl.format("{} City, {} Province, {}", s("w1"), s("w2"), s("n1")))
            .otherwise(empty)
            .alias(f"{who}Geo_FullName"),
            pl.when(present).then(fips).otherwise(empty).alias(f"{who}Geo_CountryCode"),
            pl.when(present).then(pl.format("{}0{}", fips, s("geo"))).otherwise(empty)
            .alias(f"{who}Geo_ADM1Code"),
            pl.when(present).then((s("feat") % 90_000).cast(pl.String)).otherwise(empty)
            .alias(f"{who}Geo_ADM2Code"),
            pl.when(present).then(lat).otherwise(empty).alias(f"{who}Geo_Lat"),
            pl.when(present).then(lon).otherwise(empty).alias(f"{who}Geo_Long"),
            pl.when(present).then(s("feat").cast(pl.String)).otherwise(empty)
            .alias(f"{who}Geo_FeatureID"),
        ]  # fmt: skip
    ymd = s("ev").dt.strftime("%Y%m%d")
    out = df.select(
        s("id").cast(pl.String).alias("GLOBALEVENTID"),
        ymd.alias("SQLDATE"),
        s("ev").dt.strftime("%Y%m").alias("MonthYear"),
        s("ev").dt.year().cast(pl.String).alias("Year"),
        (s("ev").dt.year() + s("ev").dt.ordinal_day() / 365.0)
        .round(4)
        .cast(pl.String)
        .alias("FractionDate"),
        *actor,
        s("root").cast(pl.Int8).cast(pl.String).alias("IsRootEvent"),
        s("code").alias("EventCode"),
        s("code").str.slice(0, 3).alias("EventBaseCode"),
        s("code").str.slice(0, 2).alias("EventRootCode"),
        s("quad").cast(pl.String).alias("QuadClass"),
        s("gold").alias("GoldsteinScale"),
        s("mentions").cast(pl.String).alias("NumMentions"),
        s("sources").cast(pl.String).alias("NumSources"),
        s("mentions").cast(pl.String).alias("NumArticles"),
        s("tone").cast(pl.String).alias("AvgTone"),
        *geo,
        pl.format(
            "{}{}{}00",
            s("added").dt.strftime("%Y%m%d"),
            (s("minute") // 60).cast(pl.String).str.zfill(2),
            (s("minute") % 60).cast(pl.String).str.zfill(2),
        ).alias("DATEADDED"),
        pl.format(
            "https://www.{}-news.com/{}/{}/{}-{}-{}.html",
            pl.lit("site") + (s("url") % 1500).cast(pl.String),
            s("sec"),
            ymd,
            s("w1"),
            s("w2"),
            s("url"),
        ).alias("SOURCEURL"),
    )
    assert out.columns == COLUMNS, out.columns
    return out


def generate(path: Path, size: dict) -> dict:
    """Write the synthetic GDELT 2.0 file; return what was written.

    Tab-separated text without a header, as GDELT distributes it (unzipped). Dates of
    events (SQLDATE) lag their DATEADDED by 0 days for 80 % of events, by a few days for
    most others and by up to three years for 1 %, as in GDELT.
    """
    import numpy as np

    from accord.events import cameo

    rng = np.random.default_rng(SEED)
    pool = _country_pool()
    table = cameo.codes().filter(
        (cameo.codes()["level"] >= 2) & cameo.codes()["goldstein"].is_not_null()
    )
    w = np.array([_ROOT_WEIGHTS[r] for r in table["root_code"]], dtype=float)
    per_root = table.group_by("root_code").len()
    count = dict(zip(per_root["root_code"], per_root["len"], strict=True))
    w /= np.array([count[r] for r in table["root_code"]], dtype=float)
    codes = (
        table["code"].to_list(),
        w / w.sum(),
        [f"{g:.1f}" for g in table["goldstein"]],
        table["quad_class"].to_list(),
    )
    tmp = path.with_suffix(".part")
    written = 0
    with tmp.open("wb") as fh:
        while written < size["rows"]:
            n = min(size["chunk"], size["rows"] - written)
            df = _chunk(rng, n, 900_000_000 + written, pool, codes)
            df.write_csv(fh, separator="\t", include_header=False, quote_style="never")
            written += n
            log(f"  generated {written:,} rows")
    tmp.replace(path)
    return {"rows": written, "bytes": path.stat().st_size, "columns": len(COLUMNS)}


def data_file(folder: Path) -> Path:
    return folder / "gdelt2_synthetic.export.CSV"


# -- accord ------------------------------------------------------------------------------


def accord_run(path: Path, actors: list[str] | None):
    from accord.events.aggregate import aggregate
    from accord.events.eventdata import read_gdelt

    return aggregate(read_gdelt(path), by="month", actors=actors)


def accord_dump(result, out: Path) -> None:
    result.write_parquet(out)


# -- pandas baseline ---------------------------------------------------------------------

#: GDELT 2.0 columns the baseline reads (field index -> name).
_USE = {0: "event_id", 1: "sqldate", 7: "a1", 17: "a2", 25: "root", 26: "code"}
_USE |= {29: "quad", 30: "gold", 60: "url"}
_KEY = ["sqldate", "src", "tgt", "code", "url"]


def _country_map() -> dict[str, str]:
    """CAMEO country code -> ISO3, the mapping accord applies (the user would write it)."""
    from accord import countries
    from accord.events.eventdata import CAMEO_COUNTRY_CODES

    return {c: c for c in countries.table()["iso3"].to_list()} | CAMEO_COUNTRY_CODES


def baseline_run(path: Path, actors: list[str] | None):
    """pandas as users write it: chunked read_csv, filter, drop_duplicates, groupby.

    Chunked (2 million rows at a time) because the whole file does not fit in memory as a
    DataFrame; each chunk keeps its root events with the key and payload columns, drops
    the duplicates within it, then the concatenation drops those across chunks.
    """
    import csv

    import pandas as pd

    iso = _country_map()
    dtype = {0: "int64", 1: "int32", 7: "str", 17: "str", 25: "int8", 26: "str"}
    dtype |= {29: "int8", 30: "float64", 60: "str"}
    parts = []
    reader = pd.read_csv(
        path,
        sep="\t",
        header=None,
        usecols=list(_USE),
        dtype=dtype,
        quoting=csv.QUOTE_NONE,
        keep_default_na=False,
        na_values=[""],
        chunksize=BASELINE_CHUNK,
    )
    for chunk in reader:
        ch = chunk.rename(columns=_USE)
        ch = ch[ch["root"] == 1]
        ch = ch.assign(
            src=ch["a1"].map(iso),
            tgt=ch["a2"].map(iso),
            url=ch["url"].fillna("#" + ch["event_id"].astype(str)),
        )
        parts.append(ch.drop_duplicates(subset=_KEY)[[*_KEY, "quad", "gold"]])
    df = pd.concat(parts, ignore_index=True).drop_duplicates(subset=_KEY)
    del parts
    df["month"] = df["sqldate"] // 100
    totals = df.groupby("month").size().rename("period_total")
    d = df.dropna(subset=["src", "tgt"])
    if actors is not None:
        d = d[d["src"].isin(actors) & d["tgt"].isin(actors)]
    d = d.assign(**{f"n_q{q}": (d["quad"] == q).astype("int64") for q in (1, 2, 3, 4)})
    out = (
        d.groupby(["src", "tgt", "month"])
        .agg(
            n_events=("quad", "size"),
            n_q1=("n_q1", "sum"),
            n_q2=("n_q2", "sum"),
            n_q3=("n_q3", "sum"),
            n_q4=("n_q4", "sum"),
            mean_goldstein=("gold", "mean"),
        )
        .reset_index()
        .join(totals, on="month")
    )
    out["coop_share"] = (out["n_q1"] + out["n_q2"]) / out["n_events"]
    out["per_1000"] = out["n_events"] / out["period_total"] * 1000.0
    return out


def baseline_dump(result, out: Path) -> None:
    import pandas as pd

    result = result.assign(
        period=pd.to_datetime((result["month"] * 100 + 1).astype(str), format="%Y%m%d")
    )
    cols = ["src", "tgt", "period", "n_events", "n_q1", "n_q2", "n_q3", "n_q4"]
    cols += ["mean_goldstein", "coop_share", "period_total", "per_1000"]
    result[cols].rename(columns={"src": "source_country", "tgt": "target_country"}).to_parquet(
        out, index=False
    )


# -- one side in its own process -------------------------------------------------------

TASKS = {"all dyads": None, "actors": ACTORS}


def run_side(side: str, repeat: int, path: Path, dump: Path | None) -> dict:
    run = accord_run if side == "accord" else baseline_run
    out: dict = {"side": side, "tasks": {}}
    for task, actors in TASKS.items():
        times = []
        for r in range(repeat):
            s = time.perf_counter()
            res = run(path, actors)
            times.append(time.perf_counter() - s)
            log(f"  {side} {task} run {r + 1}/{repeat}: {times[-1]:.2f} s")
        out["tasks"][task] = summary(times) | {"rows_out": len(res)}
        if dump is not None:
            name = f"{side}_{task.replace(' ', '_')}.parquet"
            (accord_dump if side == "accord" else baseline_dump)(res, dump / name)
        del res
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def spawn(side: str, repeat: int, path: Path, dump: Path) -> dict:
    args = ["--repeat", str(repeat), "--data", str(path), "--dump", str(dump)]
    log(f"{side}: {repeat} run(s) of each task in a subprocess")
    return _harness.side(__file__, side, args)


# -- comparison and report -------------------------------------------------------------


def compare(dump: Path) -> dict:
    """Both sides' tables: same dyad-months, equal counts, means within TOL."""
    import polars as pl

    keys = ["source_country", "target_country", "period"]
    ints = ["n_events", "n_q1", "n_q2", "n_q3", "n_q4", "period_total"]
    floats = ["mean_goldstein", "coop_share", "per_1000"]
    res: dict = {}
    for task in TASKS:
        stem = task.replace(" ", "_")
        a = pl.read_parquet(dump / f"accord_{stem}.parquet")
        b = pl.read_parquet(dump / f"baseline_{stem}.parquet").with_columns(
            pl.col("period").cast(pl.Date), pl.col(ints).cast(pl.Int64)
        )
        j = a.join(b, on=keys, how="full", coalesce=True, suffix="_b")
        if not (a.height == b.height == j.height):
            raise SystemExit(
                f"MISMATCH ({task}): accord {a.height:,} dyad-months, baseline {b.height:,}, "
                f"{j.height:,} in either"
            )
        unequal = [c for c in ints if not (j[c] == j[f"{c}_b"]).all()]
        diffs = {c: float((j[c] - j[f"{c}_b"]).abs().max()) for c in floats}
        bad = [c for c, d in diffs.items() if not d <= TOL]
        if unequal or bad:
            raise SystemExit(f"MISMATCH ({task}): counts {unequal}, values {bad}: {diffs}")
        res[task] = {
            "dyad_months": a.height,
            "events": int(a["n_events"].sum()),
            "counts_identical": True,
            "max_abs_diff": diffs,
        }
        log(f"check ({task}): {a.height:,} dyad-months agree; max |diff| {diffs}")
    return res


def machine() -> dict:
    return _harness.machine("numpy", "polars", "pandas")


def markdown(res: dict) -> str:
    a, b = res["accord"], res["baseline"]
    lines = [
        "| task | side | median (s) | min (s) | pandas / accord | peak RSS (MB) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for task in TASKS:
        ta, tb = a["tasks"][task], b["tasks"][task]
        label = "all dyads" if task == "all dyads" else "actors = Central Asia + RUS + CHN"
        for name, side, t in (("accord", a, ta), ("pandas", b, tb)):
            lines.append(
                f"| {label} | {name} | {t['median_s']:.2f} | {t['min_s']:.2f} | "
                f"{tb['median_s'] / t['median_s']:.1f}× | {side['peak_rss_mb']:,.0f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = _harness.arguments(
        __doc__,
        repeat=3,
        baseline_repeat=3,
        baseline="pandas runs per task",
        quick="a 300k-row file instead of 10M",
        sides=("accord", "baseline"),
        output="JSON results (default results/bench_events.json; with --quick only if given)",
        data=True,
    )
    args = p.parse_args(argv)

    if args.only:
        print(json.dumps(run_side(args.only, args.repeat, args.data, args.dump)))
        return 0

    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = args.keep_data or tmp / "gdelt"
        folder.mkdir(parents=True, exist_ok=True)
        path, meta_path = data_file(folder), folder / "bench_meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if path.exists() and meta.get("size") == size and meta.get("seed") == SEED:
            log(f"reusing {path}")
            data = meta["data"]
        else:
            need = size["rows"] * 450
            free = shutil.disk_usage(folder).free
            if free < 1.2 * need:
                raise SystemExit(f"{folder}: {free / 1e9:.1f} GB free, ~{need / 1e9:.1f} GB needed")
            s = time.perf_counter()
            data = generate(path, size)
            log(
                f"generated {data['rows']:,} rows ({data['bytes'] / 1e9:.2f} GB) in "
                f"{time.perf_counter() - s:.1f} s"
            )
            meta_path.write_text(json.dumps({"size": size, "seed": SEED, "data": data}))
        load_before = os.getloadavg()
        acc = spawn("accord", args.repeat, path, tmp)
        base = spawn("baseline", args.baseline_repeat, path, tmp)
        check = compare(tmp)
        load_after = os.getloadavg()

    speedup = {t: base["tasks"][t]["median_s"] / acc["tasks"][t]["median_s"] for t in TASKS}
    res = {
        "benchmark": "monthly directed-dyad aggregation of a synthetic GDELT 2.0 event file",
        "quick": args.quick,
        "machine": machine()
        | {"loadavg_1m_before": load_before[0], "loadavg_1m_after": load_after[0]},
        "data": data
        | {"format": "GDELT 2.0 event file, 61 tab-separated columns, no header", "seed": SEED},
        "accord": acc,
        "baseline": base | {"chunk_rows": BASELINE_CHUNK},
        "speedup": speedup,
        "check": check,
    }
    res["targets"] = {
        "speedup_at_least_3x": all(v >= 3.0 for v in speedup.values()),
        "accord_peak_under_1gb": acc["peak_rss_mb"] < 1024,
    }
    print(
        f"\nData: {data['rows']:,} rows, {data['bytes'] / 1e9:.2f} GB; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"runs: accord {args.repeat}, pandas {args.baseline_repeat} per task\n"
    )
    print(markdown(res))
    print(
        "\nCheck: "
        + "; ".join(
            f"{t}: {c['dyad_months']:,} dyad-months, {c['events']:,} events, identical counts, "
            f"max |diff| of means {max(c['max_abs_diff'].values()):.1g}"
            for t, c in check.items()
        )
    )
    report_targets(res, args.output or (None if args.quick else RESULTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
