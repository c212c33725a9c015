"""Reader for UN Comtrade CSV exports (legacy and Comtrade+ layouts) → flows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from accord import countries
from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport, countries_for_flows, flows_out
from accord.errors import InputError

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]

__all__ = ["read_comtrade"]

# ---------------------------------------------------------------------------- Comtrade

_COMTRADE_EXPECT = (
    "a UN Comtrade CSV: the legacy layout (Classification, Year, Trade Flow Code, Reporter "
    "ISO, Partner ISO, Commodity Code, Trade Value (US$), …) or the Comtrade+ layout "
    "(refYear, reporterISO, flowCode, partnerISO, cmdCode, primaryValue, …)"
)
# role -> accepted normalised column names, in order of preference
_LEGACY = {
    "year": ["year"],
    "flow": ["tradeflowcode", "tradeflow"],
    "reporter": ["reporteriso", "reporter", "reportercode"],
    "partner": ["partneriso", "partner", "partnercode"],
    "product": ["commoditycode"],
    "value": ["tradevalueus"],
}
_PLUS = {
    "year": ["refyear", "period"],
    "flow": ["flowcode"],
    "reporter": ["reporteriso", "reporterdesc", "reportercode"],
    "partner": ["partneriso", "partnerdesc", "partnercode"],
    "product": ["cmdcode"],
    "value": ["primaryvalue"],
}
_SHOWN_LEGACY = {
    "year": "Year",
    "flow": "Trade Flow Code",
    "reporter": "Reporter ISO",
    "partner": "Partner ISO",
    "product": "Commodity Code",
    "value": "Trade Value (US$)",
}
_SHOWN_PLUS = {
    "year": "refYear",
    "flow": "flowCode",
    "reporter": "reporterISO",
    "partner": "partnerISO",
    "product": "cmdCode",
    "value": "primaryValue",
}
_SIGNS = {
    "comtrade-legacy": {
        "year",
        "tradeflowcode",
        "tradeflow",
        "commoditycode",
        "tradevalueus",
        "classification",
        "perioddesc",
        "aggregatelevel",
    },
    "comtrade-plus": {
        "refyear",
        "flowcode",
        "cmdcode",
        "primaryvalue",
        "reporterdesc",
        "partnerdesc",
        "classificationcode",
        "freqcode",
        "typecode",
        "refperiodid",
    },
}
_FLOWS = {
    "x": "export",
    "m": "import",
    "2": "export",
    "1": "import",
    "export": "export",
    "import": "import",
    "exports": "export",
    "imports": "import",
}
_FLOW_NAMES = {
    "rx": "re-exports",
    "rm": "re-imports",
    "3": "re-exports",
    "4": "re-imports",
    "re-export": "re-exports",
    "re-import": "re-imports",
}
_CLASSES = {
    "H0": "HS92",
    "H1": "HS96",
    "H2": "HS02",
    "H3": "HS07",
    "H4": "HS12",
    "H5": "HS17",
    "H6": "HS22",
    "HS": "HS",
    "S1": "SITC1",
    "S2": "SITC2",
    "S3": "SITC3",
    "S4": "SITC4",
    "ST": "SITC",
    "SS": "SITC",
    "BE": "BEC",
    "BEC": "BEC",
    "B4": "BEC4",
    "B5": "BEC5",
}
# Comtrade numeric codes that are not ISO 3166 numeric codes: (iso3, name).
_COMTRADE_NUMERIC = {
    0: ("WLD", None),
    251: ("FRA", None),
    381: ("ITA", None),
    579: ("NOR", None),
    699: ("IND", None),
    757: ("CHE", None),
    842: ("USA", None),
    58: (None, "Belgium-Luxembourg"),
    490: (None, "Other Asia, nes"),
    97: (None, "European Union"),
}


def read_comtrade(path: str | Path, *, errors: Errors = "raise", report: bool = False) -> Result:
    """Read a UN Comtrade CSV export (legacy or Comtrade+ layout) into a flows table.

    Parameters
    ----------
    path : str or Path
        A CSV downloaded from UN Comtrade: the legacy layout (``Classification, Year,
        Period, Trade Flow Code, Trade Flow, Reporter Code, Reporter, Reporter ISO,
        Partner Code, Partner, Partner ISO, Commodity Code, Commodity, …, Trade Value
        (US$), Flag``) or the Comtrade+ layout of the web site and the ``comtradeapicall``
        package (``typeCode, freqCode, refPeriodId, refYear, …, reporterCode,
        reporterISO, reporterDesc, flowCode, partnerCode, partnerISO, partnerDesc,
        partner2Code, classificationCode, cmdCode, customsCode, motCode, …,
        primaryValue, …``). Column names are matched ignoring case, spaces and
        punctuation.
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(flows, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        Flows with ``value_usd`` = Trade Value (US$) / primaryValue (already US$);
        ``product`` null and ``classification`` null for commodity ``TOTAL``; otherwise
        the commodity code with its classification (``H0`` → ``"HS92"`` … ``H6`` →
        ``"HS22"``, ``S3`` → ``"SITC3"``).

    Notes
    -----
    Exports (``X``, legacy code 2) and imports (``M``, code 1) are kept; re-exports and
    re-imports (``RX``/``RM``, codes 3/4) and other flows (``MIP``, ``XOP`` …) are dropped
    and counted in the report. Partner ``World`` (ISO ``WLD``/``W00``, code 0) becomes
    ``"WLD"``. Comtrade+ rows broken down by second partner, mode of transport or customs
    procedure are dropped (counted) and only their totals (``partner2Code`` 0,
    ``motCode`` 0, ``customsCode`` C00) kept, so nothing is counted twice. Countries are
    read from the ISO column, else the numeric code (M49, with Comtrade's own codes such
    as 842 for the USA), else the name; "Other Asia, nes", "Areas, nes" and other areas
    that are not one country are dropped and counted.
    Monthly files are refused: read_comtrade reads annual data.
    """
    path = rd.existing(path)
    log = Log(path, errors)
    df = rd.read_text_table(path, expect=_COMTRADE_EXPECT)
    log.n_read = df.height
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    scores = {k: len(s & cols.keys()) for k, s in _SIGNS.items()}
    layout = max(scores, key=scores.get)
    if scores[layout] == 0:
        raise rd.unknown_layout_error(path.name, list(cols.values()), _COMTRADE_EXPECT)
    log.layout = layout
    roles = _LEGACY if layout == "comtrade-legacy" else _PLUS
    pick = {r: next((cols[c] for c in names if c in cols), None) for r, names in roles.items()}
    shown = _SHOWN_LEGACY if layout == "comtrade-legacy" else _SHOWN_PLUS
    missing = [shown[r] for r in roles if pick[r] is None]
    if missing:
        raise rd.missing_columns_error(
            path.name, layout, missing, list(cols.values()), _COMTRADE_EXPECT
        )
    _refuse_monthly(df, cols, path.name)

    df = _comtrade_breakdowns(log, df, cols)
    flow_raw = pl.col(pick["flow"]).str.strip_chars()
    key = flow_raw.str.to_lowercase()
    df = df.with_columns(key.replace_strict(_FLOWS, default=None).alias("flow"))
    log.bad(
        df,
        flow_raw.is_null() | (flow_raw == ""),
        column=pick["flow"],
        value=pl.lit(""),
        reason="the trade flow is missing",
    )
    other = df.filter(pl.col("flow").is_null() & flow_raw.is_not_null() & (flow_raw != ""))
    named = key.replace_strict(_FLOW_NAMES, default=None)
    label = pl.when(named.is_null()).then(flow_raw).otherwise(pl.format("{} ({})", flow_raw, named))
    log.drop("flow is not export or import", other.select(label).to_series())
    df = df.filter(pl.col("flow").is_not_null() | flow_raw.is_null() | (flow_raw == ""))

    df = _comtrade_countries(log, df, cols)
    y = log.years(df, pick["year"])
    v, v_bad = rd.number(pick["value"])
    log.bad(
        df,
        v_bad,
        column=pick["value"],
        value=pl.col(pick["value"]),
        reason=rd.not_number(pick["value"]),
    )
    log.bad(
        df,
        v < 0,
        column=pick["value"],
        value=pl.col(pick["value"]),
        reason=pl.format("negative value {}", pl.col(pick["value"]).str.strip_chars()),
    )
    empty = df.filter(v.is_null() & ~v_bad)
    log.drop("no value", n=empty.height)
    df = df.filter(v.is_not_null() | v_bad)

    cmd = pl.col(pick["product"]).str.strip_chars()
    total = cmd.is_null() | cmd.str.to_uppercase().is_in(["TOTAL", "ALL", ""])
    cls_col = cols.get("classificationcode") or cols.get("classification")
    cls = pl.col(cls_col).str.strip_chars().str.to_uppercase() if cls_col else pl.lit("HS")
    df = df.select(
        "reporter",
        "partner",
        y.alias("year"),
        "flow",
        v.alias("value_usd"),
        pl.when(total).then(None).otherwise(cmd).alias("product"),
        pl.when(total)
        .then(None)
        .otherwise(cls.replace_strict(_CLASSES, default=cls))
        .alias("classification"),
        "_line",
    )
    out = flows_out(df, log, f"UN Comtrade {path.name}")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_comtrade",
        dataset="un-comtrade",
        parameters={"errors": errors},
        report=report,
    )


def _refuse_monthly(df: pl.DataFrame, cols: dict[str, str], where: str) -> None:
    freq = cols.get("freqcode")
    period = cols.get("period")
    monthly = False
    if freq is not None:
        monthly = df[freq].str.strip_chars().str.to_uppercase().eq("M").any()
    elif period is not None:
        monthly = df[period].str.strip_chars().str.contains(r"^\d{6}$").any()
    if monthly:
        raise InputError(
            f"{where} holds monthly data; read_comtrade reads annual data: download the "
            "annual series (frequency A) instead."
        )


def _comtrade_breakdowns(log: Log, df: pl.DataFrame, cols: dict[str, str]) -> pl.DataFrame:
    """Keep only totals over second partner, mode of transport and customs procedure."""
    checks = [
        (("partner2code", "2ndpartnercode"), ("0",), "broken down by second partner"),
        (("motcode", "modeoftransportcode"), ("0",), "broken down by mode of transport"),
        (("customscode", "customsproccode"), ("C00",), "broken down by customs procedure"),
    ]
    for names, total, why in checks:
        col = next((cols[n] for n in names if n in cols), None)
        if col is None:
            continue
        s = pl.col(col).str.strip_chars().str.to_uppercase()
        part = s.is_not_null() & (s != "") & ~s.is_in(list(total))
        log.drop(why, df.filter(part)[col])
        df = df.filter(~part)
    return df


def _comtrade_countries(log: Log, df: pl.DataFrame, cols: dict[str, str]) -> pl.DataFrame:
    """Countries from the ISO column, else the name column, else the numeric code."""
    spec = {}
    for side in ("reporter", "partner"):
        iso, num = cols.get(f"{side}iso"), cols.get(f"{side}code")
        name = cols.get(f"{side}desc") or cols.get(side)
        code = _blank(iso)
        label = _blank(name)
        if num:
            found = {c: _comtrade_numeric(c) for c in df[num].unique().to_list() if c is not None}
            by_num = pl.col(num).replace_strict({k: v[0] for k, v in found.items()}, default=None)
            name_by_num = pl.col(num).replace_strict(
                {k: v[1] for k, v in found.items()}, default=None
            )
            code, label = pl.coalesce(code, by_num), pl.coalesce(label, name_by_num)
        raw = pl.coalesce(_blank(name), _blank(iso), _blank(num))
        df = df.with_columns(
            code.alias(f"_{side}_code"), label.alias(f"_{side}_name"), raw.alias(f"_{side}_raw")
        )
        spec[side] = {"code": f"_{side}_code", "name": f"_{side}_name", "raw": f"_{side}_raw"}
        spec[side]["column"] = name or iso or num
    return countries_for_flows(log, df, rep=spec["reporter"], par=spec["partner"])


def _blank(col: str | None) -> pl.Expr:
    if col is None:
        return pl.lit(None, pl.String)
    s = pl.col(col).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def _comtrade_numeric(code: str) -> tuple[str | None, str | None]:
    """``(iso3 or code, name)`` for a Comtrade numeric area code (M49 with exceptions)."""
    c = code.strip()
    if not c.isdigit():
        return None, None
    n = int(c)
    if n in _COMTRADE_NUMERIC:
        return _COMTRADE_NUMERIC[n]
    try:
        return countries.resolve(f"m49:{n}"), None
    except InputError:
        return c, None
