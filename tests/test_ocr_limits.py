"""The pixel limit holds for what is actually sent to OCR: images after up-scaling, PDF pages as rendered.

Checked against ``Limits.max_decompressed_bytes`` (one byte per greyscale pixel) before anything is
allocated: the tests make sure neither Pillow's resize nor pdfium's render is reached when the result
would be over the limit, and that within the limit OCR still runs.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from letterkit import read_letter
from letterkit.document import DocumentBuilder
from letterkit.errors import LimitExceeded
from letterkit.readers import ocr
from letterkit.readers.base import Limits, ReadOptions


def _letter_image(dpi: float) -> Any:
    """A greyscale page with a few words, recorded at ``dpi``."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(img).text((20, 40), "Dear Anna, thank you.", fill=0)
    img.info["dpi"] = (dpi, dpi)
    return img


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Record the sizes Tesseract is given, without running it."""
    sizes: list[tuple[int, int]] = []

    def fake(image: Any, languages: list[str], dpi: float, timeout: float | None) -> tuple[str, str]:
        sizes.append(image.size)
        tsv = (
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
            "5\t1\t1\t1\t1\t1\t40\t80\t120\t30\t96\tDear\n5\t1\t1\t1\t1\t2\t170\t80\t120\t30\t96\tAnna,\n"
        )
        return tsv, "Dear Anna,\n"

    # forced languages: one pass, no OSD, so the one Tesseract run recorded is the recognition's
    monkeypatch.setattr(ocr, "run_tesseract_text", fake)
    return sizes


def test_an_image_over_the_limit_once_upscaled_is_refused_before_resizing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """400x300 at 50 dpi is 120,000 bytes as given, 2400x1800 = 4.3 MB at 300 dpi: over a 1 MB limit."""
    sizes = _calls(monkeypatch)
    resized: list[object] = []
    from PIL import Image

    real = Image.Image.resize
    monkeypatch.setattr(Image.Image, "resize", lambda self, *a, **k: resized.append(a) or real(self, *a, **k))
    options = ReadOptions(limits=Limits(max_decompressed_bytes=1_000_000), ocr_languages=("en",))
    with pytest.raises(LimitExceeded, match=r"scaled to 300 dpi.*Limits.max_decompressed_bytes"):
        ocr.ocr_image(_letter_image(50), DocumentBuilder(format="png", reader="image"), options)
    assert resized == [] and sizes == []


def test_an_image_within_the_limit_once_upscaled_goes_to_ocr_scaled(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = _calls(monkeypatch)
    options = ReadOptions(limits=Limits(max_decompressed_bytes=5_000_000), ocr_languages=("en",))
    ocr.ocr_image(_letter_image(50), DocumentBuilder(format="png", reader="image"), options)
    assert sizes == [(2400, 1800)]


def _image_pdf(width_pt: float, height_pt: float) -> bytes:
    """A PDF page of the given size holding only an image (a scan: it needs OCR)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width_pt, height_pt))
    pdf.add_page()
    buf = io.BytesIO()
    _letter_image(72).convert("RGB").save(buf, format="PNG")
    buf.seek(0)
    pdf.image(buf, x=0, y=0, w=width_pt, h=height_pt)
    return bytes(pdf.output())


def test_a_pdf_page_too_large_to_render_is_a_limit_not_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    """A4 at 200 dpi is 1654x2339 = 3.9 MB: over a 2 MB limit, refused before pdfium renders it."""
    sizes = _calls(monkeypatch)
    import pypdfium2

    rendered: list[object] = []
    real = pypdfium2.PdfPage.render
    monkeypatch.setattr(pypdfium2.PdfPage, "render", lambda self, **k: rendered.append(k) or real(self, **k))
    data = _image_pdf(595, 842)
    with pytest.raises(LimitExceeded, match=r"rendered for OCR at 200 dpi.*ocr_dpi"):
        read_letter(data, filename="scan.pdf", ocr="always", limits=Limits(max_decompressed_bytes=2_000_000))
    assert rendered == [] and sizes == []
    # a lower resolution fits: the page is rendered and sent to OCR at that size
    letter = read_letter(
        data, filename="scan.pdf", ocr="always", ocr_dpi=100,
        limits=Limits(max_decompressed_bytes=2_000_000),
    )
    assert sizes == [(827, 1170)] and "Dear Anna," in letter.text


def test_a_huge_page_is_refused_within_the_default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """14400 pt square (the repro file's media box): 40000x40000 pixels at 200 dpi."""
    _calls(monkeypatch)
    with pytest.raises(LimitExceeded, match="40000x40000"):
        read_letter(_image_pdf(14400, 14400), filename="huge.pdf")
