"""Page furniture: letterheads, office footers and page numbers repeated on the pages of a letter.

Furniture is not deleted: its lines are labelled (``Letter.furniture`` keeps their text) so the body
is clean and nothing is lost. Three cues, from the most to the least certain:

1. the reader says so (DOCX header/footer parts, HTML navigation): ``Line.region``;
2. repetition: runs of lines that occur again further on (a letterhead printed on every page and
   copied into a transcription at each page break), or single short lines repeated at page edges;
3. shape: page numbers ('Page 2 of 3', '- 2 -'), web-page shell lines ('Last updated', 'Share this').

The first occurrence of a repeated run at the top of the letter is its letterhead, not furniture.
Footers that occur once and split a paragraph are handled with the body (see ``body.py``), because
only there is it known that the text around them is one sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import EMAIL_HEADER, FURNITURE, LETTERHEAD, QUOTED, Context, LineView
from letterkit.lang import alternation, fold, load

_PAGE_WORDS = r"page|p\.|seite|página|pagina|strona|blad|sida|side|sivu|stránka|oldal|lapa|puslapis|stran"
_OF_WORDS = r"of|/|de|von|sur|di|z|van|av|af|из|από"
PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3}|\(?\d{1,3}\)?|"
    rf"(?:{_PAGE_WORDS})\s*\d{{1,3}}"
    rf"(?:\s*(?:{_OF_WORDS})\s*\d{{1,3}})?\.?)$",
    re.IGNORECASE,
)
#: a continuation page's running header ends with its page number: 'Mr X — 12 May 2021 — page 2'
RUNNING_HEAD_RE = re.compile(
    rf"\S.*?[\s,;|·–—-]\s*(?:(?:{_PAGE_WORDS})\s*(?P<n>\d{{1,3}})(?:\s*(?:{_OF_WORDS})\s*\d{{1,3}})?"
    r"|[-–—]\s*(?P<m>\d{1,3})\s*[-–—])\.?$",
    re.IGNORECASE,
)
#: a language picker entry of a web page: 'bg - български', '• en - English (Selected)'
LANGUAGE_PICKER_RE = re.compile(r"^[•\-*·]?\s*[a-z]{2}\s+[-–]\s+[^\s].{0,40}$")
#: repeated keys shorter than this are too common to call furniture ('Brussels')
MIN_REPEAT_KEY = 8
#: a repeated line longer than this is quoted text, not furniture
MAX_REPEAT_WORDS = 30


def _key(text: str) -> str:
    """Repetition key: case and digits folded (page numbers differ between repeats)."""
    return re.sub(r"\d+", "#", fold(text)).strip(" .,")


@cache
def _web_re() -> re.Pattern[str]:
    starts = load("web")["furniture_starts"]
    alts = alternation(starts)
    return re.compile(rf"^(?:{alts})(?:\W|$)", re.IGNORECASE)


def is_web_furniture(text: str) -> bool:
    """A line of a web page's shell: a language picker entry, 'Last updated: ...', 'Share this', 'Menu'."""
    t = text.strip()
    if LANGUAGE_PICKER_RE.match(t) or t.lower().startswith("last updated"):
        return True
    if ft.n_words(t) > 12:
        return False
    m = _web_re().match(t)
    if not m:
        return False
    matched = m.group(0).strip()
    if " " in matched or not matched[:1].isalpha():
        return True
    if ft.is_prose(t):
        return False
    # a single word ('Home', 'Print', 'PDF') is shell only when nothing but numbers and sizes follow it
    rest = t[len(matched) :].split()
    return all(any(ch.isdigit() for ch in tok) or not any(ch.isalpha() for ch in tok) for tok in rest)


def _first_prose(lines: list[LineView]) -> int:
    for lv in lines:
        if not lv.is_image and ft.is_prose(lv.text):
            return lv.pos
    return len(lines)


def mark(ctx: Context) -> None:
    lines = ctx.lines
    if not lines:
        return
    # 1. the reader's regions
    for lv in lines:
        region = lv.line.region
        if region == "header":
            lv.label = LETTERHEAD if lv.page == 1 else FURNITURE
        elif region == "footer":
            lv.label = FURNITURE
    # 2. page numbers and web shell lines
    n_pages = max(lv.page for lv in lines)
    web_hits = 0
    for lv in lines:
        if lv.label is not None or lv.is_image:
            continue
        if PAGE_NUMBER_RE.match(lv.text) and (
            n_pages > 1 or lv.text[:1] in "-–—" or lv.text.lower().startswith(("page", "p.", "seite"))
        ):
            lv.label = FURNITURE
        elif is_web_furniture(lv.text):
            lv.label = FURNITURE
            web_hits += 1
        elif lv.page > 1 and _running_head(ctx, lv):
            lv.label = FURNITURE
    ctx.web_page = web_hits >= 2
    # 3. repetition, then small type at a page's edges where the reader could not mark regions (OCR)
    _mark_repeats(ctx)
    _mark_small_edges(ctx)
    # 4. e-mail: header lines, quoted earlier messages, the '-- ' signature separator
    _mark_email(ctx)
    # 5. "cont'd/...", "(continued)", "P.T.O.": marks of a page break in typed letters
    for lv in ctx.lines:
        if lv.label is None and not lv.is_image and _continuation_re().fullmatch(lv.text):
            lv.label = FURNITURE


@cache
def _continuation_re() -> re.Pattern[str]:
    """A line that is only a continuation mark, with its brackets, slashes and dots."""
    words = alternation(load("markers")["continuation"]["all"])
    return re.compile(rf"[\s(\[/.]*(?:{words})[\s)\]/.…]*(?:\d{{1,3}})?[\s)\]/.…]*", re.IGNORECASE)


@cache
def _quote_header_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load("markers")["quote_headers"]["all"]), re.IGNORECASE)


@cache
def _email_header_re() -> re.Pattern[str]:
    alts = alternation(load("markers")["email_headers"]["all"])
    return re.compile(rf"^(?P<name>{alts})\s?:\s*(?P<value>.*)$", re.IGNORECASE)


def email_header_match(text: str) -> re.Match[str] | None:
    """An e-mail header line ('From: ...', 'Von: ...'), with its ``name`` and ``value`` groups."""
    return _email_header_re().match(text)


def _mark_email(ctx: Context) -> None:
    """An e-mail's header block (From/To/Date/Subject) is kept as metadata; an earlier message quoted
    below the reply ('On ... wrote:', '> ' lines) is not part of the letter."""
    lines = ctx.lines
    # header block at the very top: at least two 'Name: value' lines with From/To/Date/Subject names
    head: list[LineView] = []
    for lv in lines:
        if lv.label is not None and not head:
            continue
        m = _email_header_re().match(lv.text)
        if not m or lv.is_image:
            break
        head.append(lv)
    fields: dict[str, str] = {}
    for v in head:
        m = _email_header_re().match(v.text)
        if m:
            fields[m.group("name").casefold()] = m.group("value").strip()
    # a header block names its sender ('From:', 'Von:', 'De :')
    if len(head) >= 2 and fields.keys() & set(load("markers")["email_sender_headers"]["all"]):
        ctx.fields["email_headers"] = fields
        ctx.label(head, EMAIL_HEADER)
    # quoted earlier message
    for lv in lines:
        if lv.label is not None or lv.is_image:
            continue
        if _quote_header_re().match(lv.text):
            for v in lines[lv.pos :]:
                v.label = QUOTED
            break
        if lv.text.startswith(">"):
            lv.label = QUOTED


#: share of the page height that counts as its top or bottom edge
EDGE_SHARE = 0.12
#: type this much smaller than the body's is page furniture when it stands at an edge
SMALL_TYPE = 0.85


def body_font_size(ctx: Context) -> float | None:
    """The median type size of the document's lines, when the format knows sizes."""
    sizes = sorted(lv.line.font_size for lv in ctx.lines if lv.line.font_size and not lv.is_image)
    return sizes[len(sizes) // 2] if sizes else None


def _mark_small_edges(ctx: Context) -> None:
    """On laid-out pages without reader regions (scans), small type in the bottom edge of a page
    (office footers, 'Page 1 of 2') and at the top of a continuation page (running heads) is furniture;
    small lines that open with a note number are left to the footnotes."""
    body = body_font_size(ctx)
    if body is None:
        return
    heights = {p.number: p.height for p in ctx.doc.pages if p.height}
    for page_no, height in heights.items():
        views = [lv for lv in ctx.lines if lv.page == page_no]
        if not views or any(lv.line.region != "body" for lv in views):
            continue  # the reader marked this page's regions itself
        for lv in views:
            bbox, size = lv.line.bbox, lv.line.font_size
            if lv.label is not None or lv.is_image or bbox is None or size is None:
                continue
            if size >= SMALL_TYPE * body:
                continue
            at_bottom = bbox[1] > (1 - EDGE_SHARE) * height
            at_top = page_no > 1 and bbox[3] < EDGE_SHARE * height
            if (at_bottom or at_top) and not re.match(r"^[\d¹²³⁴⁵⁶⁷⁸⁹]", lv.text):
                lv.label = FURNITURE


def _rkey(lv: LineView) -> tuple[str, object]:
    """Repetition key of a line: its text, and its type where the format knows it. A running header
    repeats in the same size and weight; a signature line that happens to read like the letterhead
    ('Consumer Safety Network Europe' in 12 pt under the name, 13 pt bold on top) is not a repeat."""
    style = None if lv.line.font_size is None else (round(lv.line.font_size), bool(lv.line.bold))
    return _key(lv.text), style


def _mark_repeats(ctx: Context) -> None:
    lines = ctx.lines
    by_key: dict[tuple[str, object], list[int]] = defaultdict(list)
    for lv in lines:
        if lv.is_image or lv.line.region == "footnote" or lv.label is not None:
            continue
        k = _rkey(lv)
        if len(k[0]) >= MIN_REPEAT_KEY and ft.n_words(lv.text) <= MAX_REPEAT_WORDS:
            by_key[k].append(lv.pos)
    repeated = {pos for positions in by_key.values() if len(positions) > 1 for pos in positions}
    if not repeated:
        return
    # runs of repeated lines (consecutive positions, ignoring lines already labelled furniture)
    runs: list[list[int]] = []
    cur: list[int] = []
    for lv in lines:
        if cur and lv.page != lines[cur[-1]].page:
            runs.append(cur)
            cur = []
        if lv.pos in repeated:
            cur.append(lv.pos)
        elif lv.label == FURNITURE and cur:
            continue
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    first_prose = _first_prose(lines)
    n_pages = max(lv.page for lv in lines)
    for run in runs:
        views = [lines[p] for p in run]
        if n_pages > 1 and not _touches_page_boundary(ctx, views):
            continue  # with real pages, repeated furniture starts or ends a page
        if len(run) == 1:
            # a single repeated line is furniture only at the same page edge (top or bottom) of
            # several pages of a real multi-page layout
            lv = views[0]
            edge = _page_edge(ctx, lv)
            if n_pages == 1 or edge is None or ft.is_salutation(lv.text) or ft.is_closing(lv.text):
                continue
            same_edge = [p for p in by_key[_rkey(lv)] if _page_edge(ctx, lines[p]) == edge]
            if len({lines[p].page for p in same_edge}) < 2:
                continue
        for lv in views:
            if lv.label is not None and lv.label != FURNITURE:
                continue
            first_seen = by_key[_rkey(lv)][0] == lv.pos
            lv.label = LETTERHEAD if first_seen and lv.pos < first_prose and lv.page == 1 else FURNITURE


def _running_head(ctx: Context, lv: LineView) -> bool:
    """The first line of a page after the first, naming the addressee or date and then that page's
    number ('Mr X — 12 May 2021 — page 2'): the running header of a continuation page."""
    m = RUNNING_HEAD_RE.match(lv.text)
    if not m or int(m.group("n") or m.group("m")) != lv.page or ft.n_words(lv.text) > 16:
        return False
    first = next(x for x in ctx.lines if x.page == lv.page and x.label != FURNITURE)
    return first is lv


def _touches_page_boundary(ctx: Context, views: list[LineView]) -> bool:
    """True when nothing but furniture stands between the run and its page's top or bottom."""
    page = views[0].page
    first, last = views[0].pos, views[-1].pos
    before = [x for x in ctx.lines if x.page == page and x.pos < first and x.label != FURNITURE]
    after = [x for x in ctx.lines if x.page == views[-1].page and x.pos > last and x.label != FURNITURE]
    return not before or not after


def _page_edge(ctx: Context, lv: LineView, depth: int = 3) -> str | None:
    """'top' or 'bottom' when the line is among the first or last ``depth`` lines of its page."""
    same = [x for x in ctx.lines if x.page == lv.page]
    idx = same.index(lv)
    if idx < depth:
        return "top"
    if idx >= len(same) - depth:
        return "bottom"
    return None
