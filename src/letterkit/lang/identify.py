"""The letter's language, from its own words (body first), with py3langid: offline, small, fast.

The identifier may answer any ISO 639-1 language its model knows, so that a Korean, Russian, Arabic
or Japanese letter is named for what it is instead of being forced into the nearest European
language. Short Latin-script texts are where a many-language model goes wrong ('Bonjour Marie' looks
like a dozen Romance languages); for them the languages an European archive holds
(:data:`LANGUAGES`) are preferred by a prior: a fixed bonus added to their log-likelihood. A fixed
bonus is a real prior: on a long text the evidence outweighs it, on a short one it decides. Texts in
other scripts get no prior: their script already narrows the choice. Page furniture and a
multilingual banner are left out because only the letter's own words are passed in. Standards of
one language that the model cannot tell apart in a letter (Serbian, Croatian, Bosnian) are told apart,
when the model is unsure between them, by words spelt so in one standard only
(``lang/data/close_languages.json``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

#: languages preferred in short Latin-script texts: the 24 official EU languages and neighbours
LANGUAGES = [
    "bg",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fi",
    "fr",
    "ga",
    "hr",
    "hu",
    "it",
    "lt",
    "lv",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "sv",
    "ca",
    "eu",
    "gl",
    "lb",
    "no",
    "nb",
    "nn",
    "is",
    "ru",
    "uk",
    "tr",
    "sr",
    "bs",
    "sq",
    "mk",
    "la",
]
#: fewer letters than this are too few to say anything
MIN_CHARS = 20
#: letters from this code point on (CJK, kana, hangul) count this many times towards MIN_CHARS
DENSE_FROM = "\u3000"
DENSE_WEIGHT = 3
#: the first this many characters of the body decide: more costs time (py3langid is linear in it) and
#: changed no language of the test letters
MAX_CHARS = 600
#: log-likelihood bonus (in the model's raw score units, nats) of a preferred language in Latin-script
#: text: about what 40-60 characters of evidence weigh, so it decides short texts and not long ones
LATIN_PRIOR = 25.0
#: a text is Latin-script when at least this share of its letters are Latin
LATIN_SHARE = 0.6

#: two close languages whose raw scores differ by less than this are decided by their words
CLOSE_MARGIN = 40.0

_LETTERS = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")


@cache
def _identifier() -> Any:
    """py3langid's identifier over its own model, restricted to ISO 639-1 languages, loaded once per
    process (batch workers inherit the parent's, loaded before they fork) from a mapped copy that
    spares the LZMA step (:mod:`letterkit.lang.langid_model`)."""
    from letterkit.lang.langid_model import load_identifier

    try:
        return load_identifier(_iso_639_1, "iso639-1")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError) as exc:
        # a py3langid whose model is laid out otherwise: its own loader, with the LZMA step
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        from letterkit.logs import get_logger

        get_logger(__name__).info("language model loaded the slow way (%s: %s)", type(exc).__name__, exc)
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        ident.set_languages([code for code in ident.labels if _iso_639_1(code)])
        return ident


def _iso_639_1(code: str) -> bool:
    """ISO 639-1 codes only (the model also knows 'ary', 'yue', 'hbo'..., which the contract cannot hold)."""
    return len(code) == 2 and code.isalpha()


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin-script (0.0 for no letters)."""
    letters = "".join(_LETTERS.findall(text))
    if not letters:
        return 0.0
    # ASCII letters counted in C, each distinct other letter looked up once
    latin = len(letters.encode("ascii", "ignore"))
    if latin < len(letters):
        latin += sum(letters.count(ch) for ch in set(letters) if not ch.isascii() and _is_latin(ch))
    return latin / len(letters)


def detect(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability; (None, 0.0) for text too short to judge.

    A character of Chinese, Japanese or Korean holds about as much as a word, so for the minimum it
    counts as :data:`DENSE_WEIGHT` letters."""
    text = text.strip()[:MAX_CHARS]
    letters = _LETTERS.findall(text[:500])
    if len(letters) + (DENSE_WEIGHT - 1) * sum(1 for ch in letters if ch >= DENSE_FROM) < MIN_CHARS:
        return None, 0.0
    ranked: list[tuple[str, float]] = _identifier().rank(text)
    if latin_share(text) >= LATIN_SHARE:
        preferred = frozenset(LANGUAGES)
        ranked = [(code, score + (LATIN_PRIOR if code in preferred else 0.0)) for code, score in ranked]
    # the model's own calibration: raw scores over sqrt(bytes), then a softmax
    temperature = math.sqrt(len(unicodedata.normalize("NFC", text).encode("utf-8")) or 1)
    best = max(score for _, score in ranked)
    weights = [(code, math.exp((score - best) / temperature)) for code, score in ranked]
    total = sum(w for _, w in weights)
    code, weight = max(weights, key=lambda cw: cw[1])
    by_score = sorted(ranked, key=lambda cs: -cs[1])
    if len(by_score) > 1 and by_score[0][1] - by_score[1][1] < CLOSE_MARGIN:
        chosen = _close_language(text, by_score[0][0], by_score[1][0])
        if chosen != code:
            weight = dict(weights)[chosen]
            code = chosen
    return str(code), weight / total


@cache
def _close_groups() -> tuple[dict[str, frozenset[str]], ...]:
    from letterkit.lang import load

    return tuple(
        {code: frozenset(words) for code, words in group.items()}
        for group in load("close_languages")["groups"]
    )


def _close_language(text: str, first: str, second: str) -> str:
    """Between two close languages of one group, the one with more words of its own in ``text``
    (``first``, the model's choice, when they tie or are not in one group)."""
    for group in _close_groups():
        if first in group and second in group:
            words = [w.casefold() for w in _WORDS.findall(text)]
            hits = {code: sum(1 for w in words if w in vocab) for code, vocab in group.items()}
            best = max(hits, key=lambda c: (hits[c], c == first))
            return best if hits[best] > hits[first] else first
    return first
