"""Benchmark: tokens -> TF-IDF -> all within-year cosine similarities of UN General Debate speeches.

accord (``accord.texts.similarity`` on the corpus: tokenize, count, TF-IDF with
scikit-learn's smooth idf and L2 norm, every pair of countries within each year, with
percentiles) against scikit-learn doing the same the usual way (``TfidfVectorizer`` with
accord's token pattern and stopword list, then ``cosine_similarity`` per year). Checks that
the two give the same similarity for every pair, times both and measures the peak memory
of each in its own subprocess.

    python benchmarks/bench_texts.py          # 10,952 speeches; writes results/bench_texts.json
    python benchmarks/bench_texts.py --quick  # 2010-2019 only, no JSON

The corpus is pulled into a temporary cache from ACCORD_MIRROR (default ../shared/data).
Each side runs in a fresh subprocess (``--only accord`` / ``--only sklearn``) and reports its
timings and peak resident memory (``ru_maxrss``) as one JSON line. Expect 1.5-3 minutes
for the full run with the default repeats on a 2-core machine (most of it scikit-learn's
three runs; ~20 s for --quick).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import _harness
from _harness import log, peak_rss_mb, report_targets, summary

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bench_texts.json"
QUICK_YEARS = (2010, 2019)
TOL = 1e-9


def load(quick: bool):
    from accord.texts import load_ungdc

    return load_ungdc(years=QUICK_YEARS if quick else None)


# -- scikit-learn baseline ---------------------------------------------------------------


def baseline(texts: list[str], iso: list[str], years: list[int]):
    """TfidfVectorizer on all speeches, then cosine_similarity within each year."""
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from accord.texts.tokens import stopwords, token_pattern

    vec = TfidfVectorizer(
        token_pattern=token_pattern(),
        preprocessor=lambda s: s.lower().replace("\u2019", "'").replace("\u2010", "-"),
        stop_words=sorted(stopwords()),
        dtype=np.float64,
    )
    x = vec.fit_transform(texts)
    years_a = np.asarray(years)
    iso_a = np.asarray(iso)
    frames = []
    for year in np.unique(years_a):
        rows = np.flatnonzero(years_a == year)
        order = rows[np.argsort(iso_a[rows], kind="stable")]
        sim = cosine_similarity(x[order])
        i, j = np.triu_indices(len(order), k=1)
        frames.append(
            pd.DataFrame(
                {
                    "iso3_a": iso_a[order][i],
                    "iso3_b": iso_a[order][j],
                    "year": year,
                    "value": sim[i, j],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# -- one side in its own process -------------------------------------------------------


def run_side(side: str, repeat: int, quick: bool, dump: str | None) -> dict:
    t0 = time.perf_counter()
    corpus = load(quick)
    out: dict = {"side": side, "load_s": time.perf_counter() - t0}
    out["rss_after_load_mb"] = peak_rss_mb()
    times = []
    if side == "accord":
        from accord.texts import similarity

        for i in range(repeat):
            t = time.perf_counter()
            table = similarity(corpus)
            times.append(time.perf_counter() - t)
            log(f"  accord run {i + 1}/{repeat}: {times[-1]:.2f} s")
        out["rows"] = table.height
        if dump:
            table.select("iso3_a", "iso3_b", "year", "value").write_parquet(dump)
    else:
        texts = list(corpus.texts)
        iso = corpus.actors.to_list()
        years = corpus.meta["year"].to_list()
        for i in range(repeat):
            t = time.perf_counter()
            table = baseline(texts, iso, years)
            times.append(time.perf_counter() - t)
            log(f"  sklearn run {i + 1}/{repeat}: {times[-1]:.2f} s")
        out["rows"] = len(table)
        if dump:
            table.to_parquet(dump, index=False)
    out |= summary(times)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def spawn(side: str, repeat: int, quick: bool, dump: str, env: dict) -> dict:
    args = ["--repeat", str(repeat), "--dump", dump] + (["--quick"] if quick else [])
    log(f"{side}: {repeat} run(s) in a subprocess")
    return _harness.side(__file__, side, args, env)


def compare(a_path: str, b_path: str) -> dict:
    import numpy as np
    import pandas as pd

    keys = ["year", "iso3_a", "iso3_b"]
    a = pd.read_parquet(a_path).sort_values(keys, ignore_index=True)
    b = pd.read_parquet(b_path).sort_values(keys, ignore_index=True)
    if len(a) != len(b) or not all((a[k].to_numpy() == b[k].to_numpy()).all() for k in keys):
        raise SystemExit(f"MISMATCH: different pairs: accord {len(a):,}, sklearn {len(b):,}")
    diff = float(np.nanmax(np.abs(a["value"].to_numpy() - b["value"].to_numpy())))
    nan_mis = int((np.isnan(a["value"].to_numpy()) != np.isnan(b["value"].to_numpy())).sum())
    log(f"check: {len(a):,} pairs, max |accord - sklearn| = {diff:.3g}, NaN mismatches {nan_mis}")
    if diff > TOL or nan_mis:
        raise SystemExit(f"MISMATCH: cosine differs by up to {diff:.3g}; NaN mismatches {nan_mis}")
    return {"pairs": len(a), "max_abs_diff": diff, "nan_mismatches": nan_mis}


def machine() -> dict:
    return _harness.machine("numpy", "scipy", "polars", "sklearn")


def main(argv: list[str] | None = None) -> int:
    p = _harness.arguments(
        __doc__,
        repeat=3,
        baseline_repeat=3,
        baseline="scikit-learn runs",
        quick=f"years {QUICK_YEARS} only",
        sides=("accord", "sklearn"),
    )
    args = p.parse_args(argv)

    if args.only:
        print(json.dumps(run_side(args.only, args.repeat, args.quick, args.dump)))
        return 0

    repo = HERE.parent
    env = dict(os.environ)
    env.setdefault("ACCORD_MIRROR", str(repo.parent / "shared" / "data"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        env["ACCORD_CACHE"] = os.path.join(tmp, "cache")
        os.environ.update({k: env[k] for k in ("ACCORD_MIRROR", "ACCORD_CACHE")})
        from accord import data

        data.pull("ungdc", progress=False)
        corpus = load(args.quick)
        info = {
            "speeches": len(corpus),
            "characters": sum(map(len, corpus.texts)),
            "years": [int(corpus.meta["year"].min()), int(corpus.meta["year"].max())],
        }
        del corpus
        acc = spawn("accord", args.repeat, args.quick, os.path.join(tmp, "a.parquet"), env)
        base = spawn(
            "sklearn", args.baseline_repeat, args.quick, os.path.join(tmp, "b.parquet"), env
        )
        check = compare(os.path.join(tmp, "a.parquet"), os.path.join(tmp, "b.parquet"))

    res = {
        "benchmark": "tokens + TF-IDF (smooth idf, L2) + all within-year cosine similarities",
        "quick": args.quick,
        "machine": machine()
        | {"loadavg_1m_before": load_before[0], "loadavg_1m_after": os.getloadavg()[0]},
        "data": info,
        "accord": acc,
        "sklearn": base,
        "speedup": base["median_s"] / acc["median_s"],
        "check": check,
    }
    res["targets"] = {
        "speedup_at_least_2x": res["speedup"] >= 2.0,
        "accord_peak_under_3gb": acc["peak_rss_mb"] < 3072,
    }
    d = res["data"]
    print(f"\nData: {d['speeches']:,} speeches, {d['characters']:,} characters, years {d['years']}")
    print(f"Check: {check['pairs']:,} pairs, max |diff| {check['max_abs_diff']:.2g}\n")
    print("| | pairs | median (s) | min (s) | sklearn / accord | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in (("accord `texts.similarity`", acc), ("scikit-learn", base)):
        print(
            f"| {name} | {r['rows']:,} | {r['median_s']:.2f} | {r['min_s']:.2f} | "
            f"{base['median_s'] / r['median_s']:.1f}× | {r['peak_rss_mb']:,.0f} |"
        )
    report_targets(res, args.output or (None if args.quick else RESULTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
