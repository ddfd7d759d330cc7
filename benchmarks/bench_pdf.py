"""How much the PDF reader costs compared with bare text extraction, measured side by side in one process.

For each born-digital corpus PDF (``*.scan.pdf`` excluded) it times, best of N runs:

* ``bare pdfium``: ``PdfDocument(bytes)`` and ``get_textpage().get_text_range()`` per page: the floor;
* ``bare plumber``: ``pdfplumber.open`` and ``extract_text()`` per page;
* ``reader``: ``PdfReader().read`` alone (the default pdfium backend), i.e. this reader's share;
* ``reader plumber``: the same with ``pdf_backend="pdfplumber"``;
* ``read_letter`` and ``read_letter plumber``: the whole API, heuristics pipeline included;

and prints a table with each time divided by the bare pdfium time. The target for ``read_letter`` with
the default backend is at most 8x.

    python benchmarks/bench_pdf.py [-n 20] [files...]
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from letterkit import read_letter
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.pdf import PdfReader

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "letters"
if not CORPUS.is_dir():
    CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "letters"


def best_of(fn: Callable[[], object], n: int) -> float:
    fn()  # warm up (imports, caches)
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bare_pdfium(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    out = []
    for page in pdf:
        out.append(page.get_textpage().get_text_range())
    pdf.close()
    return "".join(out)


def bare_plumber(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def measure(data: bytes, n: int, reader: PdfReader) -> dict[str, float]:
    """Best-of-n seconds for each way of reading ``data``; the slow pdfplumber ones get fewer runs."""
    n_slow = max(3, n // 5)
    plumber = ReadOptions(pdf_backend="pdfplumber")
    return {
        "bare pdfium": best_of(lambda: bare_pdfium(data), n),
        "bare plumber": best_of(lambda: bare_plumber(data), n_slow),
        "reader": best_of(lambda: reader.read(data, StreamInfo(), ReadOptions()), n),
        "reader plumber": best_of(lambda: reader.read(data, StreamInfo(), plumber), n_slow),
        "read_letter": best_of(lambda: read_letter(data), n),
        "read_letter plumber": best_of(lambda: read_letter(data, pdf_backend="pdfplumber"), n_slow),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=15, help="runs per measurement (best is kept)")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args(argv)
    files = args.files or sorted(f for f in glob.glob(str(CORPUS / "*.pdf")) if not f.endswith(".scan.pdf"))
    if not files:
        print("no PDFs found", file=sys.stderr)
        return 1
    reader = PdfReader()
    cols = ["bare pdfium", "bare plumber", "reader", "reader plumber", "read_letter", "read_letter plumber"]
    print(f"{'file':32} " + " ".join(f"{c:>20}" for c in cols))
    ratios: dict[str, list[float]] = {c: [] for c in cols}
    for f in files:
        data = Path(f).read_bytes()
        times = measure(data, args.n, reader)
        base = times["bare pdfium"]
        cells = []
        for c in cols:
            ratio = times[c] / base
            ratios[c].append(ratio)
            cells.append(f"{times[c] * 1000:8.2f}ms {ratio:6.1f}x")
        print(f"{os.path.basename(f):32} " + " ".join(f"{c:>20}" for c in cells))
    print(f"{'max ratio':32} " + " ".join(f"{max(ratios[c]):>19.1f}x" for c in cols))
    worst = max(ratios["read_letter"])
    print(f"read_letter / bare pdfium: worst {worst:.1f}x (target <= 8x): {'OK' if worst <= 8 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
