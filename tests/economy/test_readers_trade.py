"""Trade readers (BACI, Comtrade, DOTS): units, layouts, reports and malformed rows."""

from __future__ import annotations

import re
import shutil

import numpy as np
import polars as pl
import pytest

from accord.economy.flows import FLOW_SCHEMA, fill_mirror, validate_flows
from accord.economy.readers_trade import ReadReport, read_baci, read_comtrade, read_dots
from accord.errors import InputError
from accord.provenance import provenance_of

BACI = "BACI_HS92_Y2019_V202401.csv"
CODES = "country_codes_V202401.csv"
LEGACY_HEADER = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "Commodity Code,Commodity,Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag"
)


def legacy_row(value="1000", year="2019", partner=("156", "China", "CHN"), cmd="TOTAL"):
    code, name, iso = partner
    return (
        f"HS,{year},{year},{year},0,0,2,Export,398,Kazakhstan,KAZ,{code},{name},{iso},"
        f"{cmd},Something,1,No Quantity,,,{value},0"
    )


def one(df: pl.DataFrame, **where) -> float:
    hit = df.filter(*(pl.col(k) == v for k, v in where.items()))
    assert hit.height == 1, hit
    return hit["value_usd"][0]


# ---------------------------------------------------------------------------- BACI


def test_baci_units_products_and_classification(fixtures):
    flows, rep = read_baci(fixtures / BACI, report=True)
    assert flows.schema == pl.Schema(FLOW_SCHEMA)
    assert validate_flows(flows).equals(flows)
    assert flows.height == 5
    # v is in thousands of US$: 1.5 -> 1,500 US$; k 10121 is HS6 010121
    assert one(flows, reporter="KAZ", partner="CHN", product="010121") == 1500.0
    assert one(flows, reporter="KAZ", partner="CHN", product="260300") == 1_000_250.0
    assert one(flows, reporter="USA", partner="KAZ", product="271019") == 125.0
    assert set(flows["flow"]) == {"export"}
    assert set(flows["classification"]) == {"HS92"}
    assert set(flows["source"]) == {"CEPII BACI HS92 V202401"}  # the file: in provenance
    assert isinstance(rep, ReadReport)
    assert (rep.n_read, rep.n_kept, rep.layout) == (6, 5, "cepii-baci")
    assert rep.dropped.row(0) == ("importer is not a country", "Other Asia, nes", 1)
    prov = provenance_of(flows)
    assert prov.sources[0].id == "cepii-baci" and prov.sources[0].version == "V202401"
    assert len(prov.sources[0].sha256[BACI]) == 64


def test_baci_is_mirror_ready(fixtures):
    filled = fill_mirror(read_baci(fixtures / BACI))
    mirrored = filled.filter(pl.col("mirrored"))
    assert one(mirrored, reporter="CHN", partner="KAZ", flow="import", product="010121") == 1500.0


def test_baci_filters_and_codes_argument(fixtures, tmp_path):
    data = tmp_path / "baci_2019.csv"  # no BACI name: classification "HS"
    shutil.copy(fixtures / BACI, data)
    flows = read_baci(data, country_codes=fixtures / CODES, reporters=["KAZ"], partners="CHN")
    assert flows.height == 2 and set(flows["classification"]) == {"HS"}
    with pytest.raises(InputError, match="reporters: unknown country 'Atlantis'"):
        read_baci(data, country_codes=fixtures / CODES, reporters=["Atlantis"])


def test_baci_older_codes_file_and_unmapped_codes(tmp_path):
    # releases before V202401: country_name_abbreviation, …, iso_3digit_alpha
    (tmp_path / "country_codes_V202301.csv").write_text(
        "country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,"
        "iso_3digit_alpha\n58,Belgium-Luxembourg,Belgium-Luxembourg,,BLX\n"
        "156,China,China,CN,CHN\n398,Kazakhstan,Kazakhstan,KZ,KAZ\n"
        "998,Atlantis,Atlantis,,ATL\n"
    )
    path = tmp_path / "BACI_HS92_Y1995_V202301.csv"
    path.write_text("t,i,j,k,v,q\n1995,398,156,10121,1,NA\n1995,58,156,10121,2,NA\n"
                    "1995,398,998,10121,3,NA\n")  # fmt: skip
    flows, rep = read_baci(path, report=True)
    assert flows.select("reporter", "partner", "year").rows() == [("KAZ", "CHN", 1995)]
    assert rep.dropped.rows() == [
        ("exporter is not a country", "Belgium-Luxembourg", 1),
        ("importer has no ISO3 code accord knows", "Atlantis", 1),
    ]


def test_baci_needs_its_codes_file(tmp_path, fixtures):
    shutil.copy(fixtures / BACI, tmp_path / BACI)
    with pytest.raises(InputError) as err:
        read_baci(tmp_path / BACI)
    assert str(err.value).startswith(f"{BACI}: BACI's country codes file (country_codes_V*.csv)")
    assert "country_codes='path/to/country_codes_V202401.csv'" in str(err.value)


def test_baci_malformed_rows(tmp_path, fixtures):
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / BACI
    path.write_text(
        "t,i,j,k,v,q\n2019,398,156,10121,1.5,NA\n2019,398,156,10122,n/a,NA\n"
        "2019,999,156,10123,2,NA\n2019,398,643,10124,4,NA\n"
    )
    with pytest.raises(InputError) as err:
        read_baci(path)
    assert str(err.value) == (
        f"{BACI} line 3, column 'v': 'n/a' is not a number; line 4, column 'i': exporter "
        f'code 999 is not in {CODES}; fix them or pass errors="skip".'
    )
    flows, rep = read_baci(path, errors="skip", report=True)
    assert flows["product"].to_list() == ["010121", "010124"]
    assert rep.skipped["line"].to_list() == [3, 4]
    assert rep.skipped["column"].to_list() == ["v", "i"]


def test_baci_repeated_flow(tmp_path, fixtures):
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / BACI
    path.write_text("t,i,j,k,v,q\n2019,398,156,10121,1.5,NA\n2019,398,156,10121,2,NA\n")
    with pytest.raises(
        InputError, match=r"line 3: exporter, importer, year and product repeat line 2"
    ):
        read_baci(path)


def test_baci_typed_rows_that_break_a_rule(tmp_path, fixtures):
    # Every cell parses as a number, so the fast typed read is used; the checks still name
    # the lines: a negative value, a year that is not one, a code too long for HS6, a gap.
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / BACI
    path.write_text(
        "t,i,j,k,v,q\n2019,398,156,10121,1.5,NA\n2019,398,156,10122,-2,NA\n"
        "19,398,156,10123,2,NA\n2019,398,156,1234567,4,NA\n2019,398,,10125,4,NA\n"
    )
    with pytest.raises(InputError) as err:
        read_baci(path)
    assert str(err.value).startswith(
        f"{BACI} line 3, column 'v': negative value -2.0; line 4, column 't': '19' is not a "
        "year; line 5, column 'k': '1234567' is not an HS6 product code (and 1 more row)"
    )
    flows, rep = read_baci(path, errors="skip", report=True)
    assert flows["product"].to_list() == ["010121"]
    assert rep.skipped["line"].to_list() == [3, 4, 5, 6]


def test_baci_cells_with_spaces_are_read_as_text_then_numbers(tmp_path, fixtures):
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / BACI
    path.write_text("t,i,j,k,v,q\n2019, 398,156,10121,1.5,NA\n2019,398,156, 10122,2,NA\n")
    flows = read_baci(path)
    assert flows["product"].cast(pl.String).to_list() == ["010121", "010122"]
    assert flows["reporter"].cast(pl.String).to_list() == ["KAZ", "KAZ"]


def test_baci_large_file_matches_a_direct_reading(tmp_path, fixtures):
    # Thousands of rows, product codes above 65,535, an aggregate partner: the categorical
    # columns hold the same text a row-by-row conversion gives, in file order.
    import numpy as np

    shutil.copy(fixtures / CODES, tmp_path / CODES)
    rng = np.random.default_rng(3)
    n = 5000
    raw = pl.DataFrame(
        {
            "t": np.full(n, 2019),
            "i": rng.choice([156, 398, 417, 643, 842], n),
            "j": rng.choice([156, 398, 417, 490, 643, 842], n),
            "k": rng.choice([10121, 270900, 999999, 854140, 30], n),
            "v": np.round(rng.lognormal(2, 1, n), 3),
        }
    ).unique(["t", "i", "j", "k"], maintain_order=True)
    path = tmp_path / BACI
    raw.with_columns(pl.lit(None).alias("q")).write_csv(path, null_value="NA")
    flows, rep = read_baci(path, report=True)
    _same_encoding(flows)
    iso = {156: "CHN", 398: "KAZ", 417: "KGZ", 643: "RUS", 842: "USA"}
    want = raw.filter(pl.col("j") != 490)
    assert flows.schema == pl.Schema(FLOW_SCHEMA)
    assert flows["reporter"].cast(pl.String).to_list() == [iso[c] for c in want["i"]]
    assert flows["partner"].cast(pl.String).to_list() == [iso[c] for c in want["j"]]
    assert flows["product"].cast(pl.String).to_list() == [f"{k:06d}" for k in want["k"]]
    assert flows["value_usd"].to_list() == pytest.approx((want["v"] * 1000).to_list())
    assert rep.dropped.row(0) == (
        "importer is not a country",
        "Other Asia, nes",
        raw.height - want.height,
    )


def _same_encoding(flows):
    """The hinted encoding of a table equals the one made by counting its codes."""
    from accord.economy import encode as E

    hinted, counted = E.encode(flows), E._encode(flows, "test")
    for name in ("reporter", "partner", "product", "year", "value", "years"):
        assert np.array_equal(getattr(hinted, name), getattr(counted, name)), name
    assert hinted.countries.to_list() == counted.countries.to_list()
    assert hinted.products.to_list() == counted.products.to_list()


def test_baci_tells_the_encoding_which_codes_its_rows_hold(tmp_path, fixtures):
    # Rows dropped for a partner that is not a country (490) take their codes with them:
    # USA (842) and product 999999 appear only in such rows, so the hint leaves them out.
    from accord.economy.encode import hinted

    shutil.copy(fixtures / CODES, tmp_path / CODES)
    rows = [(2018, 156, 398, 10121), (2018, 398, 643, 270900), (2018, 842, 490, 999999)]
    for year in (2018, 2019):
        text = "".join(f"{year},{i},{j},{k},1.5,NA\n" for _, i, j, k in rows)
        (tmp_path / f"BACI_HS92_Y{year}_V202401.csv").write_text("t,i,j,k,v,q\n" + text)
    one = read_baci(tmp_path / "BACI_HS92_Y2018_V202401.csv")
    countries, products = {"CHN", "KAZ", "RUS"}, {"010121", "270900"}
    assert hinted(one) == {"countries": countries, "products": products, "years": {2018}}
    _same_encoding(one)
    both = read_baci(tmp_path / "BACI_HS92_Y*_V202401.csv")  # the hints of the years, joined
    assert both.height == 4
    assert hinted(both) == {"countries": countries, "products": products, "years": {2018, 2019}}
    assert both["source"].unique().to_list() == ["CEPII BACI HS92 V202401"]
    _same_encoding(both)
    assert hinted(one.head(1)) is None  # another table: no hint


def test_baci_wrong_columns(write, fixtures):
    path = write(BACI, "year,exporter,importer,k,v\n2019,398,156,10121,1\n")
    shutil.copy(fixtures / CODES, path.parent / CODES)
    with pytest.raises(
        InputError, match=r"missing column\(s\) 't', 'i', 'j' for the CEPII BACI layout"
    ):
        read_baci(path)


def test_baci_typed_code_missing_from_the_codes_file_is_named_by_line(tmp_path, fixtures):
    # Every cell is a number (the fast typed read), but exporter 999 is in no codes file:
    # the checks fall back to the row-by-row path, which names the line.
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / BACI
    path.write_text(
        "t,i,j,k,v,q\n2019,156,398,10121,1.5,NA\n2019,398,156,10121,2,NA\n"
        "2019,398,490,10122,3,NA\n2019,999,156,10123,2,NA\n2019,643,417,10124,4,NA\n"
    )
    with pytest.raises(InputError) as err:
        read_baci(path)
    assert str(err.value) == (
        f"{BACI} line 5, column 'i': exporter code 999 is not in {CODES}; fix it or pass "
        'errors="skip".'
    )
    flows, rep = read_baci(path, errors="skip", report=True)
    assert flows["product"].to_list() == ["010121", "010121", "010124"]
    assert rep.skipped["line"].to_list() == [5]
    assert rep.dropped.rows() == [("importer is not a country", "Other Asia, nes", 1)]


def test_baci_errors_far_down_a_large_file_name_the_right_line(tmp_path, fixtures):
    # Polars parses a large file in many chunks; the line numbers still count from the top.
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    n = 300_000
    k = np.arange(n) + 10_000
    raw = pl.DataFrame({"t": 2019, "i": 398, "j": 156, "k": k, "v": 1.0, "q": None})
    raw = raw.with_columns(
        pl.when(pl.int_range(pl.len()) == 250_000).then(-2.0).otherwise(pl.col("v")).alias("v")
    )
    path = tmp_path / BACI
    raw.write_csv(path, null_value="NA")
    with pytest.raises(InputError, match=f"{BACI} line 250002, column 'v': negative value -2.0"):
        read_baci(path)
    # A repeated key far down: found too, by line.
    k[200_001] = k[200_000]
    raw = raw.with_columns(pl.col("v").abs(), pl.Series("k", k))
    raw.write_csv(path, null_value="NA")
    with pytest.raises(
        InputError, match="line 200003: exporter, importer, year and product repeat line 200002"
    ):
        read_baci(path)


def test_baci_keys_are_checked_across_chunks():
    from accord.economy.readers_trade import _keys_and_products

    def chunked(k, cut):  # i, j, k columns cut at different rows (chunks not aligned)
        n = len(k)
        cols = {"i": np.full(n, 398), "j": np.full(n, 156), "k": np.array(k)}
        parts = [pl.DataFrame({c: v[a:b] for c, v in cols.items()}) for a, b in cut]
        df = pl.concat(parts, rechunk=False)
        return df.with_columns(pl.concat([df["k"].slice(0, 1), df["k"].slice(1)], rechunk=False))

    ok, products, countries = _keys_and_products(
        chunked([1, 2, 3, 7, 9], [(0, 2), (2, 5)]), 9, True
    )
    assert ok and products.tolist() == [1, 2, 3, 7, 9] and countries.tolist() == [156, 398]
    ok, _, _ = _keys_and_products(chunked([1, 2, 2, 7, 9], [(0, 2), (2, 5)]), 9, True)
    assert not ok  # the repeat straddles the chunks


def test_baci_several_years_in_one_file(tmp_path, fixtures):
    shutil.copy(fixtures / CODES, tmp_path / CODES)
    path = tmp_path / "BACI_HS92_Y2018_V202401.csv"
    path.write_text(
        "t,i,j,k,v,q\n2018,156,398,10121,1.5,NA\n2018,398,156,10121,2,NA\n"
        "2019,156,398,10121,3,NA\n2019,398,156,260300,4,NA\n"
    )
    flows = read_baci(path)
    assert flows.schema == pl.Schema(FLOW_SCHEMA)
    assert flows.select("reporter", "year", "product").rows() == [
        ("CHN", 2018, "010121"),
        ("KAZ", 2018, "010121"),
        ("CHN", 2019, "010121"),
        ("KAZ", 2019, "260300"),
    ]


def test_baci_codes_of_four_digits_are_read_by_the_general_path(tmp_path):
    (tmp_path / "country_codes_V202401.csv").write_text(
        "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n"
        "1398,Kazakhstan,KZ,KAZ\n"
    )
    path = tmp_path / BACI
    path.write_text("t,i,j,k,v,q\n2019,1398,156,10121,1.5,NA\n2019,156,1398,10122,2,NA\n")
    flows = read_baci(path)
    assert flows.select("reporter", "partner", "product").rows() == [
        ("KAZ", "CHN", "010121"),
        ("CHN", "KAZ", "010122"),
    ]


def test_baci_checksum_is_the_files_sha256_and_a_changed_codes_file_is_read_again(
    tmp_path, fixtures
):
    import hashlib

    shutil.copy(fixtures / BACI, tmp_path / BACI)
    codes = tmp_path / CODES
    codes.write_text((fixtures / CODES).read_text())
    flows = read_baci(tmp_path / BACI)
    digest = provenance_of(flows).sources[0].sha256[BACI]
    assert digest == hashlib.sha256((tmp_path / BACI).read_bytes()).hexdigest()
    assert set(flows["reporter"]) == {"KAZ", "CHN", "RUS", "USA"}
    # The same codes file, changed: Russia (643) is now Belarus (BLR) in this release.
    codes.write_text(
        codes.read_text().replace("643,Russian Federation,RU,RUS", "643,Belarus,BY,BLR")
    )
    assert set(read_baci(tmp_path / BACI)["reporter"]) == {"KAZ", "CHN", "BLR", "USA"}


# ---------------------------------------------------------------------------- Comtrade


@pytest.mark.parametrize("name", ["comtrade_legacy.csv", "comtrade_plus.csv"])
def test_comtrade_both_layouts_agree(fixtures, name):
    flows, rep = read_comtrade(fixtures / name, report=True)
    assert validate_flows(flows).equals(flows)
    assert rep.layout == name.removesuffix(".csv").replace("_", "-")
    assert one(flows, reporter="KAZ", partner="CHN", flow="export") == pytest.approx(7.82341e9)
    assert one(flows, reporter="KAZ", partner="CHN", flow="import") == 6.56647e9
    assert one(flows, reporter="KAZ", partner="WLD", flow="export") == 5.7723e10
    assert one(flows, reporter="KGZ", partner="CHN", flow="import") == 1.735e9
    # commodity TOTAL -> product null; a chapter keeps its code and classification
    crude = flows.filter(pl.col("partner") == "RUS").row(0, named=True)
    assert crude["product"] == "2709"
    assert crude["classification"] == ("HS12" if "legacy" in name else "HS17")
    assert flows.filter(pl.col("partner") == "CHN")["product"].null_count() == 3
    dropped = dict(zip(rep.dropped["value"], rep.dropped["n_rows"], strict=True))
    if "legacy" in name:
        assert dropped == {"3 (re-exports)": 1, "4 (re-imports)": 1, "Other Asia, nes": 1}
    else:  # also the mode-of-transport breakdown, so nothing is counted twice
        assert dropped == {"RX (re-exports)": 1, "RM (re-imports)": 1, "Areas, nes": 1, "2100": 1}
    reasons = set(rep.dropped["reason"])
    assert "flow is not export or import" in reasons and "partner is not a country" in reasons


def test_comtrade_numeric_codes_only(write):
    path = write(
        "api.csv",
        "freqCode,refYear,reporterCode,flowCode,partnerCode,cmdCode,classificationCode,primaryValue\n"
        "A,2019,398,X,0,TOTAL,H5,100\nA,2019,398,X,842,TOTAL,H5,20\nA,2019,398,X,490,TOTAL,H5,5\n"
        "A,2019,251,M,398,TOTAL,H5,7\n",
    )
    flows, rep = read_comtrade(path, report=True)
    assert flows.select("reporter", "partner").rows() == [
        ("FRA", "KAZ"),
        ("KAZ", "USA"),
        ("KAZ", "WLD"),
    ]
    assert rep.dropped.row(0) == ("partner is not a country", "490", 1)


def test_comtrade_malformed_rows_are_named_by_line(write):
    good = [legacy_row(cmd=f"{n:02d}") for n in range(10, 25)]  # lines 2-16
    bad = [
        legacy_row(value="n/a", cmd="30"),  # line 17
        legacy_row(partner=("999", "Atlantis", ""), cmd="31"),  # line 18
        legacy_row(year="", cmd="32"),  # line 19
        legacy_row(value="x", cmd="33"),  # line 20
    ]
    path = write("trade.csv", "\n".join([LEGACY_HEADER, *good, *bad]) + "\n")
    with pytest.raises(InputError) as err:
        read_comtrade(path)
    text = str(err.value)
    assert text.startswith("trade.csv line 17, column 'Trade Value (US$)': 'n/a' is not a number; ")
    assert "; line 18, column 'Partner': unknown country 'Atlantis'" in text
    assert "; line 19, column 'Year': the year is missing (and 1 more row); " in text
    assert text.endswith('fix them or pass errors="skip".')

    flows, rep = read_comtrade(path, errors="skip", report=True)
    assert flows.height == 15
    assert rep.skipped["line"].to_list() == [17, 18, 19, 20]
    assert rep.skipped.row(3) == (20, "Trade Value (US$)", "x", "'x' is not a number")
    assert "line 17, column 'Trade Value (US$)': 'n/a' is not a number" in rep.summary()


def test_comtrade_one_malformed_row_message(write):
    path = write("trade.csv", f"{LEGACY_HEADER}\n{legacy_row()}\n{legacy_row('-5', cmd='01')}\n")
    with pytest.raises(InputError) as err:
        read_comtrade(path)
    assert str(err.value) == (
        "trade.csv line 3, column 'Trade Value (US$)': negative value -5; "
        'fix it or pass errors="skip".'
    )


def test_comtrade_line_numbers_survive_quoted_newlines(write):
    row = legacy_row(cmd="01").replace("Something", '"two\nlines"')
    path = write("trade.csv", f"{LEGACY_HEADER}\n{row}\n{legacy_row('bad', cmd='02')}\n")
    with pytest.raises(InputError, match=r"^trade\.csv line 4, column"):
        read_comtrade(path)


def test_comtrade_repeated_rows(write):
    path = write("trade.csv", f"{LEGACY_HEADER}\n{legacy_row()}\n{legacy_row('7')}\n")
    with pytest.raises(InputError, match=r"trade\.csv line 3: KAZ→CHN 2019 export repeats line 2"):
        read_comtrade(path)


def test_comtrade_wrong_columns_empty_and_unknown(write):
    header = LEGACY_HEADER.replace(",Trade Value (US$)", ",Value")
    with pytest.raises(InputError) as err:
        read_comtrade(write("a.csv", header + "\n"))
    assert str(err.value).startswith(
        "a.csv: missing column(s) 'Trade Value (US$)' for the comtrade-legacy layout (found "
    )
    assert "expected a UN Comtrade CSV: the legacy layout" in str(err.value)
    with pytest.raises(InputError, match=r"^b\.csv is empty: expected a UN Comtrade CSV"):
        read_comtrade(write("b.csv", "\n"))
    with pytest.raises(InputError, match=r"^c\.csv: unrecognised layout \(columns 'x', 'y'\)"):
        read_comtrade(write("c.csv", "x,y\n1,2\n"))
    assert read_comtrade(write("d.csv", LEGACY_HEADER + "\n")).schema == pl.Schema(FLOW_SCHEMA)


def test_comtrade_refuses_monthly_data(fixtures, tmp_path):
    text = (fixtures / "comtrade_plus.csv").read_text().replace("C,A,2019", "C,M,2019")
    (tmp_path / "m.csv").write_text(text)
    with pytest.raises(InputError, match="m.csv holds monthly data; read_comtrade reads annual"):
        read_comtrade(tmp_path / "m.csv")


def test_bad_arguments(fixtures, tmp_path):
    with pytest.raises(
        InputError, match="errors='ignore' is not understood: use 'raise' or 'skip'"
    ):
        read_comtrade(fixtures / "comtrade_plus.csv", errors="ignore")
    with pytest.raises(InputError, match="nope.csv does not exist"):
        read_comtrade(tmp_path / "nope.csv")


# ---------------------------------------------------------------------------- DOTS


def test_dots_timeseries(fixtures):
    flows, rep = read_dots(fixtures / "dots_timeseries.csv", scale="units", report=True)
    assert validate_flows(flows).equals(flows)
    assert one(flows, reporter="KAZ", partner="CHN", flow="export", year=2019) == 7.8234e9
    assert one(flows, reporter="KAZ", partner="CHN", flow="import", year=2018) == 5.2e9
    assert one(flows, reporter="KAZ", partner="WLD", flow="export", year=2019) == 5.7723e10
    assert one(flows, reporter="RUS", partner="TJK", flow="export", year=2019) == 8.5e8
    assert flows.filter(pl.col("reporter") == "KGZ")["year"].to_list() == [2019]  # empty 2018
    assert flows.height == 9  # quarterly and monthly columns are not years
    dropped = dict(zip(rep.dropped["value"], rep.dropped["n_rows"], strict=True))
    assert dropped == {"Status": 1, "TMG_FOB_USD": 2, "TBG_USD": 2, "Euro Area": 2}


def test_dots_panel(fixtures):
    flows, rep = read_dots(fixtures / "dots_panel.csv", scale="units", report=True)
    assert rep.layout == "imf-dots-panel"
    assert flows.select("reporter", "partner", "flow").rows() == [
        ("KAZ", "CHN", "export"),
        ("KAZ", "CHN", "import"),
        ("KAZ", "WLD", "export"),
    ]
    assert one(flows, partner="CHN", flow="import") == 6.5665e9


def test_dots_scale_is_never_guessed(fixtures, write):
    with pytest.raises(InputError) as err:
        read_dots(fixtures / "dots_timeseries.csv")
    assert str(err.value) == (
        "dots_timeseries.csv does not say in what unit its values are (US$, thousands or "
        "millions; line 2); IMF data-portal downloads give US$, DOTS yearbook tables US$ "
        'millions: pass scale="units" or scale="millions".'
    )
    text = (
        (fixtures / "dots_timeseries.csv")
        .read_text()
        .replace("US Dollars", "Millions of US Dollars")
    )
    path = write("dots_m.csv", text)
    flows = read_dots(path)  # "Millions" in the indicator names
    assert one(flows, reporter="KAZ", partner="CHN", flow="export", year=2019) == 7.8234e15
    assert read_dots(path, scale="millions").equals(flows)
    with pytest.raises(
        InputError, match="dots_m.csv line 2 says its values are in units of 1,000,000"
    ):
        read_dots(path, scale="units")


def test_dots_malformed_cell_skips_only_that_year(write):
    path = write(
        "dots.csv",
        "Country Name,Country Code,Indicator Name,Indicator Code,Counterpart Country Name,"
        "Counterpart Country Code,Attribute,2018,2019\n"
        '"Kazakhstan, Rep. of",916,Exports,TXG_FOB_USD,Atlantis,999,Value,1,2\n'
        '"Kazakhstan, Rep. of",916,Exports,TXG_FOB_USD,"China, P.R.: Mainland",924,Value,3,n/a\n',
    )
    with pytest.raises(InputError) as err:
        read_dots(path, scale="units")
    assert re.match(
        r"dots\.csv line 2, column 'Counterpart Country Name': unknown country 'Atlantis'.*; "
        r"line 3, column '2019': 'n/a' is not a number; fix them or pass errors=\"skip\"\.$",
        str(err.value),
    )
    flows = read_dots(path, scale="units", errors="skip")
    assert flows.select("partner", "year", "value_usd").rows() == [("CHN", 2018, 3.0)]


def test_dots_wrong_layout(write):
    with pytest.raises(InputError, match=r"missing column\(s\) 'Counterpart Country Name'"):
        read_dots(
            write("d.csv", "Country Name,Indicator Code,Attribute,2019\nX,TXG_FOB_USD,Value,1\n")
        )
    with pytest.raises(InputError, match="unrecognised layout"):
        read_dots(write("e.csv", "a,b\n1,2\n"))


def test_read_baci_several_years_keeps_every_file_in_the_provenance(tmp_path):
    """BACI ships one file per year: a pattern or a list reads them all into one table that
    names every file (pl.concat would drop the provenance)."""
    from accord.economy import concat_flows

    codes = tmp_path / "country_codes_V202501.csv"
    codes.write_text(
        "country_code,country_name,country_iso2,country_iso3\n"
        "398,Kazakhstan,KZ,KAZ\n156,China,CN,CHN\n643,Russian Federation,RU,RUS\n"
    )
    files = []
    for year, v in ((2018, 1.5), (2019, 2.5)):
        f = tmp_path / f"BACI_HS17_Y{year}_V202501.csv"
        f.write_text(f"t,i,j,k,v,q\n{year},398,156,10121,{v},1\n{year},398,643,20110,{v * 2},NA\n")
        files.append(f)
    table, reports = read_baci(str(tmp_path / "BACI_HS17_Y*_V202501.csv"), report=True)
    assert table.height == 4 and sorted(set(table["year"])) == [2018, 2019]
    assert [r.n_kept for r in reports] == [2, 2]
    prov = provenance_of(table)
    assert prov.function == "accord.economy.concat_flows"
    (src,) = prov.sources
    assert src.id == "cepii-baci" and set(src.sha256) == {f.name for f in files}
    singles = [read_baci(f) for f in files]
    assert table.equals(pl.concat(singles))
    assert read_baci(files).equals(table)  # a list reads the same
    assert provenance_of(concat_flows(singles)).sources == prov.sources
    only_kaz = read_baci(files, reporters=iter(["KAZ"]), partners=(p for p in ["CHN"]))
    assert only_kaz.height == 2  # iterators are read once, for every file
    with pytest.raises(InputError, match="no file matches"):
        read_baci(str(tmp_path / "BACI_HS92_Y*.csv"))
    with pytest.raises(InputError, match="no table to stack"):
        concat_flows([])
    # Files are read two at a time: a bad row in the last still stops the reading, by line.
    files[1].write_text("t,i,j,k,v,q\n2019,398,156,10121,2.5,1\n2019,398,643,20110,-1,NA\n")
    with pytest.raises(InputError, match=r"BACI_HS17_Y2019_V202501.csv.*line 3"):
        read_baci(files)
