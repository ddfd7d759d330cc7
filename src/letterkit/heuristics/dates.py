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

from letterkit import _regex as rx
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
    #: a numeric date read day first whose day and month could be swapped (3/4/1914): see
    #: :func:`numeric_order`
    dm_ambiguous: bool = False


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
    # ((?!\w), not \b: a month that ends in a combining mark, Hindi 'जनवरी', has no word boundary after it)
    month = rf"(?:{mpre})?(?P<m>{months})(?!\w)\.?"
    year = rf"(?P<y>\d{{4}})(?:\.?\s?(?:{ysuf})(?!\w))?"
    # 年/月/日 dates: the month and day are numbers, the unit words mark them (day marker optional)
    units = rf"\s*(?:{ymark})\s*(?P<m>[01]?\d)\s*(?:{mmark})\s*(?P<d>[0-3]?\d)(?!\d)(?:\s*(?:{dmark}))?"
    flags = re.IGNORECASE
    return (
        # 29 June 2016, 23 MARS 2015, 3 de julio de 2006, 29. Juni 2016, 4th of March, 1997, 1er mai 2010
        rx.compile(rf"(?<![\w/.-]){wd}{day}\s*(?:(?:{conn})\s+)?{month},?\s*(?:(?:{conn})\s+)?{year}", flags),
        # March 3rd, 2021 / Jan. 14th, 1853 / June 29 2016
        rx.compile(rf"(?<![\w/.-]){wd}{month}\s*(?:the\s+)?{day},?\s+{year}", flags),
        # 2021-03-04
        rx.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\w/-])"),
        # 23.12.2005, 29/06/2016, 3-7-2006, 3.VII.2006
        rx.compile(
            rf"(?<![\w/.-]){wd}(?P<d>[0-3]?\d)\s?(?P<sep>[./-])\s?(?P<m>[0-3]?\d|(?:xi{{0,2}}|ix|iv|vi{{0,3}}|i{{1,3}})(?=\s?[./-]))\s?(?P=sep)\s?{year}(?![\w/-])",
            flags,
        ),
        # year first (hu, lt, eu): 2016. június 29. / 2016 m. birželio 29 d. / 2023ko maiatzaren 12a
        rx.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?{month}\s*(?P<d>[0-3]?\d)\.?(?:\s*d\.|(?:{dend})(?!\w))?(?!\d)",
            flags,
        ),
        # year first, day before month (lv): 2016. gada 29. jūnijā
        rx.compile(
            rf"(?<![\w/.-])(?P<y>\d{{4}})\.?\s*(?:(?:{yfirst})\s*)?(?P<d>[0-3]?\d)\.\s*{month}", flags
        ),
        # year, marker, day, month (kk): 2023 жылғы 12 мамыр
        rx.compile(rf"(?<![\w/.-])(?P<y>\d{{4}})\s*(?:{yfirst})\s*(?P<d>[0-3]?\d)\s+{month}", flags),
        # 2023年5月12日, 2023년 5월 12일 (CJK text has no spaces: only a digit may not precede)
        rx.compile(rf"(?<!\d)(?P<y>\d{{4}}){units}"),
        # 令和5年5月12日, 平成元年1月8日, 民國112年5月12日
        rx.compile(rf"(?P<era>{eras})\s*(?P<y>\d{{1,3}}|{first}){units}"),
        # 2023. 5. 12. / 2023.05.12 / 2023/5/12 (ko, zh, ja: year first, numbers only)
        rx.compile(
            r"(?<![\w/.-])(?P<y>\d{4})(?P<sep>[./])\s?(?P<m>[01]?\d)\s?(?P=sep)\s?(?P<d>[0-3]?\d)(?:\.(?!\d))?(?![\w/-]|\.\d)"
        ),
    )


_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
#: the one pattern whose year may have fewer than four digits (令和5年5月12日)
ERA_PATTERN = 8

#: the patterns (by position in ``_patterns()``) whose month is a word
NAMED_PATTERNS = frozenset({0, 1, 4, 5, 6})
#: the patterns whose numbers are marked by unit words (年月日): as certain as a month word
MARKED_PATTERNS = frozenset({7, 8})
#: the patterns read day, month, year: the only ones where a 'month' above 12 proves the US order
DAY_FIRST_NUMERIC = frozenset({2, 3})
#: the pattern of numeric dates in the order day, month, year (23.12.2005, 3/4/1914)
NUMERIC_DMY = 3


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
    # every pattern but the era one reads a four-digit year: without four digits in a row, the month and
    # weekday alternations need not be tried at every position of the line
    kinds = range(len(_patterns())) if _FOUR_DIGITS.search(text) else (ERA_PATTERN,)
    for kind in kinds:
        pat = _patterns()[kind]
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
            ambiguous = False
            if kind in NAMED_PATTERNS:
                mon = months.get(fold(mtext.rstrip(".")))
            elif mtext.isdigit():
                mon = int(mtext)
                if mon > 12 and d <= 12 and kind in DAY_FIRST_NUMERIC:  # US order M/D/Y: a day above 12
                    mon, d = d, mon
                elif kind == NUMERIC_DMY and d <= 12 and mon <= 12 and d != mon:
                    ambiguous = True
            else:
                mon = ROMAN_MONTHS.get(mtext.lower())
            if not mon:
                continue
            date = _to_date(y, mon, d)
            if date is None:
                continue
            # the reported text is the date as written, with its weekday ('Tuesday, 4th March 1997')
            found.append(DateMatch(date, s, e, original[s:e].strip(" ,"), named, ambiguous))
            taken.append((s, e))
    found.sort(key=lambda x: x.start)
    return tuple(found)


@cache
def _label_re() -> re.Pattern[str]:
    data = load("dates")
    return rx.compile(rf"^\s*(?:{_alt(data['labels'])})\s*[:.]?\s*$", re.IGNORECASE)


@cache
def _stamp_re() -> re.Pattern[str]:
    data = load("dates")
    return rx.compile(rf"(?:{_alt(data['stamps'])})\s*(?:on|am|le|el|il)?\s*[:\-]?\s*$", re.IGNORECASE)


@cache
def _joiner_re() -> re.Pattern[str]:
    data = load("dates")
    # commas of every script: ',' '、' '，' (CJK), '،' (Arabic)
    return rx.compile(
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
    return rx.compile(rf"^(?:{alternation(load('dates')['place_prefixes'])})\s*(?=\w)", re.IGNORECASE)


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


def _without_marks(text: str) -> str:
    """``text`` without its combining marks (Arabic's shadda and vowel signs, Hebrew's points, the
    vowel signs of Indic scripts, an accent typed as a mark of its own): they belong to the letter
    before them, but a regular expression's ``\\w`` does not match them, so 'عمّان' or 'दिल्ली' would not
    read as one word."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))


def _looks_like_place(text: str) -> bool:
    """'Brussels', 'Den Haag', 'Frankfurt am Main': capitalised words, not 'I met him' (letters with
    combining marks count as the letters they are written on)."""
    text = _without_marks(text)
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
    return bool(_label_re().match(key)) or bool(_date_word_re().search(key))


@cache
def _date_word_re() -> re.Pattern[str]:
    return rx.compile(rf"\b(?:{_alt(load('dates')['date_words'])})\b")


#: one to four words of letters (the first capitalised or caseless: see :func:`_starts_place_word`)
PLACE_RE = re.compile(r"^[^\W\d_][\w'’.\-]*(?:[ \-][\w'’.\-]+){0,3}$")


def _place_and_coverage(text: str, start: int, end: int) -> tuple[str | None, float, bool]:
    """The place before the date at ``text[start:end]``, the share of the line place and date explain,
    and whether the words before the date make it a stamp ('Received on ...')."""
    before = text[:start]
    after = text[end:].strip(" .,;)")
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
    return place, coverage, is_stamp


@lru_cache(maxsize=16384)
def read_dateline(text: str) -> Dateline | None:
    """Read a line as a dateline: ``[Place,] [le|den] DATE[.]``; None when the line holds no date."""
    dates = find_dates(text)
    if not dates:
        return None
    m = dates[0]
    place, coverage, is_stamp = _place_and_coverage(text, m.start, m.end)
    return Dateline(m, place, coverage, is_stamp)


# --- dates as letters have them: partial, approximate, ranges, feasts, numeric order ----------------

#: how sure a reading is, in TEI's words (``@cert``): the words said it, the context decided it, a guess
CERTAINTIES = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date as the letter has it, complete or not.

    ``edtf`` is its Extended Date/Time Format form (``1904-05``, ``1914``, ``1900~``,
    ``1848-05-03/1848-05-05``, ``1914-04-03?``); ``date`` the day when the text gives one day.
    Why EDTF: CMIF and TEI can both say it (``when``, ``notBefore``/``notAfter``, ``@cert``), and an
    edition must not be told "no date" for "London, May 1904"."""

    edtf: str
    date: dt.date | None
    start: int
    end: int
    text: str
    #: one of :data:`CERTAINTIES`
    certainty: str
    #: a numeric date whose day/month order neither the language nor the place settled
    ambiguous: bool = False
    #: what the text gave: "day", "range", "feast", "month" (a month or year, perhaps approximate)
    kind: str = "day"


def easter(year: int) -> dt.date:
    """Western Easter Sunday of ``year`` in the Gregorian calendar (the anonymous Gregorian computus).

    >>> easter(1848), easter(2024)
    (datetime.date(1848, 4, 23), datetime.date(2024, 3, 31))
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


@cache
def _festivals() -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for feasts in load("partial_dates")["festivals"].values():
        for name, rule in feasts.items():
            table[fold(name)] = rule
    return table


def _words_of_festivals() -> list[str]:
    names = [name for feasts in load("partial_dates")["festivals"].values() for name in feasts]
    return names + [strip_accents(n) for n in names]


def _words(section: str) -> list[str]:
    data = load("partial_dates")[section]
    words = [w for ws in data.values() for w in ws]
    return words + [strip_accents(w) for w in words]


@cache
def _partial_patterns() -> dict[str, re.Pattern[str]]:
    """The grammar of incomplete dates, built like :func:`_patterns` from the data."""
    data = load("dates")
    months = _alt(list(_month_table()))
    ords = _alt(data["ordinal_suffixes"])
    conn = _alt(data["connectors"])
    ysuf = _alt(data["year_suffixes"])
    mpre = _alt(data["month_prefixes"])
    approx = _alt(_words("approximate"))
    starts = _alt(_words("range_starts"))
    joiner_words = [w for w in _words("range_joiners") if w[:1].isalpha()]
    joiner_marks = [w for w in _words("range_joiners") if not w[:1].isalpha()]
    feasts = _alt(_words_of_festivals())
    year = rf"(?P<y>\d{{4}})(?:\.?\s?(?:{ysuf})(?!\w))?"
    # ((?!\w), not \b: a month that ends in a combining mark, Hindi 'जनवरी', has no word boundary after it)
    month = rf"(?:{mpre})?(?P<m>{months})(?!\w)\.?"
    day = rf"[0-3]?\d(?:\s?(?:{ords})\b)?\.?"
    joiner = rf"(?:\s+(?:{_alt(joiner_words)})\s+|\s*(?:{_alt(joiner_marks)})\s*)"
    flags = re.IGNORECASE
    return {
        # between 3 and 5 May 1848, 3-5 May 1848, zwischen dem 3. und 5. Mai 1848
        "range": rx.compile(
            rf"(?<![\w/.-])(?:(?P<start>{starts})\s+)?(?P<d1>{day}){joiner}(?P<d2>{day})\s*"
            rf"(?:(?:{conn})\s+)?{month}(?:,?\s*(?:(?:{conn})\s+)?{year})?(?![\w/-])",
            flags,
        ),
        # c. 1900, um 1900, vers mai 1904
        "approx": rx.compile(
            rf"(?<!\w)(?:{approx})\s*(?:{month},?\s*(?:(?:{conn})\s+)?)?{year}(?!\d)", flags
        ),
        # Ostern 1848, Christmas 1914, Noël 1870
        "feast": rx.compile(rf"(?<!\w)(?P<f>{feasts})\s*,?\s*(?:(?:{conn})\s+)?{year}(?!\d)", flags),
        # May 1904, im Mai 1904, mayo de 1904
        "month": rx.compile(rf"(?<![\w/.-]){month},?\s*(?:(?:{conn})\s+)?{year}(?![\d/-])", flags),
        # 1914 (only where a dateline's place stands before it)
        "year": rx.compile(r"(?<![\w/.-])(?P<y>\d{4})\.?\s*$"),
    }


def _valid_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _day_of(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 0


def _reading_range(m: re.Match[str], text: str) -> DateReading | None:
    d1, d2 = _day_of(m.group("d1")), _day_of(m.group("d2"))
    mon = _month_table().get(fold(m.group("m").rstrip(".")))
    ytext = m.group("y")
    if not mon or not (1 <= d1 < d2 <= 31):
        return None
    if ytext is None:
        if not m.group("start"):  # '3-5 May' without a year or 'between' is too weak to be a date
            return None
        # EDTF marks the unknown year with X digits
        a, b = f"XXXX-{mon:02d}-{d1:02d}", f"XXXX-{mon:02d}-{d2:02d}"
        try:
            dt.date(2000, mon, d2)
        except ValueError:
            return None
    else:
        y = int(ytext)
        first, last = _to_date(y, mon, d1), _to_date(y, mon, d2)
        if first is None or last is None:
            return None
        a, b = first.isoformat(), last.isoformat()
    s, e = m.span()
    return DateReading(f"{a}/{b}", None, s, e, text[s:e].strip(" ,"), "high", kind="range")


def _reading_feast(m: re.Match[str], text: str) -> DateReading | None:
    rule = _festivals().get(fold(" ".join(m.group("f").split())))
    y = int(m.group("y"))
    if rule is None or not _valid_year(y):
        return None
    if "easter" in rule:
        day = easter(y) + dt.timedelta(days=rule["easter"])
    else:
        day = dt.date(y, rule["month"], rule["day"])
    s, e = m.span()
    # a feast names a day, but which calendar (Julian, Orthodox Easter) the writer kept is inferred
    return DateReading(day.isoformat(), day, s, e, text[s:e].strip(" ,"), "medium", kind="feast")


def _reading_month(m: re.Match[str], text: str, approximate: bool) -> DateReading | None:
    y = int(m.group("y"))
    if not _valid_year(y):
        return None
    mtext = m.groupdict().get("m")
    value = f"{y:04d}"
    if mtext:
        mon = _month_table().get(fold(mtext.rstrip(".")))
        if not mon:
            return None
        value += f"-{mon:02d}"
    s, e = m.span()
    edtf = value + ("~" if approximate else "")
    return DateReading(edtf, None, s, e, text[s:e].strip(" ,"), "high", kind="month")


def _in_list(place: str | None, section: str) -> bool:
    if not place:
        return False
    key = fold(place)
    return any(fold(p) == key or key.startswith(fold(p) + ",") for p in load("partial_dates")[section])


def numeric_order(place: str | None, language: str | None, context: str = "") -> str | None:
    """``"mdy"`` or ``"dmy"`` for a numeric date like 3/4/1914, or None when nothing decides it.

    Why place before language: English letters use both orders, and only where they were written
    (Washington, D.C. or London) tells which; other languages write the day first.
    ``context`` is the rest of the dateline, searched for markers such as 'D.C.' or 'N.Y.'."""
    data = load("partial_dates")
    if _in_list(place, "month_first_places"):
        return "mdy"
    markers = data["month_first_place_markers"]
    if context and any(re.search(rf"(?<!\w){re.escape(mk)}(?!\w)", context) for mk in markers):
        return "mdy"
    if _in_list(place, "day_first_places"):
        return "dmy"
    if language and language not in data["mixed_order_languages"]:
        return "dmy"
    return None


def _reading_full(match: DateMatch, text: str, place: str | None, language: str | None) -> DateReading:
    day = match.date
    if not match.dm_ambiguous:
        return DateReading(day.isoformat(), day, match.start, match.end, match.text, "high")
    order = numeric_order(place, language, text)
    if order == "mdy":
        day = dt.date(day.year, day.day, day.month)
    if order is None:
        return DateReading(day.isoformat() + "?", day, match.start, match.end, match.text, "low", True)
    return DateReading(day.isoformat(), day, match.start, match.end, match.text, "medium")


def read_date_text(
    text: str, language: str | None = None, place: str | None = None, *, year_alone: bool = False
) -> DateReading | None:
    """The first date in ``text`` as the letter has it: a day, a range of days, a feast, a month, an
    approximate year; a year alone only with ``year_alone`` (a dateline's place stands before it).

    Ranges are tried before complete dates because '3 and 5 May 1848' holds the complete '5 May
    1848'; numeric dates whose day/month order is open are settled by :func:`numeric_order`.

    >>> read_date_text("between 3 and 5 May 1848").edtf
    '1848-05-03/1848-05-05'
    >>> [read_date_text(t).edtf for t in ("May 1904", "c. 1900", "Ostern 1848")]
    ['1904-05', '1900~', '1848-04-23']
    >>> read_date_text("3/4/1914", "en", "Washington").date, read_date_text("3/4/1914", "en").edtf
    (datetime.date(1914, 3, 4), '1914-04-03?')
    """
    pats = _partial_patterns()
    if not _DIGIT.search(text):
        return None
    probe_text = ascii_digits(probe(text))
    full = find_dates(text)
    rng = pats["range"].search(probe_text)
    if rng:
        reading = _reading_range(rng, text)
        if reading and (not full or reading.start <= full[0].start):
            return reading
    if full:
        return _reading_full(full[0], text, place, language)
    candidates: list[DateReading] = []
    for kind in ("feast", "approx", "month"):
        for m in pats[kind].finditer(probe_text):
            r = _reading_feast(m, text) if kind == "feast" else _reading_month(m, text, kind == "approx")
            if r is not None:
                candidates.append(r)
                break
    if candidates:
        # the earliest; at the same start the first kind tried (a feast or 'c.' before a bare month)
        return min(candidates, key=lambda r: r.start)
    if year_alone:
        ym = pats["year"].search(probe_text)
        if ym and _valid_year(int(ym.group("y"))):
            s, e = ym.span()
            return DateReading(ym.group("y"), None, s, e, text[s:e].strip(" ,."), "high", kind="month")
    return None


@dataclass(frozen=True, slots=True)
class PartialDateline:
    """A line read as a dateline whose date is not one complete day ('London, May 1904')."""

    reading: DateReading
    place: str | None
    coverage: float
    is_stamp: bool


@lru_cache(maxsize=4096)
def read_partial_dateline(text: str) -> PartialDateline | None:
    """``[Place,] PARTIAL DATE``: a year alone counts only after a place ('Vienna, 1914')."""
    reading = read_date_text(text, year_alone=True)
    if reading is None or reading.kind == "day":
        return None
    place, coverage, is_stamp = _place_and_coverage(text, reading.start, reading.end)
    if re.fullmatch(r"\d{4}", reading.edtf) and place is None:
        return None
    return PartialDateline(reading, place, coverage, is_stamp)


def place_before(text: str, start: int, end: int) -> str | None:
    """The place a dateline names before its date at ``text[start:end]`` (for a reading found after
    the line was read: a range's place stands before its first day, not before its complete date)."""
    return _place_and_coverage(text, start, end)[0]
