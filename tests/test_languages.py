"""One realistic short letter in each of the 24 official EU languages, read end to end.

Each letter has a letterhead, a dateline ``Place, <date written in that language>``, an inside address
with an honorific, a salutation, two body paragraphs of real sentences, a complimentary close and a
signature (name, then role). The test checks what every language must get right: the date, the exact
salutation and close, the first signatory's name and the detected language. The data test checks
that the language data (``lang/data``) covers every language: 12 months, openers and closes. The
letters themselves live in ``eu_letters.py``, shared with the DOCX and PDF variants.
"""

from __future__ import annotations

import pytest

import letterkit
from eu_letters import CASES, CASES_BY_LANG, EU_LANGUAGES
from letterkit import lang


def test_cases_cover_every_eu_language() -> None:
    assert [c.lang for c in CASES] == list(EU_LANGUAGES)


@pytest.mark.parametrize("code", EU_LANGUAGES)
def test_letter_in_language(code: str) -> None:
    case = CASES_BY_LANG[code]
    letter = letterkit.read_letter(case.text().encode("utf-8"))
    got = {
        "date": letter.date,
        "salutation": letter.salutation,
        "closing": letter.closing,
        "signatory": letter.signatories[0].name if letter.signatories else None,
        "language": letter.language,
    }
    want = {
        "date": case.date,
        "salutation": case.salutation,
        "closing": case.closing,
        "signatory": case.signatory,
        "language": code,
    }
    assert got == want


@pytest.mark.parametrize("code", EU_LANGUAGES)
def test_language_data_covers_language(code: str) -> None:
    months = lang.load("months")
    assert set(months.get(code, {}).values()) == set(range(1, 13))
    assert lang.load("salutations")["openers"].get(code)
    assert lang.load("closings")["phrases"].get(code)
    assert lang.load("dates")["weekdays"].get(code)
    assert lang.load("honorifics")["prefixes"].get(code)
