"""European Parliament written questions and answers (europarl.europa.eu pages).

An EP answer page is a letter in a web page's shell: navigation, a hidden language picker, download
links, the answer's date, its heading ("Answer given by High Representative/Vice-President Mogherini
on behalf of the Commission"), the question reference, the answer's paragraphs, and a footer with a
"Last updated" stamp that is *not* the answer's date. The page marks all of this unambiguously, so this
reader passes it as hints (date, reference, signatories, body, language) and keeps the shell as
``header``/``footer`` lines so that nothing is lost and nothing leaks into the body.

Two layouts are known: the current "doceo" one (``h1`` heading, ``text-muted`` date, a ``doceo-text``
container) and the older ``sides/getDoc.do`` one (``doc_box_header`` tables, ``contents`` paragraphs,
dates such as "(21.9.2017)"). Rather than trusting class names, the reader linearises the page and
looks for the phrases that open each part, in the page's language first (the phrases live in
``letterkit/lang/data/europarl.json``), using class names only as extra evidence. A page that mentions
the Parliament but holds no question or answer is read by the generic HTML reader.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree

from letterkit.document import Document, DocumentBuilder
from letterkit.errors import EmptyInput, LimitExceeded
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

#: EP document numbers: E-007094/2017, E-007094-17, P-001234/2019, O-000012/2020, H-0123/09
_REFERENCE = re.compile(r"\b([EOPHB])\s?-\s?(\d{3,6})\s?[/-]\s?(\d{4}|\d{2})\b")
_GROUP_ITEM = re.compile(
    r"\s*([^,()]+?)\s*\(\s*([A-Za-zÀ-ž&/\- ]{1,30}?)\s*\)\s*(?:,|\band\b|\bet\b|\bund\b|\by\b|$)"
)
_HONORIFICS = (
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "M.", "Mme", "Herr", "Frau", "Sr.", "Sra.", "Sr", "Sra",
    "On.", "Dhr.", "Mevr.", "Pan", "Pani", "Hr.", "Fr.",
)
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "la", "le", "di", "da", "du", "del", "della", "dos", "i", "y", "ter",
     "zu"}
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:high|representative|vice|president|commissioner|executive|member|vp|hr|commission|"
    r"haute|représentante?|présidente?|vice-président|commissaire|hohe|vertreterin|vizepräsidentin|"
    r"kommissar(?:in)?|alta|representante|vicepresidenta?|comisari[oa]|commissari[oa]|"
    r"vicepresidente|vertegenwoordiger|commissaris|wiceprzewodnicząc[ay]|komisarz|wysok[ia])"
)


@lru_cache(maxsize=1)
def phrases() -> dict[str, dict[str, list[str]]]:
    """The multilingual phrase table (letterkit/lang/data/europarl.json)."""
    raw = resources.files("letterkit.lang").joinpath("data/europarl.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _langs(first: str | None) -> list[str]:
    table = phrases()
    order = [first] if first in table else []
    return order + [lang for lang in table if lang != first]


def _starts(text: str, key: str, lang: str | None) -> tuple[str, str] | None:
    """(language, phrase) of the ``key`` phrase that ``text`` starts with, page language first."""
    low = text.casefold().lstrip()
    for lg in _langs(lang):
        for phrase in sorted(phrases()[lg].get(key, []), key=len, reverse=True):
            if low.startswith(phrase.casefold()):
                return lg, phrase
    return None


# --- dates -----------------------------------------------------------------------------------------


def _month_index(word: str, lang: str | None) -> int | None:
    w = word.casefold().rstrip(".")
    for lg in _langs(lang):
        months = phrases()[lg].get("months", [])
        for i, name in enumerate(months):
            if w == name or (len(w) >= 3 and name.startswith(w) and len(w) >= len(name) - 1):
                return i + 1
    return None


_DATE_DMY = re.compile(r"\b(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})\b")
_DATE_MDY = re.compile(r"\b([^\W\d_]+)\s+(\d{1,2}),?\s+(\d{4})\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_date(text: str, lang: str | None = None) -> tuple[str, str] | None:
    """(ISO date, the date as written) for the first date in ``text``, or None."""
    candidates: list[tuple[int, str, str]] = []
    for m in _DATE_DMY.finditer(text):
        month = _month_index(m.group(2), lang)
        if month:
            iso = _iso(int(m.group(3)), month, int(m.group(1)))
            if iso:
                candidates.append((m.start(), iso, m.group(0)))
    for m in _DATE_MDY.finditer(text):
        month = _month_index(m.group(1), lang)
        if month:
            iso = _iso(int(m.group(3)), month, int(m.group(2)))
            if iso:
                candidates.append((m.start(), iso, m.group(0)))
    for m in _DATE_NUM.finditer(text):
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            candidates.append((m.start(), iso, m.group(0)))
    for m in _DATE_ISO.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            candidates.append((m.start(), iso, m.group(0)))
    if not candidates:
        return None
    _, iso, written = min(candidates)
    return iso, written.strip()


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _is_date_line(text: str, lang: str | None) -> tuple[str, str] | None:
    """A line that is only a date (with brackets or a weekday at most)."""
    stripped = text.strip().strip("()[]").strip()
    if not stripped or len(stripped) > 40:
        return None
    found = parse_date(stripped, lang)
    if not found:
        return None
    rest = stripped.replace(found[1], "").strip(" ,.-–")
    return found if len(rest) <= 12 else None


def normalise_reference(text: str) -> str | None:
    """E-007094-17 / E-7094/2017 -> E-007094/2017."""
    m = _REFERENCE.search(text)
    if not m:
        return None
    letter, number, year = m.groups()
    if len(year) == 2:
        year = ("19" if int(year) > 90 else "20") + year
    if letter in "EPO" and len(number) < 6:
        number = number.zfill(6)
    return f"{letter}-{number}/{year}"


# --- parties ---------------------------------------------------------------------------------------


def parse_answerer(rest: str, lang: str | None) -> dict[str, Any]:
    """'High Representative/Vice-President Mogherini on behalf of the Commission' -> a Party dict."""
    rest = re.sub(r"\s+", " ", rest).strip(" :–-—,")
    # a trailing date in brackets (older layout) is not part of the name or the organisation
    rest = re.sub(r"\s*\(\s*\d{1,2}[./]\d{1,2}[./]\d{4}\s*\)\s*$", "", rest)
    organisation = None
    low = rest.casefold()
    for lg in _langs(lang):
        for phrase in sorted(phrases()[lg].get("on_behalf_of", []), key=len, reverse=True):
            k = low.find(" " + phrase.casefold() + " ")
            if k >= 0:
                organisation = rest[k + len(phrase) + 2 :].strip(" .") or None
                rest = rest[:k].strip()
                break
        if organisation:
            break
    tokens = rest.split()
    honorific = None
    if tokens and tokens[0] in _HONORIFICS:
        honorific = tokens.pop(0)
    name_tokens: list[str] = []
    while tokens:
        tok = tokens[-1]
        if name_tokens and tok.casefold() in _PARTICLES:
            name_tokens.insert(0, tokens.pop())
            continue
        if name_tokens and name_tokens[0].casefold() in _PARTICLES and tok[:1].isupper():
            name_tokens.insert(0, tokens.pop())  # "Borrell i Fontelles": the particle joins two names
            continue
        if name_tokens and (not tok[:1].isupper() or _ROLE_WORDS.search(tok) or "/" in tok):
            break
        if not name_tokens:
            if _ROLE_WORDS.fullmatch(tok.strip(",")) or "/" in tok:
                break
            name_tokens.insert(0, tokens.pop())
            continue
        # a second capitalised word before the surname is a first name only if no role word precedes it
        if any(_ROLE_WORDS.search(t) for t in tokens[:-1]) or (len(tokens) == 1 and _ROLE_WORDS.search(tok)):
            break
        name_tokens.insert(0, tokens.pop())
    if tokens and tokens[0] in _HONORIFICS and honorific is None:
        honorific = tokens.pop(0)
    role = " ".join(tokens).strip(" ,") or None
    name = " ".join(name_tokens).strip(" ,") or None
    if organisation and organisation.casefold().startswith("the "):
        organisation = organisation[4:]
    return {"name": name, "honorific": honorific, "role": role, "organisation": organisation}


def parse_authors(line: str) -> list[dict[str, Any]] | None:
    """'Tunne Kelam (PPE), Ana Gomes (S&D)' -> [{name, organisation: group}], or None for other lines."""
    text = line.strip().rstrip(".")
    if not text or len(text) > 2000 or "(" not in text:
        return None
    items = list(_GROUP_ITEM.finditer(text))
    if not items or sum(len(m.group(0)) for m in items) < len(text) * 0.9:
        return None
    out = []
    for m in items:
        name = m.group(1).strip()
        name = re.sub(r"^(?:and|et|und|y|e|en|i)\s+", "", name)
        if not name or len(name.split()) > 6 or any(ch.isdigit() for ch in name):
            return None
        out.append({"name": name, "group": m.group(2).strip(), "organisation": m.group(2).strip()})
    return out


# --- the reader ------------------------------------------------------------------------------------

_TO_THE = re.compile(r"\b(?:to the|à la|an die|a la|alla|aan de|à|do)\s+(.+?)(?:\s+Rule\s+\d+.*)?$")
_CHROME_TAGS = frozenset({"header", "nav", "footer", "form", "aside"})
_CHROME_CLASSES = frozenset(
    {"ep_hidden", "es_links-list", "breadcrumb", "doc_box_footer", "erpl_back-portal", "es_dropdown",
     "footer"}
)


def _is_chrome(el: etree._Element) -> bool:
    cur: etree._Element | None = el
    n = 0
    while cur is not None and n < 60:
        tag = tag_of(cur)
        if tag in _CHROME_TAGS:
            return True
        if classes(cur) & _CHROME_CLASSES:
            return True
        if (cur.get("role") or "").lower() in ("navigation", "banner", "contentinfo"):
            return True
        cur = cur.getparent()
        n += 1
    return False


def _in_class(el: etree._Element, name: str) -> bool:
    cur: etree._Element | None = el
    n = 0
    while cur is not None and n < 60:
        if name in classes(cur):
            return True
        cur = cur.getparent()
        n += 1
    return False


def _is_link_only(block: HBlock) -> bool:
    """A block whose text is all link text (download links, a link to the answer page)."""
    text = re.sub(r"\s+", "", block.text)
    if not text:
        return True
    linked = "".join(re.sub(r"\s+", "", "".join(a.itertext())) for a in block.el.iter("a"))
    return len(linked) >= len(text) * 0.9


class EuroparlReader(Reader):
    """European Parliament written questions and answers."""

    name = "europarl"
    formats = ("europarl",)
    extensions = ()
    priority = 30  # above the generic HTML reader, which would also accept these pages
    description = "European Parliament question/answer pages (date, reference, answerer as hints)"

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
        lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
        lang2 = lang[:2].lower() or None
        try:
            blocks = Linearizer().blocks(body)
        except RecursionError as exc:
            raise LimitExceeded(
                "The page is nested too deeply to read (thousands of levels, typical of broken or "
                "hostile pages); repair it (e.g. with an HTML tidy tool) and read it again."
            ) from exc
        meta = page_metadata(root)
        page = _Page(blocks, lang2, meta.get("title") or "")
        if not page.found:
            # it mentions the Parliament, but holds no question or answer: an ordinary web page
            doc = HtmlReader().read(data, info, options)
            doc.warnings.append(
                "No European Parliament question or answer found; read as a generic web page."
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
        if lang2:
            b.hints["language"] = lang2
        doc = b.build()
        if not doc.text.strip():
            raise EmptyInput("The page holds no readable text.")
        return doc


class _Page:
    """The parts of an EP page, found in its linearised blocks."""

    def __init__(self, blocks: list[HBlock], lang: str | None, title: str) -> None:
        self.blocks = blocks
        self.lang = lang
        self.title = title
        n = len(blocks)
        self.chrome = [_is_chrome(b.el) for b in blocks]
        doceo = any(_in_class(b.el, "doceo-text") for b in blocks[: min(n, 400)])
        self.layout = "doceo" if doceo else "legacy"
        texts = [b.text.strip() for b in blocks]

        # the footer starts at "Last updated" (or at the first chrome block after the content)
        self.end = n
        for i, t in enumerate(texts):
            if _starts(t, "last_updated", lang):
                self.end = i
                break
        self.answer_idx: int | None = None
        self.answer_heading = ""
        self.question_idx: int | None = None
        for i in range(self.end):
            if self.chrome[i]:
                continue
            first = blocks[i].lines[0].text if blocks[i].lines else ""
            is_answer = self.answer_idx is None and _starts(first, "answer_given_by", lang)
            if is_answer and not _is_link_only(blocks[i]):
                self.answer_idx = i
                self.answer_heading = " ".join(line.text for line in blocks[i].lines)
            is_question = self.question_idx is None and self.answer_idx is None
            if is_question and _starts(first, "question_heading", lang):
                self.question_idx = i
        self.found = self.answer_idx is not None or self.question_idx is not None
        self.regions: list[str] = []
        self.answer_paras: list[str] = []
        self.answer_date: tuple[str, str] | None = None
        self.reference: str | None = None
        self.question: dict[str, Any] = {}
        if self.found:
            self._analyse(texts)

    def _date_near(self, idx: int, lo: int, hi: int) -> tuple[int, tuple[str, str]] | None:
        """The date line nearest to block ``idx`` within [lo, hi): before it first, then after."""
        for j in range(idx - 1, max(lo, idx - 5) - 1, -1):
            found = _is_date_line(self.blocks[j].text, self.lang) if not self.chrome[j] else None
            if found:
                return j, found
        for j in range(idx + 1, min(hi, idx + 5)):
            found = _is_date_line(self.blocks[j].text, self.lang) if not self.chrome[j] else None
            if found:
                return j, found
        return None

    def _analyse(self, texts: list[str]) -> None:
        n = len(self.blocks)
        regions = ["header"] * n
        for i in range(self.end, n):
            regions[i] = "footer"
        lang = self.lang
        # --- the question, when the page holds it
        if self.question_idx is not None:
            q_end = self.answer_idx if self.answer_idx is not None else self.end
            q_date_at = self._date_near(self.question_idx, 0, q_end)
            self.question = self._question(self.question_idx, q_end)
            if q_date_at:
                self.question["date"], self.question["date_text"] = q_date_at[1]
        # --- the answer
        if self.answer_idx is not None:
            a = self.answer_idx
            lo = self.question_idx + 1 if self.question_idx is not None else 0
            heading_date = parse_date(self.answer_heading, lang)
            near = self._date_near(a, lo, self.end)
            used: set[int] = {a}
            if near:
                self.answer_date = near[1]
                used.add(near[0])
            elif heading_date:
                self.answer_date = heading_date
            in_doceo = [j for j in range(a + 1, self.end) if _in_class(self.blocks[j].el, "doceo-text")]
            for j in range(a + 1, self.end):
                if self.chrome[j]:
                    continue
                t = texts[j]
                if _starts(t, "question_reference", lang):
                    self.reference = normalise_reference(t) or self.reference
                    used.add(j)
                    continue
                if j in used or _is_link_only(self.blocks[j]):
                    continue
                if in_doceo and j not in in_doceo:
                    continue
                if _starts(t, "legal_notice", lang):
                    break
                words = [line.text for line in self.blocks[j].lines if line.kind == "text"]
                if words:
                    self.answer_paras.append(" ".join(words))
                used.add(j)
            for j in sorted(used):
                regions[j] = "body"
            # blocks after the answer's last paragraph belong to the page's footer
            last = max(used)
            for j in range(last + 1, self.end):
                if self.chrome[j] or regions[j] == "header":
                    regions[j] = "footer"
        else:
            # a question without an answer on the page: the question is the letter
            for j in self.question.get("_blocks", []):
                regions[j] = "body"
        self.regions = regions

    def _question(self, start: int, end: int) -> dict[str, Any]:
        lang = self.lang
        q: dict[str, Any] = {}
        heading_lines = [line.text for line in self.blocks[start].lines]
        q["heading"] = " ".join(heading_lines)
        ref = normalise_reference(q["heading"])
        if ref:
            q["reference"] = ref
        paras: list[str] = []
        authors: list[dict[str, Any]] = []
        blocks_used = [start]
        pending_lines = heading_lines[1:]
        for line in pending_lines:
            self._question_line(line, q, authors)
        for j in range(start + 1, end):
            if self.chrome[j] or _is_link_only(self.blocks[j]):
                continue
            text_lines = [line.text for line in self.blocks[j].lines if line.kind == "text"]
            if not text_lines:
                continue
            if _is_date_line(" ".join(text_lines), lang):
                continue
            consumed = all(self._question_line(line, q, authors) for line in text_lines)
            blocks_used.append(j)
            if not consumed:
                paras.append(" ".join(text_lines))
        to = _TO_THE.search(q["heading"])
        if to:
            addressee = to.group(1).strip()
            detail = re.search(r"\(([^)]*)\)\s*$", addressee)
            q["addressee"] = re.sub(r"\s*\([^)]*\)\s*$", "", addressee).strip() or addressee
            if detail:
                q["addressee_detail"] = detail.group(1)
        q["authors"] = authors
        q["text"] = paras
        q["_blocks"] = blocks_used
        return q

    def _question_line(self, line: str, q: dict[str, Any], authors: list[dict[str, Any]]) -> bool:
        """Record a question's header line (addressee, rule, authors, subject); False for a text line."""
        t = line.strip()
        if not t:
            return True
        low = t.casefold()
        if re.match(r"(?i)^(rule|article|règle|artikel|regla|articolo|artigo)\s+\d+", t):
            q["rule"] = t
            return True
        if re.match(r"(?i)^(to the|à la|au|an die|an den|a la|al|alla|aan de|à|ao|do)\s", t) and len(t) < 200:
            q.setdefault("addressee_line", t)
            if "addressee" not in q:
                addressee = re.sub(r"^\S+\s+(?:the\s+|la\s+|die\s+|de\s+)?", "", t).strip()
                q["addressee"] = re.sub(r"\s*\([^)]*\)\s*$", "", addressee) or addressee
            return True
        sub = _starts(t, "subject", self.lang)
        if sub and low[len(sub[1]) : len(sub[1]) + 2].lstrip().startswith(":"):
            q["subject"] = t[len(sub[1]) :].lstrip(" :").strip()
            return True
        found = parse_authors(t)
        if found and not authors:
            authors.extend(found)
            return True
        return False

    def hints(self) -> dict[str, Any]:
        h: dict[str, Any] = {}
        extra: dict[str, Any] = {"page_title": self.title, "layout": self.layout}
        ref = self.reference
        if ref is None:
            m = re.search(r"([EOPH]-\d{3,6}/\d{4})\s*\(ASW\)", self.title)
            ref = m.group(1) if m else None
        if ref is None and self.question.get("reference"):
            ref = self.question["reference"]
        if ref is None:
            ref = normalise_reference(self.title)
        if ref:
            h["reference"] = ref
        if self.answer_idx is not None:
            rest = self.answer_heading
            start = _starts(rest, "answer_given_by", self.lang)
            if start:
                rest = rest.lstrip()[len(start[1]) :]
            party = parse_answerer(rest, self.lang)
            if party.get("name") or party.get("organisation"):
                h["signatories"] = [party]
            extra["answer_heading"] = self.answer_heading
            # an answer page has no inside address: the answer goes to the question's authors through
            # the Parliament, which the page does not write as an addressee (they are in extra.question)
            h["recipients"] = []
            if self.answer_date:
                h["date"], h["date_text"] = self.answer_date
            if self.answer_paras:
                h["body"] = list(self.answer_paras)
        elif self.question:
            if self.question.get("date"):
                h["date"], h["date_text"] = self.question["date"], self.question["date_text"]
            if self.question.get("text"):
                h["body"] = list(self.question["text"])
            if self.question.get("authors"):
                h["signatories"] = [
                    {"name": a["name"], "organisation": a.get("group")} for a in self.question["authors"]
                ]
            if self.question.get("addressee"):
                h["recipients"] = [{"name": None, "organisation": self.question["addressee"]}]
        if self.question:
            q = {k: v for k, v in self.question.items() if not k.startswith("_")}
            extra["question"] = q
            if q.get("subject"):
                h["subject"] = q["subject"]
        if self.end < len(self.blocks):
            stamp = parse_date(self.blocks[self.end].text, self.lang)
            if stamp:
                extra["last_updated"] = stamp[0]
        h["extra"] = extra
        return h
