"""European Parliament pages (europarl.europa.eu): the page translated into a Document, nothing more.

A doceo page is a document in the site's shell: a portal link, a language picker, download menus, a
"Document stages in plenary" ring, a "Last updated" stamp (the page's date, *not* the document's) and a
legal footer. The document itself has a head (its kind, date, number, title, authors; for a question
its heading "Question for written answer E-001234/2023 / to the Commission / Rule 138 / authors"; for
an answer "Answer given by ...") and a text (the resolution, the question, the answer), sometimes
followed by its footnotes. This reader only says which line is which, as the markup shows it:

* the text (``red:section_MainContent``, ``doceo-text``, else what follows the procedure ring) is
  ``body``; the footnotes below it (``_ftnN``) are ``footnote``; the document's head and every piece of
  shell before the text are ``header``, the shell after it ``footer`` - so nothing is lost, and no
  furniture can reach the body, whose salutation, paragraphs and close the shared pipeline reads;
* hints: the document's reference as the page prints it (``<title>``, the document-number cell, the
  "Question reference" line, the heading of a question), its date (the first date that opens a line
  of the head, else the page's ``available`` meta; both read by the shared
  :func:`letterkit.heuristics.dates.find_dates`), the language of the page's own ``lang`` attribute,
  a "Subject:" line, the answerer of an answer (split by the shared attribution parser), and an
  ``extra["europarl"]`` record: kind, prefix, title, authors, layout, and for questions and answers
  the question (kind, reference, heading, addressee, rule, authors, text) and the answer (heading,
  date, text) as printed.

Salutation, close, body paragraphs and signatories of the text are the shared pipeline's work, as for
every other format: this module holds no date grammar, no month names and no party parsing. The page
labels it needs ("Last updated", "Question reference", "Answer given by"... in 24 languages) and the
document kinds live in ``letterkit/lang/data/europarl.json``.

Layouts: the current doceo shell (``<main>``, ``es_title-h1``, ``doceo-ring``), the 2019-2022 doceo
variant (``doceo-text``) and the table layout of the old ``sides/getDoc.do`` pages, which doceo kept
for some documents (``doc_box_header``, ``header_sides``, ``footerdocwin``). They are told apart by
their furniture, not by their text.
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
from letterkit.lang import load
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
#: a document number as the site prints it: E-001234/2023, A9-0163/2024, RC-B10-0249/2025, B9-0220/2020,
#: and the 2014-2019 pages' question heading form P-006180-15 (number, hyphen, two-digit year)
_PRINTED_REF = re.compile(
    r"\b((?:RC-)?[A-Z]{1,3}\d{0,2}-\d{3,6}(?:/\d{2,4}|-\d{2}(?![\d/-])))(?:\s*\((ASW)\))?"
)
#: a plenary number: TA-9-2024-0123, P9_TA(2024)0315, P9_TA-PROV(2019)0012, P9_PV(2020)07-08
_PLENARY_REF = re.compile(
    r"\b(TA-\d{1,2}-\d{4}-\d{4}|P\d{1,2}_(?:TA|PV|CRE)(?:-PROV)?\(\d{4}\)\d{2,4}(?:-\d{2})?)"
)
#: a doceo file name: E-8-2017-007094-ASW_EN.html, RC-10-2025-0249_EN.html, PV-9-2024-04-24-ITM-007_EN
_DOCEO_NAME = re.compile(r"/doceo/document/([A-Z]{1,3})-(\d{1,2})-(\d{4})-([0-9A-Z-]+?)_([A-Z]{2})\.html")
#: an old address: getDoc.do?type=WQ&reference=E-2017-007094 or pubRef=-//EP//TEXT+WQ+E-2017-007094+0+...
_SIDES_NAME = re.compile(
    r"getDoc\.do\?(?:[^\"'\s]*?type=([A-Z]+)&(?:amp;)?reference=([A-Z0-9-]+)"
    r"|[^\"'\s]*?pubRef=-//EP//(?:TEXT|NONSGML)\+([A-Z]+)\+([A-Z0-9-]+)\+)",
    re.I,
)
#: a link to a file to download (PDF, Word): the site's download buttons
_DOWNLOAD = re.compile(r"\.(?:pdf|docx?|xml|zip)(?:$|[?#])|type=(?:pdf|doc)\b|NONSGML", re.I)
#: what stands beside a download link: its size ("159k", "(PDF - 177 KB)")
_SIZE_ONLY = re.compile(r"^[\s\d.,()\-kKMB]*$")
#: the id of a footnote's own block (not of its call in the text, "_ftnref1")
_FOOTNOTE_ID = re.compile(r"^_ftn\d+$")
#: the list of a question's authors: "Name (Group), Name (Group)" splits at commas outside brackets
_AUTHOR_SPLIT = re.compile(r",\s*(?![^()]*\))")

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
#: the containers of a document's text, in all three layouts
_TEXT_CLASSES = frozenset({"red:section_MainContent", "red:section_MainContent_Second", "doceo-text"})
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


def _is_rule_line(text: str, lang: str | None) -> bool:
    """'Rule 138', 'article 138', '138. cikk': the Rules-of-Procedure line under a question's heading."""
    if len(text) > 40 or not any(c.isdigit() for c in text):
        return False
    labels: dict[str, dict[str, list[str]]] = page_data()["labels"]
    low = text.casefold()
    order = ([lang] if lang in labels else []) + [lg for lg in labels if lg != lang]
    return any(word.casefold() in low.split() for lg in order for word in labels[lg].get("rule", []))


def _hidden(el: etree._Element) -> bool:
    """Markup the page never shows (the old layout's ``<Date>`` tags in ``display:none`` spans)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


def _download_cell(el: etree._Element) -> bool:
    """A cell holding only download buttons and their sizes ('PDF 159k WORD 56k'): the site's, not
    the document's. Only the cell's own text counts, so a paragraph citing a PDF stays text."""
    rest = "".join(el.itertext())
    if len(rest) > 200:  # a cell of buttons is short; a long element is text, whatever it links to
        return False
    links = [a for a in el.iter("a") if _DOWNLOAD.search(a.get("href") or "")]
    if not links:
        return False
    for a in links:
        rest = rest.replace("".join(a.itertext()), "", 1)
    return bool(_SIZE_ONLY.match(rest))


def _element_is_chrome(el: etree._Element) -> bool:
    """This element itself is site furniture (menus, ring, stamps, picker), whatever its ancestors."""
    names = classes(el)
    if names & _CHROME_CLASSES or (el.get("id") or "") in _CHROME_IDS:
        return True
    if any(n.startswith(("ring_", "doceo-ring")) for n in names):
        return True
    if tag_of(el) in ("header", "nav", "footer", "form", "aside") or is_furniture(el):
        return True
    # a table cell of the old layout's procedure ring ("Procedure : 2020/2691(RSP)")
    return (
        tag_of(el) == "td"
        and len("".join(el.itertext())) < 300
        and any("ring_" in (d.get("class") or "") for d in el.iter() if isinstance(d.tag, str))
    )


class _Chrome:
    """Which elements are furniture, each element tested once: a page of many blocks in one big
    container must not re-measure the container (its links, its text) for every block."""

    def __init__(self, stop: etree._Element | None) -> None:
        self.stop = stop
        self.seen: dict[tuple[Any, etree._Element], bool] = {}

    def _test(self, el: etree._Element, test: Any) -> bool:
        key = (test, el)  # one answer per test and element (the dict keeps the element alive)
        if key not in self.seen:
            self.seen[key] = bool(test(el))
        return self.seen[key]

    def __call__(self, el: etree._Element) -> bool:
        """True when ``el`` or an ancestor below ``stop`` is furniture, or ``el`` holds only downloads."""
        if self._test(el, _download_cell):
            return True
        cur: etree._Element | None = el
        for _ in range(_DEPTH):
            if cur is None or cur is self.stop:
                return False
            if self._test(cur, _element_is_chrome):
                return True
            cur = cur.getparent()
        return False


def _within(el: etree._Element, test: Any) -> bool:
    """``el`` or one of its ancestors passes ``test``."""
    cur: etree._Element | None = el
    for _ in range(_DEPTH):
        if cur is None:
            return False
        if test(cur):
            return True
        cur = cur.getparent()
    return False


def _in_text(el: etree._Element) -> bool:
    return _within(el, lambda e: bool(classes(e) & _TEXT_CLASSES))


def _in_footnote(el: etree._Element) -> bool:
    return _within(el, lambda e: bool(_FOOTNOTE_ID.match(e.get("id") or "")))


def _in_ring(el: etree._Element) -> bool:
    return _within(el, lambda e: any(n.startswith(("doceo-ring", "ring_")) for n in classes(e)))


def _page_lang(root: etree._Element, meta: dict[str, Any]) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("language")
    return lang.strip()[:2].lower() if lang and lang.strip() else None


def _printed_reference(text: str) -> tuple[str, bool] | None:
    """(reference, is an answer) for the first document number printed in ``text``."""
    text = text.translate(_DASHES)
    m = _PRINTED_REF.search(text)
    t = _PLENARY_REF.search(text)
    # a text adopted's number cell prints its own number first, then the text it was adopted on
    # ('P8_TA(2015)0323RC-B8-0656/2015'): the first number printed is the document's
    if t and (m is None or t.start() < m.start()):
        return t.group(1), False
    return (m.group(1), bool(m.group(2))) if m else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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
        # the notes come from the page's own elements, and so does the text where its text class or
        # the procedure ring marked it (not where the whole document part was taken for it): the
        # pipeline keeps the zones within them
        b.structural_regions = frozenset({"body", "footnote"} if page.text_from_markup else {"footnote"})
        for block, region in zip(blocks, page.regions, strict=True):
            emit_blocks(b, [block], region)
        b.hints.update(page.hints())
        doc = b.build()
        if not doc.text.strip():
            raise EmptyInput("The page holds no readable text.")
        return doc


class _Page:
    """Which blocks of a page are the document's head, text and footnotes, and what the page states."""

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
        self.texts = [_clean(b.text) for b in blocks]
        doc: list[bool] = []
        self.stamp: str | None = None
        chrome = _Chrome(stop)
        for block, text in zip(blocks, self.texts, strict=True):
            inside = stop is None or any(a is stop for a in block.el.iterancestors()) or block.el is stop
            stamp = starts_with_label(text, "last_updated", lang)
            if stamp and self.stamp is None:
                self.stamp = text
            label = stamp or starts_with_label(text, "legal_notice", lang)
            doc.append(bool(text) and inside and not label and not chrome(block.el))
        self.doc = doc
        idx = [i for i, d in enumerate(doc) if d]
        self.found = bool(idx)
        self.regions = self._regions(idx)

    def _regions(self, idx: list[int]) -> list[str]:
        """header (shell and document head) / body (the text) / footnote / footer, per block."""
        n = len(self.blocks)
        notes = {i for i in idx if _in_footnote(self.blocks[i].el)}
        text = [i for i in idx if i not in notes and _in_text(self.blocks[i].el)]
        if not text:  # the current shell without a text class: the text follows the procedure ring
            ring = [i for i in range(n) if _in_ring(self.blocks[i].el)]
            text = [i for i in idx if i not in notes and ring and i > ring[-1]]
        #: whether the text was found by the page's markup (its text class or the procedure ring)
        self.text_from_markup = bool(text)
        if not text:  # no structure to go by: the whole document part is the text
            text = [i for i in idx if i not in notes]
        else:
            # the text element often opens with the document's number and title printed again
            # ('P9_TA(2021)0456' / 'Ochrona pszczół ...' above 'Rezolucja Parlamentu ...'), lines the
            # head above it already holds: they are the head's, not the text's
            head = {self.texts[i] for i in idx if i < text[0] and self.texts[i]}
            while len(text) > 1 and self.texts[text[0]] in head:
                text = text[1:]
        first, last = (text[0], text[-1]) if text else (n, -1)
        out: list[str] = []
        for i in range(n):
            if i in notes:
                out.append("footnote")
            elif first <= i <= last and self.doc[i]:
                out.append("body")
            else:
                out.append("header" if i < first else "footer")
        self.head = [i for i in idx if i < first]
        self.text = [i for i in range(n) if out[i] == "body"]
        return out

    def _layout(self, body: etree._Element, has_main: bool) -> str:
        """doceo (the current shell), doceo-2019 (its first variant), doceo-sides (the table layout
        under a doceo address), sides (an old getDoc.do page), unknown."""
        found: set[str] = set()
        for el in body.iter():
            if not isinstance(el.tag, str):
                continue
            names = classes(el)
            if "es_header" in names:
                found.add("doceo")
            if "doceo-text" in names:
                found.add("doceo-2019")
            if (el.get("id") or "") == "header_sides" or "doc_box_header" in names:
                found.add("sides")
        if "doceo" in found:
            return "doceo"
        if "doceo-2019" in found:
            return "doceo-2019"
        if "sides" in found:
            return "sides" if "getDoc.do" in self._address() else "doceo-sides"
        return "doceo" if has_main else "unknown"

    def _address(self) -> str:
        """The page's own address: its canonical link, else the language picker's link to this page."""
        for el in self.root.iter("link"):
            if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                return str(el.get("href"))
        for el in self.root.iter("a"):  # the language picker names the page's own file
            href = el.get("href") or ""
            if el.get("lang") == self.lang and (_DOCEO_NAME.search(href) or _SIDES_NAME.search(href)):
                return href
        for el in self.root.iter("a"):
            href = el.get("href") or ""
            if _DOCEO_NAME.search(href) or _SIDES_NAME.search(href):
                return href
        return ""

    def _prefix(self, ref: str | None) -> tuple[str | None, str, bool]:
        """(document prefix: E, A, RC, TA, PV..., the rest of the file name, the name says answer)."""
        data = page_data()
        address = self._address()
        name = _DOCEO_NAME.search(address)
        if name:
            rest = name.group(4)
            return name.group(1), rest, bool(re.search(r"(?:^|-)ASW(?:-|$)", rest))
        old = _SIDES_NAME.search(address)
        if old:
            kind, reference = (old.group(1), old.group(2)) if old.group(1) else (old.group(3), old.group(4))
            lead = re.match(r"([A-Z]{1,3})\d{0,2}-", reference.upper())
            prefix = lead.group(1) if lead else data["sides_types"].get(kind.upper())
            return prefix, reference, False
        if ref:
            if "_TA" in ref or ref.startswith("TA-"):
                return "TA", "", False
            if "_PV" in ref:
                return "PV", "", False
            lead = re.match(r"(RC|[A-Z]+)", ref)
            return (lead.group(1) if lead else None), "", False
        return None, "", False

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
        for i in self.head:
            if starts_with_label(self.texts[i], "question_reference", self.lang):
                found = _printed_reference(self.texts[i])
                if found:
                    return found[0], True
        heading = self._question_heading()
        if heading is not None:
            found = _printed_reference(heading[1][heading[2]])
            if found:
                return found
        found = _printed_reference(title)
        return found if found else (None, False)

    def _date(self) -> tuple[str, str] | None:
        """The date that opens one of the first lines of the document's head (its title block)."""
        first = self.head[:10] or self.text[:8]
        for i in first:
            for line in self.blocks[i].lines:
                for m in find_dates(line.text.strip("()[] ")):
                    if m.start == 0:
                        return m.date.isoformat(), m.text
        available = self.root.xpath("//meta[@name='available']/@content")
        if available:
            found = find_dates(str(available[0]))
            if found:
                return found[0].date.isoformat(), found[0].text
        return None

    def _title(self) -> str | None:
        for i in self.head:
            block = self.blocks[i]
            if tag_of(block.el) == "h1" or "title_TA" in classes(block.el):
                return self.texts[i] or None
        title = self.meta.get("title")
        return title.split("|")[0].strip() if title else None

    def _question_heading(self) -> tuple[int, list[str], int] | None:
        """(block index, its lines, the heading line) of 'Question for written answer E-001234/2023'."""
        for i in [*self.head, *self.text]:
            lines = [_clean(ln.text) for ln in self.blocks[i].lines]
            for k, line in enumerate(lines):
                if starts_with_label(line, "question_heading", self.lang) and _printed_reference(line):
                    return i, lines, k
        return None

    def _answer_heading(self) -> int | None:
        for i in [*self.head, *self.text]:
            if starts_with_label(self.texts[i], "answer_given_by", self.lang):
                return i
        return None

    def _question(self, kind: str | None, ref: str | None, answer_at: int | None) -> dict[str, Any]:
        """The question as printed: heading, addressee, rule, authors (one per printed name), text."""
        record: dict[str, Any] = {
            "kind": kind,
            "reference": ref,
            "heading": None,
            "addressee": None,
            "rule": None,
            "authors": [],
            "on_behalf": None,
            "text": [],
        }
        found = self._question_heading()
        if found is not None:
            _, lines, k = found
            rest = lines[k + 1 :]
            rule = next((j for j, line in enumerate(rest) if _is_rule_line(line, self.lang)), None)
            record["heading"] = lines[k]
            if rule is not None:
                record["rule"] = rest[rule]
                record["addressee"] = " ".join(rest[:rule]) or None
                names = rest[rule + 1 :]
            else:
                record["addressee"] = rest[0] if rest else None
                names = rest[1:]
            behalf = tuple(m.casefold() for m in load("markers")["on_behalf_lines"]["all"])
            groups = [line for line in names if line.casefold().startswith(behalf)]
            record["on_behalf"] = groups or None
            record["authors"] = [
                a.strip()
                for line in names
                if line not in groups
                for a in _AUTHOR_SPLIT.split(line)
                if a.strip()
            ]
        end = answer_at if answer_at is not None else len(self.blocks)
        if end < 0:  # an answer's page: the question is only named
            return record
        record["text"] = [
            self.texts[i]
            for i in self.text
            if i < end and not starts_with_label(self.texts[i], "subject", self.lang)
        ]
        return record

    def _answer(self, at: int) -> dict[str, Any]:
        """The answer as printed: its heading, its date (in the heading or the line below), its text."""
        lines = [_clean(ln.text) for ln in self.blocks[at].lines]
        date = None
        nxt = [self.texts[at + 1]] if at + 1 < len(self.blocks) and self.doc[at + 1] else []
        for line in [*lines, *nxt][:3]:
            found = find_dates(line)
            if found:
                date = found[0].date.isoformat()
                break
        return {
            "heading": lines[0],
            "date": date,
            "text": [self.texts[i] for i in self.text if i > at and self.texts[i] not in nxt[:1]],
        }

    def _subject(self) -> str | None:
        for i in [*self.head, *self.text]:
            label = starts_with_label(self.texts[i], "subject", self.lang)
            if label and len(self.texts[i]) > len(label) + 1:
                return self.texts[i][len(label) :].strip(" :") or None
        return None

    def hints(self) -> dict[str, Any]:
        data = page_data()
        h: dict[str, Any] = {}
        if self.lang:
            h["language"] = self.lang
        ref, answer_ref = self._reference()
        if ref:
            h["reference"] = ref
        date = self._date()
        if date:
            h["date"], h["date_text"] = date
        prefix, _rest, answer_name = self._prefix(ref)
        answer_at = self._answer_heading()
        question = prefix in data["questions"]
        base = data["kinds"].get(prefix) if prefix else None
        answer_page = answer_ref or answer_name or (answer_at is not None and answer_at in self.head)
        forms = data["kind_forms"]
        if question and answer_page:
            kind = forms["answer"].format(kind=base)
        elif question and answer_at is not None:
            kind = forms["with_answer"].format(kind=base)
        elif answer_page:
            kind = forms["answer_only"]
        else:
            kind = base
        for suffix, name in data["suffixes"].items():
            if suffix != "ASW" and re.search(rf"(?:^|-){suffix}(?:-|$)", _rest):
                kind = name
        subject = self._subject()
        if subject:
            h["subject"] = subject
        record: dict[str, Any] = {
            "kind": kind,
            "type": prefix,
            "reference": ref,
            "title": self._title(),
            "authors": [a.strip() for a in (self.meta.get("author") or "").split(",") if a.strip()],
            "layout": self.layout,
            "page_title": self.meta.get("title"),
            "last_updated_text": self.stamp,
        }
        if question:
            record["question"] = self._question(base, ref, -1 if answer_page else answer_at)
            if not record["authors"]:
                record["authors"] = list(record["question"]["authors"])
        if answer_at is not None:
            record["answer"] = self._answer(answer_at)
            if answer_page and record["answer"]["date"] is None and date:
                record["answer"]["date"] = date[0]  # an answer's page: its date is the answer's
            record["answer_heading"] = record["answer"]["heading"]
        if answer_page and answer_at is not None:
            label = starts_with_label(self.texts[answer_at], "answer_given_by", self.lang) or ""
            # the answerer as the heading states it, split by the shared attribution parser
            heading = self.blocks[answer_at].lines[0].text
            drafted = parse_attribution(heading[len(label) :].strip(" :"), -1)
            if drafted is not None:
                h["signatories"] = [drafted.party.model_dump()]
        h["extra"] = {"europarl": record}
        return h
