"""What the OCR/HTR output readers (ALTO, PAGE-XML, hOCR) share: a hardened XML parse, units, and
writing recognised lines with their boxes, confidence and region into a Document.

These files are the output of Tesseract, ABBYY, Transkribus, eScriptorium, OCR-D: the text is
already recognised, line by line, with each line's box on the page image and often a confidence.
The readers keep all of it: a line's box becomes ``Line.bbox`` in points (pixels are taken at the
resolution the file states, else at 300 dpi, which is said in ``metadata["resolution"]``), its
confidence ``Line.confidence`` (0-100), and a region type the file states (``header``, ``footer``,
``footnote``, ``marginalia``, ``page-number``) ``Line.region``. An image beside the file is not needed.
"""

from __future__ import annotations

import itertools
import math
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree

from letterkit.document import BBox, Document, DocumentBuilder, Region
from letterkit.errors import CorruptInput, EmptyInput, HostileInput, LimitExceeded
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
)

#: resolution assumed for pixel coordinates when the file states none (typical archival scans)
DEFAULT_DPI = 300.0

#: region types of the three formats (lower case) -> Document regions. Marginalia (notes beside the
#: text, often an archivist's or recipient's) are notes, not the letter's text: they go with the
#: footnotes, marked by their style; page numbers and running titles are header or footer furniture.
REGION_TYPES: dict[str, Region] = {
    "header": "header",
    "page-header": "header",
    "running-title": "header",
    "running_title": "header",
    "catch-word": "footer",
    "footer": "footer",
    "page-footer": "footer",
    "page-number": "footer",
    "pageno": "footer",
    "signature-mark": "footer",
    "footnote": "footnote",
    "footnote-continued": "footnote",
    "endnote": "footnote",
    "marginalia": "footnote",
    "marginal": "footnote",
    "margin": "footnote",
}


class LayoutReader(Reader):
    """What the ALTO, PAGE-XML and hOCR readers have in common before they read: each is recognised by
    a few byte strings near the start of the file (its root element or namespace, hOCR's class and
    meta names), else by its extension."""

    #: byte strings, one of which is in the first ``sniff_window`` bytes of every such file
    markers: ClassVar[tuple[bytes, ...]] = ()
    sniff_window: ClassVar[int] = 2048

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        start = head[: self.sniff_window]
        if any(marker in start for marker in self.markers):
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match


def refuse_entities(data: bytes, what: str) -> None:
    """Refuse a file that declares entities: no OCR engine writes one, so it can only be an
    entity-expansion (billion laughs) or external-entity (XXE) attack. A plain DOCTYPE (hOCR's XHTML
    one) is harmless, since no DTD is ever loaded."""
    if data.find(b"<!ENTITY", 0, 65536) != -1:  # (no copy of the first 64 kB, as a slice made)
        raise HostileInput(
            f"The {what} file declares entities in a DTD, which OCR software never writes; it was refused "
            "as a possible entity-expansion (billion laughs) or external-entity (XXE) attack."
        )


_PARSERS = threading.local()


def _parser(kind: str) -> etree._FeedParser:
    """This thread's hardened parser of ``kind`` ("xml" or "html"). Making a parser costs about as much
    as parsing a one-page file's first lines, and lxml lets a thread reuse its parser for document
    after document (a parser is not to be shared between threads, hence one per thread)."""
    parser: etree._FeedParser | None = getattr(_PARSERS, kind, None)
    if parser is None:
        if kind == "html":
            # no table of the ``id`` attributes (the HTML parser's default): the reader never looks an
            # element up by its id, every hOCR line and word has one, and filling the table cost 6-16%
            # of the parse of the benchmark's files; the HTML parser accepts repeated ids either way
            # (the XML parser, which refuses a repeated xml:id while it fills the table, keeps it)
            parser = etree.HTMLParser(
                no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, collect_ids=False
            )
        else:
            parser = etree.XMLParser(
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
                load_dtd=False,
                remove_comments=True,
                remove_pis=True,
            )
        setattr(_PARSERS, kind, parser)
    return parser


def safe_xml(data: bytes, what: str) -> etree._Element:
    """Parse ``data`` without entities, DTDs, network or huge trees (entity declarations are refused
    outright: :func:`refuse_entities`)."""
    refuse_entities(data, what)
    try:
        root = etree.fromstring(data, _parser("xml"))
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "huge" in message.lower() or "depth" in message.lower():
            raise LimitExceeded(
                f"The {what} file is nested too deeply or too large to parse ({exc})."
            ) from exc
        raise CorruptInput(f"The {what} file is not well-formed XML ({exc}).") from exc
    if root is None:
        raise EmptyInput(f"The {what} file holds no content.")
    return root


def safe_html(data: bytes, what: str) -> etree._Element:
    """Parse ``data`` with lxml's HTML parser (hOCR is HTML, often not well-formed XML), with no
    network and no entities (:func:`refuse_entities`)."""
    if not data or data.isspace():  # isspace stops at the first other byte; strip() copied it all
        raise EmptyInput(f"The {what} input is empty.")
    refuse_entities(data, what)
    try:
        root = etree.fromstring(data, _parser("html"))
    except (etree.ParserError, ValueError) as exc:
        raise CorruptInput(f"The {what} file cannot be parsed ({exc}).") from exc
    if root is None:
        raise EmptyInput(f"The {what} file holds no content.")
    return root


# The readers ask elements for their attributes by bytes names (el.get(b"CONTENT")) on their hot
# paths: lxml looks a name up as UTF-8 bytes, and a str name is encoded anew on every call (about 15%
# of the cost of the call); the value returned is the same str either way.


def scan_metadata(software: str | None, dpi: float | None, **more: object) -> dict[str, object]:
    """The metadata every OCR-output reader states: the software that wrote the file and, for pixel
    coordinates, the resolution they were taken at (the file's, or :data:`DEFAULT_DPI`)."""
    return {"software": software, "resolution": f"{dpi:g} dpi" if dpi is not None else None, **more}


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(root: etree._Element) -> str:
    """The ``{uri}`` prefix of the root's tag ("" when it has none), so that elements can be found with
    lxml's tag-filtered ``iter(ns + "TextLine")``: the filtering is done in C, where testing every
    element's local name in Python cost more than the parse itself (issue 15's benchmark)."""
    tag = root.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[: tag.index("}") + 1]
    return ""


def number(value: str | None) -> float | None:
    """An attribute's number, or None when it is missing or not a finite number: float() also reads
    "nan" and "inf", which no coordinate, confidence or index means, and which break int() and sorting."""
    if value is None:
        return None
    try:
        x = float(value)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


#: a gap between two word boxes narrower than this share of the taller word's height is no space:
#: files that write no space elements (ALTO without ``SP``) may set punctuation as a token of its own,
#: flush against the word before it ("worden" ";"), while a word space is a third of an em or more
TIGHT_GAP = 0.12


def _punctuation(word: str, categories: tuple[str, ...]) -> bool:
    # most tokens are words: a letter or digit first (str.isalnum, in C) is never punctuation, and
    # that answer spares the per-character category lookup
    if word[0].isalnum():
        return False
    if len(word) == 1:  # most punctuation tokens are one mark: no generator for it
        return unicodedata.category(word) in categories
    return all(unicodedata.category(c) in categories for c in word)


def closes(word: str) -> bool:
    """A token that is set against the word before it: closing marks, stops, commas, hyphens."""
    return bool(word) and _punctuation(word, ("Po", "Pe", "Pf", "Pd"))


def opens(word: str) -> bool:
    """A token that is set against the word after it: opening brackets and quotes."""
    return bool(word) and _punctuation(word, ("Ps", "Pi"))


def join_at(words: list[str], touching: list[int]) -> str:
    """``words`` joined by spaces, except before each index in ``touching`` (ascending), where a word
    is glued to the one before it (its box touches: 'l'' + 'homme', '(' + 'see')."""
    if not touching:
        return " ".join(words)
    pieces: list[str] = []
    start = 0
    for i in touching:
        pieces.append(" ".join(words[start:i]))
        start = i
    pieces.append(" ".join(words[start:]))
    return "".join(pieces)


def join_words(words: list[str], boxes: list[BBox | None] | None = None) -> str:
    """The text of a line's words when the file marks no spaces between them: a space between two
    words, except where a punctuation token touches the word before it (a closing mark, a hyphen) or
    after it (an opening mark). Touching boxes alone are not enough: ground truth tools that split a
    box leave two words flush against each other too ("eine" "Revolution")."""
    if not boxes or len(boxes) != len(words):
        return " ".join(w for w in words if w)
    if all(words):
        # no empty word: two words can touch only where both have a box, which is rare (a reader
        # reads boxes only beside a punctuation token), so only those pairs are tested, and the runs
        # between them joined by spaces
        boxed = [i for i, box in enumerate(boxes) if box is not None]
        touching = [
            i
            for a, i in itertools.pairwise(boxed)
            if a == i - 1 and _touch(words[a], boxes[a], words[i], boxes[i])  # type: ignore[arg-type]
        ]
        return join_at(words, touching)
    out: list[str] = []
    prev: BBox | None = None
    prev_word = ""
    for word, box in zip(words, boxes, strict=True):
        if not word:
            continue
        if out:
            tight = (
                prev is not None
                and box is not None
                and box[0] - prev[2] < TIGHT_GAP * max(box[3] - box[1], prev[3] - prev[1])
                and (closes(word) or opens(prev_word))
            )
            if not tight:
                out.append(" ")
        out.append(word)
        prev, prev_word = box, word
    return "".join(out)


def _touch(prev_word: str, prev: BBox, word: str, box: BBox) -> bool:
    """Whether ``word`` is set against the word before it (no space between them): see join_words."""
    return box[0] - prev[2] < TIGHT_GAP * max(box[3] - box[1], prev[3] - prev[1]) and (
        closes(word) or opens(prev_word)
    )


def words_line(
    text: str,
    *,
    bbox: BBox | None,
    boxes: list[BBox] | None = None,
    confidences: list[float] | None = None,
    sizes: list[float] | None = None,
    bold: list[bool] | None = None,
    italic: list[bool] | None = None,
    size: float | None = None,
) -> OcrLine:
    """One recognised line from what its words say, the same way for ALTO, PAGE-XML and hOCR: the
    line's own box, else the union of its words' boxes; the mean of its words' confidences; the
    largest word size (else the line's ``size``); bold or italic when every word that says is."""
    return OcrLine(
        text=text,
        bbox=bbox if bbox is not None else union(boxes or []),
        confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        font_size=max(sizes) if sizes else size,
        bold=all(bold) if bold else None,
        italic=all(italic) if italic else None,
    )


@dataclass(slots=True)
class OcrLine:
    text: str
    bbox: BBox | None = None
    confidence: float | None = None
    font_size: float | None = None
    bold: bool | None = None
    italic: bool | None = None


@dataclass(slots=True)
class OcrBlock:
    lines: list[OcrLine] = field(default_factory=list)
    region: Region = "body"
    style: str | None = None


@dataclass(slots=True)
class OcrPage:
    blocks: list[OcrBlock] = field(default_factory=list)
    width: float | None = None
    height: float | None = None


def build(
    pages: list[OcrPage],
    fmt: str,
    reader: str,
    options: ReadOptions,
    metadata: Mapping[str, object],
    *,
    normalized: bool = False,
) -> Document:
    """The Document of recognised pages (every page marked as OCR'd). ``normalized``: the lines' texts
    are already single-spaced, with no white space at either end (hOCR's are), so they are taken as
    they are instead of being split and joined again."""
    if len(pages) > options.limits.max_pages:
        raise LimitExceeded(
            f"The {fmt} file has {len(pages)} pages, over the limit of {options.limits.max_pages}; raise "
            "Limits.max_pages to read it."
        )
    b = DocumentBuilder(format=fmt, reader=reader)
    b.metadata.update({k: v for k, v in metadata.items() if v is not None})
    b.metadata["ocr"] = True
    add_line = b.add_line
    end_block = b.end_block
    emitted = False
    for page in pages:
        check_deadline(options, f"Reading the {fmt} file")
        b.new_page(width=page.width, height=page.height, ocr=True)
        for block in page.blocks:
            # one pass over the block's lines: each line's whitespace made single spaces, a line of
            # none no line ("".join of no words is empty exactly when strip() would leave nothing), a
            # block of no lines no block; the builder's block is closed here, after the page began
            # and after each block
            region, style = block.region, block.style
            added = False
            for line in block.lines:
                text = line.text if normalized else " ".join(line.text.split())
                if not text:
                    continue
                added = True
                if line.font_size is None and line.bold is None and line.italic is None:
                    # what PAGE-XML's lines and most others are: no type cues, the builder's defaults
                    # (fewer keywords for it to take)
                    add_line(text, bbox=line.bbox, confidence=line.confidence, region=region, style=style)
                else:
                    add_line(
                        text,
                        bbox=line.bbox,
                        confidence=line.confidence,
                        font_size=line.font_size,
                        bold=line.bold,
                        italic=line.italic,
                        region=region,
                        style=style,
                    )
            if added:
                emitted = True
                end_block()
    if not emitted:
        raise EmptyInput(f"The {fmt} file holds no recognised text.")
    return b.build()


def union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
