"""The reader interface: small on purpose (after markitdown's converters).

A reader has a name, the format names it produces, the file extensions it knows, a cheap
:meth:`Reader.sniff` that scores how sure it is that it can read some bytes, and :meth:`Reader.read`
that turns the bytes into a :class:`~letterkit.document.Document`. A reader never decides what a
salutation or a signature is; it may pass *hints* it knows for certain (see
:data:`letterkit.document.HINT_KEYS`).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from letterkit.core.limits import Limits, raise_if_past
from letterkit.document import Document

__all__ = [
    "CONTENT_MATCH",
    "EXTENSION_MATCH",
    "FALLBACK_MATCH",
    "NO_MATCH",
    "Limits",  # defined in the base layer (letterkit.core.limits); readers take it from here
    "ReadOptions",
    "Reader",
    "StreamInfo",
    "check_deadline",
    "raise_if_past",
    "with_deadline",
]

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
class ReadOptions:
    """Options every reader receives; a reader uses those that apply to its format."""

    password: str | None = None
    ocr: str = "auto"  # "auto" | "always" | "never"
    ocr_languages: tuple[str, ...] | None = None  # ISO 639 codes forcing the packs; None = per page
    pdf_backend: str = "pdfium"  # "pdfium" (fast) | "pdfplumber" (more detail)
    limits: Limits = field(default_factory=Limits)
    #: the options readers declare in :attr:`Reader.options` (``ocr_dpi``, a plugin's own...), passed
    #: through untouched once :func:`letterkit.read_letter` has checked that some reader declares them
    extra: dict[str, Any] = field(default_factory=dict)
    #: ``time.monotonic()`` value after which reading must stop with LimitExceeded; set by
    #: :func:`letterkit.read_letter` from ``limits.timeout`` (see :func:`with_deadline`)
    deadline: float | None = None


def with_deadline(options: ReadOptions) -> ReadOptions:
    """``options`` with a deadline: its own, or ``limits.timeout`` from now. Readers call it first, so
    that they keep to the time limit also when called directly, without :func:`letterkit.read_letter`."""
    if options.deadline is not None or options.limits.timeout is None:
        return options
    return replace(options, deadline=time.monotonic() + options.limits.timeout)


def check_deadline(options: ReadOptions, what: str = "Reading the document") -> None:
    """Stop with :class:`LimitExceeded` once ``options.deadline`` has passed; cheap enough to call
    once per page, part or few hundred elements. A cooperative check, not a signal: it works in any
    thread and never kills the process, which is why readers that loop call it."""
    raise_if_past(options.deadline, options.limits.timeout, what)


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
    #: the keyword options of its own this reader takes from :attr:`ReadOptions.extra` (``read_letter(
    #: ..., ocr_dpi=400)``). Declared, so that :func:`letterkit.read_letter` can refuse a keyword that
    #: no installed reader takes (a misspelt ``ocr_langauges``) with a TypeError instead of ignoring it.
    options: ClassVar[tuple[str, ...]] = ()

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
