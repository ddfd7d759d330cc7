"""Charsets, Markdown and page breaks in the text reader (letterkit.readers.text).

Letters arrive as text from every kind of system: UTF-8 with and without a BOM, UTF-16 from Windows
tools, cp1252 from old word processors with typographic quotes, Markdown copied from web pages. The
reader must turn all of them into the same characters, and keep every line's span pointing into the
decoded text.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterkit.errors import CorruptInput, EmptyInput
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.text import TextReader, decode_text, reduce_markdown, text_to_document

LETTER = (
    "Paris, le 3 juillet 2006\n\n"
    "Chère Madame Lefèvre,\n\n"
    "Merci pour votre lettre « très aimable » du 2 mars ; j’ai été ravi de vous lire.\n\n"
    "Veuillez agréer, Madame, l’expression de mes sentiments distingués.\n\n"
    "René Dupont\n"
)

#: a cp1252 letter: typographic quotes (bytes 0x93/0x94, 0x92) and é (0xE9)
CP1252_LETTER = (
    "Dear Mrs Müller,\n\n"
    "Thank you for the “Annual Report” you sent; it’s a fine piece of work – the café photographs "
    "especially. We will discuss it on 3 March.\n\n"
    "Yours sincerely,\n\nRené Dupont\n"
)


def read_text(data: bytes, filename: str = "letter.txt"):
    ext = filename.rsplit(".", 1)[-1]
    return TextReader().read(data, StreamInfo(filename=filename, extension=ext), ReadOptions())


# --- charsets ----------------------------------------------------------------------------------


def test_utf8_without_bom() -> None:
    text, enc = decode_text(LETTER.encode("utf-8"))
    assert text == LETTER
    assert enc == "utf-8"


def test_utf8_with_bom_is_dropped() -> None:
    text, enc = decode_text(codecs.BOM_UTF8 + LETTER.encode("utf-8"))
    assert text == LETTER
    assert not text.startswith("\ufeff")
    assert enc == "utf-8"


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    text, enc = decode_text(bom + LETTER.encode(codec))
    assert text == LETTER
    assert enc == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text, enc = decode_text(LETTER.encode(codec))
    assert text == LETTER
    assert enc == codec


def test_cp1252_smart_quotes_and_accents() -> None:
    data = CP1252_LETTER.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only worth something if UTF-8 fails
    text, enc = decode_text(data)
    assert text == CP1252_LETTER
    assert "“Annual Report”" in text and "René" in text and "it’s" in text
    assert enc.replace("-", "").replace("_", "").lower() in ("cp1252", "windows1252")


@pytest.mark.parametrize(
    "sample",
    [
        "Le café est très bon.",  # short texts fooled the detector into cp1250 ("trčs")
        "Sehr geehrte Frau Müller, vielen Dank für Ihren Brief. Mit freundlichen Grüßen",  # ...or Shift JIS
        "Caro Paolo, ti ringrazio per la tua lettera. Però non è così. Cordiali saluti",
        "Estimado señor: le agradezco su carta. Atentamente, José Núñez",
    ],
)
def test_short_western_texts_in_cp1252(sample: str) -> None:
    assert decode_text(sample.encode("cp1252"))[0] == sample


def test_latin1() -> None:
    sample = "Brussels, 3 July 2006\n\nDear Señor Peña,\n\nÀ bientôt à Genève, Zürich and Tromsø.\n"
    text, _ = decode_text(sample.encode("latin-1"))
    assert text == sample


def test_other_legacy_charsets_are_not_forced_to_cp1252() -> None:
    czech = "Vážený pane, děkuji za Váš dopis. S pozdravem, Jiří Novák, Česká republika."
    russian = "Уважаемый господин министр, благодарю вас за письмо."
    assert decode_text(czech.encode("cp1250"))[0] == czech
    assert decode_text(russian.encode("cp1251"))[0] == russian


def test_declared_charset_wins() -> None:
    assert decode_text("Grüße".encode("latin-1"), declared="latin-1") == ("Grüße", "latin-1")


def test_binary_is_not_text() -> None:
    with pytest.raises(CorruptInput):
        decode_text(bytes(range(256)) * 16)


def test_reader_records_encoding_and_normalises_newlines() -> None:
    doc = read_text("Dear Anna,\r\n\r\nThank you.\r\nMarc\r\n".encode("utf-16"))
    assert doc.metadata["encoding"].startswith("utf-16")
    assert "\r" not in doc.text
    assert [b.text for b in doc.blocks()] == ["Dear Anna,", "Thank you.\nMarc"]


def test_reader_empty_and_blank() -> None:
    with pytest.raises(EmptyInput):
        read_text(b"")
    with pytest.raises(EmptyInput):
        read_text(b"  \n\n \t \n")
    with pytest.raises(EmptyInput):
        read_text(codecs.BOM_UTF8 + b"\n \n")


# --- Markdown ----------------------------------------------------------------------------------


def test_bold_date_line() -> None:
    doc = text_to_document("Brussels,\n**23 MARS 2015**\nA(2015)905100\n", "md", "text")
    lines = list(doc.lines())
    assert [ln.text for ln in lines] == ["Brussels,", "23 MARS 2015", "A(2015)905100"]
    assert lines[1].bold is True
    assert lines[0].bold is None  # unknown, not False: plain text says nothing about weight


def test_bold_inside_a_line_is_reduced_without_a_bold_cue() -> None:
    text, cues = reduce_markdown("Brussels, **23 MARS 2015**")
    assert text == "Brussels, 23 MARS 2015"
    assert "bold" not in cues


def test_placeholder_link_dropped_real_link_kept() -> None:
    text, _ = reduce_markdown("See the answer given ([LINK](#)) by Ms Mogherini.")
    assert "LINK" not in text and "(#)" not in text and "()" not in text
    doc = text_to_document("See the answer given ([LINK](#)) by Ms Mogherini.", "md", "text")
    assert next(doc.lines()).text == "See the answer given by Ms Mogherini."
    text, _ = reduce_markdown("Read [the treaty](https://eur-lex.europa.eu/x?a=(1)) first.")
    assert text == "Read the treaty first."


@pytest.mark.parametrize(
    ("md", "plain"),
    [
        ("*de facto*", "de facto"),
        ("The *de facto* creation", "The de facto creation"),
        ("__Subject__: visit", "Subject: visit"),
        ("`A(2015)905100`", "A(2015)905100"),
        ("> quoted line", "quoted line"),
        (r"1\. not a list", "1. not a list"),
        ("snake_case_name stays", "snake_case_name stays"),
    ],
)
def test_inline_markdown(md: str, plain: str) -> None:
    assert reduce_markdown(md)[0] == plain


def test_heading_and_rule() -> None:
    text, cues = reduce_markdown("## Subject: the visit ##")
    assert text == "Subject: the visit"
    assert cues["style"] == "h2" and cues["bold"] is True
    assert reduce_markdown("---")[0] == ""


def test_image_line_kept_as_image() -> None:
    doc = text_to_document("Yours,\n\n![signature](sig.png)\n\nMarc", "md", "text")
    kinds = [(ln.kind, ln.text) for ln in doc.lines()]
    assert ("image", "signature") in kinds


# --- pages, blocks, spans ----------------------------------------------------------------------


def test_form_feeds_make_pages() -> None:
    text = "Dear Anna,\n\nFirst page text.\n\fSecond page text.\n\nYours,\fMarc\n"
    doc = text_to_document(text, "txt", "text")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [[b.text for b in p.blocks] for p in doc.pages] == [
        ["Dear Anna,", "First page text."],
        ["Second page text.", "Yours,"],
        ["Marc"],
    ]
    for line in doc.lines():
        assert doc.text[line.start : line.end] == line.text
        assert line.page == next(p.number for p in doc.pages if any(line in b.lines for b in p.blocks))


def test_spans_and_indices() -> None:
    text = "Brussels, 29 June, 2016\n\n    Mr Manuel Valls\n    Prime Minister\n\nMr Prime Minister,\n"
    doc = text_to_document(text, "txt", "text")
    lines = list(doc.lines())
    assert [ln.index for ln in lines] == list(range(len(lines)))
    for ln in lines:
        assert ln.text in doc.text[ln.start : ln.end]
    assert lines[1].text == "Mr Manuel Valls" and lines[1].indent == 4.0
    assert lines[0].indent == 0.0


def test_reader_markdown_format_and_blocks() -> None:
    doc = read_text(b"Brussels, **23 MARS 2015**\n\nDear Ana,\n\nThank you.\n", "letter.md")
    assert doc.format == "md"
    assert [b.text for b in doc.blocks()] == ["Brussels, 23 MARS 2015", "Dear Ana,", "Thank you."]
    assert doc.text.startswith("Brussels, **23 MARS 2015**")  # the input itself, nothing lost


# --- fuzzing (slow: runs in CI or with --slow) -------------------------------------------------

@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_letterkit_error(data: bytes) -> None:
    from letterkit.errors import LetterkitError

    try:
        doc = read_text(data)
    except LetterkitError as exc:
        assert str(exc)
        return
    for line in doc.lines():
        assert 0 <= line.start <= line.end <= len(doc.text)
        assert line.text.strip() or line.kind == "image"


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_any_text_keeps_spans_consistent(text: str) -> None:
    doc = text_to_document(text, "md", "text")
    previous_end = -1
    for i, line in enumerate(doc.lines()):
        assert line.index == i
        assert 0 <= line.start <= line.end <= len(text)
        assert line.start >= previous_end  # reading order follows the text
        assert "\n" not in line.text and "\f" not in line.text
        previous_end = line.end
    assert len(doc.pages) == text.count("\f") + 1
