"""What every benchmark script shares: logging, peak memory, run summaries, machine facts.

The scripts import it as ``from _harness import …`` (Python puts the script's folder on
``sys.path``), so each still runs as ``python benchmarks/bench_x.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
from pathlib import Path

__all__ = ["arguments", "log", "peak_rss_mb", "summary", "machine", "side", "report_targets"]


def arguments(
    doc: str,
    *,
    repeat: int,
    baseline_repeat: int,
    baseline: str,
    quick: str,
    sides: tuple[str, ...],
    output: str = "JSON results path",
    data: bool = False,
) -> argparse.ArgumentParser:
    """The options every benchmark takes: runs per side, ``--quick``, ``--output``, and the
    hidden ``--only SIDE --dump DIR`` (with ``data``: ``--keep-data``, ``--data``) that
    :func:`side` passes to the subprocess of one side."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=repeat, help="accord runs (median reported)")
    p.add_argument("--baseline-repeat", type=int, default=baseline_repeat, help=baseline)
    p.add_argument("--quick", action="store_true", help=quick)
    if data:
        p.add_argument(
            "--keep-data", type=Path, default=None, help="generate into (or reuse) this folder"
        )
    p.add_argument("--output", type=Path, default=None, help=output)
    p.add_argument("--only", choices=list(sides), help=argparse.SUPPRESS)
    if data:
        p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--dump", type=Path if data else str, help=argparse.SUPPRESS)
    return p


def log(msg: str) -> None:
    """A progress line on stderr (stdout carries the JSON results)."""
    print(msg, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def summary(times: list[float]) -> dict:
    """The runs' times with their median and minimum."""
    return {"times_s": times, "median_s": statistics.median(times), "min_s": min(times)}


def machine(*packages: str) -> dict:
    """Date, CPU, memory, platform, Python, accord and the versions of *packages*
    (import names; ``sklearn`` is reported as ``scikit-learn``)."""
    import accord

    cpu, mem_gb = platform.processor() or "", None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu
            )
        with open("/proc/meminfo") as f:
            kb = next(int(ln.split()[1]) for ln in f if ln.startswith("MemTotal"))
            mem_gb = round(kb / 1024**2, 1)
    except OSError:
        pass
    out = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "accord": getattr(accord, "__version__", None),
    }
    for name in packages:
        module = importlib.import_module(name)
        out["scikit-learn" if name == "sklearn" else name] = getattr(module, "__version__", None)
    return out


def side(script: str, name: str, args: list[str], env: dict | None = None) -> dict:
    """Run one side of a benchmark (``script --only name *args``) in a fresh process, so that
    its peak memory is its own, and return the JSON line it prints last."""
    cmd = [sys.executable, str(Path(script).resolve()), "--only", name, *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"the {name} subprocess failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report_targets(res: dict, output: Path | None) -> None:
    """Print whether each target is met and write the results to *output* (if any)."""
    print(
        "\nTargets: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in res["targets"].items())
    )
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(res, indent=2) + "\n")
        print(f"\nwrote {output}")
