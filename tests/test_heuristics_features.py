"""Per-line features: salutations, closings, markers, honorifics, names, scores, prose."""

from __future__ import annotations

import pytest

from letterkit.heuristics import features as ft

SALUTATIONS = [
    "Dear Ms Smith,",
    "Dear Sir or Madam,",
    "Dear Ana, dear Marju,",
    "Hi Tom!",
    "Mr Prime Minister,",
    "Madam President,",
    "Chère Madame,",
    "Monsieur le Ministre,",
    "Sehr geehrte Frau Müller,",
    "Liebe Anna,",
    "Herr Präsident,",
    "Estimado Sr. García:",
    "Querida María:",
    "Gentile Dott.ssa Rossi,",
    "Caro Marco,",
    "Geachte heer Jansen,",
    "Beste Piet,",
    "Dames en Heren,",
    "Prezado Senhor,",
    "Exmo. Senhor,",
    "Szanowny Panie,",
    "Szanowna Pani Kowalska,",
]


@pytest.mark.parametrize("text", SALUTATIONS)
def test_is_salutation_true(text: str) -> None:
    assert ft.is_salutation(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mr Prime Minister, I call on you to release the prisoners immediately.",
        "Mr Laurent Fabius, Minister of Foreign Affairs",
        "Dear Sir, I write to you about the matter of the overdue invoice we sent",
        "Dear Tom (tom@example.com),",
        "Deadline for submissions,",
        "Thank you for your letter.",
        "",
    ],
)
def test_is_salutation_false(text: str) -> None:
    assert not ft.is_salutation(text)


@pytest.mark.parametrize(
    "text",
    [
        "Yours sincerely,",
        "Yours faithfully",
        "Sincerely,",
        "Best,",
        "Love,",
        "Kind regards",
        "Best regards from Berlin",
        "Yours sincerely, and with thanks,",
        "Cordialement,",
        "Bien à vous,",
        "Mit freundlichen Grüßen",
        "Mit freundlichen Grüssen",
        "Atentamente,",
        "Un cordial saludo,",
        "Cordiali saluti",
        "Distinti saluti,",
        "Met vriendelijke groet,",
        "Hoogachtend,",
        "Com os melhores cumprimentos,",
        "Atenciosamente,",
        "Z poważaniem",
        "Z wyrazami szacunku",
    ],
)
def test_is_closing_true(text: str) -> None:
    assert ft.is_closing(text)


@pytest.mark.parametrize(
    "text",
    [
        "Best wishes for the new year to you and all your family and friends.",
        "Love is all you need.",
        "Sincerely, I do not think that this proposal will work.",
        "Dear Mr Jones,",
        "Jane Smith",
        "",
    ],
)
def test_is_closing_false(text: str) -> None:
    assert not ft.is_closing(text)


@pytest.mark.parametrize(
    "text",
    [
        "Veuillez agréer, Monsieur le Ministre, l'expression de ma très haute considération.",
        "Je vous prie d'agréer, Madame, l'expression de mes salutations distinguées.",
        "Please accept, Excellency, the assurances of my highest consideration.",
        "Genehmigen Sie den Ausdruck meiner vorzüglichen Hochachtung.",
    ],
)
def test_long_formula_is_a_formula_not_a_short_close(text: str) -> None:
    assert ft.is_closing_formula(text)
    assert not ft.is_closing(text)  # too long for a one-line close


def test_is_closing_formula_false_for_ordinary_sentence() -> None:
    assert not ft.is_closing_formula("We look forward to hearing from you soon.")


@pytest.mark.parametrize("text", ["I remain, dear Sir,", "Believe me,", "I am,"])
def test_closing_lead_true(text: str) -> None:
    assert ft.is_closing_lead(text)


def test_closing_lead_false_for_a_sentence() -> None:
    assert not ft.is_closing_lead("I remain convinced that this is the right approach and we should go on.")


# --- markers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "value"),
    [
        ("cc: Mr John Smith", "cc", "Mr John Smith"),
        ("CC: Jane Doe", "cc", "Jane Doe"),
        ("Copie à : M. Dupont", "cc", "M. Dupont"),
        ("Kopie an: Frau Schmidt", "cc", "Frau Schmidt"),
        ("Do wiadomości: Jan Kowalski", "cc", "Jan Kowalski"),
        ("Encl.: Invoice 123", "enclosures", "Invoice 123"),
        ("Anlage: Rechnung", "enclosures", "Rechnung"),
        ("P.J. : facture", "enclosures", "facture"),
        ("Subject: Renewal of lease", "subject", "Renewal of lease"),
        ("Objet : Demande de subvention", "subject", "Demande de subvention"),
        ("Betreff: Ihre Anfrage", "subject", "Ihre Anfrage"),
        ("Oggetto: richiesta di incontro", "subject", "richiesta di incontro"),
        ("Our ref: AB/12/2020", "reference", "AB/12/2020"),
    ],
)
def test_marker_with_colon(text: str, family: str, value: str) -> None:
    assert ft.marker(text, family, need_colon=True) == value
    assert ft.marker_with_colon_or_alone(text, family) == value


def test_marker_need_colon_rejects_label_without_colon() -> None:
    assert ft.marker("c.c. Legal Department", "cc", need_colon=True) is None
    assert ft.marker("Concerning the matter we discussed", "subject", need_colon=True) is None


def test_marker_alone_on_its_line() -> None:
    assert ft.marker_with_colon_or_alone("Anlage", "enclosures") == ""
    assert ft.marker_with_colon_or_alone("Encl.", "enclosures") == ""
    # an abbreviating full stop then a capitalised item
    assert ft.marker_with_colon_or_alone("Enc. Heads of terms", "enclosures") == "Heads of terms"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Enclosed please find the report we discussed last week.", "enclosures"),
        ("Encouraging news today", "enclosures"),
        ("Copyright 2020", "cc"),
        ("Concerning the matter we discussed", "subject"),
    ],
)
def test_marker_with_colon_or_alone_rejects_prose(text: str, family: str) -> None:
    assert ft.marker_with_colon_or_alone(text, family) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("P.S. Do give my love to Anna.", "Do give my love to Anna."),
        ("PS: call me", "call me"),
        ("PS Call me tomorrow", "Call me tomorrow"),
        ("P.P.S. Another thing", "Another thing"),
        ("Post scriptum: merci", "merci"),
        ("P.S.", ""),
    ],
)
def test_postscript_text(text: str, value: str) -> None:
    assert ft.postscript_text(text) == value


@pytest.mark.parametrize("text", ["Psychology is hard", "Please send the papers.", "PSD2 directive"])
def test_postscript_text_none(text: str) -> None:
    assert ft.postscript_text(text) is None


# --- honorifics and names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "honorific", "rest"),
    [
        ("Mr Laurent Fabius", "Mr", "Laurent Fabius"),
        ("Prof. Dr. Jane Doe", "Prof. Dr.", "Jane Doe"),
        ("Frau Dr. Anna Schmidt", "Frau Dr.", "Anna Schmidt"),
        ("Herrn Hans Meier", "Herrn", "Hans Meier"),
        ("Mme Ségolène Royal", "Mme", "Ségolène Royal"),
        ("M. Jean Dupont", "M.", "Jean Dupont"),
        ("Sr. D. José García", "Sr. D.", "José García"),
        ("Dott.ssa Maria Rossi", "Dott.ssa", "Maria Rossi"),
        ("De heer Jan de Vries", "De heer", "Jan de Vries"),
        ("Exmo. Sr. João Silva", "Exmo. Sr.", "João Silva"),
        ("Pan Jan Kowalski", "Pan", "Jan Kowalski"),
        ("Dr van der Berg", "Dr", "van der Berg"),
        ("His Excellency Mr Ban Ki-moon", "His Excellency Mr", "Ban Ki-moon"),
    ],
)
def test_split_honorific(text: str, honorific: str, rest: str) -> None:
    assert ft.split_honorific(text) == (honorific, rest)


@pytest.mark.parametrize("text", ["Laurent Fabius", "Mrs smith", "Mr", "Marketing Department"])
def test_split_honorific_none(text: str) -> None:
    assert ft.split_honorific(text) == (None, text)


def test_honorific_only() -> None:
    assert ft.honorific_only("His Excellency")
    assert ft.honorific_only("Exmo. Senhor")
    assert ft.honorific_only("Gent.ma Dott.ssa")
    assert not ft.honorific_only("Mr Smith")
    assert not ft.honorific_only("")


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe",
        "Ludwig van Beethoven",
        "Jean-Claude Juncker",
        "J. R. R. Tolkien",
        "John Smith, M.D.",
        "Jane Doe PhD",
    ],
)
def test_looks_like_name_true(text: str) -> None:
    assert ft.looks_like_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Foreign Affairs",
        "European Parliament",
        "ACME Ltd",
        "Rue Wiertz",
        "Belgium",
        "Thank you very much",
        "Call me at 555 1234",
        "Mary Smith.",
        "the manager",
        "Ms Ana Gomes MEP",  # a role after the name: split by the parties module, not a bare name
    ],
)
def test_looks_like_name_false(text: str) -> None:
    assert not ft.looks_like_name(text)


def test_degrees_and_postnominals() -> None:
    assert ft.is_degree("PhD") and ft.is_degree("M.D.")
    assert not ft.is_degree("Smith")
    assert ft.is_role_postnominal("MEP")
    assert not ft.is_role_postnominal("Smith")


# --- scores -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Foreign Affairs",
        "Prime Minister",
        "Secretary-General",
        "Directeur général",
        "Head of the EU Office",
    ],
)
def test_role_score_high_for_offices(text: str) -> None:
    assert ft.role_score(text) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Bundesministerium der Finanzen",
        "Ministère des Affaires étrangères",
        "Ministerio de Asuntos Exteriores",
        "ACME Ltd",
        "University of Oxford",
        "Universität Wien",
    ],
)
def test_org_score_high_for_bodies(text: str) -> None:
    assert ft.org_score(text) >= 2
    assert ft.role_score(text) < 2


@pytest.mark.parametrize(
    "text",
    [
        "Rue Wiertz 60",
        "1047 Brussels",
        "B-1047 Bruxelles",
        "10 Downing Street",
        "London SW1A 2AA",
        "Belgium",
        "Postfach 1234",
        "00-950 Warszawa",
        "75007 Paris",
        "Via del Corso 12",
        "1017 AB Amsterdam",
        "28013 Madrid",
        "Washington, DC 20500",
        "ul. Marszałkowska 10",
        "Avenida da Liberdade 100",
    ],
)
def test_address_score_high_for_address_lines(text: str) -> None:
    assert ft.address_score(text) >= 2


@pytest.mark.parametrize("text", ["Hauptstraße 12", "Schillerstr. 3", "Kerkstraat 5", "Keizersgracht 123"])
def test_address_score_compound_street_names(text: str) -> None:
    assert ft.address_score(text) >= 2


@pytest.mark.parametrize("text", ["Jane Doe", "Minister of Foreign Affairs", "Thank you for your letter."])
def test_address_score_zero_for_non_addresses(text: str) -> None:
    assert ft.address_score(text) == 0


# --- prose --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your letter of 3 May, which I read with great interest.",
        "We will meet on Tuesday to discuss it.",
        "Wir danken Ihnen für Ihr Schreiben vom 3. Mai und teilen Ihnen mit, dass der Antrag geprüft wird.",
        "Nous vous remercions de votre courrier et vous prions de trouver ci-joint les documents.",
    ],
)
def test_is_prose_for_running_text(text: str) -> None:
    assert ft.is_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rue Wiertz 60, 1047 Brussels, Belgium",
        "European Parliament, Rue Wiertz 60, B-1047 Brussels, Belgium, Tel +32 2 284 21 11",
        "JOHN SMITH AND SONS LIMITED, 10 HIGH STREET, LONDON",
        "Ministerium für Umwelt, Naturschutz und Reaktorsicherheit",
        "I agree.",  # too short
    ],
)
def test_address_and_heading_lines_are_not_prose(text: str) -> None:
    assert not ft.is_prose(text)


def test_lower_ratio_german_running_text_vs_noun_heading() -> None:
    # German capitalises nouns, yet its running text keeps enough lower-case words
    sentence = "Wir haben Ihren Brief vom letzten Monat mit großem Interesse gelesen und danken Ihnen."
    heading = "Bundesministerium für Wirtschaft und Energie"
    assert ft.lower_ratio(sentence) >= 0.4
    assert ft.lower_ratio(heading) < ft.lower_ratio(sentence)
    assert ft.lower_ratio("") == 0.0


def test_small_shape_helpers() -> None:
    assert ft.ends_terminal("the end.¹")  # a footnote marker after the full stop
    assert not ft.ends_terminal("the end")
    assert ft.starts_lower("«and so on")
    assert not ft.starts_lower("And so on")
    assert ft.upper_ratio("ACME") == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane@example.org", True),
        ("www.example.com", True),
        ("Tel: +32 2 284 21 11", True),
        ("Tel. 020 7946 0958", True),
        ("In 2016 we had 300 members", False),
    ],
)
def test_has_contact(text: str, expected: bool) -> None:
    assert ft.has_contact(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[signature]", True),
        ("(signed)", True),
        ("/s/ John Smith", True),
        ("A handwritten signature in blue ink", True),
        ("", True),
        ("John Smith", False),
        ("Managing Director", False),
    ],
)
def test_is_signature_image_text(text: str, expected: bool) -> None:
    assert ft.is_signature_image_text(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pour le Maire et par délégation,", True),  # the phrase inside the line, accents folded
        ("Le Maire, par delegation", True),
        ("i. A.", True),
        ("For and on behalf of Acme Ltd", True),
        ("Z upoważnienia Prezydenta Miasta", True),
        ("По поручению министра", True),
        ("Namensliste der Teilnehmer", False),  # 'namens' only as a whole word
        ("L'Adjointe déléguée à l'urbanisme,", False),  # an office, not the delegation itself
        ("Yours sincerely,", False),
    ],
)
def test_is_delegation(text: str, expected: bool) -> None:
    assert ft.is_delegation(text) is expected
