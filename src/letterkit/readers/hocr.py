"""hOCR (OCR output as HTML: Tesseract's ``-c tessedit_create_hocr=1``, OCRopus, Kraken, gImageReader):
pages, paragraphs and lines with their boxes and word confidences in ``title`` properties.

Elements are found by class: ``ocr_page`` (a page, ``bbox`` its size, ``scan_res`` its resolution),
``ocr_carea``/``ocr_par`` (blocks), ``ocr_line`` and its kin (``ocr_header``, ``ocr_footer``,
``ocr_caption``, ``ocr_textfloat``: lines), ``ocrx_word`` (``x_wconf`` its confidence 0-100,
``x_fsize`` its size). A line's region comes from its own class (``ocr_header``, ``ocr_footer``) or
from an ancestor's (``ocr_header``, ``ocr_footer``, ``ocr_footnote``, ``ocr_marginalia``...). The file
is parsed by lxml's HTML parser (as hOCR is HTML), with no network and no entities.
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
    safe_html,
    scan_metadata,
)

LINE_CLASSES = frozenset(
    {"ocr_line", "ocr_header", "ocr_footer", "ocr_caption", "ocr_textfloat", "ocrx_line"}
)
BLOCK_CLASSES = frozenset({"ocr_par", "ocr_carea", "ocrx_block"})
_PROP = re.compile(r"(\w+)\s+([^;]*)")
_WCONF = re.compile(r"x_wconf\s+(-?\d+(?:\.\d*)?)")
_FSIZE = re.compile(r"x_fsize\s+(\d+(?:\.\d*)?)")


def _wconf(title: str) -> float | None:
    """A word's x_wconf: the first match of :data:`_WCONF` in its title. What every writer gives,
    ``x_wconf 93`` up to the next ``;`` or the end, is read with string methods (a regular expression
    search cost several times as much, on each word); anything else by the search itself."""
    i = title.find("x_wconf")
    if i < 0:
        return None
    if title[i + 7 : i + 8] == " ":
        # the first "x_wconf" followed by one space and digits alone (Unicode decimals, which \d
        # matches) up to ";" or the end is where the search matches, and the digits are its group
        digits = title[i + 8 :].partition(";")[0]
        if digits.isdecimal():
            return float(digits)
    m = _WCONF.search(title)
    return float(m.group(1)) if m else None


def _having_class(el: etree._Element, classes: frozenset[str]) -> list[etree._Element]:
    """The descendants of ``el`` (and ``el``) with any of ``classes`` among their ``class`` words, in
    document order. Most hOCR elements carry one class, so the set test comes first; an XPath class
    test (concat/normalize-space) was slower than this loop, and testing a split set for every element
    cost several times the parse (issue 15's benchmark)."""
    out: list[etree._Element] = []
    for e in el.iter(etree.Element):
        cls = e.get("class")
        if cls and (cls in classes or (" " in cls and not classes.isdisjoint(cls.split()))):
            out.append(e)
    return out


PAGE_CLASS = frozenset({"ocr_page"})
WORD_CLASS = frozenset({"ocrx_word"})


def props(el: etree._Element) -> dict[str, str]:
    """An element's hOCR properties from its title ("bbox 1 2 3 4; x_wconf 93")."""
    return _props(el.get(b"title") or "")


def _props(title: str) -> dict[str, str]:
    """The properties :data:`_PROP` finds in a title, later ones of a name over earlier ones. A title
    whose every ``;``-separated part is blank or a name of word characters, white space and a value
    (what every writer gives) is read by splitting it, as the pattern would match it (a part's
    leading white space cannot start a match, the name is the whole run of word characters, the value
    the rest of the part after the white space); any other title by the pattern itself, which costs
    several times as much."""
    out: dict[str, str] = {}
    for part in title.split(";"):
        pair = part.split(None, 1)
        if len(pair) == 2:
            name = pair[0]
            if name.isalnum() or name.replace("_", "a").isalnum():
                out[name] = pair[1].strip().strip('"')
                continue
        elif not pair:  # a blank part holds no match
            continue
        return {m.group(1): m.group(2).strip().strip('"') for m in _PROP.finditer(title)}
    return out


def _bbox(value: str | None, k: float) -> BBox | None:
    if not value:
        return None
    parts = value.split()
    if len(parts) != 4:
        return None
    try:  # integers, as every hOCR writer gives them (int() is the cheaper read), else decimals
        x0, y0, x1, y1 = map(int, parts)
    except ValueError:
        try:
            x0, y0, x1, y1 = map(float, parts)  # type: ignore[assignment]
        except ValueError:
            return None
    return (x0 * k, y0 * k, x1 * k, y1 * k)


def _in(cls: str, classes: frozenset[str]) -> bool:
    """Whether a ``class`` value names any of ``classes`` (most hOCR elements carry one class)."""
    return cls in classes or (" " in cls and not classes.isdisjoint(cls.split()))


def _has(el: etree._Element, classes: frozenset[str]) -> bool:
    cls = el.get("class")
    return bool(cls) and _in(cls, classes)


def _own_region(cls: str | None) -> Region | None:
    """The region an element's own classes state (``ocr_header``, ``ocr_footnote``...), if any."""
    if cls and "ocr" in cls:
        for name in cls.split():
            if name.startswith("ocr_") and name[4:] in REGION_TYPES:
                return REGION_TYPES[name[4:]]
    return None


#: deeper than this, a page's lines are found by the generic search (no recursion that deep)
_MAX_WALK_DEPTH = 200

_PageLine = tuple[etree._Element, "etree._Element | None", Region, list[etree._Element]]


def _lines(page_el: etree._Element) -> list[_PageLine]:
    """A page's lines in document order, each with its nearest block ancestor (``ocr_par``...), its
    region and its words. One walk down the page, carrying the nearest block and region down to the
    lines, and one pass over each line's elements for its words: the generic search (every element
    tested for a line class, then each line's ancestors walked for its block and for its region) went
    over the page three times. The generic search stays for the odd page (a line inside a line, or
    nesting deeper than :data:`_MAX_WALK_DEPTH`), whose result it defines."""
    block: etree._Element | None = None
    region: Region | None = None
    for el in (page_el, *page_el.iterancestors()):  # what the page's own place in the file says
        cls = el.get("class")
        if block is None and el is not page_el and _has(el, BLOCK_CLASSES):
            block = el
        if region is None:
            region = _own_region(cls)
    if _has(page_el, BLOCK_CLASSES):
        block = page_el
    out: list[_PageLine] = []
    if _has(page_el, LINE_CLASSES) or not _walk(page_el, block, region, out, 0):
        return [
            (
                line_el,
                next((a for a in line_el.iterancestors() if _has(a, BLOCK_CLASSES)), None),
                _region_of(line_el),
                _having_class(line_el, WORD_CLASS),
            )
            for line_el in _having_class(page_el, LINE_CLASSES)
        ]
    return out


def _class_info(cls: str) -> tuple[bool, bool, Region | None]:
    """What a ``class`` value says: a line, a block, and the region it states (if any)."""
    return _in(cls, LINE_CLASSES), _in(cls, BLOCK_CLASSES), _own_region(cls)


#: :func:`_class_info` of the classes hOCR writers give (one name each), looked up instead of tested
_CLASS_INFO: dict[str, tuple[bool, bool, Region | None]] = {
    name: _class_info(name)
    for name in (
        *LINE_CLASSES,
        *BLOCK_CLASSES,
        "ocr_page",
        "ocrx_word",
        "ocr_document",
        "ocr_chapter",
        "ocr_section",
        "ocr_separator",
        "ocr_photo",
        "ocr_image",
        "ocr_table",
        "ocr_float",
        "ocr_noise",
        *(f"ocr_{kind}" for kind in REGION_TYPES),
    )
}


def _walk(
    el: etree._Element, block: etree._Element | None, region: Region | None, out: list[_PageLine], depth: int
) -> bool:
    """Add the lines under ``el`` to ``out`` (False when the page needs the generic search)."""
    if depth > _MAX_WALK_DEPTH:
        return False
    # plain iteration: a comment or entity among the children has no class and no children, so it is
    # passed over as a tag-filtered iterator (whose set-up costs more, on every element with children)
    # would pass it over; the parser drops processing instructions (whose get() would read their text)
    for child in el:
        cls = child.get(b"class")
        inner_block, inner_region = block, region
        if cls:
            info = _CLASS_INFO.get(cls)
            is_line, is_block, own = info if info is not None else _class_info(cls)
            if is_line:
                words: list[etree._Element] = []
                for e in child.iter():
                    ecls = e.get(b"class")
                    if not ecls:
                        continue
                    if ecls == "ocrx_word":  # what nearly every word says, and no line class
                        words.append(e)
                        continue
                    if e is not child and _in(ecls, LINE_CLASSES):
                        return False  # a line inside a line
                    if _in(ecls, WORD_CLASS):
                        words.append(e)
                out.append((child, block, own or region or "body", words))
                continue
            if is_block:
                inner_block = child
            inner_region = own or region
        if len(child) and not _walk(child, inner_block, inner_region, out, depth + 1):
            return False
    return True


def _region_of(el: etree._Element) -> Region:
    """The region the line's own class or its nearest classed ancestor states (ocr_header...)."""
    cur: etree._Element | None = el
    while cur is not None:
        cls = cur.get("class")
        if cls and "ocr" in cls:
            for name in cls.split():
                if name.startswith("ocr_") and name[4:] in REGION_TYPES:
                    return REGION_TYPES[name[4:]]
        cur = cur.getparent()
    return "body"


class HocrReader(LayoutReader):
    """hOCR OCR output."""

    name = "hocr"
    formats = ("hocr",)
    extensions = ("hocr",)
    priority = 70  # above the HTML reader, which would read an hOCR page as a web page
    description = "hOCR OCR output (lines with boxes and word confidence, header/footer classes)"
    markers = (b"ocr_page", b"ocr-system", b"ocr-capabilities")
    sniff_window = 8192

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root = safe_html(data, "hOCR")
        system = None
        for meta in root.iter("meta"):
            if (meta.get("name") or "").lower() == "ocr-system":
                system = meta.get("content")
        pages: list[OcrPage] = []
        # pages are <div>s in every hOCR writer; only a file without one is searched element by element
        page_els = [el for el in root.iter("div") if _has(el, PAGE_CLASS)] or _having_class(root, PAGE_CLASS)
        if not page_els:
            raise CorruptInput("The file has no ocr_page element: it is not hOCR output.")
        dpi = DEFAULT_DPI
        for page_el in page_els:
            p = props(page_el)
            res = p.get("scan_res", "").split()
            if res and res[0].replace(".", "", 1).isdigit() and float(res[0]) > 0:
                dpi = float(res[0])
            k = 72 / dpi
            box = _bbox(p.get("bbox"), k)
            page = OcrPage(width=box[2] if box else None, height=box[3] if box else None)
            block_of: etree._Element | None = None
            block: OcrBlock | None = None
            for line_el, parent, region, words in _lines(page_el):
                if block is None or parent is None or parent is not block_of:
                    block_of, block = parent, OcrBlock(region=region, style="hocr")
                    page.blocks.append(block)
                block.lines.append(self._line(line_el, words, k))
            pages.append(page)
        # every line's text is single-spaced already (see _line)
        return build(pages, "hocr", self.name, options, scan_metadata(system, dpi), normalized=True)

    @staticmethod
    def _line(line_el: etree._Element, words: list[etree._Element], k: float) -> OcrLine:
        """One line from its words: their text, mean confidence, largest size, bold and italic (what
        :func:`words_line` makes of them, without the call's keywords, once per line)."""
        confs: list[float] = []
        sizes: list[float] = []
        for w in words:
            title = w.get(b"title") or ""
            i = title.find("x_wconf")
            if i >= 0:
                # "x_wconf 93" up to ";" or the end: read as _wconf reads it, without the call
                digits = title[i + 8 :].partition(";")[0] if title[i + 7 : i + 8] == " " else ""
                if digits.isdecimal():
                    confs.append(float(digits))
                else:
                    conf = _wconf(title)
                    if conf is not None:
                        confs.append(conf)
            if "x_fsize" in title:
                m = _FSIZE.search(title)
                if m:
                    sizes.append(float(m.group(1)))
        bold: bool | None = None
        italic: bool | None = None
        if not words:
            text = " ".join("".join(line_el.itertext()).split())
        else:
            if not any(map(len, words)):  # no word has markup inside (what nearly every file writes)
                texts = [w.text or "" for w in words]
                bold = italic = False
            else:
                texts = []
                bolds: list[bool] = []
                italics: list[bool] = []
                for w in words:
                    if len(w):  # the word has markup inside: <strong>, <em>, a nested span
                        bolds.append(next(w.iter("strong", "b"), None) is not None)
                        italics.append(next(w.iter("em", "i"), None) is not None)
                        texts.append("".join(w.itertext()))
                    else:  # words without markup are neither bold nor italic
                        bolds.append(False)
                        italics.append(False)
                        texts.append(w.text or "")
                bold, italic = all(bolds), all(italics)
            # the words' texts, their white space made single spaces and empty words dropped: what
            # join_words gives words without boxes, in one split for the line instead of one per word
            text = " ".join(" ".join(texts).split())
        lp = props(line_el)
        size = None
        if "x_size" in lp:
            try:
                size = float(lp["x_size"].split()[0]) * k * 0.75  # x_size is the line height incl. ascenders
            except ValueError:
                size = None
        return OcrLine(
            text,
            _bbox(lp.get("bbox"), k),
            round(sum(confs) / len(confs), 1) if confs else None,
            max(sizes) if sizes else size,
            bold,
            italic,
        )
