"""The closed set of zones a line can belong to (TEI's opener/closer vocabulary, GROBID-style labels)."""

from __future__ import annotations

LETTERHEAD = "letterhead"
SENDER_ADDRESS = "sender_address"
DATELINE = "dateline"
REFERENCE = "reference"
INSIDE_ADDRESS = "inside_address"
SUBJECT = "subject"
SALUTATION = "salutation"
BODY = "body"
CLOSING = "closing"
SIGNATURE = "signature"
POSTSCRIPT = "postscript"
CC = "cc"
ENCLOSURE = "enclosure"
FOOTNOTE = "footnote"
FURNITURE = "furniture"
OTHER = "other"

#: every zone, in the order a letter usually has them
ZONES: tuple[str, ...] = (
    LETTERHEAD,
    SENDER_ADDRESS,
    DATELINE,
    REFERENCE,
    INSIDE_ADDRESS,
    SUBJECT,
    SALUTATION,
    BODY,
    CLOSING,
    SIGNATURE,
    POSTSCRIPT,
    CC,
    ENCLOSURE,
    FOOTNOTE,
    FURNITURE,
    OTHER,
)
