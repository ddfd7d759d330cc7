"""The kinds of item every exporter accepts, reduced to one shape.

Batch mode yields :class:`~letterkit.batch.BatchResult` objects, library users hold plain ``Letter``
objects, and the CLI knows each letter's input path: rather than make every writer handle each case,
:func:`normalize` turns all of them into ``(input or None, Letter or ErrorRecord)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from letterkit.core.results import BatchResult, ErrorRecord
from letterkit.model import Letter

#: what the writers accept: a Letter, (input, Letter | ErrorRecord | exception), BatchResult,
#: ErrorRecord, or an error record as a mapping {"input", "error", "code", "message"}
Item = (
    Letter
    | BatchResult
    | ErrorRecord
    | tuple[str | None, Letter | ErrorRecord | BaseException]
    | Mapping[str, Any]
)

ERROR_KEYS = ("input", "error", "code", "message")


def error_from_mapping(record: Mapping[str, Any]) -> ErrorRecord:
    """An :class:`ErrorRecord` from its JSON form (missing keys become empty strings)."""
    return ErrorRecord(*(str(record.get(key) or "") for key in ERROR_KEYS))


def is_error_mapping(record: Mapping[str, Any]) -> bool:
    """True for ``{"input", "error", "code", "message"}``-style dicts, which are not letters."""
    return "error" in record and "source" not in record


def normalize(item: Any) -> tuple[str | None, Letter | ErrorRecord]:
    """``(input, Letter | ErrorRecord)`` for any accepted item; ``TypeError`` for anything else.

    A TypeError (not a LetterkitError) because a wrong item is a programming error, not bad input.
    """
    if isinstance(item, Letter):
        return None, item
    if isinstance(item, BatchResult):
        if item.letter is not None:
            return item.input, item.letter
        if item.error is not None:
            return item.input, item.error
        raise TypeError(f"BatchResult for {item.input!r} has neither a letter nor an error")
    if isinstance(item, ErrorRecord):
        return item.input, item
    if isinstance(item, tuple) and len(item) == 2:
        label, value = item
        if label is not None and not isinstance(label, str):
            label = str(label)
        if isinstance(value, (Letter, ErrorRecord)):
            return label, value
        if isinstance(value, BaseException):
            code = getattr(value, "code", "internal-error")
            record = ErrorRecord(label or "", type(value).__name__, str(code), str(value))
            return label, record
    if isinstance(item, Mapping) and is_error_mapping(item):
        record = error_from_mapping(item)
        return record.input or None, record
    raise TypeError(
        "expected a Letter, an (input, Letter) pair, a BatchResult or an ErrorRecord, "
        f"not {type(item).__name__}"
    )
