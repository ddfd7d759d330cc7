"""Learning an archive from corrections (issue 17): a generated series of 200 letters with one layout
the built-in model reads wrongly (the addressee below the signature, tests/archive_series.py); an
archive model is trained on the corrections of the first k letters and scores the last 180 with the
public scorer's checks (../shared/eval/score.py).

    python benchmarks/learning_curve.py [--letters 200] [--out benchmarks/results/learning-curve.md]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from archive_series import simulated_corrections, write_series  # noqa: E402

from letterkit import read_letter  # noqa: E402
from letterkit.review.learn import learn  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"
STEPS = (0, 1, 2, 5, 10, 20)


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("letterkit_score", SCORE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def share(items: list[Any], model: str | None, scorer: Any) -> tuple[float, int]:
    ok = total = 0
    for path, _, gold in items:
        out = read_letter(path, model=model).model_dump(mode="json")
        for _, passed, _ in scorer.checks_for(gold, out):
            total += 1
            ok += bool(passed)
    return ok / total, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=200)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    scorer = _scorer()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        items = write_series(root / "series", args.letters)
        held_out = items[max(STEPS):]
        for k in STEPS:
            t = time.perf_counter()
            if k == 0:
                score, n = share(held_out, None, scorer)
                changed = 0
                train_s = 0.0
            else:
                cdir = root / f"corrections-{k}"
                cdir.mkdir()
                changed = 0
                for path, lines, _ in items[:k]:
                    c = simulated_corrections(path, lines)
                    changed += len(c.corrected)
                    c.save(cdir / f"{path.name}.corrections.json")
                t0 = time.perf_counter()
                learn([cdir], root / f"m{k}.lkm")
                train_s = time.perf_counter() - t0
                score, n = share(held_out, str(root / f"m{k}.lkm"), scorer)
            rows.append((k, changed, score, n, train_s))
            print(f"k={k:3d} corrected lines {changed:4d}  score {score:.1%} of {n} checks  "
                  f"(training {train_s:.1f} s, step {time.perf_counter() - t:.0f} s)")
    lines = [
        "# Learning an archive from corrections",
        "",
        f"Command: `python benchmarks/learning_curve.py --letters {args.letters}`. A generated series of "
        f"{args.letters} letters",
        "from one office whose addressee stands below the signature (`tests/archive_series.py`); the built-in",
        "model reads that address as the signatory's. An archive model (`letterkit train --corrections`) is",
        f"trained on the corrected zones of the first k letters; the last {len(held_out)} letters are scored with",
        "`../shared/eval/score.py`'s checks. Corrections are simulated: every line given its true zone.",
        "",
        "| corrected letters k | lines changed by hand | score of the other letters | training time |",
        "|---|---|---|---|",
        *[f"| {k} | {c} | {s:.1%} of {n} checks | {t:.1f} s |" for k, c, s, n, t in rows],
        "",
        "Target of issue 17: 20 corrected letters bring the other 180 to at least 95% of their checks.",
    ]
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
