"""Benchmark: all trade indices for every exporter-importer pair of a BACI-sized file.

Generates a synthetic CEPII BACI release (seeded): one CSV per year with BACI's columns
``t, i, j, k, v, q`` (year, exporter and importer as numeric codes, HS6 product, value in
thousands of US$, quantity) and ``country_codes_V*.csv``, ~10 million rows in all. Then,
for every (year, exporter, importer), computes the exporter's partner share, the trade
intensity, the HHI of the exporter's exports to the importer across products (plain,
WITS- and UNCTAD-normalised), the trade complementarity TC(exporter -> importer) and the
growth over the previous year; and the Finger-Kreinin similarity of every pair of ten
exporters in every importer market. Once with accord (``accord.economy.read_baci`` +
``accord.economy.indices``), once with pandas (``read_csv``, groupby/merge, vectorised).
Checks that the two agree, then reports medians and the peak memory of each side.

    python benchmarks/bench_economy.py                # full run, writes results/bench_economy.json
    python benchmarks/bench_economy.py --quick        # ~300k rows smoke run, no JSON

Each side runs in a fresh subprocess (``--only accord`` / ``--only baseline``) and reports
its timings and its peak resident memory (``ru_maxrss``) as one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import _harness
from _harness import log, peak_rss_mb, report_targets, summary

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bench_economy.json"
VERSION = "V202501"
CLASSIFICATION = "HS17"
SEED = 20201015  # the day of Russia's first 5+1 meeting with Central Asia
#: Exporters whose pairwise export similarity is computed in every importer market.
TEN = ["CHN", "RUS", "USA", "DEU", "JPN", "KOR", "TUR", "IND", "KAZ", "IRN"]
FULL = {"years": (2015, 2019), "countries": 150, "products": 4000, "triples": 3_100_000}
QUICK = {"years": (2018, 2019), "countries": 60, "products": 1000, "triples": 170_000}
TOL = 1e-9


# -- synthetic BACI release --------------------------------------------------------------


def generate(folder: Path, size: dict) -> dict:
    """Write BACI-like yearly CSVs and a country codes file; return what was written.

    CSV rather than parquet because BACI is distributed as CSV and users read those files:
    the benchmark times the reading that users do. Exporters, importers and products have
    log-normal weights; a base set of (exporter, importer, product) flows is drawn once and
    each year keeps ~90 % of it with values drifting, so that year-on-year growth exists.
    """
    import numpy as np
    import polars as pl

    from accord import countries

    rng = np.random.default_rng(SEED)
    table = countries.table().filter(~pl.col("historical") & pl.col("m49").is_not_null())
    focal = table.filter(pl.col("iso3").is_in(TEN + ["KGZ", "TJK", "TKM", "UZB"]))
    rest = table.filter(~pl.col("iso3").is_in(focal["iso3"].implode()))
    pick = rng.choice(rest.height, size["countries"] - focal.height, replace=False)
    ctry = pl.concat([focal, rest[np.sort(pick)]]).sort("m49")
    codes = ctry.select(
        pl.col("m49").alias("country_code"),
        pl.col("name").alias("country_name"),
        pl.col("iso2").alias("country_iso2"),
        pl.col("iso3").alias("country_iso3"),
    )
    codes.write_csv(folder / f"country_codes_{VERSION}.csv")

    n, k = ctry.height, size["products"]
    chapters = rng.integers(1, 98, k)
    products = np.unique(chapters * 10_000 + rng.integers(100, 9_999, k))  # HS6 as BACI writes it
    k = products.size
    w_exp = rng.lognormal(0, 1.6, n)
    w_imp = rng.lognormal(0, 1.2, n)
    w_prod = rng.lognormal(0, 1.1, k)
    m = size["triples"]
    i = rng.choice(n, m, p=w_exp / w_exp.sum())
    j = rng.choice(n, m, p=w_imp / w_imp.sum())
    kk = rng.choice(k, m, p=w_prod / w_prod.sum())
    ids = np.unique(((i * n + j) * k + kk)[i != j])
    i, j, kk = ids // (n * k), (ids // k) % n, ids % k
    base = np.exp(rng.normal(3.0, 2.2, ids.size))  # thousands of US$
    code = ctry["m49"].to_numpy()
    files, rows = [], 0
    for t in range(size["years"][0], size["years"][1] + 1):
        keep = rng.random(ids.size) < 0.9
        drift = np.exp(0.05 * (t - size["years"][0]) + rng.normal(0, 0.35, ids.size))
        v = np.round(base * drift, 3)[keep]
        v = np.maximum(v, 0.001)
        q = np.round(v / rng.lognormal(1.0, 1.0, v.size), 3)
        q_null = rng.random(v.size) < 0.05
        df = pl.DataFrame(
            {
                "t": np.full(v.size, t, dtype=np.int32),
                "i": code[i[keep]],
                "j": code[j[keep]],
                "k": products[kk[keep]],
                "v": v,
                "q": pl.Series(q).set(pl.Series(q_null), None),
            }
        )
        path = folder / f"BACI_{CLASSIFICATION}_Y{t}_{VERSION}.csv"
        df.write_csv(path, float_precision=3, null_value="NA")
        files.append(path.name)
        rows += df.height
    return {
        "files": files,
        "rows": rows,
        "countries": n,
        "products": int(k),
        "years": list(size["years"]),
        "bytes": sum((folder / f).stat().st_size for f in files),
    }


def data_files(folder: Path) -> tuple[list[Path], Path]:
    return sorted(folder.glob("BACI_*.csv")), folder / f"country_codes_{VERSION}.csv"


# -- accord ----------------------------------------------------------------------------


def reader_name() -> str:
    """``read_baci`` when accord has a working one, else the minimal loader below."""
    try:
        from accord.economy.readers_trade import read_baci  # noqa: F401
    except Exception:  # noqa: BLE001 - missing or half-written module
        return "minimal"
    return "read_baci"


def minimal_baci(path: Path, codes: Path):
    """A minimal polars BACI loader (until ``accord.economy.read_baci`` is importable).

    The same conversion as the reader: exporter/importer codes to ISO3 through the codes
    file, ``value_usd = 1000 v``, HS6 codes padded to six digits, one flow per row from the
    exporter's side; then :func:`accord.economy.flows.validate_flows`.
    """
    import polars as pl

    from accord.economy.flows import FLOW_SCHEMA, validate_flows

    c = pl.read_csv(codes).select("country_code", "country_iso3")
    iso = dict(zip(c["country_code"].to_list(), c["country_iso3"].to_list(), strict=True))
    classification = path.name.split("_")[1]
    lf = pl.scan_csv(path, schema_overrides={"k": pl.String}, null_values="NA")
    df = lf.select(
        pl.col("i").replace_strict(iso, return_dtype=pl.String).alias("reporter"),
        pl.col("j").replace_strict(iso, return_dtype=pl.String).alias("partner"),
        pl.col("t").cast(pl.Int16).alias("year"),
        pl.lit("export").alias("flow"),
        (pl.col("v") * 1000.0).alias("value_usd"),
        pl.col("k").str.zfill(6).alias("product"),
        pl.lit(classification).alias("classification"),
        pl.lit(f"CEPII BACI {path.name}").alias("source"),
        pl.lit(False).alias("mirrored"),
    ).collect()
    return validate_flows(df.select(list(FLOW_SCHEMA)), where=path.name)


def accord_read(folder: Path, reader: str):
    import polars as pl

    files, codes = data_files(folder)
    if reader == "read_baci":
        from accord.economy.readers_trade import read_baci

        return read_baci(files, country_codes=codes)  # all years, provenance of each file
    return pl.concat([minimal_baci(f, codes) for f in files])


def accord_compute(flows) -> dict:
    from accord.economy import indices

    out, t = {}, {}
    s = time.perf_counter()
    tot = indices.totals(flows)
    t["totals"] = time.perf_counter() - s
    steps = {
        "shares": lambda: indices.shares(tot),
        "intensity": lambda: indices.intensity(tot),
        "growth": lambda: indices.growth(tot),
        "hhi": lambda: indices.hhi(flows, over="product", normalized=["wits", "unctad"]),
        "complementarity": lambda: indices.complementarity(flows),
        "similarity": lambda: indices.export_similarity(flows, a=TEN),
    }
    for name, fn in steps.items():
        s = time.perf_counter()
        out[name] = fn()
        t[name] = time.perf_counter() - s
    return out | {"_times": t}


def accord_dump(res: dict, folder: Path) -> None:
    import polars as pl

    keys = ["exporter", "importer", "year"]
    ren = {"reporter": "exporter", "partner": "importer"}
    pair = (
        res["shares"]
        .rename(ren)
        .select(*keys, "share")
        .join(res["intensity"].select(*keys, "intensity"), on=keys, how="full", coalesce=True)
        .join(
            res["growth"].rename(ren | {"t1": "year"}).select(*keys, "growth"),
            on=keys,
            how="full",
            coalesce=True,
        )
    )
    pair.with_columns(pl.col("year").cast(pl.Int64)).write_parquet(folder / "pairs.parquet")
    res["hhi"].rename(ren).select(
        *keys, "hhi", "hhi_wits", "hhi_unctad", pl.col("n_products").alias("n")
    ).with_columns(pl.col("year").cast(pl.Int64)).write_parquet(folder / "hhi.parquet")
    res["complementarity"].select(*keys, "tc").with_columns(
        pl.col("year").cast(pl.Int64)
    ).write_parquet(folder / "tc.parquet")
    res["similarity"].select(
        "iso3_a", "iso3_b", pl.col("market").alias("importer"), "year", "fk"
    ).with_columns(pl.col("year").cast(pl.Int64)).write_parquet(folder / "fk.parquet")


# -- pandas baseline -------------------------------------------------------------------


def baseline_read(folder: Path):
    import pandas as pd

    files, codes = data_files(folder)
    dtype = {"t": "int16", "i": "int32", "j": "int32", "k": "int32", "v": "float64", "q": "float64"}
    df = pd.concat([pd.read_csv(f, dtype=dtype) for f in files], ignore_index=True)
    iso = pd.read_csv(codes).set_index("country_code")["country_iso3"]
    return df, iso


def _tc_dense(x, m):
    """100 (1 - sum_k |m_jk - x_ik| / 2) for every exporter row i and importer row j."""
    import numpy as np

    out = np.empty((x.shape[0], m.shape[0]))
    for r in range(x.shape[0]):
        out[r] = 100.0 * (1.0 - np.abs(m - x[r]).sum(axis=1) / 2.0)
    return out


def baseline_compute(df, iso, ten_codes) -> dict:
    """What an analyst writes in pandas: groupby/transform/merge on integer codes."""
    import numpy as np
    import pandas as pd

    t = {}
    s = time.perf_counter()
    df = df[["t", "i", "j", "k", "v"]].assign(v=df["v"] * 1000.0)
    pair = df.groupby(["t", "i", "j"], sort=False, as_index=False)["v"].sum()
    xi = pair.groupby(["t", "i"])["v"].transform("sum")
    xwj = pair.groupby(["t", "j"])["v"].transform("sum")
    xw = pair.groupby("t")["v"].transform("sum")
    pair["share"] = pair["v"] / xi
    pair["intensity"] = pair["share"] / (xwj / xw)
    prev = pair[["t", "i", "j", "v"]].rename(columns={"v": "v0"})
    prev["t"] = prev["t"] + 1
    pair = pair.merge(prev, on=["t", "i", "j"], how="left")
    pair["growth"] = np.where(pair["v0"] > 0, pair["v"] / pair["v0"] - 1.0, np.nan)
    t["pairs"] = time.perf_counter() - s

    s = time.perf_counter()
    g = (
        df.assign(v2=df["v"] ** 2, pos=df["v"] > 0)
        .groupby(["t", "i", "j"], sort=False, as_index=False)
        .agg(s2=("v2", "sum"), s=("v", "sum"), n=("pos", "sum"))
    )
    g["hhi"] = g["s2"] / g["s"] ** 2
    n = g["n"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g["hhi_wits"] = np.where(n > 1, (g["hhi"] - 1 / n) / (1 - 1 / n), np.nan)
        r = np.sqrt(1 / n)
        g["hhi_unctad"] = np.where(n > 1, (np.sqrt(g["hhi"]) - r) / (1 - r), np.nan)
    t["hhi"] = time.perf_counter() - s

    s = time.perf_counter()
    x = df.groupby(["t", "i", "k"], sort=False)["v"].sum()
    x = x / x.groupby(level=[0, 1]).transform("sum")
    m = df.groupby(["t", "j", "k"], sort=False)["v"].sum()
    m = m / m.groupby(level=[0, 1]).transform("sum")
    frames = []
    for year in sorted(df["t"].unique()):
        xw_ = x.xs(year, level=0).unstack(fill_value=0.0)
        mw_ = m.xs(year, level=0).unstack(fill_value=0.0)
        cols = xw_.columns.union(mw_.columns)
        xw_ = xw_.reindex(columns=cols, fill_value=0.0)
        mw_ = mw_.reindex(columns=cols, fill_value=0.0)
        tc = _tc_dense(xw_.to_numpy(), mw_.to_numpy())
        f = pd.DataFrame(tc, index=xw_.index, columns=mw_.index).stack().rename("tc").reset_index()
        f.columns = ["i", "j", "tc"]
        f["t"] = year
        frames.append(f[f["i"] != f["j"]])
    tcs = pd.concat(frames, ignore_index=True)
    t["complementarity"] = time.perf_counter() - s

    s = time.perf_counter()
    sub = df[df["i"].isin(ten_codes) & (df["v"] > 0)]
    sub = sub.assign(s=sub["v"] / sub.groupby(["t", "i", "j"])["v"].transform("sum"))
    mm = sub[["t", "i", "j", "k", "s"]].merge(
        sub[["t", "i", "j", "k", "s"]], on=["t", "j", "k"], suffixes=("_a", "_b")
    )
    mm = mm[mm["i_a"] < mm["i_b"]]
    mm["mn"] = np.minimum(mm["s_a"].to_numpy(), mm["s_b"].to_numpy())
    fk = mm.groupby(["t", "i_a", "i_b", "j"], as_index=False)["mn"].sum()
    who = sub[["t", "i", "j"]].drop_duplicates()
    both = who.merge(who, on=["t", "j"], suffixes=("_a", "_b"))
    both = both[both["i_a"] < both["i_b"]]
    fk = both.merge(fk, on=["t", "i_a", "i_b", "j"], how="left").fillna({"mn": 0.0})
    t["similarity"] = time.perf_counter() - s

    s = time.perf_counter()
    name = iso.to_dict()
    out = {
        "pairs": pair.assign(exporter=pair["i"].map(name), importer=pair["j"].map(name)),
        "hhi": g.assign(exporter=g["i"].map(name), importer=g["j"].map(name)),
        "tc": tcs.assign(exporter=tcs["i"].map(name), importer=tcs["j"].map(name)),
        "fk": fk.assign(
            iso3_a=fk["i_a"].map(name), iso3_b=fk["i_b"].map(name), importer=fk["j"].map(name)
        ),
    }
    t["iso3"] = time.perf_counter() - s
    return out | {"_times": t}


def baseline_dump(res: dict, folder: Path) -> None:
    keys = ["exporter", "importer", "year"]
    p = res["pairs"].rename(columns={"t": "year"})
    p[[*keys, "share", "intensity", "growth"]].to_parquet(folder / "pairs.parquet", index=False)
    h = res["hhi"].rename(columns={"t": "year"})
    h[[*keys, "hhi", "hhi_wits", "hhi_unctad", "n"]].to_parquet(folder / "hhi.parquet", index=False)
    c = res["tc"].rename(columns={"t": "year"})
    c[[*keys, "tc"]].to_parquet(folder / "tc.parquet", index=False)
    f = res["fk"].rename(columns={"t": "year", "mn": "fk"})
    # baseline orders pairs by numeric code; accord by ISO3: put both as iso3_a < iso3_b
    swap = f["iso3_a"] > f["iso3_b"]
    f.loc[swap, ["iso3_a", "iso3_b"]] = f.loc[swap, ["iso3_b", "iso3_a"]].to_numpy()
    f[["iso3_a", "iso3_b", "importer", "year", "fk"]].to_parquet(folder / "fk.parquet", index=False)


# -- one side in its own process -------------------------------------------------------


def run_side(side: str, repeat: int, data: Path, dump: Path | None) -> dict:
    out: dict = {"side": side}
    if side == "accord":
        out["reader"] = reader = reader_name()
        log(f"  accord reads with {reader}")
    reads, computes, totals, parts = [], [], [], []
    for r in range(repeat):
        s = time.perf_counter()
        if side == "accord":
            flows = accord_read(data, reader)
            out["rows"] = flows.height
        else:
            df, iso = baseline_read(data)
            ten = [int(c) for c, v in iso.items() if v in TEN]
            out["rows"] = len(df)
        reads.append(time.perf_counter() - s)
        s = time.perf_counter()
        res = accord_compute(flows) if side == "accord" else baseline_compute(df, iso, ten)
        computes.append(time.perf_counter() - s)
        totals.append(reads[-1] + computes[-1])
        parts.append(res["_times"])
        log(f"  {side} run {r + 1}/{repeat}: read {reads[-1]:.2f} s, compute {computes[-1]:.2f} s")
        if r < repeat - 1:
            del res
    out["read"] = summary(reads)
    out["compute"] = summary(computes)
    out |= summary(totals)
    out["parts_median_s"] = {k: statistics.median(p[k] for p in parts) for k in parts[0]}
    out["peak_rss_mb"] = peak_rss_mb()
    if dump is not None:
        (accord_dump if side == "accord" else baseline_dump)(res, dump)
    return out


def spawn(side: str, repeat: int, data: Path, dump: Path) -> dict:
    args = ["--repeat", str(repeat), "--data", str(data), "--dump", str(dump)]
    log(f"{side}: {repeat} run(s) in a subprocess")
    # A fresh accord cache: the first run hashes the files for provenance, as a new user's
    # would; later runs find the checksums remembered (as when a user reads them again).
    env = os.environ | {"ACCORD_CACHE": str(dump / "cache")}
    return _harness.side(__file__, side, args, env=env)


# -- comparison and report -------------------------------------------------------------


def compare(a_dir: Path, b_dir: Path) -> dict:
    import numpy as np
    import polars as pl

    spec = {
        "pairs": (["exporter", "importer", "year"], ["share", "intensity", "growth"]),
        "hhi": (["exporter", "importer", "year"], ["hhi", "hhi_wits", "hhi_unctad", "n"]),
        "tc": (["exporter", "importer", "year"], ["tc"]),
        "fk": (["iso3_a", "iso3_b", "importer", "year"], ["fk"]),
    }
    res: dict = {}
    problems = []
    for name, (keys, cols) in spec.items():
        a = pl.read_parquet(a_dir / f"{name}.parquet").with_columns(pl.col("year").cast(pl.Int64))
        b = pl.read_parquet(b_dir / f"{name}.parquet").with_columns(pl.col("year").cast(pl.Int64))
        j = a.join(b, on=keys, how="full", coalesce=True, suffix="_b")
        only_a = j.filter(pl.col(f"{cols[0]}_b").is_null() & pl.col(cols[0]).is_not_null()).height
        only_b = j.filter(pl.col(cols[0]).is_null() & pl.col(f"{cols[0]}_b").is_not_null()).height
        res[name] = {"rows_accord": a.height, "rows_baseline": b.height}
        if a.height != b.height or j.height != a.height:
            problems.append(
                f"{name}: accord has {a.height:,} rows, baseline {b.height:,}; "
                f"{j.height - b.height:,} keys only in accord, "
                f"{j.height - a.height:,} only in baseline"
            )
        for c in cols:
            x = j[c].cast(pl.Float64).fill_null(np.nan).to_numpy()
            y = j[f"{c}_b"].cast(pl.Float64).fill_null(np.nan).to_numpy()
            nan_x, nan_y = np.isnan(x), np.isnan(y)
            ok = ~nan_x & ~nan_y
            diff = float(np.abs(x[ok] - y[ok]).max()) if ok.any() else 0.0
            scale = float(np.abs(y[ok]).max()) if ok.any() else 1.0
            mism = int((nan_x != nan_y).sum())
            res[name][c] = {
                "max_abs_diff": diff,
                "null_mismatches": mism,
                "nulls": int(nan_x.sum()),
            }
            tol = TOL * max(1.0, scale)
            if mism and not (only_a or only_b):
                problems.append(f"{name}.{c} is null on one side only on {mism:,} rows")
            if diff > tol:
                problems.append(f"{name}.{c} differs by up to {diff:.3g} (tolerance {tol:.3g})")
            log(f"check: {name}.{c}: max |accord - baseline| = {diff:.3g}")
    if problems:
        raise SystemExit("MISMATCH: " + "; ".join(problems))
    return res


def machine() -> dict:
    return _harness.machine("numpy", "polars", "pandas", "pyarrow")


def markdown(res: dict) -> str:
    a, b = res["accord"], res["baseline"]
    lines = [
        "| | read (s) | compute (s) | total, median (s) | total, min (s) | baseline / accord "
        "| peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in (("accord (`read_baci` + `indices`)", a), ("pandas baseline", b)):
        lines.append(
            f"| {name} | {r['read']['median_s']:.2f} | {r['compute']['median_s']:.2f} | "
            f"{r['median_s']:.2f} | {r['min_s']:.2f} | {b['median_s'] / r['median_s']:.1f}× | "
            f"{r['peak_rss_mb']:,.0f} |"
        )
    parts = sorted(set(a["parts_median_s"]) | set(b["parts_median_s"]))
    lines += ["", "| step (median s) | accord | pandas |", "|---|---:|---:|"]
    for p in parts:
        x, y = a["parts_median_s"].get(p), b["parts_median_s"].get(p)
        lines.append(
            f"| {p} | {'' if x is None else f'{x:.2f}'} | {'' if y is None else f'{y:.2f}'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = _harness.arguments(
        __doc__,
        repeat=5,
        baseline_repeat=5,
        baseline="pandas baseline runs",
        quick="a ~300k-row file instead of ~10M",
        sides=("accord", "baseline"),
        output="JSON results (default results/bench_economy.json; with --quick only if given)",
        data=True,
    )
    args = p.parse_args(argv)

    if args.only:
        print(json.dumps(run_side(args.only, args.repeat, args.data, args.dump)))
        return 0

    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = args.keep_data or tmp / "baci"
        data.mkdir(parents=True, exist_ok=True)
        meta_path = data / "bench_meta.json"
        if meta_path.exists() and json.loads(meta_path.read_text()).get("size") == size:
            meta = json.loads(meta_path.read_text())["data"]
            log(f"reusing the synthetic BACI files in {data}")
        else:
            s = time.perf_counter()
            meta = generate(data, size)
            log(f"generated {meta['rows']:,} rows in {time.perf_counter() - s:.1f} s")
            meta_path.write_text(json.dumps({"size": size, "data": meta}))
        load_before = os.getloadavg()
        (tmp / "a").mkdir()
        (tmp / "b").mkdir()
        acc = spawn("accord", args.repeat, data, tmp / "a")
        base = spawn("baseline", args.baseline_repeat, data, tmp / "b")
        check = compare(tmp / "a", tmp / "b")
        load_after = os.getloadavg()

    res = {
        "benchmark": "all trade indices for every (year, exporter, importer), synthetic BACI",
        "quick": args.quick,
        "machine": machine()
        | {"loadavg_1m_before": load_before[0], "loadavg_1m_after": load_after[0]},
        "data": meta | {"format": "CSV (BACI layout t,i,j,k,v,q), one file per year", "seed": SEED},
        "accord": acc,
        "baseline": base,
        "speedup": base["median_s"] / acc["median_s"],
        "speedup_compute": base["compute"]["median_s"] / acc["compute"]["median_s"],
        "check": check,
    }
    res["targets"] = {
        "speedup_at_least_3x": res["speedup"] >= 3.0,
        "accord_peak_under_3gb": acc["peak_rss_mb"] < 3072,
    }
    d = res["data"]
    print(
        f"\nData: {d['rows']:,} rows ({d['bytes'] / 1e6:,.0f} MB of CSV), "
        f"{d['countries']} countries, {d['products']:,} products, "
        f"years {d['years'][0]}–{d['years'][1]}; accord reader: {acc['reader']}"
    )
    rows = {k: v["rows_accord"] for k, v in check.items()}
    print(
        "Check: same keys on both sides; rows "
        + ", ".join(f"{k} {v:,}" for k, v in rows.items())
        + "; max |diff| "
        + ", ".join(
            f"{k}.{c} {v[c]['max_abs_diff']:.2g}"
            for k, v in check.items()
            for c in v
            if isinstance(v[c], dict)
        )
    )
    print(f"Runs: accord {args.repeat}, baseline {args.baseline_repeat}\n")
    print(markdown(res))
    print(
        f"\nSpeed-up: {res['speedup']:.1f}× in all (read + compute), "
        f"{res['speedup_compute']:.1f}× on the computation alone"
    )
    report_targets(res, args.output or (None if args.quick else RESULTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
