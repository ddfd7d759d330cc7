"""The EU-language letters of ``eu_letters.py`` as born-digital PDFs, read end to end.

fpdf2 lays each letter out like a printed office letter on A4: a bold letterhead at the top, the
dateline right-aligned, the inside address, salutation, body paragraphs wrapped to the text width,
close and signature (name, then role), with a blank line between blocks. The text needs a TrueType
font that covers Latin, Greek and Cyrillic (DejaVu Sans: the copy bundled with matplotlib or one in the
system's font folders); without one, or without the PDF reader, the module is skipped. The
expectations are the plain-text test's.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

import letterkit
from eu_letters import CASES_BY_LANG, EU_LANGUAGES, Case, expected, got

pytest.importorskip("letterkit.readers.pdf", reason="the PDF reader (letterkit.readers.pdf) is not there yet")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 builds the test files")


def _unicode_font() -> str | None:
    """A TTF with Latin, Greek and Cyrillic glyphs: DejaVu Sans from matplotlib or the system."""
    candidates: list[str] = []
    try:
        import matplotlib

        candidates.append(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))
    except ImportError:
        pass
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        candidates.extend(sorted(glob.glob(os.path.join(folder, "**", "DejaVuSans.ttf"), recursive=True)))
    return next((c for c in candidates if os.path.isfile(c)), None)


FONT = _unicode_font()
if FONT is None:
    pytest.skip("no Unicode TrueType font (DejaVuSans.ttf) on this machine", allow_module_level=True)

#: millimetres: A4 with 25 mm margins, 11 pt text on 5.5 mm lines
MARGIN = 25.0
LINE = 5.5


def build_pdf(case: Case, path: Path) -> Path:
    letterhead, dateline, address = case.head_blocks()
    pdf = fpdf.FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def block(lines: list[str], size: float = 11, align: str = "L") -> None:
        pdf.set_font("DejaVu", size=size)
        for line in lines:
            pdf.multi_cell(width, LINE, line, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(LINE)

    block(letterhead, size=13)
    block([dateline], align="R")
    block(address)
    block([case.salutation])
    for para in case.body:
        block([para], align="L")
    block([case.closing])
    block(case.signature_lines())
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("code", EU_LANGUAGES)
def test_pdf_letter_in_language(code: str, tmp_path: Path) -> None:
    case = CASES_BY_LANG[code]
    path = build_pdf(case, tmp_path / f"letter-{code}.pdf")
    letter = letterkit.read_letter(path)
    assert got(letter) == expected(case)
