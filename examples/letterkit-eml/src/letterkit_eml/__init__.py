"""letterkit-eml: a letterkit reader for e-mails (``.eml``) whose body or attachment is a letter.

A reader translates a format into letterkit's neutral :class:`~letterkit.document.Document` and
nothing more: it never decides what a salutation or a signature is (the shared heuristics do). What
an e-mail adds is certainty about a few facts: its ``Date:``, ``Subject:`` and ``From:`` headers say
when, about what and by whom, so the reader passes them as *hints* (``Document.hints``), which the
pipeline takes as given and records with ``origin="reader"`` in ``Letter.provenance``.

Two cases:

* the body is the letter: the ``text/plain`` part (else ``text/html`` reduced to text) is split into
  blocks at blank lines and lines at newlines with :class:`~letterkit.document.DocumentBuilder`;
* an attachment is the letter (the body is only a covering note): the attached ``.txt``, ``.docx`` or
  ``.pdf`` is handed to letterkit's own reader for its format
  (:func:`letterkit.readers.registry.choose_reader`), and the headers describe only the envelope, so
  they go to ``Letter.source`` (``email_from``, ``email_subject``...), not into the letter's fields.

Registered in this package's ``pyproject.toml``::

    [project.entry-points."letterkit.readers"]
    eml = "letterkit_eml:EmlReader"
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from letterkit.document import Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded
from letterkit.readers.base import (
    CONTENT_MATCH,
    EXTENSION_MATCH,
    NO_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
)
from letterkit.readers.registry import choose_reader, extension_of

__version__ = "0.1.0"

__all__ = ["ATTACHMENT_EXTENSIONS", "COVER_NOTE_MAX_WORDS", "EmlReader", "html_to_text"]

#: attachments that may be the letter, in order of preference (the richest layout first)
ATTACHMENT_EXTENSIONS: tuple[str, ...] = ("pdf", "docx", "txt")
#: a body of at most this many words next to a letter attachment is a covering note ("Please find
#: attached..."), so the attachment is the letter
COVER_NOTE_MAX_WORDS = 80

#: header names that only e-mails start with; two of them in the first lines make an e-mail
_HEADER_RE = re.compile(
    rb"^(from|to|cc|subject|date|message-id|mime-version|received|return-path|content-type|"
    rb"reply-to|x-[a-z0-9-]+):[ \t]",
    re.IGNORECASE | re.MULTILINE,
)
#: media types of the attachments above, for mailers that send no file name
_MEDIA_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_BLOCK_TAGS = ("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table")


def html_to_text(html: str) -> str:
    """An HTML body as plain text: paragraphs and ``<div>`` become blank-line-separated blocks.

    >>> html_to_text("<p>Dear Anna,</p><p>Thank you.<br>Marc</p>")
    'Dear Anna,\\n\\nThank you.\\nMarc'
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class EmlReader(Reader):
    """E-mails (RFC 5322 / MIME ``.eml`` files) whose body or attached file is a letter.

    Options (keyword arguments of ``read_letter``, passed through ``ReadOptions.extra``):
    ``eml_part="auto"`` (default: the attachment when the body is a covering note), ``"body"`` or
    ``"attachment"``.
    """

    name = "eml"
    formats = ("eml",)
    extensions = ("eml",)
    # above letterkit's generic text reader, which would otherwise read the headers as a letter
    priority = 20
    description = "E-mails (.eml) whose body or attached .txt/.docx/.pdf is a letter (plugin example)"
    #: declared, so that read_letter(..., eml_part=...) is accepted (an undeclared option is a TypeError)
    options = ("eml_part",)

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        """Content first: a header block that mail software wrote opens the file.

        To:/From:/Date: lines alone do not make an e-mail: typed memos open with them too. Only a
        header only mail software writes (Received, Message-ID, MIME-Version...) among the headers
        at the very top proves it; without one, only the extension counts.
        """
        found = set()
        for line in head[:4096].replace(b"\r\n", b"\n").split(b"\n"):
            if not line.strip():
                break
            m = _HEADER_RE.match(line)
            if m:
                found.add(m.group(1).lower())
            elif not line[:1].isspace():
                found = set()
                break
        transport = {b"message-id", b"mime-version", b"received", b"return-path", b"content-type"}
        if len(found) >= 2 and (found & {b"from", b"date"}) and (found & transport):
            return CONTENT_MATCH
        if info.extension in self.extensions:
            return EXTENSION_MATCH
        return NO_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        """The letter in the e-mail: its attachment (read by letterkit's reader for it) or its body."""
        message = email.message_from_bytes(data, policy=email.policy.default)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise CorruptInput(
                f"{info.filename or 'The input'} has no e-mail headers; is it really an .eml file? "
                "Pass format=... to read it as another format."
            )
        part = options.extra.get("eml_part", "auto")
        if part not in ("auto", "body", "attachment"):
            raise ValueError("eml_part must be 'auto', 'body' or 'attachment'")
        body = self._body_text(message)
        attachment = self._letter_attachment(message) if part != "body" else None
        if part == "attachment" and attachment is None:
            raise EmptyInput(
                f"{info.filename or 'The e-mail'} has no .pdf, .docx or .txt attachment; "
                "read it with eml_part='body' instead."
            )
        if attachment is not None and (part == "attachment" or len(body.split()) <= COVER_NOTE_MAX_WORDS):
            return self._read_attachment(message, attachment, options)
        if not body.strip():
            raise EmptyInput(f"{info.filename or 'The e-mail'} has no text body and no letter attachment.")
        return self._read_body(message, body)

    # --- the body ------------------------------------------------------------------------------------

    @staticmethod
    def _body_text(message: EmailMessage) -> str:
        """The plain-text body, else the HTML body as text, else ''."""
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        try:
            content = part.get_content()
        except (LookupError, ValueError):  # an unknown charset: decode what we can
            payload = part.get_payload(decode=True) or b""
            content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
        if not isinstance(content, str):
            return ""
        if part.get_content_subtype() == "html":
            return html_to_text(content)
        return content.replace("\r\n", "\n").replace("\r", "\n")

    def _read_body(self, message: EmailMessage, body: str) -> Document:
        builder = DocumentBuilder(format="eml", reader=self.name)
        for block in re.split(r"\n[ \t]*\n", body.strip("\n")):
            lines = [line.rstrip() for line in block.split("\n")]
            if any(lines):
                builder.add_block(lines)
        builder.metadata.update(_envelope(message))
        builder.hints.update(_header_hints(message))
        return builder.build()

    # --- an attachment -------------------------------------------------------------------------------

    @staticmethod
    def _letter_attachment(message: EmailMessage) -> EmailMessage | None:
        """The attachment most likely to be the letter (PDF over DOCX over text), or None."""
        found: dict[str, EmailMessage] = {}
        for att in message.iter_attachments():
            ext = extension_of(att.get_filename()) or _MEDIA_EXTENSIONS.get(att.get_content_type())
            if ext in ATTACHMENT_EXTENSIONS and isinstance(att, EmailMessage):
                found.setdefault(ext, att)
        return next((found[ext] for ext in ATTACHMENT_EXTENSIONS if ext in found), None)

    def _read_attachment(self, message: EmailMessage, att: EmailMessage, options: ReadOptions) -> Document:
        filename = att.get_filename() or "attachment"
        content = att.get_content()
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        if len(data) > options.limits.max_bytes:
            raise LimitExceeded(
                f"The attachment {filename} has {len(data)} bytes, over the limit of "
                f"{options.limits.max_bytes}; raise Limits.max_bytes to read it."
            )
        if not data:
            raise EmptyInput(f"The attachment {filename} is empty (0 bytes).")
        ext = extension_of(filename) or _MEDIA_EXTENSIONS.get(att.get_content_type())
        inner_info = StreamInfo(filename=filename, extension=ext, mimetype=att.get_content_type())
        reader = choose_reader(data, inner_info)
        document = reader.read(data, inner_info, options)
        # the letter is the attachment: its own format stays; the e-mail is recorded as its envelope
        envelope = _envelope(message)
        envelope.pop("title", None)  # the attached document's own title (PDF/DOCX metadata) stays
        document.metadata.update(envelope)
        document.metadata["attachment"] = filename
        document.metadata["attachment_reader"] = reader.name
        document.reader = f"{self.name}+{reader.name}"
        return document


def _envelope(message: EmailMessage) -> dict[str, Any]:
    """The headers as ``Letter.source`` metadata (scalars only: Source keeps str/int/float/bool)."""
    meta: dict[str, Any] = {"container": "eml"}
    for key, header in (("email_from", "From"), ("email_to", "To"), ("email_cc", "Cc"),
                        ("email_date", "Date"), ("email_subject", "Subject"),
                        ("email_message_id", "Message-ID")):
        value = message.get(header)
        if value:
            meta[key] = str(value)
    if message.get("Subject"):
        meta["title"] = str(message["Subject"])
    return meta


def _header_hints(message: EmailMessage) -> dict[str, Any]:
    """What the headers know for certain: the date, the subject and the sender."""
    hints: dict[str, Any] = {}
    date_header = message.get("Date")
    when = getattr(date_header, "datetime", None)
    if when is not None:
        hints["date"] = when.date().isoformat()
        hints["date_text"] = str(date_header)
    subject = str(message.get("Subject") or "").strip()
    if subject:
        hints["subject"] = subject
    sender = message.get("From")
    if sender:
        name, address = parseaddr(str(sender))
        party = {k: v for k, v in (("name", name.strip() or None), ("email", address or None)) if v}
        if party:
            hints["sender"] = party
    # recipients are left to the heuristics (the letter's inside address is richer than To:); the
    # To:/Cc: headers are kept in Letter.source by _envelope
    return hints
