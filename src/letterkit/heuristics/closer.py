"""The closer: complimentary close, signature block, cc, enclosures and postscript.

TEI's ``closer`` holds the close (``salute``) and the signature (``signed``); ``postscript`` follows.
The close is the last closing phrase of the letter (a body sentence such as 'With my highest respect
and the anticipation of the answer.' may precede it); a close spread over two lines ('I remain, dear
Sir,' / 'Yours very truly,') is taken whole. After it come signature images or their descriptions,
the signatories' name blocks, and labelled sections (cc, enclosures, P.S.), each running until the
next label.
"""

from __future__ import annotations

import re
from itertools import pairwise

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import (
    CC,
    CLOSING,
    DATELINE,
    ENCLOSURE,
    FURNITURE,
    POSTSCRIPT,
    SIGNATURE,
    TRAILER,
    Context,
    LineView,
)
from letterkit.heuristics.dates import read_dateline
from letterkit.heuristics.opener import DATELINE_MIN_COVERAGE, take_dateline
from letterkit.heuristics.parties import parse_cc, parse_parties

#: how far (in content lines) from the end the close may stand
CLOSING_SEARCH_LINES = 60


def find_closing(ctx: Context, start: int, after_greeting: bool = False) -> list[LineView] | None:
    """The lines of the complimentary close, searching backwards from the end, after ``start``.

    ``after_greeting`` says that ``start`` follows a salutation: then even a one-line note
    ('Dear Anna, / Thank you. / Yours, / Marc') has a close.
    """
    views = [v for v in ctx.content(start) if not v.is_image]
    if not views:
        return None
    tail = views[-CLOSING_SEARCH_LINES:]
    for i in range(len(tail) - 1, -1, -1):
        lv = tail[i]
        found = _closing_at(tail, i)
        if found:
            # a close cannot open the letter: prose comes before it, or (after a greeting) any text
            before = [v for v in views if v.pos < found[0].pos]
            if not any(ft.is_prose(v.text) for v in before) and not (after_greeting and before):
                continue
            i = tail.index(found[0])
            k = i - 1
            # 'I have the honour to be,' / 'Sir,' / 'Your obedient servant': leads and forms of address
            while k >= 0 and tail[k].pos == found[0].pos - 1 and not tail[k].is_image:
                t = tail[k].text
                if ft.is_closing_lead(t) or (ft.n_words(t) <= 3 and t.endswith(",") and ft.is_salutation(t)):
                    found.insert(0, tail[k])
                    k -= 1
                else:
                    break
            return found
    # a formula close: the last prose paragraph before the signature, opening with a formula
    for i in range(len(tail) - 1, -1, -1):
        lv = tail[i]
        if lv.new_block and ft.is_closing_formula(lv.text):
            block = []
            for v in tail[i:]:  # the formula's lines, up to the one that ends it
                if v.block != lv.block:
                    break
                block.append(v)
                if v.text.rstrip().endswith((",", ".", ";", "!")):
                    break
            after: list[LineView] = []
            for v in tail[i + len(block) :]:
                if _section_kind(v) is not None:
                    break
                after.append(v)
            if all(not ft.is_prose(v.text) for v in after[:6]):
                return block
    return None


def _closing_at(tail: list[LineView], i: int) -> list[LineView] | None:
    """The close ending at ``tail[i]``: one line, or a phrase stepped over two or three short lines
    ('Your most obedient' / 'humble Servant,')."""
    if ft.is_closing(tail[i].text):
        return [tail[i]]
    for span in (2, 3):
        j = i - span + 1
        if j < 0:
            break
        lines = tail[j : i + 1]
        if any(v.is_image or b.pos != a.pos + 1 for a, b in pairwise(lines) for v in (a, b)):
            break
        if any(ft.n_words(v.text) > 5 for v in lines):
            break
        if ft.is_exact_closing(" ".join(v.text for v in lines)):
            return lines
    return None


def _section_kind(lv: LineView) -> tuple[str, str] | None:
    """If the line opens a cc / enclosure / postscript section, its kind and the text after the label."""
    if lv.is_image:
        return None
    ps = ft.postscript_text(lv.text)
    if ps is not None:
        return POSTSCRIPT, ps
    cc = ft.marker_with_colon_or_alone(lv.text, "cc")
    if cc is not None:
        return CC, cc
    enc = ft.marker_with_colon_or_alone(lv.text, "enclosures")
    if enc is not None and ft.n_words(lv.text) <= 12:
        return ENCLOSURE, enc
    return None


def read_closer(ctx: Context, start: int, closing: list[LineView] | None) -> None:
    """Label and read everything from ``start`` (after the body) to the end."""
    if closing:
        ctx.fields["closing"] = " ".join(v.text for v in closing)
        ctx.cite("closing", closing)
        ctx.label(closing, CLOSING)
        start = closing[-1].pos + 1
    views = ctx.content(start)
    sections: list[tuple[str, str, list[LineView]]] = []  # kind, first value, lines
    signature: list[LineView] = []
    footer: list[LineView] = []
    for lv in views:
        if footer or (lv.new_block and not lv.is_image and ft.is_legal_footer(lv.text)):
            footer.append(lv)  # an office footer (bank, register) below the letter ends every section
            continue
        sk = _section_kind(lv)
        if sk:
            sections.append((sk[0], sk[1], [lv]))
        elif sections and sections[-1][0] != POSTSCRIPT and lv.new_block and ft.is_sentence(lv.text):
            footer.append(lv)  # running text after a cc/enclosure list: a disclaimer, not an item
        elif sections:
            sections[-1][2].append(lv)
        else:
            signature.append(lv)
    ctx.label(footer, FURNITURE)
    _read_signature(ctx, signature, has_closing=bool(closing))
    for kind, first, lines in sections:
        rest = lines[1:]
        if kind == POSTSCRIPT:
            text_parts = [first] if first else []
            text_parts += [v.text for v in rest if not v.is_image]
            ctx.fields["postscript"] = _join_paragraph_lines(text_parts)
            ctx.cite("postscript", lines)
            ctx.label(lines, POSTSCRIPT)
        elif kind == CC:
            items = ([(lines[0].pos, first)] if first else []) + [
                (v.pos, v.text) for v in rest if not v.is_image
            ]
            drafts = parse_cc(items)
            ctx.fields.setdefault("cc", []).extend(drafts)
            for i, d in enumerate(drafts):
                ctx.cite(f"cc.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])
            ctx.label(lines, CC)
        elif kind == ENCLOSURE:
            listed = [first] if first else []
            listed += [v.text for v in rest if not v.is_image]
            found = [
                re.sub(r"^(?:[-•*·]|\d{1,2}[.)])\s*", "", piece).strip(" ;,")
                for item in listed
                for piece in re.split(r"\s*;\s*", item)
            ]
            # 'Enclosures: 2' only counts the items listed below it
            if len(found) > 1 and re.fullmatch(r"\(?\d{1,2}\)?", found[0]):
                found = found[1:]
            ctx.fields.setdefault("enclosures", []).extend(i for i in found if i)
            ctx.cite("enclosures", lines)
            ctx.label(lines, ENCLOSURE)


def _join_paragraph_lines(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def _read_signature(ctx: Context, views: list[LineView], has_closing: bool) -> None:
    """Signature images, the signatories' names and offices; prose after them is a postscript."""
    if not views:
        return
    sig: list[LineView] = []
    trailing: list[LineView] = []
    for lv in views:
        if trailing or (
            # running text after the signature: a postscript without 'P.S.' (or a web page's trailer)
            not lv.is_image
            and ft.is_sentence(lv.text)
            and not ft.is_signature_image_text(lv.text)
            and (sig or not has_closing)
        ):
            trailing.append(lv)
        else:
            sig.append(lv)
    for v in list(sig):
        # a dateline at the foot ('Valletta, 30 January 2023') is the letter's date, not a signatory
        dl = None if v.is_image else read_dateline(v.text)
        if dl is not None and not dl.is_stamp and dl.coverage >= DATELINE_MIN_COVERAGE:
            if "date" not in ctx.fields:
                take_dateline(ctx, v, dl)
            else:
                v.label = DATELINE
            sig.remove(v)
    images = [v for v in sig if v.is_image or ft.is_signature_image_text(v.text)]
    if images:
        ctx.fields["signature_images"] = [v.text for v in images]
    names = [v for v in sig if v not in images]
    block_starts = {v.pos for v in names if v.new_block}
    drafts = parse_parties([(v.pos, v.text) for v in names], block_starts)
    drafts = [d for d in drafts if d.party.name or d.party.role]
    if len(drafts) >= 2 and not ctx.fields.get("recipients"):
        # 'James Ogilvy, Esq., / Chairman of the Harbour Committee, / Montrose.' below the signature:
        # older letters name the addressee at the foot, in its own block after the signatory
        last = drafts[-1]
        first_line = ctx.lines[min(last.lines)]
        sig_indent = min((ctx.lines[p].line.indent or 0.0 for p in drafts[0].lines), default=0.0)
        if first_line.new_block and (
            ft.split_honorific(first_line.text)[0]
            or re.search(r"\bEsq", first_line.text)
            or (first_line.line.indent or 0.0) + 8 < sig_indent  # back at the left margin
        ):
            ctx.fields["recipients"] = [last]
            ctx.cite("recipients.0", [ctx.lines[p] for p in sorted(set(last.lines))])
            drafts = drafts[:-1]
    if drafts:
        ctx.fields["signatories"] = drafts
        for i, d in enumerate(drafts):
            ctx.cite(f"signatories.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])
    ctx.label(sig, SIGNATURE)
    if trailing:
        if ctx.web_page:
            ctx.label(trailing, TRAILER)
        else:
            ctx.fields["postscript"] = _join_paragraph_lines([v.text for v in trailing if not v.is_image])
            ctx.cite("postscript", trailing)
            ctx.label(trailing, POSTSCRIPT)
