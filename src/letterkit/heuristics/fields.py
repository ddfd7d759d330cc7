"""Field parsers: each reads the lines of its zone(s) and never decides what a zone is.

The zone model has labelled every line; here a dateline zone becomes ``date``/``place``, an inside
address zone ``recipients``, a signature zone ``signatories`` and so on. Where a zone holds more than
its field (a signature block that ends in the letter's dateline, a reference label whose value is on
the next line), the parser reads what is there, but it does not move lines between zones except to
say which of them a field came from.
"""

from __future__ import annotations

import itertools
import re

from letterkit import _regex as rx
from letterkit.heuristics import features as ft
from letterkit.heuristics.context import Context, LineView
from letterkit.heuristics.dates import Dateline, read_dateline
from letterkit.heuristics.footnotes import FOOTNOTE_START_RE
from letterkit.heuristics.opener import NUMBER_PREFIX, looks_like_code, reference_value, subject_value
from letterkit.heuristics.parties import PartyDraft, parse_attribution, parse_cc, parse_parties
from letterkit.lang import fold

#: a dateline zone line must be explained by its date and place at least this much to give the date
DATELINE_MIN_COVERAGE = 0.5
#: outside a dateline zone a line must read almost wholly as a dateline to give the date
FALLBACK_MIN_COVERAGE = 0.75
#: an addressee at the foot stands at least this much left of an indented signature (characters/points)
FOOT_ADDRESS_DEDENT = 8
_LIST_MARK = re.compile(r"^(?:[-•*·–]|\d{1,2}[.)]|\(?[a-z]\))\s*")


def groups(views: list[LineView]) -> list[list[LineView]]:
    """Runs of consecutive lines (by position) with the same label."""
    out: list[list[LineView]] = []
    for v in views:
        if out and out[-1][-1].pos == v.pos - 1 and out[-1][-1].label == v.label:
            out[-1].append(v)
        else:
            out.append([v])
    return out


def _dateline_of(views: list[LineView], min_cov: float) -> tuple[LineView, Dateline] | None:
    best: tuple[float, LineView, Dateline] | None = None
    for lv in views:
        if lv.is_image:
            continue
        dl = read_dateline(lv.text)
        if dl is None or dl.is_stamp or dl.coverage < min_cov:
            continue
        score = dl.coverage + (0.3 if dl.match.named else 0.0) + (0.2 if dl.place else 0.0)
        if best is None or score > best[0] + 1e-9:
            best = (score, lv, dl)
    return (best[1], best[2]) if best else None


def read_date(ctx: Context, zone: list[LineView], others: list[LineView]) -> None:
    """Date and place from the dateline zone (top, foot or after the signature); when the zone holds no
    date, a line elsewhere that reads wholly as a dateline (the model's second choice); when no line
    has a complete date, a dateline with a partial one ('London, May 1904', 'Vienna, 1914', 'c. 1900',
    'between 3 and 5 May 1848', 'Ostern 1848') gives ``date_text``, ``date_edtf`` and the place.

    A numeric date whose day and month could be swapped (3/4/1914) is read in the order of the place
    (Washington: month first) or of the letter's language, and a warning says when neither decides."""
    from letterkit.heuristics.dates import numeric_order, place_before, read_date_text, read_partial_dateline
    from letterkit.heuristics.language import detect

    found = _dateline_of(zone, DATELINE_MIN_COVERAGE)
    line_text: str | None = found[0].text if found else None
    if found is None and zone:
        # 'Wien, Samstag' over '12. März 1910': a dateline spread over two lines
        for a, b in itertools.pairwise(zone):
            if b.pos == a.pos + 1:
                joined = f"{a.text} {b.text}"
                dl = read_dateline(joined)
                if dl is not None and not dl.is_stamp and dl.coverage >= DATELINE_MIN_COVERAGE:
                    found, line_text = (a, dl), joined
                    break
    if found is None:
        found = _dateline_of(others, FALLBACK_MIN_COVERAGE)
        line_text = found[0].text if found else None
    if found is None:
        # outside the zone, a partial dateline stands near the top or the foot: the first and last
        # lines only, and only lines with a year-like number, so a long list costs nothing here
        n_edge = 40
        year_like = rx.compile(r"(?<!\d)\d{4}(?!\d)")
        edge = others if len(others) <= 2 * n_edge else [*others[:n_edge], *others[-n_edge:]]
        for views, min_cov in ((zone, DATELINE_MIN_COVERAGE), (edge, FALLBACK_MIN_COVERAGE)):
            for lv in views:
                if lv.is_image or not year_like.search(lv.text):
                    continue
                pd = read_partial_dateline(lv.text)
                if pd is None or pd.is_stamp or pd.coverage < min_cov:
                    continue
                partial = pd.reading
                if partial.date is not None:
                    ctx.fields["date"] = partial.date.isoformat()
                ctx.fields["date_text"] = partial.text
                ctx.fields["date_edtf"] = partial.edtf
                ctx.fields["date_certainty"] = partial.certainty
                ctx.cite("date", [lv])
                if pd.place:
                    ctx.fields["place"] = pd.place
                    ctx.cite("place", [lv])
                return
        # a dateline zone without a date still names the place: 'Wien, Samstag'
        for lv in zone:
            m = re.match(r"^([^\W\d][\w .'’\-]{1,40}?),\s", lv.text)
            if m and "place" not in ctx.fields and ft.n_words(lv.text) <= 6:
                ctx.fields["place"] = m.group(1)
                ctx.cite("place", [lv])
        return
    lv, dl = found
    text = line_text or lv.text
    ctx.fields["date"] = dl.match.date.isoformat()
    ctx.fields["date_text"] = dl.match.text
    reading = read_date_text(text, ctx.fields.get("language"), dl.place)
    if reading is not None and reading.ambiguous and numeric_order(dl.place, None, text) is None:
        # only now is the language worth its cost (the whole text: every line has its zone label)
        language, _prob = detect(" ".join(v.text for v in ctx.lines if not v.is_image))
        reading = read_date_text(text, language, dl.place)
    place = dl.place
    if reading is not None and reading.kind == "range":
        ctx.fields.pop("date")  # a range is no single day; date_edtf holds it
        ctx.fields["date_text"] = reading.text
        place = place_before(text, reading.start, reading.end) or place
    elif reading is not None and reading.date is not None:
        ctx.fields["date"] = reading.date.isoformat()
    if reading is not None:
        ctx.fields["date_edtf"] = reading.edtf
        ctx.fields["date_certainty"] = reading.certainty
        if reading.ambiguous:
            ctx.warnings.append(
                f"The numeric date {reading.text!r} may be day/month or month/day; read as "
                f"{reading.date.isoformat() if reading.date else reading.edtf} (day first)."
            )
    ctx.cite("date", [lv])
    if place:
        ctx.fields["place"] = place
        ctx.cite("place", [lv])


def clean_reference(value: str) -> str:
    value = NUMBER_PREFIX.sub("", value.strip())
    return value.rstrip(" .,;")


def read_reference(ctx: Context, zone: list[LineView]) -> None:
    """The sender's reference from the reference zone; the addressee's ('Your ref.') kept apart."""
    for k, lv in enumerate(zone):
        if lv.is_image:
            continue
        theirs = ft.marker(lv.text, "their_reference")
        if theirs is not None:
            value = theirs or _value_below(zone, k)
            if value:
                ctx.fields.setdefault("their_reference", clean_reference(value))
            continue
        ref = reference_value(lv.text)
        if ref is None and ft.marker(lv.text, "reference") == "":
            below = _value_below(zone, k)
            ref = clean_reference(below) if below else None
        if ref is None and looks_like_code(lv.text) and not _is_label_value(lv, zone, k):
            ref = lv.text.strip()
        if ref:
            if "reference" in ctx.fields:
                ctx.fields.setdefault("other_references", []).append(ref)
            else:
                ctx.fields["reference"] = ref
                ctx.cite("reference", [lv])


def _is_label_value(lv: LineView, zone: list[LineView], k: int) -> bool:
    """True when ``lv`` is the value under a label line (already read with its label)."""
    if k == 0:
        return False
    above = zone[k - 1]
    return above.pos == lv.pos - 1 and (
        ft.marker(above.text, "reference") == "" or ft.marker(above.text, "their_reference") == ""
    )


def _value_below(zone: list[LineView], k: int) -> str | None:
    if k + 1 < len(zone) and zone[k + 1].pos == zone[k].pos + 1:
        nxt = zone[k + 1].text
        if not any(ft.marker(nxt, f) is not None for f in ("reference", "their_reference")):
            return nxt
    return None


def read_subject(ctx: Context, zone: list[LineView]) -> None:
    """The subject line(s), without their label ('Re:', 'Betreff:', 'Objet :')."""
    texts = [v for v in zone if not v.is_image]
    if not texts:
        return
    first = groups(texts)[0]
    value = subject_value(first[0])
    parts = [value if value is not None else first[0].text] + [v.text for v in first[1:]]
    ctx.fields["subject"] = " ".join(p.strip() for p in parts if p.strip())
    ctx.cite("subject", first)


def read_recipients(ctx: Context, zone: list[LineView]) -> None:
    """The addressees of the inside address zone (several blocks, several addressees)."""
    views = [v for v in zone if not v.is_image and not ft.marker(v.text, "return_address")]
    if not views:
        return
    block_starts = {v.pos for v in views if v.new_block}
    drafts = parse_parties([(v.pos, v.text) for v in views], block_starts)
    drafts = [d for d in drafts if d.party.name or d.party.organisation or d.party.role]
    if drafts:
        ctx.fields["recipients"] = drafts
        for i, d in enumerate(drafts):
            ctx.cite(f"recipients.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])


def read_sender_address(ctx: Context, zone: list[LineView]) -> None:
    """The sender's own address block (a private letter's name and address above the date, an office's
    name and street where the model did not call them letterhead), as one party: what the signature and
    letterhead leave open about the sender is filled from it."""
    views = [v for v in zone if not v.is_image and not ft.marker(v.text, "return_address")]
    drafts = parse_parties([(v.pos, v.text) for v in views]) if views else []
    if drafts:
        ctx.fields["sender_address"] = drafts[0]


def read_signatories(ctx: Context, zone: list[LineView]) -> None:
    """Signature images and the signatories' names, offices and organisations."""
    images = [v for v in zone if v.is_image or ft.is_signature_image_text(v.text)]
    if images:
        ctx.fields["signature_images"] = [v.text for v in images]
    names = [v for v in zone if v not in images]
    block_starts = {v.pos for v in names if v.new_block}
    drafts: list[PartyDraft] = parse_parties([(v.pos, v.text) for v in names], block_starts)
    drafts = [d for d in drafts if d.party.name or d.party.role]
    if len(drafts) >= 2 and not ctx.fields.get("recipients") and _addressee_at_foot(ctx, drafts):
        # 'James Ogilvy, Esq., / Chairman of the Harbour Committee, / Montrose.' below the signature:
        # older letters name the addressee at the foot, in a block of its own after the signatory
        last = drafts.pop()
        ctx.fields["recipients"] = [last]
        ctx.cite("recipients.0", [ctx.lines[p] for p in sorted(set(last.lines))])
    if drafts:
        ctx.fields["signatories"] = drafts
        for i, d in enumerate(drafts):
            ctx.cite(f"signatories.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])


def read_attribution(ctx: Context, zone: list[LineView]) -> None:
    """The signatory named by an attribution line ('Answer given by Ms X on behalf of the Commission')."""
    for v in zone:
        if v.is_image:
            continue
        attr = ft.marker(v.text, "attribution")
        draft = parse_attribution(attr, v.pos) if attr else None
        if draft is not None and draft.party.name:
            ctx.fields["signatories"] = [draft]
            ctx.cite("signatories.0", [v])
            return


def _addressee_at_foot(ctx: Context, drafts: list[PartyDraft]) -> bool:
    """Whether the last party of a signature block is the addressee written at the foot: its own block,
    opened by an honorific or 'Esq.', or back at the left margin while the signature is indented."""
    if not drafts[-1].lines:
        return False
    first_line = ctx.lines[min(drafts[-1].lines)]
    sig_indent = min((ctx.lines[p].line.indent or 0.0 for p in drafts[0].lines), default=0.0)
    return first_line.new_block and bool(
        ft.split_honorific(first_line.text)[0]
        or re.search(r"\bEsq", first_line.text)
        or (first_line.line.indent or 0.0) + FOOT_ADDRESS_DEDENT < sig_indent
    )


def _label_and_rest(lv: LineView, family: str) -> str:
    """The text after a section's label ('cc: Mr X' -> 'Mr X'; 'Enclosures:' -> '')."""
    value = ft.marker_with_colon_or_alone(lv.text, family)
    return lv.text if value is None else value


def read_cc(ctx: Context, zone: list[LineView]) -> None:
    items: list[tuple[int, str]] = []
    for k, v in enumerate(zone):
        if v.is_image:
            continue
        text = _label_and_rest(v, "cc") if k == 0 or v.new_block else v.text
        if text.strip():
            items.append((v.pos, text))
    drafts = parse_cc(items)
    if drafts:
        ctx.fields["cc"] = drafts
        for i, d in enumerate(drafts):
            ctx.cite(f"cc.{i}", [ctx.lines[p] for p in sorted(set(d.lines))])


def read_enclosures(ctx: Context, zone: list[LineView]) -> None:
    listed: list[str] = []
    for k, v in enumerate(zone):
        if v.is_image:
            continue
        listed.append(_label_and_rest(v, "enclosures") if k == 0 or v.new_block else v.text)
    found = [
        _LIST_MARK.sub("", piece).strip(" ;,")
        for item in listed
        for piece in re.split(r"\s*;\s*", item)
    ]
    found = [f for f in found if f]
    # 'Enclosures: 2' only counts the items listed below it
    if len(found) > 1 and re.fullmatch(r"\(?\d{1,2}\)?", found[0]):
        found = found[1:]
    if found:
        ctx.fields["enclosures"] = found
        ctx.cite("enclosures", [v for v in zone if not v.is_image])


def read_postscript(ctx: Context, zone: list[LineView]) -> None:
    parts: list[str] = []
    for v in zone:
        if v.is_image:
            continue
        ps = ft.postscript_text(v.text)
        parts.append(ps if ps is not None and not parts else v.text)
    text = " ".join(p.strip() for p in parts if p.strip())
    if text:
        ctx.fields["postscript"] = text
        ctx.cite("postscript", [v for v in zone if not v.is_image])


def read_footnotes(ctx: Context, zone: list[LineView]) -> None:
    """Footnote texts without their markers: a marker starts a note, other lines continue it."""
    notes: list[tuple[str, list[LineView]]] = []
    for v in zone:
        if v.is_image:
            continue
        m = FOOTNOTE_START_RE.match(v.text)
        if m or not notes or (v.new_block and v.line.region != "footnote"):
            text = FOOTNOTE_START_RE.sub("", v.text, count=1) if m else v.text
            if m and m.group("gb"):
                text = text.rstrip().removesuffix("]")
            notes.append((text.strip(), [v]))
        else:
            t, views = notes[-1]
            text = v.text
            if t.endswith("]") and fold(notes[-1][1][0].text).startswith("[footnote"):
                t = t.removesuffix("]")
            notes[-1] = (f"{t} {text}".strip(), [*views, v])
    cleaned = [(t.rstrip().removesuffix("]") if t.count("]") > t.count("[") else t, vs) for t, vs in notes]
    if cleaned:
        ctx.fields["footnotes"] = [t for t, _ in cleaned if t]
        for k, (_, views) in enumerate(cleaned):
            ctx.cite(f"footnotes.{k}", views)


def join_lines(views: list[LineView]) -> str:
    return " ".join(v.text.strip() for v in views if not v.is_image and v.text.strip())
