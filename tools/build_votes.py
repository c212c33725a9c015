"""Build the embedded UN General Assembly votes files from the unvotes CSVs.

Input (a mirror of the public data, see ``../shared/data/unga_votes/SOURCE.md``):
``unga_votes/un_votes.csv.gz``, ``un_roll_calls.csv.gz``, ``un_roll_call_issues.csv``
(Voeten's data as released in the R package unvotes, commit 7eb70343, 2021-03-08).

Output, in ``src/accord/data/files/``:

* ``unga_votes.parquet`` — one row per roll call x state: ``rcid`` (int32),
  ``iso3`` (str), ``vote`` (int8: 1 yes, 2 abstain, 3 no);
* ``unga_rollcalls.parquet`` — one row per roll call: ``rcid, session, date, year,
  unres, amend, para, important, me, nu, di, hr, co, ec, short``.

Country codes: the data's ISO2 codes become ISO3. Historical seats: the USSR's votes are
already coded as Russia (RU) in the source and stay RUS, as the UN seat did; the China
seat before 25 October 1971 is coded Taiwan (TWN) in the source and stays so; Yemen Arab
Republic → YEM and the Federal Republic of Germany → DEU (the states that continued
those seats); Czechoslovakia CSK, German Democratic Republic DDR, Yemen People's
Republic YMD, Zanzibar ZAN; Yugoslavia YUG until session 54 and SRB (FR Yugoslavia,
Serbia and Montenegro, Serbia) from session 55 (2000) when it was admitted again.

Usage::

    python tools/build_votes.py [MIRROR]      # MIRROR defaults to $ACCORD_MIRROR or ../shared/data
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "data" / "files"

# Names in the source without an ISO2 code, and ISO2 codes of states that no longer exist.
BY_NAME = {
    "Yemen Arab Republic": "YEM",
    "Federal Republic of Germany": "DEU",
    "Zanzibar": "ZAN",
}
HISTORICAL_ISO2 = {"CS": "CSK", "DD": "DDR", "YD": "YMD", "YU": "YUG"}
YUGOSLAVIA_LAST_SESSION = 54  # FR Yugoslavia was admitted as a new member in Nov 2000


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def iso2_to_iso3() -> dict[str, str]:
    import pycountry  # build-time only

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table.update(HISTORICAL_ISO2)
    return table


def build(mirror: Path) -> dict:
    src = mirror / "unga_votes"
    files = {
        "votes": src / "un_votes.csv.gz",
        "rollcalls": src / "un_roll_calls.csv.gz",
        "issues": src / "un_roll_call_issues.csv",
    }
    votes = pl.read_csv(files["votes"], schema_overrides={"country_code": pl.String})
    rollcalls = pl.read_csv(files["rollcalls"])
    issues = pl.read_csv(files["issues"])

    codes = iso2_to_iso3()
    votes = votes.join(rollcalls.select("rcid", "session"), on="rcid", how="left")
    iso3 = (
        pl.when(pl.col("country").is_in(list(BY_NAME)))
        .then(pl.col("country").replace_strict(BY_NAME, default=None))
        .otherwise(pl.col("country_code").replace_strict(codes, default=None))
    )
    votes = votes.with_columns(iso3.alias("iso3"))
    votes = votes.with_columns(
        pl.when((pl.col("iso3") == "YUG") & (pl.col("session") > YUGOSLAVIA_LAST_SESSION))
        .then(pl.lit("SRB"))
        .otherwise(pl.col("iso3"))
        .alias("iso3")
    )
    missing = votes.filter(pl.col("iso3").is_null())["country"].unique().to_list()
    if missing:
        raise SystemExit(f"no ISO3 code for: {missing}")
    dup = votes.filter(pl.struct("rcid", "iso3").is_duplicated())
    if dup.height:
        raise SystemExit(f"duplicate roll call x state rows: {dup.head()}")

    code = {"yes": 1, "abstain": 2, "no": 3}
    votes_out = votes.select(
        pl.col("rcid").cast(pl.Int32),
        pl.col("iso3"),
        pl.col("vote").replace_strict(code, return_dtype=pl.Int8),
    ).sort("rcid", "iso3")

    tags = issues.group_by("rcid").agg(pl.col("short_name"))
    rc_out = (
        rollcalls.join(tags, on="rcid", how="left")
        .with_columns(pl.col("short_name").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .select(
            pl.col("rcid").cast(pl.Int32),
            pl.col("session").cast(pl.Int16),
            pl.col("date").str.to_date(),
            pl.col("date").str.slice(0, 4).cast(pl.Int16).alias("year"),
            pl.col("unres"),
            pl.col("amend").fill_null(0).cast(pl.Boolean),
            pl.col("para").fill_null(0).cast(pl.Boolean),
            pl.col("importantvote").cast(pl.Boolean).alias("important"),
            *[
                pl.col("short_name").list.contains(t).alias(t)
                for t in ("me", "nu", "di", "hr", "co", "ec")
            ],
            pl.col("short").str.strip_chars(),
        )
        .sort("rcid")
    )
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = {
        "unga_votes.parquet": votes_out,
        "unga_rollcalls.parquet": rc_out,
    }
    report = {"inputs": {p.name: sha256(p) for p in files.values()}, "outputs": {}}
    for name, df in outputs.items():
        path = OUT / name
        df.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
        report["outputs"][name] = {
            "sha256": sha256(path),
            "size": path.stat().st_size,
            "rows": df.height,
        }
    report["source"] = {
        "dataset": "Voeten, Strezhnev & Bailey, United Nations General Assembly Voting Data "
        "(Harvard Dataverse hdl:1902.1/12379), as released in the R package unvotes",
        "repository": "https://github.com/dgrtwo/unvotes",
        "commit": "7eb7034314ff79c49c9e0785fcd9d216fa04cf14",
        "script": "tools/build_votes.py",
    }
    (OUT / "unga_votes.provenance.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    default = os.environ.get("ACCORD_MIRROR", str(ROOT.parent / "shared" / "data"))
    mirror = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    print(json.dumps(build(mirror), indent=2))
