"""E-mail: ``.eml`` (RFC 5322 and MIME) and ``mbox`` files, parsed with the standard library's ``email``.

An e-mail is an envelope around a letter. Its headers are facts the reader knows for certain, so
they become hints: the date (the sender's own calendar day, with the full time and time zone in
``Letter.extra["email"]``), the sender, the recipients and copies, the subject (without ``Re:`` and
``Fwd:`` prefixes). The body is the ``text/plain`` part, else the ``text/html`` part made text by
letterkit's HTML reader. What an e-mail client wraps around the message is kept apart from it by
the reader, not by letter heuristics: a quoted earlier message (``On ... wrote:``, ``> ``-lines,
``-----Original Message-----``) and a forwarded block go to ``Letter.extra["email"]`` (nothing is
lost); the signature block after ``-- `` stays at the end of the body, where the pipeline reads a
signature; a legal disclaimer at the end is put in the ``footer`` region, which the pipeline treats
as furniture. What a mailing system adds above and below a newsletter (view-online and unsubscribe
lines, a bar of linked images) goes to ``extra["email"]["mailing"]``, and the inline-image
placeholders and link targets Outlook writes into the plain text it makes from HTML
(``[cid:image001.png]``, ``word<http://...>``) leave the text, the targets for
``extra["email"]["links"]``. The markers are language data (``lang/data/email.json``).

A letter sent as an attachment (PDF, DOCX, ODT, RTF, DOC, text) is read as the letter when the
message body is only a covering note; ``Letter.source.attachment`` then names it, and the e-mail's
headers describe only the envelope (``Letter.source.email_*``), not the letter.

An ``mbox`` holds many messages: batch mode expands it like a zip archive, one letter per message
(``archive.mbox!3``); :func:`letterkit.read_letter` on an mbox reads its first message and says so.

Hostile input: the parse is bounded by :data:`MAX_PARTS` MIME parts and :data:`MAX_DEPTH` levels of
nested multiparts (walked with an explicit stack), a header that cannot be decoded is read raw, an
unknown charset is detected like a text file's, and attachments count against ``Limits.max_bytes``.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from letterkit.document import Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, LetterkitError, LimitExceeded
from letterkit.lang.mail import markers
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)
from letterkit.readers.text import decode_text

#: MIME parts a message may have; real mail has a handful, thousands are a MIME bomb
MAX_PARTS = 1000
#: levels of nested multiparts; mail clients nest three or four
MAX_DEPTH = 40
#: attachments that may be the letter, richest layout first
ATTACHMENT_EXTENSIONS: tuple[str, ...] = ("pdf", "docx", "odt", "doc", "rtf", "txt")
#: a body of at most this many words beside a letter attachment (or above a forwarded message) is
#: a covering note ("Please find attached..."), so the attachment (the forwarded message) is the letter
COVER_NOTE_MAX_WORDS = 80
_MEDIA_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/msword": "doc",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
}

_FIELD = re.compile(rb"^([!-9;-~]{1,76}):")
#: headers only mail transport and mail clients write: one of them tells an e-mail from a typed memo
#: that happens to open with To:/From:/Date: lines
_TRANSPORT = frozenset(
    {
        b"received",
        b"message-id",
        b"mime-version",
        b"return-path",
        b"delivered-to",
        b"dkim-signature",
        b"x-mailer",
        b"content-type",
        b"content-transfer-encoding",
        b"thread-index",
        b"x-originating-ip",
        b"in-reply-to",
        b"references",
        b"authentication-results",
        b"user-agent",
        b"x-ms-has-attach",
    }
)
_ORIGINATOR = frozenset({b"from", b"date", b"sender"})


def header_block_score(head: bytes) -> bool:
    """True when ``head`` opens with an RFC 5322 header block written by mail software.

    Every line up to the first blank one must be a header field or a folded continuation, with at
    least three fields, an originator (From/Date) and one header only mail software writes.
    """
    names: set[bytes] = set()
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From ") and b":" not in lines[0][:5]:
        lines = lines[1:]  # an mbox 'From ' separator line
    complete = False
    for k, line in enumerate(lines):
        if not line.strip():
            complete = k > 0
            break
        if line[:1] in (b" ", b"\t"):
            if not names:
                return False
            continue
        m = _FIELD.match(line)
        if not m:
            return False
        names.add(m.group(1).lower())
    else:
        complete = len(head) >= 4096 and bool(names)  # the header block goes on past the sniffed head
    return complete and len(names) >= 3 and bool(names & _ORIGINATOR) and bool(names & _TRANSPORT)


def is_mbox(head: bytes) -> bool:
    """An mbox file opens with a 'From ' separator line followed by a message's headers."""
    return head.startswith(b"From ") and header_block_score(head)


_MBOX_FROM = re.compile(rb"^From \S", re.MULTILINE)


def mbox_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte spans of the messages of an mbox: each starts at a 'From ' line at the start of the file
    or after a blank line (mboxo/mboxrd; a 'From ' inside a body is escaped as '>From ')."""
    starts = [
        m.start()
        for m in _MBOX_FROM.finditer(data)
        if m.start() == 0
        or data[max(0, m.start() - 2) : m.start()] in (b"\n\n", b"\r\n")
        or data[max(0, m.start() - 3) : m.start()] == b"\n\r\n"
    ]
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(data)) for i, s in enumerate(starts)]


def mbox_message(data: bytes) -> bytes:
    """One mbox entry as an RFC 5322 message: the 'From ' line dropped, '>From ' unescaped."""
    _, _, rest = data.partition(b"\n")
    return re.sub(rb"(?m)^>(>*From )", rb"\1", rest)


# --- the body's parts ------------------------------------------------------------------------------


@dataclass(slots=True)
class BodyParts:
    """A message text split into what the sender wrote and what the mail client added around it."""

    own: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    disclaimer: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    #: what a mailing system put above and below the message (unsubscribe and view-online lines, a
    #: bar of linked images), as written
    mailing: list[str] = field(default_factory=list)
    #: the link targets taken out of the text (``word<http://...>``, as Outlook writes links in the
    #: plain-text part it makes from HTML), in order
    links: list[str] = field(default_factory=list)


def split_body(text: str) -> BodyParts:
    """Cut a plain-text message into own text, signature, disclaimer, quoted and forwarded blocks.

    The first reply header (``On ... wrote:``, ``-----Original Message-----``, an Outlook
    ``From:``/``Sent:`` pair) starts the quoted message, and everything after it belongs to it; a
    forward header starts the forwarded message likewise. ``>``-lines between the sender's own lines
    (an interleaved reply) are quoted too. ``-- `` starts the signature block. What a mailing
    system adds at the start or the end (:func:`_take_mailing`) is kept apart, and the sender's text
    loses the inline-image placeholders and link targets a mail client writes into the plain-text
    part it makes from HTML (:func:`_unlink`).
    """
    m = markers()
    parts = BodyParts()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    target = parts.own
    for k, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.strip()
        if target is parts.own or target is parts.signature:
            if m.forward.match(stripped):
                parts.forwarded.extend(lines[k + 1 :])
                break
            next_line = lines[k + 1].strip() if k + 1 < len(lines) else ""
            if m.reply.match(stripped) or (m.quoted_from.match(stripped) and m.quoted_sent.match(next_line)):
                parts.quoted.extend(lines[k:])
                break
            if stripped.startswith(">"):
                parts.quoted.append(re.sub(r"^\s*>\s?", "", line))
                continue
            if line in ("-- ", "--") and target is parts.own:
                target = parts.signature
                continue
        target.append(line)
    _take_mailing(parts)
    _take_disclaimer(parts)
    _take_mailing(parts)  # a disclaimer may stand above the unsubscribe line or below it
    parts.own = _unlink(parts.own, parts.links)
    parts.signature = _unlink(parts.signature, parts.links)
    for lst in (parts.own, parts.signature, parts.quoted, parts.forwarded, parts.mailing):
        while lst and not lst[-1].strip():
            lst.pop()
        while lst and not lst[0].strip():
            lst.pop(0)
    return parts


#: Outlook's placeholder for an inline image in the plain-text part ("[cid:image001.png]"), with the
#: link the image carried, if any
_CID = re.compile(r"[ \t]*\[cid:[^\]\s]*\](?:\s*<(?:https?|mailto|ftp):[^>\s]*>)?", re.I)
#: a link target written straight after its text ("hier<http://...>", "x@y.de<mailto:x@y.de>"); one
#: with a space before it is an address the sender wrote in angle brackets, and stays
_GLUED_LINK = re.compile(r"(?<=\S)<((?:https?|mailto|ftp):[^>\s]*)>", re.I)
_LINK = re.compile(r"<(?:https?|mailto|ftp):|\bhttps?://|\bwww\.", re.I)


def _unlink(lines: list[str], links: list[str]) -> list[str]:
    """``lines`` without inline-image placeholders and link targets glued to their text; the targets
    are added to ``links``. A line that held only placeholders is dropped; blank lines stay."""
    out: list[str] = []
    for line in lines:
        if "<" not in line and "[cid:" not in line.lower():
            out.append(line)
            continue
        new = _CID.sub(lambda m: _keep_link(m.group(0), links), line)
        new = _GLUED_LINK.sub(lambda m: _keep_link(m.group(1), links), new)
        if new.strip() or not line.strip():
            out.append(re.sub(r"[ \t]{2,}", " ", new).rstrip())
    return out


def _keep_link(found: str, links: list[str]) -> str:
    target = re.search(r"(?:https?|mailto|ftp):[^>\s]*", found, re.I)
    if target and target.group(0) not in links:
        links.append(target.group(0))
    return ""


def _is_mailing(par: list[str]) -> bool:
    """A paragraph a mailing system adds: a mailing phrase and a link, or a bar of linked images (at
    most one word beside each image placeholder: "[cid:fb.png] <http://...> Facebook")."""
    text = " ".join(par)
    if _LINK.search(text) and any(phrase in text.casefold() for phrase in markers().mailing):
        return True
    images = len(_CID.findall(text))
    return images > 0 and len(_CID.sub(" ", text).split()) <= images


def _take_mailing(parts: BodyParts) -> None:
    """Leading and trailing paragraphs a mailing system added leave the sender's text (own, or the
    signature block it ends with) for ``parts.mailing``; so does a short heading in capitals right
    above a trailing bar of images ("SOCIAL NETWORKS")."""
    pars = _paragraphs(parts.own)
    start = 0
    while start < len(pars) - 1 and _is_mailing(pars[start]):
        start += 1
    head = pars[:start]
    source = parts.signature if parts.signature else parts.own
    tail_pars = _paragraphs(source) if source is parts.signature else pars[start:]
    cut = len(tail_pars)
    while cut > 1 and _is_mailing(tail_pars[cut - 1]):
        cut -= 1
        above = tail_pars[cut - 1] if cut > 1 else None
        if above is not None and len(above) == 1 and len(above[0].split()) <= 3 and above[0].isupper():
            cut -= 1
    if not head and cut == len(tail_pars):
        return
    tail = tail_pars[cut:]
    taken = [*head, *tail]
    parts.mailing = [line for par in taken for line in [*par, ""]][:-1] + (
        ["", *parts.mailing] if parts.mailing else []
    )

    def join(ps: list[list[str]]) -> list[str]:
        return [line for par in ps for line in [*par, ""]][:-1]

    if source is parts.signature:
        parts.signature = join(tail_pars[:cut])
        parts.own = join(pars[start:])
    else:
        parts.own = join(tail_pars[:cut])


def _paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [p for p in out if p]


def _is_disclaimer(par: list[str]) -> bool:
    text = " ".join(par).casefold()
    return any(phrase in text for phrase in markers().disclaimer)


def _take_disclaimer(parts: BodyParts) -> None:
    """Trailing paragraphs that read as a legal disclaimer leave the text they end (own or signature)."""
    for source in (parts.signature, parts.own):
        pars = _paragraphs(source)
        cut = len(pars)
        while cut > 1 and _is_disclaimer(pars[cut - 1]):
            cut -= 1
        if source is parts.signature and cut == 1 and pars and _is_disclaimer(pars[0]):
            cut = 0
        if cut < len(pars):
            taken = [line for par in pars[cut:] for line in [*par, ""]]
            parts.disclaimer = [*taken[:-1], *(["", *parts.disclaimer] if parts.disclaimer else [])]
            kept = [line for par in pars[:cut] for line in [*par, ""]]
            source[:] = kept[:-1]
        if source is parts.signature and parts.signature:
            break  # a disclaimer under the signature never reaches back into the own text


# --- headers ---------------------------------------------------------------------------------------


def header_text(msg: Message, name: str) -> str | None:
    """A header decoded (encoded words, any charset), or its raw text when it is malformed."""
    try:
        value = msg.get(name)
    except Exception:  # the policy's parser refuses some malformed headers outright
        # the header as stored, past the policy (get_all() would parse it again, and fail again: a
        # From header cut off after '"Ava Oneil" <' raised IndexError in the standard library)
        wanted = name.lower()
        value = next((raw for key, raw in msg.raw_items() if key.lower() == wanted), None)
    if value is None:
        return None
    text = str(value)
    if "=?" in text:
        with contextlib.suppress(Exception):  # a broken encoded word stays as written
            text = str(make_header(decode_header(text)))
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def parties(value: str | None) -> list[dict[str, str]]:
    """'Anna Berg <anna@example.org>, marc@example.com' as Party dicts (name and e-mail)."""
    if not value:
        return []
    out: list[dict[str, str]] = []
    for name, address in getaddresses([value]):
        name = name.strip().strip('"').strip()
        address = address.strip()
        if "@" not in address:
            if not name and address:
                name, address = address, ""
            else:
                address = ""
        party = {k: v for k, v in (("name", name), ("email", address)) if v}
        if party and party not in out:
            out.append(party)
    return out


def email_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def clean_subject(subject: str | None) -> str | None:
    if not subject:
        return None
    return markers().subject_prefix.sub("", subject).strip() or None


@dataclass(slots=True)
class Envelope:
    """What an e-mail's headers say, format-neutral: an .eml and an Outlook .msg give the same."""

    sender: str | None = None
    to: str | None = None
    cc: str | None = None
    subject: str | None = None
    date_text: str | None = None
    date: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None

    def metadata(self, container: str) -> dict[str, Any]:
        """The headers as ``Letter.source`` metadata (scalars only)."""
        meta: dict[str, Any] = {"container": container}
        for key, value in (
            ("email_from", self.sender),
            ("email_to", self.to),
            ("email_cc", self.cc),
            ("email_date", self.date_text),
            ("email_subject", self.subject),
            ("email_message_id", self.message_id),
        ):
            if value:
                meta[key] = value
        return meta

    def hints(self) -> dict[str, Any]:
        """The facts the headers state: date, sender, recipients, copies and subject."""
        hints: dict[str, Any] = {}
        if self.date is not None:
            hints["date"] = self.date.date().isoformat()
            hints["date_text"] = self.date_text
        subject = clean_subject(self.subject)
        if subject:
            hints["subject"] = subject
        sender = parties(self.sender)
        if sender:
            hints["sender"] = sender[0]
        for key, value in (("recipients", self.to), ("cc", self.cc)):
            found = parties(value)
            if found:
                hints[key] = found
        return hints

    def extra(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": self.sender,
            "to": self.to,
            "cc": self.cc,
            "subject": self.subject,
            "date": self.date.isoformat() if self.date is not None else self.date_text,
            "message_id": self.message_id,
            "in_reply_to": self.in_reply_to,
        }
        return {k: v for k, v in out.items() if v}


def envelope_of(msg: Message) -> Envelope:
    date_text = header_text(msg, "Date")
    return Envelope(
        sender=header_text(msg, "From") or header_text(msg, "Sender"),
        to=header_text(msg, "To"),
        cc=header_text(msg, "Cc"),
        subject=header_text(msg, "Subject"),
        date_text=date_text,
        date=email_date(date_text),
        message_id=header_text(msg, "Message-ID"),
        in_reply_to=header_text(msg, "In-Reply-To"),
    )


_FWD_FIELD = re.compile(r"^\*?([A-Za-zÀ-ÿ' -]{2,20})\s?:\*?\s*(.*)$")


def forwarded_envelope(lines: list[str]) -> tuple[Envelope, list[str]]:
    """The header lines at the top of a forwarded block (From:, Date:, Subject:, To:) and the rest."""
    m = markers()
    env = Envelope()
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    while k < len(lines) and lines[k].strip():
        fm = _FWD_FIELD.match(lines[k].strip())
        if not fm:
            break
        label, value = fm.group(1).strip().casefold(), fm.group(2).strip()
        if m.quoted_from.match(lines[k].strip()):
            env.sender = value
        elif m.quoted_sent.match(lines[k].strip()):
            env.date_text, env.date = value, email_date(value)
        elif label in ("subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "assunto", "temat"):
            env.subject = value
        elif label in ("to", "an", "à", "a", "para", "aan", "do"):
            env.to = value
        elif label in ("cc", "kopie", "copie"):
            env.cc = value
        k += 1
    return env, lines[k:]


# --- building the Document -------------------------------------------------------------------------


def _emit(b: DocumentBuilder, lines: list[str], region: str) -> None:
    for par in _paragraphs(lines):
        b.add_block(
            [re.sub(r"[ \t]+", " ", line.replace("\u00a0", " ")).strip() for line in par], region=region
        )


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def message_document(
    fmt: str,
    reader: str,
    envelope: Envelope,
    text: str,
    container: str,
    attachments: list[str],
    encoding: str | None = None,
) -> Document:
    """The Document of a message whose body (``text``) is the letter, or whose forwarded message is.

    Shared by the .eml/mbox and the Outlook .msg readers: after the headers are read, a message is a
    message whatever file it came in.
    """
    parts = split_body(text)
    extra = envelope.extra()
    hints = envelope.hints()
    own, signature = parts.own, parts.signature
    if parts.forwarded and _words(own) + _words(signature) <= COVER_NOTE_MAX_WORDS:
        # 'FYI, see below' above a forwarded letter: the forwarded message is the letter
        inner, body = forwarded_envelope(parts.forwarded)
        inner_parts = split_body("\n".join(body))
        if _words(inner_parts.own) > _words(own) + _words(signature):
            extra["cover_note"] = "\n".join([*own, *signature]).strip()
            extra["forwarded_by"] = envelope.sender
            extra["forwarded_headers"] = inner.extra()
            hints = inner.hints()
            own, signature = inner_parts.own, inner_parts.signature
            parts.disclaimer = [
                *inner_parts.disclaimer,
                *([""] if inner_parts.disclaimer else []),
                *parts.disclaimer,
            ]
            parts.quoted = inner_parts.quoted
            parts.forwarded = []
            extra["letter_in"] = "forwarded message"
    if parts.quoted:
        extra["quoted"] = "\n".join(parts.quoted).strip()
    if parts.forwarded:
        extra["forwarded"] = "\n".join(parts.forwarded).strip()
    if signature:
        extra["signature_block"] = "\n".join(signature).strip()
    if parts.disclaimer:
        extra["disclaimer"] = "\n".join(parts.disclaimer).strip()
    if parts.mailing:
        extra["mailing"] = "\n".join(parts.mailing).strip()
    if parts.links:
        extra["links"] = parts.links
    if attachments:
        extra["attachments"] = attachments
    b = DocumentBuilder(format=fmt, reader=reader)
    _emit(b, own, "body")
    _emit(b, signature, "body")
    _emit(b, parts.disclaimer, "footer")
    b.metadata.update(envelope.metadata(container))
    if envelope.subject:
        b.metadata["title"] = envelope.subject
    if encoding:
        b.metadata["encoding"] = encoding
    b.hints.update(hints)
    b.hints["extra"] = {"email": extra}
    doc = b.build()
    if not any(line.text.strip() for line in doc.lines()):
        raise EmptyInput(
            "The e-mail has no text of its own (no body, only quoted or forwarded text or a disclaimer) "
            "and no letter attachment."
        )
    return doc


def html_text(html: str | bytes, charset: str | None = None) -> str:
    """An HTML body as plain text with blank lines between blocks, by letterkit's HTML reader (so a
    quoted ``<blockquote>`` or an Outlook header block reads the same as in a text body)."""
    from letterkit.readers.html import Linearizer, parse_html

    data = html.encode("utf-8") if isinstance(html, str) else html
    try:
        root, _, _ = parse_html(data, StreamInfo(charset="utf-8" if isinstance(html, str) else charset))
    except LetterkitError:
        return ""
    body = root.find("body")
    blocks = Linearizer().blocks(root if body is None else body)
    out: list[str] = []
    for block in blocks:
        prefix = (
            "> "
            if block.el.tag == "blockquote" or any(a.tag == "blockquote" for a in block.el.iterancestors())
            else ""
        )
        out.extend(prefix + line.text for line in block.lines)
        out.append("")
    return "\n".join(out).strip()


def read_attachment(
    reader_name: str,
    envelope: Envelope,
    container: str,
    filename: str,
    data: bytes,
    mimetype: str | None,
    options: ReadOptions,
    cover_note: str,
) -> Document:
    """An attached letter read by letterkit's reader for its format; the e-mail becomes its envelope."""
    from letterkit.readers.registry import extension_of, rank_readers, read_with_fallback

    if len(data) > options.limits.max_bytes:
        raise LimitExceeded(
            f"The attachment {filename} has {len(data)} bytes, over the limit of "
            f"{options.limits.max_bytes}; raise Limits.max_bytes to read it."
        )
    if not data:
        raise EmptyInput(f"The attachment {filename} is empty (0 bytes).")
    ext = extension_of(filename) or _MEDIA_EXTENSIONS.get(mimetype or "")
    info = StreamInfo(filename=filename, extension=ext, mimetype=mimetype)
    readers = [r for r in rank_readers(data, info) if r.name not in ("email", "msg", "eml")]
    document = read_with_fallback(readers, data, info, options)
    meta = envelope.metadata(container)
    document.metadata.update(meta)
    document.metadata["attachment"] = filename
    document.metadata["attachment_reader"] = document.reader
    document.metadata["letter_in"] = "attachment"
    document.reader = f"{reader_name}+{document.reader}"
    extra = dict(document.hints.get("extra") or {})
    extra["email"] = {**envelope.extra(), "cover_note": cover_note, "attachment": filename}
    document.hints["extra"] = extra
    return document


def attachment_ext(filename: str | None, mimetype: str | None) -> str | None:
    from letterkit.readers.registry import extension_of

    ext = extension_of(filename)
    if ext in ATTACHMENT_EXTENSIONS:
        return ext
    return _MEDIA_EXTENSIONS.get(mimetype or "")


# --- the reader ------------------------------------------------------------------------------------


def _walk(msg: Message, options: ReadOptions) -> Iterator[Message]:
    """Every part, depth first with an explicit stack, within MAX_PARTS and MAX_DEPTH."""
    stack: list[tuple[Message, int]] = [(msg, 0)]
    count = 0
    while stack:
        part, depth = stack.pop()
        count += 1
        if count > MAX_PARTS:
            raise LimitExceeded(
                f"The e-mail has more than {MAX_PARTS} MIME parts (a MIME bomb, or a mail archive saved as "
                "one message); split it, or read it as an mbox."
            )
        if depth > MAX_DEPTH:
            raise LimitExceeded(
                f"The e-mail nests multiparts more than {MAX_DEPTH} levels deep, which no mail client "
                "writes; it is damaged or hostile."
            )
        if count % 100 == 0:
            check_deadline(options, "Reading the e-mail")
        yield part
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in reversed(payload) if isinstance(child, Message))


def _part_text(part: Message) -> tuple[str, str | None]:
    """A text part's content decoded: its declared charset, else detected like a text file's."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", None
    declared = part.get_content_charset()
    try:
        return payload.decode(declared or "ascii"), declared or "ascii"
    except (LookupError, UnicodeDecodeError, ValueError):  # ValueError: a charset name with a NUL in it
        pass
    try:
        return decode_text(payload, None)
    except CorruptInput:
        return payload.decode("utf-8", errors="replace"), "utf-8"


class EmailReader(Reader):
    """E-mails: .eml files (MIME, any charset) and mbox archives (one letter per message)."""

    name = "email"
    formats = ("eml", "email", "mbox")
    extensions = ("eml", "mbox", "mbx", "mail")
    priority = 60
    description = (
        "E-mail .eml and mbox (headers as hints; quoted, forwarded, signature, disclaimer kept apart)"
    )

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if header_block_score(head.lstrip(b"\r\n")):
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        if not data.strip():
            raise EmptyInput("The e-mail input is empty.")
        warnings: list[str] = []
        container = "eml"
        if data.startswith(b"From ") or info.extension in ("mbox", "mbx"):
            spans = mbox_spans(data)
            if spans:
                container = "mbox"
                if len(spans) > 1:
                    warnings.append(
                        f"The mbox holds {len(spans)} messages; only the first was read. read_letters "
                        "(and `letterkit batch`) read each message as a letter of its own."
                    )
                data = mbox_message(data[spans[0][0] : spans[0][1]])
        try:
            msg = email.message_from_bytes(data, policy=email.policy.default)
        except RecursionError as exc:
            raise LimitExceeded("The e-mail nests MIME parts too deeply to parse; it is hostile.") from exc
        except Exception as exc:
            raise CorruptInput(f"The e-mail cannot be parsed ({type(exc).__name__}: {exc}).") from exc
        if not msg.keys():
            raise CorruptInput(
                f"{info.filename or 'The input'} has no e-mail headers; it is not an e-mail. "
                "Pass format=... to read it as another format."
            )
        envelope = envelope_of(msg)
        plain: Message | None = None
        html: Message | None = None
        attachments: list[Message] = []
        for part in _walk(msg, options):
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            disposition = (part.get_content_disposition() or "").lower()
            filename = _filename(part)
            if disposition == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
                attachments.append(part)
            elif ctype == "text/plain" and plain is None:
                plain = part
            elif ctype == "text/html" and html is None:
                html = part
            elif ctype == "message/rfc822" or filename:
                attachments.append(part)
        encoding: str | None = None
        text = ""
        if plain is not None:
            text, encoding = _part_text(plain)
        if not text.strip() and html is not None:
            payload = html.get_payload(decode=True)
            if isinstance(payload, bytes):
                text = html_text(payload, html.get_content_charset())
                encoding = html.get_content_charset()
        names = [n for n in (_filename(a) for a in attachments) if n]
        letter = self._letter_attachment(attachments, options)
        if letter is not None:
            body_words = _words(split_body(text).own)
            if body_words <= COVER_NOTE_MAX_WORDS:
                payload = letter.get_payload(decode=True)
                doc = read_attachment(
                    self.name,
                    envelope,
                    container,
                    _filename(letter) or "attachment",
                    payload if isinstance(payload, bytes) else b"",
                    letter.get_content_type(),
                    options,
                    text.strip(),
                )
                doc.warnings.extend(warnings)
                return doc
        doc = message_document("eml", self.name, envelope, text, container, names, encoding)
        doc.warnings.extend(warnings)
        if msg.defects:
            doc.warnings.append(
                "The e-mail is malformed ("
                + "; ".join(sorted({type(d).__name__ for d in msg.defects}))
                + "); what could be parsed was read."
            )
        return doc

    @staticmethod
    def _letter_attachment(attachments: list[Message], options: ReadOptions) -> Message | None:
        found: dict[str, Message] = {}
        for att in attachments:
            if att.get_content_maintype() == "text" and (att.get_content_disposition() or "") != "attachment":
                continue  # an inline text part (an antivirus notice, a footer) is no attached letter
            ext = attachment_ext(_filename(att), att.get_content_type())
            if ext is not None:
                found.setdefault(ext, att)
        return next((found[ext] for ext in ATTACHMENT_EXTENSIONS if ext in found), None)


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # a malformed Content-Disposition
        return None
    return str(name) if name else None


__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "COVER_NOTE_MAX_WORDS",
    "EmailReader",
    "Envelope",
    "message_document",
    "split_body",
]
