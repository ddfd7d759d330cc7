"""PhraseMatcher answers exactly what the one big alternation it replaces answers."""

from __future__ import annotations

import random
import re

import pytest

from letterkit.heuristics import features as ft
from letterkit.heuristics.phrases import SPACE_OPTIONAL, SPACE_REQUIRED, PhraseMatcher
from letterkit.lang import fold

PHRASES = [
    "p. s.",
    "p",
    "ps",
    "dear",
    "dear sir",
    "a chara",
    "a",
    "yours  truly",
    "ça va",
    "с уважением",
    "敬具",
    "cc",
    "c c",
    "x-ref",
]
TAIL = r"(?P<rest>[\s,.!;:-].*)?$"


def _texts() -> list[str]:
    rng = random.Random(3)
    pieces = [
        "p",
        ".",
        " ",
        "s",
        "dear",
        "sir",
        ",",
        "a",
        "chara",
        "\t",
        "\u00a0",
        "yours",
        "truly",
        "ça",
        "va",
        "с",
        "уважением",
        "敬具",
        "c",
        "x-ref",
        "ps",
        "!",
        "q",
    ]
    out = [
        "",
        " ",
        "p",
        "a",
        "c c:",
        "p.s. hi",
        "p. s. hi",
        "p.  s. later",
        "a\tchara,",
        "dear sir,",
        "dearest",
    ]
    for _ in range(3000):
        out.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))))
    return out


@pytest.mark.parametrize("space", [SPACE_REQUIRED, SPACE_OPTIONAL])
@pytest.mark.parametrize(
    "template", ["(?:{alts})" + TAIL, "(?P<label>(?:{alts}))\\.?\\s*(?P<value>.*)$", "(?:{alts})(?![\\w])"]
)
def test_same_match_as_the_whole_alternation(space: str, template: str) -> None:
    matcher = PhraseMatcher(PHRASES, template, re.IGNORECASE, space=space)
    whole = re.compile(matcher.pattern(), re.IGNORECASE)
    for text in _texts():
        a, b = whole.match(text), matcher.match(text)
        assert (a is None) == (b is None), repr(text)
        if a is not None and b is not None:
            assert a.span() == b.span() and a.groups() == b.groups() and a.groupdict() == b.groupdict(), repr(
                text
            )


def test_search_at_word_starts() -> None:
    matcher = PhraseMatcher(["head of", "member of the board", "a"], "(?:{alts})", space=r"\ ")
    whole = re.compile(r"(?:^|(?<=\s))(?:head\ of|member\ of\ the\ board|a)")
    for text in [*_texts(), "deputy head of unit", "forehead of", "the member of the board", "x\ta", "xa"]:
        assert matcher.search_word_start(text) == bool(whole.search(text)), repr(text)


def test_lexicon_tests_agree_with_their_patterns() -> None:
    """The greeting, close and label tests of the language data give what their whole alternations give."""
    lines = [
        "Dear Sir,",
        "Yours sincerely,",
        "Mit freundlichen Grüßen",
        "P.S. Bring the book.",
        "cc: Ana Lopes",
        "Sehr geehrte Frau Müller,",
        "С уважением,",
        "Enc. 2",
        "Subject: Visit",
        "Best wishes from Rome",
        "Believe me, dear Sir,",
        "Veuillez agréer, Madame, l'expression",
        "The meeting is on Monday.",
    ]
    for matcher in (
        ft._closing_re(),
        ft._salutation_opener_re(),
        ft._lead_re(),
        ft._formula_re(),
        ft._address_form_re(),
        ft._marker_re("cc"),
        ft._marker_re("postscript"),
    ):
        whole = re.compile(matcher.pattern(), matcher.flags)
        for line in lines:
            key = fold(line)
            a, b = whole.match(key), matcher.match(key)
            assert (a and a.span()) == (b and b.span()), (matcher.template, line)


def test_country_at_the_end_of_an_address_line() -> None:
    assert ft._country_start("1049 brussels belgium") == len("1049 brussels ")
    assert ft._country_start("belgium") == 0
    assert ft._country_start("rue de la loi, belgiumx") is None
