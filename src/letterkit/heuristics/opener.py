"""Parsers of the opener's fields: the sender's reference, the subject, the institution of a banner.

They read lines the zone model has labelled (reference, subject, letterhead) and take the value out of
its label ('Our ref.: AB/12' -> 'AB/12', 'Betreff: ...' -> the subject); they decide no zone.
"""

from __future__ import annotations

import re

from letterkit.heuristics import features as ft
from letterkit.heuristics.context import LineView
from letterkit.heuristics.dates import read_dateline
from letterkit.lang import fold, load

#: an unlabelled reference looks like a file code: letters, digits and punctuation, few spaces
CODE_RE = re.compile(r"^[A-Z0-9][\w()./\-:#]*(?:\s[\w()./\-:#–]+){0,3}$")

#: "No. 12", "Nr.12", "n° 12" before a reference; not the N of a code such as "NHA/2021/118"
NUMBER_PREFIX = re.compile(
    r"^(?:n[o°º]?\.?|nr\.?|n\.?\s?[°º]|no\.|num\.?|#)(?![^\W\d_])\s*(?=\S*\d)", re.IGNORECASE
)


def _clean_ref(value: str) -> str:
    value = NUMBER_PREFIX.sub("", value.strip())
    return value.rstrip(" .,;")


def reference_value(text: str) -> str | None:
    """'Our ref: AB/12/2020' -> 'AB/12/2020'; 'Question reference: E-007094/2017' -> 'E-007094/2017'."""
    if ft.marker(text, "their_reference") is not None:
        return None
    value = ft.marker(text, "reference", need_colon=True)
    if value:
        return _clean_ref(value)
    value = ft.marker(text, "question_reference")
    if value:  # 'Question for written answer E-001234/2019 to the Commission'
        code = value.split()[0]
        if any(ch.isdigit() for ch in code) and ("/" in code or "-" in code):
            return _clean_ref(code)
    # 'Ref. 2023/PA/114', 'N/Réf. 12-345', 'Az. 4 K 12/19': a label without colon, then a code with digits
    value = ft.marker(text, "reference")
    if (
        value
        and any(ch.isdigit() for ch in value)
        and CODE_RE.match(value)
        and not read_dateline(value)
        and not re.search(r"[a-zà-ÿ]{3,}", value)  # 'No. 18342 Pte. J. Harker' is a soldier's number and name
    ):
        label = fold(text)[: len(text) - len(value)].strip(" .:")
        if label not in load("markers")["number_labels"]["all"] or re.match(r"^\S*\d", value):
            return _clean_ref(value)
    return None


def looks_like_code(text: str) -> bool:
    """An unlabelled file reference such as 'A(2015)905100-1033229' or 'SG/2019/1234'."""
    t = text.strip()
    if not CODE_RE.match(t) or sum(ch.isdigit() for ch in t) < 3 or ft.n_words(t) > 4:
        return False
    if read_dateline(t) or ft.phone_re().search(t) or ft.address_score(t) >= 2 or ft.has_contact(t):
        return False
    # a code mixes digits with letters or separators, and holds no ordinary word ('Direct Dial: 617...')
    if re.search(r"[a-zà-ÿ]{3,}", t):
        return False
    return bool(re.search(r"[A-Za-z/()\-.]", t))


def subject_value(lv: LineView) -> str | None:
    """'Subject: Renewal of the lease' -> 'Renewal of the lease'; a label without colon counts when it
    is written as a label ('RE Lease renewal', 'Betreff Ihre Anfrage'), not inside a sentence."""
    value = ft.marker(lv.text, "subject", need_colon=True)
    if value:
        return value
    value = ft.marker(lv.text, "subject")
    if not value or ft.is_prose(lv.text):
        return None
    label = lv.text.strip()[: len(lv.text.strip()) - len(value)].strip(" .")
    return value if label[:1].isupper() and " " not in label else None


def banner_organisation(lines: list[str]) -> str | None:
    """The institution named by a multilingual banner line ('EUROPEAN PARLIAMENT' in 24 languages)."""
    banners = load("banners")
    best: tuple[int, str] | None = None
    joined = fold(" ".join(lines))
    for org, names in banners.items():
        hits = sum(1 for n in names if fold(n) in joined)
        if hits and (best is None or hits > best[0]):
            best = (hits, org)
    return best[1] if best else None

