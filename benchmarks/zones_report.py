"""Field scores of the installed letterkit on every hand-made letter set and the public corpus, as one
Markdown table row per set (for benchmarks/results/zones.md: rules versus model side by side).

    python benchmarks/zones_report.py [--label model] [--sets all] [--frozen]

Run it once with letterkit 0.1 on the path (the rules: ``PYTHONPATH=<checkout of 0.1>/src``) and once
with this checkout (the model). ``--frozen`` adds the frozen set (tests/frozen), which must only ever be
*measured*: never change code for what it shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from goldcheck import all_checks  # noqa: E402
from letterkit import read_letter  # noqa: E402

#: (set name, folder of letters, folder of gold, file suffixes)
SETS = [
    ("corpus (txt)", ROOT / "tests/corpus/letters", ROOT / "tests/corpus/gold", (".txt",)),
    ("corpus (docx)", ROOT / "tests/corpus/letters", ROOT / "tests/corpus/gold", (".docx",)),
    ("corpus (pdf)", ROOT / "tests/corpus/letters", ROOT / "tests/corpus/gold", (".pdf",)),
    ("corpus (html)", ROOT / "tests/corpus/letters", ROOT / "tests/corpus/gold", (".html",)),
    ("tests/letters (dev, trained on)", ROOT / "tests/letters", ROOT / "tests/letters", (".txt",)),
    ("tests/letters_dev2 (dev)", ROOT / "tests/letters_dev2", ROOT / "tests/letters_dev2", (".txt",)),
    ("tests/letters_dev3 (dev)", ROOT / "tests/letters_dev3", ROOT / "tests/letters_dev3", (".txt",)),
    ("tests/layout_corpus (docx)", ROOT / "tests/layout_corpus/letters", ROOT / "tests/layout_corpus/gold",
     (".docx",)),
    ("tests/layout_corpus (pdf)", ROOT / "tests/layout_corpus/letters", ROOT / "tests/layout_corpus/gold",
     (".pdf",)),
]
FROZEN = [
    (f"tests/frozen ({fmt})", ROOT / "tests/frozen/letters", ROOT / "tests/frozen/gold", (f".{fmt}",))
    for fmt in ("txt", "docx", "pdf")
]


def score(letters: Path, gold: Path, suffixes: tuple[str, ...]) -> tuple[int, int]:
    passed = total = 0
    for path in sorted(letters.iterdir()):
        if path.name.endswith(".scan.pdf") or not path.name.endswith(suffixes):
            continue
        g = gold / (path.name.split(".")[0] + ".json")
        if not g.exists():
            continue
        try:
            out = read_letter(path).model_dump(mode="json")
        except Exception:  # a failure to read counts every check as failed
            out = {}
        for _field, ok, _detail in all_checks(json.loads(g.read_text(encoding="utf-8")), out):
            total += 1
            passed += ok
    return passed, total


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", default="model")
    ap.add_argument("--frozen", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    print(f"| set | {args.label} |")
    print("|---|---|")
    for name, letters, gold, suffixes in SETS + (FROZEN if args.frozen else []):
        if not letters.is_dir():
            continue
        p, t = score(letters, gold, suffixes)
        print(f"| {name} | {p}/{t} ({100 * p / t:.1f}%) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
