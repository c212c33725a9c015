"""One entry point for trade files: :func:`read_trade` recognises the layout."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from accord.economy.flows import validate_flows
from accord.errors import InputError

__all__ = ["read_trade", "LAYOUTS"]

LAYOUTS = {
    "flows": "accord's flows table (reporter, partner, year, flow, value_usd …), CSV or parquet",
    "baci": "CEPII BACI (t, i, j, k, v, q)",
    "comtrade": "UN Comtrade CSV export (legacy or Comtrade+)",
    "dots": "IMF Direction of Trade Statistics CSV",
    "wits": "WITS trade summary CSV",
}


def _header(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        line = fh.readline().decode("utf-8-sig", errors="replace")
    return [c.strip().strip('"').strip() for c in line.rstrip("\r\n").split(",")]


def detect(path: str | Path) -> str:
    """The layout of a trade file: one of the keys of :data:`LAYOUTS`."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"trade file '{p}' does not exist; check the path.")
    if p.suffix.lower() == ".parquet":
        return "flows"
    cols = _header(p)
    lower = {c.lower() for c in cols}
    if {"reporter", "partner", "year", "flow", "value_usd"} <= lower:
        return "flows"
    if {"t", "i", "j", "k", "v"} <= lower:
        return "baci"
    if "primaryvalue" in lower or "trade value (us$)" in lower:
        return "comtrade"
    if any("counterpart" in c for c in lower) or "time period" in lower:
        return "dots"
    if "indicator type" in lower and "product categories" in lower:
        return "wits"
    raise InputError(
        f"{p.name}: the layout is not recognised (first columns: {', '.join(cols[:6])}). "
        "Supported: " + "; ".join(LAYOUTS.values()) + "."
    )


def read_trade(path: str | Path | Iterable[str | Path], **kwargs) -> pl.DataFrame:
    """Read one or several trade files in any supported layout into a flows table.

    The layout is recognised from each file (:func:`detect`); keyword arguments go to the
    layout's reader (:func:`~accord.economy.read_baci`, :func:`~accord.economy.read_comtrade`,
    :func:`~accord.economy.read_dots`, :func:`~accord.economy.read_wits_summary`). Several
    files (a list, or a pattern such as ``"BACI_HS17_Y20*_V202501.csv"``) are stacked with
    :func:`~accord.economy.flows.concat_flows`, which keeps every file's provenance; BACI
    years go to one :func:`~accord.economy.read_baci` call, which reads two at a time.
    """
    from accord.economy import read_baci
    from accord.economy.flows import concat_flows
    from accord.economy.readers_trade import _many

    files = _many(path)
    if files is None:
        return _read_one(Path(path), **kwargs)  # type: ignore[arg-type]
    if len(files) == 1:
        return _read_one(files[0], **kwargs)
    layouts = [detect(f) for f in files]
    if set(layouts) == {"baci"}:
        return read_baci(files, **kwargs)
    return concat_flows([_read_one(f, **kwargs) for f in files], where="read_trade")


def _read_one(p: Path, **kwargs) -> pl.DataFrame:
    from accord.economy import read_baci, read_comtrade, read_dots, read_wits_summary

    layout = detect(p)
    if layout == "flows":
        df = (
            pl.read_parquet(p)
            if p.suffix.lower() == ".parquet"
            else pl.read_csv(p, infer_schema_length=10000)
        )
        return validate_flows(df, where=p.name)
    reader = {
        "baci": read_baci,
        "comtrade": read_comtrade,
        "dots": read_dots,
        "wits": read_wits_summary,
    }[layout]
    return reader(p, **kwargs)
