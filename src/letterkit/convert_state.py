"""What makes ``letterkit convert`` give exactly one result per input across interruptions.

Three pieces, used by :func:`letterkit.convert.convert`:

* :class:`RunLock`: a lock file in the output folder (``flock``, released by the kernel however the
  holder dies), so a second run into the same ``--out`` stops at once with a clear message instead of
  interleaving its writes with the first's.
* :class:`RecordStore`: one small JSON file per input under ``DIR/.letterkit/records/``, written
  atomically (temporary file, ``fsync``, rename) when the input's result arrives: its letter or its
  error. The record is keyed by the input's *identity* (its label and output path, so two copies of one
  file under two names are two inputs, each with its record) and holds a cheap fingerprint of the input
  (size and mtime, or a zip member's CRC) so that ``--resume`` redoes an input that changed. A record
  replaces the earlier one of its input: a failure retried with ``--retry-failed`` is replaced, never
  duplicated. The single-file exports (JSONL, CSV, Parquet, CMIF, edges) and ``errors.jsonl`` are
  rebuilt from the records at the end of every run, so after a kill and a resume they hold every
  earlier letter once, whatever moment the kill hit.
* :func:`output_errors`: a full, read-only or vanished output folder raises :class:`OutputError`
  (exit status 2, a message naming the folder and ``--resume``), never an "internal error".

Every write into the output folder goes through :func:`atomic_write` or :func:`atomic_stream`, so a
crash leaves either the old file or the new one, and at worst a ``*.letterkit-tmp`` file that the next
run removes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from letterkit.errors import OutputError

#: the hidden folder of a conversion's own state, in the output folder
STATE_DIR = ".letterkit"
#: the lock file, in the output folder
LOCK_FILE = ".letterkit.lock"
#: what temporary files are called (removed by the next run if a crash left them)
TMP_SUFFIX = ".letterkit-tmp"


# --- writing ---------------------------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a crash of the machine keeps it); best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_stream(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file written to a temporary name and renamed onto ``path`` once complete and synced:
    readers of ``path`` see the old file or the new one, never half of it. Names kept as surrogate
    escapes (a file name that is not UTF-8) are written as backslash escapes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        with tmp.open("w", encoding="utf-8", errors="backslashreplace", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_stream`)."""
    with atomic_stream(path) as fh:
        fh.write(text)


def remove_stale_tmp(out_dir: Path) -> int:
    """Remove the temporary files a killed run left in ``out_dir``; how many there were."""
    n = 0
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.endswith(TMP_SUFFIX) or name.endswith(".json.tmp") or name.endswith(".xml.tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))
                    n += 1
    return n


#: what a write into the output folder can fail with that is the folder's fault, not letterkit's
_OUTPUT_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "a file grew over the size allowed",
    errno.EIO: "an input/output error",
    errno.ENOENT: "the folder was removed while writing",
    errno.ENOTDIR: "a path in it is not a folder",
}


@contextlib.contextmanager
def output_errors(out_dir: Path) -> Iterator[None]:
    """Turn a failed write into the output folder into :class:`OutputError` with what to do."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(
            f"Cannot write into the output folder {out_dir}: {_OUTPUT_ERRNOS[exc.errno]}{where}. "
            "What was converted is kept; make room or make it writable and run the same command with "
            "--resume to go on."
        ) from exc


# --- the lock --------------------------------------------------------------------------------------


class RunLock:
    """An exclusive ``flock`` on ``DIR/.letterkit.lock`` for the length of a run. The kernel drops it
    when the process dies, kill -9 included, so a stale lock never blocks a later run."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> RunLock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                pid = int(os.pread(fd, 32, 0).decode().split()[0])
                holder = f" (process {pid})"
            os.close(fd)
            raise OutputError(
                f"Another letterkit convert{holder} is writing into {self.path.parent}; two runs into one "
                "--out would mix their results. Wait for it to finish, or give another --out."
            ) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock; the file stays (removing it would race a new run)
            self.fd = None


# --- the records -----------------------------------------------------------------------------------


def identity(label: str, base: str) -> str:
    """The key of an input: its label and its output path (relative to the output folder)."""
    raw = f"{label}\0{base}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def fingerprint(task: Any) -> list[Any] | None:
    """A cheap stamp of what an input holds now, without reading it: size and mtime of a file, CRC and
    sizes of a zip member; None when there is nothing cheap to compare (URLs, bytes)."""
    import stat
    import zipfile

    try:
        if task.data is not None or task.url is not None:
            return None
        if task.path is None or task.unreadable is not None:
            return None
        if task.member is not None:
            with zipfile.ZipFile(task.path) as zf:
                info = zf.getinfo(task.member)
            return ["member", info.CRC, info.file_size, info.compress_size]
        st = os.stat(task.path)
        if not stat.S_ISREG(st.st_mode):
            return None
        return ["file", st.st_size, st.st_mtime_ns]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None


@dataclass(slots=True)
class Record:
    """One input's outcome as stored: a letter (``status == "ok"``) or an error record."""

    key: str
    input: str
    base: str
    status: str
    seq: int
    stamp: list[Any] | None = None
    letter: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def to_json(self) -> str:
        data = {
            "key": self.key, "input": self.input, "base": self.base, "status": self.status,
            "seq": self.seq, "stamp": self.stamp, "letter": self.letter, "error": self.error,
        }
        return json.dumps(data, ensure_ascii=True)  # surrogate escapes of odd names kept as \udcXX


class RecordStore:
    """The per-input records of an output folder (see the module docstring)."""

    def __init__(self, out_dir: Path, fresh: bool) -> None:
        self.root = out_dir / STATE_DIR / "records"
        if fresh and self.root.exists():
            for path in self._files():
                path.unlink()
        self.root.mkdir(parents=True, exist_ok=True)
        self._seq = 0

    def _files(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from sorted(p for p in sub.iterdir() if p.suffix == ".record")

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.record"

    def load(self) -> dict[str, Record]:
        """Every readable record by key, without its letter (:meth:`letter` reads it when needed, so
        memory stays flat over a large archive). A record torn by a crash of the machine is dropped:
        its input is simply converted again."""
        out: dict[str, Record] = {}
        for path in self._files():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                rec = Record(
                    key=data["key"], input=data["input"], base=data["base"], status=data["status"],
                    seq=int(data["seq"]), stamp=data.get("stamp"), letter=data.get("letter"),
                    error=data.get("error"),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if rec.status not in ("ok", "failed") or (rec.status == "ok") != (rec.letter is not None):
                continue
            rec.letter = None
            out[rec.key] = rec
            self._seq = max(self._seq, rec.seq)
        return out

    def letter(self, record: Record) -> Any:
        """The :class:`~letterkit.model.Letter` of an ``ok`` record, read back from its file."""
        from letterkit.model import Letter

        data = json.loads(self._path(record.key).read_text(encoding="utf-8"))
        return Letter.model_validate(data["letter"])

    def letters(self, records: list[Record]) -> Iterator[tuple[str, Any]]:
        """``(input, Letter)`` of every ``ok`` record, in the order given, one at a time."""
        for rec in records:
            if rec.status == "ok":
                yield rec.input, self.letter(rec)

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def put(self, record: Record) -> None:
        """Store (or replace) ``record`` atomically: after this returns, the input is done."""
        atomic_write(self._path(record.key), record.to_json())


def ordered(records: dict[str, Record], order: dict[str, int]) -> list[Record]:
    """Records in the order of the current plan (``order``: key -> position), then any others (inputs of
    earlier runs not given this time) in the order they were done."""
    big = len(order)
    return sorted(records.values(), key=lambda r: (order.get(r.key, big), r.seq))
