"""The body: paragraphs rebuilt from lines, with furniture, footnotes and line-wrap hyphens gone.

Lines of a block are one paragraph unless the layout shows a break inside it (a short line ending a
sentence, or an indented first line). Paragraphs that a page break or a page footer split ('some
months' / [letterhead] / 'ago.') are joined again: the first does not end a sentence and the second
starts in lower case. Which lines are furniture is decided before, with the zones
(:func:`letterkit.heuristics.pipeline.label_zones`): this module only reads the body zone.
"""

from __future__ import annotations

import re
from itertools import pairwise

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import BODY, Context, LineView
from letterkit.heuristics.footnotes import strip_markers

NUMBER_RE = re.compile(r"\d[\d,.]*")
RULE_RE = re.compile(r"[-=_.\s]{3,}")

#: a line shorter than this share of its block's longest line, ending a sentence, ends a paragraph
SHORT_LINE_RATIO = 0.7
#: words that keep their hyphen when a line breaks after them ('well-' + 'established')
KEEP_HYPHEN_PREFIXES = frozenset(
    [
        "well",
        "non",
        "self",
        "long",
        "short",
        "high",
        "low",
        "co",
        "anti",
        "pre",
        "post",
        "multi",
        "cross",
        "ex",
        "semi",
        "so",
        "ill",
        "all",
        "half",
        "quasi",
        "pro",
        "counter",
        "inter",
        "intra",
        "extra",
        "ultra",
        "vice",
        "under",
        "over",
        "mid",
        "full",
        "part",
    ]
)


def _join_lines(lines: list[str]) -> str:
    """Join a paragraph's lines, removing line-wrap hyphens but keeping compound ones."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
            continue
        if text.endswith("-") and not text.endswith(" -"):
            m = re.search(r"(\w+)-$", text)
            prefix = m.group(1).lower() if m else ""
            if line[:1].isdigit() or line[:1].isupper():
                text = text + line  # '10-' + '20 percent', 'Franco-' + 'German'
            elif line[:1].islower() and prefix not in KEEP_HYPHEN_PREFIXES:
                text = text[:-1] + line  # 'docu-' + 'ments', 'Unter-' + 'lagen'
            else:
                text = text + line  # 'well-' + 'established'
        elif text.endswith("\u00ad"):
            text = text[:-1] + line
        else:
            text = text + " " + line
    return text


def _tabular(views: list[LineView]) -> bool:
    """A block of figures: most lines hold two or more numbers, or are rules ('-------')."""
    numeric = sum(1 for v in views if len(NUMBER_RE.findall(v.text)) >= 2 or RULE_RE.fullmatch(v.text))
    return numeric * 2 >= len(views)


def _split_block(views: list[LineView]) -> list[list[LineView]]:
    """One block's lines as paragraphs: break after a short sentence-ending line or before an indent.

    A table of figures stays one paragraph: its short lines and column indents are layout, not
    paragraph breaks."""
    if len(views) < 3 or _tabular(views):
        return [views]
    widths = [len(v.text) for v in views]
    longest = max(widths)
    indents = [v.line.indent for v in views if v.line.indent is not None]
    base_indent = min(indents) if indents else None
    paras: list[list[LineView]] = [[views[0]]]
    for prev, cur in pairwise(views):
        short_end = ft.ends_terminal(prev.text) and len(prev.text) < SHORT_LINE_RATIO * longest
        # indents are characters in plain text, points in laid-out formats: a first-line indent is
        # a character or more there, and more than glyph jitter (a digit's side bearing) here
        step = 1.0 if cur.line.bbox is None else max(1.0, 0.8 * (cur.line.font_size or 10.0))
        indented = (
            base_indent is not None
            and cur.line.indent is not None
            and prev.line.indent is not None
            and cur.line.indent > prev.line.indent + step
            and cur.line.indent > base_indent + step / 2
        )
        if short_end or indented:
            paras.append([cur])
        else:
            paras[-1].append(cur)
    return paras


def build_paragraphs(ctx: Context, views: list[LineView]) -> None:
    """Fill ``ctx.fields['body']`` from the body zone's lines (all of them: furniture was taken out with
    the zones), joining what furniture or page breaks split."""
    ctx.label(views, BODY)
    groups: list[list[LineView]] = []
    for v in views:
        if v.is_image:
            continue
        if groups and not v.new_block and v.block == groups[-1][-1].block:
            groups[-1].append(v)
        else:
            groups.append([v])
    paras: list[list[LineView]] = []
    for g in groups:
        paras.extend(_split_block(g))
    # join paragraphs split by a page break, furniture or a footnote
    merged: list[list[LineView]] = []
    for p in paras:
        if merged:
            last_text = merged[-1][-1].text
            first_text = p[0].text
            # a sentence split by a page break goes on in lower case, or with a number ('... approved
            # by voters in' / '2020, together with ...') when the halves stand on different pages
            page_split = p[0].page != merged[-1][-1].page and first_text[:1].isdigit()
            if (not ft.ends_terminal(last_text) and (ft.starts_lower(first_text) or page_split)) or (
                last_text.endswith("-") and first_text[:1].islower()
            ):
                merged[-1].extend(p)
                continue
        merged.append(p)
    notes = {str(i + 1) for i in range(len(ctx.fields.get("footnotes", [])))}
    body: list[str] = []
    for p in merged:
        text = strip_markers(_join_lines([v.text for v in p]), notes)
        text = re.sub(r"\s{2,}", " ", text).strip()
        if text:
            ctx.cite(f"body.{len(body)}", p)
            body.append(text)
    ctx.fields["body"] = body
