"""Salutations that are patterns, not fixed openers (salutations.json "patterns").

Irish greets by name in the vocative before 'a chara' ('A Sheáin, a chara,'), so no fixed opener can
list them; Latvian may put the surname before 'kungs'/'kundze'. The patterns are matched against the
whole stripped line, so a line that goes on into a sentence is still prose.
"""

from __future__ import annotations

import dataclasses

import pytest

import letterkit
from eu_letters import CASES_BY_LANG, expected, got
from letterkit import lang
from letterkit.heuristics.features import is_salutation


@pytest.mark.parametrize(
    "line",
    [
        "A Sheáin, a chara,",
        "A Mháire, a chara",
        "A Uasail Uí Bhriain, a chara,",
        "A Aire, a chara,",
        "A Sheáin agus a Mháire, a chairde,",
        "A Mháire dhil,",
        "Bērziņa kungs!",
        "Ozolas kundze,",
    ],
)
def test_pattern_salutations(line: str) -> None:
    assert is_salutation(line)


@pytest.mark.parametrize(
    "line",
    [
        "A Sheáin, a chara, scríobhaim chugat faoin bplean nua don Ghaeilge.",
        "A report, a chart,",
        "Jānis Bērziņš kungs",
        "A Sheáin, a chara, sheol mé an tuarascáil chugat ar sheoladh seán@example.ie,",
    ],
)
def test_not_pattern_salutations(line: str) -> None:
    assert not is_salutation(line)


def test_patterns_are_data() -> None:
    patterns = lang.load("salutations")["patterns"]
    assert patterns["ga"] and all(isinstance(p, str) for values in patterns.values() for p in values)


def test_irish_letter_with_vocative_salutation() -> None:
    case = dataclasses.replace(CASES_BY_LANG["ga"], salutation="A Sheáin, a chara,")
    letter = letterkit.read_letter(case.text().encode("utf-8"))
    assert got(letter) == expected(case)
    assert letter.body and letter.body[0].startswith("Go raibh maith agat")
