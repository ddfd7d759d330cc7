"""The third, independent letter set (tests/letters_blind/*.txt + *.json) against letterkit's heuristics.

These letters were written blind (without reading the heuristics), as a check on letters no heuristic
was tuned on: other senders, eras, layouts and languages than tests/letters/ and tests/letters_more/,
and the messiness of real transcriptions (OCR ligatures and double spaces, archivists' square-bracket
marks, a Project Gutenberg heading and editor's footnote, a PEC e-mail envelope, a UK address at the
foot); see tests/letters_blind/README.md. The gold format and the checks are the same as for
tests/letters/ (``goldcheck.py``: the evaluation's checks plus ``subject`` and ``enclosures``); a
letter's test lists every failed check.

``test_gold_matches_text`` checks the fixtures themselves (every expected string is really in the
letter), so a failing ``test_letter`` means the pipeline, not a typo in the gold. The OCR letter has a
word hyphenated at a line end ("satis-" / "ﬁed"); the gold expects it joined, so the sanity check also
accepts a string found in the text with such line-end hyphens removed (and NFKC in ``low`` turns the
"ﬁ" ligature into "fi").
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldcheck import failures, gold_problems, low

LETTERS = Path(__file__).resolve().parent / "letters_blind"
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
    raw = txt.read_text(encoding="utf-8")
    # the text as written, and with line-end hyphens joined ("impor-\ntant" -> "important")
    texts = (low(raw), low(re.sub(r"(\w)-[ \t]*\n[ \t]*(\w)", r"\1\2", raw)))

    def found(s: str) -> bool:
        return any(s in t for t in texts)

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
            if not found(low(p["name"])):
                problems.append(f"{f}.name {p['name']!r} not in text")
    problems += [f"{f} {s!r} not in text" for f, s in verbatim if not found(low(s))]
    # a sentence split by a page break is not in the text as one piece, but each half is
    for c in b.get("contains", []):
        words = low(c).split()
        cuts = range(0, max(len(words), 1))
        if not any(found(" ".join(words[:i])) and found(" ".join(words[i:])) for i in cuts):
            problems.append(f"body.contains {c!r}: no two halves of it are in the text")
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_set_is_complete() -> None:
    """Every letter has its gold and the other way round, and the README lists every letter."""
    txts = {p.stem for p in LETTERS.glob("*.txt")}
    golds = {p.stem for p in GOLDS}
    assert txts == golds, f"without gold: {sorted(txts - golds)}; without text: {sorted(golds - txts)}"
    readme = (LETTERS / "README.md").read_text(encoding="utf-8")
    missing = sorted(n for n in golds if f"`{n}`" not in readme)
    assert not missing, f"not listed in letters_blind/README.md: {missing}"
