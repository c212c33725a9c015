"""Benchmark: reused-passage candidates in a decade of UN speeches, accord against datasketch.

All General Debate speeches of 2010-2019 (about 1,900; ``--quick``: 2019 only), with
planted passages (60 words copied from one speech into another of a different country),
go through the same candidate search on both sides:

    words -> 5-word shingles -> windows of 40 shingles overlapping by half
          -> MinHash (200 permutations) -> LSH, 40 bands of 5 rows -> candidate window pairs

* **accord**: ``MinHasher.window_signatures`` + ``lsh_candidates`` (the first three steps
  of ``accord.texts.reuse``), and separately the whole ``reuse`` (with the alignment).
* **datasketch** (2.x, its default ``affine32`` scheme) the fastest way its API offers:
  words with a regex, shingles as strings, ``MinHash.bulk`` over the 20-shingle blocks
  (every shingle hashed once), each window the ``merge`` of two blocks, ``MinHashLSH``
  with ``params=(40, 5)`` filled in an ``insertion_session`` and queried once per window.

Both sides use the same token definition, the same shingles, windows, ``num_perm`` and
bands, so their recall should be equal up to chance (different hash functions). Recall is
measured against ALL window pairs (of different speeches) whose exact Jaccard similarity
is at least 0.478 (the LSH threshold), 0.6 and 0.8, found with prefix filtering on the
baseline's own shingle strings and verified exactly.

    python benchmarks/bench_reuse.py            # full run, writes results/bench_reuse.json
    python benchmarks/bench_reuse.py --quick    # 2019 only, no JSON

Each side runs in its own subprocess (``--only``), reporting its timings and peak
resident memory (``ru_maxrss``) as one JSON line.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import _harness
from _harness import log, peak_rss_mb, report_targets, summary

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bench_reuse.json"
YEARS = (2010, 2019)
QUICK_YEARS = (2019, 2019)
N, NUM_PERM, BANDS, ROWS, WINDOW = 5, 200, 40, 5, 40
STRIDE = WINDOW // 2
N_PLANTED, PLANT_WORDS = 20, 60
THRESHOLDS = (0.478, 0.6, 0.8)  # exact-Jaccard levels at which recall is measured


def mirror() -> Path:
    root = os.environ.get("ACCORD_MIRROR", str(HERE.parent.parent / "shared" / "data"))
    return Path(root)


def load(quick: bool) -> tuple[list[str], list[str], list[dict]]:
    """Speeches of the decade with passages planted; ids and the planted truth."""
    import numpy as np
    import polars as pl

    from accord.texts import tokenize_spans

    y0, y1 = QUICK_YEARS if quick else YEARS
    df = (
        pl.read_parquet(mirror() / "ungdc" / "ungdc_1946_2024.parquet")
        .filter(pl.col("year").is_between(y0, y1))
        .sort("year", "country_iso3")
    )
    texts = df["text"].to_list()
    ids = [f"{c}_{y}" for c, y in zip(df["country_iso3"], df["year"], strict=True)]
    iso = df["country_iso3"].to_list()
    rng = np.random.default_rng(2024)
    planted, used = [], set()
    while len(planted) < N_PLANTED:
        s, t = (int(v) for v in rng.choice(len(texts), 2, replace=False))
        if iso[s] == iso[t] or s in used or t in used:
            continue
        toks, st, en = tokenize_spans(texts[s])
        if len(toks) < 400:
            continue
        k = int(rng.integers(100, len(toks) - PLANT_WORDS - 100))
        a, b = int(st[k]), int(en[k + PLANT_WORDS - 1])
        passage = texts[s][a:b]
        stops = [m.end() for m in re.finditer(r"\.\s", texts[t])]
        at = stops[len(stops) // 2]
        texts[t] = texts[t][:at] + passage + " " + texts[t][at:]
        used |= {s, t}
        planted.append(
            {"source": ids[s], "target": ids[t], "src": [a, b], "tgt": [at, at + len(passage)]}
        )
    return texts, ids, planted


# -- accord ------------------------------------------------------------------------------


def accord_candidates(texts: list[str]):
    import numpy as np

    from accord.texts.reuse import MinHasher, lsh_candidates

    mh = MinHasher(NUM_PERM, n=N, seed=1)
    sig, doc, start = mh.window_signatures(texts, WINDOW)
    pairs = lsh_candidates(sig, bands=BANDS, groups=doc)
    keys = np.stack([doc, start], axis=1)
    return keys[pairs[:, 0]], keys[pairs[:, 1]], len(sig)


def run_accord(quick: bool, repeat: int, dump: str) -> dict:
    import numpy as np

    texts, ids, planted = load(quick)
    out: dict = {"side": "accord"}
    accord_candidates(texts[:5])  # imports, first-call setup
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        ka, kb, nw = accord_candidates(texts)
        times.append(time.perf_counter() - t)
        log(f"  accord candidates run {i + 1}/{repeat}: {times[-1]:.3f} s")
    out |= summary(times)
    out["windows"] = nw
    out["candidate_window_pairs"] = len(ka)
    out["peak_rss_mb"] = peak_rss_mb()
    np.savez(dump, a=ka, b=kb)
    return out


def run_accord_reuse(quick: bool, repeat: int, dump: str) -> dict:
    from accord.texts.reuse import reuse

    texts, ids, planted = load(quick)
    reuse(texts[:5])
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        res = reuse(texts, ids, n=N, num_perm=NUM_PERM, bands=BANDS, window=WINDOW, seed=1)
        times.append(time.perf_counter() - t)
        log(f"  accord reuse run {i + 1}/{repeat}: {times[-1]:.3f} s")
    found = exact = 0
    for p in planted:
        a, b = sorted([p["target"], p["source"]], key=ids.index)
        rows = res.filter((res["id_a"] == a) & (res["id_b"] == b))
        for r in rows.iter_rows(named=True):
            ta, sa = (r["start_a"], r["end_a"]), (r["start_b"], r["end_b"])
            span_t, span_s = (ta, sa) if a == p["target"] else (sa, ta)
            covers_t = span_t[0] <= p["tgt"][0] and span_t[1] >= p["tgt"][1]
            covers_s = span_s[0] <= p["src"][0] and span_s[1] >= p["src"][1]
            if covers_t and covers_s:
                found += 1
                exact += list(span_t) == p["tgt"] and list(span_s) == p["src"]
                break
    res.write_parquet(dump)
    return summary(times) | {
        "side": "accord_reuse",
        "passages": res.height,
        "text_pairs": res.select("id_a", "id_b").unique().height,
        "planted_found": found,
        "planted_found_exact_offsets": exact,
        "planted": len(planted),
        "peak_rss_mb": peak_rss_mb(),
    }


# -- datasketch -----------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-\u2010][^\W\d_]+)*")
NORMALIZE = str.maketrans({"\u2019": "'", "\u2010": "-"})


def shingle_lists(texts: list[str]) -> list[list[str]]:
    out = []
    for text in texts:
        toks = [t.lower().translate(NORMALIZE) for t in WORD.findall(text)]
        out.append([" ".join(toks[i : i + N]) for i in range(len(toks) - N + 1)])
    return out


def window_bounds(n_shingles: int) -> list[tuple[int, int]]:
    """Windows as accord cuts them: blocks of STRIDE shingles, window k = blocks k, k+1."""
    nb = -(-n_shingles // STRIDE)
    if nb == 0:
        return []
    if nb == 1:
        return [(0, n_shingles)]
    return [(k * STRIDE, min((k + 2) * STRIDE, n_shingles)) for k in range(nb - 1)]


def datasketch_candidates(texts: list[str]):
    from datasketch import MinHash, MinHashLSH

    sh = shingle_lists(texts)
    blocks, owner = [], []
    for d, s in enumerate(sh):
        for k in range(0, len(s), STRIDE):
            blocks.append([x.encode("utf-8") for x in s[k : k + STRIDE]])
            owner.append((d, k // STRIDE))
    mhs = MinHash.bulk(blocks, num_perm=NUM_PERM, seed=1)
    first = {}
    for i, key in enumerate(owner):
        first[key] = i
    windows, keys = [], []
    for d, s in enumerate(sh):
        nb = -(-len(s) // STRIDE)
        for k in range(max(nb - 1, min(nb, 1))):
            m = mhs[first[(d, k)]].copy()
            if nb > 1:
                m.merge(mhs[first[(d, k + 1)]])
            windows.append(m)
            keys.append((d, k * STRIDE))
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    with lsh.insertion_session() as session:
        for i, m in enumerate(windows):
            session.insert(i, m, check_duplication=False)
    pa, pb = [], []
    for i, m in enumerate(windows):
        d = keys[i][0]
        for j in lsh.query(m):
            if j > i and keys[j][0] != d:
                pa.append(keys[i])
                pb.append(keys[j])
    return pa, pb, len(windows)


def run_datasketch(quick: bool, repeat: int, dump: str) -> dict:
    import numpy as np

    texts, ids, planted = load(quick)
    datasketch_candidates(texts[:5])
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        pa, pb, nw = datasketch_candidates(texts)
        times.append(time.perf_counter() - t)
        log(f"  datasketch run {i + 1}/{repeat}: {times[-1]:.3f} s")
    np.savez(dump, a=np.array(pa, dtype=np.int64), b=np.array(pb, dtype=np.int64))
    return summary(times) | {
        "side": "datasketch",
        "windows": nw,
        "candidate_window_pairs": len(pa),
        "peak_rss_mb": peak_rss_mb(),
    }


# -- recall against exact Jaccard --------------------------------------------------------------


def exact_recall(quick: bool, cand: dict[str, set]) -> dict:
    """Recall of each side's candidate window pairs among ALL pairs of exact Jaccard >= t.

    The true pairs are found exactly with prefix filtering (Bayardo, Ma & Srikant's
    All-Pairs): with the shingles of every window sorted from rare to common, two windows
    of Jaccard similarity >= t share at least one of the ``|A| - ceil(t |A|) + 1`` rarest
    shingles of each; the pairs sharing one are then verified on all their shingles.
    Shingles are the baseline's own strings, independent of accord's hashing.
    """
    import math

    import numpy as np
    import scipy.sparse as sp

    texts, ids, planted = load(quick)
    sh = shingle_lists(texts)
    vocab: dict[str, int] = {}
    rows, keys = [], []
    for d, s in enumerate(sh):
        codes = [vocab.setdefault(x, len(vocab)) for x in s]
        for lo, hi in window_bounds(len(s)):
            rows.append(np.unique(np.array(codes[lo:hi], dtype=np.int64)))
            keys.append((d, lo))
    nw, nv = len(rows), len(vocab)
    df = np.bincount(np.concatenate(rows), minlength=nv)
    rank = np.empty(nv, dtype=np.int64)
    rank[np.lexsort((np.arange(nv), df))] = np.arange(nv)  # rare first
    t0 = min(THRESHOLDS)
    pre_ptr, pre_idx = [0], []
    for r in rows:
        keep = len(r) - math.ceil(t0 * len(r)) + 1
        pre_idx.append(r[np.argsort(rank[r])[:keep]])
        pre_ptr.append(pre_ptr[-1] + min(keep, len(r)))
    pre_idx = np.concatenate(pre_idx)
    P = sp.csr_matrix((np.ones(len(pre_idx), np.float32), pre_idx, pre_ptr), shape=(nw, nv))
    W = sp.csr_matrix(
        (
            np.ones(sum(map(len, rows)), np.float32),
            np.concatenate(rows),
            np.concatenate([[0], np.cumsum([len(r) for r in rows])]),
        ),
        shape=(nw, nv),
    )
    size = np.diff(W.indptr)
    doc = np.array([k[0] for k in keys])
    PT = P.T.tocsr()
    truth: dict[float, set] = {t: set() for t in THRESHOLDS}
    jac_of: dict = {}
    checked = 0
    for c0 in range(0, nw, 2000):
        cand_ = sp.triu((P[c0 : c0 + 2000] @ PT), k=c0 + 1).tocoo()  # j > i only
        i = cand_.row + c0
        j = cand_.col
        keep = doc[i] != doc[j]
        i, j = i[keep], j[keep]
        checked += len(i)
        inter = np.asarray(W[i].multiply(W[j]).sum(axis=1)).ravel()
        jac = inter / (size[i] + size[j] - inter)
        for t in THRESHOLDS:
            m = jac >= t
            for a, b, v in zip(i[m].tolist(), j[m].tolist(), jac[m].tolist(), strict=True):
                truth[t].add((keys[a], keys[b]))
                jac_of[(keys[a], keys[b])] = v
    res = {"windows": nw, "pairs_verified": checked, "by_threshold": {}}
    for t in THRESHOLDS:
        row: dict = {"true_pairs": len(truth[t])}
        # what banding should find on average: mean of 1 - (1 - J^r)^b over the true pairs
        js = np.array([jac_of[k] for k in truth[t]])
        row["expected"] = float(np.mean(1 - (1 - js**ROWS) ** BANDS)) if len(js) else None
        for side, pairs in cand.items():
            hit = sum(p in pairs for p in truth[t])
            row[side] = hit / len(truth[t]) if truth[t] else float("nan")
        res["by_threshold"][str(t)] = row
    return res


def load_pairs(path: str) -> set:
    import numpy as np

    z = np.load(path)
    a, b = z["a"], z["b"]
    out = set()
    for x, y in zip(map(tuple, a.tolist()), map(tuple, b.tolist()), strict=True):
        out.add((x, y) if x < y else (y, x))
    return out


def doc_pairs(pairs: set) -> set:
    return {(min(a[0], b[0]), max(a[0], b[0])) for a, b in pairs}


# -- driver ----------------------------------------------------------------------------------


def spawn(side: str, repeat: int, quick: bool, dump: str) -> dict:
    args = ["--dump", dump, "--repeat", str(repeat)] + (["--quick"] if quick else [])
    log(f"{side}: {repeat} run(s) in a subprocess")
    return _harness.side(__file__, side, args)


def machine() -> dict:
    return _harness.machine("numpy", "polars", "datasketch")


def main(argv: list[str] | None = None) -> int:
    p = _harness.arguments(
        __doc__,
        repeat=5,
        baseline_repeat=3,
        baseline="datasketch runs",
        quick="speeches of 2019 only",
        sides=("accord", "accord_reuse", "datasketch"),
    )
    args = p.parse_args(argv)

    if args.only:
        fn = {"accord": run_accord, "accord_reuse": run_accord_reuse}.get(args.only, run_datasketch)
        print(json.dumps(fn(args.quick, args.repeat, args.dump)))
        return 0

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        acc = spawn("accord", args.repeat, args.quick, os.path.join(tmp, "acc.npz"))
        full = spawn(
            "accord_reuse", max(1, args.repeat // 2), args.quick, os.path.join(tmp, "r.parquet")
        )
        base = spawn("datasketch", args.baseline_repeat, args.quick, os.path.join(tmp, "ds.npz"))
        pa, pb = load_pairs(os.path.join(tmp, "acc.npz")), load_pairs(os.path.join(tmp, "ds.npz"))
    log("exact Jaccard: all window pairs at or above the thresholds (prefix filtering)")
    texts, ids, planted = load(args.quick)
    recall = exact_recall(args.quick, {"accord": pa, "datasketch": pb})
    from accord.texts.reuse import candidate_probability

    da, db = doc_pairs(pa), doc_pairs(pb)
    index = {x: i for i, x in enumerate(ids)}
    planted_pairs = [tuple(sorted((index[q["target"]], index[q["source"]]))) for q in planted]
    compare = {
        "window_pairs": {"accord": len(pa), "datasketch": len(pb), "both": len(pa & pb)},
        "text_pairs": {"accord": len(da), "datasketch": len(db), "both": len(da & db)},
        "planted_text_pairs_found": {
            "accord": sum(q in da for q in planted_pairs),
            "datasketch": sum(q in db for q in planted_pairs),
            "of": len(planted_pairs),
        },
    }
    res = {
        "benchmark": (
            f"reuse candidates: {N}-word shingles, windows of {WINDOW} (step {STRIDE}), "
            f"MinHash {NUM_PERM}, LSH {BANDS}x{ROWS}"
        ),
        "quick": args.quick,
        "machine": machine()
        | {"loadavg_1m_before": load_before[0], "loadavg_1m_after": os.getloadavg()[0]},
        "data": {
            "years": list(QUICK_YEARS if args.quick else YEARS),
            "speeches": len(texts),
            "characters": sum(map(len, texts)),
            "planted": N_PLANTED,
        },
        "accord": acc,
        "accord_reuse": full,
        "datasketch": base,
        "speedup_candidates": base["median_s"] / acc["median_s"],
        "speedup_end_to_end": base["median_s"] / full["median_s"],
        "recall": recall,
        "compare": compare,
        "threshold": (1 / BANDS) ** (1 / ROWS),
        "p_candidate_at": {
            str(s): float(candidate_probability(s, BANDS, ROWS)) for s in THRESHOLDS
        },
    }
    res["targets"] = {
        "speedup_at_least_5x": res["speedup_candidates"] >= 5.0,
        "accord_peak_under_3gb": max(acc["peak_rss_mb"], full["peak_rss_mb"]) < 3072,
        "all_planted_found": full["planted_found"] == full["planted"],
    }

    d = res["data"]
    print(f"\nData: {d['speeches']:,} speeches {d['years'][0]}–{d['years'][1]}, ", end="")
    print(f"{d['characters'] / 1e6:.1f} M characters, {N_PLANTED} planted passages")
    print(f"Windows: accord {acc['windows']:,}, datasketch {base['windows']:,}\n")
    print("| | median (s) | min (s) | datasketch / accord | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    for name, r in [
        ("accord candidates (MinHash + LSH)", acc),
        ("accord `reuse` end to end (+ alignment)", full),
        ("datasketch MinHash.bulk + MinHashLSH", base),
    ]:
        ratio = base["median_s"] / r["median_s"]
        print(
            f"| {name} | {r['median_s']:.2f} | {r['min_s']:.2f} | {ratio:.1f}× | "
            f"{r['peak_rss_mb']:,.0f} |"
        )
    print("\nRecall of candidate window pairs among all pairs of exact Jaccard >= t:")
    for t, row in recall["by_threshold"].items():
        print(
            f"  J >= {t}: {row['true_pairs']:,} true pairs; accord {row['accord']:.3f}, "
            f"datasketch {row['datasketch']:.3f}; expected from 1 - (1 - J^r)^b "
            f"{row['expected']:.3f}"
        )
    c = compare
    print(
        f"Candidate window pairs: accord {c['window_pairs']['accord']:,}, datasketch "
        f"{c['window_pairs']['datasketch']:,}, both {c['window_pairs']['both']:,}; text pairs "
        f"accord {c['text_pairs']['accord']:,}, datasketch {c['text_pairs']['datasketch']:,}, "
        f"both {c['text_pairs']['both']:,}"
    )
    pf = c["planted_text_pairs_found"]
    print(
        f"Planted pairs among candidates: accord {pf['accord']}/{pf['of']}, datasketch "
        f"{pf['datasketch']}/{pf['of']}; accord reuse aligned {full['planted_found']}/"
        f"{full['planted']} over the planted spans, {full['planted_found_exact_offsets']} with "
        "exactly the planted offsets (the others also take in an identical word next to them)"
    )
    report_targets(res, args.output or (None if args.quick else RESULTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
