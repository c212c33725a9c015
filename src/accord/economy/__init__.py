"""The money stream: trade, remittances, migration and finance (``accord.economy``).

Readers turn the files analysts have (BACI, Comtrade, DOTS, WITS, WDI, KNOMAD, UN DESA,
AidData) into long tables; :mod:`~accord.economy.flows` holds the one schema of bilateral
flows; :mod:`~accord.economy.indices` the measures (shares, growth, concentration, export
similarity, complementarity, intensity, remittance dependence, migrant shares);
:mod:`~accord.economy.figures` the embedded figures; :mod:`~accord.economy.claims` the
article's claims checked against them.
"""

from accord.economy._reading import ReadReport
from accord.economy.flows import FLOW_SCHEMA, concat_flows, fill_mirror, validate_flows
from accord.economy.profile import Profile, profile
from accord.economy.readers import read_trade
from accord.economy.readers_indicators import (
    read_aiddata_diplomacy,
    read_aiddata_finance,
    read_knomad_migrants,
    read_knomad_remittances,
    read_un_migrant_stock,
    read_wdi,
)
from accord.economy.readers_trade import (
    read_baci,
    read_comtrade,
    read_dots,
    read_wits_indicators,
    read_wits_summary,
)

__all__ = [
    "FLOW_SCHEMA",
    "Profile",
    "ReadReport",
    "concat_flows",
    "fill_mirror",
    "profile",
    "read_aiddata_diplomacy",
    "read_aiddata_finance",
    "read_baci",
    "read_comtrade",
    "read_dots",
    "read_knomad_migrants",
    "read_trade",
    "read_knomad_remittances",
    "read_un_migrant_stock",
    "read_wdi",
    "read_wits_indicators",
    "read_wits_summary",
    "validate_flows",
]
