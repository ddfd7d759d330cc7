"""HTML: an open letter on a web page, or a letter saved from an e-mail client.

A web page is mostly furniture (navigation, menus, share buttons, comments); the letter is the main
content. The reader finds it (``<article>``, ``<main>``, ``[role=main]``, else the element around
which most non-link text sits), drops furniture inside it, and writes headings and paragraphs as
blocks, ``<br>`` as line breaks, ``<b>``/``<strong>`` and headings as bold, ``<sup>`` digits as
Unicode superscripts and images as image lines with their alt text.

The page's title, author and publication date go to ``Document.metadata`` only: a publication date is
when a site posted the letter, not the letter's own date, so it is never passed as a hint.

Hostile input: lxml parses in C without recursion (libxml2 cuts nesting beyond a fixed depth, which
is reported as a warning), and every walk over the tree here uses an explicit stack, so a page nested
100,000 levels deep neither overflows Python's stack nor hangs.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from letterkit.core.chars import TO_SUPERSCRIPT, strip_bom
from letterkit.document import Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)
from letterkit.readers.text import decode_text

#: elements whose content is never text of the page
NEVER_TEXT = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
        "embed", "svg", "canvas", "select", "option", "button", "input", "textarea", "map", "audio",
        "video", "source", "track", "math",
    }
)
#: elements that start and end a block (a paragraph-like group)
BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
        "pre", "address", "section", "article", "main", "header", "footer", "nav", "aside", "table",
        "tr", "td", "th", "caption", "thead", "tbody", "tfoot", "figure", "figcaption", "form",
        "fieldset", "legend", "hr", "center", "body", "html", "details", "summary", "hgroup", "menu",
        "label",
    }
)
BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"})
ITALIC_TAGS = frozenset({"i", "em", "cite"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_NEAR = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)



# --- decoding and parsing --------------------------------------------------------------------------


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode HTML bytes: BOM first, then the charset the page declares, then detection."""
    body, enc = strip_bom(data)
    if enc:
        return body.decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(data[:8192])
    meta = m.group(1).decode("ascii", "ignore").lower() if m else None
    for cand in (meta, declared):
        if not cand:
            continue
        try:
            codecs.lookup(cand)
        except (LookupError, ValueError):  # ValueError: a charset name with a NUL in it
            continue
        if cand.replace("_", "-") in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            cand = "cp1252"  # what browsers do, and what such pages really hold
        try:
            return data.decode(cand), cand
        except UnicodeDecodeError:
            continue
    return decode_text(data, None)


_DOCTYPE_START = re.compile(r"\A(\s*(?:<!--.*?-->\s*)*)<!doctype\b", re.I | re.S)

#: the warning for a page whose DOCTYPE carried an internal subset
DOCTYPE_SUBSET = (
    "The page's DOCTYPE declares entities (an internal subset, which only attacks use in HTML); the "
    "declarations were dropped and no entity was expanded."
)


def strip_doctype_subset(text: str) -> tuple[str, bool]:
    """The page without the internal subset of its DOCTYPE (``<!DOCTYPE html [ ... ]>``), and whether
    there was one. An HTML parser ends the DOCTYPE at its first ``>``, so the rest of the subset
    (``]>``, ``%p;]>``) became text of the letter; the subset is skipped here up to the ``]`` that closes
    it, quoted strings and comments inside it included, and the DOCTYPE kept as ``<!DOCTYPE name>``."""
    m = _DOCTYPE_START.match(text)
    if m is None:
        return text, False
    i = m.end()
    n = len(text)
    while i < n and text[i] not in "[>":
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            i = n if end < 0 else end + 1
        else:
            i += 1
    if i >= n or text[i] == ">":
        return text, False
    head = text[m.start(1) + len(m.group(1)) : i]  # '<!DOCTYPE html '
    i += 1
    while i < n and text[i] != "]":
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            i = n if end < 0 else end + 1
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            i = n if end < 0 else end + 3
        else:
            i += 1
    close = text.find(">", i)
    rest = "" if close < 0 else text[close + 1 :]
    return m.group(1) + head.rstrip() + ">" + rest, True


def parse_html(data: bytes, info: StreamInfo) -> tuple[etree._Element, str, list[str]]:
    """Bytes -> lxml root element, the encoding used, and warnings. Raises Letterkit errors only."""
    text, encoding = decode_html(data, info.charset)
    text = _XML_DECL.sub("", text, count=1)
    text = _CTRL.sub("", text)
    text, had_subset = strip_doctype_subset(text)
    if not text.strip():
        raise EmptyInput("The HTML input holds no content.")
    # etree's own HTML parser, not lxml.html's: its element-class lookup costs a third of the time
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except RecursionError as exc:
        raise LimitExceeded(
            "The HTML page is nested too deeply to parse (thousands of unclosed elements, typical of "
            "broken or hostile pages); repair it (e.g. with an HTML tidy tool) and read it again."
        ) from exc
    except (etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise EmptyInput("The HTML input holds no content.") from exc
        raise CorruptInput(f"The HTML page cannot be parsed ({exc}).") from exc
    except MemoryError as exc:
        raise LimitExceeded(
            "The HTML page is too large to parse in memory; lower Limits.max_bytes to refuse such "
            "files early, or split the page."
        ) from exc
    if root is None:
        raise EmptyInput("The HTML input holds no content.")
    warnings: list[str] = [DOCTYPE_SUBSET] if had_subset else []
    log = getattr(parser, "error_log", None)
    if log is not None and any("excessive depth" in (e.message or "").lower() for e in log):
        warnings.append(TOO_DEEP)
    return root, encoding, warnings


TOO_DEEP = "HTML nested deeper than the parser allows (2048 levels): the deepest content was cut."


def text_content(el: etree._Element) -> str:
    return "".join(el.itertext())


def tag_of(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


# --- linearising -----------------------------------------------------------------------------------


@dataclass(slots=True)
class HLine:
    text: str
    bold: bool | None = None
    italic: bool | None = None
    kind: str = "text"


@dataclass(slots=True)
class HBlock:
    """A paragraph-like group of lines and the element that holds it (for the caller's decisions)."""

    lines: list[HLine]
    el: etree._Element
    style: str

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class _Acc:
    segs: list[tuple[str, bool, bool]] = field(default_factory=list)


class Linearizer:
    """Walks a subtree with an explicit stack and yields blocks of lines, in document order."""

    def __init__(self, skip: Callable[[etree._Element], bool] | None = None) -> None:
        self.skip = skip or (lambda el: False)

    def blocks(self, root: etree._Element) -> list[HBlock]:
        out: list[HBlock] = []
        lines: list[_Acc] = [_Acc()]
        block_stack: list[etree._Element] = [root]
        bold = italic = sup = pre = 0

        def flush() -> None:
            nonlocal lines
            done: list[HLine] = []
            for acc in lines:
                if not acc.segs:
                    continue
                if acc.segs[0][0] == "\x00img":
                    alt = acc.segs[0][1]
                    done.append(HLine(alt if isinstance(alt, str) else "", kind="image"))
                    continue
                text = "".join(s for s, _, _ in acc.segs)
                text = _WS.sub(" ", text).strip() if not pre else text.rstrip()
                if not text:
                    continue
                visible = [(b, i) for s, b, i in acc.segs if s.strip()]
                done.append(HLine(text, bold=all(b for b, _ in visible), italic=all(i for _, i in visible)))
            if done:
                el = block_stack[-1]
                out.append(HBlock(done, el, tag_of(el)))
            lines = [_Acc()]

        def add(text: str | None) -> None:
            if not text:
                return
            if pre:
                parts = text.split("\n")
                for k, part in enumerate(parts):
                    if k:
                        lines.append(_Acc())
                    if part:
                        lines[-1].segs.append((part, bold > 0, italic > 0))
                return
            if sup and text.strip().isdigit():
                text = text.translate(TO_SUPERSCRIPT)
            lines[-1].segs.append((text, bold > 0, italic > 0))

        # stack items: (element, entering?)
        stack: list[tuple[etree._Element, bool]] = [(root, True)]
        while stack:
            el, entering = stack.pop()
            tag = tag_of(el)
            if entering:
                if not tag or tag in NEVER_TEXT or self.skip(el):
                    if el is not root:
                        add(el.tail)
                    continue
                if tag in BLOCK_TAGS:
                    flush()
                    block_stack.append(el)
                if tag in BOLD_TAGS:
                    bold += 1
                if tag in ITALIC_TAGS:
                    italic += 1
                if tag == "sup":
                    sup += 1
                if tag == "pre":
                    pre += 1
                if tag == "br":
                    lines.append(_Acc())
                elif tag == "img":
                    alt = (el.get("alt") or el.get("title") or "").strip()
                    if lines[-1].segs:
                        lines.append(_Acc())
                    lines[-1].segs.append(("\x00img", alt, False))  # type: ignore[arg-type]
                    lines.append(_Acc())
                add(el.text)
                stack.append((el, False))
                stack.extend((child, True) for child in reversed(el))
            else:
                if tag in BOLD_TAGS:
                    bold -= 1
                if tag in ITALIC_TAGS:
                    italic -= 1
                if tag == "sup":
                    sup -= 1
                if tag == "pre":
                    pre -= 1
                if tag in BLOCK_TAGS:
                    flush()
                    block_stack.pop()
                if el is not root:
                    add(el.tail)
        flush()
        return out


# --- main content ----------------------------------------------------------------------------------

_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu", "dialog"})
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
_FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(comments?|comment-list|respond|reply|nav|navbar|navigation|menu|sidebar|breadcrumbs?|"
    r"share|sharing|social|cookies?|consent|banner|related|widget|advert|ads|promo|subscribe|newsletter|"
    r"skip-link|site-header|site-footer|page-footer|footer|masthead|pagination|tags|tag-list)(?:$|[\s_-])",
    re.I,
)


def link_density(el: etree._Element) -> tuple[int, float]:
    """(text length, share of it inside links) for a subtree; lxml computes both in C, without recursion."""
    total = len(_WS.sub(" ", text_content(el)).strip())
    linked = sum(len(_WS.sub(" ", text_content(a)).strip()) for a in el.iter("a"))
    return total, (min(linked, total) / total if total else 0.0)


def is_furniture(el: etree._Element) -> bool:
    """Page furniture: navigation, site headers and footers, sidebars, forms, comments, link lists."""
    tag = tag_of(el)
    if tag in _FURNITURE_TAGS:
        return True
    role = (el.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    # (a saved e-mail's header table, From/To/Date, is the letter's, not the site's)
    email = "email" in names.lower() or "moz-" in names
    if names.strip() and not email and _FURNITURE_WORDS.search(names):
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if tag in ("ul", "ol", "div", "table", "p") and len(el) >= 2:
        n_links = sum(1 for _ in zip(el.iter("a"), range(3), strict=False))
        if n_links >= 3:
            _, share = link_density(el)
            if share > 0.6:
                return True
    return False


_LEAF_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"})


def find_main(body: etree._Element) -> etree._Element:
    """The element holding the page's main text: article/main/[role=main], else the densest container."""
    articles = [el for el in body.iter("article")]
    if articles:
        return max(articles, key=lambda a: len(text_content(a)))
    for el in body.iter("main"):
        return el
    for el in body.iter():
        if isinstance(el.tag, str) and (el.get("role") or "").lower() == "main":
            return el
    scores: dict[etree._Element, float] = {}
    total = 0
    for el in body.iter():
        tag = tag_of(el)
        if not tag or tag in NEVER_TEXT or tag == "a":
            continue
        direct = len(_WS.sub(" ", el.text or "").strip())
        for child in el:
            direct += len(_WS.sub(" ", child.tail or "").strip())
        if tag not in BLOCK_TAGS or direct < 20:
            continue
        total += direct
        container = el.getparent() if tag in _LEAF_BLOCKS else el
        if container is None:
            continue
        scores[container] = scores.get(container, 0.0) + direct
        grand = container.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + direct / 2
    if not scores:
        return body
    best = max(scores, key=lambda e: scores[e])
    return best if scores[best] >= 0.3 * total else body


# --- metadata --------------------------------------------------------------------------------------

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.created", "pubdate", "publish-date", "sailthru.date", "parsely-pub-date",
)


def page_metadata(root: etree._Element) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv") or ""
        key = key.lower()
        if key and el.get("content") and key not in metas:
            metas[key] = el.get("content").strip()
    title = None
    for el in root.iter("title"):
        title = _WS.sub(" ", text_content(el)).strip() or None
        break
    meta["title"] = title or metas.get("og:title") or metas.get("title")
    meta["author"] = metas.get("author") or metas.get("article:author") or metas.get("dc.creator")
    for key in _DATE_META:
        if metas.get(key):
            meta["date"] = metas[key]
            break
    else:
        for el in root.iter("time"):
            if el.get("datetime"):
                meta["date"] = el.get("datetime")
                break
    if metas.get("description"):
        meta["description"] = metas["description"]
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    lang = lang or metas.get("content-language")
    if lang:
        meta["language"] = lang.strip()
    return {k: v for k, v in meta.items() if v}


def parse_page(
    data: bytes, info: StreamInfo, options: ReadOptions
) -> tuple[etree._Element, etree._Element, str, list[str]]:
    """Parse a page under the document deadline: (root, body or root, encoding, warnings)."""
    root, encoding, warnings = parse_html(data, info)
    check_deadline(options, "Reading the HTML page")
    body = root.find("body")
    return root, (root if body is None else body), encoding, warnings


def looks_like_html(head: bytes) -> bool:
    if _HTML_START.match(head[:4096]):
        return True
    return bool(_HTML_NEAR.search(head[:1024]))


class HtmlReader(Reader):
    """Web pages and HTML e-mails."""

    name = "html"
    formats = ("html", "htm")
    extensions = ("html", "htm", "xhtml")
    priority = 10
    description = "HTML pages and saved e-mails (main content found, page furniture dropped)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        body, enc = strip_bom(head)
        if enc and enc != "utf-8":
            with contextlib.suppress(UnicodeDecodeError):  # a head cut inside a character
                body = body.decode(enc).encode("utf-8")
        if looks_like_html(body):
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root, body, encoding, warnings = parse_page(data, info, options)
        main = find_main(body)
        try:
            blocks = Linearizer(skip=lambda el: el is not main and is_furniture(el)).blocks(main)
        except RecursionError as exc:
            raise LimitExceeded(
                "The HTML page is nested too deeply to read (thousands of levels, typical of broken or "
                "hostile pages); repair it (e.g. with an HTML tidy tool) and read it again."
            ) from exc
        if not blocks and main is not body:
            blocks = Linearizer(skip=is_furniture).blocks(body)
        check_deadline(options, "Reading the HTML page")
        b = DocumentBuilder(format="html", reader=self.name)
        b.warnings.extend(warnings)
        b.metadata.update(page_metadata(root))
        b.metadata["encoding"] = encoding
        emit_blocks(b, blocks, "body")
        doc = b.build()
        if not any(line.text.strip() for line in doc.lines()):
            if TOO_DEEP in warnings:
                raise LimitExceeded(
                    "The HTML page is nested more than 2048 levels deep and its text lies below that "
                    "depth; it cannot be read (such nesting is typical of broken or hostile pages). "
                    "Repair it (e.g. with an HTML tidy tool) and read it again."
                )
            raise EmptyInput("The HTML page holds no readable text.")
        return doc


def emit_blocks(b: DocumentBuilder, blocks: list[HBlock], region: str) -> None:
    for block in blocks:
        b.end_block()
        for line in block.lines:
            b.add_line(
                line.text,
                region=region,
                kind=line.kind,
                bold=True if block.style in HEADINGS else line.bold,
                italic=line.italic,
                style=block.style,
            )
        b.end_block()
