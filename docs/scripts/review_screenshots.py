"""Screenshots of review pages for docs/review.md: a born-digital PDF, a scan and a plain-text letter.

    python docs/scripts/review_screenshots.py    # needs Chromium and the playwright package

Writes docs/img/review-pdf.png, review-scan.png, review-text.png and review-index.png.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from letterkit.review import show

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "letters"
IMG = ROOT / "docs" / "img"
SHOTS = {
    "review-pdf.png": "delvaux-fabius-2015.pdf",
    "review-scan.png": "kelam-valls-2016.scan.pdf",
    "review-text.png": "mogherini-gomes-2015.txt",
}


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        out = Path(tmp)
        index = show([CORPUS / name for name in SHOTS.values()], out)
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for shot, name in SHOTS.items():
            html = next(out.glob(f"*-{name}.html"))
            page.goto(html.as_uri())
            first = page.locator("[data-line]").first
            first.click()  # show the editor with a line chosen
            page.screenshot(path=str(IMG / shot))
        page.set_viewport_size({"width": 1100, "height": 360})
        page.goto(index.as_uri())
        page.screenshot(path=str(IMG / "review-index.png"))
        browser.close()
    print("wrote", ", ".join([*SHOTS, "review-index.png"]), "in", IMG)


if __name__ == "__main__":
    main()
