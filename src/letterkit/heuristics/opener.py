"""The opener: letterhead, dateline (date and place), reference, subject, inside address, salutation.

TEI calls this part of a letter ``opener``: everything above the first body paragraph. Its parts are
told apart by what each line says (a date, a 'Ref.:' label, a greeting) and, for the blocks that say
nothing explicit (letterhead vs. inside address), by their order: the inside address is the group of
blocks nearest the salutation, the letterhead the lines at the top of the first page above it.
"""

from __future__ import annotations

import re

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import (
    ADDRESS,
    ATTRIBUTION,
    DATELINE,
    LETTERHEAD,
    PREAMBLE,
    REFERENCE,
    SALUTATION,
    SUBJECT,
    Context,
    LineView,
)
from letterkit.heuristics.dates import Dateline, read_dateline
from letterkit.heuristics.parties import parse_attribution, parse_parties
from letterkit.lang import fold, load

#: a dateline must be mostly date (and place): 'Brussels, 29 June, 2016' yes, a sentence no
DATELINE_MIN_COVERAGE = 0.6
#: an unlabelled reference looks like a file code: letters, digits and punctuation, few spaces
CODE_RE = re.compile(r"^[A-Z0-9][\w()./\-:#]*(?:\s[\w()./\-:#]+){0,3}$")


def find_salutation(ctx: Context, end: int) -> LineView | None:
    """The first greeting line before position ``end``."""
    for lv in ctx.content(0, end):
        if not lv.is_image and ft.is_salutation(lv.text):
            return lv
    return None


def best_dateline(views: list[LineView]) -> tuple[LineView, Dateline] | None:
    """The line of ``views`` that reads best as the letter's dateline."""
    best: tuple[float, LineView, Dateline] | None = None
    for lv in views:
        if lv.is_image:
            continue
        dl = read_dateline(lv.text)
        if dl is None or dl.is_stamp:
            continue
        if dl.coverage < DATELINE_MIN_COVERAGE and not (dl.place and dl.coverage >= 0.4):
            continue
        score = dl.coverage + (0.3 if dl.match.named else 0.0) + (0.2 if dl.place else 0.0)
        if lv.line.align == "right":
            score += 0.1
        if best is None or score > best[0] + 1e-9:
            best = (score, lv, dl)
    return (best[1], best[2]) if best else None


def reference_value(text: str) -> str | None:
    """'Our ref: AB/12/2020' -> 'AB/12/2020'; 'Question reference: E-007094/2017' -> 'E-007094/2017'."""
    value = ft.marker(text, "reference", need_colon=True)
    if value:
        return value
    # 'Ref. 2023/PA/114', 'N/Réf. 12-345', 'Az. 4 K 12/19': a label without colon, then a code with digits
    value = ft.marker(text, "reference")
    if value and any(ch.isdigit() for ch in value) and CODE_RE.match(value) and not read_dateline(value):
        label = fold(text)[: len(text) - len(value)].strip(" .:")
        if label not in ("no", "nr", "case", "file"):
            return value
        if re.match(r"^\S*\d", value):
            return value
    return None


def looks_like_code(text: str) -> bool:
    """An unlabelled file reference such as 'A(2015)905100-1033229' or 'SG/2019/1234'."""
    t = text.strip()
    if not CODE_RE.match(t) or sum(ch.isdigit() for ch in t) < 3 or ft.n_words(t) > 4:
        return False
    if read_dateline(t) or ft.PHONE_RE.search(t) or ft.address_score(t) >= 2 or ft.has_contact(t):
        return False
    # a code mixes digits with letters or separators
    return bool(re.search(r"[A-Za-z/()\-.]", t))


def subject_value(lv: LineView) -> str | None:
    value = ft.marker(lv.text, "subject", need_colon=True)
    if value:
        return value
    m = re.match(r"^(?:RE|Re|SUBJECT|OBJET|BETREFF|ASUNTO|OGGETTO|BETREFT|ASSUNTO|DOTYCZY)\b\.?\s+(?=\S)(.+)$", lv.text)
    if m and not ft.is_prose(lv.text):
        return m.group(1).strip()
    return None


def _block_groups(views: list[LineView]) -> list[list[LineView]]:
    groups: list[list[LineView]] = []
    for lv in views:
        if not groups or lv.new_block or lv.pos != groups[-1][-1].pos + 1:
            groups.append([lv])
        else:
            groups[-1].append(lv)
    return groups


def _address_like(group: list[LineView]) -> bool:
    first = group[0].text
    if ft.marker(first, "recipient_labels", need_colon=True) is not None:
        return True
    if ft.split_honorific(first)[0]:
        return True
    score = sum(ft.address_score(v.text) for v in group)
    return score >= 2 or (ft.looks_like_name(first) and len(group) >= 2)


def _letterhead_like(group: list[LineView]) -> bool:
    """Banners, all-capital names, contact lines: the sender's printed paper, not an inside address."""
    texts = [v.text for v in group]
    if any(ft.has_contact(t) for t in texts):
        return True
    if sum(ft.upper_ratio(t) > 0.8 for t in texts) * 2 >= len(texts):
        return True
    return False


def read_opener(ctx: Context, start: int, end: int) -> None:
    """Label the opener lines in ``[start, end)`` and fill date, place, reference, subject, recipients, letterhead."""
    views = [lv for lv in ctx.content(start, end)]
    if not views:
        return
    # prose before the opener is text around the letter (a web page's introduction), not the letter
    last_prose = max((i for i, lv in enumerate(views) if not lv.is_image and ft.is_sentence(lv.text)), default=-1)
    if last_prose >= 0:
        ctx.label(views[: last_prose + 1], PREAMBLE)
        views = views[last_prose + 1 :]
    found = best_dateline(views)
    date_pos = -1
    if found:
        lv, dl = found
        _take_dateline(ctx, lv, dl)
        date_pos = lv.pos
    for lv in views:
        if lv.label is not None or lv.is_image:
            continue
        ref = reference_value(lv.text)
        if ref:
            _take_reference(ctx, lv, ref)
            continue
        subj = subject_value(lv)
        if subj and "subject" not in ctx.fields:
            ctx.fields["subject"] = subj
            lv.label = SUBJECT
            ctx.cite("subject", [lv])
            continue
        attr = ft.marker(lv.text, "attribution")
        if attr:
            d = parse_attribution(attr, lv.pos)
            if d is not None:
                ctx.fields.setdefault("attributed", []).append((d, lv))
                lv.label = ATTRIBUTION
    # an unlabelled code beside the dateline is the sender's reference
    if "reference" not in ctx.fields and found:
        near = [v for v in views if v.label is None and abs(v.pos - date_pos) <= 2]
        for v in near:
            if looks_like_code(v.text):
                _take_reference(ctx, v, v.text.strip())
                break
    # subject: a bold line just before the salutation
    rest = [v for v in views if v.label is None and not v.is_image]
    if "subject" not in ctx.fields and rest and rest[-1].line.bold and end < len(ctx.lines) and ctx.lines[end].label == SALUTATION:
        cand = rest[-1]
        if not ft.split_honorific(cand.text)[0] and ft.address_score(cand.text) == 0 and not ft.looks_like_name(cand.text):
            ctx.fields["subject"] = cand.text
            cand.label = SUBJECT
            ctx.cite("subject", [cand])
            rest = rest[:-1]
    _split_letterhead_and_address(ctx, rest, date_pos)


def _take_dateline(ctx: Context, lv: LineView, dl: Dateline) -> None:
    ctx.fields["date"] = dl.match.date.isoformat()
    ctx.fields["date_text"] = dl.match.text
    ctx.cite("date", [lv])
    if dl.place:
        ctx.fields["place"] = dl.place
        ctx.cite("place", [lv])
    lv.label = DATELINE


def _take_reference(ctx: Context, lv: LineView, ref: str) -> None:
    if "reference" in ctx.fields:
        ctx.fields.setdefault("other_references", []).append(ref)
    else:
        ctx.fields["reference"] = ref
        ctx.cite("reference", [lv])
    lv.label = REFERENCE


def _split_letterhead_and_address(ctx: Context, rest: list[LineView], date_pos: int) -> None:
    groups = _block_groups([v for v in rest if not v.is_image])
    if not groups:
        return
    address: list[list[LineView]] = []
    after_date = [g for g in groups if g[0].pos > date_pos] if date_pos >= 0 else []
    if after_date and _address_like(after_date[0]):
        address = after_date
        head = [g for g in groups if g[0].pos < date_pos]
    else:
        # the address is the run of address-like blocks nearest the salutation (or before the date)
        pool = [g for g in groups if date_pos < 0 or g[0].pos < date_pos] if not after_date else groups
        k = len(pool)
        while k > 0 and _address_like(pool[k - 1]) and not (k - 1 == 0 and _letterhead_like(pool[0]) and len(pool) > 1):
            k -= 1
        # blocks that continue an address (street, town) belong to it
        address = pool[k:]
        if not address and pool and len(pool) >= 2 and not _letterhead_like(pool[-1]):
            address = [pool[-1]]
            k = len(pool) - 1
        head = pool[:k] + [g for g in groups if g not in pool]
        head.sort(key=lambda g: g[0].pos)
    # address blocks that follow each other but are separated by non-address blocks are kept together
    if address:
        views = [v for g in address for v in g]
        block_starts = {g[0].pos for g in address}
        drafts = parse_parties([(v.pos, v.text) for v in views], block_starts)
        ctx.label(views, ADDRESS)
        if drafts:
            ctx.fields["recipients"] = drafts
            for i, d in enumerate(drafts):
                ctx.cite(f"recipients.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])
    head_views = [v for g in head for v in g if v.page == 1]
    if head_views and not ctx.web_page:
        ctx.label(head_views, LETTERHEAD)


def banner_organisation(lines: list[str]) -> str | None:
    """The institution named by a multilingual banner line ('EUROPEAN PARLIAMENT' in 24 languages)."""
    banners = load("banners")
    best: tuple[int, str] | None = None
    joined = fold(" ".join(lines))
    for org, names in banners.items():
        hits = sum(1 for n in names if fold(n) in joined)
        if hits and (best is None or hits > best[0]):
            best = (hits, org)
    return best[1] if best else None
