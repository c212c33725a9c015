"""Benchmark: every dyad x every session of UN votes, accord against a pandas self-join.

Computes Voeten's agreement and Cohen's kappa for all dyads (iso3_a < iso3_b) in every
session, once with ``accord.votes.agreement`` and once the way an analyst does it in
pandas today (a self-join of the votes on the roll call, session by session, then a
groupby over dyads). Checks the two tables agree, times both and measures the peak
memory of each in its own subprocess.

    python benchmarks/bench_votes.py                 # full run, writes results/bench_votes.json
    python benchmarks/bench_votes.py --quick         # smoke run on sessions 60-74, no JSON

Each side runs in a fresh subprocess (``--only accord`` / ``--only baseline``), which
reports its timings and its peak resident memory (``ru_maxrss``) as one JSON line.
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
RESULTS = HERE / "results" / "bench_votes.json"
QUICK_SESSIONS = (60, 74)
MEASURES = ["voeten", "kappa"]
TOL = 1e-9


def load_rollcalls(quick: bool):
    import accord.votes as v

    rc = v.load()
    if quick:
        rc = rc.filter(sessions=QUICK_SESSIONS)
    return rc


# -- pandas baseline -------------------------------------------------------------------


def to_pandas(rc):
    """Votes (rcid, iso3 as a sorted categorical, vote int8) and roll calls (rcid, session)."""
    votes = rc.votes.to_pandas()
    votes["iso3"] = votes["iso3"].astype(
        "category"
    )  # categories are sorted: code order = iso3 order
    rollcalls = rc.rollcalls.select("rcid", "session").to_pandas()
    return votes, rollcalls


def baseline(votes, rollcalls):
    """All dyads x all sessions with pandas: per session, self-join on rcid, groupby dyad.

    A single self-join of all 870k votes would have ~120M rows, so the join is done
    session by session (the realistic way), with integer country codes.
    """
    import numpy as np
    import pandas as pd

    x = votes.merge(rollcalls, on="rcid")
    x["code"] = x["iso3"].cat.codes
    x = x[["session", "rcid", "code", "vote"]]
    frames = []
    for session, s in x.groupby("session", sort=True):
        s = s[["rcid", "code", "vote"]]
        m = s.merge(s, on="rcid", suffixes=("_a", "_b"))
        m = m[m["code_a"] < m["code_b"]]
        va = m["vote_a"].to_numpy()
        vb = m["vote_b"].to_numpy()
        rows = pd.DataFrame(
            {
                "iso3_a": m["code_a"].to_numpy(),
                "iso3_b": m["code_b"].to_numpy(),
                "dist": np.abs(va - vb).astype(np.int64),
                "same": va == vb,
                "yes_a": va == 1,
                "abstain_a": va == 2,
                "no_a": va == 3,
                "yes_b": vb == 1,
                "abstain_b": vb == 2,
                "no_b": vb == 3,
            }
        )
        g = rows.groupby(["iso3_a", "iso3_b"], sort=True)
        agg = g.sum()
        agg["n"] = g.size()
        agg = agg.reset_index()
        agg["session"] = session
        frames.append(agg)
    d = pd.concat(frames, ignore_index=True)
    n = d["n"].to_numpy(dtype=np.int64)
    pe_num = (
        d["yes_a"].to_numpy(dtype=np.int64) * d["yes_b"].to_numpy(dtype=np.int64)
        + d["abstain_a"].to_numpy(dtype=np.int64) * d["abstain_b"].to_numpy(dtype=np.int64)
        + d["no_a"].to_numpy(dtype=np.int64) * d["no_b"].to_numpy(dtype=np.int64)
    )
    po = d["same"].to_numpy(dtype=np.int64) / n
    pe = pe_num / n.astype(np.float64) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(pe_num == n * n, np.nan, (po - pe) / (1.0 - pe))
    cats = votes["iso3"].cat.categories
    return pd.DataFrame(
        {
            "iso3_a": np.asarray(cats.take(d["iso3_a"].to_numpy())),
            "iso3_b": np.asarray(cats.take(d["iso3_b"].to_numpy())),
            "session": d["session"].to_numpy(dtype=np.int16),
            "year": (d["session"].to_numpy() + 1945).astype(np.int16),
            "voeten": 1.0 - d["dist"].to_numpy() / (2.0 * n),
            "kappa": kappa,
            "n_votes": n.astype(np.int32),
        }
    )


# -- one side in its own process -------------------------------------------------------


def run_side(side: str, repeat: int, quick: bool, dump: str | None) -> dict:
    t0 = time.perf_counter()
    rc = load_rollcalls(quick)
    out: dict = {"side": side, "load_s": time.perf_counter() - t0}
    if side == "accord":
        import accord.votes as v
        from accord.votes.rollcalls import RollCalls

        def fresh():  # a new RollCalls on the loaded frames: the vote matrix is rebuilt
            return RollCalls(votes=rc.votes, rollcalls=rc.rollcalls, sources=rc.sources)

        out["rss_after_load_mb"] = peak_rss_mb()
        t = time.perf_counter()
        table = v.agreement(fresh(), measure=MEASURES, min_votes=1)
        out["first_call_s"] = time.perf_counter() - t
        times = []
        for i in range(repeat):
            r = fresh()
            t = time.perf_counter()
            table = v.agreement(r, measure=MEASURES, min_votes=1)
            times.append(time.perf_counter() - t)
            log(f"  accord run {i + 1}/{repeat}: {times[-1]:.3f} s")
        out |= summary(times)
        warm = []
        for _ in range(repeat):  # same RollCalls: vote matrix cached
            t = time.perf_counter()
            table = v.agreement(rc, measure=MEASURES, min_votes=1)
            warm.append(time.perf_counter() - t)
        out["warm"] = summary(warm)
        out["rows"] = table.height
        out["peak_rss_mb"] = peak_rss_mb()
        if dump:
            table.select("iso3_a", "iso3_b", "session", "year", *MEASURES, "n_votes").write_parquet(
                dump
            )
    else:
        t = time.perf_counter()
        votes, rollcalls = to_pandas(rc)
        out["to_pandas_s"] = time.perf_counter() - t
        out["rss_after_load_mb"] = peak_rss_mb()
        times = []
        for i in range(repeat):
            t = time.perf_counter()
            table = baseline(votes, rollcalls)
            times.append(time.perf_counter() - t)
            log(f"  baseline run {i + 1}/{repeat}: {times[-1]:.3f} s")
            if i < repeat - 1:
                del table
        out |= summary(times)
        out["rows"] = len(table)
        out["peak_rss_mb"] = peak_rss_mb()
        if dump:
            table.to_parquet(dump, index=False)
    return out


def spawn(side: str, repeat: int, quick: bool, dump: str) -> dict:
    args = ["--repeat", str(repeat), "--dump", dump] + (["--quick"] if quick else [])
    log(f"{side}: {repeat} run(s) in a subprocess")
    return _harness.side(__file__, side, args)


# -- comparison and report -------------------------------------------------------------


def compare(accord_path: str, baseline_path: str) -> dict:
    import numpy as np
    import pandas as pd

    keys = ["session", "iso3_a", "iso3_b"]
    a = pd.read_parquet(accord_path).sort_values(keys, ignore_index=True)
    b = pd.read_parquet(baseline_path).sort_values(keys, ignore_index=True)
    same_keys = len(a) == len(b) and all(
        np.array_equal(a[k].to_numpy(), b[k].to_numpy()) for k in [*keys, "year"]
    )
    if not same_keys:
        both = a[keys].merge(b[keys], on=keys, how="outer", indicator=True)
        counts = both["_merge"].value_counts().to_dict()
        raise SystemExit(
            f"MISMATCH: the tables have different (iso3_a, iso3_b, session) rows: accord "
            f"{len(a):,}, baseline {len(b):,}; only in accord {counts.get('left_only', 0):,}, "
            f"only in baseline {counts.get('right_only', 0):,}."
        )
    res: dict = {"rows": len(a)}
    n_diff = int((a["n_votes"].to_numpy() != b["n_votes"].to_numpy()).sum())
    res["n_votes_mismatches"] = n_diff
    problems = [f"n_votes differs on {n_diff:,} rows"] if n_diff else []
    for m in MEASURES:
        x, y = a[m].to_numpy(), b[m].to_numpy()
        nan_x, nan_y = np.isnan(x), np.isnan(y)
        res[f"{m}_nan"] = int(nan_x.sum())
        res[f"{m}_nan_mismatches"] = int((nan_x != nan_y).sum())
        ok = ~nan_x & ~nan_y
        diff = float(np.abs(x[ok] - y[ok]).max()) if ok.any() else 0.0
        res[f"{m}_max_abs_diff"] = diff
        if res[f"{m}_nan_mismatches"]:
            problems.append(f"{m} is NaN on one side only on {res[f'{m}_nan_mismatches']:,} rows")
        if diff > TOL:
            problems.append(f"{m} differs by up to {diff:.3g} (tolerance {TOL:g})")
    for m in MEASURES:
        log(f"check: max |accord - baseline| {m} = {res[f'{m}_max_abs_diff']:.3g}")
    if problems:
        raise SystemExit("MISMATCH: " + "; ".join(problems))
    return res


def machine() -> dict:
    return _harness.machine("numpy", "polars", "pandas", "pyarrow")


def markdown(res: dict) -> str:
    a, b = res["accord"], res["baseline"]
    rows = [
        ("accord `agreement` (fresh `RollCalls`)", a, a["peak_rss_mb"]),
        ("accord `agreement` (vote matrix cached)", a["warm"] | {"rows": a["rows"]}, None),
        ("pandas self-join baseline", b, b["peak_rss_mb"]),
    ]
    lines = [
        "| | rows | median (s) | min (s) | baseline / accord | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r, rss in rows:
        n, med, mn = r["rows"], r["median_s"], r["min_s"]
        ratio = b["median_s"] / med
        rss_s = f"{rss:,.0f}" if rss is not None else "(same process)"
        lines.append(f"| {name} | {n:,} | {med:.3f} | {mn:.3f} | {ratio:.1f}× | {rss_s} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = _harness.arguments(
        __doc__,
        repeat=7,
        baseline_repeat=3,
        baseline="pandas baseline runs",
        quick=f"sessions {QUICK_SESSIONS} only",
        sides=("accord", "baseline"),
        output="JSON results (default results/bench_votes.json; with --quick only if given)",
    )
    args = p.parse_args(argv)

    if args.only:
        print(json.dumps(run_side(args.only, args.repeat, args.quick, args.dump)))
        return 0

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        acc = spawn("accord", args.repeat, args.quick, os.path.join(tmp, "accord.parquet"))
        base = spawn(
            "baseline", args.baseline_repeat, args.quick, os.path.join(tmp, "base.parquet")
        )
        check = compare(os.path.join(tmp, "accord.parquet"), os.path.join(tmp, "base.parquet"))

    rc = load_rollcalls(args.quick)
    sessions = rc.rollcalls["session"]
    res = {
        "benchmark": "all dyads x all sessions, voeten + kappa, min_votes=1",
        "quick": args.quick,
        "machine": machine()
        | {"loadavg_1m_before": load_before[0], "loadavg_1m_after": os.getloadavg()[0]},
        "data": {
            "votes": rc.votes.height,
            "rollcalls": rc.rollcalls.height,
            "states": rc.votes["iso3"].n_unique(),
            "sessions": [int(sessions.min()), int(sessions.max())],
        },
        "accord": acc,
        "baseline": base,
        "speedup": base["median_s"] / acc["median_s"],
        "check": check,
    }
    res["targets"] = {
        "accord_under_2s": acc["median_s"] < 2.0,
        "speedup_at_least_30x": res["speedup"] >= 30.0,
        "accord_peak_under_2gb": acc["peak_rss_mb"] < 2048,
    }

    d = res["data"]
    first, last = d["sessions"]
    print(f"\nData: {d['votes']:,} votes, {d['rollcalls']:,} roll calls, ", end="")
    print(f"{d['states']} states, sessions {first}–{last}")
    print(
        f"Load (accord.votes.load): {acc['load_s']:.3f} s; to pandas: {base['to_pandas_s']:.3f} s; "
        f"accord first call: {acc['first_call_s']:.3f} s"
    )
    print(
        f"Check: {check['rows']:,} rows, same keys and n_votes; max |diff| voeten "
        f"{check['voeten_max_abs_diff']:.2g}, kappa {check['kappa_max_abs_diff']:.2g}; "
        f"kappa NaN on {check['kappa_nan']:,} rows on both sides"
    )
    print(f"Runs: accord {args.repeat}, baseline {args.baseline_repeat}\n")
    print(markdown(res))
    report_targets(res, args.output or (None if args.quick else RESULTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
