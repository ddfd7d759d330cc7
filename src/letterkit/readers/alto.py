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

from lxml import etree

from letterkit.document import BBox, Document, Region
from letterkit.errors import CorruptInput
from letterkit.readers.base import (
    CONTENT_MATCH,
    EXTENSION_MATCH,
    NO_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    with_deadline,
)
from letterkit.readers.layoutxml import (
    DEFAULT_DPI,
    REGION_TYPES,
    OcrBlock,
    OcrLine,
    OcrPage,
    build,
    local,
    number,
    safe_xml,
    union,
)


def _scale(unit: str, dpi: float) -> float:
    """Points per unit of the file's MeasurementUnit."""
    if unit == "mm10":
        return 72 / 254
    if unit == "inch1200":
        return 72 / 1200
    return 72 / dpi


class AltoReader(Reader):
    """ALTO XML OCR output."""

    name = "alto"
    formats = ("alto",)
    extensions = ("alto",)
    priority = 70
    description = "ALTO XML OCR/HTR output (lines with boxes, confidence, header/footer/marginalia)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        start = head[:2048]
        if b"<alto" in start or b":alto" in start or b"standards/alto" in start:
            return CONTENT_MATCH
        return EXTENSION_MATCH if info.extension in self.extensions else NO_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root = safe_xml(data, "ALTO")
        if local(root).lower() != "alto":
            raise CorruptInput(f"The root element is <{local(root)}>, not <alto>: this is not an ALTO file.")
        unit = "pixel"
        dpi = DEFAULT_DPI
        software: str | None = None
        styles: dict[str, tuple[float | None, bool | None, bool | None]] = {}
        tags: dict[str, str] = {}
        for el in root.iter():
            name = local(el)
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
            elif name in ("LayoutTag", "StructureTag", "OtherTag") and el.get("ID"):
                tags[el.get("ID", "")] = (el.get("LABEL") or el.get("TYPE") or "").lower()
        k = _scale(unit, dpi)
        pages: list[OcrPage] = []
        for page_el in (el for el in root.iter() if local(el) == "Page"):
            w, h = number(page_el.get("WIDTH")), number(page_el.get("HEIGHT"))
            page = OcrPage(width=w * k if w else None, height=h * k if h else None)
            for block_el in (el for el in page_el.iter() if local(el) == "TextBlock"):
                block = OcrBlock(region=self._region(block_el, tags), style="TextBlock")
                for line_el in (el for el in block_el if local(el) == "TextLine"):
                    block.lines.append(self._line(line_el, k, styles, block_el.get("STYLEREFS")))
                page.blocks.append(block)
            pages.append(page)
        meta = {
            "software": software,
            "resolution": f"{dpi:g} dpi" if unit == "pixel" else None,
            "measurement_unit": unit,
        }
        return build(pages, "alto", self.name, options, meta)

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
        parent = el.getparent()
        while parent is not None and local(parent) not in ("Page",):
            pname = local(parent)
            if pname == "TopMargin":
                kinds.append("header")
            elif pname == "BottomMargin":
                kinds.append("footer")
            elif pname in ("LeftMargin", "RightMargin"):
                kinds.append("marginalia")
            parent = parent.getparent()
        for kind in kinds:
            if kind in REGION_TYPES:
                return REGION_TYPES[kind]
        return "body"

    @staticmethod
    def _line(
        line_el: etree._Element,
        k: float,
        styles: dict[str, tuple[float | None, bool | None, bool | None]],
        block_style: str | None,
    ) -> OcrLine:
        words: list[str] = []
        confs: list[float] = []
        boxes: list[BBox] = []
        size: float | None = None
        bold: list[bool] = []
        italic: list[bool] = []
        for el in line_el:
            name = local(el)
            if name == "String":
                content = el.get("CONTENT") or ""
                words.append(content)
                wc = number(el.get("WC"))
                if wc is not None:
                    confs.append(wc * 100 if wc <= 1 else wc)
                x, y, w, h = (number(el.get(a)) for a in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
                if None not in (x, y, w, h):
                    boxes.append((x * k, y * k, (x + w) * k, (y + h) * k))  # type: ignore[operator]
                style = styles.get((el.get("STYLEREFS") or block_style or "").split(" ")[0])
                if style:
                    size = style[0] if style[0] is not None else size
                    if style[1] is not None:
                        bold.append(style[1])
                    if style[2] is not None:
                        italic.append(style[2])
                fstyle = (el.get("STYLE") or "").lower()
                if fstyle:
                    bold.append("bold" in fstyle)
                    italic.append("italics" in fstyle or "italic" in fstyle)
            elif name == "SP":
                words.append(" ")
            elif name == "HYP":
                words.append(el.get("CONTENT") or "-")
        # words are separated by SP elements; files that write none separate them by nothing at all
        text = "".join(words) if " " in words else " ".join(words)
        x, y, w, h = (number(line_el.get(a)) for a in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        bbox = (x * k, y * k, (x + w) * k, (y + h) * k) if None not in (x, y, w, h) else union(boxes)  # type: ignore[operator]
        return OcrLine(
            text=text,
            bbox=bbox,
            confidence=round(sum(confs) / len(confs), 1) if confs else None,
            font_size=size,
            bold=all(bold) if bold else None,
            italic=all(italic) if italic else None,
        )
