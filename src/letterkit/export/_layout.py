"""Where things were on the page, recovered from a :class:`~letterkit.model.Letter` alone.

The TEI writer needs more than the fields: on which page each part stood, where page furniture sat
(top or bottom of which page), where a footnote's reference marker was in its paragraph, and where a
paragraph crossed a page break. A ``Letter`` keeps everything needed for that without the
``Document``: ``text`` is the whole document (pages separated by form feeds, as
:class:`~letterkit.document.DocumentBuilder` writes it), ``provenance`` points every field at its lines
in that text, and ``furniture`` lists the furniture lines in reading order. So a Letter read back
from JSON gets the same TEI as one fresh from the pipeline.

Paragraph positions are found by rebuilding the paragraph from its lines the way the body builder
does (:func:`letterkit.heuristics.body._join_lines`, then
:func:`letterkit.heuristics.footnotes.strip_markers`) with private-use sentinel characters where the
markers and page breaks are. The result, without the sentinels, must equal the paragraph in
``Letter.body``; when it does not (the letter was edited, or made by another route), no position is
claimed and the caller falls back to notes at the end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from letterkit.core.chars import FROM_SUPERSCRIPT, TO_SUPERSCRIPT
from letterkit.heuristics import features as ft
from letterkit.heuristics.body import _join_lines
from letterkit.heuristics.context import clean
from letterkit.heuristics.footnotes import FOOTNOTE_START_RE, strip_markers
from letterkit.heuristics.furniture import page_number_re, running_head_re
from letterkit.model import Letter, Span

#: private-use code points standing in for a mark while a paragraph is rebuilt (never in real text
#: that reaches here: the sentinels are checked to be absent first)
_SENTINEL_BASE = 0xF0000
_SPACES2 = re.compile(r"\s{2,}")
_LINE = re.compile(r"[^\n\f]+")


@dataclass(frozen=True, slots=True)
class Furniture:
    """One furniture line: its text, page, and whether it stood in the top or bottom half."""

    text: str
    page: int | None
    place: str | None  # "top" | "bottom" | None (not found in the text)
    kind: str  # "pageNum" | "header" | "footer"


@dataclass(frozen=True, slots=True)
class Mark:
    """A position inside a paragraph: a page break (``value`` = the new page) or a footnote anchor
    (``value`` = the index in ``Letter.footnotes``)."""

    kind: str  # "page" | "note"
    value: int


Segment = str | Mark


@dataclass
class Layout:
    """Page and position facts of one letter (see the module docstring)."""

    letter: Letter
    #: the footnotes already placed at their marker (each is anchored once)
    used_notes: set[int] = field(default_factory=set)

    @cached_property
    def page_starts(self) -> list[int]:
        """Offsets in ``Letter.text`` where each page begins (form feeds separate pages)."""
        return [0] + [m.end() for m in re.finditer("\f", self.letter.text)]

    @property
    def pages(self) -> int:
        return max(len(self.page_starts), self.letter.source.pages or 1)

    def page_at(self, offset: int) -> int:
        return bisect_right(self.page_starts, offset)

    def spans(self, key: str) -> list[Span]:
        return self.letter.provenance.get(key, [])

    def first_page(self, key: str) -> int | None:
        spans = self.spans(key)
        return min(s.page for s in spans) if spans else None

    def first_line(self, key: str) -> int | None:
        spans = [s for s in self.spans(key) if s.line >= 0]
        return min(s.line for s in spans) if spans else None

    def last_line(self, key: str) -> int | None:
        spans = [s for s in self.spans(key) if s.line >= 0]
        return max(s.line for s in spans) if spans else None

    @cached_property
    def has_boxes(self) -> bool:
        return any(s.bbox is not None for spans in self.letter.provenance.values() for s in spans)

    def source_lines(self, key: str) -> list[str]:
        """The cleaned text of the lines a field came from (reader hints have none)."""
        text = self.letter.text
        spans = [s for s in self.spans(key) if s.origin != "reader" and s.end > s.start]
        return [clean(text[s.start : s.end]) for s in spans]

    # --- furniture ---------------------------------------------------------------------------------

    @cached_property
    def furniture(self) -> list[Furniture]:
        """``Letter.furniture`` with positions: each line is looked up in the text in reading order
        (whole lines only, so a page number '2' is not found inside '2,253')."""
        text = self.letter.text
        lines = [(m.start(), clean(m.group())) for m in _LINE.finditer(text)] if self.letter.furniture else []
        out: list[Furniture] = []
        at = 0
        for item in self.letter.furniture:
            found = next((j for j in range(at, len(lines)) if lines[j][1] == item), None)
            if found is None:
                out.append(Furniture(item, None, None, self._kind(item, None)))
                continue
            at = found + 1
            offset = lines[found][0]
            page = self.page_at(offset)
            start = self.page_starts[page - 1]
            end = self.page_starts[page] if page < len(self.page_starts) else len(text)
            place = "top" if (offset - start) * 2 < max(1, end - start) else "bottom"
            out.append(Furniture(item, page, place, self._kind(item, place)))
        return out

    @staticmethod
    def _kind(text: str, place: str | None) -> str:
        """TEI's ``fw/@type``: a page number, or a running head or foot by where it stood."""
        if page_number_re().match(text):
            return "pageNum"
        if place == "bottom":
            return "footer"
        return "header" if place == "top" or running_head_re().search(text) else "footer"

    # --- paragraphs --------------------------------------------------------------------------------

    def footnote_number(self, index: int) -> str | None:
        """The number a footnote is marked with in the text ('1' for '¹ See ...' or '[1] See ...')."""
        lines = self.source_lines(f"footnotes.{index}")
        if not lines:
            return None
        m = FOOTNOTE_START_RE.match(lines[0])
        if not m:
            return None
        for group in ("gb", "sup", "br", "par", "num", "plain"):
            value = m.group(group)
            if value:
                return value.translate(FROM_SUPERSCRIPT)
        return None

    def paragraph(self, k: int) -> list[Segment]:
        """``Letter.body[k]`` as text pieces with the page breaks and footnote anchors inside it, or
        the bare paragraph when its positions cannot be recovered exactly."""
        body = self.letter.body[k]
        lines = self.source_lines(f"body.{k}")
        spans = [s for s in self.spans(f"body.{k}") if s.origin != "reader" and s.end > s.start]
        if not lines or len(lines) != len(spans) or any(_has_sentinel(x) for x in lines):
            return [body]
        marks: list[Mark] = []

        def sentinel(mark: Mark) -> str:
            marks.append(mark)
            return chr(_SENTINEL_BASE + len(marks) - 1)

        # footnote anchors: the reference marker of each footnote not yet placed, first occurrence
        marked = list(lines)
        for index in range(len(self.letter.footnotes)):
            if index in self.used_notes:
                continue
            number = self.footnote_number(index)
            if number is None:
                continue
            sups = ft.SUPERSCRIPTS
            sup = re.compile(rf"(?<=[^\s{sups}]){number.translate(TO_SUPERSCRIPT)}(?![{sups}])")
            bracket = re.compile(rf"(?<=\S)\s?\[{number}\](?![\d])")
            for j, line in enumerate(marked):
                m = sup.search(line) or bracket.search(line)
                if m:
                    marked[j] = line[: m.start()] + sentinel(Mark("note", index)) + line[m.end() :]
                    break
        base = _join_lines(marked)
        joined = base
        inserted = 0
        # page breaks: where the first line of a new page begins in the joined text
        for j in range(1, len(spans)):
            if spans[j].page == spans[j - 1].page:
                continue
            prefix = _join_lines(marked[:j])
            if base.startswith(prefix + " "):
                cut = len(prefix) + 1
            elif base.startswith(prefix):
                cut = len(prefix)
            elif base.startswith(prefix[:-1]):
                cut = len(prefix) - 1  # a line-wrap hyphen was removed: the page breaks mid-word
            else:
                return [body]
            cut += inserted
            joined = joined[:cut] + sentinel(Mark("page", spans[j].page)) + joined[cut:]
            inserted += 1
        notes = {str(i + 1) for i in range(len(self.letter.footnotes))}
        rebuilt = _SPACES2.sub(" ", strip_markers(joined, notes)).strip()
        if "".join(ch for ch in rebuilt if not _is_sentinel(ch)) != body:
            return [body]
        segments: list[Segment] = []
        piece = ""
        for ch in rebuilt:
            if _is_sentinel(ch):
                if piece:
                    segments.append(piece)
                    piece = ""
                mark = marks[ord(ch) - _SENTINEL_BASE]
                if mark.kind == "note":
                    self.used_notes.add(mark.value)
                segments.append(mark)
            else:
                piece += ch
        if piece:
            segments.append(piece)
        return segments


def _is_sentinel(ch: str) -> bool:
    return _SENTINEL_BASE <= ord(ch) < _SENTINEL_BASE + 0x1000


def _has_sentinel(text: str) -> bool:
    return any(_is_sentinel(ch) for ch in text)
