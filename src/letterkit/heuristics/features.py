"""Per-line features (after talon): small named tests that the field heuristics combine.

Each function answers one question about one line ("does it open with a salutation word?", "is it
prose?", "does it look like a postal address?") from the language data and the line's shape. Keeping
them small and named makes the decisions in the field modules readable and testable, and keeps every
literal word list in ``lang/data``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from letterkit import _regex as rx
from letterkit.core.chars import SUPERSCRIPT_DIGITS
from letterkit.heuristics.phrases import SPACE_OPTIONAL, PhraseMatcher, _norm_head
from letterkit.lang import all_values, alternation, fold, load

# --- thresholds (named, so that tuning is visible) -----------------------------------------------
#: a line with at least this many words that ends like a sentence is prose
PROSE_MIN_WORDS = 9
#: a salutation line has at most this many words
SALUTATION_MAX_WORDS = 12
#: a closing line has at most this many words (long French formulas are handled apart)
CLOSING_MAX_WORDS = 9
#: a name line has at most this many words
NAME_MAX_WORDS = 7
#: a word of a caseless script longer than this is no part of a name (a CJK sentence has no spaces)
NAME_MAX_CASELESS = 12
#: sentence punctuation of Chinese and Japanese, never inside a name
CJK_PUNCTUATION = "。，、！？：；"
_CJK_PUNCTUATION_SET = frozenset(CJK_PUNCTUATION)
#: line-level tests look at no more than this many characters of a line. Real lines (a paragraph
#: written as one line included) stay far below it (the corpora's longest is under 3,000); a hostile
#: 10 MB line would otherwise make every regex and word count below walk megabytes, many times over.
MAX_FEATURE_CHARS = 10_000

TERMINAL = tuple(".!?:;…\"'”’»)")
SUPERSCRIPTS = SUPERSCRIPT_DIGITS  # the footnote markers a line may end with

#: the look-behind starts a match only where a run of address characters starts; without it, a search
#: on a long run with no '@' (a 50 kB line of letters or digits) retried from every position: O(n²)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


@cache
def phone_re() -> re.Pattern[str]:
    """An international number (+32 ..., 0032 ...), labelled or not; or a labelled national one (the
    labels: ``parties.json`` ``phone_labels``)."""
    labels = "|".join(load("parties")["phone_labels"])
    return rx.compile(
        rf"(?:(?:\b(?:{labels})\.?\s*[:.]?\s*)?(?:\+|00)\d[\d\s().\-/]{{6,}}\d)"
        rf"|(?:\b(?:{labels})\.?\s*[:.]?\s*\(?\d[\d\s().\-/]{{5,}}\d)",
        re.IGNORECASE,
    )


POSTCODE_RE = re.compile(
    r"(?:\b\d{4,5}\b(?:\s+[A-ZÀ-Ý]))|(?:\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)|(?:\b\d{2}-\d{3}\b)|(?:\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)|(?:\b\d{3}\s?\d{2}\s+[A-ZÀ-Ý])|(?:\b[A-Z]-\d{4,5}\b)"
)
WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*", re.UNICODE)


def probe(text: str) -> str:
    """The part of a line that line-level tests look at: all of it, up to :data:`MAX_FEATURE_CHARS`."""
    return text if len(text) <= MAX_FEATURE_CHARS else text[:MAX_FEATURE_CHARS]


def words(text: str) -> list[str]:
    return text.split()


def n_words(text: str) -> int:
    return len(text.split())


def ends_terminal(text: str) -> bool:
    t = text.rstrip().rstrip(SUPERSCRIPTS + "*†‡")
    return bool(t) and t.endswith(TERMINAL)


def starts_lower(text: str) -> bool:
    t = text.lstrip(" \"'“‘(«-–—…")
    return bool(t) and t[0].islower()


def lower_ratio(text: str) -> float:
    """Share of words that start in lower case: high in running text of every language (German
    capitalises nouns, but its verbs, articles and conjunctions stay lower case)."""
    ws = WORD_RE.findall(text)
    if not ws:
        return 0.0
    return sum(1 for w in ws if w[0].islower()) / len(ws)


def caseless(ch: str) -> bool:
    """A letter of a script without case (Arabic, Hebrew, Chinese, Japanese, Korean...): such a
    letter starts names and sentences alike, so it passes every 'capitalised' test."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def capitalised(word: str) -> bool:
    """A word that starts as a name does: with a capital, or with a letter of a caseless script."""
    ch = word[:1]
    return ch.isupper() or caseless(ch)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"


def char_counts(t: str) -> tuple[int, int, int]:
    """Letters, upper-case letters and digits of a line, counted in C (``bytes.translate`` for ASCII,
    ``filter``/``map`` otherwise): a Python loop over the characters was the costliest part of a line's
    features."""
    if t.isascii():
        b = t.encode("ascii")
        n = len(b)
        return (
            n - len(b.translate(None, _ASCII_LETTERS)),
            n - len(b.translate(None, _ASCII_UPPER)),
            n - len(b.translate(None, _ASCII_DIGITS)),
        )
    letters = "".join(filter(str.isalpha, t))
    return len(letters), sum(map(str.isupper, letters)), sum(map(str.isdigit, t))


def upper_ratio(text: str) -> float:
    n_letters, n_upper, _ = char_counts(probe(text))
    return n_upper / n_letters if n_letters else 0.0


@lru_cache(maxsize=32768)
def is_prose(text: str) -> bool:
    """A sentence-like line: long enough, mostly lower-case words; the stuff of body paragraphs."""
    n = n_words(text)
    if n < 4 or has_contact(text):
        return False
    low = lower_ratio(text)
    if n >= PROSE_MIN_WORDS and low >= 0.35 and (n >= 15 or address_score(text) < 2):
        return True
    return ends_terminal(text) and low >= 0.4


_DIGIT_RE = re.compile(r"\d")
#: one whitespace character (``\s`` in a str pattern is exactly what ``str.isspace`` accepts)
_SPACE_RE = re.compile(r"\s")


def has_contact(text: str) -> bool:
    """An e-mail address, a web address or a telephone number in the line. Each pattern is tried only
    where it can match (an '@', a '://' or 'www.', a digit): most lines have none of them, and the
    telephone pattern, searched at every position, was the costliest test of a party line."""
    text = probe(text)
    return bool(
        ("@" in text and EMAIL_RE.search(text))
        or (("://" in text or "www." in text.lower()) and URL_RE.search(text))
        or (_DIGIT_RE.search(text) and phone_re().search(text))
    )


def _phrase_re(entries: tuple[str, ...], tail: str) -> PhraseMatcher:
    """``^(?:entry|entry|...)tail`` over folded text, each entry's spaces matching any whitespace."""
    template = "(?:{alts})" + tail.replace("{", "{{").replace("}", "}}")
    return PhraseMatcher([fold(e) for e in entries], template, re.IGNORECASE)


@cache
def _salutation_opener_re() -> PhraseMatcher:
    return _phrase_re(all_values("salutations", "openers"), r"(?![\w])")


@cache
def _address_form_re() -> PhraseMatcher:
    return _phrase_re(all_values("salutations", "address_forms"), r"\.?(?![\w])")


@cache
def _salutation_patterns() -> tuple[re.Pattern[str], ...]:
    """Salutations that are not a fixed opener ('A Sheáin, a chara,': a name in the vocative first),
    from the "patterns" section of salutations.json, each matched against the whole stripped line."""
    entries = load("salutations").get("patterns", {})
    return tuple(rx.compile(p, re.IGNORECASE) for values in entries.values() for p in values)


#: what makes patterns unsafe to join into one alternation: back-references and conditionals count groups
_GROUP_REFERENCE_RE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


@cache
def _salutation_pattern_any() -> re.Pattern[str] | None:
    """The salutation patterns as one alternation, whose ``fullmatch`` is that of any of them: one call
    instead of one per pattern on every short line (None where joining them could change a pattern)."""
    patterns = _salutation_patterns()
    if not patterns or any(_GROUP_REFERENCE_RE.search(p.pattern) for p in patterns):
        return None
    try:
        return rx.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:
        return None


def _any_salutation_pattern(t: str) -> bool:
    joined = _salutation_pattern_any()
    if joined is not None:
        return joined.fullmatch(t) is not None
    return any(p.fullmatch(t) for p in _salutation_patterns())


@lru_cache(maxsize=32768)
def is_salutation(text: str) -> bool:
    """A greeting line: 'Dear Ana, dear Marju,', 'Mr Prime Minister,', 'Sehr geehrte Frau ...,'.

    Short, on its own line, and either opening with a greeting word or being a form of address that
    ends in a comma, colon or exclamation mark. 'Mr Prime Minister, I call on you ...' is prose, so
    it is not one.
    """
    t = text.strip()
    if not t or n_words(t) > SALUTATION_MAX_WORDS:
        return False
    if _any_salutation_pattern(t):
        # a whole-line form the openers cannot express: 'A Sheáin, a chara,' / 'A Aire, a chara,'
        return not EMAIL_RE.search(t)
    key = fold(t)
    if _salutation_opener_re().match(key):
        # 'Dear Sir, I write to ...' on one line is still prose; a real greeting ends the line or is short
        if n_words(t) > 8 and not t.endswith((",", ":", "!", "—", "-")):
            return False
        return not EMAIL_RE.search(t)
    return salutation_by_address_form(t)


def salutation_by_address_form(text: str) -> bool:
    """A greeting that is only a form of address ('Mr Prime Minister,', 'Sir,', 'Madame,'): such a
    line can also be the first line of an old-style inside address ('Mr. A. R. Thornton,'), which
    the caller tells apart by what follows it."""
    t = text.strip()
    if _address_form_re().match(fold(t)) and t.endswith((",", ":", "!")):
        # 'Mr Laurent Fabius, Minister' has no trailing comma; a cc line is excluded by position
        return n_words(t) <= 6 and ", " not in t.rstrip(",:!")
    return False


@cache
def _closing_re() -> PhraseMatcher:
    return _phrase_re(all_values("closings", "phrases"), r"(?P<rest>[\s,.!;:—–-].*)?$")


@cache
def _formula_re() -> PhraseMatcher:
    return _phrase_re(all_values("closings", "formulas"), r"")


@cache
def _lead_re() -> PhraseMatcher:
    return _phrase_re(all_values("closings", "leads"), r"(?![\w])")


@lru_cache(maxsize=32768)
def is_closing(text: str) -> bool:
    """A complimentary close: 'Yours sincerely,', 'Mit freundlichen Grüßen', 'Love,'."""
    t = text.strip()
    if not t or n_words(t) > CLOSING_MAX_WORDS:
        return False
    key = fold(t)
    m = _closing_re().match(key)
    if not m:
        return False
    phrase_len = m.start("rest") if m.group("rest") else len(key)
    rest = (m.group("rest") or "").strip()
    one_word = " " not in key[:phrase_len].strip()
    if not rest or rest in {",", ".", "!", ":", ",—", "—", "-"}:
        # a close alone on its line: 'Best,', 'Lugupidamisega', 'Tisztelettel:'
        return True
    # 'Yours sincerely, and with thanks,' / 'Kind regards from Berlin' (not 'Thank you for your letter.')
    if rest.startswith(",") and n_words(rest) <= 4:
        return True
    return not one_word and n_words(rest) <= 3 and not t.endswith((".", "!", "?", ":", ";"))


@cache
def _closing_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(
        rx.compile(p, re.IGNORECASE) for ps in load("closings").get("patterns", {}).values() for p in ps
    )


@lru_cache(maxsize=8192)
def is_exact_closing(text: str) -> bool:
    """A close and nothing else ('Your most obedient humble Servant,'), for closes stepped over lines."""
    t = " ".join(text.split())  # runs of whitespace as one space, as re.sub(r"\s+", " ", text.strip())
    if any(p.fullmatch(t) for p in _closing_patterns()):
        return True
    if not is_closing(t):
        return False
    m = _closing_re().match(fold(t))
    return m is not None and (m.group("rest") or "").strip(" ,.!—-") == ""


def is_closing_formula(text: str) -> bool:
    """A sentence-long close ('Veuillez agréer, Monsieur, l'expression de ...', 'Please accept, ...')."""
    return bool(_formula_re().match(fold(text.strip())))


def is_closing_lead(text: str) -> bool:
    """The first line of a two-line close: 'I remain, dear Sir,' / 'Believe me,'."""
    t = text.strip()
    if n_words(t) > 8 or not _lead_re().match(fold(t)):
        return False
    return t.endswith(",") or not ends_terminal(t)


# --- markers: cc, enclosures, postscript, subject, reference -------------------------------------


@cache
def _marker_re(family: str) -> PhraseMatcher:
    return PhraseMatcher(
        [fold(e) for e in all_values("markers", family)],
        r"(?P<label>(?:{alts}))\.?\s*(?:[:：.\-–]\s*|\s+(?=\S)|$)(?P<value>.*)$",
        re.IGNORECASE,
        space=SPACE_OPTIONAL,
    )


def marker(text: str, family: str, need_colon: bool = False) -> str | None:
    """If ``text`` starts with a label of ``family`` (markers.json), what follows it ('' if nothing)."""
    t = text.strip()
    key = fold(t)
    m = _marker_re(family).match(key)
    if not m:
        return None
    label_end = m.end("label")
    after = t[label_end:]
    has_colon = bool(re.match(r"\.?\s*[:：]", after))
    if need_colon and not has_colon:
        return None
    value = re.sub(r"^\.?\s*[:：.\-–]?\s*", "", after)
    return value.strip()


def marker_with_colon_or_alone(text: str, family: str) -> str | None:
    """A marker followed by a colon or an abbreviating full stop, or alone on its line ('Enc.', 'CC:',
    'Enc. Heads of terms')."""
    value = marker(text, family, need_colon=True)
    if value is not None:
        return value
    value = marker(text, family)
    if value == "":
        return ""
    if value is not None:
        label_len = len(text.strip()) - len(value)
        head = text.strip()[:label_len].rstrip()
        if head.endswith(".") and value[:1].isupper():
            return value
    return None


@cache
def _legal_footer_re() -> re.Pattern[str]:
    entries = load("markers")["legal_footer"]["all"]
    alts = alternation(entries)
    return rx.compile(rf"(?<![\w])(?:{alts})(?![\w])", re.IGNORECASE)


def is_legal_footer(text: str) -> bool:
    """An office footer line: bank details, company register, VAT number ('IBAN DE44 ...', 'HRB 712345')."""
    # the cheap tests first: most lines have no separator, digits or contact, and then the search of
    # every label at every word is not needed
    separated = "·" in text or "|" in text or "•" in text
    return (separated or sum(map(str.isdigit, text)) >= 5 or has_contact(text)) and bool(
        _legal_footer_re().search(text)
    )


@cache
def _ps_re() -> re.Pattern[str]:
    entries = load("markers")["postscript"]["all"]
    alts = "|".join(re.escape(e).replace(r"\.", r"\.?\s?") for e in sorted(entries, key=len, reverse=True))
    return rx.compile(rf"^(?:{alts})\.?\s*(?:[:.\-–]\s*|\s+)", re.IGNORECASE)


def postscript_text(text: str) -> str | None:
    """'P.S. Do give my love to...' -> 'Do give my love to...'; None when the line is no postscript."""
    t = text.strip()
    m = _ps_re().match(t + " ")
    if not m:
        return None
    return t[m.end() :].strip() if m.end() <= len(t) else ""


@cache
def _signature_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The stand-ins, bracket marks and descriptions of a handwritten signature (``markers.json``:
    regular-expression fragments)."""
    data = load("markers")
    standins = "|".join(data["signature_standins"]["all"])
    marks = "|".join(data["signature_marks"]["all"])
    desc = data["signature_descriptions"]
    before, after, word = ("|".join(desc[k]) for k in ("before", "after", "word"))
    return (
        rx.compile(rf"[\[(]?\s*(?:{standins})[^\])]*[\])]?\.?", re.I),
        rx.compile(rf"\b(?:{marks})\b", re.I),
        rx.compile(rf"\b(?:{before})\b.*\b(?:{word})\b|\b(?:{word})\b.*\b(?:{after})\b", re.I),
    )


_BRACKETED_NOTE_RE = re.compile(r"\[[^\]]{1,60}\]")


def is_signature_image_text(text: str) -> bool:
    """A description or stand-in of a handwritten signature ('[signature]', 'A handwritten signature...')."""
    t = text.strip()
    if not t:
        return True
    standin, mark, description = _signature_res()
    if standin.fullmatch(t):
        return True
    if _BRACKETED_NOTE_RE.fullmatch(t) and mark.search(t):
        return True
    return bool(description.search(t))


# --- parties ------------------------------------------------------------------------------------


@cache
def _honorific_re() -> re.Pattern[str]:
    data = load("honorifics")["prefixes"]
    entries = sorted({e.rstrip(".") for v in data.values() for e in v}, key=len, reverse=True)
    # a one-letter honorific ('M.' for Monsieur, 'D.' for Don) needs its full stop: 'D W Pritchard'
    # is a name with initials
    long_ = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries if len(e) > 1)
    short = "|".join(re.escape(e) for e in entries if len(e) == 1)
    return rx.compile(rf"^(?P<h>(?:(?:(?:{long_})\.?|(?:{short})\.)\s+)+)(?=\S)")


@cache
def _honorific_heads() -> frozenset[str]:
    """The first two characters (whitespace as a space) of every text :func:`_honorific_re` can match.

    Why: ``match`` tries the pattern's 500-odd alternatives one after another at the start of the line
    (it uses no first-character table, unlike ``search``), and most lines start with no honorific;
    a line whose first two characters are not among these cannot match."""
    data = load("honorifics")["prefixes"]
    entries = {e.rstrip(".") for v in data.values() for e in v}
    # a one-letter honorific needs its full stop ('M.'); longer ones start with their first two letters
    return frozenset(_norm_head(e if len(e) > 1 else e + ".") for e in entries if e)


def _honorific_match(text: str) -> re.Match[str] | None:
    """``_honorific_re().match(text)``, skipped where the first two characters rule it out."""
    return _honorific_re().match(text) if _norm_head(text) in _honorific_heads() else None


@cache
def _honorific_caps_re() -> re.Pattern[str]:
    """The honorifics of an ALL-CAPS line ('DR. ANNA SCHNEIDER', 'MR JOHN SMITH')."""
    return rx.compile(_honorific_re().pattern, re.IGNORECASE)


@cache
def _leading_particles() -> frozenset[str]:
    return frozenset(load("honorifics")["leading_particles"])


@lru_cache(maxsize=32768)
def split_honorific(text: str) -> tuple[str | None, str]:
    """'Mr Laurent Fabius' -> ('Mr', 'Laurent Fabius'); 'Prof. Dr. Jane Doe' -> ('Prof. Dr.', 'Jane Doe')."""
    t = text.strip()
    m = _honorific_match(t) or (_honorific_caps_re().match(t) if t.isupper() else None)
    if not m:
        return None, t
    rest = t[m.end() :]
    if not rest or not (
        capitalised(rest)
        or rest[0] in "'’"
        or (rest.split(" ", 1)[0] in _leading_particles() and " " in rest)
    ):
        return None, t
    return m.group("h").strip(), rest.strip()


@lru_cache(maxsize=32768)
def honorific_only(text: str) -> bool:
    """A line that is only a form of address: 'His Excellency', 'Exmo. Senhor', 'Gent.ma Dott.ssa'."""
    t = text.strip().rstrip(",")
    if not t:
        return False
    m = _honorific_match(t + " X")
    return m is not None and (t + " X")[m.end() :] == "X"


@cache
def _postfix_honorifics() -> frozenset[str]:
    return frozenset(load("honorifics")["postfix"])


@cache
def _glued_postfixes() -> tuple[str, ...]:
    return tuple(load("honorifics")["postfix_glued"])


@cache
def _glued_postfix_re() -> re.Pattern[str]:
    """Honorifics written onto the name in caseless scripts ('山田太郎様', '김민수님께')."""
    return rx.compile(rf"^(?P<name>.*[^\W\d_])(?P<h>{alternation(load('honorifics')['postfix_glued'])})$")


def strip_postfix_honorific(text: str) -> tuple[str, str | None]:
    """'Kovács Péter úr' -> ('Kovács Péter', 'úr'), '山田太郎様' -> ('山田太郎', '様'): honorifics that
    follow the name."""
    head, _, last = text.rstrip(" ,").rpartition(" ")
    if head and last.casefold() in _postfix_honorifics():
        return head, last
    bare = text.rstrip(" ,、，")
    m = _glued_postfix_re().match(bare) if bare.endswith(_glued_postfixes()) else None
    if m and caseless(m.group("name")[-1]):
        return m.group("name"), m.group("h")
    return text, None


@cache
def _postnominal_sets() -> tuple[frozenset[str], frozenset[str]]:
    data = load("honorifics")
    roles = frozenset(x.rstrip(".").casefold() for x in data["role_postnominals"])
    degrees = frozenset(x.rstrip(".").replace(" ", "").casefold() for x in data["degrees"])
    return roles, degrees


def is_role_postnominal(token: str) -> bool:
    return token.strip(" ,.").casefold() in _postnominal_sets()[0]


def is_degree(token: str) -> bool:
    return token.strip(" ,").rstrip(".").replace(" ", "").casefold() in _postnominal_sets()[1]


@cache
def _party_words() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str], tuple[str, ...]]:
    data = load("parties")
    roles = frozenset(w.casefold() for w in data["role_words"] if " " not in w)
    role_phrases = tuple(fold(w) for w in data["role_phrases"]) + tuple(
        fold(w) for w in data["role_words"] if " " in w
    )
    orgs = frozenset(w.casefold() for w in data["org_words"])
    streets = frozenset(w.casefold() for w in data["street_words"])
    countries = tuple(sorted((fold(c) for c in data["countries"]), key=len, reverse=True))
    return roles, role_phrases, orgs, streets, countries


_TOKEN_RE = re.compile(r"[\w.'’\-/&]+")
_PART_SPLIT_RE = re.compile(r"[/\-]")


@lru_cache(maxsize=32768)
def _tokens(text: str) -> tuple[str, ...]:
    """The folded word tokens of a party line (cached: the role, organisation and address scores of one
    line all start from them)."""
    return tuple([t.casefold() for t in _TOKEN_RE.findall(text) if t.strip(".")])


@cache
def _role_phrases() -> PhraseMatcher:
    """Office phrases ('member of the european parliament', 'head of'), longest first, to be found
    wherever a word starts."""
    phrases = sorted(set(_party_words()[1]), key=len, reverse=True)
    return PhraseMatcher(phrases, "(?:{alts})", space=r"\ ")


@cache
def delegation_phrases() -> tuple[str, ...]:
    """What an office signature writes for signing by delegated authority ('par délégation',
    'i. A.', 'z upoważnienia'), folded, longest first."""
    return tuple(sorted({fold(p) for p in load("parties")["delegation_phrases"]}, key=len, reverse=True))


@cache
def _delegation_search() -> re.Pattern[str]:
    """Any of :func:`delegation_phrases` where a word starts and up to where a word ends, as one search:
    the regex engine walks a short line in about a tenth of the time a :class:`PhraseMatcher`'s
    ``search_word_start`` loop over its spaces takes, with the same yes or no
    (tests/test_speed_equivalence.py)."""
    alts = "|".join(re.escape(p) for p in delegation_phrases())
    return rx.compile(rf"(?:^|(?<=\s))(?:{alts})(?!\w)")


@lru_cache(maxsize=32768)
def is_delegation(text: str) -> bool:
    """Whether a line says that its signer signs for someone else or by delegation: 'Pour le Maire et
    par délégation,', 'i. A.', 'For and on behalf of Acme Ltd'. Such a line stands between the close and
    the name in an office's signature; the phrase may come anywhere in it ('Le Maire, par délégation')."""
    return bool(_delegation_search().search(fold(probe(text).strip())))


@cache
def _articles() -> frozenset[str]:
    return frozenset(load("parties")["articles"])


@cache
def _elided_articles() -> tuple[str, ...]:
    """The articles written joined to their word by an apostrophe ("l'", in both apostrophes)."""
    out = {a for a in load("parties")["articles"] if a.endswith(("'", "’"))}
    return tuple(sorted(out | {a[:-1] + ("’" if a.endswith("'") else "'") for a in out}))


def _without_elided_article(token: str) -> str:
    """'l'adjointe' -> 'adjointe'; any other token as it is."""
    for article in _elided_articles():
        if token.startswith(article) and len(token) > len(article):
            return token[len(article) :]
    return token


@lru_cache(maxsize=32768)
def role_score(text: str) -> int:
    """How much a line reads like an office ('Minister of Foreign Affairs', 'Head of the EU Office')."""
    text = probe(text)
    roles = _party_words()[0]
    key = fold(text)
    score = 0
    toks = [t.strip(".,") for t in _tokens(text)]
    if len(toks) > 1 and toks[0] in _articles():
        toks = toks[1:]  # 'O Vereador do Ambiente', 'Le Président', 'Der Vorsitzende'
    elif toks:
        toks[0] = _without_elided_article(toks[0])  # "L'Adjointe déléguée à l'urbanisme"
    parts = [p for t in toks for p in (_PART_SPLIT_RE.split(t) if "/" in t or "-" in t else (t,)) if p]
    if (toks and (toks[0] in roles or (parts and parts[0] in roles))) or (
        len(toks) <= 5 and parts and parts[-1] in roles
    ):
        score += 2
    if _role_phrases().search_word_start(key):
        score += 2
    score += sum(1 for t in parts if t in roles)
    if any(is_role_postnominal(t) for t in text.replace(",", " ").split()):
        score += 2
    return score


@lru_cache(maxsize=32768)
def org_score(text: str) -> int:
    """How much a line reads like an organisation ('Ministère des Affaires étrangères', 'ACME Ltd')."""
    text = probe(text)
    _, _, orgs, _, _ = _party_words()
    toks = _tokens(text)
    score = sum(2 for t in toks if t in orgs or t.strip(".,") in orgs)
    if len(text) > 3 and n_words(text) <= 6 and upper_ratio(text) > 0.8:
        score += 1
    return score


def starts_with_street_word(text: str) -> bool:
    """'ul. Marszałkowska', 'rue de la Loi', 'via Roma', 'c/o ...': an address line in lower case."""
    toks = _tokens(text)
    streets = _party_words()[3]
    return bool(toks) and (toks[0] in streets or toks[0].rstrip(".") + "." in streets or toks[0] == "c/o")


@cache
def _street_suffixes() -> tuple[str, ...]:
    return tuple(load("parties")["street_suffixes"])


@cache
def _street_suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(set(_street_suffixes()), key=len, reverse=True))


def _street_compound(token: str) -> bool:
    """'hauptstraße', 'schillerstr.', 'kerkstraat': a street name written as one word (at least three
    letters before the suffix, the longest suffix that ends the word)."""
    suffixes = _street_suffixes_longest_first()
    if not token.endswith(suffixes):
        return False
    suffix = next(x for x in suffixes if token.endswith(x))
    return len(token) - len(suffix) > 2


@cache
def _countries() -> frozenset[str]:
    return frozenset(_party_words()[4])


def _country_start(key: str) -> int | None:
    """Where a country name that ends the (folded) line starts, at the start or after whitespace, the
    leftmost such start: a set look-up per word instead of a search over every country of the data."""
    countries, longest = _countries(), _longest_country()
    if key in countries:
        return 0
    # only the whitespace of the line's last characters can start a country name
    for space in _SPACE_RE.finditer(key, max(0, len(key) - 1 - longest)):
        i = space.start()
        if key[i + 1 :] in countries:
            return i + 1
    return None


@cache
def _longest_country() -> int:
    return max(map(len, _countries()), default=0)


@cache
def _post_box_re() -> re.Pattern[str]:
    """'P.O. Box 12', 'Postfach 10 20', 'BP 4', 'CEDEX' (``parties.json`` ``post_boxes``: fragments)."""
    return rx.compile(rf"\b(?:{'|'.join(load('parties')['post_boxes'])})\b")


def party_cue(text: str) -> bool:
    """A line of a party block: a contact, a postal address or an organisation (footers are made of them)."""
    return has_contact(text) or address_score(text) >= 2 or org_score(text) >= 2


_HOUSE_NUMBER_RE = re.compile(r"\b\d{1,4}[a-zA-Z]?\b")


@lru_cache(maxsize=32768)
def address_score(text: str) -> int:
    """How much a line reads like part of a postal address (street, postcode + town, country)."""
    streets = _party_words()[3]
    t = probe(text).strip()
    key = fold(t).strip(" ,.")
    score = 0
    digits = bool(_DIGIT_RE.search(t))
    if digits and POSTCODE_RE.search(t):  # every postcode form holds a digit
        score += 2
    toks = [x.strip(",") for x in _tokens(t)]
    has_num = digits and bool(_HOUSE_NUMBER_RE.search(t))
    if has_num and (any(x in streets for x in toks) or any(_street_compound(x) for x in toks)):
        score += 2  # '57, rue de Varenne', 'Hauptstraße 12', 'Keizersgracht 123'
    elif any(x in streets for x in toks) and n_words(t) <= 5:
        score += 1
    start = _country_start(key)
    if start is not None and (start == 0 or key[start - 2 : start] == ", " or n_words(t) <= 4):
        score += 2
    if _post_box_re().search(key):
        score += 2
    return score


@cache
def _name_particles() -> frozenset[str]:
    """Lower-case words inside personal names ('van', 'de', 'von', 'bin')."""
    return frozenset(load("honorifics")["name_particles"])


@lru_cache(maxsize=32768)
def looks_like_name(text: str) -> bool:
    """A personal name line: 1-7 words, capitalised, no digits or sentence punctuation, not an office."""
    t = strip_postfix_honorific(text.strip().rstrip(","))[0]
    _, rest = split_honorific(t)
    ws = rest.split()
    if not ws or len(ws) > NAME_MAX_WORDS or any(map(str.isdigit, t)) or has_contact(t):
        return False
    if not _CJK_PUNCTUATION_SET.isdisjoint(t) or any(
        caseless(w[0]) and len(w) > NAME_MAX_CASELESS for w in ws
    ):
        return False  # a run of Chinese or Japanese text with no spaces, not a name ('李明', '佐藤花子')
    if (
        t.endswith((".", ":", ";", "!", "?"))
        and not is_degree(ws[-1])
        and not re.search(r"\b[A-Z]\.$", t)
        and not (t.endswith(".") and len(ws) >= 2 and upper_ratio(t) > 0.9)  # 'SAMUEL PRENTICE.'
    ):
        return False
    particles = _name_particles()
    caps = [w for w in ws if capitalised(w) or w.casefold() in particles or is_degree(w) or w[0] in "'’("]
    if len(caps) < len(ws):
        return False
    if role_score(rest) >= 2 or org_score(rest) >= 2:
        return False
    _, _, _, streets, countries = _party_words()
    # 'Rue Wiertz', 'Hôtel de Matignon', 'Belgium' are places, not people (a surname may be 'Park')
    return ws[0].casefold() not in streets and fold(rest) not in countries
