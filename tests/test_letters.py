"""The hand-made letter set (tests/letters/*.txt + *.json) against letterkit's heuristics.

Each letter has a gold file in the evaluation's format (see tests/letters/README.md); the checks are the
evaluation's own (copied in goldcheck.py) plus ``subject`` and ``enclosures``. A letter's test lists
every failed check, so one run shows all that is wrong with it, not only the first difference.

``test_gold_matches_text`` checks the fixtures themselves (every expected string is really in the
letter), so a failing ``test_letter`` means the pipeline, not a typo in the gold.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldcheck import failures, gold_problems, low

LETTERS = Path(__file__).resolve().parent / "letters"
GOLDS = sorted(LETTERS.glob("*.json"))


def _load(gold_path: Path) -> tuple[dict, Path]:
    return json.loads(gold_path.read_text(encoding="utf-8")), gold_path.with_suffix(".txt")


@pytest.mark.parametrize("gold_path", GOLDS, ids=[p.stem for p in GOLDS])
def test_letter(gold_path: Path) -> None:
    from letterkit import read_letter

    gold, txt = _load(gold_path)
    out = read_letter(txt).model_dump(mode="json")
    fails = failures(gold, out)
    assert not fails, f"{txt.name}: {len(fails)} failed check(s):\n  " + "\n  ".join(fails)


@pytest.mark.parametrize("gold_path", GOLDS, ids=[p.stem for p in GOLDS])
def test_gold_matches_text(gold_path: Path) -> None:
    """Every string the gold expects verbatim is in the letter's text (after loose normalisation)."""
    gold, txt = _load(gold_path)
    assert txt.exists(), f"{gold_path.name} has no {txt.name}"
    problems = gold_problems(gold)
    text = low(txt.read_text(encoding="utf-8"))
    verbatim: list[tuple[str, str]] = []
    for f in ("salutation", "closing", "place", "reference", "subject"):
        if gold.get(f):
            verbatim.append((f, gold[f]))
    b = gold.get("body", {})
    for f in ("starts_with", "ends_with"):
        if b.get(f):
            verbatim.append(("body." + f, b[f]))
    verbatim += [("body.excludes", e) for e in b.get("excludes", [])]
    verbatim += [("footnote_starts_with", s) for s in gold.get("footnote_starts_with", [])]
    verbatim += [("letterhead_contains", s) for s in gold.get("letterhead_contains", [])]
    verbatim += [("enclosures", s) for s in gold.get("enclosures", [])]
    if gold.get("postscript_starts_with"):
        verbatim.append(("postscript_starts_with", gold["postscript_starts_with"]))
    for f in ("recipients", "signatories", "cc"):
        for p in gold.get(f, []):
            verbatim += [(f"{f}.{k}", p[k]) for k in ("role", "organisation") if p.get(k)]
            # the gold drops honorifics, so the name itself is in the text
            if low(p["name"]) not in text:
                problems.append(f"{f}.name {p['name']!r} not in text")
    problems += [f"{f} {s!r} not in text" for f, s in verbatim if low(s) not in text]
    # a sentence split by a page break is not in the text as one piece, but each half is
    for c in b.get("contains", []):
        words = low(c).split()
        cuts = range(0, max(len(words), 1))
        if not any(" ".join(words[:i]) in text and " ".join(words[i:]) in text for i in cuts):
            problems.append(f"body.contains {c!r}: no two halves of it are in the text")
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_set_is_complete() -> None:
    """Every letter has its gold and the other way round."""
    txts = {p.stem for p in LETTERS.glob("*.txt")}
    golds = {p.stem for p in GOLDS}
    assert txts == golds, f"without gold: {sorted(txts - golds)}; without text: {sorted(golds - txts)}"
