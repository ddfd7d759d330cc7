"""The closer: complimentary close (one line, two lines, formula), signature, cc, enclosures, P.S."""

from __future__ import annotations

from letterkit import read_letter


def read(text: str):
    return read_letter(text.encode())


def test_two_line_close_with_lead() -> None:
    letter = read(
        """Dear Father,

I hope this finds you well. We have had a fine week here and the weather has been kind to us.

I remain, dear Father,
Your loving son,

Tom

Oxford, 3rd March 1851
"""
    )
    assert letter.closing == "I remain, dear Father, Your loving son,"
    assert [p.name for p in letter.signatories] == ["Tom"]
    # a dateline at the foot is the letter's date
    assert (letter.date, letter.place) == ("1851-03-03", "Oxford")


def test_three_line_official_close_and_signature_image_text() -> None:
    letter = read(
        """Dear Ms Patel,

I write concerning your application for the grant, which we received in April.

I have the honour to be,
Sir,
Your obedient servant,

(signed)
J. R. Hartley
Permanent Secretary
"""
    )
    assert letter.closing == "I have the honour to be, Sir, Your obedient servant,"
    (s,) = letter.signatories
    assert (s.name, s.role) == ("J. R. Hartley", "Permanent Secretary")
    assert letter.extra["signature_images"] == ["(signed)"]


def test_french_formula_close() -> None:
    letter = read(
        """Paris, le 3 juillet 2006

Madame la Directrice,

J'ai l'honneur de vous adresser ma candidature au poste de bibliothécaire, publié le mois dernier.

Veuillez agréer, Madame la Directrice, l'expression de mes salutations distinguées.

Marie Dupont
"""
    )
    assert (
        letter.closing
        == "Veuillez agréer, Madame la Directrice, l'expression de mes salutations distinguées."
    )
    assert letter.body == [
        "J'ai l'honneur de vous adresser ma candidature au poste de bibliothécaire, publié le mois dernier."
    ]
    assert [p.name for p in letter.signatories] == ["Marie Dupont"]


def test_signature_contacts_cc_and_enclosures() -> None:
    letter = read(
        """Dear colleagues,

Please find attached the agenda for the next meeting, which will take place in Room 3.

Best regards,
Jane Doe
Head of Unit
jane.doe@example.eu
Tel: +32 2 299 11 11

cc: Mr Tom Brown, Legal Department

Enclosures:
- Agenda
- Minutes of the last meeting
"""
    )
    (s,) = letter.signatories
    assert (s.name, s.role, s.email, s.phone) == (
        "Jane Doe",
        "Head of Unit",
        "jane.doe@example.eu",
        "+32 2 299 11 11",
    )
    (c,) = letter.cc
    assert (c.honorific, c.name) == ("Mr", "Tom Brown")
    assert letter.enclosures == ["Agenda", "Minutes of the last meeting"]
    assert letter.closing == "Best regards,"


def test_postscript_after_signature() -> None:
    letter = read(
        """Dear Anna,

It was lovely to see you last weekend, and the children loved the garden.

Love,
Tom

P.S. Do give my love to your mother.
"""
    )
    assert letter.postscript == "Do give my love to your mother."
    assert [p.name for p in letter.signatories] == ["Tom"]
    assert letter.body == ["It was lovely to see you last weekend, and the children loved the garden."]


def test_addressee_at_the_foot_of_an_old_letter() -> None:
    letter = read(
        """Dear Sir,

We acknowledge receipt of your letter of 1 May and will reply in due course after the meeting.

Yours faithfully,

John Smith
Secretary

James Ogilvy, Esq.,
Chairman of the Harbour Committee,
Montrose.
"""
    )
    assert [(p.name, p.role) for p in letter.signatories] == [("John Smith", "Secretary")]
    assert len(letter.recipients) == 1
    assert letter.recipients[0].name == "James Ogilvy, Esq."
    assert letter.recipients[0].role == "Chairman of the Harbour Committee"


def test_closing_phrase_at_the_top_is_not_the_close() -> None:
    # 'Thanks,' can close a letter, but never before any prose
    letter = read(
        """Thanks,

for the lovely flowers you sent, which arrived yesterday and are now on the kitchen table.

Best,
Sam
"""
    )
    assert letter.closing == "Best,"
