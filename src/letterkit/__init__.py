"""letterkit: read letters from text, PDF, DOCX and web pages into one validated :class:`Letter`.

>>> from letterkit import read_letter
>>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Anna,\\n\\nThank you.\\n\\nYours,\\n\\nMarc")
>>> letter.date, letter.salutation, letter.closing
('2006-07-03', 'Dear Anna,', 'Yours,')
"""

from letterkit.api import read_letter, read_letters
from letterkit.batch import BatchResult, ErrorRecord
from letterkit.errors import (
    CorruptInput,
    EmptyInput,
    EncryptedInput,
    InputNotFound,
    LetterkitError,
    LimitExceeded,
    OCRUnavailable,
    ReaderError,
    UnsupportedFormat,
)
from letterkit.model import Letter, Letterhead, Party, Source, Span
from letterkit.readers.base import Limits

__version__ = "0.1.0"

__all__ = [
    "BatchResult",
    "CorruptInput",
    "EmptyInput",
    "EncryptedInput",
    "ErrorRecord",
    "InputNotFound",
    "Letter",
    "Letterhead",
    "LetterkitError",
    "LimitExceeded",
    "Limits",
    "OCRUnavailable",
    "Party",
    "ReaderError",
    "Source",
    "Span",
    "UnsupportedFormat",
    "__version__",
    "read_letter",
    "read_letters",
]
