"""Pure helpers of the historical letters: Roman-calendar dates and manuscript-style line breaks.

Why apart from the templates: both are computations on plain strings and dates (no random letter
state beyond the ``Random`` passed in), so they can be tested on their own, and the template module
does not grow further. The words they print come from the data files (``historical`` block of a
language file, ``latin.json`` beside this module); nothing language-specific is written here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from functools import cache
from importlib import resources
from random import Random
from typing import Any

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
#: months whose Nones fall on the 7th (and Ides on the 15th) in the Roman calendar
_LATE_NONES = frozenset({3, 5, 7, 10})


def roman_numeral(n: int) -> str:
    """``n`` (>0) in Roman numerals: 4 -> 'IV', 1764 -> 'MDCCLXIV'."""
    out = []
    for value, sign in _ROMAN:
        while n >= value:
            out.append(sign)
            n -= value
    return "".join(out)


def roman_day(day: dt.date, words: dict[str, Any]) -> str:
    """The day in the Roman count of Kalends, Nones and Ides ('a. d. III Id. Mart.').

    ``words`` holds the printed forms: ``kalends``, ``nones``, ``ides``, ``pridie``, ``ante_diem``
    (with ``{n}``) and ``months`` (12 month adjectives, abbreviated as letters print them). The count
    is inclusive, as the Romans counted: the day before the Ides is 'pridie', two days before is III.
    """
    months: list[str] = words["months"]
    nones = 7 if day.month in _LATE_NONES else 5
    ides = nones + 8
    mon = months[day.month - 1]

    def before(n: int, mark: str, month: str) -> str:
        if n == 1:
            return f"{mark} {month}"
        if n == 2:
            return f"{words['pridie']} {mark} {month}"
        return f"{str(words['ante_diem']).replace('{n}', roman_numeral(n))} {mark} {month}"

    if day.day == 1:
        return before(1, words["kalends"], mon)
    if day.day <= nones:
        return before(nones - day.day + 1, words["nones"], mon)
    if day.day <= ides:
        return before(ides - day.day + 1, words["ides"], mon)
    last = calendar.monthrange(day.year, day.month)[1]
    following = months[day.month % 12]
    return before(last - day.day + 2, words["kalends"], following)


def split_word(rng: Random, word: str, vowels: str, clusters: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """A plausible division point of a long word, or None.

    Why so simple: a scribe divides where the word breaks in speech; "vowel - consonant vowel"
    (ta-ble) and "vowel consonant - consonant vowel" (bet-ter) catch most such places in the
    languages here, and ``clusters`` (the language's letter groups never divided: ch, sch, gn ...)
    keeps the rest plausible. The model only needs to see that a line may end in a piece of a word.
    """
    if len(word) < 7 or not word.isalpha():
        return None
    low = word.lower()

    def vowel(i: int) -> bool:
        return low[i] in vowels

    def inside_cluster(i: int) -> bool:
        return any(low[j : j + len(c)] == c for c in clusters for j in range(i - len(c) + 1, i))

    cuts = [i for i in range(3, len(word) - 3)
            if not vowel(i) and vowel(i + 1) and (vowel(i - 1) or (not vowel(i - 1) and vowel(i - 2)))
            and not inside_cluster(i)]
    if not cuts:
        return None
    i = rng.choice(cuts)
    return word[:i], word[i:]


def manuscript_lines(rng: Random, text: str, width: int, hyphens: list[str], vowels: str,
                     divide: float, clusters: tuple[str, ...] = ()) -> list[str]:
    """``text`` hard-wrapped at about ``width`` characters, dividing a word at a line end with a
    hyphen (one of ``hyphens``) with probability ``divide``, as a hand-written page breaks lines."""
    lines: list[str] = []
    cur = ""
    words = text.split()
    k = 0
    while k < len(words):
        word = words[k]
        room = width - len(cur) - (1 if cur else 0)
        if len(word) <= room or not cur:
            cur = f"{cur} {word}" if cur else word
            k += 1
            continue
        parts = split_word(rng, word, vowels, clusters) if hyphens and rng.random() < divide else None
        if parts is not None and len(parts[0]) + 1 <= room:
            hyphen = rng.choice(hyphens)
            lines.append(f"{cur} {parts[0]}{hyphen}")
            cur = parts[1]
            k += 1
            continue
        lines.append(cur)
        cur = ""
    if cur:
        lines.append(cur)
    return lines


@cache
def latin_forms() -> dict[str, Any]:
    """The Latin formulas of the learned letter (``latin.json``): datelines, closes, greetings.

    Why a shared file: scholars writing German, Dutch, English, French or Italian used the same
    Latin dateline and closing formulas, so the forms are not part of any one language's file.
    """
    text = (resources.files("letterkit.zones.synth") / "latin.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


__all__ = ["latin_forms", "manuscript_lines", "roman_day", "roman_numeral", "split_word"]
