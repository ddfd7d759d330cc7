"""The ``letterkit`` command: read one letter, convert many to JSON, list formats, print the schema.

A thin shell over the Python API (:func:`letterkit.read_letter`, :func:`letterkit.read_letters`): it
adds nothing to what a letter is, only how it is shown. Errors that bad input can cause
(:class:`~letterkit.errors.LetterkitError`) become one line on stderr and exit status 2, never a
traceback, because the user can act on the message but not on a stack.

Exit status: 0 success; 1 ``convert`` finished but some inputs failed; 2 an error (bad input or
usage); 3 an internal error (a bug: please report it; ``--debug`` shows the traceback); 130 stopped by
Ctrl-C; 141 standard output was closed before the end (``| head -1``; ``convert --resume`` goes on
from there).

The library's messages speak of its Python options (``format=...``, ``Limits.timeout``); the command
rewrites them into its own options (:func:`cli_message`) before showing them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import shutil
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, TextIO, cast

from letterkit.convert import OUTPUT_KINDS
from letterkit.core import __version__
from letterkit.errors import InputNotFound, LetterkitError
from letterkit.logs import configure_cli, get_logger, logger, verbosity_level

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away

#: the library's words for its options (its messages are written for the Python API), and the
#: command's: applied in order to every message the command shows
CLI_TERMS: tuple[tuple[str, str], ...] = (
    (r"pass it with password=\.\.\. \(CLI: --password\)", "give it with --password"),
    (r"password=\.\.\. \(CLI: --password\)", "--password"),
    (r"\b[Pp]ass format=\.\.\.", "Give --format F"),
    (r"\bocr='(\w+)'", r"--ocr \1"),
    (r"read_letter reads one file \(use read_letters for folders\)",
     "'letterkit read' reads one file (use 'letterkit convert' for folders)"),
    (r"\bread_letter reads one file", "'letterkit read' reads one file"),
    (r"read_letters \(and `letterkit batch`\)", "'letterkit convert'"),
    (r"Limits\.timeout \(e\.g\. read_letter\(\.\.\., limits=Limits\(timeout=600\)\), or None for no limit\)",
     "--time-limit (e.g. --time-limit 600, or 0 for no limit)"),
    (r"Limits\.timeout", "--time-limit"),
    (r"Limits\.max_pages", "--max-pages"),
    (r"Limits\.max_decompressed_bytes \(and max_bytes\)", "--max-unpacked-mb (and --max-mb)"),
    (r"Limits\.max_decompressed_bytes", "--max-unpacked-mb"),
    (r"Limits\.max_bytes", "--max-mb"),
    (r"Raise timeout= to allow more time", "Raise --timeout to allow more time"),
)
_CLI_TERMS = tuple((re.compile(a), b) for a, b in CLI_TERMS)


def cli_message(text: str) -> str:
    """A library message in the command's terms: ``format=...`` becomes ``--format F``,
    ``Limits.max_pages`` becomes ``--max-pages``, ``read_letters`` becomes ``letterkit convert``."""
    for pattern, replacement in _CLI_TERMS:
        text = pattern.sub(replacement, text)
    return text


class _Stderr:
    """Standard error for the command's messages: each in CLI terms, and written through the progress
    bar when one is drawn (tqdm clears it, writes the line, draws it again), so that no message is
    glued onto the bar."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        text = cli_message(text)
        tqdm = sys.modules.get("tqdm")
        if tqdm is not None and getattr(tqdm.tqdm, "_instances", None):
            with tqdm.tqdm.external_write_mode(file=self.stream):
                self.stream.write(text)
                self.stream.flush()
        else:
            self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

#: the widest the summary wraps body paragraphs, whatever the terminal's width
MAX_WIDTH = 100
#: the fields whose confidence the summary shows, and below which it marks them low
CONFIDENCE_FIELDS = ("date", "reference", "subject", "recipients.0", "salutation", "closing", "signatories.0")
LOW_CONFIDENCE = 0.5


# --- the parser -------------------------------------------------------------------------------------


def _add_read_options(p: argparse.ArgumentParser) -> None:
    """Options that steer reading, shared by ``read`` and ``convert``."""
    p.add_argument("--format", "-f", metavar="F", help="force a reader/format (pdf, docx, html, txt...); "
                   "default: recognised from the content, then the extension")
    p.add_argument("--password", metavar="P", help="password of an encrypted PDF")
    p.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="OCR scanned pages with Tesseract: auto (pages without text), always, never "
                   "(default: %(default)s)")
    p.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default="pdfium",
                   help="PDF text extraction: pdfium (fast) or pdfplumber (more layout detail) "
                   "(default: %(default)s)")
    p.add_argument("--model", metavar="FILE", help="a zone model trained with 'letterkit train' "
                   "(default: the built-in model)")
    limits = p.add_argument_group("limits", "refuse what is too large or too slow to read "
                                  "(the defaults suit letters; raise them for a large report)")
    limits.add_argument("--time-limit", type=float, metavar="S",
                        help="seconds to read one document (default 120; 0 = none)")
    limits.add_argument("--max-pages", type=int, metavar="N", help="pages of one document (default 500)")
    limits.add_argument("--max-mb", type=float, metavar="MB", help="size of one input file (default 200)")
    limits.add_argument("--max-unpacked-mb", type=float, metavar="MB",
                        help="what a DOCX/ODT/zip may unpack to, or an image decode to (default 500)")


def _add_verbosity(p: argparse.ArgumentParser, top: bool = False) -> None:
    """``-v``/``-q``, on the top-level parser and on every command (``letterkit read x.pdf -v``).

    They set the level of the ``letterkit`` logger's messages on standard error: warnings by default,
    ``-v`` adds what letterkit does (the reader chosen, workers replaced), ``-vv`` debugging detail,
    ``-q`` leaves errors only. On a command they are counted afresh (``default=SUPPRESS``), so the
    command's own count wins over the top-level one instead of being reset by the subparser."""
    default = 0 if top else argparse.SUPPRESS
    p.add_argument("--verbose", "-v", action="count", default=default,
                   help="say more on standard error (-vv: debugging detail)")
    p.add_argument("--quiet", "-q", action="count", default=default,
                   help="say less: errors only (with convert: no line per converted input either)")


def build_parser() -> argparse.ArgumentParser:
    """The ``letterkit`` argument parser with its subcommands (the CLI reference is generated from it)."""
    parser = argparse.ArgumentParser(
        prog="letterkit",
        description="Read letters (text, Markdown, PDF, scans, DOCX, HTML) into one structured Letter.",
        epilog="Run 'letterkit COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"letterkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    _add_verbosity(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_read = sub.add_parser("read", help="read one letter and show its fields (or its JSON)",
                            description="Read one letter and show its fields, or print its JSON.")
    p_read.add_argument("file", metavar="FILE", help="the letter to read ('-' reads standard input)")
    p_read.add_argument("--json", action="store_true", help="print the Letter as JSON instead of a summary")
    _add_read_options(p_read)
    _add_verbosity(p_read)
    p_read.set_defaults(func=cmd_read)

    p_conv = sub.add_parser(
        "convert",
        help="convert letters (files, folders, zip archives) to JSON, JSONL, CSV, Parquet, TEI or CMIF",
        description="Convert letters. Folders are walked recursively for files with an extension some "
        "reader knows (see 'letterkit formats') and zip archives are opened; the folder structure is kept "
        "under DIR. With --to json (the default) each input gets DIR/<input name>.json, or "
        "DIR/<input name>.error.json when it fails; every failure is also logged to DIR/errors.jsonl. "
        "The conversion goes on after failures; the exit status is 1 if any input failed.",
    )
    p_conv.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="letter files, folders, zip archives or URLs; '-' reads them from standard "
                        "input, one per line (find ... | letterkit convert - --out DIR)")
    p_conv.add_argument("--out", "-o", required=True, metavar="DIR",
                        help="output folder (created if needed); '-' streams the letters to standard "
                        "output as JSON Lines (or CSV with --to csv), the summary going to standard error")
    p_conv.add_argument("--state", metavar="FILE",
                        help="with --out -: where to record the inputs written, so that --resume with the "
                        "same --state goes on after an interrupted run (with a folder: DIR/"
                        ".letterkit-state.jsonl)")
    p_conv.add_argument("--to", choices=OUTPUT_KINDS, default=None,
                        help="json (default; jsonl with --out -): one file per input; "
                        "jsonl/csv/parquet: one file for all (DIR/letters.*); "
                        "tei: one TEI XML per input; cmif: DIR/letters.cmif.xml for the whole batch; "
                        "edges: DIR/letters.edges.csv and DIR/letters.graphml (who wrote to whom)")
    cmif = p_conv.add_argument_group("CMIF (--to cmif)", "what correspSearch needs to publish the file")
    cmif.add_argument("--title", help="the title of the CMIF file")
    cmif.add_argument("--editor", help="the editor's name")
    cmif.add_argument("--editor-email", help="the editor's e-mail address")
    cmif.add_argument("--publisher", help="the publisher's name (the CC BY attribution)")
    cmif.add_argument("--publisher-url", help="the publisher's web address")
    cmif.add_argument("--source-url", help="where this CMIF file will be published")
    cmif.add_argument("--authority", metavar="FILE",
                      help="CSV (name,uri) or JSON {name: uri} mapping persons and places to authority URIs")
    cmif.add_argument("--tei-url", metavar="URL", help="base URL of the letters' TEI files (CMIF v2 note)")
    table = p_conv.add_argument_group("CSV (--to csv)", "letters.csv and parties.csv for spreadsheets")
    table.add_argument("--csv-encoding", choices=("utf-8", "utf-8-sig"), default="utf-8",
                       help="utf-8-sig writes the byte-order mark Excel needs to read UTF-8 (default utf-8)")
    table.add_argument("--guard-formulas", action="store_true",
                       help="prefix cells that start with = + - @ (or a tab or CR) with ' so that a "
                       "spreadsheet shows them as text instead of running them as formulas")
    p_conv.add_argument("--workers", "-j", type=int, default=1, metavar="N",
                        help="worker processes (0 = one per CPU; default 1)")
    p_conv.add_argument("--timeout", type=float, metavar="S",
                        help="seconds allowed per document before its worker is stopped "
                        "(default: a little over the reading time limit of 120 s)")
    p_conv.add_argument("--memory-limit", type=int, metavar="MB",
                        help="memory cap per worker process, in MB "
                        "(default: a share of the machine's memory; 0 = none)")
    p_conv.add_argument("--resume", action="store_true",
                        help="go on with an interrupted run into DIR: skip the inputs already done (and "
                        "unchanged), keep earlier letters in the single-file outputs")
    p_conv.add_argument("--retry-failed", action="store_true",
                        help="with --resume, read again the inputs that failed before (their error record "
                        "is replaced)")
    p_conv.add_argument("--include", action="append", metavar="GLOB", help="only files matching (repeatable)")
    p_conv.add_argument("--exclude", action="append", metavar="GLOB", help="skip files matching (repeatable)")
    p_conv.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: when standard error is a terminal)")
    p_conv.add_argument("--review", metavar="DIR",
                        help="also write review pages of the letters into DIR (see 'letterkit show')")
    _add_read_options(p_conv)
    _add_verbosity(p_conv)
    p_conv.set_defaults(func=cmd_convert)

    p_formats = sub.add_parser("formats", help="list the installed readers and their formats",
                               description="List the installed readers (built-in and plugins).")
    p_formats.add_argument("--json", action="store_true", help="print the list as JSON")
    _add_verbosity(p_formats)
    p_formats.set_defaults(func=cmd_formats)

    p_schema = sub.add_parser("schema", help="print the JSON Schema of the Letter output",
                              description="Print the JSON Schema of what 'letterkit read --json' prints.")
    _add_verbosity(p_schema)
    p_schema.set_defaults(func=cmd_schema)

    p_show = sub.add_parser(
        "show", help="write review pages: each letter with its zones drawn and its fields' confidence",
        description="Write one self-contained HTML page per letter into DIR (the page images with every "
        "line's zone drawn as a box, or the text with its zones coloured; the fields with their confidence) "
        "and DIR/index.html, the least certain letters first. On a page, click a line to give it another "
        "zone and save the corrections; 'letterkit train --corrections DIR --out FILE.lkm' learns from them.",
    )
    p_show.add_argument("inputs", nargs="+", metavar="LETTER", help="letter files or folders")
    p_show.add_argument("--out", "-o", required=True, metavar="DIR", help="folder for the pages (created)")
    p_show.add_argument("--serve", action="store_true",
                        help="then serve DIR on 127.0.0.1; 'Save corrections' writes DIR/corrections/")
    p_show.add_argument("--port", type=int, default=8765, help="port for --serve (default: %(default)s)")
    _add_read_options(p_show)
    _add_verbosity(p_show)
    p_show.set_defaults(func=cmd_show)

    p_train = sub.add_parser(
        "train", help="train a zone model on labelled letters (see 'python -m letterkit.zones.train')",
        description="Train the zone model that labels every line of a letter. Every argument after 'train' "
        "is passed to 'python -m letterkit.zones.train' (run 'letterkit train --help' for them).",
        add_help=False,
    )
    p_train.add_argument("train_args", nargs=argparse.REMAINDER, help="arguments of the training command")
    p_train.set_defaults(func=cmd_train)
    return parser


def _read_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "format": args.format, "password": args.password, "ocr": args.ocr, "pdf_backend": args.pdf_backend,
        **({"model": args.model} if getattr(args, "model", None) else {}),
    }
    limits = _limits(args)
    if limits is not None:
        kwargs["limits"] = limits
    return kwargs


def _limits(args: argparse.Namespace) -> Any:
    """The :class:`~letterkit.readers.base.Limits` of ``--time-limit``/``--max-*``, None if none given."""
    from letterkit.core.limits import Limits

    given = {"time_limit": args.time_limit, "max_pages": args.max_pages, "max_mb": args.max_mb,
             "max_unpacked_mb": args.max_unpacked_mb}
    if all(v is None for v in given.values()):
        return None
    limits = Limits()
    if args.time_limit is not None:
        limits.timeout = args.time_limit if args.time_limit > 0 else None
    if args.max_pages is not None:
        limits.max_pages = args.max_pages
    if args.max_mb is not None:
        limits.max_bytes = int(args.max_mb * 1024 * 1024)
    if args.max_unpacked_mb is not None:
        limits.max_decompressed_bytes = int(args.max_unpacked_mb * 1024 * 1024)
    return limits


# --- read ------------------------------------------------------------------------------------------


def _width(out: TextIO) -> int:
    cols = shutil.get_terminal_size((88, 24)).columns if out.isatty() else 88
    return max(40, min(MAX_WIDTH, cols))


def _party_lines(party: Any) -> list[str]:
    """A Party as a first line (honorific, name, role, organisation) and its contact details."""
    lines = [str(party)]
    lines += list(party.address)
    lines += [f"{label} {value}" for label, value in (("email:", party.email), ("phone:", party.phone))
              if value]
    return lines


def format_summary(letter: Any, width: int = 88) -> str:
    """The letter's fields as a readable page: every field is shown, ``-`` marks what was not found."""
    out: list[str] = []
    label_w = 13

    def field(label: str, value: object) -> None:
        text = str(value) if value not in (None, "") else "-"
        out.append(textwrap.fill(text, width=width, initial_indent=f"{label + ':':<{label_w}}",
                                 subsequent_indent=" " * label_w, break_on_hyphens=False))

    def block(label: str, rows: list[list[str]], numbered: bool | None = None) -> None:
        """A list field; items are numbered when there are several (or ``numbered`` says so)."""
        if not rows:
            field(label, None)
            return
        out.append(f"{label}:")
        number = len(rows) > 1 if numbered is None else numbered
        for i, row in enumerate(rows, 1):
            first = f"  {i}. " if number else "  "
            out.append(first + row[0])
            out.extend(" " * len(first) + more for more in row[1:])

    src = letter.source
    pages = f"{src.pages} page{'s' if src.pages != 1 else ''}" if src.pages else None
    head = ", ".join(b for b in (src.format, f"{src.reader} reader", pages, "OCR" if src.ocr else None) if b)
    out.append(f"{src.filename or '(unnamed input)'}  ({head})")
    out.append("")
    date = letter.date
    if letter.date_text and letter.date_text != letter.date:
        date = f"{letter.date or '-'}  (as written: {letter.date_text})"
    field("Date", date)
    field("Place", letter.place)
    field("Reference", letter.reference)
    field("Subject", letter.subject)
    field("Language", letter.language)
    lh = letter.letterhead
    if lh and (lh.lines or lh.organisation):
        rows = [[f"organisation: {lh.organisation}"]] if lh.organisation else []
        block("Letterhead", rows + [[line] for line in lh.lines], numbered=False)
    else:
        field("Letterhead", None)
    block("Sender", [_party_lines(letter.sender)] if letter.sender and not letter.sender.is_empty() else [])
    block("Recipients", [_party_lines(p) for p in letter.recipients])
    field("Salutation", letter.salutation)
    out.append("")
    if letter.body:
        out.append(f"Body ({len(letter.body)} paragraph{'s' if len(letter.body) != 1 else ''}):")
        for i, para in enumerate(letter.body, 1):
            prefix = f"{i:>4}. "
            out.append(textwrap.fill(para, width=width, initial_indent=prefix,
                                     subsequent_indent=" " * len(prefix), break_on_hyphens=False))
    else:
        field("Body", None)
    out.append("")
    field("Closing", letter.closing)
    block("Signatories", [_party_lines(p) for p in letter.signatories])
    block("Cc", [_party_lines(p) for p in letter.cc])
    block("Enclosures", [[e] for e in letter.enclosures])
    if letter.postscript:
        out.append("Postscript:")
        out.append(textwrap.fill(letter.postscript, width=width, initial_indent="  ", subsequent_indent="  "))
    else:
        field("Postscript", None)
    block("Footnotes", [[f] for f in letter.footnotes], numbered=True)
    conf = getattr(letter, "confidence", None) or {}
    shown = [k for k in CONFIDENCE_FIELDS if k in conf]
    if shown:
        field("Confidence", ", ".join(
            f"{k} {conf[k]:.2f}{' (low)' if conf[k] < LOW_CONFIDENCE else ''}" for k in shown))
    block("Warnings", [[w] for w in letter.warnings])
    out.append("")
    details = [f"format={src.format}", f"reader={src.reader}"]
    details += [f"{k}={v}" for k, v in (("pages", src.pages), ("encoding", src.encoding), ("size", src.size))
                if v]
    if src.ocr:
        details.append("ocr=yes")
    out.append(f"{'Source:':<{label_w}}{' '.join(details)}")
    for label, value in (("title", src.title), ("author", src.author), ("created", src.created),
                         ("modified", src.modified)):
        if value:
            out.append(f"{'':<{label_w}}{label}: {value}")
    out.append(f"{'':<{label_w}}sha256: {src.sha256}")
    return "\n".join(out) + "\n"


def cmd_read(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit read``: one letter as a summary, or as JSON with ``--json``."""
    from letterkit.api import read_letter

    if args.file == "-":
        letter = read_letter(sys.stdin.buffer, **_read_kwargs(args))
    else:
        letter = read_letter(args.file, **_read_kwargs(args))  # a missing file raises InputNotFound
    if args.json:
        stdout.write(json.dumps(letter.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(format_summary(letter, width=_width(stdout)))
    return EXIT_OK


# --- convert ---------------------------------------------------------------------------------------


#: what ``--out -`` can stream: formats of one record per line
STREAM_KINDS = ("jsonl", "csv")


def _stdin_inputs(inputs: list[str]) -> list[str]:
    """``-`` among the inputs stands for the lines of standard input: one path or URL a line (blank
    lines and surrounding spaces skipped; a name may hold inner spaces)."""
    if "-" not in inputs:
        return inputs
    lines = [line.strip() for line in sys.stdin.read().splitlines()]
    out: list[str] = []
    for item in inputs:
        out.extend([line for line in lines if line] if item == "-" else [item])
    return out


def cmd_convert(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit convert``: plan the inputs, convert them, print the summary; 1 if any failed.

    With ``--out -`` the letters go to standard output (JSON Lines, or CSV) and everything else to
    standard error. When standard output is closed before the end (``| head -1``), the run stops with
    status 141; what was written is recorded in the state (DIR's, or ``--state FILE``), so ``--resume``
    goes on from there."""
    from letterkit.batch import default_workers
    from letterkit.convert import convert, plan

    streaming = args.out == "-"
    to = args.to or ("jsonl" if streaming else "json")
    if streaming and to not in STREAM_KINDS:
        raise UsageError(f"--out - streams --to {' or '.join(STREAM_KINDS)}, not --to {to} "
                         "(give a folder for --out to write it)")
    if args.state and not streaming:
        raise UsageError("--state is for --out -; a folder keeps its state in DIR/.letterkit-state.jsonl")
    if args.resume and streaming and not args.state:
        raise UsageError("--resume with --out - needs --state FILE, the file an earlier run recorded in")
    out_dir = Path("-") if streaming else Path(args.out)
    if not streaming and out_dir.exists() and not out_dir.is_dir():
        raise InputNotFound(f"--out {out_dir} exists and is not a folder; give a folder for the output.")
    inputs = _stdin_inputs(list(args.inputs))
    jobs = plan(inputs, out_dir, include=args.include, exclude=args.exclude)
    report = sys.stderr if streaming else stdout  # the summary never mixes with streamed letters
    if not jobs:
        sys.stderr.write(f"letterkit: no letters found in {', '.join(inputs) or 'standard input'} "
                         "(see 'letterkit formats' for the extensions read in folders)\n")
        return EXIT_SOME_FAILED
    progress = args.progress if args.progress is not None else (sys.stderr.isatty() and not args.quiet)
    try:
        summary = convert(
            jobs,
            out_dir,
            to=to,
            workers=args.workers if args.workers > 0 else default_workers(),
            timeout=args.timeout,
            memory_limit=None if args.memory_limit is None else args.memory_limit * 1024 * 1024,
            resume=args.resume,
            retry_failed=args.retry_failed,
            progress=progress,
            log=None if args.quiet or progress or streaming else stdout,  # -q: failures and the summary
            errors_log=cast(TextIO, _Stderr(sys.stderr)),
            cmif=_cmif_kwargs(args),
            csv={"encoding": args.csv_encoding, "guard_formulas": args.guard_formulas},
            stream=stdout if streaming else None,
            state_file=Path(args.state) if args.state else None,
            **_read_kwargs(args),
        )
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        where = args.state if streaming else str(out_dir)
        if streaming and not args.state:
            sys.stderr.write("letterkit: standard output was closed before the end; stopped. "
                             "Give --state FILE to be able to --resume such a run.\n")
        else:
            sys.stderr.write("letterkit: standard output was closed before the end; stopped. What was "
                             f"written is recorded in {where}: run again with --resume to go on.\n")
        return EXIT_BROKEN_PIPE
    report.write(summary.table() + "\n")
    where = "standard output" if streaming else str(out_dir)
    report.write(f"converted: {summary.converted}, failed: {summary.failed} (output in {where})\n")
    if args.review:
        _write_review(jobs, Path(args.review), args, report)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _write_review(jobs: list[Any], folder: Path, args: argparse.Namespace, report: TextIO) -> None:
    """``convert --review DIR``: review pages for the converted files (local files; members of archives
    and URLs are listed by 'letterkit show' once extracted)."""
    from letterkit.review import show

    paths = [j.task.path for j in jobs if j.task.path is not None and j.task.member is None]
    options = _read_kwargs(args)
    model = options.pop("model", None)
    index = show(paths, folder, model=model, **options)
    skipped = len(jobs) - len(paths)
    note = f" ({skipped} archive members or URLs left out)" if skipped else ""
    report.write(f"review pages: {index}{note}\n")


class UsageError(Exception):
    """A combination of options that cannot work: reported with the command's usage, status 2."""


def _cmif_kwargs(args: argparse.Namespace) -> dict[str, str]:
    """The CMIF options given on the command line, under the names :class:`letterkit.convert.Cmif` takes."""
    names = {"title": "title", "editor": "editor", "publisher_url": "url", "editor_email": "editor_email",
             "publisher": "publisher", "source_url": "source_url", "authority": "authority",
             "tei_url": "tei_url"}
    return {key: getattr(args, opt) for opt, key in names.items() if getattr(args, opt, None)}


# --- formats, schema --------------------------------------------------------------------------------


def cmd_formats(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit formats``: the installed readers, built-in and plugins."""
    from letterkit.readers.registry import available_readers

    readers = available_readers()
    rows: list[dict[str, Any]] = [
        {
            "name": r.name,
            "formats": list(r.formats),
            "extensions": list(r.extensions),
            "priority": r.priority,
            "description": r.description,
            "module": type(r).__module__,
        }
        for r in readers
    ]
    if args.json:
        stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for row in rows:
        stdout.write(f"{row['name']}\n")
        stdout.write(f"    formats:     {', '.join(row['formats']) or '-'}\n")
        stdout.write(f"    extensions:  {', '.join('.' + e for e in row['extensions']) or '-'}\n")
        if row["description"]:
            stdout.write(f"    {row['description']}\n")
        if not row["module"].startswith("letterkit."):
            stdout.write(f"    (plugin: {row['module']})\n")
    stdout.write(f"{len(rows)} reader{'s' if len(rows) != 1 else ''} installed\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit schema``: the JSON Schema of the Letter."""
    from letterkit.model import letter_json_schema

    stdout.write(json.dumps(letter_json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


# --- main ------------------------------------------------------------------------------------------


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Python warnings (of a library letterkit uses...) as one plain line through the letterkit
    logger, not a source location: ``-q`` silences them like letterkit's own messages."""
    get_logger("letterkit.cli").warning("%s", message)


def _utf8_safe(stream: TextIO) -> None:
    """Letters hold any script; a console that cannot show a character gets an escape, not a crash."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError, TypeError):  # exotic streams keep their settings
            reconfigure(errors="backslashreplace")


def cmd_show(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit show``: review pages for the letters, and an index; with --serve, a local server."""
    from letterkit.inputs import expand_inputs
    from letterkit.review import show

    paths = [t.path for t in expand_inputs(args.inputs) if t.path is not None and t.member is None]
    if not paths:
        sys.stderr.write(f"letterkit: no letters found in {', '.join(args.inputs)}\n")
        return EXIT_SOME_FAILED
    options = _read_kwargs(args)
    model = options.pop("model", None)
    index = show(paths, args.out, model=model, **options)
    stdout.write(f"{len(paths)} review page(s) and {index}\n")
    if args.serve:
        from letterkit.review.serve import make_server

        server = make_server(args.out, args.port)
        port = server.server_address[1]
        stdout.write(f"serving {args.out} on http://127.0.0.1:{port}/index.html (Ctrl-C stops)\n")
        stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return EXIT_OK


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    """``letterkit train ...``: the training command of :mod:`letterkit.zones.train`."""
    from letterkit.zones.train import main as train_main

    return train_main(list(args.train_args))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script passes it to ``sys.exit``)."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    if args_list[:1] == ["train"]:
        # every option after 'train' belongs to the training command, '--help' included; with
        # --corrections it is the archive training of the review pages
        if any(a == "--corrections" or a.startswith("--corrections=") for a in args_list[1:]):
            from letterkit.review.learn import main as learn_main

            return learn_main(args_list[1:])
        from letterkit.zones.train import main as train_main

        return train_main(args_list[1:])
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(args_list)
        command = _commands(parser).get(getattr(args, "command", None) or "")
        if extra:  # 'read --bogus': the command's own usage, not the top-level one
            (command or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # --help, --version and usage errors; keep main() callable from tests
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    stdout = sys.stdout
    _utf8_safe(stdout)
    _utf8_safe(sys.stderr)
    handler = configure_cli(verbosity_level(args.verbose, args.quiet), cast(TextIO, _Stderr(sys.stderr)))
    import signal

    sigint = signal.getsignal(signal.SIGINT)
    try:
        return _run(args, stdout, command or parser)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
        with contextlib.suppress(ValueError, TypeError):  # main() called from a thread, or from C
            signal.signal(signal.SIGINT, sigint)


def _ignore_sigint() -> None:
    import signal

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _run(args: argparse.Namespace, stdout: TextIO, command: argparse.ArgumentParser) -> int:
    """The command, with every failure turned into a message (in CLI terms) and an exit status."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning  # restored by catch_warnings on exit
        try:
            return int(args.func(args, stdout))
        except UsageError as exc:
            command.print_usage(sys.stderr)
            sys.stderr.write(f"{command.prog}: error: {exc}\n")
            return EXIT_ERROR
        except LetterkitError as exc:
            sys.stderr.write(f"letterkit: error: {cli_message(str(exc))}\n")
            return EXIT_ERROR
        except KeyboardInterrupt:
            # Ctrl-C: the workers (which ignore it) are ended by the pool; one line, no traceback
            _ignore_sigint()  # a second Ctrl-C while the workers are ended is quiet too
            sys.stderr.write("letterkit: interrupted\n")
            return EXIT_INTERRUPTED
        except BrokenPipeError:  # `letterkit read x --json | head`: the reader went away
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            return EXIT_BROKEN_PIPE
        except Exception as exc:
            if args.debug:
                raise
            sys.stderr.write(
                f"letterkit: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in letterkit or a plugin; run again with --debug for the traceback and "
                "please report it.\n"
            )
            return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
