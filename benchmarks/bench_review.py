"""Cost of a review page against reading the letter (issue 17: at most 2x), in one process.

    python benchmarks/bench_review.py [--repeat 5] [--out benchmarks/results/review.md]

For each corpus letter: ``read_letter`` alone, and ``collect`` + ``render_page`` (which includes the one
reading, the page images and the HTML), best of ``--repeat`` runs each; the ratio is the second over the
first. Scans are included: their OCR dominates both sides.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

from letterkit import read_letter
from letterkit.review.collect import collect
from letterkit.review.render import render_page

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "letters"


def cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child): on a shared
    machine the wall clock measures the other jobs too."""
    t = os.times()  # children's times (10 ms steps: enough for OCR, which takes seconds)
    return time.process_time() + t.children_user + t.children_system


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = cpu()
        fn()
        times.append(cpu() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    rows = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix not in (".txt", ".pdf", ".docx", ".html"):
            continue
        repeat = 1 if ".scan." in path.name else args.repeat
        read_letter(path)
        t_read = best(lambda p=path: read_letter(p), repeat)
        t_page = best(lambda p=path: render_page(collect(p)), repeat)
        rows.append((path.name, t_read, t_page, t_page / t_read))
        print(f"{path.name:42} read {t_read * 1000:8.1f} ms  page {t_page * 1000:8.1f} ms  {t_page / t_read:4.2f}x")
    worst = max(r[3] for r in rows)
    lines = [
        "# Review page cost",
        "",
        f"Command: `python benchmarks/bench_review.py --repeat {args.repeat}` (one process; CPU time of the",
        "process and its Tesseract children, best of the runs; scans once, their OCR dominates). Ratio:",
        "`collect` + `render_page` (one reading, page images, HTML)",
        "over `read_letter` of the same file. Target of issue 17: at most 2x.",
        "",
        "| letter | read_letter | review page | ratio |",
        "|---|---|---|---|",
        *[f"| {n} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {r:.2f}x |" for n, a, b, r in rows],
        "",
        f"Worst ratio: **{worst:.2f}x**.",
    ]
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
