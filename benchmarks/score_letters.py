"""Score letterkit on the hand-made test letters (tests/letters), check by check, like the evaluation.

    python benchmarks/score_letters.py [--set letters|letters_dev2] [--show-fails] [NAME ...]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*")
    ap.add_argument("--show-fails", action="store_true")
    ap.add_argument("--set", default="letters", help="folder under tests/: letters or letters_dev2")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    total = passed = 0
    by_field: dict[str, list[int]] = {}
    fails: list[str] = []
    for gold_path in sorted((ROOT / "tests" / args.set).glob("*.json")):
        if args.names and gold_path.stem not in args.names:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out = read_letter(gold_path.with_suffix(".txt")).model_dump(mode="json")
        for field, ok, detail in all_checks(gold, out):
            total += 1
            passed += ok
            f = by_field.setdefault(field, [0, 0])
            f[0] += ok
            f[1] += 1
            if not ok:
                fails.append(f"  {gold_path.stem} [{field}] {detail[:300]}")
    for k in sorted(by_field):
        p, t = by_field[k]
        print(f"  {k:22s} {p:4d}/{t:<4d}")
    if args.show_fails:
        print("\n".join(fails))
    print(f"overall: {passed}/{total} checks passed ({100 * passed / max(total, 1):.1f}%)")


if __name__ == "__main__":
    main()
