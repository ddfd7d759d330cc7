"""Inspect synthetic letters: ``python -m letterkit.zones.synth --n 5 --lang de --format txt``.

Why a CLI: authors of the language files need to see what the generator makes of their data, and
``--check`` tells them what in a file it cannot use.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from letterkit.zones.synth import available_languages, generate, template_names
from letterkit.zones.synth._data import problems
from letterkit.zones.synth.render import available_formats, render, render_txt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m letterkit.zones.synth", description=__doc__)
    parser.add_argument("--n", type=int, default=3, help="how many letters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lang", action="append", help=f"language(s), of {available_languages()}")
    parser.add_argument("--template", action="append", help=f"template(s), of {template_names()}")
    parser.add_argument("--format", default="labels", choices=["labels", "txt", "json", "docx", "pdf"],
                        help="labels: each line with its label; txt: rendered text; json: the letter; "
                             "docx/pdf: files written to --out")
    parser.add_argument("--out", type=Path, help="folder for docx/pdf files")
    parser.add_argument("--check", type=Path, nargs="+", help="language JSON files to check instead")
    args = parser.parse_args(argv)
    if args.check:
        bad = 0
        for path in args.check:
            found = problems(json.loads(path.read_text(encoding="utf-8")))
            print(f"{path}: {'OK' if not found else f'{len(found)} problems'}")
            for p in found:
                print(f"  {p}")
            bad += bool(found)
        return 1 if bad else 0
    if args.format in ("docx", "pdf") and args.out is None:
        parser.error("--out is needed for docx and pdf")
    for letter in generate(args.n, seed=args.seed, languages=args.lang, templates=args.template):
        head = f"=== {letter.id} {letter.language} {letter.template} ({letter.register})"
        if args.format == "labels":
            print(head)
            for line in letter.lines:
                if line.blank_before:
                    print()
                flags = "".join(f for f, on in (("P", line.page_break_before), ("B", line.bold)) if on)
                print(f"{line.label:>14} {line.align[0]}{line.region[0]}{flags:<2} | {line.text}")
            print(f"{'fields':>14}      | {json.dumps(letter.fields, ensure_ascii=False)}\n")
        elif args.format == "txt":
            print(head)
            print(render_txt(letter, args.seed))
        elif args.format == "json":
            print(json.dumps(dataclasses.asdict(letter), ensure_ascii=False))
        else:
            if args.format not in available_formats(letter):
                print(f"{letter.id}: no {args.format} for script {letter.script}", file=sys.stderr)
                continue
            args.out.mkdir(parents=True, exist_ok=True)
            path = args.out / f"{letter.id}.{args.format}"
            path.write_bytes(render(letter, args.format, args.seed))
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
