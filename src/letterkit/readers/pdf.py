"""Born-digital PDFs: text runs with position, size and weight, grouped into lines and blocks by geometry.

Two backends feed one layout step:

* ``pdfium`` (default, fast): PDFium's *page objects*. A text object is one run of text in one font and
  size (a ``Tj``/``TJ`` operator: usually a whole line or a styled piece of one), so a page costs a few
  dozen C calls instead of several per character, and a superscript marker or a bold word arrives as
  its own run with its own size and baseline. Images and thin rules (a footnote separator) are page
  objects too, so one walk over the objects finds everything.
* ``pdfplumber`` (more detail, slower): pdfplumber's characters, merged back into runs of one font,
  size and baseline, plus its images and rects.

Both produce :class:`Run` lists per page; :func:`layout_page` and :func:`classify_regions` (shared)
turn runs into lines (same baseline, superscripts attached to the line they are raised above), mark
page furniture by position (header/footer: small type at the page edge or repeated on several pages;
footnotes: small type below a short rule or opening with a marker), and split blocks by vertical gap,
font size, weight, alignment and first-line indent. Because the backends differ only in how runs are
read, they give the same lines and blocks.

Columns: runs on one baseline separated by more than ``COLUMN_GAP`` ems are separate lines (a DIN 5008
address window and the info block beside it, an address with the date flush right on its first line,
a footer in three columns), unless the gap follows a colon or comma ("Datum:<tab>12.05.2021"). A line
continues the block whose last line is on the row above and overlaps it horizontally, so each column
becomes blocks of its own. Reading order is by block position: blocks come in the order of their
first lines, top to bottom and left to right at the same height, so a left column is read before the
right column that starts beside it; the heuristics find a dateline anywhere in the opener.

Pages without a text layer are handed to :mod:`letterkit.readers.ocr` (imported lazily: OCR is an
optional part of letterkit); this reader never OCRs by itself.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from letterkit.core.chars import MIRRORED_ALIGN, TO_SUPERSCRIPT
from letterkit.document import BBox, Document, DocumentBuilder, Page
from letterkit.errors import CorruptInput, EmptyInput, EncryptedInput, LimitExceeded, OCRUnavailable
from letterkit.readers import bidi
from letterkit.readers._layout import alignment, robust_edge, usable_margins
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)

#: a page with fewer non-blank characters than this has no usable text layer
MIN_TEXT_CHARS = 10
#: above this many text objects on a page, object texts come from one pass over the characters
MANY_TEXT_OBJECTS = 200
#: an image covering this share of the page makes a text-less page a scan
SCAN_IMAGE_AREA = 0.3
#: runs on one baseline separated by more than this many ems are in different columns
COLUMN_GAP = 3.0
#: PDFium writes an end-of-line hyphen as U+0002; other control characters are noise
_CONTROL_RE = re.compile(r"[\x00\x01\x03-\x08\x0b-\x1f\ufffe\uffff]")
_NEEDS_CLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SPACES_RE = re.compile(r"[ \t\r\n\u00a0\u2000-\u200a\u202f\u3000]+")
#: a footnote line whose marker is set tight against its text ('1Answer given...')
_TIGHT_MARKER_RE = re.compile(r"^(\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?=[^\W\d_])")
_BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.IGNORECASE)
_ITALIC_NAME_RE = re.compile(r"italic|oblique|kursiv", re.IGNORECASE)

# PDF font descriptor flags (PDF 32000-1, table 123)
_FLAG_ITALIC = 1 << 6
_FLAG_FORCE_BOLD = 1 << 18


# --------------------------------------------------------------------------------------------------
# What a backend delivers


@dataclass(slots=True)
class Run:
    """A piece of text in one font, size and baseline; coordinates in points from the page's top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    bold: bool = False
    italic: bool = False
    #: set by the layout step: raised and smaller than the line it belongs to
    sup: bool = False
    #: the characters are in the order they are seen, left to right (pdfplumber's), not in logical
    #: order (PDFium's, which puts a right-to-left run's characters in reading order itself)
    seen: bool = False


@dataclass(slots=True)
class PageContent:
    """One page as a backend read it."""

    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)
    #: thin horizontal strokes (a footnote separator is one)
    rules: list[BBox] = field(default_factory=list)


@dataclass(slots=True)
class LineData:
    """A visual line under construction."""

    runs: list[Run]
    baseline: float
    size: float
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    text: str = ""
    bold: bool = False
    italic: bool = False
    region: str = "body"
    align: str | None = None
    kind: str = "text"
    #: the line is mainly Arabic or Hebrew: it starts at its right edge
    rtl: bool = False

    def finish(self) -> None:
        if len(self.runs) == 1:
            r = self.runs[0]
            self.x0, self.x1, self.top, self.bottom = r.x0, r.x1, r.top, r.bottom
            self.size, self.bold, self.italic = r.size, r.bold, r.italic
            t = r.text.translate(TO_SUPERSCRIPT).strip() if r.sup else r.text
            self.text = _SPACES_RE.sub(" ", t).strip()
            self.rtl = is_rtl(self.text)
            return
        self.runs.sort(key=lambda r: r.x0)
        self.x0 = min(r.x0 for r in self.runs)
        self.x1 = max(r.x1 for r in self.runs)
        self.top = min(r.top for r in self.runs)
        self.bottom = max(r.bottom for r in self.runs)
        main = [r for r in self.runs if not r.sup and r.text.strip()] or self.runs
        weights: Counter[float] = Counter()
        for r in main:
            weights[round(r.size, 1)] += len(r.text.strip()) or 1
        self.size = weights.most_common(1)[0][0]
        visible = [r for r in main if r.text.strip()]
        self.bold = bool(visible) and all(r.bold for r in visible)
        self.italic = bool(visible) and all(r.italic for r in visible)
        self.rtl = is_rtl("".join(r.text for r in self.runs))
        if self.rtl:
            self.text = rtl_line_text(self.runs)
        else:
            self.text = _join_runs(self.runs)


def _clean(text: str) -> str:
    if "\x02" in text:
        text = text.replace("\x02", "-")
    return _CONTROL_RE.sub("", text)


def _strong_direction(ch: str) -> str | None:
    """'R' for a right-to-left letter (Hebrew, Arabic...), 'L' for a left-to-right one, else None."""
    kind = unicodedata.bidirectional(ch)
    return "R" if kind in ("R", "AL") else "L" if kind == "L" else None


def is_rtl(text: str) -> bool:
    """Is ``text`` mainly right-to-left: more of its letters Hebrew or Arabic than left-to-right ones?"""
    if not bidi.has_right_to_left(text):
        return False
    counts = Counter(_strong_direction(ch) for ch in text if not ch.isspace())
    return counts["R"] > counts["L"]


def rtl_line_text(runs: list[Run], context: str | None = None) -> str:
    """A right-to-left line's text in logical (reading) order, from its runs as they are placed.

    A PDF places the glyphs of an Arabic or Hebrew line where they are seen: right-to-left words
    from the right edge leftwards, numbers and Latin words left to right inside them, and a number
    of several groups ('+966 11 688 7700') with its groups right to left, as the Unicode
    Bidirectional Algorithm lays it out ('7700 688 11 966+'). Joined in x order the runs give the
    line as seen; the inverse of the algorithm's reordering (``bidi.logical``) gives the text. A run
    of several characters holds them in logical order (PDFium puts a run's own characters in
    reading order, and turns mirrored brackets back), so it enters the seen line as displayed.
    ``context``: the last strong type of the paragraph's line before (see ``bidi.resolve_levels``).
    """
    seen = seen_text(runs)
    text = bidi.logical(seen, rtl=True, context=context)
    if not bidi.balanced(text):
        # PDFium turns some mirrored brackets back to their logical character but not all (not
        # those of one-glyph runs): the reading whose brackets open before they close is right
        other = bidi.logical(seen, rtl=True, mirrored=True, context=context)
        if bidi.balanced(other):
            return other
    return text


def seen_text(runs: list[Run]) -> str:
    """A line's characters as they are seen, left to right (a multi-character run of a
    right-to-left line laid out as displayed)."""
    # PDFium hands the spaces it infers between glyphs drawn one by one to one of them ('2 '): the
    # gaps between the runs give those spaces again, on the side where they are seen. A run of
    # several letters keeps its spaces, which its box holds.
    ordered = []
    for r in sorted(runs, key=lambda r: r.x0):
        t = r.text.strip()
        if len(t) > 1:
            t = r.text if r.seen else bidi.display(r.text, rtl=True, mirror=False)
        if t:
            ordered.append(replace(r, text=t))
    return _join_runs(_marks_by_their_letters(ordered), glyph_gap=0.3)


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.category(ch) in ("Mn", "Me") for ch in text)


def _marks_by_their_letters(runs: list[Run]) -> list[Run]:
    """Runs in seen order with each combining mark drawn by itself (an Arabic damma, a Hebrew
    point) put next to the letter it sits on: before it, as seen, for a right-to-left letter, after
    it for a left-to-right one. A mark's box lies inside its letter's, so x order alone puts it on
    either side."""
    bases = [r for r in runs if not _is_mark(r.text)]
    if len(bases) == len(runs) or not bases:
        return runs
    attached: dict[int, list[Run]] = defaultdict(list)
    for r in runs:
        if _is_mark(r.text):
            centre = (r.x0 + r.x1) / 2
            host = min(range(len(bases)), key=lambda i: abs((bases[i].x0 + bases[i].x1) / 2 - centre))
            attached[host].append(r)
    out: list[Run] = []
    for i, base in enumerate(bases):
        marks = [replace(m, x0=base.x0, x1=base.x1) for m in attached.get(i, [])]
        rtl = _strong_direction(base.text[-1] if base.text else " ") == "R"
        out.extend([*marks, base] if rtl else [base, *marks])
    return out


#: a line seen beginning with sentence punctuation and then a letter ('.This letter ... permission')
_STOP_FIRST_RE = re.compile(r"[.,:;!?\u060c\u061b\u061f]+\w")


def _edge_directions(text: str) -> tuple[str | None, str | None]:
    """The direction of the first and the last letter of ``text``."""
    dirs = [d for d in map(_strong_direction, text) if d is not None]
    return (dirs[0], dirs[-1]) if dirs else (None, None)


def _last_strong(text: str) -> str | None:
    """UAX #9's strong type ('L', 'R', 'AL') of the last letter of ``text``."""
    for ch in reversed(text):
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL"):
            return kind
    return None


def settle_directions(lines: list[LineData]) -> None:
    """Each line's direction, and the text of right-to-left lines with the paragraph's context.

    A line mixing both directions may be seen alike in either: 'ABC םולש' is English ending with a
    Hebrew word, or a Hebrew line ending ('מאת: הדס הראל <info.mail@example.org>') with a long Latin
    address. By the first-letter rule (UAX #9 P2), a line whose seen edges are both Hebrew or Arabic
    letters is right to left, both Latin left to right; otherwise the page's main direction decides,
    and on a page with no main direction the line's own letters. A right-to-left line directly
    under another continues its paragraph: its digits follow the letter that line ends with.
    """
    if not bidi.has_right_to_left("".join(ln.text + "".join(r.text for r in ln.runs) for ln in lines)):
        # no right-to-left letter on the page: no line is seen in the other direction, and every
        # test below needs one (a right-to-left page, or such a letter in the line)
        return
    counts: Counter[str | None] = Counter()
    for ln in lines:
        counts.update(_strong_direction(ch) for ch in ln.text)
    page = "R" if counts["R"] > counts["L"] else "L" if counts["L"] > counts["R"] else None
    prev: LineData | None = None
    for ln in lines:
        dirs = {_strong_direction(ch) for r in ln.runs for ch in r.text}
        # a line of numbers alone on a right-to-left page ends a right-to-left paragraph
        numbers = page == "R" and dirs == {None} and any(ch.isdigit() for ch in ln.text)
        # so does a Latin line whose full stop a right-to-left paragraph put at its left end
        latin = page == "R" and dirs == {"L", None} and _STOP_FIRST_RE.match(seen_text(ln.runs)) is not None
        if (len(ln.runs) > 1 or ln.runs[0].seen) and ("R" in dirs or numbers or latin):
            seen = seen_text(ln.runs)
            edges = _edge_directions(seen)
            if numbers or latin:
                rtl = True
            elif edges[0] == edges[1] and edges[0] is not None:
                rtl = edges[0] == "R"
            else:
                rtl = page == "R" if page is not None else is_rtl(seen)
            context = None
            if (
                rtl
                and prev is not None
                and prev.rtl
                and 0 < ln.baseline - prev.baseline <= 1.8 * max(ln.size, prev.size)
                and prev.x0 < ln.x1
                and ln.x0 < prev.x1
            ):
                context = _last_strong(prev.text)
            # (a line of one run took that run's text as it is: seen order for pdfplumber's runs)
            if rtl != ln.rtl or context is not None or (rtl and len(ln.runs) == 1 and ln.runs[0].seen):
                ln.rtl = rtl
                ordered = sorted(ln.runs, key=lambda r: r.x0)
                ln.text = rtl_line_text(ordered, context) if rtl else _join_runs(ordered)
        prev = ln


def _join_runs(runs: list[Run], glyph_gap: float = 0.2) -> str:
    """Runs in x order joined into a line's text: a space where the gap is wider than a thin space.

    ``glyph_gap``: the widest gap (in ems) between two one-character runs that is no space. Shaped
    right-to-left lines are drawn glyph by glyph, and ink boxes of narrow glyphs ('1', '.') leave
    gaps of up to 0.22 em inside a word, where a space is 0.35 em or more."""
    parts: list[str] = []
    prev: Run | None = None
    for r in runs:
        t = r.text
        if r.sup:
            t = t.strip().translate(TO_SUPERSCRIPT)
        if prev is not None and parts:
            # backends measure glyphs differently (ink or advance boxes): only a gap clearly wider
            # than side bearings is a space, and a superscript hugs the word it marks
            gap = r.x0 - prev.x1
            single = len(r.text) == 1 and len(prev.text) == 1
            limit = (0.3 if (r.sup or prev.sup) else glyph_gap if single else 0.2) * max(r.size, prev.size)
            if gap > limit and not parts[-1].endswith(" ") and not t.startswith(" "):
                parts.append(" ")
        parts.append(t)
        prev = r
    return _SPACES_RE.sub(" ", "".join(parts)).strip()


# --------------------------------------------------------------------------------------------------
# Shared layout: runs -> lines -> regions -> blocks


def build_lines(runs: list[Run]) -> list[LineData]:
    """Group runs into visual lines by baseline; attach raised small runs (footnote markers) to their line."""
    runs = [r for r in runs if r.text and r.size > 0]
    if not runs:
        return []
    runs.sort(key=lambda r: (r.baseline, r.x0))
    lines: list[LineData] = []
    for r in runs:
        placed = False
        # compare with the few most recent lines (a superscript may come before or after its line)
        for ln in reversed(lines[-3:]):
            tol = 0.3 * min(r.size, ln.size)
            if abs(r.baseline - ln.baseline) <= tol:
                ln.runs.append(r)
                placed = True
                break
        if not placed:
            lines.append(LineData(runs=[r], baseline=r.baseline, size=r.size))
    lines = _split_columns(lines)
    for ln in lines:
        ln.finish()
    # superscripts: a short line of small type, raised above a line of bigger type next to it
    merged: set[int] = set()
    for i, ln in enumerate(lines):
        text = ln.text.replace(" ", "")
        if len(text) > 4 or not text:
            continue
        best = None
        for j in range(max(0, i - 3), min(len(lines), i + 4)):
            if j == i or j in merged:
                continue
            host = lines[j]
            if host.size < ln.size * 1.15:
                continue
            raised = host.baseline - ln.baseline
            if (
                0.12 * host.size <= raised <= 0.65 * host.size
                and host.x0 - host.size <= ln.x0 <= host.x1 + host.size
            ):
                best = host
                break
        if best is not None:
            for r in ln.runs:
                r.sup = True
            best.runs.extend(ln.runs)
            merged.add(i)
    if merged:
        lines = [ln for i, ln in enumerate(lines) if i not in merged]
        for ln in lines:
            ln.finish()
    lines.sort(key=lambda ln: (ln.baseline, ln.x0))
    lines = [ln for ln in lines if ln.text]
    settle_directions(lines)
    return lines


def _split_columns(lines: list[LineData]) -> list[LineData]:
    """Cut a baseline's runs where a gap wider than ``COLUMN_GAP`` ems separates them.

    Runs on one baseline far apart belong to different columns: the address window and the info
    block of a DIN 5008 letter, a sender's address and the date set flush right on its first line,
    two signature blocks side by side. Kept as one line they would read "Frau Ihr Zeichen: AS/12" and
    hide both the address and the date. A gap after a colon or a comma is kept: that is a tab inside
    one statement ("Datum:<tab>12.05.2021", "Brussels,<tab>23 March 2015").
    """
    out: list[LineData] = []
    for ln in lines:
        if len(ln.runs) < 2:
            out.append(ln)
            continue
        runs = sorted(ln.runs, key=lambda r: r.x0)
        cur = [runs[0]]
        right = runs[0].x1
        for r in runs[1:]:
            gap = r.x0 - right
            if gap > COLUMN_GAP * max(r.size, cur[-1].size) and not _continues(cur):
                out.append(LineData(runs=cur, baseline=cur[0].baseline, size=cur[0].size))
                cur = [r]
            else:
                cur.append(r)
            right = max(right, r.x1)
        out.append(LineData(runs=cur, baseline=cur[0].baseline, size=cur[0].size))
    return out


def _continues(runs: list[Run]) -> bool:
    """Does the text so far announce more on the same line (a label's colon, a place's comma)?"""
    tail = next((r.text.rstrip() for r in reversed(runs) if r.text.strip()), "")
    return tail.endswith((":", ","))


def _key(text: str) -> str:
    """Repetition key: exact text up to case and spacing (digits kept: 'Paragraph 12' is no furniture;
    page numbers are the heuristics' business)."""
    return " ".join(text.lower().split())


@dataclass(slots=True)
class DocStats:
    """Document-wide measures the layout compares each line with."""

    body_size: float
    left: float
    right: float
    pitch: dict[float, float]
    #: right edges beyond ``right`` shared by several lines (of any size): where text set flush right
    #: ends when the body is ragged and stops short of the margin
    flush_right: frozenset[float] = frozenset()


def document_stats(pages: list[tuple[PageContent, list[LineData]]]) -> DocStats:
    """Body font size (by character count), text margins, and the usual line pitch per font size."""
    sizes: Counter[float] = Counter()
    for _, lines in pages:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 11.0
    width = pages[0][0].width if pages else 595.0
    x0s = [ln.x0 for _, lines in pages for ln in lines if abs(ln.size - body_size) < 0.6]
    x1s = [ln.x1 for _, lines in pages for ln in lines if abs(ln.size - body_size) < 0.6]
    left = robust_edge(x0s, low=True, default=72.0)
    right = robust_edge(x1s, low=False, default=width - 72.0)
    body = [ln for _, lines in pages for ln in lines if abs(ln.size - body_size) < 0.6]
    if x0s and 2 * sum(len(ln.text) for ln in body if ln.rtl) > sum(len(ln.text) for ln in body):
        # right to left, the left edge is the ragged one: no two lines need share it (the edge two
        # lines share may be the start of a short line, far inside), and the line that reaches
        # furthest left, a full one or a dateline set on the left, marks the margin
        left = min(x0s)
    deltas: dict[float, list[float]] = defaultdict(list)
    for _, lines in pages:
        for a, b in itertools.pairwise(lines):
            if abs(a.size - b.size) < 0.6:
                d = b.baseline - a.baseline
                if 0.9 * a.size <= d <= 2.5 * a.size:
                    deltas[round(a.size)].append(d)
    pitch: dict[float, float] = {}
    for size, ds in deltas.items():
        ds.sort()
        # the usual pitch is the most common, smallest spacing: paragraph gaps are the larger ones
        common = Counter(round(d, 1) for d in ds).most_common(1)[0][0]
        pitch[size] = min(common, ds[len(ds) // 4] if len(ds) >= 4 else common)
    # edges within 1.5 pt of another line's edge (clustered, not rounded: backends differ by tenths)
    ends = sorted(ln.x1 for _, lines in pages for ln in lines if ln.x1 > right + 3.0)
    flush = frozenset(round(v, 1) for a, b in itertools.pairwise(ends) if b - a <= 1.5 for v in (a, b))
    return DocStats(body_size=body_size, left=left, right=right, pitch=pitch, flush_right=flush)


def _pitch(stats: DocStats, size: float) -> float:
    return stats.pitch.get(round(size), 1.2 * size)


def align_of(ln: LineData, stats: DocStats, page_width: float) -> str:
    """left/center/right/justify from where the line sits between the margins (glyph boxes are exact
    to a point or two: a third of the type size is the slack)."""
    left, right = usable_margins(stats.left, stats.right, page_width)
    tol = max(3.0, 0.3 * ln.size)
    if ln.rtl:
        # a right-to-left line starts at the right margin: read in the mirror, by the same rules as a
        # left-to-right line (a line that all but fills the measure is flush with its start, not
        # centred), and the answer mirrored back, so that the alignment stays what the page shows
        w = page_width
        mirrored = alignment(w - ln.x1, w - ln.x0, w - right, w - left, tol)
        return MIRRORED_ALIGN.get(mirrored, mirrored)
    return alignment(ln.x0, ln.x1, left, right, tol, flush_right=stats.flush_right)


def classify_regions(pages: list[tuple[PageContent, list[LineData]]], stats: DocStats) -> None:
    """Mark header, footer and footnote lines by position and type size (and repetition across pages)."""
    small = stats.body_size * 0.95
    # repetition: the same text at (nearly) the same height on two or more pages. Each normalised
    # text maps to its (baseline, page) pairs sorted by baseline, so a line is looked up by bisection
    # over the few pairs within 3 pt, not by scanning every page where its text stands: a running
    # head on each of 500 pages costs 500 look-ups, not 500 x 500 comparisons
    seen: dict[str, list[tuple[float, int]]] = defaultdict(list)
    if len(pages) > 1:
        for pno, (_, lines) in enumerate(pages):
            for ln in lines:
                if len(ln.text) >= 3:
                    seen[_key(ln.text)].append((ln.baseline, pno))
        for hits in seen.values():
            hits.sort()

    def repeated(pno: int, ln: LineData) -> bool:
        hits = seen.get(_key(ln.text))
        if not hits:
            return False
        k = bisect.bisect_right(hits, (ln.baseline - 3, len(pages)))
        while k < len(hits) and hits[k][0] < ln.baseline + 3:
            if hits[k][1] != pno and abs(hits[k][0] - ln.baseline) < 3:
                return True
            k += 1
        return False

    for pno, (content, lines) in enumerate(pages):
        if not lines:
            continue
        h = content.height
        # header: small type (or a repeated line) from the top of the page, in its upper part
        i = 0
        while i < len(lines):
            ln = lines[i]
            if ln.top > 0.3 * h:
                break
            if not (ln.size < small or repeated(pno, ln)):
                break
            i += 1
        # the header must be followed by a gap or by type of another size; else it is body text
        if i and (
            i == len(lines)
            or lines[i].size != lines[i - 1].size
            or lines[i].baseline - lines[i - 1].baseline > 1.3 * _pitch(stats, lines[i - 1].size)
        ):
            for ln in lines[:i]:
                ln.region = "header"
        start = i if i and lines[0].region == "header" else 0
        # footer: the bottom group, after a clear gap, in the lower part of the page
        j = len(lines)
        while j > start:
            ln = lines[j - 1]
            if j < len(lines):
                below = lines[j]
                if below.baseline - ln.baseline > 1.6 * _pitch(stats, below.size):
                    break
            j -= 1
        group = lines[j:]
        is_footer = False
        if group and j > start and group[0].top > 0.8 * h:
            above = lines[j - 1]
            rule_between = any(above.bottom - 1 <= r[1] <= group[0].top + 1 for r in content.rules)
            starts_note = _starts_with_marker(group[0])
            if (all(ln.size < small for ln in group) or all(repeated(pno, ln) for ln in group)) and not (
                rule_between or starts_note
            ):
                is_footer = True
        if is_footer:
            for ln in group:
                ln.region = "footer"
            end = j
        else:
            end = len(lines)
        # footnotes: small lines at the bottom of the body, below a short rule or opening with a marker
        k = end
        while k > start and lines[k - 1].size < small:
            k -= 1
        notes = lines[k:end]
        if notes and k > start:
            first = notes[0]
            above = lines[k - 1]
            rule = any(
                above.bottom - 1 <= r[1] <= first.top + 1 and (r[2] - r[0]) < 0.6 * (stats.right - stats.left)
                for r in content.rules
            )
            if rule or _starts_with_marker(first):
                for ln in notes:
                    ln.region = "footnote"


def _starts_with_marker(ln: LineData) -> bool:
    first = ln.runs[0] if ln.runs else None
    if first is not None and first.sup:
        return True
    return bool(_TIGHT_MARKER_RE.match(ln.text))


def make_blocks(
    lines: list[LineData], images: list[BBox], stats: DocStats, page_width: float
) -> list[list[LineData]]:
    """Split a page's lines into blocks (paragraph-like groups), with images as blocks of their own."""
    items: list[LineData] = list(lines)
    header_bottom = max((ln.bottom for ln in lines if ln.region == "header"), default=None)
    footer_top = min((ln.top for ln in lines if ln.region == "footer"), default=None)
    for box in images:
        x0, top, x1, bottom = box
        region = "body"
        if header_bottom is not None and bottom <= header_bottom + 2:
            region = "header"
        elif footer_top is not None and top >= footer_top - 2:
            region = "footer"
        img = LineData(
            runs=[],
            baseline=bottom,
            size=0.0,
            x0=x0,
            top=top,
            x1=x1,
            bottom=bottom,
            region=region,
            kind="image",
        )
        items.append(img)
    # reading order: top to bottom; an image sorts by its bottom edge against text baselines
    items.sort(key=lambda it: (it.baseline, it.x0))
    for ln in items:
        if ln.kind == "text":
            ln.align = align_of(ln, stats, page_width)
    # Each line continues the block whose last line is on the row above and overlaps it horizontally;
    # in one column that is simply the previous line. Side-by-side columns (an address window next to
    # an info block, an address next to a flush-right date) so become blocks of their own, each read
    # top to bottom. Blocks come in the order of their first lines: top to bottom, left to right at
    # the same height, so a left column is read before the right column beside it.
    blocks: list[list[LineData]] = []
    for ln in items:
        host = _host_block(blocks, ln)
        if host is None or _breaks(host[-1], ln, stats):
            blocks.append([ln])
        else:
            host.append(ln)
    for block in blocks:
        _settle_align(block)
    return blocks


def _above(last: LineData, ln: LineData) -> bool:
    """``last`` is on an earlier row than ``ln`` (not beside it on the same one)."""
    return last.baseline < ln.baseline - 0.5 * max(min(last.size, ln.size), 1.0)


def _overlaps(a: LineData, b: LineData) -> bool:
    return a.x0 <= b.x1 and b.x0 <= a.x1


def _host_block(blocks: list[list[LineData]], ln: LineData) -> list[LineData] | None:
    """The block ``ln`` may continue: the latest one ending on a row above and overlapping it
    horizontally, else the latest block (the single-column case); never a block beside it."""
    for block in reversed(blocks[-8:]):
        last = block[-1]
        if _above(last, ln) and _overlaps(last, ln):
            return block
    if blocks and _above(blocks[-1][-1], ln):
        return blocks[-1]
    return None


def _settle_align(block: list[LineData]) -> None:
    """Lines of a block that share their left edge are left-aligned, even the one that happens to
    reach the right margin (the longest line of an info block in the right half of the page) or to
    sit in the middle (the first line of a footer's middle column)."""
    if len(block) < 2 or block[0].kind != "text":
        return
    aligns = {ln.align for ln in block}
    if "left" in aligns and aligns & {"right", "center"}:
        tol = max(3.0, 0.3 * block[0].size)
        if max(ln.x0 for ln in block) - min(ln.x0 for ln in block) <= tol:
            for ln in block:
                if ln.align in ("right", "center"):
                    ln.align = "left"


def _breaks(prev: LineData, ln: LineData, stats: DocStats) -> bool:
    """Does ``ln`` start a new block after ``prev``?"""
    if ln.kind == "image" or prev.kind == "image" or ln.region != prev.region:
        return True
    if abs(ln.size - prev.size) > 0.1 * max(ln.size, prev.size):
        return True
    pitch = _pitch(stats, prev.size)
    if ln.baseline - prev.baseline > max(1.3 * pitch, 1.25 * prev.size):
        return True
    if ln.region == "footnote" and _starts_with_marker(ln):
        return True
    if ln.bold != prev.bold:
        return True
    # a full-width line fits any alignment; left, centre and right lines do not mix in one block,
    # except left and right lines sharing their left edge (a column's longest line reaching the margin)
    a, b = prev.align, ln.align
    if a != b and "justify" not in (a, b):
        same_left = "left" in (a, b) and abs(ln.x0 - prev.x0) <= max(3.0, 0.3 * ln.size)
        if not same_left:
            return True
    # a first-line indent after a full line starts a paragraph (at the right edge in Arabic and
    # Hebrew, where a paragraph's last line ends short at the left)
    if ln.rtl and prev.rtl:
        return prev.x1 - ln.x1 > 1.5 * ln.size and prev.align == "justify"
    return ln.x0 > prev.x0 + 1.5 * ln.size and prev.align == "justify"


def emit_page(builder: DocumentBuilder, blocks: list[list[LineData]], page_number: int) -> None:
    for block in blocks:
        builder.end_block()
        for ln in block:
            text = ln.text
            if ln.kind == "image":
                builder.add_line("", kind="image", bbox=_bbox(ln), region=ln.region)
                continue
            if ln.region == "footnote" and ln is block[0]:
                text = _TIGHT_MARKER_RE.sub(r"\1 ", text, count=1)
            builder.add_line(
                text,
                bbox=_bbox(ln),
                font_size=ln.size,
                bold=ln.bold,
                italic=ln.italic,
                align=ln.align,
                region=ln.region,
                indent=round(ln.x0, 1),
            )
    builder.end_block()


def _bbox(ln: LineData) -> BBox:
    return (round(ln.x0, 2), round(ln.top, 2), round(ln.x1, 2), round(ln.bottom, 2))


# --------------------------------------------------------------------------------------------------
# pdfium backend


class _PdfiumExtractor:
    """Reads page objects through PDFium's C API (pypdfium2.raw), a handful of calls per text run."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self._buf = ctypes.create_string_buffer(8192)
        self._wlen = len(self._buf)  # in bytes, as FPDFTextObj_GetText counts
        self._wbuf = ctypes.cast(self._buf, ctypes.POINTER(raw.FPDF_WCHAR))
        self._fonts: dict[int | None, tuple[bool, bool]] = {}
        self._f = [ctypes.c_float() for _ in range(4)]
        self._fref = [ctypes.byref(x) for x in self._f]
        self._size = ctypes.c_float()
        self._matrix = raw.FS_MATRIX()
        self._mref = ctypes.byref(self._matrix)
        self._texts: dict[int, str] | None = None
        # Copies of the C functions that pass page objects and fonts as plain addresses: no pointer
        # object per call, and addresses serve directly as keys (fonts, characters' text objects).
        vp = ctypes.c_void_p
        self._get_text_object = _by_address(raw.FPDFText_GetTextObject, restype=vp, first=None)
        self._get_object = _by_address(raw.FPDFPage_GetObject, restype=vp, first=None)
        self._form_count = _by_address(raw.FPDFFormObj_CountObjects)
        self._form_get = _by_address(raw.FPDFFormObj_GetObject, restype=vp)
        self._obj_type = _by_address(raw.FPDFPageObj_GetType)
        self._obj_bounds = _by_address(raw.FPDFPageObj_GetBounds)
        self._obj_matrix = _by_address(raw.FPDFPageObj_GetMatrix)
        self._obj_text = _by_address(raw.FPDFTextObj_GetText)
        self._obj_font_size = _by_address(raw.FPDFTextObj_GetFontSize)
        self._obj_font = _by_address(raw.FPDFTextObj_GetFont, restype=vp)
        self._font_name = _by_address(raw.FPDFFont_GetBaseFontName)
        self._font_flags = _by_address(raw.FPDFFont_GetFlags)
        self._font_weight = _by_address(raw.FPDFFont_GetWeight)
        self._font_angle = _by_address(raw.FPDFFont_GetItalicAngle)
        self._sref = ctypes.byref(self._size)

    def page(self, page: Any, textpage: Any) -> PageContent:
        raw = self.raw
        width, height = page.get_size()
        # the visible box (crop box within media box, inherited boxes resolved by PDFium itself;
        # pypdfium2's get_cropbox falls back to US Letter when the box is inherited from /Pages)
        rect = raw.FS_RECTF()
        if raw.FPDF_GetPageBoundingBox(page.raw, ctypes.byref(rect)):
            ox, oy_top = float(rect.left), float(rect.top)
        else:
            ox, oy_top = 0.0, float(height)
        content = PageContent(width=round(float(width), 2), height=round(float(height), 2))
        n = raw.FPDFPage_CountObjects(page.raw)
        get = self._get_object
        objs = [get(page.raw, i) for i in range(n)]
        # FPDFTextObj_GetText scans the whole text page for each object: fine for a few dozen runs
        # (a line each), quadratic for pages drawn word by word or glyph by glyph. Those get one pass
        # over the characters instead, mapping each to its text object.
        kind = self._obj_type
        n_text = sum(1 for o in objs if kind(o) == raw.FPDF_PAGEOBJ_TEXT)
        # ... and pages with right-to-left text, for the ligatures PDFium gives backwards
        many = n_text > MANY_TEXT_OBJECTS
        self._texts = self._texts_by_object(textpage) if many or _has_rtl(textpage) else None
        self._walk(objs, None, textpage.raw, content, ox, oy_top)
        return content

    def _texts_by_object(self, textpage: Any) -> dict[int, str]:
        """Each text object's characters (address -> text), from one walk over the text page."""
        raw = self.raw
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        text = textpage.get_text_range() if n > 0 else ""
        if len(text) != n:  # characters outside the BMP: take them one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
        get_obj = self._get_text_object
        addrs = [get_obj(tp, i) for i in range(n)]
        parts: dict[int, list[str]] = defaultdict(list)
        pos = 0
        for addr, group in itertools.groupby(addrs):
            size = sum(1 for _ in group)
            if addr:
                chunk = text[pos : pos + size]
                if size > 1 and is_rtl(chunk) and self._one_glyph(tp, pos, size):
                    # a ligature (lam-alef) decodes to its letters in reading order, but PDFium
                    # reverses a right-to-left object's characters as if they were seen order
                    chunk = chunk[::-1]
                parts[addr].append(chunk)
            pos += size
        return {addr: "".join(chunks) for addr, chunks in parts.items()}

    def _one_glyph(self, tp: Any, start: int, size: int) -> bool:
        """Do the characters ``start``..``start+size`` come from one glyph (they share its origin)?"""
        raw = self.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        origins = set()
        for i in range(start, start + size):
            if not raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(x), ctypes.byref(y)):
                return False
            origins.add((round(x.value, 2), round(y.value, 2)))
        return len(origins) == 1

    def _walk(
        self,
        objs: list[Any],
        m: tuple[float, ...] | None,
        tp: Any,
        content: PageContent,
        ox: float,
        oy: float,
    ) -> None:
        raw = self.raw
        obj_type = self._obj_type
        for obj in objs:
            if not obj:
                continue
            kind = obj_type(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                run = self._text(obj, m, tp, ox, oy)
                if run is not None:
                    content.runs.append(run)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                box = self._bounds(obj, m, ox, oy)
                if box and box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
                    content.images.append(box)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                box = self._bounds(obj, m, ox, oy)
                if box and box[3] - box[1] <= 2.0 and box[2] - box[0] >= 20:
                    content.rules.append(box)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                mat = self._get_matrix(obj)
                inner = mat if m is None else _compose(mat, m)
                count = self._form_count(obj)
                children = [self._form_get(obj, i) for i in range(max(0, count))]
                self._walk(children, inner, tp, content, ox, oy)

    def _get_matrix(self, obj: Any) -> tuple[float, ...]:
        mm = self._matrix
        if not self._obj_matrix(obj, self._mref):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (mm.a, mm.b, mm.c, mm.d, mm.e, mm.f)

    def _bounds(self, obj: Any, m: tuple[float, ...] | None, ox: float, oy: float) -> BBox | None:
        f = self._f
        if not self._obj_bounds(obj, *self._fref):
            return None
        left, bottom, right, top = f[0].value, f[1].value, f[2].value, f[3].value
        if m is not None:
            xs, ys = [], []
            for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
                px, py = _apply(m, x, y)
                xs.append(px)
                ys.append(py)
            left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
        return (left - ox, oy - top, right - ox, oy - bottom)

    def _text(self, obj: Any, m: tuple[float, ...] | None, tp: Any, ox: float, oy: float) -> Run | None:
        if self._texts is not None:
            text = self._texts.get(obj, "")
        else:
            n = self._obj_text(obj, tp, self._wbuf, self._wlen)
            if n > self._wlen:  # longer than the buffer: grow it and ask again
                self._grow(n)
                n = self._obj_text(obj, tp, self._wbuf, self._wlen)
            if n <= 2:
                return None
            text = ctypes.string_at(self._buf, n - 2).decode("utf-16-le", errors="replace")
        if _NEEDS_CLEAN.search(text):
            text = _clean(text)
        if not text or text.isspace():
            return None
        f = self._f
        if not self._obj_bounds(obj, *self._fref):
            return None
        left, bottom, right, top = f[0].value, f[1].value, f[2].value, f[3].value
        mm = self._matrix
        if self._obj_matrix(obj, self._mref):
            tm: tuple[float, ...] = (mm.a, mm.b, mm.c, mm.d, mm.e, mm.f)
        else:
            tm = (1.0, 0.0, 0.0, 1.0, left, bottom)
        if m is not None:
            box = self._bounds(obj, m, ox, oy)
            if box is None:
                return None
            left, top_, right, bottom_ = box
            tm = _compose(tm, m)
        else:
            left, top_, right, bottom_ = left - ox, oy - top, right - ox, oy - bottom
        self._obj_font_size(obj, self._sref)
        a, b, c, d = tm[0], tm[1], tm[2], tm[3]
        scale = (
            1.0 if (a == 1.0 and d == 1.0 and b == 0.0 and c == 0.0) else math.sqrt(abs(a * d - b * c)) or 1.0
        )
        size = round(self._size.value * scale, 2)
        baseline = oy - tm[5] if abs(b) <= abs(a) else bottom_  # rotated text: its origin is no baseline
        bold, italic = self._font(self._obj_font(obj))
        return Run(text, left, top_, right, bottom_, baseline, size, bold, italic)

    def _grow(self, n: int) -> None:
        self._buf = ctypes.create_string_buffer(n + 64)
        self._wlen = len(self._buf)  # in bytes, as FPDFTextObj_GetText counts
        self._wbuf = ctypes.cast(self._buf, ctypes.POINTER(self.raw.FPDF_WCHAR))

    def _font(self, font: int | None) -> tuple[bool, bool]:
        hit = self._fonts.get(font)
        if hit is not None:
            return hit
        bold = italic = False
        if font:
            n = self._font_name(font, self._buf, len(self._buf))
            name = self._buf.value.decode("latin-1", errors="replace") if n else ""
            flags = self._font_flags(font)
            weight = self._font_weight(font)
            angle = ctypes.c_int()
            has_angle = self._font_angle(font, ctypes.byref(angle))
            bold = (
                bool(_BOLD_NAME_RE.search(name))
                or weight >= 600
                or bool(flags > 0 and flags & _FLAG_FORCE_BOLD)
            )
            italic = (
                bool(_ITALIC_NAME_RE.search(name))
                or bool(flags > 0 and flags & _FLAG_ITALIC)
                or bool(has_angle and angle.value != 0)
            )
        self._fonts[font] = (bold, italic)
        return bold, italic


_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _has_rtl(textpage: Any) -> bool:
    """Has the page Hebrew or Arabic characters?"""
    return _RTL_RE.search(textpage.get_text_range()) is not None


def _by_address(func: Any, restype: Any = "same", first: Any = ctypes.c_void_p) -> Any:
    """A copy of a pypdfium2 C function whose first argument (an object or font handle) is a plain
    address; ``first=None`` keeps the argument types and changes only the return type."""
    copy = type(func)(ctypes.cast(func, ctypes.c_void_p).value)
    argtypes = list(func.argtypes or ())
    if first is not None and argtypes:
        argtypes[0] = first
    copy.argtypes = argtypes
    copy.restype = func.restype if restype == "same" else restype
    return copy


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """Matrix product inner x outer (PDF row-vector convention): first inner, then outer."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


# --------------------------------------------------------------------------------------------------
# pdfplumber backend


def _plumber_runs(page: Any) -> list[Run]:
    """pdfplumber's characters merged into runs of one font, size and baseline, in stream order."""
    chars = [c for c in page.chars if c.get("upright", True) or c["text"].strip()]
    descent = _font_descents(chars)
    runs: list[Run] = []
    cur: list[tuple[dict[str, Any], float]] = []
    key: tuple[Any, ...] | None = None

    def flush() -> None:
        if not cur:
            return
        parts: list[str] = []
        prev = None
        for ch, _ in cur:
            if (
                prev is not None
                and ch["x0"] - prev["x1"] > 0.2 * float(ch["size"])
                and ch["text"] != " "
                and prev["text"] != " "
            ):
                parts.append(" ")
            t = ch["text"]
            # a ligature's letters (lam-alef) are in reading order: seen right to left
            parts.append(t[::-1] if len(t) > 1 and is_rtl(t) else t)
            prev = ch
        text = _clean("".join(parts))
        if text.strip():
            first, baseline = cur[0]
            name = first["fontname"]
            runs.append(
                Run(
                    text,
                    min(c["x0"] for c, _ in cur),
                    min(c["top"] for c, _ in cur),
                    max(c["x1"] for c, _ in cur),
                    max(c["bottom"] for c, _ in cur),
                    baseline,
                    round(float(first["size"]), 2),
                    bool(_BOLD_NAME_RE.search(name)),
                    bool(_ITALIC_NAME_RE.search(name)),
                    seen=True,
                )
            )
        cur.clear()

    for ch in chars:
        size = float(ch["size"]) or 1.0
        # pdfminer keeps the text rise (Ts) out of the char matrix but in its box: the box's offset
        # from the matrix origin, beyond the font's usual descent, is the rise
        origin_top = ch["top"] + (ch["y1"] - ch["matrix"][5])
        rise = (ch["y0"] - ch["matrix"][5]) - descent.get(ch["fontname"], 0.0) * size
        baseline = origin_top - (rise if abs(rise) > 0.05 * size else 0.0)
        k = (ch["fontname"], round(size, 2))
        if cur:
            last, last_base = cur[-1]
            if (
                k != key
                or abs(baseline - last_base) > 0.5
                or ch["x0"] < last["x1"] - 0.5 * size
                or (ch["x0"] - last["x1"] > 3 * size and ch["text"] != " " and last["text"] != " ")
            ):
                flush()
        cur.append((ch, baseline))
        key = k
    flush()
    return runs


def _font_descents(chars: list[dict[str, Any]]) -> dict[str, float]:
    """Each font's usual (box bottom - origin) / size: what a character without text rise shows."""
    seen: dict[str, Counter[float]] = defaultdict(Counter)
    for ch in chars:
        size = float(ch["size"]) or 1.0
        seen[ch["fontname"]][round((ch["y0"] - ch["matrix"][5]) / size, 2)] += 1
    return {name: c.most_common(1)[0][0] for name, c in seen.items()}


def _plumber_page(page: Any) -> PageContent:
    content = PageContent(
        width=round(float(page.width), 2), height=round(float(page.height), 2), runs=_plumber_runs(page)
    )
    for im in page.images:
        box = (float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"]))
        if box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
            content.images.append(box)
    for obj in (*page.rects, *page.lines):
        box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
        if box[3] - box[1] <= 2.0 and box[2] - box[0] >= 20:
            content.rules.append(box)
    return content


# --------------------------------------------------------------------------------------------------
# Document-level helpers


_PDF_DATE_RE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+\-])(?:(\d{2})'?(\d{2})?'?)?)?"
)


def pdf_date_to_iso(value: str | None) -> str | None:
    """'D:20150525120000+02'00'' -> '2015-05-25T12:00:00+02:00'; None when it is no PDF date."""
    if not value:
        return None
    m = _PDF_DATE_RE.match(value.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz, tzh, tzm = m.groups()
    try:
        year, month, day = int(y), int(mo or 1), int(d or 1)
        if not (1 <= month <= 12 and 1 <= day <= 31 and year > 0):
            return None
        if hh is None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        out = f"{year:04d}-{month:02d}-{day:02d}T{int(hh):02d}:{int(mi or 0):02d}:{int(ss or 0):02d}"
    except ValueError:
        return None
    if tz in ("Z", "z"):
        out += "Z"
    elif tz in ("+", "-"):
        out += f"{tz}{int(tzh or 0):02d}:{int(tzm or 0):02d}"
    return out


def _metadata(pdf: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is a nicety: a broken Info dictionary must not stop the read
        info = {}
    for src, dst in (
        ("Title", "title"),
        ("Author", "author"),
        ("Subject", "subject"),
        ("Keywords", "keywords"),
        ("Creator", "creator"),
        ("Producer", "producer"),
    ):
        value = (info.get(src) or "").strip()
        if value:
            meta[dst] = value
    for src, dst in (("CreationDate", "created"), ("ModDate", "modified")):
        iso = pdf_date_to_iso(info.get(src))
        if iso:
            meta[dst] = iso
    try:
        version = pdf.get_version()
        if version:
            meta["pdf_version"] = f"{version // 10}.{version % 10}"
    except Exception:  # not all PDFs declare a version PDFium can report
        pass
    return meta


def _open_pdfium(data: bytes, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4 or "password" in str(exc).lower():
            if password:
                raise EncryptedInput(
                    "The PDF is encrypted and the password given is wrong; pass the right one with "
                    "password=... (CLI: --password)."
                ) from exc
            raise EncryptedInput(
                "The PDF is encrypted with a password; pass it with password=... (CLI: --password)."
            ) from exc
        if code == 6:
            raise CorruptInput(
                "The PDF uses a security handler that is not supported; it cannot be opened."
            ) from exc
        raise CorruptInput(
            f"The PDF is damaged or not a PDF ({exc}); try re-saving it with a PDF viewer, or check the file."
        ) from exc


#: the most form XObject draws one page may make, nested ones counted through: real pages draw a few
#: dozen (a letterhead, a logo, a signature stamp); a form drawing itself, or a chain of forms each
#: drawing the next twice, makes PDFium allocate without bound while it loads the page
MAX_FORM_DRAWS = 10_000
#: the deepest nesting of forms in forms accepted (real files nest two or three)
FORM_NESTING = 64
_DO = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+Do\b")


def check_form_xobjects(data: bytes, password: str | None = None) -> None:
    """Raise :class:`LimitExceeded` for a page whose form XObjects would be drawn more than
    :data:`MAX_FORM_DRAWS` times or that draw themselves (a cycle, which the PDF standard forbids: a
    form drawing itself twice doubles at each level PDFium follows), before PDFium loads any page.

    Done with pdfminer, which parses objects lazily in Python and never renders: each form's content
    stream is scanned for ``/Name Do`` and the draws are counted bottom-up with memoisation, so a
    30-level chain of forms that each draw the next twice (2^30 draws) costs 30 look-ups. Skipped for
    a file with no form dictionary in sight and no object streams (where dictionaries are
    compressed), which is most PDFs."""
    if b"/Form" not in data and b"/ObjStm" not in data:
        return
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1
    except ImportError:  # pdfplumber is a dependency; without it only the worker's memory cap holds
        return
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
        pages = list(PDFPage.create_pages(doc))
    except Exception:  # damage is PDFium's to report, with its own wording
        return
    memo: dict[int, int] = {}
    active: set[int] = set()

    def draws(resources: Any, content: bytes) -> int:
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if resources else None
        if not isinstance(xobjects, dict):
            return 0
        total = 0
        for m in _DO.finditer(content):
            ref = xobjects.get(m.group(1).decode("latin-1"))
            stream = resolve1(ref)
            if not isinstance(stream, PDFStream):
                continue
            if getattr(resolve1(stream.get("Subtype")), "name", "") != "Form":
                continue
            objid = getattr(ref, "objid", None)
            key = objid if objid is not None else id(stream)
            if key in active or len(active) >= FORM_NESTING:
                raise LimitExceeded(
                    "A form XObject of the PDF draws itself, directly or through other forms (the PDF "
                    "standard forbids it): drawing the page might never end, and for some such files PDF "
                    "readers allocate memory without bound. The file is broken or made to exhaust them."
                )
            if key not in memo:
                try:
                    body = stream.get_data()
                except Exception:
                    body = b""
                active.add(key)
                try:
                    memo[key] = draws(stream.get("Resources"), body)
                finally:
                    active.discard(key)
            total += 1 + memo[key]
            if total > MAX_FORM_DRAWS:
                raise LimitExceeded(
                    f"A page of the PDF draws its form XObjects more than {MAX_FORM_DRAWS} times (forms "
                    "nested in forms, each drawn many times); drawing it would exhaust the memory. The "
                    "file is broken or made to exhaust PDF readers."
                )
        return total

    for page in pages:
        contents = page.contents if isinstance(page.contents, list) else [page.contents]
        body = b""
        for part in contents:
            stream = resolve1(part)
            if isinstance(stream, PDFStream):
                try:
                    body += stream.get_data() + b"\n"
                except Exception:
                    continue
        draws(page.resources, body)


def _text_chars(textpage: Any) -> int:
    """Number of non-blank characters in a page's text layer (cheap for the pages that matter)."""
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(textpage.raw)
    if n <= 0:
        return 0
    if n > 4 * MIN_TEXT_CHARS:
        return n
    return sum(1 for ch in textpage.get_text_range() if not ch.isspace())


def _large_image(content: PageContent) -> bool:
    area = content.width * content.height or 1.0
    return any((b[2] - b[0]) * (b[3] - b[1]) >= SCAN_IMAGE_AREA * area for b in content.images)


# --------------------------------------------------------------------------------------------------
# The reader


class PdfReader(Reader):
    """Born-digital PDFs (text layer), with scanned pages handed to the OCR reader."""

    name = "pdf"
    formats = ("pdf",)
    extensions = ("pdf",)
    priority = 10
    description = "PDF with a text layer (pdfium, or pdfplumber for detail); scanned pages via OCR"
    #: ``ocr_dpi``: the resolution scanned pages are rendered at for OCR (see readers/ocr.py)
    options = ("ocr_dpi",)

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if b"%PDF-" in head[:1024]:
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        backend = (options.pdf_backend or "pdfium").lower()
        if backend not in ("pdfium", "pdfplumber"):
            raise ValueError(f"pdf_backend must be 'pdfium' or 'pdfplumber', not {options.pdf_backend!r}")
        if b"%PDF-" not in data[:1024]:
            raise CorruptInput(
                "The input is not a PDF: it has no '%PDF-' header. Pass the right format=... ."
            )
        pdf = _open_pdfium(data, options.password)
        try:
            check_form_xobjects(data, options.password)
            return self._read(pdf, data, options, backend)
        finally:
            pdf.close()

    def _read(self, pdf: Any, data: bytes, options: ReadOptions, backend: str) -> Document:
        n_pages = len(pdf)
        limits = options.limits
        if n_pages > limits.max_pages:
            raise LimitExceeded(
                f"The PDF has {n_pages} pages, over the limit of {limits.max_pages}; "
                "raise Limits.max_pages to read it."
            )
        if n_pages == 0:
            raise EmptyInput("The PDF has no pages: there is nothing to read.")
        builder = DocumentBuilder(format="pdf", reader=self.name)
        builder.metadata.update(_metadata(pdf))
        builder.metadata["backend"] = backend
        plumber = None
        if backend == "pdfplumber":
            plumber = _open_plumber(data, options.password)
        try:
            pages, need_ocr = self._extract(pdf, plumber, options)
        finally:
            if plumber is not None:
                plumber.close()
        text_pages = [(c, lines) for (c, lines), o in zip(pages, need_ocr, strict=False) if not o]
        if not any(lines for _, lines in text_pages) and not any(need_ocr):
            raise EmptyInput("The PDF has no text and no scanned pages: there is nothing to read.")
        if any(need_ocr) and options.ocr == "never":
            if not any(lines for _, lines in text_pages):
                raise OCRUnavailable(
                    "The PDF has no text layer (it is a scan); OCR was disabled (ocr='never'). "
                    "Read it with ocr='auto' and Tesseract installed."
                )
            skipped = [str(i + 1) for i, o in enumerate(need_ocr) if o]
            builder.warnings.append(
                f"Pages {', '.join(skipped)} have no text layer and were not OCR'd (ocr='never')."
            )
            need_ocr = [False] * len(need_ocr)
        stats = document_stats(text_pages or [(pages[0][0], [])])
        classify_regions(text_pages, stats)
        sizes = []
        ocr_pages = 0
        for i, ((content, lines), ocr) in enumerate(zip(pages, need_ocr, strict=False)):
            sizes.append([round(content.width, 2), round(content.height, 2)])
            check_deadline(options, "Reading the PDF")
            if ocr:
                started = builder.new_page(width=content.width, height=content.height, ocr=True)
                _ocr(_load_page(pdf, i), builder, options, i + 1, started)
                ocr_pages += 1
                continue
            builder.new_page(width=content.width, height=content.height)
            blocks = make_blocks(lines, content.images, stats, content.width)
            emit_page(builder, blocks, i + 1)
        builder.metadata["page_sizes"] = sizes
        if ocr_pages:
            builder.metadata["ocr"] = True
            builder.metadata["ocr_pages"] = ocr_pages
        doc = builder.build()
        if ocr_pages and not any(line.text.strip() for line in doc.lines() if line.kind == "text"):
            # the same as a blank image: a scan in which OCR found nothing is no letter
            raise EmptyInput(
                f"OCR found no text on the scanned page{'s' if ocr_pages > 1 else ''} of the PDF and it "
                "has no text layer. If it is a letter, scan it at 200-300 dpi, or check that the "
                "languages it is written in are installed for Tesseract."
            )
        return doc

    def _extract(
        self, pdf: Any, plumber: Any, options: ReadOptions
    ) -> tuple[list[tuple[PageContent, list[LineData]]], list[bool]]:
        pages: list[tuple[PageContent, list[LineData]]] = []
        need_ocr: list[bool] = []
        extractor = _PdfiumExtractor()
        for i in range(len(pdf)):
            check_deadline(options, "Reading the PDF")
            page = _load_page(pdf, i)
            try:
                textpage = page.get_textpage()
                try:
                    chars = _text_chars(textpage)
                    if plumber is None:
                        content = extractor.page(page, textpage)
                    else:
                        content = _plumber_page(plumber.pages[i])
                        if chars < MIN_TEXT_CHARS:  # pdfplumber does not know inline/odd images; pdfium does
                            content.images = extractor.page(page, textpage).images or content.images
                finally:
                    textpage.close()
            except (CorruptInput, LimitExceeded):
                raise
            except Exception as exc:
                if type(exc).__name__ in ("PdfiumError", "PDFSyntaxError", "PdfminerException", "PSEOF"):
                    raise CorruptInput(
                        f"Page {i + 1} of the PDF is damaged and cannot be read ({exc})."
                    ) from exc
                raise
            finally:
                page.close()
            ocr = options.ocr == "always" or (
                options.ocr in ("auto", "never") and chars < MIN_TEXT_CHARS and _large_image(content)
            )
            lines = [] if ocr else build_lines(content.runs)
            pages.append((content, lines))
            need_ocr.append(ocr)
        return pages, need_ocr


def _load_page(pdf: Any, index: int) -> Any:
    """Page ``index`` of a pdfium document. A page object damaged beyond pdfium's repair fails here,
    after the document opened and counted its pages (found by fuzzing: a raw PdfiumError escaped)."""
    try:
        return pdf[index]
    except Exception as exc:
        raise CorruptInput(
            f"Page {index + 1} of the PDF is damaged and cannot be loaded ({exc}); try re-saving the file "
            "with a PDF viewer, or check it."
        ) from exc


def _open_plumber(data: bytes, password: str | None) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as exc:
        raise CorruptInput(
            f"pdfplumber cannot open the PDF ({type(exc).__name__}: {exc}); try pdf_backend='pdfium'."
        ) from exc


def _ocr(
    page: Any, builder: DocumentBuilder, options: ReadOptions, page_number: int, started: Page | None = None
) -> None:
    try:
        from letterkit.readers.ocr import ocr_page
    except ImportError as exc:
        raise OCRUnavailable(
            f"Page {page_number} of the PDF has no text layer and needs OCR, but letterkit's OCR support is "
            "not available: install Tesseract (e.g. `apt-get install tesseract-ocr`) and `pip install "
            "pytesseract`, or pass ocr='never' to skip such pages."
        ) from exc
    try:
        ocr_page(page, builder, options, page_number, page=started)
    finally:
        page.close()


__all__ = ["PdfReader", "Run", "build_lines", "classify_regions", "make_blocks", "pdf_date_to_iso"]
