"""Archive conversion (what ``letterkit convert`` runs): plan, read in a pool, write, resume, summarise.

An archive conversion is planned first: every input file (folders walked, zip archives opened) gets
the output path it will write, mirroring the input tree. Inputs are then read by the batch engine
(:mod:`letterkit.batch`) and each result is written as it arrives, so an interrupted run leaves
complete files behind. Each input's result is also recorded in the output folder
(:mod:`letterkit.convert_state`), keyed by the input's identity, so that ``--resume`` skips exactly
the inputs done, and the single-file outputs are rebuilt from those records: every input ends with
exactly one result, however often the run was interrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from letterkit.batch import run_batch
from letterkit.convert_state import (
    TMP_SUFFIX,
    Record,
    RecordStore,
    RunLock,
    atomic_stream,
    atomic_write,
    fingerprint,
    identity,
    ordered,
    output_errors,
    remove_stale_tmp,
)
from letterkit.core.results import BatchResult, ErrorRecord
from letterkit.inputs import Task, is_zip_archive, printable, safe_member_path, walk

#: every failure, one JSON line each, in the output folder
ERRORS_FILE = "errors.jsonl"
#: output kinds ``--to`` accepts
OUTPUT_KINDS = ("json", "jsonl", "csv", "parquet", "tei", "cmif", "edges")


@dataclass(frozen=True, slots=True)
class Job:
    """One input of the conversion and where its output goes (without suffix)."""

    task: Task
    base: Path

    @property
    def label(self) -> str:
        """The input's label (its path, ``archive.zip!member`` or URL), as in error records."""
        return self.task.label


def known_extensions() -> set[str]:
    """The extensions some installed reader knows: the files taken from folders (plugins included)."""
    from letterkit.readers.registry import available_readers

    return {ext.lower() for reader in available_readers() for ext in reader.extensions}


def plan(
    inputs: Sequence[str],
    out_dir: Path,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> list[Job]:
    """Every input file with its output path; folders keep their structure under ``out_dir``.

    The inputs are walked as :func:`letterkit.read_letters` walks them (:func:`letterkit.inputs.walk`),
    except that folders skip the output folder and take only files whose extension a reader knows (a
    folder of letters often also holds notes and earlier output) or zip archives, whose members are
    planned as ``<archive name>/<member path>``; an mbox is one input here.
    """
    known: set[str] | None = None

    def readable(name: str) -> bool:
        nonlocal known
        if known is None:
            known = known_extensions()
        return "." in name and name.rsplit(".", 1)[-1].lower() in known

    # folders and zip archives by their normalised path, other inputs as given: the labels are the
    # inputs' identities that --resume finds them by, and have always been made so
    def label(given: str) -> str:
        walked = os.path.isdir(given) or (os.path.isfile(given) and is_zip_archive(given))
        return str(Path(given)) if walked and "://" not in given else given

    jobs: list[Job] = []
    for found in walk([label(g) for g in inputs], include, exclude, keep=readable, prune=out_dir,
                      split_mbox=False):
        task = found.task
        if found.archived:
            archive = out_dir / safe_member_path(str(Path(found.where).with_suffix("")))
            jobs.append(Job(task, archive / safe_member_path(task.member) if task.member else archive))
        else:
            jobs.append(Job(task, out_dir / safe_member_path(found.where)))
    for job in jobs:  # defence in depth: no output path may leave the output folder
        if not os.path.normpath(job.base).startswith(os.path.normpath(out_dir) + os.sep):
            raise ValueError(f"output path {job.base!s} is outside {out_dir}")
    return _unique(jobs)


def _unique(jobs: list[Job]) -> list[Job]:
    """Two inputs with one output name (a/x.txt and b/x.txt given as files): number the later ones."""
    used: dict[Path, int] = {}
    out = []
    for job in jobs:
        n = used.get(job.base, 0) + 1
        used[job.base] = n
        out.append(job if n == 1 else Job(job.task, job.base.with_name(f"{job.base.name}-{n}")))
    return out


def content_hash(task: Task) -> str:
    """The sha256 of the input's bytes (what --resume compares), or of its label when unreadable."""
    h = hashlib.sha256()
    try:
        if task.data is not None:
            h.update(task.data)
        elif task.unreadable is not None and task.path is None:  # refused: never opened
            h.update(task.unreadable.message.encode("utf-8", "surrogatepass"))
        elif task.member is not None and task.path is not None:
            with zipfile.ZipFile(task.path) as zf, zf.open(task.member) as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        elif task.path is not None and task.url is None:
            if not stat.S_ISREG(os.stat(task.path).st_mode):  # a FIFO would block here for ever
                raise OSError(f"{task.path} is not a regular file")
            with open(task.path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        else:
            h.update(task.label.encode("utf-8", "surrogatepass"))
    except (OSError, zipfile.BadZipFile, KeyError):
        h.update(b"\0unreadable\0" + task.label.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# --- outputs ---------------------------------------------------------------------------------------
#
# Each output writes results as they arrive (so a long run shows its progress) and is finished by
# ``close(records, store)`` with every record of the output folder: the per-file outputs restore any
# file that is missing, the single-file outputs are rebuilt from the records, atomically. That rebuild
# is what keeps every earlier letter exactly once after a kill and a resume (convert_state).


class Output(Protocol):
    """Where converted letters go."""

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write a successful result; return the path written (for the progress log)."""

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Finish the output from every record of the folder, in order; called once, at the end."""


def _utf8(record: Any) -> bool:
    """Whether the record's text is valid UTF-8 (no surrogate escapes from a non-UTF-8 file name)."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_line(record: Any) -> str:
    """One JSON line; a label holding surrogate escapes is written as ``\\udcXX``, which JSON keeps
    losslessly (``os.fsencode(json.loads(line)["input"])`` gives the file name's bytes back)."""
    return json.dumps(record, ensure_ascii=not _utf8(record)) + "\n"


def _letter_json(letter: Any) -> str:
    return json.dumps(letter.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _error_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=not _utf8(record), indent=2) + "\n"


class JsonFiles:
    """One JSON file per input, mirroring the input tree (``<name>.json``, ``<name>.error.json``)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write ``<name>.json`` atomically (a crash never leaves half a file to be resumed past)."""
        path = job.base.with_name(job.base.name + ".json")
        atomic_write(path, _letter_json(result.unwrap()))
        job.base.with_name(job.base.name + ".error.json").unlink(missing_ok=True)
        return str(path)

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Restore the file of any record whose file is missing (removed, or lost with a crash of the
        machine), so that every input has its one file."""
        for rec in records:
            base = self.out_dir / rec.base
            ok, err = base.with_name(base.name + ".json"), base.with_name(base.name + ".error.json")
            if rec.status == "ok":
                err.unlink(missing_ok=True)
                if not ok.exists():
                    atomic_write(ok, _letter_json(store.letter(rec)))
            elif rec.error is not None:
                ok.unlink(missing_ok=True)
                if not err.exists():
                    atomic_write(err, _error_json(rec.error))


class TeiFiles:
    """One TEI XML file per input, mirroring the input tree (``<name>.xml``)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write ``<name>.xml``, a TEI P5 document, atomically."""
        from letterkit.export.tei import tei_string

        path = job.base.with_name(job.base.name + ".xml")
        atomic_write(path, tei_string(result.unwrap()))
        return str(path)

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Restore the TEI file of any converted input whose file is missing; a failed input has none
        (its record is in errors.jsonl)."""
        from letterkit.export.tei import tei_string

        for rec in records:
            base = self.out_dir / rec.base
            path = base.with_name(base.name + ".xml")
            if rec.status == "ok" and not path.exists():
                atomic_write(path, tei_string(store.letter(rec)))
            elif rec.status != "ok":
                path.unlink(missing_ok=True)


class JsonLines:
    """All letters in one JSON Lines file: appended to as letters come, rebuilt at the end."""

    def __init__(self, path: Path, append: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.fh: IO[str] | None = path.open("a" if append else "w", encoding="utf-8")

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Append one line (flushed: the file shows the run's progress)."""
        from letterkit.export.jsonl import dumps_line, record_of

        assert self.fh is not None
        self.fh.write(dumps_line(record_of((job.label, result.letter))))
        self.fh.flush()
        return str(self.path)

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Rewrite the file from the records: each letter once, a line torn by a kill gone."""
        from letterkit.export.jsonl import dumps_line, record_of

        if self.fh is not None:
            self.fh.close()
            self.fh = None
        with atomic_stream(self.path) as fh:
            for item in store.letters(records):
                fh.write(dumps_line(record_of(item)))


class Table:
    """A flat table, one row per letter: CSV (``letters.csv`` and ``parties.csv``, appended to as letters
    come) or Parquet; both rebuilt from the records at the end."""

    def __init__(
        self, path: Path, kind: str, append: bool, encoding: str = "utf-8", guard_formulas: bool = False
    ) -> None:
        self.path = path
        self.kind = kind
        #: ``utf-8-sig`` for Excel; the formula guard for cells that would start with = + - @ (CSV only)
        self.encoding = encoding
        self.guard_formulas = guard_formulas
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh: IO[str] | None = None
        self.parties_fh: IO[str] | None = None
        self.writer: Any = None
        self.parties_writer: Any = None
        if kind == "csv":
            import csv

            from letterkit.export.table import COLUMNS, PARTY_COLUMNS

            ppath = path.with_name("parties.csv")
            fresh = not (append and path.exists() and path.stat().st_size > 0)
            # the byte-order mark only at the start of a file (the table is rebuilt whole at the end)
            self.fh = path.open("w" if fresh else "a", encoding=encoding if fresh else "utf-8", newline="")
            self.writer = csv.DictWriter(self.fh, fieldnames=list(COLUMNS))
            pfresh = not (append and ppath.exists() and ppath.stat().st_size > 0)
            self.parties_fh = ppath.open(
                "w" if pfresh else "a", encoding=encoding if pfresh else "utf-8", newline=""
            )
            self.parties_writer = csv.DictWriter(self.parties_fh, fieldnames=PARTY_COLUMNS)
            if fresh:
                self.writer.writeheader()
            if pfresh:
                self.parties_writer.writeheader()

    def write(self, job: Job, result: BatchResult) -> str | None:
        """A CSV line at once (Parquet is written whole at the end: its footer makes it readable)."""
        if self.kind == "csv":
            from letterkit.export.table import guard_row, letter_row, party_rows

            assert self.fh is not None and self.parties_fh is not None
            letter = result.unwrap()
            row, parties = letter_row(letter, input=job.label), party_rows(letter, job.label)
            if self.guard_formulas:
                row, parties = guard_row(row), [guard_row(p) for p in parties]
            self.writer.writerow(row)
            self.fh.flush()
            self.parties_writer.writerows(parties)
            self.parties_fh.flush()
        return str(self.path)

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Rebuild the table from every record, to a temporary name renamed into place."""
        for fh in (self.fh, self.parties_fh):
            if fh is not None:
                fh.close()
        self.fh = self.parties_fh = None
        tmp = self.path.with_name(self.path.name + TMP_SUFFIX)
        try:
            if self.kind == "csv":
                from letterkit.export.table import write_csv

                ptmp = self.path.with_name("parties.csv" + TMP_SUFFIX)
                write_csv(store.letters(records), tmp, parties_path=ptmp, encoding=self.encoding,
                          guard_formulas=self.guard_formulas)
                os.replace(ptmp, self.path.with_name("parties.csv"))
            else:
                from letterkit.export.table import write_parquet

                write_parquet(store.letters(records), tmp)
            os.replace(tmp, self.path)
        finally:
            for leftover in (tmp, self.path.with_name("parties.csv" + TMP_SUFFIX)):
                leftover.unlink(missing_ok=True)


class Cmif:
    """One CMIF file (the correspondence community's exchange format) for the whole batch."""

    def __init__(
        self,
        path: Path,
        title: str,
        editor: str,
        url: str,
        editor_email: str | None = None,
        publisher: str | None = None,
        source_url: str | None = None,
        authority: str | None = None,
        tei_url: str | None = None,
    ) -> None:
        self.path = path
        self.title, self.editor, self.url = title, editor, url
        self.editor_email, self.publisher = editor_email, publisher
        self.source_url, self.tei_url = source_url, tei_url
        self.authority: dict[str, str] | None = None
        if authority:
            from letterkit.export.tei import load_authority

            self.authority = load_authority(authority)

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Nothing yet: a CMIF file describes the whole batch, so it is written at the end."""
        return str(self.path)

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Write the CMIF file for every letter of the folder, earlier runs' included."""
        from letterkit.export.tei import cmif_string

        letters = list(store.letters(records))
        if not letters:
            return
        atomic_write(
            self.path,
            cmif_string(
                letters,
                title=self.title,
                editor=self.editor,
                publisher_url=self.url,
                editor_email=self.editor_email,
                publisher=self.publisher,
                file_url=self.source_url,
                authority=self.authority,
                tei_url=self.tei_url,
            ),
        )


class Edges:
    """The correspondence network of the batch: DIR/letters.edges.csv and DIR/letters.graphml."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Nothing yet (GraphML numbers its nodes over the whole batch)."""
        return str(self.out_dir / "letters.edges.csv")

    def close(self, records: list[Record], store: RecordStore) -> None:
        """Write the edge list and the GraphML, each to a temporary name renamed into place."""
        from letterkit.export.edges import write_edges_csv, write_graphml

        letters = list(store.letters(records))
        for name, write in (("letters.edges.csv", write_edges_csv), ("letters.graphml", write_graphml)):
            final = self.out_dir / name
            tmp = final.with_name(name + TMP_SUFFIX)
            try:
                write(letters, tmp)
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)


#: CMIF's mandatory metadata, when the caller gives none (the CLI has options for each)
CMIF_DEFAULTS = {
    "title": "Letters converted with letterkit",
    "editor": "letterkit",
    "url": "https://example.org/letters",
}


def make_output(
    kind: str,
    out_dir: Path,
    append: bool,
    cmif: dict[str, Any] | None = None,
    csv: dict[str, Any] | None = None,
) -> Output:
    """The :class:`Output` for ``--to kind`` (one of :data:`OUTPUT_KINDS`) writing into ``out_dir``.

    ``append`` continues the streamed single-file outputs of an earlier run (``--resume``); ``cmif``
    gives the CMIF file's ``title``, ``editor`` and ``url``; ``csv`` the CSV's ``encoding`` and
    ``guard_formulas`` (see :func:`letterkit.export.table.write_csv`).
    """
    if kind == "json":
        return JsonFiles(out_dir)
    if kind == "tei":
        return TeiFiles(out_dir)
    if kind == "jsonl":
        return JsonLines(out_dir / "letters.jsonl", append)
    if kind in ("csv", "parquet"):
        if kind == "parquet":
            from letterkit.export.table import _pyarrow

            _pyarrow()  # a MissingDependency naming the extra, before any input is read
        return Table(out_dir / f"letters.{kind}", kind, append, **((csv or {}) if kind == "csv" else {}))
    if kind == "cmif":
        return Cmif(out_dir / "letters.cmif.xml", **(cmif or {}))
    if kind == "edges":
        return Edges(out_dir)
    raise ValueError(f"unknown output kind {kind!r}; choose from {', '.join(OUTPUT_KINDS)}")


class Streamed:
    """``--out -``: JSON Lines, or CSV rows with letters.csv's columns (no parties.csv), written to a
    stream as letters come; nothing is written in the output folder. The stream is the caller's: it is
    flushed, never closed."""

    def __init__(self, kind: str, stream: IO[str], header: bool, csv: dict[str, Any] | None = None) -> None:
        if kind not in ("jsonl", "csv"):
            raise ValueError(f"only jsonl and csv can be streamed, not {kind}")
        self.kind = kind
        self.stream = stream
        self.header = header
        self.guard_formulas = bool((csv or {}).get("guard_formulas"))
        self.writer: Any = None

    def write(self, job: Job, result: BatchResult) -> str | None:
        if self.kind == "jsonl":
            from letterkit.export.jsonl import dumps_line, record_of

            self.stream.write(dumps_line(record_of((job.label, result.unwrap()))))
        else:
            import csv as csv_module

            from letterkit.export.table import COLUMNS, guard_row, letter_row

            row = letter_row(result.unwrap(), input=job.label)
            if self.guard_formulas:
                row = guard_row(row)
            if self.writer is None:
                self.writer = csv_module.DictWriter(self.stream, fieldnames=list(COLUMNS))
                if self.header:
                    self.writer.writeheader()
            self.writer.writerow(row)
        self.stream.flush()  # a reader at the other end of a pipe sees each letter at once
        return "standard output"

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # the reader left: the error was seen already
            self.stream.flush()


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a conversion did, for the closing table and the exit status."""

    planned: int = 0
    skipped: int = 0
    converted: int = 0
    #: inputs that have an error record at the end of the run (this run's and those kept from earlier)
    failed: int = 0
    #: of ``failed``, the failures of earlier runs kept without retrying (``--retry-failed`` retries)
    failed_earlier: int = 0
    seconds: float = 0.0
    by_error: Counter[str] = field(default_factory=Counter)
    by_format: Counter[str] = field(default_factory=Counter)
    failed_by_format: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        """Inputs finished (converted or failed) in this run per second of the run."""
        done = self.converted + self.failed - self.failed_earlier
        return done / self.seconds if self.seconds > 0 else 0.0

    def table(self) -> str:
        """The closing summary: counts, failures by error class, per format, and the rate."""
        rows = [
            ("inputs", str(self.planned)),
            ("skipped (--resume)", str(self.skipped)),
            ("converted", str(self.converted)),
            ("failed", str(self.failed)),
        ]
        if self.failed_earlier:
            rows.append(("  of which earlier (kept)", f"{self.failed_earlier} (--retry-failed retries them)"))
        rows += [(f"  failed: {name}", str(n)) for name, n in self.by_error.most_common()]
        for fmt in sorted(set(self.by_format) | set(self.failed_by_format)):
            rows.append(
                (f"format {fmt}", f"{self.by_format[fmt]} converted, {self.failed_by_format[fmt]} failed")
            )
        rows.append(("letters/s", f"{self.rate:.1f}"))
        width = max(len(a) for a, _ in rows)
        return "\n".join(f"{a:<{width}}  {b}" for a, b in rows)


def _load_state(path: Path) -> set[str]:
    done: set[str] = set()
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    done.add(json.loads(line)["sha256"])
    return done


def _format_of(job: Job) -> str:
    name = (job.task.member or job.task.path or job.task.url or job.label).lower()
    if name.endswith(".scan.pdf"):
        return "pdf"
    return name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else "?"


def _relative(base: Path, out_dir: Path) -> str:
    """A job's output path relative to the output folder (what its identity and record keep)."""
    return os.path.relpath(base, out_dir)


def convert(
    jobs: list[Job],
    out_dir: Path,
    to: str = "json",
    workers: int = 1,
    timeout: float | None = None,
    memory_limit: int | None = None,
    resume: bool = False,
    progress: bool = False,
    log: IO[str] | None = None,
    errors_log: IO[str] | None = None,
    cmif: dict[str, Any] | None = None,
    retry_failed: bool = False,
    stream: IO[str] | None = None,
    state_file: Path | None = None,
    csv: dict[str, Any] | None = None,
    **read_options: Any,
) -> Summary:
    """Convert planned jobs; write each result as it arrives; return the summary.

    With ``stream`` (``--out -``) the letters go to it and nothing is written in ``out_dir``
    (:func:`_convert_streamed`).

    The output folder is locked for the run (a second run into it raises :class:`OutputError`); each
    result is recorded (``convert_state``) right after its output is written. With ``resume`` the
    inputs recorded as converted, and unchanged since, are skipped; recorded failures are kept unless
    ``retry_failed``, and a retried input's record replaces its earlier one. A folder that cannot be
    written raises :class:`OutputError`; ``--resume`` continues from what was recorded.
    """
    if stream is not None:
        return _convert_streamed(
            jobs, to, stream, state_file, workers, timeout, memory_limit, resume, progress, log, errors_log,
            csv, read_options,
        )
    with output_errors(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        with RunLock(out_dir):
            return _convert_locked(
                jobs, out_dir, to, workers, timeout, memory_limit, resume, progress, log, errors_log,
                cmif, retry_failed, read_options, csv,
            )


class _Recorder(Protocol):
    """What a conversion does with each result besides counting it: write and record it."""

    def ok(self, index: int, job: Job, result: BatchResult) -> str:
        """Write and record a letter; return where it went (for the progress log)."""

    def failed(self, index: int, job: Job, err: ErrorRecord) -> None:
        """Record a failure."""


def _read_all(
    todo: list[Job], summary: Summary, recorder: _Recorder, workers: int, timeout: float | None,
    memory_limit: int | None, progress: bool, log: IO[str] | None, errors_log: IO[str] | None,
    read_options: dict[str, Any],
) -> None:  # fmt: skip
    """Read ``todo`` in the worker pool and hand each result to ``recorder`` as it comes, counting it
    in ``summary`` and logging it; the workers are ended however the loop ends (Ctrl-C, a full disk,
    a reader that left the pipe), not at garbage collection."""
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="letter", dynamic_ncols=True, smoothing=0.1)
    batch = run_batch(
        [job.task for job in todo], workers=workers, timeout=timeout, memory_limit=memory_limit,
        **read_options,
    )
    try:
        for result in batch:
            job = todo[result.index]
            if result.letter is not None:
                written = recorder.ok(result.index, job, result)
                summary.converted += 1
                summary.by_format[str(result.letter.source.format)] += 1
                if log is not None:
                    log.write(f"ok      {printable(job.label)} -> {printable(written)}\n")
            else:
                err = result.error or ErrorRecord(job.label, "UnknownError", "error", "no result")
                recorder.failed(result.index, job, err)
                summary.failed += 1
                summary.by_error[err.error] += 1
                summary.failed_by_format[_format_of(job)] += 1
                if errors_log is not None:
                    errors_log.write(f"failed  {printable(job.label)}: {printable(err.message)}\n")
            if bar is not None:
                bar.update(1)
    finally:
        close = getattr(batch, "close", None)
        if close is not None:
            close()
        if bar is not None:
            bar.close()


@dataclass
class _FolderRecorder:
    """Into the output folder: the output, ``errors.jsonl`` (and ``<name>.error.json`` for ``--to
    json``), and each input's record (``convert_state``) right after its output is written."""

    output: Output
    store: RecordStore
    errors: IO[str]
    out_dir: Path
    to: str
    keys: list[str]
    stamps: list[list[Any] | None]

    def ok(self, index: int, job: Job, result: BatchResult) -> str:
        written = self.output.write(job, result)
        letter = result.unwrap().model_dump(mode="json")
        self.store.put(Record(self.keys[index], job.label, _relative(job.base, self.out_dir), "ok",
                              self.store.next_seq(), self.stamps[index], letter=letter))
        return str(written)

    def failed(self, index: int, job: Job, err: ErrorRecord) -> None:
        record = {**err.model_dump(), "input": job.label}
        self.errors.write(_json_line(record))
        self.errors.flush()
        if self.to == "json":
            atomic_write(job.base.with_name(job.base.name + ".error.json"), _error_json(record))
            job.base.with_name(job.base.name + ".json").unlink(missing_ok=True)
        self.store.put(Record(self.keys[index], job.label, _relative(job.base, self.out_dir), "failed",
                              self.store.next_seq(), self.stamps[index], error=record))


@dataclass
class _StreamRecorder:
    """To a stream (``--out -``): each letter written, and its content hash noted in the state file
    (flushed) so that ``--resume`` skips it; failures only counted and logged."""

    output: Streamed
    state: IO[str]
    hashes: list[str]

    def ok(self, index: int, job: Job, result: BatchResult) -> str:
        written = self.output.write(job, result)
        self.state.write(json.dumps({"sha256": self.hashes[index], "input": job.label}) + "\n")
        self.state.flush()
        return str(written)

    def failed(self, index: int, job: Job, err: ErrorRecord) -> None:
        return None


def _convert_locked(
    jobs: list[Job], out_dir: Path, to: str, workers: int, timeout: float | None, memory_limit: int | None,
    resume: bool, progress: bool, log: IO[str] | None, errors_log: IO[str] | None,
    cmif: dict[str, Any] | None, retry_failed: bool, read_options: dict[str, Any],
    csv: dict[str, Any] | None = None,
) -> Summary:  # fmt: skip
    remove_stale_tmp(out_dir)
    store = RecordStore(out_dir, fresh=not resume)
    earlier = store.load() if resume else {}
    summary = Summary(planned=len(jobs))
    keys = [identity(job.label, _relative(job.base, out_dir)) for job in jobs]
    order = {key: i for i, key in enumerate(keys)}
    stamp_of = Fingerprints()
    todo: list[Job] = []
    todo_keys: list[str] = []
    todo_stamps: list[list[Any] | None] = []
    for job, key in zip(jobs, keys, strict=True):
        stamp = stamp_of(job.task)
        rec = earlier.get(key)
        if rec is not None and rec.stamp == stamp:
            if rec.status == "ok":
                summary.skipped += 1
                continue
            if not retry_failed:
                summary.failed += 1
                summary.failed_earlier += 1
                summary.by_error[str((rec.error or {}).get("error", "UnknownError"))] += 1
                summary.failed_by_format[_format_of(job)] += 1
                continue
        todo.append(job)
        todo_keys.append(key)
        todo_stamps.append(stamp)
    output = make_output(to, out_dir, append=resume, cmif={**CMIF_DEFAULTS, **(cmif or {})}, csv=csv)
    errors_path = out_dir / ERRORS_FILE
    start = time.perf_counter()
    errors = errors_path.open("a" if resume else "w", encoding="utf-8")
    recorder = _FolderRecorder(output, store, errors, out_dir, to, todo_keys, todo_stamps)
    try:
        _read_all(todo, summary, recorder, workers, timeout, memory_limit, progress, log, errors_log,
                  read_options)
    except BaseException:
        # the run is stopping (Ctrl-C, a full disk...): finish the outputs from what was recorded if
        # the folder lets us; if it does not, --resume will
        with contextlib.suppress(OSError):
            _finish(output, errors, errors_path, store, order)
        raise
    else:
        _finish(output, errors, errors_path, store, order)
    finally:
        errors.close()
        summary.seconds = time.perf_counter() - start
    return summary


def _convert_streamed(
    jobs: list[Job], to: str, stream: IO[str], state_file: Path | None, workers: int, timeout: float | None,
    memory_limit: int | None, resume: bool, progress: bool, log: IO[str] | None, errors_log: IO[str] | None,
    csv: dict[str, Any] | None, read_options: dict[str, Any],
) -> Summary:  # fmt: skip
    """``--out -``: each letter to ``stream`` as it comes, failures to ``errors_log`` only. The inputs
    written are recorded in ``state_file`` (by content hash, one JSON line each, flushed) when one is
    given, so that a run whose reader left (a BrokenPipeError, which ends the run) can ``--resume``."""
    state_path = state_file or Path(os.devnull)
    summary = Summary(planned=len(jobs))
    hashes: list[str] = []
    todo: list[Job] = []
    done = _load_state(state_path) if resume else set()
    for job in jobs:
        digest = content_hash(job.task)
        if digest in done:
            summary.skipped += 1
            continue
        hashes.append(digest)
        todo.append(job)
    output = Streamed(to, stream, header=not (resume and done), csv=csv)
    start = time.perf_counter()
    with state_path.open("a" if resume else "w", encoding="utf-8") as state:
        try:
            _read_all(todo, summary, _StreamRecorder(output, state, hashes), workers, timeout, memory_limit,
                      progress, log, errors_log, read_options)
        finally:
            output.close()
            summary.seconds = time.perf_counter() - start
    return summary


def _finish(
    output: Output, errors: IO[str], errors_path: Path, store: RecordStore, order: dict[str, int]
) -> None:
    """Rebuild the outputs and ``errors.jsonl`` from every record: each input once, in plan order."""
    records = ordered(store.load(), order)
    output.close(records, store)
    errors.close()
    with atomic_stream(errors_path) as fh:
        for rec in records:
            if rec.status != "ok" and rec.error is not None:
                fh.write(_json_line(rec.error))


class Fingerprints:
    """:func:`letterkit.convert_state.fingerprint` with each zip archive's directory read once."""

    def __init__(self) -> None:
        self._members: dict[str, dict[str, list[Any]]] = {}

    def __call__(self, task: Task) -> list[Any] | None:
        if task.member is None or task.path is None:
            return fingerprint(task)
        if task.path not in self._members:
            try:
                with zipfile.ZipFile(task.path) as zf:
                    self._members[task.path] = {
                        i.filename: ["member", i.CRC, i.file_size, i.compress_size] for i in zf.infolist()
                    }
            except (OSError, zipfile.BadZipFile, ValueError):
                self._members[task.path] = {}
        return self._members[task.path].get(task.member)
