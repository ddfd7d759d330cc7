"""Read archives of letters on a Dask cluster: a bag of records, or a flat dataframe.

letterkit's own batch mode (:func:`letterkit.read_letters`) uses the processes of one machine. For
archives that live in object storage or are too large for one machine, this module spreads the same
work over a `Dask <https://www.dask.org>`_ cluster. Only the *list* of inputs is made on the client
(:func:`letterkit.batch.expand_inputs`: folders are walked, globs and zip archives expanded); each
worker then reads its own files' bytes (from its local disk, a shared file system or ``s3://``...)
and reads them in a worker process of its own (:func:`letterkit.batch.run_batch`: a memory cap and a
deadline), so no document passes through the client, and one broken file, even one that crashes the
process reading it, becomes one error record, never a failed computation (``KilledWorker``).

Install with ``pip install 'letterkit[dask]'`` (``letters_dataframe`` also needs pandas, as
``dask.dataframe`` does). On a real cluster::

    from dask.distributed import Client
    from letterkit.dask import letters_bag, letters_dataframe

    client = Client("tcp://scheduler:8786")  # every worker needs letterkit (and s3fs for s3://)
    bag = letters_bag("s3://my-archive/letters/**/*.pdf", exclude=["drafts/*"], ocr="never")
    bag.filter(lambda r: "error" in r).pluck("input").compute()       # what could not be read
    bag.filter(lambda r: "error" not in r).map(json.dumps).to_textfiles("s3://my-archive/out/*.jsonl")

    df = letters_dataframe("s3://my-archive/letters/**/*.pdf")
    df.groupby("language").size().compute()
    df.to_parquet("s3://my-archive/letters.parquet")

URLs are read with fsspec (``pip install s3fs`` for ``s3://``, ``gcsfs`` for ``gs://``...); credentials
come from the usual places of each file system (environment variables, ``~/.aws``, instance roles)
on the client (to list a glob) and on the workers (to read the files).

Hangs and memory: each input is read under the batch engine's deadline and memory cap (defaults
sized to the reading limits and the machine; ``timeout=`` and ``memory_limit=`` set them, as for
:func:`letterkit.read_letters`), in a process the Dask worker forks and ends, so an input that hangs or
grows becomes a ``LimitExceeded`` or ``WorkerCrashed`` record.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from letterkit.batch import BatchResult, ErrorRecord, Task, expand_inputs, run_batch
from letterkit.export.table import COLUMNS, letter_row

_INSTALL_HINT = "pip install 'letterkit[dask]'"

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        f"letterkit.dask needs dask, which is not installed: {_INSTALL_HINT} "
        "(or pip install 'dask[distributed]')"
    ) from exc

__all__ = ["DATAFRAME_COLUMNS", "letters_bag", "letters_dataframe", "record_of", "row_of"]

#: the most inputs one partition holds by default (see :func:`_partition_size`)
MAX_PARTITION_SIZE = 256

# --- flat rows ---------------------------------------------------------------------------------------
#
# The columns are letterkit.export.table's (so a dataframe and a CSV/Parquet export of the same archive
# agree), plus the error columns.

_ERROR_COLUMNS: tuple[str, ...] = ("error", "code", "message")
_INT_COLUMNS = frozenset({"paragraphs", "words", "footnotes", "enclosures", "pages", "warnings"})
_BOOL_COLUMNS = frozenset({"has_postscript", "ocr"})


def _row_function() -> tuple[tuple[str, ...], Callable[..., dict[str, Any]]]:
    """The letter columns and the row function of the table export."""
    return tuple(COLUMNS), letter_row


def _columns() -> tuple[str, ...]:
    letter_columns = _row_function()[0]
    return letter_columns + tuple(c for c in _ERROR_COLUMNS if c not in letter_columns)


#: the columns of :func:`letters_dataframe`, in order (the letter columns, then error/code/message)
DATAFRAME_COLUMNS: tuple[str, ...] = _columns()


def _dtype(column: str) -> str:
    # nullable dtypes: an error row has no counts, and a missing page count must not become 0 or NaN
    if column in _INT_COLUMNS:
        return "Int64"
    if column in _BOOL_COLUMNS:
        return "boolean"
    return "string"


def record_of(result: BatchResult) -> dict[str, Any]:
    """A batch result as a plain, JSON-ready dict: the letter's contract JSON plus ``"input"``, or the
    error record ``{"input", "error", "code", "message"}``."""
    if result.letter is not None:
        record: dict[str, Any] = result.letter.model_dump(mode="json")
        record["input"] = result.input
        return record
    assert result.error is not None
    return result.error.model_dump()


def row_of(result: BatchResult) -> dict[str, Any]:
    """A batch result as one flat row with every column of :data:`DATAFRAME_COLUMNS`."""
    row: dict[str, Any] = dict.fromkeys(DATAFRAME_COLUMNS)
    if result.letter is not None:
        try:
            row.update(_row_function()[1](result.letter, result.input))
            return row
        except Exception as exc:  # one odd letter must not fail its whole partition
            row = dict.fromkeys(DATAFRAME_COLUMNS)
            result = BatchResult(
                input=result.input,
                error=ErrorRecord(result.input, type(exc).__name__, "internal-error",
                                  f"The letter was read but could not be made a row: {exc}"),
            )
    assert result.error is not None
    row.update(result.error.model_dump())
    return row


# --- tasks on the client, reading on the workers -------------------------------------------------------


def _task_tuple(task: Task) -> tuple[str, str | None, str | None, str | None, bytes | None]:
    # plain tuples travel to the workers: cheap to serialise, and independent of how Task is defined
    return (task.label, task.path, task.member, task.url, task.data)


#: options of the worker pool each Dask task reads its inputs in (the rest go to read_letter)
POOL_OPTIONS = ("timeout", "memory_limit", "isolate")


def _read_many(
    items: Iterable[tuple[str, str | None, str | None, str | None, bytes | None]], options: dict[str, Any]
) -> list[BatchResult]:
    """Read ``items`` in a worker process of this Dask worker (:func:`letterkit.batch.run_batch`, one
    worker, its memory cap and deadline): a document that aborts, eats the memory or hangs costs its
    own error record (``WorkerCrashed``, ``LimitExceeded``) and a fresh process, never the Dask worker,
    which Dask would otherwise retry on every worker until the computation fails with KilledWorker."""
    opts = dict(options)
    pool = {k: opts.pop(k) for k in POOL_OPTIONS if k in opts}
    tasks = [Task(label=label, path=path, member=member, url=url, data=data)
             for label, path, member, url, data in items]
    if not tasks:
        return []
    results = sorted(run_batch(tasks, workers=1, **pool, **opts), key=lambda r: r.index)
    assert [r.index for r in results] == list(range(len(tasks)))  # one result per input, always
    return results


def _read_records(
    items: Iterable[tuple[str, str | None, str | None, str | None, bytes | None]], options: dict[str, Any]
) -> list[dict[str, Any]]:
    """Runs on a worker: read one partition's inputs, return their records (never raises for a bad
    input, nor for one that crashes its process)."""
    return [record_of(r) for r in _read_many(items, options)]


def _read_frame(
    chunk: tuple[int, list[tuple[str, str | None, str | None, str | None, bytes | None]]],
    options: dict[str, Any],
) -> Any:
    """Runs on a worker: read one partition's inputs into a pandas DataFrame with fixed dtypes,
    indexed by the inputs' positions (so the whole frame has a known, sorted 0..n-1 index)."""
    import pandas as pd

    start, items = chunk
    rows = [row_of(r) for r in _read_many(items, options)]
    index = pd.RangeIndex(start, start + len(items))
    frame = pd.DataFrame(rows, columns=list(DATAFRAME_COLUMNS), index=index)
    return frame.astype({c: _dtype(c) for c in DATAFRAME_COLUMNS})


def _as_inputs(urlpath_or_list: str | os.PathLike[str] | Iterable[Any]) -> list[Any]:
    if isinstance(urlpath_or_list, (str, os.PathLike, bytes, bytearray, memoryview)):
        return [urlpath_or_list]
    return list(urlpath_or_list)


def _list_tasks(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
) -> list[tuple[str, str | None, str | None, str | None, bytes | None]]:
    return [_task_tuple(t) for t in expand_inputs(_as_inputs(urlpath_or_list), include, exclude)]


def _partition_size(count: int, partition_size: int | None) -> int:
    """Inputs per partition: small archives get one per partition (letters vary a lot in cost, so
    fine partitions balance the workers); large ones at most :data:`MAX_PARTITION_SIZE` to keep the
    task graph to a few thousand tasks."""
    if partition_size is not None:
        if partition_size < 1:
            raise ValueError("partition_size must be at least 1")
        return partition_size
    return max(1, min(MAX_PARTITION_SIZE, math.ceil(count / 100)))


def letters_bag(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    partition_size: int | None = None,
    **read_options: Any,
) -> db.Bag:
    """A Dask bag with one plain dict per input letter, read on the workers.

    ``urlpath_or_list`` is a path, folder, zip archive or fsspec URL/glob (``"s3://bucket/letters/*.pdf"``),
    or a list of them (bytes work too, but travel from the client). ``include``/``exclude`` are glob
    patterns for the files found in folders, zip archives and URL globs. Other keyword arguments go
    to :func:`letterkit.read_letter` (``ocr="never"``, ``password=``, ``limits=``...).

    Each record is ``Letter.model_dump(mode="json")`` plus ``"input"``, or for an input that could not
    be read the error record ``{"input", "error", "code", "message"}``: exactly one per input, in
    input order. Example, on a cluster::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        bag = letters_bag("s3://archive/letters/**/*.docx", ocr="never")
        failed = bag.filter(lambda r: "error" in r).count().compute()
    """
    tasks = _list_tasks(urlpath_or_list, include, exclude)
    size = _partition_size(len(tasks), partition_size)
    if not tasks:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(tasks, partition_size=size).map_partitions(_read_records, options=read_options)


def letters_dataframe(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    partition_size: int | None = None,
    **read_options: Any,
) -> Any:
    """A Dask dataframe with one flat row per input, read on the workers.

    The columns are :data:`DATAFRAME_COLUMNS`: those of :func:`letterkit.export.table.letter_row`
    (``input, filename, format, date, place, language, sender_name, recipients, signatories,
    paragraphs, words, ...``) then ``error, code, message``, which are filled (and the letter
    columns empty) for an input that could not be read. Text columns have dtype ``string``, counts
    ``Int64`` and flags ``boolean`` (nullable), declared up front as the frame's ``meta`` so nothing
    is read to learn them. Arguments as for :func:`letters_bag`. Example::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        df = letters_dataframe("s3://archive/letters/**/*.pdf", ocr="never")
        ok = df[df.error.isna()]
        ok.groupby([ok.sender_name, ok.date.str.slice(0, 4)]).size().compute()
        df.to_parquet("s3://archive/letters.parquet")
    """
    try:
        import dask.dataframe as dd
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "letters_dataframe needs dask.dataframe and pandas: pip install 'letterkit[dask]' "
            "'dask[dataframe]'"
        ) from exc
    tasks = _list_tasks(urlpath_or_list, include, exclude)
    size = _partition_size(len(tasks), partition_size)
    meta = pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in DATAFRAME_COLUMNS})
    if not tasks:
        return dd.from_pandas(meta, npartitions=1)
    starts = list(range(0, len(tasks), size))
    chunks = [(start, tasks[start : start + size]) for start in starts]
    divisions = (*starts, len(tasks) - 1)
    # the reading options travel once per partition, with the partition's task list
    return dd.from_map(_read_frame, chunks, options=read_options, meta=meta, divisions=divisions)
