"""Lexical shapes of page furniture: page numbers, running heads, web-page shell lines, e-mail headers.

These are *features* for the zone model (:mod:`letterkit.zones.features`), never decisions: a page
number can be a body line's last word, a 'Home' line can be a signature. What is furniture is decided
by the model, from these shapes together with where a line stands (page edges, repeats, regions the
reader knows: DOCX header/footer parts, HTML navigation).
"""

from __future__ import annotations

import re
from functools import cache

from letterkit import _regex as rx
from letterkit.heuristics import features as ft
from letterkit.lang import alternation, load


def _page_words() -> tuple[str, str]:
    """The words for 'page' and for 'of' of every language, each as one regex alternation."""
    data = load("furniture")
    return alternation(data["page_words"]), alternation(data["of_words"])


@cache
def page_number_re() -> re.Pattern[str]:
    """'Page 2 of 3', '- 2 -', '2/3', 'Seite 2 von 2' (the words from ``lang/data/furniture.json``)."""
    page, of = _page_words()
    return rx.compile(
        r"^(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3}|\(?\d{1,3}\)?|"
        rf"(?:{page})\s*\d{{1,3}}(?:\s*(?:{of})\s*\d{{1,3}})?\.?)$",
        re.IGNORECASE,
    )


@cache
def running_head_re() -> re.Pattern[str]:
    """A continuation page's running head ends with its page number: 'Mr X — 12 May 2021 — page 2'."""
    page, of = _page_words()
    return rx.compile(
        rf"\S.*?[\s,;|·–—-]\s*(?:(?:{page})\s*(?P<n>\d{{1,3}})(?:\s*(?:{of})\s*\d{{1,3}})?"
        r"|[-–—]\s*(?P<m>\d{1,3})\s*[-–—])\.?$",
        re.IGNORECASE,
    )


#: a language picker entry of a web page: 'bg - български', '• en - English (Selected)'
LANGUAGE_PICKER_RE = re.compile(r"^[•\-*·]?\s*[a-z]{2}\s+[-–]\s+[^\s].{0,40}$")


@cache
def _web_re() -> re.Pattern[str]:
    starts = load("web")["furniture_starts"]
    alts = alternation(starts)
    return rx.compile(rf"^(?:{alts})(?:\W|$)", re.IGNORECASE)


@cache
def _web_first_re() -> re.Pattern[str] | None:
    """The characters a web-shell start can begin with, as one class under the same case folding as
    :func:`_web_re` (None if some start is empty): ``match`` tries every alternative of that pattern
    one after another, and most lines begin with none of them."""
    starts = load("web")["furniture_starts"]
    if not starts or not all(starts):
        return None
    return rx.compile("[" + "".join(sorted({re.escape(w[0]) for w in starts})) + "]", re.IGNORECASE)


def is_web_furniture(text: str) -> bool:
    """A line of a web page's shell: a language picker entry, 'Last updated: ...', 'Share this', 'Menu'."""
    t = text.strip()
    if LANGUAGE_PICKER_RE.match(t) or t.lower().startswith("last updated"):
        return True
    if ft.n_words(t) > 12:
        return False
    first = _web_first_re()
    m = _web_re().match(t) if first is None or first.match(t) else None
    if not m:
        return False
    matched = m.group(0).strip()
    if " " in matched or not matched[:1].isalpha():
        return True
    if ft.is_prose(t):
        return False
    # a single word ('Home', 'Print', 'PDF') is shell only when nothing but numbers and sizes follow it
    rest = t[len(matched) :].split()
    return all(any(ch.isdigit() for ch in tok) or not any(ch.isalpha() for ch in tok) for tok in rest)


@cache
def _email_header_re() -> re.Pattern[str]:
    alts = alternation(load("markers")["email_headers"]["all"])
    return rx.compile(rf"^(?P<name>{alts})\s?:\s*(?P<value>.*)$", re.IGNORECASE)


def email_header_match(text: str) -> re.Match[str] | None:
    """An e-mail header line ('From: ...', 'Von: ...'), with its ``name`` and ``value`` groups."""
    return _email_header_re().match(text)
