"""JSON Lines: one letter (or batch error record) per line.

JSONL is the batch format because it streams: a writer never holds more than one letter, a reader can
start before the writer has finished, and one bad input costs one line, not the file. Each letter line
is exactly the contract's ``Letter.model_dump(mode="json")``, plus an ``"input"`` key when the input is
known; each error line is ``{"input", "error", "code", "message"}`` as batch mode produces it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pydantic

from letterkit.core.results import ErrorRecord
from letterkit.errors import CorruptInput
from letterkit.export._items import Item, error_from_mapping, is_error_mapping, normalize
from letterkit.model import Letter

# Line separators that JSON leaves raw with ensure_ascii=False but that str.splitlines() and some JSONL
# tools treat as line breaks; escaping them keeps "one object per line" true for every consumer.
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))


def record_of(item: Any) -> dict[str, Any]:
    """The JSON object written for one item (see :func:`letterkit.export._items.normalize`)."""
    label, value = normalize(item)
    if isinstance(value, ErrorRecord):
        return value.model_dump()
    record: dict[str, Any] = {"input": label} if label is not None else {}
    record.update(value.model_dump(mode="json"))
    return record


def dumps_line(record: dict[str, Any]) -> str:
    """One JSONL line (with its newline): UTF-8 text kept readable, Unicode line breaks escaped."""
    line = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS:
        if raw in line:  # rare: a scan for each is much faster than str.translate on every line
            line = line.replace(raw, escaped)
    return line + "\n"


def write_jsonl(letters_or_records: Iterable[Item], fp: IO[str]) -> int:
    """Write one JSON object per line to the text stream ``fp``; return the number of lines written.

    Accepts Letters, ``(input, Letter)`` pairs, BatchResults and error records, in any mix, and
    consumes the iterable lazily so that a batch of any size streams through in constant memory.
    Each line is flushed as written so that a long batch can be followed (``tail -f``) and a crash
    loses at most the letter being written.

    >>> import io
    >>> from letterkit import read_letter
    >>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...                      b"Yours sincerely,\\n\\nMarc Dubois")
    >>> out = io.StringIO()
    >>> write_jsonl([("dubois-berg.txt", letter)], out)
    1
    >>> out.getvalue()[:50]
    '{"input": "dubois-berg.txt", "date": "2006-07-03",'
    """
    count = 0
    for item in letters_or_records:
        fp.write(dumps_line(record_of(item)))
        fp.flush()
        count += 1
    return count


def iter_jsonl(fp: IO[str]) -> Iterator[tuple[str | None, Letter | ErrorRecord]]:
    """Read back what :func:`write_jsonl` wrote: ``(input or None, Letter or ErrorRecord)`` per line.

    The pairs are exactly what ``write_jsonl`` accepts, so a file can be filtered and rewritten.
    Blank lines are skipped. A line that is not JSON, or not a valid letter, raises
    :class:`~letterkit.errors.CorruptInput` naming the line, because silently dropping a letter would
    make a batch look complete when it is not.

    >>> import io
    >>> lines = io.StringIO('{"input": "x.pdf", "error": "CorruptInput", "code": "corrupt-input", '
    ...                     '"message": "x.pdf is damaged."}\\n')
    >>> [(label, type(item).__name__, item.code) for label, item in iter_jsonl(lines)]
    [('x.pdf', 'ErrorRecord', 'corrupt-input')]
    """
    for number, line in enumerate(fp, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorruptInput(f"line {number} of the JSONL input is not valid JSON ({exc.msg}).") from exc
        if not isinstance(record, dict):
            raise CorruptInput(
                f"line {number} of the JSONL input is a JSON {type(record).__name__}, not an object."
            )
        if is_error_mapping(record):
            error = error_from_mapping(record)
            yield error.input or None, error
            continue
        label = record.pop("input", None)
        try:
            letter = Letter.model_validate(record)
        except pydantic.ValidationError as exc:
            raise CorruptInput(
                f"line {number} of the JSONL input is not a valid letter: {exc.errors()[0]['msg']} "
                f"at {'.'.join(str(p) for p in exc.errors()[0]['loc'])}."
            ) from exc
        yield (str(label) if label is not None else None), letter
