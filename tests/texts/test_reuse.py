"""Reused passages: MinHash, LSH banding, Smith–Waterman and the whole pipeline."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord
from accord.errors import InputError
from accord.provenance import provenance_of
from accord.texts import _align, _minhash, tokenize, tokenize_spans
from accord.texts.reuse import (
    MinHasher,
    _offsets,
    _word_hashes,
    align_local,
    candidate_probability,
    lsh_candidates,
    lsh_threshold,
    reuse,
)

# -- LSH threshold and candidate curve ---------------------------------------------------


def test_lsh_threshold_200_hashes_in_40_bands():
    assert lsh_threshold(40, 5) == pytest.approx(0.4782, abs=1e-4)
    assert lsh_threshold(40, 5) == pytest.approx((1 / 40) ** (1 / 5))
    assert lsh_threshold(50, 4) == pytest.approx(0.3761, abs=1e-4)  # textreuse's 200/50
    assert lsh_threshold(1, 1) == 1.0


def test_candidate_probability_formula():
    s = np.array([0.0, 0.2, 0.478, 0.8, 1.0])
    p = candidate_probability(s, 40, 5)
    np.testing.assert_allclose(p, 1 - (1 - s**5) ** 40)
    assert p[0] == 0.0 and p[-1] == 1.0
    # the threshold is close to where the curve is steepest
    grid = np.linspace(0.01, 0.99, 9801)
    steepest = grid[np.argmax(np.gradient(candidate_probability(grid, 40, 5), grid))]
    assert abs(steepest - lsh_threshold(40, 5)) < 0.04


def _pair_sets(rng, size: int, jaccard: float, base: int) -> tuple[set[int], set[int]]:
    """Two sets of *size* integers whose exact Jaccard similarity is close to *jaccard*."""
    shared = int(round(2 * size * jaccard / (1 + jaccard)))
    pool = rng.choice(10**6, size=2 * size, replace=False) + base
    common = pool[:shared]
    a = set(common.tolist()) | set(pool[shared:size].tolist())
    b = set(common.tolist()) | set(pool[size : 2 * size - shared].tolist())
    return a, b


def test_candidate_curve_matches_simulated_pairs():
    """Share of pairs found by banding vs 1 - (1 - s^r)^b at known Jaccard similarity."""
    rng = np.random.default_rng(7)
    mh = MinHasher(200, seed=3)
    n_pairs = 300
    for target in (0.2, 0.35, 0.478, 0.6, 0.8):
        sets, exact = [], []
        for k in range(n_pairs):
            a, b = _pair_sets(rng, 400, target, base=k * 10**6)  # pairs share nothing
            sets += [a, b]
            exact.append(len(a & b) / len(a | b))
        sig = mh.signatures_of_sets(sets)
        pairs = lsh_candidates(sig, bands=40)
        found = {(int(i), int(j)) for i, j in pairs}
        assert all(j == i + 1 and i % 2 == 0 for i, j in found)  # only the planted pairs
        hit = np.array([(2 * k, 2 * k + 1) in found for k in range(n_pairs)])
        expected = candidate_probability(np.array(exact), 40, 5)
        se = np.sqrt(np.sum(expected * (1 - expected))) / n_pairs
        assert abs(hit.mean() - expected.mean()) <= 4 * se + 0.02, (target, hit.mean())


# -- MinHash ---------------------------------------------------------------------------------


def test_permutations_are_exact_modulo_the_mersenne_prime():
    rng = np.random.default_rng(0)
    a, b = _minhash.permutations(16, seed=11)
    sets = [rng.integers(0, _minhash.MERSENNE, size=m, dtype=np.uint64) for m in (1, 7, 600)]
    starts = np.cumsum([0] + [len(s) for s in sets])
    sig = _minhash.block_minima(np.concatenate(sets), starts, a, b)
    p = (1 << 31) - 1
    for row, s in zip(sig, sets, strict=True):
        ref = [
            min((int(ai) * int(x) + int(bi)) % p for x in s) for ai, bi in zip(a, b, strict=True)
        ]
        assert row.tolist() == ref


def test_strided_minima_equal_block_minima():
    rng = np.random.default_rng(1)
    sizes = np.array([0, 1, 19, 20, 21, 95, 400, 3])
    x = rng.integers(0, _minhash.MERSENNE, size=int(sizes.sum()), dtype=np.uint64)
    off = np.concatenate([[0], np.cumsum(sizes)])
    a, b = _minhash.permutations(24, seed=2)
    mins, per_doc = _minhash.strided_minima(x, off, 20, a, b, threads=2)
    bounds = []
    for d in range(len(sizes)):
        for k in range(per_doc[d]):
            lo = off[d] + 20 * k
            bounds += [lo, min(lo + 20, off[d + 1])]
    ref = _minhash.block_minima(x, np.array(bounds), a, b)[0::2]
    assert per_doc.tolist() == [0, 1, 1, 1, 2, 5, 20, 1]
    np.testing.assert_array_equal(mins, ref)


def test_minhash_estimates_within_their_standard_error():
    rng = np.random.default_rng(5)
    mh = MinHasher(200)
    sets, exact = [], []
    for k in range(200):
        a, b = _pair_sets(rng, 500, rng.uniform(0.05, 0.95), base=k * 10**6)
        sets += [a, b]
        exact.append(len(a & b) / len(a | b))
    sig = mh.signatures_of_sets(sets)
    est = MinHasher.jaccard(sig[0::2], sig[1::2])
    exact = np.array(exact)
    z = (est - exact) / np.sqrt(exact * (1 - exact) / 200)
    assert abs(z.mean()) < 0.3  # unbiased: 200 z-scores, mean has sd 0.07
    assert 0.8 < z.std() < 1.2  # the binomial standard error is right
    assert np.abs(z).max() < 4.5


def _shingle_set(text: str, n: int = 5) -> set[str]:
    toks = tokenize(text)
    return {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def test_minhash_of_real_speeches_vs_exact_jaccard(focal8):
    """Signatures of whole speeches against Jaccard of their 5-gram sets computed in Python."""
    rows = focal8.filter(pl.col("country_iso3") == "CHN").sort("year")
    texts = rows["text"].to_list()[:30]
    sig = MinHasher(200, seed=1).signatures(texts)
    sets = [_shingle_set(t) for t in texts]
    for i in range(len(texts) - 1):
        a, b = sets[i], sets[i + 1]
        j = len(a & b) / len(a | b)
        est = float(MinHasher.jaccard(sig[i], sig[i + 1]))
        se = max(np.sqrt(j * (1 - j) / 200), 1 / 200)
        assert abs(est - j) <= 4.5 * se, (i, est, j)


def test_minhasher_signatures_and_empty_text():
    mh = MinHasher(64, n=3, seed=0)
    sig = mh.signatures(["one two three four", "one two three four", "two words"])
    assert sig.dtype == np.uint32 and sig.shape == (3, 64)
    np.testing.assert_array_equal(sig[0], sig[1])
    assert (sig[2] == _minhash.EMPTY).all()  # fewer than n words: no shingles
    assert MinHasher.jaccard(sig[0], sig[1]) == 1.0
    assert MinHasher.jaccard(sig[2], sig[2]) == 0.0
    assert repr(mh) == "MinHasher(num_perm=64, n=3, seed=0)"
    other = MinHasher(64, n=3, seed=1).signatures(["one two three four"])
    assert not np.array_equal(other[0], sig[0])  # the seed changes the permutations


def test_band_candidates_equal_brute_force():
    rng = np.random.default_rng(3)
    sig = rng.integers(0, 3, size=(60, 12)).astype(np.uint32)  # small alphabet: many hits
    groups = rng.integers(0, 20, size=60)
    got = {tuple(p) for p in lsh_candidates(sig, bands=4, groups=groups).tolist()}
    want = {
        (i, j)
        for i, j in itertools.combinations(range(60), 2)
        if groups[i] != groups[j]
        and any((sig[i, q * 3 : q * 3 + 3] == sig[j, q * 3 : q * 3 + 3]).all() for q in range(4))
    }
    assert got == want


# -- tokens and offsets ------------------------------------------------------------------------


def test_polars_words_and_offsets_match_tokenize_spans(focal8):
    texts = focal8.sort("year")["text"].to_list()[::25]
    words, off, tokens = _word_hashes(texts, keep_tokens=True)
    for i, text in enumerate(texts):
        toks, s, e = tokenize_spans(text)
        assert off[i + 1] - off[i] == len(toks)
        np.testing.assert_array_equal(words[off[i] : off[i + 1]], _minhash.word_hash(toks))
        s2, e2 = _offsets(text, tokens[i].to_list())
        np.testing.assert_array_equal(s2, s)
        np.testing.assert_array_equal(e2, e)


# -- Smith–Waterman --------------------------------------------------------------------------


def test_align_local_textreuse_reference_cases():
    # textreuse's own tests (tests/testthat/test-alignment.R): "this is a #### match"
    r = align_local(
        "How can we tell if this is a match, he asked?",
        "Surely, this is a good match, she replied.",
    )
    assert r["passage_a"] == "this is a match"
    assert r["passage_b"] == "this is a good match"
    assert r["score"] == 3 * 2 - 1 + 2  # three matches, one gap, one match
    assert r["words"] == 4
    r = align_local("abc", "xyz")
    assert (r["score"], r["passage_a"], r["passage_b"]) == (0, "", "")


def test_align_local_hand_cases():
    r = align_local("the cat sat on the mat", "a cat sat on a mat")
    assert r["score"] == 7  # cat sat on (+6), the/a (-1), mat (+2)
    assert (r["start_a"], r["end_a"], r["start_b"], r["end_b"]) == (4, 22, 2, 18)
    r = align_local(["x", "a", "b", "c"], ["a", "b", "c", "y"])
    assert (r["score"], r["start_a"], r["end_a"], r["start_b"], r["end_b"]) == (6, 1, 4, 0, 3)
    assert r["passage_a"] == "a b c"
    r = align_local("Alpha beta gamma", "ALPHA BETA GAMMA")  # words are lowercased
    assert r["score"] == 6 and r["passage_b"] == "ALPHA BETA GAMMA"
    r = align_local("a b c d", "a b c d", match=3, mismatch=0, gap=-2)
    assert r["score"] == 12
    with pytest.raises(InputError, match="match > 0, mismatch <= 0, gap < 0"):
        align_local("a", "a", gap=1)
    with pytest.raises(InputError, match="a must be a text"):
        align_local(3, "a")


def _naive_sw(a, b, match=2, mismatch=-1, gap=-1):
    H = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    best = 0
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            s = match if a[i - 1] == b[j - 1] else mismatch
            H[i][j] = max(0, H[i - 1][j - 1] + s, H[i - 1][j] + gap, H[i][j - 1] + gap)
            best = max(best, H[i][j])
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 4), max_size=25),
    st.lists(st.integers(0, 4), max_size=25),
    st.sampled_from([(2, -1, -1), (1, 0, -1), (3, -2, -2)]),
)
def test_smith_waterman_score_equals_naive_loop(a, b, scores):
    match, mismatch, gap = scores
    score, (i0, i1, j0, j1), m = _align.smith_waterman(
        np.array(a, dtype=np.int64),
        np.array(b, dtype=np.int64),
        match=match,
        mismatch=mismatch,
        gap=gap,
    )
    assert score == _naive_sw(a, b, match, mismatch, gap)
    if score:
        # the traced span, re-aligned on its own, has the same score
        sub = _naive_sw(a[i0:i1], b[j0:j1], match, mismatch, gap)
        assert sub == score
        assert a[i0] == b[j0] and a[i1 - 1] == b[j1 - 1]
        assert m * match >= score


def test_seed_regions_chain_across_a_small_edit():
    a = np.arange(100, dtype=np.uint64)
    b = np.concatenate([np.arange(40), [999, 998], np.arange(40, 100)]).astype(np.uint64)
    sa = _int_shingles(a, 5)
    sb = _int_shingles(b, 5)
    regions = _align.seed_regions(sa, sb, n=5, max_gap=5)
    assert len(regions) == 1
    assert regions[0][:4] == (0, 100, 0, 102)
    assert len(_align.seed_regions(sa, sb, n=5, max_gap=0)) == 2


def _int_shingles(w, n):
    return np.array([hash(tuple(w[i : i + n].tolist())) for i in range(len(w) - n + 1)])


# -- the pipeline on real speeches --------------------------------------------------------


@pytest.fixture(scope="module")
def focal8(mirror: Path) -> pl.DataFrame:
    path = Path(os.environ["ACCORD_TEST_MIRROR"]) / "ungdc" / "ungdc_focal8_1946_2024.parquet"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return pl.read_parquet(path)


def _speech(df: pl.DataFrame, iso3: str, year: int) -> str:
    return df.filter((pl.col("country_iso3") == iso3) & (pl.col("year") == year))["text"][0]


def test_planted_60_word_passage_is_found_with_its_offsets(focal8):
    source = _speech(focal8, "USA", 2019)
    target = _speech(focal8, "KGZ", 2018)
    other = _speech(focal8, "TJK", 2017)
    toks, s, e = tokenize_spans(source)
    k = len(toks) // 2
    src_start, src_end = int(s[k]), int(e[k + 59])  # 60 words from the middle
    passage = source[src_start:src_end]
    at = target.index(". ", len(target) // 2) + 2  # after a sentence near the middle
    planted = target[:at] + passage + " " + target[at:]

    out = reuse({"KGZ_2018+": planted, "USA_2019": source, "TJK_2017": other})
    assert out.columns == [
        "id_a",
        "id_b",
        "jaccard_est",
        "score",
        "words",
        "start_a",
        "end_a",
        "start_b",
        "end_b",
        "passage_a",
        "passage_b",
    ]
    hit = out.filter((pl.col("id_a") == "KGZ_2018+") & (pl.col("id_b") == "USA_2019"))
    assert hit.height == 1
    row = hit.row(0, named=True)
    assert (row["start_a"], row["end_a"]) == (at, at + len(passage))
    assert (row["start_b"], row["end_b"]) == (src_start, src_end)
    assert row["passage_a"] == passage == row["passage_b"]
    assert row["words"] == 60 and row["score"] == 120
    assert 0.3 < row["jaccard_est"] <= 1.0
    # nothing else: the three speeches share no other long passage
    assert out.height == 1


@pytest.mark.parametrize("a, b", [(("USA", 2019), ("CHN", 2019)), (("KAZ", 2019), ("RUS", 2019))])
def test_no_long_passage_between_unrelated_speeches(focal8, a, b):
    ta, tb = _speech(focal8, *a), _speech(focal8, *b)
    assert reuse([ta, tb]).height == 0
    # independent check: the best local alignment of the whole speeches is short
    best = align_local(ta, tb)
    assert best["words"] < 15


def test_reuse_finds_a_speech_quoting_an_earlier_one(focal8):
    """China's 1951 and 1953 speeches share long stretches (Charter quotations and more)."""
    texts = {f"CHN_{y}": _speech(focal8, "CHN", y) for y in (1951, 1953)} | {
        "USA_2019": _speech(focal8, "USA", 2019)
    }
    out = reuse(texts)
    assert set(zip(out["id_a"], out["id_b"], strict=True)) == {("CHN_1951", "CHN_1953")}
    for r in out.iter_rows(named=True):
        assert texts[r["id_a"]][r["start_a"] : r["end_a"]] == r["passage_a"]
        assert texts[r["id_b"]][r["start_b"] : r["end_b"]] == r["passage_b"]
        assert r["words"] >= 15
        ta, tb = tokenize(r["passage_a"]), tokenize(r["passage_b"])
        assert ta[0] == tb[0] and ta[-1] == tb[-1]  # an alignment starts and ends on a match
    assert out["words"].max() >= 70


def test_reuse_is_deterministic_and_cites_its_methods():
    p = (
        "we call on all states to respect the sovereignty and territorial integrity of "
        "every nation and to settle their disputes by peaceful means in accordance with "
        "international law and the charter"
    )
    texts = ["Opening words here. " + p + ". The end.", "Another start. " + p.upper()]
    a = reuse(texts, ["x", "y"], seed=4)
    b = reuse(texts, ["x", "y"], seed=4)
    assert a.equals(b)
    assert a.height == 1 and a["words"][0] == 31
    assert a["passage_b"][0] == p.upper()
    prov = provenance_of(a)
    assert prov.function == "accord.texts.reuse"
    assert prov.parameters["threshold"] == pytest.approx(0.4782, abs=1e-4)
    bib = accord.cite(a)
    assert "broder1997" in bib and "leskovec2020mmds" in bib and "smith1981" in bib
    assert reuse(texts, min_words=32).height == 0


# -- bad input -------------------------------------------------------------------------------


def test_bad_input_messages():
    ok = "some words in a text that is long enough for shingles"
    with pytest.raises(InputError, match=r"text 'b' \(position 1\) is empty"):
        reuse([ok, "   "], ["a", "b"])
    with pytest.raises(InputError, match=r"text '1' \(position 1\) has no words"):
        reuse([ok, "1990 - 2020 !"])
    with pytest.raises(InputError, match="ids are not unique: 'x' is at positions 0 and 2"):
        reuse([ok, ok, ok], ["x", "y", "x"])
    with pytest.raises(InputError, match="ids has 1 entries for 2 texts"):
        reuse([ok, ok], ["x"])
    with pytest.raises(InputError, match="at least 2 texts"):
        reuse([ok])
    with pytest.raises(InputError, match="texts is one string"):
        reuse(ok)
    with pytest.raises(InputError, match=r"texts\[1\] is int, not str"):
        reuse([ok, 5])
    with pytest.raises(InputError, match="num_perm=200 is not a multiple of bands=30"):
        reuse([ok, ok], bands=30)
    with pytest.raises(InputError, match="min_words must be an integer of at least 1"):
        reuse([ok, ok], min_words=0)
    with pytest.raises(InputError, match="do not also give ids"):
        reuse({"a": ok, "b": ok}, ["a", "b"])
    with pytest.raises(InputError, match="num_perm must be an integer"):
        MinHasher(0)
    with pytest.raises(InputError, match="groups has 1 entries for 2 signatures"):
        lsh_candidates(np.zeros((2, 10), dtype=np.uint32), bands=5, groups=[0])
