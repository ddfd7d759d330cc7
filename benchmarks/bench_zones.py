"""Speed of the zone-model pipeline: plain-text letters per second on one core, the model's load time,
and PDF reading against bare pypdfium2 text extraction, each measured in one process.

    python benchmarks/bench_zones.py [--letters 1000] [--pdf-repeat 10] [--out benchmarks/results/zones-speed.md]

* **text**: ``--letters`` *distinct* generated letters (:mod:`letterkit.zones.synth`, rendered as text),
  read once each after a warm-up on other letters, so that no line cache helps; the baseline is the
  standard library's share of the same work (decoding the bytes and splitting them into lines);
* **model load**: opening the shipped CRF file in a fresh interpreter, after the imports;
* **pdf**: the corpus's born-digital PDFs and generated ones, ``read_letter`` against bare pypdfium2
  (``PdfDocument`` + ``get_text_range`` per page), best of ``--pdf-repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

from letterkit import read_letter
from letterkit.zones import synth
from letterkit.zones.synth import render

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "letters"


def text_speed(n: int) -> tuple[float, float]:
    letters = [render.render_txt(l, seed=i).encode("utf-8") for i, l in enumerate(synth.generate(n + 50, seed=7))]
    warm, timed = letters[:50], letters[50:]
    for data in warm:
        read_letter(data, format="txt")
    t = time.perf_counter()
    for data in timed:
        read_letter(data, format="txt")
    ours = time.perf_counter() - t
    t = time.perf_counter()
    for data in timed:
        data.decode("utf-8").splitlines()
    base = time.perf_counter() - t
    return len(timed) / ours, ours / base


def model_load_ms() -> float:
    code = (
        "import time, letterkit.zones.archive as m\n"
        "t = time.perf_counter(); m.load_model(); print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def bare_pdfium(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def best_of(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def pdf_ratios(repeat: int) -> list[tuple[str, float, float]]:
    files = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.pdf")) if not p.name.endswith(".scan.pdf")]
    for i, letter in enumerate(synth.generate(4, seed=11)):
        if "pdf" in render.available_formats(letter):
            files.append((f"synth-{i}-{letter.language}.pdf", render.render_pdf(letter)))
    rows = []
    for name, data in files:
        bare = best_of(lambda d=data: bare_pdfium(d), repeat)
        ours = best_of(lambda d=data: read_letter(d, format="pdf"), repeat)
        rows.append((name, ours * 1000, ours / bare))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=1000)
    ap.add_argument("--pdf-repeat", type=int, default=10)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rate, text_ratio = text_speed(args.letters)
    load = model_load_ms()
    rows = pdf_ratios(args.pdf_repeat)
    lines = [
        "# Zone-model pipeline speed",
        "",
        f"Command: `python benchmarks/bench_zones.py --letters {args.letters} --pdf-repeat {args.pdf_repeat}` "
        f"(one process, one core; {os.cpu_count()} CPUs on the machine).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| plain text, {args.letters} distinct letters read once | {rate:.0f} letters/s "
        f"({text_ratio:.0f}x the standard library's decode + split) | >= 500 letters/s |",
        f"| model load (fresh process, after imports) | {load:.1f} ms | <= 200 ms |",
    ]
    for name, ms, ratio in rows:
        lines.append(f"| PDF {name} | {ms:.1f} ms, {ratio:.1f}x bare pypdfium2 | <= 4x |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
