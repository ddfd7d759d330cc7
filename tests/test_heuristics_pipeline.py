"""The pipeline end to end: read_letter on short letters, provenance, warnings, reader hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterkit import Letter, read_letter
from letterkit.document import DocumentBuilder
from letterkit.heuristics.pipeline import build_letter

BUSINESS = """ACME Trading Ltd
10 High Street
London EC1A 1BB

Our ref: JS/2021/044

4 March 2021

Mr Peter Jones
Finance Director
Widget Corp
22 Mill Road
Manchester M1 2AB

Dear Mr Jones,

Thank you for your letter of 1 March about the renewal of the lease on the warehouse.

We are happy to renew it on the same terms for a further five years, and enclose the new agreement.

Yours sincerely,

Jane Smith
Managing Director

cc: Mr Tom Brown, Legal Department
Enc.: Lease agreement
"""


def cited(letter: Letter, key: str) -> str:
    """The text of Letter.text that a field's provenance points at."""
    return "\n".join(letter.text[s.start : s.end] for s in letter.provenance[key])


@pytest.fixture(scope="module")
def business() -> Letter:
    return read_letter(BUSINESS.encode())


def test_text_is_the_input(business: Letter) -> None:
    assert business.text == BUSINESS


def test_business_fields(business: Letter) -> None:
    assert business.date == "2021-03-04"
    assert business.date_text == "4 March 2021"
    assert business.salutation == "Dear Mr Jones,"
    assert business.closing == "Yours sincerely,"
    assert business.body == [
        "Thank you for your letter of 1 March about the renewal of the lease on the warehouse.",
        "We are happy to renew it on the same terms for a further five years, and enclose the new agreement.",
    ]
    assert [(p.name, p.role) for p in business.signatories] == [("Jane Smith", "Managing Director")]
    assert business.enclosures == ["Lease agreement"]
    assert [p.name for p in business.cc] == ["Tom Brown"]
    assert business.language == "en"
    assert business.warnings == []


def test_sender_combines_signatory_and_letterhead(business: Letter) -> None:
    assert business.sender is not None
    assert business.sender.name == "Jane Smith"
    assert business.sender.organisation == "ACME Trading Ltd"


def test_provenance_points_at_the_right_text(business: Letter) -> None:
    assert business.date_text is not None and business.date_text in cited(business, "date")
    assert cited(business, "salutation") == business.salutation
    assert cited(business, "closing") == business.closing
    for i, para in enumerate(business.body):
        assert cited(business, f"body.{i}") == para
    assert cited(business, "reference") == "Our ref: JS/2021/044"
    assert cited(business, "signatories.0") == "Jane Smith\nManaging Director"
    assert "Mr Peter Jones" in cited(business, "recipients.0")
    assert all(s.origin == "heuristic" for spans in business.provenance.values() for s in spans)


def test_provenance_line_index_and_page(business: Letter) -> None:
    # Span.line is the line's position in reading order (blank lines are no lines)
    (span,) = business.provenance["salutation"]
    assert span.page == 1
    non_blank = [ln for ln in business.text.split("\n") if ln.strip()]
    assert non_blank[span.line] == "Dear Mr Jones,"


@pytest.mark.parametrize(
    ("text", "date", "place", "salutation", "closing", "language"),
    [
        (
            "Berlin, den 29. Juni 2016\n\nSehr geehrte Frau Müller,\n\nvielen Dank für Ihr Schreiben vom "
            "20. Juni, "
            "das wir mit großem Interesse gelesen haben.\n\nMit freundlichen Grüßen\n\nHans Meier\n",
            "2016-06-29",
            "Berlin",
            "Sehr geehrte Frau Müller,",
            "Mit freundlichen Grüßen",
            "de",
        ),
        (
            "Madrid, 3 de julio de 2006\n\nEstimado Sr. García:\n\nLe escribo para confirmar nuestra "
            "reunión del "
            "próximo lunes en la sede del ministerio.\n\nAtentamente,\n\nAna López\n",
            "2006-07-03",
            "Madrid",
            "Estimado Sr. García:",
            "Atentamente,",
            "es",
        ),
        (
            "Roma, 5 maggio 2019\n\nCaro Marco,\n\nti scrivo per ringraziarti della bellissima giornata "
            "che abbiamo "
            "passato insieme al mare.\n\nUn abbraccio,\n\nGiulia\n",
            "2019-05-05",
            "Roma",
            "Caro Marco,",
            "Un abbraccio,",
            "it",
        ),
        (
            "Den Haag, 12 maart 2018\n\nGeachte heer Jansen,\n\nHierbij bevestigen wij de ontvangst van "
            "uw brief van "
            "5 maart over de nieuwe regeling.\n\nMet vriendelijke groet,\n\nPiet de Vries\n",
            "2018-03-12",
            "Den Haag",
            "Geachte heer Jansen,",
            "Met vriendelijke groet,",
            "nl",
        ),
        (
            "Lisboa, 12 de março de 2020\n\nPrezado Senhor,\n\nVenho por este meio solicitar uma reunião "
            "para discutir "
            "o projeto de cooperação entre as nossas instituições.\n\nCom os melhores "
            "cumprimentos,\n\nJoão Silva\n",
            "2020-03-12",
            "Lisboa",
            "Prezado Senhor,",
            "Com os melhores cumprimentos,",
            "pt",
        ),
        (
            "Warszawa, dnia 3 lipca 2006 r.\n\nSzanowny Panie,\n\nUprzejmie dziękuję za przesłanie "
            "dokumentów "
            "dotyczących naszej współpracy w przyszłym roku.\n\nZ poważaniem\n\nJan Kowalski\n",
            "2006-07-03",
            "Warszawa",
            "Szanowny Panie,",
            "Z poważaniem",
            "pl",
        ),
    ],
)
def test_letters_in_other_languages(
    text: str, date: str, place: str, salutation: str, closing: str, language: str
) -> None:
    letter = read_letter(text.encode())
    assert (letter.date, letter.place, letter.salutation, letter.closing, letter.language) == (
        date,
        place,
        salutation,
        closing,
        language,
    )
    assert len(letter.body) == 1
    assert len(letter.signatories) == 1
    assert letter.text == text
    assert cited(letter, "place") == cited(letter, "date")
    assert letter.date_text is not None and letter.date_text in cited(letter, "date")
    assert cited(letter, "body.0").startswith(letter.body[0][:20])


def test_warning_when_no_date() -> None:
    letter = read_letter(
        b"Dear Anna,\n\nIt was lovely to see you last weekend, and the children loved the "
        b"garden.\n\nLove,\nTom\n"
    )
    assert letter.date is None
    assert "No dateline was found." in letter.warnings
    assert "date" not in letter.provenance


def test_warning_when_no_body() -> None:
    letter = read_letter(b"4 March 2021\n\nJane Smith\n")
    assert letter.body == []
    assert any("No body paragraphs" in w for w in letter.warnings)
    assert letter.date == "2021-03-04"


def test_letter_without_salutation_starts_its_body_at_the_first_sentence() -> None:
    text = (
        "4 March 2021\n\nThe committee has approved your application for the research grant, and the "
        "funds will be "
        "paid in April.\n\nYours sincerely,\n\nJane Smith\n"
    )
    letter = read_letter(text.encode())
    assert letter.salutation is None
    assert letter.body == [
        "The committee has approved your application for the research grant, and the funds will be paid "
        "in April."
    ]
    assert letter.closing == "Yours sincerely,"


def _doc_with_hints(hints: dict[str, object]):
    b = DocumentBuilder("html", "test")
    b.add_block(["Brussels, 3 May 2010"])
    b.add_block(["Dear Colleague,"])
    b.add_block(["We are writing to you about the forthcoming meeting of the committee in June."])
    b.add_block(["Yours sincerely,"])
    b.add_block(["Jane Doe"])
    b.hints.update(hints)
    b.metadata.update({"title": "A letter", "encoding": "utf-8"})
    b.warnings.append("reader was unsure")
    return b.build()


def test_build_letter_without_hints_uses_heuristics() -> None:
    doc = _doc_with_hints({})
    letter = build_letter(doc, sha256="0" * 64, filename="x.html")
    assert letter.date == "2010-05-03"
    assert [p.name for p in letter.signatories] == ["Jane Doe"]
    assert letter.text == doc.text
    assert letter.source.title == "A letter"
    assert letter.source.filename == "x.html"
    assert letter.source.encoding == "utf-8"
    assert "reader was unsure" in letter.warnings


def test_hints_override_heuristics() -> None:
    doc = _doc_with_hints(
        {
            "date": "2010-05-04",
            "date_text": "4 May 2010",
            "signatories": [{"name": "John Roe", "role": "Chair"}],
            "language": "fr",
            "subject": "Committee meeting",
            "extra": {"question": "Q-1"},
        }
    )
    letter = build_letter(doc, sha256="0" * 64)
    assert letter.date == "2010-05-04"
    assert letter.date_text == "4 May 2010"
    assert [(p.name, p.role) for p in letter.signatories] == [("John Roe", "Chair")]
    assert letter.language == "fr"
    assert letter.subject == "Committee meeting"
    assert letter.extra["question"] == "Q-1"
    for key in ("date", "signatories", "language", "subject"):
        assert [s.origin for s in letter.provenance[key]] == ["reader"]
    # what the hints do not cover stays heuristic
    assert letter.salutation == "Dear Colleague,"
    assert letter.provenance["salutation"][0].origin == "heuristic"
    assert letter.place == "Brussels"


def test_letterhead_hint() -> None:
    letter = build_letter(
        _doc_with_hints({"letterhead": ["EUROPEAN PARLIAMENT", "Rue Wiertz 60"]}), sha256="0" * 64
    )
    assert letter.letterhead is not None
    assert letter.letterhead.lines == ["EUROPEAN PARLIAMENT", "Rue Wiertz 60"]
    assert letter.letterhead.organisation == "European Parliament"


def test_repeated_letterhead_goes_to_furniture_not_body() -> None:
    head = "ACME TRADING LIMITED\n10 High Street, London EC1A 1BB\nTel +44 20 7946 0000\n\n"
    text = (
        head
        + "Dear Mr Jones,\n\nThank you for your order of last week, which we have now dispatched to\n\n"
        + head
        + "your warehouse in Manchester by road.\n\nYours sincerely,\n\nMary Smith\n"
    )
    letter = read_letter(text.encode())
    assert letter.body == [
        "Thank you for your order of last week, which we have now dispatched to your warehouse in "
        "Manchester by road."
    ]
    assert "ACME TRADING LIMITED" in letter.furniture  # the copy at the page break, kept apart
    assert letter.letterhead is not None and letter.letterhead.lines[0] == "ACME TRADING LIMITED"


def test_attribution_line_gives_the_signatory() -> None:
    text = (
        "Question reference: E-001234/2019\n"
        "Answer given by High Representative/Vice-President Mogherini on behalf of the European "
        "Commission\n"
        "(21 May 2019)\n\n"
        "The EU is closely following the situation in the region and has repeatedly called for restraint "
        "by all sides.\n\n"
        "The EU will continue to raise the matter in its contacts with the authorities of the country and "
        "to support the work of civil society there.\n"
    )
    letter = read_letter(text.encode())
    assert [p.name for p in letter.signatories] == ["Mogherini"]
    assert letter.reference == "E-001234/2019"


def _views(texts: list[str]) -> list:
    from letterkit.document import DocumentBuilder
    from letterkit.heuristics.context import make_context

    b = DocumentBuilder(format="txt", reader="test")
    for t in texts:
        b.add_block([t])
    return make_context(b.build()).lines


def test_a_footer_of_contact_lines_is_no_postscript() -> None:
    """Under a signature, an organisation's name, address, telephone and e-mail are its footer, not a
    postscript; a sentence after the signature, or a marked 'P.S.', stays a postscript."""
    from letterkit.heuristics.pipeline import tidy

    head = ["Dear Ana,", "Thank you for your letter of last week, which I read with great pleasure.",
            "Kind regards,", "Tom Berger"]
    footer = ["Acme Trading GmbH", "Hauptstraße 12, 10115 Berlin", "Telefon: +49 30 1234 5678",
              "E-Mail: info@acme.example"]
    labels = ["salutation", "body", "closing", "signature"]
    assert tidy([*labels, *["postscript"] * 4], _views(head + footer))[4:] == ["furniture"] * 4
    written = ["I forgot to say that the parcel came on Monday, in good order."]
    assert tidy([*labels, "postscript"], _views(head + written))[4:] == ["postscript"]
    marked = ["P.S. Telefon: +49 30 1234 5678"]
    assert tidy([*labels, "postscript"], _views(head + marked))[4:] == ["postscript"]


def test_a_labelled_subject_or_enclosure_is_no_address_line() -> None:
    """'Objet :' and 'PJ. :' under a dateline, which the model took for more lines of the address, are
    the subject and an enclosure; an address line, and an unlabelled line, stay in the address."""
    from letterkit.heuristics.pipeline import tidy

    texts = ["Villefranche, le 12 février 2019", "Association des Jardins", "12, impasse du Moulin",
             "Objet : Demande d'autorisation", "PJ. : arrêté municipal n° 2019-034", "Madame,",
             "Par courrier reçu le 21 janvier, vous avez sollicité notre autorisation.", "Cordialement,"]
    labels = ["dateline", "inside_address", "inside_address", "inside_address", "inside_address",
              "salutation", "body", "closing"]
    out = tidy(labels, _views(texts))
    assert out[:5] == ["dateline", "inside_address", "inside_address", "subject", "enclosure"]
    assert tidy(["sender_address", "sender_address"], _views(["Objet : X", "Rue du Port 3"])) == [
        "subject", "sender_address"]


def test_an_addressee_label_is_no_subject() -> None:
    """'Attention: Mr. Walter Brandt' between the address and 'Gentlemen:', which the model read as the
    subject, names the addressee: it is a line of the inside address. A real subject stays one."""
    from letterkit.heuristics.pipeline import tidy

    texts = ["Brandt Stationery Company", "1120 Euclid Avenue", "Cleveland, Ohio",
             "Attention: Mr. Walter Brandt", "Gentlemen:", "We have your order No. 6612 of October 9."]
    labels = ["inside_address", "inside_address", "inside_address", "subject", "salutation", "body"]
    assert tidy(labels, _views(texts))[3] == "inside_address"
    for line in ("z. Hd. Frau Weber", "À l'attention de M. le Président"):
        assert tidy(labels, _views([*texts[:3], line, *texts[4:]]))[3] == "inside_address"
    for line in ("Subject: Attention to detail", "Your order No. 6612", "To the point"):
        assert tidy(labels, _views([*texts[:3], line, *texts[4:]]))[3] == "subject"


def _region_views(lines: list[tuple[str, str]]) -> list:
    from letterkit.document import DocumentBuilder
    from letterkit.heuristics.context import make_context

    b = DocumentBuilder(format="html", reader="test")
    for text, region in lines:
        b.add_block([text], region=region)
    return make_context(b.build()).lines


def test_menu_lines_taken_for_a_signature_do_not_make_the_text_a_postscript() -> None:
    """A web page's header lines the model called a signature are not the letter's text: the
    resolution's paragraphs under them, which it called a postscript, are the body."""
    from letterkit.heuristics.pipeline import tidy

    views = _region_views([("WORD 48k", "header"), ("Texts adopted", "header"),
                           ("The European Parliament,", "body"),
                           ("1. Calls on the Commission to act without delay;", "body")])
    assert tidy(["signature", "signature", "postscript", "postscript"], views)[2:] == ["body", "body"]
    # under a signature of the letter itself, an unmarked afterthought stays a postscript
    views = _region_views([("Yours, Ann Lee", "body"), ("I forgot the parcel came on Monday.", "body")])
    assert tidy(["signature", "postscript"], views) == ["signature", "postscript"]


def test_a_footnote_from_the_files_footnotes_part_stays_a_footnote() -> None:
    """A line of a DOCX footnotes part is a footnote even where the model calls it furniture; a
    footnote region inferred from layout (small type under a rule in a PDF) may be furniture."""
    from letterkit.heuristics.pipeline import keep_furniture_out

    for structural, want in ((frozenset({"footnote"}), "footnote"), (frozenset(), "furniture")):
        views = _region_views([("1 Answer given by the Commission on 10 October 2014.", "footnote")])
        views[0].label = "furniture"
        keep_furniture_out(views, structural)
        assert views[0].label == want


def test_a_line_of_a_structural_text_is_no_footnote() -> None:
    """Where the reader took the text and its notes from the file's markup (a European Parliament
    page), a line of the text the model called a footnote keeps the zone of the line before it; a
    footnote region inferred from layout alone, or a DOCX with only its footnotes part, leaves it."""
    from letterkit.heuristics.pipeline import keep_furniture_out

    lines = [("4. Encerramento da sessão", "body"), ("A sessão é encerrada às 23h05.", "body"),
             ("(1) JO C 123 de 1.4.2021.", "footnote")]
    for structural, want in ((frozenset({"body", "footnote"}), "body"), (frozenset({"footnote"}), "footnote"),
                             (frozenset(), "footnote")):
        views = _region_views(lines)
        for v, label in zip(views, ("body", "footnote", "footnote"), strict=True):
            v.label = label
        keep_furniture_out(views, structural)
        assert [v.label for v in views] == ["body", want, "footnote"]


def test_europarl_reader_marks_its_text_and_notes_as_structural() -> None:
    from letterkit.api import read_document

    page = next(Path(__file__).parent.glob("data/**/PV-9-2021-11-24_PT.html"))
    assert read_document(page).structural_regions == frozenset({"body", "footnote"})
    # a page of the site with neither a text class nor a procedure ring: the whole document part was
    # taken for the text, which the reader does not know for certain
    bare = (
        b"<html lang='en'><head><title>European Parliament</title>"
        b"<link rel='canonical' href='https://www.europarl.europa.eu/doceo/document/E-9-2020-000001_EN.html'>"
        b"</head><body><main><p>Subject: Water</p><p>Will the Commission act on the water supply?</p>"
        b"</main></body></html>"
    )
    doc = read_document(bare, filename="E-9-2020-000001_EN.html")
    assert doc.reader == "europarl"
    assert doc.structural_regions == frozenset({"footnote"})


def test_docx_reader_marks_its_footnotes_as_structural() -> None:
    from pathlib import Path

    from letterkit.api import read_document
    from letterkit.heuristics.pipeline import label_zones

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "letters"
    docx = corpus / "opendialog-mogherini-2015.docx"
    if not docx.exists():
        pytest.skip("the shared corpus is not beside the repository")
    doc = read_document(docx)
    assert doc.structural_regions == frozenset({"footnote"})
    ctx, _ = label_zones(doc)
    notes = [v for v in ctx.lines if v.line.region == "footnote"]
    assert notes and all(v.label == "footnote" for v in notes)


def test_a_register_footer_under_the_letter_is_furniture() -> None:
    """'Krämer Metallbau GmbH · Sitz Aalen · Amtsgericht Ulm HRB 712345 · ...' under the enclosures,
    which the model read as one more enclosure, is the office's footer; an enclosure that names a
    register extract stays an enclosure."""
    from letterkit.heuristics.pipeline import tidy

    texts = ["Mit freundlichen Grüßen", "i. A. Stefan Wolf", "Anlage", "Angebot Nr. 2021-0388",
             "Krämer Metallbau GmbH · Sitz Aalen · Amtsgericht Ulm HRB 712345 · Geschäftsführer: W. Krämer"]
    labels = ["closing", "signature", "enclosure", "enclosure", "enclosure"]
    assert tidy(labels, _views(texts))[2:] == ["enclosure", "enclosure", "furniture"]
    extract = "Handelsregisterauszug, Amtsgericht Ulm HRB 712345"
    assert tidy(labels, _views([*texts[:4], extract]))[4] == "enclosure"


def test_the_sender_address_block_fills_the_sender() -> None:
    """'ACME Trading Ltd' / '10 High Street' / 'London EC1A 1BB' read as the sender's address block (not
    as letterhead): the sender is the signatory, with the organisation and address from that block."""
    from letterkit.document import DocumentBuilder
    from letterkit.heuristics import fields
    from letterkit.heuristics.context import make_context
    from letterkit.heuristics.pipeline import _sender
    from letterkit.model import Party

    b = DocumentBuilder(format="txt", reader="test")
    b.add_block(["ACME Trading Ltd", "10 High Street", "London EC1A 1BB"])
    ctx = make_context(b.build())
    fields.read_sender_address(ctx, ctx.lines)
    sender = _sender(ctx, None, [Party(name="Jane Smith", role="Managing Director")])
    assert sender is not None
    assert (sender.name, sender.role) == ("Jane Smith", "Managing Director")
    assert sender.organisation == "ACME Trading Ltd"
    assert sender.address == ["10 High Street", "London EC1A 1BB"]
    # without a signatory, a private letter's name heads its own address block
    b = DocumentBuilder(format="txt", reader="test")
    b.add_block(["Priya Raman", "Flat 3, 22 Hawthorn Road, Leeds LS6 2QA"])
    ctx = make_context(b.build())
    fields.read_sender_address(ctx, ctx.lines)
    alone = _sender(ctx, None, [])
    assert alone is not None and alone.name == "Priya Raman"


def test_an_office_block_opening_the_letter_is_its_letterhead() -> None:
    """'ACME Trading Ltd' / '10 High Street' / 'London EC1A 1BB' at the top, read as the sender's address:
    an organisation's head of paper, so the letterhead; a person's own address stays the sender's."""
    from letterkit.heuristics.pipeline import tidy

    office = ["ACME Trading Ltd", "10 High Street", "London EC1A 1BB", "4 March 2021", "Dear Mr Jones,"]
    labels = ["sender_address"] * 3 + ["dateline", "salutation"]
    assert tidy(labels, _views(office))[:3] == ["letterhead"] * 3
    person = ["Priya Raman", "Flat 3, 22 Hawthorn Road, Leeds LS6 2QA", "14 January 2024", "Dear Ms Okafor,"]
    own = ["sender_address", "sender_address", "dateline", "salutation"]
    assert tidy(own, _views(person))[:2] == ["sender_address"] * 2
    # a letter that has its letterhead keeps the sender's address block as it is
    both = ["Widget Corp", *office]
    out = tidy(["letterhead", *labels], _views(both))
    assert out[1:4] == ["sender_address"] * 3
