"""Export time against reading time, for the same letters (issue 16: at most 1.2x).

Reads every file of each FOLDER (default tests/corpus/letters) once, then writes each export (JSONL,
CSV with parties, Parquet, TEI per letter, CMIF, edges) and prints the seconds of each and the ratio
of all exports together to reading. Run::

    python benchmarks/bench_export.py [FOLDER ...] [--out FILE.md]

Seconds are wall-clock: ``read_letter`` reads each document in an isolated worker process (and OCR
runs in tesseract), which the CPU time of this process does not see. With ``--out`` the tables are
also written as Markdown (benchmarks/results/export.md is such a file).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from letterkit import read_letter
from letterkit.export.edges import write_edges_csv, write_graphml
from letterkit.export.jsonl import write_jsonl
from letterkit.export.table import write_csv, write_parquet
from letterkit.export.tei import cmif_string, tei_string


def _timed(step: object) -> float:
    wall = time.perf_counter()
    step()  # type: ignore[operator]
    return time.perf_counter() - wall


def bench(folder: Path) -> list[str]:
    """The Markdown table of one folder."""
    # the letters only: a set's README and gold JSON files are not letters
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".md", ".json"))
    letters: list = []
    read_s = _timed(
        lambda: letters.extend((p.name, read_letter(p.read_bytes(), filename=p.name)) for p in files)
    )
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        steps = {
            "jsonl": lambda: write_jsonl(letters, io.StringIO()),
            "csv+parties": lambda: write_csv(letters, out / "l.csv", parties_path=out / "p.csv"),
            "parquet": lambda: write_parquet(letters, out / "l.parquet"),
            "tei": lambda: [tei_string(letter) for _, letter in letters],
            "cmif": lambda: cmif_string(letters, "Bench", "Bench", "https://example.org"),
            "edges": lambda: (write_edges_csv(letters, out / "e.csv"),
                              write_graphml(letters, out / "e.graphml")),
        }
        for name, step in steps.items():
            timings[name] = _timed(step)
    total = sum(timings.values())
    lines = [
        f"## {folder}: {len(letters)} letters, reading {read_s:.3f} s",
        "",
        "| export | seconds | x reading |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {s:.3f} | {s / read_s:.4f} |" for name, s in timings.items()]
    lines += [f"| **all exports** | {total:.3f} | **{total / read_s:.4f}** |", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("tests/corpus/letters")])
    parser.add_argument("--out", type=Path, help="also write the result as Markdown to this file")
    args = parser.parse_args()
    lines: list[str] = []
    for folder in args.folders:
        lines += bench(folder)
        print("\n".join(lines[-12:]), flush=True)
    if args.out:
        command = "python benchmarks/bench_export.py " + " ".join(sys.argv[1:])
        head = [
            "# Export time against reading time (issue 16: at most 1.2x)",
            "",
            f"Command: `{command}`",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} CPUs shared with other work (wall-clock "
            f"seconds, so the load slows reading and exporting alike), Python {platform.python_version()}.",
            "",
        ]
        args.out.write_text("\n".join(head + lines), encoding="utf-8")


if __name__ == "__main__":
    main()
