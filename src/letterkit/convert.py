"""Archive conversion (what ``letterkit convert`` runs): plan, read in a pool, write, resume, summarise.

An archive conversion is planned first: every input file (folders walked, zip archives opened) gets
the output path it will write, mirroring the input tree. Inputs are then read by the batch engine
(:mod:`letterkit.batch`) and each result is written as it arrives, so an interrupted run leaves
complete files behind. A state file records the content hash of every input converted, so that
``--resume`` skips exactly those and converts only the rest, even if files were renamed or moved.
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

from letterkit.batch import BatchResult, ErrorRecord, Task, printable, run_batch

#: the state file, in the output folder: one JSON line per input converted ({"sha256", "input"})
STATE_FILE = ".letterkit-state.jsonl"
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

    Walked folders skip hidden files and the output folder, and take only files whose extension a
    reader knows (a folder of letters often also holds notes and earlier output) or zip archives,
    whose members are planned as ``<archive name>/<member path>``.
    """
    from letterkit.batch import _matches, refusal, safe_member_path

    known: set[str] | None = None
    out_resolved = out_dir.resolve()
    jobs: list[Job] = []
    for given in inputs:
        path = Path(given)
        if "://" in given:
            leaf = given.rstrip("/").rsplit("/", 1)[-1]
            jobs.append(Job(Task(label=given, url=given), out_dir / safe_member_path(leaf)))
            continue
        if not path.is_dir():
            if path.suffix.lower() == ".zip" and path.is_file():
                jobs.extend(_zip_jobs(path, out_dir / safe_member_path(path.stem), include, exclude))
            else:
                jobs.append(Job(Task(label=given, path=given), out_dir / safe_member_path(path.name)))
            continue
        if known is None:
            known = known_extensions()
        for root, dirs, files in os.walk(path):
            root_path = Path(root)
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and (root_path / d).resolve() != out_resolved
            )
            for name in sorted(files):
                rel = (root_path / name).relative_to(path)
                if name.startswith(".") or not _matches(str(rel), include, exclude):
                    continue
                ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
                if ext != "zip" and ext not in known:
                    continue
                full = str(root_path / name)
                why = refusal(full, [str(path)])
                if why is not None:  # a record, never a read: the file is not opened at all
                    jobs.append(Job(Task(label=full, path=f"\0refused:{full} {why}."),
                                    out_dir / safe_member_path(str(rel))))
                elif ext == "zip":
                    target = out_dir / safe_member_path(str(rel.with_suffix("")))
                    jobs.extend(_zip_jobs(root_path / name, target, include, exclude))
                else:
                    jobs.append(Job(Task(label=full, path=full), out_dir / safe_member_path(str(rel))))
    for job in jobs:  # defence in depth: no output path may leave the output folder
        if not os.path.normpath(job.base).startswith(os.path.normpath(out_dir) + os.sep):
            raise ValueError(f"output path {job.base!s} is outside {out_dir}")
    return _unique(jobs)


def _zip_jobs(
    archive: Path, base: Path, include: Sequence[str] | None, exclude: Sequence[str] | None
) -> list[Job]:
    from letterkit.batch import _zip_tasks, safe_member_path

    jobs = []
    for task in _zip_tasks(str(archive), include, exclude):
        member = task.member or ""
        target = base / safe_member_path(member) if member and not member.startswith("\0") else base
        jobs.append(Job(task, target))
    return jobs


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
        elif task.member is not None and task.path is not None and not task.member.startswith("\0"):
            with zipfile.ZipFile(task.path) as zf, zf.open(task.member) as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        elif task.path is not None and task.path.startswith("\0"):  # refused: never opened
            h.update(task.path.encode("utf-8", "surrogatepass"))
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


class Output(Protocol):
    """Where converted letters go."""

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write a successful result; return the path written (for the progress log)."""

    def close(self) -> None:
        """Finish the output (flush, write what was collected); called once, after the last write."""


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


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # a name that is not UTF-8 (kept as surrogate escapes) is written as backslash escapes
    tmp.write_text(text, encoding="utf-8", errors="backslashreplace")
    os.replace(tmp, path)  # never leave half a file behind


class JsonFiles:
    """One JSON file per input, mirroring the input tree (``<name>.json``)."""

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write ``<name>.json`` atomically (a crash never leaves half a file to be resumed past)."""
        path = job.base.with_name(job.base.name + ".json")
        _atomic_write(
            path, json.dumps(result.unwrap().model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        )
        job.base.with_name(job.base.name + ".error.json").unlink(missing_ok=True)
        return str(path)

    def close(self) -> None:
        """Nothing to finish: each file was complete when written."""


class TeiFiles:
    """One TEI XML file per input, mirroring the input tree (``<name>.xml``)."""

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Write ``<name>.xml``, a TEI P5 document, atomically."""
        from letterkit.export.tei import tei_string

        path = job.base.with_name(job.base.name + ".xml")
        _atomic_write(path, tei_string(result.unwrap()))
        return str(path)

    def close(self) -> None:
        """Nothing to finish: each file was complete when written."""


class JsonLines:
    """All letters in one JSON Lines file; appended to when resuming. With ``stream``, the lines go
    there instead (``--out -``: standard output), and closing only flushes it."""

    def __init__(self, path: Path, append: bool, stream: IO[str] | None = None) -> None:
        self.path = path
        self.stream = stream
        if stream is not None:
            self.fh: IO[str] = stream
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = path.open("a" if append else "w", encoding="utf-8")

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Append one line (flushed, so a crash loses at most this letter)."""
        from letterkit.export.jsonl import dumps_line, record_of

        self.fh.write(dumps_line(record_of((job.label, result.letter))))
        self.fh.flush()
        return str(self.path)

    def close(self) -> None:
        """Close the file (a stream is flushed, never closed: it is the caller's)."""
        if self.stream is None:
            self.fh.close()
        else:
            with contextlib.suppress(BrokenPipeError):  # the reader left: the error was seen already
                self.fh.flush()


class Table:
    """A flat table, one row per letter: CSV (streamed) or Parquet (written in row groups)."""

    def __init__(
        self,
        path: Path,
        kind: str,
        append: bool,
        stream: IO[str] | None = None,
        encoding: str = "utf-8",
        guard_formulas: bool = False,
    ) -> None:
        self.path = path
        self.kind = kind
        #: ``utf-8-sig`` for Excel; the formula guard for cells that would start with = + - @ (CSV only)
        self.encoding = encoding
        self.guard_formulas = guard_formulas
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None
        self.fh: IO[str] | None = None
        self.stream = stream
        self.parties_fh: IO[str] | None = None
        self.parties_writer: Any = None
        self._csv_header = not append
        if stream is not None:  # CSV on standard output: letters.csv's rows only (no parties.csv)
            self.fh = stream
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "csv":
            self.fh = path.open("a" if append and path.exists() else "w", encoding=encoding, newline="")
            self._csv_header = not (append and path.exists() and path.stat().st_size > 0)
            # one row per party, joined to letters.csv by sha256: the aligned form of the party columns
            ppath = path.with_name("parties.csv")
            fresh = not (append and ppath.exists() and ppath.stat().st_size > 0)
            self.parties_fh = ppath.open("w" if fresh else "a", encoding=encoding, newline="")
            import csv

            from letterkit.export.table import PARTY_COLUMNS

            self.parties_writer = csv.DictWriter(self.parties_fh, fieldnames=PARTY_COLUMNS)
            if fresh:
                self.parties_writer.writeheader()

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Add the letter's row: a CSV line at once, or to the next Parquet row group."""
        from letterkit.export.table import letter_row, parquet_row

        if self.kind != "csv":
            self.rows.append(parquet_row(result.unwrap(), input=job.label))
            if len(self.rows) >= 1000:
                self._flush_parquet()
            return str(self.path)
        row = letter_row(result.unwrap(), input=job.label)
        if self.kind == "csv":
            import csv

            assert self.fh is not None
            if self.writer is None:
                self.writer = csv.DictWriter(self.fh, fieldnames=list(row))
                if self._csv_header:
                    self.writer.writeheader()
            from letterkit.export.table import guard_row, party_rows

            parties = party_rows(result.unwrap(), job.label)
            if self.guard_formulas:
                row, parties = guard_row(row), [guard_row(p) for p in parties]
            self.writer.writerow(row)
            self.fh.flush()
            if self.parties_writer is not None:
                self.parties_writer.writerows(parties)
        else:
            self.rows.append(row)
            if len(self.rows) >= 1000:
                self._flush_parquet()
        return str(self.path)

    def _flush_parquet(self) -> None:
        if not self.rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        from letterkit.export.table import parquet_schema

        schema = parquet_schema()  # fixed, so a column empty in the first rows keeps its type
        if self.writer is None:
            self.writer = pq.ParquetWriter(str(self.path), schema)
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=schema))
        self.rows = []

    def close(self) -> None:
        """Close the CSV file, or write the last Parquet row group and the file's footer."""
        if self.kind == "csv":
            if self.stream is not None:
                with contextlib.suppress(BrokenPipeError):
                    self.stream.flush()
            elif self.fh is not None:
                self.fh.close()
            if self.parties_fh is not None:
                self.parties_fh.close()
        else:
            self._flush_parquet()
            if self.writer is not None:
                self.writer.close()


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
        self.letters: list[Any] = []

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Collect the letter: a CMIF file describes the whole batch, so it is written at the end."""
        self.letters.append((job.label, result.letter))
        return str(self.path)

    def close(self) -> None:
        """Write the CMIF file for every letter collected."""
        from letterkit.export.tei import cmif_string

        if self.letters:
            _atomic_write(
                self.path,
                cmif_string(
                    self.letters,
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
        self.letters: list[Any] = []

    def write(self, job: Job, result: BatchResult) -> str | None:
        """Collect the letter (GraphML numbers its nodes over the whole batch)."""
        self.letters.append((job.label, result.letter))
        return str(self.out_dir / "letters.edges.csv")

    def close(self) -> None:
        """Write the edge list and the GraphML."""
        from letterkit.export.edges import write_edges_csv, write_graphml

        self.out_dir.mkdir(parents=True, exist_ok=True)
        write_edges_csv(self.letters, self.out_dir / "letters.edges.csv")
        write_graphml(self.letters, self.out_dir / "letters.graphml")


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
    stream: IO[str] | None = None,
    csv: dict[str, Any] | None = None,
) -> Output:
    """The :class:`Output` for ``--to kind`` (one of :data:`OUTPUT_KINDS`) writing into ``out_dir``.

    ``append`` continues the single-file outputs of an earlier run (``--resume``); ``cmif`` gives the
    CMIF file's ``title``, ``editor`` and ``url``; ``stream`` takes the lines of ``jsonl`` or ``csv``
    instead of a file (``--out -``); ``csv`` the CSV's ``encoding`` and ``guard_formulas`` (see
    :func:`letterkit.export.table.write_csv`).
    """
    if stream is not None and kind not in ("jsonl", "csv"):
        raise ValueError(f"only jsonl and csv can be streamed, not {kind}")
    if kind == "json":
        return JsonFiles()
    if kind == "tei":
        return TeiFiles()
    if kind == "jsonl":
        return JsonLines(out_dir / "letters.jsonl", append, stream)
    if kind in ("csv", "parquet"):
        if kind == "parquet":
            from letterkit.export.table import _pyarrow

            _pyarrow()  # a MissingDependency naming the extra, before any input is read
        options = (csv or {}) if kind == "csv" else {}
        return Table(out_dir / f"letters.{kind}", kind, append, stream if kind == "csv" else None, **options)
    if kind == "cmif":
        return Cmif(out_dir / "letters.cmif.xml", **(cmif or {}))
    if kind == "edges":
        return Edges(out_dir)
    raise ValueError(f"unknown output kind {kind!r}; choose from {', '.join(OUTPUT_KINDS)}")


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a conversion did, for the closing table and the exit status."""

    planned: int = 0
    skipped: int = 0
    converted: int = 0
    failed: int = 0
    seconds: float = 0.0
    by_error: Counter[str] = field(default_factory=Counter)
    by_format: Counter[str] = field(default_factory=Counter)
    failed_by_format: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        """Inputs finished (converted or failed) per second of the run."""
        done = self.converted + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0

    def table(self) -> str:
        """The closing summary: counts, failures by error class, per format, and the rate."""
        rows = [
            ("inputs", str(self.planned)),
            ("skipped (--resume)", str(self.skipped)),
            ("converted", str(self.converted)),
            ("failed", str(self.failed)),
        ]
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
    stream: IO[str] | None = None,
    state_file: Path | None = None,
    csv: dict[str, Any] | None = None,
    **read_options: Any,
) -> Summary:
    """Convert planned jobs; write each result as it arrives; return the summary.

    With ``stream`` (``--out -``) the letters go to it and nothing is written in ``out_dir``: the state
    goes to ``state_file`` (none without it) and failures only to ``errors_log``. A BrokenPipeError
    of the stream ends the run; every letter written before it is in the state."""
    if stream is None:
        out_dir.mkdir(parents=True, exist_ok=True)
    state_path = out_dir / STATE_FILE if stream is None else (state_file or Path(os.devnull))
    summary = Summary(planned=len(jobs))
    hashes: dict[int, str] = {}
    todo: list[Job] = []
    done = _load_state(state_path) if resume else set()
    for job in jobs:
        digest = content_hash(job.task)
        if digest in done:
            summary.skipped += 1
            continue
        hashes[len(todo)] = digest
        todo.append(job)
    output = make_output(
        to, out_dir, append=resume, cmif={**CMIF_DEFAULTS, **(cmif or {})}, stream=stream, csv=csv
    )
    errors_path = out_dir / ERRORS_FILE if stream is None else Path(os.devnull)
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="letter", dynamic_ncols=True, smoothing=0.1)
    start = time.perf_counter()
    with (
        state_path.open("a" if resume else "w", encoding="utf-8") as state,
        errors_path.open("a" if resume else "w", encoding="utf-8") as errors,
    ):
        batch = run_batch(
            [j.task for j in todo],
            workers=workers,
            timeout=timeout,
            memory_limit=memory_limit,
            **read_options,
        )
        try:
            for result in batch:
                job = todo[result.index]
                if result.letter is not None:
                    written = output.write(job, result)
                    summary.converted += 1
                    summary.by_format[str(result.letter.source.format)] += 1
                    state.write(json.dumps({"sha256": hashes[result.index], "input": job.label}) + "\n")
                    state.flush()
                    if log is not None:
                        log.write(f"ok      {printable(job.label)} -> {printable(str(written))}\n")
                else:
                    err = result.error or ErrorRecord(job.label, "UnknownError", "error", "no result")
                    record = {**err.model_dump(), "input": job.label}
                    errors.write(_json_line(record))
                    errors.flush()
                    if to == "json":
                        err_path = job.base.with_name(job.base.name + ".error.json")
                        text = json.dumps(record, ensure_ascii=not _utf8(record), indent=2)
                        _atomic_write(err_path, text + "\n")
                        job.base.with_name(job.base.name + ".json").unlink(missing_ok=True)
                    summary.failed += 1
                    summary.by_error[err.error] += 1
                    summary.failed_by_format[_format_of(job)] += 1
                    if errors_log is not None:
                        errors_log.write(f"failed  {printable(job.label)}: {printable(err.message)}\n")
                if bar is not None:
                    bar.update(1)
        finally:
            close = getattr(batch, "close", None)
            if close is not None:  # end the workers now on Ctrl-C or a broken pipe, not at collection
                close()
            output.close()
            if bar is not None:
                bar.close()
            summary.seconds = time.perf_counter() - start
    return summary
