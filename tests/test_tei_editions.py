"""TEI an editor can build on, validated against tei_all: page breaks, page furniture, footnote
anchors, line breaks in greetings and signatures, a dateline at the foot, appInfo, xml:lang,
@cert/@resp, facsimile zones and the xml-model line.

The letters written here are invented for the test; the rest are the project's own test letters
(the public corpus, the hand-made sets and the layout corpus), every one of which must validate.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from lxml import etree

from letterkit import __version__, read_letter
from letterkit.core.chars import FROM_SUPERSCRIPT, SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT
from letterkit.export.tei import CMIF_SCHEMA_URL, TEI_ALL_URL, TEI_NS, letter_to_tei, tei_string
from letterkit.heuristics.context import clean
from letterkit.heuristics.footnotes import FOOTNOTE_START_RE
from letterkit.model import Letter, Party, Source
from tei_schemas import assert_valid, tei_all

TESTS = Path(__file__).parent
NS = {"tei": TEI_NS}
XML = "{http://www.w3.org/XML/1998/namespace}"
LETTER_FILES = sorted(
    [p for p in (TESTS / "corpus" / "letters").iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".html")]
    + [p for d in ("letters", "letters_dev2", "letters_dev3") for p in (TESTS / d).glob("*.txt")]
    + [p for p in (TESTS / "layout_corpus" / "letters").iterdir() if p.suffix in (".pdf", ".docx")]
)
SCANS = [p for p in LETTER_FILES if p.name.endswith(".scan.pdf")]


def _read(path: Path) -> Letter:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_letter(path)


def _tei(letter: Letter) -> etree._Element:
    text = tei_string(letter)
    assert text.splitlines()[1] == (
        f'<?xml-model href="{TEI_ALL_URL}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>'
    )
    root = etree.fromstring(text.encode("utf-8"))
    assert_valid(tei_all(), root)
    return root


def _words(p: etree._Element) -> str:
    return (p.text or "") + "".join(child.tail or "" for child in p)


def _marker_in_body(letter: Letter, index: int) -> bool:
    """Whether footnote ``index`` has a reference marker in the body's own lines: its number as a
    superscript after a word, or in brackets (found here from the text, independently of the writer)."""
    spans = letter.provenance.get(f"footnotes.{index}", [])
    if not spans:
        return False
    m = FOOTNOTE_START_RE.match(clean(letter.text[spans[0].start : spans[0].end]))
    number = next((m.group(g) for g in ("gb", "sup", "br", "par", "num", "plain") if m and m.group(g)), None)
    if number is None:
        return False
    number = number.translate(FROM_SUPERSCRIPT)
    sups = SUPERSCRIPT_DIGITS
    sup = re.compile(rf"(?<=[^\s{sups}]){number.translate(TO_SUPERSCRIPT)}(?![{sups}])")
    bracket = re.compile(rf"(?<=\S)\s?\[{number}\](?!\d)")
    for k in range(len(letter.body)):
        for s in letter.provenance.get(f"body.{k}", []):
            line = letter.text[s.start : s.end]
            if sup.search(line) or bracket.search(line):
                return True
    return False


def check_editorial_tei(letter: Letter, root: etree._Element) -> None:
    """What every letter's TEI must hold, whatever the letter."""
    app = root.find("tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application", NS)
    assert app.get("ident") == "letterkit" and __version__.startswith(app.get("version"))
    assert app.get(f"{XML}id") == "letterkit"
    assert root.get(f"{XML}lang") == letter.language
    div = root.find("tei:text/tei:body/tei:div[@type='letter']", NS)
    assert [_words(p) for p in div.findall("tei:p", NS)] == ([b for b in letter.body if b.strip()] or [""])
    # furniture: every line, as fw with a type and a place
    fws = [fw for fw in root.iter(f"{{{TEI_NS}}}fw") if fw.get("type") != "letterhead"]
    assert sorted(fw.text for fw in fws) == sorted(letter.furniture)
    assert all(fw.get("type") in ("header", "footer", "pageNum") for fw in fws)
    assert all(fw.get("place") in ("top", "bottom") for fw in fws if fw.get("place"))
    # pages: one pb per page, numbered in order, when the source has pages
    pbs = [pb.get("n") for pb in root.iter(f"{{{TEI_NS}}}pb")]
    if (letter.source.pages or 1) > 1:
        assert pbs == [str(n) for n in range(1, (letter.source.pages or 1) + 1)]
    # footnotes: each once; anchored in its paragraph where the body has its marker
    notes = root.findall(".//tei:note[@place='foot']", NS)
    assert sorted(n.text for n in notes) == sorted(letter.footnotes)
    inline = {n.text for n in div.findall(".//tei:p/tei:note[@place='foot']", NS)}
    for index, footnote in enumerate(letter.footnotes):
        if _marker_in_body(letter, index):
            assert footnote in inline, f"footnote {index + 1} is not at its marker"
    # facsimile: every @facs points at a zone or surface that exists
    ids = {el.get(f"{XML}id") for el in root.iter() if el.get(f"{XML}id")}
    for el in root.iter():
        for target in (el.get("facs") or "").split():
            assert target[1:] in ids
    has_boxes = any(s.bbox for spans in letter.provenance.values() for s in spans)
    assert (root.find("tei:facsimile", NS) is not None) == has_boxes
    # what letterkit inferred carries its mark
    parts = (("salutation", div.find("tei:opener/tei:salute", NS)), ("body.0", div.find("tei:p", NS)))
    for key, element in parts:
        if key in letter.confidence and element is not None:
            assert element.get("resp") == "#letterkit" and element.get("cert") in ("high", "medium", "low")


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=[pytest.mark.slow, pytest.mark.ocr]) if p in SCANS else p for p in LETTER_FILES],
    ids=lambda p: f"{p.parent.parent.name}/{p.name}" if p.parent.name == "letters" else p.name,
)
def test_every_test_letter_is_valid_editorial_tei(path: Path) -> None:
    letter = _read(path)
    check_editorial_tei(letter, _tei(letter))


# --- where the source has them: furniture, page breaks, footnote anchors, boxes ----------------------


def test_laid_out_pdf_with_footnotes_page_numbers_and_two_pages() -> None:
    letter = _read(TESTS / "layout_corpus" / "letters" / "mep-recipients-footnotes.pdf")
    root = _tei(letter)
    div = root.find(".//tei:div[@type='letter']", NS)
    assert [pb.get("n") for pb in div.iter(f"{{{TEI_NS}}}pb")] == ["1", "2"]
    assert [(fw.get("type"), fw.get("place"), fw.text) for fw in div.iter(f"{{{TEI_NS}}}fw")][1:] == [
        ("pageNum", "bottom", "Page 1 of 2"),
        ("pageNum", "bottom", "Page 2 of 2"),
    ]
    # the footer of page 1 stands before the page break, the signature after it
    order = [el.get("n") or el.text for el in div.iter(f"{{{TEI_NS}}}fw", f"{{{TEI_NS}}}pb")]
    assert order.index("Page 1 of 2") < order.index("2") < order.index("Page 2 of 2")
    notes = div.findall("tei:p/tei:note[@place='foot']", NS)
    assert [n.get("n") for n in notes] == ["1", "2"]
    before = notes[0].getprevious()
    text_before = before.tail if before is not None else notes[0].getparent().text
    assert text_before.endswith("accounted for a rising share of them.")
    assert root.find("tei:text/tei:back", NS) is None  # no footnote was left without its anchor
    # facsimile: a surface per page pointing at the PDF page, zones for the lines
    surfaces = root.findall("tei:facsimile/tei:surface", NS)
    assert [(s.get("n"), s.find("tei:graphic", NS).get("url")) for s in surfaces] == [
        ("1", "mep-recipients-footnotes.pdf#page=1"),
        ("2", "mep-recipients-footnotes.pdf#page=2"),
    ]
    salute = div.find("tei:opener/tei:salute", NS)
    (zone_id,) = salute.get("facs").split()
    zone = next(z for z in root.iter(f"{{{TEI_NS}}}zone") if z.get(f"{XML}id") == zone_id[1:])
    box = letter.provenance["salutation"][0].bbox
    assert box is not None
    assert [float(zone.get(a)) for a in ("ulx", "uly", "lrx", "lry")] == pytest.approx(list(box))
    assert div.find("tei:pb", NS).get("facs") == "#page1"


@pytest.mark.parametrize(
    "path",
    ["corpus/letters/opendialog-mogherini-2015.pdf", "letters/mep-recipients-footnotes.txt",
     "layout_corpus/letters/french-caps-footnotes.docx", "layout_corpus/letters/gutenberg-letter-xii.pdf"],
)
def test_footnotes_stand_at_their_markers(path: str) -> None:
    letter = _read(TESTS / path)
    root = _tei(letter)
    inline = root.findall(".//tei:div[@type='letter']//tei:p/tei:note[@place='foot']", NS)
    assert letter.footnotes and len(inline) == len(letter.footnotes)


INVENTED = (
    "Lindmark, 4 March 1931\n\nMr Tomas Veld\nWillow Lane 3\n7731 Asterby\n\n"
    "Dear Mr Veld,\n\nThank you for your letter of the first of March about the berth for the\n"
    "schooner Marit. The harbour board has considered your request at its\nmeeting on Monday and "
    "is willing to let the berth to you\n\n- 1 -\f"
    "from the first of April, at the rent named in our letter of January.\u00b9 We should be\n"
    "glad of your answer before the end of the month.\n\n"
    "With kind regards,\n\nAnna Brandt\nSecretary to the Board\n\n"
    "\u00b9 The rent is payable quarterly in advance.\n\n- 2 -\n"
)


def test_page_break_inside_a_paragraph_of_a_transcription() -> None:
    """A form feed in a transcription is a page break: pb in the paragraph it splits, the page
    number before it, the footnote at its superscript, the signature's two lines with lb."""
    letter = read_letter(INVENTED.encode())
    root = _tei(letter)
    check_editorial_tei(letter, root)
    (p,) = root.findall(".//tei:div[@type='letter']/tei:p", NS)
    assert [etree.QName(child).localname for child in p] == ["fw", "pb", "note"]
    fw, pb, note = list(p)
    assert (fw.get("type"), fw.get("place"), fw.text, pb.get("n")) == ("pageNum", "bottom", "- 1 -", "2")
    assert p.text.endswith("let the berth to you ") and pb.tail.startswith("from the first of April")
    assert note.text == "The rent is payable quarterly in advance." and note.get("n") == "1"
    assert pb.get("facs") is None and root.find("tei:facsimile", NS) is None  # no boxes in plain text
    signed = root.find(".//tei:closer/tei:signed", NS)
    assert [etree.QName(c).localname for c in signed] == ["persName", "lb", "roleName"]
    last = root.find(".//tei:div[@type='letter']", NS)[-1]
    assert (last.tag, last.text, last.get("place")) == (f"{{{TEI_NS}}}fw", "- 2 -", "bottom")


def test_running_head_of_a_continuation_page_is_a_header() -> None:
    text = INVENTED.replace("\f", "\fMr T. Veld, page 2\n\n")
    letter = read_letter(text.encode())
    root = _tei(letter)
    check_editorial_tei(letter, root)
    assert "Mr T. Veld, page 2" in letter.furniture
    heads = [fw for fw in root.iter(f"{{{TEI_NS}}}fw") if fw.text == "Mr T. Veld, page 2"]
    assert [(fw.get("type"), fw.get("place")) for fw in heads] == [("header", "top")]
    pb = heads[0].getprevious()
    assert pb is not None and pb.get("n") == "2"  # the head follows the page break, inside the paragraph
    assert etree.QName(heads[0].getparent()).localname == "p"


def test_dateline_at_the_foot_stays_in_the_closer() -> None:
    text = (
        "Dear Karin,\n\nThe apples came this morning and they are lovely; thank you for sending them all\n"
        "the way from the farm.\n\nYour loving\nsister\n\nMaja\n\nUppsala, 2 October 1952\n"
    )
    letter = read_letter(text.encode())
    root = _tei(letter)
    assert letter.date == "1952-10-02"
    assert root.find(".//tei:opener/tei:dateline", NS) is None
    closer = root.find(".//tei:closer", NS)
    assert etree.QName(closer[-1]).localname == "dateline"
    assert closer[-1].find("tei:date", NS).get("when") == "1952-10-02"
    # at the head of the letter it stays in the opener
    head = read_letter(("Uppsala, 2 October 1952\n\n" + text.rsplit("\n\nUppsala", 1)[0]).encode())
    assert _tei(head).find(".//tei:opener/tei:dateline/tei:date", NS).get("when") == "1952-10-02"


def test_two_line_greeting_keeps_its_line_break() -> None:
    text = (
        "Hamburg, 3. Mai 1962\n\nSehr geehrte Frau Dr. Lind,\nsehr geehrter Herr Berg,\n\n"
        "wir danken Ihnen für Ihr Schreiben vom 28. April und senden Ihnen die Unterlagen.\n\n"
        "Mit freundlichen Grüßen\n\nKarl Ohm\n"
    )
    letter = read_letter(text.encode())
    root = _tei(letter)
    salute = root.find(".//tei:opener/tei:salute", NS)
    assert len(letter.provenance["salutation"]) == 2
    assert [etree.QName(c).localname for c in salute] == ["lb"]
    assert salute.text == "Sehr geehrte Frau Dr. Lind," and salute[0].tail == "sehr geehrter Herr Berg,"


def test_cert_and_resp_follow_the_confidence() -> None:
    letter = read_letter(INVENTED.encode())
    letter.confidence["salutation"] = 0.42
    letter.confidence["closing"] = 0.75
    root = _tei(letter)
    assert root.find(".//tei:opener/tei:salute", NS).get("cert") == "low"
    assert root.find(".//tei:closer/tei:salute", NS).get("cert") == "medium"
    assert root.find(".//tei:div/tei:p", NS).get("resp") == "#letterkit"
    # a letter built by hand (nothing inferred) carries no marks, and its footnotes go to back
    made = Letter(
        salutation="Dear Tomas,",
        body=["Thank you."],
        footnotes=["A note."],
        signatories=[Party(name="Anna Brandt")],
        source=Source(format="txt", reader="text", sha256="0" * 64),
        text="",
    )
    root = _tei(made)
    assert all(el.get("resp") is None and el.get("cert") is None for el in root.iter(f"{{{TEI_NS}}}salute"))
    assert root.findtext("tei:text/tei:back/tei:div/tei:note", namespaces=NS) == "A note."
    assert root.find(".//tei:pb", NS) is None and root.get(f"{XML}lang") is None


def test_a_letter_read_back_from_json_gives_the_same_tei() -> None:
    letter = read_letter(INVENTED.encode())
    again = Letter.model_validate_json(letter.to_json())
    assert etree.tostring(letter_to_tei(again)) == etree.tostring(letter_to_tei(letter))


def test_xml_lang_and_the_cmif_xml_model_line() -> None:
    letter = read_letter(INVENTED.encode())
    assert _tei(letter).get(f"{XML}lang") == letter.language == "en"
    from letterkit.export.tei import cmif_string

    cmif = cmif_string([letter], "T", "E", "https://example.org")
    assert f'<?xml-model href="{CMIF_SCHEMA_URL}"' in cmif.splitlines()[1]


def test_furniture_of_a_page_without_page_breaks_stands_at_its_head_and_foot() -> None:
    """A web page's menu above the letter and its footer below it: fw before the opener and after the
    closer, with no pb (the source has no pages)."""
    letter = _read(TESTS / "corpus" / "letters" / "europarl-E-007094-2017-answer.txt")
    root = _tei(letter)
    div = root.find(".//tei:div[@type='letter']", NS)
    names = [etree.QName(child).localname for child in div]
    fw_places = [(i, child.get("place")) for i, child in enumerate(div) if names[i] == "fw"]
    assert fw_places and root.find(".//tei:pb", NS) is None
    opener, closer = names.index("opener"), names.index("closer")
    assert all(i < opener for i, place in fw_places if place == "top")
    assert all(i > closer for i, place in fw_places if place == "bottom")
    assert {place for _, place in fw_places} == {"top", "bottom"}
