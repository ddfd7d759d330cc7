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
    ENCLOSURE,
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
CODE_RE = re.compile(r"^[A-Z0-9][\w()./\-:#]*(?:\s[\w()./\-:#–]+){0,3}$")


def find_salutation(ctx: Context, end: int) -> LineView | None:
    """The first greeting line before position ``end``.

    A greeting without final punctuation ('Exmo. Senhor', 'Gent.ma Dott.ssa') that is followed in its
    own block by more short lines is the first line of an inside address, not the salutation.
    """
    views = ctx.content(0, end)
    for i, lv in enumerate(views):
        if lv.is_image or not ft.is_salutation(lv.text):
            continue
        nxt = views[i + 1] if i + 1 < len(views) else None
        unpunctuated = not lv.text.rstrip().endswith((",", ":", "!", ";"))
        if (
            nxt is not None
            and unpunctuated
            and not ft.is_prose(nxt.text)
            and (not nxt.new_block or _address_like([nxt]) or ft.looks_like_name(nxt.text))
        ):
            continue  # 'Gent.mo Dott. Marco Rossi' / 'Via ...': the head of an inside address
        if (
            nxt is not None
            and not nxt.new_block
            and not ft.is_prose(nxt.text)
            and not _salutation_opener(lv.text)
            and ft.salutation_by_address_form(lv.text)
        ):
            continue  # 'Mr. A. R. Thornton,' / '17, Crookes Valley Road,': an old-style address line
        return lv
    return None


def _salutation_opener(text: str) -> bool:
    return ft.is_salutation(text) and not ft.salutation_by_address_form(text)


def _reads_as_dateline(text: str) -> bool:
    dl = read_dateline(text)
    return dl is not None and not dl.is_stamp and dl.coverage >= DATELINE_MIN_COVERAGE


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


#: "No. 12", "Nr.12", "n° 12" before a reference; not the N of a code such as "NHA/2021/118"
NUMBER_PREFIX = re.compile(
    r"^(?:n[o°º]?\.?|nr\.?|n\.?\s?[°º]|no\.|num\.?|#)(?![^\W\d_])\s*(?=\S*\d)", re.IGNORECASE
)


def _clean_ref(value: str) -> str:
    value = NUMBER_PREFIX.sub("", value.strip())
    return value.rstrip(" .,;")


def reference_value(text: str) -> str | None:
    """'Our ref: AB/12/2020' -> 'AB/12/2020'; 'Question reference: E-007094/2017' -> 'E-007094/2017'."""
    if ft.marker(text, "their_reference") is not None:
        return None
    value = ft.marker(text, "reference", need_colon=True)
    if value:
        return _clean_ref(value)
    value = ft.marker(text, "question_reference")
    if value:  # 'Question for written answer E-001234/2019 to the Commission'
        code = value.split()[0]
        if any(ch.isdigit() for ch in code) and ("/" in code or "-" in code):
            return _clean_ref(code)
    # 'Ref. 2023/PA/114', 'N/Réf. 12-345', 'Az. 4 K 12/19': a label without colon, then a code with digits
    value = ft.marker(text, "reference")
    if (
        value
        and any(ch.isdigit() for ch in value)
        and CODE_RE.match(value)
        and not read_dateline(value)
        and not re.search(r"[a-zà-ÿ]{3,}", value)  # 'No. 18342 Pte. J. Harker' is a soldier's number and name
    ):
        label = fold(text)[: len(text) - len(value)].strip(" .:")
        if label not in ("no", "nr", "case", "file") or re.match(r"^\S*\d", value):
            return _clean_ref(value)
    return None


def looks_like_code(text: str) -> bool:
    """An unlabelled file reference such as 'A(2015)905100-1033229' or 'SG/2019/1234'."""
    t = text.strip()
    if not CODE_RE.match(t) or sum(ch.isdigit() for ch in t) < 3 or ft.n_words(t) > 4:
        return False
    if read_dateline(t) or ft.PHONE_RE.search(t) or ft.address_score(t) >= 2 or ft.has_contact(t):
        return False
    # a code mixes digits with letters or separators, and holds no ordinary word ('Direct Dial: 617...')
    if re.search(r"[a-zà-ÿ]{3,}", t):
        return False
    return bool(re.search(r"[A-Za-z/()\-.]", t))


def subject_value(lv: LineView) -> str | None:
    value = ft.marker(lv.text, "subject", need_colon=True)
    if value:
        return value
    m = re.match(
        r"^(?:RE|Re|SUBJECT|OBJET|BETREFF|ASUNTO|OGGETTO|BETREFT|ASSUNTO|DOTYCZY)\b\.?\s+(?=\S)(.+)$", lv.text
    )
    if m and not ft.is_prose(lv.text):
        return m.group(1).strip()
    return None


#: 'Label: value' lines ('Account number: 8841', 'Interesada: D.ª ...')
LABEL_VALUE = re.compile(r"^[^\W\d][\w .'’/-]{0,30}:\s")


def take_subject(ctx: Context, views: list[LineView], k: int) -> bool:
    """If ``views[k]`` is a subject line, take it with its continuation lines (same block, no label)."""
    lv = views[k]
    subj = subject_value(lv)
    if not subj:
        return False
    taken = [lv]
    for nxt in views[k + 1 :]:
        if nxt.new_block or nxt.label is not None or nxt.is_image or ft.is_salutation(nxt.text):
            break
        if _labelled_line(nxt.text) or LABEL_VALUE.match(nxt.text):
            break  # 'Interesada: D.ª María José Llorente Pastor' is not part of the subject
        taken.append(nxt)
        subj = f"{subj} {nxt.text}"
    ctx.fields["subject"] = subj
    ctx.label(taken, SUBJECT)
    ctx.cite("subject", taken)
    return True


def _labelled_line(text: str) -> bool:
    """A line that opens with one of the letter's labels (reference, enclosure, cc, subject...)."""
    return any(
        ft.marker(text, family, need_colon=True) is not None
        for family in ("reference", "their_reference", "enclosures", "cc", "subject", "recipient_labels")
    ) or ft.marker_with_colon_or_alone(text, "enclosures") is not None


def _block_groups(views: list[LineView]) -> list[list[LineView]]:
    groups: list[list[LineView]] = []
    for lv in views:
        if not groups or lv.new_block or lv.pos != groups[-1][-1].pos + 1:
            groups.append([lv])
        else:
            groups[-1].append(lv)
    return groups


def _opens_address(group: list[LineView]) -> bool:
    """An inside address opens with a person, a 'To:' label or an organisation, never a street."""
    if _addressee_block(group):
        return True
    first = group[0].text
    if ft.marker(first, "recipient_labels", need_colon=True) is not None:
        return True
    if ft.split_honorific(first)[0] or ft.honorific_only(first):
        return True
    if ft.address_score(first) >= 2:
        return False
    return ft.looks_like_name(first) or ft.org_score(first) >= 2


def _addressee_block(group: list[LineView]) -> bool:
    """A block that opens with a form of address or a 'To:' label: a person being written to."""
    first = group[0].text
    if ft.marker(first, "recipient_labels", need_colon=True) is not None:
        return True
    if ft.split_honorific(first)[0] or ft.honorific_only(first):
        return True
    labelled = any(ft.marker(v.text, "recipient_labels") for v in group[1:3])
    if labelled and ft.address_score(group[-1].text) >= 2:
        return True  # 'Spedition Gruber OG / z. H. Herrn Ing. Thomas Gruber / ... / 4600 Wels'
    # 'Dziekan Wydziału Chemii / ... / prof. dr hab. Tomasz Wiśniewski': the office first, then the person
    return ft.role_score(first) >= 2 and any(ft.split_honorific(v.text)[0] for v in group[1:4])


def _address_like(group: list[LineView]) -> bool:
    """A block that can be (part of) the inside address."""
    if _opens_address(group):
        return len(group) >= 2 or bool(ft.split_honorific(group[0].text)[0])
    return sum(ft.address_score(v.text) for v in group) >= 2


def _sender_side(group: list[LineView]) -> bool:
    """Right-aligned or far-indented blocks are the sender's side of the page (address, date)."""
    v = group[0]
    if v.line.align == "right":
        return True
    return v.line.indent is not None and v.line.indent >= 20 and v.line.bbox is None


def _letterhead_like(group: list[LineView]) -> bool:
    """Banners, all-capital names, contact lines: the sender's printed paper, not an inside address."""
    texts = [v.text for v in group]
    if any(ft.has_contact(t) for t in texts):
        return True
    person_first = ft.looks_like_name(texts[0]) or _addressee_block(group)
    if person_first and sum(ft.address_score(t) for t in texts) >= 2:
        return False  # 'JORDAN A MEYERS / 1420 ELM STREET / ...': an address typed in capitals
    return (
        sum(ft.upper_ratio(t) > 0.8 for t in texts) * 2 >= len(texts) and not ft.split_honorific(texts[0])[0]
    )


def read_opener(ctx: Context, start: int, end: int) -> None:
    """Label the opener lines in ``[start, end)``: date, place, reference, subject, recipients, letterhead."""
    views = [lv for lv in ctx.content(start, end)]
    if not views:
        return
    # prose before the opener is text around the letter (a web page's introduction), not the letter
    last_prose = max(
        (
            i
            for i, lv in enumerate(views)
            if not lv.is_image
            and ft.is_sentence(lv.text)
            and not ft.marker(lv.text, "attribution")
            and not _reads_as_dateline(lv.text)  # 'São José das Palmeiras, 9 de setembro de 2019.'
        ),
        default=-1,
    )
    if last_prose >= 0:
        preamble = views[: last_prose + 1]
        ctx.label(preamble, PREAMBLE)
        views = views[last_prose + 1 :]
        # the reference and subject of a question answered below ('Question for written answer
        # E-001234/2019', 'Subject: ...')
        for lv in preamble:
            if lv.is_image or ft.is_sentence(lv.text):
                continue
            ref = reference_value(lv.text)
            if ref and "reference" not in ctx.fields:
                ctx.fields["reference"] = ref
                ctx.cite("reference", [lv])
            subj = subject_value(lv)
            if subj and "subject" not in ctx.fields:
                ctx.fields["subject"] = subj
                ctx.cite("subject", [lv])
    found = best_dateline(views)
    date_pos = -1
    if found:
        lv, dl = found
        take_dateline(ctx, lv, dl)
        date_pos = lv.pos
    for k, lv in enumerate(views):
        if lv.label is not None or lv.is_image:
            continue
        if ft.marker(lv.text, "return_address") is not None or lv.text.startswith(">"):
            lv.label = LETTERHEAD  # the sender's return address above the window of an envelope
            continue
        theirs = ft.marker(lv.text, "their_reference")
        if theirs is not None:
            value = theirs or _next_value(views, k)
            lv.label = REFERENCE
            if value:
                ctx.fields.setdefault(
                    "their_reference", _clean_ref(value.text if isinstance(value, LineView) else value)
                )
                if isinstance(value, LineView):
                    value.label = REFERENCE
            continue
        ref = reference_value(lv.text)
        if ref is None and ft.marker(lv.text, "reference") == "" and ft.n_words(lv.text) <= 4:
            nxt = _next_value(views, k)
            if nxt is not None and looks_like_code(nxt.text):
                _take_reference(ctx, lv, _clean_ref(nxt.text))
                nxt.label = REFERENCE
                continue
        if ref:
            _take_reference(ctx, lv, ref)
            continue
        if "subject" not in ctx.fields and take_subject(ctx, views, k):
            continue
        enc = ft.marker(lv.text, "enclosures", need_colon=True)
        if enc:
            ctx.fields.setdefault("enclosures", []).append(enc)
            lv.label = ENCLOSURE
            ctx.cite("enclosures", [lv])
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
    if (
        "subject" not in ctx.fields
        and rest
        and rest[-1].line.bold
        and end < len(ctx.lines)
        and ctx.lines[end].label == SALUTATION
    ):
        cand = rest[-1]
        if (
            not ft.split_honorific(cand.text)[0]
            and ft.address_score(cand.text) == 0
            and not ft.looks_like_name(cand.text)
        ):
            ctx.fields["subject"] = cand.text
            cand.label = SUBJECT
            ctx.cite("subject", [cand])
            rest = rest[:-1]
    _split_letterhead_and_address(ctx, rest)
    if "subject" not in ctx.fields:
        # an unlabelled subject line between the address (or date) and the salutation (DIN 5008 'Betreff')
        left = [v for v in views if v.label is None and not v.is_image]
        last_labelled = max((v.pos for v in views if v.label in (ADDRESS, DATELINE, REFERENCE)), default=-1)
        cands = [v for v in left if v.pos > last_labelled]
        if cands and len(cands) <= 2 and looks_like_subject(" ".join(v.text for v in cands)):
            ctx.fields["subject"] = " ".join(v.text for v in cands)
            ctx.label(cands, SUBJECT)
            ctx.cite("subject", cands)


#: an unlabelled subject line has at most this many words
SUBJECT_MAX_WORDS = 25


def looks_like_subject(text: str) -> bool:
    """A heading-like line: not a sentence, a name, an address, a date or contact details."""
    t = text.strip()
    if not t or ft.n_words(t) > SUBJECT_MAX_WORDS or t.endswith((".", ",", ";", ":")):
        return False
    dl = read_dateline(t)
    address = ft.address_score(t) >= 2 and ft.n_words(t) <= 6  # a subject may name an address in passing
    if ft.has_contact(t) or address or ft.looks_like_name(t) or (dl and dl.coverage >= 0.6):
        return False
    if ft.split_honorific(t)[0] or ft.honorific_only(t) or ft.is_salutation(t) or ft.is_closing(t):
        return False
    if LABEL_VALUE.match(t):
        return False  # 'Account number: 8841 2203 57', 'Customer: ...': a label and its value
    return sum(ch.isalpha() for ch in t) > 2 * sum(ch.isdigit() for ch in t)


def _next_value(views: list[LineView], k: int) -> LineView | None:
    """The line after a label that stands alone ('Ons kenmerk' / 'DGA-ANI/18045123')."""
    if k + 1 < len(views) and views[k + 1].label is None and not views[k + 1].new_block:
        nxt = views[k + 1]
        labelled = _labelled_line(nxt.text) or any(
            ft.marker(nxt.text, family) for family in ("reference", "their_reference")
        )
        if not labelled and not _reads_as_dateline(nxt.text):
            return nxt  # not 'Your reference' / 'Our reference HP/2/4471/76' / 'Date 3 June 1976'
    return None


def take_dateline(ctx: Context, lv: LineView, dl: Dateline) -> None:
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


def _split_letterhead_and_address(ctx: Context, rest: list[LineView]) -> None:
    """The inside address is the run of address blocks nearest the salutation that opens with a person,
    a label or an organisation; what stands above it on the first page is the letterhead."""
    groups = _block_groups([v for v in rest if not v.is_image])
    if not groups:
        return
    usable = [
        not _letterhead_like(g) and (not _sender_side(g) or _addressee_block(g)) for g in groups
    ]
    run: list[int] = []
    for k in range(len(groups) - 1, -1, -1):
        if usable[k] and _address_like(groups[k]) and _opens_address(groups[k]):
            run = [k]
            break
    if run:
        k = run[0]
        # blocks right after the opening one that continue the address (street, town, country)
        j = k + 1
        while (
            j < len(groups)
            and usable[j]
            and not _opens_address(groups[j])
            and sum(ft.address_score(v.text) for v in groups[j]) >= 2
        ):
            run.append(j)
            j += 1
        # blocks before it that open an address too: other addressees ('Ms A / Chair', 'Mr B / ...')
        # or a form of address split from its name by a blank line ('His Excellency')
        while k > 0 and usable[k - 1] and _addressee_block(groups[k - 1]):
            k -= 1
            run.insert(0, k)
    address = [groups[k] for k in run]
    head = [g for k, g in enumerate(groups) if k not in run and (not run or k < run[0])]
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
