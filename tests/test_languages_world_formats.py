"""The letters of every listed language as DOCX and born-digital PDF, read end to end; right-to-left.

``world_letters.py`` holds one invented letter per language beyond the EU's 24 (Cyrillic, Turkish,
Arabic, Hebrew, Chinese, Japanese, Korean, the Latin-script languages of Europe); the plain-text
test reads them as text. Here each is laid out as a DOCX (python-docx, Arabic and Hebrew paragraphs
right-to-left) and as a PDF (fpdf2, in a font that has its glyphs, Arabic and Hebrew shaped right to
left by HarfBuzz) and must give the same date, greeting, close, signatory and language. A PDF
draws an Arabic or Hebrew line's runs from the right edge leftwards, so these tests also hold the
PDF reader to logical order in ``text``, ``body`` and every field. The letters of
``scan_letters.py`` (Czech, Polish, Greek, Russian, Korean, Arabic, Hebrew) are read as text, DOCX
and PDF against their gold.
"""

from __future__ import annotations

import pytest

import letterkit
from letterkit.readers.pdf import Run, is_rtl, rtl_line_text
from scan_letters import (
    CASES as SCAN_CASES,
)
from scan_letters import (
    RTL_LANGUAGES,
    ScanCase,
    blocks_docx,
    blocks_pdf,
    fonts_available,
    text_blocks,
)
from world_letters import CASES, CASES_BY_KEY

KEYS = [c.key for c in CASES]


def _fields(letter: letterkit.Letter) -> dict[str, str | None]:
    return {
        "date": letter.date,
        "salutation": letter.salutation,
        "closing": letter.closing,
        "signatory": letter.signatories[0].name if letter.signatories else None,
        "language": letter.language,
    }


def _want(key: str) -> dict[str, str | None]:
    case = CASES_BY_KEY[key]
    return {
        "date": case.date,
        "salutation": case.salutation,
        "closing": case.closing_read,
        "signatory": case.signatory,
        "language": case.language,
    }


@pytest.mark.parametrize("key", KEYS)
def test_docx_letter_in_language(key: str) -> None:
    case = CASES_BY_KEY[key]
    data = blocks_docx(text_blocks(case.text()), case.lang)
    assert _fields(letterkit.read_letter(data, filename=f"{key}.docx")) == _want(key)


@pytest.mark.parametrize("key", KEYS)
def test_pdf_letter_in_language(key: str) -> None:
    # (the Arabic PDF's dateline was read as the inside address until the PDF reader found the left
    # margin of a right-to-left page and the line features read such a line's layout from the right)
    case = CASES_BY_KEY[key]
    if not fonts_available(case.lang):
        pytest.skip(f"no font (or no uharfbuzz) to lay out {key}")
    data = blocks_pdf(text_blocks(case.text()), case.lang)
    letter = letterkit.read_letter(data, filename=f"{key}.pdf")
    assert _fields(letter) == _want(key)
    if case.lang in RTL_LANGUAGES:
        # logical order everywhere: the text holds the letter's own lines as written
        for para in case.body:
            assert para.split()[0] in letter.text and para.split()[-1] in letter.text
        assert " ".join(letter.body).startswith(case.body[0].split(" ")[0])


def _gold_fields(case: ScanCase, letter: letterkit.Letter) -> None:
    gold = case.gold_json()
    assert (letter.date, letter.salutation, letter.closing, letter.language) == (
        gold["date"], gold["salutation"], gold["closing"], gold["language"],
    )  # fmt: skip
    assert [p.name for p in letter.signatories] == [g["name"] for g in gold["signatories"]]
    body = " ".join(letter.body)
    assert len(letter.body) == gold["body"]["paragraphs"]
    assert body.startswith(gold["body"]["starts_with"]) and body.endswith(gold["body"]["ends_with"])
    assert not any(e in body for e in gold["body"]["excludes"])


SCAN_KEYS = [c.key for c in SCAN_CASES]


@pytest.mark.parametrize("form", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("key", SCAN_KEYS)
def test_scan_letters_in_every_born_digital_form(key: str, form: str) -> None:
    # (the Korean PDF's signature line was taken into the close until a model was trained with
    # caseless prose lines: a wrapped line of Hangul neither has lower case nor ends a sentence)
    case = next(c for c in SCAN_CASES if c.key == key)
    if form == "txt":
        data = case.text().encode("utf-8")
    elif form == "docx":
        data = blocks_docx(case.blocks(), case.lang)
    else:
        if not fonts_available(case.lang):
            pytest.skip(f"no font (or no uharfbuzz) to lay out {key}")
        data = blocks_pdf(case.blocks(), case.lang)
    _gold_fields(case, letterkit.read_letter(data, filename=f"{key}.{form}"))


def _run(text: str, x0: float, x1: float) -> Run:
    return Run(text=text, x0=x0, top=0.0, x1=x1, bottom=10.0, baseline=8.0, size=11.0)


def test_rtl_runs_in_reading_order_with_numbers_kept_left_to_right() -> None:
    # 'شارع الملك فيصل ١٢' drawn as two runs, the number at the left end of the line
    runs = [_run("١٢", 431, 438), _run("شارع الملك فيصل ", 439, 521)]
    assert rtl_line_text(runs) == "شارع الملك فيصل ١٢"
    # a number cut into two runs keeps its digits in order; Latin words too
    runs = [_run("20", 100, 110), _run("23", 110, 120), _run(" במאי", 121, 150), _run("ABC", 151, 170),
            _run("Ltd ", 171, 190), _run("חברת ", 191, 220)]  # fmt: skip
    # (a run's leading space, logical, is seen at its right: between the Latin words and במאי)
    assert rtl_line_text(runs) == "חברת ABC Ltd במאי2023"
    assert is_rtl("שלום רב למר Cohen") and not is_rtl("Dear Mr Cohen, שלום")


@pytest.mark.parametrize("key", sorted(RTL_LANGUAGES))
def test_right_to_left_pdf_lines_are_aligned_as_the_page_shows_and_featured_as_their_mirror(key: str) -> None:
    # the Arabic and Hebrew scan letters set as PDFs: sender and address at the right margin, the
    # dateline on the left, the body from the right margin. The reader took the edge two lines share
    # for the left margin (the start of a short line far inside) and called a full body line "left"
    # or "center"; the line features read a right-to-left line's alignment and indent from the right
    # margin, so that its dateline looks as a Latin letter's does, on the right of the measure
    from letterkit.api import read_document
    from letterkit.heuristics.pipeline import make_context
    from letterkit.zones.features import line_features

    case = next(c for c in SCAN_CASES if c.key == key)
    if not fonts_available(case.lang):
        pytest.skip(f"no font (or no uharfbuzz) to lay out {key}")
    doc = read_document(blocks_pdf(case.blocks(), case.lang), format="pdf")
    lines = [ln for page in doc.pages for block in page.blocks for ln in block.lines]
    dateline = next(ln for ln in lines if "2023" in ln.text or "٢٠٢٣" in ln.text)
    body = [ln for ln in lines if ln.bbox is not None and ln.bbox[2] - ln.bbox[0] > 300]
    assert dateline.align == "left" and body
    assert all(ln.align in ("right", "justify") for ln in body)
    ctx = make_context(doc)
    recs = line_features(ctx.lines, {p.number: p for p in doc.pages})
    by_text = {v.text: rec for v, rec in zip(ctx.lines, recs, strict=True)}
    date_rec = by_text[dateline.text]
    assert date_rec.align == "right" and date_rec.indent == 3
    for ln in body:
        assert by_text[ln.text].align in ("left", "justify") and by_text[ln.text].indent == 0
