"""Outlook messages (``.msg``, MAPI properties in an OLE2 compound file), read with ``extract-msg``.

``extract-msg`` (maintained, pure Python, on ``olefile``) gives the headers (sender, recipients,
subject, date with its time zone), the plain-text body, the HTML body and the attachments. From
there an Outlook message is handled exactly like an ``.eml`` (:mod:`letterkit.readers.mail`): the
headers become hints, the quoted and forwarded messages, the signature block and the disclaimer are
kept apart, and an attached letter under a covering note is read as the letter.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from letterkit.document import Document
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    with_deadline,
)
from letterkit.readers.doc import OLE_MAGIC
from letterkit.readers.mail import (
    ATTACHMENT_EXTENSIONS,
    COVER_NOTE_MAX_WORDS,
    Envelope,
    attachment_ext,
    html_text,
    message_document,
    read_attachment,
    split_body,
)

#: attachments an Outlook message may carry before it counts as hostile
MAX_ATTACHMENTS = 500


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).replace("\x00", " ").split())
    return text or None


def _sent(msg: Any) -> datetime | None:
    """When the message was sent, in the sender's time zone when the message says it.

    extract-msg's ``date`` is the submit time in UTC (``PR_CLIENT_SUBMIT_TIME``), which can fall on
    another day than the one the sender wrote (23:50 in New York is the next day in UTC); the
    transport headers of a received message keep the sender's ``Date:`` with its offset, as an
    ``.eml`` does, so that one is preferred."""
    header = None
    with contextlib.suppress(Exception):  # headers rebuilt from damaged properties may not parse
        header = msg.header
    raw = header.get("Date") if header is not None else None
    if raw:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            parsed = parsedate_to_datetime(str(raw))
            if parsed.tzinfo is not None:
                return parsed
    date = getattr(msg, "date", None)
    return date if isinstance(date, datetime) else None


class MsgReader(Reader):
    """Outlook .msg messages."""

    name = "msg"
    formats = ("msg",)
    extensions = ("msg",)
    priority = 55
    description = "Outlook .msg e-mail (extract-msg; handled like .eml)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if head.startswith(OLE_MAGIC) and "__substg1.0_".encode("utf-16-le") in head:
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        if not data:
            raise EmptyInput("The MSG input is empty (0 bytes).")
        if not data.startswith(OLE_MAGIC):
            raise CorruptInput("The input is not an Outlook message (no OLE2 signature).")
        import extract_msg

        logging.getLogger("extract_msg").setLevel(logging.CRITICAL)  # its warnings are ours to give
        try:
            msg = extract_msg.openMsg(data, strict=False, delayAttachments=True)
        except Exception as exc:  # olefile and extract-msg raise many kinds on damaged files
            raise CorruptInput(
                f"The Outlook message cannot be opened ({type(exc).__name__}: {exc}); it is damaged or "
                "not a .msg file."
            ) from exc
        try:
            return self._read(msg, options)
        finally:
            with contextlib.suppress(Exception):  # closing a half-read OLE file may fail; nothing is lost
                msg.close()

    def _read(self, msg: Any, options: ReadOptions) -> Document:
        date = _sent(msg)
        envelope = Envelope(
            sender=_text(getattr(msg, "sender", None)),
            to=_text(getattr(msg, "to", None)),
            cc=_text(getattr(msg, "cc", None)),
            subject=_text(getattr(msg, "subject", None)),
            date=date,
            date_text=date.strftime("%a, %d %b %Y %H:%M:%S %z") if date is not None else None,
            message_id=_text(getattr(msg, "messageId", None)),
        )
        text = getattr(msg, "body", None) or ""
        if not isinstance(text, str):
            text = ""
        text = text.replace("\x00", "")  # a string stream written with its terminating null
        if not text.strip():
            html = getattr(msg, "htmlBody", None)
            if isinstance(html, bytes):
                text = html_text(html)
        try:
            attachments = list(getattr(msg, "attachments", []) or [])
        except Exception as exc:
            raise CorruptInput(f"The Outlook message's attachments cannot be read ({exc}).") from exc
        if len(attachments) > MAX_ATTACHMENTS:
            raise LimitExceeded(
                f"The Outlook message has {len(attachments)} attachments, over {MAX_ATTACHMENTS}."
            )
        names: list[str] = []
        found: dict[str, tuple[str, bytes, str | None]] = {}
        for att in attachments:
            name = _text(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None))
            if not name:
                continue
            names.append(name)
            mimetype = _text(getattr(att, "mimetype", None))
            ext = attachment_ext(name, mimetype)
            payload = getattr(att, "data", None)
            if ext is not None and isinstance(payload, bytes):
                found.setdefault(ext, (name, payload, mimetype))
        letter = next((found[ext] for ext in ATTACHMENT_EXTENSIONS if ext in found), None)
        own_words = sum(len(line.split()) for line in split_body(text).own)
        if letter is not None and own_words <= COVER_NOTE_MAX_WORDS:
            name, payload, mimetype = letter
            return read_attachment(self.name, envelope, "msg", name, payload, mimetype, options, text.strip())
        return message_document("msg", self.name, envelope, text, "msg", names, "utf-16-le")
