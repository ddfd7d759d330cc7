"""The working state of one letter: the document's lines, each with the zone it was given.

The zone model labels :class:`LineView` objects (``label`` is the line's zone); the field parsers read
the lines of their zones and record where each field came from (``Context.cite``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from letterkit.document import Document, Line
from letterkit.model import Span

#: the zones (``LineView.label``) the tests and the body builder name; the full set is
#: :data:`letterkit.zones.labels.ZONES`
from letterkit.zones.labels import BODY, FOOTNOTE, FURNITURE, LETTERHEAD

__all__ = ["BODY", "FOOTNOTE", "FURNITURE", "LETTERHEAD", "Context", "LineView", "clean", "make_context"]


@dataclass(slots=True)
class LineView:
    """A document line as the heuristics see it: cleaned text, block and page, and a label."""

    pos: int
    line: Line
    text: str
    block: int
    page: int
    #: the line starts a new block (a blank line or a layout gap before it)
    new_block: bool
    label: str | None = None

    @property
    def is_image(self) -> bool:
        return self.line.kind == "image"


@dataclass
class Context:
    """Everything the pipeline knows while it reads one document."""

    doc: Document
    lines: list[LineView]
    fields: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def content(self, start: int = 0, end: int | None = None) -> list[LineView]:
        """Unlabelled lines in ``[start, end)`` (positions)."""
        stop = len(self.lines) if end is None else end
        return [lv for lv in self.lines[start:stop] if lv.label is None]

    def cite(self, key: str, views: list[LineView], origin: str = "heuristic") -> None:
        """Record the lines a field came from."""
        spans = [
            Span(
                page=v.page,
                line=v.line.index,
                start=v.line.start,
                end=v.line.end,
                bbox=v.line.bbox,
                origin=origin,
            )
            for v in views
        ]
        if spans:
            self.provenance[key] = spans

    def label(self, views: list[LineView], label: str) -> None:
        for v in views:
            v.label = label


_WS = re.compile(r"\s+")
#: typographic ligatures, spelled out (OCR and PDF text layers keep them; readers of the text do not)
LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)


_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")


def clean(text: str) -> str:
    """One line of text as heuristics compare it: no control characters, single spaces."""
    if not text.isascii():
        text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\u00ad", "")
        if _LIGATURE_RE.search(text):
            text = text.translate(LIGATURES)  # 'ﬁre' in OCR'd and typeset text is 'fire'
    return _WS.sub(" ", text).strip()


def make_context(doc: Document) -> Context:
    views: list[LineView] = []
    block_no = -1
    for page in doc.pages:
        for block in page.blocks:
            block_no += 1
            first = True
            for line in block.lines:
                text = clean(line.text)
                if not text and line.kind != "image":
                    continue
                views.append(LineView(len(views), line, text, block_no, page.number, first))
                first = False
    return Context(doc=doc, lines=views)
