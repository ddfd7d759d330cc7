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

import math
import re
from collections.abc import Iterable, Sequence
from json import loads as _json_loads
from operator import itemgetter

from lxml import etree

from letterkit.document import BBox, Document
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
    raw = el.get(b"points")
    if raw:
        return _raw_box(raw, k)
    return _box_of(((p.get("x"), p.get("y")) for p in el.iterchildren(ns + "Point")), k)


#: the ``points`` values of a page read at once by :func:`_raw_boxes`: digits, commas, spaces and
#: decimal points only, and no number of 16 characters or more (an integer under 2**53, read exactly)
_PLAIN_POINTS = re.compile(r"[0-9., ]*")
_LONG_NUMBER = re.compile(r"[0-9.]{16}")
#: a page with fewer line polygons than this has them read one by one
_BULK_POLYGONS = 3


def _raw_boxes(raws: list[str], k: float) -> list[BBox | None]:
    """The boxes around several non-empty ``points`` values, the same as :func:`_raw_box` gives one
    by one, for less: the values, joined into one JSON array of arrays ("x,y x,y" is "x,y,x,y" with
    its spaces made commas), are read by one ``json.loads`` in C instead of a ``float()`` call per
    number, which was over half of what the reader did after the parse (issue 15's benchmark). Only
    values of digits, commas, single spaces and decimal points, with no number of 16 characters or
    more, are read so: there JSON's integers and decimals are the numbers ``float()`` reads (an
    integer under 2**53 times the scale is the same float as its ``float()`` times it), with no sign
    (no -0.0), no NaN, no infinity and no overflow. Anything else JSON refuses (a leading zero, a
    doubled space, "1.", a space at either end) sends the page's values one by one through
    :func:`_raw_box`; so does an odd count or an empty polygon, for that value."""
    if len(raws) < _BULK_POLYGONS:  # (the joins and the checks cost more than they save)
        return [_raw_box(raw, k) for raw in raws]
    joined = " ".join(raws)
    if _PLAIN_POINTS.fullmatch(joined) is None or _LONG_NUMBER.search(joined) is not None:
        return [_raw_box(raw, k) for raw in raws]
    try:
        polygons = _json_loads("[[" + "],[".join(raws).replace(" ", ",") + "]]")
    except ValueError:
        return [_raw_box(raw, k) for raw in raws]
    boxes: list[BBox | None] = []
    for raw, nums in zip(raws, polygons, strict=True):  # (no bracket can stand in a value: same count)
        if nums and not len(nums) & 1:
            px, py = nums[0::2], nums[1::2]
            px.sort()  # one sort per axis for the least and greatest, as in _raw_box
            py.sort()
            boxes.append((px[0] * k, py[0] * k, px[-1] * k, py[-1] * k))
        else:
            boxes.append(_raw_box(raw, k))
    return boxes


def _raw_box(raw: str, k: float) -> BBox | None:
    """The box around one non-empty ``points`` value ("x,y x,y ...")."""
    tokens = raw.replace(",", " ").split()
    nums: Sequence[float]
    if (
        len(raw) < 300
        and "-" not in raw
        and "n" not in raw
        and "N" not in raw
        and "e" not in raw
        and "E" not in raw
    ):
        # the common case, "x,y x,y ..." of unsigned integers: float() mapped in C (it reads a short
        # integer in about half int()'s time, issue 15's benchmark) and one sort per axis for the
        # least and greatest (two sorts cost less than four min()/max() calls). The same box as the
        # int() reading below: int()'s numbers are float()'s too, each float is the integer or its
        # nearest (an int times the scale is turned into that float first, and rounding keeps the
        # order), no value has 300 digits (that int times the scale overflows), and with no minus
        # sign and no "nan" there is neither -0.0 nor NaN, where a sort and min()/max() part ways;
        # with no exponent, no infinity ("1e400")
        try:
            nums = [*map(float, tokens)]
        except ValueError:
            nums = []  # (int() reads no number that float() does not)
        if nums and not len(nums) & 1:
            px_, py_ = nums[0::2], nums[1::2]
            px_.sort()
            py_.sort()
            return (px_[0] * k, py_[0] * k, px_[-1] * k, py_[-1] * k)
        return _pairs(raw, k)
    # the same, read by int() (an integer times the scale is the same float as its float() would
    # give), or else float() mapped in C
    try:
        ints = [*map(int, tokens)]
    except ValueError:
        pass
    else:
        if ints and not len(ints) & 1:
            px, py = ints[0::2], ints[1::2]
            px.sort()  # one sort of a few ints each for the least and greatest: cheaper than four
            py.sort()  # min()/max() calls (and, for integers, the same)
            try:
                return (px[0] * k, py[0] * k, px[-1] * k, py[-1] * k)
            except OverflowError:  # a coordinate of hundreds of digits, which no page means
                return _pairs(raw, k)
    try:
        nums = [*map(float, tokens)]
    except ValueError:
        nums = []
    if nums and not len(nums) & 1:
        fx_, fy_ = nums[0::2], nums[1::2]
        box = (min(fx_) * k, min(fy_) * k, max(fx_) * k, max(fy_) * k)
        if all(map(math.isfinite, box)):
            return box
    return _pairs(raw, k)


def _pairs(raw: str, k: float) -> BBox | None:
    """The box around the well-formed "x,y" pairs of a ``points`` value that is not all numbers."""
    return _box_of((pair.partition(",")[::2] for pair in raw.split()), k)


def _box_of(pairs: Iterable[Sequence[str | None]], k: float) -> BBox | None:
    """The box around the (x, y) pairs that are both finite numbers (old PAGE's Point children, or a
    ``points`` value's pairs read one by one); None when there is none."""
    xs: list[float] = []
    ys: list[float] = []
    for x, y in pairs:
        fx, fy = number(x), number(y)
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
    return _reading(equivs[0], ns + "Unicode")


def _reading(eq: etree._Element, unicode_tag: str) -> tuple[str, float | None]:
    """The text and confidence of one TextEquiv: its Unicode child, and its ``conf`` as a percentage
    (PAGE writes 0-1; none when it is no finite number)."""
    text = ""
    for u in eq:
        if u.tag == unicode_tag:
            text = u.text or ""
            break
    conf = number(eq.get("conf"))
    return text, (conf * 100 if conf is not None and conf <= 1 else conf)


#: "0", "1", "2"...: the indices of a reading order written in its own order from 0 (most tools write
#: it so), compared with the refs' indices in one list comparison
_COUNTING = [str(i) for i in range(4096)]


def _order_refs(
    page_el: etree._Element, ns: str, regions: list[etree._Element]
) -> list[tuple[float, int, str | None]]:
    """The page's ReadingOrder refs as (index, position in their ReadingOrder, regionRef), unsorted (an
    index that is missing or no number counts as 0); none when the one ReadingOrder lists ``regions``
    in their order, each once, with the indices 0, 1, 2... (the order they are in already). The
    attributes are read in one comprehension each and the indices turned into numbers at once; only an
    order with a missing or malformed index is read ref by ref."""
    refs: list[tuple[float, int, str | None]] = []
    ref_tags = {ns + "RegionRefIndexed", ns + "RegionRef"}
    order_tag = ns + "ReadingOrder"
    # (a tag-filtered iterator here: the page's children are all its regions, which a plain pass with a
    # tag test per child would go through in Python, 12 µs for 17 and 200 µs for 300 against 3-5 µs)
    order_els = list(page_el.iterchildren(order_tag))
    for order_el in order_els:
        # a plain walk of the order (its groups and refs: all but the groups wanted) with a tag test,
        # cheaper than a tag-filtered walk's set-up
        ref_els = [ref for ref in order_el.iter() if ref.tag in ref_tags]
        indices = [ref.get(b"index") for ref in ref_els]
        ref_ids = [ref.get(b"regionRef") for ref in ref_els]
        if (
            len(order_els) == 1
            and indices == _COUNTING[: len(indices)]
            and len(indices) == len(regions)
            and len(set(ref_ids)) == len(ref_ids)
            and ref_ids == [r.get(b"id") for r in regions]
        ):
            # the refs sorted are the refs as they stand, each region's place is its position: the
            # regions stay in document order, as the sort below would leave them
            return []
        try:
            positions = [float(index) for index in indices]
        except (TypeError, ValueError):  # float(None) for a missing index
            for i, (index, ref_id) in enumerate(zip(indices, ref_ids, strict=True)):
                try:
                    position = float(index) if index is not None else 0.0
                except ValueError:
                    position = 0.0
                refs.append((position or 0.0, i, ref_id))
        else:
            # (an index of -0.0 sorts as 0.0 would: the "or 0.0" of the loop above changes no order)
            refs.extend(zip(positions, range(len(ref_ids)), ref_ids, strict=True))
    return refs


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
        metadata_tag, creator_tag = ns + "Metadata", ns + "Creator"
        # the root's children (Metadata, Page) and Metadata's, a few each: tested, without a
        # tag-filtered iterator's set-up (and not a walk of the whole tree)
        for section in root:
            if section.tag != metadata_tag:
                continue
            for el in section:
                if el.tag == creator_tag and creator is None and (el.text or "").strip():
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
            refs = _order_refs(page_el, ns, regions)
            if refs:
                refs.sort()
                # a ref named twice: its last place, as in the refs' order
                order = dict(zip(map(itemgetter(2), refs), range(len(refs)), strict=True))
                unlisted = len(order)
                keys = [order.get(r.get(b"id"), unlisted + i) for i, r in enumerate(regions)]
                if keys != sorted(keys):  # not already in reading order
                    # (place, document position) pairs are distinct, so the element is never compared
                    keyed = sorted(zip(keys, range(len(regions)), regions, strict=True))
                    regions = [r for _, _, r in keyed]
            tags = (ns + "Coords", ns + "TextEquiv", ns + "TextLine", ns + "Word", ns + "Unicode")
            page.blocks.extend(self._blocks(regions, ns, tags, k))
            pages.append(page)
        return build(pages, "pagexml", self.name, options, scan_metadata(creator, 72 / k))

    @staticmethod
    def _blocks(
        regions: list[etree._Element], ns: str, tags: tuple[str, str, str, str, str], k: float
    ) -> list[OcrBlock]:
        """The blocks of the page's regions, in their order: one call for the page, each region read in
        its loop (a call per region cost a tenth of the reading)."""
        blocks: list[OcrBlock] = []
        coords_tag, equiv_tag, line_tag, word_tag, unicode_tag = tags
        # the lines whose box is a ``points`` value, and those values: read at once at the end
        pending: list[OcrLine] = []
        pending_raws: list[str] = []
        for region_el in regions:
            kind = region_el.get(b"type")
            kind = kind.lower() if kind else ""
            region = REGION_TYPES.get(kind)
            style: str | None = kind or None
            custom_attr = region_el.get(b"custom")
            if custom_attr:
                custom = _CUSTOM_TYPE.search(custom_attr)
                if custom:
                    style = style or custom.group(1)
                    region = region or REGION_TYPES.get(custom.group(1).lower())
            block = OcrBlock([], region or "body", style)
            lines = block.lines
            coords: etree._Element | None = None
            equivs: list[etree._Element] = []
            has_text = False
            # one pass over the region's children and one over each line's: the lines are read here, not
            # through helpers, as their per-call cost was a third of the reader's (issue 15's benchmark)
            for line_el in region_el:
                tag = line_el.tag
                if tag != line_tag:
                    if tag == coords_tag:
                        coords = line_el
                    elif tag == equiv_tag:
                        equivs.append(line_el)
                    continue
                line_coords: etree._Element | None = None
                eq: etree._Element | None = None  # the line's first TextEquiv
                line_equivs: list[etree._Element] | None = None  # all of them, when there are several
                word_els: list[etree._Element] | None = None
                for c in line_el:
                    ctag = c.tag
                    if ctag == coords_tag:
                        line_coords = c
                    elif ctag == equiv_tag:
                        if eq is None:
                            eq = c
                        elif line_equivs is None:
                            line_equivs = [eq, c]
                        else:
                            line_equivs.append(c)
                    elif ctag == word_tag:
                        if word_els is None:
                            word_els = [c]
                        else:
                            word_els.append(c)
                conf: float | None
                if line_equivs is None:  # the common case: one reading (or none), no sort
                    text, conf = _reading(eq, unicode_tag) if eq is not None else ("", None)
                else:
                    text, conf = _equiv(line_equivs, ns)
                raw = line_coords.get(b"points") if line_coords is not None else None
                line_has_text = bool(text.strip())
                if line_has_text or not word_els:
                    has_text = has_text or line_has_text
                    line = OcrLine(text, None, conf)
                    if raw:  # its box read with the page's others, below
                        pending.append(line)
                        pending_raws.append(raw)
                    elif line_coords is not None:
                        line.bbox = _points(line_coords, ns, k)  # old PAGE's Point children
                    lines.append(line)
                    continue
                bbox = _points(line_coords, ns, k)
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
                line = words_line(join_words(texts), bbox=bbox, boxes=boxes, confidences=confs)
                has_text = has_text or bool(line.text.strip())
                lines.append(line)
            if not has_text:
                text, conf = _equiv(equivs, ns)  # the region's reading, by a line's rule
                box = _points(coords, ns, k)
                block.lines = [OcrLine(t, box, conf) for t in text.split("\n") if t.strip()]
            blocks.append(block)
        if pending_raws:
            for line, box in zip(pending, _raw_boxes(pending_raws, k), strict=True):
                line.bbox = box
        return blocks
