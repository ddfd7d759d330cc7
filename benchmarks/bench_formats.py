"""Reader cost against the library each reader stands on (issue 15).

    PYTHONPATH=src python benchmarks/bench_formats.py [--repeat N] [--doc] \\
        [--only NAME-PART] [--out benchmarks/results/formats.md]

For each fixture of tests/data/formats the reader's ``read`` (bytes to Document, no heuristics) is
timed against the bare work of its underlying library on the same bytes: the standard library's
``email`` parse plus body decoding for e-mail, ``striprtf.rtf_to_text`` for RTF, unzipping and lxml
parsing of the parts for ODT, lxml parsing for ALTO/PAGE-XML/hOCR, and LibreOffice's conversion for
DOC.

Like is compared with like: the library produces a parsed tree (or a string), the reader a
Document, so the cost of *building* the Document (``DocumentBuilder``: lines with their cues, spans,
the text) is timed on its own, by building the same Document again from the reader's lines, and the
reader's own part is ``read`` minus that. The ratio against the target is the reader's part over the
library; the full ``read`` ratio is shown beside it, and so is a whole ``read_letter`` (reader and
heuristics), which has no library to compare with.

Each timing is the least CPU time of this thread (``time.thread_time``, which does not count the
time another process holds the core) over N runs, with the reader and the library runs interleaved,
so that both see the same machine. The targets: e-mail at most 2x the standard library, every reader
within 3x its library.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from letterkit import read_letter
from letterkit.document import Document, DocumentBuilder
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.registry import choose_reader

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
NOTES_HEADING = "## Reading the table"


def best(
    fns: list[Callable[[], object]], repeat: int, clock: Callable[[], float] = time.thread_time
) -> list[float]:
    """The least time of each of ``fns`` over ``repeat`` interleaved rounds (thread CPU time unless
    ``clock`` says otherwise: a library that runs another program needs the wall clock)."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, ts in zip(fns, times, strict=True):
            t = clock()
            fn()
            ts.append(clock() - t)
    return [min(ts) for ts in times]


def rebuild(doc: Document) -> Document:
    """The same Document built again from its lines: what building costs, apart from reading."""
    b = DocumentBuilder(format=doc.format, reader=doc.reader)
    b.metadata.update(doc.metadata)
    for page in doc.pages:
        b.new_page(width=page.width, height=page.height, ocr=page.ocr)
        for block in page.blocks:
            b.end_block()
            for line in block.lines:
                b.add_line(
                    line.text,
                    bbox=line.bbox,
                    font_size=line.font_size,
                    bold=line.bold,
                    italic=line.italic,
                    align=line.align,
                    region=line.region,
                    kind=line.kind,
                    indent=line.indent,
                    confidence=line.confidence,
                    style=line.style,
                )
    return b.build()


def stdlib_email(data: bytes) -> object:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else None


def striprtf(data: bytes) -> object:
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(data.decode("latin-1"), errors="ignore")


def odf_parts(data: bytes) -> object:
    z = zipfile.ZipFile(io.BytesIO(data))
    return [etree.fromstring(z.read(n)) for n in ("content.xml", "styles.xml", "meta.xml")]


def extract_msg_open(data: bytes) -> object:
    """extract-msg's own work for what the MSG reader uses: open, headers, body, attachments."""
    import extract_msg

    msg = extract_msg.openMsg(data, strict=False, delayAttachments=True)
    try:
        return (msg.header, msg.subject, msg.sender, msg.to, msg.cc, msg.date, msg.body, msg.attachments)
    finally:
        msg.close()


def lxml_xml(data: bytes) -> object:
    return etree.fromstring(data)


def lxml_html(data: bytes) -> object:
    return etree.fromstring(data, etree.HTMLParser())


def soffice(data: bytes) -> object:
    exe = shutil.which("soffice")
    assert exe
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/p",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
        )
        return (Path(tmp) / "input.docx").read_bytes()


CASES: list[tuple[str, str, Callable[[bytes], object], float]] = [
    ("letter-reply.eml", "stdlib email", stdlib_email, 2.0),
    ("mail-parser-mail_test_3.eml", "stdlib email", stdlib_email, 2.0),
    ("letters.mbox", "stdlib email", lambda d: stdlib_email(d.split(b"\n", 1)[1]), 2.0),
    ("letter.rtf", "striprtf", striprtf, 3.0),
    ("striprtf-french.rtf", "striprtf", striprtf, 3.0),
    ("letter.msg", "extract-msg", extract_msg_open, 3.0),
    ("mail-parser-mail_outlook_1.msg", "extract-msg", extract_msg_open, 3.0),
    ("letter.odt", "zipfile + lxml", odf_parts, 3.0),
    ("odfpy-headerfooter.odt", "zipfile + lxml", odf_parts, 3.0),
    ("letter.alto.xml", "lxml", lxml_xml, 3.0),
    ("kant-PAGE_0020_ALTO.xml", "lxml", lxml_xml, 3.0),
    ("letter.page.xml", "lxml", lxml_xml, 3.0),
    ("prima-SimplePage.page.xml", "lxml", lxml_xml, 3.0),
    ("letter.hocr", "lxml (HTML parser)", lxml_html, 3.0),
    ("hocr-tools-tess.hocr", "lxml (HTML parser)", lxml_html, 3.0),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--doc", action="store_true", help="also time .doc (LibreOffice, seconds per run)")
    ap.add_argument("--only", help="time only the fixtures whose name contains this (while profiling)")
    args = ap.parse_args()
    cases = list(CASES)
    if args.doc and shutil.which("soffice"):
        cases.append(("letter.doc", "soffice --convert-to docx", soffice, 3.0))
        cases.append(("olefile-test-ole-file.doc", "soffice --convert-to docx", soffice, 3.0))
    if args.only:
        cases = [case for case in cases if args.only in case[0]]
    rows = []
    ok = True
    for name, lib, base, target in cases:
        data = (DATA / name).read_bytes()
        info = StreamInfo(filename=name, extension=name.rsplit(".", 1)[-1])
        reader = choose_reader(data, info)
        repeat = 3 if name.endswith(".doc") else args.repeat
        doc = reader.read(data, info, ReadOptions())  # warm caches (imports, compiled patterns)
        base(data)
        read_letter(data, filename=name)
        clock = time.perf_counter if base is soffice else time.thread_time
        t_read, t_lib, t_build = best(
            [
                lambda: reader.read(data, info, ReadOptions()),  # noqa: B023
                lambda: base(data),  # noqa: B023
                lambda: rebuild(doc),  # noqa: B023
            ],
            repeat,
            clock,
        )
        (t_letter,) = best([lambda: read_letter(data, filename=name)], max(3, repeat // 10), clock)  # noqa: B023
        own = max(t_read - t_build, 0.0)
        ratio = own / t_lib
        ok &= ratio <= target
        rows.append(
            f"| `{name}` | {reader.name} | {lib} | {t_lib * 1e3:.3f} | {t_read * 1e3:.3f} | "
            f"{t_build * 1e3:.3f} | {own * 1e3:.3f} | **{ratio:.2f}x** | {t_read / t_lib:.2f}x | "
            f"{target:g}x | {'yes' if ratio <= target else 'NO'} | {t_letter * 1e3:.1f} |"
        )
    table = "\n".join(
        [
            "| fixture | reader | library | library ms | read ms | of which building ms | reader's part ms "
            "| part / library | read / library | target | met | read_letter ms |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
            *rows,
        ]
    )
    print(table)
    if args.out:
        cmd = "PYTHONPATH=src python benchmarks/bench_formats.py " + " ".join(sys.argv[1:])
        # the discussion below the table is written by hand and kept when the table is measured again
        notes = ""
        if args.out.exists():
            old = args.out.read_text(encoding="utf-8")
            if NOTES_HEADING in old:
                notes = "\n" + old[old.index(NOTES_HEADING) :]
        args.out.write_text(
            "# Reader cost against the underlying library\n\n"
            f"Command: `{cmd}` (least thread CPU time of {args.repeat} interleaved runs, .doc: wall clock "
            f"of 3, LibreOffice being another process; read_letter of {max(3, args.repeat // 10)}). "
            f"Python {sys.version.split()[0]}, 2 cores shared with other work.\n\n"
            f"{table}\n{notes}",
            encoding="utf-8",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
