"""Parties: address blocks, signature blocks, cc lines and attribution lines."""

from __future__ import annotations

from letterkit.heuristics.parties import PartyDraft, parse_attribution, parse_cc, parse_parties, split_name


def parties(lines: list[str], block_starts: frozenset[int] = frozenset()) -> list[PartyDraft]:
    return parse_parties(list(enumerate(lines)), block_starts)


def test_split_name_with_postnominal_role() -> None:
    assert split_name("Ms Ana Gomes MEP") == ("Ms", "Ana Gomes", "MEP")
    assert split_name("Mr John Smith MP,") == ("Mr", "John Smith", "MP")
    assert split_name("Jane Doe") == (None, "Jane Doe", None)


def test_names_in_a_row_share_organisation_and_address() -> None:
    ds = parties(
        [
            "Ms Ana Gomes MEP",
            "Ms Marju Lauristin MEP",
            "European Parliament",
            "Rue Wiertz 60",
            "B-1047 Brussels",
            "Belgium",
        ]
    )
    assert [d.party.name for d in ds] == ["Ana Gomes", "Marju Lauristin"]
    for d in ds:
        assert d.party.honorific == "Ms"
        assert d.party.role == "MEP"
        assert d.party.organisation == "European Parliament"
        assert d.party.address == ["Rue Wiertz 60", "B-1047 Brussels", "Belgium"]
    assert ds[0].lines == [0, 2, 3, 4, 5]
    assert ds[1].lines == [1, 2, 3, 4, 5]


def test_official_inside_address() -> None:
    (d,) = parties(
        [
            "Mr Laurent Fabius",
            "Minister of Foreign Affairs",
            "Ministère des Affaires étrangères",
            "37 Quai d'Orsay",
            "75007 Paris",
            "France",
        ]
    )
    p = d.party
    assert (p.honorific, p.name) == ("Mr", "Laurent Fabius")
    assert p.role == "Minister of Foreign Affairs"
    assert p.organisation == "Ministère des Affaires étrangères"
    assert p.address == ["37 Quai d'Orsay", "75007 Paris", "France"]


def test_spanish_address_block() -> None:
    (d,) = parties(
        [
            "Sr. D. José García",
            "Director General",
            "Ministerio de Asuntos Exteriores",
            "Calle Mayor 5",
            "28013 Madrid",
        ]
    )
    p = d.party
    assert (p.honorific, p.name, p.role) == ("Sr. D.", "José García", "Director General")
    assert p.organisation == "Ministerio de Asuntos Exteriores"
    assert p.address == ["Calle Mayor 5", "28013 Madrid"]


def test_german_and_polish_signature_blocks() -> None:
    (d,) = parties(["Dr. Hans Meier", "Geschäftsführer", "Beispiel GmbH"])
    assert (d.party.honorific, d.party.name, d.party.role, d.party.organisation) == (
        "Dr.",
        "Hans Meier",
        "Geschäftsführer",
        "Beispiel GmbH",
    )
    (d,) = parties(["Jan Kowalski", "Dyrektor", "Ministerstwo Spraw Zagranicznych"])
    assert (d.party.name, d.party.role, d.party.organisation) == (
        "Jan Kowalski",
        "Dyrektor",
        "Ministerstwo Spraw Zagranicznych",
    )


def test_name_and_role_on_one_line_with_comma() -> None:
    (d,) = parties(["Jane Doe, Chief Executive Officer", "ACME Ltd"])
    assert (d.party.name, d.party.role, d.party.organisation) == (
        "Jane Doe",
        "Chief Executive Officer",
        "ACME Ltd",
    )


def test_name_role_org_on_one_line_with_bars() -> None:
    (d,) = parties(["Jane Doe | Head of Communications | ACME Ltd"])
    assert (d.party.name, d.party.role, d.party.organisation) == (
        "Jane Doe",
        "Head of Communications",
        "ACME Ltd",
    )


def test_degree_after_comma_stays_with_the_name() -> None:
    (d,) = parties(["John Smith, M.D., Medical Director"])
    assert d.party.name == "John Smith, M.D."
    assert d.party.role == "Medical Director"


def test_honorific_only_line_joins_the_next_name() -> None:
    (d,) = parties(
        ["His Excellency", "Mr Ban Ki-moon", "Secretary-General", "United Nations", "New York, NY 10017"]
    )
    p = d.party
    assert (p.honorific, p.name) == ("His Excellency Mr", "Ban Ki-moon")
    assert p.role == "Secretary-General"
    assert p.organisation == "United Nations"
    assert p.address == ["New York, NY 10017"]
    assert 0 not in d.lines  # the honorific line is consumed, not cited as the party


def test_italian_honorific_on_its_own_line() -> None:
    (d,) = parties(["Gent.ma Dott.ssa", "Maria Rossi", "Ministero degli Affari Esteri"])
    assert (d.party.honorific, d.party.name, d.party.organisation) == (
        "Gent.ma Dott.ssa",
        "Maria Rossi",
        "Ministero degli Affari Esteri",
    )


def test_office_line_before_the_name() -> None:
    (d,) = parties(["Prime Minister", "Mr Boris Johnson"])
    assert (d.party.honorific, d.party.name, d.party.role) == ("Mr", "Boris Johnson", "Prime Minister")


def test_frau_praesidentin_office_line() -> None:
    ds = parties(["Frau Präsidentin", "Dr. Angela Schmidt", "Platz der Republik 1", "11011 Berlin"])
    assert len(ds) == 1
    p = ds[0].party
    assert p.name == "Angela Schmidt"
    assert p.role == "Präsidentin"
    assert p.honorific == "Frau Dr."
    assert p.address == ["Platz der Republik 1", "11011 Berlin"]


def test_on_behalf_line_gives_the_organisation() -> None:
    (d,) = parties(["John Smith", "For and on behalf of ACME Ltd"])
    assert (d.party.name, d.party.organisation) == ("John Smith", "ACME Ltd")
    assert d.lines == [0, 1]


def test_contacts_go_to_email_and_phone() -> None:
    (d,) = parties(["John Smith", "Sales Manager", "john.smith@acme.com", "Tel: +44 20 7946 0958"])
    p = d.party
    assert (p.name, p.role, p.email, p.phone) == (
        "John Smith",
        "Sales Manager",
        "john.smith@acme.com",
        "+44 20 7946 0958",
    )
    assert set(d.lines) == {0, 1, 2, 3}


def test_typed_name_under_handwritten_one_is_the_same_person() -> None:
    (d,) = parties(["Thos. Hargreaves", "THOMAS HARGREAVES,", "Secretary"])
    assert d.party.name == "THOMAS HARGREAVES"  # the longer rendering wins
    assert d.party.role == "Secretary"
    assert d.lines == [0, 1, 2]


def test_bracketed_typed_name_adds_the_honorific() -> None:
    (d,) = parties(["Rachel Ainsworth", "(Miss R. Ainsworth)"])
    assert (d.party.honorific, d.party.name) == ("Miss", "Rachel Ainsworth")
    assert d.lines == [0, 1]


def test_two_signatories_in_separate_blocks() -> None:
    ds = parties(["Anna Berg", "Chair", "Peter Smith", "Treasurer"], frozenset({0, 2}))
    assert [(d.party.name, d.party.role) for d in ds] == [
        ("Anna Berg", "Chair"),
        ("Peter Smith", "Treasurer"),
    ]


def test_recipient_label_is_stripped() -> None:
    (d,) = parties(["To: Mr Peter Jones", "Finance Director"])
    assert (d.party.honorific, d.party.name, d.party.role) == ("Mr", "Peter Jones", "Finance Director")


def test_empty_input_gives_no_party() -> None:
    assert parties([]) == []
    assert parties(["", "  "]) == []


def test_organisation_only_block() -> None:
    (d,) = parties(["European Commission", "Rue de la Loi 200", "1049 Brussels"])
    assert d.party.name is None
    assert d.party.organisation == "European Commission"
    assert d.party.address == ["Rue de la Loi 200", "1049 Brussels"]


def test_parliament_name_under_person_is_organisation() -> None:
    ds = parties(
        [
            "Frau Präsidentin",
            "Dr. Angela Schmidt",
            "Deutscher Bundestag",
            "Platz der Republik 1",
            "11011 Berlin",
        ]
    )
    assert len(ds) == 1
    assert ds[0].party.organisation == "Deutscher Bundestag"


def test_dutch_title_drs() -> None:
    ds = parties(
        ["Mevrouw drs. J. de Vries", "Ministerie van Buitenlandse Zaken", "Postbus 20061", "2500 EB Den Haag"]
    )
    assert ds[0].party.name == "J. de Vries"
    assert ds[0].party.organisation == "Ministerie van Buitenlandse Zaken"


# --- cc -----------------------------------------------------------------------------------------


def test_parse_cc_name_and_office() -> None:
    (d,) = parse_cc([(7, "Mr Jean-Marc Ayrault, Minister of Foreign Affairs")])
    assert (d.party.honorific, d.party.name, d.party.role) == (
        "Mr",
        "Jean-Marc Ayrault",
        "Minister of Foreign Affairs",
    )
    assert d.lines == [7]


def test_parse_cc_semicolons_and_bullets() -> None:
    ds = parse_cc([(0, "John Smith; Jane Doe")])
    assert [d.party.name for d in ds] == ["John Smith", "Jane Doe"]
    ds = parse_cc([(0, "- Anna Berg, Chair"), (1, "- Peter Smith, Treasurer")])
    assert [(d.party.name, d.party.role, d.lines) for d in ds] == [
        ("Anna Berg", "Chair", [0]),
        ("Peter Smith", "Treasurer", [1]),
    ]


def test_parse_cc_skips_file_copy() -> None:
    assert parse_cc([(0, "file")]) == []
    assert parse_cc([(0, "a/a")]) == []


def test_parse_cc_address_continuation() -> None:
    ds = parse_cc([(0, "Mr Hans Meier"), (1, "10115 Berlin")])
    assert len(ds) == 1
    assert ds[0].party.address == ["10115 Berlin"]


# --- attribution --------------------------------------------------------------------------------


def test_parse_attribution_role_and_name() -> None:
    d = parse_attribution("High Representative/Vice-President Mogherini", 3)
    assert d is not None
    assert (d.party.name, d.party.role, d.party.organisation) == (
        "Mogherini",
        "High Representative/Vice-President",
        None,
    )
    assert d.lines == [3]


def test_parse_attribution_on_behalf() -> None:
    d = parse_attribution("Mr Hahn on behalf of the European Commission", 4)
    assert d is not None
    assert (d.party.honorific, d.party.name, d.party.organisation) == ("Mr", "Hahn", "European Commission")
    assert d.party.role is None


def test_parse_attribution_honorific_between_role_and_name() -> None:
    d = parse_attribution("Commissioner Mr Hahn on behalf of the Commission", 0)
    assert d is not None
    assert (d.party.role, d.party.honorific, d.party.name, d.party.organisation) == (
        "Commissioner",
        "Mr",
        "Hahn",
        "Commission",
    )


def test_parse_attribution_without_name() -> None:
    assert parse_attribution("on behalf of the Commission", 0) is None


def test_honorific_after_the_name_hungarian() -> None:
    drafts = parse_parties(list(enumerate(["Kovács Péter úr", "főosztályvezető", "Belügyminisztérium"])))
    assert len(drafts) == 1
    p = drafts[0].party
    assert (p.honorific, p.name) == ("úr", "Kovács Péter")
    assert p.organisation == "Belügyminisztérium"


def _party(lines: list[str]) -> list[dict[str, object]]:
    return [d.party.model_dump(exclude_none=True, exclude_defaults=True)
            for d in parse_parties(list(enumerate(lines)))]


def test_a_delegation_line_names_no_one() -> None:
    """'Pour le Maire et par délégation,' above an office's signature says the signer signs for another:
    it is neither the party's organisation nor its address; a name beside the phrase is still read."""
    office = ["Le Directeur général des services", "Jean Martin"]
    assert _party(["Pour le Maire et par délégation,", *office]) == [
        {"name": "Jean Martin", "role": "Le Directeur général des services"}]
    assert _party(["Por delegación,", "El Jefe de Servicio", "Antonio Ruiz Beltrán"]) == [
        {"name": "Antonio Ruiz Beltrán", "role": "El Jefe de Servicio"}]
    assert _party(["Par délégation, Alice Rousseau"]) == [{"name": "Alice Rousseau"}]
    assert _party(["Im Auftrag", "Stefan Wolf"]) == [{"name": "Stefan Wolf"}]


def test_on_behalf_of_above_the_name_is_the_organisation() -> None:
    assert _party(["For and on behalf of Acme Ltd", "John Smith", "Director"]) == [
        {"name": "John Smith", "role": "Director", "organisation": "Acme Ltd"}]
    assert _party(["John Smith", "For and on behalf of Acme Ltd"]) == [
        {"name": "John Smith", "organisation": "Acme Ltd"}]
