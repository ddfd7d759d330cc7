"""Character tables every reader and the pipeline share: superscript digits, ligatures, byte-order marks, the
right-to-left scripts.

Readers write a footnote's number as superscript digits ('¹²') whatever their source says (a DOCX
``vertAlign``, a PDF run raised above the line, an HTML ``<sup>``), and the pipeline reads them back as
numbers; OCR and PDF text holds typographic ligatures ('ﬁ') that no word list matches; text and HTML
files may start with a byte-order mark. Each table is written once here, so that what one reader writes
another part reads the same way.
"""

from __future__ import annotations

import codecs

#: the superscript digits 0-9
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: ``str.translate`` tables between ASCII digits and superscript digits
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

#: typographic ligatures spelled out ('ﬁ' -> 'fi')
LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

#: the scripts written right to left (ISO 15924 codes): the PDF reader reads such a line's alignment in
#: the mirror, the line features read its indent from the right margin, the generator lays it out from
#: there
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})
#: an alignment as the mirror shows it ("left" is "right" there; centre and justify stay)
MIRRORED_ALIGN = {"left": "right", "right": "left"}

#: byte-order marks and their encodings; UTF-32 first, since the UTF-32-LE mark starts with UTF-16-LE's
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    """``data`` without its byte-order mark, and the encoding the mark names (None without one)."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data[len(bom) :], enc
    return data, None
