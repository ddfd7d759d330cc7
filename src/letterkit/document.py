"""The format-neutral document every reader produces.

Readers know file formats and nothing about letters; the heuristics know letters and nothing about
file formats. This module is the contract between the two: a :class:`Document` made of pages,
blocks (paragraph-like groups) and lines, each line carrying whatever layout cues its format has
(position, font size, bold, alignment, page region) and its character span in ``Document.text``, so
that every field the heuristics extract can be traced back to where it came from.

Readers should build documents with :class:`DocumentBuilder`, which keeps the text and the spans in
step. Cues a format does not have stay ``None``; the heuristics treat ``None`` as "unknown", never as
"false".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

#: Where on the page a line sits. ``header``/``footer`` come from a format that knows (DOCX section
#: headers, HTML ``<nav>``/``<footer>``, PDF geometry); ``footnote`` from a format's footnote part or a
#: reader that recognised one by position and font size. Heuristics may re-label body lines.
Region = Literal["body", "header", "footer", "footnote"]

#: ``text`` is ordinary text; ``image`` stands for a picture (a signature, a logo): its ``text`` is a
#: description if the format had one (alt text), else empty.
LineKind = Literal["text", "image"]

Align = Literal["left", "center", "right", "justify"]

BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in points from the page's top-left corner."""


@dataclass(slots=True)
class Line:
    """One line of text (or one image) with its layout cues and its span in ``Document.text``."""

    text: str
    page: int = 1
    start: int = 0
    end: int = 0
    bbox: BBox | None = None
    font_size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    align: Align | None = None
    region: Region = "body"
    kind: LineKind = "text"
    #: indentation in characters (plain text) or points (layout formats), when known
    indent: float | None = None
    #: OCR confidence 0-100 for the line, when the text came from OCR
    confidence: float | None = None
    #: a style name from the source (DOCX paragraph style, HTML tag/class)
    style: str | None = None
    #: position of this line in ``Document.lines()`` order; set by the builder
    index: int = -1


@dataclass(slots=True)
class Block:
    """A group of lines that belong together: a paragraph, an address block, a table cell."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's lines joined with newlines (as they appear in ``Document.text``)."""
        return "\n".join(line.text for line in self.lines)

    @property
    def region(self) -> Region:
        """The region of the block's first line (a block does not straddle regions)."""
        return self.lines[0].region if self.lines else "body"

    @property
    def page(self) -> int:
        """The page number of the block's first line."""
        return self.lines[0].page if self.lines else 1


@dataclass(slots=True)
class Page:
    """One page; plain text has a single page unless it holds form feeds."""

    number: int
    blocks: list[Block] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    #: True when the page text came from OCR
    ocr: bool = False


@dataclass(slots=True)
class Document:
    """What a reader hands to the heuristics."""

    pages: list[Page]
    text: str
    format: str
    reader: str
    #: format metadata (title, author, created, modified, encoding...), copied into ``Letter.source``
    metadata: dict[str, Any] = field(default_factory=dict)
    #: facts the reader knows for certain (e.g. an HTML page's date field): see ``HINT_KEYS``
    hints: dict[str, Any] = field(default_factory=dict)
    #: what the reader was unsure of; copied into ``Letter.warnings``
    warnings: list[str] = field(default_factory=list)
    #: the regions the reader took from the file's own structure (a DOCX footnotes part, an ODT
    #: footnote), not inferred from layout (small type under a rule at a PDF page's foot): the
    #: pipeline takes such a line's zone from its region, whatever the model guessed ("body": the
    #: document's text taken from the file's markup, as a European Parliament page's text element)
    structural_regions: frozenset[str] = frozenset()

    def lines(self) -> Iterator[Line]:
        """Every line, in reading order (``Line.index`` counts them)."""
        for page in self.pages:
            for block in page.blocks:
                yield from block.lines

    def blocks(self) -> Iterator[Block]:
        """Every block, in reading order, across pages."""
        for page in self.pages:
            yield from page.blocks


#: Hints a reader may pass. Each value is taken as given and recorded as coming from the reader.
HINT_KEYS = frozenset(
    {
        "date",  # ISO date string "YYYY-MM-DD"
        "date_text",
        "place",
        "reference",
        "subject",
        "language",
        "salutation",
        "closing",
        "signatories",  # list of dicts with Party fields
        "recipients",
        "sender",
        "body",  # list of paragraph strings, when the format marks the body unambiguously
        "footnotes",
        "letterhead",  # list of strings
        "extra",  # dict of additional format-specific metadata (e.g. the question on an EP page)
    }
)


class DocumentBuilder:
    """Builds a :class:`Document` line by line, keeping ``text`` and line spans consistent.

    Lines of a block are joined with ``\\n``, blocks with a blank line and pages with a form feed,
    so ``Document.text`` reads naturally and each line's ``start``/``end`` indexes into it.

    >>> b = DocumentBuilder(format="txt", reader="example")
    >>> _ = b.add_block(["Dear Anna,"])
    >>> line = b.add_line("Thank you for your letter.", bold=False)
    >>> doc = b.build()
    >>> doc.text
    'Dear Anna,\\n\\nThank you for your letter.'
    >>> doc.text[line.start:line.end], line.index, len(list(doc.blocks()))
    ('Thank you for your letter.', 1, 2)
    """

    def __init__(self, format: str, reader: str) -> None:
        self.format = format
        self.reader = reader
        self._parts: list[str] = []
        self._pos = 0
        self._pages: list[Page] = []
        self._block: Block | None = None
        self._count = 0
        self.metadata: dict[str, Any] = {}
        self.hints: dict[str, Any] = {}
        self.warnings: list[str] = []
        self.structural_regions: frozenset[str] = frozenset()

    def _emit(self, s: str) -> None:
        self._parts.append(s)
        self._pos += len(s)

    def new_page(self, width: float | None = None, height: float | None = None, ocr: bool = False) -> Page:
        """Start a page (sizes in points; ``ocr`` when its text comes from OCR); it is separated
        from the previous one by a form feed in ``Document.text``."""
        self.end_block()
        if self._pages:
            self._emit("\f")
        page = Page(number=len(self._pages) + 1, width=width, height=height, ocr=ocr)
        self._pages.append(page)
        return page

    def end_block(self) -> None:
        """Close the current block: the next line starts a new one (after a blank line)."""
        self._block = None

    def add_line(self, text: str, **cues: Any) -> Line:
        """Append a line to the current block (starting a block, and a page, when needed)."""
        if not self._pages:
            self.new_page()
        page = self._pages[-1]
        if self._block is None:
            if page.blocks and self._parts and not self._parts[-1].endswith("\f"):
                self._emit("\n\n")
            self._block = Block()
            page.blocks.append(self._block)
        elif self._block.lines:
            self._emit("\n")
        start = self._pos
        self._emit(text)
        line = Line(text=text, page=page.number, start=start, end=self._pos, index=self._count, **cues)
        self._count += 1
        self._block.lines.append(line)
        return line

    def add_block(self, lines: list[str], **cues: Any) -> Block:
        """Add a whole block of lines sharing the same cues (``region``, ``font_size``...)."""
        self.end_block()
        for text in lines:
            self.add_line(text, **cues)
        block = self._block
        self.end_block()
        return block if block is not None else Block()

    def build(self) -> Document:
        """The finished :class:`Document`, with the builder's ``metadata``, ``hints`` and ``warnings``."""
        pages = self._pages or [Page(number=1)]
        return Document(
            pages=pages,
            text="".join(self._parts),
            format=self.format,
            reader=self.reader,
            metadata=self.metadata,
            hints=self.hints,
            warnings=self.warnings,
            structural_regions=self.structural_regions,
        )
