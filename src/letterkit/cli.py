"""The ``letterkit`` command: read one letter, convert many to JSON, list formats, print the schema.

A thin shell over the Python API (:func:`letterkit.read_letter`, :func:`letterkit.read_letters`): it
adds nothing to what a letter is, only how it is shown. Errors that bad input can cause
(:class:`~letterkit.errors.LetterkitError`) become one line on stderr and exit status 2, never a
traceback, because the user can act on the message but not on a stack.

Exit status: 0 success; 1 ``convert`` finished but some inputs failed; 2 an error (bad input or
usage); 3 an internal error (a bug: please report it; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, TextIO

from letterkit import __version__
from letterkit.convert import OUTPUT_KINDS
from letterkit.errors import InputNotFound, LetterkitError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3

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


def build_parser() -> argparse.ArgumentParser:
    """The ``letterkit`` argument parser with its subcommands (the CLI reference is generated from it)."""
    parser = argparse.ArgumentParser(
        prog="letterkit",
        description="Read letters (text, Markdown, PDF, scans, DOCX, HTML) into one structured Letter.",
        epilog="Run 'letterkit COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"letterkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_read = sub.add_parser("read", help="read one letter and show its fields (or its JSON)",
                            description="Read one letter and show its fields, or print its JSON.")
    p_read.add_argument("file", metavar="FILE", help="the letter to read ('-' reads standard input)")
    p_read.add_argument("--json", action="store_true", help="print the Letter as JSON instead of a summary")
    _add_read_options(p_read)
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
                        help="letter files, folders, zip archives or URLs")
    p_conv.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (created if needed)")
    p_conv.add_argument("--to", choices=OUTPUT_KINDS, default="json",
                        help="json: one file per input; jsonl/csv/parquet: one file for all (DIR/letters.*); "
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
    p_conv.add_argument("--quiet", "-q", action="store_true", help="print only failures and the summary")
    _add_read_options(p_conv)
    p_conv.set_defaults(func=cmd_convert)

    p_formats = sub.add_parser("formats", help="list the installed readers and their formats",
                               description="List the installed readers (built-in and plugins).")
    p_formats.add_argument("--json", action="store_true", help="print the list as JSON")
    p_formats.set_defaults(func=cmd_formats)

    p_schema = sub.add_parser("schema", help="print the JSON Schema of the Letter output",
                              description="Print the JSON Schema of what 'letterkit read --json' prints.")
    p_schema.set_defaults(func=cmd_schema)

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
    return {
        "format": args.format, "password": args.password, "ocr": args.ocr, "pdf_backend": args.pdf_backend,
        **({"model": args.model} if getattr(args, "model", None) else {}),
    }


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


def cmd_convert(args: argparse.Namespace, stdout: TextIO) -> int:
    """``letterkit convert``: plan the inputs, convert them, print the summary; 1 if any failed."""
    from letterkit.batch import default_workers
    from letterkit.convert import convert, plan

    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputNotFound(f"--out {out_dir} exists and is not a folder; give a folder for the output.")
    jobs = plan(args.inputs, out_dir, include=args.include, exclude=args.exclude)
    if not jobs:
        sys.stderr.write(f"letterkit: no letters found in {', '.join(args.inputs)} "
                         "(see 'letterkit formats' for the extensions read in folders)\n")
        return EXIT_SOME_FAILED
    progress = args.progress if args.progress is not None else (sys.stderr.isatty() and not args.quiet)
    summary = convert(
        jobs,
        out_dir,
        to=args.to,
        workers=args.workers if args.workers > 0 else default_workers(),
        timeout=args.timeout,
        memory_limit=None if args.memory_limit is None else args.memory_limit * 1024 * 1024,
        resume=args.resume,
        retry_failed=args.retry_failed,
        progress=progress,
        log=None if args.quiet or progress else stdout,
        errors_log=sys.stderr,
        cmif=_cmif_kwargs(args),
        **_read_kwargs(args),
    )
    stdout.write(summary.table() + "\n")
    stdout.write(f"converted: {summary.converted}, failed: {summary.failed} (output in {out_dir})\n")
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


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
    """Warnings (a plugin that failed to load...) as one plain line, not a source location."""
    text = str(message)
    if text.startswith("letterkit: "):
        text = text[len("letterkit: "):]
    sys.stderr.write(f"letterkit: warning: {text}\n")


def _utf8_safe(stream: TextIO) -> None:
    """Letters hold any script; a console that cannot show a character gets an escape, not a crash."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError, TypeError):  # exotic streams keep their settings
            reconfigure(errors="backslashreplace")


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    """``letterkit train ...``: the training command of :mod:`letterkit.zones.train`."""
    from letterkit.zones.train import main as train_main

    return train_main(list(args.train_args))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script passes it to ``sys.exit``)."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    if args_list[:1] == ["train"]:
        # every option after 'train' belongs to the training command, '--help' included
        from letterkit.zones.train import main as train_main

        return train_main(args_list[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help, --version and usage errors; keep main() callable from tests
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    stdout = sys.stdout
    _utf8_safe(stdout)
    _utf8_safe(sys.stderr)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning  # restored by catch_warnings on exit
        try:
            return int(args.func(args, stdout))
        except LetterkitError as exc:
            sys.stderr.write(f"letterkit: error: {exc}\n")
            return EXIT_ERROR
        except KeyboardInterrupt:
            sys.stderr.write("letterkit: interrupted\n")
            return 130
        except BrokenPipeError:  # `letterkit read x --json | head`
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            return EXIT_OK
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
