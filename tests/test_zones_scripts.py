"""Letters in scripts without case (Korean, Japanese, Chinese, Arabic, Hebrew), in Cyrillic and Greek,
and ALL-CAPS typescripts: the zone model finds their body, salutation, close, signatory and date.

The rule-based reader of letterkit 0.1 found no body in any of them (every prose test wanted lower-case
words); these are the issue's acceptance checks, on invented letters (tests/world_letters.py,
tests/eu_letters.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eu_letters import CASES as EU_CASES
from letterkit import read_letter
from world_letters import CASES as WORLD_CASES

WORLD = {c.key: c for c in WORLD_CASES}
EU = {c.lang: c for c in EU_CASES}


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


@pytest.mark.parametrize("key", ["ko", "ja", "zh", "ar", "he", "ru", "uk"])
def test_caseless_and_cyrillic_letters(key: str) -> None:
    case = WORLD[key]
    letter = read_letter(case.text().encode("utf-8"))
    assert letter.date == case.date
    assert letter.salutation == case.salutation
    assert letter.closing == case.closing_read
    assert letter.signatories and letter.signatories[0].name == case.signatory
    assert len(letter.body) == 2
    assert _norm(letter.body[0]).startswith(_norm(case.body[0])[:25])
    assert _norm(letter.body[1]).endswith(_norm(case.body[1])[-25:])


@pytest.mark.parametrize("lang", ["el", "bg"])
def test_greek_and_bulgarian_letters(lang: str) -> None:
    case = EU[lang]
    letter = read_letter(case.text().encode("utf-8"))
    assert letter.date == case.date
    assert letter.salutation == case.salutation
    assert letter.signatories and letter.signatories[0].name == case.signatory
    assert len(letter.body) == 2


@pytest.mark.parametrize("lang", ["en", "de", "fr", "it", "pl", "el"])
def test_all_caps_typescript(lang: str) -> None:
    """The same letters typed in capitals: no lower-case word anywhere, the parts are still found."""
    case = EU[lang]
    letter = read_letter(case.text().upper().encode("utf-8"))
    assert letter.date == case.date
    assert _norm(letter.salutation) == _norm(case.salutation.upper())
    assert _norm(letter.closing) == _norm(case.closing.upper())
    assert letter.signatories and _norm(letter.signatories[0].name) == _norm(case.signatory.upper())
    assert len(letter.body) == 2
