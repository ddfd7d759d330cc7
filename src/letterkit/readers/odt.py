"""OpenDocument text (``.odt``, LibreOffice and others): paragraphs with their styles, tables, frames,
headers and footers, footnotes and endnotes.

An ODT is a zip package; ``content.xml`` holds the text and its automatic styles, ``styles.xml`` the
named styles and the master pages with their headers and footers. The zip is checked before anything
is decompressed (member count, total size: zip bombs), and every part goes through the same hardened
lxml parser as DOCX parts (no entities, no network, no huge trees); a part that declares a DTD is
refused, since office suites never write one.

Like DOCX, an ODT has no pages: ``text:soft-page-break`` (where the writing application last laid
out a page) and paragraph styles with ``fo:break-before="page"`` cut pages; each page gets the master
page's header at its top and footer at its bottom. Notes (``text:note``) leave a superscript number
in the line and their body goes to the ``footnote`` region at the end of the page that cites them.
Frames (``draw:frame``: text boxes, images) are read where they are anchored; an image becomes an
image line with its ``svg:title``/``svg:desc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from letterkit.core.chars import TO_SUPERSCRIPT
from letterkit.document import Align, Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, HostileInput, LimitExceeded
from letterkit.readers._package import Segment, open_package, safe_parser, uniform_style
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
DC = "http://purl.org/dc/elements/1.1/"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

ODT_MIMETYPES = (
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.text-template",
)

_ALIGN: dict[str, Align] = {
    "start": "left",
    "left": "left",
    "end": "right",
    "right": "right",
    "center": "center",
    "justify": "justify",
}


def _t(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


@dataclass(slots=True)
class _Style:
    parent: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    align: Align | None = None
    indent: float | None = None
    page_break: bool = False
    superscript: bool | None = None


def _length_pt(value: str | None) -> float | None:
    """'12pt', '0.5in', '1.27cm', '4mm' in points."""
    if not value:
        return None
    units = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
    for unit, factor in units.items():
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return None
    return None


class _Styles:
    def __init__(self) -> None:
        self.styles: dict[str, _Style] = {}
        #: resolved styles by name: a document uses a handful of styles on hundreds of paragraphs and
        #: spans, and walking the parent chain for each was a fifth of the reader's time
        self._resolved: dict[str | None, _Style] = {}

    def add(self, root: etree._Element | None) -> None:
        if root is None:
            return
        self._resolved.clear()
        for st in root.iter(_t(STYLE, "style")):
            name = st.get(_t(STYLE, "name"))
            if not name:
                continue
            s = _Style(parent=st.get(_t(STYLE, "parent-style-name")))
            tp = st.find(_t(STYLE, "text-properties"))
            if tp is not None:
                weight = tp.get(_t(FO, "font-weight"))
                if weight:
                    s.bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                fstyle = tp.get(_t(FO, "font-style"))
                if fstyle:
                    s.italic = fstyle in ("italic", "oblique")
                s.size = _length_pt(tp.get(_t(FO, "font-size")))
                pos = tp.get(_t(STYLE, "text-position"))
                if pos:
                    s.superscript = pos.startswith("super") or (
                        pos.split()[0].rstrip("%").isdigit() and int(pos.split()[0].rstrip("%")) > 0
                    )
            pp = st.find(_t(STYLE, "paragraph-properties"))
            if pp is not None:
                s.align = _ALIGN.get(pp.get(_t(FO, "text-align")) or "")
                s.indent = _length_pt(pp.get(_t(FO, "margin-left")))
                s.page_break = pp.get(_t(FO, "break-before")) == "page"
            self.styles[name] = s

    def resolved(self, name: str | None) -> _Style:
        """The style with what its parents set filled in (shared: callers must not change it)."""
        cached = self._resolved.get(name)
        if cached is None:
            cached = self._resolved[name] = self._resolve(name)
        return cached

    def _resolve(self, name: str | None) -> _Style:
        out = _Style()
        seen: set[str] = set()
        chain: list[_Style] = []
        while name and name in self.styles and name not in seen and len(chain) < 50:
            seen.add(name)
            chain.append(self.styles[name])
            name = self.styles[name].parent
        for attr in ("bold", "italic", "size", "align", "indent", "superscript"):
            for s in chain:
                if getattr(s, attr) is not None:
                    setattr(out, attr, getattr(s, attr))
                    break
        out.page_break = bool(chain) and chain[0].page_break
        return out


class _Zip:
    """The package, its members decompressed under the package's byte budget."""

    def __init__(self, data: bytes, options: ReadOptions) -> None:
        self.package = open_package(data, options, "ODT", "Open it in LibreOffice and save it again.")
        self.names = set(self.package.infos)

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.names:
            return None
        raw = self.package.read(name)
        if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:65536]:
            raise HostileInput(
                f"The ODT part {name} declares a DTD or entities, which office suites never write; it was "
                "refused as a possible entity-expansion (billion laughs) or external-entity attack."
            )
        try:
            return etree.fromstring(raw, safe_parser())
        except etree.XMLSyntaxError as exc:
            raise CorruptInput(
                f"The ODT part {name} is not well-formed XML ({exc}); the file is damaged."
            ) from exc


@dataclass(slots=True)
class _Para:
    lines: list[list[Segment]]
    style: _Style
    style_name: str | None
    heading: bool
    notes: list[tuple[int, etree._Element]] = field(default_factory=list)
    image: str | None = None


class _Walker:
    """Turns ODF text content into paragraph and page-break events, in document order."""

    def __init__(self, styles: _Styles, options: ReadOptions | None, notes: dict[str, int] | None) -> None:
        self.styles = styles
        self.options = options
        self.events: list[tuple[str, Any]] = []
        self.notes = notes  # note id -> number (shared across the document); None: notes not expected
        self.count = 0

    def container(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in (_t(TEXT, "p"), _t(TEXT, "h")):
                self.paragraph(child)
            elif tag == _t(TEXT, "soft-page-break"):
                self.events.append(("break", None))
            elif tag in (
                _t(TEXT, "list"),
                _t(TEXT, "list-item"),
                _t(TEXT, "list-header"),
                _t(TEXT, "section"),
                _t(TABLE, "table"),
                _t(TABLE, "table-row"),
                _t(TABLE, "table-rows"),
                _t(TABLE, "table-header-rows"),
                _t(TABLE, "table-cell"),
                _t(TEXT, "index-body"),
                _t(DRAW, "text-box"),
                _t(DRAW, "frame"),
            ):
                self.container(child)

    def paragraph(self, p: etree._Element) -> None:
        self.count += 1
        if self.options is not None and self.count % 200 == 0:
            check_deadline(self.options, "Reading the ODT")
        style_name = p.get(_t(TEXT, "style-name"))
        style = self.styles.resolved(style_name)
        if style.page_break:
            self.events.append(("break", None))
        para = _Para(lines=[[]], style=style, style_name=style_name, heading=p.tag == _t(TEXT, "h"))
        frames: list[etree._Element] = []
        self._inline(p, para, style, frames)
        self.events.append(("para", para))
        for frame in frames:
            self._frame(frame)

    def _inline(self, el: etree._Element, para: _Para, style: _Style, frames: list[etree._Element]) -> None:
        if el.text:
            self._add(para, el.text, style)
        for child in el:
            tag = child.tag
            if tag == _t(TEXT, "span") or tag == _t(TEXT, "a") or tag == _t(TEXT, "meta"):
                sub = self.styles.resolved(child.get(_t(TEXT, "style-name")))
                merged = _Style(
                    bold=sub.bold if sub.bold is not None else style.bold,
                    italic=sub.italic if sub.italic is not None else style.italic,
                    size=sub.size if sub.size is not None else style.size,
                    superscript=sub.superscript,
                )
                if merged.superscript and (child.text or "").strip().isdigit() and len(child) == 0:
                    self._add(para, (child.text or "").translate(TO_SUPERSCRIPT), merged)
                else:
                    self._inline(child, para, merged, frames)
            elif tag == _t(TEXT, "s"):
                try:
                    n = int(child.get(_t(TEXT, "c"), "1"))
                except ValueError:
                    n = 1
                self._add(para, " " * max(1, min(n, 100)), style)
            elif tag == _t(TEXT, "tab"):
                self._add(para, " ", style)
            elif tag == _t(TEXT, "line-break"):
                para.lines.append([])
            elif tag == _t(TEXT, "note"):
                self._note(child, para, style)
            elif tag == _t(DRAW, "frame"):
                frames.append(child)
            elif tag == _t(TEXT, "soft-page-break"):
                pass  # a page cut inside a paragraph: the paragraph stays on its first page
            elif tag not in (
                _t(TEXT, "bookmark"),
                _t(TEXT, "bookmark-start"),
                _t(TEXT, "bookmark-end"),
                _t(OFFICE, "annotation"),
                _t(OFFICE, "annotation-end"),
                _t(TEXT, "note-citation"),
            ):
                self._inline(child, para, style, frames)
            if child.tail:
                self._add(para, child.tail, style)

    def _note(self, note: etree._Element, para: _Para, style: _Style) -> None:
        cit = note.find(_t(TEXT, "note-citation"))
        label = "".join(cit.itertext()).strip() if cit is not None else ""
        if self.notes is None:
            return
        nid = note.get(_t(TEXT, "id")) or f"_n{len(self.notes)}"
        number = self.notes.setdefault(nid, len(self.notes) + 1)
        marker = label or str(number)
        self._add(para, marker.translate(TO_SUPERSCRIPT), style)
        body = note.find(_t(TEXT, "note-body"))
        if body is not None:
            para.notes.append((number if not label.isdigit() else int(label), body))

    def _frame(self, frame: etree._Element) -> None:
        box = frame.find(_t(DRAW, "text-box"))
        if box is not None:
            self.container(box)
            return
        if frame.find(_t(DRAW, "image")) is not None:
            title = frame.find(_t(SVG, "title"))
            desc = frame.find(_t(SVG, "desc"))
            alt = " ".join("".join(e.itertext()).strip() for e in (title, desc) if e is not None).strip()
            para = _Para(lines=[], style=_Style(), style_name=None, heading=False, image=alt)
            self.events.append(("para", para))

    @staticmethod
    def _add(para: _Para, text: str, style: _Style) -> None:
        parts = text.replace("\r", "").split("\n")
        for k, part in enumerate(parts):
            if k:
                para.lines.append([])
            if part:
                para.lines[-1].append(Segment(part, style.bold, style.italic, style.size))


def _line_cues(segs: list[Segment], para: _Para) -> dict[str, Any]:
    text = " ".join("".join(s.text for s in segs).split())
    visible = [s for s in segs if s.text.strip()]
    bold, italic = uniform_style(segs)
    sizes = [s.size for s in visible if s.size is not None]
    return {
        "text": text,
        "bold": True if para.heading else bold,
        "italic": italic,
        "font_size": max(sizes) if sizes else para.style.size,
        "align": para.style.align,
        "indent": para.style.indent,
        "style": para.style_name,
    }


class OdtReader(Reader):
    """OpenDocument text documents (.odt, .ott)."""

    name = "odt"
    formats = ("odt",)
    extensions = ("odt", "ott")
    priority = 50
    description = "OpenDocument ODT (styles, headers/footers, footnotes, tables, frames)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if head.startswith(b"PK\x03\x04") and any(m in head[:200] for m in ODT_MIMETYPES):
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        if not data:
            raise EmptyInput("The ODT input is empty (0 bytes).")
        options = with_deadline(options)
        pkg = _Zip(data, options)
        content = pkg.xml("content.xml")
        if content is None:
            raise CorruptInput("This zip archive has no content.xml: it is not an OpenDocument file.")
        body = content.find(f"{_t(OFFICE, 'body')}/{_t(OFFICE, 'text')}")
        if body is None:
            raise CorruptInput(
                "content.xml has no office:text body: this is not an OpenDocument text (a spreadsheet or "
                "a presentation?); convert it to PDF first."
            )
        styles_root = pkg.xml("styles.xml")
        styles = _Styles()
        styles.add(styles_root)
        styles.add(content)
        notes: dict[str, int] = {}
        try:
            walker = _Walker(styles, options, notes)
            walker.container(body)
            header, footer = self._master(styles_root, styles)
        except RecursionError as exc:
            raise CorruptInput(
                "The ODT body is nested too deeply to read; the file is damaged or hostile."
            ) from exc
        pages: list[list[_Para]] = [[]]
        for kind, value in walker.events:
            if kind == "break":
                if pages[-1]:
                    pages.append([])
            else:
                pages[-1].append(value)
        if len(pages) > options.limits.max_pages:
            raise LimitExceeded(
                f"The ODT has {len(pages)} pages, over the limit of {options.limits.max_pages}; "
                "raise Limits.max_pages to read it."
            )
        b = DocumentBuilder(format="odt", reader=self.name)
        b.structural_regions = frozenset({"footnote"})  # the file's own footnotes part
        b.metadata.update(self._meta(pkg))
        b.metadata["pagination"] = (
            "soft page breaks" if len(pages) > 1 else "unknown: no page breaks in the file; read as one page"
        )
        for paras in pages:
            check_deadline(options, "Reading the ODT")
            b.new_page()
            self._emit(b, header, "header")
            page_notes: list[tuple[int, etree._Element]] = []
            self._emit(b, paras, "body", page_notes)
            for number, note_body in page_notes:
                nw = _Walker(styles, None, None)
                nw.container(note_body)
                lines = [
                    _line_cues(segs, p)
                    for _, p in nw.events
                    if isinstance(p, _Para)
                    for segs in p.lines
                    if "".join(s.text for s in segs).strip()
                ]
                if lines:
                    lines[0]["text"] = f"{number} {lines[0]['text']}"
                    b.end_block()
                    for cues in lines:
                        b.add_line(cues.pop("text"), region="footnote", **cues)
                    b.end_block()
            self._emit(b, footer, "footer")
        doc = b.build()
        if not any(line.text.strip() or line.kind == "image" for line in doc.lines()):
            raise EmptyInput("The ODT document holds no text.")
        return doc

    @staticmethod
    def _emit(
        b: DocumentBuilder,
        paras: list[_Para],
        region: str,
        notes: list[tuple[int, etree._Element]] | None = None,
    ) -> None:
        for para in paras:
            if notes is not None:
                notes.extend(para.notes)
            b.end_block()
            if para.image is not None:
                b.add_line(para.image, region=region, kind="image")
                b.end_block()
                continue
            for segs in para.lines:
                cues = _line_cues(segs, para)
                text = cues.pop("text")
                if text:
                    b.add_line(text, region=region, **cues)
            b.end_block()

    @staticmethod
    def _master(styles_root: etree._Element | None, styles: _Styles) -> tuple[list[_Para], list[_Para]]:
        """The header and footer of the first master page that has them ("Standard" first)."""
        if styles_root is None:
            return [], []
        masters = list(styles_root.iter(_t(STYLE, "master-page")))
        masters.sort(key=lambda m: m.get(_t(STYLE, "name")) != "Standard")
        out: list[list[_Para]] = []
        for kind in ("header", "footer"):
            paras: list[_Para] = []
            for master in masters:
                el = master.find(_t(STYLE, kind))
                if el is not None and el.get(_t(STYLE, "display")) != "false":
                    w = _Walker(styles, None, None)
                    w.container(el)
                    paras = [p for k, p in w.events if k == "para"]
                    if paras:
                        break
            out.append(paras)
        return out[0], out[1]

    @staticmethod
    def _meta(pkg: _Zip) -> dict[str, Any]:
        """meta.xml: author, dates, title (never letter facts: metadata only)."""
        root = pkg.xml("meta.xml")
        meta: dict[str, Any] = {}
        if root is None:
            return meta
        for key, tag in (
            ("title", _t(DC, "title")),
            ("author", _t(DC, "creator")),
            ("author", _t(META, "initial-creator")),
            ("created", _t(META, "creation-date")),
            ("modified", _t(DC, "date")),
            ("language", _t(DC, "language")),
        ):
            el = next(root.iter(tag), None)
            if el is not None and (el.text or "").strip() and key not in meta:
                meta[key] = el.text.strip()
        return meta
