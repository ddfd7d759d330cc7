"""DOCX (WordprocessingML): paragraphs, tables, text boxes, headers/footers and footnotes, with cues.

python-docx reads the core properties (author, dates, title); everything python-docx has no API for
(footnotes, endnotes, text boxes, ``mc:AlternateContent``, page breaks, first-page headers) is read from
the package's XML parts directly. Every part goes through one hardened lxml parser that resolves no
entities, never touches the network and refuses huge trees, and a part that carries a DTD at all is
refused: Word never writes one, so a DTD can only be an entity-expansion or XXE attempt.

DOCX has no pages. Pages are cut where the file says a page starts: explicit page breaks
(``w:br w:type="page"``), ``w:lastRenderedPageBreak`` (where Word last laid out a page), "page break
before" paragraphs and section breaks that start a new page. Each such page gets its section's header
at the top and its footer at the bottom (region ``header``/``footer``), so the heuristics see a DOCX
the way they see a PDF. When a file marks no page at all, the header and footer appear once: we cannot
know how many pages Word would render, and repeating a letterhead an invented number of times would
only add noise.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from letterkit.core.chars import TO_SUPERSCRIPT
from letterkit.document import Align, Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded
from letterkit.readers._package import Segment, open_package, safe_parser, uniform_style
from letterkit.readers.base import (
    CONTENT_MATCH,
    EXTENSION_MATCH,
    NO_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
VML_O = "urn:schemas-microsoft-com:office:office"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = "/officeDocument"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


#: a tab while a line is collected (written as a space once the line is done)
TAB = "\t"


#: w:jc values (transitional and strict spellings) -> Line.align
_JC: dict[str, Align] = {
    "left": "left",
    "start": "left",
    "right": "right",
    "end": "right",
    "center": "center",
    "both": "justify",
    "distribute": "justify",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "thaiDistribute": "justify",
}

def _on(el: etree._Element | None, default: bool = True) -> bool | None:
    """A WordprocessingML toggle (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if el is None:
        return None
    val = el.get(_w("val"))
    if val is None:
        return default
    return val.lower() not in ("0", "false", "off", "none")


# --- the package -----------------------------------------------------------------------------------


class _Package:
    """The zip, its members decompressed under the package's byte budget, and relationship lookup."""

    def __init__(self, data: bytes, options: ReadOptions) -> None:
        advice = "Open it in Word or LibreOffice and save it again."
        self.package = open_package(data, options, "DOCX", advice)
        self.names = set(self.package.infos)
        self._lower = {n.lower(): n for n in self.names}
        self._cache: dict[str, etree._Element | None] = {}

    def member(self, name: str) -> str | None:
        name = name.lstrip("/")
        if name in self.names:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str) -> bytes | None:
        real = self.member(name)
        if real is None:
            return None
        return self.package.read(real)

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed with the safe parser; None when the part does not exist."""
        if name in self._cache:
            return self._cache[name]
        raw = self.read(name)
        root = None
        if raw is not None:
            if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:65536]:
                raise CorruptInput(
                    f"The DOCX part {name} declares a DTD or entities, which Word never writes; it was "
                    "refused as a possible entity-expansion (billion laughs) or external-entity attack."
                )
            try:
                root = etree.fromstring(raw, safe_parser())
            except etree.XMLSyntaxError as exc:
                raise CorruptInput(
                    f"The DOCX part {name} is not well-formed XML ({exc}); the file is damaged."
                ) from exc
        self._cache[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id -> (type, target part name)."""
        folder, _, base = part.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        root = self.xml(rels_name)
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            rid, rtype, target = rel.get("Id"), rel.get("Type") or "", rel.get("Target") or ""
            if not rid or rel.get("TargetMode") == "External":
                continue
            out[rid] = (rtype, _resolve(folder, target))
        return out

    def main_part(self) -> str:
        for rtype, target in self.rels("").values():
            if rtype.endswith(REL_OFFICE_DOCUMENT) and self.member(target):
                return target
        if self.member("word/document.xml"):
            return "word/document.xml"
        raise CorruptInput(
            "This zip archive has no word/document.xml: it is not a Word document (or it is damaged). "
            "If it is another office format, convert it to DOCX or PDF first."
        )


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p] if folder else []
    for bit in target.split("/"):
        if bit == "..":
            if parts:
                parts.pop()
        elif bit and bit != ".":
            parts.append(bit)
    return "/".join(parts)


# --- styles ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    name: str | None = None
    based_on: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    align: Align | None = None
    indent: float | None = None
    vert: str | None = None
    #: the paragraph has a right-aligned tab stop (text after the tab is set flush right)
    right_tab: bool | None = None


class _Styles:
    """Paragraph and character styles with their inheritance (``w:basedOn``) resolved."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default = _Style()
        self.default_para: str | None = None
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if defaults is not None:
            _fill_run_props(self.default, defaults)
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            s = _Style()
            name = st.find(_w("name"))
            s.name = name.get(_w("val")) if name is not None else sid
            based = st.find(_w("basedOn"))
            s.based_on = based.get(_w("val")) if based is not None else None
            ppr = st.find(_w("pPr"))
            if ppr is not None:
                _fill_para_props(s, ppr)
            rpr = st.find(_w("rPr"))
            if rpr is not None:
                _fill_run_props(s, rpr)
            self.styles[sid] = s
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_para = sid

    def resolved(self, sid: str | None, defaults: bool = True) -> _Style:
        """The style with every unset property taken from its ancestors (and the document defaults)."""
        out = _Style()
        seen: set[str] = set()
        chain: list[_Style] = []
        cur = sid
        while cur and cur not in seen and cur in self.styles and len(chain) < 50:
            seen.add(cur)
            chain.append(self.styles[cur])
            cur = self.styles[cur].based_on
        if defaults:
            chain.append(self.default)
        out.name = chain[0].name if sid and sid in self.styles else None
        for attr in ("bold", "italic", "size", "align", "indent", "vert", "right_tab"):
            for s in chain:
                val = getattr(s, attr)
                if val is not None:
                    setattr(out, attr, val)
                    break
        return out


def _fill_run_props(s: _Style, rpr: etree._Element) -> None:
    b = _on(rpr.find(_w("b")))
    if b is not None:
        s.bold = b
    i = _on(rpr.find(_w("i")))
    if i is not None:
        s.italic = i
    sz = rpr.find(_w("sz"))
    if sz is not None:
        with contextlib.suppress(ValueError):
            s.size = int(sz.get(_w("val"), "")) / 2
    va = rpr.find(_w("vertAlign"))
    if va is not None:
        s.vert = va.get(_w("val"))


def _fill_para_props(s: _Style, ppr: etree._Element) -> None:
    jc = ppr.find(_w("jc"))
    if jc is not None:
        s.align = _JC.get(jc.get(_w("val"), ""))
    tabs = ppr.find(_w("tabs"))
    if tabs is not None:
        s.right_tab = any(t.get(_w("val")) in ("right", "end") for t in tabs.findall(_w("tab")))
    ind = ppr.find(_w("ind"))
    if ind is not None:
        raw = ind.get(_w("left")) or ind.get(_w("start"))
        if raw:
            with contextlib.suppress(ValueError):
                s.indent = int(raw) / 20  # twips -> points


# --- reading stories (body, header, footer, footnote) -----------------------------------------------


@dataclass(slots=True)
class _LineAcc:
    segs: list[Segment] = field(default_factory=list)
    image: str | None = None  # alt text, for an image line

    def text(self) -> str:
        return "".join(s.text for s in self.segs)


@dataclass(slots=True)
class _Para:
    """A paragraph's lines and cues, ready to become a Block."""

    lines: list[dict[str, Any]]


#: events a story walk produces: ("para", _Para) | ("break", None) | ("footnote", id) | ("section", idx)
Event = tuple[str, Any]


class _Walker:
    """Turns WordprocessingML (a body, header, footer or note) into paragraph events."""

    def __init__(
        self,
        styles: _Styles,
        region: str,
        notes: _Notes | None,
        use_rendered_breaks: bool,
        options: ReadOptions | None = None,
    ) -> None:
        self.options = options  # for the time limit, checked every few hundred paragraphs
        self.styles = styles
        self.region = region
        self.notes = notes
        self.use_rendered = use_rendered_breaks
        self.events: list[Event] = []
        self.section = 0

    # containers -----------------------------------------------------------------------------------

    def container(self, el: etree._Element) -> None:
        """Walk block-level content: paragraphs, tables, content controls, in document order."""
        for child in el:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag in (_w("sdt"),):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.container(content)
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo")):
                self.container(child)
            elif tag == f"{{{MC}}}AlternateContent":
                chosen = _choose_alternate(child)
                if chosen is not None:
                    self.container(chosen)

    def table(self, tbl: etree._Element) -> None:
        """Row by row, left cell first: a letter's side-by-side address and date come out in order."""
        for row in tbl.iter(_w("tr")):
            if row.getparent() is not tbl and row.getparent().tag != _w("sdtContent"):
                continue  # rows of nested tables are walked through their own cell
            for cell in row:
                if cell.tag == _w("tc"):
                    self.container(cell)
                elif cell.tag == _w("sdt"):
                    content = cell.find(_w("sdtContent"))
                    if content is not None:
                        for tc in content.iter(_w("tc")):
                            self.container(tc)

    # paragraphs -----------------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> None:
        if self.options is not None and len(self.events) % 256 == 255:
            check_deadline(self.options, "Reading the DOCX")
        ppr = p.find(_w("pPr"))
        sid = None
        own = _Style()
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            sid = ps.get(_w("val")) if ps is not None else None
            _fill_para_props(own, ppr)
            if _on(ppr.find(_w("pageBreakBefore"))) and self.region == "body":
                self.events.append(("break", None))
        style = self.styles.resolved(sid or self.styles.default_para)
        self._pstyle = style
        self._boxes: list[etree._Element] = []
        self._lines: list[_LineAcc] = [_LineAcc()]
        self._para_cues = {
            "align": own.align or style.align,
            "indent": own.indent if own.indent is not None else style.indent,
            "style": style.name,
        }
        self._right_tab = bool(own.right_tab if own.right_tab is not None else style.right_tab)
        self.inline(p, _Style())
        self._flush_para()
        for box in self._boxes:  # text boxes anchored here: their paragraphs follow the anchor
            self.container(box)
        if ppr is not None and ppr.find(_w("sectPr")) is not None and self.region == "body":
            self.section += 1
            self.events.append(("section", self.section))

    def _flush_para(self) -> None:
        out: list[dict[str, Any]] = []
        flush_right: list[dict[str, Any]] = []
        for acc in self._lines:
            if self._right_tab and acc.image is None:
                right = _split_right_tab(acc)
                if right is not None:
                    flush_right.append({**self._line_cues(right), "align": "right"})
            if acc.image is not None:
                out.append({"text": acc.image, "kind": "image", **self._para_cues})
                continue
            if acc.text().strip():
                out.append(self._line_cues(acc))
        if out:
            self.events.append(("para", _Para(out)))
        if flush_right:  # text set flush right beside the paragraph: a block of its own, after it
            self.events.append(("para", _Para(flush_right)))
        self._lines = [_LineAcc()]

    def _line_cues(self, acc: _LineAcc) -> dict[str, Any]:
        visible = [s for s in acc.segs if s.text.strip()]
        bold, italic = uniform_style(acc.segs)
        sizes: dict[float, int] = {}
        for s in visible:
            if s.size is not None:
                sizes[s.size] = sizes.get(s.size, 0) + len(s.text)
        size = max(sizes, key=lambda k: sizes[k]) if sizes else None
        cues = {"bold": bold, "italic": italic, "font_size": size, **self._para_cues}
        return {"text": acc.text().replace(TAB, " ").strip(), **cues}

    def _newline(self) -> None:
        self._lines.append(_LineAcc())

    def _page_break(self) -> None:
        """A page starts inside this paragraph: close what came before it, and continue after."""
        if self.region != "body":
            return
        self._flush_para()
        self.events.append(("break", None))

    def _add(self, text: str, rs: _Style) -> None:
        self._lines[-1].segs.append(Segment(text, rs.bold, rs.italic, rs.size))

    def inline(self, el: etree._Element, inherited: _Style) -> None:
        for child in el:
            tag = child.tag
            if tag == _w("r"):
                self.run(child)
            elif tag in (
                _w("hyperlink"), _w("ins"), _w("moveTo"), _w("smartTag"), _w("customXml"),
                _w("fldSimple"), _w("dir"), _w("bdo"),
            ):
                self.inline(child, inherited)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.inline(content, inherited)
            elif tag == f"{{{MC}}}AlternateContent":
                chosen = _choose_alternate(child)
                if chosen is not None:
                    self.inline(chosen, inherited)
            elif tag in (f"{{{M}}}oMath", f"{{{M}}}oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{{{M}}}t"))
                if text:
                    self._add(text, self._pstyle)

    def run(self, r: etree._Element) -> None:
        rs = self._run_style(r)
        superscript = rs.vert == "superscript"
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                text = child.text or ""
                if superscript and text.strip().isdigit():
                    text = text.translate(TO_SUPERSCRIPT)
                self._add(text, rs)
            elif tag == _w("tab") or tag == _w("ptab"):
                self._add(TAB, rs)
            elif tag == _w("br"):
                kind = child.get(_w("type"))
                if kind == "page":
                    self._page_break()
                elif kind == "column":
                    self._newline()
                else:
                    self._newline()
            elif tag == _w("cr"):
                self._newline()
            elif tag == _w("lastRenderedPageBreak"):
                if self.use_rendered:
                    self._page_break()
            elif tag == _w("noBreakHyphen"):
                self._add("\u2011", rs)
            elif tag == _w("softHyphen"):
                self._add("\u00ad", rs)
            elif tag == _w("sym"):
                code = child.get(_w("char"), "")
                try:
                    ch = chr(int(code, 16))
                    if 0xF000 <= ord(ch) <= 0xF0FF:  # symbol-font private range: map to Latin-1 position
                        ch = chr(ord(ch) - 0xF000)
                    if ch.isprintable():
                        self._add(ch, rs)
                except ValueError:
                    pass
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                if self.notes is not None and child.get(_w("customMarkFollows")) not in ("1", "true", "on"):
                    kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                    number = self.notes.reference(kind, child.get(_w("id"), ""))
                    if number is not None:
                        self._add(str(number).translate(TO_SUPERSCRIPT), rs)
                        self.events.append(("note", (kind, child.get(_w("id"), ""))))
            elif tag in (_w("footnoteRef"), _w("endnoteRef")):
                pass  # the note's own marker: written by the note emitter
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                self.graphic(child)
            elif tag == f"{{{MC}}}AlternateContent":
                chosen = _choose_alternate(child)
                if chosen is not None:
                    self.run_children(chosen, rs)
            # w:delText, w:instrText, w:fldChar, w:commentReference...: not visible text

    def run_children(self, el: etree._Element, rs: _Style) -> None:
        """Content of an mc:Choice/Fallback inside a run (drawings, mostly)."""
        for child in el:
            if child.tag in (_w("drawing"), _w("pict"), _w("object")):
                self.graphic(child)
            elif child.tag == _w("t"):
                self._add(child.text or "", rs)

    def _run_style(self, r: etree._Element) -> _Style:
        rpr = r.find(_w("rPr"))
        base = self._pstyle
        out = _Style(bold=base.bold, italic=base.italic, size=base.size, vert=base.vert)
        if rpr is None:
            return out
        rstyle = rpr.find(_w("rStyle"))
        if rstyle is not None:
            # only what the character style (and its ancestors) set overrides the paragraph's formatting
            cs = self.styles.resolved(rstyle.get(_w("val")), defaults=False)
            for attr in ("bold", "italic", "size", "vert"):
                if getattr(cs, attr) is not None:
                    setattr(out, attr, getattr(cs, attr))
        own = _Style()
        _fill_run_props(own, rpr)
        for attr in ("bold", "italic", "size", "vert"):
            if getattr(own, attr) is not None:
                setattr(out, attr, getattr(own, attr))
        return out

    def graphic(self, el: etree._Element) -> None:
        """A drawing: a text box (its paragraphs follow the anchor paragraph) or a picture (an image line)."""
        boxes = [b for b in el.iter(_w("txbxContent")) if not _inside_fallback(b, el)]
        if boxes:
            self._boxes.extend(boxes)
            return
        alt = ""
        for doc_pr in el.iter(f"{{{WP}}}docPr"):
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
            break
        if not alt:
            for shape in el.iter(f"{{{V}}}shape", f"{{{V}}}rect", f"{{{V}}}imagedata"):
                alt = (shape.get("alt") or shape.get(f"{{{VML_O}}}title") or shape.get("title") or "").strip()
                if alt:
                    break
        pictures = el.iter(f"{{{A}}}blip", f"{{{V}}}imagedata")
        has_picture = el.tag == _w("object") or any(True for _ in pictures)
        if not has_picture and not alt:
            return  # a shape with nothing to say (a line, a rectangle)
        if self._lines[-1].segs or self._lines[-1].image is not None:
            self._newline()
        self._lines[-1].image = alt
        self._newline()


def _split_right_tab(acc: _LineAcc) -> _LineAcc | None:
    """Cut the text after the last tab off a line whose paragraph has a right tab stop.

    "42 Maple Avenue<tab>May 12, 2021" with a right tab stop is an address line with the date set
    flush right beside it, two things that only share a line; read together, the date is lost in
    the address. A tab after a colon or a comma ("Date:<tab>12 May 2021", "Brussels,<tab>12 May
    2021") stays: it separates a label or a place from what belongs to it. ``acc`` keeps the left
    part; the right part is returned (None when the line is not cut).
    """
    idx = max((i for i, seg in enumerate(acc.segs) if seg.text == TAB), default=None)
    if idx is None:
        return None
    left, right = acc.segs[:idx], acc.segs[idx + 1 :]
    left_text = "".join(seg.text for seg in left).replace(TAB, " ").strip()
    right_text = "".join(seg.text for seg in right).strip()
    if not left_text or not right_text or left_text.endswith((":", ",")):
        return None
    acc.segs = left
    return _LineAcc(segs=right)


def _choose_alternate(ac: etree._Element) -> etree._Element | None:
    """One branch of mc:AlternateContent, never both: the first Choice, else the Fallback."""
    choice = ac.find(f"{{{MC}}}Choice")
    if choice is not None and len(choice):
        return choice
    return ac.find(f"{{{MC}}}Fallback")


def _inside_fallback(el: etree._Element, stop: etree._Element) -> bool:
    """True when ``el`` sits in an mc:Fallback whose AlternateContent has a Choice (already taken)."""
    cur = el.getparent()
    while cur is not None and cur is not stop:
        if cur.tag == f"{{{MC}}}Fallback":
            ac = cur.getparent()
            if ac is not None and ac.find(f"{{{MC}}}Choice") is not None:
                return True
        cur = cur.getparent()
    return False


class _Notes:
    """Footnotes and endnotes: numbered in order of first reference, as Word numbers them."""

    def __init__(self, pkg: _Package, main: str, rels: dict[str, tuple[str, str]]) -> None:
        self.parts: dict[str, dict[str, etree._Element]] = {"footnote": {}, "endnote": {}}
        self.numbers: dict[tuple[str, str], int] = {}
        self.counters = {"footnote": 0, "endnote": 0}
        for rtype, target in rels.values():
            for kind in ("footnote", "endnote"):
                if rtype.endswith(f"/{kind}s"):
                    root = pkg.xml(target)
                    if root is None:
                        continue
                    for note in root.iter(_w(kind)):
                        if note.get(_w("type")):  # separator, continuationSeparator, continuationNotice
                            continue
                        nid = note.get(_w("id"))
                        if nid is not None:
                            self.parts[kind][nid] = note

    def reference(self, kind: str, nid: str) -> int | None:
        if nid not in self.parts[kind]:
            return None
        key = (kind, nid)
        if key not in self.numbers:
            self.counters[kind] += 1
            self.numbers[key] = self.counters[kind]
        return self.numbers[key]


# --- the reader ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Section:
    headers: dict[str, str]  # type (default/first/even) -> part name
    footers: dict[str, str]
    title_page: bool
    start_type: str
    width: float | None
    height: float | None


def _sections(body: etree._Element, rels: dict[str, tuple[str, str]]) -> list[_Section]:
    """Every section's header/footer parts, inherited from the previous section when not restated."""
    props = [ppr.find(_w("sectPr")) for ppr in body.iter(_w("pPr")) if ppr.find(_w("sectPr")) is not None]
    final = body.find(_w("sectPr"))
    props.append(final)
    out: list[_Section] = []
    prev_h: dict[str, str] = {}
    prev_f: dict[str, str] = {}
    for sp in props:
        headers, footers = dict(prev_h), dict(prev_f)
        title_page, start, width, height = False, "nextPage", None, None
        if sp is not None:
            for ref in sp.findall(_w("headerReference")):
                target = rels.get(ref.get(f"{{{R}}}id", ""))
                if target:
                    headers[ref.get(_w("type"), "default")] = target[1]
            for ref in sp.findall(_w("footerReference")):
                target = rels.get(ref.get(f"{{{R}}}id", ""))
                if target:
                    footers[ref.get(_w("type"), "default")] = target[1]
            title_page = bool(_on(sp.find(_w("titlePg"))))
            t = sp.find(_w("type"))
            start = t.get(_w("val"), "nextPage") if t is not None else "nextPage"
            size = sp.find(_w("pgSz"))
            if size is not None:
                try:
                    width = int(size.get(_w("w"), "")) / 20
                    height = int(size.get(_w("h"), "")) / 20
                except ValueError:
                    width = height = None
        out.append(_Section(headers, footers, title_page, start, width, height))
        prev_h, prev_f = headers, footers
    return out


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).strip()
    return text or None


class DocxReader(Reader):
    """Word documents (.docx)."""

    name = "docx"
    formats = ("docx",)
    extensions = ("docx",)
    priority = 50
    description = "Word DOCX (headers/footers, tables, text boxes, footnotes, images)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if head.startswith(b"PK\x03\x04"):
            if b"word/" in head:
                return CONTENT_MATCH
            if info.extension == "docx":
                return EXTENSION_MATCH
            return NO_MATCH
        return EXTENSION_MATCH if info.extension == "docx" else NO_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        if not data:
            raise EmptyInput("The DOCX input is empty (0 bytes).")
        options = with_deadline(options)
        pkg = _Package(data, options)
        main = pkg.main_part()
        root = pkg.xml(main)
        body = root.find(_w("body")) if root is not None else None
        if body is None:
            raise CorruptInput(f"{main} has no w:body: this is not a readable Word document.")
        rels = pkg.rels(main)
        styles_part = next((t for ty, t in rels.values() if ty.endswith("/styles")), "word/styles.xml")
        styles = _Styles(pkg.xml(styles_part))
        notes = _Notes(pkg, main, rels)
        sections = _sections(body, rels)

        # lastRenderedPageBreak marks where Word last cut pages: trust it when present; otherwise only
        # explicit breaks are known (and a break with no content after it makes no page)
        use_rendered = any(True for _ in body.iter(_w("lastRenderedPageBreak")))
        try:
            walker = _Walker(styles, "body", notes, use_rendered, options)
            walker.container(body)
        except RecursionError as exc:
            raise CorruptInput(
                "The DOCX body is nested too deeply to read; the file is damaged or hostile."
            ) from exc

        b = DocumentBuilder(format="docx", reader=self.name)
        b.structural_regions = frozenset({"footnote"})  # the file's own footnotes part
        self._metadata(b, pkg, data)
        pages = self._paginate(walker.events, sections)
        if len(pages) > options.limits.max_pages:
            raise LimitExceeded(
                f"The DOCX has {len(pages)} pages, over the limit of {options.limits.max_pages}; "
                "raise Limits.max_pages to read it."
            )
        known_pages = use_rendered or len(pages) > 1
        if known_pages:
            b.metadata["pagination"] = "rendered page breaks" if use_rendered else "explicit page breaks only"
        if not known_pages:
            # No page breaks at all: how many pages Word would render is unknowable here, so the
            # section's header and footer are written once, not repeated per imagined page.
            # (recorded in metadata, not as a warning: it is true of nearly every short letter)
            b.metadata["pagination"] = "unknown: no page breaks in the file; read as one page"
        stories: dict[tuple[str, str], list[Event]] = {}
        for n, page in enumerate(pages):
            check_deadline(options, "Reading the DOCX")
            sec = sections[min(page["section"], len(sections) - 1)]
            b.new_page(width=sec.width, height=sec.height)
            kind = "first" if page["first"] and sec.title_page else "default"
            self._story(b, pkg, styles, sec.headers.get(kind), "header", stories)
            for event in page["paras"]:
                self._emit(b, event.lines, "body")
            for kind_id in page["notes"]:
                self._note(b, styles, notes, kind_id)
            if n == len(pages) - 1:
                for (nk, nid), _num in sorted(notes.numbers.items(), key=lambda x: x[1]):
                    if nk == "endnote":
                        self._note(b, styles, notes, (nk, nid))
            self._story(b, pkg, styles, sec.footers.get(kind), "footer", stories)
        doc = b.build()
        if not any(line.text.strip() or line.kind == "image" for line in doc.lines()):
            raise EmptyInput("The DOCX document holds no text.")
        return doc

    # pages ----------------------------------------------------------------------------------------

    @staticmethod
    def _paginate(events: list[Event], sections: list[_Section]) -> list[dict[str, Any]]:
        """Group paragraph events into pages; a break only makes a page when content follows it."""
        pages: list[dict[str, Any]] = [{"section": 0, "first": True, "paras": [], "notes": []}]
        pending = False
        section_start = False
        section = 0
        for kind, value in events:
            if kind == "break":
                pending = True
            elif kind == "section":
                section = value
                if sections[min(section, len(sections) - 1)].start_type != "continuous":
                    pending = section_start = True
            elif kind == "para":
                cur = pages[-1]
                if pending and cur["paras"]:
                    pages.append({"section": section, "first": section_start, "paras": [], "notes": []})
                elif pending or not cur["paras"]:
                    cur["section"] = section
                pending = section_start = False
                pages[-1]["paras"].append(value)
            elif kind == "note":
                pages[-1]["notes"].append(value)
        return pages

    # emitting -------------------------------------------------------------------------------------

    @staticmethod
    def _emit(b: DocumentBuilder, lines: list[dict[str, Any]], region: str) -> None:
        b.end_block()
        for line in lines:
            b.add_line(line["text"], region=region, **{k: v for k, v in line.items() if k != "text"})
        b.end_block()

    def _story(
        self,
        b: DocumentBuilder,
        pkg: _Package,
        styles: _Styles,
        part: str | None,
        region: str,
        cache: dict[tuple[str, str], list[Event]],
    ) -> None:
        if not part:
            return
        key = (part, region)
        if key not in cache:
            root = pkg.xml(part)
            walker = _Walker(styles, region, None, False)
            if root is not None:
                walker.container(root)
            cache[key] = walker.events
        for kind, value in cache[key]:
            if kind == "para":
                self._emit(b, value.lines, region)

    def _note(self, b: DocumentBuilder, styles: _Styles, notes: _Notes, kind_id: tuple[str, str]) -> None:
        kind, nid = kind_id
        el = notes.parts[kind].get(nid)
        number = notes.numbers.get(kind_id)
        if el is None or number is None:
            return
        walker = _Walker(styles, "footnote", None, False)
        walker.container(el)
        lines: list[dict[str, Any]] = []
        for ev_kind, value in walker.events:
            if ev_kind == "para":
                lines.extend(value.lines)
        if not lines:
            lines = [{"text": ""}]
        first = lines[0]
        lines[0] = {**first, "text": f"{number} {first['text']}".rstrip()}
        self._emit(b, lines, "footnote")

    @staticmethod
    def _metadata(b: DocumentBuilder, pkg: _Package, data: bytes) -> None:
        """Core properties (author, dates, title), never letter facts: they go to metadata only.

        python-docx reads them when the package relates its core part the standard way; otherwise
        (LibreOffice writes the relationship type in lower case, and python-docx then invents a default
        part titled "Word Document") docProps/core.xml is read directly.
        """
        meta: dict[str, Any] = {}
        standard = any(t == RT_CORE for t, _ in pkg.rels("").values())
        if standard:
            try:
                import docx  # python-docx

                props = docx.Document(io.BytesIO(data)).core_properties
                meta = {
                    "author": props.author or None,
                    "created": _iso(props.created),
                    "modified": _iso(props.modified),
                    "title": props.title or None,
                    "last_modified_by": props.last_modified_by or None,
                    "language": props.language or None,
                }
            except Exception:  # python-docx refuses templates and macro files: read the part directly
                standard = False
        if not standard:
            related = (t for ty, t in pkg.rels("").values() if ty.lower() == RT_CORE.lower())
            part = next(related, "docProps/core.xml")
            core = pkg.xml(part)
            if core is not None:
                wanted = {
                    "creator": "author",
                    "created": "created",
                    "modified": "modified",
                    "title": "title",
                    "lastModifiedBy": "last_modified_by",
                    "language": "language",
                }
                for el in core:
                    local = etree.QName(el).localname
                    if local in wanted and (el.text or "").strip():
                        meta[wanted[local]] = el.text.strip()
        b.metadata.update({k: v for k, v in meta.items() if v})
