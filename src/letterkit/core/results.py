"""What batch mode yields, one per input: a :class:`BatchResult` holding a letter or an
:class:`ErrorRecord`. Here, in the base layer, because the batch engine, the Dask functions, the
conversion and every export handle them, and none of those should have to import another for a type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from letterkit.logs import Message

#: what a batch result holds when it succeeds: a Letter for read_letters
T = TypeVar("T")


@dataclass(slots=True)
class ErrorRecord:
    """What batch mode yields for an input that could not be read: never nothing.

    ``error`` is the exception's class name and ``code`` its :attr:`~letterkit.errors.LetterkitError.code`,
    so records can be counted by kind; a document past its ``timeout`` is ``LimitExceeded``, a worker
    that died ``WorkerCrashed``/``"worker-crashed"``, a bug ``"internal-error"``. ``message`` says what
    happened and what to do.

    >>> from letterkit import read_letters
    >>> [result] = read_letters(["missing.pdf"])
    >>> result.ok, result.error.model_dump()
    (False, {'input': 'missing.pdf', 'error': 'InputNotFound', 'code': 'input-not-found',
             'message': 'missing.pdf does not exist; check the path.'})
    """

    input: str
    error: str  # the error class name
    code: str
    message: str

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The record as the plain dict written to ``errors.jsonl`` (named like pydantic's method,
        so code can dump letters and error records alike)."""
        return {"input": self.input, "error": self.error, "code": self.code, "message": self.message}


@dataclass(slots=True)
class BatchResult(Generic[T]):
    """One input's outcome in batch mode: a letter or an error record.

    ``input`` labels the input (its path, ``archive.zip!member``, URL, or ``<bytes N>``), ``index`` is
    its position among the expanded inputs (results of a worker pool come in the order they finish).

    >>> from letterkit import read_letters
    >>> [result] = read_letters([b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter."])
    >>> result.ok, result.input, result.index, result.letter.date, result.error
    (True, '<bytes 0>', 0, '2006-07-03', None)

    Generic in what it holds: :func:`letterkit.read_letters` yields ``BatchResult[Letter]``.
    """

    input: str
    letter: T | None = None
    error: ErrorRecord | None = None
    #: position of the input in the expanded input sequence
    index: int = -1
    #: seconds spent on this input
    seconds: float = 0.0
    #: what the worker logged or warned while reading it, ``(level, logger, text)``: logged again in
    #: the parent (:func:`letterkit.logs.replay`) before the result is yielded
    messages: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the input became a letter (``letter`` is set and ``error`` is None)."""
        return self.letter is not None

    def unwrap(self) -> T:
        """The letter; for a failed input, a ValueError with its error record's message (for code
        that has already checked :attr:`ok`, and for type checkers, which then know it is a Letter)."""
        if self.letter is None:
            why = self.error.message if self.error else "no result"
            raise ValueError(f"{self.input} has no letter: {why}")
        return self.letter
