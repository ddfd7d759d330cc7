"""Language data: month names, salutations, closings, honorifics, markers, party words.

The data live in JSON files beside this module (``data/*.json``), one file per family, keyed by
ISO 639-1 language code, so that adding a language means adding data, not code. :func:`load` reads a
file once and caches it; helpers here flatten the per-language lists, because a letter's language is
not known before its parts are found (and letters mix languages: an English letter to a French
ministry has a French address).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed data file ``data/<name>.json`` (cached; keys starting with '_' are comments)."""
    text = (resources.files("letterkit.lang") / "data" / f"{name}.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@cache
def _nonspacing_marks() -> dict[int, None]:
    """A ``str.translate`` table deleting the non-spacing marks (category Mn) of the Basic Multilingual
    Plane: one C-level pass over a line instead of a Python test per character (built once, ~10 ms)."""
    return {cp: None for cp in range(0x300, 0x10000) if unicodedata.category(chr(cp)) == "Mn"}


@cache
def _nonspacing_marks_re() -> re.Pattern[str]:
    """A character class of the same marks as :func:`_nonspacing_marks`, as ranges: a regex scan deletes
    them faster than ``str.translate``, which looks every character up in a dict."""
    ranges: list[str] = []
    codes = sorted(_nonspacing_marks())
    start = prev = codes[0]
    for cp in [*codes[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return re.compile("[" + "".join(ranges) + "]+")


def strip_accents(s: str) -> str:
    """'Février' -> 'Fevrier': OCR and typewritten letters often drop accents."""
    if s.isascii():
        return s
    decomposed = unicodedata.normalize("NFD", s)
    if max(decomposed) <= "\uffff":
        return _nonspacing_marks_re().sub("", decomposed)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case- and accent-insensitive key for matching words against the data (cached: lines repeat)."""
    return strip_accents(s).casefold()  # accents go first, so the result is the same in NFC and NFD


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, escaped, longest first (so 'yours sincerely' beats 'yours')."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def all_values(name: str, key: str | None = None) -> tuple[str, ...]:
    """Every entry of a per-language list, across languages, longest first (so phrases beat words)."""
    data = load(name)
    section = data[key] if key else data
    out: set[str] = set()
    for values in section.values():
        out.update(values)
    return tuple(sorted(out, key=lambda s: (-len(s), s)))
