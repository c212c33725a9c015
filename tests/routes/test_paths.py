"""Route totals checked by hand, constraints, gauge breaks, Dijkstra against brute force."""

import itertools

import pytest

from accord import routes
from accord.errors import InputError
from accord.routes import Assumptions, load, route_from_nodes, summarize

NET = load()


def test_khorgos_route_by_hand():
    r = route_from_nodes(
        NET,
        ["Lanzhou", "Turpan", "Urumqi", "Jinghe", "khorgos", "Altynkol", "Zhetygen", "Tashkent"],
    )
    s = summarize(r, NET)
    # Lanxin 1761 + 143, Wujing 381.5, Jingyihuo 286, border 0, Altynkol–Zhetygen 293,
    # Zhetygen–Tashkent 1007
    assert s["distance_km"] == 1761 + 143 + 381.5 + 286 + 0 + 293 + 1007
    # moving: rail at 800 km/day = 33.33 km/h on legs without a time; Zhetygen–Tashkent 46.6 h
    moving = (1761 + 143 + 381.5 + 286 + 0 + 293) / (800 / 24) + 46.6
    assert s["moving_h"] == pytest.approx(moving, abs=0.05)
    assert s["dwell_h"] == 24  # one border without a dwell (Khorgos); Saryagash's is in the 2 days
    assert (s["border_crossings"], s["transshipments"], s["gauge_breaks"]) == (2, 0, 1)
    assert s["countries"] == "CHN KAZ UZB"
    assert s["customs_unions"] == "EAEU (KAZ)"


def test_article_route_by_hand():
    r = route_from_nodes(NET, routes.named_routes()["nodes"][0].split())
    s = summarize(r, NET)
    assert s["distance_km"] == 1761 + 1446 + 214 + 0 + 240 + 50 + 347
    road = (214 + 240) / 40
    rail = (1761 + 1446 + 50) / (800 / 24) + 10
    assert s["moving_h"] == pytest.approx(road + rail, abs=0.05)
    # two borders (Irkeshtam, Osh–Andijan) at 24 h, two transshipments (Kashgar, Osh) at 12 h
    assert s["dwell_h"] == 2 * 24 + 2 * 12
    assert (s["border_crossings"], s["transshipments"], s["gauge_breaks"]) == (2, 2, 0)
    assert s["customs_unions"] == "EAEU (KGZ)"


def test_gauge_breaks_within_legs_and_at_nodes():
    # trans-Caspian: 1435→1520 at Khorgos (within the crossing leg), 1520→1435 at Akhalkalaki
    # (between two rail legs: a node-level break with its own dwell)
    caspian = routes.compare_named(["trans_caspian"])
    assert caspian["gauge_breaks"][0] == 2
    assert caspian["transshipments"][0] == 2  # rail→sea at Aktau, sea→rail at Alat
    # planned CKU railway: break at Makmal (node), none at the Torugart border
    cku = routes.compare_named(["cku_planned"])
    assert cku["gauge_breaks"][0] == 1 and cku["planned_legs"][0] == 4
    a = Assumptions(gauge_break_h=100)
    r = route_from_nodes(NET, ["torugart_kgz", "makmal", "andijan"])
    assert summarize(r, NET, a)["dwell_h"] == 100 + 24  # gauge break + Kyrgyz–Uzbek border


def test_avoiding_kazakhstan_forces_the_kyrgyz_route():
    t = routes.compare("Lanzhou", "Tashkent", avoid="KAZ")
    assert "Irkeshtam (Kyrgyzstan) → Osh" in t["path"][0]
    assert "KAZ" not in t["countries"][0]
    with pytest.raises(InputError, match="no route from Lanzhou to Tashkent"):
        routes.compare("Lanzhou", "Tashkent", avoid="KAZ", modes=["rail"])
    t = routes.compare("Lanzhou", "Tashkent", avoid="KAZ", modes=["rail"], planned=True)
    assert "Makmal" in t["path"][0]
    with pytest.raises(InputError, match="the origin Lanzhou is in CHN"):
        routes.compare("Lanzhou", "Tashkent", avoid="China")


def test_corridors_compared():
    t = routes.compare("Lanzhou", "Tashkent", by="distance")
    assert t["route"].to_list() == [
        "shortest",
        "via Alashankou, rail",
        "via Irkeshtam (China), road",
    ]
    assert t["distance_km"].to_list() == [3871.5, 4371.5, 4058.0]
    assert t["rank"].to_list() == [1, 3, 2]
    # KTZ: via Khorgos 500 km shorter than via Dostyk–Alashankou (how aktogay_zhetygen was derived)
    assert t["distance_km"][1] - t["distance_km"][0] == 500


def _brute(net, src, dst, key):
    """Best route by enumerating simple paths (small networks only)."""
    best = None
    ids = list(net.nodes["node_id"])
    for k in range(0, 5):
        for mid in itertools.permutations([n for n in ids if n not in (src, dst)], k):
            try:
                r = route_from_nodes(net, [src, *mid, dst])
            except InputError:
                continue
            v = summarize(r, net)[key]
            if best is None or v < best:
                best = v
    return best


def test_dijkstra_matches_brute_force_on_a_small_network():
    sub = [
        "lanzhou",
        "turpan",
        "urumqi",
        "jinghe",
        "khorgos",
        "altynkol",
        "zhetygen",
        "tashkent",
        "kashgar",
        "irkeshtam_chn",
        "irkeshtam_kgz",
        "osh",
        "andijan",
    ]
    import polars as pl

    nodes = NET.nodes.filter(pl.col("node_id").is_in(sub))
    legs = NET.legs.filter(pl.col("from_id").is_in(sub) & pl.col("to_id").is_in(sub))
    net = routes.Network(nodes=nodes, legs=legs.filter(pl.col("status") == "operating"))
    for by, key in (("distance", "distance_km"), ("time", "time_days")):
        for src, dst in (("kashgar", "tashkent"), ("lanzhou", "osh"), ("osh", "urumqi")):
            r = routes.best_route(net, src, dst, by=by)
            assert summarize(r, net)[key] == pytest.approx(_brute(net, src, dst, key))


def test_route_legs_and_errors():
    r = routes.best_route(NET, "Lanzhou", "Tashkent")
    legs = routes.route_legs(r, NET)
    assert legs["distance_km"].sum() == 3871.5
    assert set(legs["time_basis"]) == {"sourced", "assumed speed"}
    with pytest.raises(InputError, match="no leg joins Lanzhou and Tashkent"):
        route_from_nodes(NET, ["Lanzhou", "Tashkent"])
    with pytest.raises(InputError, match="unknown mode 'air'"):
        routes.compare("Lanzhou", "Tashkent", modes=["air"])
    with pytest.raises(InputError, match="unknown named route 'x'"):
        routes.compare_named(["x"])
