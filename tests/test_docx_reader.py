"""DocxReader: layout cues, headers/footers, tables, text boxes, notes, images, pages, and hostile files."""
# ruff: noqa: E501  (fixture markup and XML read better unwrapped)

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.shared import Pt  # noqa: E402

from letterkit.errors import CorruptInput, LetterkitError, LimitExceeded  # noqa: E402
from letterkit.readers.base import CONTENT_MATCH, EXTENSION_MATCH, Limits, ReadOptions, StreamInfo  # noqa: E402
from letterkit.readers.docx import DocxReader  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus" / "letters"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECLS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

def png() -> bytes:
    """A small PNG (made with Pillow, which python-docx's image support already needs)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 12), "white").save(buf, format="PNG")
    return buf.getvalue()


def read(data: bytes, **limits: int):
    return DocxReader().read(data, StreamInfo(filename="t.docx", extension="docx"), ReadOptions(limits=Limits(**limits)))


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def textbox_xml(text: str) -> str:
    """A run holding a DrawingML text box with a VML fallback: the same text twice in the file."""
    box = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (
        f"<w:r {NSDECLS}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="Text Box 1"/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        f"</mc:Fallback></mc:AlternateContent></w:r>"
    )


FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> See the report of 3 March 2015.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def add_footnotes(data: bytes) -> bytes:
    """python-docx has no footnote API: add word/footnotes.xml, its relationship and content type."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                raw = raw.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            dst.writestr(item, raw)
        dst.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return out.getvalue()


@pytest.fixture(scope="module")
def letter_docx(tmp_path_factory) -> bytes:
    d = docx.Document()
    section = d.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "ACME LETTERHEAD"
    section.header.paragraphs[0].text = "Acme - continuation page"
    section.first_page_footer.paragraphs[0].text = "Acme Ltd, 1 High Street, Springfield"
    section.footer.paragraphs[0].text = "Page footer"

    table = d.add_table(rows=1, cols=2)
    left = table.cell(0, 0).paragraphs[0]
    run = left.add_run("Ms Jane Doe")
    run.add_break()
    left.add_run("12 Elm Road")
    run2 = left.runs[-1]
    run2.add_break()
    left.add_run("Springfield")
    table.cell(0, 1).paragraphs[0].text = "3 April 2020"

    subject = d.add_paragraph()
    r = subject.add_run("Re: your complaint")
    r.bold = True
    r.font.size = Pt(14)
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER

    d.add_paragraph("Dear Ms Doe,")
    para = d.add_paragraph("Thank you for your letter of 3 March.")
    ref = parse_xml(f'<w:r {NSDECLS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    para._p.append(ref)
    para.add_run(" We are looking into it.")

    anchor = d.add_paragraph()
    anchor._p.append(parse_xml(textbox_xml("Boxed sender note")))

    d.add_page_break()
    d.add_paragraph("Second page paragraph.")
    d.add_paragraph("Yours sincerely,")
    img = tmp_path_factory.mktemp("img") / "sig.png"
    img.write_bytes(png())
    d.add_picture(str(img))
    for doc_pr in d.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        doc_pr.set("descr", "signature of John Smith")
    d.add_paragraph("John Smith")
    d.core_properties.author = "John Smith"
    d.core_properties.title = "Reply to Ms Doe"
    return add_footnotes(save(d))


def lines(doc, region=None):
    return [ln for ln in doc.lines() if region is None or ln.region == region]


def test_sniff(letter_docx):
    r = DocxReader()
    assert r.sniff(letter_docx[:8192], StreamInfo()) == CONTENT_MATCH
    assert r.sniff(b"PK\x03\x04" + b"\x00" * 40, StreamInfo(extension="docx")) == EXTENSION_MATCH
    assert r.sniff(b"%PDF-1.4", StreamInfo(extension="pdf")) == 0


def test_headers_footers_and_pages(letter_docx):
    doc = read(letter_docx)
    assert len(doc.pages) == 2
    p1 = [ln for b in doc.pages[0].blocks for ln in b.lines]
    p2 = [ln for b in doc.pages[1].blocks for ln in b.lines]
    # first page header (different first page) at the top, first-page footer at the bottom
    assert p1[0].region == "header" and p1[0].text == "ACME LETTERHEAD"
    assert p1[-1].region == "footer" and p1[-1].text.startswith("Acme Ltd")
    assert p2[0].region == "header" and p2[0].text == "Acme - continuation page"
    assert p2[-1].region == "footer" and p2[-1].text == "Page footer"
    assert "Second page paragraph." in [ln.text for ln in p2]


def test_table_address_and_date_in_order(letter_docx):
    doc = read(letter_docx)
    body = [b for b in doc.blocks() if b.region == "body"]
    assert [ln.text for ln in body[0].lines] == ["Ms Jane Doe", "12 Elm Road", "Springfield"]
    assert body[1].text == "3 April 2020"


def test_cues(letter_docx):
    doc = read(letter_docx)
    subject = next(ln for ln in doc.lines() if ln.text == "Re: your complaint")
    assert subject.bold is True and subject.font_size == 14 and subject.align == "center"
    dear = next(ln for ln in doc.lines() if ln.text == "Dear Ms Doe,")
    assert dear.bold is False and dear.style == "Normal"


def test_footnote(letter_docx):
    doc = read(letter_docx)
    para = next(ln for ln in doc.lines() if ln.text.startswith("Thank you"))
    assert para.text == "Thank you for your letter of 3 March.¹ We are looking into it."
    notes = lines(doc, "footnote")
    assert [ln.text for ln in notes] == ["1 See the report of 3 March 2015."]
    assert notes[0].page == 1  # at the end of the page that refers to it


def test_textbox_once_and_image(letter_docx):
    doc = read(letter_docx)
    assert doc.text.count("Boxed sender note") == 1  # Choice taken, Fallback not
    images = [ln for ln in doc.lines() if ln.kind == "image"]
    assert [ln.text for ln in images] == ["signature of John Smith"]
    texts = [ln.text for ln in doc.lines()]
    assert texts.index("Yours sincerely,") < texts.index("signature of John Smith") < texts.index("John Smith")


def test_metadata(letter_docx):
    doc = read(letter_docx)
    assert doc.metadata["author"] == "John Smith"
    assert doc.metadata["title"] == "Reply to Ms Doe"
    assert doc.format == "docx" and doc.reader == "docx"
    for ln in doc.lines():
        assert doc.text[ln.start : ln.end] == ln.text


def test_no_page_breaks_header_once():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    d.add_paragraph("Hello.")
    doc = read(save(d))
    assert len(doc.pages) == 1
    assert doc.text.count("LETTERHEAD") == 1
    assert doc.metadata["pagination"].startswith("unknown")


def test_rendered_page_breaks_split_paragraphs():
    d = docx.Document()
    p = d.add_paragraph("Start of a sentence")
    p._p.append(parse_xml(f'<w:r {NSDECLS}><w:lastRenderedPageBreak/><w:t xml:space="preserve"> that goes on.</w:t></w:r>'))
    doc = read(save(d))
    assert len(doc.pages) == 2
    assert doc.pages[0].blocks[-1].text == "Start of a sentence"
    assert doc.pages[1].blocks[0].text == "that goes on."


# --- hostile and broken input ---------------------------------------------------------------------


def test_not_a_zip():
    with pytest.raises(CorruptInput):
        read(b"this is not a zip file at all")


def test_zip_without_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CorruptInput, match=r"word/document\.xml"):
        read(buf.getvalue())


def test_zip_bomb_is_refused_before_decompression():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>")
        z.writestr("word/media/huge.bin", b"\x00" * (20 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 100_000
    with pytest.raises(LimitExceeded):
        read(data, max_decompressed_bytes=5 * 1024 * 1024)


def _with_document(xml: bytes) -> bytes:
    d = docx.Document()
    d.add_paragraph("x")
    src = zipfile.ZipFile(io.BytesIO(save(d)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, xml if item.filename == "word/document.xml" else src.read(item.filename))
    return out.getvalue()


def test_billion_laughs_does_not_expand():
    lol = b'<!ENTITY lol0 "lololololololololol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)
    )
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + lol + b"]>"
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(LetterkitError):
        read(_with_document(xml))


def test_external_entity_never_resolves():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    )
    try:
        doc = read(_with_document(xml))
    except LetterkitError:
        return
    assert "root:" not in doc.text


def test_broken_xml():
    with pytest.raises(CorruptInput):
        read(_with_document(b"<w:document><w:body><w:p>"))


# --- the corpus -----------------------------------------------------------------------------------


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[*_]{1,2}|\(\[LINK\]\(#\)\)|[\u2010-\u2014-]", "", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.docx")), ids=lambda p: p.stem)
def test_corpus_docx_matches_transcription(path: Path):
    doc = DocxReader().read(path.read_bytes(), StreamInfo(filename=path.name, extension="docx"), ReadOptions())
    txt = _norm(path.with_suffix(".txt").read_text(encoding="utf-8"))
    body = [ln for ln in doc.lines() if ln.region == "body" and ln.kind == "text"]
    assert len(body) > 5
    for ln in body:
        assert _norm(ln.text)[:60] in txt, ln.text
    heads = [ln for ln in doc.lines() if ln.region == "header"]
    assert heads, "the letterhead is in the section header"
    assert any(ln.kind == "image" for ln in doc.lines()), "the signature image"
