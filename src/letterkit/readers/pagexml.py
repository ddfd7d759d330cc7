"""PAGE-XML (PRImA's Page Analysis and Ground-truth Elements; Transkribus, eScriptorium, OCR-D,
Kraken write it): regions with their type, lines with their polygons, text and confidence.

Regions are read in the file's ``ReadingOrder`` when it has one (else in document order), nested
regions (a table's cells) after their parent. A ``TextRegion``'s ``type`` (``header``, ``footer``,
``page-number``, ``footnote``, ``marginalia``, ``catch-word``...) or its ``custom`` structure tag
(``structure {type:header;}``, as Transkribus writes) gives the line's region. Each ``TextLine``
is a line: its ``Coords`` polygon becomes its box (pixels, at the file's resolution or 300 dpi) and
its ``TextEquiv`` (the first, or the one with ``index="0"``/``"1"``) its text and ``conf``. A region
whose lines carry no text but whose own ``TextEquiv`` does (ground truth at region level) is read
from that text, one line per newline.
"""

from __future__ import annotations

import re

from lxml import etree

from letterkit.document import BBox, Document, Region
from letterkit.errors import CorruptInput
from letterkit.readers.base import ReadOptions, StreamInfo, with_deadline
from letterkit.readers.layoutxml import (
    DEFAULT_DPI,
    REGION_TYPES,
    LayoutReader,
    OcrBlock,
    OcrLine,
    OcrPage,
    build,
    join_words,
    local,
    namespace,
    number,
    safe_xml,
    scan_metadata,
    words_line,
)

_CUSTOM_TYPE = re.compile(r"structure\s*\{[^}]*type\s*:\s*([\w-]+)", re.I)


def _points(el: etree._Element | None, ns: str, k: float) -> BBox | None:
    """The box around a Coords polygon ("x,y x,y ..." or, in old PAGE, Point children)."""
    if el is None:
        return None
    xs: list[float] = []
    ys: list[float] = []
    raw = el.get("points")
    if raw:
        try:  # the common case, well-formed "x,y x,y ...": one split and float() per number
            nums = [float(v) for v in raw.replace(",", " ").split()]
            if len(nums) % 2 == 0 and nums:
                xs, ys = nums[0::2], nums[1::2]
                return (min(xs) * k, min(ys) * k, max(xs) * k, max(ys) * k)
        except ValueError:
            pass
        for pair in raw.split():
            x, _, y = pair.partition(",")
            fx, fy = number(x), number(y)
            if fx is not None and fy is not None:
                xs.append(fx)
                ys.append(fy)
    else:
        for p in el.iterchildren(ns + "Point"):
            fx, fy = number(p.get("x")), number(p.get("y"))
            if fx is not None and fy is not None:
                xs.append(fx)
                ys.append(fy)
    if not xs:
        return None
    return (min(xs) * k, min(ys) * k, max(xs) * k, max(ys) * k)


_Parts = tuple[etree._Element | None, list[etree._Element], list[etree._Element]]


def _parts(el: etree._Element, ns: str) -> _Parts:
    """An element's Coords, TextEquivs and TextLines or Words, in one pass over its children (a
    tag comparison per child costs a fraction of lxml's ``find``, which goes through ElementPath)."""
    coords_tag, equiv_tag, line_tag, word_tag = ns + "Coords", ns + "TextEquiv", ns + "TextLine", ns + "Word"
    coords: etree._Element | None = None
    equivs: list[etree._Element] = []
    inner: list[etree._Element] = []
    for c in el:
        tag = c.tag
        if tag == coords_tag:
            coords = c
        elif tag == equiv_tag:
            equivs.append(c)
        elif tag in (line_tag, word_tag):
            inner.append(c)
    return coords, equivs, inner


def _equiv(equivs: list[etree._Element], ns: str) -> tuple[str, float | None]:
    """The text and confidence of an element's TextEquiv (the first one, index 0 or 1 preferred)."""
    if not equivs:
        return "", None
    if len(equivs) > 1:  # several readings: index 0 or 1 is the one the file means as the text
        equivs = sorted(
            equivs, key=lambda e: (e.get("index") not in ("0", "1"), int(number(e.get("index")) or 0))
        )
    eq = equivs[0]
    unicode_tag = ns + "Unicode"
    text = ""
    for c in eq:
        if c.tag == unicode_tag:
            text = c.text or ""
            break
    conf = number(eq.get("conf"))
    return text, (conf * 100 if conf is not None and conf <= 1 else conf)


class PageXmlReader(LayoutReader):
    """PAGE-XML OCR/HTR output."""

    name = "pagexml"
    formats = ("page", "pagexml")
    extensions = ("pagexml",)
    priority = 70
    description = "PAGE-XML OCR/HTR output (regions by type, lines with polygons and confidence)"
    markers = (b"<PcGts", b":PcGts", b"primaresearch.org/PAGE")

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root = safe_xml(data, "PAGE-XML")
        if local(root) != "PcGts":
            raise CorruptInput(
                f"The root element is <{local(root)}>, not <PcGts>: this is not a PAGE-XML file."
            )
        ns = namespace(root)
        k = 72 / DEFAULT_DPI
        pages: list[OcrPage] = []
        creator: str | None = None
        for section in root.iterchildren(ns + "Metadata"):  # not a walk of the whole tree
            for el in section.iterchildren(ns + "Creator"):
                if creator is None and (el.text or "").strip():
                    creator = (el.text or "").strip()
        for page_el in root.iter(ns + "Page"):
            w, h = number(page_el.get("imageWidth")), number(page_el.get("imageHeight"))
            res = number(page_el.get("imageXResolution"))
            if res:
                k = 72 / res
            page = OcrPage(width=w * k if w else None, height=h * k if h else None)
            regions = list(page_el.iter(ns + "TextRegion"))
            # reading order: the refs sorted by their index (tuples, no key function), then the regions
            # by their place in it, the unlisted ones after, in document order
            refs = [
                (number(ref.get("index")) or 0.0, i, ref.get("regionRef"))
                for order_el in page_el.iterchildren(ns + "ReadingOrder")
                for i, ref in enumerate(order_el.iter(ns + "RegionRefIndexed", ns + "RegionRef"))
            ]
            if refs:
                refs.sort()
                order = {ref_id: n for n, (_, _, ref_id) in enumerate(refs)}
                unlisted = len(order)
                keyed = [(order.get(r.get("id"), unlisted + i), i, r) for i, r in enumerate(regions)]
                keyed.sort(key=lambda t: (t[0], t[1]))
                regions = [r for _, _, r in keyed]
            for region_el in regions:
                page.blocks.append(self._block(region_el, ns, k))
            pages.append(page)
        return build(pages, "pagexml", self.name, options, scan_metadata(creator, 72 / k))

    @staticmethod
    def _block(region_el: etree._Element, ns: str, k: float) -> OcrBlock:
        kind = (region_el.get("type") or "").lower()
        custom_attr = region_el.get("custom")
        custom = _CUSTOM_TYPE.search(custom_attr) if custom_attr else None
        custom_kind = custom.group(1) if custom else None
        region: Region = REGION_TYPES.get(kind) or REGION_TYPES.get((custom_kind or "").lower()) or "body"
        block = OcrBlock(region=region, style=kind or custom_kind)
        coords, equivs, line_els = _parts(region_el, ns)
        for line_el in line_els:
            line_coords, line_equivs, word_els = _parts(line_el, ns)
            text, conf = _equiv(line_equivs, ns)
            bbox = _points(line_coords, ns, k)
            if text.strip() or not word_els:
                block.lines.append(OcrLine(text=text, bbox=bbox, confidence=conf))
                continue
            # no text at line level: the line's Word elements, as for ALTO's and hOCR's words
            texts: list[str] = []
            boxes: list[BBox] = []
            confs: list[float] = []
            for word_el in word_els:
                word_coords, word_equivs, _ = _parts(word_el, ns)
                word, word_conf = _equiv(word_equivs, ns)
                if not word.strip():
                    continue
                texts.append(word)
                box = _points(word_coords, ns, k)
                if box is not None:
                    boxes.append(box)
                if word_conf is not None:
                    confs.append(word_conf)
            block.lines.append(words_line(join_words(texts), bbox=bbox, boxes=boxes, confidences=confs))
        if not any(line.text.strip() for line in block.lines):
            text, conf = _equiv(equivs, ns)
            box = _points(coords, ns, k)
            block.lines = [OcrLine(text=t, bbox=box, confidence=conf) for t in text.split("\n") if t.strip()]
        return block
