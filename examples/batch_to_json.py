"""Convert a folder of letters into JSON files, one per letter, with letterkit's Python API.

    python examples/batch_to_json.py examples/letters out/

Each letter becomes OUT/<file name>.json (``Letter.model_dump(mode="json")``). A file that cannot be
read becomes OUT/<file name>.error.json with what went wrong, and the batch goes on: ``read_letters``
yields a result for every input, never an exception. The exit status is 1 if any file failed.
(The command ``letterkit convert FOLDER --out OUT`` does the same; this is the API version to adapt.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from letterkit import read_letters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert a folder of letters to JSON files.")
    parser.add_argument("input", type=Path, help="folder of letters (searched recursively)")
    parser.add_argument("output", type=Path, help="folder for the JSON files (created if needed)")
    args = parser.parse_args(argv)

    if not args.input.is_dir():
        parser.error(f"{args.input} is not a folder")
    # hidden files and our own earlier output are not letters
    paths = sorted(p for p in args.input.rglob("*") if p.is_file() and not p.name.startswith(".")
                   and not p.name.endswith(".json"))
    args.output.mkdir(parents=True, exist_ok=True)

    converted = failed = 0
    for path, result in zip(paths, read_letters(paths), strict=True):
        if result.letter is not None:
            out = args.output / f"{path.name}.json"
            out.write_text(result.letter.to_json() + "\n", encoding="utf-8")
            converted += 1
            print(f"ok      {path} -> {out}")
        else:
            out = args.output / f"{path.name}.error.json"
            out.write_text(json.dumps(result.error.model_dump(), ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
            failed += 1
            print(f"failed  {path}: {result.error.message}", file=sys.stderr)
    print(f"converted: {converted}, failed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
