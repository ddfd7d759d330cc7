"""The one pipeline that turns any reader's :class:`~letterkit.document.Document` into a :class:`Letter`.

1. the zone model (:mod:`letterkit.zones`) gives every line its zone (letterhead, dateline, inside
   address, salutation, body, closing, signature, cc, enclosure, postscript, footnote, furniture...),
   from the line's features and its neighbours', in one pass over the whole letter;
2. :func:`tidy` applies the few constraints of a letter's order that a line-local score cannot (one
   salutation, one complimentary close), :func:`keep_furniture_out` the regions the reader knows
   (page headers and footers, a footnotes part) and :func:`interruptions_are_furniture` the footer
   printed once inside a sentence of the body: what is furniture is decided here, once;
3. each field is read from its zone by :mod:`letterkit.heuristics.fields` (and the body by
   :mod:`letterkit.heuristics.body`); no parser decides a zone;
4. what the reader knows for certain (``Document.hints``) overrides what was read;
5. language, sender and letterhead are derived from the parts; every field keeps the lines it came
   from in ``Letter.provenance`` and the model's probability for them in ``Letter.confidence``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec

from letterkit.core.chars import FROM_SUPERSCRIPT
from letterkit.core.limits import raise_if_past
from letterkit.document import Document
from letterkit.heuristics import body as body_mod
from letterkit.heuristics import features as ft
from letterkit.heuristics import fields
from letterkit.heuristics.context import Context, LineView, make_context
from letterkit.heuristics.dates import find_dates, read_dateline
from letterkit.heuristics.footnotes import BODY_SUP_RE, FOOTNOTE_START_RE
from letterkit.heuristics.furniture import email_header_match
from letterkit.heuristics.language import detect
from letterkit.heuristics.opener import banner_organisation
from letterkit.heuristics.parties import PartyDraft
from letterkit.lang import load
from letterkit.model import Letter, Letterhead, Party, Source, Span
from letterkit.zones.archive import load_model
from letterkit.zones.labels import (
    BODY,
    CC,
    CLOSING,
    DATELINE,
    ENCLOSURE,
    FOOTNOTE,
    FURNITURE,
    INSIDE_ADDRESS,
    LETTERHEAD,
    OTHER,
    POSTSCRIPT,
    REFERENCE,
    SALUTATION,
    SENDER_ADDRESS,
    SIGNATURE,
    SUBJECT,
)
from letterkit.zones.model import ZoneGuess

#: a field whose lines the model labelled with less probability than this gets a warning
LOW_CONFIDENCE = 0.5
#: the fields worth a warning when uncertain (not every body paragraph)
WARN_FIELDS = ("date", "salutation", "closing", "signatories.0", "recipients.0", "reference", "subject")


def _email_fields(ctx: Context) -> None:
    """Date and subject from an e-mail's header block (From/To/Date/Subject lines at the top), where
    the letter itself gave none."""
    headers: dict[str, str] = {}
    views: list[LineView] = []
    for v in ctx.lines:
        if v.label not in (OTHER, SUBJECT, DATELINE, INSIDE_ADDRESS, SENDER_ADDRESS, LETTERHEAD):
            break
        m = None if v.is_image else email_header_match(v.text)
        if m:
            headers[m.group("name").casefold()] = m.group("value").strip()
            views.append(v)
    if len(views) < 2 or not headers.keys() & set(load("markers")["email_sender_headers"]["all"]):
        return
    markers = load("markers")
    for name in markers["email_date_headers"]["all"]:
        if name in headers and "date" not in ctx.fields:
            found = find_dates(headers[name])
            if found:
                ctx.fields["date"] = found[0].date.isoformat()
                ctx.fields["date_text"] = found[0].text
                ctx.cite("date", [v for v in views if v.text.casefold().startswith(name)])
    for name in markers["email_subject_headers"]["all"]:
        if name in headers and headers[name] and "subject" not in ctx.fields:
            ctx.fields["subject"] = headers[name]
            ctx.cite("subject", [v for v in views if v.text.casefold().startswith(name)])


def _party(d: PartyDraft | Party | dict[str, Any]) -> Party:
    if isinstance(d, PartyDraft):
        return d.party
    if isinstance(d, Party):
        return d
    return Party(**{k: v for k, v in d.items() if k in Party.model_fields})


def _apply_hints(ctx: Context, hints: dict[str, Any]) -> None:
    reader_span = [Span(page=1, line=-1, start=0, end=0, origin="reader")]
    for key, value in hints.items():
        if value is None or key == "extra":
            continue
        if key in ("signatories", "recipients", "cc"):
            ctx.fields[key] = [_party(v) for v in value]
        elif key == "sender":
            ctx.fields[key] = _party(value)
        elif key == "letterhead":
            ctx.fields["letterhead_lines"] = list(value)
        else:
            ctx.fields[key] = value
        ctx.provenance[key] = reader_span


def build_letter_with_zones(
    doc: Document,
    sha256: str,
    filename: str | None = None,
    size: int | None = None,
    deadline: float | None = None,
    timeout: float | None = None,
    model: str | None = None,
) -> tuple[Letter, list[LineView], list[ZoneGuess]]:
    """Label every line with the zone model, read each field from its zones: the :class:`Letter`,
    with the line views in their final zones and the model's guess for each (what the review pages
    draw: one reading, so the page shows exactly what made the letter).

    ``deadline`` (a ``time.monotonic()`` value, from ``Limits.timeout``) is checked between the
    stages: each stage is linear in the text, so a document can overrun it by one stage at most.
    ``model`` is the path of a zone model file (default: the built-in one).
    """

    def check(stage: str) -> None:
        raise_if_past(deadline, timeout, f"Reading the letter (heuristics, at {stage})")

    check("start")
    ctx, guesses = label_zones(doc, model, lambda: check("the zones"))
    _read_fields(ctx)
    _apply_hints(ctx, doc.hints)
    check("the end")
    letter = _assemble(ctx, doc, sha256, filename, size)
    _confidence(letter, ctx, guesses)
    return letter, ctx.lines, guesses


P = ParamSpec("P")


def _letter_only(
    build: Callable[P, tuple[Letter, list[LineView], list[ZoneGuess]]],
) -> Callable[P, Letter]:
    """``build`` returning only its letter: the same parameters, declared once."""

    def letter_only(*args: P.args, **kwargs: P.kwargs) -> Letter:
        return build(*args, **kwargs)[0]

    return letter_only


#: :func:`build_letter_with_zones` (same parameters) returning only the :class:`Letter`
build_letter = _letter_only(build_letter_with_zones)
build_letter.__name__ = build_letter.__qualname__ = "build_letter"
build_letter.__doc__ = "The :class:`Letter` of :func:`build_letter_with_zones` (the same parameters)."


def label_zones(
    doc: Document, model: str | None = None, check: Callable[[], None] | None = None
) -> tuple[Context, list[ZoneGuess]]:
    """The document's line views, each labelled with its zone (``LineView.label``), and the model's
    guess (zone and probability) for each line, before any field is read."""
    ctx = make_context(doc)
    guesses = load_model(model).label(ctx.lines, {p.number: p for p in doc.pages}, check)
    zones = tidy([g.label for g in guesses], ctx.lines, [g.prob for g in guesses])
    for v, zone in zip(ctx.lines, zones, strict=True):
        v.label = zone
    keep_furniture_out(ctx.lines, doc.structural_regions)
    interruptions_are_furniture(ctx.lines)
    return ctx, guesses


def _runs(labels: list[str], zone: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of consecutive lines labelled ``zone``."""
    out: list[tuple[int, int]] = []
    for i, lab in enumerate(labels):
        if lab != zone:
            continue
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _pair_footnotes(out: list[str], views: list[LineView]) -> None:
    """A body block that opens with a superscript number ('¹ Answer given by ...') whose reference
    marker stands in the body text above it is that reference's footnote, with the rest of its block:
    the pairing of marker and note is a fact of the text, which a line-by-line score cannot see."""
    seen: set[str] = set()
    i = 0
    while i < len(out):
        v = views[i]
        if out[i] == BODY and v.new_block:
            m = FOOTNOTE_START_RE.match(v.text)
            number = m.group("sup").translate(FROM_SUPERSCRIPT) if m and m.group("sup") else None
            if number is not None and number in seen:
                j = i
                while j < len(out) and out[j] == BODY and (j == i or not views[j].new_block):
                    out[j] = FOOTNOTE
                    j += 1
                i = j
                continue
        if out[i] == BODY:
            seen.update(x.translate(FROM_SUPERSCRIPT) for x in BODY_SUP_RE.findall(v.text))
        i += 1


def _sender_above_dateline(out: list[str]) -> None:
    """Two address blocks with the dateline or reference between them: the inside address is the one
    nearer the greeting; the one above is the sender's (the letterhead when it opens the letter)."""
    first_text = next((i for i, lab in enumerate(out) if lab in (SALUTATION, BODY)), len(out))
    runs = [r for r in _runs(out, INSIDE_ADDRESS) if r[1] <= first_text]
    if len(runs) < 2:
        return
    last = runs[-1]
    for start, end in runs[:-1]:
        if not any(lab in (DATELINE, REFERENCE) for lab in out[end : last[0]]):
            continue
        zone = LETTERHEAD if start == 0 else SENDER_ADDRESS
        for i in range(start, end):
            out[i] = zone


def _opening_office_block_is_letterhead(out: list[str], views: list[LineView]) -> None:
    """An organisation's name and address that open the letter ('ACME Trading Ltd' / '10 High Street' /
    'London EC1A 1BB'), which the model read as the sender's address block, are the head of its paper:
    the letterhead, where the letter has no other. A person's own address at the top stays the
    sender's address."""
    if LETTERHEAD in out:
        return
    first = next((i for i, lab in enumerate(out) if lab not in (FURNITURE, OTHER)), None)
    if first is None or out[first] != SENDER_ADDRESS:
        return
    end = next(e for s, e in _runs(out, SENDER_ADDRESS) if s == first)
    texts = [v.text for v in views[first:end] if not v.is_image]
    if texts and ft.org_score(texts[0]) >= 2 and not ft.looks_like_name(texts[0]):
        for i in range(first, end):
            out[i] = LETTERHEAD


def tidy(labels: list[str], views: list[LineView], probs: list[float] | None = None) -> list[str]:
    """Structural constraints on the model's sequence that no line-local score can express.

    One salutation: the first run of greeting lines (a later 'Dear ...' is body). One complimentary
    close: of the runs of closing lines that stand before any postscript, the one the model is surest
    of (mean probability); a run before it was body, a run after it belongs to the signature, or to the
    postscript it stands under.
    """
    out = list(labels)
    p = probs or [1.0] * len(out)
    for i in range(len(out) - 1):
        # an unlabelled 'subject' that goes on as body in the same block is the paragraph's first line
        nxt = views[i + 1]
        if (
            out[i] == SUBJECT
            and out[i + 1] == BODY
            and not nxt.new_block
            and nxt.block == views[i].block
            and ft.marker(views[i].text, "subject") is None
        ):
            out[i] = BODY
    _pair_footnotes(out, views)
    _sender_above_dateline(out)
    _opening_office_block_is_letterhead(out, views)
    started = next((i for i, lab in enumerate(out) if lab in (SALUTATION, BODY)), len(out))
    for i in range(started, len(out)):
        if out[i] == LETTERHEAD:
            out[i] = FURNITURE  # the letterhead heads the letter; printed again further on, it is furniture
    for i in range(1, len(out)):
        # a footnote stands at the foot of a page: an unmarked 'note' opening the next page is its head
        v = views[i]
        if out[i] == FOOTNOTE and v.page != views[i - 1].page and not FOOTNOTE_START_RE.match(v.text):
            out[i] = FURNITURE
    sal = _runs(out, SALUTATION)
    for start, end in sal[1:]:
        for i in range(start, end):
            out[i] = BODY
    clo = _runs(out, CLOSING)
    if len(clo) > 1:
        first_ps = next((i for i, lab in enumerate(out) if lab == POSTSCRIPT), len(out))
        candidates = [r for r in clo if r[0] < first_ps] or clo[:1]
        best = max(candidates, key=lambda r: sum(p[r[0] : r[1]]) / (r[1] - r[0]))
        for start, end in clo:
            if (start, end) == best:
                continue
            for i in range(start, end):
                if start < best[0]:
                    out[i] = BODY
                else:
                    out[i] = POSTSCRIPT if start > first_ps else SIGNATURE
    _no_parties_inside_the_body(out)
    _labelled_lines_are_no_address(out, views)
    _no_postscript_before_the_text(out, views)
    _no_footnote_opening_the_text(out, views)
    _no_contact_block_as_postscript(out, views)
    _register_lines_are_furniture(out, views)
    return out


#: zones of the letter's foot that an office's register footer, printed under them, is taken for
_FOOT_ZONES = frozenset({ENCLOSURE, CC, POSTSCRIPT, SIGNATURE})
#: separators of a footer's fields on one line ('Sitz Aalen · Amtsgericht Ulm HRB 712345 · ...')
_FIELD_SEPARATORS = ("·", "|", "•")


def _register_lines_are_furniture(out: list[str], views: list[LineView]) -> None:
    """A company's register footer under the letter ('Krämer Metallbau GmbH · Sitz Aalen · Amtsgericht
    Ulm HRB 712345', 'IBAN ... | USt-IdNr. ...'): a line of three or more separated fields with register,
    bank or tax words (``markers.json`` ``legal_footer``) after the close, which the model read as one
    more enclosure, cc or signature line, is the office's furniture, as the model reads its other lines.
    An enclosure that names a register extract is one field, never three."""
    close = max((i for i, lab in enumerate(out) if lab == CLOSING), default=None)
    if close is None:
        return
    for i in range(close + 1, len(out)):
        if out[i] not in _FOOT_ZONES:
            continue
        text = views[i].text
        fields = 1 + sum(text.count(sep) for sep in _FIELD_SEPARATORS)
        if fields >= 3 and ft.is_legal_footer(text):
            out[i] = FURNITURE


def _no_contact_block_as_postscript(out: list[str], views: list[LineView]) -> None:
    """A postscript is something written: an unmarked 'postscript' run with no sentence in it (other
    than party lines) whose lines are mostly an organisation, an address, a telephone or an e-mail
    address is the sender's footer (a company's details under an e-mail's signature): furniture."""
    for start, end in _runs(out, POSTSCRIPT):
        run = [v for v in views[start:end] if not v.is_image]
        if not run or ft.postscript_text(run[0].text) is not None:
            continue
        if any(v.line.region != "body" or FOOTNOTE_START_RE.match(v.text) for v in run):
            continue  # a footnote the model took for a postscript is the field parsers' to read
        # a sentence leaves it a postscript; an organisation's name ('... Akademie e.V.', with its
        # 'und') reads as a short sentence but is a party line
        if any(ft.is_prose(v.text) and not ft.party_cue(v.text) for v in run):
            continue
        cues = sum(1 for v in run if ft.party_cue(v.text))
        if 2 * cues >= len(run):
            for i in range(start, end):
                out[i] = FURNITURE


def _no_footnote_opening_the_text(out: list[str], views: list[LineView]) -> None:
    """A footnote stands under the text it annotates: 'footnote' lines straight before the first body
    line, with no note marker ('1 ', '[1]', '¹') and outside any footnote region of their reader, are
    the text's own first lines (a resolution's title and 'The European Parliament,' above its
    citations)."""
    first_body = next((i for i, lab in enumerate(out) if lab in (BODY, SALUTATION)), None)
    if first_body is None or out[first_body] != BODY:
        return
    i = first_body - 1
    while i >= 0 and out[i] == FOOTNOTE:
        v = views[i]
        if v.line.region == "footnote" or FOOTNOTE_START_RE.match(v.text):
            break
        out[i] = BODY
        i -= 1


#: a reader's page regions: what stands in them is page furniture, never the letter's text
_PAGE_REGIONS = frozenset({"header", "footer"})
#: what a postscript comes after: the letter's own text, its greeting, its close or its signature
_BEFORE_POSTSCRIPT = frozenset({BODY, SALUTATION, CLOSING, SIGNATURE})


def _no_postscript_before_the_text(out: list[str], views: list[LineView]) -> None:
    """A postscript is written after the letter: 'postscript' lines that stand before any body,
    greeting, close or signature line, and do not open with a postscript marker ('P.S.'), are the
    text itself (a resolution's paragraphs at the end of a page, with nothing under them, read like
    an afterthought to a line-by-line score). A line of its reader's header or footer region (a web
    page's menus the model took for a signature) is not the letter's text."""
    first_text = next(
        (i for i, lab in enumerate(out)
         if lab in _BEFORE_POSTSCRIPT and views[i].line.region not in _PAGE_REGIONS),
        len(out),
    )
    for start, end in _runs(out, POSTSCRIPT):
        if start >= first_text:
            break
        for i in range(start, end):
            if ft.postscript_text(views[i].text) is not None:
                break  # a marked postscript stays one, wherever the model found it, with what follows
            out[i] = BODY


#: zones that cannot stand inside the body, between its first line and the complimentary close
_NOT_INSIDE_BODY = frozenset({SIGNATURE, INSIDE_ADDRESS, SENDER_ADDRESS})


def _no_parties_inside_the_body(out: list[str]) -> None:
    """A signature or an address block between body lines, before the close, is not one: the
    signature follows the close and the addresses precede the greeting. What stands there (a name of a
    letterhead copied at a page break) is furniture."""
    first_body = next((i for i, lab in enumerate(out) if lab == BODY), None)
    close = next((i for i, lab in enumerate(out) if lab == CLOSING), None)
    if first_body is None or close is None or close < first_body:
        return
    for i in range(first_body, close):
        if out[i] in _NOT_INSIDE_BODY:
            out[i] = FURNITURE


#: the zones of an address block, which no labelled subject or enclosure line belongs to
_ADDRESS_ZONES = frozenset({INSIDE_ADDRESS, SENDER_ADDRESS})


def _labelled_lines_are_no_address(out: list[str], views: list[LineView]) -> None:
    """A line that opens with its own label ('Objet :', 'Betreff:', 'PJ. :', 'Enc.:', from
    ``markers.json``) says what it is: the model, seeing it directly under an address or a dateline,
    may take it for one more line of the address, and the parties parser would then make a recipient
    of it. No line of an address starts with a subject's or an enclosure's label; and the other way
    round, a line that opens with an addressee's label ('Attention: Mr. Walter Brandt', 'z. Hd. Frau
    Weber', "À l'attention de M. le Président"), which the model may read as a subject where it stands
    between the address and the greeting, is a line of the inside address."""
    for i, v in enumerate(views):
        if out[i] == SUBJECT and _addressee_label(v.text) and not ft.marker(v.text, "subject"):
            out[i] = INSIDE_ADDRESS
        if out[i] not in _ADDRESS_ZONES:
            continue
        if ft.marker(v.text, "subject", need_colon=True):
            out[i] = SUBJECT
        elif ft.marker_with_colon_or_alone(v.text, "enclosures"):
            out[i] = ENCLOSURE


#: an addressee's label this long is one without a colon too ('Attention Mr. Brandt', 'z. Hd. Frau
#: Weber'); a shorter one ('To', 'An', 'A') only with its colon, being a common word otherwise
_ADDRESSEE_LABEL_ALONE = 5


def _addressee_label(text: str) -> bool:
    """Whether a line opens with an addressee's label (``markers.json`` ``recipient_labels``) and
    names someone after it."""
    value = ft.marker(text, "recipient_labels", need_colon=True)
    if value:
        return True
    value = ft.marker(text, "recipient_labels")
    return value is not None and value != "" and len(text.strip()) - len(value) >= _ADDRESSEE_LABEL_ALONE


#: zones a line of a page header or footer can never belong to: the letter's own text
_NOT_IN_FURNITURE = frozenset(
    {BODY, SALUTATION, CLOSING, INSIDE_ADDRESS, POSTSCRIPT, SUBJECT, SIGNATURE, CC, ENCLOSURE}
)


def keep_furniture_out(views: list[LineView], structural: frozenset[str] = frozenset()) -> None:
    """A line its reader put in a page header or footer (a DOCX header, a web page's menus and legal
    footer) is furniture, letterhead or a footnote, never body text, a greeting, a close, an inside address
    or a postscript: the reader knew its region from the format, the model only guessed its zone. A line
    of the reader's footnote region (a DOCX footnotes part, small type under a rule at a PDF page's
    foot) is a footnote, unless the model calls it furniture where the region was inferred from layout
    (an office footer in small type under a rule): where the reader took it from the file's structure
    (``structural``, a DOCX footnotes part), it is a footnote. Where the reader took the document's
    text from the file's structure too (``"body"`` in ``structural``: a European Parliament page's
    text element, its notes in their own element), a line of that text is not a footnote: it keeps
    the zone of the line before it."""
    prev = BODY
    for v in views:
        if v.line.region in _PAGE_REGIONS and v.label in _NOT_IN_FURNITURE:
            v.label = FURNITURE
        elif v.line.region == "footnote" and (v.label != FURNITURE or "footnote" in structural):
            v.label = FOOTNOTE
        elif v.line.region == "body" and v.label == FOOTNOTE and {"body", "footnote"} <= structural:
            v.label = prev
        if v.label is not None and v.label != FOOTNOTE:
            prev = v.label


def _is_interruption(run: list[LineView]) -> bool:
    """Short lines of an address, phone or all-capital name: a page footer or header, not the letter."""
    if not run:
        return False
    if any(ft.is_prose(v.text) for v in run if not v.is_image):
        return False
    texts = [v.text for v in run if not v.is_image]
    if not texts:
        return True
    cue = sum(1 for t in texts if ft.party_cue(t) or ft.upper_ratio(t) > 0.8)
    return cue * 2 >= len(texts)


def interruptions_are_furniture(views: list[LineView]) -> None:
    """A run of non-prose body lines that stands between two halves of a sentence, or that looks like
    an office footer (an address, a phone, a name in capitals) between body text, is page furniture
    printed once: 'some months' / [the office's footer] / 'ago.'. The model sees a line and its
    neighbours; whether the text on both sides of a run is one sentence is a constraint on the whole
    body, so it is applied here, with the other constraints on the zones, and the field parsers only
    read the zones (``views`` are all the letter's lines, in order)."""
    body = [v for v in views if v.label == BODY]
    kept: list[LineView] = []
    i = 0
    n = len(body)
    while i < n:
        lv = body[i]
        if lv.is_image or ft.is_prose(lv.text):
            kept.append(lv)
            i += 1
            continue
        j = i
        while j < n and not (not body[j].is_image and ft.is_prose(body[j].text)):
            j += 1
        run = body[i:j]
        before = kept[-1] if kept else None
        after = body[j] if j < n else None
        splits_sentence = (
            before is not None
            and after is not None
            and not ft.ends_terminal(before.text)
            and ft.starts_lower(after.text)
        )
        # the run starts a block, or goes on from lines of another zone (an office footer the model
        # labelled in part)
        prev = views[run[0].pos - 1] if run[0].pos > 0 else None
        multi_block = run[0].new_block or (prev is not None and prev.label != BODY)
        if (
            before is not None
            and after is not None
            and multi_block
            and (
                (
                    splits_sentence
                    and not any(ft.ends_terminal(v.text) and ft.n_words(v.text) > 6 for v in run)
                )
                or (len(run) >= 2 and _is_interruption(run))
            )
        ):
            for v in run:
                v.label = FURNITURE
        else:
            kept.extend(run)
        i = j


def _zone(ctx: Context, *labels: str) -> list[LineView]:
    return [v for v in ctx.lines if v.label in labels]


def _read_fields(ctx: Context) -> None:
    """Each field from the lines of its zone."""
    fields.read_footnotes(ctx, _zone(ctx, FOOTNOTE))
    date_zone = _zone(ctx, DATELINE)
    fields.read_date(ctx, date_zone, _zone(ctx, LETTERHEAD, SIGNATURE, OTHER, SENDER_ADDRESS, CLOSING))
    fields.read_reference(ctx, _zone(ctx, REFERENCE))
    if "reference" not in ctx.fields:
        # a bare file code the model put with the dateline it stands beside
        codes = [v for v in date_zone if read_dateline(v.text) is None and fields.looks_like_code(v.text)]
        fields.read_reference(ctx, codes)
    fields.read_subject(ctx, _zone(ctx, SUBJECT))
    fields.read_recipients(ctx, _zone(ctx, INSIDE_ADDRESS))
    fields.read_sender_address(ctx, _zone(ctx, SENDER_ADDRESS))
    sal = _zone(ctx, SALUTATION)
    if sal:
        ctx.fields["salutation"] = fields.join_lines(sal)
        ctx.cite("salutation", sal)
    body_mod.build_paragraphs(ctx, _zone(ctx, BODY))
    clo = _zone(ctx, CLOSING)
    if clo:
        ctx.fields["closing"] = fields.join_lines(clo)
        ctx.cite("closing", clo)
    fields.read_signatories(ctx, _zone(ctx, SIGNATURE))
    if not ctx.fields.get("signatories"):
        # 'Answer given by High Representative/Vice-President Mogherini': who signs an answer
        fields.read_attribution(ctx, _zone(ctx, OTHER, SIGNATURE))
    fields.read_cc(ctx, _zone(ctx, CC))
    fields.read_enclosures(ctx, _zone(ctx, ENCLOSURE))
    fields.read_postscript(ctx, _zone(ctx, POSTSCRIPT))
    _email_fields(ctx)


def _confidence(letter: Letter, ctx: Context, guesses: list[ZoneGuess]) -> None:
    """``Letter.confidence``: for each field, the mean probability the model gave the zone of the lines
    it came from; fields below :data:`LOW_CONFIDENCE` get a warning."""
    by_line = {v.line.index: g.prob for v, g in zip(ctx.lines, guesses, strict=False)}
    conf: dict[str, float] = {}
    for key, spans in letter.provenance.items():
        probs = [by_line[s.line] for s in spans if s.origin != "reader" and s.line in by_line]
        if probs:
            conf[key] = round(sum(probs) / len(probs), 3)
        elif spans and all(s.origin == "reader" for s in spans):
            conf[key] = 1.0
    letter.confidence = conf
    for key in WARN_FIELDS:
        if key in conf and conf[key] < LOW_CONFIDENCE:
            letter.warnings.append(f"Low confidence ({conf[key]:.2f}) in {key}: check it.")


def _letterhead(ctx: Context) -> Letterhead | None:
    lines = ctx.fields.get("letterhead_lines") or [v.text for v in ctx.lines if v.label == LETTERHEAD]
    if not lines:
        return None
    org = banner_organisation(lines)
    if org is None:
        for t in lines:
            if ft.org_score(t) >= 2 and not ft.has_contact(t) and not read_dateline(t):
                org = t
                break
    views = [v for v in ctx.lines if v.label == LETTERHEAD]
    ctx.cite("letterhead", views)
    return Letterhead(lines=lines, organisation=org)


def _sender(ctx: Context, letterhead: Letterhead | None, signatories: list[Party]) -> Party | None:
    if isinstance(ctx.fields.get("sender"), Party):
        return ctx.fields["sender"]
    first = signatories[0] if signatories else None
    sender = Party(**first.model_dump()) if first else Party()
    if letterhead is not None:
        if not sender.organisation and letterhead.organisation:
            sender.organisation = letterhead.organisation
        for t in letterhead.lines:
            m = ft.EMAIL_RE.search(ft.probe(t))
            if m and not sender.email:
                sender.email = m.group(0)
            p = ft.phone_re().search(ft.probe(t))
            if p and not sender.phone:
                sender.phone = p.group(0)
            if ft.address_score(t) >= 2 and t not in sender.address and not first:
                sender.address.append(t)
    own = ctx.fields.get("sender_address")
    if isinstance(own, PartyDraft):
        # the sender's own address block fills what the signature and the letterhead left open
        for key in ("name", "organisation", "email", "phone"):
            if not getattr(sender, key) and getattr(own.party, key) and (key != "name" or not first):
                setattr(sender, key, getattr(own.party, key))
        if not sender.address:
            sender.address = list(own.party.address)
    return None if sender.is_empty() else sender


def _assemble(ctx: Context, doc: Document, sha256: str, filename: str | None, size: int | None) -> Letter:
    f = ctx.fields
    signatories = [_party(d) for d in f.get("signatories", [])]
    recipients = [_party(d) for d in f.get("recipients", [])]
    cc = [_party(d) for d in f.get("cc", [])]
    letterhead = _letterhead(ctx)
    body: list[str] = f.get("body", [])
    language = f.get("language")
    if not language:
        sample = " ".join(body) or " ".join(v.text for v in ctx.lines if v.label is None)
        language, _prob = detect(sample)
    meta = doc.metadata
    source = Source(
        format=doc.format,
        reader=doc.reader,
        pages=len(doc.pages),
        sha256=sha256,
        filename=filename,
        size=size,
        encoding=meta.get("encoding"),
        title=meta.get("title"),
        author=meta.get("author"),
        created=meta.get("created"),
        modified=meta.get("modified"),
        ocr=bool(meta.get("ocr")) or any(p.ocr for p in doc.pages),
        **{
            k: v
            for k, v in meta.items()
            if k not in Source.model_fields and isinstance(v, (str, int, float, bool))
        },
    )
    warnings = list(doc.warnings) + ctx.warnings
    if not body:
        warnings.append("No body paragraphs were found; the whole text is in Letter.text.")
    if not f.get("date") and not f.get("date_edtf"):
        warnings.append("No dateline was found.")
    extra: dict[str, Any] = dict(doc.hints.get("extra") or {})
    if f.get("signature_images"):
        extra["signature_images"] = f["signature_images"]
    if f.get("other_references"):
        extra["other_references"] = f["other_references"]
    return Letter(
        date=f.get("date"),
        date_text=f.get("date_text"),
        date_edtf=f.get("date_edtf"),
        date_certainty=f.get("date_certainty"),
        place=f.get("place"),
        reference=f.get("reference"),
        subject=f.get("subject"),
        language=language,
        letterhead=letterhead,
        sender=_sender(ctx, letterhead, signatories),
        recipients=recipients,
        salutation=f.get("salutation"),
        body=body,
        closing=f.get("closing"),
        signatories=signatories,
        cc=cc,
        enclosures=f.get("enclosures", []),
        postscript=f.get("postscript"),
        footnotes=f.get("footnotes", []),
        source=source,
        text=doc.text,
        warnings=warnings,
        furniture=[v.text for v in ctx.lines if v.label == FURNITURE],
        provenance=ctx.provenance,
        extra=extra,
    )
