"""Screenshots of the HTML report, one per section, for the README (docs/report/*.png).

    python tools/screenshots.py                   # RUS and CHN towards Central Asia
    python tools/screenshots.py --docs FOLDER     # with a statements section
    python tools/screenshots.py --out docs/report

The words section is drawn when the UN General Debate Corpus is in the cache
(``accord data pull ungdc``).

Renders ``accord assess RUS CHN --region central-asia`` to HTML, opens it in headless
Chromium (the harness of tests/report/_browser.py: Playwright driving Debian's
``chromium``), and saves each section as a PNG (palette-quantised to keep them small).
Only the images are kept; the report itself is regenerated with ``accord assess … --html``.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SECTIONS = ["summary", "votes", "words", "statements", "meetings", "money", "methods"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "report")
    p.add_argument("--a", default="RUS")
    p.add_argument("--b", default="CHN")
    p.add_argument("--region", default="central-asia")
    p.add_argument("--docs", type=Path, help="a folder of documents for the statements section")
    args = p.parse_args()

    from PIL import Image

    from accord.assess import assess
    from accord.report.html import render_html
    from report._browser import blank_reason, open_page

    args.out.mkdir(parents=True, exist_ok=True)
    card = assess(args.a, args.b, region=args.region, docs=args.docs)
    page_file = args.out / "_report.html"
    page_file.write_text(render_html(card), encoding="utf-8")
    try:
        with open_page(page_file, width=1000, height=900) as (page, log):
            for sid in SECTIONS:
                png = page.locator(f"section#{sid}").screenshot()
                why = blank_reason(png)
                placeholder = sid in ("words", "statements") and card.section(sid).status != "ok"
                if why and not placeholder:
                    raise SystemExit(f"section {sid} looks blank: {why}")
                img = Image.open(io.BytesIO(png)).convert("RGB")
                img = img.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
                target = args.out / f"{sid}.png"
                img.save(target, optimize=True)
                print(
                    f"{target.relative_to(ROOT)}: {img.size[0]}×{img.size[1]}, "
                    f"{target.stat().st_size / 1024:.0f} KB"
                )
        if log.errors or log.external():
            raise SystemExit(f"the page logged errors or made requests: {log}")
    finally:
        page_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
