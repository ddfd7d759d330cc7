"""The opener: references, codes, subjects, banners, and the opener read inside short letters."""

from __future__ import annotations

import pytest

from letterkit import read_letter
from letterkit.heuristics import opener


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Our ref: AB/12/2020", "AB/12/2020"),
        ("Ref. 2023/PA/114", "2023/PA/114"),
        ("N/Réf. 12-345", "12-345"),
        ("Az. 4 K 12/19", "4 K 12/19"),
        ("Aktenzeichen: 4 K 12/19", "4 K 12/19"),
        ("Prot. n. 1234/2019", "1234/2019"),
        ("Ons kenmerk: DGA-ANI/18045123", "DGA-ANI/18045123"),
        ("Znak sprawy: DP.123.2020", "DP.123.2020"),
        ("Reference: No. 12345", "12345"),
    ],
)
def test_reference_value(text: str, value: str) -> None:
    assert opener.reference_value(text) == value


@pytest.mark.parametrize("text", ["Your ref: XY/1", "Ref. the meeting", "Dear Mr Jones,"])
def test_reference_value_none(text: str) -> None:
    assert opener.reference_value(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A(2015)905100-1033229", True),
        ("SG/2019/1234", True),
        ("Direct Dial: 617 555 1234", False),
        ("3 May 2010", False),
        ("Rue Wiertz 60", False),
        ("12345", False),
        ("ABC", False),
    ],
)
def test_looks_like_code(text: str, expected: bool) -> None:
    assert opener.looks_like_code(text) is expected


def test_banner_organisation() -> None:
    assert (
        opener.banner_organisation(["EUROPEAN PARLIAMENT PARLEMENT EUROPÉEN EUROPÄISCHES PARLAMENT"])
        == "European Parliament"
    )
    assert opener.banner_organisation(["ACME Ltd"]) is None


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

Subject: Renewal of lease

Thank you for your letter of 1 March about the renewal of the lease on the warehouse.

Yours sincerely,

Jane Smith
"""


def test_business_opener() -> None:
    letter = read_letter(BUSINESS.encode())
    assert letter.reference == "JS/2021/044"
    assert letter.date == "2021-03-04"
    assert letter.subject == "Renewal of lease"
    assert letter.letterhead is not None
    assert letter.letterhead.lines == ["ACME Trading Ltd", "10 High Street", "London EC1A 1BB"]
    assert letter.letterhead.organisation == "ACME Trading Ltd"
    (r,) = letter.recipients
    assert (r.honorific, r.name, r.role, r.organisation) == (
        "Mr",
        "Peter Jones",
        "Finance Director",
        "Widget Corp",
    )
    assert r.address == ["22 Mill Road", "Manchester M1 2AB"]


def test_subject_before_salutation_and_their_reference() -> None:
    text = """Your ref: XY/77

Objet : Demande de subvention

Madame,

Nous vous remercions de votre courrier et vous prions de trouver ci-joint les documents demandés.

Cordialement,

Paul Martin
"""
    letter = read_letter(text.encode())
    assert letter.subject == "Demande de subvention"
    assert letter.reference is None  # 'Your ref' is the recipient's reference, not the letter's
    assert letter.salutation == "Madame,"


def test_stamp_is_not_the_letter_date() -> None:
    text = """Last updated: 7 June 2018

Dear Anna,

It was lovely to see you last weekend, and the children loved the garden.

Love,
Tom
"""
    letter = read_letter(text.encode())
    assert letter.date is None
    assert "No dateline was found." in letter.warnings


def test_date_in_body_sentence_is_not_the_dateline() -> None:
    text = """Dear Anna,

We received your letter on 3 May 2010 and have passed it on to the committee.

Love,
Tom
"""
    assert read_letter(text.encode()).date is None
