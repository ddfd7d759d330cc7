"""Finding readers (entry points) and choosing one for an input (content first, extension second).

Readers are discovered through the entry-point group ``letterkit.readers``: each entry point names a
:class:`~letterkit.readers.base.Reader` subclass. letterkit's own readers are registered the same way
in its ``pyproject.toml``; :data:`BUILTIN_READERS` only stands in when letterkit runs from a source tree
that was never installed. A plugin that fails to load is reported as a warning, never a crash.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.metadata import entry_points

from letterkit.document import Document
from letterkit.errors import (
    CorruptInput,
    EmptyInput,
    LetterkitError,
    LimitExceeded,
    ReaderError,
    UnsupportedFormat,
)
from letterkit.logs import get_logger
from letterkit.readers.base import FALLBACK_MATCH, Reader, ReadOptions, StreamInfo

log = get_logger(__name__)

ENTRY_POINT_GROUP = "letterkit.readers"

#: letterkit's own readers, as ``module:Class``; mirrored in pyproject.toml's entry points
BUILTIN_READERS: tuple[str, ...] = (
    "letterkit.readers.text:TextReader",
    "letterkit.readers.pdf:PdfReader",
    "letterkit.readers.image:ImageReader",
    "letterkit.readers.docx:DocxReader",
    "letterkit.readers.html:HtmlReader",
    "letterkit.readers.europarl:EuroparlReader",
    "letterkit.readers.mail:EmailReader",
    "letterkit.readers.msg:MsgReader",
    "letterkit.readers.odt:OdtReader",
    "letterkit.readers.rtf:RtfReader",
    "letterkit.readers.doc:DocReader",
    "letterkit.readers.hocr:HocrReader",
    "letterkit.readers.alto:AltoReader",
    "letterkit.readers.pagexml:PageXmlReader",
)

#: how many leading bytes ``sniff`` sees
HEAD_BYTES = 8192


def _load(spec: str) -> type[Reader]:
    module, _, attr = spec.partition(":")
    obj = getattr(importlib.import_module(module), attr)
    if not (isinstance(obj, type) and issubclass(obj, Reader)):
        raise TypeError(f"{spec} is not a letterkit Reader subclass")
    return obj


@lru_cache(maxsize=1)
def available_readers() -> tuple[Reader, ...]:
    """All readers, built-in and plugins, highest priority first.

    Cached: call ``refresh()`` after installing or removing a plugin.
    """
    found: dict[str, Reader] = {}
    tried: set[str] = set()
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        tried.add(ep.value)
        try:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, Reader)):
                raise TypeError("entry point does not name a letterkit Reader subclass")
            reader = cls()
        except Exception as exc:  # a broken plugin must not break letterkit
            log.warning("reader plugin %r (%s) failed to load: %s", ep.name, ep.value, exc)
            continue
        found.setdefault(reader.name or ep.name, reader)
    for spec in BUILTIN_READERS:
        if spec in tried:  # already loaded (or already reported as broken) through its entry point
            continue
        try:
            reader = _load(spec)()
        except ImportError as exc:
            log.warning("built-in reader %s unavailable: %s", spec, exc)
            continue
        found.setdefault(reader.name, reader)
    return tuple(sorted(found.values(), key=lambda r: -r.priority))


def refresh() -> None:
    """Forget the cached reader list (after installing or removing a plugin at run time)."""
    available_readers.cache_clear()


def reader_options() -> dict[str, list[str]]:
    """Every reader option (:attr:`Reader.options`) of the installed readers, with the readers that
    declare it."""
    found: dict[str, list[str]] = {}
    for reader in available_readers():
        for name in reader.options:
            found.setdefault(name, []).append(reader.name)
    return found


def check_options(given: Iterable[str], common: Iterable[str], function: str) -> None:
    """Raise TypeError, as Python does for a function's unknown keyword, for each name in ``given``
    that is neither one of ``common`` (the function's own keywords) nor a declared reader option:
    a misspelt option must fail loudly, not be read as a third-party reader's and ignored."""
    given = list(given)
    if not given:
        return  # the common call: nothing to check, and the installed readers' options not gathered
    declared = reader_options()
    known = sorted({*common, *declared})
    for name in given:
        if name in declared or name in common:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        extras = ", ".join(f"{o} ({'/'.join(r)} reader)" for o, r in sorted(declared.items()))
        raise TypeError(
            f"{function}() got an unexpected keyword argument {name!r}{hint} "
            f"(reader options installed: {extras or 'none'})"
        )


def extension_of(filename: str | None) -> str | None:
    if not filename or "." not in filename.rsplit("/", 1)[-1]:
        return None
    return filename.rsplit(".", 1)[-1].lower()


def rank_readers(data: bytes, info: StreamInfo, format: str | None = None) -> list[Reader]:
    """Every reader that claims ``data``, best first: the order :func:`letterkit.read_letter` tries.

    With ``format``, only the reader it names (a reader's own name first, then a format name or an
    extension it knows: ``format="eml"`` picks a plugin named ``eml`` over a built-in reader that also
    produces ``.eml``). Otherwise readers are ordered by sniff score, ties by priority; readers that
    score below ``FALLBACK_MATCH`` are left out. Content beats extension: a reader that recognises the
    bytes scores above one that only knows the file name.
    """
    readers = available_readers()
    if format:
        wanted = format.lower().lstrip(".")
        for reader in readers:
            if wanted == reader.name:
                return [reader]
        for reader in readers:
            if wanted in reader.formats or wanted in reader.extensions:
                return [reader]
        names = ", ".join(sorted({f for r in readers for f in (*r.formats, r.name)}))
        raise UnsupportedFormat(f"No reader for format {format!r}. Installed formats: {names}.")
    head = data[:HEAD_BYTES]
    scored: list[tuple[float, int, Reader]] = []
    for order, reader in enumerate(readers):  # already in priority order
        try:
            score = reader.sniff(head, info)
        except Exception as exc:
            log.warning("reader %r failed to sniff %s: %s", reader.name, info.filename or "the input", exc)
            continue
        if score >= FALLBACK_MATCH:
            scored.append((score, order, reader))
    if not scored:
        what = info.filename or "the input"
        raise UnsupportedFormat(
            f"No installed reader recognises {what} (extension {info.extension or 'none'}). "
            "Pass format=... to force one, or see `letterkit formats` for what is installed."
        )
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [reader for _, _, reader in scored]


def choose_reader(data: bytes, info: StreamInfo, format: str | None = None) -> Reader:
    """The reader for ``data``: ``format``'s if given, else the best sniff score (:func:`rank_readers`)."""
    return rank_readers(data, info, format)[0]


# --- reading with the readers that claim an input -------------------------------------------------


#: failures after which the next reader that claims the input is tried: the reader found the content
#: was not its format after all (or broke on it). Encrypted files, missing OCR and exceeded limits are
#: answers about the file itself, which another reader would only give again.
FALLBACK_ERRORS = (CorruptInput, UnsupportedFormat, ReaderError)


def _builtin(reader: Reader) -> bool:
    return type(reader).__module__.startswith("letterkit.")


def _read_once(reader: Reader, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
    """One reader's attempt, with every unforeseen exception turned into a LetterkitError."""
    try:
        return reader.read(data, info, options)
    except LetterkitError:
        raise
    except RecursionError as exc:
        raise ReaderError(
            f"The {reader.name} reader gave up on deeply nested input ({info.filename or 'input'})."
        ) from exc
    except MemoryError as exc:
        raise LimitExceeded(
            f"Reading {info.filename or 'the input'} ran out of memory; it is too large to read."
        ) from exc
    except Exception as exc:
        raise ReaderError(
            f"The {reader.name} reader failed on {info.filename or 'the input'}: "
            f"{type(exc).__name__}: {exc}. "
            "The file may be damaged; please report it if it opens elsewhere."
        ) from exc


def read_with_fallback(
    readers: Sequence[Reader], data: bytes, info: StreamInfo, options: ReadOptions
) -> Document:
    """The Document of the first reader in ``readers`` (best first) that reads ``data``.

    A reader that refuses the content (:data:`FALLBACK_ERRORS`) hands it to the next one, so a plugin
    that claims too much (an e-mail reader sniffing a memo with ``To:`` and ``From:`` lines) can never
    make a file unreadable that letterkit's own readers read. When every reader refuses, the error is
    the first reader's kind, its message names each reader tried and why it refused, and
    ``error.failed_attempts`` holds ``(reader name, exception)`` pairs (after markitdown's
    ``failed_attempts``). Other errors (encrypted, limits, OCR missing, hostile input) from one of
    letterkit's own readers stop at once (from a plugin they are one more refusal), and so does an
    EmptyInput from one of letterkit's own readers: it recognised its format and found
    no text, and reading the same bytes as plain text would only make a letter of file syntax.
    """
    attempts: list[tuple[str, LetterkitError]] = []
    for reader in readers:
        try:
            document = _read_once(reader, data, info, options)
        except LetterkitError as exc:
            if not isinstance(exc, FALLBACK_ERRORS) and _builtin(reader):
                raise  # letterkit's own verdict (encrypted, too large, hostile) on its own format
            # a plugin's refusal of any kind hands the input on: a plugin that claims too much and then
            # declares a limit exceeded (or anything else) must not make a readable file unreadable
            if isinstance(exc, EmptyInput) and _builtin(reader):
                # letterkit's own reader recognised its format and found no text in it: that is the
                # answer (a blank PDF), not a reason to read the file's bytes as plain text
                if not attempts:
                    raise
                attempts.append((reader.name, exc))
                break
            attempts.append((reader.name, exc))
            continue
        log.debug("%s read by the %s reader", info.filename or "input", reader.name)
        if attempts:
            log.info("%s: read by the %s reader after %d refused it", info.filename or "input",
                     reader.name, len(attempts))
            document.warnings.append(
                "Read by the " + reader.name + " reader after "
                + "; ".join(f"the {name} reader refused it ({type(e).__name__}: {e})" for name, e in attempts)
            )
        return document
    first = attempts[0][1]
    if len(attempts) == 1:
        first.failed_attempts = attempts
        raise first
    what = info.filename or "The input"
    tried = " ".join(f"[{name}] {type(e).__name__}: {e}" for name, e in attempts)
    combined = type(first)(
        f"{what} could not be read by any of the {len(attempts)} readers that claim it. {tried}"
    )
    combined.failed_attempts = attempts
    raise combined from first
