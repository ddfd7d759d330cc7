"""The public entry points: :func:`read_letter` and :func:`read_letters`.

Inputs of every kind (path, bytes, binary file object) become bytes plus a
:class:`~letterkit.readers.base.StreamInfo`; the registry picks a reader; the reader builds a
:class:`~letterkit.document.Document`; the shared pipeline turns it into a :class:`~letterkit.model.Letter`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from letterkit.core.limits import Limits
from letterkit.core.results import BatchResult
from letterkit.document import Document
from letterkit.errors import (
    CorruptInput,
    EmptyInput,
    InputNotFound,
    LetterkitError,
    LimitExceeded,
    ReaderError,
    UnsupportedFormat,
)
from letterkit.logs import get_logger
from letterkit.model import Letter
from letterkit.readers.base import Reader, ReadOptions, StreamInfo
from letterkit.readers.registry import check_options, extension_of, rank_readers

log = get_logger(__name__)

#: the keyword arguments of :func:`read_document`; :func:`read_letter` takes ``model`` too, and
#: :func:`read_letters` passes these (and reader options) on, with ``isolate``. Any other keyword
#: must be a reader option (:attr:`~letterkit.readers.base.Reader.options`), or it is a TypeError.
DOCUMENT_OPTIONS = ("format", "password", "ocr", "ocr_languages", "pdf_backend", "limits", "filename")
LETTER_OPTIONS = (*DOCUMENT_OPTIONS, "model")
BATCH_OPTIONS = (*LETTER_OPTIONS, "isolate")

Source = str | os.PathLike | bytes | bytearray | memoryview | IO[bytes]


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO", "a device"...), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


def _load(source: Source, limits: Limits) -> tuple[bytes, StreamInfo]:
    """Bytes and what is known of them, for any accepted kind of input."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > limits.max_bytes:
            raise LimitExceeded(
                f"The input has {len(data)} bytes, over the limit of {limits.max_bytes}; "
                "raise Limits.max_bytes to read it."
            )
        return data, StreamInfo()
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.fspath(source))
        try:
            if path.is_dir():
                raise InputNotFound(
                    f"{path} is a directory; read_letter reads one file (use read_letters for folders)."
                )
            st = path.stat()
            kind = special_file_kind(st.st_mode)
            if kind is not None:  # never opened: a FIFO blocks for ever, a device never ends
                raise UnsupportedFormat(
                    f"{path} is {kind}, not a regular file; letterkit reads regular files only."
                )
            size = st.st_size
            if size > limits.max_bytes:
                raise LimitExceeded(
                    f"{path} has {size} bytes, over the limit of {limits.max_bytes}; "
                    "raise Limits.max_bytes to read it."
                )
            with path.open("rb") as fh:  # at most the limit, whatever the size said (a growing file)
                data = fh.read(limits.max_bytes + 1)
            if len(data) > limits.max_bytes:
                raise LimitExceeded(
                    f"{path} has more than {limits.max_bytes} bytes; raise Limits.max_bytes to read it."
                )
        except FileNotFoundError as exc:
            raise InputNotFound(f"{path} does not exist; check the path.") from exc
        except PermissionError as exc:
            raise InputNotFound(
                f"{path} cannot be read: permission denied; check the file's permissions."
            ) from exc
        except IsADirectoryError as exc:
            raise InputNotFound(f"{path} is a directory; read_letter reads one file.") from exc
        except OSError as exc:
            if isinstance(exc, LetterkitError):
                raise
            raise InputNotFound(f"{path} cannot be read ({exc.strerror or exc}).") from exc
        return data, StreamInfo(filename=path.name, extension=extension_of(path.name), local_path=str(path))
    read = getattr(source, "read", None)
    if callable(read):
        data = read(limits.max_bytes + 1)
        if isinstance(data, str):
            raise TypeError("read_letter needs a binary file object (open(path, 'rb')), not a text one")
        if len(data) > limits.max_bytes:
            raise LimitExceeded(
                f"The stream has more than {limits.max_bytes} bytes; raise Limits.max_bytes to read it."
            )
        name = getattr(source, "name", None)
        name = os.path.basename(name) if isinstance(name, str) else None
        return bytes(data), StreamInfo(filename=name, extension=extension_of(name))
    raise TypeError(f"read_letter takes a path, bytes or a binary file object, not {type(source).__name__}")


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


def read_letter(
    source: Source,
    *,
    format: str | None = None,
    password: str | None = None,
    ocr: str = "auto",
    ocr_languages: Iterable[str] | str | None = "auto",
    pdf_backend: str = "pdfium",
    limits: Limits | None = None,
    filename: str | None = None,
    model: str | None = None,
    **reader_options: Any,
) -> Letter:
    """Read one letter from a path, bytes or a binary file object.

    ``format`` forces a reader (``"pdf"``, ``"docx"``, ``"txt"``...); by default the reader is chosen
    from the content, then the extension. ``filename`` names bytes or a stream that has no name.
    Raises a :class:`~letterkit.errors.LetterkitError` subclass for every foreseeable failure.

    The other options: ``password`` opens an encrypted PDF; ``ocr`` is ``"auto"`` (OCR pages without
    text), ``"always"`` or ``"never"``; ``ocr_languages`` is ``"auto"`` (each scanned page's script,
    orientation and language are detected and Tesseract's packs chosen for it) or ISO 639 codes that
    force the packs (``["en", "fr"]``);
    ``pdf_backend`` is ``"pdfium"`` (fast) or ``"pdfplumber"`` (more layout detail);
    ``limits`` bounds size, pages and time (:class:`~letterkit.readers.base.Limits`). Further keyword
    arguments are the options readers declare (:attr:`~letterkit.readers.base.Reader.options`:
    ``ocr_dpi``, ``doc_converter``, a plugin's own) and reach them in ``ReadOptions.extra``; a keyword
    that no installed reader declares is a ``TypeError``, as for any Python function. ``model`` is the
    path of a zone model trained with ``letterkit train`` (default: the built-in one).

    >>> text = (b"Brussels, 29 June 2016\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...         b"Yours sincerely,\\n\\nTunne Kelam")
    >>> letter = read_letter(text, filename="kelam.txt")
    >>> letter.date, letter.signatories[0].name, letter.source.format, letter.source.filename
    ('2016-06-29', 'Tunne Kelam', 'txt', 'kelam.txt')
    >>> read_letter("no/such/letter.pdf")
    Traceback (most recent call last):
    ...
    letterkit.errors.InputNotFound: no/such/letter.pdf does not exist; check the path.
    >>> read_letter(text, ocr_langauges=["fr"])
    Traceback (most recent call last):
    ...
    TypeError: read_letter() got an unexpected keyword argument 'ocr_langauges'; did you mean ...
    """
    check_options(reader_options, LETTER_OPTIONS, "read_letter")
    document, data, info, deadline, limits = _read(
        source, format=format, password=password, ocr=ocr, ocr_languages=ocr_languages,
        pdf_backend=pdf_backend, limits=limits, filename=filename, reader_options=reader_options,
    )
    from letterkit.heuristics.pipeline import build_letter

    sha = hashlib.sha256(data).hexdigest()
    return build_letter(document, sha256=sha, filename=info.filename, size=len(data), deadline=deadline,
                        timeout=limits.timeout, model=model)


def read_document(
    source: Source,
    *,
    format: str | None = None,
    password: str | None = None,
    ocr: str = "auto",
    ocr_languages: Iterable[str] | str | None = "auto",
    pdf_backend: str = "pdfium",
    limits: Limits | None = None,
    filename: str | None = None,
    **reader_options: Any,
) -> Document:
    """The format-neutral :class:`~letterkit.document.Document` a reader makes of the input, before any
    zone is decided: pages, blocks and lines with their layout cues (for training, review and tests).
    Takes the same options as :func:`read_letter` (but ``model``)."""
    check_options(reader_options, DOCUMENT_OPTIONS, "read_document")
    return _read(
        source, format=format, password=password, ocr=ocr, ocr_languages=ocr_languages,
        pdf_backend=pdf_backend, limits=limits, filename=filename, reader_options=reader_options,
    )[0]


def _read(
    source: Source,
    *,
    format: str | None,
    password: str | None,
    ocr: str,
    ocr_languages: Iterable[str] | str | None,
    pdf_backend: str,
    limits: Limits | None,
    filename: str | None,
    reader_options: dict[str, Any],
) -> tuple[Document, bytes, StreamInfo, float | None, Limits]:
    if ocr not in ("auto", "always", "never"):
        raise ValueError("ocr must be 'auto', 'always' or 'never'")
    limits = limits or Limits()
    # the clock starts before loading: a slow network file system counts against the time limit too
    deadline = time.monotonic() + limits.timeout if limits.timeout is not None else None
    data, info = _load(source, limits)
    if filename:
        info = StreamInfo(filename=filename, extension=extension_of(filename), local_path=info.local_path)
    if not data:
        raise EmptyInput(f"{info.filename or 'The input'} is empty (0 bytes): there is nothing to read.")
    readers = rank_readers(data, info, format)
    options = ReadOptions(
        password=password,
        ocr=ocr,
        ocr_languages=_ocr_languages(ocr_languages),
        pdf_backend=pdf_backend,
        limits=limits,
        extra=reader_options,
        deadline=deadline,
    )
    document = read_with_fallback(readers, data, info, options)
    return document, data, info, deadline, limits


def _ocr_languages(requested: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """``ocr_languages`` for the readers: None (chosen per page) for "auto" or nothing, else a tuple; a
    string is one code or several joined by "+" ("ces+eng"), never its letters one by one."""
    if requested is None or (isinstance(requested, str) and requested.strip().lower() in ("", "auto")):
        return None
    if isinstance(requested, str):
        return (requested,)
    return tuple(requested) or None


def read_letters(
    inputs: Iterable[Source],
    workers: int = 1,
    timeout: float | None = None,
    memory_limit: int | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    **options: Any,
) -> Iterator[BatchResult[Letter]]:
    """Read many letters; yield exactly one :class:`BatchResult` per input, whatever happens.

    ``inputs`` are paths, folders (walked recursively; ``include``/``exclude`` glob patterns filter
    their files), zip archives of letters, fsspec URLs (``s3://bucket/letters/*.pdf``, with fsspec
    installed), bytes or binary file objects. Every input is read in a worker process (``workers``
    of them), so that a document that crashes its reader, hangs or eats memory costs one error record
    and a fresh worker, never the batch: ``timeout`` (seconds per document) defaults to a little over
    the reading time limit, ``memory_limit`` (bytes per worker, 0 for none) to a share of the machine's
    memory; ``isolate=False`` reads in this process instead. Results come in the order they finish
    (see ``BatchResult.index`` for the input order). Other keyword arguments go to :func:`read_letter`,
    and are checked here, before any input is read: a misspelt one is a ``TypeError`` at once.

    >>> letter = (b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...           b"Yours sincerely,\\n\\nMarc Dubois")
    >>> for result in read_letters([letter, "missing.txt"]):
    ...     print(result.index, result.ok, result.letter.date if result.ok else result.error.code)
    0 True 2006-07-03
    1 False input-not-found
    """
    from letterkit.batch import run_batch

    check_options(options, BATCH_OPTIONS, "read_letters")
    return run_batch(
        inputs,
        workers=workers,
        timeout=timeout,
        memory_limit=memory_limit,
        include=include,
        exclude=exclude,
        **options,
    )
