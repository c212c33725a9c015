"""Open an HTML file in headless Chromium (Debian's ``chromium``) through Playwright.

Used by ``tests/report/test_html_browser.py`` and ``tools/screenshots.py``. Playwright
drives the system browser (``executable_path``); it downloads nothing. The browser is
launched with the flags the issue asks for and a fresh profile, and closed on exit.
Every request the page makes and every error it logs (console errors, uncaught
exceptions, failed loads, Content-Security-Policy violations) is recorded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def find_chromium() -> str | None:
    """The browser to use: ``$ACCORD_CHROMIUM``, else ``chromium`` (Debian) or relatives."""
    given = os.environ.get("ACCORD_CHROMIUM")
    if given:
        return given
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Log:
    """What the page did: URLs it requested, errors it logged, dialogs it opened."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        """Requests that are not the local file or inline data."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]


@contextlib.contextmanager
def open_page(path: Path, *, width: int = 1100, height: int = 900) -> Iterator[tuple]:
    """``(page, log)`` for *path* loaded in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        raise RuntimeError("no chromium found: apt-get install chromium, or set ACCORD_CHROMIUM")
    log = Log()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: log.requests.append(r.url))
            page.on(
                "console",
                lambda m: (
                    log.errors.append(f"console.{m.type}: {m.text}")
                    if m.type in ("error", "assert")
                    else None
                ),
            )
            page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
            page.on("requestfailed", lambda r: log.errors.append(f"failed: {r.url}"))

            def dialog(d):
                log.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=60_000)
            yield page, log
        finally:
            browser.close()


def blank_reason(png: bytes) -> str | None:
    """Why a screenshot looks blank (too few colours or too little ink), or ``None``."""
    import io

    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    ink = float((img.min(axis=2) < 200).mean())
    colours = len(np.unique(img.reshape(-1, 3)[:: max(1, img.shape[0] // 50)], axis=0))
    if ink < 0.02:
        return f"only {ink:.1%} of the pixels are not near-white"
    if colours < 20:
        return f"only {colours} colours"
    return None
