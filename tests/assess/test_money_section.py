"""The money section: values from the profile, export similarity from a user's trade file."""

import polars as pl
import pytest

from accord.assess import assess
from accord.economy.profile import profile

CODES = (
    "country_code,country_name,country_iso2,country_iso3\n"
    "156,China,CN,CHN\n398,Kazakhstan,KZ,KAZ\n417,Kyrgyzstan,KG,KGZ\n643,Russia,RU,RUS\n"
)


@pytest.fixture(scope="module")
def card():
    return assess("RUS", "CHN", region="central-asia")


def indicator(section, id):
    return next(i for i in section.indicators if i.id == id)


def test_trade_and_ties_equal_the_profile(card):
    money = card.section("money")
    assert money.status == "ok"
    prof = profile("central-asia", partners=["RUS", "CHN"], since=1992)
    tr = prof.trade_region.filter((pl.col("partner") == "CHN") & (pl.col("flow") == "export")).sort(
        "year"
    )
    ind = indicator(money, "money.trade.export.CHN")
    assert ind.value == pytest.approx(100 * tr["share"][-1])
    assert ind.n == tr["n_members"][-1]
    rem = indicator(money, "money.remittances.RUS")
    ties = prof.remittance_ties.filter(pl.col("sender") == "RUS")
    assert rem.value == pytest.approx(ties["remittances_usd"].sum() / 1e9)


def test_claims_only_for_the_article_case(card):
    assert "claims" in card.section("money").tables
    other = assess("USA", "GBR", region="central-asia")
    assert "claims" not in other.section("money").tables


def test_export_similarity_from_a_trade_file(tmp_path):
    # Russia and China exporting to Kazakhstan and Kyrgyzstan (thousands of US$).
    rows = [
        (2019, 643, 398, 100100, 30.0),  # RUS: 30 of product A, 70 of B
        (2019, 643, 417, 200200, 70.0),
        (2019, 156, 398, 100100, 50.0),  # CHN: 50 A, 25 B, 25 C
        (2019, 156, 398, 200200, 25.0),
        (2019, 156, 417, 300300, 25.0),
    ]
    text = "t,i,j,k,v,q\n" + "".join(f"{t},{i},{j},{k},{v},NA\n" for t, i, j, k, v in rows)
    (tmp_path / "BACI_HS92_Y2019_V202401.csv").write_text(text)
    (tmp_path / "country_codes_V202401.csv").write_text(CODES)
    card = assess(
        "RUS", "CHN", region="central-asia", trade=tmp_path / "BACI_HS92_Y2019_V202401.csv"
    )
    ind = indicator(card.section("money"), "money.similarity")
    # shares in the region: RUS A .3, B .7; CHN A .5, B .25, C .25 -> FK = .3 + .25 = .55
    assert ind.value == pytest.approx(0.55)
    # Several years (BACI ships one file per year): a pattern reads them all.
    same = [(2020, 643, 398, 100100, 5.0), (2020, 643, 417, 200200, 5.0)]
    same += [(2020, 156, 398, 100100, 8.0), (2020, 156, 417, 200200, 8.0)]  # FK = 1
    text = "t,i,j,k,v,q\n" + "".join(f"{t},{i},{j},{k},{v},NA\n" for t, i, j, k, v in same)
    (tmp_path / "BACI_HS92_Y2020_V202401.csv").write_text(text)
    card = assess("RUS", "CHN", region="central-asia", trade=str(tmp_path / "BACI_HS92_Y20*.csv"))
    fk = card.section("money").tables["export_similarity"].sort("year")
    assert fk["year"].to_list() == [2019, 2020]
    assert fk["fk"].to_list() == pytest.approx([0.55, 1.0])
    assert indicator(card.section("money"), "money.similarity").value == pytest.approx(1.0)
    assert card.parameters["trade"].endswith("BACI_HS92_Y20*.csv")


def test_connectivity_subsection_adds_up_the_legs(card):
    """The fastest Lanzhou–Tashkent route: its distance is the sum of its legs in the shipped
    legs file, read here with the csv module; every route compared crosses the EAEU."""
    import csv
    from importlib import resources

    sec = card.section("money")
    table = sec.tables["routes"]
    fastest = table.row(0, named=True)
    path = fastest["nodes"].split()
    text = resources.files("accord.routes").joinpath("data", "legs.csv").read_text("utf-8")
    km = {}
    for row in csv.DictReader(text.splitlines()):
        km[(row["from_id"], row["to_id"])] = km[(row["to_id"], row["from_id"])] = float(
            row["distance_km"]
        )
    assert path[0] == "lanzhou" and path[-1] == "tashkent"
    legs = zip(path, path[1:], strict=False)
    assert fastest["distance_km"] == pytest.approx(sum(km[p] for p in legs))
    ind = {i.id: i for i in sec.indicators}
    assert ind["money.routes.fastest_days"].value == pytest.approx(fastest["time_days"])
    assert ind["money.routes.through_eaeu"].value == table.height  # no route avoids it
    assert any(s.startswith("Connectivity: from Lanzhou to Tashkent") for s in sec.summary)
    verdicts = dict(sec.tables["route_claims"].select("id", "verdict").iter_rows())
    assert sorted(verdicts.values()) == ["contradicted", "contradicted", "not checkable"]


def test_no_connectivity_where_the_network_does_not_reach():
    sec = assess("USA", "GBR", region="eu").section("money")
    assert "routes" not in sec.tables
    assert not any("Connectivity" in s for s in sec.summary)
