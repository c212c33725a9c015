"""The schematic is inline SVG, escapes text and needs no network."""

import xml.etree.ElementTree as ET

from accord import routes
from accord.routes.schematic import OKABE_ITO


def test_svg_of_compared_routes():
    t = routes.compare("Lanzhou", "Tashkent")
    svg = routes.schematic_svg(t)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert svg.count("<polyline") == t.height
    for colour in OKABE_ITO[: t.height]:
        assert colour in svg
    assert 'stroke-dasharray="8 4"' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_text_is_escaped():
    svg = routes.schematic_svg([["lanzhou", "turpan"]], labels=['<script>alert("x")</script> & co'])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; co" in svg
    ET.fromstring(svg)
