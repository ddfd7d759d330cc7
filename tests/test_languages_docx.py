"""The EU-language letters of ``eu_letters.py`` as Word files, read end to end.

Each letter is laid out the way an office writes one in Word: the letterhead in the section header,
the dateline right-aligned, then the inside address, salutation, body paragraphs, close and signature
(name, then role). Multi-line blocks (letterhead, address, signature) are one paragraph with soft line
breaks, as in a letter template. The DOCX reader must hand the shared heuristics the same letter as
the plain-text version, so the expectations are the text test's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import letterkit
from eu_letters import CASES_BY_LANG, Case, expected, got

docx = pytest.importorskip("docx", reason="python-docx builds the test files")
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402

#: at least the twelve the issue names; the remaining official languages are covered as well
DOCX_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


def _lines_paragraph(paragraph: object, lines: list[str]) -> None:
    """Write ``lines`` into one paragraph, separated by soft line breaks (``<w:br/>``)."""
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)  # type: ignore[attr-defined]
        if i < len(lines) - 1:
            run.add_break()


def build_docx(case: Case, path: Path) -> Path:
    letterhead, dateline, address = case.head_blocks()
    doc = docx.Document()
    header = doc.sections[0].header
    head_par = header.paragraphs[0]
    _lines_paragraph(head_par, letterhead)
    head_par.runs[0].bold = True
    date_par = doc.add_paragraph(dateline)
    date_par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _lines_paragraph(doc.add_paragraph(), address)
    doc.add_paragraph(case.salutation)
    for para in case.body:
        doc.add_paragraph(para)
    doc.add_paragraph(case.closing)
    _lines_paragraph(doc.add_paragraph(), case.signature_lines())
    doc.save(path)
    return path


@pytest.mark.parametrize("code", DOCX_LANGUAGES)
def test_docx_letter_in_language(code: str, tmp_path: Path) -> None:
    case = CASES_BY_LANG[code]
    path = build_docx(case, tmp_path / f"letter-{code}.docx")
    letter = letterkit.read_letter(path)
    assert got(letter) == expected(case)


def test_docx_letterhead_is_a_header_not_the_address(tmp_path: Path) -> None:
    """The letterhead written in the section header is read as header furniture, not as body text."""
    case = CASES_BY_LANG["de"]
    letter = letterkit.read_letter(build_docx(case, tmp_path / "letter.docx"))
    assert letter.letterhead is not None
    assert case.head_blocks()[0][0] in letter.letterhead.lines
    assert letter.recipients and letter.recipients[0].name == "Thomas Müller"
