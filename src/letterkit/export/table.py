"""Flat tables: one row per letter, for spreadsheets, pandas, DuckDB and the like.

A letter is a tree (parties with addresses, a list of paragraphs...); a table needs scalars. The
columns below keep what people sort and filter by (dates, places, who wrote to whom) and reduce the
rest to counts, so the row stays one line in a spreadsheet. The full letter is in the JSONL export.
Lists of names are joined with ``"; "`` because names themselves contain commas.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from typing import IO, Any

from letterkit.core import __version__
from letterkit.core.results import ErrorRecord
from letterkit.export._items import Item, normalize
from letterkit.model import Letter, Party

#: the columns of :func:`letter_row`, in order
COLUMNS: tuple[str, ...] = (
    "input",
    "filename",
    "format",
    "date",
    "date_text",
    "date_edtf",
    "date_certainty",
    "place",
    "language",
    "reference",
    "subject",
    "sender_name",
    "sender_organisation",
    "recipients",
    "recipient_organisations",
    "signatories",
    "signatory_roles",
    "cc",
    "salutation",
    "closing",
    "paragraphs",
    "words",
    "footnotes",
    "enclosures",
    "has_postscript",
    "pages",
    "ocr",
    "sha256",
    "warnings",
)

#: the extra columns :func:`write_csv` adds with ``include_errors=True``
ERROR_COLUMNS: tuple[str, ...] = ("error", "code", "message")

_SEP = "; "


def _join(values: Iterable[str | None]) -> str | None:
    """Non-empty values joined with "; ", or None when there are none (an empty cell, not "")."""
    kept = [v.strip() for v in values if v and v.strip()]
    return _SEP.join(kept) if kept else None


def _cc_label(party: Party) -> str | None:
    # cc lines often name only an office or a body, and the table has no separate cc organisation
    # column, so fall back to what is known rather than lose the copy recipient.
    return party.name or party.organisation or party.role


def letter_row(letter: Letter, input: str | None = None) -> dict[str, Any]:
    """One flat row (a dict in :data:`COLUMNS` order) for ``letter``; ``input`` names where it came from.

    Text columns are ``None`` when unknown; counts are ints; ``has_postscript`` and ``ocr`` are bools.

    >>> from letterkit import read_letter
    >>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...                      b"Yours sincerely,\\n\\nMarc Dubois")
    >>> row = letter_row(letter, input="dubois-berg.txt")
    >>> row["date"], row["place"], row["signatories"], row["paragraphs"], row["recipients"]
    ('2006-07-03', 'Paris', 'Marc Dubois', 1, None)
    """
    sender = letter.sender
    source = letter.source
    return {
        "input": input,
        "filename": source.filename,
        "format": source.format,
        "date": letter.date,
        "date_text": letter.date_text,
        "date_edtf": letter.date_edtf,
        "date_certainty": letter.date_certainty,
        "place": letter.place,
        "language": letter.language,
        "reference": letter.reference,
        "subject": letter.subject,
        "sender_name": sender.name if sender else None,
        "sender_organisation": sender.organisation if sender else None,
        "recipients": _join(p.name for p in letter.recipients),
        "recipient_organisations": _join(p.organisation for p in letter.recipients),
        "signatories": _join(p.name for p in letter.signatories),
        "signatory_roles": _join(p.role for p in letter.signatories),
        "cc": _join(_cc_label(p) for p in letter.cc),
        "salutation": letter.salutation,
        "closing": letter.closing,
        "paragraphs": len(letter.body),
        "words": sum(len(paragraph.split()) for paragraph in letter.body),
        "footnotes": len(letter.footnotes),
        "enclosures": len(letter.enclosures),
        "has_postscript": bool(letter.postscript),
        "pages": source.pages,
        "ocr": bool(source.ocr),
        "sha256": source.sha256,
        "warnings": len(letter.warnings),
    }


def write_csv(
    rows_or_letters: Iterable[Item],
    path_or_fp: str | os.PathLike[str] | IO[str],
    *,
    include_errors: bool = False,
    encoding: str = "utf-8",
    guard_formulas: bool = False,
    parties_path: str | os.PathLike[str] | None = None,
) -> int:
    """Write a UTF-8 CSV with a header row and one row per letter; return the number of rows written.

    ``encoding="utf-8-sig"`` writes the byte-order mark Excel needs to read UTF-8; ``guard_formulas``
    prefixes cells that start with ``= + - @`` (or a tab/CR) with ``'`` so that a spreadsheet does not
    run them as formulas (off by default: pandas and DuckDB read the cells as they are);
    ``parties_path`` also writes :func:`party_rows` there, one row per party, joined by ``sha256``.

    ``path_or_fp`` is a path (opened with ``newline=""`` as the csv module requires) or an open text
    stream (open it with ``newline=""`` yourself). Items stream through: nothing is held but the
    current row. The header is written even when there are no rows, so the file always parses.
    ``None`` becomes an empty cell; booleans are written as ``True``/``False``.

    >>> import io
    >>> from letterkit import read_letter
    >>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...                      b"Yours sincerely,\\n\\nMarc Dubois")
    >>> out = io.StringIO(newline="")
    >>> write_csv([("dubois-berg.txt", letter)], out)
    1
    >>> out.getvalue().splitlines()[0].startswith("input,filename,format,date,date_text,date_edtf")
    True
    """
    fieldnames = COLUMNS + (ERROR_COLUMNS if include_errors else ())
    with ExitStack() as stack:
        if isinstance(path_or_fp, (str, os.PathLike)):
            fp: IO[str] = stack.enter_context(open(path_or_fp, "w", encoding=encoding, newline=""))
        else:
            fp = path_or_fp
        writer = csv.DictWriter(fp, fieldnames=fieldnames)
        writer.writeheader()
        parties: Any = None
        if parties_path is not None:
            pf = stack.enter_context(open(parties_path, "w", encoding=encoding, newline=""))
            parties = csv.DictWriter(pf, fieldnames=PARTY_COLUMNS)
            parties.writeheader()
        count = 0
        for label, letter, row in _rows_with_letters(rows_or_letters, include_errors):
            writer.writerow(guard_row(row) if guard_formulas else row)
            if parties is not None and letter is not None:
                for prow in party_rows(letter, label):
                    parties.writerow(guard_row(prow) if guard_formulas else prow)
            count += 1
        fp.flush()
    return count


#: the columns of :func:`party_rows`
PARTY_COLUMNS: tuple[str, ...] = (
    "sha256", "input", "part", "position", "name", "honorific", "role", "organisation", "email"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with text cells that a spreadsheet would run as a formula prefixed with ``'``.

    >>> guard_row({"a": "=HYPERLINK(1)", "b": "-5", "c": 3})
    {'a': "'=HYPERLINK(1)", 'b': "'-5", 'c': 3}
    """
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for k, v in row.items()}


def _parties_of(letter: Letter) -> Iterator[tuple[str, int, Party]]:
    if letter.sender is not None and not letter.sender.is_empty():
        yield "sender", 0, letter.sender
    lists = (("recipient", letter.recipients), ("signatory", letter.signatories), ("cc", letter.cc))
    for part, parties in lists:
        for i, party in enumerate(parties):
            yield part, i, party


def party_rows(letter: Letter, input: str | None = None) -> list[dict[str, Any]]:
    """One row per party (sender, recipients, signatories, cc), with its position in its list.

    Why a second table: parallel "; "-joined columns lose positions when a value is empty (a
    signatory with no role), while one row per party keeps each name with its own role."""
    return [
        {
            "sha256": letter.source.sha256,
            "input": input,
            "part": part,
            "position": i,
            "name": p.name,
            "honorific": p.honorific,
            "role": p.role,
            "organisation": p.organisation,
            "email": p.email,
        }
        for part, i, p in _parties_of(letter)
    ]


def _rows_with_letters(
    items: Iterable[Item], include_errors: bool
) -> Iterator[tuple[str | None, Letter | None, dict[str, Any]]]:
    for item in items:
        if isinstance(item, Mapping) and "sha256" in item:
            yield None, None, dict(item)
            continue
        label, value = normalize(item)
        if isinstance(value, ErrorRecord):
            if include_errors:
                row: dict[str, Any] = dict.fromkeys(COLUMNS)
                row.update(
                    input=value.input or label, error=value.error, code=value.code, message=value.message
                )
                yield label, None, row
            continue
        yield label, value, letter_row(value, label)


#: the typed columns the Parquet export adds after :data:`COLUMNS`: the parties as lists of structs
PARQUET_PARTY_COLUMNS: tuple[str, ...] = (
    "sender_party", "recipient_parties", "signatory_parties", "cc_parties"
)
_PARTY_FIELDS = ("name", "honorific", "role", "organisation", "email")


def parquet_schema() -> Any:
    """The Arrow schema of the Parquet export: fixed, so that every file (even an empty one) agrees.

    ``date`` is ``date32`` (a day, which pandas and DuckDB read as a date, not a string) and the
    parties are ``list<struct<name, honorific, role, organisation, email>>``; the letterkit version
    and the JSON contract's schema version are in the file's metadata."""
    pa = _pyarrow()[0]
    ints = {"paragraphs", "words", "footnotes", "enclosures", "pages", "warnings"}
    bools = {"has_postscript", "ocr"}
    party = pa.struct([pa.field(f, pa.string()) for f in _PARTY_FIELDS])
    fields = [
        pa.field(
            name,
            pa.int64() if name in ints else pa.bool_() if name in bools else pa.date32() if name == "date"
            else pa.string(),
        )
        for name in COLUMNS
    ]
    fields.append(pa.field("sender_party", party))
    fields += [pa.field(name, pa.list_(party)) for name in PARQUET_PARTY_COLUMNS[1:]]
    return pa.schema(fields, metadata={"letterkit_version": __version__, "letterkit_schema": SCHEMA_VERSION})


#: the version of the table layout (raised when columns are added)
SCHEMA_VERSION = "2"


def _party_struct(p: Party) -> dict[str, str | None]:
    return {f: getattr(p, f) for f in _PARTY_FIELDS}


def parquet_row(letter: Letter, input: str | None = None) -> dict[str, Any]:
    """:func:`letter_row` with typed values for Parquet: ``date`` a :class:`datetime.date`, the
    parties as structs (positions kept, empty values as nulls)."""
    import datetime as dt

    row = letter_row(letter, input)
    row["date"] = dt.date.fromisoformat(letter.date) if letter.date else None
    row["sender_party"] = _party_struct(letter.sender) if letter.sender else None
    row["recipient_parties"] = [_party_struct(p) for p in letter.recipients]
    row["signatory_parties"] = [_party_struct(p) for p in letter.signatories]
    row["cc_parties"] = [_party_struct(p) for p in letter.cc]
    return row


def _pyarrow() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``, or a :class:`~letterkit.errors.MissingDependency` (an
    ImportError too) that names the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        from letterkit.errors import MissingDependency

        raise MissingDependency("Parquet export", "pyarrow", "parquet") from exc
    return pyarrow, pyarrow.parquet


def write_parquet(letters: Iterable[Item], path: str | os.PathLike[str], batch_size: int = 1000) -> int:
    """Write the rows of :func:`letter_row` to a Parquet file; return the number of rows written.

    Rows are buffered ``batch_size`` at a time and each batch is written as its own row group with
    ``pyarrow.parquet.ParquetWriter``, so memory stays flat however many letters stream through, and
    no pandas is needed. Error records are skipped (they have no row; keep them in JSONL).
    Needs the optional dependency ``pyarrow`` (``pip install 'letterkit[parquet]'``).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    pa, pq = _pyarrow()
    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(os.fspath(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for label, letter, row in _rows_with_letters(letters, include_errors=False):
            batch.append(parquet_row(letter, label) if letter is not None else row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
