"""Footnotes: found by their marker and place, taken out of the body, kept without their markers.

A footnote line starts with a marker (a superscript digit ``¹``, ``[1]``, ``1)`` or, at a page bottom
in smaller type, a plain number) and follows the body text it annotates; the reader may already have
said so (``region == "footnote"``). The matching reference marker in the body is removed with it, so a
footnote never ends up inside a paragraph and a paragraph never keeps a stray ``¹``.
"""

from __future__ import annotations

import re

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import FOOTNOTE, Context, LineView

SUP = ft.SUPERSCRIPTS
#: a footnote line's marker: '¹ ', '[1] ', '1) ', '(1) ', '*'
FOOTNOTE_START_RE = re.compile(
    rf"^(?:\[(?:Footnote|Note|Fn\.?|Anm\.?|Nota)\s*(?P<gb>\d{{1,3}})\s*:\s*|(?P<sup>[{SUP}]+)\s*|\[(?P<br>\d{{1,3}})\]\s*|\((?P<par>\d{{1,3}})\)\s+|(?P<num>\d{{1,3}})\)\s+|(?P<plain>\d{{1,3}})\s+)(?=\S)"
)
#: reference markers inside body text: superscripts after a letter/punctuation, or [n]
BODY_SUP_RE = re.compile(rf"(?<=[^\s{SUP}])[{SUP}]+")
BODY_BRACKET_RE = re.compile(r"(?<=\S)\s?\[(\d{1,3})\]")


def _marker_number(m: re.Match[str]) -> str:
    raw = next((m.group(g) for g in ("gb", "sup", "br", "par", "num", "plain") if m.group(g)), "")
    return raw.translate(ft.SUPERSCRIPT_TO_DIGIT)


def mark(ctx: Context) -> None:
    """Label footnote lines and store their texts in ``ctx.fields['footnotes']``."""
    # references are looked for in the text outside the notes themselves ('[1] ...' is not its own reference)
    body_text = " ".join(
        lv.text
        for lv in ctx.lines
        if lv.label is None and not (lv.new_block and FOOTNOTE_START_RE.match(lv.text))
    )
    refs_sup = {m.group(0).translate(ft.SUPERSCRIPT_TO_DIGIT) for m in BODY_SUP_RE.finditer(body_text)}
    refs_br = set(BODY_BRACKET_RE.findall(body_text))
    notes: list[tuple[str, list[LineView]]] = []
    lines = ctx.lines
    i = 0
    while i < len(lines):
        lv = lines[i]
        if (lv.label is not None and lv.label != FOOTNOTE) or lv.is_image:
            i += 1
            continue
        m = FOOTNOTE_START_RE.match(lv.text)
        is_note = False
        if lv.line.region == "footnote":
            is_note = True
        elif m and (lv.new_block or (lv.pos > 0 and lines[lv.pos - 1].label == FOOTNOTE)):
            num = _marker_number(m)
            if m.group("gb"):
                is_note = True  # '[Footnote 1: ...]': an edition's note, labelled as such
            elif m.group("sup"):
                is_note = True  # a line opening with a superscript number is a note wherever it stands
            elif m.group("br"):
                is_note = num in refs_br
            elif m.group("plain") or m.group("num") or m.group("par"):
                # a plain number starts a footnote only in smaller type at a page bottom, referenced
                # in the text; on a scanned page the reference's superscript is often lost to OCR
                ocr_page = any(p.number == lv.page and p.ocr for p in ctx.doc.pages)
                is_note = _small_at_bottom(ctx, lv) and (num in (refs_sup | refs_br) or ocr_page)
        if not is_note:
            i += 1
            continue
        views = [lv]
        j = i + 1
        while (
            j < len(lines)
            and not lines[j].new_block
            and lines[j].label is None
            and not FOOTNOTE_START_RE.match(lines[j].text)
        ):
            views.append(lines[j])
            j += 1
        if lv.line.region == "footnote":
            while (
                j < len(lines)
                and lines[j].line.region == "footnote"
                and not FOOTNOTE_START_RE.match(lines[j].text)
            ):
                views.append(lines[j])
                j += 1
        text = " ".join(v.text for v in views)
        m0 = FOOTNOTE_START_RE.match(text)
        text = FOOTNOTE_START_RE.sub("", text, count=1) if m0 else text
        if m0 and m0.group("gb"):
            text = text.rstrip().removesuffix("]")
        ctx.label(views, FOOTNOTE)
        notes.append((text.strip(), views))
        i = j
    if notes:
        ctx.fields["footnotes"] = [t for t, _ in notes]
        for k, (_, views) in enumerate(notes):
            ctx.cite(f"footnotes.{k}", views)


def _small_at_bottom(ctx: Context, lv: LineView) -> bool:
    size = lv.line.font_size
    if size is None:
        return False
    sizes = sorted(x.line.font_size for x in ctx.lines if x.line.font_size and x.label is None)
    if not sizes:
        return False
    median = sizes[len(sizes) // 2]
    height = next((p.height for p in ctx.doc.pages if p.number == lv.page), None)
    if height and lv.line.bbox is not None and lv.line.bbox[1] < 0.6 * height:
        return False  # notes stand in the lower part of the page
    return size < median * 0.9


def strip_markers(text: str, numbers: set[str] | None = None) -> str:
    """Remove footnote reference markers from body text ('question¹ asked' -> 'question asked')."""
    text = BODY_SUP_RE.sub("", text)
    if numbers:
        text = BODY_BRACKET_RE.sub(lambda m: "" if m.group(1) in numbers else m.group(0), text)
    return text
