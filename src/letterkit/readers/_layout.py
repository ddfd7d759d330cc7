"""Page geometry the layout readers share: text margins and where a line sits between them.

The PDF reader (glyph boxes of a text layer) and the OCR reader (word boxes Tesseract found on a scan)
both turn boxes into the same cues: the page's text margins, taken so that one stray line does not move
them, and each line's alignment between those margins. Both are computed here, once; what differs is
said by the caller: how much slack its boxes need (a PDF's glyph boxes are exact to a point, a scan's
left edge drifts by several points from top to bottom) and whether the evidence is a scan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: text margins narrower than this many points are no margins (a page of one short line): the page's
#: own edges stand in for them
MIN_TEXT_WIDTH = 50.0
#: a line whose right end lies this close to a right edge other lines share ends flush right
FLUSH_RIGHT_SLACK = 1.5


def robust_edge(values: list[float], low: bool, default: float) -> float:
    """The outermost text edge shared by at least two lines (one stray line does not move a margin)."""
    if not values:
        return default
    rounded = Counter(round(v) for v in values)
    shared = [v for v, n in rounded.items() if n >= 2] or list(rounded)
    return float(min(shared) if low else max(shared))


def usable_margins(left: float, right: float, page_width: float) -> tuple[float, float]:
    """The margins, or the page's edges where the margins are too close to mean anything."""
    if right - left < MIN_TEXT_WIDTH:
        return 0.0, page_width
    return left, right


def alignment(x0: float, x1: float, left: float, right: float, tol: float, *, scan: bool = False,
              flush_right: Iterable[float] = ()) -> str:
    """left/center/right/justify from where a line (``x0``-``x1``) sits between the margins.

    ``tol`` is how far from a margin still counts as at it. ``flush_right``: right edges other lines
    share (a line running past the right margin to one of them is flush right). On a scan (``scan``)
    a line is centred only when it keeps clear of both margins with nearly equal space on each side,
    and right-aligned only when clear of the left margin: a skewed page puts a long line near both.
    """
    at_left = abs(x0 - left) <= tol
    at_right = abs(x1 - right) <= tol or (
        x1 > right and any(abs(x1 - edge) <= FLUSH_RIGHT_SLACK for edge in flush_right)
    )
    if at_left and at_right:
        return "justify"
    if scan:
        space_left, space_right = x0 - left, right - x1
        balanced = abs(space_left - space_right) <= max(2 * tol, 0.05 * (right - left))
        if not at_left and not at_right and balanced:
            return "center"
        return "right" if at_right and not at_left else "left"
    mid = (x0 + x1) / 2
    if not at_left and abs(mid - (left + right) / 2) <= tol and x0 > left + tol:
        return "center"
    return "right" if at_right and x0 > left + tol else "left"
