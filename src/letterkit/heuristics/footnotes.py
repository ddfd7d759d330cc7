"""Footnote markers: how a footnote line starts, and the reference markers taken out of body text.

Which lines are footnotes is the zone model's decision (a marker at a line's start is one of its
features, the reader's ``footnote`` region another); the field parser reads the notes' text without
their markers, and the body loses the matching reference markers, so a paragraph never keeps a stray
``¹``.
"""

from __future__ import annotations

import re

from letterkit.heuristics import features as ft

SUP = ft.SUPERSCRIPTS
#: a footnote line's marker: '¹ ', '[1] ', '1) ', '(1) ', '*'
FOOTNOTE_START_RE = re.compile(
    rf"^(?:\[(?:Footnote|Note|Fn\.?|Anm\.?|Nota)\s*(?P<gb>\d{{1,3}})\s*:\s*|(?P<sup>[{SUP}]+)\s*|\[(?P<br>\d{{1,3}})\]\s*|\((?P<par>\d{{1,3}})\)\s+|(?P<num>\d{{1,3}})\)\s+|(?P<plain>\d{{1,3}})\s+)(?=\S)"
)
#: reference markers inside body text: superscripts after a letter/punctuation, or [n]
BODY_SUP_RE = re.compile(rf"(?<=[^\s{SUP}])[{SUP}]+")
BODY_BRACKET_RE = re.compile(r"(?<=\S)\s?\[(\d{1,3})\]")


def strip_markers(text: str, numbers: set[str] | None = None) -> str:
    """Remove footnote reference markers from body text ('question¹ asked' -> 'question asked')."""
    text = BODY_SUP_RE.sub("", text)
    if numbers:
        text = BODY_BRACKET_RE.sub(lambda m: "" if m.group(1) in numbers else m.group(0), text)
    return text
