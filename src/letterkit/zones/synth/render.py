"""Render a :class:`SynthLetter` as plain text, DOCX or PDF without changing any line's words.

Why so strict: the labels are later aligned, character by character, to the text letterkit reads back
from these files. So a renderer may only add whitespace (padding, wrapping at spaces, blank lines) and
page breaks; every printed word belongs to a labelled :class:`SynthLine` (page furniture included),
nothing is hyphenated, and output is byte-identical for the same letter and seed (fixed timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import zipfile
from pathlib import Path
from random import Random
from typing import Any

from letterkit.core.chars import RIGHT_TO_LEFT_SCRIPTS, SUPERSCRIPT_DIGITS
from letterkit.zones.synth import SynthLetter, SynthLine

FIXED_TIME = dt.datetime(2000, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
#: face index of each CJK script inside the Noto Sans CJK collection (JP, KR, SC, TC order)
CJK_INDEX = {"Jpan": 0, "Kore": 1, "Hans": 2, "Hant": 3}
#: scripts DejaVu covers and that need no shaping
DEJAVU_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Armn", "Geor"})
NO_SPACE_SCRIPTS = frozenset({"Hans", "Hant", "Jpan", "Thai"})
WRAPPED_LABELS = frozenset({"body", "postscript", "footnote", "other", "closing"})


def _shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def _pdf_fonts(script: str) -> tuple[Path, Path, int] | None:
    """(regular, bold, collection index) of the font for ``script``, or None when none is installed."""
    if script in CJK_INDEX:
        reg, bold = NOTO_CJK / "NotoSansCJK-Regular.ttc", NOTO_CJK / "NotoSansCJK-Bold.ttc"
        return (reg, bold if bold.is_file() else reg, CJK_INDEX[script]) if reg.is_file() else None
    if script in DEJAVU_SCRIPTS or (script in {"Hebr", "Arab"} and _shaping_available()):
        reg, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
        return (reg, bold, 0) if reg.is_file() and bold.is_file() else None
    return None


def available_formats(letter: SynthLetter) -> list[str]:
    """The formats this letter can be rendered in here.

    PDF needs a font for the script and, for right-to-left scripts, text shaping (``uharfbuzz``):
    without it fpdf2 would lay Hebrew or Arabic out left to right, a layout no real letter has.
    """
    formats = ["txt", "docx"]
    if _pdf_fonts(letter.script) is not None:
        formats.append("pdf")
    return formats


# -- plain text ---------------------------------------------------------------------------------
def render_txt(letter: SynthLetter, seed: int = 0) -> str:
    """A transcription-like text: blank lines, padding for right/centre lines, optional hard wrapping.

    Form feeds separate pages; furniture lines stand where the letter has them.
    """
    rng = Random(f"txt:{seed}:{letter.id}")
    width = rng.randint(60, 80)
    wrap = rng.random() < 0.5 and letter.script not in NO_SPACE_SCRIPTS
    pad = rng.random() < 0.8  # some transcriptions write every line flush left
    out: list[str] = []
    for line in letter.lines:
        if line.page_break_before and out:
            out.append("\f")
        elif line.blank_before and out and out[-1] != "\f":
            out.append("")
        pieces = [line.text]
        if wrap and line.label in WRAPPED_LABELS and len(line.text) + line.indent > width:
            pieces = textwrap.wrap(line.text, width=width, initial_indent=" " * line.indent,
                                   break_long_words=False, break_on_hyphens=False) or [line.text]
            pieces = [p.strip() if i else p for i, p in enumerate(pieces)]
        elif line.indent:
            pieces = [" " * line.indent + line.text]
        for piece in pieces:
            out.append(_pad(piece, line, width) if pad else piece.strip())
    text = "\n".join(out).replace("\n\f\n", "\n\f")
    return text.rstrip() + "\n"


def _pad(text: str, line: SynthLine, width: int) -> str:
    if line.align == "right" and len(text) < width:
        return " " * (width - len(text)) + text
    if line.align == "center" and len(text) < width:
        return " " * ((width - len(text)) // 2) + text
    return text.rstrip()


# -- DOCX ----------------------------------------------------------------------------------------
def render_docx(letter: SynthLetter, seed: int = 0) -> bytes:
    """A Word file: header/footer regions in the section header/footer, alignment, bold, sizes, breaks.

    Blank lines become empty paragraphs or paragraph spacing (by ``seed``). Footnotes numbered by
    superscript digits are, in :data:`WORD_FOOTNOTE_SHARE` of the files, real Word footnotes (the
    footnotes part and ``w:footnoteReference`` runs, as Word writes them), which the DOCX reader puts in
    its footnote region; otherwise, and for other markers, they are small paragraphs at the end. The
    zip entries get a fixed timestamp so the bytes are reproducible.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rng = Random(f"docx:{seed}:{letter.id}")
    base = rng.choice([10.0, 10.5, 11.0, 12.0])
    empty_paragraphs = rng.random() < 0.7
    rtl = letter.script in RIGHT_TO_LEFT_SCRIPTS
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT}
    doc = Document()
    props = doc.core_properties
    props.author, props.title, props.revision = "letterkit synth", "", 1
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    section = doc.sections[0]
    # footnotes "¹ text" as Word's own: the reference marks in the body become footnoteReference runs
    notes = [ln for ln in letter.lines if ln.region == "footnote" and ln.text[:1] in SUPERSCRIPT_DIGITS]
    word_notes: dict[str, tuple[int, str]] = {}  # marker -> (w:id, the note's text)
    note_refs: re.Pattern[str] | None = None  # the reference marks, split out of a body line's text
    if notes and rng.random() < WORD_FOOTNOTE_SHARE:
        for i, ln in enumerate(notes):
            marker, _, text = ln.text.partition(" ")
            word_notes[marker] = (i + 2, text)  # (ids 0 and 1 are Word's separators)
        note_refs = re.compile("(" + "|".join(map(re.escape, word_notes)) + ")")

    def paragraph(container: Any, line: SynthLine, space: bool) -> None:
        p = container.add_paragraph()
        p.alignment = aligns[line.align]
        fmt = p.paragraph_format
        fmt.space_after = Pt(0)
        if space:
            fmt.space_before = Pt(base)
        if line.indent >= 10:
            fmt.left_indent = Pt(line.indent * base * 0.5)
        elif line.indent:
            fmt.first_line_indent = Pt(line.indent * base * 0.5)
        if line.page_break_before:
            fmt.page_break_before = True
        if rtl:
            p._p.get_or_add_pPr().append(p._p.makeelement(qn("w:bidi"), {}))
        add_text(p, line)

    def add_text(p: Any, line: SynthLine) -> None:
        """The line's runs: its text, with each footnote reference mark a footnoteReference run."""
        text, parts = line.text, []
        if note_refs is not None and line.region == "body":
            parts = note_refs.split(text)
        for k, part in enumerate(parts or [text]):
            if k % 2:
                ref = p.add_run()
                ref.font.superscript = True
                nid = str(word_notes[part][0])
                ref._r.append(ref._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): nid}))
            elif part:
                run = p.add_run(part)
                run.bold = line.bold
                run.font.size = Pt(round(base * line.size * 2) / 2)

    first_header = first_footer = True
    for line in letter.lines:
        if word_notes and line.region == "footnote" and line.text.partition(" ")[0] in word_notes:
            continue  # in the footnotes part
        if line.region in ("header", "footer"):
            part = section.header if line.region == "header" else section.footer
            part.is_linked_to_previous = False
            first = first_header if line.region == "header" else first_footer
            if first:  # the part's own empty first paragraph is reused
                part.paragraphs[0]._p.getparent().remove(part.paragraphs[0]._p)
                if line.region == "header":
                    first_header = False
                else:
                    first_footer = False
            paragraph(part, line, False)
            continue
        blank = line.blank_before and not line.page_break_before
        if blank and empty_paragraphs:
            doc.add_paragraph()
        paragraph(doc, line, blank and not empty_paragraphs)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue(), _footnotes_part(list(word_notes.values())) if word_notes else None)


#: the share of generated Word files whose superscript-numbered footnotes are real Word footnotes
WORD_FOOTNOTE_SHARE = 0.6
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnotes_part(notes: list[tuple[int, str]]) -> bytes:
    """``word/footnotes.xml`` with Word's two separators and the notes (w:id, text)."""
    from xml.sax.saxutils import escape

    sep = '<w:footnote w:type="{0}" w:id="{1}"><w:p><w:r><w:{0}/></w:r></w:p></w:footnote>'
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W_NS}">',
             sep.format("separator", 0), sep.format("continuationSeparator", 1)]
    for nid, text in notes:
        parts.append(
            f'<w:footnote w:id="{nid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
            f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def _fixed_zip(data: bytes, footnotes: bytes | None = None) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order (reproducible bytes); with
    ``footnotes``, that footnotes part added and declared (python-docx has no footnote API)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    entries = [(info, src.read(info.filename)) for info in src.infolist()]
    if footnotes is not None:
        declared = []
        for info, raw in entries:
            if info.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(b"</Relationships>", b'<Relationship Id="rIdFootnotes" Type="http://schemas.'
                                  b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                  b'Target="footnotes.xml"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                raw = raw.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                  b'"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                  b'footnotes+xml"/></Types>')
            declared.append((info, raw))
        entries = [*declared, (zipfile.ZipInfo("word/footnotes.xml"), footnotes)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, raw in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, raw)
    return out.getvalue()


# -- PDF -----------------------------------------------------------------------------------------
def render_pdf(letter: SynthLetter, seed: int = 0) -> bytes:
    """A text PDF (fpdf2): header lines on top of every page, footer lines at the bottom, alignment,
    bold and type sizes; footnotes in small type after a short rule at the end.

    Raises ValueError for a script :func:`available_formats` does not list PDF for.
    """
    from fpdf import FPDF
    from fpdf.enums import WrapMode, XPos, YPos

    fonts = _pdf_fonts(letter.script)
    if fonts is None:
        raise ValueError(f"no PDF font/shaping for script {letter.script!r}; see available_formats()")
    regular, bold, index = fonts
    rng = Random(f"pdf:{seed}:{letter.id}")
    base = rng.choice([10.0, 10.5, 11.0, 12.0])
    justify = rng.random() < 0.3
    wrapmode = WrapMode.CHAR if letter.script in NO_SPACE_SCRIPTS else WrapMode.WORD
    header = [ln for ln in letter.lines if ln.region == "header"]
    footer = [ln for ln in letter.lines if ln.region == "footer"]
    rtl = letter.script in RIGHT_TO_LEFT_SCRIPTS
    # a right-to-left letter is laid out as the mirror of a left-to-right one: its lines start at the
    # right margin (indents taken from there) and what stands on the right of a Latin letter (the
    # dateline, a signature block) stands on its left, as Arabic and Hebrew letters are printed
    align_code = {"left": "L", "center": "C", "right": "R"}
    if rtl:
        align_code = {"left": "R", "center": "C", "right": "L"}

    def lh(line: SynthLine) -> float:
        return base * line.size * 0.3528 * 1.25  # points to mm, with leading

    class _Pdf(FPDF):
        def header(self) -> None:
            for line in header:
                draw(self, line)
            if header:
                self.ln(lh(header[-1]))

        def footer(self) -> None:
            if not footer:
                return
            self.set_y(-(12 + sum(lh(x) for x in footer)))
            for line in footer:
                draw(self, line)

    # a letter whose text fits Latin-1 is set in the PDF core font Helvetica: no TrueType font to parse
    # and subset, so such PDFs render some fifty times faster (and readers see another kind of font)
    core = fits_latin1(letter)
    family = "helvetica" if core else "letter"

    def draw(pdf: FPDF, line: SynthLine, paragraph_align: str | None = None) -> None:
        pdf.set_font(family, "B" if line.bold else "", base * line.size)
        offset = min(line.indent, 60) * base * line.size * 0.3528 * 0.5
        pdf.set_x(pdf.l_margin if rtl else pdf.l_margin + offset)
        pdf.multi_cell(pdf.epw - offset, lh(line), line.text, align=paragraph_align or align_code[line.align],
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrapmode)

    pdf = _Pdf(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_author("letterkit synth")
    if not core:
        pdf.add_font("letter", "", str(regular), collection_font_number=index)
        pdf.add_font("letter", "B", str(bold), collection_font_number=index)
    if rtl:
        pdf.set_text_shaping(True, direction="rtl")
    pdf.set_margins(22, 18, 20)
    pdf.set_auto_page_break(True, margin=14 + sum(lh(x) for x in footer))
    pdf.add_page()
    notes = [ln for ln in letter.lines if ln.region == "footnote"]
    started = False
    for line in letter.lines:
        if line.region != "body":
            continue
        if line.page_break_before and started:
            pdf.add_page()
        elif line.blank_before and started:
            pdf.ln(lh(line))
        started = True
        # (not a right-to-left letter: fpdf sets the last line of a justified paragraph flush left)
        body_align = "J" if justify and not rtl and line.label == "body" and line.align == "left" else None
        draw(pdf, line, body_align)
    if notes:
        pdf.ln(lh(notes[0]))
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 50, pdf.get_y())
        pdf.ln(1.5)
        for line in notes:
            draw(pdf, line)
    return bytes(pdf.output())


def fits_latin1(letter: SynthLetter) -> bool:
    """Whether every line of the letter is Latin-1 text (the PDF core fonts' repertoire)."""
    try:
        for line in letter.lines:
            line.text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return letter.script not in RIGHT_TO_LEFT_SCRIPTS


RENDERERS = {"txt": render_txt, "docx": render_docx, "pdf": render_pdf}


def render(letter: SynthLetter, fmt: str, seed: int = 0) -> bytes:
    """The letter in format ``fmt`` ("txt", "docx", "pdf") as bytes (text as UTF-8)."""
    if fmt == "txt":
        return render_txt(letter, seed).encode("utf-8")
    if fmt == "docx":
        return render_docx(letter, seed)
    if fmt == "pdf":
        return render_pdf(letter, seed)
    raise ValueError(f"unknown format {fmt!r}; use one of {sorted(RENDERERS)}")
