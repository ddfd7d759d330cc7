"""Export time against reading time, for the same letters (issue 16: at most 1.2x).

Reads every file of tests/corpus/letters once, then writes each export (JSONL, CSV with parties,
Parquet, TEI per letter, CMIF, edges) and prints the seconds of each and the ratio of all exports
together to reading.  Run: python benchmarks/bench_export.py [FOLDER]
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from letterkit import read_letter
from letterkit.export.edges import write_edges_csv, write_graphml
from letterkit.export.jsonl import write_jsonl
from letterkit.export.table import write_csv, write_parquet
from letterkit.export.tei import cmif_string, tei_string


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/corpus/letters")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    t0 = time.perf_counter()
    letters = [(p.name, read_letter(p.read_bytes(), filename=p.name)) for p in files]
    read_s = time.perf_counter() - t0
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        steps = {
            "jsonl": lambda: write_jsonl(letters, io.StringIO()),
            "csv+parties": lambda: write_csv(letters, out / "l.csv", parties_path=out / "p.csv"),
            "parquet": lambda: write_parquet(letters, out / "l.parquet"),
            "tei": lambda: [tei_string(letter) for _, letter in letters],
            "cmif": lambda: cmif_string(letters, "Bench", "Bench", "https://example.org"),
            "edges": lambda: (write_edges_csv(letters, out / "e.csv"), write_graphml(letters, out / "e.graphml")),
        }
        for name, step in steps.items():
            t = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - t
    total = sum(timings.values())
    print(f"{len(letters)} letters, reading {read_s:.3f}s")
    for name, s in timings.items():
        print(f"  {name:12s} {s:.3f}s  ({s / read_s:.3f}x reading)")
    print(f"all exports {total:.3f}s = {total / read_s:.3f}x reading")


if __name__ == "__main__":
    main()
