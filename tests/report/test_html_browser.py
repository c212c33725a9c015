"""The HTML report opened in headless Chromium, as a reader would open it.

Skipped when Playwright or a Chromium binary is missing, unless ``ACCORD_REQUIRE_BROWSER``
is set (``.ci/run`` sets it, after installing Debian's ``chromium`` if absent), in which
case a missing browser fails the run.
"""

from __future__ import annotations

import os

import pytest

from accord.report.html import render_html

from ._browser import blank_reason, find_chromium, open_page

SECTIONS = ["summary", "votes", "words", "statements", "meetings", "money", "methods"]


def _need_browser():
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "playwright is not installed (pip install -e '.[test]')"
    if why is None and find_chromium() is None:
        why = "no chromium (apt-get install chromium, or set ACCORD_CHROMIUM)"
    if why is not None:
        if os.environ.get("ACCORD_REQUIRE_BROWSER"):
            pytest.fail(f"browser test required but {why}")
        pytest.skip(why)


@pytest.fixture(scope="module")
def report_file(card, tmp_path_factory):
    _need_browser()
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(card), encoding="utf-8")
    return path


def test_renders_not_blank_no_request_no_error(report_file):
    with open_page(report_file) as (page, log):
        png = page.screenshot(full_page=True)
        assert blank_reason(png) is None
        # Every section is there and laid out.
        for sid in SECTIONS:
            box = page.locator(f"section#{sid}").bounding_box()
            assert box is not None and box["height"] > 40, sid
        # Every chart is drawn with a real size.
        sizes = page.eval_on_selector_all(
            "figure.chart svg", "els => els.map(e => [e.clientWidth, e.clientHeight])"
        )
        assert len(sizes) >= 4 and all(w > 300 and h > 100 for w, h in sizes), sizes
        # Text is rendered in a real font size, no element spills past the page's width.
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow
    assert log.external() == [], log.external()
    assert log.requests == [report_file.resolve().as_uri()]
    assert log.errors == [] and log.dialogs == []


def test_each_section_screenshot_has_content(report_file):
    with open_page(report_file) as (page, log):
        for sid in ("summary", "votes", "meetings", "money"):
            png = page.locator(f"section#{sid}").screenshot()
            assert blank_reason(png) is None, sid
    assert log.errors == []


def test_hostile_text_runs_nothing_and_loads_nothing(hostile, tmp_path):
    _need_browser()
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile), encoding="utf-8")
    with open_page(path) as (page, log):
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        shown = page.locator("section#votes").inner_text()
        assert '<script>alert("x")</script>' in shown
    assert log.dialogs == [] and log.external() == [] and log.errors == []


def test_prints_on_a4(report_file, tmp_path):
    with open_page(report_file, width=794, height=1123) as (page, log):  # A4 at 96 dpi
        page.emulate_media(media="print")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > document.body.clientWidth + 1)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert wide == []
        pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 4 <= pages <= 25, pages
    assert log.errors == []
