"""RTF (Rich Text Format, WordPad, TextEdit, older word processors): text by ``striprtf``, with the
headers, footers and footnotes the file has in their own regions.

``striprtf`` is a small, maintained RTF-to-text converter that follows the RTF spec's destination
rules (code pages from ``\\ansicpg`` and font charsets, ``\\uN`` Unicode escapes, ``\\'xx`` bytes) and
skips header, footer and footnote destinations. Those groups are therefore cut out first (by brace
matching with an explicit counter: no recursion, linear) and converted on their own: headers go to
the ``header`` region at the top, footers to the ``footer`` region at the bottom, and each footnote
leaves its number (superscript) where ``\\chftn`` cited it and its text in the ``footnote`` region.
Each RTF paragraph (``\\par``) is one block; ``\\line`` breaks lines inside it; ``\\page`` starts a
page.
"""

from __future__ import annotations

import re

from letterkit.core.chars import TO_SUPERSCRIPT
from letterkit.document import Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)

#: stand-ins that survive striprtf, for a line break inside a paragraph and a page break
_LINE = "\u2028"
_PAGE = "\u000c"

_GROUP_START = re.compile(r"\{(?:\\\*)?\\(header[lrf]?|footer[lrf]?|footnote)(?![a-z])", re.IGNORECASE)
_INFO_FIELD = re.compile(r"\{\\(title|author|subject|company|operator)\s+([^{}\\]*)\}")
_INFO_TIME = re.compile(r"\{\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def group_end(text: str, start: int) -> int:
    """Index after the group opening at ``text[start] == '{'`` (escaped braces skipped); len(text) if
    the group never closes (a truncated file)."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def cut_stories(rtf: str) -> tuple[str, dict[str, list[str]]]:
    """The RTF without its header, footer and footnote groups, and those groups by kind. A footnote's
    place in the text gets its number, as an RTF Unicode escape of the superscript digits."""
    stories: dict[str, list[str]] = {"header": [], "footer": [], "footnote": []}
    out: list[str] = []
    pos = 0
    for m in _GROUP_START.finditer(rtf):
        if m.start() < pos:
            continue  # inside a group already cut
        end = group_end(rtf, m.start())
        kind = m.group(1).lower()
        out.append(rtf[pos : m.start()])
        inner = rtf[m.end() : end - 1]
        if kind == "footnote":
            stories["footnote"].append(inner)
            number = str(len(stories["footnote"])).translate(TO_SUPERSCRIPT)
            out.append("".join(f"\\u{ord(c)}?" for c in number))
        else:
            stories["header" if kind.startswith("header") else "footer"].append(inner)
        pos = end
    out.append(rtf[pos:])
    main = "".join(out)
    main = re.sub(r"\\chftn(?![a-z])\s?", "", main)
    return main, stories


def _to_text(fragment: str, prolog: str | None) -> str:
    """Text of an RTF document (``prolog`` None) or of a group cut out of one (wrapped in a document
    with the original's code page and font table, so its bytes decode the same)."""
    from striprtf.striprtf import rtf_to_text

    marked = re.sub(r"\\line(?![a-z])\s?", r"\\u8232?", fragment)
    marked = re.sub(r"\\page(?![a-z])\s?", r"\\u12?\\par ", marked)
    if prolog is not None:
        marked = "{\\rtf1" + prolog + " " + marked + "}"
    return str(rtf_to_text(marked, errors="ignore"))


def _paragraphs(text: str) -> list[list[str]]:
    out: list[list[str]] = []
    for par in text.replace("\r", "").split("\n"):
        lines = [" ".join(line.replace("\u00a0", " ").split()) for line in par.split(_LINE)]
        lines = [line for line in lines if line]
        if lines or _PAGE in par:
            out.append(lines if _PAGE not in par else [_PAGE])
    return out


class RtfReader(Reader):
    """Rich Text Format files (.rtf)."""

    name = "rtf"
    formats = ("rtf",)
    extensions = ("rtf",)
    priority = 50
    description = "RTF (striprtf; headers, footers and footnotes in their regions)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if head.lstrip()[:5] == b"{\\rtf":
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        if not data.strip():
            raise EmptyInput("The RTF input is empty.")
        if data.lstrip()[:5] != b"{\\rtf":
            raise CorruptInput("The input does not start with '{\\rtf': it is not an RTF file.")
        rtf = data.decode("latin-1")  # RTF is 7-bit text; \'xx bytes are decoded by their code page
        cp = re.search(r"\\ansicpg(\d{3,5})", rtf[:4096])
        prolog = f"\\ansi\\ansicpg{cp.group(1)}" if cp else "\\ansi"
        fonts = re.search(r"\{\\fonttbl", rtf[:65536])
        if fonts:
            end = group_end(rtf, fonts.start())
            prolog += rtf[fonts.start() : end]
        deff = re.search(r"\\deff(\d+)", rtf[:4096])
        if deff:
            prolog += f"\\deff{deff.group(1)}"
        main, stories = cut_stories(rtf)
        check_deadline(options, "Reading the RTF")
        body = _paragraphs(_to_text(main, None))
        check_deadline(options, "Reading the RTF")
        header = [p for s in stories["header"][:1] for p in _paragraphs(_to_text(s, prolog))]
        footer = [p for s in stories["footer"][:1] for p in _paragraphs(_to_text(s, prolog))]
        notes = [_paragraphs(_to_text(s, prolog)) for s in stories["footnote"]]
        b = DocumentBuilder(format="rtf", reader=self.name)
        b.structural_regions = frozenset({"footnote"})  # the file's own footnotes part
        b.metadata["encoding"] = f"cp{cp.group(1)}" if cp else "ansi"
        for m in _INFO_FIELD.finditer(rtf[:200000]):
            key = {"operator": "last_modified_by"}.get(m.group(1), m.group(1))
            if m.group(2).strip():
                b.metadata.setdefault(key, m.group(2).strip())
        t = _INFO_TIME.search(rtf[:200000])
        if t:
            b.metadata["created"] = f"{t.group(1)}-{int(t.group(2)):02d}-{int(t.group(3)):02d}"
        pages: list[list[list[str]]] = [[]]
        for par in body:
            if par == [_PAGE]:
                if pages[-1]:
                    pages.append([])
                continue
            pages[-1].append(par)
        for k, page in enumerate(pages):
            b.new_page()
            for par in header:
                b.add_block(par, region="header")
            for par in page:
                b.add_block(par, region="body")
            if k == len(pages) - 1:
                for n, note in enumerate(notes, start=1):
                    lines = [line for par in note for line in par]
                    if lines:
                        lines[0] = re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹\d]*\s*", "", lines[0])
                        b.add_block([f"{n} {lines[0]}".rstrip(), *lines[1:]], region="footnote")
            for par in footer:
                b.add_block(par, region="footer")
        doc = b.build()
        if not any(line.text.strip() for line in doc.lines()):
            raise EmptyInput("The RTF document holds no text.")
        return doc
