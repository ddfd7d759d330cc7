"""The exceptions letterkit raises.

Every failure that bad input can cause surfaces as a subclass of :class:`LetterkitError`, so that
callers (and batch mode) can catch one type and still tell the cases apart. Each message says what
happened *and* what the user can do about it; the original exception, when there is one, is chained
with ``raise ... from`` so nothing is hidden from a debugger.
"""

from __future__ import annotations


class LetterkitError(Exception):
    """Base class of every error letterkit raises on purpose."""

    #: a short machine-friendly name, used in batch error records
    code = "error"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        #: when several readers claimed the input and each refused it: (reader name, its error), in
        #: the order they were tried (see :func:`letterkit.readers.registry.read_with_fallback`)
        self.failed_attempts: list[tuple[str, LetterkitError]] = []


class InputNotFound(LetterkitError):
    """The path does not exist, is a directory, or cannot be read."""

    code = "input-not-found"


class UnsupportedFormat(LetterkitError):
    """No installed reader accepts the input."""

    code = "unsupported-format"


class CorruptInput(LetterkitError):
    """The input claims a format but its content is broken or empty."""

    code = "corrupt-input"


class EmptyInput(CorruptInput):
    """The input holds no bytes, or no text at all."""

    code = "empty-input"


class HostileInput(LetterkitError):
    """The input carries a construct that only an attack uses (XML entity declarations: XXE or entity
    expansion). Not a :class:`CorruptInput`: no other reader is tried on it."""

    code = "hostile-input"


class EncryptedInput(LetterkitError):
    """The document is encrypted and no (or a wrong) password was given."""

    code = "encrypted"


class OCRUnavailable(LetterkitError):
    """The input needs OCR but Tesseract is not installed or OCR was disabled."""

    code = "ocr-unavailable"


class LimitExceeded(LetterkitError):
    """The input exceeds a configured safety limit (bytes, pages, time...)."""

    code = "limit-exceeded"


class ToolMissing(LetterkitError):
    """Reading the format needs an external program (antiword, LibreOffice) that is not installed."""

    code = "tool-missing"


class OutputError(LetterkitError):
    """``letterkit convert`` cannot write its output folder (full, read-only, removed), or another run
    holds it; what was converted is kept and ``--resume`` goes on from there."""

    code = "output-error"


class ReaderError(LetterkitError):
    """A reader plugin failed in a way it did not foresee; the original error is chained."""

    code = "reader-error"


class MissingDependency(LetterkitError, ImportError):
    """A feature needs an optional package that is not installed; the message names the extra that
    installs it (``pip install 'letterkit[parquet]'``). Also an :class:`ImportError`, so code that
    guarded the import the usual way keeps working."""

    code = "missing-dependency"

    def __init__(self, feature: str, package: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'letterkit[{extra}]' "
            f"(or pip install {package})."
        )
        self.package = package
        self.extra = extra
