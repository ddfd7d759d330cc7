"""Writers that turn :class:`~letterkit.model.Letter` objects into other formats.

One module per format, each a few plain functions with no CLI concerns (``letterkit convert --to``
wires them up):

- :mod:`letterkit.export.jsonl`: one JSON object per line, letters and batch error records alike;
- :mod:`letterkit.export.table`: one flat row per letter, as CSV or (with ``pyarrow``) Parquet;
- :mod:`letterkit.export.tei`: a TEI P5 document per letter, and CMIF files for correspSearch.

Every writer accepts the same kinds of item, so a batch can be piped straight in: a ``Letter``, an
``(input, Letter)`` pair, a :class:`~letterkit.batch.BatchResult` or an
:class:`~letterkit.batch.ErrorRecord` (see :func:`letterkit.export._items.normalize`).
"""

from __future__ import annotations

from letterkit.export.jsonl import iter_jsonl, write_jsonl
from letterkit.export.table import COLUMNS, letter_row, write_csv, write_parquet
from letterkit.export.tei import TEI_NS, cmif_string, letter_to_tei, tei_string

__all__ = [
    "COLUMNS",
    "TEI_NS",
    "cmif_string",
    "iter_jsonl",
    "letter_row",
    "letter_to_tei",
    "tei_string",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]
