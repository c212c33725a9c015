"""Build the CAMEO tables in ``src/accord/events/cameo_data/`` from the shared samples.

Sources (all under ``event_data_samples/`` in the mirror; provenance of each file in its
``SOURCE.md``, and of the outputs in ``src/accord/events/cameo_data/SOURCE.md``):

* ``cameo/GDELT_CAMEO.eventcodes.txt`` — GDELT's lookup ``CAMEOEVENTCODE\\tEVENTDESCRIPTION``
  (310 codes; a copy of gdeltproject.org/data/lookups/CAMEO.eventcodes.txt). The main
  source of descriptions; one mis-encoded description (044) is repaired.
* ``cameo/icews_goldstein_mappings.csv`` — CAMEO code → Goldstein value as used by ICEWS
  (Beger's ``icews`` R package, ``goldstein_mappings``; 312 codes). Source of the
  Goldstein table, and of the descriptions of 106 and 1213, which GDELT's lookup lacks.
* ``cameo/cameo_codebook_tenthe.csv`` — a machine-readable CAMEO codebook (316 codes, no
  header line, unquoted commas in descriptions);
  source of the descriptions of the five codes found only there (155, 176, 1834, 1951,
  1952).
* ``gdelt1/gdelt1_events_sample_20160728_710rows.tsv`` — 710 real GDELT 1.0 events: the
  root code → QuadClass table is read off their ``EventRootCode`` and ``QuadClass``
  columns (every root code 01–20 occurs; the script stops if a root code has two classes).
  The script also lists the codes whose GDELT ``GoldsteinScale`` differs from the ICEWS
  table (reported, not changed).

Outputs: ``cameo_codes.csv`` (code, root_code, level, description, source),
``quad_classes.csv`` (root_code, description, quad_class, quad_label) and
``goldstein.csv`` (code, goldstein).

Usage::

    python tools/build_cameo.py [MIRROR]    # MIRROR defaults to $ACCORD_MIRROR or
                                            # /work/shared/data
"""

from __future__ import annotations

import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "events" / "cameo_data"

QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# GDELT's lookup has one description in the wrong encoding ("Meet at a Ã’hirdÃ“location").
REPAIRS = {"044": "Meet at a 'third' location"}


def _read_gdelt_lookup(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["CAMEOEVENTCODE", "EVENTDESCRIPTION"], rows[0]
    out = {code.strip(): desc.strip() for code, desc in rows[1:]}
    out.update(REPAIRS)
    return out


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read_tenthe(path: Path) -> dict[str, str]:
    # No header; descriptions contain unquoted commas ("Demand meeting, negotiation").
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split(",", 1) for line in lines if line.strip())


def _quad_classes(gdelt_sample: Path) -> dict[str, int]:
    seen: dict[str, set[int]] = defaultdict(set)
    with gdelt_sample.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            seen[row[28]].add(int(row[29]))  # EventRootCode, QuadClass
    clash = {root: sorted(q) for root, q in seen.items() if len(q) != 1}
    if clash:
        sys.exit(f"root codes with more than one QuadClass in the GDELT sample: {clash}")
    roots = sorted(seen)
    if roots != [f"{i:02d}" for i in range(1, 21)]:
        sys.exit(f"the GDELT sample does not cover the root codes 01-20: {roots}")
    return {root: next(iter(q)) for root, q in seen.items()}


def _goldstein_differences(gdelt_sample: Path, goldstein: dict[str, float]) -> list[str]:
    diff: dict[tuple[str, float], int] = defaultdict(int)
    with gdelt_sample.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            value = float(row[30])
            if goldstein.get(row[26]) != value:
                diff[(row[26], value)] += 1
    return [
        f"{code}: GDELT {value:+.1f} vs table {goldstein.get(code)} ({n} rows)"
        for (code, value), n in sorted(diff.items())
    ]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")


def main(mirror: Path, out: Path = OUT) -> None:
    """Build the three tables from *mirror* into the folder *out*."""
    base = mirror / "event_data_samples"
    gdelt = _read_gdelt_lookup(base / "cameo" / "GDELT_CAMEO.eventcodes.txt")
    icews = {r["code"]: r for r in _read_csv(base / "cameo" / "icews_goldstein_mappings.csv")}
    tenthe = _read_tenthe(base / "cameo" / "cameo_codebook_tenthe.csv")
    sample = base / "gdelt1" / "gdelt1_events_sample_20160728_710rows.tsv"

    codes: dict[str, tuple[str, str]] = {c: (d, "gdelt") for c, d in gdelt.items()}
    for code, row in icews.items():
        codes.setdefault(code, (row["name"].strip(), "icews"))
    for code, desc in tenthe.items():
        codes.setdefault(code, (desc.strip(), "tenthe"))
    bad = [c for c in codes if not (c.isdigit() and 2 <= len(c) <= 4 and "01" <= c[:2] <= "20")]
    if bad:
        sys.exit(f"unexpected CAMEO codes: {bad}")
    order = sorted(codes, key=lambda c: (c[:2], c.ljust(4, " ")))
    _write(
        out / "cameo_codes.csv",
        ["code", "root_code", "level", "description", "source"],
        [[c, c[:2], len(c) - 1, codes[c][0], codes[c][1]] for c in order],
    )

    quad = _quad_classes(sample)
    _write(
        out / "quad_classes.csv",
        ["root_code", "description", "quad_class", "quad_label"],
        [[r, codes[r][0], quad[r], QUAD_LABELS[quad[r]]] for r in sorted(quad)],
    )

    goldstein = {c: float(r["goldstein"]) for c, r in icews.items()}
    _write(
        out / "goldstein.csv",
        ["code", "goldstein"],
        [[c, f"{goldstein[c]:.1f}"] for c in sorted(goldstein, key=order.index)],
    )
    print("QuadClass by root code:", {r: quad[r] for r in sorted(quad)})
    print("codes without a Goldstein value:", sorted(set(codes) - set(goldstein)))
    print("GoldsteinScale in the GDELT sample differing from the table:")
    for line in _goldstein_differences(sample, goldstein):
        print("  " + line)


if __name__ == "__main__":
    default = os.environ.get("ACCORD_MIRROR", "/work/shared/data")
    main(Path(sys.argv[1] if len(sys.argv) > 1 else default))
