"""The reader interface: small on purpose (after markitdown's converters).

A reader has a name, the format names it produces, the file extensions it knows, a cheap
:meth:`Reader.sniff` that scores how sure it is that it can read some bytes, and :meth:`Reader.read`
that turns the bytes into a :class:`~letterkit.document.Document`. A reader never decides what a
salutation or a signature is; it may pass *hints* it knows for certain (see
:data:`letterkit.document.HINT_KEYS`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from letterkit.document import Document

#: sniff scores: content proves the format; only the extension suggests it; a generic fallback
CONTENT_MATCH = 1.0
EXTENSION_MATCH = 0.5
FALLBACK_MATCH = 0.1
NO_MATCH = 0.0


@dataclass(frozen=True, slots=True)
class StreamInfo:
    """What is known about the input besides its bytes."""

    filename: str | None = None
    extension: str | None = None  # lower case, no dot; of "x.scan.pdf" only "pdf"
    mimetype: str | None = None
    charset: str | None = None
    local_path: str | None = None


@dataclass(slots=True)
class Limits:
    """Safety limits; exceeding one raises :class:`letterkit.errors.LimitExceeded`."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_decompressed_bytes: int = 500 * 1024 * 1024
    timeout: float | None = 120.0  # seconds per document, enforced in batch mode and by readers that loop


@dataclass(slots=True)
class ReadOptions:
    """Options every reader receives; a reader uses those that apply to its format."""

    password: str | None = None
    ocr: str = "auto"  # "auto" | "always" | "never"
    ocr_languages: tuple[str, ...] | None = None  # ISO 639-1/2 codes; None = sensible default
    pdf_backend: str = "pdfium"  # "pdfium" (fast) | "pdfplumber" (more detail)
    limits: Limits = field(default_factory=Limits)
    #: options for third-party readers, passed through untouched
    extra: dict[str, Any] = field(default_factory=dict)


class Reader(ABC):
    """Base class of all readers. Subclasses set the class attributes and implement two methods."""

    #: unique name, shown in ``letterkit formats`` and recorded in ``Letter.source.reader``
    name: ClassVar[str] = ""
    #: format names this reader produces (``format=`` may name any of them)
    formats: ClassVar[tuple[str, ...]] = ()
    #: file extensions (lower case, no dot) it knows
    extensions: ClassVar[tuple[str, ...]] = ()
    #: among equal sniff scores, the higher priority wins (specific formats above generic ones)
    priority: ClassVar[int] = 0
    #: one line for ``letterkit formats``
    description: ClassVar[str] = ""

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        """How sure this reader is that it can read the input, from its first bytes and its name.

        The default knows only extensions; override to look at content (magic bytes, markup).
        """
        if info.extension and info.extension in self.extensions:
            return EXTENSION_MATCH
        return NO_MATCH

    @abstractmethod
    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        """Turn the bytes into a Document, or raise a :class:`letterkit.errors.LetterkitError`."""
