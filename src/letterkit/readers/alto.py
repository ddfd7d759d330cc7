"""ALTO XML (Analyzed Layout and Text Object, the Library of Congress standard; ABBYY, Tesseract,
Transkribus and most library digitisation write it): pages, text blocks, lines with boxes and word
confidences.

Coordinates are in the file's ``MeasurementUnit`` (``pixel``, ``mm10``, ``inch1200``) and become
points. A line's confidence is the mean of its words' ``WC`` (0-1) as 0-100. Text styles
(``TextStyle`` ``FONTSIZE``/``FONTSTYLE``, referred to by ``STYLEREFS``) give font size, bold and
italic. A block's region comes from its ``TYPE`` or from structure tags (``LayoutTag``) it refers to by
``TAGREFS`` whose label says header, footer, footnote or marginalia; ALTO v4's page-level
``TopMargin``/``BottomMargin`` blocks are header and footer too. Hyphenated line ends (``HYP``) keep
their hyphen, as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

from lxml import etree

from letterkit.document import BBox, Document, Region
from letterkit.errors import CorruptInput
from letterkit.readers.base import ReadOptions, StreamInfo, with_deadline
from letterkit.readers.layoutxml import (
    DEFAULT_DPI,
    REGION_TYPES,
    TIGHT_GAP,
    LayoutReader,
    OcrBlock,
    OcrLine,
    OcrPage,
    build,
    closes,
    join_at,
    join_words,
    local,
    namespace,
    number,
    opens,
    safe_xml,
    scan_metadata,
    union,
)

#: ALTO's page areas whose blocks are header, footer or marginalia
_AREAS = {
    "TopMargin": "header",
    "BottomMargin": "footer",
    "LeftMargin": "marginalia",
    "RightMargin": "marginalia",
}


def _written(data: bytes) -> tuple[bool, bool]:
    """Whether the file may hold the word attributes ``WC`` and ``STYLE``. Those it never writes are
    not asked for on each of its words (ground truth has no WC, most OCR no STYLE): a byte search, in
    C, against an attribute lookup per word. Only a file in an encoding that writes ASCII as ASCII
    can be searched so; any other (UTF-16) is taken to hold both. ``STYLE`` is also the start of
    ``STYLEREFS``, hence the look-ahead."""
    if b"\x00" in data[:64]:
        return True, True
    return b"WC" in data, _STYLE_ATTR.search(data) is not None


#: "STYLE" not at the start of "STYLEREFS": where a STYLE attribute's name may be
_STYLE_ATTR = re.compile(rb"STYLE(?!REFS)")


_SECTION_TAGS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}


def _section_tags(ns: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The tags (in the namespace ``ns``) of the sections read before the layout, of the elements read
    in them, and of the structure tags among those; kept for the few namespaces files use (the cache
    is emptied should a stream of files bring many)."""
    got = _SECTION_TAGS.get(ns)
    if got is None:
        if len(_SECTION_TAGS) > 32:
            _SECTION_TAGS.clear()
        tag_kinds = frozenset(ns + n for n in ("LayoutTag", "StructureTag", "OtherTag"))
        kinds = frozenset(ns + n for n in ("MeasurementUnit", "xResolution", "softwareName", "TextStyle"))
        got = _SECTION_TAGS[ns] = (
            frozenset(ns + n for n in ("Description", "Styles", "Tags")),
            kinds | tag_kinds,
            tag_kinds,
        )
    return got


def _scale(unit: str, dpi: float) -> float:
    """Points per unit of the file's MeasurementUnit."""
    if unit == "mm10":
        return 72 / 254
    if unit == "inch1200":
        return 72 / 1200
    return 72 / dpi


class AltoReader(LayoutReader):
    """ALTO XML OCR output."""

    name = "alto"
    formats = ("alto",)
    extensions = ("alto",)
    priority = 70
    description = "ALTO XML OCR/HTR output (lines with boxes, confidence, header/footer/marginalia)"
    markers = (b"<alto", b":alto", b"standards/alto")

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root = safe_xml(data, "ALTO")
        if local(root).lower() != "alto":
            raise CorruptInput(f"The root element is <{local(root)}>, not <alto>: this is not an ALTO file.")
        ns = namespace(root)
        unit = "pixel"
        dpi = DEFAULT_DPI
        software: str | None = None
        styles: dict[str, tuple[float | None, bool | None, bool | None]] = {}
        tags: dict[str, str] = {}
        # the description, styles and tags come before the layout: one walk of those sections, not of
        # the whole tree once per kind of element; a plain walk with a tag test per element (they are
        # few, and nearly all wanted) costs less than a tag-filtered one's set-up
        wanted, kinds, tag_kinds = _section_tags(ns)
        for section in root:
            if section.tag not in wanted:
                continue
            for el in section.iter():
                if el.tag not in kinds:
                    continue
                name = el.tag[len(ns) :]
                if name == "MeasurementUnit" and el.text:
                    unit = el.text.strip()
                elif name == "xResolution" and number(el.text):
                    dpi = float(el.text or DEFAULT_DPI)
                elif name == "softwareName" and el.text and software is None:
                    software = el.text.strip()
                elif name == "TextStyle" and el.get("ID"):
                    fstyle = (el.get("FONTSTYLE") or "").lower()
                    styles[el.get("ID", "")] = (
                        number(el.get("FONTSIZE")),
                        "bold" in fstyle if fstyle else None,
                        "italic" in fstyle if fstyle else None,
                    )
                elif el.tag in tag_kinds and el.get("ID"):
                    tags[el.get("ID", "")] = (el.get("LABEL") or el.get("TYPE") or "").lower()
        k = _scale(unit, dpi)
        names = (ns + "String", ns + "SP", ns + "HYP")
        has = _written(data)
        line_tag = ns + "TextLine"
        memo: dict[str, tuple[float | None, bool | None, bool | None] | None] = {}
        pages: list[OcrPage] = []
        for page_el in root.iter(ns + "Page"):
            w, h = number(page_el.get("WIDTH")), number(page_el.get("HEIGHT"))
            page = OcrPage(width=w * k if w else None, height=h * k if h else None)
            block_tag = ns + "TextBlock"
            # the page's areas (TopMargin, PrintSpace...) in order, and the blocks in each: a block
            # that is a child of its area has its region from the area's kind, instead of a walk up
            # from it (which finds the same: the area, then the page); any other block (in a
            # ComposedBlock, or in an area inside the area) is left to that walk, which defines the
            # result
            for area in page_el.iterchildren(etree.Element):
                if area.tag == block_tag:
                    blocks: Iterable[etree._Element] = (area,)
                    area_kind: str | None = None
                elif not len(area):  # an empty margin (OCR-D writes all four): no blocks to look for
                    continue
                else:
                    blocks = area.iter(block_tag)
                    area_kind = _AREAS.get(local(area))
                area_region = REGION_TYPES[area_kind] if area_kind is not None else "body"
                blocks_out = page.blocks
                for block_el in blocks:
                    if block_el is area or block_el.getparent() is area:
                        # what _stated finds, read here (a call and a loop per block less): the TYPE,
                        # else the type, else the tags, else the area
                        region: Region | None = None
                        value = block_el.get(b"TYPE")
                        if value:
                            region = REGION_TYPES.get(value.lower())
                        if region is None:
                            value = block_el.get(b"type")
                            if value:
                                region = REGION_TYPES.get(value.lower())
                        if region is None:
                            refs = block_el.get(b"TAGREFS")
                            region = self._stated(block_el, tags, area_kind) if refs else area_region
                    else:
                        region = self._region(block_el, tags)
                    block = OcrBlock([], region, "TextBlock")
                    block_style = block_el.get(b"STYLEREFS")
                    lines = block.lines
                    for line_el in block_el:  # a tag test per child: cheaper than iterchildren's set-up
                        if line_el.tag == line_tag:
                            lines.append(self._line(line_el, names, k, styles, block_style, has, memo))
                    blocks_out.append(block)
            pages.append(page)
        meta = scan_metadata(software, dpi if unit == "pixel" else None, measurement_unit=unit)
        return build(pages, "alto", self.name, options, meta)

    @staticmethod
    def _stated(el: etree._Element, tags: dict[str, str], area_kind: str | None) -> Region:
        """A block's region from its TYPE, its tags and then its page area's kind (``header`` for
        TopMargin...), in that order: what :meth:`_region` finds when the block's only area
        ancestor is its page area."""
        for attr in ("TYPE", "type"):
            value = el.get(attr)
            if value and value.lower() in REGION_TYPES:
                return REGION_TYPES[value.lower()]
        refs = el.get("TAGREFS")
        if refs:
            for ref in refs.split():
                kind = tags.get(ref)
                if kind is not None and kind in REGION_TYPES:
                    return REGION_TYPES[kind]
        return REGION_TYPES[area_kind] if area_kind is not None else "body"

    @staticmethod
    def _region(el: etree._Element, tags: dict[str, str]) -> Region:
        kinds: list[str] = []
        for attr in ("TYPE", "type"):
            value = el.get(attr)
            if value:
                kinds.append(value.lower())
        for ref in (el.get("TAGREFS") or "").split():
            if ref in tags:
                kinds.append(tags[ref])
        for parent in el.iterancestors():
            pname = parent.tag
            if not isinstance(pname, str):
                continue
            pname = pname[pname.find("}") + 1 :]
            if pname == "Page":
                break
            if pname == "TopMargin":
                kinds.append("header")
            elif pname == "BottomMargin":
                kinds.append("footer")
            elif pname in ("LeftMargin", "RightMargin"):
                kinds.append("marginalia")
        for kind in kinds:
            if kind in REGION_TYPES:
                return REGION_TYPES[kind]
        return "body"

    @staticmethod
    def _line(
        line_el: etree._Element,
        names: tuple[str, str, str],
        k: float,
        styles: dict[str, tuple[float | None, bool | None, bool | None]],
        block_style: str | None,
        has: tuple[bool, bool] = (True, True),
        memo: dict[str, tuple[float | None, bool | None, bool | None] | None] | None = None,
    ) -> OcrLine:
        """One TextLine. ``memo``: the style each STYLEREFS value names, kept across the file's lines
        (a few values, each on many words: looked up once, not split again for every word)."""
        string, space, hyp = names
        has_wc, has_style = has
        if memo is None:
            memo = {}
        parts: list[str] = []  # the words, SP as " " and HYP as its hyphen, in order
        texts: list[str] = []  # the words alone, a HYP's hyphen joined to the word before it (no SP)
        words: list[etree._Element] = []  # their elements (no SP)
        spaced = False
        wcs: list[str] = []
        sizes: list[float] = []
        bold: list[bool] = []
        italic: list[bool] = []
        # a plain pass over the line's children with a tag test each: lxml's tag-filtered iterchildren
        # costs more to set up, once per line, than the tests (issue 15's benchmark)
        for el in line_el:
            tag = el.tag
            if tag == string:
                content = el.get(b"CONTENT") or ""
                parts.append(content)
                if not spaced:  # the words alone are needed only to space a line that has no SP
                    texts.append(content)
                    words.append(el)
                if has_wc:
                    wc = el.get(b"WC")
                    if wc is not None:
                        wcs.append(wc)  # read as numbers after the loop, all at once
                if styles:
                    ref = el.get(b"STYLEREFS") or block_style or ""
                    style = memo.get(ref, _UNSEEN)
                    if style is _UNSEEN:
                        style = memo[ref] = styles.get(ref.split(" ")[0])
                    if style:
                        if style[0] is not None:
                            sizes.append(style[0])
                        if style[1] is not None:
                            bold.append(style[1])
                        if style[2] is not None:
                            italic.append(style[2])
                if has_style:
                    fstyle = el.get(b"STYLE")
                    if fstyle:
                        fstyle = fstyle.lower()
                        bold.append("bold" in fstyle)
                        italic.append("italic" in fstyle)
            elif tag == space:
                parts.append(" ")
                spaced = True
            elif tag == hyp:
                hyphen = el.get(b"CONTENT") or "-"
                parts.append(hyphen)
                if texts:
                    texts[-1] += hyphen
        confs: list[float] = []
        if wcs:
            try:
                values = [*map(float, wcs)]  # in C; a malformed WC is no confidence, found one by one
            except ValueError:
                values = [v for v in map(number, wcs) if v is not None]
            confs = [v * 100 if v <= 1 else v for v in values]
        bbox = _box(line_el, k)
        boxes: list[BBox | None] | None = None
        text: str | None = None
        if bbox is None:  # the line's box is the union of its words'
            boxes = [_box(w, k) for w in (line_el.iterchildren(string) if spaced else words)]
        elif not spaced:  # only a punctuation token and its neighbour need their boxes, to space them
            # a token that starts with a letter or digit is never punctuation (closes() and opens() say
            # so on their first test): only the others are tested, and a line with none of them is
            # spaced as join_words spaces words without boxes
            marks = [i for i, t in enumerate(texts) if t and not t[0].isalnum()]
            if not marks:
                boxes = []
            elif "" in texts:  # an empty word: join_words' own loop, over the boxes it may need
                n = len(words)
                needed = [False] * n
                for i in marks:
                    t = texts[i]
                    if closes(t):
                        needed[i] = True
                        needed[max(i - 1, 0)] = True
                    if opens(t):
                        needed[i] = True
                        needed[min(i + 1, n - 1)] = True
                boxes = [_box(w, k) if need else None for w, need in zip(words, needed, strict=True)]
            else:
                text = _spaced(texts, words, marks, k)
        # words are separated by SP elements; in files that write none, by the gaps between their boxes
        if text is None:
            text = "".join(parts) if spaced else join_words(texts, boxes)
        if bbox is None:
            bbox = union([b for b in boxes if b is not None] if boxes else [])
        # what words_line makes of the words (the line's box, else theirs; their mean confidence; the
        # largest size; bold or italic when every word that says is), without the call's keywords
        return OcrLine(
            text,
            bbox,
            round(sum(confs) / len(confs), 1) if confs else None,
            max(sizes) if sizes else None,
            all(bold) if bold else None,
            all(italic) if italic else None,
        )


#: a STYLEREFS value not yet looked up
_UNSEEN = cast("tuple[float | None, bool | None, bool | None]", object())  # compared by identity


def _spaced(texts: list[str], words: list[etree._Element], marks: list[int], k: float) -> str:
    """What :func:`join_words` makes of a line's words (none of them empty) with the boxes of those
    beside a punctuation token: a space between two words unless the second closes, or the first
    opens, and their boxes touch. Only those pairs are looked at, each mark tested once."""
    n = len(words)
    pairs: set[int] = set()  # i: the pair of words i - 1 and i
    for i in marks:
        t = texts[i]
        if i and closes(t):
            pairs.add(i)
        if i + 1 < n and opens(t):
            pairs.add(i + 1)
    boxes: dict[int, BBox | None] = {}
    touching: list[int] = []
    for i in sorted(pairs):
        if i - 1 not in boxes:
            boxes[i - 1] = _box(words[i - 1], k)
        if i not in boxes:
            boxes[i] = _box(words[i], k)
        prev, box = boxes[i - 1], boxes[i]
        if prev is not None and box is not None and box[0] - prev[2] < TIGHT_GAP * max(
            box[3] - box[1], prev[3] - prev[1]
        ):
            touching.append(i)
    return join_at(texts, touching)


def _box(el: etree._Element, k: float) -> BBox | None:
    """An element's HPOS/VPOS/WIDTH/HEIGHT box in points (None when any is missing or no number)."""
    try:
        x = float(el.get(b"HPOS"))
        y = float(el.get(b"VPOS"))
        w = float(el.get(b"WIDTH"))
        h = float(el.get(b"HEIGHT"))
    except (TypeError, ValueError):  # float(None) for a missing attribute
        return None
    total = x + y + w + h
    if total - total != 0:  # 'nan', 'inf' or numbers past the floats: no position a page has
        return None
    return (x * k, y * k, (x + w) * k, (y + h) * k)
