"""Batch throughput and memory of letterkit, with markitdown and unstructured as peers in the same run.

    python benchmarks/bench_batch.py                      # ~1,000 files, letterkit with 1 and 2 workers
    python benchmarks/bench_batch.py --copies 100 --workers 1,4 --with-scans

The corpus letters (``tests/corpus/letters`` by default, else ``examples/letters``: plain text,
DOCX, born-digital PDF, HTML; scanned PDFs only with ``--with-scans``) are copied ``--copies`` times
each into a temporary folder (by default enough copies to make at least 1,000 files), then for every
format each tool reads all of that format's files:

- letterkit through :func:`letterkit.read_letters` with each ``--workers`` count (1 reads in
  process; more uses letterkit's worker pool);
- markitdown (``MarkItDown().convert(path)``) and unstructured
  (``partition(filename=path, strategy="fast")``), one process each, when they are installed (a tool
  that cannot read a format here, e.g. because it wants to download a model, is reported as skipped).

Every measurement runs in a fresh Python process, so its peak memory is its own: ``peak MB`` is the
largest resident set of that process and, with workers, of its largest worker process
(``resource.getrusage`` ``ru_maxrss``). Imports and one warm-up file are not timed. The goals checked
at the end: born-digital PDF at >= 8x markitdown's throughput, plain text at >= 500 letters/s on one
core, and flat memory with archive size (plain text read at 1,000 and 3,000 files; skip with
``--no-memory-check``). The markdown table is printed and written to ``benchmarks/results/batch.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "letters"
RESULTS = ROOT / "benchmarks" / "results" / "batch.md"
FORMATS = ("txt", "docx", "pdf", "html", "scan.pdf")
PEERS = ("markitdown", "unstructured")
#: files per format for the memory check (plain text, letterkit with one worker)
MEMORY_SIZES = (1000, 3000)


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".scan.pdf"):
        return "scan.pdf"
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "md": "txt"}.get(suffix, suffix) if suffix in (*FORMATS, "htm", "md") else None


def corpus_files(corpus: Path, with_scans: bool) -> dict[str, list[Path]]:
    """The corpus letters by format (hidden files and gold annotations left out)."""
    by_format: dict[str, list[Path]] = {}
    for path in sorted(corpus.iterdir()):
        fmt = format_of(path)
        if path.is_file() and not path.name.startswith(".") and fmt and (with_scans or fmt != "scan.pdf"):
            by_format.setdefault(fmt, []).append(path)
    return by_format


def replicate(files: Sequence[Path], target: Path, copies: int) -> list[Path]:
    """``copies`` copies of each file in ``target`` (distinct names, identical content)."""
    target.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for src in files:
        stem, _, ext = src.name.partition(".")
        data = src.read_bytes()
        for i in range(copies):
            dest = target / f"{stem}-{i:05d}.{ext}"
            dest.write_bytes(data)
            out.append(dest)
    return out


# --- one measurement, in a child process ---------------------------------------------------------------


def _peak_mb() -> float:
    """The largest resident set of this process and of its largest (waited-for) child, in MB."""
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return max(own, kids) / 1e6


def _reader(tool: str) -> Callable[[str], Any]:
    if tool == "markitdown":
        from markitdown import MarkItDown

        md = MarkItDown()
        return lambda path: md.convert(path).text_content
    if tool == "unstructured":
        from unstructured.partition.auto import partition

        return lambda path: partition(filename=path, strategy="fast")
    raise ValueError(tool)


def measure(tool: str, workers: int, paths: list[str]) -> dict[str, Any]:
    """Read ``paths`` with ``tool``; the seconds exclude imports and one warm-up file."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    errors = 0
    if tool == "letterkit":
        from letterkit import read_letter, read_letters

        try:
            read_letter(paths[0])  # loads the reader, language data and heuristics
        except Exception as exc:
            return {"skipped": f"{type(exc).__name__}: {exc}"[:120]}
        start = time.perf_counter()
        outcomes = [result.ok for result in read_letters(paths, workers=workers)]  # bools only
        count, errors = len(outcomes), outcomes.count(False)
        seconds = time.perf_counter() - start
    else:
        try:
            read = _reader(tool)
            read(paths[0])
        except Exception as exc:  # not installed, or cannot read this format here
            return {"skipped": f"{type(exc).__name__}: {exc}"[:120]}
        start = time.perf_counter()
        count = 0
        for path in paths:
            count += 1
            try:
                read(path)
            except Exception:
                errors += 1
        seconds = time.perf_counter() - start
    return {"files": count, "seconds": seconds, "errors": errors, "peak_mb": _peak_mb()}


def run_best(tool: str, workers: int, paths: list[Path], work: Path, repeat: int) -> dict[str, Any]:
    """The fastest of ``repeat`` runs (other work on the machine only ever slows a run down), with
    the largest peak memory seen."""
    runs = [run_child(tool, workers, paths, work) for _ in range(max(1, repeat))]
    done = [r for r in runs if "skipped" not in r]
    if not done:
        return runs[0]
    best = dict(min(done, key=lambda r: r["seconds"]))
    best["peak_mb"] = max(r["peak_mb"] for r in done)
    return best


def run_child(tool: str, workers: int, paths: list[Path], work: Path) -> dict[str, Any]:
    """Run :func:`measure` in a fresh interpreter so that its peak memory is its own."""
    listing = work / f"paths-{tool}-{workers}-{len(paths)}.txt"
    listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
    cmd = [sys.executable, __file__, "--measure", tool, str(workers), str(listing)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"child failed (exit {proc.returncode}): {tail}"[:120]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# --- the report ----------------------------------------------------------------------------------------


def _row(fmt: str, tool: str, workers: int, r: dict[str, Any]) -> dict[str, Any]:
    return {"format": fmt, "tool": tool, "workers": workers, **r}


def table(rows: list[dict[str, Any]]) -> str:
    head = "| format | tool | workers | files | seconds | letters/s | peak MB | errors |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "skipped" in r:
            lines.append(f"| {r['format']} | {r['tool']} | {r['workers']} | skipped: {r['skipped']} "
                         "| | | | |")
            continue
        rate = r["files"] / r["seconds"] if r["seconds"] else float("inf")
        lines.append(
            f"| {r['format']} | {r['tool']} | {r['workers']} | {r['files']} | {r['seconds']:.2f} "
            f"| {rate:.1f} | {r['peak_mb']:.0f} | {r['errors']} |"
        )
    return "\n".join(lines)


def _rate(rows: list[dict[str, Any]], fmt: str, tool: str, workers: int = 1) -> float | None:
    for r in rows:
        if (r["format"], r["tool"], r["workers"]) == (fmt, tool, workers) and "skipped" not in r:
            if r["errors"] == r["files"]:
                return None  # nothing was read: no throughput to speak of
            return float(r["files"] / r["seconds"])
    return None


def goals(rows: list[dict[str, Any]], memory: list[dict[str, Any]]) -> list[str]:
    out = []
    lk, md = _rate(rows, "pdf", "letterkit"), _rate(rows, "pdf", "markitdown")
    if lk and md:
        verdict = "met" if lk >= 8 * md else "NOT met"
        out.append(f"- Born-digital PDF >= 8x markitdown: {lk:.1f} vs {md:.1f} letters/s = "
                   f"{lk / md:.1f}x ({verdict}).")
    else:
        out.append("- Born-digital PDF >= 8x markitdown: not measured (a reader was missing or failed).")
    # every 1-worker text run measures the same thing: take the best (least disturbed) of them
    texts = [(r["files"] / r["seconds"], r["files"]) for r in (*rows, *memory)
             if (r["format"], r["tool"], r["workers"]) == ("txt", "letterkit", 1) and "skipped" not in r
             and r["seconds"] and r["errors"] < r["files"]]
    if texts:
        txt, files = max(texts)
        verdict = "met" if txt >= 500 else "NOT met"
        out.append(f"- Plain text >= 500 letters/s per core: {txt:.1f} letters/s with 1 worker, best of "
                   f"the {len(texts)} text runs (that one over {files} files) ({verdict}).")
    ok = [m for m in memory if "skipped" not in m]
    if len(ok) == 2:
        small, large = ok
        flat = large["peak_mb"] <= small["peak_mb"] * 1.1 + 10
        out.append(
            f"- Memory flat with archive size (plain text, 1 worker): peak {small['peak_mb']:.0f} MB at "
            f"{small['files']} files, {large['peak_mb']:.0f} MB at {large['files']} files "
            f"({'flat' if flat else 'NOT flat'})."
        )
    return out


def _load() -> str:
    """The 1-minute load average: a busy machine makes every figure lower."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return "unknown"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    bits = []
    for name in ("letterkit", "markitdown", "unstructured"):
        try:
            bits.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            bits.append(f"{name} not installed")
    return ", ".join(bits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of letters (default: tests/corpus/letters, else examples/letters)")
    parser.add_argument("--copies", type=int, default=None,
                        help="copies of each corpus file (default: enough for at least 1,000 files)")
    parser.add_argument("--workers", default="1,2", help="letterkit worker counts, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS[:4]), help="formats to measure")
    parser.add_argument("--with-scans", action="store_true", help="also scanned PDFs (letterkit OCRs them)")
    parser.add_argument("--no-peers", action="store_true", help="measure letterkit only")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each measurement this many times and keep the fastest (default 1)")
    parser.add_argument("--no-memory-check", action="store_true",
                        help="skip reading 1,000 and 3,000 text files to compare peak memory")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to put the copies (default: a temporary folder, removed after)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="markdown report to write")
    parser.add_argument("--measure", nargs=3, metavar=("TOOL", "WORKERS", "LISTING"),
                        help=argparse.SUPPRESS)  # internal: one measurement in a child process
    args = parser.parse_args(argv)

    if args.measure:
        tool, workers, listing = args.measure
        paths = Path(listing).read_text(encoding="utf-8").splitlines()
        print(json.dumps(measure(tool, int(workers), paths)))
        return 0

    corpus = args.corpus or (CORPUS if CORPUS.is_dir() else ROOT / "examples" / "letters")
    wanted = [f.strip() for f in args.formats.split(",") if f.strip()]
    if args.with_scans and "scan.pdf" not in wanted:
        wanted.append("scan.pdf")
    by_format = {f: v for f, v in corpus_files(corpus, args.with_scans).items() if f in wanted}
    if not by_format:
        parser.error(f"no letters of the formats {wanted} in {corpus}")
    total = sum(len(v) for v in by_format.values())
    copies = args.copies or math.ceil(1000 / total)
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]

    load_before = _load()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="letterkit-bench-"))
    rows: list[dict[str, Any]] = []
    memory: list[dict[str, Any]] = []
    try:
        for fmt in [f for f in FORMATS if f in by_format]:
            paths = replicate(by_format[fmt], work / fmt.replace(".", "_"), copies)
            print(f"{fmt}: {len(paths)} files", file=sys.stderr)
            for w in worker_counts:
                rows.append(_row(fmt, "letterkit", w, run_best("letterkit", w, paths, work, args.repeat)))
                print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
            if not args.no_peers:
                for peer in PEERS:
                    rows.append(_row(fmt, peer, 1, run_best(peer, 1, paths, work, args.repeat)))
                    print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
        if not args.no_memory_check and "txt" in by_format:
            texts = by_format["txt"]
            for size in MEMORY_SIZES:
                paths = replicate(texts, work / f"memory_{size}", math.ceil(size / len(texts)))[:size]
                memory.append(_row("txt", "letterkit", 1, run_best("letterkit", 1, paths, work, args.repeat)))
                print(table(memory[-1:]).splitlines()[-1], file=sys.stderr)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    command = "python benchmarks/bench_batch.py " + " ".join(sys.argv[1:] if argv is None else argv)
    cpu = os.cpu_count()
    report = [
        "# Batch benchmark",
        "",
        f"Command: `{command.strip()}`",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.platform()}, Python "
        f"{platform.python_version()}, {cpu} CPUs (load average {load_before} before, {_load()} after: "
        "other work on the machine slows every row alike); " + _versions() + ".",
        f"Corpus: {corpus} ({total} files) x {copies} copies. Seconds exclude imports and one warm-up "
        f"file; best of {args.repeat} run(s) each; peak MB is the largest process (the main one, or the "
        "largest worker).",
        "",
        table(rows),
    ]
    if memory:
        report += ["", "Memory with archive size (plain text, letterkit, 1 worker):", "", table(memory)]
    report += ["", "Goals:", "", *goals(rows, memory), ""]
    text = "\n".join(report)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
