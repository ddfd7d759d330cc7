"""Long-running fuzzer for letterkit's readers and heuristics (issue 4).

Runs: ``python fuzz/fuzz_letterkit.py --minutes 30`` (atheris, coverage-guided, when installed:
``pip install atheris``), or ``--engine random`` for a dependency-free mutation loop. Each input's
first byte picks the format (txt, md, html, docx, pdf, png, or raw text to the heuristics); the rest
is the file. The seeds are the corpus letters (tests/corpus/letters) and a strip of a scanned page.

A *finding* is any exception that is not a LetterkitError, an input that takes longer than
``--max-seconds``, or a Letter whose text is empty. Findings are saved to ``--out`` (default
fuzz/findings/) with the traceback; make each one a regression test in tests/test_hostile.py.
Figures (inputs per format, outcomes, slowest input, peak memory) go to ``<out>/stats.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "letters"
FORMATS = ("txt", "md", "html", "docx", "pdf", "png", "heuristics")

STATS: dict[str, Any] = {
    "inputs": {},
    "outcomes": {},
    "findings": 0,
    "slowest_seconds": 0.0,
    "started": time.time(),
}
OPTIONS: dict[str, Any] = {"max_seconds": 10.0, "out": ROOT / "fuzz" / "findings"}


def seed_files() -> list[bytes]:
    """Corpus letters, each prefixed with its format's byte."""
    seeds: list[bytes] = []
    for path in sorted(CORPUS.iterdir()):
        ext = path.suffix.lstrip(".")
        if ".scan." in path.name or ext not in FORMATS:
            continue
        seeds.append(bytes([FORMATS.index(ext)]) + path.read_bytes())
        if ext == "txt":
            seeds.append(bytes([FORMATS.index("heuristics")]) + path.read_bytes())
            seeds.append(bytes([FORMATS.index("md")]) + path.read_bytes())
    try:
        seeds.append(bytes([FORMATS.index("png")]) + scan_png())
    except Exception as exc:  # pypdfium2/Pillow missing: fuzz without the image
        print(f"no PNG seed ({exc})", file=sys.stderr)
    return seeds


def scan_png() -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(CORPUS / "delvaux-fabius-2015.scan.pdf"))
    try:
        image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    w, h = image.size
    out = io.BytesIO()
    image.crop((0, int(h * 0.08), w, int(h * 0.2))).convert("1").save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def one_input(data: bytes) -> None:
    """Read one fuzzed input; raise on a finding (atheris then stops and saves the input)."""
    from letterkit import read_letter
    from letterkit.errors import LetterkitError
    from letterkit.heuristics.pipeline import build_letter
    from letterkit.readers.base import Limits
    from letterkit.readers.text import text_to_document

    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    body = data[1:]
    STATS["inputs"][fmt] = STATS["inputs"].get(fmt, 0) + 1
    started = time.monotonic()
    try:
        if fmt == "heuristics":
            doc = text_to_document(body.decode("utf-8", "replace"), "txt", "text")
            letter = build_letter(doc, sha256="0" * 64)
            if letter.text != doc.text:
                raise AssertionError("Letter.text differs from the document's text")
        else:
            letter = read_letter(
                body, filename=f"fuzz.{fmt}", limits=Limits(timeout=OPTIONS["max_seconds"] * 0.8)
            )
        if not letter.text.strip() and (fmt != "heuristics" or body.strip()):
            raise AssertionError("a Letter came back with no text")
        outcome = "letter"
    except LetterkitError as exc:
        outcome = type(exc).__name__
        if outcome == "ReaderError":  # a raw exception the reader did not foresee, wrapped by read_letter
            _save(data, exc.__cause__ or exc, soft=True)
    except Exception as exc:
        outcome = "finding"
        _save(data, exc)
        if OPTIONS.get("stop_on_finding"):
            raise
    seconds = time.monotonic() - started
    STATS["outcomes"][outcome] = STATS["outcomes"].get(outcome, 0) + 1
    if seconds > STATS["slowest_seconds"]:
        STATS["slowest_seconds"] = round(seconds, 3)
        STATS["slowest_input"] = f"{fmt}, {len(body)} bytes"
    if seconds > OPTIONS["max_seconds"]:
        exc2 = TimeoutError(f"{fmt} input took {seconds:.1f} s")
        _save(data, exc2)
        if OPTIONS.get("stop_on_finding"):
            raise exc2
    total = sum(STATS["inputs"].values())
    if total % 250 == 0:
        write_stats()


def _save(data: bytes, exc: BaseException, soft: bool = False) -> None:
    """Keep a finding. ``soft``: a ReaderError (a LetterkitError, but its cause was not foreseen)."""
    STATS["soft_findings" if soft else "findings"] = STATS.get("soft_findings" if soft else "findings", 0) + 1
    out: Path = OPTIONS["out"]
    out.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    (out / f"{name}.bin").write_bytes(data)
    (out / f"{name}.txt").write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    print(f"{'SOFT ' if soft else ''}FINDING {name}: {type(exc).__name__}: {exc}", file=sys.stderr)


def write_stats() -> None:
    STATS["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    STATS["elapsed_seconds"] = round(time.time() - STATS["started"])
    out: Path = OPTIONS["out"]
    out.mkdir(parents=True, exist_ok=True)
    (out / "stats.json").write_text(json.dumps(STATS, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def mutate(data: bytes, pool: list[bytes], rng: random.Random) -> bytes:
    """Bit flips, truncation, splicing, deletion, duplication: what the hypothesis tests do, unbounded."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if len(buf) < 2:
            break
        i = rng.randrange(1, len(buf))  # byte 0 keeps the format
        op = rng.choice(("flip", "truncate", "splice", "delete", "duplicate", "random"))
        if op == "flip":
            for _ in range(rng.randint(1, 32)):
                j = rng.randrange(1, len(buf))
                buf[j] ^= 1 << rng.randrange(8)
        elif op == "truncate":
            del buf[i:]
        elif op == "splice":
            other = rng.choice(pool)
            a = rng.randrange(1, max(2, len(other)))
            buf[i:i] = other[a : a + rng.randint(1, 8192)]
        elif op == "delete":
            del buf[i : i + rng.randint(1, 8192)]
        elif op == "duplicate":
            buf[i:i] = buf[i : i + rng.randint(1, 4096)] * rng.randint(1, 16)
        else:
            buf[i:i] = rng.randbytes(rng.randint(1, 64))
    return bytes(buf)


def run_random(minutes: float, seed: int) -> None:
    pool = seed_files()
    rng = random.Random(seed)
    deadline = time.monotonic() + minutes * 60
    for s in pool:
        one_input(s)
    while time.monotonic() < deadline:
        one_input(mutate(rng.choice(pool), pool, rng))


def run_atheris(minutes: float, extra: list[str]) -> None:
    import atheris

    corpus = Path(tempfile.mkdtemp(prefix="letterkit-fuzz-"))
    for i, s in enumerate(seed_files()):
        (corpus / f"seed{i}").write_bytes(s)
    with atheris.instrument_imports():
        import letterkit.api
        import letterkit.heuristics.pipeline
        import letterkit.readers.docx
        import letterkit.readers.html
        import letterkit.readers.pdf
        import letterkit.readers.text  # noqa: F401
    OPTIONS["stop_on_finding"] = True
    argv = [
        sys.argv[0],
        f"-max_total_time={int(minutes * 60)}",
        "-rss_limit_mb=4096",
        f"-timeout={int(OPTIONS['max_seconds']) + 5}",
        "-max_len=2000000",
        *extra,
        str(corpus),
    ]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run (default 30)")
    parser.add_argument(
        "--engine",
        choices=("auto", "atheris", "random"),
        default="auto",
        help="atheris when installed (auto), or the plain random mutation loop",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed of the random engine")
    parser.add_argument("--max-seconds", type=float, default=10.0, help="slowest acceptable input")
    parser.add_argument("--out", type=Path, default=OPTIONS["out"], help="where findings and stats.json go")
    args, extra = parser.parse_known_args()
    OPTIONS.update(max_seconds=args.max_seconds, out=args.out)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    try:
        if engine == "atheris":
            run_atheris(args.minutes, extra)
        else:
            run_random(args.minutes, args.seed)
    finally:
        write_stats()
        print(json.dumps(STATS, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
