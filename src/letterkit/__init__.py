"""letterkit: read letters from text, PDF, DOCX and web pages into one validated :class:`Letter`.

The public surface is small: :func:`read_letter` for one letter, :func:`read_letters` for many,
the :class:`Letter` model and its parts, :class:`Limits`, and the :class:`LetterkitError` family.

>>> from letterkit import read_letter
>>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
...                      b"Yours sincerely,\\n\\nMarc Dubois")
>>> letter.date, letter.place, letter.salutation, letter.closing
('2006-07-03', 'Paris', 'Dear Ms Berg,', 'Yours sincerely,')
>>> letter.signatories[0].name, letter.body
('Marc Dubois', ['Thank you for your letter.'])
"""

from letterkit.api import read_letter
from letterkit.batch import read_letters
from letterkit.core.limits import Limits
from letterkit.core.results import BatchResult, ErrorRecord
from letterkit.errors import (
    CorruptInput,
    EmptyInput,
    EncryptedInput,
    InputNotFound,
    LetterkitError,
    LimitExceeded,
    MissingDependency,
    OCRUnavailable,
    OutputError,
    ReaderError,
    UnsupportedFormat,
)
from letterkit.model import Letter, Letterhead, Party, Source, Span

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
    "MissingDependency",
    "OCRUnavailable",
    "OutputError",
    "Party",
    "ReaderError",
    "Source",
    "Span",
    "UnsupportedFormat",
    "__version__",
    "read_letter",
    "read_letters",
]
