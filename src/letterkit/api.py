"""Reading one letter: :func:`read_letter` (many at once: :func:`letterkit.batch.read_letters`).

Inputs of every kind (path, bytes, binary file object) become bytes plus a
:class:`~letterkit.readers.base.StreamInfo`; the registry picks a reader; the reader builds a
:class:`~letterkit.document.Document`; the shared pipeline turns it into a :class:`~letterkit.model.Letter`.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from letterkit.core.limits import Limits
from letterkit.document import Document
from letterkit.errors import (
    EmptyInput,
    InputNotFound,
    LetterkitError,
    LimitExceeded,
    UnsupportedFormat,
)
from letterkit.inputs import Input, special_file_kind
from letterkit.logs import get_logger
from letterkit.model import Letter
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.registry import check_options, extension_of, rank_readers, read_with_fallback

log = get_logger(__name__)

#: the keyword arguments of :func:`read_document`; :func:`read_letter` takes ``model`` too, and
#: :func:`read_letters` passes these (and reader options) on, with ``isolate``. Any other keyword
#: must be a reader option (:attr:`~letterkit.readers.base.Reader.options`), or it is a TypeError.
DOCUMENT_OPTIONS = ("format", "password", "ocr", "ocr_languages", "pdf_backend", "limits", "filename")
LETTER_OPTIONS = (*DOCUMENT_OPTIONS, "model")
BATCH_OPTIONS = (*LETTER_OPTIONS, "isolate")

def _load(source: Input, limits: Limits) -> tuple[bytes, StreamInfo]:
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


def read_letter(
    source: Input,
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
    source: Input,
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
    source: Input,
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
