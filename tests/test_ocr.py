"""OCR (letterkit.readers.ocr) and the image reader: layout from Tesseract, errors without Tesseract.

Letter images are made in the test: fpdf2 lays out a short letter with a core font (so no system font
is needed and every line's position is known in points), pypdfium2 renders it like a 200-dpi scan.
Tests that run Tesseract are marked ``ocr``; the layout logic is also tested on hand-written
Tesseract TSV, which is fast and needs no Tesseract.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from letterkit.document import DocumentBuilder
from letterkit.errors import CorruptInput, LimitExceeded, OCRUnavailable
from letterkit.readers import ocr
from letterkit.readers.base import Limits, ReadOptions, StreamInfo
from letterkit.readers.image import ImageReader
from letterkit.readers.registry import choose_reader

CORPUS = Path("/work/shared/corpus/letters")
DPI = 200
MM = 72 / 25.4
LEFT_MM = 25

LETTER = [
    ("Brussels, 12 March 2021", "R"),
    ("", ""),
    ("Mr Jean Dupont", "L"),
    ("Ministry of Foreign Affairs", "L"),
    ("37 Quai d'Orsay, Paris", "L"),
    ("", ""),
    ("Dear Minister,", "L"),
    ("", ""),
    ("I am writing to you about the situation of the harbour workers", "L"),
    ("in our region, which has become worse since last winter.", "L"),
    ("", ""),
    ("Yours sincerely,", "L"),
    ("", ""),
    ("Anna Schmidt", "L"),
]


def letter_pdf(lines: list[tuple[str, str]] = LETTER, pages: int = 1) -> bytes:
    """A born-digital A4 letter (Helvetica 11 pt, 25 mm margins)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(LEFT_MM, 25, LEFT_MM)
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for text, align in lines:
            pdf.cell(0, 6, text + (f" {n + 1}" if pages > 1 and text.startswith("Dear") else ""),
                     align=align or "L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def letter_images(pages: int = 1) -> list:
    """The letter as greyscale page images at DPI, with their resolution recorded."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(letter_pdf(pages=pages))
    images = []
    for page in doc:
        img = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        img.info["dpi"] = (DPI, DPI)
        images.append(img)
    return images


def png_bytes(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI))
    return buf.getvalue()


def tiff_bytes(images) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], dpi=(DPI, DPI),
                   compression="tiff_deflate")
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# with Tesseract


@pytest.mark.ocr
def test_ocr_image_words_lines_and_geometry_in_points() -> None:
    builder = DocumentBuilder(format="png", reader="image")
    ocr.ocr_image(letter_images()[0], builder, ReadOptions(ocr_languages=("en",)))
    doc = builder.build()
    page = doc.pages[0]
    assert page.ocr
    assert page.width == pytest.approx(595.3, abs=1.5) and page.height == pytest.approx(841.9, abs=1.5)
    lines = [line for line in doc.lines() if line.kind == "text"]
    texts = [line.text for line in lines]
    assert "Dear Minister," in texts
    assert "Yours sincerely," in texts
    assert any("harbour workers" in t for t in texts)
    assert len(lines) == 9
    for line in lines:
        assert line.bbox is not None and line.font_size is not None and line.confidence is not None
        assert 0 < line.bbox[0] < line.bbox[2] < 595 and 0 < line.bbox[1] < line.bbox[3] < 842
        assert 8.5 <= line.font_size <= 13.5
        assert line.confidence > 80
        assert line.region == "body"
    dear = next(line for line in lines if line.text == "Dear Minister,")
    assert dear.bbox[0] == pytest.approx(LEFT_MM * MM, abs=4)  # the left margin, in points
    date = lines[0]
    assert date.text.startswith("Brussels")
    assert date.align == "right" and date.bbox[2] == pytest.approx(595.3 - LEFT_MM * MM, abs=5)
    # blocks: date / address (3 lines) / salutation / paragraph (2 lines) / closing / name
    sizes = [len(b.lines) for b in page.blocks]
    assert sizes == [1, 3, 1, 2, 1, 1]
    assert doc.text.count("\n\n") == 5
    assert doc.metadata["ocr"] is True
    assert not [w for w in doc.warnings if "confidence" in w]


@pytest.mark.ocr
def test_ocr_page_adds_lines_to_the_started_page() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(letter_pdf())
    page = pdf[0]
    builder = DocumentBuilder(format="pdf", reader="pdf")
    width, height = page.get_size()
    builder.new_page(width, height, ocr=True)
    ocr.ocr_page(page, builder, ReadOptions(), 1)
    doc = builder.build()
    assert len(doc.pages) == 1
    # the same positions as the text layer: fpdf2 puts the first line's top 25 mm down
    first = next(doc.lines())
    assert first.text == "Brussels, 12 March 2021"
    assert first.bbox is not None and first.bbox[1] == pytest.approx(25 * MM + 3, abs=5)
    assert doc.metadata["ocr_languages"].startswith("eng")


@pytest.mark.ocr
def test_image_reader_png() -> None:
    data = png_bytes(letter_images()[0])
    reader = choose_reader(data, StreamInfo(filename="scan.bin", extension="bin"))
    assert isinstance(reader, ImageReader)
    doc = reader.read(data, StreamInfo(), ReadOptions())
    assert doc.format == "png" and doc.reader == "image"
    assert doc.metadata["ocr"] is True
    assert "Dear Minister," in doc.text and "Anna Schmidt" in doc.text


@pytest.mark.ocr
@pytest.mark.slow
def test_image_reader_multipage_tiff() -> None:
    data = tiff_bytes(letter_images(pages=2))
    assert choose_reader(data, StreamInfo()).name == "image"
    doc = ImageReader().read(data, StreamInfo(extension="tiff"), ReadOptions())
    assert doc.format == "tiff"
    assert [p.number for p in doc.pages] == [1, 2] and all(p.ocr for p in doc.pages)
    assert "Dear Minister, 1" in doc.text and "Dear Minister, 2" in doc.text
    assert {line.page for line in doc.lines()} == {1, 2}
    assert "\f" in doc.text


@pytest.mark.ocr
def test_missing_language_is_a_warning() -> None:
    installed = ocr.installed_languages(ocr._resolve(ocr.tesseract_cmd()))
    # a language letterkit knows the pack of, which CI does not install
    missing = next(c for c in ("cy", "af", "sw", "eo", "mt") if ocr.ISO_TO_TESSERACT[c] not in installed)
    builder = DocumentBuilder(format="png", reader="image")
    ocr.ocr_image(letter_images()[0], builder, ReadOptions(ocr_languages=(missing, "en")))
    doc = builder.build()
    pack = ocr.ISO_TO_TESSERACT[missing]
    assert any(pack in w and "not installed" in w and f"tesseract-ocr-{pack}" in w for w in doc.warnings)
    assert doc.metadata["ocr_languages"] == "eng"
    assert doc.metadata["ocr_language_mode"] == "forced"


@pytest.mark.ocr
def test_timeout_is_a_limit() -> None:
    builder = DocumentBuilder(format="png", reader="image")
    with pytest.raises(LimitExceeded, match=r"Limits\.timeout"):
        ocr.ocr_image(letter_images()[0], builder, ReadOptions(limits=Limits(timeout=0.01)))


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "opendialog-mogherini-2015.scan.pdf").exists(), reason="no corpus")
def test_scanned_corpus_letter_footnote() -> None:
    from letterkit.readers.pdf import PdfReader

    data = (CORPUS / "opendialog-mogherini-2015.scan.pdf").read_bytes()
    doc = PdfReader().read(data, StreamInfo(extension="pdf"), ReadOptions())
    assert doc.format == "pdf" and all(p.ocr for p in doc.pages)
    notes = [line for line in doc.lines() if line.region == "footnote"]
    assert notes and notes[0].text.startswith("1 Answer given by Vice President")
    assert any(line.kind == "image" for line in doc.lines())  # the handwritten signature
    assert "Yours sincerely," in doc.text


# --------------------------------------------------------------------------------------------------
# without Tesseract


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")


def test_missing_tesseract_raises_with_install_hint(no_tesseract: None) -> None:
    from PIL import Image

    assert not ocr.tesseract_available()
    img = Image.new("L", (200, 100), 255)
    with pytest.raises(OCRUnavailable) as err:
        ocr.ocr_image(img, DocumentBuilder(format="png", reader="image"), ReadOptions())
    msg = str(err.value)
    assert "apt-get install tesseract-ocr" in msg and "brew install tesseract" in msg
    assert "ocr='never'" in msg
    with pytest.raises(OCRUnavailable, match="apt-get install tesseract-ocr"):
        ImageReader().read(png_bytes(img), StreamInfo(), ReadOptions())


def test_ocr_never_raises() -> None:
    from PIL import Image

    data = png_bytes(Image.new("L", (200, 100), 255))
    with pytest.raises(OCRUnavailable, match="ocr='never'"):
        ImageReader().read(data, StreamInfo(), ReadOptions(ocr="never"))
    with pytest.raises(OCRUnavailable, match="ocr='never'"):
        ocr.ocr_image(Image.new("L", (10, 10)), DocumentBuilder("png", "image"), ReadOptions(ocr="never"))


def test_sniff_by_magic_bytes() -> None:
    reader = ImageReader()
    assert reader.sniff(b"\x89PNG\r\n\x1a\n....", StreamInfo()) == 1.0
    assert reader.sniff(b"\xff\xd8\xff\xe0..JFIF", StreamInfo()) == 1.0
    assert reader.sniff(b"II*\x00....", StreamInfo()) == 1.0
    assert reader.sniff(b"MM\x00*....", StreamInfo()) == 1.0
    assert reader.sniff(b"%PDF-1.7", StreamInfo()) == 0.0
    assert reader.sniff(b"????", StreamInfo(extension="jpg")) == 0.5


def test_broken_image_is_corrupt_input() -> None:
    with pytest.raises(CorruptInput):
        ImageReader().read(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20, StreamInfo(), ReadOptions())
    from PIL import Image

    truncated = png_bytes(Image.new("L", (400, 400), 128))[:-200]
    with pytest.raises(CorruptInput):
        ImageReader().read(truncated, StreamInfo(), ReadOptions())


def test_decompression_bomb_is_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    data = png_bytes(Image.new("L", (300, 300), 255))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(LimitExceeded):
        ImageReader().read(data, StreamInfo(), ReadOptions())
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000_000)
    with pytest.raises(LimitExceeded, match="max_decompressed_bytes"):
        ImageReader().read(data, StreamInfo(), ReadOptions(limits=Limits(max_decompressed_bytes=1000)))


def test_language_codes() -> None:
    from eu_letters import EU_LANGUAGES

    assert all(code in ocr.ISO_TO_TESSERACT for code in EU_LANGUAGES)
    assert ocr.ISO_TO_TESSERACT["ko"] == "kor" and ocr.ISO_TO_TESSERACT["uk"] == "ukr"
    assert ocr.tesseract_code("chi-sim") == "chi_sim"
    assert ocr.debian_package("chi_sim") == "tesseract-ocr-chi-sim"
    assert ocr.tesseract_code("fr") == "fra" and ocr.tesseract_code("en-GB") == "eng"
    assert ocr.tesseract_code("ger") == "deu" and ocr.tesseract_code("deu") == "deu"
    installed = frozenset({"eng", "fra", "deu", "ita"})
    assert ocr.choose_languages(None, installed) == (["eng", "fra", "deu"], [])
    assert ocr.choose_languages(None, frozenset({"fra"})) == (["fra"], [])
    use, warns = ocr.choose_languages(("it", "pl"), installed)
    assert use == ["ita"] and len(warns) == 1 and "pol" in warns[0] and "tesseract-ocr-pol" in warns[0]
    use, warns = ocr.choose_languages(("pl",), installed)
    assert use == ["eng", "fra", "deu"] and len(warns) == 2
    assert ocr.choose_languages(("eng+fra",), installed)[0] == ["eng", "fra"]
    with pytest.raises(OCRUnavailable):
        ocr.choose_languages(None, frozenset())


# --------------------------------------------------------------------------------------------------
# layout from Tesseract's word table, without Tesseract

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(rows: list[tuple[int, int, int, int, int, int, int, float, str]]) -> str:
    """Rows (block, par, line, left, top, width, height, conf, text) at 72 dpi: pixels are points."""
    out = [HEADER]
    for n, (block, par, line, left, top, width, height, conf, text) in enumerate(rows):
        out.append(f"5\t1\t{block}\t{par}\t{line}\t{n}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}")
    return "\n".join(out)


def build(rows, height: float = 842.0):
    builder = DocumentBuilder(format="pdf", reader="pdf")
    builder.new_page(595, height, ocr=True)
    read = ocr.PageRead(tsv(rows), "", ["eng"], None, "forced")
    ocr._emit(builder, read, 1.0, 595.0, height, 1)
    return builder.build()


def para(block: int, par: int, top: int, lines: int, left: int = 72, conf: float = 95.0, first: int = 1):
    """Rows of a justified paragraph: ``lines`` lines numbered from ``first``, 13 pt apart."""
    rows = []
    for k in range(lines):
        y = top + 13 * k
        n = first + k
        rows += [
            (block, par, n, left, y, 200, 11, conf, "Kazakhstan"),
            (block, par, n, left + 210, y, 240, 11, conf, "policy"),
            (block, par, n, left + 460, y + 1, 60, 8, conf, "the"),
        ]
    return rows


def test_layout_blocks_follow_gaps_not_tesseract_paragraphs() -> None:
    rows = []
    # an address Tesseract cut into one paragraph per line: one block
    for k in range(3):
        rows.append((1, k + 1, 1, 72, 100 + 13 * k, 120, 11, 96, "Address"))
    # two paragraphs of one Tesseract block, a blank line apart: two blocks
    rows += para(2, 1, 200, 3) + para(2, 1, 250, 2, first=4)
    doc = build(rows)
    assert [len(b.lines) for b in doc.pages[0].blocks] == [3, 3, 2]
    line = next(doc.lines())
    assert line.bbox == (72, 100, 192, 111) and line.font_size == pytest.approx(14, abs=0.6)
    body = doc.pages[0].blocks[1].lines[0]
    assert body.font_size == pytest.approx(11.0, abs=0.6)
    assert body.align == "justify" and body.confidence == 95.0


def test_layout_indents_ignore_scan_jitter_but_keep_first_line_indent() -> None:
    rows = para(1, 1, 100, 2, left=72) + para(1, 1, 126, 1, left=73, first=3)
    rows += para(1, 2, 139, 1, left=100) + para(1, 2, 152, 1, left=71, first=2)
    doc = build(rows)
    blocks = doc.pages[0].blocks
    assert [len(b.lines) for b in blocks] == [3, 2]
    assert {line.indent for line in blocks[0].lines} == {72}
    assert [line.indent for line in blocks[1].lines] == [100, 71]


def test_signature_scribble_becomes_an_image_line() -> None:
    rows = para(1, 1, 100, 3)
    rows += [(2, 1, 1, 72, 160, 90, 11, 96, "Yours"), (2, 1, 1, 165, 160, 60, 11, 96, "sincerely,")]
    rows += [(3, 1, 1, 80, 190, 110, 24, 31, "AINA")]
    rows += [(4, 1, 1, 72, 230, 40, 11, 95, "Anna"), (4, 1, 1, 116, 230, 30, 11, 95, "Koj")]
    doc = build(rows)
    kinds = [(line.kind, line.text) for line in doc.lines()][-3:]
    assert kinds == [("text", "Yours sincerely,"), ("image", ""), ("text", "Anna Koj")]
    assert not any("confidence" in w for w in doc.warnings)  # the signature is no misread text


def test_low_confidence_lines_are_summarised() -> None:
    rows = para(1, 1, 100, 3) + para(2, 1, 160, 2, conf=40.0)
    doc = build(rows)
    assert "OCR: 2 lines below 60% confidence on page 1." in doc.warnings


def test_footnote_with_glued_marker_at_page_bottom() -> None:
    rows = para(1, 1, 100, 4)
    rows += [(2, 1, 1, 72, 700, 80, 7, 90, "1Answer"), (2, 1, 1, 156, 700, 40, 7, 90, "given"),
             (2, 1, 1, 200, 700, 30, 7, 90, "by"), (2, 1, 2, 72, 710, 80, 7, 90, "Vice"),
             (2, 1, 2, 156, 710, 80, 7, 90, "President")]
    rows += [(3, 1, 1, 150, 800, 80, 7, 95, "Brussels"), (3, 1, 1, 240, 800, 80, 7, 95, "Office")]
    doc = build(rows)
    regions = [(line.text, line.region) for line in doc.lines()][-3:]
    assert regions == [("1 Answer given by", "footnote"), ("Vice President", "footnote"),
                       ("Brussels Office", "body")]


def test_glued_number_in_body_text_is_left_alone() -> None:
    rows = [(1, 1, 1, 72, 100, 80, 11, 90, "2Pac"), (1, 1, 1, 160, 100, 80, 11, 90, "Kazakhstan")]
    rows += para(2, 1, 113, 3)
    doc = build(rows)
    first = next(doc.lines())
    assert first.text == "2Pac Kazakhstan" and first.region == "body"


def test_raised_number_inside_a_line_becomes_a_superscript() -> None:
    rows = [(1, 1, 1, 72, 100, 80, 11, 90, "Kazakhstan"), (1, 1, 1, 153, 99, 5, 6, 80, "1"),
            (1, 1, 1, 165, 100, 60, 11, 90, "policy")]
    doc = build(rows)
    assert next(doc.lines()).text == "Kazakhstan¹ policy"


def test_bar_read_for_the_pronoun_i() -> None:
    rows = [(1, 1, 1, 72, 100, 5, 11, 80, "|"), (1, 1, 1, 80, 100, 30, 11, 90, "am"),
            (1, 1, 1, 115, 100, 60, 11, 90, "writing"),
            (1, 1, 2, 72, 113, 60, 11, 90, "Delvaux"), (1, 1, 2, 135, 113, 5, 11, 90, "|"),
            (1, 1, 2, 145, 113, 60, 11, 90, "Member")]
    doc = build(rows)
    assert [line.text for line in doc.lines()] == ["I am writing", "Delvaux | Member"]


def test_image_resolution() -> None:
    from PIL import Image

    img = Image.new("L", (1654, 2339))
    assert ocr.image_dpi(img) == pytest.approx(200, abs=1)  # no dpi: an A4 page
    img.info["dpi"] = (300, 300)
    assert ocr.image_dpi(img) == 300
    img.info["dpi"] = (72, 72)  # the "unknown" default of many tools
    assert ocr.image_dpi(img) == pytest.approx(200, abs=1)


def test_in_process_engine_only_for_the_programs_own_release(monkeypatch: pytest.MonkeyPatch) -> None:
    """tesserocr's wheel brings its own libtesseract: by default it stands in for the program only when
    it is the same release (another release reads some words otherwise); the environment can insist."""
    from letterkit.readers import ocr

    class Binding:
        def __init__(self, version: str) -> None:
            self.version = version

        def tesseract_version(self) -> str:
            return f"tesseract {self.version}\n leptonica-1.84.1"

    monkeypatch.setattr(ocr, "_program_release", lambda: "5.3.0")
    monkeypatch.delenv("LETTERKIT_OCR_ENGINE", raising=False)
    for version, expected in (("5.5.4", False), ("5.3.0", True)):
        binding = Binding(version)
        monkeypatch.setattr(ocr, "_tesserocr_module", lambda b=binding: b)
        assert (ocr._tesserocr() is binding) is expected
    newer = Binding("5.5.4")
    monkeypatch.setattr(ocr, "_tesserocr_module", lambda: newer)
    monkeypatch.setenv("LETTERKIT_OCR_ENGINE", "tesserocr")
    assert ocr._tesserocr() is newer and ocr.ocr_engine() == "tesserocr"
    monkeypatch.setenv("LETTERKIT_OCR_ENGINE", "cli")
    assert ocr._tesserocr() is None and ocr.ocr_engine() == "tesseract"


def test_osd_in_process_whenever_tesserocr_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """OSD reads no word, so tesserocr runs it in process even when its libtesseract is another release
    than the program's, whose word passes are then kept (the hybrid engine); without tesserocr, or with
    ``LETTERKIT_OCR_ENGINE=cli``, the program does both."""
    import subprocess

    from PIL import Image

    class Binding:
        def tesseract_version(self) -> str:
            return "tesseract 5.5.4\n leptonica-1.87.0"

    calls: list[str] = []

    def api_osd(crop: object, dpi: float, characters: int = ocr.OSD_CHARACTERS) -> None:
        calls.append("in process")

    def program(args: list[str], image: object, timeout: float | None, output: str = "stdout") -> object:
        calls.append("program")
        return subprocess.CompletedProcess(args, 1, b"", b"")

    monkeypatch.setattr(ocr, "_program_release", lambda: "5.3.0")
    monkeypatch.setattr(ocr, "_api_osd", api_osd)
    monkeypatch.setattr(ocr, "_run", program)
    monkeypatch.delenv("LETTERKIT_OCR_ENGINE", raising=False)
    page = Image.new("L", (200, 300), 255)
    binding = Binding()
    expected = [
        (binding, None, "hybrid", "in process"),  # another release: OSD in process, the passes not
        (None, "", "tesseract", "program"),  # tesserocr not installed
        (binding, "cli", "tesseract", "program"),
        (binding, "tesserocr", "tesserocr", "in process"),
    ]
    for module, env, engine, osd_by in expected:
        monkeypatch.setattr(ocr, "_tesserocr_module", lambda m=module: m)
        if env is None:
            monkeypatch.delenv("LETTERKIT_OCR_ENGINE", raising=False)
        else:
            monkeypatch.setenv("LETTERKIT_OCR_ENGINE", env)
        calls.clear()
        assert ocr.run_osd(page, 150, None) is None
        assert (ocr.ocr_engine(), set(calls)) == (engine, {osd_by})
        assert (ocr._osd_tesserocr() is binding) is (osd_by == "in process")
        assert (ocr._tesserocr() is binding) is (engine == "tesserocr")


def test_program_reads_the_page_from_an_uncompressed_image() -> None:
    """The page goes to the program as PGM (no zlib work), once for OSD and the first pass alike."""
    from PIL import Image

    page = Image.new("L", (40, 30), 200)
    data = ocr._encoded(page)
    assert data.startswith(b"P5") and len(data) >= 40 * 30
    assert ocr._encoded(page) is data
    ocr._forget_encoded()
    assert ocr._encoded(page) is not data
    ocr._forget_encoded()
    assert Image.open(io.BytesIO(data)).tobytes() == page.tobytes()


def test_in_process_tesseract_gets_images_without_their_file_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """tesserocr saves an image in its own format to hand it over: an opened JPEG must not be
    re-encoded as JPEG (lossy) nor an opened PNG compressed again, so it is given a copy, as BMP."""
    from PIL import Image

    given: list[object] = []

    class Api:
        def SetVariable(self, name: str, value: str) -> None: ...
        def SetImage(self, image: Image.Image) -> None:
            given.append(image.format)

        def SetSourceResolution(self, dpi: int) -> None: ...
        def DetectOrientationScript(self) -> None: ...
        def Clear(self) -> None: ...

    monkeypatch.setattr(ocr, "_api", lambda *args: Api())
    buf = io.BytesIO()
    Image.new("L", (60, 40), 255).save(buf, format="JPEG")
    opened = Image.open(buf)
    assert opened.format == "JPEG"
    assert ocr._api_osd(opened, 150) is None
    assert ocr._api_osd(opened.copy(), 150) is None
    assert given == [None, None] and opened.format == "JPEG"
