"""Text reading (issue 13, part 5): UTF-16 without a BOM in every script, no DOCTYPE internal subset in
Letter.text, a blank scan is EmptyInput whether it comes as an image or as a scanned PDF page.

The letters are invented here, one short one per script.
"""

from __future__ import annotations

import io
import random

import pytest

from letterkit import read_letter
from letterkit.errors import CorruptInput, EmptyInput
from letterkit.readers.html import DOCTYPE_SUBSET, strip_doctype_subset
from letterkit.readers.text import decode_text

LETTERS = {
    "latin": "Lyon, 4 mai 2011\n\nChère Claire,\n\nMerci pour ta lettre.\n\nAmitiés,\nPaul\n",
    "greek": "Πάτρα, 4 Μαΐου 2011\n\nΑγαπητή Ελένη,\n\nΣε ευχαριστώ για το γράμμα σου.\n\nΜε φιλία,\nΝίκος\n",
    "cyrillic": "Казань, 4 мая 2011 г.\n\nДорогая Ольга,\n\nСпасибо за письмо.\n\nС уважением,\nПётр\n",
    "japanese": "大阪、2011年5月4日\n\n佐藤様\n\nお手紙ありがとうございました。\n\n敬具\n田中\n",
    "chinese": "杭州，2011年5月4日\n\n亲爱的王先生：\n\n谢谢您的来信。\n\n此致\n敬礼\n李明\n",
    "korean": "부산, 2011년 5월 4일\n\n김 선생님께\n\n편지 감사합니다.\n\n박 올림\n",
    "arabic": "القاهرة، 4 مايو 2011\n\nعزيزي أحمد،\n\nشكرا على رسالتك.\n\nمع التحية،\nسمير\n",
    "hebrew": "חיפה, 4 במאי 2011\n\nדנה היקרה,\n\nתודה על המכתב.\n\nבברכה,\nיוסי\n",
    "hindi": "पुणे, 4 मई 2011\n\nप्रिय राधा,\n\nआपके पत्र के लिए धन्यवाद।\n\nशुभकामनाओं सहित,\nअमित\n",
    "thai": "เชียงใหม่ 4 พฤษภาคม 2554\n\nเรียน คุณสมชาย\n\nขอบคุณสำหรับจดหมาย\n\nด้วยความนับถือ\nวิชัย\n",
}


@pytest.mark.parametrize("script", list(LETTERS))
@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_in_every_script(script: str, order: str) -> None:
    text = LETTERS[script]
    data = text.encode(order)  # no BOM: the explicit-endian codecs write none
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert decode_text(data) == (text, order)
    letter = read_letter(data, filename="letter.txt")
    assert letter.text.split("\n")[0] == text.split("\n")[0]
    assert read_letter(data).text == letter.text  # found by content, without the extension too


@pytest.mark.parametrize("charset", ["cp1251", "cp1253", "cp1252", "utf-8", "shift_jis"])
def test_single_byte_and_utf8_text_is_not_taken_for_utf16(charset: str) -> None:
    text = {"cp1251": LETTERS["cyrillic"], "cp1253": LETTERS["greek"], "shift_jis": LETTERS["japanese"]}.get(
        charset, LETTERS["latin"]
    )
    decoded, enc = decode_text(text.encode(charset))
    assert not enc.startswith("utf-16") and decoded == text


def test_binary_data_is_still_refused() -> None:
    rng = random.Random(13)
    for _ in range(20):
        blob = bytes(rng.randrange(256) for _ in range(4096))
        with pytest.raises(CorruptInput):
            decode_text(blob)


@pytest.mark.parametrize(
    ("page", "leak"),
    [
        ('<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/hostname">]><html><body><p>Dear Sir,</p>'
         "<p>&xxe; here</p><p>Yours sincerely,</p><p>John</p></body></html>", "]>"),
        ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>\n'
         '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Dear Sir,</p><p>Thank you.</p></body></html>',
         "%p;"),
        ('<!-- saved --><!DOCTYPE html [<!ENTITY a "]>"> <!-- ]> -->]><html><body><p>Dear Sir,</p>'
         "<p>Thank you.</p></body></html>", "]>"),
    ],
)
def test_a_doctype_internal_subset_never_reaches_the_text(page: str, leak: str) -> None:
    letter = read_letter(page.encode(), filename="page.html")
    assert leak not in letter.text and "ENTITY" not in letter.text and "hostname" not in letter.text
    assert letter.text.startswith("Dear Sir,")
    assert DOCTYPE_SUBSET in letter.warnings


def test_a_plain_doctype_is_left_alone() -> None:
    page = "<!DOCTYPE html>\n<html><body><p>Dear Sir,</p></body></html>"
    assert strip_doctype_subset(page) == (page, False)
    assert DOCTYPE_SUBSET not in read_letter(page.encode(), filename="p.html").warnings


def _blank_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def _blank_scan_pdf() -> bytes:
    """A PDF page that holds only a white scanned image (no text layer)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(595, 842))
    pdf.add_page()
    pdf.image(io.BytesIO(_blank_png()), x=0, y=0, w=595, h=842)
    return bytes(pdf.output())


@pytest.mark.ocr
@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_a_blank_scan_is_empty_input_as_image_and_as_pdf(kind: str) -> None:
    data = _blank_png() if kind == "png" else _blank_scan_pdf()
    with pytest.raises(EmptyInput, match="OCR found no text"):
        read_letter(data, filename=f"blank.{kind}")
