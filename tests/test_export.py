"""The exporters: JSONL, CSV, Parquet, TEI and CMIF.

Letters are built two ways: directly from the model (so every field, including the rare ones such as
cc, enclosures, postscript and footnotes, is exercised) and with ``read_letter`` on the plain-text
corpus (so the exporters see what the pipeline really produces).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from lxml import etree

from letterkit.batch import BatchResult, ErrorRecord
from letterkit.errors import CorruptInput
from letterkit.export import (
    COLUMNS,
    TEI_NS,
    cmif_string,
    iter_jsonl,
    letter_row,
    letter_to_tei,
    tei_string,
    write_csv,
    write_jsonl,
    write_parquet,
)
from letterkit.export._items import Item
from letterkit.export.table import (
    PARQUET_PARTY_COLUMNS,
    parquet_row,
)
from letterkit.export.tei import clean_text
from letterkit.model import Letter, Letterhead, Party, Source
from tei_schemas import cmif, tei_all

CORPUS = Path(__file__).resolve().parent / "corpus" / "letters"
NS = {"tei": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def make_letter(**overrides: object) -> Letter:
    """A letter with every field filled, including the awkward ones."""
    fields: dict[str, object] = dict(
        date="2016-06-29",
        date_text="29 June, 2016",
        place="Brussels",
        reference="A(2015)905100",
        subject='Re: the <case> & its "appeal"',
        language="en",
        letterhead=Letterhead(
            lines=["EUROPEAN PARLIAMENT", "Committee on Foreign Affairs"], organisation="European Parliament"
        ),
        sender=Party(name="Tunne Kelam", role="MEP", organisation="European Parliament"),
        recipients=[
            Party(
                name="Manuel Valls",
                honorific="Mr",
                role="Prime Minister",
                address=["Hôtel de Matignon", "57, rue de Varenne", "75700 Paris"],
            ),
            Party(organisation="Ministère de la Justice"),
        ],
        salutation="Mr Prime Minister,",
        body=["We have already addressed you.", "With the present letter, we would like to ask more."],
        closing="Yours sincerely,",
        signatories=[
            Party(name="Tunne Kelam", role="MEP"),
            Party(name="Ana Gomes", role="MEP", organisation="S&D"),
        ],
        cc=[Party(name="Jean-Marc Ayrault", role="Minister"), Party(organisation="Council of Europe")],
        enclosures=["Annex I: chronology", "Annex II: statements"],
        postscript="P.S. The hearing is on Monday.",
        footnotes=["See the decree of 17 September 2015.", "Ibid."],
        source=Source(format="pdf", reader="pdf", pages=2, sha256="ab" * 32, filename="kelam.pdf"),
        text="(the whole text)",
        warnings=["date: two candidates"],
    )
    fields.update(overrides)
    return Letter.model_validate(fields)


@pytest.fixture(scope="module")
def corpus_letters() -> list[Letter]:
    from letterkit import read_letter

    paths = sorted(CORPUS.glob("*.txt"))
    if not paths:
        pytest.skip(f"no corpus at {CORPUS}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # readers missing from this checkout warn when loaded
        return [read_letter(p) for p in paths]


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    """tei_all, for the letters' TEI."""
    return tei_all()


@pytest.fixture(scope="module")
def cmif_schema() -> etree.RelaxNG:
    """The CMIF schema, for the CMIF files."""
    return cmif()


def validate(schema: etree.RelaxNG, root: etree._Element) -> None:
    assert schema.validate(root), str(schema.error_log)


# --- JSONL -------------------------------------------------------------------------------------------


def test_jsonl_round_trip_letters_pairs_and_errors() -> None:
    letter = make_letter()
    error = ErrorRecord("broken.pdf", "CorruptInput", "corrupt-input", "broken.pdf is damaged.")
    items: list[Item] = [
        letter,
        ("kelam.pdf", letter),
        BatchResult(input="b.pdf", letter=letter),
        BatchResult(input="broken.pdf", error=error),
        ("x.pdf", CorruptInput("x.pdf is damaged.")),
    ]
    buf = io.StringIO()
    assert write_jsonl(items, buf) == 5
    lines = buf.getvalue().splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert "input" not in first and first == letter.model_dump(mode="json")
    assert json.loads(lines[1])["input"] == "kelam.pdf"
    assert json.loads(lines[3]) == {
        "input": "broken.pdf",
        "error": "CorruptInput",
        "code": "corrupt-input",
        "message": "broken.pdf is damaged.",
    }
    assert json.loads(lines[4])["code"] == "corrupt-input"

    back = list(iter_jsonl(io.StringIO(buf.getvalue())))
    assert [label for label, _ in back] == [None, "kelam.pdf", "b.pdf", "broken.pdf", "x.pdf"]
    assert back[0][1] == letter and back[1][1] == letter
    assert back[3][1] == error


def test_jsonl_keeps_one_object_per_line_for_unicode_line_breaks() -> None:
    letter = make_letter(body=["one\u2028two\u2029three\x85four\nfive\r"])
    buf = io.StringIO()
    write_jsonl([letter], buf)
    assert len(buf.getvalue().splitlines()) == 1  # str.splitlines splits on U+2028, U+2029, U+0085
    ((_, back),) = iter_jsonl(io.StringIO(buf.getvalue()))
    assert isinstance(back, Letter) and back.body == letter.body


def test_jsonl_corpus_round_trip(corpus_letters: list[Letter]) -> None:
    buf = io.StringIO()
    write_jsonl(((letter.source.filename, letter) for letter in corpus_letters), buf)
    back = [letter for _, letter in iter_jsonl(io.StringIO(buf.getvalue()))]
    assert back == corpus_letters


def test_iter_jsonl_reports_bad_lines() -> None:
    with pytest.raises(CorruptInput, match="line 2"):
        list(iter_jsonl(io.StringIO('{"input": "a", "error": "E", "code": "c", "message": "m"}\n{oops\n')))
    with pytest.raises(CorruptInput, match="not a valid letter"):
        list(iter_jsonl(io.StringIO('{"date": "2016-13-45", "text": "", "source": {}}\n')))
    with pytest.raises(TypeError):
        write_jsonl([42], io.StringIO())  # type: ignore[list-item]


# --- table: CSV and Parquet --------------------------------------------------------------------------


def test_letter_row_columns_and_values() -> None:
    row = letter_row(make_letter(), input="in/kelam.pdf")
    assert tuple(row) == COLUMNS
    assert row["input"] == "in/kelam.pdf"
    assert row["filename"] == "kelam.pdf" and row["format"] == "pdf"
    assert row["recipients"] == "Manuel Valls"
    assert row["recipient_organisations"] == "Ministère de la Justice"
    assert row["signatories"] == "Tunne Kelam; Ana Gomes"
    assert row["signatory_roles"] == "MEP; MEP"
    assert row["cc"] == "Jean-Marc Ayrault; Council of Europe"
    assert row["sender_name"] == "Tunne Kelam" and row["sender_organisation"] == "European Parliament"
    assert (row["paragraphs"], row["words"], row["footnotes"], row["enclosures"]) == (2, 15, 2, 2)
    assert row["has_postscript"] is True and row["ocr"] is False
    assert row["pages"] == 2 and row["warnings"] == 1


def test_letter_row_of_an_empty_letter() -> None:
    letter = Letter(source=Source(format="txt", reader="text", sha256="0" * 64), text="")
    row = letter_row(letter)
    assert row["recipients"] is None and row["sender_name"] is None
    assert row["paragraphs"] == 0 and row["words"] == 0 and row["has_postscript"] is False


def test_write_csv_header_and_row(tmp_path: Path, corpus_letters: list[Letter]) -> None:
    path = tmp_path / "letters.csv"
    error = ErrorRecord("broken.pdf", "CorruptInput", "corrupt-input", "damaged")
    items: list[Item] = [
        ("a.pdf", make_letter()),
        BatchResult(input="broken.pdf", error=error),
        *corpus_letters,
    ]
    assert write_csv(items, path) == 1 + len(corpus_letters)
    with path.open(encoding="utf-8", newline="") as fp:
        rows = list(csv.reader(fp))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2 + len(corpus_letters)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["input"] == "a.pdf"
    assert first["subject"] == 'Re: the <case> & its "appeal"'
    assert first["recipient_organisations"] == "Ministère de la Justice"
    assert first["reference"] == "A(2015)905100" and first["words"] == "15"
    assert first["has_postscript"] == "True" and first["pages"] == "2"
    by_name = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[2:]}
    kelam = by_name["kelam-valls-2016.txt"]
    assert kelam["date"] == "2016-06-29" and kelam["place"] == "Brussels"


def test_write_csv_to_stream_with_errors_and_rows() -> None:
    buf = io.StringIO(newline="")
    error = ErrorRecord("broken.pdf", "CorruptInput", "corrupt-input", "damaged")
    row = letter_row(make_letter(), input="row.pdf")
    assert write_csv([error, row], buf, include_errors=True) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["input"] == "broken.pdf" and rows[0]["code"] == "corrupt-input" and rows[0]["date"] == ""
    assert rows[1]["input"] == "row.pdf" and rows[1]["error"] == ""


def test_write_csv_without_rows_still_has_header() -> None:
    buf = io.StringIO()
    assert write_csv([], buf) == 0
    assert buf.getvalue().strip() == ",".join(COLUMNS)


def test_parquet_round_trip(tmp_path: Path, corpus_letters: list[Letter]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "letters.parquet"
    items: list[Item] = [("a.pdf", make_letter()), *corpus_letters]
    n = write_parquet(iter(items), path, batch_size=2)
    assert n == len(items)
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == (n + 1) // 2  # one row group per batch: flat memory
    table = parquet.read()
    assert tuple(table.column_names) == COLUMNS + PARQUET_PARTY_COLUMNS
    assert str(table.schema.field("words").type) == "int64"
    assert str(table.schema.field("has_postscript").type) == "bool"
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("signatory_parties").type).startswith("list<element: struct<name: string")
    assert b"letterkit_version" in table.schema.metadata
    rows = table.to_pylist()
    assert rows[0] == parquet_row(make_letter(), input="a.pdf")
    assert rows[1:] == [parquet_row(letter) for letter in corpus_letters]


def test_parquet_empty_file_has_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert tuple(pq.read_table(path).column_names) == COLUMNS + PARQUET_PARTY_COLUMNS


def test_parquet_without_pyarrow_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes "import pyarrow" raise ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"pip install 'letterkit\[parquet\]'"):
        write_parquet([make_letter()], tmp_path / "x.parquet")


# --- TEI ---------------------------------------------------------------------------------------------


def check_tei_structure(root: etree._Element, letter: Letter) -> None:
    """The structural rules every exported letter follows (see the brief of letterkit.export.tei)."""
    assert root.tag == f"{{{TEI_NS}}}TEI"
    assert all(el.tag.startswith(f"{{{TEI_NS}}}") for el in root.iter() if isinstance(el.tag, str))
    (desc,) = root.findall("tei:teiHeader/tei:profileDesc/tei:correspDesc", NS)
    assert [a.get("type") for a in desc.findall("tei:correspAction", NS)] == ["sent", "received"]
    (div,) = root.findall("tei:text/tei:body/tei:div[@type='letter']", NS)
    children = [etree.QName(child).localname for child in div]
    first_p = children.index("p")
    last_p = len(children) - 1 - children[::-1].index("p")
    if "opener" in children:
        assert children.index("opener") < first_p
    if "closer" in children:
        assert children.index("closer") > last_p
    if "postscript" in children:
        assert children.index("postscript") > last_p
    for salute in root.findall(".//tei:salute", NS):
        assert etree.QName(salute.getparent()).localname in ("opener", "closer")
    for signed in root.findall(".//tei:signed", NS):
        assert etree.QName(signed.getparent()).localname == "closer"
    if letter.salutation:
        assert div.findtext("tei:opener/tei:salute", namespaces=NS) == letter.salutation
    if letter.closing:
        assert div.findtext("tei:closer/tei:salute", namespaces=NS) == letter.closing
    if letter.date:
        assert div.find("tei:opener/tei:dateline/tei:date", NS).get("when") == letter.date
        assert desc.find("tei:correspAction[@type='sent']/tei:date", NS).get("when") == letter.date
    body = [paragraph_text(p) for p in div.findall("tei:p", NS)]
    assert body == (letter.body or [""])


def paragraph_text(p: etree._Element) -> str:
    """A ``p``'s own words: without the notes, page breaks and furniture placed inside it."""
    return (p.text or "") + "".join(child.tail or "" for child in p)


def test_tei_full_letter(schema: etree.RelaxNG) -> None:
    letter = make_letter()
    root = letter_to_tei(letter, xml_id="kelam-1")
    validate(schema, root)
    check_tei_structure(root, letter)
    assert root.get(XML_ID) == "kelam-1"
    assert root.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == (
        "Letter from Tunne Kelam and Ana Gomes to Manuel Valls and Ministère de la Justice, 2016-06-29"
    )
    sent = root.find(".//tei:correspAction[@type='sent']", NS)
    assert [p.text for p in sent.findall("tei:persName", NS)] == ["Tunne Kelam", "Ana Gomes"]
    assert sent.findtext("tei:orgName", namespaces=NS) == "European Parliament"
    assert sent.findtext("tei:placeName", namespaces=NS) == "Brussels"
    received = root.find(".//tei:correspAction[@type='received']", NS)
    assert [(etree.QName(e).localname, e.text) for e in received] == [
        ("persName", "Manuel Valls"),
        ("orgName", "Ministère de la Justice"),
    ]
    assert root.find(".//tei:langUsage/tei:language", NS).get("ident") == "en"
    opener = root.find(".//tei:opener", NS)
    assert [a.text for a in opener.findall("tei:address[1]/tei:addrLine", NS)] == [
        "Mr Manuel Valls",
        "Prime Minister",
        "Hôtel de Matignon",
        "57, rue de Varenne",
        "75700 Paris",
    ]
    assert opener.findtext("tei:seg[@type='subject']", namespaces=NS) == letter.subject
    signed = root.findall(".//tei:closer/tei:signed", NS)
    assert [s.findtext("tei:persName", namespaces=NS) for s in signed] == ["Tunne Kelam", "Ana Gomes"]
    assert [s.findtext("tei:roleName", namespaces=NS) for s in signed] == ["MEP", "MEP"]
    cc = root.find(".//tei:closer/tei:note[@type='cc']", NS)
    assert "".join(cc.itertext()) == "cc: Jean-Marc Ayrault, Minister; Council of Europe"
    assert [i.text for i in root.findall(".//tei:note[@type='enclosures']/tei:list/tei:item", NS)] == (
        letter.enclosures
    )
    assert root.findtext(".//tei:postscript/tei:p", namespaces=NS) == letter.postscript
    notes = root.findall("tei:text/tei:back/tei:div[@type='notes']/tei:note", NS)
    assert [(n.get("place"), n.get("n"), n.text) for n in notes] == [
        ("foot", "1", letter.footnotes[0]),
        ("foot", "2", letter.footnotes[1]),
    ]
    assert "".join(root.find(".//tei:fw[@type='letterhead']", NS).itertext()) == (
        "EUROPEAN PARLIAMENTCommittee on Foreign Affairs"
    )
    assert len(root.findall(".//tei:fw/tei:lb", NS)) == 1


def test_tei_minimal_letter(schema: etree.RelaxNG) -> None:
    letter = Letter(source=Source(format="txt", reader="text", sha256="0" * 64), text="")
    root = letter_to_tei(letter)
    validate(schema, root)
    check_tei_structure(root, letter)
    assert root.findall(".//tei:opener", NS) == [] and root.findall(".//tei:closer", NS) == []
    assert root.findtext(".//tei:correspAction[@type='sent']/tei:persName", namespaces=NS) == "Unknown"
    assert root.findtext(".//tei:title", namespaces=NS) == "Letter from unknown sender to unknown recipient"


def test_tei_corpus_letters_validate(schema: etree.RelaxNG, corpus_letters: list[Letter]) -> None:
    for letter in corpus_letters:
        text = tei_string(letter)
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        root = etree.fromstring(text.encode("utf-8"))
        validate(schema, root)
        check_tei_structure(root, letter)


def test_tei_escapes_and_strips_control_characters(schema: etree.RelaxNG, cmif_schema: etree.RelaxNG) -> None:
    nasty = 'a\x00b\x01c\x0bd\x1f e\ud800f\ufffe & <g> "h" ]]> \t\u2028ok'
    letter = make_letter(
        salutation=nasty,
        body=[nasty, "\x00\x01"],
        subject=nasty,
        place=nasty,
        signatories=[Party(name=nasty, role=nasty)],
        footnotes=[nasty],
        language="en",
        source=Source(format="pdf", reader="pdf", sha256="x y\x00", filename=nasty),
    )
    text = tei_string(letter)
    root = etree.fromstring(text.encode("utf-8"))
    validate(schema, root)
    expected = 'abcd ef & <g> "h" ]]> \t\u2028ok'
    assert clean_text(nasty) == expected
    assert root.findtext(".//tei:opener/tei:salute", namespaces=NS) == expected
    ps = root.findall(".//tei:div[@type='letter']/tei:p", NS)
    assert [p.text for p in ps] == [expected]  # a paragraph of control characters only is dropped
    cmif = etree.fromstring(cmif_string([letter], nasty, nasty, "https://example.org").encode("utf-8"))
    validate(cmif_schema, cmif)


def test_tei_rejects_bad_xml_id() -> None:
    with pytest.raises(ValueError, match="NCName"):
        letter_to_tei(make_letter(), xml_id="1 bad:id")


def test_schema_rejects_wrong_structure(schema: etree.RelaxNG) -> None:
    """The schema is strict enough to catch the mistakes it is there for."""
    root = letter_to_tei(make_letter())
    div = root.find(".//tei:div[@type='letter']", NS)
    closer = div.find("tei:closer", NS)
    div.remove(closer)
    div.insert(list(div).index(div.find("tei:p", NS)), closer)  # closer before the body
    assert not schema.validate(root)

    root = letter_to_tei(make_letter())
    opener = root.find(".//tei:opener", NS)
    opener.append(etree.Element(f"{{{TEI_NS}}}p"))  # a paragraph inside the opener
    assert not schema.validate(root)

    root = letter_to_tei(make_letter())
    received = root.find(".//tei:correspDesc/tei:correspAction[@type='received']", NS)
    for child in list(received):
        received.remove(child)  # TEI has no empty correspAction: that is why "Unknown" is written
    assert not schema.validate(root)

    root = letter_to_tei(make_letter())
    assert schema.validate(root)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "not a language tag")  # xml:lang is BCP 47
    assert not schema.validate(root)


# --- CMIF --------------------------------------------------------------------------------------------


def test_cmif(cmif_schema: etree.RelaxNG, corpus_letters: list[Letter]) -> None:
    error = ErrorRecord("broken.pdf", "CorruptInput", "corrupt-input", "damaged")
    same_file = make_letter()
    letters: list[Item] = [*corpus_letters, ("https://example.org/l/2", make_letter()), same_file, error]
    when = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc)
    text = cmif_string(
        letters,
        "Letters & more",
        "A. Editor",
        "https://example.org",
        editor_email="editor@example.org",
        publisher="Example Archive",
        file_url="https://example.org/cmif.xml",
        when=when,
    )
    root = etree.fromstring(text.encode("utf-8"))
    validate(cmif_schema, root)

    descs = root.findall("tei:teiHeader/tei:profileDesc/tei:correspDesc", NS)
    # one per letter: the same letter in two files is one correspDesc; the error record has none
    assert len(descs) == len(corpus_letters) + 1
    bibls = root.findall("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl", NS)
    ids = {b.get(XML_ID) for b in bibls}
    assert all(b.get("type") == "online" for b in bibls)
    assert len(ids) == len(bibls) == len(corpus_letters) + 1  # the two identical files share a bibl
    uuid5 = r"b-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert all(re.fullmatch(uuid5, i) for i in ids)
    for desc, letter in zip(descs, [*corpus_letters, same_file], strict=True):
        source = desc.get("source")
        assert source.startswith("#") and source[1:] in ids
        assert [a.get("type") for a in desc.findall("tei:correspAction", NS)] == ["sent", "received"]
        sent = desc.find("tei:correspAction[@type='sent']", NS)
        for action in desc.findall("tei:correspAction", NS):
            assert not (action.text or "").strip()  # CMIF: no text in correspAction
        date = sent.find("tei:date", NS)
        if letter.date:
            assert date.get("when") == letter.date and date.text is None
        else:
            assert date is None
    assert descs[-1].get("ref") == "https://example.org/l/2"
    pub = root.find(".//tei:publicationStmt", NS)
    assert pub.find("tei:publisher/tei:ref", NS).get("target") == "https://example.org"
    assert pub.findtext("tei:idno[@type='url']", namespaces=NS) == "https://example.org/cmif.xml"
    assert pub.find("tei:date", NS).get("when") == "2024-05-01T12:30:00+00:00"
    assert pub.find("tei:availability/tei:licence", NS).get("target") == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert root.findtext(".//tei:editor/tei:email", namespaces=NS) == "editor@example.org"
    assert root.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == "Letters & more"


def test_cmif_without_letters_is_valid(cmif_schema: etree.RelaxNG) -> None:
    root = etree.fromstring(cmif_string([], "Empty", "E", "https://example.org").encode("utf-8"))
    validate(cmif_schema, root)
    assert root.findall(".//tei:correspDesc", NS) == []


def test_cmif_same_letter_read_twice_is_one_a_circular_is_two(cmif_schema: etree.RelaxNG) -> None:
    words = " ".join(f"word{i}" for i in range(200))
    first = make_letter(body=[words, "The end of the letter."])
    # another reading of it: one line the reader lost, a hyphen kept
    second = make_letter(body=[words.replace("word17 ", "word-17 "), "The end of the"])
    # a circular: the same words to someone else
    circular = make_letter(body=[words, "The end of the letter."], recipients=[Party(name="Ilse Berg")])
    other = make_letter(body=["Something else entirely, written on another day."])
    root = etree.fromstring(cmif_string([first, second, circular, other], "T", "E", "https://example.org").encode())
    validate(cmif_schema, root)
    assert len(root.findall(".//tei:correspDesc", NS)) == 3
    bibls = root.findall(".//tei:sourceDesc/tei:bibl", NS)
    assert len(bibls) == 3 and "; kelam.pdf (pdf)" in "".join(bibls[0].itertext())
