"""Batch conversion: many inputs, a pool of worker processes, one result per input, whatever happens.

Archives are full of files that break readers, hang them or eat memory. Each input therefore runs in
a worker process of its own pool: a per-document ``timeout`` ends the worker that holds it (the input
gets an error record and a fresh worker takes its place), a ``memory_limit`` caps each worker's address
space (a document that needs more becomes an error record), and a worker that dies for any other
reason is replaced the same way. Nothing is silently dropped: for every input there is exactly one
:class:`BatchResult`, a :class:`~letterkit.model.Letter` or an :class:`ErrorRecord`.

Inputs are expanded lazily (folders are walked as results are consumed), and each worker holds one
task at a time, so memory stays flat however large the archive. This isolation is the default,
whatever ``workers`` says: the deadline and memory cap have defaults sized to the reading limits and
to the machine.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from letterkit.api import BATCH_OPTIONS, read_letter
from letterkit.core.limits import Limits
from letterkit.core.results import BatchResult, ErrorRecord
from letterkit.errors import LetterkitError
from letterkit.inputs import BatchInput, Task, expand_inputs, task_input
from letterkit.logs import collect, get_logger, replay
from letterkit.readers.registry import check_options

if TYPE_CHECKING:
    from letterkit.model import Letter

log = get_logger(__name__)

#: how long an idle result wait blocks before checking timeouts and dead workers (seconds)
POLL_INTERVAL = 0.05


# --- reading one task ------------------------------------------------------------------------------


def read_task(task: Task, options: dict[str, Any]) -> BatchResult[Letter]:
    """Read one task in this process; every failure becomes an error record."""
    start = time.perf_counter()
    try:
        source, name = task_input(task, options)
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
#
# Every document is read in a worker process, one task at a time, so that whatever a document does to
# its reader (a native crash, an abort, unbounded allocation, an endless loop) costs that input alone.
# Each worker has a pipe of its own for tasks and one for results; results are framed by hand and
# read without blocking, so a worker that dies (or stops) half-way through sending a result leaves a
# partial frame in *its own* buffer, which is thrown away with the worker: nothing shared can be left
# locked or half-written. Workers are forked directly (not through multiprocessing) so that they can
# be started from daemonic processes too (Dask workers), and each asks the kernel to kill it when its
# parent dies (PR_SET_PDEATHSIG), with a watchdog thread where that is not available.

#: frame kinds: a worker has begun a task (the deadline starts then, not at fork), a result; a task
_BEGIN, _RESULT, _TASK = b"B", b"R", b"T"
_HEADER = 9  # one kind byte and an 8-byte big-endian payload length
#: seconds a worker may take to start (import letterkit) before its task counts as hung
STARTUP_GRACE = 60.0
#: a worker's hard deadline is the reading time limit times this, plus HARD_DEADLINE_SLACK seconds:
#: the reader's own cooperative limit should answer first, with a clear message
HARD_DEADLINE_FACTOR = 1.25
HARD_DEADLINE_SLACK = 15.0
#: the default memory cap per worker is this share of the machine's memory, split among the workers,
#: kept between the two bounds below (bytes)
MEMORY_SHARE = 0.6
MIN_MEMORY_LIMIT = 1536 * 1024 * 1024
MAX_MEMORY_LIMIT = 8 * 1024**3


def machine_memory() -> int | None:
    """Bytes of physical memory, when the platform says."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def default_memory_limit(workers: int) -> int | None:
    """The address-space cap per worker when none is given: a share of the machine's memory, so that
    the workers together cannot push the machine into swapping or the OOM killer's arms."""
    total = machine_memory()
    if total is None:
        return None
    share = int(total * MEMORY_SHARE / max(1, workers))
    return max(MIN_MEMORY_LIMIT, min(MAX_MEMORY_LIMIT, share))


def effective_memory_limit(memory_limit: int | None) -> int | None:
    """The cap a worker can really set: ``memory_limit``, lowered to a hard cap set from outside
    (``prlimit``, ``ulimit -v``), which still holds."""
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    except (ImportError, ValueError, OSError):
        return memory_limit
    if hard == resource.RLIM_INFINITY:
        return memory_limit
    return min(memory_limit, hard) if memory_limit else hard


def default_timeout(options: dict[str, Any]) -> float | None:
    """The hard per-document deadline when none is given: a little over the reading time limit
    (``limits.timeout``, 120 s by default), so a reader stuck in native code is still ended."""
    limits = options.get("limits") or Limits()
    soft = getattr(limits, "timeout", None)
    if soft is None:
        return None  # the caller switched the time limit off on purpose
    return float(soft) * HARD_DEADLINE_FACTOR + HARD_DEADLINE_SLACK


def _die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends (even by kill -9)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="letterkit-parent-watchdog", daemon=True).start()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _send_frame(fd: int, kind: bytes, payload: bytes) -> None:
    _write_all(fd, kind + len(payload).to_bytes(8, "big") + payload)


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _worker_main(task_fd: int, result_fd: int, options: dict[str, Any], memory_limit: int | None) -> None:
    """A worker process: read tasks until its task pipe closes, send one result per task."""
    import signal

    # Ctrl-C is the parent's to handle (it ends the workers); a worker would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    memory_limit = effective_memory_limit(memory_limit)
    if memory_limit:
        try:
            import resource

            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, hard))
        except (ImportError, ValueError, OSError):  # not on this platform: the deadline still guards
            pass
    while True:
        header = _read_exact(task_fd, _HEADER)
        if header is None:
            return
        body = _read_exact(task_fd, int.from_bytes(header[1:], "big"))
        if body is None:
            return
        index, task = pickle.loads(body)
        _send_frame(result_fd, _BEGIN, index.to_bytes(8, "big"))
        with collect() as messages:  # warnings and log records travel with the result
            result = read_task(task, options)
        result.messages = messages
        result.index = index
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result must still produce one record
            err = ErrorRecord(
                task.label, type(exc).__name__, "internal-error", f"result not transferable: {exc}"
            )
            payload = pickle.dumps(BatchResult(input=task.label, error=err, index=index))
        _send_frame(result_fd, _RESULT, payload)


#: a letter made up for warming up the reading machinery (see :func:`_warm_up`)
_WARM_UP_LETTER = (
    b"Paris, 3 July 2006\n\nDear Anna,\n\nThank you for the book you sent last week; I have read it "
    b"twice already and enjoyed it very much. The weather here is fine and we hope to see you soon.\n\n"
    b"Yours sincerely,\n\nMarc\n"
)  # long enough for language identification, whose model is the slowest part to load
_warmed = False


def _warm_up() -> None:
    """Load the reading machinery (imports, the zone model) once in the parent, before any fork: every
    worker, fresh ones included, then starts warm, so a per-document deadline measures the document
    and not a worker's start-up. Only a made-up letter is read here, never an input."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    with contextlib.suppress(Exception):
        read_letter(_WARM_UP_LETTER)


@dataclass
class _Worker:
    pid: int
    task_fd: int  # the parent's end of the task pipe
    result_fd: int  # the parent's end of the result pipe
    buffer: bytearray = field(default_factory=bytearray)
    #: index, task, time sent, time begun (None until the worker says it began)
    current: tuple[int, Task, float, float | None] | None = None
    exitcode: int | None = None  # set once reaped: >= 0 an exit status, < 0 minus the signal number

    def poll_exit(self) -> int | None:
        """The worker's exit code if it has ended (reaping it), else None."""
        if self.exitcode is not None:
            return self.exitcode
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.exitcode = -9
            return self.exitcode
        if pid == 0:
            return None
        self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode


@dataclass
class _Pool:
    """Worker processes, each fed one task at a time so a stuck one can be ended alone."""

    size: int
    options: dict[str, Any]
    memory_limit: int | None
    workers: list[_Worker] = field(default_factory=list)

    def __post_init__(self) -> None:
        _warm_up()
        self.workers = [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        parent = os.getpid()
        others = [fd for w in self.workers for fd in (w.task_fd, w.result_fd)]
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 0
            try:
                os.close(task_w)
                os.close(result_r)
                for fd in others:  # other workers' pipes: their ends must close when the parent does
                    with contextlib.suppress(OSError):
                        os.close(fd)
                with contextlib.suppress(OSError):
                    os.setpgid(0, 0)  # its own group: a kill reaches the helpers it started too
                _die_with_parent(parent)
                _worker_main(task_r, result_w, self.options, self.memory_limit)
            except BaseException:  # the worker's exit code says it failed
                code = 70
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        os.set_blocking(result_r, False)
        return _Worker(pid, task_w, result_r)

    def send(self, w: _Worker, index: int, task: Task) -> bool:
        """Give a task to an idle worker; False if the worker is gone (it is then replaced)."""
        body = pickle.dumps((index, task), protocol=pickle.HIGHEST_PROTOCOL)
        w.current = (index, task, time.monotonic(), None)
        try:
            _write_all(w.task_fd, _TASK + len(body).to_bytes(8, "big") + body)
        except OSError:
            return False
        return True

    def _discard(self, w: _Worker) -> None:
        with contextlib.suppress(OSError):
            os.killpg(w.pid, 9)
        with contextlib.suppress(OSError):
            os.kill(w.pid, 9)
        for fd in (w.task_fd, w.result_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        if w.exitcode is None:
            with contextlib.suppress(ChildProcessError):
                _, status = os.waitpid(w.pid, 0)
                w.exitcode = os.waitstatus_to_exitcode(status)

    def replace(self, w: _Worker) -> _Worker:
        """End a worker (and whatever it started) and put a fresh one in its place."""
        self._discard(w)
        fresh = self._spawn()
        self.workers[self.workers.index(w)] = fresh
        return fresh

    def close(self) -> None:
        for w in self.workers:  # closing the task pipe tells an idle worker to stop
            with contextlib.suppress(OSError):
                os.close(w.task_fd)
        deadline = time.monotonic() + 2
        for w in self.workers:
            while w.poll_exit() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            self._discard(w)

    def frames(self, w: _Worker) -> tuple[list[tuple[bytes, bytes]], bool]:
        """Complete frames the worker has sent so far, and whether its pipe reached its end."""
        eof = False
        while True:
            try:
                chunk = os.read(w.result_fd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                eof = True
                break
            if not chunk:
                eof = True
                break
            w.buffer += chunk
        out = []
        while len(w.buffer) >= _HEADER:
            size = int.from_bytes(w.buffer[1:_HEADER], "big")
            if len(w.buffer) < _HEADER + size:
                break
            out.append((bytes(w.buffer[:1]), bytes(w.buffer[_HEADER : _HEADER + size])))
            del w.buffer[: _HEADER + size]
        return out, eof


def _crash_message(code: int | None, memory_limit: int | None) -> str:
    if code is not None and code < 0:
        import signal

        try:
            what = f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            what = f"was killed by signal {-code}"
    else:
        what = f"died (exit code {code})"
    memory_limit = effective_memory_limit(memory_limit)
    cap = f" (memory cap {memory_limit // (1024 * 1024)} MB)" if memory_limit else ""
    return (
        f"The worker reading this input {what}, likely out of memory{cap} or a crash in a native "
        "library; the batch went on with a new worker."
    )


def _pooled(
    tasks: Iterator[Task],
    workers: int,
    timeout: float | None,
    memory_limit: int | None,
    options: dict[str, Any],
) -> Iterator[BatchResult[Letter]]:
    import select

    pool = _Pool(workers, options, memory_limit)
    pending = iter(enumerate(tasks))
    exhausted = False
    retry: list[tuple[int, Task]] = []  # tasks whose worker was gone before it got them
    try:
        while True:
            for w in pool.workers:
                if w.current is not None:
                    continue
                nxt = retry.pop() if retry else (None if exhausted else next(pending, None))
                if nxt is None:
                    exhausted = True
                    continue
                if not pool.send(w, *nxt):
                    fresh = pool.replace(w)
                    if not pool.send(fresh, *nxt):  # twice: starting workers fails, say so
                        fresh.current = None
                        yield BatchResult(
                            input=nxt[1].label,
                            error=ErrorRecord(
                                nxt[1].label, "WorkerCrashed", "worker-crashed",
                                "No worker process could be started for this input.",
                            ),
                            index=nxt[0],
                        )
            busy = [w for w in pool.workers if w.current is not None]
            if not busy and exhausted and not retry:
                return
            try:
                ready, _, _ = select.select([w.result_fd for w in busy], [], [], POLL_INTERVAL)
            except InterruptedError:
                ready = []
            now = time.monotonic()
            for w in list(busy):
                assert w.current is not None
                index, task, sent, begun = w.current
                done: BatchResult[Letter] | None = None
                if w.result_fd in ready:
                    frames, eof = pool.frames(w)
                    for kind, payload in frames:
                        if kind == _BEGIN and int.from_bytes(payload, "big") == index:
                            begun = time.monotonic()
                            w.current = (index, task, sent, begun)
                        elif kind == _RESULT:
                            result = pickle.loads(payload)
                            if isinstance(result, BatchResult) and result.index == index:
                                done = result
                    if done is not None:
                        w.current = None
                        replay(done.messages, done.input)
                        yield done
                        continue
                    if eof:
                        code = w.poll_exit()
                        if code is None:
                            with contextlib.suppress(ChildProcessError):
                                _, status = os.waitpid(w.pid, 0)
                                w.exitcode = code = os.waitstatus_to_exitcode(status)
                        pool.replace(w)
                        yield BatchResult(
                            input=task.label,
                            error=ErrorRecord(
                                task.label, "WorkerCrashed", "worker-crashed",
                                _crash_message(code, memory_limit),
                            ),
                            index=index,
                            seconds=now - (begun or sent),
                        )
                        continue
                overdue = (
                    timeout is not None
                    and (now - begun > timeout if begun is not None else now - sent > timeout + STARTUP_GRACE)
                )
                if overdue:
                    log.info("%s: past the timeout of %g s; its worker was replaced", task.label, timeout)
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
                        seconds=now - (begun or sent),
                    )
                elif w.poll_exit() is not None and w.result_fd not in ready:
                    # ended without its pipe closing (a helper it started holds the pipe): crashed
                    frames, _ = pool.frames(w)
                    late = [p for k, p in frames if k == _RESULT]
                    if late:
                        result = pickle.loads(late[-1])
                        w.current = None
                        pool.replace(w)
                        replay(result.messages, result.input)
                        yield result
                        continue
                    code = w.exitcode
                    pool.replace(w)
                    yield BatchResult(
                        input=task.label,
                        error=ErrorRecord(
                            task.label, "WorkerCrashed", "worker-crashed", _crash_message(code, memory_limit)
                        ),
                        index=index,
                        seconds=now - (begun or sent),
                    )
    finally:
        pool.close()


def run_batch(
    inputs: Iterable[BatchInput],
    workers: int = 1,
    timeout: float | None = None,
    memory_limit: int | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    isolate: bool = True,
    **options: Any,
) -> Iterator[BatchResult[Letter]]:
    """The engine of :func:`read_letters`, without its check of the keyword arguments.

    Every input is read in a worker process, whatever ``workers`` says (a document that crashes,
    aborts or eats the machine's memory must not take the batch down); ``timeout`` defaults to a
    little over the reading time limit and ``memory_limit`` to a share of the machine's memory (0
    for no cap). ``isolate=False`` reads in this process instead (debugging; platforms without fork).
    """
    tasks = expand_inputs(inputs, include, exclude)
    if not isolate or not hasattr(os, "fork"):
        for index, task in enumerate(tasks):
            result = read_task(task, options)
            result.index = index
            yield result
        return
    workers = max(1, workers)
    if timeout is None:
        timeout = default_timeout(options)
    if memory_limit is None:
        memory_limit = default_memory_limit(workers)
    yield from _pooled(tasks, workers, timeout, memory_limit or None, options)


def read_letters(
    inputs: Iterable[BatchInput],
    workers: int = 1,
    timeout: float | None = None,
    memory_limit: int | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    **options: Any,
) -> Iterator[BatchResult[Letter]]:
    """Read many letters; yield exactly one :class:`BatchResult` per input, whatever happens.

    ``inputs`` are paths, folders (walked recursively; ``include``/``exclude`` glob patterns filter
    their files), zip archives of letters, fsspec URLs (``s3://bucket/letters/*.pdf``, with fsspec
    installed), bytes or binary file objects. Every input is read in a worker process (``workers``
    of them), so that a document that crashes its reader, hangs or eats memory costs one error record
    and a fresh worker, never the batch: ``timeout`` (seconds per document) defaults to a little over
    the reading time limit, ``memory_limit`` (bytes per worker, 0 for none) to a share of the machine's
    memory; ``isolate=False`` reads in this process instead. Results come in the order they finish
    (see ``BatchResult.index`` for the input order). Other keyword arguments go to
    :func:`letterkit.read_letter`, and are checked here, before any input is read: a misspelt one is a
    ``TypeError`` at once.

    >>> letter = (b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...           b"Yours sincerely,\\n\\nMarc Dubois")
    >>> for result in read_letters([letter, "missing.txt"]):
    ...     print(result.index, result.ok, result.letter.date if result.ok else result.error.code)
    0 True 2006-07-03
    1 False input-not-found
    """
    check_options(options, BATCH_OPTIONS, "read_letters")
    return run_batch(
        inputs,
        workers=workers,
        timeout=timeout,
        memory_limit=memory_limit,
        include=include,
        exclude=exclude,
        **options,
    )


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
