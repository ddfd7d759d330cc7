"""Letter layouts the evaluation corpus (simple one-column letters) does not have, read end to end.

Each letter is built here, with fpdf2 (PDF, DejaVu Sans for Unicode) or python-docx (DOCX), the way
offices lay letters out:

* ``din5008``: a German business letter after DIN 5008: letterhead top right, the address window at
  the left under a small return-address line and, on the same baselines at the right, an info block
  (Ihr Zeichen / Unser Zeichen / Telefon / Datum); a bold subject; a three-column footer in small type;
* ``us_block``: the sender's address top left with the date right-aligned on its first line;
* ``logo_table``: a logo and the organisation's name centred at the top, then the inside address and
  "Our ref / Date" side by side (a two-column table in DOCX, two columns drawn on the same baselines in
  PDF);
* ``two_pages``: a running header on page 2 and a footnote on page 1;
* ``british``: sender address and dateline at the right, close and signature in the right half;
* ``justified``: justified body text with line-wrap hyphenation ("recog-" / "nition").

The expectations use the evaluation's rules (:mod:`goldcheck`): date, place, salutation, closing,
signatories, recipients, body paragraph count, and ``excludes`` for address, sender and footer text
that must not leak into the body.
"""

from __future__ import annotations

import glob
import io
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import letterkit
from goldcheck import failures

fpdf = pytest.importorskip("fpdf", reason="fpdf2 builds the test files")
docx = pytest.importorskip("docx", reason="python-docx builds the test files")


def _font(name: str) -> str | None:
    candidates: list[str] = []
    try:
        import matplotlib

        candidates.append(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name))
    except ImportError:
        pass
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        candidates.extend(sorted(glob.glob(os.path.join(folder, "**", name), recursive=True)))
    return next((c for c in candidates if os.path.isfile(c)), None)


FONT, FONT_BOLD = _font("DejaVuSans.ttf"), _font("DejaVuSans-Bold.ttf")
if FONT is None or FONT_BOLD is None:
    pytest.skip("no Unicode TrueType font (DejaVuSans.ttf) on this machine", allow_module_level=True)


def _pdf() -> Any:
    pdf = fpdf.FPDF(format="A4", unit="mm")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def _lines(pdf: Any, x: float, y: float, lines: list[str], size: float = 11, step: float = 5.0,
           style: str = "", right: float | None = None) -> float:
    """Lines at baselines y, y+step... (mm), left-aligned at x or right-aligned at ``right``."""
    pdf.set_font("DejaVu", style, size)
    for text in lines:
        if right is not None:
            pdf.text(right - pdf.get_string_width(text), y, text)
        else:
            pdf.text(x, y, text)
        y += step
    return y


def _paras(pdf: Any, x: float, y: float, width: float, paras: list[str], align: str = "L",
           size: float = 11, gap: float = 5.0) -> float:
    """Wrapped paragraphs from top y (mm), a blank line between them; returns the y below the last."""
    pdf.set_font("DejaVu", "", size)
    pdf.set_xy(x, y)
    for para in paras:
        pdf.set_x(x)
        pdf.multi_cell(width, 5.0, para, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + gap)
    return float(pdf.get_y())


def _logo_png() -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(im).ellipse((10, 10, 110, 110), fill=(20, 80, 160))
    out = io.BytesIO()
    im.save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# a) DIN 5008

DIN_BODY = [
    "vielen Dank für Ihre Anfrage vom 28. April 2021. Gerne bieten wir Ihnen die gewünschte "
    "Büroausstattung für Ihre neuen Räume in Berlin zu den folgenden Bedingungen an.",
    "Die Lieferung erfolgt innerhalb von drei Wochen nach Auftragseingang. Die Montage durch unsere "
    "Fachleute ist im Preis enthalten, ebenso die Entsorgung der Verpackung.",
    "Für Rückfragen stehen wir Ihnen jederzeit gern zur Verfügung. Wir freuen uns auf Ihren Auftrag.",
]

DIN_GOLD = {
    "date": "2021-05-12",
    "salutation": "Sehr geehrte Frau Dr. Schmidt,",
    "closing": "Mit freundlichen Grüßen",
    "subject": "Angebot Nr. 4711 für Ihre Büroausstattung",
    "recipients": [{"name": "Anna Schmidt"}],
    "signatories": [{"name": "Max Müller"}],
    "body": {
        "paragraphs": 3,
        "starts_with": "vielen Dank für Ihre Anfrage",
        "ends_with": "Wir freuen uns auf Ihren Auftrag.",
        "excludes": ["Ihr Zeichen", "Hauptstraße", "IBAN", "HRB", "Industriestraße", "Telefon"],
    },
}


def din5008_pdf() -> bytes:
    pdf = _pdf()
    _lines(pdf, 0, 18, ["Müller & Söhne GmbH"], size=14, style="B", right=190)
    _lines(pdf, 0, 24, ["Industriestraße 5", "70173 Stuttgart", "www.mueller-soehne.de"], size=9,
           step=4.2, right=190)
    # return-address line above the address window, then the window and the info block side by side
    _lines(pdf, 25, 57, ["Müller & Söhne GmbH · Industriestraße 5 · 70173 Stuttgart"], size=7)
    address = ["Frau", "Dr. Anna Schmidt", "Beispiel AG", "Hauptstraße 12", "10115 Berlin"]
    info = ["Ihr Zeichen: AS/2021-04", "Unser Zeichen: MS-17", "Telefon: 0711 123456", "Datum: 12.05.2021"]
    _lines(pdf, 25, 66, address, size=10, step=4.5)
    _lines(pdf, 125, 66, info, size=10, step=4.5)
    _lines(pdf, 25, 104, ["Angebot Nr. 4711 für Ihre Büroausstattung"], size=11, style="B")
    _lines(pdf, 25, 116, ["Sehr geehrte Frau Dr. Schmidt,"])
    y = _paras(pdf, 25, 122, 165, DIN_BODY, align="L")
    _lines(pdf, 25, y + 4, ["Mit freundlichen Grüßen"])
    _lines(pdf, 25, y + 26, ["Max Müller", "Geschäftsführer"])
    footer = [
        (25, ["Sparkasse Stuttgart", "IBAN: DE12 6005 0101 0001 2345 67", "BIC: SOLADEST600"]),
        (85, ["Amtsgericht Stuttgart HRB 12345", "Geschäftsführer: Max Müller", "USt-IdNr.: DE123456789"]),
        (145, ["Müller & Söhne GmbH", "Industriestraße 5", "70173 Stuttgart"]),
    ]
    for x, col in footer:
        _lines(pdf, x, 280, col, size=7, step=3.2)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------------
# b) US block letter, the date right-aligned on the sender's first address line

US_BODY = [
    "I am writing to apply for the position of research assistant advertised on your website. I "
    "graduated in biology last year and have since worked in a plant genetics laboratory.",
    "My work there involved preparing samples, running sequencing jobs and keeping the records of "
    "the laboratory in order. I would welcome the chance to bring this experience to your team.",
    "Thank you for considering my application. I look forward to hearing from you.",
]

US_GOLD = {
    "date": "2021-05-12",
    "salutation": "Dear Ms. Chen:",
    "closing": "Sincerely,",
    "recipients": [{"name": "Laura Chen"}],
    "signatories": [{"name": "Jonathan Reed"}],
    "body": {
        "paragraphs": 3,
        "starts_with": "I am writing to apply",
        "ends_with": "I look forward to hearing from you.",
        "excludes": ["Maple Avenue", "College Road", "Springfield", "Madison"],
    },
}


def us_block_pdf() -> bytes:
    pdf = _pdf()
    y = _lines(pdf, 25.4, 30, ["42 Maple Avenue", "Springfield, IL 62704"])
    _lines(pdf, 0, 30, ["May 12, 2021"], right=184.6)
    y = _lines(pdf, 25.4, y + 10, ["Ms. Laura Chen", "Director of Admissions", "Lakeside College",
                                   "100 College Road", "Madison, WI 53703"])
    _lines(pdf, 25.4, y + 5, ["Dear Ms. Chen:"])
    y = _paras(pdf, 25.4, y + 11, 159.2, US_BODY)
    _lines(pdf, 25.4, y + 4, ["Sincerely,"])
    _lines(pdf, 25.4, y + 24, ["Jonathan Reed"])
    return bytes(pdf.output())


def us_block_docx() -> bytes:
    """The same letter in Word: the date sits on the first address line after a right tab stop."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    d = docx.Document()
    p = d.add_paragraph("42 Maple Avenue\tMay 12, 2021\nSpringfield, IL 62704")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(160), WD_TAB_ALIGNMENT.RIGHT)
    d.add_paragraph()
    d.add_paragraph("Ms. Laura Chen\nDirector of Admissions\nLakeside College\n100 College Road\n"
                    "Madison, WI 53703")
    d.add_paragraph("Dear Ms. Chen:")
    for para in US_BODY:
        d.add_paragraph(para)
    d.add_paragraph("Sincerely,")
    d.add_paragraph()
    d.add_paragraph("Jonathan Reed")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def din5008_docx() -> bytes:
    """DIN 5008 in Word: letterhead in the header, address window and info block as a two-column
    table, the three-column footer as a table in the footer part."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    head = d.sections[0].header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run("Müller & Söhne GmbH").bold = True
    head.add_run().add_break()
    head.add_run("Industriestraße 5 · 70173 Stuttgart")
    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    back = left.paragraphs[0].add_run("Müller & Söhne GmbH · Industriestraße 5 · 70173 Stuttgart")
    back.font.size = 7 * 12700  # EMU per point
    left.add_paragraph("Frau\nDr. Anna Schmidt\nBeispiel AG\nHauptstraße 12\n10115 Berlin")
    right.text = "Ihr Zeichen: AS/2021-04\nUnser Zeichen: MS-17\nTelefon: 0711 123456\nDatum: 12.05.2021"
    d.add_paragraph()
    d.add_paragraph().add_run("Angebot Nr. 4711 für Ihre Büroausstattung").bold = True
    d.add_paragraph("Sehr geehrte Frau Dr. Schmidt,")
    for para in DIN_BODY:
        d.add_paragraph(para)
    d.add_paragraph("Mit freundlichen Grüßen")
    d.add_paragraph()
    d.add_paragraph("Max Müller\nGeschäftsführer")
    foot = d.sections[0].footer
    cols = foot.add_table(rows=1, cols=3, width=d.sections[0].page_width)
    cols.rows[0].cells[0].text = "Sparkasse Stuttgart\nIBAN: DE12 6005 0101 0001 2345 67"
    cols.rows[0].cells[1].text = "Amtsgericht Stuttgart HRB 12345\nGeschäftsführer: Max Müller"
    cols.rows[0].cells[2].text = "Müller & Söhne GmbH\nIndustriestraße 5\n70173 Stuttgart"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# c) logo + organisation centred; address and "Our ref / Date" side by side

TABLE_BODY = [
    "Thank you for reporting the damp in the bedroom of your flat. Our surveyor visited on 5 May and "
    "found that a gutter above the window is blocked.",
    "Contractors will clear the gutter and treat the wall in the week of 24 May. They will call you "
    "beforehand to arrange a time that suits you.",
]

TABLE_GOLD = {
    "date": "2021-05-12",
    "reference": "NHA/2021/118",
    "salutation": "Dear Mr Hall,",
    "closing": "Yours sincerely,",
    "recipients": [{"name": "Peter Hall"}],
    "signatories": [{"name": "Sarah Okafor", "role": "Tenancy Manager"}],
    "body": {
        "paragraphs": 2,
        "starts_with": "Thank you for reporting",
        "ends_with": "arrange a time that suits you.",
        "excludes": ["Station Road", "Our ref", "NHA/2021/118", "Northfield"],
    },
}

TABLE_ADDRESS = ["Mr Peter Hall", "14 Station Road", "Leeds LS1 4AB"]
TABLE_REFS = ["Our ref: NHA/2021/118", "Date: 12 May 2021"]


def logo_table_pdf() -> bytes:
    pdf = _pdf()
    pdf.image(io.BytesIO(_logo_png()), x=95, y=12, w=20, h=20)
    pdf.set_font("DejaVu", "B", 14)
    name = "Northfield Housing Association"
    pdf.text(105 - pdf.get_string_width(name) / 2, 40, name)
    _lines(pdf, 25, 60, TABLE_ADDRESS)
    _lines(pdf, 125, 60, TABLE_REFS)
    _lines(pdf, 25, 85, ["Dear Mr Hall,"])
    y = _paras(pdf, 25, 91, 160, TABLE_BODY)
    _lines(pdf, 25, y + 4, ["Yours sincerely,"])
    _lines(pdf, 25, y + 24, ["Sarah Okafor", "Tenancy Manager"])
    return bytes(pdf.output())


def logo_table_docx() -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    d = docx.Document()
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(_logo_png()), width=Mm(20))
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Northfield Housing Association").bold = True
    d.add_paragraph()
    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "\n".join(TABLE_ADDRESS)  # python-docx writes soft line breaks for "\n"
    right.text = TABLE_REFS[0]
    right.add_paragraph(TABLE_REFS[1])
    d.add_paragraph()
    d.add_paragraph("Dear Mr Hall,")
    for para in TABLE_BODY:
        d.add_paragraph(para)
    d.add_paragraph("Yours sincerely,")
    d.add_paragraph()
    d.add_paragraph("Sarah Okafor\nTenancy Manager")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# d) two pages: a footnote on page 1, a running header on page 2

TWO_BODY_1 = [
    "Thank you for your letter of 20 April about the renewal of the maintenance contract for the "
    "pumping station at Millbrook.",
    "As you know, the present contract runs until the end of June and follows the terms agreed in "
    "2019\u00b9. We propose to renew it for three years on the same terms, with two changes that "
    "our engineers have asked for after the inspection in March.",
    "First, the response time for urgent call-outs should fall from eight hours to four. Second, "
    "the annual inspection should include the backup generator, which is not covered at present "
    "and which failed briefly during the storms of last winter.",
    "We believe both changes are in the interest of both parties and of the residents who depend on "
    "the station. Our estimate of the added cost is set out in the enclosed schedule, which also "
    "compares the figures with those of the two previous contract periods.",
]
TWO_BODY_2 = [
    "We would be glad to discuss the schedule at a meeting in Millbrook in the first week of June, "
    "and would ask you to let us know which day suits you best.",
    "We look forward to continuing our work together.",
]

TWO_GOLD = {
    "date": "2021-05-12",
    "place": "Millbrook",
    "salutation": "Dear Mr Whitfield,",
    "closing": "Yours sincerely,",
    "recipients": [{"name": "James Whitfield"}],
    "signatories": [{"name": "Helen Marsh"}],
    "footnotes": 1,
    "footnote_starts_with": ["Agreement of 3 June 2019"],
    "body": {
        "paragraphs": 6,
        "starts_with": "Thank you for your letter of 20 April",
        "ends_with": "continuing our work together.",
        "excludes": ["page 2", "Agreement of 3 June 2019", "Mr James Whitfield \u2014"],
    },
}


def two_pages_pdf() -> bytes:
    pdf = _pdf()
    _lines(pdf, 25, 25, ["Millbrook Water Board"], size=14, style="B")
    _lines(pdf, 0, 40, ["Millbrook, 12 May 2021"], right=185)
    y = _lines(pdf, 25, 52, ["Mr James Whitfield", "Whitfield Engineering Ltd", "8 Mill Lane",
                             "Millbrook MB2 7QT"])
    _lines(pdf, 25, y + 5, ["Dear Mr Whitfield,"])
    _paras(pdf, 25, y + 11, 160, TWO_BODY_1)
    pdf.set_line_width(0.2)
    pdf.line(25, 262, 75, 262)
    _lines(pdf, 25, 268, ["\u00b9 Agreement of 3 June 2019 between the Board and Whitfield Engineering Ltd."],
           size=8)
    pdf.add_page()
    _lines(pdf, 25, 20, ["Mr James Whitfield \u2014 12 May 2021 \u2014 page 2"])
    y = _paras(pdf, 25, 32, 160, TWO_BODY_2)
    _lines(pdf, 25, y + 4, ["Yours sincerely,"])
    _lines(pdf, 25, y + 24, ["Helen Marsh", "Director of Operations"])
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------------
# e) traditional British: sender and dateline at the right, close and signature in the right half

BRIT_BODY = [
    "Thank you for your kind letter and for the photographs of the garden, which arrived safely "
    "last week. The roses look splendid.",
    "We shall be in Bath at the end of the month and would very much like to call on you, if that "
    "would be convenient. Perhaps you could let me know which afternoon would suit you best.",
]

BRIT_GOLD = {
    "date": "2021-05-12",
    "salutation": "Dear Mrs Patel,",
    "closing": "Yours sincerely,",
    "recipients": [{"name": "Priya Patel"}],
    "signatories": [{"name": "Margaret Hughes"}],
    "body": {
        "paragraphs": 2,
        "starts_with": "Thank you for your kind letter",
        "ends_with": "which afternoon would suit you best.",
        "excludes": ["Rosebank", "Harrogate", "Crescent", "Bath BA1"],
    },
}


def british_pdf() -> bytes:
    pdf = _pdf()
    y = _lines(pdf, 0, 25, ["The Old Rectory", "12 Church Lane", "Harrogate HG1 2AB"], right=185)
    _lines(pdf, 0, y + 5, ["12th May 2021"], right=185)
    y = _lines(pdf, 25, y + 17, ["Mrs Priya Patel", "Rosebank", "3 Royal Crescent", "Bath BA1 2LR"])
    _lines(pdf, 25, y + 5, ["Dear Mrs Patel,"])
    pdf.set_font("DejaVu", "", 11)
    pdf.set_xy(25, y + 11)
    for para in BRIT_BODY:  # first lines indented, as traditional letters have them
        pdf.set_x(25)
        pdf.multi_cell(160, 5.0, "        " + para, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 2)
    y = pdf.get_y()
    _lines(pdf, 110, y + 8, ["Yours sincerely,"])
    _lines(pdf, 110, y + 28, ["Margaret Hughes"])
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------------
# f) justified body with line-wrap hyphenation

#: the body as set: justified lines, with words split at line ends ("recog-" / "nition")
JUST_LINES = [
    [
        "In gratitude for your long service to the Society, and in full recog-",
        "nition of your work, the Council has resolved to award you honorary",
        "membership, with all the rights and privileges that this entails, and to",
        "record its appreciation of your work in the minutes of its next meeting.",
    ],
    [
        "The presentation will take place at the annual dinner on 18 June, to which you",
        "and your guest are warmly invited; an invitation will follow under separate co-",
        "ver, together with the arrangements for travel and accommodation.",
    ],
]

JUST_GOLD = {
    "date": "2021-05-12",
    "place": "Edinburgh",
    "salutation": "Dear Dr Campbell,",
    "closing": "Yours sincerely,",
    "recipients": [{"name": "Fiona Campbell"}],
    "signatories": [{"name": "Alasdair Grant"}],
    "body": {
        "paragraphs": 2,
        "starts_with": "In gratitude for your long service",
        "ends_with": "accommodation.",
        "contains": ["in full recognition of your work", "under separate cover, together"],
    },
}


def justified_pdf() -> bytes:
    pdf = _pdf()
    _lines(pdf, 25, 25, ["The Royal Society of Letters"], size=14, style="B")
    _lines(pdf, 0, 40, ["Edinburgh, 12 May 2021"], right=185)
    y = _lines(pdf, 25, 52, ["Dr Fiona Campbell", "5 Heriot Row", "Edinburgh EH3 6HU"])
    _lines(pdf, 25, y + 5, ["Dear Dr Campbell,"])
    pdf.set_font("DejaVu", "", 11)
    y += 15
    for para in JUST_LINES:
        for i, line in enumerate(para):
            # justified by hand, word by word (one text object each, as many producers write them)
            words = line.split()
            widths = [pdf.get_string_width(w) for w in words]
            space = (160 - sum(widths)) / (len(words) - 1) if i < len(para) - 1 else pdf.get_string_width(" ")
            x = 25.0
            for word, w in zip(words, widths, strict=True):
                pdf.text(x, y, word)
                x += w + space
            y += 5
        y += 5
    _lines(pdf, 25, y, ["Yours sincerely,"])
    _lines(pdf, 25, y + 20, ["Alasdair Grant", "Secretary"])
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------------

CASES: dict[str, tuple[Callable[[], bytes], str, dict[str, Any]]] = {
    "din5008.pdf": (din5008_pdf, "pdf", DIN_GOLD),
    "din5008.docx": (din5008_docx, "docx", DIN_GOLD),
    "us_block.pdf": (us_block_pdf, "pdf", US_GOLD),
    "us_block.docx": (us_block_docx, "docx", US_GOLD),
    "logo_table.pdf": (logo_table_pdf, "pdf", TABLE_GOLD),
    "logo_table.docx": (logo_table_docx, "docx", TABLE_GOLD),
    "two_pages.pdf": (two_pages_pdf, "pdf", TWO_GOLD),
    "british.pdf": (british_pdf, "pdf", BRIT_GOLD),
    "justified.pdf": (justified_pdf, "pdf", JUST_GOLD),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_letter(name: str) -> None:
    build, fmt, gold = CASES[name]
    letter = letterkit.read_letter(build(), format=fmt)
    out = letter.model_dump(mode="json")
    assert failures(gold, out) == []


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.endswith(".pdf")))
def test_layout_letter_pdfplumber(name: str) -> None:
    """The pdfplumber backend feeds the same layout step: the same letters read the same."""
    build, fmt, gold = CASES[name]
    letter = letterkit.read_letter(build(), format=fmt, pdf_backend="pdfplumber")
    out = letter.model_dump(mode="json")
    assert failures(gold, out) == []


def test_justified_pdf_really_hyphenates() -> None:
    """The justified letter must split words at line ends, or it tests nothing."""
    letter = letterkit.read_letter(justified_pdf(), format="pdf")
    lines = letter.text.splitlines()
    assert any(a.endswith("recog-") and b.startswith("nition") for a, b in itertools.pairwise(lines))


def test_side_by_side_columns_become_separate_lines() -> None:
    """Runs on one baseline far apart (address window / info block) are separate lines and blocks."""
    from letterkit.readers.base import ReadOptions, StreamInfo
    from letterkit.readers.pdf import PdfReader

    doc = PdfReader().read(din5008_pdf(), StreamInfo(extension="pdf"), ReadOptions())
    blocks = [b.text for b in doc.blocks()]
    assert "Frau\nDr. Anna Schmidt\nBeispiel AG\nHauptstraße 12\n10115 Berlin" in blocks
    assert "Ihr Zeichen: AS/2021-04\nUnser Zeichen: MS-17\nTelefon: 0711 123456\nDatum: 12.05.2021" in blocks
    texts = [line.text for line in doc.lines()]
    assert "Frau" in texts and not any("Frau" in t and "Zeichen" in t for t in texts)
    us = PdfReader().read(us_block_pdf(), StreamInfo(extension="pdf"), ReadOptions())
    dateline = next(line for line in us.lines() if line.text == "May 12, 2021")
    assert dateline.align == "right"


def test_wide_gap_after_label_or_comma_stays_one_line() -> None:
    """A tab after "Datum:" or "Brussels," is inside one statement; the same gap elsewhere is a column."""
    from letterkit.readers.pdf import Run, build_lines

    def run(text: str, x0: float, x1: float) -> Run:
        return Run(text, x0, 90.0, x1, 102.0, 100.0, 10.0)

    kept = build_lines([run("Datum:", 300, 330), run("12.05.2021", 400, 450)])
    assert [ln.text for ln in kept] == ["Datum: 12.05.2021"]
    kept = build_lines([run("Brussels,", 72, 115), run("23 March 2015", 430, 520)])
    assert [ln.text for ln in kept] == ["Brussels, 23 March 2015"]
    cut = build_lines([run("Frau", 72, 92), run("Ihr Zeichen: AS/2021-04", 355, 475)])
    assert [ln.text for ln in cut] == ["Frau", "Ihr Zeichen: AS/2021-04"]


def _dump(name: str) -> None:  # pragma: no cover - a debugging aid: python tests/test_layouts.py NAME
    build, fmt, gold = CASES[name]
    data = build()
    Path(f"/tmp/{name}").write_bytes(data)
    letter = letterkit.read_letter(data, format=fmt)
    out = letter.model_dump(mode="json")
    for k in ("date", "place", "reference", "subject", "salutation", "closing", "body", "recipients",
              "signatories", "footnotes", "furniture", "letterhead"):
        print(k, "=", out.get(k))
    print("\n".join(failures(gold, out)) or "OK")


if __name__ == "__main__":  # pragma: no cover
    import sys

    for n in sys.argv[1:] or sorted(CASES):
        print("=====", n)
        _dump(n)
