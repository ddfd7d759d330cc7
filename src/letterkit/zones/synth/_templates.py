"""The letter templates: each composes blocks (letterhead, dateline, ... footer) with random choices.

Why many small builders instead of one configurable layout: the line-zone model learns whatever the
generator repeats, so every template varies which blocks appear, their order within what real letters
do, alignment, type size, labels and casing; the shared part builders (``part_*``) keep each block's
construction, and the recording of its truth in :attr:`Ctx.fields`, in one place.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from random import Random
from typing import Any

from letterkit.core.chars import RIGHT_TO_LEFT_SCRIPTS
from letterkit.zones.synth._data import ASCII_DIGITS, LanguageData, fill, fill_pattern
from letterkit.zones.synth._historical import latin_forms, manuscript_lines, roman_day
from letterkit.zones.synth._lines import Align, Region, SynthLetter, SynthLine

#: year ranges of the periods a template writes in
PERIODS: dict[str, tuple[int, int]] = {
    "modern": (1995, 2025),
    "typescript": (1925, 1985),
    "telegram": (1905, 1975),
    "historical": (1600, 1899),
}
#: footnote styles: the reference marks in the text, and the marks the notes start with (a superscript
#: in the text and a plain or bracketed number at the note, as word processors and the EU's journals set them)
FOOTNOTE_MARKERS = (
    ("¹²³⁴⁵", "¹²³⁴⁵"),
    ("[1] [2] [3] [4] [5]", "[1] [2] [3] [4] [5]"),
    ("¹²³⁴⁵", "1 2 3 4 5"),
    ("¹²³⁴⁵", "(1) (2) (3) (4) (5)"),
)
#: how a formal letter numbers the points of its body ("1 ", "1. ", "1) ", "(1) "): at body size, such a
#: paragraph is the letter's text, though it starts as a plain-number note would
NUMBERED_POINTS = ("{n} ", "{n}. ", "{n}) ", "({n}) ")
#: the share of formal letters of three paragraphs or more whose middle paragraphs are numbered points
NUMBERED_SHARE = 0.12
#: fallback patterns where a language file has no ``reference_formats`` / ``phone_pattern``
DEFAULT_REFERENCES = ("AA/###/{yy}", "{yyyy}/#####", "AAA-####", "###-##/{yyyy}")
DEFAULT_PHONE = ("+## ## ### ## ##", "+## ### ### ###", "0## ### ## ##")


@dataclass
class Person:
    """An invented person: the pieces salutations and address lines are filled from."""

    first: str
    last: str
    gender: str  # "m" or "f"
    honorific: str
    title: str  # academic title or ""
    order: str
    middle: str = ""  # a patronymic where the language has them
    vocative: str = ""  # the given name's vocative (uk, ...) used in salutations

    @property
    def full(self) -> str:
        given = f"{self.first} {self.middle}" if self.middle else self.first
        return f"{self.last} {given}" if self.order == "family-given" else f"{given} {self.last}"


@dataclass
class Block:
    """Consecutive lines of one label sharing their layout."""

    label: str
    lines: list[str]
    align: Align = "left"
    bold: bool = False
    size: float = 1.0
    region: Region = "body"
    indent: int = 0
    blank_before: bool | None = None  # None: as the letter's blank-line habit says
    paragraph: bool = False  # a body-like paragraph (may get a first-line indent)
    tight: bool = False  # the hard-wrapped lines of one paragraph: never a blank line between them


class Ctx:
    """One letter being built: its random stream, language data, people, date and recorded truth."""

    def __init__(self, data: LanguageData, rng: Random, register: str, period: str) -> None:
        self.data = data
        self.rng = rng
        self.register = register
        self.period = period
        lo, hi = PERIODS[period]
        start = dt.date(lo, 1, 1).toordinal()
        self.date = dt.date.fromordinal(rng.randint(start, dt.date(hi, 12, 28).toordinal()))
        self.digits = data.alt_digits if data.alt_digits and rng.random() < 0.3 else data.digits
        # regional month names (ar: months_levant, months_maghreb); other calendars are not Gregorian
        variants = [k for k, v in data.raw.items() if k.startswith("months_") and k != "months_in_dates"
                    and "hijri" not in k and isinstance(v, list) and len(v) == 12]
        self.months = data.strings("months_in_dates") or data.strings("months")
        if variants and rng.random() < 0.3:
            self.months = data.strings(rng.choice(variants))
        self.date_format = data.pick(rng, "date_formats")
        self.date_text = self.format_date(self.date, self.date_format)
        self.place = data.pick(rng, "places")
        self.sender = self.person()
        self.recipient = self.person()
        self.org = data.pick(rng, "organisations")
        self.ref = self.reference()
        self.subject = self.f1(data.pick(rng, "subjects")) if data.has("subjects") else ""
        self.caps = False
        self.footnotes: list[str] = []
        self.used: set[str] = set()  # sentences already in this letter: none is said twice
        self.fields: dict[str, Any] = {
            "date": None, "date_text": None, "place": None, "salutation": None, "closing": None,
            "signatories": [], "recipients": [], "reference": None, "subject": None, "cc": [],
            "enclosures": [], "postscript": None,
        }

    # -- values -------------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def person(self, gender: str | None = None) -> Person:
        g = gender or self.rng.choice("mf")
        d = self.data
        title = d.pick(self.rng, "honorifics.academic") if self.chance(0.2) else ""
        firsts = d.strings(f"first_names.{g}")
        k = self.rng.randrange(len(firsts))
        vocs = d.strings(f"first_names_voc.{g}")
        middle = d.pick(self.rng, f"patronymics.{g}") if self.chance(0.4) else ""
        return Person(
            first=firsts[k],
            last=d.pick(self.rng, *(("last_names_f", "last_names") if g == "f" else ("last_names",))),
            gender=g,
            honorific=d.pick(self.rng, f"honorifics.{g}"),
            title=title,
            order=d.name_order,
            middle=middle,
            vocative=vocs[k] if len(vocs) == len(firsts) else "",
        )

    def digitise(self, text: str) -> str:
        """ASCII digits written with the letter's digit set."""
        if self.digits == ASCII_DIGITS:
            return text
        return text.translate(str.maketrans(ASCII_DIGITS, self.digits))

    def format_date(self, day: dt.date, fmt: str | None = None) -> str:
        d = self.data
        fmt = fmt or d.pick(self.rng, "date_formats")
        months = self.months
        weekdays = d.strings("weekdays")
        values = {
            "d": str(day.day), "dd": f"{day.day:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
            "yyyy": str(day.year), "yy": f"{day.year % 100:02d}", "era_year": str(day.year),
            "month": months[day.month - 1] if len(months) == 12 else str(day.month),
            "weekday": weekdays[day.weekday()] if len(weekdays) == 7 else "",
        }
        return self.digitise(fill(fmt, lambda s: values.get(s, "")))

    def near_date(self) -> dt.date:
        return self.date - dt.timedelta(days=self.rng.randint(1, 90))

    def reference(self) -> str:
        patterns = self.data.strings("reference_formats") or list(DEFAULT_REFERENCES)
        return self.digitise(fill_pattern(self.rng, self.rng.choice(patterns), self.date.year))

    def phone(self) -> str:
        patterns = self.data.strings("phone_pattern") or list(DEFAULT_PHONE)
        return self.digitise(fill_pattern(self.rng, self.rng.choice(patterns), self.date.year))

    def resolve(self, slot: str, who: Person | None, extra: dict[str, str]) -> str:
        """The value of one ``{slot}``: ``extra`` first, then the person ``who``, then random values."""
        if slot in extra:
            return extra[slot]
        d, r = self.data, self.rng
        p = who or self.person()
        near = self.near_date()
        simple: dict[str, Callable[[], str]] = {
            "first": lambda: p.first, "last": lambda: p.last, "full": lambda: p.full,
            "honorific": lambda: p.honorific, "title": lambda: p.title,
            "role": lambda: d.pick(r, "roles"), "org": lambda: d.pick(r, "organisations"),
            "city": lambda: d.pick(r, "places"), "place": lambda: d.pick(r, "places"),
            "street": lambda: d.pick(r, "streets"), "n": lambda: str(r.randint(2, 199)),
            "postcode": lambda: fill_pattern(r, str(d.get("postcode_pattern", "#####")), near.year),
            "date": lambda: self.format_date(near, self.date_format if r.random() < 0.7 else None),
            "ref": lambda: self.ref,
            "subject": lambda: self.subject or d.pick(r, "enclosure_items"),
            "country": lambda: d.pick(r, "countries"), "total": lambda: "2",
        }
        if slot in simple:
            return simple[slot]()
        return self.format_date(near, "{" + slot + "}")

    def f(self, template: str, who: Person | None = None, **extra: str) -> list[str]:
        """A template filled and split into its lines (a ``\\n`` in data fixes a line break)."""
        text = fill(template, lambda s: self.resolve(s, who, extra))
        return [self.digitise(part.strip()) for part in text.split("\n") if part.strip()]

    def f1(self, template: str, who: Person | None = None, **extra: str) -> str:
        return " ".join(self.f(template, who, **extra))

    def label(self, path: str, fallback: str = "") -> str:
        return self.data.pick(self.rng, path) or fallback

    def labelled(self, path: str, value: str, slot: str = "ref", fallback: str = "") -> str:
        """A label followed by its value; a label with the slot in it (ru "Исх. № {ref} от {date}")
        takes the value in place instead."""
        label = self.label(path, fallback)
        if "{" + slot + "}" in label:
            return self.f1(label, None, **{slot: value})
        return f"{self.f1(label) if '{' in label else label} {value}".strip()


# -- parts ------------------------------------------------------------------------------------
def address_lines(c: Ctx, who: Person | None, org: str | None, role: bool = False) -> list[str]:
    """A postal address block after an optional name, role and organisation (at most 6 lines)."""
    d = c.data
    lines: list[str] = []
    if who is not None:
        form = c.rng.choice(["{honorific} {title} {full}", "{title} {full}", "{honorific} {full}", "{full}"])
    if not c.data.has("honorifics.m") and c.data.has("honorifics.suffix"):
        # honorifics after the name (山田太郎様, 김민준 님): the language has no prefix forms
        form = c.rng.choice(["{full}" + c.data.pick(c.rng, "honorifics.suffix"), "{full}"])
        lines.append(c.f1(form, who))
    if role and d.has("roles"):
        lines.append(c.f1(d.pick(c.rng, "roles")))
    if org:
        lines.append(org)
    if d.has("street_formats") and c.chance(0.9):
        lines += c.f(d.pick(c.rng, "street_formats"), who)
    if d.has("postcode_formats"):
        lines += c.f(d.pick(c.rng, "postcode_formats"), who, city=c.rng.choice(d.strings("places")))
    if c.chance(0.12) and d.has("countries"):
        country = d.pick(c.rng, "countries")
        lines.append(country.upper() if d.has_case and c.chance(0.5) else country)
    return lines[:6]


#: the share of letterheads under a banner: a band of small capitals above the sender's own head
BANNER_SHARE = 0.3


def part_banner(c: Ctx, name: str) -> Block:
    """An institution's band of small type above the letterhead: its name (often in several of its
    languages, here with other organisations' names standing in) in one to four lines, printed in the
    page header (on every page) six times in ten."""
    d, r = c.data, c.rng
    pool = [name]
    if d.has("organisations"):
        pool += [d.pick(r, "organisations") for _ in range(r.randint(0, 8))]
    r.shuffle(pool)
    n = r.randint(1, min(4, len(pool)))
    per = max(1, -(-len(pool) // n))
    sep = r.choice(["  ", " ", " · ", "   "])
    lines = [sep.join(pool[i : i + per]) for i in range(0, len(pool), per)][:4]
    if d.has_case and c.chance(0.8):
        lines = [x.upper() for x in lines]
    if c.chance(0.15) and d.has("countries"):
        lines.append(d.pick(r, "countries").upper() if d.has_case else d.pick(r, "countries"))
    region: Region = "header" if c.chance(0.6) else "body"
    return Block("letterhead", lines, "center" if c.chance(0.7) else "left", bold=c.chance(0.3),
                 size=r.choice([0.65, 0.7, 0.8, 0.9]), region=region)


def part_letterhead(c: Ctx, where: Align | None = None, org: str | None = None) -> list[Block]:
    """The printed head: the organisation's name large and bold, then 0-5 smaller lines."""
    d, r = c.data, c.rng
    options: list[Align] = ["left", "center", "right", "left"]
    align: Align = where if where is not None else r.choice(options)
    region: Region = "header" if c.chance(0.3) else "body"
    name = org or c.org
    if d.has_case and c.chance(0.3):
        name = name.upper()
    blocks = []
    if c.chance(BANNER_SHARE):
        blocks.append(part_banner(c, name))
        if c.chance(0.5):
            region = blocks[0].region
    blocks.append(Block("letterhead", [name], align, bold=c.chance(0.8), size=r.choice([1.3, 1.5, 1.8, 2.0]),
                        region=region))
    extra: list[str] = []
    n = r.randint(0, 5)
    pool = []
    if d.has("street_formats", "postcode_formats"):
        addr = c.f(d.pick(r, "street_formats")) + c.f(d.pick(r, "postcode_formats"), city=c.place)
        pool.append(r.choice([" · ", ", ", " | "]).join(addr) if c.chance(0.6) else "\n".join(addr))
    pool.append(f"{c.label('labels.phone', 'Tel.')} {c.phone()}")
    extras = d.strings("letterhead_extras")
    pool += [c.f1(x) for x in r.sample(extras, min(2, len(extras)))]
    for item in pool[:n]:
        extra += [x for x in item.split("\n") if x.strip()]
    if extra:
        blocks.append(Block("letterhead", extra[:5], align, size=r.choice([0.75, 0.85, 1.0]), region=region,
                            blank_before=False))
    return blocks


def part_sender_address(c: Ctx, align: Align = "left", indent: int = 0) -> Block:
    """The sender's own address block (private and DIN letters)."""
    lines = address_lines(c, c.sender, None)
    if c.chance(0.3):
        lines.append(f"{c.label('labels.phone', 'Tel.')} {c.phone()}")
    return Block("sender_address", lines[:6], align, indent=indent)


def part_return_line(c: Ctx) -> Block:
    """The DIN small sender line above the window address."""
    d = c.data
    if d.has("labels_extra.return_line"):
        text = c.f1(d.pick(c.rng, "labels_extra.return_line"), org=c.org, city=c.place)
    else:
        parts = [c.org, *c.f(d.pick(c.rng, "street_formats")), *c.f(d.pick(c.rng, "postcode_formats"))]
        text = " · ".join(parts)
    return Block("sender_address", [text], size=0.7)


def part_inside_address(c: Ctx, align: Align = "left", indent: int = 0, org_only: bool = False,
                        max_lines: int = 6) -> Block:
    """The addressee block; records the recipient's name."""
    org = c.rng.choice([None, c.data.pick(c.rng, "organisations")]) if not org_only else c.org
    who = None if org_only and c.chance(0.5) else c.recipient
    lines = address_lines(c, who, org, role=who is not None and c.chance(0.3))
    if who is None and org is None:
        who = c.recipient
        lines = address_lines(c, who, None)
    n = c.rng.randint(1, max_lines)
    lines = lines[: max(n, 1)]
    if who is not None and lines and who.full in lines[0]:
        c.fields["recipients"].append(who.full)
    return Block("inside_address", lines, align, indent=indent)


def part_dateline(c: Ctx, align: Align = "left", indent: int = 0, with_place: bool | None = None) -> Block:
    """Place and date; records date, date_text and place."""
    formats = c.data.strings("dateline_formats")
    if with_place is not None:
        formats = [f for f in formats if ("{place}" in f) == with_place] or formats
    fmt = c.rng.choice(formats)
    lines = c.f(fmt, place=c.place, date=c.date_text)
    c.fields.update(date=c.date.isoformat(), date_text=c.date_text)
    if "{place}" in fmt:
        c.fields["place"] = c.place
    return Block("dateline", lines, align, indent=indent)


def part_date_labelled(c: Ctx) -> str:
    """A "Date: ..." line of an info block or memo; records the date."""
    c.fields.update(date=c.date.isoformat(), date_text=c.date_text)
    return f"{c.label('labels.date_label')} {c.date_text}".strip()


def part_references(c: Ctx, align: Align = "left", indent: int = 0) -> Block:
    """Our / your reference lines; records our reference."""
    ours = c.labelled("labels.reference", c.ref)
    theirs = c.labelled("labels.their_reference", c.reference())
    choice = c.rng.random()
    if choice < 0.12:
        lines = [c.ref]  # a bare file code ('A(2015)905100-1033229'), no label
    elif choice < 0.35:
        lines = [ours]
    elif choice < 0.75:
        lines = [ours, theirs] if c.chance(0.7) else [theirs, ours]
    else:
        lines = [f"{ours}{' ' * c.rng.randint(3, 12)}{theirs}"]
    c.fields["reference"] = c.ref
    return Block("reference", lines, align, indent=indent)


def part_subject(c: Ctx, labelled: float = 0.7, align: Align = "left", indent: int = 0) -> Block | None:
    """The subject line, bold or not, with or without its label word; records the subject."""
    if not c.subject:
        return None
    text = c.subject
    if c.data.has_case and c.chance(0.15):
        text = text.upper()
    c.fields["subject"] = text
    if c.chance(labelled) and c.data.has("labels.subject"):
        text = f"{c.label('labels.subject')} {text}"
    return Block("subject", [text], align, bold=c.chance(0.6), indent=indent)


def salutation_text(c: Ctx, kind: str) -> str:
    d, r, who = c.data, c.rng, c.recipient
    paths = {
        "formal": [f"salutations.formal_{who.gender}", "salutations.formal_generic"],
        "generic": ["salutations.formal_generic"],
        "office": ["salutations.office", "salutations.formal_generic"],
        "informal": [f"salutations.informal_{who.gender}", f"salutations.formal_{who.gender}"],
        "family": ["salutations.family", f"salutations.informal_{who.gender}"],
        "love": ["salutations.love", f"salutations.informal_{who.gender}"],
        "old": ["salutations.old", f"salutations.formal_{who.gender}"],
    }[kind]
    if kind == "formal" and c.chance(0.2):
        paths = paths[1:] + paths[:1]
    template = d.pick(r, *paths)
    if who.vocative:
        return c.f1(template, who, first=who.vocative)
    return c.f1(template, who)


def part_salutation(c: Ctx, kind: str, align: Align = "left", indent: int = 0) -> Block:
    text = salutation_text(c, kind)
    c.fields["salutation"] = text
    return Block("salutation", [text], align, indent=indent)


def sentence_pool(c: Ctx, kind: str) -> tuple[list[str], list[str], list[str]]:
    """(openers, middle sentences, final sentences) for a body kind."""
    d = c.data
    if kind == "personal":
        extra = d.strings("body_registers.love") if c.register == "love" else []
        pool = d.strings("body.personal") + extra
        return pool, pool, pool
    if kind == "old":
        pool = d.strings("body.old")
        return pool, pool, pool
    if kind == "old_familiar":  # family news of an old letter (not the formal old sentences: Sie/du)
        pool = d.strings("historical.familiar")
        return pool, pool, pool
    middle = d.strings("body.middle")
    reg = d.strings(f"body_registers.{c.register}")
    if reg and c.register == "diplomatic":
        middle = reg
    elif reg:
        middle = middle + reg * max(1, len(middle) // (3 * len(reg)))
    return d.strings("body.opening"), middle, d.strings("body.closing")


def pick_unique(c: Ctx, pool: list[str], k: int) -> list[str]:
    """``k`` different sentences from a (possibly weighted by repetition) pool, none used before."""
    fresh = [s for s in pool if s not in c.used] or pool
    out: list[str] = []
    for _ in range(8 * k):
        if len(out) >= k:
            break
        s = c.rng.choice(fresh)
        if s not in out:
            out.append(s)
    c.used.update(out)
    return out


def part_body(c: Ctx, kind: str, paragraphs: tuple[int, int] = (1, 6), sentences: tuple[int, int] = (1, 6),
              align: Align = "left", footnotes: float = 0.1, opener: bool = True) -> list[Block]:
    """Body paragraphs (one block each); may put footnote markers into them."""
    r = c.rng
    openers, middle, finals = sentence_pool(c, kind)
    n_par = r.randint(*paragraphs)
    blocks = []
    for i in range(n_par):
        k = r.randint(*sentences)
        picked: list[str] = []
        if i == 0 and openers and opener:
            picked += pick_unique(c, openers, 1)
        own_finals = kind not in ("personal", "old", "old_familiar")
        if i == n_par - 1 and n_par > 1 and finals and own_finals and opener:
            picked += pick_unique(c, finals, r.randint(1, 2))
        else:
            picked += pick_unique(c, middle, max(0, k - len(picked)))
        text = c.data.separator.join(c.f1(s) for s in picked)
        blocks.append(Block("body", [text], align, paragraph=True))
    # (not in right-to-left scripts: a point's number and bracket are neutral in the bidi algorithm, and
    # how a PDF lays them out at the start of an Arabic line is not what the letter's text says)
    rtl = c.data.script in RIGHT_TO_LEFT_SCRIPTS
    if kind == "formal" and n_par >= 3 and not rtl and c.chance(NUMBERED_SHARE):
        point = r.choice(NUMBERED_POINTS)
        for n, block in enumerate(blocks[1:-1], start=1):
            block.lines[0] = point.format(n=n) + block.lines[0]
    if c.chance(footnotes) and c.data.has("footnotes"):
        style, note_style = r.choice(FOOTNOTE_MARKERS)
        markers = style.split() if " " in style else list(style)
        note_markers = note_style.split() if " " in note_style else list(note_style)
        targets = sorted(r.sample(range(len(blocks)), min(len(blocks), r.randint(1, 3))))
        for idx, target in enumerate(targets):
            marker = markers[idx]
            line = blocks[target].lines[0]
            glue = " " if marker.startswith("[") else ""
            blocks[target].lines[0] = f"{line.rstrip()}{glue}{marker}"
            c.footnotes.append(f"{note_markers[idx]} {c.f1(c.data.pick(r, 'footnotes'))}")
    return blocks


def split_close(c: Ctx, text: str) -> list[str]:
    """A long formula close broken over 2-3 lines at its commas, as old letters print it."""
    if "\n" in text:
        return [t.strip() for t in text.split("\n") if t.strip()]
    parts = [p + "," for p in text.split(",")]
    parts[-1] = parts[-1][:-1]
    parts = [p.strip() for p in parts if p.strip(" ,")]
    if len(parts) < 2 and len(text) > 45 and c.chance(0.5):
        words = text.split()
        cut = len(words) // 2
        return [" ".join(words[:cut]), " ".join(words[cut:])]
    if len(text) < 40 or len(parts) < 2:
        return [text]
    k = min(len(parts), c.rng.randint(2, 3))
    size = math.ceil(len(parts) / k)
    return [" ".join(parts[i : i + size]) for i in range(0, len(parts), size)]


def part_closing(c: Ctx, kind: str, align: Align = "left", indent: int = 0) -> Block:
    """The complimentary close on 1-3 lines; records it (lines joined by a space)."""
    d, r = c.data, c.rng
    path = {"formal": "closings.formal", "informal": "closings.informal", "family": "closings.family",
            "love": "closings.love", "old": "closings.old"}[kind]
    lines: list[str] = []
    if kind == "old":
        if c.chance(0.4) and d.has("closings.leads"):
            lines.append(c.f1(d.pick(r, "closings.leads"), c.recipient))
        lines += [c.f1(x, c.recipient) for x in split_close(c, d.pick(r, path, "closings.formal"))]
    elif kind == "formal" and c.chance(0.2) and d.has("closings.sentence"):
        lines = [c.f1(d.pick(r, "closings.sentence"), c.recipient)]
    else:
        if c.chance(0.15) and d.has("closings.leads"):
            lines.append(c.f1(d.pick(r, "closings.leads"), c.recipient))
        lines += c.f(d.pick(r, path, "closings.formal"), c.recipient)
    lines = lines[:3]
    c.fields["closing"] = " ".join(lines)
    return Block("closing", lines, align, indent=indent)


def part_signature(c: Ctx, align: Align = "left", indent: int = 0, role: float = 0.6, org: float = 0.3,
                   who: Person | None = None, name_form: str = "full", mark: float = 0.2,
                   per_pro: float = 0.1) -> Block:
    """The signature block (1-4 lines: mark, name, role, organisation); records the signatory."""
    d, r = c.data, c.rng
    who = who or c.sender
    lines = []
    name = {"full": who.full, "first": who.first, "initials": f"{who.first[:1]}. {who.last[:1]}.",
            "titled": c.f1("{title} {full}", who)}[name_form]
    c.fields["signatories"].append(name)
    if c.chance(per_pro) and d.has("per_pro"):
        delegation = c.label("per_pro")
        if c.chance(0.5):
            name = f"{delegation} {name}"
        else:
            # the delegation on a line of its own above the name, often with the signer's office under
            # it, as offices sign ('Pour le Maire et par délégation,' / "L'Adjointe déléguée à
            # l'urbanisme," / name; 'i. A.' / name; 'for Acme Ltd' / name): lines of the signature that
            # stand between the close and the name, so the close above them is still the close
            if len(delegation.rstrip(", ")) < 8 and c.chance(0.5):
                delegation = f"{delegation} {c.org}"
            lines.append(delegation)
            if c.chance(role) and d.has("roles"):
                office = d.pick(r, "roles")
                lines.append(f"{office}," if c.chance(0.4) else office)
                role = 0.0
    if c.chance(mark) and d.has("labels_extra.signature_mark"):
        lines.append(c.label("labels_extra.signature_mark"))
    lines.append(name)
    if c.chance(role) and d.has("roles"):
        lines.append(d.pick(r, "roles"))
    if c.chance(org):
        lines.append(c.org)
    return Block("signature", lines[:4], align, indent=indent)


def part_enclosures(c: Ctx) -> Block | None:
    d, r = c.data, c.rng
    if not d.has("labels.enclosure", "enclosure_items"):
        return None
    pool = d.strings("enclosure_items")
    items = [c.f1(x) for x in r.sample(pool, min(r.randint(1, 3), len(pool)))]
    label = c.label("labels.enclosure")
    if "{" in label:  # a complete line of its own ("Приложение: на 3 л. в 1 экз.")
        text = c.f1(label)
        c.fields["enclosures"] = [text]
        return Block("enclosure", [text])
    c.fields["enclosures"] = items
    if len(items) == 1 and c.chance(0.6):
        return Block("enclosure", [f"{label} {items[0]}"])
    if c.chance(0.5):
        if len(items) > 1 and c.chance(0.4):
            # the label alone over a numbered or bulleted list ('Załączniki:' / '1. zaświadczenie ...'),
            # whose items the letter records without their numbers
            style = r.choice(["{n}. ", "{n}) ", "- ", "• ", "{n}. "])
            return Block("enclosure", [label, *(style.format(n=n) + x for n, x in enumerate(items, 1))])
        return Block("enclosure", [label, *items])
    return Block("enclosure", [f"{label} {items[0]}", *items[1:]], indent=0)


def part_cc(c: Ctx) -> Block | list[Block] | None:
    if not c.data.has("labels.cc"):
        return None
    people = [c.person() for _ in range(c.rng.randint(1, 3))]
    names = [p.full for p in people]
    c.fields["cc"] = names
    label = c.label("labels.cc")
    if c.data.has_case and c.chance(0.2):
        label = label.upper()
    # a copy recipient with an office: 'Mr Jean Dupont, Minister of Justice'
    entries = list(names)
    if c.data.has("roles") and c.chance(0.4):
        entries = [f"{n}, {c.f1(c.data.pick(c.rng, 'roles'))}" for n in names]
    choice = c.rng.random()
    if choice < 0.35:
        return Block("cc", [f"{label} {', '.join(entries)}"])
    if choice < 0.7:
        return Block("cc", [f"{label} {entries[0]}", *entries[1:]])
    # the label alone, each copy recipient on its own line (sometimes in a block of its own)
    if c.chance(0.4):
        return [Block("cc", [label]), *(Block("cc", [e], blank_before=True) for e in entries)]
    return Block("cc", [label, *entries])


def part_postscript(c: Ctx) -> Block | None:
    if not c.data.has("postscripts"):
        return None
    text = c.f1(c.data.pick(c.rng, "postscripts"))
    c.fields["postscript"] = text
    if c.chance(0.8) and c.data.has("labels.postscript"):
        text = f"{c.label('labels.postscript')} {text}"
    return Block("postscript", [text], paragraph=True)


def part_note(c: Ctx, path: str = "notes", bold: bool = True) -> Block | None:
    if not c.data.has(path):
        return None
    return Block("other", [c.f1(c.data.pick(c.rng, path))], bold=bold)


def part_footer(c: Ctx) -> Block | None:
    if not c.data.has("footer_lines"):
        return None
    pool = c.data.strings("footer_lines")
    lines = [c.f1(x) for x in c.rng.sample(pool, min(len(pool), c.rng.randint(1, 3)))]
    return Block("furniture", lines, c.rng.choice(["left", "center"]), size=0.7, region="footer")


def part_footnotes(c: Ctx) -> Block | None:
    if not c.footnotes:
        return None
    return Block("footnote", list(c.footnotes), size=0.8, region="footnote")


def opt(c: Ctx, p: float, make: Callable[[], Block | list[Block] | None]) -> list[Block]:
    """The blocks ``make`` builds, with probability ``p``; ``make`` only runs (and records) when used."""
    if not c.chance(p):
        return []
    made = make()
    if made is None:
        return []
    return made if isinstance(made, list) else [made]


def close_blocks(c: Ctx, kind: str, align: Align = "left", indent: int = 0, **sig: Any) -> list[Block]:
    return [part_closing(c, kind, align, indent), part_signature(c, align, indent, **sig)]


def tail(c: Ctx, enc: float = 0.25, cc: float = 0.2, ps: float = 0.08, footer: float = 0.0) -> list[Block]:
    """Enclosures, cc and P.S. in one of their usual orders, then footnotes and the office footer."""
    parts = opt(c, enc, lambda: part_enclosures(c)) + opt(c, cc, lambda: part_cc(c))
    if c.chance(0.3):
        parts.reverse()
    parts += opt(c, ps, lambda: part_postscript(c))
    fn = part_footnotes(c)
    return parts + ([fn] if fn else []) + opt(c, footer, lambda: part_footer(c))


def subject_and_salutation(c: Ctx, kind: str, after: float = 0.2, labelled: float = 0.7) -> list[Block]:
    subj = part_subject(c, labelled) if c.chance(0.8) else None
    sal = part_salutation(c, kind)
    if subj is None:
        return [sal]
    return [sal, subj] if c.chance(after) else [subj, sal]


# -- templates ---------------------------------------------------------------------------------
def t_us_block(c: Ctx) -> list[Block]:
    b = part_letterhead(c, "left") if c.chance(0.85) else []
    b += opt(c, 0.15, lambda: part_note(c))
    b += [part_dateline(c, with_place=False if c.chance(0.7) else None)]
    b += opt(c, 0.2, lambda: part_references(c))
    b += [part_inside_address(c)]
    b += subject_and_salutation(c, "formal", after=0.1)
    b += part_body(c, "formal", (2, 6))
    b += close_blocks(c, "formal", mark=0.3)
    return b + tail(c, footer=0.2)


def t_uk_business(c: Ctx) -> list[Block]:
    b = part_letterhead(c, c.rng.choice(["center", "right"]))
    refs = part_references(c)
    date = part_dateline(c, c.rng.choice(["left", "right"]))
    b += [refs, date] if c.chance(0.6) else [date, refs]
    b += opt(c, 0.15, lambda: part_note(c))
    b += [part_inside_address(c)]
    b += subject_and_salutation(c, "formal", after=0.6)
    b += part_body(c, "formal", (1, 5))
    b += close_blocks(c, "formal", per_pro=0.2)
    return b + tail(c, footer=0.4)


def t_din5008(c: Ctx) -> list[Block]:
    b = part_letterhead(c, "right")
    b += [part_return_line(c)]
    b += opt(c, 0.1, lambda: part_note(c))
    b += [part_inside_address(c, max_lines=6)]
    if c.chance(0.6):
        info = part_references(c, indent=c.rng.choice([40, 45, 50]))
        info.lines.append(part_date_labelled(c))
        # the info block is references with the date as its last line
        b += [info]
        date_line = info.lines.pop()
        b += [Block("dateline", [date_line], indent=info.indent, blank_before=False)]
    else:
        b += [part_dateline(c, "right")]
    subj = part_subject(c, labelled=0.3)
    if subj:
        subj.bold = c.chance(0.8)
        b += [subj]
    b += [part_salutation(c, "formal")]
    b += part_body(c, "formal", (1, 5))
    b += [part_closing(c, "formal")]
    sig = part_signature(c, per_pro=0.35, mark=0.3, org=0.0)
    if c.chance(0.4):
        sig.lines.insert(0, c.org)
    b += [sig]
    return b + tail(c, enc=0.4, cc=0.25, footer=0.8)


def t_continental(c: Ctx) -> list[Block]:
    """French "Objet", Italian "Oggetto", Spanish "Asunto": sender left, addressee right."""
    b = part_letterhead(c, "left") if c.chance(0.6) else [part_sender_address(c)]
    addr_right = c.chance(0.6)
    # Spanish, Italian and French offices often date at the foot, between the text and the close or the
    # signer's office ('En Sevilla, a 3 de febrero de 2020.', 'Fait à Lyon, le ...')
    date_at_foot = c.chance(0.15)
    date = part_dateline(c, "right")
    addr = part_inside_address(c, "left", indent=c.rng.choice([35, 40, 45]) if addr_right else 0)
    if date_at_foot:
        b += [addr]
    else:
        b += [date, addr] if c.chance(0.4) else [addr, date]
    b += opt(c, 0.4, lambda: part_references(c))
    subj = part_subject(c, labelled=0.95)
    b += [subj] if subj else []
    # French and Belgian offices list the enclosures under the subject ('Objet :' / 'P.J. :'), above
    # the salutation, instead of at the foot
    head_enc = opt(c, 0.3, lambda: part_enclosures(c)) if subj else []
    b += head_enc
    b += [part_salutation(c, c.rng.choice(["formal", "generic", "office"]))]
    b += part_body(c, "formal", (2, 6))
    if date_at_foot:
        date.align = c.rng.choice(["left", "right"])
        b += [date]
    align: Align = c.rng.choice(["left", "right"])
    ind = c.rng.choice([0, 30, 40]) if align == "left" else 0
    b += close_blocks(c, "formal", align, ind, per_pro=0.25)
    return b + tail(c, enc=0.0 if head_enc else 0.3)


def t_government(c: Ctx) -> list[Block]:
    b = part_letterhead(c, "center")
    b += opt(c, 0.5, lambda: part_references(c))
    date_at_foot = c.chance(0.2)  # an office's notice dated above its signature, as in t_continental
    date = part_dateline(c, c.rng.choice(["right", "left"]))
    b += [] if date_at_foot else [date]
    b += [part_inside_address(c)]
    head = subject_and_salutation(c, c.rng.choice(["formal", "office", "generic"]), after=0.3)
    head_enc: list[Block] = []
    if head[0].label == "subject":
        head_enc = opt(c, 0.2, lambda: part_enclosures(c))
    b += head[:1] + head_enc + head[1:]
    b += part_body(c, "formal", (2, 7), (2, 7), footnotes=0.2)
    b += [date] if date_at_foot else []
    b += close_blocks(c, "formal", per_pro=0.3, role=0.9, org=0.4)
    return b + tail(c, enc=0.0 if head_enc else 0.25, cc=0.4, footer=0.3)


def t_ministry_reply(c: Ctx) -> list[Block]:
    """A reply on a minister's behalf; the dateline may stand under the signature."""
    b = part_letterhead(c, "left")
    b += [part_references(c, "right")]
    date_at_foot = c.chance(0.35)
    if not date_at_foot:
        b += [part_dateline(c, "right")]
    b += [part_inside_address(c)]
    b += [part_salutation(c, "formal")]
    subj = part_subject(c, labelled=0.5)
    b += [subj] if subj else []
    b += part_body(c, "formal", (2, 6))
    b += close_blocks(c, "formal", role=1.0)
    if date_at_foot:
        b += [part_dateline(c, "left")]
    return b + tail(c, cc=0.5)


def t_eu_answer(c: Ctx) -> list[Block]:
    """An EU Commission answer to a parliamentary question: no salutation, no close. Half of them are
    the page that holds the question too, as the Parliament's site prints it: the question's head (its
    number, the rule, the member and group, the subject) and text above 'Answer given by ...' and the
    answer's date; the answer is the letter, the question is its context (``other``)."""
    commissioner = c.person()
    q = c.f1(c.label("labels_extra.eu_question"), ref=c.ref)
    c.fields["reference"] = c.ref
    with_question = c.chance(0.5)
    head = [q]
    if with_question and c.ref in q and q.index(c.ref) + len(c.ref) < len(q) and c.chance(0.6):
        cut = q.index(c.ref) + len(c.ref)  # 'Question for written answer E-001234/2019' / 'to the Commission'
        head = [q[:cut], q[cut:].strip()]
    b = [Block("reference", head, bold=c.chance(0.5))]
    answer = Block("other", [c.f1(c.label("labels_extra.eu_answer"), commissioner)], bold=c.chance(0.5))
    if not with_question:
        b += opt(c, 0.6, lambda: part_dateline(c, "right"))
        b += [answer]
    else:
        member = c.person()
        asked = [c.f1("{full}", member) + " (" + c.rng.choice(EP_GROUPS) + ")"]
        if c.data.has("labels_extra.eu_rule"):
            asked.insert(0, c.label("labels_extra.eu_rule"))
        b += [Block("other", asked)]
        subj = part_subject(c, labelled=1.0)
        b += [subj] if subj else []
        question = part_body(c, "formal", (1, 3), (1, 4), footnotes=0.0)
        for block in question:
            block.label = "other"
        b += question
        date_text = f"{c.date.day}.{c.date.month}.{c.date.year}"
        c.fields.update(date=c.date.isoformat(), date_text=date_text)
        b += [answer, Block("dateline", [f"({date_text})"], blank_before=c.chance(0.5))]
    b += part_body(c, "formal", (1, 5), (2, 6), footnotes=0.4)
    return b + tail(c, enc=0.0, cc=0.0)


def t_ep_document(c: Ctx) -> list[Block]:
    """A European Parliament text that is not a letter but is read as one (a report's proposal, a motion,
    a joint motion, a text adopted): its number, the kind of text and its title above the text, then
    the text itself: 'European Parliament resolution of ... on ...', the procedure, 'The European
    Parliament,', its citations, recitals and numbered paragraphs, all of them body; under a report the
    committee's tables (``other``). Without them the model had seen no such text, and read its
    citations as a postscript or its title as a signature."""
    r = c.rng
    year = c.date.year
    term = r.choice([8, 9, 10])
    kind = r.choice(["report", "motion", "joint", "adopted"])
    number = {
        "report": f"A{term}-{r.randint(1, 450):04d}/{year}",
        "motion": f"B{term}-{r.randint(1, 650):04d}/{year}",
        "joint": f"RC-B{term}-{r.randint(1, 650):04d}/{year}",
        "adopted": f"P{term}_TA({year}){r.randint(1, 500):04d}",
    }[kind]
    procedure = f"({year}/{r.randint(2000, 2999)}({r.choice(['INI', 'RSP', 'REG', 'COD', 'NLE'])}))"
    topic = c.label("ep_document.topics")
    b: list[Block] = []
    if c.chance(0.7):
        c.fields["reference"] = number
        b.append(Block("reference", [number], bold=c.chance(0.6)))
    if kind == "report":
        b.append(Block("other", [c.label("ep_document.report_heads")], bold=True))
        b.append(Block("body", [c.f1(c.label("ep_document.report_title"), subject=topic)]))
    else:
        if c.chance(0.6):
            title = topic[:1].upper() + topic[1:]
            c.fields["subject"] = title
            b.append(Block("subject", [title], bold=True))
        b.append(Block("body", [c.f1(c.label("ep_document.resolution"), subject=topic)]))
    if c.chance(0.8):
        b.append(Block("body", [procedure]))
    b.append(Block("body", [c.label("ep_document.parliament")]))
    ref = number if kind == "report" else f"A{term}-{r.randint(1, 450):04d}/{year}"
    for line in r.sample(c.data.strings("ep_document.having_regard"), r.randint(1, 4)):
        b.append(Block("body", [c.f1(line, ref=ref)], paragraph=True))
    if kind != "report" or c.chance(0.5):
        clauses = r.sample(c.data.strings("ep_document.whereas"), r.randint(1, 4))
        b += [Block("body", [f"{chr(65 + i)}. {x}"], paragraph=True) for i, x in enumerate(clauses)]
    points = r.sample(c.data.strings("ep_document.points"), r.randint(1, 4))
    points.append(c.label("ep_document.final"))
    b += [Block("body", [f"{i}. {x}"], paragraph=True) for i, x in enumerate(points, 1)]
    if kind == "report" and c.chance(0.6):
        annex = c.data.strings("ep_document.annex")
        start = r.randint(0, 2)
        b.append(Block("other", annex[start : start + r.randint(3, len(annex) - start)]))
    return b


#: the political groups of the European Parliament as a question names its author's ('Ann Lee (S&D)')
EP_GROUPS = ("PPE", "EPP", "S&D", "Renew", "Verts/ALE", "ECR", "ID", "The Left", "GUE/NGL", "NI", "PfE",
             "ESN")


def t_mep_letter(c: Ctx) -> list[Block]:
    mep = c.label("labels_extra.mep")
    b = [Block("letterhead", [c.sender.full], c.rng.choice(["left", "center"]), bold=True, size=1.4),
         Block("letterhead", [mep], c.rng.choice(["left", "center"]), size=0.9, blank_before=False)]
    b += [part_dateline(c, "right")]
    b += [part_inside_address(c, org_only=True)]
    b += subject_and_salutation(c, "office", after=0.1)
    b += part_body(c, "formal", (2, 6))
    b += [part_closing(c, "formal")]
    for i in range(c.rng.randint(1, 3)):
        who = c.sender if i == 0 else c.person()
        sig = part_signature(c, who=who, role=0.0, org=0.0, mark=0.2)
        sig.lines.append(mep)
        b.append(sig)
    return b + tail(c, cc=0.3)


def t_note_verbale(c: Ctx) -> list[Block]:
    """A note verbale: third person, no salutation; place, date and addressee at the foot."""
    d = c.data
    country = d.pick(c.rng, "countries")
    b = []
    if d.has("diplomatic.letterhead"):
        b += [Block("letterhead", [c.f1(d.pick(c.rng, "diplomatic.letterhead"), country=country)], "center",
                    bold=True, size=1.3)]
    b += opt(c, 0.8, lambda: Block("other", [c.label("labels_extra.note_verbale")], "center", bold=True))
    if d.has("labels_extra.number"):
        c.fields["reference"] = c.ref
        b += [Block("reference", [f"{c.label('labels_extra.number')} {c.ref}"])]
    b += [Block("body", [c.f1(d.pick(c.rng, "diplomatic.opening"), country=country)], paragraph=True)]
    b += part_body(c, "formal", (1, 3), (1, 3), opener=False)[: c.rng.randint(0, 3)]
    close = c.f1(d.pick(c.rng, "diplomatic.closing"), country=country)
    c.fields["closing"] = close
    b += [Block("closing", [close], paragraph=True)]
    b += [part_dateline(c, c.rng.choice(["right", "left"]), with_place=True)]
    b += opt(c, 0.3, lambda: Block("signature", [c.label("labels_extra.signature_mark")]))
    if d.has("diplomatic.addressee"):
        b += [Block("inside_address", c.f(d.pick(c.rng, "diplomatic.addressee")))]
    return b


def t_academic(c: Ctx) -> list[Block]:
    b = part_letterhead(c, c.rng.choice(["left", "center"]))
    b += [part_dateline(c, c.rng.choice(["left", "right"]))]
    b += opt(c, 0.5, lambda: part_inside_address(c))
    subj = part_subject(c, labelled=0.6)
    b += [subj] if subj else []
    if c.chance(0.3) and c.data.has("labels_extra.to_whom"):
        text = c.label("labels_extra.to_whom")
        c.fields["salutation"] = text
        b += [Block("salutation", [text])]
    else:
        b += [part_salutation(c, c.rng.choice(["formal", "generic"]))]
    b += part_body(c, "formal", (2, 6), (2, 7))
    b += close_blocks(c, "formal", name_form="titled", role=0.9, org=0.6)
    return b + tail(c, enc=0.1, cc=0.1)


def t_legal(c: Ctx) -> list[Block]:
    b = part_letterhead(c, c.rng.choice(["right", "center"]))
    b += opt(c, 0.5, lambda: part_note(c))
    b += opt(c, 0.4, lambda: part_note(c, "labels_extra.legal"))
    b += [part_references(c)]
    b += [part_dateline(c, c.rng.choice(["left", "right"]), with_place=False if c.chance(0.5) else None)]
    b += [part_inside_address(c)]
    b += subject_and_salutation(c, c.rng.choice(["formal", "generic"]), after=0.5, labelled=0.3)
    b += part_body(c, "formal", (2, 8), (1, 5))
    b += [part_closing(c, "formal")]
    if c.chance(0.4):
        b += [Block("signature", [c.org])]
        c.fields["signatories"].append(c.org)
    else:
        b += [part_signature(c, role=0.8, org=0.5)]
    return b + tail(c, enc=0.4, cc=0.4, footer=0.5)


def t_ngo_open_letter(c: Ctx) -> list[Block]:
    b = opt(c, 0.6, lambda: part_letterhead(c, "center"))
    b += opt(c, 0.7, lambda: Block("other", [c.f1(c.label("labels_extra.open_letter"))], "center", bold=True,
                                   size=1.3))
    b += [part_dateline(c, c.rng.choice(["left", "right"]))]
    b += opt(c, 0.7, lambda: part_inside_address(c, org_only=True))
    b += subject_and_salutation(c, c.rng.choice(["office", "generic"]), after=0.2)
    b += part_body(c, "formal", (3, 8), (2, 7), footnotes=0.2)
    b += [part_closing(c, "formal")]
    for i in range(c.rng.randint(1, 4)):
        b.append(part_signature(c, who=c.sender if i == 0 else c.person(), org=0.9, role=0.5))
    return b + tail(c, enc=0.1, cc=0.1)


def t_complaint(c: Ctx) -> list[Block]:
    right = c.chance(0.5)
    b = [part_sender_address(c, "right" if right else "left")]
    b += [part_dateline(c, "right" if right else "left")]
    b += [part_inside_address(c, org_only=True)]
    b += opt(c, 0.3, lambda: part_references(c))
    subj = part_subject(c, labelled=0.8)
    b += [subj] if subj else []
    b += [part_salutation(c, c.rng.choice(["generic", "formal"]))]
    b += part_body(c, "formal", (2, 6))
    b += close_blocks(c, "formal", role=0.0, org=0.0, mark=0.3)
    return b + tail(c, enc=0.5, cc=0.1, ps=0.1)


def t_private_formal(c: Ctx) -> list[Block]:
    """A private person's formal letter (UK/DIN private style): own address top, then addressee."""
    b = [part_sender_address(c, c.rng.choice(["left", "right"]))]
    if c.chance(0.5):
        b += [part_inside_address(c), part_dateline(c, "right")]
    else:
        b += [part_dateline(c, "right"), part_inside_address(c)]
    b += subject_and_salutation(c, "formal", after=0.3)
    b += part_body(c, "formal", (1, 5))
    b += close_blocks(c, "formal", role=0.0, org=0.0)
    return b + tail(c, enc=0.3, cc=0.05, ps=0.15)


def t_personal(c: Ctx) -> list[Block]:
    b = opt(c, 0.8, lambda: part_dateline(c, c.rng.choice(["right", "left", "right"])))
    b += [part_salutation(c, c.rng.choice(["family", "informal"]))]
    b += part_body(c, "personal", (1, 6), (1, 8))
    b += [part_closing(c, c.rng.choice(["family", "informal"]), c.rng.choice(["left", "right"]))]
    b += [part_signature(c, role=0.0, org=0.0, name_form="first")]
    return b + tail(c, enc=0.05, cc=0.0, ps=0.5)


def t_love_letter(c: Ctx) -> list[Block]:
    b = opt(c, 0.6, lambda: part_dateline(c, "right"))
    b += [part_salutation(c, "love")]
    b += part_body(c, "personal", (1, 5), (2, 8))
    b += [part_closing(c, "love", c.rng.choice(["left", "right"]))]
    b += [part_signature(c, role=0.0, org=0.0, name_form=c.rng.choice(["first", "first", "initials"]))]
    return b + tail(c, enc=0.0, cc=0.0, ps=0.35)


def historical_foot_address(c: Ctx) -> Block:
    who = c.recipient
    lines = [c.f1(c.rng.choice(["{honorific} {full}", "{honorific} {title} {full}", "{full}"]), who)]
    if c.chance(0.7):
        lines.append(c.data.pick(c.rng, "places"))
    c.fields["recipients"].append(who.full)
    return Block("inside_address", lines, indent=c.rng.choice([0, 0, 4]))


def plain_historical_formal(c: Ctx) -> list[Block]:
    """18th/19th-century letter of a language without a ``historical`` block: formula close over 2-3
    lines; dateline and addressee at the foot."""
    date_top = c.chance(0.3)
    b = [part_dateline(c, "right")] if date_top else []
    b += [part_salutation(c, "old")]
    b += part_body(c, "old", (1, 6), (2, 7), footnotes=0.15)
    b += [part_closing(c, "old", c.rng.choice(["left", "right"]), indent=c.rng.choice([0, 10, 20]))]
    b += [part_signature(c, "right", role=0.1, org=0.0)]
    if not date_top:
        b += [part_dateline(c, "left")]
    b += opt(c, 0.6, lambda: historical_foot_address(c))
    return b + tail(c, enc=0.05, cc=0.0, ps=0.25)


def plain_historical_familiar(c: Ctx) -> list[Block]:
    b = [part_dateline(c, c.rng.choice(["right", "left"]))]
    b += [part_salutation(c, c.rng.choice(["old", "informal", "family"]))]
    b += part_body(c, c.rng.choice(["old", "personal"]), (1, 5), (2, 8))
    b += [part_closing(c, c.rng.choice(["old", "family"]), "right")]
    b += [part_signature(c, "right", role=0.0, org=0.0, name_form=c.rng.choice(["full", "first"]))]
    return b + tail(c, enc=0.0, cc=0.0, ps=0.4)


# -- historical letters with a language's ``historical`` block ----------------------------------
# Labelling rules of these letters (the same in every language; see the schema notes):
# * a close that begins inside the last body sentence ("..., und bin mit aller Hochachtung") is a
#   closing from the line on which the formula starts; in a hard-wrapped (manuscript) letter that
#   line may begin with the last words of the sentence, and the whole line is then `closing` (and
#   so is the recorded closing text);
# * every line of a stepped close is `closing`; the name is `signature`, also when it follows the
#   last close line without a gap ("running into the name"), and so is an office or place under it;
# * a paragraph after the signature is `postscript` with or without a "P.S." label; a place and/or
#   date after the signature is `dateline`, also when it gives only a weekday.
def hstr(c: Ctx, key: str) -> list[str]:
    return c.data.strings(f"historical.{key}")


def hpick(c: Ctx, *keys: str) -> str:
    return c.data.pick(c.rng, *(f"historical.{k}" if "." not in k else k for k in keys))


def fits(c: Ctx, text: str, by_sender: bool = True) -> bool:
    """Whether a formula suits the letter's recipient (and sender): no word of it belongs to the
    other gender (``historical.gender_words``: a close to 'Madam' is not sent to a man, a
    'Dienerin' does not sign for a man)."""
    words = set(re.findall(r"[\w']+", text))
    other = {"m": "f", "f": "m"}
    bad = set(c.data.strings(f"historical.gender_words.to_{other[c.recipient.gender]}"))
    if by_sender:
        bad |= set(c.data.strings(f"historical.gender_words.by_{other[c.sender.gender]}"))
    return not words & bad


def hchoose(c: Ctx, key: str, by_sender: bool = True) -> str:
    """A formula of ``historical.<key>`` (or a full dotted path) that fits the people of the letter."""
    pool = c.data.strings(key if "." in key else f"historical.{key}")
    good = [t for t in pool if fits(c, t, by_sender)]
    return c.rng.choice(good or pool) if pool else ""


def hist_date(c: Ctx, latin: bool) -> tuple[str, bool]:
    """(the date in an old form, whether it gives day, month and year)."""
    r, day = c.rng, c.date
    if latin:
        forms = latin_forms()
        fmt = r.choice(forms["date_formats"])
        values = {"roman": roman_day(day, forms["words"]), "yyyy": str(day.year), "d": str(day.day),
                  "month": forms["months"][day.month - 1]}
        return fill(fmt, lambda s: values.get(s, "")), True
    month_lists = [m for m in (hstr(c, "months"), hstr(c, "months_abbr"), c.months) if len(m) == 12]
    months = r.choice(month_lists)
    weekdays = hstr(c, "weekdays") if len(hstr(c, "weekdays")) == 7 else c.data.strings("weekdays")
    ordinals = hstr(c, "ordinal_days")
    kinds = [k for k in ("date_formats", "date_formats_ordinal", "partial_dates", "weekday_dates")
             if hstr(c, k) and (k != "date_formats_ordinal" or len(ordinals) == 31)]
    weights = {"date_formats": 0.55, "date_formats_ordinal": 0.2, "partial_dates": 0.15, "weekday_dates": 0.1}
    kind = r.choices(kinds, [weights[k] for k in kinds])[0]
    fmt = hpick(c, kind)
    values = {"d": ordinals[day.day - 1] if kind == "date_formats_ordinal" else str(day.day),
              "m": str(day.month), "yyyy": str(day.year), "month": months[day.month - 1],
              "weekday": weekdays[day.weekday()] if len(weekdays) == 7 else ""}
    text = c.digitise(fill(fmt, lambda s: values.get(s, "")))
    return text, kind in ("date_formats", "date_formats_ordinal")


def hist_dateline(c: Ctx, align: Align, latin: bool, indent: int = 0) -> Block:
    """An old-style dateline; records the date only where day, month and year are all written."""
    text, full = hist_date(c, latin)
    place = c.rng.choice(latin_forms()["places"]) if latin else c.place
    formats = latin_forms()["dateline_formats"] if latin else hstr(c, "dateline_formats")
    if not full and c.chance(0.5):
        formats = ["{date}"]  # "Montags." / "d. 3ten Aug." alone
    fmt = c.rng.choice(formats)
    lines = c.f(fmt, place=place, date=text)
    c.fields.update(date=c.date.isoformat() if full else None, date_text=text)
    if "{place}" in fmt:
        c.fields["place"] = place
    return Block("dateline", lines, align, indent=indent)


def hist_salutation(c: Ctx, familiar: bool) -> list[Block]:
    """An old salutation (or none: many letters begin with the text)."""
    if c.chance(0.12 if familiar else 0.15):
        return []
    keys = ("salutations_familiar", "salutations.family") if familiar else ("salutations", "salutations.old")
    pools = [p for p in keys if c.data.has(p if "." in p else f"historical.{p}")][:1]  # the old forms first
    template = hchoose(c, c.rng.choice(pools), by_sender=False) if pools else ""
    text = c.f1(template, c.recipient) if template else salutation_text(c, "old")
    c.fields["salutation"] = text
    align: Align = "center" if c.chance(0.15) else "left"
    return [Block("salutation", [text], align, indent=c.rng.choice([0, 0, 6]))]


def hist_close_lines(c: Ctx, familiar: bool, latin: bool) -> tuple[list[str], str]:
    """(the close's lines, its kind: stepped / inline / short / wish / latin)."""
    r = c.rng
    if latin and c.chance(0.6):
        forms = latin_forms()
        text = r.choice(forms["short_closes"] if familiar and c.chance(0.5) else forms["closes"])
        return [x.strip() for x in text.split("\n")], "latin"
    # formal letters take the formal short closes and wishes where the language has them (Sie / du)
    formal = "" if familiar else "_formal"
    keys = {"stepped": "closes_familiar" if familiar else "closes_stepped", "inline": "closes_inline",
            "short": f"closes_short{formal}" if hstr(c, f"closes_short{formal}") else "closes_short",
            "wish": f"closes_wish{formal}" if hstr(c, f"closes_wish{formal}") else "closes_wish"}
    kinds = {"stepped": 0.25 if familiar else 0.55, "inline": 0.0 if familiar else 0.3,
             "short": 0.35 if familiar else 0.05, "wish": 0.3 if familiar else 0.1}
    usable = {k: w for k, w in kinds.items() if w > 0 and hstr(c, keys[k])}
    if not usable:
        return [c.f1(c.data.pick(r, "closings.old", "closings.formal"), c.recipient)], "stepped"
    kind = r.choices(list(usable), list(usable.values()))[0]
    lines = c.f(hchoose(c, keys[kind]), c.recipient)
    if kind == "wish" and c.chance(0.5) and hstr(c, keys["short"]):
        lines += c.f(hchoose(c, keys["short"]), c.recipient)  # "Lebe wohl! / Dein"
    return lines[:5], kind


Hand = tuple[int, list[str], str, float, tuple[str, ...]]


def manuscript(c: Ctx) -> Hand | None:
    """This letter's hand-writing habit (line width, hyphens, vowels, division rate, undivided letter
    groups), or None."""
    if not c.chance(0.35):
        return None
    hyphens = hstr(c, "hyphens") or ["-"]
    vowels = "".join(hstr(c, "vowels")) or "aeiou"
    clusters = tuple(hstr(c, "clusters"))
    return c.rng.randint(24, 50), hyphens, vowels, c.rng.choice([0.3, 0.6, 0.9]), clusters


def wrap_blocks(c: Ctx, blocks: list[Block], hand: Hand | None, label: str = "body",
                divide: bool = True) -> list[Block]:
    """Paragraphs of ``label`` as the short hard-wrapped lines of a manuscript page (first line
    indented as the letter indents paragraphs); ``divide`` False keeps words whole."""
    if hand is None:
        return blocks
    width, hyphens, vowels, rate, clusters = hand
    out: list[Block] = []
    for block in blocks:
        if block.label != label or len(block.lines) != 1:
            out.append(block)
            continue
        lines = manuscript_lines(c.rng, block.lines[0], width, hyphens, vowels, rate if divide else 0.0,
                                 clusters)
        out.append(Block(label, lines[:1], block.align, paragraph=True, indent=block.indent,
                         blank_before=block.blank_before, tight=True))
        if lines[1:]:
            out.append(Block(label, lines[1:], block.align, indent=block.indent, blank_before=False,
                             tight=True))
    return out


def hist_closing(c: Ctx, body: list[Block], familiar: bool, latin: bool,
                 hand: Hand | None) -> list[Block]:
    """Body (wrapped if the letter is a manuscript) and close; an inline close continues the last
    body sentence. Records the closing as the words of its lines."""
    r = c.rng
    lines, kind = hist_close_lines(c, familiar, latin)
    body = wrap_blocks(c, body, hand)
    close: list[str] = list(lines)
    if kind == "inline" and body:
        last = body[-1]
        last.lines[-1] = re.sub(r"[.!?;:]+$", "", last.lines[-1].rstrip()) + ","
        width = hand[0] if hand else 0
        if hand and len(last.lines[-1]) + 1 + len(close[0]) <= width + 12 and len(last.lines) > 1:
            # the formula starts on the line where the sentence's last words stand: that line is closing
            close[0] = f"{last.lines.pop()} {close[0]}"
    c.fields["closing"] = " ".join(close)
    align: Align = r.choice(["left", "right", "left"])
    base = r.choice([0, 10, 20, 30]) if align == "left" else 0
    blocks: list[Block] = []
    if len(close) > 1 and align == "left" and c.chance(0.4):
        step = r.choice([3, 4, 6])  # the staircase of a formal close
        for i, text in enumerate(close):
            blocks.append(Block("closing", [text], "left", indent=base + i * step,
                                blank_before=None if i == 0 else False))
    else:
        blocks.append(Block("closing", close, align, indent=base))
    if kind == "inline":
        blocks[0].blank_before = False
    return [*body, *blocks]


def hist_signature(c: Ctx, familiar: bool, align: Align) -> Block:
    """The name in one of the shapes of old letters; records it as printed."""
    r, who = c.rng, c.sender
    firsts = c.data.strings(f"first_names.{who.gender}")
    firsts = hstr(c, f"first_names.{who.gender}") or firsts
    given = [who.first, *r.sample(firsts, r.randint(0, 2))]
    given = list(dict.fromkeys(given))
    initials = " ".join(f"{g[:1]}." for g in given)
    shapes = {
        "full": 0.25, "initials": 0.15 if familiar else 0.08, "first": 0.3 if familiar else 0.04,
        "initials_last": 0.15, "last_stop": 0.1, "caps": 0.05, "given_all": 0.06,
    }
    shape = r.choices(list(shapes), list(shapes.values()))[0]
    name = {
        "full": who.full, "initials": f"{initials} {who.last[:1]}." if c.chance(0.6) else f"{who.first[:1]}.",
        "first": who.first, "initials_last": f"{initials} {who.last}", "last_stop": f"{who.last}.",
        "caps": who.full.upper() if c.data.has_case else who.full,
        "given_all": " ".join([*given, who.last]),
    }[shape]
    c.fields["signatories"].append(name)
    lines = [name]
    if not familiar and c.chance(0.25):
        office = hstr(c, "offices") and who.gender == "m" and c.chance(0.6)  # offices were men's
        extra = hpick(c, "offices") if office else c.data.pick(r, "places")
        lines += c.f(extra)
    block = Block("signature", lines, align, indent=r.choice([0, 20, 30, 40]) if align == "left" else 0)
    if c.chance(0.5):
        block.blank_before = False  # the name runs on under the last close line
    return block


#: share of historical letters (formal, familiar) with postscripts. Why not more: every one of them
#: stands after a name and most carry no "P.S."; at a fifth of the letters the model learnt that any
#: text after a signature is a postscript, and read a parliament's resolution below its signatories,
#: or an office footer below a name, as one
HIST_PS_SHARE = {False: 0.15, True: 0.25}


def hist_postscripts(c: Ctx, p: float, familiar: bool) -> list[Block]:
    """0-3 postscripts after the signature; many carry no "P.S." at all. Records the first."""
    if not c.chance(p):
        return []
    pool = (hstr(c, "postscripts_familiar") if familiar else []) or hstr(c, "postscripts") \
        or c.data.strings("postscripts")
    if not pool:
        return []
    n = c.rng.choices([1, 2, 3], [0.8, 0.17, 0.03])[0]
    texts = [c.f1(x) for x in pick_unique(c, pool, n)]
    c.fields["postscript"] = texts[0]
    blocks = []
    for i, text in enumerate(texts):
        labels = hstr(c, "ps_labels" if i == 0 else "pps_labels")
        if labels and c.chance(0.5 if i == 0 else 0.35):
            text = f"{c.rng.choice(labels)} {text}"
        blocks.append(Block("postscript", [text], paragraph=True, indent=c.rng.choice([0, 0, 4])))
    return blocks


def old_person(c: Ctx, gender: str) -> Person:
    """A person with a name of the period (``historical.first_names`` / ``last_names``): modern
    lists (Fatima Benali, Kevin) would mark the letter as invented to the model."""
    p = c.person(gender)
    firsts = hstr(c, f"first_names.{gender}")
    lasts = hstr(c, "last_names")
    if firsts and lasts:
        p.first, p.last, p.middle, p.vocative = c.rng.choice(firsts), c.rng.choice(lasts), "", ""
    p.title = ""  # no "Dipl.-Ing." in 1750
    if hstr(c, f"honorifics.{gender}"):
        p.honorific = c.data.pick(c.rng, f"historical.honorifics.{gender}")
    return p


def historical_letter(c: Ctx, familiar: bool) -> list[Block]:
    """A 17th-19th-century letter: old dateline at the top or after the signature, old salutation
    or none, body (maybe hard-wrapped), stepped / inline / short / wish close, a name in one of many
    shapes, unlabelled and several postscripts, the addressee at the foot."""
    r = c.rng
    c.sender = old_person(c, r.choices("mf", [0.8, 0.2])[0])  # most surviving old letters are men's
    c.recipient = old_person(c, r.choices("mf", [0.75, 0.25])[0])
    latin = c.chance(0.2 if c.date.year < 1750 else 0.07)  # the learned Latin formulas wane
    where = r.choices(["top", "end", "before_name", "after_ps"],
                      [0.5, 0.35, 0.05, 0.1] if familiar else [0.35, 0.45, 0.05, 0.15])[0]
    hand = manuscript(c)
    b: list[Block] = []
    if where == "top":
        b.append(hist_dateline(c, r.choice(["right", "right", "left"]), latin))
    b += hist_salutation(c, familiar)
    kind = "old_familiar" if familiar and c.data.has("historical.familiar") else "old"
    size = ((1, 3), (2, 5)) if kind == "old_familiar" else ((1, 6), (2, 7))  # no sentence said twice
    body = part_body(c, kind, *size, footnotes=0.0 if hand else 0.1)
    b += hist_closing(c, body, familiar, latin, hand)
    if where == "before_name":
        b.append(hist_dateline(c, "left", latin))
    b.append(hist_signature(c, familiar, r.choice(["right", "right", "left"])))
    end_date = [hist_dateline(c, r.choice(["left", "left", "right"]), latin)] if where == "end" else []
    if end_date and c.chance(0.3):
        end_date[0].blank_before = False
    b += end_date
    # postscripts hard-wrapped too, words kept whole (their recorded text is the lines joined)
    ps = hist_postscripts(c, HIST_PS_SHARE[familiar], familiar)
    ps = wrap_blocks(c, ps, hand, "postscript", divide=False)
    address = opt(c, 0.0 if familiar else 0.4, lambda: historical_foot_address(c))
    b += address + ps if c.chance(0.5) else ps + address
    if where == "after_ps":
        b.append(hist_dateline(c, r.choice(["left", "right"]), latin))
    fn = part_footnotes(c)
    return b + ([fn] if fn else [])


def t_historical_formal(c: Ctx) -> list[Block]:
    """A formal 17th-19th-century letter (conventions from the language's ``historical`` block)."""
    if not c.data.has("historical.closes_stepped"):
        return plain_historical_formal(c)
    return historical_letter(c, familiar=False)


def t_historical_familiar(c: Ctx) -> list[Block]:
    """A familiar 17th-19th-century letter to a friend or relation."""
    if not c.data.has("historical.closes_short"):
        return plain_historical_familiar(c)
    return historical_letter(c, familiar=True)


def t_email_printed(c: Ctx) -> list[Block]:
    """A printed e-mail: From/Sent/To/Cc/Subject header lines (label other), then the letter."""
    def addr(p: Person) -> str:
        local = re.sub(r"[^a-z]", "", p.first.lower()) or "info"
        host = re.sub(r"[^a-z]", "", p.last.lower()) or "mail"
        return f"{p.full} <{local}.{host}@example.org>" if c.chance(0.7) else p.full

    c.fields.update(date=c.date.isoformat(), date_text=c.date_text)
    hour = f"{c.rng.randint(7, 19):02d}:{c.rng.randint(0, 59):02d}"
    head = [f"{c.label('email_headers.from')} {addr(c.sender)}",
            f"{c.label('email_headers.date')} {c.date_text} {c.digitise(hour)}",
            f"{c.label('email_headers.to')} {addr(c.recipient)}"]
    c.fields["recipients"].append(c.recipient.full)
    if c.chance(0.3):
        names = [c.person().full for _ in range(c.rng.randint(1, 2))]
        c.fields["cc"] = names
        head.append(f"{c.label('email_headers.cc')} {'; '.join(names)}")
    if c.subject:
        c.fields["subject"] = c.subject
        head.append(f"{c.label('email_headers.subject')} {c.subject}")
    b = [Block("other", head, bold=False)]
    kind = c.rng.choice(["formal", "informal"])
    b += [part_salutation(c, kind)]
    b += part_body(c, "formal" if kind == "formal" else c.rng.choice(["formal", "personal"]), (1, 4), (1, 5))
    b += [part_closing(c, "formal" if kind == "formal" else "informal")]
    sig = part_signature(c, role=0.6, org=0.5)
    if c.chance(0.4):
        sig.lines = [*sig.lines[:3], f"{c.label('labels.phone', 'Tel.')} {c.phone()}"]
    quoted = quoted_message(c, addr) if c.chance(0.35) and c.data.has("email_headers.reply") else []
    return [*b, sig, *tail(c, enc=0.15, cc=0.0, ps=0.05), *quoted]


def quoted_message(c: Ctx, addr: Callable[[Person], str]) -> list[Block]:
    """The earlier message a reply quotes under its signature ('On 11 March 2022, Lukas Brandt
    <...> wrote:' and the recipient's own greeting, text and close, maybe each line after '> '): the
    context of the letter, ``other``, whose greeting and close are not the letter's."""
    kept = {k: (list(v) if isinstance(v, list) else v) for k, v in c.fields.items()}
    earlier = c.date - dt.timedelta(days=c.rng.randint(1, 12))
    header = c.f1(c.label("email_headers.reply"), c.recipient, date=c.format_date(earlier))
    header = header.replace(c.recipient.full, addr(c.recipient), 1)  # 'Ann Lee <ann.lee@...>' or the name
    sender, recipient = c.sender, c.recipient
    c.sender, c.recipient = recipient, sender  # the earlier message was the recipient's, to the sender
    kind = c.rng.choice(["formal", "informal"])
    blocks = [part_salutation(c, kind), *part_body(c, "formal", (1, 2), (1, 3), footnotes=0.0),
              part_closing(c, "formal" if kind == "formal" else "informal")]
    blocks.append(Block("other", [c.sender.first if c.chance(0.5) else c.sender.full]))
    c.sender, c.recipient = sender, recipient
    c.fields.clear()
    c.fields.update(kept)
    prefix = "> " if c.chance(0.4) else ""
    out = [Block("other", [header], blank_before=True)]
    for block in blocks:
        out.append(Block("other", [prefix + line for line in block.lines], paragraph=block.paragraph,
                         blank_before=block.blank_before if not prefix else False))
    return out


def t_telegram(c: Ctx) -> list[Block]:
    d = c.data
    stop = c.label("labels_extra.stop")
    b = opt(c, 0.7, lambda: Block("other", [c.label("labels_extra.telegram")], "center", bold=True))
    b += [part_dateline(c, "left")]
    b += [part_inside_address(c, max_lines=3)]
    pool = d.strings("telegram_sentences") or d.strings("body.personal")
    parts = [c.f1(x).rstrip(".") for x in pick_unique(c, pool, c.rng.randint(2, 6))]
    sep = f" {stop} " if stop else ". "
    b += [Block("body", [sep.join(parts) + (f" {stop}" if stop and c.chance(0.5) else ""), ], paragraph=True)]
    b += [part_signature(c, role=0.0, org=0.0, name_form=c.rng.choice(["full", "first"]))]
    c.caps = d.has_case
    return b


def t_typescript_caps(c: Ctx) -> list[Block]:
    """An ALL-CAPS typescript business letter."""
    b = opt(c, 0.7, lambda: part_letterhead(c, "center"))
    b += [part_dateline(c, c.rng.choice(["left", "right"]))]
    b += opt(c, 0.4, lambda: part_references(c))
    b += [part_inside_address(c)]
    b += subject_and_salutation(c, "formal", after=0.4)
    b += part_body(c, "formal", (1, 5))
    b += close_blocks(c, "formal")
    c.caps = True
    return b + tail(c)


def t_postcard(c: Ctx) -> list[Block]:
    """A postcard: short, often without salutation or close; the address on the right."""
    b = opt(c, 0.5, lambda: part_dateline(c, "left"))
    missing = c.rng.choice(["salutation", "closing", "both"])
    if missing == "closing":
        b += [part_salutation(c, c.rng.choice(["family", "informal"]))]
    b += part_body(c, "personal", (1, 2), (1, 4))
    if missing == "salutation":
        b += [part_closing(c, c.rng.choice(["family", "informal"]))]
    b += [part_signature(c, role=0.0, org=0.0, name_form="first")]
    addr = part_inside_address(c, c.rng.choice(["right", "left"]), max_lines=4)
    if addr.align == "left":
        addr.indent = 40
    b += [addr]
    return b + tail(c, enc=0.0, cc=0.0, ps=0.2)


def t_short_note(c: Ctx) -> list[Block]:
    """A short note: no salutation, one paragraph, initials."""
    b = opt(c, 0.4, lambda: Block("dateline", [c.f1("{weekday}")]) if c.data.has("weekdays") else None)
    b += part_body(c, c.rng.choice(["personal", "formal"]), (1, 2), (1, 3))
    b += [part_signature(c, role=0.0, org=0.0, name_form=c.rng.choice(["initials", "first"]))]
    return b + tail(c, enc=0.0, cc=0.0, ps=0.1)


def t_memo(c: Ctx) -> list[Block]:
    d = c.data
    b = opt(c, 0.4, lambda: part_letterhead(c, "left"))
    b += [Block("other", [c.label("labels_extra.memo_title")], c.rng.choice(["left", "center"]), bold=True,
                size=1.4)]
    to = f"{c.label('labels_extra.memo_to')} {c.recipient.full}"
    c.fields["recipients"].append(c.recipient.full)
    frm = f"{c.label('labels_extra.memo_from')} {c.sender.full}"
    b += [Block("inside_address", [to]), Block("sender_address", [frm], blank_before=False)]
    b += [Block("dateline", [part_date_labelled(c)], blank_before=False)]
    subj = part_subject(c, labelled=1.0)
    if subj:
        subj.blank_before = False
        b += [subj]
    b += opt(c, 0.3, lambda: part_cc(c))
    b += part_body(c, "formal", (1, 5), (1, 5))
    b += opt(c, 0.6, lambda: part_signature(c, role=0.0, org=0.0, name_form="initials"))
    del d
    return b + tail(c, enc=0.2, cc=0.0)


@dataclass(frozen=True)
class Template:
    """A builder with its register, period and the data it needs from a language file."""

    build: Callable[[Ctx], list[Block]]
    register: str
    period: str = "modern"
    needs: tuple[str, ...] = ()
    cased_only: bool = False
    furniture: bool = True  # may be paginated with page furniture

    def supported(self, data: LanguageData) -> bool:
        return data.has(*self.needs) and (data.has_case or not self.cased_only)


BASE_NEEDS = ("organisations", "subjects")
TEMPLATES: dict[str, Template] = {
    "us_block": Template(t_us_block, "business", needs=BASE_NEEDS),
    "uk_business": Template(t_uk_business, "business", needs=(*BASE_NEEDS, "labels.reference")),
    "din5008": Template(t_din5008, "business", needs=(*BASE_NEEDS, "labels.reference", "street_formats")),
    "continental_subject": Template(t_continental, "business", needs=(*BASE_NEEDS, "labels.subject")),
    "government": Template(t_government, "government", needs=BASE_NEEDS),
    "ministry_reply": Template(t_ministry_reply, "government", needs=(*BASE_NEEDS, "labels.reference")),
    "eu_commission_answer": Template(
        t_eu_answer, "eu", needs=("labels_extra.eu_question", "labels_extra.eu_answer")),
    "mep_letter": Template(t_mep_letter, "eu", needs=(*BASE_NEEDS, "labels_extra.mep")),
    "ep_document": Template(t_ep_document, "eu", needs=("ep_document.resolution", "ep_document.topics")),
    "note_verbale": Template(
        t_note_verbale, "diplomatic", needs=("diplomatic.opening", "diplomatic.closing")),
    "academic": Template(t_academic, "academic", needs=BASE_NEEDS),
    "legal": Template(t_legal, "legal", needs=(*BASE_NEEDS, "labels.reference")),
    "ngo_open_letter": Template(t_ngo_open_letter, "ngo", needs=BASE_NEEDS),
    "complaint": Template(t_complaint, "complaint", needs=BASE_NEEDS),
    "private_formal": Template(t_private_formal, "business", needs=BASE_NEEDS),
    "personal_family": Template(t_personal, "personal", needs=("body.personal",)),
    "love_letter": Template(t_love_letter, "love", needs=("body.personal", "closings.love")),
    "historical_formal": Template(t_historical_formal, "historical", "historical", needs=("body.old",)),
    "historical_familiar": Template(t_historical_familiar, "historical", "historical", needs=("body.old",)),
    "email_printed": Template(t_email_printed, "email", needs=("email_headers.from", "email_headers.to")),
    "telegram": Template(t_telegram, "telegram", "telegram", needs=("body.personal",), furniture=False),
    "typescript_caps": Template(
        t_typescript_caps, "business", "typescript", needs=BASE_NEEDS, cased_only=True),
    "postcard": Template(t_postcard, "postcard", needs=("body.personal",), furniture=False),
    "short_note": Template(t_short_note, "postcard", needs=("body.personal",), furniture=False),
    "memo": Template(t_memo, "memo", needs=("labels_extra.memo_title", "labels_extra.memo_to",
                                            "labels_extra.memo_from")),
}


# -- assembly ----------------------------------------------------------------------------------
def flatten(c: Ctx, blocks: list[Block]) -> list[SynthLine]:
    """Blocks to lines under one blank-line habit per letter (blocks / none / every line / some)."""
    r = c.rng
    habit = r.choices(["blocks", "none", "every", "some"], [0.62, 0.1, 0.08, 0.2])[0]
    para_indent = r.choice([3, 4, 5, 8]) if (habit == "none" and c.chance(0.7)) or c.chance(0.1) else 0
    out: list[SynthLine] = []
    for block in blocks:
        for j, text in enumerate(block.lines):
            if not text.strip():
                continue
            if not out or (block.tight and (j > 0 or block.blank_before is False)):
                blank = False
            elif habit == "every":
                blank = True
            elif j > 0:
                blank = False
            elif block.blank_before is not None:
                blank = block.blank_before and habit != "none"
            else:
                blank = {"blocks": True, "none": False, "some": c.chance(0.6)}[habit]
            indent = block.indent + (para_indent if block.paragraph and block.align == "left" else 0)
            out.append(SynthLine(text=text.strip(), label=block.label, blank_before=blank, align=block.align,
                                 bold=block.bold, size=block.size, region=block.region, indent=indent))
    return out


def height(line: SynthLine) -> int:
    """Printed lines a logical line takes at about 75 characters a line."""
    return max(1, math.ceil(len(line.text) * line.size / 75)) + (1 if line.blank_before else 0)


#: share of paginated letters whose office footer is also written into the running text (a PDF's text
#: saved page after page, as the real letters of parliaments and offices are often published)
DUMPED_SHARE = 0.5
#: share of page breaks that fall inside a long paragraph rather than between two
STRADDLE_SHARE = 0.6
#: words a paragraph needs before a page break may divide it
STRADDLE_WORDS = 14


def straddle(c: Ctx, lines: list[SynthLine], breaks: list[int]) -> tuple[list[SynthLine], list[int]]:
    """Page breaks moved into the paragraphs they fall before: the paragraph is cut between two
    words of one sentence, its first part ends the page and the rest begins the next one, as a word
    processor fills a page. Why: the model must learn that a line of page furniture (a number, a
    footer, a repeated letterhead) can stand in the middle of a sentence, and that the body goes on
    after it; the recorded truth (the paragraph) is unchanged."""
    out = list(lines)
    moved: list[int] = []
    shift = 0
    for i in breaks:
        at = i + shift
        line = out[at]
        words = line.text.split(" ")
        cuts = [k for k in range(len(words) * 3 // 10, len(words) * 8 // 10)
                if k > 0 and not words[k - 1].endswith((".", "!", "?", ":", ";"))]
        if line.label != "body" or len(words) < STRADDLE_WORDS or not cuts or not c.chance(STRADDLE_SHARE):
            moved.append(at)
            continue
        k = c.rng.choice(cuts)
        first = replace(line, text=" ".join(words[:k]))
        rest = replace(line, text=" ".join(words[k:]), blank_before=False, indent=0)
        out[at : at + 1] = [first, rest]
        moved.append(at + 1)
        shift += 1
    return out, moved


def paginate(c: Ctx, lines: list[SynthLine]) -> list[SynthLine]:
    """Page breaks for long letters, with page furniture (numbers, continuation heads, "./.")."""
    d, r = c.data, c.rng
    capacity = r.randint(12, 52)  # a large letterhead and type fill a page with a short letter
    body = [i for i, line in enumerate(lines) if line.region == "body"]
    total_h = sum(height(lines[i]) for i in body)
    if total_h <= capacity or not c.chance(0.85):
        return lines
    breaks: list[int] = []
    used = 0
    for i in body:
        h = height(lines[i])
        if used + h > capacity and used > 0 and i > body[0]:
            breaks.append(i)
            used = 0
        used += h
    if not breaks:
        return lines
    lines, breaks = straddle(c, lines, breaks)
    break_lines = {id(lines[i]) for i in breaks}
    notes = [line for line in lines if line.label == "footnote"]
    if notes and c.chance(0.6):
        # footnotes at the foot of the first page, where a word processor sets them, so that the body
        # goes on after them on the next page
        first_break = lines[breaks[0]]
        lines = [line for line in lines if line.label != "footnote"]
        at = lines.index(first_break)
        lines[at:at] = notes
        notes[0].blank_before = True
    body = [i for i, line in enumerate(lines) if line.region == "body" and line.label != "footnote"]
    pages = len(breaks) + 1
    bottom_num = d.has("labels.page") and c.chance(0.45)
    top_num = d.has("labels.page") and not bottom_num and c.chance(0.5)
    page_fmt = d.pick(r, "labels.page")
    cont_head = d.has("labels_extra.continuation") and c.chance(0.45)
    cont_fmt = d.pick(r, "labels_extra.continuation")
    cont_mark = d.has("labels_extra.continued") and c.chance(0.3)
    mark_fmt = d.pick(r, "labels_extra.continued")
    num_align: Align = r.choice(["center", "right", "left"])

    def fur(text: str, align: Align, blank: bool = False) -> SynthLine:
        return SynthLine(text=text, label="furniture", blank_before=blank, align=align, size=0.85)

    def number(n: int) -> str:
        return c.f1(page_fmt, n=c.digitise(str(n)), total=c.digitise(str(pages)))

    # a PDF's text dumped as it lies: the office footer stands again at every page break, in the
    # running text (between two halves of a paragraph, when it straddles). The letterhead is not copied
    # so: a model trained on such copies read the first page's letterhead, repeated further down, as
    # furniture too (the European Parliament letter of the public corpus)
    foot = [x.text for x in lines if x.region == "footer"][:4]
    dumped = bool(foot) and c.chance(DUMPED_SHARE)
    out: list[SynthLine] = []
    page = 1
    last_body = body[-1]
    for i, line in enumerate(lines):
        if id(line) in break_lines:
            if cont_mark:
                out.append(fur(c.f1(mark_fmt, n=c.digitise(str(page + 1))), "right", True))
            if bottom_num:
                out.append(fur(number(page), num_align, True))
            if dumped:
                out.extend(fur(t, "left", True) for t in foot)
            page += 1
            top: list[SynthLine] = []
            if cont_head:
                top.append(fur(c.f1(cont_fmt, who=c.recipient, n=c.digitise(str(page)), date=c.date_text,
                                    org=c.org), "left"))
            if top_num:
                top.append(fur(number(page), num_align))
            if top:
                top[0].page_break_before, top[0].blank_before = True, False
                out.extend(top)
            line.page_break_before = not top
            line.blank_before = bool(top) or dumped
        out.append(line)
        if i == last_body and bottom_num:
            out.append(fur(number(page), num_align, True))
    if dumped and c.chance(0.5):
        for line in out:  # the text of a PDF dumped page after page: no form feeds left
            if line.page_break_before:
                line.page_break_before, line.blank_before = False, True
    return out


def build_letter(letter_id: str, data: LanguageData, name: str, rng: Random) -> SynthLetter:
    """One letter from template ``name``: blocks, blank-line habit, pages, casing, recorded truth."""
    tpl = TEMPLATES[name]
    c = Ctx(data, rng, tpl.register, tpl.period)
    blocks = tpl.build(c)
    if data.has_case and not c.caps and c.chance(0.03):
        c.caps = True  # now and then any letter is typed in capitals
    lines = flatten(c, blocks)
    if tpl.furniture:
        lines = paginate(c, lines)
    fields = dict(c.fields)
    if c.caps:
        for line in lines:
            line.text = line.text.upper()
        fields = {k: upper(v) for k, v in fields.items()}
    fields["date"] = c.fields["date"]
    if tpl.furniture and not c.caps and c.chance(WEB_SHARE):
        lines = web_page(c, lines)
    return SynthLetter(id=letter_id, language=data.language, script=data.script, register=tpl.register,
                       template=name, lines=lines, fields=fields)


#: share of letters (of templates with page furniture) shown inside a web page's shell
WEB_SHARE = 0.07


@cache
def _web_shell() -> dict[str, list[str]]:
    text = (resources.files("letterkit.zones.synth") / "web_shell.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def web_page(c: Ctx, lines: list[SynthLine]) -> list[SynthLine]:
    """The letter as a page of a web site: navigation, breadcrumbs, a language picker and a page stamp
    above it (furniture), sometimes the site's introduction (other); footer links and a trailer below."""
    shell, r = _web_shell(), c.rng
    site = r.choice(shell["sites"])
    stamp_date = c.format_date(c.near_date())

    def fur(text: str, blank: bool = False) -> SynthLine:
        return SynthLine(text=text.replace("{site}", site).replace("{date}", stamp_date), label="furniture",
                         blank_before=blank)

    top = [fur(site)] + [fur(t, r.random() < 0.3) for t in r.sample(shell["top"], r.randint(2, 8))]
    if r.random() < 0.4:
        top += [fur(t) for t in shell["picker"]]
    top.append(fur(r.choice(shell["stamps"]), True))
    if r.random() < 0.4:
        top.append(SynthLine(text=r.choice(shell["intro"]), label="other", blank_before=True))
    bottom: list[SynthLine] = []
    if r.random() < 0.3:
        bottom.append(SynthLine(text=r.choice(shell["trailer"]), label="other", blank_before=True))
    bottom += [fur(t, r.random() < 0.5) for t in r.sample(shell["bottom"], r.randint(2, 7))]
    if r.random() < 0.5:
        bottom.append(fur(r.choice(shell["stamps"]), True))
    first = lines[0]
    first.blank_before = True
    for line in lines:
        line.page_break_before = False  # one long web page
    return top + lines + bottom


def upper(value: Any) -> Any:
    """Upper-cased truth for an ALL-CAPS letter (ISO dates untouched by the caller)."""
    if isinstance(value, str):
        return value.upper()
    if isinstance(value, list):
        return [upper(v) for v in value]
    return value


__all__ = ["TEMPLATES", "Block", "Ctx", "Person", "Template", "build_letter", "field"]
