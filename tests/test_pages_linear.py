"""Reading grows linearly with the number of pages (issue 13): repeated-line detection looks each line up
in a hash of normalised texts, and the whole read of an N-page PDF or DOCX costs about N.

Speed is stated as CPU-time ratios (``assert_linear``): a quadratic step makes 4x the pages cost 16x.
benchmarks/bench_pages.py measures the same over 1 to 500 pages and fits the exponent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import assert_linear
from letterkit import read_letter
from letterkit.readers.base import Limits
from letterkit.readers.pdf import DocStats, LineData, PageContent, classify_regions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_pages import make_docx, make_pdf

_made = 0


def _pages(n: int) -> list[tuple[PageContent, list[LineData]]]:
    """``n`` pages with the same running head and footer in body type (so they are found by repetition,
    not by their size), and body lines of their own."""
    global _made
    _made += 1  # new text on every call: nothing cached from an earlier run
    pages = []
    for p in range(n):
        lines = [LineData([], 40.0, 11.0, 50, 31, 300, 42, f"Harbour Office {_made}")]
        for k in range(20):
            y = 120.0 + 14 * k
            lines.append(LineData([], y, 11.0, 50, y - 9, 540, y + 2, f"line {k} of page {p} run {_made}"))
        lines.append(LineData([], 820.0, 11.0, 50, 811, 300, 822, f"Registered office {_made}"))
        pages.append((PageContent(595, 842), lines))
    return pages


def test_running_heads_on_every_page_are_found() -> None:
    pages = _pages(30)
    classify_regions(pages, DocStats(body_size=11.0, left=50, right=540, pitch={11.0: 14.0, 8.0: 10.0}))
    for _, lines in pages:
        assert lines[0].region == "header" and lines[-1].region == "footer"
        assert all(ln.region == "body" for ln in lines[1:-1])


def test_a_line_standing_once_is_not_repeated() -> None:
    """A body-size head that stands on one page only is body text; on two pages at the same height it
    repeats, at another height it does not."""
    stats = DocStats(body_size=11.0, left=50, right=540, pitch={11.0: 14.0})

    def page(head_y: float, head: str) -> tuple[PageContent, list[LineData]]:
        lines = [LineData([], head_y, 11.0, 50, head_y - 9, 300, head_y + 2, head)]
        lines += [LineData([], 200.0 + 14 * k, 11.0, 50, 191 + 14 * k, 540, 202 + 14 * k, f"body {k}")
                  for k in range(5)]
        return PageContent(595, 842), lines

    alone = [page(40, "Head A"), page(40, "Head B")]
    classify_regions(alone, stats)
    assert [p[1][0].region for p in alone] == ["body", "body"]
    same = [page(40, "Head C"), page(41.5, "Head C")]
    classify_regions(same, stats)
    assert [p[1][0].region for p in same] == ["header", "header"]
    apart = [page(40, "Head D"), page(60, "Head D")]
    classify_regions(apart, stats)
    assert [p[1][0].region for p in apart] == ["body", "body"]


def _shifted(n: int) -> list[tuple[PageContent, list[LineData]]]:
    """``n`` tall pages whose first line has the same text on every page but at a height of its own:
    no line repeats, so a scan over every page where the text stands finds nothing and costs n per
    page (n x n in all); a look-up by height costs a few steps."""
    global _made
    _made += 1
    pages = []
    for p in range(n):
        y = 40.0 + 3.5 * p
        lines = [LineData([], y, 11.0, 50, y - 9, 300, y + 2, f"Harbour Office {_made}")]
        lines += [LineData([], y + 60 + 14 * k, 11.0, 50, y + 51 + 14 * k, 540, y + 62 + 14 * k,
                           f"line {k} of page {p} run {_made}") for k in range(3)]
        pages.append((PageContent(595, 40_000), lines))
    return pages


def test_repeated_line_detection_is_linear_in_pages() -> None:
    stats = DocStats(body_size=11.0, left=50, right=540, pitch={11.0: 14.0, 8.0: 10.0})
    assert_linear(lambda n: classify_regions(_pages(n), stats), 400)
    assert_linear(lambda n: classify_regions(_shifted(n), stats), 400)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_whole_read_is_linear_in_pages(fmt: str) -> None:
    make = make_pdf if fmt == "pdf" else make_docx
    limits = Limits(timeout=None, max_pages=1000)
    # made beforehand (only the read is measured), each with words of its own: assert_linear reads the
    # small one four times (a warm-up and three) and the large one three times, and a line read before
    # would come from the cache
    made = {n: iter([make(n, f"s{k}") for k in range(4 if n == 60 else 3)]) for n in (60, 240)}
    assert_linear(lambda n: read_letter(next(made[n]), filename=f"x.{fmt}", limits=limits), 60)
