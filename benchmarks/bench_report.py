"""Benchmark: `accord assess RUS CHN --region central-asia --html report.html`, cold.

Each run is a fresh process (``python -m accord.cli.main`` as the ``accord`` command runs
it): interpreter start, imports, loading the embedded data, every section of the
scorecard, the synthesis, rendering the HTML and writing it. Before each run the script
asks the kernel to drop its page cache (``/proc/sys/vm/drop_caches``, when allowed: root on
Linux), so the data files are read from disk, not memory; the JSON records whether it
could. A second set of runs keeps the page cache (a user's second report). Also timed in
one process, for the breakdown: ``assess()``, ``render_html()``, ``render_markdown()``.

    python benchmarks/bench_report.py              # 7 cold + 7 warm runs, writes the JSON
    python benchmarks/bench_report.py --repeat 3   # fewer runs

Target (issue 6): under 10 s cold on this machine. There is no baseline to compare with:
analysts write such a report by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bench_report.json"
CASE = ["RUS", "CHN", "--region", "central-asia"]


def drop_caches() -> bool:
    """Drop the kernel's page cache; ``False`` when not allowed."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return True
    except OSError:
        return False


def one_run(out: Path, cold: bool) -> tuple[float, bool]:
    dropped = drop_caches() if cold else False
    cmd = [sys.executable, "-m", "accord.cli.main", "--quiet", "assess", *CASE, "--html", str(out)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if not out.is_file() or out.stat().st_size < 10_000:
        raise SystemExit(f"{out} was not written")
    return elapsed, dropped


def breakdown() -> dict[str, float]:
    """Seconds of each step in one warm process (imports excluded)."""
    code = """
import json, time
t = time.perf_counter()
from accord.assess import assess
from accord.report.html import render_html
from accord.report.markdown import render_markdown
imp = time.perf_counter() - t
t = time.perf_counter()
card = assess("RUS", "CHN", region="central-asia")
a = time.perf_counter() - t
t = time.perf_counter(); html = render_html(card); h = time.perf_counter() - t
t = time.perf_counter(); md = render_markdown(card); m = time.perf_counter() - t
print(json.dumps({"imports": imp, "assess": a, "render_html": h, "render_markdown": m,
                  "html_bytes": len(html.encode()), "md_bytes": len(md.encode())}))
"""
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--output", type=Path, default=RESULTS)
    args = p.parse_args()

    import accord

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        cold, dropped = [], []
        for i in range(args.repeat):
            t, d = one_run(out, cold=True)
            cold.append(t)
            dropped.append(d)
            print(f"cold run {i + 1}/{args.repeat}: {t:.2f} s", file=sys.stderr)
        warm = []
        for i in range(args.repeat):
            t, _ = one_run(out, cold=False)
            warm.append(t)
            print(f"warm run {i + 1}/{args.repeat}: {t:.2f} s", file=sys.stderr)
        size = out.stat().st_size
    parts = breakdown()
    result = {
        "benchmark": "accord assess RUS CHN --region central-asia --html report.html",
        "machine": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "accord": accord.__version__,
            "loadavg_1m_before": load_before,
        },
        "page_cache_dropped": all(dropped),
        "cold": {"times_s": cold, "median_s": statistics.median(cold), "max_s": max(cold)},
        "warm": {"times_s": warm, "median_s": statistics.median(warm), "max_s": max(warm)},
        "html_bytes": size,
        "breakdown_s": parts,
        "target": {"cold_under_10s": max(cold) < 10.0},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"cold: median {result['cold']['median_s']:.2f} s, max {max(cold):.2f} s "
        f"(page cache dropped: {all(dropped)}); warm: median {result['warm']['median_s']:.2f} s; "
        f"HTML {size / 1024:.0f} KB\n"
        f"breakdown (one process): imports {parts['imports']:.2f} s, "
        f"assess {parts['assess']:.2f} s, render_html {parts['render_html']:.3f} s, "
        f"render_markdown {parts['render_markdown']:.3f} s\n"
        f"wrote {args.output}"
    )


if __name__ == "__main__":
    main()
