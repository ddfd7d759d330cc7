"""Anchored alternations of many phrases, tried only where a phrase can start.

The greeting, close and label tests match a line's folded text against one alternation of every
phrase of every language (``^(?:dear|dearest|sehr geehrte|...)``: 400-600 phrases). Python's ``re``
tries the alternatives of such a pattern one after another, so each test cost 2-9 µs a line, and a
line's features run a dozen of them. :class:`PhraseMatcher` gives the same answers as that one big
pattern (the same match object, groups included) by first looking up the phrases whose first two
characters can begin the line, and matching a small alternation of just those, in their original
order: the alternatives it leaves out are those that cannot match at all, so the first one that
matches is the one the big pattern would have taken.

The small patterns are compiled when a line first needs them, through :mod:`letterkit._regex` (whose
cache keeps them across processes). Callers pass folded text (:func:`letterkit.lang.fold`), as the
phrases are: the two-character look-up compares characters exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from letterkit import _regex as rx

#: how a space inside a phrase may be written in the line: ``r"\s+"`` (one or more) or ``r"\s*"``
SPACE_REQUIRED = r"\s+"
SPACE_OPTIONAL = r"\s*"


def _norm_head(text: str) -> str:
    """The first two characters of ``text`` with any whitespace as a plain space (``\\s`` in a
    pattern matches every kind)."""
    head = text[:2]
    if head.isalnum():
        return head
    return "".join(" " if ch.isspace() else ch for ch in head)


class PhraseMatcher:
    """``re.compile(template.format(alts=...), flags).match`` for a long list of phrases, fast.

    ``template`` holds ``{alts}`` where the alternation of the phrases goes, and must start at the
    phrase (the match is anchored at the start of the text: ``"(?:{alts})(?![\\w])"``,
    ``"(?P<label>(?:{alts}))\\.?..."``); ``space`` is how the phrases' spaces are written in the
    pattern.
    """

    def __init__(self, phrases: Sequence[str], template: str, flags: int = 0, space: str = SPACE_REQUIRED):
        self.template = template
        self.flags = flags
        self._alts = [re.escape(p).replace(r"\ ", space) for p in phrases]
        self._by_head: dict[str, list[int]] = {}
        self._anywhere: list[int] = []  # phrases that do not start with a fixed character
        for i, phrase in enumerate(phrases):
            if not phrase or phrase[0].isspace():
                self._anywhere.append(i)
                continue
            for head in self._heads(phrase, space):
                self._by_head.setdefault(head, []).append(i)
        self._patterns: dict[str, re.Pattern[str] | None] = {}

    @staticmethod
    def _heads(phrase: str, space: str) -> set[str]:
        """Every two-character start (one character for a one-character phrase) that text matching
        ``phrase`` can have."""
        if len(phrase) == 1:
            return {phrase}
        second = phrase[1]
        if not second.isspace():
            return {phrase[:2]}
        heads = {phrase[0] + " "}
        if space == SPACE_OPTIONAL:
            rest = phrase[1:].lstrip()
            heads.add(phrase[0] + rest[:1] if rest else phrase[0])
        return heads

    def _pattern(self, head: str) -> re.Pattern[str] | None:
        found = set(self._anywhere)
        found.update(self._by_head.get(head, ()))
        if len(head) == 2:
            found.update(self._by_head.get(head[0], ()))  # one-character phrases
        if not found:
            return None
        alts = "|".join(self._alts[i] for i in sorted(found))
        return rx.compile("^" + self.template.format(alts=alts), self.flags)

    def match(self, text: str) -> re.Match[str] | None:
        """What the whole alternation's ``match`` gives for ``text`` (folded)."""
        head = _norm_head(text)
        try:
            pattern = self._patterns[head]
        except KeyError:
            pattern = self._patterns[head] = self._pattern(head)
        return pattern.match(text) if pattern is not None else None

    def search_word_start(self, text: str) -> bool:
        """Whether a phrase starts where a word does (at the start or after whitespace):
        ``re.search(r"(?:^|(?<=\\s))" + template)``, as a yes or no."""
        if self.match(text):
            return True
        heads = self._by_head
        for i, ch in enumerate(text):
            if not ch.isspace():
                continue
            # the look-up of the next characters first: most words start no phrase
            head = _norm_head(text[i + 1 : i + 3])
            if (self._anywhere or head in heads or head[:1] in heads) and self.match(text[i + 1 :]):
                return True
        return False

    def pattern(self) -> str:
        """The one big pattern this matcher stands for (for tests and other uses of the text)."""
        return "^" + self.template.format(alts="|".join(self._alts))
