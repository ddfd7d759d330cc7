"""The hand-made letters rendered like the evaluation corpus (tests/layout_corpus, made by
tests/make_layout_corpus.py): every DOCX and PDF must meet its gold; scans most of it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldcheck import failures
from letterkit import read_letter

CORPUS = Path(__file__).resolve().parent / "layout_corpus"
FILES = sorted(p for p in (CORPUS / "letters").iterdir() if p.suffix in (".docx", ".pdf"))


def _gold(path: Path) -> dict:
    return json.loads((CORPUS / "gold" / f"{path.name.split('.')[0]}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [p for p in FILES if not p.name.endswith(".scan.pdf")], ids=lambda p: p.name)
def test_laid_out_letter_meets_its_gold(path: Path) -> None:
    fails = failures(_gold(path), read_letter(path).model_dump(mode="json"))
    assert not fails, "\n".join(fails)


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("path", [p for p in FILES if p.name.endswith(".scan.pdf")], ids=lambda p: p.name)
def test_scanned_letter_meets_most_of_its_gold(path: Path) -> None:
    gold = _gold(path)
    out = read_letter(path).model_dump(mode="json")
    assert out["source"]["ocr"] is True
    assert out["date"] == gold["date"]
    assert len(failures(gold, out)) <= 6
