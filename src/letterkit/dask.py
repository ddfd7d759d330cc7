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
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from letterkit.api import LETTER_OPTIONS
from letterkit.batch import run_batch
from letterkit.core.results import BatchResult, ErrorRecord
from letterkit.errors import LetterkitError
from letterkit.export.table import COLUMNS, letter_row
from letterkit.inputs import Task, expand_inputs, glob_urls, matches
from letterkit.model import Letter
from letterkit.readers.registry import check_options

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    from letterkit.errors import MissingDependency

    raise MissingDependency("letterkit.dask", "dask", "dask") from exc

__all__ = ["DATAFRAME_COLUMNS", "letters_bag", "letters_dataframe", "record_of", "row_of"]

#: the most inputs one partition holds by default (see :func:`_partition_size`)
MAX_PARTITION_SIZE = 256
#: partitions per thread of the cluster, and partitions at least, when the inputs allow
PARTITIONS_PER_THREAD = 4
MIN_PARTITIONS = 100

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
#
# A task travels with a flag: (task, wrapped). Local paths are made absolute on the client, so a
# worker started in another directory finds them (a shared file system is still needed, of course).
# URLs are listed on the client and read on the workers with fsspec, both with the caller's
# ``storage_options``; ``wrapped`` marks a member of a zip archive at a URL, which the client turned
# into a chained URL (``zip://member::s3://bucket/archive.zip``) and whose options then belong to the
# inner file system.

_Item = tuple[Task, bool]


def _item(task: Task) -> _Item:
    if task.path is not None:
        task = replace(task, path=os.path.abspath(task.path))
    return (task, False)


def _url_item(label: str, url: str, wrapped: bool = False) -> _Item:
    return (Task(label=label, url=url), wrapped)


def _open_kwargs(url: str, wrapped: bool, storage_options: dict[str, Any]) -> dict[str, Any]:
    """What ``fsspec.open`` needs for ``url``: the options as given, or, for a member of a zip at a
    URL that the client wrapped, the options under the inner URL's protocol (fsspec's way of giving
    each link of a chain its own options)."""
    if not storage_options:
        return {}
    if wrapped:
        inner = url.split("::", 1)[1].split("://", 1)[0]
        return {inner: storage_options}
    return dict(storage_options)


def _read_url(url: str, wrapped: bool, storage_options: dict[str, Any], options: dict[str, Any]) -> bytes:
    """The bytes at ``url``, at most the byte limit and one more (so read_letter reports the excess)."""
    import fsspec

    from letterkit.core.limits import Limits
    from letterkit.errors import InputNotFound

    limit = (options.get("limits") or Limits()).max_bytes
    try:
        with fsspec.open(url, "rb", **_open_kwargs(url, wrapped, storage_options)) as fh:
            data: bytes = fh.read(limit + 1)
            return data
    except FileNotFoundError as exc:
        raise InputNotFound(f"{url} does not exist.") from exc


#: options of the worker pool each Dask task reads its inputs in (the rest go to read_letter)
POOL_OPTIONS = ("timeout", "memory_limit", "isolate")


def _fetched(
    item: _Item, storage_options: dict[str, Any], options: dict[str, Any]
) -> Task | BatchResult[Letter]:
    """The task that reads ``item``: a URL's bytes are fetched here, in the Dask worker, with the
    ``storage_options`` (the reading itself happens in a forked process); a URL that cannot be
    fetched is its error record already."""
    task, wrapped = item
    label, url = task.label, task.url
    if url is None:
        return task
    try:
        data = _read_url(url, wrapped, storage_options, options)
    except LetterkitError as exc:
        return BatchResult(input=label, error=ErrorRecord(label, type(exc).__name__, exc.code, str(exc)))
    except Exception as exc:  # a network or permission error is this input's record, not a crash
        err = ErrorRecord(label, type(exc).__name__, "input-not-found", f"{url} cannot be read: {exc}")
        return BatchResult(input=label, error=err)
    leaf = url.split("::", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return Task(label=label, data=data, name=leaf or None)


def _read_many(
    items: Iterable[_Item], options: dict[str, Any], storage_options: dict[str, Any] | None = None
) -> list[BatchResult[Letter]]:
    """Read ``items`` in a worker process of this Dask worker (:func:`letterkit.batch.run_batch`, one
    worker, its memory cap and deadline): a document that aborts, eats the memory or hangs costs its
    own error record (``WorkerCrashed``, ``LimitExceeded``) and a fresh process, never the Dask worker,
    which Dask would otherwise retry on every worker until the computation fails with KilledWorker."""
    with _FORK_LOCK:  # one partition at a time per process: see _FORK_LOCK
        return _read_many_locked(items, options, storage_options)


#: Dask runs partitions in threads; a process forked while another thread of it holds a lock (the
#: import lock, a logging handler's, fsspec's) inherits that lock held, and its child hangs until the
#: deadline. So the partitions of one Dask worker process are read one after the other; for parallel
#: reading give the workers more processes, not more threads (``dask worker --nworkers N --nthreads 1``).
_FORK_LOCK = threading.Lock()


def _read_many_locked(
    items: Iterable[_Item], options: dict[str, Any], storage_options: dict[str, Any] | None = None
) -> list[BatchResult[Letter]]:
    opts = dict(options)
    pool = {k: opts.pop(k) for k in POOL_OPTIONS if k in opts}
    fetched = [_fetched(item, storage_options or {}, opts) for item in items]
    tasks = [f for f in fetched if isinstance(f, Task)]
    read: list[BatchResult[Letter]] = []
    if tasks:
        read = sorted(run_batch(tasks, workers=1, **pool, **opts), key=lambda r: r.index)
        assert [r.index for r in read] == list(range(len(tasks)))  # one result per input, always
    results = iter(read)
    return [next(results) if isinstance(f, Task) else f for f in fetched]


def _read_records(
    items: Iterable[_Item], options: dict[str, Any], storage_options: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Runs on a worker: read one partition's inputs, return their records (never raises for a bad
    input, nor for one that crashes its process)."""
    return [record_of(r) for r in _read_many(items, options, storage_options)]


def _read_frame(
    chunk: tuple[int, list[_Item]],
    options: dict[str, Any],
    storage_options: dict[str, Any] | None = None,
) -> Any:
    """Runs on a worker: read one partition's inputs into a pandas DataFrame with fixed dtypes,
    indexed by the inputs' positions (so the whole frame has a known, sorted 0..n-1 index)."""
    import pandas as pd

    start, items = chunk
    rows = [row_of(r) for r in _read_many(items, options, storage_options)]
    index = pd.RangeIndex(start, start + len(items))
    frame = pd.DataFrame(rows, columns=list(DATAFRAME_COLUMNS), index=index)
    return frame.astype({c: _dtype(c) for c in DATAFRAME_COLUMNS})


def _as_inputs(urlpath_or_list: str | os.PathLike[str] | Iterable[Any]) -> list[Any]:
    if isinstance(urlpath_or_list, (str, os.PathLike, bytes, bytearray, memoryview)):
        return [urlpath_or_list]
    return list(urlpath_or_list)


def _is_url(item: Any) -> bool:
    return isinstance(item, str) and "://" in item and not item.startswith("file://")


def _url_items(url: str, include: Sequence[str] | None, exclude: Sequence[str] | None,
               storage_options: dict[str, Any]) -> list[_Item]:
    """The inputs behind one fsspec URL, listed on the client with the caller's options: a glob's
    files, a zip archive's members (a ``.zip`` URL, or a chained ``zip://...::...`` URL), or the URL."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        from letterkit.errors import MissingDependency

        raise MissingDependency(f"Reading {url}", "fsspec", "urls") from exc
    chained = "::" in url
    if not chained and url.split("?", 1)[0].lower().endswith(".zip"):
        url, chained = f"zip://**::{url}", True  # the archive's members, not the archive
        wrapped = True
    else:
        wrapped = False
    options = _open_kwargs(url, wrapped, storage_options)
    if not chained and not any(ch in url for ch in "*?["):
        return [_url_item(url, url)]
    if not chained:
        return [item for full in glob_urls(url, include, exclude, **options)
                for item in (_url_items(full, include, exclude, storage_options)
                             if full.lower().endswith(".zip") else [_url_item(full, full)])]
    fs, path = url_to_fs(url, **options)
    head, tail = url.split("::", 1)
    scheme = head.split("://", 1)[0]
    root = path.strip("/")
    names = fs.glob(path) if any(ch in path for ch in "*?[") else (
        fs.find(path) if fs.isdir(path) else [path])
    members = sorted(n for n in names if not fs.isdir(n))
    items: list[_Item] = []
    for name in members:
        name = name.strip("/")
        if matches(name, include, exclude) or (name == root and not any(c in root for c in "*?[")):
            member_url = f"{scheme}://{name}::{tail}"
            items.append(_url_item(f"{tail}!{name}" if wrapped else member_url, member_url, wrapped))
    return items


def _list_tasks(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
    storage_options: dict[str, Any] | None = None,
) -> list[_Item]:
    items: list[_Item] = []
    local: list[Any] = []

    def flush() -> None:
        items.extend(_item(t) for t in expand_inputs(local, include, exclude))
        local.clear()

    for given in _as_inputs(urlpath_or_list):
        if _is_url(given):
            flush()
            items.extend(_url_items(given, include, exclude, storage_options or {}))
        else:
            local.append(given)
    flush()
    return items


def _cluster_threads() -> int:
    """Threads that will run the tasks: those of the distributed client in use, else this machine's
    CPUs (what Dask's local schedulers use)."""
    try:
        from distributed import default_client

        return max(1, sum(default_client().nthreads().values()))
    except (ImportError, ValueError, AttributeError):
        return max(1, os.cpu_count() or 1)


def _partition_size(count: int, partition_size: int | None, threads: int | None = None) -> int:
    """Inputs per partition: enough partitions for every thread of the cluster to get several
    (:data:`PARTITIONS_PER_THREAD`: letters vary a lot in cost, so fine partitions balance the
    workers), and at least :data:`MIN_PARTITIONS`; but at most :data:`MAX_PARTITION_SIZE` inputs
    each when the count is large, and never more partitions than inputs."""
    if partition_size is not None:
        if partition_size < 1:
            raise ValueError("partition_size must be at least 1")
        return partition_size
    threads = _cluster_threads() if threads is None else threads
    wanted = max(MIN_PARTITIONS, PARTITIONS_PER_THREAD * threads)
    return max(1, min(MAX_PARTITION_SIZE, math.ceil(count / wanted)))


def letters_bag(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    partition_size: int | None = None,
    storage_options: dict[str, Any] | None = None,
    **read_options: Any,
) -> db.Bag:
    """A Dask bag with one plain dict per input letter, read on the workers.

    ``urlpath_or_list`` is a path, folder, zip archive or fsspec URL/glob (``"s3://bucket/letters/*.pdf"``),
    or a list of them (bytes work too, but travel from the client). ``include``/``exclude`` are glob
    patterns for the files found in folders, zip archives and URL globs. Local paths are made
    absolute here, on the client, so workers started in another directory find them (on a shared
    file system). ``storage_options`` go to fsspec, on the client to list a URL glob or a zip
    archive's members and on the workers to read: credentials and endpoints (``{"key": ...,
    "secret": ..., "client_kwargs": {"endpoint_url": "http://minio:9000"}}`` for s3fs). A URL of a
    ``.zip`` file is read as its members; a chained URL (``zip://letters/*.txt::s3://b/archive.zip``)
    as fsspec reads it, with ``storage_options`` keyed by protocol as fsspec expects for chains
    (``{"s3": {...}}``). ``partition_size`` defaults to what gives every thread of the cluster (the
    distributed client's, or this machine's CPUs) several partitions. Other keyword arguments go to
    :func:`letterkit.read_letter` (``ocr="never"``, ``password=``, ``limits=``...) and are checked
    here: an unknown one is a TypeError on the client, before anything is scheduled.

    Each record is ``Letter.model_dump(mode="json")`` plus ``"input"``, or for an input that could not
    be read the error record ``{"input", "error", "code", "message"}``: exactly one per input, in
    input order. Example, on a cluster::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        bag = letters_bag("s3://archive/letters/**/*.docx", ocr="never")
        failed = bag.filter(lambda r: "error" in r).count().compute()
    """
    check_options({k: v for k, v in read_options.items() if k not in POOL_OPTIONS}, LETTER_OPTIONS,
                  "letters_bag")
    tasks = _list_tasks(urlpath_or_list, include, exclude, storage_options)
    size = _partition_size(len(tasks), partition_size)
    if not tasks:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(tasks, partition_size=size).map_partitions(
        _read_records, options=read_options, storage_options=storage_options or {}
    )


def letters_dataframe(
    urlpath_or_list: str | os.PathLike[str] | Iterable[Any],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    partition_size: int | None = None,
    storage_options: dict[str, Any] | None = None,
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
        from letterkit.errors import MissingDependency

        raise MissingDependency("letters_dataframe", "dask[dataframe] and pandas", "dask") from exc
    check_options({k: v for k, v in read_options.items() if k not in POOL_OPTIONS}, LETTER_OPTIONS,
                  "letters_dataframe")
    tasks = _list_tasks(urlpath_or_list, include, exclude, storage_options)
    size = _partition_size(len(tasks), partition_size)
    meta = pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in DATAFRAME_COLUMNS})
    if not tasks:
        return dd.from_pandas(meta, npartitions=1)
    starts = list(range(0, len(tasks), size))
    chunks = [(start, tasks[start : start + size]) for start in starts]
    divisions = (*starts, len(tasks) - 1)
    # the reading options travel once per partition, with the partition's task list
    return dd.from_map(_read_frame, chunks, options=read_options, storage_options=storage_options or {},
                       meta=meta, divisions=divisions)
