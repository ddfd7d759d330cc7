"""The speed-ups of the line tests give the answers of the plain versions they replaced.

Each faster form (a first-characters filter before a long alternation, one joined pattern instead of
several, counting in C instead of a Python loop) is compared here with the straightforward code it
stands for, on the language data's own entries and on invented lines in several scripts.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter

import pytest

from letterkit import lang
from letterkit.heuristics import features as ft
from letterkit.heuristics import furniture
from letterkit.heuristics.phrases import PhraseMatcher
from letterkit.lang import identify
from letterkit.zones import features as zf

#: invented lines of letters, in several scripts, with the shapes the tests look for
LINES = [
    "Dear Ms Berg,",
    "Mr Laurent Fabius",
    "Prof. Dr. Jane Doe",
    "M. Jean Dupont",
    "D W Pritchard",
    "DR. ANNA SCHNEIDER",
    "Sehr geehrte Frau Müller,",
    "A Sheáin, a chara,",
    "Jānis Bērziņš kungs,",
    "尊敬的王先生：",
    "山田太郎様",
    "김민수 님께",
    "السيد أحمد علي المحترم،",
    "Κύριε Παπαδόπουλε,",
    "Уважаемый Иван Петрович,",
    "Home",
    "Share this page",
    "Last updated: 3 May 2021",
    "Rue de la Loi 200, 1049 Bruxelles, Belgium",
    "Keizersgracht 123, Amsterdam, The Netherlands",
    "Thank you for your letter of 2 March about the delivery of the catalogues.",
    "Yours  sincerely,\t",
    "\u00a0Mr\u00a0Smith",
    "Mr\tJohn Smith",
    "",
    " ",
    "X",
]


def _variants() -> list[str]:
    rng = random.Random(3)
    words = " ".join(LINES).split()
    mixed = [" ".join(rng.choices(words, k=rng.randint(1, 12))) for _ in range(300)]
    return LINES + mixed + [w.upper() for w in LINES] + [w.lower() for w in LINES]


def _honorific_entries() -> list[str]:
    data = lang.load("honorifics")["prefixes"]
    return sorted({e for v in data.values() for e in v})


def _same_match(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groupdict() == b.groupdict()


def test_the_honorific_filter_skips_only_lines_no_honorific_can_start() -> None:
    texts = _variants()
    for entry in _honorific_entries():
        texts += [f"{entry} Smith", f"{entry}. Smith", f"{entry}  Smith", f"{entry}\tSmith", entry + " X"]
    for t in texts:
        assert _same_match(ft._honorific_match(t), ft._honorific_re().match(t)), t


def test_the_web_first_characters_admit_every_web_shell_start() -> None:
    first = furniture._web_first_re()
    assert first is not None
    starts = lang.load("web")["furniture_starts"]
    for t in _variants() + starts + [s.upper() for s in starts] + [s.title() + " more" for s in starts]:
        if furniture._web_re().match(t):
            assert first.match(t), t


def test_the_joined_salutation_pattern_fullmatches_as_any_of_them() -> None:
    joined = ft._salutation_pattern_any()
    assert joined is not None
    for t in _variants():
        expected = any(p.fullmatch(t) for p in ft._salutation_patterns())
        assert (joined.fullmatch(t) is not None) == expected, t
    assert joined.fullmatch("A Sheáin, a chara,")


def test_accents_are_stripped_as_by_the_translate_table() -> None:
    table = lang._nonspacing_marks()
    every = "".join(chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000)
    decomposed = unicodedata.normalize("NFD", every)
    assert lang._nonspacing_marks_re().sub("", decomposed) == decomposed.translate(table)
    assert lang.strip_accents("Février à Zürich") == "Fevrier a Zurich"


def _script_by_counter(text: str) -> str:
    head = text[:200]
    if head.isascii():
        return "Latn" if any(ch.isalpha() for ch in head) else ""
    counts = Counter(map(zf._char_script, filter(str.isalpha, head)))
    if not counts:
        return ""
    if counts.get("Kana") and counts.get("Hani"):
        return "Kana"
    return counts.most_common(1)[0][0]


@pytest.mark.parametrize("extra", ["", "ab", "αβ", "аб", "漢字", "かな", "한글", "١٢", "...!"])
def test_script_of_counts_as_a_counter_does_ties_included(extra: str) -> None:
    for t in _variants():
        for text in (t + extra, extra + t, "ab" + "αβ" + t, "αβ" + "ab" + t):
            assert zf.script_of(text) == _script_by_counter(text), text


def _latin_share_by_loop(text: str) -> float:
    letters = identify._LETTERS.findall(text)
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ch.isascii() or identify._is_latin(ch)) / len(letters)


def test_latin_share_counts_as_the_loop_did() -> None:
    for t in _variants():
        for text in (t, t + " Ελλάδα", "Øresund " + t):
            assert identify.latin_share(text) == _latin_share_by_loop(text), text


def _country_start_by_loop(key: str) -> int | None:
    countries = ft._countries()
    if key in countries:
        return 0
    for i, ch in enumerate(key):
        if ch.isspace() and key[i + 1 :] in countries:
            return i + 1
    return None


def test_country_start_finds_what_the_scan_of_every_space_found() -> None:
    keys = [lang.fold(t).strip(" ,.") for t in _variants()]
    for country in sorted(ft._countries())[:200]:
        keys += [country, f"1049 bruxelles, {country}", f"x {country}", f"{country} x", f"a\t{country}"]
    for key in keys:
        assert ft._country_start(key) == _country_start_by_loop(key), key


def _search_word_start_by_loop(matcher: PhraseMatcher, text: str) -> bool:
    return bool(matcher.match(text)) or any(
        ch.isspace() and matcher.match(text[i + 1 :]) for i, ch in enumerate(text)
    )


def test_phrase_search_at_word_starts_is_the_scan_of_every_space() -> None:
    matcher = ft._role_phrases()
    texts = [lang.fold(t) for t in _variants()]
    texts += ["member of the european parliament", "the\u00a0head of unit", "x\thead of", "head of"]
    for text in texts:
        assert matcher.search_word_start(text) == _search_word_start_by_loop(matcher, text), text


def test_the_delegation_search_is_the_phrase_search_at_word_starts() -> None:
    matcher = PhraseMatcher(ft.delegation_phrases(), r"(?:{alts})(?!\w)", space=r"\ ")
    texts = [lang.fold(t) for t in _variants()]
    texts += [lang.fold(p) for p in lang.load("parties")["delegation_phrases"]]
    texts += ["pour le maire et par delegation,", "le maire,\tpar delegation", "namensliste", "x i.a.",
              "ppa.x", "z up. prezydenta", "ai. a.", "on behalf of", "(p.p. john)"]
    for text in texts:
        assert bool(ft._delegation_search().search(text)) == matcher.search_word_start(text), text
