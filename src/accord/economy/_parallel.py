"""Running independent numpy/scipy steps on several cores, with threads.

Most of the work of the indices is numpy and scipy calls on large arrays (fancy indexing,
ufuncs, ``np.add.reduceat``, ``scipy.spatial.distance.cdist``), which release the GIL:
threads run them in parallel without copying the arrays to other processes. One pool is
shared (one thread per core the process may use, at most :data:`MAX_WORKERS`); :func:`run`
is a plain loop when there is one core, one task, or when called from one of the pool's
own threads (a task waiting for tasks queued behind it would wait for ever).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["MAX_WORKERS", "n_workers", "run", "blocks"]

T = TypeVar("T")

#: Most threads the pool starts (more rarely helps: the arrays come from memory).
MAX_WORKERS = 8

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_local = threading.local()  # ``in_pool`` is set in the pool's threads


def n_workers() -> int:
    """Threads the pool runs: the cores this process may use, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def _mark() -> None:
    _local.in_pool = True


def run(fn: Callable[[Any], T], items: Iterable[Any], *, workers: int | None = None) -> list[T]:
    """``[fn(x) for x in items]``, the calls spread over the pool's threads (in order).

    ``workers`` caps how many calls run at once (each of a reader's calls holds a file's
    table in memory, say); the default is one per thread of the pool.
    """
    items = list(items)
    if len(items) < 2 or n_workers() < 2 or getattr(_local, "in_pool", False):
        return [fn(x) for x in items]
    if workers is not None and workers < n_workers():
        if workers < 2:
            return [fn(x) for x in items]
        gate = threading.BoundedSemaphore(workers)
        inner = fn

        def fn(x: Any) -> T:  # type: ignore[no-redef]
            with gate:
                return inner(x)

    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=n_workers(), thread_name_prefix="accord", initializer=_mark
            )
    return list(_pool.map(fn, items))


def blocks(n: int, min_size: int = 1) -> list[slice]:
    """``range(n)`` cut into one slice per thread (fewer when ``n`` is small)."""
    parts = max(1, min(n_workers(), n // max(1, min_size)))
    edges = [n * i // parts for i in range(parts + 1)]
    return [slice(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]
