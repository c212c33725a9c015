"""The shipped network and the user's CSV files: schema, sources, validation errors."""

import polars as pl
import pytest

from accord import routes
from accord.errors import InputError
from accord.routes.network import KINDS, SOURCE_KINDS, load, read_legs_csv, read_nodes_csv

NODES_HEAD = "node_id,name,iso3,kind,lat,lon,aliases,source_url,note\n"
LEGS_HEAD = (
    "leg_id,from_id,to_id,mode,distance_km,time_h,dwell_h,gauge_from,gauge_to,status,"
    "source_kind,source_url,note\n"
)


def test_every_leg_and_node_has_a_source():
    net = load()
    assert net.legs.height >= 30 and net.nodes.height >= 25
    assert net.legs["source_url"].str.len_chars().min() > 0
    assert net.nodes["source_url"].str.len_chars().min() > 0
    assert set(net.legs["source_kind"]) <= set(SOURCE_KINDS)
    assert set(net.nodes["kind"]) <= set(KINDS)
    # estimates say how they were made
    est = net.legs.filter(pl.col("source_kind") == "estimate")
    assert est["note"].str.contains("(?i)great-circle").all()


def test_gauges_follow_the_countries():
    net = load()
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    rail = net.legs.filter(pl.col("mode") == "rail")
    for r in rail.iter_rows(named=True):
        for end, gauge in ((r["from_id"], r["gauge_from"]), (r["to_id"], r["gauge_to"])):
            if country[end] == "CHN":
                assert gauge == 1435, r["leg_id"]
            elif country[end] in ("KAZ", "UZB", "AZE", "TKM"):
                assert gauge == 1520, r["leg_id"]


def test_planned_railway_is_marked():
    legs = load().legs
    cku = legs.filter(pl.col("leg_id").str.starts_with("cku_"))
    assert cku.height == 4 and set(cku["status"]) == {"planned"}
    assert cku["distance_km"].sum() == 523  # Railway Gazette 2025


def test_resolve_names_aliases_and_typos():
    net = load()
    assert net.resolve("Lanzhou") == "lanzhou"
    assert net.resolve("horgos") == "khorgos"
    assert net.resolve("Toshkent") == "tashkent"
    with pytest.raises(InputError, match="unknown node 'Tashkennt'. Did you mean 'Tashkent'"):
        net.resolve("Tashkennt")


def test_user_rows_are_added(tmp_path):
    nodes = tmp_path / "n.csv"
    nodes.write_text(NODES_HEAD + "samarkand,Samarkand,UZB,city,39.65,66.96,,https://x.org,\n")
    legs = tmp_path / "l.csv"
    legs.write_text(
        LEGS_HEAD + "tsh_sam,tashkent,samarkand,rail,344,,,1520,1520,,official,https://x.org,\n"
    )
    net = load(nodes=nodes, legs=legs)
    t = routes.compare("Lanzhou", "Samarkand", network=net, by="distance")
    assert t["path"][0].endswith("Tashkent → Samarkand")
    assert t["distance_km"][0] == pytest.approx(3871.5 + 344)


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "x,tashkent,nowhere,rail,10,,,,,,news,https://x.org,",
            "l.csv line 2, column 'to_id': unknown node 'nowhere'",
        ),
        ("x,tashkent,osh,rail,-5,,,,,,news,https://x.org,", "column 'distance_km': -5 is negative"),
        (
            "x,tashkent,osh,plane,5,,,,,,news,https://x.org,",
            "column 'mode': 'plane' is not one of rail, road, sea",
        ),
        (
            "x,tashkent,osh,rail,abc,,,,,,news,https://x.org,",
            "column 'distance_km': 'abc' is not a number",
        ),
        ("x,tashkent,osh,road,5,,,1520,,,news,https://x.org,", "a road leg has no gauge"),
        (
            "x,tashkent,osh,rail,5,,,,,maybe,news,https://x.org,",
            "'maybe' is not one of operating, planned",
        ),
        ("x,tashkent,osh,rail,5,,,,,,,https://x.org,", "column 'source_kind': is empty"),
        ("x,tashkent,tashkent,rail,5,,,,,,news,https://x.org,", "two different nodes"),
    ],
)
def test_bad_legs(tmp_path, row, message):
    p = tmp_path / "l.csv"
    p.write_text(LEGS_HEAD + row + "\n")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_legs_csv(p)


def test_bad_nodes(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text(NODES_HEAD + "a,A,Kyrgystan,city,1,2,,https://x.org,\nb,B,KGZ,village,1,200,,u,\n")
    with pytest.raises(InputError) as exc:
        read_nodes_csv(p)
    msg = str(exc.value)
    assert "n.csv line 2, column 'iso3': 'Kyrgystan' is not an ISO3 country code" in msg
    assert (
        "n.csv line 3, column 'kind': 'village' is not one of city, port, border, terminal" in msg
    )
    assert "line 3, column 'lon': 200 is outside ±180 degrees" in msg
    assert "\n" not in msg


def test_missing_columns_empty_file_and_clashes(tmp_path):
    p = tmp_path / "l.csv"
    p.write_text("leg_id,from_id,to_id\nx,osh,tashkent\n")
    with pytest.raises(InputError, match="l.csv: missing column\\(s\\) mode, distance_km"):
        read_legs_csv(p)
    p.write_text("")
    with pytest.raises(InputError, match="l.csv is empty"):
        read_legs_csv(p)
    with pytest.raises(InputError, match="does not exist"):
        read_legs_csv(tmp_path / "none.csv")
    p.write_text(LEGS_HEAD + "osh_andijan,osh,andijan,rail,5,,,,,,news,https://x.org,\n")
    with pytest.raises(InputError, match="repeat the leg_id 'osh_andijan'"):
        load(legs=p)
