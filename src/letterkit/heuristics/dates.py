"""Dates: finding them in a line, and choosing the letter's own date (the dateline).

A date grammar built from the month data (``lang/data/months.json``) finds dates written with month
names in any supported language, in capitals, with ordinals and connectors (``29 June, 2016``,
``23 MARS 2015``, ``3 de julio de 2006``, ``29. Juni 2016``, ``3 lipca 2006 r.``, ``March 3rd, 2021``,
``Jan. 14th, 1853``, ``12 мая 2023 г.``, ``3 d'abril de 2023``, ``12 במאי 2023``), numeric forms
(``23.12.2005``, ``29/06/2016``, ``2021-03-04``, ``3.VII.2006``, ``2023. 5. 12.``) and dates
written with unit words (``2023年5月12日``, ``2023년 5월 12일``) or in a regnal era (``令和5年5月12日``,
``民國112年5月12日``).
Digits of any script (Eastern Arabic ``١٢``, Persian ``۱۲``, full-width ``１２``) count as digits. Every word
the grammar knows (months, weekdays, ``г.``, ``年``, the eras) comes from ``lang/data``.

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


#: a character trie: each character leads to the rest; the key "" marks the end of a word
_Trie = dict[str, "_Trie"]


def _alt(words: list[str]) -> str:
    """A regex alternation of ``words`` factored as a trie ('ма(?:рт|я|й)...'), longest match first.

    Why a trie: the month and weekday alternations are tried at every word start of a line; a flat
    alternation of a thousand words compares each in turn, a trie a few characters."""
    trie: _Trie = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" in node:  # a word ends here: the longer words first, then the end (greedy '?')
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@cache
def _digit_table() -> dict[int, str]:
    """Every Unicode decimal digit that is not ASCII, mapped to its ASCII digit: one character for
    one, so that spans found in the translated line are spans of the original line."""
    table: dict[int, str] = {}
    for cp in range(0x80, 0x20000):
        ch = chr(cp)
        value = unicodedata.decimal(ch, None)
        if value is not None:
            table[cp] = str(value)
    return table


def ascii_digits(text: str) -> str:
    """``text`` with Eastern Arabic, Persian, full-width and other digits written as ASCII digits."""
    if text.isascii():
        return text
    return text.translate(_digit_table())


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
    mpre = _alt(data["month_prefixes"])
    dend = _alt(data["year_first_day_endings"])
    ymark, mmark, dmark = (_alt(data[k]) for k in ("year_markers", "month_markers", "day_markers"))
    eras = _alt(list(data["eras"]))
    first = _alt(data["era_first_year"])
    wd = rf"(?:(?:{weekdays})\.?,?\s+(?:the\s+)?)?"
    day = rf"(?P<d>[0-3]?\d)(?:\s?(?:{ords})\b)?\.?"
    # a month word, perhaps with a prefix glued to it (Catalan d'abril, Hebrew במאי)
    month = rf"(?:{mpre})?(?P<m>{months})\b\.?"
    year = rf"(?P<y>\d{{4}})(?:\.?\s?(?:{ysuf})(?!\w))?"
    # 年/月/日 dates: the month and day are numbers, the unit words mark them (day marker optional)
    units = rf"\s*(?:{ymark})\s*(?P<m>[01]?\d)\s*(?:{mmark})\s*(?P<d>[0-3]?\d)(?!\d)(?:\s*(?:{dmark}))?"
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
        # year first (hu, lt, eu): 2016. június 29. / 2016 m. birželio 29 d. / 2023ko maiatzaren 12a
        re.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?{month}\s*(?P<d>[0-3]?\d)\.?(?:\s*d\.|(?:{dend})(?!\w))?(?!\d)",
            flags,
        ),
        # year first, day before month (lv): 2016. gada 29. jūnijā
        re.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?(?P<d>[0-3]?\d)\.\s*{month}", flags
        ),
        # year, marker, day, month (kk): 2023 жылғы 12 мамыр
        re.compile(rf"(?<![\w/.-])(?P<y>\d{{4}})\s*(?:{yfirst})\s*(?P<d>[0-3]?\d)\s+{month}", flags),
        # 2023年5月12日, 2023년 5월 12일 (CJK text has no spaces: only a digit may not precede)
        re.compile(rf"(?<!\d)(?P<y>\d{{4}}){units}"),
        # 令和5年5月12日, 平成元年1月8日, 民國112年5月12日
        re.compile(rf"(?P<era>{eras})\s*(?P<y>\d{{1,3}}|{first}){units}"),
        # 2023. 5. 12. / 2023.05.12 / 2023/5/12 (ko, zh, ja: year first, numbers only)
        re.compile(
            r"(?<![\w/.-])(?P<y>\d{4})(?P<sep>[./])\s?(?P<m>[01]?\d)\s?(?P=sep)\s?(?P<d>[0-3]?\d)(?:\.(?!\d))?(?![\w/-]|\.\d)"
        ),
    )


_DIGIT = re.compile(r"\d")

#: the patterns (by position in ``_patterns()``) whose month is a word
NAMED_PATTERNS = frozenset({0, 1, 4, 5, 6})
#: the patterns whose numbers are marked by unit words (年月日): as certain as a month word
MARKED_PATTERNS = frozenset({7, 8})
#: the patterns read day, month, year: the only ones where a 'month' above 12 proves the US order
DAY_FIRST_NUMERIC = frozenset({2, 3})


def _to_date(y: int, m: int, d: int) -> dt.date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year(m: re.Match[str]) -> int | None:
    """The Gregorian year of a match: its four digits, or an era's start plus the year in the era."""
    ytext = m.group("y")
    era = m.groupdict().get("era")
    if not era:
        return int(ytext) if ytext and ytext.isdigit() else None
    data = load("dates")
    n = 1 if ytext in data["era_first_year"] else int(ytext)
    return int(data["eras"][era]) + n - 1 if n >= 1 else None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, left to right, non-overlapping."""
    return list(_find_dates(text))


@lru_cache(maxsize=16384)
def _find_dates(text: str) -> tuple[DateMatch, ...]:
    """Cached: the same line is looked at by several heuristics. Only the first
    :data:`~letterkit.heuristics.features.MAX_FEATURE_CHARS` characters are searched: the month and
    weekday alternations are tried at every digit, which on a hostile megabyte-long line costs seconds."""
    original = probe(text)
    if not _DIGIT.search(original):
        return ()
    text = ascii_digits(original)  # same length: spans carry over to the original
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    months = _month_table()
    for kind, pat in enumerate(_patterns()):
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            y = _year(m)
            try:
                d = int(m.group("d"))
            except (TypeError, ValueError):
                continue
            if y is None:
                continue
            mtext = m.group("m")
            named = kind in NAMED_PATTERNS or kind in MARKED_PATTERNS
            if kind in NAMED_PATTERNS:
                mon = months.get(fold(mtext.rstrip(".")))
            elif mtext.isdigit():
                mon = int(mtext)
                if mon > 12 and d <= 12 and kind in DAY_FIRST_NUMERIC:  # US order M/D/Y: a day above 12
                    mon, d = d, mon
            else:
                mon = ROMAN_MONTHS.get(mtext.lower())
            if not mon:
                continue
            date = _to_date(y, mon, d)
            if date is None:
                continue
            # the reported text is the date as written, with its weekday ('Tuesday, 4th March 1997')
            found.append(DateMatch(date, s, e, original[s:e].strip(" ,"), named))
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
    # commas of every script: ',' '、' '，' (CJK), '،' (Arabic)
    return re.compile(
        rf"(?:[,、，،\s]+(?:{_alt(data['place_date_joiners'])}))?[\s,、，،:：\-–]*$", re.IGNORECASE
    )


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
    """Words before a place in a dateline: 'En Madrid, a ...', 'Given at Windsor, ...', 'г. Москва'."""
    return re.compile(rf"^(?:{alternation(load('dates')['place_prefixes'])})\s*(?=\w)", re.IGNORECASE)


def _strip_place_prefix(text: str) -> str:
    """``text`` without its place prefix ('En ', 'г. '), when a word follows it (the place, if any, is
    checked after: 'En Madrid' leaves 'Madrid'; 'In uw brief van' leaves words that are no place)."""
    m = _place_prefix_re().match(text)
    if m and m.end() < len(text) and text[m.end()].isalpha() and m.group().endswith((" ", ".")):
        return text[m.end() :]
    return text


def _starts_place_word(word: str) -> bool:
    """A word that may begin a place name: capitalised ('Москва', 'Αθήνα') or in a script without
    case ('東京', 'القاهرة', 'תל אביב')."""
    ch = word[:1]
    return ch.isalpha() and not ch.islower()


@cache
def _place_particles() -> frozenset[str]:
    """Small words that may stand inside a place name ('Frankfurt am Main', 'Stratford-upon-Avon')."""
    return frozenset(load("dates")["place_particles"])


def _looks_like_place(text: str) -> bool:
    """'Brussels', 'Den Haag', 'Frankfurt am Main': capitalised words, not 'I met him'."""
    if not PLACE_RE.match(text) or not _starts_place_word(text) or any(ch.isdigit() for ch in text):
        return False
    words = text.replace("-", " ").split()
    particles = _place_particles()
    if words[-1].casefold() in particles:
        return False
    return all(_starts_place_word(w) or w.casefold() in particles for w in words) and len(words) <= 4


def _is_date_label(text: str) -> bool:
    """'Notice date', 'Datum', 'Date of letter': a label that introduces the letter's own date."""
    key = fold(text).strip(" :.")
    return bool(_label_re().match(key)) or bool(re.search(r"\b(?:date|datum|fecha|data|dátum)\b", key))


#: one to four words of letters (the first capitalised or caseless: see :func:`_starts_place_word`)
PLACE_RE = re.compile(r"^[^\W\d_][\w'’.\-]*(?:[ \-][\w'’.\-]+){0,3}$")


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
    prefix = _joiner_re().sub("", before).strip(" ,、，،")
    prefix = re.sub(r"^\(?\s*", "", prefix)
    prefix = _strip_place_prefix(prefix)  # 'En Valdemorillo del Campo, a 3 de febrero', 'г. Москва'
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
