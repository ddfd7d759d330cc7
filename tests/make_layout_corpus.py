#!/usr/bin/env python3
"""Build tests/layout_corpus: hand-made letters laid out like the evaluation corpus (DOCX, PDF, scan).

    python tests/make_layout_corpus.py [--only NAME ...] [--no-pdf]
    python tests/make_layout_corpus.py --set frozen --out tests/frozen [--only NAME ...] [--no-pdf]

The evaluation corpus gives each letter as a ``.docx`` and ``.pdf`` "laid out as its sender's office
would" (letterhead in the page header, office address in the page footer, real footnotes, a signature
image; made with LibreOffice) and as a ``.scan.pdf`` (those pages as a 150 dpi greyscale image-only
scan). Its letters are few and alike, so this script lays out the hand-made letters of
``tests/letters``, ``tests/letters_dev2`` and ``tests/letters_dev3`` (text + gold) the same way:

* the ``.txt`` is cut into pages (form feeds, or a repeated footer), pages into blocks (blank lines);
* page furniture of the transcription (the letterhead repeated on later pages, "Page 2 of 3",
  "- 2 -", a continuation header with addressee/date) is removed from the body: in a word processor
  the header and footer repeat by themselves;
* the letterhead (the first blocks, per letter in ``LETTERS``) goes into the section header, the office
  footer (the last blocks of the last page) into the section footer, page numbers become PAGE /
  NUMPAGES fields, a continuation header becomes the header of pages 2+ ("different first page");
* "¹ ..." / "[1] ..." / "[Footnote 1: ...]" notes become real Word footnotes (``word/footnotes.xml``
  and ``w:footnoteReference`` runs: python-docx has no footnote API, so the part is added to the
  package afterwards);
* a sentence split by a page break is joined again; indented single lines (datelines) are right
  aligned, indented blocks get a left indent, label/value columns a tab stop, tables of figures a
  monospace font; a squiggle PNG (Pillow, seeded) is the signature, above the signer's name;
* LibreOffice (``soffice --headless --convert-to pdf``) makes the PDF, like the corpus; if a letter
  that has several pages in its text comes out shorter, it is laid out again in a larger type;
* pypdfium2 renders the PDF pages at 150 dpi for the scans: greyscale, a little noise, a rotation
  of at most 0.5 degrees, saved as an image-only PDF with Pillow.

``--set frozen`` lays out the frozen (blind) set instead: its letters and gold are read from
``<out>/letters/<name>.txt`` and ``<out>/gold/<name>.json`` (table ``FROZEN``) and the ``.docx``,
``.pdf`` and ``.scan.pdf`` are written beside the ``.txt``; the gold is not copied. Letters in
non-Latin scripts get a font that has their glyphs (Noto CJK, Noto Arabic/Hebrew), and Arabic and
Hebrew paragraphs are right-to-left (``w:bidi``), as a word processor in those languages would set them.

Everything is seeded from the letter's name, and the timestamps LibreOffice and python-docx write are
fixed, so running the script twice gives the same files. The outputs are checked in; the test suite
does not need LibreOffice.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pypdfium2
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFilter

TESTS = Path(__file__).resolve().parent
OUT = TESTS / "layout_corpus"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED_TIME = datetime(2024, 1, 1, 12, 0, 0)

# name -> how to lay it out.
#   set: the folder under tests/; letterhead: number of leading blocks of page 1 that are the
#   letterhead; footer: number of trailing blocks of the last page that are the office footer;
#   cont: the continuation header of pages 2+ (its lines, as in the text); scan: make a .scan.pdf.
LETTERS: dict[str, dict] = {
    # tests/letters
    "ngo-pagebreak-letterhead": dict(set="letters", letterhead=1, footer=1, scan=True),
    "uk-business-lease": dict(set="letters", letterhead=1, footer=1,
                              cont=["- 2 -", "Severnside Print Ltd", "12 April 2019"], scan=True),
    "german-betreff": dict(set="letters", letterhead=1, footer=1, scan=True),
    "mep-recipients-footnotes": dict(set="letters", letterhead=1, scan=True),
    "french-caps-footnotes": dict(set="letters", letterhead=1),
    "us-law-firm-continuation": dict(set="letters", letterhead=1,
                                     cont=["Ms. Jennifer A. Castellano", "November 8, 2022", "Page 2"],
                                     scan=True),
    "italian-gentile": dict(set="letters", letterhead=1, footer=1),
    "ministry-excellency": dict(set="letters", letterhead=1, scan=True),
    "polish-szanowny": dict(set="letters", letterhead=1),
    "victorian-obedient-servant": dict(set="letters", letterhead=1),
    "personal-dear-mum": dict(set="letters", letterhead=0),
    # tests/letters_dev2
    "mayor-residents-two-pages": dict(set="letters_dev2", letterhead=1, footer=1,
                                      cont=["Residents of Hartwell", "November 2, 2021", "Page 2"],
                                      scan=True),
    "german-din5008-infoblock": dict(set="letters_dev2", letterhead=1, footer=1),
    "french-mairie-affaire-suivie": dict(set="letters_dev2", letterhead=1, scan=True),
    "spanish-muy-senor-1987": dict(set="letters_dev2", letterhead=1),
    "university-admission-offer": dict(set="letters_dev2", letterhead=1),
    "italian-egregio-distinti": dict(set="letters_dev2", letterhead=1),
    "ww1-soldier-1916": dict(set="letters_dev2", letterhead=0),
    # tests/letters_dev3
    "accountant-two-pages-figures": dict(set="letters_dev3", letterhead=1, scan=True),
    "gutenberg-letter-xii": dict(set="letters_dev3", letterhead=0),
    "business-1936-dictated": dict(set="letters_dev3", letterhead=1, scan=True),
    "austrian-reklamation-iv": dict(set="letters_dev3", letterhead=1),
    "brazilian-atenciosamente": dict(set="letters_dev3", letterhead=1),
    "dutch-hoogachtend": dict(set="letters_dev3", letterhead=1),
    "uk-civil-service-address-foot": dict(set="letters_dev3", letterhead=2),
}

# The frozen (blind) set, tests/frozen: same keys as LETTERS (set is implied), plus
#   font: the body font (a script the default DejaVu Serif lacks); rtl: right-to-left paragraphs;
#   sig: False for texts that carry no handwritten signature (e-mail, telegram, printed answer).
CJK_SC, CJK_JP, CJK_KR = "Noto Serif CJK SC", "Noto Serif CJK JP", "Noto Serif CJK KR"
FROZEN: dict[str, dict] = {
    "en-us-block-maintenance-renewal": dict(letterhead=1, scan=True),
    "en-uk-solicitors-boundary-two-pages": dict(letterhead=1, footer=1, scan=True),
    "en-family-court-hearing-notice": dict(letterhead=1),
    "en-commission-reply-to-mep-footnotes": dict(letterhead=1, footer=1, scan=True),
    "en-mep-letter-to-minister-cc": dict(letterhead=2),
    "en-academic-reference-phd": dict(letterhead=1),
    "en-ngo-open-letter-signatures": dict(letterhead=0),
    "en-complaint-airline-refund": dict(letterhead=0),
    "en-1780s-humble-servant-dateline-foot": dict(letterhead=0),
    "en-1690s-merchant-letter-old-spelling": dict(letterhead=0),
    "en-us-1863-sir-colon-dash": dict(letterhead=0),
    "en-1944-allcaps-typescript": dict(letterhead=1, scan=True),
    "en-telegram-1952": dict(letterhead=1, sig=False),
    "en-email-printed-headers": dict(letterhead=0, sig=False),
    "en-note-no-salutation-no-close": dict(letterhead=0, sig=False),
    "en-love-letter-darling-lulu-1958": dict(letterhead=0),
    "en-1870s-ps-second-close": dict(letterhead=0),
    "en-family-love-to-you-both": dict(letterhead=0),
    "en-diplomatic-note-verbale": dict(letterhead=1),
    "en-ngo-three-pages-letterhead-footnotes": dict(letterhead=1, footer=1, scan=True),
    "en-ep-written-answer-commission": dict(letterhead=0, sig=False),
    "de-din5008-versicherung-zwei-seiten": dict(letterhead=1, footer=1, scan=True),
    "de-1846-hochwohlgeborner-wien": dict(letterhead=0),
    "de-1912-ihres-aufrichtigen-samstag": dict(letterhead=0),
    "de-landratsamt-bescheid": dict(letterhead=1, scan=True),
    "fr-prefecture-titre-sejour": dict(letterhead=1, scan=True),
    "fr-avocat-mise-en-demeure": dict(letterhead=1),
    "fr-1889-lettre-amour": dict(letterhead=0),
    "it-comune-risposta-istanza": dict(letterhead=1, scan=True),
    "it-personale-cara-nonna": dict(letterhead=0),
    "es-reclamacion-compania-electrica": dict(letterhead=0, scan=True),
    "es-carta-recomendacion-universidad": dict(letterhead=1),
    "pl-urzad-skarbowy-wezwanie": dict(letterhead=1, scan=True),
    "pl-list-do-przyjaciela": dict(letterhead=0),
    "nl-offerte-zakelijk": dict(letterhead=1),
    "nl-ministerie-antwoord-burger": dict(letterhead=1, scan=True),
    "pt-advogado-notificacao-extrajudicial": dict(letterhead=1, scan=True),
    "cs-mestsky-urad-sdeleni": dict(letterhead=1),
    "sv-personligt-kara-mormor": dict(letterhead=0),
    "hu-hivatalos-level-onkormanyzat": dict(letterhead=1),
    "ro-scrisoare-firma-oferta": dict(letterhead=1),
    "ru-delovoe-pismo-postavka": dict(letterhead=1, scan=True),
    "uk-lyst-do-mamy": dict(letterhead=0),
    "bg-obshtina-otgovor": dict(letterhead=1),
    "el-dimos-apantisi": dict(letterhead=1),
    "ar-ard-asaar-sharika": dict(letterhead=1, font="Noto Sans Arabic", rtl=True),
    "he-amuta-bakasha": dict(letterhead=1, font="Noto Sans Hebrew", rtl=True),
    "zh-yanqi-jiaohuo-han": dict(letterhead=1, font=CJK_SC),
    "ja-iten-oshirase": dict(letterhead=0, font=CJK_JP, sig=False),  # a seal, not a signature
    "ko-wongo-magam-yeonjang": dict(letterhead=0, font=CJK_KR),
}

PAGE_NO = re.compile(
    r"^(?:Page \d+(?: of \d+)?|-\s*\d+\s*-|Seite \d+ von \d+|Strona \d+ z \d+|\d{1,2}"
    r"|\(cont'd\)|cont'd/?\.\.\.|P\.\s?T\.\s?O\.?)$", re.I)
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
NOTE_LINE = re.compile(r"^(?:([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+|\[(\d+)\]\s+|\[Footnote (\d+):\s*)(.*)$")
TERMINAL = tuple('.!?:;»"”)')


def sup_to_int(s: str) -> int:
    return int(s.translate(str.maketrans(SUPERSCRIPTS, "1234567890")))


# --------------------------------------------------------------------------- text -> structure
@dataclass
class Block:
    lines: list[str]  # raw lines with their indentation

    @property
    def stripped(self) -> list[str]:
        return [ln.strip() for ln in self.lines]

    @property
    def indent(self) -> int:
        return min(len(ln) - len(ln.lstrip(" ")) for ln in self.lines)


@dataclass
class Layout:
    letterhead: list[str] = field(default_factory=list)
    letterhead_indents: list[int] = field(default_factory=list)
    letterhead_centred: bool = False
    letterhead_every_page: bool = True
    footer: list[str] = field(default_factory=list)
    footer_pageno: str | None = None  # "Page 1 of 3": a page-number line at the foot of the pages
    cont: list[str] = field(default_factory=list)  # header of pages 2+, page numbers as fields
    body: list[Block] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    pages: int = 1


def blocks_of(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    cur: list[str] = []
    for ln in [*lines, ""]:
        if ln.strip():
            cur.append(ln.rstrip())
        elif cur:
            out.append(Block(cur))
            cur = []
    return out


def parse(text: str, spec: dict) -> Layout:
    lay = Layout()
    raw_pages = [p.split("\n") for p in text.replace("\r\n", "\n").split("\f")]
    pages = [blocks_of(p) for p in raw_pages]
    pages = [p for p in pages if p]
    n_head = spec.get("letterhead", 0)
    if n_head:
        head = pages[0][:n_head]
        pages[0] = pages[0][n_head:]
        for b in head:
            lay.letterhead += b.stripped
            lay.letterhead_indents += [len(ln) - len(ln.lstrip(" ")) for ln in b.lines]
        lay.letterhead_centred = all(i >= 4 for i in lay.letterhead_indents)
    # the office footer: the last blocks of the last page (page-number lines set aside)
    n_foot = spec.get("footer", 0)
    if n_foot:
        last = [b for b in pages[-1] if not all(PAGE_NO.match(s) for s in b.stripped)]
        for b in last[-n_foot:]:
            lay.footer += [s for s in b.stripped if not PAGE_NO.match(s)]
    footer_set = set(lay.footer)
    # split pages at a footer met before the end (a transcription without form feeds)
    split: list[list[Block]] = []
    for page in pages:
        cur: list[Block] = []
        for b in page:
            lines: list[str] = []
            for ln in b.lines:
                if ln.strip() in footer_set:
                    if lines:
                        cur.append(Block(lines))
                        lines = []
                    cur.append(Block([ln]))  # marks the page end
                    continue
                if cur and cur[-1].stripped[0] in footer_set and not lines and not PAGE_NO.match(ln.strip()):
                    split.append(cur)
                    cur = []
                lines.append(ln)
            if lines:
                cur.append(Block(lines))
        split.append(cur)
    pages = [p for p in split if p]
    lay.pages = len(pages)
    # remove furniture page by page
    cont_set = set(spec.get("cont", []))
    lay.cont = list(spec.get("cont", []))
    head_set = set(lay.letterhead)
    cleaned: list[list[Block]] = []
    for pno, page in enumerate(pages):
        keep: list[Block] = []
        for i, b in enumerate(page):
            s = b.stripped
            if all(x in footer_set for x in s):
                continue
            if pno > 0 and i < 2 and head_set and all(x in head_set for x in s):
                continue  # the letterhead repeated at the top of a later page
            rest = [x for x in s if not PAGE_NO.match(x)]
            if len(rest) < len(s):
                pn = next(x for x in s if PAGE_NO.match(x))
                at_foot = i >= len(page) - 1 or all(
                    all(y in footer_set or PAGE_NO.match(y) for y in bb.stripped) for bb in page[i:])
                if re.match(r"(?i)page \d+ of", pn) and at_foot and not cont_set:
                    lay.footer_pageno = pn
                elif pno > 0 and i <= 1 and not cont_set and not pn.startswith(("(", "c")):
                    lay.cont = [pn]
                if not rest:
                    continue
                b = Block([ln for ln in b.lines if not PAGE_NO.match(ln.strip())])
            keep.append(b)
        # a continuation header: first block of pages 2+, or last block before a page break
        if cont_set:
            if pno > 0 and keep and all(x in cont_set for x in keep[0].stripped):
                keep = keep[1:]
            if pno < len(pages) - 1 and keep and all(x in cont_set for x in keep[-1].stripped):
                keep = keep[:-1]
        cleaned.append(keep)
    if len(pages) > 1 and head_set:
        lay.letterhead_every_page = any(
            all(x in head_set for x in b.stripped) for page in pages[1:] for b in page[:2])
    # footnotes: blocks whose every line is a note
    body: list[Block] = []
    for pno, page in enumerate(cleaned):
        page_body: list[Block] = []
        for b in page:
            ms = [NOTE_LINE.match(x) for x in b.stripped]
            if all(ms) and not b.stripped[0].startswith("[Transcribed"):
                for m in ms:
                    num = sup_to_int(m.group(1)) if m.group(1) else int(m.group(2) or m.group(3))
                    note = m.group(4)
                    if m.group(3) and note.endswith("]"):
                        note = note[:-1]
                    lay.notes[num] = note
                continue
            page_body.append(b)
        # a sentence split by the page break is one paragraph again
        if body and page_body and pno > 0:
            prev, nxt = body[-1], page_body[0]
            if (len(prev.lines) == 1 and len(nxt.lines) == 1 and len(prev.lines[0]) > 40
                    and not prev.lines[0].rstrip().endswith(TERMINAL)):
                body[-1] = Block([prev.lines[0].rstrip() + " " + nxt.lines[0].strip()])
                page_body = page_body[1:]
        body.extend(page_body)
    lay.body = body
    return lay


# --------------------------------------------------------------------------- DOCX
def signature_png(seed: int) -> bytes:
    """A handwritten-looking squiggle: a few loops along a slanted baseline, in dark blue ink."""
    rng = random.Random(seed)
    w, h = 480, 150
    img = Image.new("RGB", (w * 2, h * 2), "white")
    draw = ImageDraw.Draw(img)
    pts = []
    loops = rng.randint(4, 7)
    a1, a2, ph = rng.uniform(30, 60), rng.uniform(10, 30), rng.uniform(0, 6)
    for i in range(400):
        t = i / 399
        x = 40 + t * (w * 2 - 80) + 35 * math.sin(t * loops * 2 * math.pi + ph)
        y = h + 30 - t * 60 + a1 * math.cos(t * loops * 2 * math.pi) + a2 * math.sin(t * 3.1 * math.pi + ph)
        pts.append((x, y))
    draw.line(pts, fill=(20, 30, 90), width=7, joint="curve")
    x0 = rng.uniform(0.55, 0.8) * w * 2
    draw.line([(x0, h + 70), (w * 2 - 30, h + 40)], fill=(20, 30, 90), width=6)
    img = img.resize((w, h), Image.LANCZOS).filter(ImageFilter.SMOOTH)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def add_field(paragraph, instr: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instrText / separate / result / end runs."""
    def run(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run(sep)
    t = OxmlElement("w:t")
    t.text = shown
    run(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def add_text_with_fields(paragraph, text: str, size: float | None = None) -> None:
    """Text where page numbers ("Page 2 of 3", "- 2 -", "Seite 2 von 2") become PAGE/NUMPAGES fields."""
    m = re.match(r"^(.*?\b|[-\s]*)(\d+)(\s*(?:of|von|z)\s*)?(\d+)?(.*)$", text)
    if not m or not PAGE_NO.match(text.strip()):
        r = paragraph.add_run(text)
        if size:
            r.font.size = Pt(size)
        return
    pre, _num, mid, _total, post = m.groups()
    if pre:
        paragraph.add_run(pre)
    add_field(paragraph, "PAGE")
    if mid:
        paragraph.add_run(mid)
        add_field(paragraph, "NUMPAGES")
    if post:
        paragraph.add_run(post)
    if size:
        for r in paragraph.runs:
            r.font.size = Pt(size)


def set_spacing(p, before: float = 0, after: float = 8) -> None:
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)


MARKER = re.compile(r"(?<=\S)([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d+\])")


def add_runs(paragraph, text: str, notes: dict[int, int], mono: bool = False) -> None:
    """Text, with footnote markers turned into w:footnoteReference runs (note number -> w:id)."""
    pos = 0
    for m in MARKER.finditer(text):
        tok = m.group(1)
        num = sup_to_int(tok) if tok[0] in SUPERSCRIPTS else int(tok[1:-1])
        if num not in notes:
            continue
        if m.start() > pos:
            _run(paragraph, text[pos:m.start()], mono)
        paragraph._p.append(parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{notes[num]}"/></w:r>'))
        pos = m.end()
    if pos < len(text):
        _run(paragraph, text[pos:], mono)


def _run(paragraph, text: str, mono: bool):
    r = paragraph.add_run(text)
    if mono:
        r.font.name = "DejaVu Sans Mono"
        r.font.size = Pt(9)
    return r


def add_block(doc, block: Block, notes: dict[int, int], size: float) -> None:
    """One text block as Word would hold it: a paragraph, lines joined by soft breaks."""
    lines = block.lines
    stripped = block.stripped
    ind = block.indent
    columns = [len(re.findall(r"\S\s{3,}\S", ln.strip())) for ln in lines]
    if len(lines) > 1 and sum(1 for c in columns if c >= 2) >= 2:
        # a table of figures: typed in a monospace font, columns kept by spaces
        p = doc.add_paragraph()
        set_spacing(p)
        common = min(len(ln) - len(ln.lstrip(" ")) for ln in lines)
        for i, ln in enumerate(lines):
            if i:
                p.runs[-1].add_break()
            _run(p, ln[common:], mono=True)
        return
    if len(lines) > 1 and sum(1 for c in columns if c == 1) >= max(2, len(lines) - 1):
        # label / value columns (an info block, "Our reference   HP/2/..."): one tab stop
        p = doc.add_paragraph()
        set_spacing(p)
        small = ind >= 20  # an info block at the right: smaller type, so that e-mail addresses fit
        left = min(ind * 0.15, 6.0) if small else 0.0
        cw = 0.17 if small else 0.21
        p.paragraph_format.left_indent = Cm(left)
        width = max((len(re.split(r"\s{2,}", s)[0]) for s in stripped if re.search(r"\s{2,}", s)), default=10)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(left + width * cw + 0.3))
        for i, s in enumerate(stripped):
            if i:
                p.runs[-1].add_break()
            r = p.add_run(re.sub(r"\s{2,}", "\t", s, count=1))
            if small:
                r.font.size = Pt(8)
        return
    if ind >= 20 and len(lines) == 1:
        p = doc.add_paragraph()
        set_spacing(p)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_runs(p, stripped[0], notes)
        return
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in lines]
    if len(lines) > 1 and len(set(indents)) > 1 and max(indents) >= 8:
        # a staggered block (old-style closes and addresses): one paragraph per line, its own indent;
        # a lone far-indented line under flush-left ones (a dateline under a reference) is right-aligned
        lone = sum(1 for c in indents if c >= 20) == 1 and sum(1 for c in indents if c < 4) == len(lines) - 1
        for i, (ln, col) in enumerate(zip(stripped, indents, strict=True)):
            p = doc.add_paragraph()
            set_spacing(p, after=8 if i == len(lines) - 1 else 0)
            if lone and col >= 20:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                p.paragraph_format.left_indent = Cm(min(col * 0.21, 9.5))
            add_runs(p, ln, notes)
        return
    p = doc.add_paragraph()
    set_spacing(p)
    if ind >= 8:
        p.paragraph_format.left_indent = Cm(min(ind * 0.21, 9.5))
    if len(lines) == 1 and len(stripped[0]) > 90:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for i, s in enumerate(stripped):
        if i:
            p.add_run().add_break()
        add_runs(p, s, notes)


def find_signature_spot(body: list[Block], gold: dict) -> tuple[int, int] | None:
    """(block index, line index) before which the signature image goes: the signer's name line
    after the closing (or the line after the closing); None when the letter has no signatory."""
    sigs = [s.get("name") for s in gold.get("signatories") or [] if s.get("name")]
    if not sigs:
        return None
    closing = (gold.get("closing") or "").split()
    flat = [(bi, li, s) for bi, b in enumerate(body) for li, s in enumerate(b.stripped)]
    start = 0
    if closing:
        tail = closing[-1].casefold()
        for k, (_bi, _li, s) in enumerate(flat):
            if s.split() and s.split()[-1].casefold() == tail:
                start = k + 1
    name_words = [w.casefold() for w in sigs[0].split()]
    for need in (name_words, name_words[-1:]):  # the whole name first, then its last word
        for k in range(start, len(flat)):
            s = flat[k][2].casefold()
            if need and all(w in s for w in need):
                return flat[k][0], flat[k][1]
    if start and start < len(flat):
        return flat[start][0], flat[start][1]
    return None


def build_docx(name: str, lay: Layout, gold: dict, size: float, spec: dict | None = None) -> bytes:
    """The letter as a DOCX. ``spec`` may set ``font`` (a script DejaVu Serif lacks), ``rtl``
    (Arabic, Hebrew: right-to-left paragraphs) and ``sig`` (False: no signature image)."""
    spec = spec or {}
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    font = spec.get("font", "DejaVu Serif")
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:cs"), font)
    if spec.get("rtl"):
        fonts.set(qn("w:hAnsi"), font)
        cs_size = OxmlElement("w:szCs")
        cs_size.set(qn("w:val"), str(int(size * 2)))
        rpr.append(cs_size)
    cp = doc.core_properties
    cp.author = ""
    cp.title = ""
    cp.last_modified_by = ""
    cp.comments = ""
    cp.keywords = ""
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.revision = 1

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = Cm(4.2 if lay.letterhead else 2.5)
    sec.bottom_margin = Cm(3.0 if lay.footer or lay.footer_pageno else 2.5)
    sec.header_distance = Cm(1.2)
    sec.footer_distance = Cm(1.0)

    def fill_letterhead(header) -> None:
        first = True
        for s, col in zip(lay.letterhead, lay.letterhead_indents, strict=True):
            p = header.paragraphs[0] if first else header.add_paragraph()
            set_spacing(p, after=0)
            if lay.letterhead_centred:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif col >= 30:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            r = p.add_run(s)
            r.font.size = Pt(13 if first else 8.5)
            r.bold = first
            if first:
                r.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
            first = False

    def fill_footer(footer) -> None:
        first = True
        for s in lay.footer:
            p = footer.paragraphs[0] if first else footer.add_paragraph()
            first = False
            set_spacing(p, after=0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(s)
            r.font.size = Pt(7.5)
        if lay.footer_pageno:
            p = footer.paragraphs[0] if first else footer.add_paragraph()
            set_spacing(p, before=3, after=0)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_text_with_fields(p, lay.footer_pageno, size=8)

    def fill_cont(header) -> None:
        first = True
        for s in lay.cont:
            p = header.paragraphs[0] if first else header.add_paragraph()
            first = False
            set_spacing(p, after=0)
            if re.match(r"^-\s*\d+\s*-$|^\d+$|^Seite|^Strona", s):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text_with_fields(p, s, size=9)

    different_first = bool(lay.cont) or (lay.letterhead and not lay.letterhead_every_page)
    sec.different_first_page_header_footer = different_first
    if lay.letterhead:
        fill_letterhead(sec.first_page_header if different_first else sec.header)
    if different_first:
        if lay.cont:
            fill_cont(sec.header)
        if lay.footer or lay.footer_pageno:
            fill_footer(sec.first_page_footer)
    if lay.footer or lay.footer_pageno:
        fill_footer(sec.footer)

    note_ids = {num: i + 2 for i, num in enumerate(sorted(lay.notes))}
    spot = find_signature_spot(lay.body, gold) if spec.get("sig", True) else None
    for bi, block in enumerate(lay.body):
        if spot and spot[0] == bi:
            li = spot[1]
            if li:
                add_block(doc, Block(block.lines[:li]), note_ids, size)
            p = doc.add_paragraph()
            set_spacing(p, after=2)
            if block.indent >= 8:
                p.paragraph_format.left_indent = Cm(min(block.indent * 0.21, 9.5))
            p.add_run().add_picture(io.BytesIO(signature_png(seed)), width=Cm(4.2))
            block = Block(block.lines[li:])
        add_block(doc, block, note_ids, size)
    for dp in doc.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        dp.set("name", "signature")
        dp.set("descr", "")
    if spec.get("rtl"):
        make_rtl(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return finish_package(buf.getvalue(), lay.notes, note_ids)


def make_rtl(doc) -> None:
    """Every paragraph right-to-left (``w:bidi``) and every run a complex-script run (``w:rtl``), in the
    body and in the headers and footers: how Word stores an Arabic or Hebrew letter. In a bidi
    paragraph "left" means the start, so left-aligned text stands at the right margin."""
    sec = doc.sections[0]
    parts = [doc.element.body]
    for hf in (sec.header, sec.footer, sec.first_page_header, sec.first_page_footer):
        if not hf.is_linked_to_previous:
            parts.append(hf._element)
    for part in parts:
        for p in part.iter(qn("w:p")):
            ppr = p.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                bidi = OxmlElement("w:bidi")
                ppr.insert(0, bidi)
            for r in p.iter(qn("w:r")):
                if r.find(qn("w:t")) is None:
                    continue
                rpr = r.get_or_add_rPr()
                if rpr.find(qn("w:rtl")) is None:
                    rpr.append(OxmlElement("w:rtl"))


def footnotes_xml(notes: dict[int, str], ids: dict[int, int]) -> str:
    from xml.sax.saxutils import escape

    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        '<w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for num in sorted(notes):
        parts.append(
            f'<w:footnote w:id="{ids[num]}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
            f'<w:t xml:space="preserve"> {escape(notes[num])}</w:t></w:r>'
            '</w:p></w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts)


def finish_package(data: bytes, notes: dict[int, str], ids: dict[int, int]) -> bytes:
    """Add the footnotes part (python-docx has no API for it) and fix zip timestamps (reproducible)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if notes and item.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            elif notes and item.filename == "[Content_Types].xml":
                raw = raw.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, raw)
        if notes:
            info = zipfile.ZipInfo("word/footnotes.xml", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, footnotes_xml(notes, ids).encode("utf-8"))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF and scan
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_paths: list[Path], outdir: Path) -> None:
    exe = soffice()
    if exe is None:
        sys.exit("LibreOffice (soffice) is needed for the PDFs: apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, docx_paths)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def fix_pdf_dates(data: bytes, name: str) -> bytes:
    """Same-length replacement of the dates and /ID LibreOffice writes, so that xref offsets hold."""
    fixed = b"D:20240101120000"

    def date(m: re.Match) -> bytes:
        v = m.group(2)
        return m.group(1) + (fixed + v[len(fixed):] if len(v) >= len(fixed) else v) + b")"

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()([^)]*)\)", date, data)
    digest = hashlib.md5(name.encode()).hexdigest().upper().encode()

    def ident(m: re.Match) -> bytes:
        return re.sub(rb"<([0-9A-Fa-f]+)>", lambda h: b"<" + (digest * 4)[: len(h.group(1))] + b">",
                      m.group(0))

    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]", ident, data)
    return re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)",
                  lambda m: m.group(0)[: -len(m.group(1))] + (digest * 2)[: len(m.group(1))], data)


def page_count(pdf: Path) -> int:
    return len(pypdfium2.PdfDocument(str(pdf)))


def make_scan(pdf: Path, out: Path, seed: int) -> None:
    """Each page at 150 dpi, greyscale, slightly rotated and noisy: a scanner's image-only PDF."""
    rng = np.random.default_rng(seed)
    pages = []
    doc = pypdfium2.PdfDocument(str(pdf))
    for i in range(len(doc)):
        img = doc[i].render(scale=150 / 72).to_pil().convert("L")
        angle = float(rng.uniform(-0.5, 0.5))
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        arr = np.asarray(img).astype(np.float32)
        arr = arr * 0.92 + 12  # paper is not white, ink is not black
        arr += rng.normal(0, 5.0, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
        pages.append(img)
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=150.0, quality=55,
                  creationDate=FIXED_TIME.timetuple(), modDate=FIXED_TIME.timetuple(),
                  producer="make_layout_corpus", title="")


# --------------------------------------------------------------------------- main
@dataclass
class Source:
    """Where one letter's text and gold are read from, and how it is laid out."""
    txt: Path
    gold: Path
    spec: dict


def sources(which: str, out: Path) -> dict[str, Source]:
    """The letters of a set: the hand-made sets of ``LETTERS`` (read from their own folders), or the
    frozen set of ``FROZEN`` (read from ``<out>/letters`` and ``<out>/gold``, laid out in place)."""
    if which == "frozen":
        return {n: Source(out / "letters" / f"{n}.txt", out / "gold" / f"{n}.json", spec)
                for n, spec in FROZEN.items()}
    return {n: Source(TESTS / spec["set"] / f"{n}.txt", TESTS / spec["set"] / f"{n}.json", spec)
            for n, spec in LETTERS.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="only these letters")
    ap.add_argument("--no-pdf", action="store_true", help="DOCX only (no LibreOffice needed)")
    ap.add_argument("--set", choices=("hand", "frozen"), default="hand",
                    help="hand: the hand-made sets (table LETTERS) into tests/layout_corpus; "
                         "frozen: the frozen set (table FROZEN), laid out beside its .txt files")
    ap.add_argument("--out", type=Path, default=None,
                    help="output corpus folder (default tests/layout_corpus; tests/frozen for --set frozen)")
    args = ap.parse_args(argv)
    out = args.out or (TESTS / "frozen" if args.set == "frozen" else OUT)
    out = out.resolve()
    srcs = sources(args.set, out)
    copy_gold = args.set != "frozen"  # the frozen set's gold already lives in <out>/gold
    letters_dir, gold_dir = out / "letters", out / "gold"
    letters_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    names = args.only or list(srcs)
    layouts: dict[str, tuple[Layout, dict]] = {}
    for name in names:
        src = srcs[name]
        gold = json.loads(src.gold.read_text(encoding="utf-8"))
        lay = parse(src.txt.read_text(encoding="utf-8"), src.spec)
        layouts[name] = (lay, gold)
        (letters_dir / f"{name}.docx").write_bytes(build_docx(name, lay, gold, 11, src.spec))
        if copy_gold:
            shutil.copyfile(src.gold, gold_dir / f"{name}.json")
    if args.no_pdf:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        pending = list(names)
        size = 11.0
        for attempt in range(4):
            to_pdf([letters_dir / f"{n}.docx" for n in pending], tmpdir)
            short = [n for n in pending if page_count(tmpdir / f"{n}.pdf") < layouts[n][0].pages]
            for n in pending:
                if n not in short or attempt == 3:
                    pdf = letters_dir / f"{n}.pdf"
                    pdf.write_bytes(fix_pdf_dates((tmpdir / f"{n}.pdf").read_bytes(), n))
            if not short or attempt == 3:
                break
            # the text runs over more pages than the layout: a larger type, as a typewriter would have
            size += 1.0
            for n in short:
                lay, gold = layouts[n]
                (letters_dir / f"{n}.docx").write_bytes(build_docx(n, lay, gold, size, srcs[n].spec))
            pending = short
    for name in names:
        scan = srcs[name].spec.get("scan")
        if scan:
            seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
            make_scan(letters_dir / f"{name}.pdf", letters_dir / f"{name}.scan.pdf", seed)
        print(f"{name}: {page_count(letters_dir / f'{name}.pdf')} page(s){' + scan' if scan else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
