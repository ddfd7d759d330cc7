"""Line features, computed once per line in one place (after GROBID's and talon's feature vectors).

Every line of a document becomes one :class:`LineFeatures` record: what its words say (lexicon hits from
``lang/data``: greeting, close, dateline, marker families, honorifics, party words, contacts), what it
looks like (length, terminal punctuation of every script, digits, its script, case only where the script
has case), where it sits (page, relative height, indent, alignment, type size relative to the body,
bold, region, block start, page edge, repeats on other pages) and where it falls in the letter (relative
position, distance to the first and last prose line). Lexicon hits are *features*: the trained model
(:mod:`letterkit.zones.model`) decides how much each one counts, next to shape, layout and context, so a
greeting that no list holds is still found by where it stands and what it looks like.

:func:`crf_items` turns the records of a letter into the attribute dictionaries python-crfsuite takes,
with the neighbours' main features (a window of two lines either side) copied in under ``-1:``,
``+1:``... prefixes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from operator import attrgetter
from statistics import median

from letterkit.core.chars import MIRRORED_ALIGN, RIGHT_TO_LEFT_SCRIPTS
from letterkit.document import Page
from letterkit.heuristics import features as ft
from letterkit.heuristics.context import LineView
from letterkit.heuristics.dates import read_dateline
from letterkit.heuristics.footnotes import FOOTNOTE_START_RE
from letterkit.heuristics.furniture import is_web_furniture, page_number_re, running_head_re
from letterkit.lang import all_values, fold
from letterkit.lang.mail import is_reply_or_forward_header

#: marker families of ``lang/data/markers.json`` that become one feature each
MARKER_FAMILIES = (
    "cc",
    "enclosures",
    "postscript",
    "subject",
    "reference",
    "their_reference",
    "attribution",
    "recipient_labels",
    "return_address",
    "continuation",
    "email_headers",
    "signature_prefixes",
    "on_behalf_lines",
)

#: characters that end a sentence or a clause, per class, in every script the data covers
_TERMINALS = {
    ".": "period",
    "。": "period",
    "．": "period",
    "।": "period",
    "!": "excl",
    "！": "excl",
    "?": "quest",
    "？": "quest",
    "؟": "quest",
    ",": "comma",
    "，": "comma",
    "、": "comma",
    "،": "comma",
    ":": "colon",
    "：": "colon",
    ";": "semicolon",
    "；": "semicolon",
    "؛": "semicolon",
    "—": "dash",
    "–": "dash",
    "-": "dash",
    ")": "paren",
    "）": "paren",
    "]": "bracket",
    '"': "quote",
    "”": "quote",
    "’": "quote",
    "»": "quote",
    "…": "ellipsis",
}

#: scripts whose letters have no case: case features are left out for them, never read as "lower"
CASELESS = frozenset({"Arab", "Hebr", "Hani", "Kana", "Hang", "Thai", "Deva", "Geor"})
#: scripts without spaces between words: word counts mean nothing there, character counts do
UNSPACED = frozenset({"Hani", "Kana"})
#: a wrapped line of a spaced script without case (Hangul, Arabic, Hebrew) is prose from this many words
#: and this width on, where East-Asian wide letters count twice: such a line rarely ends a sentence
#: where the page wraps it, and it has no lower case to tell prose from a heading
CASELESS_PROSE_WORDS = 5
CASELESS_PROSE_WIDTH = 60
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]"
)

_WORDISH = re.compile(r"\w+", re.UNICODE)
_BRACKETED = re.compile(r"^[\[(<].*[\])>]\.?$")
_RULE = re.compile(r"^[-=_*.~\s]{3,}$")


def script_of(text: str) -> str:
    """The main script of a line, from Unicode character names (Latn, Cyrl, Grek, Arab, Hebr, Hani,
    Kana, Hang, ...); '' when the line has no letters."""
    head = text[:200]
    if head.isascii():
        return "Latn" if any(map(str.isalpha, head)) else ""
    letters = "".join(filter(str.isalpha, head))
    if not letters:
        return ""
    # each distinct letter looked up once and counted in C; its scripts in the order they first appear,
    # as a Counter over the letters would hold them (so that a tie goes the same way)
    counts: dict[str, int] = {}
    for ch in dict.fromkeys(letters):
        script = _char_script(ch)
        counts[script] = counts.get(script, 0) + letters.count(ch)
    # kana anywhere means Japanese even when kanji dominate
    if counts.get("Kana") and counts.get("Hani"):
        return "Kana"
    return max(counts.items(), key=_count_of)[0]  # the first of the most frequent, as most_common(1)


def _count_of(item: tuple[str, int]) -> int:
    return item[1]


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o < 0x1F00:
        return "Latn"
    if 0x370 <= o < 0x400 or 0x1F00 <= o < 0x2000:
        return "Grek"
    if 0x400 <= o < 0x530:
        return "Cyrl"
    if 0x590 <= o < 0x600 or 0xFB1D <= o < 0xFB50:
        return "Hebr"
    if 0x600 <= o < 0x700 or 0x750 <= o < 0x780 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
        return "Arab"
    if 0x900 <= o < 0x980:
        return "Deva"
    if 0xE00 <= o < 0xE80:
        return "Thai"
    if 0x10A0 <= o < 0x1100:
        return "Geor"
    if 0x1100 <= o < 0x1200 or 0xAC00 <= o < 0xD7B0 or 0x3130 <= o < 0x3190:
        return "Hang"
    if 0x3040 <= o < 0x3100 or 0x31F0 <= o < 0x3200 or 0xFF66 <= o < 0xFFA0:
        return "Kana"
    if 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0xF900 <= o < 0xFB00 or 0x20000 <= o < 0x30000:
        return "Hani"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0][:4].title() if name else "Zyyy"


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge above ``value`` (so a value falls in one of len(edges)+1 bins)."""
    for i, edge in enumerate(edges):
        if value < edge:
            return i
    return len(edges)


@dataclass(slots=True)
class LineFeatures:
    """Everything the zone model knows about one line (one record per line, computed once)."""

    # --- lexical (lang/data lexicons: features, never decisions)
    greeting: bool = False
    greeting_opener: bool = False
    address_form: bool = False
    close: bool = False
    close_exact: bool = False
    close_formula: bool = False
    close_lead: bool = False
    date_cov: int = 0  # dateline coverage in tenths (0: no date in the line)
    date_stamp: bool = False
    markers: tuple[str, ...] = ()
    honorific: bool = False
    honorific_only: bool = False
    name_like: bool = False
    role: int = 0
    org: int = 0
    address: int = 0
    email: bool = False
    phone: bool = False
    url: bool = False
    code: bool = False
    page_number: bool = False
    running_head: bool = False
    web: bool = False
    legal_footer: bool = False
    note_start: bool = False
    note_kind: str = ""  # the footnote marker a line starts with: sup ('¹'), bracket ('[1]'), paren, plain
    sig_image: bool = False
    delegation: bool = False  # signs for someone else ('par délégation', 'i. A.', 'on behalf of')
    quote_head: bool = False  # opens a quoted or forwarded earlier message ('On ... wrote:')
    first_word: str = ""
    last_word: str = ""
    bag: tuple[str, ...] = ()  # the words of a short line (greetings, closes, names, labels)
    # --- shape
    script: str = ""
    words: int = 0
    chars: int = 0
    first_char: str = ""
    last_char: str = ""
    digits: int = 0  # share of digits among non-space characters, in quarters
    upper: int = -1  # share of upper-case letters, in quarters (-1: no case in this script)
    all_caps: bool = False
    starts_lower: bool = False
    prose: bool = False
    sentence: bool = False
    bracketed: bool = False
    rule: bool = False
    # --- layout
    page: str = "only"  # only | first | middle | last
    rel_y: int = -1  # tenth of the page height (-1: unknown)
    indent: int = 0  # 0 none, 1 small, 2 medium, 3 large (relative to the letter's own lines)
    align: str = ""
    size: str = ""  # small | body | large ('' unknown)
    bold: bool = False
    italic: bool = False
    region: str = "body"
    new_block: bool = False
    block_len: int = 1
    block_pos: str = "only"  # only | first | inner | last
    image: bool = False
    ocr_low: bool = False
    page_top: bool = False  # among the first lines of its page (multi-page documents)
    page_bottom: bool = False
    repeats: bool = False  # the same line on another page
    # the first of the repeated lines: a letterhead is the first page's, its copies furniture
    repeat_first: bool = False
    # every copy at the same edge of its page (all among the first lines, or all among the last): where a
    # word processor draws a header or footer; a line that stands again elsewhere is more often the
    # letter's own (a name in the letterhead and under the signature)
    repeat_same_edge: bool = False
    repeat_one_page: bool = False  # the copies all on one page (a one-page letter or transcription)
    # --- position in the letter
    rel_pos: int = 0  # tenth of the letter
    from_start: int = 0
    from_end: int = 0
    vs_first_prose: str = ""  # before | at | after | none
    vs_last_prose: str = ""
    vs_greeting: str = ""  # relative to the first line that reads as a greeting
    vs_close: str = ""  # relative to the last line that reads as a complimentary close
    vs_date: str = ""  # relative to the first line that reads wholly as a dateline
    #: crfsuite attributes of the text features, and the part of them the neighbours see (cached per text)
    text_attrs: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


_POS_EDGES = (1, 2, 3, 4, 6, 9, 14, 20)
#: lines of at most this many words give their words as features (prose lines would add noise)
SHORT_LINE_WORDS = 10
_WORD_EDGES = (2, 3, 4, 6, 9, 13, 20, 40)
_CHAR_EDGES = (4, 10, 20, 35, 60, 100, 200)


#: what may follow a line's last real character: footnote and note marks, spaces
_TRAILING_MARKS = ft.SUPERSCRIPTS + "*†‡ "


@lru_cache(maxsize=32768)
def _text_features(text: str) -> tuple[object, ...]:
    """The features that depend on the text alone (cached: letters repeat lines, batches repeat more).

    The lexicon tests are costly, so each runs only on lines where it can hit: dates need a digit,
    parties (names, offices, organisations, addresses) are short lines, labels are recognised by their
    first characters before their patterns are tried, greetings and closes are not long paragraphs.
    """
    t = ft.probe(text)
    script = script_of(t)
    stripped = t.rstrip(_TRAILING_MARKS)
    last = stripped[-1:] if stripped else ""
    first = t.lstrip()[:1]
    toks = _WORDISH.findall(t)
    unspaced = script in UNSPACED
    split = t.split()
    n_words = len(split) if not unspaced else max(1, len(t) // 2)
    n_letters, n_upper, n_digits = ft.char_counts(t)
    caseless = script in CASELESS or not n_letters
    upper = -1
    all_caps = False
    starts_lower = False
    if not caseless:
        upper = min(3, int(4 * n_upper / n_letters))
        all_caps = n_upper == n_letters and n_letters >= 4
        starts_lower = ft.starts_lower(t)
    nonspace = len(t) - t.count(" ") or 1
    digits = min(3, int(4 * n_digits / nonspace))
    email = "@" in t and bool(ft.EMAIL_RE.search(t))  # the pattern holds an '@': no search without one
    phone = n_digits >= 6 and bool(ft.phone_re().search(t))
    url = ("www" in t or "://" in t) and bool(ft.URL_RE.search(t))
    short = n_words <= PARTY_MAX_WORDS and len(t) <= PARTY_MAX_CHARS
    address = min(3, ft.address_score(t)) if short else 0
    terminal = _TERMINALS.get(last) in ("period", "excl", "quest")
    if caseless or all_caps:
        # prose without case: long, ending like a sentence (or very long)
        long_enough = len(t) >= (25 if unspaced else 60)
        prose = long_enough and (terminal or len(t) >= (60 if unspaced else 120))
        if not prose and not unspaced and not all_caps and script in CASELESS:
            prose = (
                n_words >= CASELESS_PROSE_WORDS
                and len(t) + len(_WIDE.findall(t)) >= CASELESS_PROSE_WIDTH
                and not (email or phone or url)
                and address < 2
            )
        sentence = prose and terminal
    else:
        # running text: enough words, most of them lower case (German capitalises nouns, but not its
        # verbs, articles and conjunctions), no contact details, not an address
        low = sum(1 for w in toks if w[:1].islower()) / len(toks) if toks else 0.0
        contact = email or phone or url
        ends = ft.ends_terminal(t)
        prose = n_words >= 4 and not contact and (
            (n_words >= ft.PROSE_MIN_WORDS and low >= 0.35 and (n_words >= 15 or address < 2))
            or (ends and low >= 0.4)
        )
        sentence = n_words >= 6 and not contact and low >= 0.4 and (n_words >= 15 or address < 2) and (
            ends or n_words >= 12
        )
    dl = read_dateline(t) if n_digits and len(t) < 200 else None
    date_cov = 0
    date_stamp = False
    if dl is not None:
        date_cov = max(1, round(dl.coverage * 10))
        date_stamp = dl.is_stamp
    key = fold(t)
    labelled = _label_prefix(key)
    # a family's label with text after it ('cc: Ann Lee'), or alone on its line ('CC:', 'Anlagen'), which
    # is its own feature: a lone label heads a block, and a one-word line may be a label by chance
    markers: tuple[str, ...] = ()
    if labelled:
        values = [(f, ft.marker(t, f)) for f in MARKER_FAMILIES]
        markers = tuple(f if value else f + ":alone" for f, value in values if value is not None)
    hon = ft.split_honorific(t)[0] if short else None
    fw = fold(toks[0]) if toks else ""
    lw = fold(toks[-1]) if toks else ""
    bag: tuple[str, ...] = ()
    if 0 < len(toks) <= SHORT_LINE_WORDS:
        bag = tuple(sorted({fold(w) for w in toks if 1 < len(w) <= 15 and not w.isdigit()}))
    formulaic = n_words <= FORMULA_MAX_WORDS  # greetings and closes, long formulas included
    note = None if dl else FOOTNOTE_START_RE.match(t)  # a dateline is never a note
    return (
        formulaic and ft.is_salutation(t),
        formulaic and bool(ft._salutation_opener_re().match(key)),
        formulaic and ft.salutation_by_address_form(t),
        formulaic and ft.is_closing(t),
        formulaic and ft.is_exact_closing(t),
        formulaic and ft.is_closing_formula(t),
        formulaic and ft.is_closing_lead(t),
        date_cov,
        date_stamp,
        markers,
        hon is not None,
        short and ft.honorific_only(t),
        short and ft.looks_like_name(t),
        min(3, ft.role_score(t)) if short else 0,
        min(3, ft.org_score(t)) if short else 0,
        address,
        email,
        phone,
        url,
        bool(n_digits) and _looks_like_code(t),
        len(t) <= 30 and bool(page_number_re().match(t)),
        bool(n_digits) and len(t) < 120 and bool(running_head_re().match(t)),
        short and is_web_furniture(t),
        short and ft.is_legal_footer(t),
        note is not None,
        _note_kind_of(note) if not dl else "",
        short and ft.is_signature_image_text(t),
        short and ft.is_delegation(t),
        is_reply_or_forward_header(t),
        fw if len(fw) <= 14 else "",
        lw if len(lw) <= 14 else "",
        bag,
        script,
        n_words,
        len(t),
        _char_class(first),
        _TERMINALS.get(last, _char_class(last)),
        digits,
        upper,
        all_caps,
        starts_lower,
        prose,
        sentence,
        bool(_BRACKETED.match(t)),
        bool(_RULE.match(t)),
    )


#: lines longer than this are never a name, an office, an organisation or an address line
PARTY_MAX_CHARS = 120
PARTY_MAX_WORDS = 14
#: greetings and closes, long formulas included ('Je vous prie d'agréer, ...'), have at most this many words
FORMULA_MAX_WORDS = 45
#: how many leading characters of a folded line identify a possible label
_PREFIX = 3


@cache
def _label_prefixes() -> frozenset[str]:
    """The first characters of every label of every marker family (folded)."""
    out: set[str] = set()
    for family in MARKER_FAMILIES:
        for entry in all_values("markers", family):
            key = fold(entry)
            out.add(key[:_PREFIX])
            out.add(key.replace(" ", "")[:_PREFIX])  # 'p. s.' also matches 'p.s.'

    return frozenset(out)


def _label_prefix(key: str) -> bool:
    """Whether a folded line starts like some label: one set lookup that lets the common case (a line
    with no label) skip the families' patterns one by one."""
    prefixes = _label_prefixes()
    tight = key.replace(" ", "")
    return any(key[:k] in prefixes or tight[:k] in prefixes for k in range(1, _PREFIX + 1))


_CODE_RE = re.compile(r"^[A-Z0-9][\w()./\-:#]*(?:\s[\w()./\-:#–]+){0,3}$")


def _looks_like_code(t: str) -> bool:
    """A file number or reference code: short, with digits, and with a separator ('A(2015)905100')."""
    return len(t) <= 40 and any(c.isdigit() for c in t) and bool(_CODE_RE.match(t)) and (
        "/" in t or "-" in t or "." in t or "(" in t
    )


def _note_kind_of(m: re.Match[str] | None) -> str:
    """Which footnote marker a line starts with, from the footnote pattern's match of it: a
    superscript digit and '[Footnote 1:' are notes wherever they stand; a bracketed or plain number
    may open a list item as well."""
    if not m:
        return ""
    if m.group("sup") or m.group("gb"):
        return "sup"
    if m.group("br"):
        return "bracket"
    if m.group("par") or m.group("num"):
        return "paren"
    return "plain"


def _char_class(ch: str) -> str:
    if not ch:
        return ""
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        if ch.isupper():
            return "upper"
        if ch.islower():
            return "lower"
        return "letter"
    return _TERMINALS.get(ch, "sym")


_TEXT_FIELDS = (
    "greeting",
    "greeting_opener",
    "address_form",
    "close",
    "close_exact",
    "close_formula",
    "close_lead",
    "date_cov",
    "date_stamp",
    "markers",
    "honorific",
    "honorific_only",
    "name_like",
    "role",
    "org",
    "address",
    "email",
    "phone",
    "url",
    "code",
    "page_number",
    "running_head",
    "web",
    "legal_footer",
    "note_start",
    "note_kind",
    "sig_image",
    "delegation",
    "quote_head",
    "first_word",
    "last_word",
    "bag",
    "script",
    "words",
    "chars",
    "first_char",
    "last_char",
    "digits",
    "upper",
    "all_caps",
    "starts_lower",
    "prose",
    "sentence",
    "bracketed",
    "rule",
)


if tuple(f.name for f in fields(LineFeatures))[: len(_TEXT_FIELDS)] != _TEXT_FIELDS:
    raise RuntimeError("LineFeatures must declare the text fields first, in _TEXT_FIELDS order")
#: a record from a line text's cached values, given positionally (the text fields come first)
_record_of: Callable[..., LineFeatures] = LineFeatures


_DIGITS_RE = re.compile(r"\d+")


@lru_cache(maxsize=32768)
def _repeat_key(text: str) -> str:
    """The key under which a line counts as repeated (digits, case and accents aside); cached per text."""
    return _DIGITS_RE.sub("#", fold(text)).strip(" .,")


#: the deadline callback is called once per this many lines
CHECK_EVERY = 2000


def line_features(
    views: list[LineView], pages: dict[int, Page] | None = None, check: Callable[[], None] | None = None
) -> list[LineFeatures]:
    """One :class:`LineFeatures` per line view, in order (``pages`` by number give the page sizes);
    ``check`` is called every :data:`CHECK_EVERY` lines (a deadline that raises when it is past)."""
    n = len(views)
    if not n:
        return []
    numbers = sorted({v.page for v in views})
    multi_page = len(numbers) > 1
    # type size of the body: the median over lines with a size, weighted by length
    sizes = [v.line.font_size for v in views if v.line.font_size and len(v.text) > 30]
    body_size = median(sizes) if sizes else None
    indents = [v.line.indent for v in views if v.line.indent is not None and not v.is_image]
    base_indent = min(indents) if indents else 0.0
    layout = any(v.line.bbox is not None for v in views)
    widths = [v.line.bbox[2] for v in views if v.line.bbox is not None]
    right_edge = max(widths) if widths else 0.0
    # lines of each page, for page-edge features
    by_page: dict[int, list[int]] = {}
    for i, v in enumerate(views):
        by_page.setdefault(v.page, []).append(i)
    keys = [_repeat_key(v.text) if len(v.text) >= 4 else "" for v in views]
    key_pages: dict[str, set[int]] = {}
    for k, v in zip(keys, views, strict=False):
        if k:
            key_pages.setdefault(k, set()).add(v.page)
    # block sizes
    block_len: Counter[int] = Counter(v.block for v in views)
    recs: list[LineFeatures] = []
    for n_done, v in enumerate(views):
        if check is not None and n_done % CHECK_EVERY == 0:
            check()
        if v.is_image:
            rec = LineFeatures(image=True, sig_image=True)
        else:
            values, attrs = _text_record(v.text)
            rec = _record_of(*values, text_attrs=attrs)
        line = v.line
        if multi_page:
            rec.page = "first" if v.page == numbers[0] else "last" if v.page == numbers[-1] else "middle"
        page = pages.get(v.page) if pages else None
        if line.bbox is not None and page is not None and page.height:
            rec.rel_y = min(9, max(0, int(10 * line.bbox[1] / page.height)))
        # a laid-out right-to-left line has its alignment and indent read from the right margin, so that
        # the model's layout knowledge holds for both directions (an Arabic or Hebrew letter is the mirror
        # of a Latin one: its dateline on the left is where a Latin one has it on the right)
        rtl = line.bbox is not None and rec.script in RIGHT_TO_LEFT_SCRIPTS
        if rtl and line.bbox is not None:  # (the second test for the type checker)
            rel = right_edge - line.bbox[2]  # the indent from the right margin
            if page is not None and page.width:
                frac = rel / page.width
                rec.indent = 0 if frac < 0.02 else 1 if frac < 0.12 else 2 if frac < 0.35 else 3
        elif line.indent is not None:
            rel = line.indent - base_indent
            if layout and page is not None and page.width:
                frac = rel / page.width
                rec.indent = 0 if frac < 0.02 else 1 if frac < 0.12 else 2 if frac < 0.35 else 3
            else:
                rec.indent = 0 if rel < 1 else 1 if rel < 9 else 2 if rel < 30 else 3
        rec.align = line.align or ""
        if rtl:
            rec.align = MIRRORED_ALIGN.get(rec.align, rec.align)
        if (
            not rec.align
            and layout
            and line.bbox is not None
            and right_edge
            and page is not None
            and page.width
            and (line.bbox[2] < 0.55 * page.width if rtl else line.bbox[0] > 0.45 * page.width)
        ):
            rec.align = "right"  # a line that starts past the page's middle (ends before it, right to left)
        if body_size and line.font_size:
            r = line.font_size / body_size
            rec.size = "small" if r < 0.9 else "large" if r > 1.15 else "body"
        rec.bold = bool(line.bold)
        rec.italic = bool(line.italic)
        rec.region = line.region
        rec.new_block = v.new_block
        rec.block_len = min(6, block_len[v.block])
        rec.ocr_low = line.confidence is not None and line.confidence < 60
        recs.append(rec)
    # block positions
    for i, v in enumerate(views):
        first = i == 0 or views[i - 1].block != v.block
        last = i == n - 1 or views[i + 1].block != v.block
        recs[i].block_pos = "only" if first and last else "first" if first else "last" if last else "inner"
    if multi_page:
        for idxs in by_page.values():
            for j in idxs[:3]:
                recs[j].page_top = True
            for j in idxs[-3:]:
                recs[j].page_bottom = True
    # a line that stands again elsewhere in the letter: a letterhead or footer repeated on each page, or
    # copied into a transcription at each page break
    key_count = Counter(k for k in keys if k and len(k) >= 6)
    copies: dict[str, list[int]] = {}  # each repeated key's lines, in order
    for i, k in enumerate(keys):
        if k and key_count[k] > 1 and recs[i].words <= 30 and (
            len(key_pages.get(k, ())) > 1 or not multi_page
        ):
            recs[i].repeats = True
            copies.setdefault(k, []).append(i)
    for idxs in copies.values():
        recs[idxs[0]].repeat_first = True
        same_edge = multi_page and (
            all(recs[j].page_top for j in idxs) or all(recs[j].page_bottom for j in idxs)
        )
        for j in idxs:
            recs[j].repeat_same_edge = same_edge
            # (in a document of several pages a line counts as repeated only on another page)
            recs[j].repeat_one_page = not multi_page
    # position in the letter
    prose_idx = [i for i, r in enumerate(recs) if r.sentence or (r.prose and r.words >= 12)]
    first_prose = prose_idx[0] if prose_idx else None
    last_prose = prose_idx[-1] if prose_idx else None
    greet = next((i for i, r in enumerate(recs) if r.greeting and i < max(8, n // 2)), None)
    closes = [i for i, r in enumerate(recs) if (r.close or r.close_lead) and i > n // 4]
    close_at = closes[-1] if closes else None
    date_at = next((i for i, r in enumerate(recs) if r.date_cov >= 7 and not r.date_stamp), None)
    for i, rec in enumerate(recs):
        rec.vs_greeting = _rel(i, greet)
        rec.vs_close = _rel(i, close_at)
        rec.vs_date = _rel(i, date_at)
        rec.rel_pos = min(9, int(10 * i / n))
        rec.from_start = _bucket(i, _POS_EDGES)
        rec.from_end = _bucket(n - 1 - i, _POS_EDGES)
        rec.vs_first_prose = _rel(i, first_prose)
        rec.vs_last_prose = _rel(i, last_prose)
    return recs


def _rel(i: int, anchor: int | None) -> str:
    if anchor is None:
        return "none"
    d = i - anchor
    if d == 0:
        return "at"
    side = "b" if d < 0 else "a"
    return f"{side}{_bucket(abs(d), (2, 3, 4, 6, 10))}"


#: boolean fields of the record that depend on the text alone, and those of layout and position
_TEXT_FLAGS = tuple(f.name for f in fields(LineFeatures) if f.name in _TEXT_FIELDS and f.type == "bool")
_LAYOUT_FLAGS = tuple(f.name for f in fields(LineFeatures) if f.name not in _TEXT_FIELDS and f.type == "bool")

#: the attributes a neighbour passes on (the whole record would swamp the model with weak features)
_CONTEXT_TEXT = frozenset(
    {"greeting", "close", "close_lead", "date", "prose", "sentence", "name_like", "honorific", "page_number",
     "note_start", "nk", "w", "lc", "delegation", "quote_head", "m_cc", "m_enclosures", "m_postscript",
     "m_subject", "m_reference", "m_email_headers", "address", "org", "role", "fw"}
)
_CONTEXT_LAYOUT = frozenset({"new_block", "image", "ind", "al", "sz", "rg", "bp"})


@lru_cache(maxsize=32768)
def _text_attrs(values: tuple[object, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The attributes of a line's text features (cached: the same text gives the same attributes), and
    the part of them its neighbours see."""
    rec = dict(zip(_TEXT_FIELDS, values, strict=False))
    a: list[str] = ["bias"]
    a += [name for name in _TEXT_FLAGS if rec[name]]
    date_cov = int(rec["date_cov"])  # type: ignore[call-overload]
    if date_cov:
        a += ["date", f"date_cov:{min(3, date_cov // 3)}"]
    a += ["m_" + m for m in rec["markers"]]  # type: ignore[attr-defined]
    a += [f"{name}:{rec[name]}" for name in ("role", "org", "address") if rec[name]]
    a += [
        f"script:{rec['script']}",
        f"w:{_bucket(rec['words'], _WORD_EDGES)}",  # type: ignore[arg-type]
        f"c:{_bucket(rec['chars'], _CHAR_EDGES)}",  # type: ignore[arg-type]
        f"fc:{rec['first_char']}",
        f"lc:{rec['last_char']}",
        f"dg:{rec['digits']}",
    ]
    if int(rec["upper"]) >= 0:  # type: ignore[call-overload]
        a.append(f"up:{rec['upper']}")
    fw = str(rec["first_word"])
    if fw:
        a += [f"fw:{fw}", f"fw3:{fw[-3:]}"]
    if rec["last_word"]:
        a.append(f"lw:{rec['last_word']}")
    if rec["note_kind"]:
        a.append(f"nk:{rec['note_kind']}")
    a += ["b:" + w for w in rec["bag"]]  # type: ignore[attr-defined]
    ctx = tuple(x for x in a if x.partition(":")[0] in _CONTEXT_TEXT)
    return tuple(a), ctx


#: the layout flags of a record, as one tuple (read in C)
_layout_flags_of: Callable[[LineFeatures], tuple[bool, ...]] = attrgetter(*_LAYOUT_FLAGS)


def _layout_attrs(rec: LineFeatures) -> tuple[str, ...]:
    return _layout_attrs_of(
        _layout_flags_of(rec), rec.page, rec.indent, rec.region, rec.block_len,
        rec.block_pos, rec.rel_y, rec.align, rec.size,
    )


@lru_cache(maxsize=4096)
def _layout_attrs_of(
    flags: tuple[bool, ...], page: str, indent: int, region: str, block_len: int, block_pos: str, rel_y: int,
    align: str, size: str,
) -> tuple[str, ...]:
    """The layout attributes of a line (cached: a letter's lines share a handful of layouts)."""
    a = [name for name, on in zip(_LAYOUT_FLAGS, flags, strict=True) if on]
    a += [f"pg:{page}", f"ind:{indent}", f"rg:{region}", f"bl:{block_len}"]
    a.append(f"bp:{block_pos}")
    if rel_y >= 0:
        a.append(f"y:{rel_y}")
    if align:
        a.append(f"al:{align}")
    if size:
        a.append(f"sz:{size}")
    return tuple(a)


@lru_cache(maxsize=4096)
def _layout_context(layout: tuple[str, ...]) -> tuple[str, ...]:
    """The layout attributes a neighbour passes on."""
    return tuple(x for x in layout if x.partition(":")[0] in _CONTEXT_LAYOUT)


def _position_attrs(rec: LineFeatures) -> list[str]:
    return [
        f"rp:{rec.rel_pos}",
        f"fs:{rec.from_start}",
        f"fe:{rec.from_end}",
        f"vf:{rec.vs_first_prose}",
        f"vl:{rec.vs_last_prose}",
        f"vg:{rec.vs_greeting}",
        f"vc:{rec.vs_close}",
        f"vd:{rec.vs_date}",
    ]


@lru_cache(maxsize=65536)
def _prefixed(attrs: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    return tuple(prefix + x for x in attrs)


def _text_values(rec: LineFeatures) -> tuple[object, ...]:
    return tuple(getattr(rec, name) for name in _TEXT_FIELDS)


@lru_cache(maxsize=32768)
def _text_record(text: str) -> tuple[tuple[object, ...], tuple[tuple[str, ...], tuple[str, ...]]]:
    """A line text's feature values and their crfsuite attributes, computed once per distinct text."""
    values = _text_features(text)
    return values, _text_attrs(values)


#: the neighbours a line sees: offset, attribute prefix, and the attribute when there is no such line
_OFFSETS = tuple((off, f"{off:+d}:", f"{off:+d}:edge") for off in (-2, -1, 1, 2))


def crf_items(recs: list[LineFeatures]) -> list[list[str]]:
    """crfsuite attributes (``name`` or ``name:value``, weight 1) for a letter's lines, each with its
    neighbours' main features under ``-2:`` ... ``+2:``."""
    own: list[list[str]] = []
    ctx: list[tuple[str, ...]] = []
    for rec in recs:
        text_a, text_ctx = rec.text_attrs if rec.text_attrs[0] else _text_attrs(_text_values(rec))
        layout = _layout_attrs(rec)
        own.append([*text_a, *layout, *_position_attrs(rec)])
        ctx.append(text_ctx + _layout_context(layout))
    n = len(own)
    items: list[list[str]] = []
    for i in range(n):
        item = own[i].copy()
        for off, prefix, edge in _OFFSETS:
            j = i + off
            if j < 0 or j >= n:
                item.append(edge)
            else:
                item.extend(_prefixed(ctx[j], prefix))
        # pairs that matter more together than apart
        if "greeting" in own[i] and j_has(ctx, i + 1, "prose"):
            item.append("greeting&next_prose")
        if "close" in own[i] and j_has(ctx, i - 1, "prose"):
            item.append("close&prev_prose")
        items.append(item)
    return items


def j_has(ctx: list[tuple[str, ...]], j: int, attr: str) -> bool:
    return 0 <= j < len(ctx) and attr in ctx[j]
