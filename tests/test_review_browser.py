"""Review pages in a real browser (issue 17): headless Chromium (Debian's package, installed by .ci/run)
driven with Playwright. Boxes stand where the lines are, a changed zone is saved as the expected
corrections file, and the page asks the network for nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import in_ci
from letterkit.review import show
from letterkit.review.collect import collect
from letterkit.review.corrections import parse

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORPUS = Path(__file__).parent / "corpus" / "letters"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if in_ci():
        pytest.fail("CI installs Chromium (.ci/run): it is missing")
    pytest.skip("needs Chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _open(browser: Any, page_file: Path) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def _page_file(out: Path) -> Path:
    return next(p for p in sorted(out.glob("*.html")) if p.name != "index.html")


def test_boxes_stand_where_the_lines_are(browser: Any, tmp_path: Path) -> None:
    source = CORPUS / "kelam-valls-2016.pdf"
    show([source], tmp_path)
    review = collect(source)
    page, requests = _open(browser, _page_file(tmp_path))
    checked = 0
    for pv in review.pages:
        assert pv.width and pv.height
        frame = page.locator(f'.page[data-page="{pv.number}"] img').bounding_box()
        assert frame and frame["width"] > 300
        sx, sy = frame["width"] / pv.width, frame["height"] / pv.height
        for row in (r for r in review.lines if r.page == pv.number and r.bbox):
            assert row.bbox is not None
            box = page.locator(f'.box[data-line="{row.index}"]').bounding_box()
            assert box is not None
            x0, top, x1, _ = row.bbox
            # within two CSS pixels of the line's box scaled onto the drawn page (borders included)
            assert abs(box["x"] - (frame["x"] + x0 * sx)) <= 2.5, row
            assert abs(box["y"] - (frame["y"] + top * sy)) <= 2.5, row
            assert abs(box["width"] - max(x1 - x0, 1) * sx) <= 3, row
            checked += 1
    assert checked == len(review.lines)
    assert all(u.startswith(("file:", "data:")) for u in requests), requests


def test_changing_a_zone_saves_the_expected_corrections_file(browser: Any, tmp_path: Path) -> None:
    source = CORPUS / "delvaux-fabius-2015.txt"
    show([source], tmp_path)
    review = collect(source)
    target = next(r for r in review.lines if r.zone == "body")
    page, requests = _open(browser, _page_file(tmp_path))
    page.click(f'li[data-line="{target.index}"]')
    assert page.input_value("#zone-select") == "body"
    page.select_option("#zone-select", "postscript")
    assert "z-postscript" in (page.get_attribute(f'li[data-line="{target.index}"]', "class") or "")
    assert page.text_content("#corrected-count") == "1 line(s) changed"
    with page.expect_download() as info:
        page.click("#save")
    download = info.value
    assert download.suggested_filename == "delvaux-fabius-2015.txt.corrections.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    raw = json.loads(saved.read_text(encoding="utf-8"))
    corrections = parse(raw, saved)
    assert corrections.corrected == [target.index]
    expected = {r.index: r.zone for r in review.lines}
    expected[target.index] = "postscript"
    assert corrections.labels == expected
    assert corrections.sha256 == review.sha256
    assert corrections.source_file() == source.resolve()
    assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests


def test_index_and_pages_load_nothing_from_the_network(browser: Any, tmp_path: Path) -> None:
    sources = [CORPUS / "mogherini-gomes-2015.docx", CORPUS / "mogherini-gomes-2015.pdf"]
    index = show(sources, tmp_path)
    page, requests = _open(browser, index)
    assert page.locator("a").count() == 2
    for link in sorted(tmp_path.glob("0*.html")):
        p2, more = _open(browser, link)
        assert p2.locator("[data-line]").count() > 10
        requests += more
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
