"""The letter's language, from its own words (body first), with py3langid: offline, small, fast.

The identifier is restricted to the EU's official languages plus a few others common in European
archives, which makes short texts far more reliable than a 97-language model. Page furniture and a
multilingual banner are left out because only the letter's own words are passed in.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: languages the identifier chooses among: the 24 official EU languages and neighbours
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
#: the first this many characters of the body decide: more costs time and changes nothing
MAX_CHARS = 1200


_LETTERS = re.compile(r"[^\W\d_]")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages([code for code in LANGUAGES if code in ident.nb_classes])
    return ident


def detect(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability; (None, 0.0) for text too short to judge."""
    text = text.strip()[:MAX_CHARS]
    if len(_LETTERS.findall(text[:500])) < MIN_CHARS:
        return None, 0.0
    code, prob = _identifier().classify(text)
    return str(code), float(prob)
