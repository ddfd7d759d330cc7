"""The e-mail, OpenDocument, RTF, legacy Word and OCR-output readers (issue 15), on real-world samples
and on hand-made letters in each format (tests/data/formats, sources in SOURCES.md there), with the
fallback between readers and hostile inputs."""

from __future__ import annotations

import io
import math
import random
import re
import shutil
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from letterkit import read_letter, read_letters
from letterkit.document import Document
from letterkit.errors import (
    CorruptInput,
    HostileInput,
    LetterkitError,
    LimitExceeded,
    ReaderError,
    ToolMissing,
)
from letterkit.readers import doc as doc_reader
from letterkit.readers import registry
from letterkit.readers.base import CONTENT_MATCH, Reader, ReadOptions, StreamInfo
from letterkit.readers.layoutxml import join_words
from letterkit.readers.mail import split_body

DATA = Path(__file__).parent / "data" / "formats"
LETTERS = [
    "letter-reply.eml",
    "letter.msg",
    "letter.odt",
    "letter.rtf",
    "letter.alto.xml",
    "letter.page.xml",
    "letter.hocr",
]


@pytest.mark.parametrize("name", LETTERS)
def test_hand_made_letter_fields(name: str) -> None:
    letter = read_letter(DATA / name)
    assert letter.date == "2023-03-14"
    assert letter.salutation == "Dear Mr Nowak,"
    assert letter.closing == "Yours sincerely,"
    assert [p.name for p in letter.signatories] == ["Renée Fournier"]
    assert len(letter.body) == 2 and letter.body[0].startswith("Thank you for your letter of 9 March.")
    assert letter.body[1].endswith("the humidity.")


@pytest.mark.parametrize(
    "name", ["letter.odt", "letter.rtf", "letter.alto.xml", "letter.page.xml", "letter.hocr"]
)
def test_headers_and_footers_are_regions(name: str) -> None:
    letter = read_letter(DATA / name)
    assert "Example Foundation · registered charity 4711" in letter.furniture
    assert letter.recipients and letter.recipients[0].name == "Tomasz Nowak"


@pytest.mark.parametrize("name", ["letter.odt", "letter.rtf"])
def test_footnotes(name: str) -> None:
    letter = read_letter(DATA / name)
    assert "9 March.¹" in letter.text  # the marker stays in the text (the body drops it)
    assert any("2019 loan to Kraków" in note for note in letter.footnotes)


def test_odt_frame_and_metadata() -> None:
    letter = read_letter(DATA / "letter.odt")
    assert "Received 15 MAR 2023" in letter.text
    assert (letter.source.title, letter.source.author) == ("Loan of the Lindqvist papers", "rfournier")


@pytest.mark.parametrize("name", ["letter.alto.xml", "letter.page.xml", "letter.hocr"])
def test_ocr_lines_keep_boxes_and_confidence(name: str) -> None:
    from letterkit.readers.registry import choose_reader

    data = (DATA / name).read_bytes()
    info = StreamInfo(filename=name, extension=name.rsplit(".", 1)[-1])
    reader = choose_reader(data, info)
    doc: Document = reader.read(data, info, ReadOptions())
    lines = list(doc.lines())
    assert all(line.bbox is not None and line.confidence is not None for line in lines)
    assert {line.region for line in lines} == {"header", "body", "footer"}
    salutation = next(line for line in lines if line.text == "Dear Mr Nowak,")
    assert salutation.bbox is not None and salutation.bbox[0] == pytest.approx(250 * 72 / 300)
    assert 90 <= (salutation.confidence or 0) <= 100
    assert doc.pages[0].ocr and read_letter(data, filename=name).source.ocr


def test_email_headers_are_hints_and_extras_kept_apart() -> None:
    letter = read_letter(DATA / "letter-reply.eml")
    assert letter.subject == "Loan of the Lindqvist papers"  # 'Re:' dropped
    assert letter.sender is not None and letter.sender.email == "renee.fournier@example.org"
    assert [(p.name, p.email) for p in letter.recipients] == [("Tomasz Nowak", "t.nowak@example.com")]
    assert [p.name for p in letter.cc] == ["Łucja Zielińska"]  # encoded word, ISO-8859-2
    assert letter.provenance["date"][0].origin == "reader"
    mail = letter.extra["email"]
    # 23:50 in New York is the 14th there (the sender's day), with its time zone kept
    assert mail["date"] == "2023-03-14T23:50:00-05:00"
    assert "may we borrow the Lindqvist papers" in mail["quoted"]
    assert "may we borrow" not in letter.text
    assert mail["disclaimer"].startswith("This e-mail is confidential")
    assert any(f.startswith("This e-mail is confidential") for f in letter.furniture)
    assert letter.signatories[0].role == "Head of Collections, Example Foundation"


def test_real_world_email_sample() -> None:
    letter = read_letter(DATA / "mail-parser-mail_test_3.eml")
    assert (letter.source.format, letter.source.reader) == ("eml", "email")
    assert letter.date == "2016-08-22" and letter.subject == "Hi there"
    assert letter.sender is not None and (letter.sender.name, letter.sender.email) == (
        "Ava Oneil",
        "Oneil.844@randtelekom.com.tr",
    )
    assert letter.recipients[0].email == "kalinokyra@thismail.it"
    assert letter.body == ["I am sending you the bills of the goods we delivered to you in the attachment"]
    assert letter.extra["email"]["attachments"] == ["message.txt"]


def test_real_world_page_and_rtf_samples() -> None:
    page = read_letter(DATA / "prima-SimplePage.page.xml")
    assert page.source.reader == "pagexml"
    assert page.text.startswith("The PAGE Format")
    assert "Cell 6" in page.text
    rtf = read_letter(DATA / "striprtf-french.rtf")
    assert rtf.source.reader == "rtf" and "a 10\u2018000 b c!" in rtf.text


def test_outlook_msg_headers_are_hints_and_the_quote_is_kept_apart() -> None:
    """letter.msg: an Outlook message (MAPI properties in OLE2) of the same letter, quoting the
    earlier message below an Outlook "From:/Sent:/To:/Subject:" block."""
    letter = read_letter(DATA / "letter.msg")
    assert (letter.source.format, letter.source.reader) == ("msg", "msg")
    assert letter.subject == "Loan of the Lindqvist papers"  # 'RE:' dropped
    assert letter.sender is not None
    assert (letter.sender.name, letter.sender.email) == ("Renée Fournier", "renee.fournier@example.org")
    assert [(p.name, p.email) for p in letter.recipients] == [("Tomasz Nowak", "t.nowak@example.com")]
    assert [(p.name, p.email) for p in letter.cc] == [("Łucja Zielińska", "archives@example.org")]
    assert letter.provenance["date"][0].origin == "reader"
    mail = letter.extra["email"]
    # the transport headers' Date (the sender's evening of the 14th), not the UTC submit time (15th)
    assert mail["date"] == "2023-03-14T23:50:00-05:00"
    assert mail["subject"] == "RE: Loan of the Lindqvist papers"
    assert mail["quoted"].startswith("From: Tomasz Nowak") and "may we borrow" in mail["quoted"]
    assert "may we borrow" not in letter.text and "\x00" not in letter.text
    assert letter.signatories[0].role == "Head of Collections, Example Foundation"


def test_real_world_outlook_msg_sample() -> None:
    """mail-parser's mail_outlook_1: a newsletter received through Exchange 2013 and saved by
    Outlook (MAPI properties in OLE2, UTF-16 strings, transport headers, five inline images)."""
    letter = read_letter(DATA / "mail-parser-mail_outlook_1.msg")
    assert (letter.source.format, letter.source.reader) == ("msg", "msg")
    assert letter.subject == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz"
    assert letter.sender is not None and letter.sender.email == "NueblingV@w-vwa.de"
    assert [p.email for p in letter.recipients] == ["gaiser-schoenenborn@kreis-tuebingen.de"]
    assert letter.cc == []
    mail = letter.extra["email"]
    # the sender's Date header (+02:00), the same instant as Outlook's submit time 10:00:18 UTC
    assert mail["date"] == "2017-09-18T12:00:18+02:00" and letter.date == "2017-09-18"
    assert mail["message_id"] == "<20170918100018.6AE0948009C@www.w-vwa.de>"
    images = ["newsletter.png", "spacer.gif", "image004.jpg", "image006.jpg", "image008.jpg"]
    assert mail["attachments"] == images
    assert letter.language == "de"
    assert letter.salutation == "Sehr geehrte Frau Gaiser-Schönenborn,"
    assert letter.body[0].startswith("die Grundlagen für eine systematische Prüfung")
    assert letter.body[-1].endswith("sind bei Fragen gerne für Sie da.")
    assert letter.closing == "Mit freundlichen Grüßen"
    assert [p.name for p in letter.signatories] == ["Valerie Nübling"]
    assert (letter.signatories[0].email, letter.signatories[0].phone) == (
        "NueblingV@w-vwa.de",
        "0711 21041-43",
    )
    assert letter.postscript is None
    # what the mailing system and Outlook's HTML-to-text wrote around the letter is kept apart
    assert mail["mailing"].startswith("Wenn Sie diesen Newsletter nicht lesen können")
    assert mail["mailing"].endswith("uuid=9a4b75a15a562f4c0da5705d86191628>")
    assert "SOCIAL NETWORKS" in mail["mailing"] and "SOCIAL NETWORKS" not in letter.text
    assert "http://www.w-vwa.de/vwa-angebot/seminare/details/verwaltung/2017-57971S.html" in mail["links"]
    assert "[cid:" not in letter.text and "<http" not in letter.text and "<mailto" not in letter.text
    assert "\x00" not in letter.text and "\r" not in letter.text


def test_real_world_alto_sample() -> None:
    """OCR-D's ground-truth ALTO of a 1784 journal page (pixel units, no SP elements, no WC)."""
    data = (DATA / "kant-PAGE_0020_ALTO.xml").read_bytes()
    info = StreamInfo(filename="kant-PAGE_0020_ALTO.xml", extension="xml")
    doc = registry.choose_reader(data, info).read(data, info, ReadOptions())
    lines = list(doc.lines())
    assert (doc.format, doc.reader, doc.metadata["measurement_unit"]) == ("alto", "alto", "pixel")
    assert [line.text for line in lines[:3]] == [
        "( 484 )",
        "gewiegelt worden; ſo ſchaͤdlich iſt es Vorurtheile zu",  # ";" flush against "worden"
        "pflanzen, weil ſie ſich zuletzt an denen ſelbſt raͤchen,",
    ]
    # two words whose boxes touch (a box split by hand) are still two words
    assert lines[-1].text == "Aufklaͤrung gelangen. Durch eine Revolution wird"
    assert lines[1].bbox == pytest.approx((529 * 72 / 300, 416 * 72 / 300, 1331 * 72 / 300, 461 * 72 / 300))
    assert all(line.confidence is None for line in lines)  # ground truth states no confidence
    assert doc.pages[0].width == pytest.approx(1457 * 72 / 300)
    letter = read_letter(data, filename="kant-PAGE_0020_ALTO.xml")
    assert letter.source.ocr and letter.body[0].startswith("gewiegelt worden; ſo ſchaͤdlich")


def _ocr_doc(name: str, data: bytes | None = None) -> Document:
    data = (DATA / name).read_bytes() if data is None else data
    info = StreamInfo(filename=name, extension=name.rsplit(".", 1)[-1])
    return registry.choose_reader((DATA / name).read_bytes(), info).read(data, info, ReadOptions())


def _lines_of(doc: Document) -> list[tuple[object, ...]]:
    return [(ln.text, ln.bbox, ln.confidence, ln.region, ln.bold, ln.font_size) for ln in doc.lines()]


OCR_SAMPLES = ["letter.alto.xml", "kant-PAGE_0020_ALTO.xml", "letter.page.xml", "letter.hocr"]


def test_a_damaged_file_does_not_spoil_the_next_read() -> None:
    """The OCR-output readers reuse one parser per thread; a parse that failed leaves it usable."""
    before = {name: _lines_of(_ocr_doc(name)) for name in OCR_SAMPLES}
    for name in OCR_SAMPLES:
        good = (DATA / name).read_bytes()
        if not name.endswith(".hocr"):  # the HTML parser mends what the XML parser refuses
            with pytest.raises(CorruptInput):
                _ocr_doc(name, good[: len(good) // 2])
        assert _lines_of(_ocr_doc(name)) == before[name]


def test_ocr_readers_in_threads_read_as_in_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    expected = [_lines_of(_ocr_doc(name)) for name in OCR_SAMPLES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda name: _lines_of(_ocr_doc(name)), OCR_SAMPLES * 6))
    assert results == expected * 6


@pytest.mark.parametrize(
    ("head", "name", "reader"),
    [
        (b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">', "scan.xml", "alto"),
        (
            b'<?xml version="1.0"?><PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/">',
            "scan.xml",
            "pagexml",
        ),
        (b"<html><head><meta name='ocr-system' content='tesseract'/></head>", "scan.html", "hocr"),
        (b"<a:alto xmlns:a='urn:x'>", "scan.xml", "alto"),  # a prefixed root
    ],
)
def test_ocr_formats_are_recognised(head: bytes, name: str, reader: str) -> None:
    info = StreamInfo(filename=name, extension=name.rsplit(".", 1)[-1])
    assert registry.choose_reader(head, info).name == reader


def test_join_words_without_space_elements() -> None:
    def box(x0: float, x1: float) -> tuple[float, float, float, float]:
        return (x0, 0.0, x1, 10.0)

    words = ["(", "Dear", "Sir", ")", ",", "yes", "-"]
    boxes = [box(0, 3), box(3, 20), box(20, 30), box(30, 33), box(40, 42), box(50, 60), box(60, 62)]
    # "(" opens onto "Dear"; "Dear" and "Sir" touch but are words; ")" closes flush; "," after a gap
    assert join_words(words, list(boxes)) == "(Dear Sir) , yes-"
    assert join_words(words) == "( Dear Sir ) , yes -"  # no boxes: a space between every two


def test_real_world_hocr_sample() -> None:
    """Tesseract 3.03's hOCR of a scanned book page, from hocr-tools' tests."""
    data = (DATA / "hocr-tools-tess.hocr").read_bytes()
    info = StreamInfo(filename="hocr-tools-tess.hocr", extension="hocr")
    doc = registry.choose_reader(data, info).read(data, info, ReadOptions())
    lines = list(doc.lines())
    assert doc.metadata["software"] == "tesseract 3.03" and doc.pages[0].ocr
    assert lines[0].text == "1 Down the Rabbit-Hole"
    assert lines[0].confidence == pytest.approx((96 + 91 + 88 + 89) / 4, abs=0.05)
    assert lines[0].bbox == pytest.approx(tuple(v * 72 / 300 for v in (470, 528, 1383, 585)))
    assert lines[-1].text == "the use of a book,’ thought Alice ‘Without pictures or conversation?’"
    assert len(lines) == 5 and len(list(doc.blocks())) == 2
    letter = read_letter(data, filename="hocr-tools-tess.hocr")
    assert letter.source.software == "tesseract 3.03"  # type: ignore[attr-defined]
    assert letter.body[0].startswith("Alice was beginning to get very tired")


def test_real_world_odt_sample() -> None:
    """odfpy's headerfooter.odt, written by OpenOffice.org 2.3: a page header and footer with fields."""
    data = (DATA / "odfpy-headerfooter.odt").read_bytes()
    info = StreamInfo(filename="odfpy-headerfooter.odt", extension="odt")
    doc = registry.choose_reader(data, info).read(data, info, ReadOptions())
    regions = {line.text: line.region for line in doc.lines()}
    assert regions == {"Header 1 Test": "header", "Lorem ipsum": "body", "Footer 1 Bottom": "footer"}
    letter = read_letter(data, filename="odfpy-headerfooter.odt")
    assert letter.source.author == "Søren Roug"
    assert str(letter.source.created).startswith("2008-03-20")
    assert "Footer 1 Bottom" in letter.furniture


@pytest.mark.skipif(not (doc_reader.find_soffice() or doc_reader.find_antiword()), reason="no DOC converter")
def test_real_world_doc_sample() -> None:
    """olefile's test-ole-file.doc, saved by Word as a Word 97-2003 document."""
    letter = read_letter(DATA / "olefile-test-ole-file.doc")
    assert letter.source.format == "doc"
    assert letter.text == "Test OLE file, saved as Word 97-2003 Document."
    if letter.source.reader == "doc+soffice":  # antiword gives the text but not the properties
        assert letter.source.author == "Laurence Ipsum"
        assert str(letter.source.created).startswith("2014-04-11")


def test_split_body_markers() -> None:
    parts = split_body(
        "Liebe Frau Kraus,\n\nvielen Dank.\n\nMit freundlichen Grüßen\nJan\n\n"
        "Von: Eva Kraus <eva@example.de>\nGesendet: Montag, 6. März 2023 09:00\nBetreff: Frage\n\nHallo Jan"
    )
    assert parts.own[-1] == "Jan" and parts.quoted[0].startswith("Von: Eva Kraus")
    fwd = split_body("FYI\n\n---------- Forwarded message ---------\nFrom: A <a@example.org>\n\nDear B,")
    assert fwd.own == ["FYI"] and fwd.forwarded[-1] == "Dear B,"
    # Gmail in Polish leaves the writer's gender open: 'napisał(a):'
    pl = split_body("Dziękuję.\n\nW dniu pt., 11 mar 2022 o 16:40 Jan Nowak <jan@x.pl> napisał(a):\n> Witam,")
    assert pl.own == ["Dziękuję."] and pl.quoted[-1] == "> Witam,"


def test_mailing_lines_and_outlook_link_targets_are_kept_apart() -> None:
    text = (
        "View this email in your browser: https://news.example.org/v/1\n\n"
        "Dear Ms Ortiz,\n\n"
        "The reading room<https://example.org/rooms> reopens on Monday [cid:image001.png].\n"
        "Write to desk@example.org<mailto:desk@example.org> or see <https://example.org/hours>.\n\n"
        "Kind regards,\nAda Brandt\n\n[cid:image002.png]\n\n"
        "FOLLOW US\n\n[cid:fb.png] <https://facebook.example/x> Facebook [cid:tw.png] Twitter\n\n"
        "To unsubscribe from this list, click https://news.example.org/u/1"
    )
    parts = split_body(text)
    assert parts.own == [
        "Dear Ms Ortiz,",
        "",
        "The reading room reopens on Monday.",
        # an address written in angle brackets after a space is the sender's, and stays
        "Write to desk@example.org or see <https://example.org/hours>.",
        "",
        "Kind regards,",
        "Ada Brandt",
    ]
    assert parts.mailing[0].startswith("View this email in your browser")
    assert parts.mailing[-1].startswith("To unsubscribe") and "FOLLOW US" in parts.mailing
    assert parts.links == ["https://example.org/rooms", "mailto:desk@example.org"]


def test_a_last_paragraph_with_a_mailing_word_but_no_link_stays() -> None:
    parts = split_body("Dear Jan,\n\nthanks for the books.\n\nI will unsubscribe from the club anyway.")
    assert parts.own[-1] == "I will unsubscribe from the club anyway." and parts.mailing == []


def test_forwarded_letter_under_a_cover_note() -> None:
    msg = EmailMessage()
    msg["From"] = "Clerk <clerk@example.org>"
    msg["To"] = "archive@example.org"
    msg["Subject"] = "Fwd: Our agreement"
    msg["Date"] = "Mon, 6 Mar 2023 09:00:00 +0100"
    msg["Message-ID"] = "<fwd.1@example.org>"
    msg.set_content(
        "For the file.\n\n---------- Forwarded message ---------\nFrom: Jonas Weber <jonas@example.com>\n"
        "Date: Fri, 3 Mar 2023 17:20:00 +0100\nSubject: Our agreement\nTo: Clerk <clerk@example.org>\n\n"
        "Dear Ms Clerk,\n\nI confirm that the printing works will deliver the catalogues on 20 March, "
        "as agreed in our meeting last week.\n\nKind regards,\n\nJonas Weber\n"
    )
    letter = read_letter(msg.as_bytes(), filename="fwd.eml")
    assert letter.date == "2023-03-03" and letter.sender is not None and letter.sender.name == "Jonas Weber"
    assert letter.salutation == "Dear Ms Clerk," and [p.name for p in letter.signatories] == ["Jonas Weber"]
    assert letter.extra["email"]["cover_note"] == "For the file."


def test_attached_letter_under_a_cover_note() -> None:
    msg = EmailMessage()
    msg["From"] = "Office <office@example.org>"
    msg["To"] = "t.nowak@example.com"
    msg["Subject"] = "Letter"
    msg["Date"] = "Wed, 15 Mar 2023 08:00:00 +0100"
    msg["Message-ID"] = "<att.1@example.org>"
    msg.set_content("Please find the letter attached.\n")
    msg.add_attachment(
        (DATA / "letter.odt").read_bytes(),
        maintype="application",
        subtype="vnd.oasis.opendocument.text",
        filename="letter.odt",
    )
    letter = read_letter(msg.as_bytes(), filename="cover.eml")
    assert (letter.source.format, letter.source.reader) == ("odt", "email+odt")
    assert letter.source.attachment == "letter.odt"  # type: ignore[attr-defined]
    assert letter.date == "2023-03-14" and letter.salutation == "Dear Mr Nowak,"


def test_mbox_is_expanded_in_batch(tmp_path: Path) -> None:
    path = tmp_path / "lyon.mbox"
    shutil.copy(DATA / "letters.mbox", path)
    results = list(read_letters([path]))
    assert [r.input for r in results] == [f"{path}!1", f"{path}!2"]
    assert all(r.ok for r in results)
    assert [r.letter.sender.name for r in results] == ["Anna Berg", "Marc Dubois"]
    assert "From now on" in results[0].letter.text  # '>From' unescaped
    single = read_letter(path)
    assert single.source.container == "mbox" and any("2 messages" in w for w in single.warnings)  # type: ignore[attr-defined]


@pytest.mark.skipif(not (doc_reader.find_soffice() or doc_reader.find_antiword()), reason="no DOC converter")
def test_legacy_doc() -> None:
    letter = read_letter(DATA / "letter.doc")
    assert letter.source.format == "doc"
    assert letter.date == "2023-03-14" and letter.salutation == "Dear Mr Nowak,"
    assert [p.name for p in letter.signatories] == ["Renée Fournier"]


def test_doc_without_a_converter_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)
    monkeypatch.setattr(doc_reader, "find_antiword", lambda: None)
    with pytest.raises(ToolMissing, match="antiword"):
        read_letter(DATA / "letter.doc")


def test_every_new_format_is_listed() -> None:
    names = {r.name for r in registry.available_readers()}
    assert {"email", "msg", "odt", "rtf", "doc", "alto", "pagexml", "hocr"} <= names


# --- fallback ---------------------------------------------------------------------------------------


class _Greedy(Reader):
    """A plugin that claims everything and refuses it."""

    name = "greedy"
    formats = ("greedy",)
    priority = 1000

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        return CONTENT_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        raise CorruptInput("not mine after all")


def test_a_refusing_plugin_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    readers = (_Greedy(), *registry.available_readers())
    monkeypatch.setattr(registry, "available_readers", lambda: readers)
    memo = b"To: All staff\nFrom: The Director\nDate: 3 May 2010\n\nDear colleagues,\n\nWe close early.\n"
    letter = read_letter(memo, filename="memo.txt")
    assert letter.source.reader == "text"
    assert any("greedy reader refused it" in w for w in letter.warnings)
    with pytest.raises(CorruptInput) as info:
        read_letter(b"\x00\x01binary", filename="x.bin")
    assert next(name for name, _ in info.value.failed_attempts) == "greedy"


def test_a_memo_with_mail_like_lines_stays_text() -> None:
    memo = (
        b"To: All staff\nFrom: The Director\nDate: 3 May 2010\nSubject: Closing hours\n\nDear colleagues,\n"
    )
    assert registry.choose_reader(memo, StreamInfo(filename="memo.txt", extension="txt")).name == "text"


# --- hostile inputs ---------------------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>"""


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (XXE + b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">&x;</alto>', "x.alto.xml"),
        (
            XXE
            + b'<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">&x;</PcGts>',
            "x.xml",
        ),
        (XXE + b"<html><body><div class='ocr_page'>&x;</div></body></html>", "x.hocr"),
    ],
)
def test_xxe_is_refused(data: bytes, name: str) -> None:
    with pytest.raises(HostileInput):
        read_letter(data, filename=name)


_PAGE_LINE = (
    b'<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page>'
    b'<TextRegion id="r"><TextLine%s><TextEquiv><Unicode>%s</Unicode></TextEquiv></TextLine>'
    b"</TextRegion></Page></PcGts>"
)
_ALTO_LINE = (
    b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace><TextBlock>'
    b'<TextLine%s><String CONTENT="Dear"/>%s</TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
)


@pytest.mark.parametrize(("template", "name"), [(_PAGE_LINE, "x.xml"), (_ALTO_LINE, "x.alto.xml")])
def test_ocr_xml_text_node_over_the_parser_limit_is_refused(template: bytes, name: str) -> None:
    # libxml2 refuses a text node over 10 MB only while it builds a tree (a parser target, which
    # builds none, accepts it): a reader that stops building the tree must keep this limit itself
    with pytest.raises(LimitExceeded, match="too large"):
        read_letter(template % (b"", b"x" * 11_000_000), filename=name)


@pytest.mark.parametrize(
    ("attrs", "text"),
    [
        (b"", b"<q:b>Dear Sir</q:b>"),  # an undeclared prefix: only logged by a parser target
        (b' xml:id="l1"><Coords xml:id="l1"/', b"Dear Sir"),  # a repeated xml:id: checked by the tree builder
    ],
)
def test_page_xml_namespace_and_id_errors_are_refused(attrs: bytes, text: bytes) -> None:
    reader = registry.choose_reader(_PAGE_LINE % (attrs, text), StreamInfo(filename="x.xml", extension="xml"))
    assert reader.name == "pagexml"
    with pytest.raises(CorruptInput, match="not well-formed"):
        reader.read(_PAGE_LINE % (attrs, text), StreamInfo(filename="x.xml", extension="xml"), ReadOptions())


def _odt_with(content: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        for name, value in (extra or {}).items():
            z.writestr(name, value)
    return buf.getvalue()


def test_odt_xxe_and_zip_bomb() -> None:
    with pytest.raises(HostileInput, match="DTD"):
        read_letter(_odt_with(XXE + b"<r>&x;</r>"), filename="x.odt")
    bomb = _odt_with(b"<r/>", {"Pictures/zeros.bin": b"\0" * (60 * 1024 * 1024)})
    from letterkit.readers.base import Limits

    with pytest.raises(LimitExceeded):
        read_letter(bomb, filename="bomb.odt", limits=Limits(max_decompressed_bytes=50 * 1024 * 1024))


def _mime(parts: int, depth: int) -> bytes:
    head = (
        b"From: a@example.org\nDate: Mon, 6 Mar 2023 09:00:00 +0100\nMessage-ID: <b@x>\nMIME-Version: 1.0\n"
    )
    body = b"Content-Type: text/plain\n\nDear B,\n"
    for level in range(depth):
        b = f"b{level}".encode()
        body = (
            b"Content-Type: multipart/mixed; boundary="
            + b
            + b"\n\n--"
            + b
            + b"\n"
            + body
            + b"\n--"
            + b
            + b"--\n"
        )
    if parts:
        many = b"".join(b"--m\nContent-Type: text/plain\n\npart\n" for _ in range(parts))
        body = b"Content-Type: multipart/mixed; boundary=m\n\n" + many + b"--m--\n"
    return head + body


@pytest.mark.parametrize(("parts", "depth"), [(5000, 0), (0, 3000)])
def test_mime_bombs(parts: int, depth: int) -> None:
    with pytest.raises(LimitExceeded):
        read_letter(_mime(parts, depth), filename="bomb.eml")


def test_malformed_headers_read_or_refuse_cleanly() -> None:
    raw = (
        b"From: =?utf-8?q?broken <a@\nTo: ,,, <<>>\nDate: not a date\nMessage-ID: <x>\n"
        b"Subject: =?x-unknown?b?AAAA?=\nContent-Type: text/plain; charset=x-nonsense\n\nDear B,\n\nThanks.\n"
    )
    letter = read_letter(raw, filename="bad.eml")
    assert "Thanks." in letter.text and letter.date is None


def test_a_header_the_standard_library_cannot_parse_is_read_as_stored() -> None:
    # found by the fuzz test: a From header cut off after its '<' makes the standard library's
    # address parser raise IndexError, on get() and again on get_all(); the raw value is taken
    import email
    import email.policy

    from letterkit.readers.mail import header_text

    msg = email.message_from_bytes(b'Date: Mon, 22 Aug 2016 16:56:09 +0300\nFrom: "Ava Oneil" <',
                                   policy=email.policy.default)
    assert header_text(msg, "From") == '"Ava Oneil" <'
    fuzzed = (
        b"Seturn-Path:\x00<Oneil.844@randtelekom.com.tr>\nDelivered-To: kalinokyra@thismail.it\n"
        b"Date: Mon, 22 Aug 2016 16:56:09 +0300\nFrom: \"Ava Oneil\" <"
    )
    with pytest.raises(LetterkitError) as caught:
        read_letter(fuzzed, filename="fuzzed.eml")
    assert not isinstance(caught.value, ReaderError)  # a refusal, not an unforeseen exception


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_page_xml_numbers_that_are_no_finite_number_are_left_out(value: str) -> None:
    """float() reads 'nan' and 'inf', which no index or confidence means: two readings with such an
    index and confidence are read (the first one), not a crash in sorting or int()."""
    base = (DATA / "letter.page.xml").read_text(encoding="utf-8")
    found = re.search(r"<(\w+:)?TextEquiv[^>]*>.*?</(\w+:)?TextEquiv>", base, re.S)
    assert found is not None
    plain = re.sub(r'\s(conf|index)="[^"]*"', "", found.group(0))
    odd = plain.replace("TextEquiv", f'TextEquiv index="{value}" conf="{value}"', 1)
    letter = read_letter(base.replace(found.group(0), odd * 2, 1).encode(), format="pagexml")
    assert letter.text == read_letter(base.replace(found.group(0), plain, 1).encode(), format="pagexml").text


@pytest.mark.parametrize(
    "points",
    ["5," + "9" * 400 + " 10,20 30,40", "5,1e400 10,20 30,40", "5.5,nan 10,20", "-5," + "9" * 400 + " 10,20"],
)
def test_page_xml_coordinates_no_page_means_give_no_infinite_box(points: str) -> None:
    """A coordinate of hundreds of digits, an exponent past the floats or 'nan' is read as no number: the
    line is read, its box is finite (or none), and the letter's JSON holds no Infinity or NaN."""
    base = (DATA / "letter.page.xml").read_text(encoding="utf-8")
    coords = list(re.finditer(r'points="[^"]+"', base))
    at = coords[-1]  # a text line's polygon
    odd = base[: at.start()] + f'points="{points}"' + base[at.end() :]
    letter = read_letter(odd.encode(), format="pagexml")
    assert letter.text == read_letter(base.encode(), format="pagexml").text
    dumped = letter.model_dump_json()
    assert "Infinity" not in dumped and "NaN" not in dumped


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_ocr_files_numbers_that_are_no_finite_number_give_no_confidence_or_box(value: str) -> None:
    """A confidence or a position of 'nan' or 'inf' (float() reads both) is none: the Document holds no
    NaN or infinite number, whatever the file says."""
    from letterkit.api import read_document

    page = (DATA / "letter.page.xml").read_text(encoding="utf-8")
    page = re.sub(
        r"(<(?:\w+:)?TextEquiv)([^>]*)>",
        lambda m: m.group(1) + re.sub(r'\sconf="[^"]*"', "", m.group(2)) + f' conf="{value}">',
        page,
    )
    doc = read_document(page.encode(), format="pagexml")
    assert [ln.confidence for ln in doc.lines()] == [None] * len(list(doc.lines()))
    alto = (DATA / "letter.alto.xml").read_text(encoding="utf-8")
    alto = re.sub(r'HPOS="[^"]*"', f'HPOS="{value}"', alto)
    lines = list(read_document(alto.encode(), format="alto").lines())
    assert lines and all(ln.bbox is None or all(math.isfinite(c) for c in ln.bbox) for ln in lines)


#: ``points`` values, plain and odd: what the PAGE-XML reader reads at once and what sends it back to
#: reading them one by one (signs, NaN, exponents, long numbers, stray spaces, brackets, odd counts)
POLYGONS = [
    "900,120 1600,120 1600,170 900,170", "0,0", "1.5,2.25 3,4", "1.0,2.0 3.0,4.0", "7,8 " * 40 + "1,2",
    "999999999999999,1 2,3", "-0,5 6,7", "nan,1 2,3", "inf,1 2,3", "1e3,4 5,6", "12345678901234567,1 2,3",
    "1" * 40 + ",2 3,4", "1,2\t3,4", "1,2\n3,4", "1,2 3", "a,b 1,2", "01,2 3,4", "1,2  3,4", "1,2 3,4 ",
    " 1,2 3,4", "1,2],[3,4", "1,[2 3,4", "1.,2 3,4", ".5,2 3,4", "1,2,3,4", "1, 2 3,4", "+1,2 3,4",
    "1_0,2 3,4", "１,2 3,4", "1" * 310 + ",2 3,4", "1" * 310 + ".0,2 3,4",
]


def test_pagexml_polygons_read_at_once_are_the_boxes_read_one_by_one() -> None:
    from letterkit.readers.pagexml import _raw_box, _raw_boxes

    rng = random.Random(3)
    plain = POLYGONS[:6]
    for _ in range(400):
        page = [rng.choice(plain if rng.random() < 0.5 else POLYGONS) for _ in range(rng.randint(1, 8))]
        k = rng.choice([0.24, 72 / 150, 1.0])
        assert repr(_raw_boxes(page, k)) == repr([_raw_box(raw, k) for raw in page]), page
    for raw in plain:  # and the plain ones are the least and greatest of their numbers
        nums = [float(t) for t in raw.replace(",", " ").split()]
        xs, ys = nums[0::2], nums[1::2]
        assert _raw_boxes([raw], 0.24) == [(min(xs) * 0.24, min(ys) * 0.24, max(xs) * 0.24, max(ys) * 0.24)]
