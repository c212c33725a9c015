"""Build the embedded table of economic figures from the public datasets.

Inputs (a mirror of the public data; each folder has a SOURCE.md): ``trade_wits_summary/``,
``worldbank_wdi/``, ``remittances_migration_bilateral/``, ``aiddata_china_engagement/``.
Output: ``src/accord/data/files/economy_figures.parquet`` (schema in
``accord/economy/figures.py``) and ``economy_figures.provenance.json`` with the input and
output checksums.

What goes in: every country's population and GDP (small, and any destination may need
them); remittances % of GDP where the extract has them (the five Central Asian states,
USA, world); the 2021 WDI cross-section values of remittances received and FDI inflows
for its nine countries; every KNOMAD 2021 remittance and migrant corridor; the UN 2017
migrant stocks of the former Soviet states; the WITS top-5-partner trade of the six
reporters with files, with mirror rows filled from the partner's report and flagged;
AidData Chinese official finance summed per recipient-year (projects recommended for
research, umbrella projects left out to avoid double counting, as AidData advises); and
Chinese elite visits from the public-diplomacy dashboard.

Usage::

    python tools/build_economy.py [MIRROR]    # MIRROR defaults to $ACCORD_MIRROR or ../shared/data
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import polars as pl

from accord.economy import readers_indicators as ri
from accord.economy import readers_wits as rw
from accord.economy.flows import fill_mirror

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "data" / "files"
FSU = (
    "ARM",
    "AZE",
    "BLR",
    "EST",
    "GEO",
    "KAZ",
    "KGZ",
    "LTU",
    "LVA",
    "MDA",
    "RUS",
    "TJK",
    "TKM",
    "UKR",
    "UZB",
)

COLUMNS = {
    "indicator": pl.String,
    "iso3": pl.String,
    "partner": pl.String,
    "year": pl.Int16,
    "flow": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "source": pl.String,
    "mirrored": pl.Boolean,
}

SOURCES = {
    "wits": "World Bank WITS trade summary (vintage to 2019)",
    "wdi": "World Bank WDI",
    "knomad": "World Bank/KNOMAD bilateral matrices 2021 (Dec 2022)",
    "undesa": "UN DESA International Migrant Stock 2017",
    "aiddata-gcof": "AidData Global Chinese Official Finance v1.0",
    "aiddata-pd": "AidData China Public Diplomacy Dashboard v2.0",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def frame(df: pl.DataFrame, **const) -> pl.DataFrame:
    """Add constant columns and order/cast to COLUMNS."""
    df = df.with_columns(pl.lit(v).alias(k) for k, v in const.items())
    for c in COLUMNS:
        if c not in df.columns:
            df = df.with_columns(pl.lit(None).alias(c))
    return df.select(pl.col(c).cast(t) for c, t in COLUMNS.items())


def build(mirror: Path) -> dict:
    inputs: list[Path] = []

    def src(rel: str) -> Path:
        p = mirror / rel
        inputs.append(p)
        return p

    parts: list[pl.DataFrame] = []

    # Trade: WITS top-5 partners and totals of the reporters with files; mirror filled.
    trade = pl.concat(
        [rw.read_wits_summary(p) for p in sorted(src("trade_wits_summary/raw").glob("*.CSV"))]
    )
    inputs.extend(sorted((mirror / "trade_wits_summary/raw").glob("*.CSV")))
    trade = fill_mirror(trade)
    parts.append(
        frame(
            trade.rename({"reporter": "iso3", "value_usd": "value"}),
            indicator="trade",
            unit="USD",
            source=SOURCES["wits"],
        )
    )

    # WDI: population and GDP of every country; remittances % GDP where extracted.
    for rel, name, unit in (
        ("worldbank_wdi/population_SP.POP.TOTL_all_countries.csv", "population", "persons"),
        ("worldbank_wdi/gdp_current_usd_NY.GDP.MKTP.CD_all_countries.csv", "gdp", "USD"),
        (
            "worldbank_wdi/remittances_pct_gdp_BX.TRF.PWKR.DT.GD.ZS_focal.csv",
            "remittances_pct_gdp",
            "percent of GDP",
        ),
    ):
        df = ri.read_wdi(src(rel))
        parts.append(frame(df, indicator=name, unit=unit, source=SOURCES["wdi"], mirrored=False))
    cross = ri.read_wdi(src("worldbank_wdi/wdi_2021_cross_section_focal9.csv"))
    for code, name in (
        ("BX.TRF.PWKR.CD.DT", "remittances_received"),
        ("BX.KLT.DINV.CD.WD", "fdi_inflows"),
    ):
        df = cross.filter(pl.col("indicator") == code)
        parts.append(
            frame(df, indicator=name, unit="USD", source=SOURCES["wdi"] + " 2021", mirrored=False)
        )

    # KNOMAD 2021: remittances (receiver = iso3, sender = partner) and migrant stocks
    # (destination = iso3, origin = partner). The long files have one unlabelled row
    # (a duplicate of Lebanon's world total): skipped and reported by the reader.
    rem = ri.read_knomad_remittances(
        src("remittances_migration_bilateral/bilateral_remittances_2021_long.csv"), errors="skip"
    )
    parts.append(
        frame(
            rem.rename({"destination": "iso3", "origin": "partner", "value_usd": "value"}),
            indicator="remittances_bilateral",
            unit="USD",
            source=SOURCES["knomad"],
            mirrored=False,
        )
    )
    mig = ri.read_knomad_migrants(
        src("remittances_migration_bilateral/bilateral_migrant_stocks_2021_long.csv"), errors="skip"
    )
    parts.append(
        frame(
            mig.rename({"destination": "iso3", "origin": "partner", "migrants": "value"}),
            indicator="migrant_stock",
            unit="persons",
            source=SOURCES["knomad"],
            mirrored=False,
        )
    )
    un = ri.read_un_migrant_stock(
        src("remittances_migration_bilateral/UN_MigrantStockByOriginAndDestination_2017_wide.csv"),
        errors="skip",
    )
    un = un.filter(pl.col("origin").is_in(FSU) | pl.col("destination").is_in(FSU))
    parts.append(
        frame(
            un.rename({"destination": "iso3", "origin": "partner", "migrants": "value"}),
            indicator="migrant_stock_un",
            unit="persons",
            source=SOURCES["undesa"],
            mirrored=False,
        )
    )

    # AidData: Chinese official finance per recipient-year; elite visits.
    gcof = ri.read_aiddata_finance(
        src("aiddata_china_engagement/GlobalChineseOfficialFinanceDataset_v1.0.xlsx")
    )
    gcof = gcof.filter(
        pl.col("recipient").is_not_null() & pl.col("recommended_for_research") & ~pl.col("umbrella")
    )
    per_year = gcof.group_by("recipient", "year").agg(
        pl.col("usd_current").sum().alias("usd"), pl.len().alias("projects")
    )
    for col, name, unit in (
        ("usd", "china_finance", "USD"),
        ("projects", "china_finance_projects", "projects"),
    ):
        parts.append(
            frame(
                per_year.select(
                    pl.col("recipient").alias("iso3"), "year", pl.col(col).alias("value")
                ),
                indicator=name,
                unit=unit,
                partner="CHN",
                source=SOURCES["aiddata-gcof"],
                mirrored=False,
            )
        )
    pd_ = ri.read_aiddata_diplomacy(src("aiddata_china_engagement/ChinesePublicDiplomacy.csv"))
    parts.append(
        frame(
            pd_.select("iso3", "year", pl.col("total_elite_visits").alias("value")).drop_nulls(
                "value"
            ),
            indicator="china_elite_visits",
            unit="visits",
            partner="CHN",
            source=SOURCES["aiddata-pd"],
            mirrored=False,
        )
    )

    figures = (
        pl.concat(parts)
        .filter(pl.col("value").is_not_null() & pl.col("iso3").is_not_null())
        .sort("indicator", "iso3", "partner", "year", "flow", nulls_last=True)
    )
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "economy_figures.parquet"
    figures.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
    report = {
        "inputs": {
            str(p.relative_to(mirror)): sha256(p) for p in sorted(set(inputs)) if p.is_file()
        },
        "outputs": {
            path.name: {"sha256": sha256(path), "size": path.stat().st_size, "rows": figures.height}
        },
        "rows_by_indicator": dict(sorted(figures.group_by("indicator").len().iter_rows())),
        "script": "tools/build_economy.py",
    }
    (OUT / "economy_figures.provenance.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    default = os.environ.get("ACCORD_MIRROR", str(ROOT.parent / "shared" / "data"))
    print(json.dumps(build(Path(sys.argv[1] if len(sys.argv) > 1 else default)), indent=2))
