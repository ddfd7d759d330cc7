"""The one pipeline that turns any reader's :class:`~letterkit.document.Document` into a :class:`Letter`.

Order matters, and is fixed:

1. furniture (page headers/footers, page numbers, web shell) and footnotes are set apart first, so
   that nothing later mistakes a repeated letterhead for an address or a footnote for a paragraph;
2. the skeleton: salutation (first greeting) and complimentary close (last closing phrase) divide
   the letter into opener, body and closer;
3. each part is read by its own module (``opener``, ``body``, ``closer``);
4. what the reader knows for certain (``Document.hints``) overrides what was guessed;
5. language, sender and letterhead are derived from the parts, and every field keeps the lines it
   came from in ``Letter.provenance``.
"""

from __future__ import annotations

from typing import Any

from letterkit.document import Document
from letterkit.heuristics import body as body_mod
from letterkit.heuristics import closer, footnotes, furniture, opener
from letterkit.heuristics import features as ft
from letterkit.heuristics.context import (
    EMAIL_HEADER,
    FURNITURE,
    LETTERHEAD,
    SALUTATION,
    TRAILER,
    Context,
    LineView,
    make_context,
)
from letterkit.heuristics.dates import find_dates, read_dateline
from letterkit.heuristics.language import detect
from letterkit.heuristics.parties import PartyDraft
from letterkit.lang import load
from letterkit.model import Letter, Letterhead, Party, Source, Span
from letterkit.readers.base import raise_if_past


def _first_prose(ctx: Context, start: int = 0) -> int | None:
    for lv in ctx.content(start):
        if lv.is_image or ft.marker(lv.text, "attribution"):
            continue  # 'Answer given by ...' introduces the letter; the opener reads it
        if ft.is_sentence(lv.text):
            return lv.pos
    return None


def _attribution_after_prose(ctx: Context, first_prose: int | None) -> LineView | None:
    """The 'Answer given by ...' line of a page that holds the question before the answer."""
    if first_prose is None:
        return None
    for lv in ctx.content(first_prose):
        if not lv.is_image and lv.new_block and ft.marker(lv.text, "attribution"):
            return lv
    return None


def _body_end_without_closing(ctx: Context, start: int) -> int:
    """Where the body stops when no complimentary close was found: at the first cc/enclosure/P.S.
    label, or before the trailing run of short non-prose lines (a signature block)."""
    views = ctx.content(start)
    for lv in views:
        if lv.new_block and lv.pos > start and closer._section_kind(lv) is not None:
            views = [v for v in views if v.pos < lv.pos]
            end = lv.pos
            break
    else:
        end = len(ctx.lines)
    k = len(views)
    while k > 0 and (views[k - 1].is_image or not ft.is_prose(views[k - 1].text)):
        k -= 1
    if 0 < k < len(views):
        trailing = views[k:]
        if ctx.web_page:
            ctx.label(trailing, TRAILER)
            return end
        return trailing[0].pos
    return end


def _email_fields(ctx: Context) -> None:
    """Date and subject from an e-mail's header block, where the letter itself gave none."""
    headers: dict[str, str] = ctx.fields.get("email_headers") or {}
    views = [v for v in ctx.lines if v.label == EMAIL_HEADER]
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


def _trailing_dateline(ctx: Context, views: list[LineView]) -> list[LineView]:
    """A dateline closing the text ('En Valdemorillo del Campo, a 3 de febrero de 2020.', as Spanish
    administrative letters and old letters have it) is the letter's date, not its last paragraph."""
    for v in reversed(views[-3:]):
        if v.is_image or not v.new_block or ft.n_words(v.text) > 14:
            continue
        dl = read_dateline(v.text)
        if dl is None or dl.is_stamp or dl.coverage < opener.DATELINE_MIN_COVERAGE:
            continue
        if "date" not in ctx.fields:
            opener.take_dateline(ctx, v, dl)
        else:
            v.label = "dateline"
        return [x for x in views if x is not v]
    return views


def _date_fallback(ctx: Context, views: list[LineView]) -> None:
    found = opener.best_dateline(views)
    if found:
        opener.take_dateline(ctx, *found)


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


def build_letter(
    doc: Document,
    sha256: str,
    filename: str | None = None,
    size: int | None = None,
    deadline: float | None = None,
    timeout: float | None = None,
) -> Letter:
    """Run the heuristics over ``doc`` and return the validated :class:`Letter`.

    ``deadline`` (a ``time.monotonic()`` value, from ``Limits.timeout``) is checked between the
    stages: each stage is linear in the text, so a document can overrun it by one stage at most.
    """

    def check(stage: str) -> None:
        raise_if_past(deadline, timeout, f"Reading the letter (heuristics, at {stage})")

    check("start")
    ctx = make_context(doc)
    furniture.mark(ctx)
    footnotes.mark(ctx)
    check("the opener")
    n = len(ctx.lines)

    salutation = opener.find_salutation(ctx, n)
    after_salutation = salutation.pos + 1 if salutation else 0
    closing = closer.find_closing(ctx, after_salutation, after_greeting=salutation is not None)
    if salutation is not None and closing is not None and closing[0].pos < salutation.pos:
        closing = None
    if salutation is not None:
        salutation.label = SALUTATION
        ctx.fields["salutation"] = salutation.text
        ctx.cite("salutation", [salutation])
        opener.read_opener(ctx, 0, salutation.pos)
        body_start = salutation.pos + 1
        if "subject" not in ctx.fields:
            # 'Dear Mr Patel,' / 'Subject: Renewal of lease': a subject line right under the salutation
            after = ctx.content(body_start, body_start + 3)
            if after and opener.take_subject(ctx, after, 0):
                body_start = max(v.pos for v in ctx.lines if v.label == "subject") + 1
            elif (
                len(after) >= 2
                and after[1].new_block
                and opener.looks_like_subject(after[0].text)
                and ft.n_words(after[0].text) <= 12
                and ft.is_sentence(after[1].text)
            ):
                # 'Dear Ms Achebe,' / 'Offer of admission' / first paragraph: a heading under the greeting
                after[0].label = "subject"
                ctx.fields["subject"] = after[0].text
                ctx.cite("subject", [after[0]])
                body_start = after[0].pos + 1
    else:
        first = _first_prose(ctx)
        attribution = _attribution_after_prose(ctx, first)
        if attribution is not None:
            # a question and its answer ('Answer given by ... on behalf of the Commission'): the
            # answer is the letter, the question before it is kept apart
            first = _first_prose(ctx, attribution.pos + 1)
        body_start = first if first is not None else n
        opener.read_opener(ctx, 0, body_start)
    check("the body")
    body_end = closing[0].pos if closing else _body_end_without_closing(ctx, body_start)
    body_views = [v for v in ctx.content(body_start, body_end)]
    body_views = _trailing_dateline(ctx, body_views)
    body_mod.build_paragraphs(ctx, body_views)
    check("the closer")
    closer.read_closer(ctx, body_end, closing)
    _email_fields(ctx)
    if "date" not in ctx.fields:
        # dated at the foot, or above a letterhead: any short line left that reads as a dateline
        _date_fallback(ctx, [v for v in ctx.lines if v.label in (None, LETTERHEAD, "signature", "preamble")])
    if not ctx.fields.get("signatories") and ctx.fields.get("attributed"):
        drafts = [d for d, _ in ctx.fields["attributed"]]
        ctx.fields["signatories"] = drafts
        for i, (_, lv) in enumerate(ctx.fields["attributed"]):
            ctx.cite(f"signatories.{i}", [lv])
    _apply_hints(ctx, doc.hints)
    check("the end")
    return _assemble(ctx, doc, sha256, filename, size)


def _letterhead(ctx: Context) -> Letterhead | None:
    lines = ctx.fields.get("letterhead_lines") or [v.text for v in ctx.lines if v.label == LETTERHEAD]
    if not lines:
        return None
    org = opener.banner_organisation(lines)
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
            p = ft.PHONE_RE.search(ft.probe(t))
            if p and not sender.phone:
                sender.phone = p.group(0)
            if ft.address_score(t) >= 2 and t not in sender.address and not first:
                sender.address.append(t)
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
    if not f.get("date"):
        warnings.append("No dateline was found.")
    extra: dict[str, Any] = dict(doc.hints.get("extra") or {})
    if f.get("signature_images"):
        extra["signature_images"] = f["signature_images"]
    if f.get("other_references"):
        extra["other_references"] = f["other_references"]
    return Letter(
        date=f.get("date"),
        date_text=f.get("date_text"),
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
