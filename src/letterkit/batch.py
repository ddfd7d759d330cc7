"""Batch conversion: many inputs, a pool of worker processes, one result per input, whatever happens.

Archives are full of files that break readers, hang them or eat memory. Each input therefore runs in
a worker process of its own pool: a per-document ``timeout`` ends the worker that holds it (the input
gets an error record and a fresh worker takes its place), a ``memory_limit`` caps each worker's address
space (a document that needs more becomes an error record), and a worker that dies for any other
reason is replaced the same way. Nothing is silently dropped: for every input there is exactly one
:class:`BatchResult`, a :class:`~letterkit.model.Letter` or an :class:`ErrorRecord`.

Inputs are expanded lazily (folders are walked as results are consumed), and at most ``2 * workers``
tasks are in flight, so memory stays flat however large the archive.
"""

from __future__ import annotations

import contextlib
import fnmatch
import multiprocessing as mp
import os
import pickle
import queue
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Union

from letterkit.errors import LetterkitError

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], "Task"]

#: files that are never letters (hidden files, lock files, OS litter) are skipped in folders
SKIP_NAMES = ("*/.*", ".*", "~$*", "Thumbs.db", "desktop.ini")
#: how long an idle result wait blocks before checking timeouts and dead workers (seconds)
POLL_INTERVAL = 0.05


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
class BatchResult:
    """One input's outcome in batch mode: a letter or an error record.

    ``input`` labels the input (its path, ``archive.zip!member``, URL, or ``<bytes N>``), ``index`` is
    its position among the expanded inputs (results of a worker pool come in the order they finish).

    >>> from letterkit import read_letters
    >>> [result] = read_letters([b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter."])
    >>> result.ok, result.input, result.index, result.letter.date, result.error
    (True, '<bytes 0>', 0, '2006-07-03', None)
    """

    input: str
    letter: Any = None  # Letter (typed Any to keep this module importable without pydantic work)
    error: ErrorRecord | None = None
    #: position of the input in the expanded input sequence
    index: int = -1
    #: seconds spent on this input
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the input became a letter (``letter`` is set and ``error`` is None)."""
        return self.letter is not None


# --- inputs ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Task:
    """One input to read: a label for the result, and how to get its bytes in a worker."""

    label: str
    path: str | None = None  # a local file
    member: str | None = None  # a member of the zip archive at ``path``
    url: str | None = None  # an fsspec URL
    data: bytes | None = None  # bytes given directly
    span: tuple[int, int] | None = None  # the bytes of one message of the mbox at ``path``


def _matches(name: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> bool:
    base = name.replace(os.sep, "/")
    leaf = base.rsplit("/", 1)[-1]
    if include and not any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(leaf, p) for p in include):
        return False
    if exclude and any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(leaf, p) for p in exclude):
        return False
    return not any(fnmatch.fnmatch(leaf, p) or fnmatch.fnmatch(base, p) for p in SKIP_NAMES)


def _zip_tasks(path: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> Iterator[Task]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        yield Task(label=path, path=path, member=f"\0broken:{exc}")
        return
    if not names:
        yield Task(label=path, path=path, member="\0empty")
    for name in names:
        if _matches(name, include, exclude):
            yield Task(label=f"{path}!{name}", path=path, member=name)


def _is_mbox(path: str) -> bool:
    """An mbox of e-mails: its extension, or a file that opens with an mbox 'From ' line and headers."""
    if path.lower().endswith((".mbox", ".mbx")):
        return True
    if "." in os.path.basename(path):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    from letterkit.readers.mail import is_mbox

    return is_mbox(head)


def _mbox_tasks(path: str) -> Iterator[Task]:
    """One task per message of an mbox, like the members of a zip archive (``archive.mbox!3``)."""
    from letterkit.readers.mail import mbox_spans

    try:
        with open(path, "rb") as fh:
            spans = mbox_spans(fh.read())
    except OSError:
        spans = []
    if len(spans) <= 1:  # one message (or a damaged file): the reader reads it and reports
        yield Task(label=path, path=path)
        return
    for n, span in enumerate(spans):
        yield Task(label=f"{path}!{n + 1}", path=path, span=span)


def _is_zip_archive(path: str) -> bool:
    """A zip of letters, not a DOCX (which is a zip too): told by its extension; a broken one becomes
    a single error record."""
    return path.lower().endswith(".zip")


def expand_inputs(
    inputs: Iterable[Source],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> Iterator[Task]:
    """Turn paths, folders (recursive), zip archives, fsspec URLs, bytes and file objects into tasks.

    Folders are walked in sorted order, lazily. ``include``/``exclude`` are glob patterns matched
    against the file name and its path (``"*.pdf"``, ``"drafts/*"``); they apply inside folders and
    zip archives, not to files named explicitly.
    """
    for i, item in enumerate(inputs):
        if isinstance(item, Task):
            yield item  # already expanded (the CLI plans its outputs per task)
            continue
        if isinstance(item, (bytes, bytearray, memoryview)):
            yield Task(label=f"<bytes {i}>", data=bytes(item))
            continue
        if not isinstance(item, (str, os.PathLike)):
            read = getattr(item, "read", None)
            name = getattr(item, "name", None)
            label = name if isinstance(name, str) else f"<stream {i}>"
            if callable(read):
                yield Task(label=label, data=read())
            else:
                yield Task(label=f"<input {i}>", path=f"\0unsupported:{type(item).__name__}")
            continue
        text = os.fspath(item)
        if "://" in text and not text.startswith("file://"):
            yield from _url_tasks(text, include, exclude)
            continue
        if text.startswith("file://"):
            text = text[len("file://") :]
        if os.path.isdir(text):
            for root, dirs, files in os.walk(text):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for fname in sorted(files):
                    full = os.path.join(root, fname)
                    rel = os.path.relpath(full, text)
                    if not _matches(rel, include, exclude):
                        continue
                    if _is_zip_archive(full):
                        yield from _zip_tasks(full, include, exclude)
                    elif _is_mbox(full):
                        yield from _mbox_tasks(full)
                    else:
                        yield Task(label=full, path=full)
        elif _is_zip_archive(text):
            yield from _zip_tasks(text, include, exclude)
        elif os.path.isfile(text) and _is_mbox(text):
            yield from _mbox_tasks(text)
        else:
            yield Task(label=text, path=text)


def _url_tasks(url: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> Iterator[Task]:
    """fsspec URLs: a glob ('s3://bucket/letters/**/*.pdf') is expanded, a single URL taken as is."""
    try:
        import fsspec
    except ImportError:
        yield Task(label=url, url=url)  # the worker reports that fsspec is missing
        return
    if any(ch in url for ch in "*?["):
        try:
            fs, _, paths = fsspec.get_fs_token_paths(url)
        except Exception:  # a bad URL becomes that input's error record in the worker
            yield Task(label=url, url=url)
            return
        protocol = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
        for p in sorted(paths):
            full = p if "://" in p else f"{protocol}://{p}"
            if _matches(p, include, exclude):
                yield Task(label=full, url=full)
    else:
        yield Task(label=url, url=url)


# --- reading one task ------------------------------------------------------------------------------


def _task_bytes(task: Task) -> tuple[bytes | str, str | None]:
    """The task's input for read_letter: bytes (with a file name) or a local path."""
    from letterkit.errors import CorruptInput, EmptyInput, InputNotFound, UnsupportedFormat

    if task.data is not None:
        return task.data, None
    if task.path is not None and task.path.startswith("\0unsupported:"):
        raise UnsupportedFormat(
            f"Cannot read an input of type {task.path.split(':', 1)[1]}; give a path or bytes."
        )
    if task.member is not None and task.path is not None:
        if task.member.startswith("\0broken:"):
            raise CorruptInput(f"{task.path} is not a readable zip archive ({task.member[8:]}).")
        if task.member == "\0empty":
            raise EmptyInput(f"{task.path} is a zip archive with no files in it.")
        with zipfile.ZipFile(task.path) as zf:
            return zf.read(task.member), os.path.basename(task.member)
    if task.span is not None and task.path is not None:
        from letterkit.readers.mail import mbox_message

        with open(task.path, "rb") as fh:
            fh.seek(task.span[0])
            raw = fh.read(task.span[1] - task.span[0])
        return mbox_message(raw), f"{os.path.basename(task.path)}-{task.label.rsplit('!', 1)[-1]}.eml"
    if task.url is not None:
        try:
            import fsspec
        except ImportError as exc:
            raise UnsupportedFormat(f"{task.url}: reading URLs needs fsspec (pip install fsspec).") from exc
        try:
            with fsspec.open(task.url, "rb") as fh:
                return fh.read(), task.url.rsplit("/", 1)[-1]
        except FileNotFoundError as exc:
            raise InputNotFound(f"{task.url} does not exist.") from exc
    assert task.path is not None
    return task.path, None


def read_task(task: Task, options: dict[str, Any]) -> BatchResult:
    """Read one task in this process; every failure becomes an error record."""
    from letterkit.api import read_letter

    start = time.perf_counter()
    try:
        source, name = _task_bytes(task)
        opts = dict(options)
        if name and "filename" not in opts:
            opts["filename"] = name
        letter = read_letter(source, **opts)
        return BatchResult(input=task.label, letter=letter, seconds=time.perf_counter() - start)
    except LetterkitError as exc:
        err = ErrorRecord(task.label, type(exc).__name__, exc.code, str(exc))
    except MemoryError:
        err = ErrorRecord(
            task.label, "LimitExceeded", "limit-exceeded", "The input needed more memory than allowed."
        )
    except Exception as exc:  # batch mode never stops for one file
        err = ErrorRecord(task.label, type(exc).__name__, "internal-error", f"{type(exc).__name__}: {exc}")
    return BatchResult(input=task.label, error=err, seconds=time.perf_counter() - start)


# --- the worker pool -------------------------------------------------------------------------------


def _worker_main(tasks: Any, results: Any, options: dict[str, Any], memory_limit: int | None) -> None:
    """A worker process: read tasks until told to stop, send one result per task."""
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):  # not on this platform: the timeout still guards
            pass
    import warnings

    warnings.simplefilter("ignore")
    while True:
        item = tasks.get()
        if item is None:
            return
        index, task = item
        result = read_task(task, options)
        result.index = index
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result must still produce one record
            err = ErrorRecord(
                task.label, type(exc).__name__, "internal-error", f"result not transferable: {exc}"
            )
            payload = pickle.dumps(BatchResult(input=task.label, error=err, index=index))
        results.put((index, payload))


@dataclass
class _Worker:
    process: Any
    tasks: Any
    current: tuple[int, Task, float] | None = None  # index, task, start time


@dataclass
class _Pool:
    """Worker processes, each fed one task at a time so a stuck one can be ended alone."""

    size: int
    options: dict[str, Any]
    memory_limit: int | None
    ctx: Any = field(default=None)
    results: Any = field(default=None)
    workers: list[_Worker] = field(default_factory=list)

    def __post_init__(self) -> None:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.ctx = mp.get_context(method)
        self.results = self.ctx.Queue()
        self.workers = [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        tasks = self.ctx.Queue()
        proc = self.ctx.Process(
            target=_worker_main, args=(tasks, self.results, self.options, self.memory_limit), daemon=True
        )
        proc.start()
        return _Worker(proc, tasks)

    def replace(self, w: _Worker) -> None:
        try:
            w.process.kill()
            w.process.join(timeout=5)
        except Exception:  # already gone
            pass
        self.workers[self.workers.index(w)] = self._spawn()

    def close(self) -> None:
        for w in self.workers:
            with contextlib.suppress(Exception):  # a dead worker's queue
                w.tasks.put(None)
        deadline = time.monotonic() + 2
        for w in self.workers:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()


def _pooled(
    tasks: Iterator[Task],
    workers: int,
    timeout: float | None,
    memory_limit: int | None,
    options: dict[str, Any],
) -> Iterator[BatchResult]:
    pool = _Pool(workers, options, memory_limit)
    pending = iter(enumerate(tasks))
    exhausted = False
    try:
        while True:
            # feed idle workers
            for w in pool.workers:
                if w.current is None and not exhausted:
                    nxt = next(pending, None)
                    if nxt is None:
                        exhausted = True
                        break
                    index, task = nxt
                    w.current = (index, task, time.monotonic())
                    w.tasks.put((index, task))
            busy = [w for w in pool.workers if w.current is not None]
            if not busy and exhausted:
                return
            try:
                done_index, payload = pool.results.get(timeout=POLL_INTERVAL)
            except queue.Empty:
                done_index = None
            if done_index is not None:
                owner = next(
                    (w for w in pool.workers if w.current is not None and w.current[0] == done_index), None
                )
                if owner is None:
                    continue  # a late result from a worker already ended for its timeout: recorded
                owner.current = None
                yield pickle.loads(payload)
                continue
            # no result: look for stuck and dead workers
            now = time.monotonic()
            for w in list(pool.workers):
                if w.current is None:
                    continue
                index, task, started = w.current
                if timeout is not None and now - started > timeout:
                    pool.replace(w)
                    yield BatchResult(
                        input=task.label,
                        error=ErrorRecord(
                            task.label,
                            "LimitExceeded",
                            "limit-exceeded",
                            f"Reading took longer than the timeout of {timeout:g} s; the worker was stopped. "
                            "Raise timeout= to allow more time.",
                        ),
                        index=index,
                        seconds=now - started,
                    )
                elif not w.process.is_alive():
                    code = w.process.exitcode
                    pool.replace(w)
                    yield BatchResult(
                        input=task.label,
                        error=ErrorRecord(
                            task.label,
                            "WorkerCrashed",
                            "worker-crashed",
                            f"The worker reading this input died (exit code {code}), likely out of memory "
                            "or a crash in a native library; the batch went on with a new worker.",
                        ),
                        index=index,
                        seconds=now - started,
                    )
    finally:
        pool.close()


def run_batch(
    inputs: Iterable[Source],
    workers: int = 1,
    timeout: float | None = None,
    memory_limit: int | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    **options: Any,
) -> Iterator[BatchResult]:
    """See :func:`letterkit.read_letters`."""
    tasks = expand_inputs(inputs, include, exclude)
    if workers <= 1 and timeout is None and memory_limit is None:
        # no isolation asked for: read in this process, in order (fastest for small batches)
        for index, task in enumerate(tasks):
            result = read_task(task, options)
            result.index = index
            yield result
        return
    yield from _pooled(tasks, max(1, workers), timeout, memory_limit, options)


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def as_path(label: str) -> Path | None:
    """The local file behind a result label, when there is one (not for zip members or URLs)."""
    if "!" in label or "://" in label or label.startswith("<"):
        return None
    return Path(label)
