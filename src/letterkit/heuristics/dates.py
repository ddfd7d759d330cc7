"""Dates: finding them in a line, and choosing the letter's own date (the dateline).

A date grammar built from the month data (``lang/data/months.json``) finds dates written with month
names in any supported language, in capitals, with ordinals and connectors (``29 June, 2016``,
``23 MARS 2015``, ``3 de julio de 2006``, ``29. Juni 2016``, ``3 lipca 2006 r.``, ``March 3rd, 2021``,
``Jan. 14th, 1853``) and numeric forms (``23.12.2005``, ``29/06/2016``, ``2021-03-04``, ``3.VII.2006``).

Why not dateparser's ``search_dates``: a dateline has to be *located* inside a line, with its exact
span (for ``date_text`` and the place before it), quickly and without false positives from ordinary
words; an anchored grammar over the month data does that in microseconds per line, while
``search_dates`` costs milliseconds and finds "dates" in words like "may" and "second".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from letterkit.heuristics.features import probe
from letterkit.lang import alternation, fold, load, strip_accents

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
ROMAN_MONTHS = {numeral: month for month, numeral in enumerate(_ROMAN, start=1)}

MIN_YEAR = 1000
MAX_YEAR = 2100


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a line: the parsed value and the span of its text."""

    date: dt.date
    start: int
    end: int
    text: str
    #: month written as a word (stronger evidence than a numeric form)
    named: bool


@cache
def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for months in load("months").values():
        for name, num in months.items():
            for variant in {name, strip_accents(name)}:
                # NFC after casefold: Greek 'ΐ' casefolds to three code points the text never has
                table[unicodedata.normalize("NFC", variant.casefold())] = num
    return table


def _alt(words: list[str]) -> str:
    return alternation(words)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = load("dates")
    months = _alt(list(_month_table()))
    weekdays = _alt(
        [w for ws in data["weekdays"].values() for w in ws]
        + [strip_accents(w) for ws in data["weekdays"].values() for w in ws]
    )
    ords = _alt(data["ordinal_suffixes"])
    conn = _alt(data["connectors"])
    ysuf = _alt(data["year_suffixes"])
    yfirst = _alt(data["year_first_markers"])
    wd = rf"(?:(?:{weekdays})\.?,?\s+(?:the\s+)?)?"
    day = rf"(?P<d>[0-3]?\d)(?:\s?(?:{ords})\b)?\.?"
    month = rf"(?P<m>{months})\b\.?"
    year = rf"(?P<y>\d{{4}})(?:\s?(?:{ysuf})(?!\w))?"
    flags = re.IGNORECASE
    return (
        # 29 June 2016, 23 MARS 2015, 3 de julio de 2006, 29. Juni 2016, 4th of March, 1997, 1er mai 2010
        re.compile(rf"(?<![\w/.-]){wd}{day}\s*(?:(?:{conn})\s+)?{month},?\s*(?:(?:{conn})\s+)?{year}", flags),
        # March 3rd, 2021 / Jan. 14th, 1853 / June 29 2016
        re.compile(rf"(?<![\w/.-]){wd}{month}\s*(?:the\s+)?{day},?\s+{year}", flags),
        # 2021-03-04
        re.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\w/-])"),
        # 23.12.2005, 29/06/2016, 3-7-2006, 3.VII.2006
        re.compile(
            rf"(?<![\w/.-]){wd}(?P<d>[0-3]?\d)\s?(?P<sep>[./-])\s?(?P<m>[0-3]?\d|(?:xi{{0,2}}|ix|iv|vi{{0,3}}|i{{1,3}})(?=\s?[./-]))\s?(?P=sep)\s?{year}(?![\w/-])",
            flags,
        ),
        # year first (hu, lt): 2016. június 29. / 2016 m. birželio 29 d.
        re.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?{month}\s*(?P<d>[0-3]?\d)\.?(?:\s*d\.)?(?!\d)",
            flags,
        ),
        # year first, day before month (lv): 2016. gada 29. jūnijā
        re.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?(?P<d>[0-3]?\d)\.\s*{month}", flags
        ),
    )


_DIGIT = re.compile(r"\d")

#: the patterns (by position in ``_patterns()``) whose month is a word
NAMED_PATTERNS = frozenset({0, 1, 4, 5})


def _to_date(y: int, m: int, d: int) -> dt.date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, left to right, non-overlapping."""
    return list(_find_dates(text))


@lru_cache(maxsize=16384)
def _find_dates(text: str) -> tuple[DateMatch, ...]:
    """Cached: the same line is looked at by several heuristics. Only the first
    :data:`~letterkit.heuristics.features.MAX_FEATURE_CHARS` characters are searched: the month and
    weekday alternations are tried at every digit, which on a hostile megabyte-long line costs seconds."""
    text = probe(text)
    if not _DIGIT.search(text):
        return ()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    months = _month_table()
    for kind, pat in enumerate(_patterns()):
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            try:
                y, d = int(m.group("y")), int(m.group("d"))
            except (TypeError, ValueError):
                continue
            mtext = m.group("m")
            named = kind in NAMED_PATTERNS
            if named:
                mon = months.get(fold(mtext.rstrip(".")))
            elif mtext.isdigit():
                mon = int(mtext)
                if mon > 12 and d <= 12:  # US order M/D/Y, proven by a day above 12
                    mon, d = d, mon
            else:
                mon = ROMAN_MONTHS.get(mtext.lower())
            if not mon:
                continue
            date = _to_date(y, mon, d)
            if date is None:
                continue
            # the reported text is the date as written, with its weekday ('Tuesday, 4th March 1997')
            found.append(DateMatch(date, s, e, text[s:e].strip(" ,"), named))
            taken.append((s, e))
    found.sort(key=lambda x: x.start)
    return tuple(found)


@cache
def _label_re() -> re.Pattern[str]:
    data = load("dates")
    return re.compile(rf"^\s*(?:{_alt(data['labels'])})\s*[:.]?\s*$", re.IGNORECASE)


@cache
def _stamp_re() -> re.Pattern[str]:
    data = load("dates")
    return re.compile(rf"(?:{_alt(data['stamps'])})\s*(?:on|am|le|el|il)?\s*[:\-]?\s*$", re.IGNORECASE)


@cache
def _joiner_re() -> re.Pattern[str]:
    data = load("dates")
    return re.compile(rf"(?:[,\s]+(?:{_alt(data['place_date_joiners'])}))?[\s,:\-–]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line read as a dateline: the date, the place before it, and how sure we are."""

    match: DateMatch
    place: str | None
    #: share of the line's characters that belong to place + date
    coverage: float
    is_stamp: bool


@cache
def _place_prefix_re() -> re.Pattern[str]:
    """Words before a place in a dateline: 'En Madrid, a ...', 'Given at Windsor, ...'."""
    return re.compile(rf"^(?:{alternation(load('dates')['place_prefixes'])})\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)


@cache
def _place_particles() -> frozenset[str]:
    """Small words that may stand inside a place name ('Frankfurt am Main', 'Stratford-upon-Avon')."""
    return frozenset(load("dates")["place_particles"])


def _looks_like_place(text: str) -> bool:
    """'Brussels', 'Den Haag', 'Frankfurt am Main': capitalised words, not 'I met him'."""
    if not PLACE_RE.match(text) or any(ch.isdigit() for ch in text):
        return False
    words = text.replace("-", " ").split()
    particles = _place_particles()
    if words[-1].casefold() in particles:
        return False
    return all(w[:1].isupper() or w.casefold() in particles for w in words) and len(words) <= 4


def _is_date_label(text: str) -> bool:
    """'Notice date', 'Datum', 'Date of letter': a label that introduces the letter's own date."""
    key = fold(text).strip(" :.")
    return bool(_label_re().match(key)) or bool(re.search(r"\b(?:date|datum|fecha|data|dátum)\b", key))


PLACE_RE = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-ЯΑ-Ω][\w'’.\-]*(?:[ \-][\w'’.\-]+){0,3}$")


@lru_cache(maxsize=16384)
def read_dateline(text: str) -> Dateline | None:
    """Read a line as a dateline: ``[Place,] [le|den] DATE[.]``; None when the line holds no date."""
    dates = find_dates(text)
    if not dates:
        return None
    m = dates[0]
    before = text[: m.start]
    after = text[m.end :].strip(" .,;)")
    is_stamp = bool(_stamp_re().search(before))
    place: str | None = None
    prefix = _joiner_re().sub("", before).strip(" ,")
    prefix = re.sub(r"^\(?\s*", "", prefix)
    prefix = _place_prefix_re().sub("", prefix)  # 'En Valdemorillo del Campo, a 3 de febrero'
    labelled = before.rstrip().endswith((":", "："))  # 'Notice date: ...', 'Datum: ...' are labels
    if (
        prefix
        and not labelled
        and not _label_re().match(prefix)
        and not is_stamp
        and _looks_like_place(prefix)
    ):
        place = prefix
    unexplained = len(after)
    if prefix and not place and not _label_re().match(prefix) and not (labelled and _is_date_label(prefix)):
        unexplained += len(prefix)
    coverage = max(0.0, 1.0 - unexplained / (len(text.strip(" .")) or 1))
    return Dateline(m, place, coverage, is_stamp)
