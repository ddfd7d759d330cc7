"""European Parliament pages (europarl.europa.eu): the page translated into a Document, nothing more.

A doceo page is a document in the site's shell: a portal link, a language picker, download menus, a
"Document stages in plenary" ring, a "Last updated" stamp (the page's date, *not* the document's) and a
legal footer. This reader only separates the two and passes on what the page states for certain:

* the document part (title block, authors, the text) becomes ``body`` lines, in page order; every other
  line stays in ``Document.text`` as a ``header`` line (before or inside the document part) or a
  ``footer`` line (after it), so nothing is lost and no furniture reaches the body;
* hints: the document's reference as the page prints it (``<title>`` or the document-number cell), its
  date (the date that opens the document's title block, or the page's ``available`` meta, both read by
  the shared :func:`letterkit.heuristics.dates.find_dates`), the language of the page's own ``lang``
  attribute, and an ``extra`` record of the document kind, title and authors.

Salutation, close, body paragraphs and signatories are the shared pipeline's work, as for every other
format: this module holds no date grammar, no month names and no party parsing. The page labels it
needs ("Last updated", "Question reference"... in 24 languages) and the document kinds live in
``letterkit/lang/data/europarl.json``.

Layouts: the current doceo shell (``<main>``, ``es_title-h1``, ``doceo-ring``), the 2019-2022 doceo
variant (``doceo-text``) and the older ``sides/getDoc.do``-style tables (``doc_box_header``,
``header_sides``, ``footerdocwin``). They are told apart by their furniture, not by their text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree

from letterkit.document import Document, DocumentBuilder
from letterkit.errors import EmptyInput, LimitExceeded
from letterkit.heuristics.dates import find_dates
from letterkit.heuristics.parties import parse_attribution
from letterkit.readers.base import (
    CONTENT_MATCH,
    NO_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    with_deadline,
)
from letterkit.readers.html import (
    HBlock,
    HtmlReader,
    Linearizer,
    classes,
    emit_blocks,
    is_furniture,
    looks_like_html,
    page_metadata,
    parse_page,
    tag_of,
)

_SNIFF_HOST = re.compile(rb"europarl\.europa\.eu", re.I)
_SNIFF_NAME = re.compile(
    rb"<(?:title|meta)[^>]*>?[^<]{0,300}?(?:European Parliament|Parlement europ[e\xc3\xa9]+en|"
    rb"Europ\xc3\xa4isches Parlament|Parlamento Europeo|Europees Parlement|Parlamento Europeu|"
    rb"Parlament Europejski)",
    re.I,
)

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00a0": " "})
#: a document number as the site prints it: E-001234/2023, A9-0163/2024, RC-B10-0249/2025, B9-0220/2020
_PRINTED_REF = re.compile(r"\b((?:RC-)?[A-Z]{1,3}\d{0,2}-\d{3,6}/\d{4})(?:\s*\((ASW)\))?")
#: a texts-adopted number: TA-9-2024-0123, P9_TA(2024)0315
_TA_REF = re.compile(r"\b(TA-\d{1,2}-\d{4}-\d{4}|P\d{1,2}_TA(?:-PROV)?\(\d{4}\)\d{4})\b")
#: a doceo file name: E-8-2017-007094-ASW_EN.html, RC-10-2025-0249_EN.html, PV-9-2024-04-24-ITM-007_EN
_DOCEO_NAME = re.compile(r"/doceo/document/([A-Z]{1,3})-(\d{1,2})-(\d{4})-([0-9A-Z-]+?)_([A-Z]{2})\.html")

#: class names and ids of the site's furniture, in all three layouts
_CHROME_CLASSES = frozenset(
    {
        "ep_hidden",
        "es_links-list",
        "breadcrumb",
        "es_dropdown",
        "dropdown-menu",
        "erpl_back-portal",
        "language_select",
        "footerdocwin",
        "doc_size",
        "doceo-ring",
        "doceo_header-download-container",
        "es_header",
        "Tabs_doc_unselected",
        "separator",
    }
)
_CHROME_IDS = frozenset({"header_sides", "overDiv"})
_DEPTH = 80


@lru_cache(maxsize=1)
def page_data() -> dict[str, Any]:
    """The page labels per language and the document kinds (letterkit/lang/data/europarl.json)."""
    raw = resources.files("letterkit.lang").joinpath("data/europarl.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def starts_with_label(text: str, key: str, lang: str | None) -> str | None:
    """The ``key`` label (e.g. ``last_updated``) that ``text`` starts with, page language first."""
    labels: dict[str, dict[str, list[str]]] = page_data()["labels"]
    low = text.casefold().lstrip()
    order = ([lang] if lang in labels else []) + [lg for lg in labels if lg != lang]
    for lg in order:
        for label in sorted(labels[lg].get(key, []), key=len, reverse=True):
            if low.startswith(label.casefold()):
                return label
    return None


def _hidden(el: etree._Element) -> bool:
    """Markup the page never shows (the old layout's ``<Date>`` tags in ``display:none`` spans)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


def _is_chrome(el: etree._Element, stop: etree._Element | None) -> bool:
    """True when ``el`` or an ancestor below ``stop`` is site furniture (menus, ring, stamps, picker)."""
    cur: etree._Element | None = el
    for _ in range(_DEPTH):
        if cur is None or cur is stop:
            return False
        names = classes(cur)
        if names & _CHROME_CLASSES or (cur.get("id") or "") in _CHROME_IDS:
            return True
        if any(n.startswith(("ring_", "doceo-ring")) for n in names):
            return True
        if tag_of(cur) in ("header", "nav", "footer", "form", "aside") or is_furniture(cur):
            return True
        # a table cell of the old layout's procedure ring ("Procedure : 2020/2691(RSP)")
        if (
            tag_of(cur) == "td"
            and len("".join(cur.itertext())) < 300
            and any("ring_" in (d.get("class") or "") for d in cur.iter() if isinstance(d.tag, str))
        ):
            return True
        cur = cur.getparent()
    return False


def _page_lang(root: etree._Element, meta: dict[str, Any]) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("language")
    return lang.strip()[:2].lower() if lang and lang.strip() else None


def _printed_reference(text: str) -> tuple[str, bool] | None:
    """(reference, is an answer) for the first document number printed in ``text``."""
    text = text.translate(_DASHES)
    m = _PRINTED_REF.search(text)
    if m:
        return m.group(1), bool(m.group(2))
    t = _TA_REF.search(text)
    return (t.group(1), False) if t else None


def _kind(prefix: str | None, rest: str, answer: bool) -> str | None:
    data = page_data()
    if prefix is None:
        return None
    kind = data["kinds"].get(prefix)
    for suffix, name in data["suffixes"].items():
        if re.search(rf"(?:^|-){suffix}(?:-|$)", rest):
            kind = name if suffix != "ASW" else f"answer to a {kind}" if kind else name
    if answer and kind and not kind.startswith("answer"):
        kind = f"answer to a {kind}"
    return kind


class EuroparlReader(Reader):
    """European Parliament doceo pages of every document type."""

    name = "europarl"
    formats = ("europarl",)
    extensions = ()
    priority = 30  # above the generic HTML reader, which would also accept these pages
    description = "European Parliament pages (document part, date, reference, type, language as hints)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if not looks_like_html(head) and info.extension not in ("html", "htm", "xhtml"):
            return NO_MATCH
        head_part = head.split(b"</head>", 1)[0] if b"</head>" in head else head
        if _SNIFF_HOST.search(head_part) or _SNIFF_NAME.search(head_part):
            return CONTENT_MATCH
        return NO_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        root, body, encoding, warnings = parse_page(data, info, options)
        meta = page_metadata(root)
        lang = _page_lang(root, meta)
        try:
            blocks = Linearizer(skip=_hidden).blocks(body)
        except RecursionError as exc:
            raise LimitExceeded(
                "The page is nested too deeply to read (thousands of levels, typical of broken or "
                "hostile pages); repair it (e.g. with an HTML tidy tool) and read it again."
            ) from exc
        page = _Page(root, body, blocks, lang, meta)
        if not page.found:
            doc = HtmlReader().read(data, info, options)
            doc.warnings.append(
                "No European Parliament document found on the page; read as a generic web page."
            )
            return doc
        b = DocumentBuilder(format="html", reader=self.name)
        b.warnings.extend(warnings)
        b.metadata.update(meta)
        b.metadata["encoding"] = encoding
        b.metadata["layout"] = page.layout
        for block, region in zip(blocks, page.regions, strict=True):
            emit_blocks(b, [block], region)
        b.hints.update(page.hints())
        doc = b.build()
        if not doc.text.strip():
            raise EmptyInput("The page holds no readable text.")
        return doc


class _Page:
    """Which blocks of a page are the document, and what the page states about it."""

    def __init__(
        self,
        root: etree._Element,
        body: etree._Element,
        blocks: list[HBlock],
        lang: str | None,
        meta: dict[str, Any],
    ) -> None:
        self.root = root
        self.blocks = blocks
        self.lang = lang
        self.meta = meta
        mains = [el for el in body.iter("main")]
        stop = mains[0] if mains else None
        self.layout = self._layout(body, bool(mains))
        texts = [re.sub(r"\s+", " ", b.text).strip() for b in blocks]
        doc: list[bool] = []
        self.stamp: str | None = None
        for block, text in zip(blocks, texts, strict=True):
            inside = stop is None or any(a is stop for a in block.el.iterancestors()) or block.el is stop
            label = starts_with_label(text, "last_updated", lang) or starts_with_label(
                text, "legal_notice", lang
            )
            if starts_with_label(text, "last_updated", lang) and self.stamp is None:
                self.stamp = text
            doc.append(bool(text) and inside and not label and not _is_chrome(block.el, stop))
        idx = [i for i, d in enumerate(doc) if d]
        self.found = bool(idx)
        first, last = (idx[0], idx[-1]) if idx else (len(blocks), -1)
        self.regions = ["body" if d else ("footer" if i > last else "header") for i, d in enumerate(doc)]
        self.doc_texts = [texts[i] for i in idx]
        self.first = first

    @staticmethod
    def _layout(body: etree._Element, has_main: bool) -> str:
        for el in body.iter():
            if not isinstance(el.tag, str):
                continue
            names = classes(el)
            if "doceo-text" in names:
                return "doceo-2019"
            if (el.get("id") or "") == "header_sides" or "doc_box_header" in names:
                return "doceo-sides"
        return "doceo" if has_main else "unknown"

    def _canonical(self) -> str:
        for el in self.root.iter("link"):
            if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                return str(el.get("href"))
        for el in self.root.iter("a"):  # the language picker names the page's own file
            href = el.get("href") or ""
            if _DOCEO_NAME.search(href):
                return href
        return ""

    def _reference(self) -> tuple[str | None, bool]:
        title = self.meta.get("title") or ""
        for part in title.split("|")[1:]:  # "<title> | A9-0163/2024 | European Parliament"
            found = _printed_reference(part)
            if found:
                return found
        for block in self.blocks:  # the old layout's document-number cell
            if "numPEA_doc" in classes(block.el) or any(
                "numPEA_doc" in classes(a) for a in block.el.iterancestors()
            ):
                found = _printed_reference(block.text)
                if found:
                    return found
        for text in self.doc_texts:
            if starts_with_label(text, "question_reference", self.lang):
                found = _printed_reference(text)
                if found:
                    return found[0], True
        found = _printed_reference(title)
        return found if found else (None, False)

    def _date(self) -> tuple[str, str] | None:
        """The date that opens one of the first lines of the document part (its title block)."""
        for text in self.doc_texts[:8]:
            for m in find_dates(text.strip("()[] ")):
                if m.start == 0:
                    return m.date.isoformat(), m.text
        available = self.root.xpath("//meta[@name='available']/@content")
        if available:
            found = find_dates(str(available[0]))
            if found:
                return found[0].date.isoformat(), found[0].text
        return None

    def _title(self) -> str | None:
        for block in self.blocks:
            if tag_of(block.el) == "h1" or "title_TA" in classes(block.el):
                return re.sub(r"\s+", " ", block.text).strip() or None
        title = self.meta.get("title")
        return title.split("|")[0].strip() if title else None

    def hints(self) -> dict[str, Any]:
        h: dict[str, Any] = {}
        if self.lang:
            h["language"] = self.lang
        ref, answer = self._reference()
        if ref:
            h["reference"] = ref
        date = self._date()
        if date:
            h["date"], h["date_text"] = date
        name = _DOCEO_NAME.search(self._canonical())
        prefix = name.group(1) if name else None
        rest = name.group(4) if name else ""
        if prefix is None and ref:
            prefix = "RC" if ref.startswith("RC-") else re.match(r"[A-Z]+", ref).group(0)  # type: ignore[union-attr]
            prefix = "TA" if "_TA" in ref else prefix
            prefix = re.sub(r"\d+$", "", prefix)
        kind = _kind(prefix, rest, answer)
        extra: dict[str, Any] = {
            "europarl": {
                "kind": kind,
                "type": prefix,
                "reference": ref,
                "title": self._title(),
                "authors": [a.strip() for a in (self.meta.get("author") or "").split(",") if a.strip()],
                "layout": self.layout,
                "page_title": self.meta.get("title"),
                "last_updated_text": self.stamp,
            }
        }
        for text in self.doc_texts[:8]:
            label = starts_with_label(text, "answer_given_by", self.lang)
            if label:
                # the answerer as the heading states it, split by the shared attribution parser
                extra["europarl"]["answer_heading"] = text
                drafted = parse_attribution(text[len(label) :].strip(" :"), -1)
                if drafted is not None:
                    h["signatories"] = [drafted.party.model_dump()]
                break
        if prefix in page_data()["questions"] and not answer:
            extra["europarl"]["question"] = {"text": list(self.doc_texts)}
        h["extra"] = extra
        return h
