"""The corpus letters (copied from the evaluation corpus into tests/corpus) in every format.

Each letter exists as .txt, .docx and .pdf (and a scan): the same letter must come out the same
whatever the format, and each format must meet the gold labels the evaluation checks. The scanned
forms need Tesseract and are marked slow/ocr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from goldcheck import failures
from letterkit import read_letter

CORPUS = Path(__file__).resolve().parent / "corpus"
NAMES = sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))
LAYOUT_NAMES = [n for n in NAMES if (CORPUS / "letters" / f"{n}.pdf").exists()]


def _summary(path: Path, **options: object) -> dict[str, object]:
    letter = read_letter(path, **options)  # type: ignore[arg-type]
    return {
        "date": letter.date,
        "salutation": letter.salutation,
        "closing": letter.closing,
        "signatories": [p.name for p in letter.signatories],
        "paragraphs": len(letter.body),
    }


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_txt_docx_and_pdf_agree(name: str) -> None:
    letters = CORPUS / "letters"
    txt = _summary(letters / f"{name}.txt")
    assert _summary(letters / f"{name}.docx") == txt
    assert _summary(letters / f"{name}.pdf") == txt
    assert _summary(letters / f"{name}.pdf", pdf_backend="pdfplumber") == txt


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (CORPUS / "letters").iterdir() if not p.name.endswith(".scan.pdf")),
    ids=lambda p: p.name,
)
def test_meets_the_gold(path: Path) -> None:
    gold = json.loads((CORPUS / "gold" / f"{path.name.split('.')[0]}.json").read_text(encoding="utf-8"))
    fails = failures(gold, read_letter(path).model_dump(mode="json"))
    assert not fails, "\n".join(fails)


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_scans_meet_most_of_the_gold(name: str) -> None:
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    out = read_letter(CORPUS / "letters" / f"{name}.scan.pdf").model_dump(mode="json")
    fails = failures(gold, out)
    assert out["source"]["ocr"] is True
    assert out["date"] == gold["date"]
    assert len(fails) <= 2, "\n".join(fails)
