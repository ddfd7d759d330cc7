"""TEI P5 and CMIF: the formats scholarly editions of letters use.

:func:`letter_to_tei` writes one TEI document per letter. Its vocabulary is the one the
:class:`~letterkit.model.Letter` model was named after: the header's ``correspDesc`` says who sent the
letter to whom, where and when (in the reduced form CMIF and correspSearch use), and the body keeps the
letter's shape (``opener`` with dateline, address and salutation; ``p`` per paragraph; ``closer`` with
the complimentary close and one ``signed`` per signatory; ``postscript``), with what an editor builds
on where the source has it: ``pb``, page furniture as ``fw``, ``lb``, footnotes at their markers,
``facsimile`` zones, and ``@resp``/``@cert`` on what letterkit inferred (see :func:`letter_to_tei`).
Elements appear in the order the TEI P5 content models require; the tests validate the output
against tei_all (``tests/data/schemas/tei_all.rng``).

:func:`cmif_string` writes one Correspondence Metadata Interchange Format file for many letters,
following https://github.com/TEI-Correspondence-SIG/CMIF: ``sourceDesc/bibl`` per letter (naming every
file that holds it), and one ``correspDesc`` per letter pointing at its bibl with ``@source="#id"``;
the tests validate it against the CMIF schema.

Every string goes through :func:`clean_text` first: characters that XML 1.0 forbids (control
characters, lone surrogates, U+FFFE/U+FFFF) are dropped, because one stray byte from a PDF must not
make the whole document unreadable. lxml escapes ``<``, ``&`` and quotes itself.
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from letterkit.core import __version__
from letterkit.core.results import ErrorRecord
from letterkit.export._items import Item, normalize
from letterkit.export._layout import Layout
from letterkit.model import Letter, Party

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CMIF_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CMIF_LICENCE_TEXT = "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"
#: what CMIF asks for when a correspondent is not known
UNKNOWN = "Unknown"

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Everything outside XML 1.0's Char production: C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
_NOT_NCNAME_CHAR = re.compile(r"[^\w.\-]")
_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """``value`` as a string XML 1.0 can hold: forbidden characters are removed, nothing else changes."""
    return _INVALID_XML.sub("", str(value))


def _one_line(value: object) -> str:
    """Cleaned and with runs of whitespace collapsed: for names, titles and attributes."""
    return _SPACES.sub(" ", clean_text(value)).strip()


def _q(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str | None) -> Any:
    """A TEI child element with cleaned text and attributes (attributes set to None are left out)."""
    element = etree.SubElement(parent, _q(tag))
    for key, value in attrs.items():
        if value is None:
            continue
        name = f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml_") else key
        element.set(name, _one_line(value))
    if text is not None:
        element.text = clean_text(text)
    return element


def _append_text(element: Any, text: str) -> None:
    """Add mixed-content text after the element's last child (or as its text when it has none)."""
    text = clean_text(text)
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _check_id(xml_id: str) -> str:
    if not _NCNAME.match(xml_id):
        raise ValueError(
            f"xml_id must be an XML NCName (a letter or _ first, no spaces or colons): {xml_id!r}"
        )
    return xml_id


def _party_label(party: Party) -> str | None:
    return party.name or party.organisation or party.role


def _sender_label(letter: Letter) -> str:
    names = [p.name for p in letter.signatories if p.name]
    if names:
        return " and ".join(names)
    if letter.sender:
        label = _party_label(letter.sender)
        if label:
            return label
    return "unknown sender"


def letter_title(letter: Letter) -> str:
    """``"Letter from X to Y, date"``: the conventional title of a letter in an edition."""
    recipients = [label for label in map(_party_label, letter.recipients) if label]
    to = " and ".join(recipients) if recipients else "unknown recipient"
    title = f"Letter from {_sender_label(letter)} to {to}"
    when = letter.date or letter.date_text
    return _one_line(f"{title}, {when}" if when else title)


def date_attrs(letter: Letter) -> dict[str, str | None]:
    """TEI/CMIF date attributes for the letter's date as the letter has it: ``when`` for a day, a
    month or a year (xsd:date, gYearMonth, gYear), ``notBefore``/``notAfter`` for a range, and
    ``cert`` when the reading is approximate or uncertain (``1900~``, ``1914-04-03?``)."""
    edtf = letter.date_edtf or letter.date
    if not edtf or "X" in edtf:
        return {}
    cert = None if letter.date_certainty in (None, "high") else letter.date_certainty
    bare = edtf.rstrip("~?%")
    if bare != edtf:
        cert = "low" if edtf.endswith(("?", "%")) else (cert or "medium")
    if "/" in bare:
        a, b = bare.split("/", 1)
        return {"notBefore": a.rstrip("~?%") or None, "notAfter": b.rstrip("~?%") or None, "cert": cert}
    return {"when": bare, "cert": cert}


def load_authority(path: str | Path) -> dict[str, str]:
    """An authority file: names of persons, organisations and places -> URIs (GND, VIAF, Wikidata,
    GeoNames), from JSON (``{"Marc Dubois": "https://d-nb.info/gnd/..."}``) or CSV with the columns
    ``name`` and ``uri`` (or ``ref``). Keys are matched after whitespace is collapsed."""
    import csv
    import json

    p = Path(path)
    if p.suffix.lower() == ".json":
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{p}: an authority JSON file is an object of name -> URI")
        return {_one_line(k): str(v) for k, v in data.items()}
    with p.open(encoding="utf-8-sig", newline="") as fp:
        rows = list(csv.DictReader(fp))
    out: dict[str, str] = {}
    for row in rows:
        name, uri = row.get("name"), row.get("uri") or row.get("ref")
        if name and uri:
            out[_one_line(name)] = uri.strip()
    return out


def _ref(authority: dict[str, str] | None, name: str) -> str | None:
    return authority.get(_one_line(name)) if authority else None


# --- correspDesc --------------------------------------------------------------------------------------


def _sent_names(letter: Letter) -> tuple[list[str], str | None]:
    """Person names and the organisation that sent the letter (the signatories, else the sender)."""
    persons = [p.name for p in letter.signatories if p.name]
    if not persons and letter.sender and letter.sender.name:
        persons = [letter.sender.name]
    organisation = letter.sender.organisation if letter.sender else None
    if not organisation and letter.letterhead:
        organisation = letter.letterhead.organisation
    return persons, organisation


def _corresp_desc(
    parent: Any, letter: Letter, *, cmif: bool, authority: dict[str, str] | None = None, **attrs: str | None
) -> Any:
    """A ``correspDesc`` with ``correspAction`` type="sent" and type="received".

    Both actions are always written: CMIF requires them, and an action with nothing known gets
    ``persName`` "Unknown" (CMIF's convention) because TEI does not allow an empty ``correspAction``.
    In CMIF mode the date is an empty ``date/@when`` and only ISO dates are kept, as CMIF asks.
    """
    desc = _el(parent, "correspDesc", **attrs)
    sent = _el(desc, "correspAction", type="sent")
    persons, organisation = _sent_names(letter)
    if organisation and letter.closing and _one_line(organisation).casefold() == _one_line(
        letter.closing
    ).casefold():
        organisation = None  # a complimentary close read as an organisation is no correspondent
    for name in persons:
        _el(sent, "persName", name, ref=_ref(authority, name))
    if organisation:
        _el(sent, "orgName", organisation, ref=_ref(authority, organisation))
    if not persons and not organisation:
        _el(sent, "persName", UNKNOWN)
    if letter.place:
        _el(sent, "placeName", letter.place, ref=_ref(authority, letter.place))
    when = date_attrs(letter)
    if when:
        _el(sent, "date", None if cmif else (letter.date_text or letter.date), **when)
    elif letter.date_text and not cmif:
        _el(sent, "date", letter.date_text)

    received = _el(desc, "correspAction", type="received")
    for party in letter.recipients:
        if party.name:
            _el(received, "persName", party.name, ref=_ref(authority, party.name))
        elif party.organisation:
            _el(received, "orgName", party.organisation, ref=_ref(authority, party.organisation))
    if len(received) == 0:
        _el(received, "persName", UNKNOWN)
    return desc


# --- one letter ---------------------------------------------------------------------------------------

#: where tei_all is published: the ``<?xml-model?>`` line of every letter names it, so an editor's XML
#: editor validates the file as it opens it
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
#: the CMIF schema in the CMIF repository, named by the ``<?xml-model?>`` line of a CMIF file
CMIF_SCHEMA_URL = "https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/cmi-customization.rng"
RELAXNG_NS = "http://relaxng.org/ns/structure/1.0"
#: ``@resp`` of what letterkit inferred: the ``application`` in ``encodingDesc/appInfo``
APP_ID = "letterkit"
#: ``Letter.confidence`` -> TEI's ``@cert`` words (data.certainty): at least 0.9 is high, at least 0.6
#: medium, below that low; the bounds are written into ``appInfo`` so a reader of the file knows them
CERT_BOUNDS: tuple[tuple[float, str], ...] = ((0.9, "high"), (0.6, "medium"))
_VERSION = re.compile(r"\d+[a-z]*\d*(?:\.\d+[a-z]*\d*){0,3}")


def _xml_model(href: str) -> str:
    return f'<?xml-model href="{href}" type="application/xml" schematypens="{RELAXNG_NS}"?>\n'


def cert_word(probability: float) -> str:
    """``@cert`` for a probability from ``Letter.confidence``.

    >>> cert_word(0.97), cert_word(0.7), cert_word(0.2)
    ('high', 'medium', 'low')
    """
    for bound, word in CERT_BOUNDS:
        if probability >= bound:
            return word
    return "low"


def _app_info(header: Any) -> None:
    """``encodingDesc/appInfo/application``: which letterkit wrote the file and what its marks mean."""
    m = _VERSION.match(__version__)
    app = _el(
        _el(_el(header, "encodingDesc"), "appInfo"),
        "application",
        ident="letterkit",
        version=m.group() if m else "0",
        xml_id=APP_ID,
    )
    _el(app, "label", "letterkit")
    bounds = ", ".join(f"{word} from {bound}" for bound, word in CERT_BOUNDS)
    _el(
        app,
        "desc",
        f"letterkit {__version__} recognised the structure of this letter automatically. Elements with "
        f'resp="#{APP_ID}" are its reading; their cert is the probability the zone model gave the lines '
        f"they came from ({bounds}, low below), and facs points at those lines' boxes on the page.",
    )


def _header(root: Any, letter: Letter) -> None:
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", letter_title(letter))
    _el(
        _el(file_desc, "publicationStmt"),
        "p",
        f"Converted by letterkit {__version__}; not published. The structure was recognised "
        "automatically and may contain errors.",
    )
    source = letter.source
    p = _el(_el(file_desc, "sourceDesc"), "p", "Read from ")
    if source.filename:
        _el(p, "name", source.filename, type="file")
    else:
        _append_text(p, "an unnamed input")
    details = [f"format {source.format}", f"letterkit reader {source.reader}"]
    if source.pages is not None:
        details.append(f"{source.pages} page{'s' if source.pages != 1 else ''}")
    if source.ocr:
        details.append("text recognised by OCR")
    _append_text(p, f" ({'; '.join(details)}; SHA-256 ")
    _el(p, "idno", source.sha256, type="sha256")
    _append_text(p, ").")

    _app_info(header)
    profile = _el(header, "profileDesc")
    _corresp_desc(profile, letter, cmif=False)
    if letter.language:
        _el(_el(profile, "langUsage"), "language", letter.language, ident=letter.language)


def _address_lines(party: Party) -> list[str]:
    name = " ".join(bit for bit in (party.honorific, party.name) if bit)
    lines = [name, party.role or "", party.organisation or "", *party.address]
    return [line for line in (_one_line(x) for x in lines) if line]


class _LetterWriter:
    """Writes one letter's ``text`` (and ``facsimile``): the fields in TEI's order, each element that
    letterkit inferred marked with ``@resp``, ``@cert`` and ``@facs``, page breaks, furniture and
    footnote anchors where the source had them (positions from :class:`~letterkit.export._layout.Layout`)."""

    def __init__(self, letter: Letter) -> None:
        self.letter = letter
        self.layout = Layout(letter)
        #: page -> {line index: box}: the zones ``@facs`` points at
        self.zones: dict[int, dict[int, tuple[float, float, float, float]]] = {}
        #: (element, provenance key): the parts of the div in output order, for placing page breaks
        self.units: list[tuple[Any, str]] = []
        self.placed_pages: set[int] = set()
        self.paged = self.layout.pages > 1 or self.layout.has_boxes

    # --- marks on inferred elements ---------------------------------------------------------------

    def inferred(self, key: str) -> dict[str, str | None]:
        """``resp``, ``cert`` and ``facs`` for the element holding field ``key``."""
        spans = self.layout.spans(key)
        probability = self.letter.confidence.get(key)
        if probability is None and not spans:
            return {}
        facs = []
        for span in spans:
            if span.bbox is not None:
                self.zones.setdefault(span.page, {})[span.line] = span.bbox
                facs.append(f"#z{span.page}-{span.line}")
        return {
            "resp": f"#{APP_ID}",
            "cert": cert_word(probability) if probability is not None else None,
            "facs": " ".join(dict.fromkeys(facs)) or None,
        }

    def unit(self, element: Any, key: str) -> Any:
        self.units.append((element, key))
        return element

    def part(self, parent: Any, tag: str, key: str, text: str | None = None, **attrs: str | None) -> Any:
        """A part of the letter that holds field ``key``: marked as inferred, and a unit."""
        return self.unit(_el(parent, tag, text, **{**self.inferred(key), **attrs}), key)

    def lined(self, parent: Any, tag: str, value: str, key: str, **attrs: str | None) -> Any:
        """An element with ``value``, with ``lb`` where the source broke its lines (a greeting or a
        close over two lines): only when the lines, joined by spaces, are exactly the value."""
        element = _el(parent, tag, **{**self.inferred(key), **attrs})
        lines = self.layout.source_lines(key)
        if len(lines) > 1 and " ".join(lines) == _one_line(value):
            for i, line in enumerate(lines):
                if i:
                    _el(element, "lb")
                _append_text(element, line)
        else:
            _append_text(element, value)
        return element

    # --- page furniture and breaks ----------------------------------------------------------------

    def furniture(self, parent: Any, page: int | None, place: str | None) -> None:
        for item in self.layout.furniture:
            if item.page == page and item.place == place:
                _el(parent, "fw", item.text, type=item.kind, place=item.place)

    def page_break(self, parent: Any, page: int) -> None:
        """The furniture at the foot of the page before, ``pb``, and the new page's head."""
        self.placed_pages.add(page)
        self.furniture(parent, page - 1, "bottom")
        surface = f"#page{page}" if self.layout.has_boxes else None
        _el(parent, "pb", n=str(page), facs=surface)
        self.furniture(parent, page, "top")

    def place_page_breaks(self, div: Any) -> None:
        """A ``pb`` (with the furniture around it) before the first part that begins on its page, for
        the page breaks no paragraph held; the rest of the furniture at the end."""
        for page in range(2, self.layout.pages + 1):
            if page in self.placed_pages:
                continue
            target = next(
                (el for el, key in self.units if (self.layout.first_page(key) or 0) >= page), None
            )
            if target is None:
                self.page_break(div, page)
                continue
            holder = etree.Element(_q("ab"))  # a scratch parent: its children go before the target
            self.page_break(holder, page)
            for child in list(holder):
                target.addprevious(child)
        self.furniture(div, self.layout.pages, "bottom")
        self.furniture(div, None, None)

    # --- the parts of the letter ------------------------------------------------------------------

    def dateline(self, parent: Any) -> None:
        letter = self.letter
        dateline = self.unit(_el(parent, "dateline"), "date" if letter.date or letter.date_text else "place")
        if letter.place:
            _el(dateline, "placeName", letter.place, **self.inferred("place"))
        if letter.date or letter.date_text:
            if letter.place:
                _append_text(dateline, ", ")
            attrs = {**self.inferred("date"), **{k: v for k, v in date_attrs(letter).items() if v}}
            _el(dateline, "date", letter.date_text or letter.date, **attrs)

    def date_at_foot(self) -> bool:
        """A dateline below the body (and the close) belongs to the closer, where the letter has it."""
        line = self.layout.first_line("date") if self.letter.date or self.letter.date_text else None
        if line is None:
            line = self.layout.first_line("place")
        ends = [self.layout.last_line(f"body.{k}") for k in range(len(self.letter.body))]
        body_end = max((end for end in ends if end is not None), default=-1)
        return line is not None and body_end >= 0 and line > body_end

    def opener(self, div: Any, foot_date: bool) -> None:
        letter = self.letter
        opener = _el(div, "opener")
        if (letter.place or letter.date or letter.date_text) and not foot_date:
            self.dateline(opener)
        if letter.reference:
            self.part(opener, "seg", "reference", letter.reference, type="reference")
        for i, party in enumerate(letter.recipients):
            lines = _address_lines(party)
            if lines:
                address = self.part(opener, "address", f"recipients.{i}")
                for line in lines:
                    _el(address, "addrLine", line)
        if letter.subject:
            self.part(opener, "seg", "subject", letter.subject, type="subject")
        if letter.salutation:
            self.unit(self.lined(opener, "salute", letter.salutation, "salutation"), "salutation")
        if len(opener) == 0:
            div.remove(opener)

    def paragraph(self, div: Any, k: int, text: str) -> None:
        p = self.part(div, "p", f"body.{k}")
        for segment in self.layout.paragraph(k) if k >= 0 else [text]:
            if isinstance(segment, str):
                _append_text(p, segment)
            elif segment.kind == "page":
                self.page_break(p, segment.value)
            else:
                self.footnote(p, segment.value)

    def footnote(self, parent: Any, index: int) -> Any:
        number = self.layout.footnote_number(index) or str(index + 1)
        return _el(
            parent,
            "note",
            self.letter.footnotes[index],
            place="foot",
            n=number,
            xml_id=f"fn{index + 1}",
            **self.inferred(f"footnotes.{index}"),
        )

    def signed(self, closer: Any, party: Party, key: str) -> None:
        """One ``signed``: name, role, organisation, with ``lb`` where they stood on separate lines."""
        signed = self.part(closer, "signed", key)
        parts: list[tuple[str, str]] = []
        if party.name:
            parts.append(("persName", " ".join(b for b in (party.honorific, party.name) if b)))
        if party.role:
            parts.append(("roleName", party.role))
        if party.organisation:
            parts.append(("orgName", party.organisation))
        lines = [line.casefold() for line in self.layout.source_lines(key)]

        def line_of(text: str) -> int | None:
            folded = _one_line(text).casefold()
            return next((j for j, line in enumerate(lines) if folded in line), None)

        previous: int | None = None
        for i, (tag, text) in enumerate(parts):
            line = line_of(text) if tag != "persName" else line_of(party.name or text)
            if i:
                if line is not None and previous is not None and line > previous:
                    _el(signed, "lb")
                else:
                    _append_text(signed, ", ")
            _el(signed, tag, text)
            previous = line if line is not None else previous

    def closer(self, div: Any, foot_date: bool) -> None:
        letter = self.letter
        closer = _el(div, "closer")
        if letter.closing:
            self.unit(self.lined(closer, "salute", letter.closing, "closing"), "closing")
        for i, party in enumerate(letter.signatories):
            if not party.is_empty():
                self.signed(closer, party, f"signatories.{i}")
        if letter.cc:
            note = self.part(closer, "note", "cc.0", "cc: ", type="cc")
            for i, party in enumerate(letter.cc):
                if i:
                    _append_text(note, "; ")
                if party.name:
                    _el(note, "persName", " ".join(b for b in (party.honorific, party.name) if b))
                    if party.role or party.organisation:
                        _append_text(note, ", ")
                if party.role:
                    _el(note, "roleName", party.role)
                    if party.organisation:
                        _append_text(note, ", ")
                if party.organisation:
                    _el(note, "orgName", party.organisation)
        if letter.enclosures:
            note = self.part(closer, "note", "enclosures", type="enclosures")
            items = _el(note, "list")
            for enclosure in letter.enclosures:
                _el(items, "item", enclosure)
        if foot_date:
            self.dateline(closer)
            self.move_by_line(closer, closer[-1], "date" if letter.date or letter.date_text else "place")
        if len(closer) == 0:
            div.remove(closer)

    def move_by_line(self, parent: Any, element: Any, key: str) -> None:
        """Put ``element`` among its siblings where its line stood (a dateline between the close and
        the signature, or under the signature)."""
        line = self.layout.first_line(key)
        if line is None:
            return
        keys = {id(el): k for el, k in self.units}
        for sibling in parent:
            if sibling is element:
                return
            sibling_line = self.layout.first_line(keys.get(id(sibling), ""))
            if sibling_line is not None and sibling_line > line:
                sibling.addprevious(element)
                return

    def facsimile(self, root: Any, text: Any) -> None:
        """``facsimile``: one ``surface`` per page (with the scan or PDF page as its ``graphic``) and a
        ``zone`` per line box that a field came from, before ``text`` as TEI wants it."""
        if not self.layout.has_boxes:
            return
        facsimile = etree.Element(_q("facsimile"))
        filename = self.letter.source.filename
        for page in range(1, self.layout.pages + 1):
            surface = _el(facsimile, "surface", n=str(page), xml_id=f"page{page}")
            if filename:
                url = quote(filename)
                if self.letter.source.format == "pdf" or self.layout.pages > 1:
                    url += f"#page={page}"
                _el(surface, "graphic", url=url)
            for line, (x0, top, x1, bottom) in sorted(self.zones.get(page, {}).items()):
                _el(
                    surface,
                    "zone",
                    xml_id=f"z{page}-{line}",
                    ulx=f"{x0:g}",
                    uly=f"{top:g}",
                    lrx=f"{x1:g}",
                    lry=f"{bottom:g}",
                )
        text.addprevious(facsimile)

    def write(self, root: Any) -> None:
        letter = self.letter
        text = _el(root, "text")
        div = _el(_el(text, "body"), "div", type="letter")
        if self.paged:
            self.placed_pages.add(1)
            surface = "#page1" if self.layout.has_boxes else None
            _el(div, "pb", n="1", facs=surface)
        self.furniture(div, 1, "top")
        if letter.letterhead and letter.letterhead.lines:
            # fw: "forme work", TEI's element for printed matter around the text, such as a letterhead.
            fw = self.part(div, "fw", "letterhead", type="letterhead", place="top")
            for i, line in enumerate(letter.letterhead.lines):
                if i:
                    _el(fw, "lb")
                _append_text(fw, line)
        foot_date = self.date_at_foot()
        self.opener(div, foot_date)
        paragraphs = [(k, p) for k, p in enumerate(letter.body) if clean_text(p).strip()] or [(-1, "")]
        for k, paragraph in paragraphs:
            self.paragraph(div, k, paragraph)
        self.closer(div, foot_date)
        if letter.postscript:
            ps = self.part(div, "postscript", "postscript")
            _el(ps, "p", letter.postscript)
        if self.paged:
            self.place_page_breaks(div)
        else:
            self.furniture(div, 1, "bottom")
            self.furniture(div, None, None)
        rest = [i for i in range(len(letter.footnotes)) if i not in self.layout.used_notes]
        if rest:
            notes = _el(_el(text, "back"), "div", type="notes")
            for index in rest:
                self.footnote(notes, index)
        self.facsimile(root, text)


def letter_to_tei(letter: Letter, xml_id: str | None = None) -> Any:
    """The TEI P5 document for one letter, as an ``lxml.etree._Element`` (the ``TEI`` root).

    ``xml_id`` (an XML NCName) goes on the root so that letters can be collected in a ``teiCorpus``.
    Fields the letter does not have are left out rather than written empty; the body always has at
    least one ``p`` because the TEI content model of ``div`` needs one before a ``closer``.

    What an editor builds on, where the source has it: ``pb n`` at each page, page furniture as
    ``fw type="header|footer|pageNum" place="top|bottom"`` around the page breaks, ``lb`` where a
    greeting, close or signature block broke its lines, a footnote as ``note place="foot"`` at its
    reference marker (notes whose marker was not found go to ``back``), a dateline at the foot in the
    ``closer``, ``xml:lang``, ``@resp``/``@cert`` on what letterkit inferred, and for scans and PDFs a
    ``facsimile`` with a ``zone`` per line box, pointed at by ``@facs``.

    >>> from letterkit import read_letter
    >>> text = (b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...         b"Yours sincerely,\\n\\nMarc Dubois")
    >>> tei = letter_to_tei(read_letter(text))
    >>> [el.tag.split("}")[1] for el in tei.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body/{{{TEI_NS}}}div")]
    ['opener', 'p', 'closer']
    """
    root = etree.Element(_q("TEI"), nsmap={None: TEI_NS})
    if xml_id is not None:
        root.set(f"{{{XML_NS}}}id", _check_id(xml_id))
    if letter.language:
        root.set(f"{{{XML_NS}}}lang", _one_line(letter.language))
    _header(root, letter)
    _LetterWriter(letter).write(root)
    return root


def _serialize(root: Any, schema_url: str) -> str:
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return _XML_DECLARATION + _xml_model(schema_url) + body


def tei_string(letter: Letter, xml_id: str | None = None) -> str:
    """:func:`letter_to_tei` serialised, with an XML declaration and the ``<?xml-model?>`` line naming
    tei_all (write it out as UTF-8).

    >>> from letterkit import read_letter
    >>> text = (b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...         b"Yours sincerely,\\n\\nMarc Dubois")
    >>> xml = tei_string(read_letter(text))
    >>> print(xml.splitlines()[1][:40])
    <?xml-model href="https://www.tei-c.org/
    >>> print(xml[xml.index("<salute"):xml.index("</salute>") + 9])
    <salute resp="#letterkit" cert="high">Dear Ms Berg,</salute>
    """
    return _serialize(letter_to_tei(letter, xml_id=xml_id), TEI_ALL_URL)


# --- CMIF ---


def _cmif_note(desc: Any, letter: Letter, bibl_id: str, tei_url: str | None) -> None:
    """CMIF v2's ``note`` in ``correspDesc``: the letter's language and where its TEI is."""
    if not letter.language and not tei_url:
        return
    note = _el(desc, "note")
    if letter.language:
        _el(note, "ref", letter.language, type="cmif:hasLanguage", target=f"#{letter.language}")
    if tei_url:
        target = f"{tei_url.rstrip('/')}/{bibl_id}.xml"
        _el(note, "ref", "TEI", type="cmif:isAvailableAsTEIfile", target=target)


_LETTER_NS = uuid.UUID("6f1c8a52-3b0e-5d6f-9a41-2c7e8b9d0f13")


def text_key(letter: Letter) -> str:
    """The letter's words, case- and space-insensitive: the same letter read from txt, DOCX and PDF
    has the same key although line breaks, hyphens and page furniture differ slightly."""
    return re.sub(r"\W+", "", " ".join(letter.body).casefold()) or re.sub(r"\W+", "", letter.text.casefold())


def _bibl_id(letter: Letter) -> str:
    """A stable UUID xml:id for the letter (UUID 5 of its text key and its recipients' names: the same
    letter, the same id; a circular to other recipients, another); the ``b-`` prefix because an XML id
    may not start with a digit."""
    names = "\n".join(sorted(_recipient_names(letter)))
    key = text_key(letter) + ("\n" + names if names else "")
    return "b-" + str(uuid.uuid5(_LETTER_NS, key))


#: share of word triples two readings of one letter have in common (Jaccard), at least: the same
#: letter as txt, DOCX, PDF and a scan differs by a hyphen, an OCR slip or a line the reader took
#: for furniture, two different letters by far more
SAME_LETTER = 0.9
_SAMPLE = 4  # one word triple in four (by its CRC) indexes a letter, to find candidates quickly


def _triples(letter: Letter) -> set[int]:
    words = re.findall(r"\w+", " ".join(letter.body).casefold()) or re.findall(r"\w+", letter.text.casefold())
    return {zlib.crc32(" ".join(words[i : i + 3]).encode()) for i in range(max(1, len(words) - 2))}


def _recipient_names(letter: Letter) -> set[str]:
    return {_one_line(p.name).casefold() for p in letter.recipients if p.name}


class _SameLetters:
    """Finds the letter a new reading repeats: the same text read from several files (txt, DOCX, PDF,
    a scan) is one letter although the readings differ slightly (:data:`SAME_LETTER`). Letters with
    the same text to different named recipients (a circular) stay different letters. Candidates come
    from an index of sampled word triples, so a large corpus is not compared pair by pair."""

    def __init__(self) -> None:
        self.index: dict[int, list[int]] = {}
        self.entries: list[tuple[set[int], set[str], Any]] = []

    def find(self, letter: Letter) -> tuple[Any, set[int], set[str]]:
        triples, names = _triples(letter), _recipient_names(letter)
        sample = [t for t in triples if t % _SAMPLE == 0] or list(triples)
        hits: dict[int, int] = {}
        for t in sample:
            for entry in self.index.get(t, ()):
                hits[entry] = hits.get(entry, 0) + 1
        for entry, count in sorted(hits.items(), key=lambda kv: -kv[1]):
            if count * 2 < len(sample):
                break
            other, other_names, value = self.entries[entry]
            if names and other_names and not names & other_names:
                continue
            if len(triples & other) >= SAME_LETTER * len(triples | other):
                return value, triples, names
        return None, triples, names

    def add(self, triples: set[int], names: set[str], value: Any) -> None:
        entry = len(self.entries)
        self.entries.append((triples, names, value))
        for t in [t for t in triples if t % _SAMPLE == 0] or list(triples):
            self.index.setdefault(t, []).append(entry)


def _letter_url(label: str | None, letter: Letter) -> str | None:
    extra = letter.source.model_extra or {}
    url = extra.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return url
    if label and label.startswith(("http://", "https://")):
        return label
    return None


def cmif_string(
    letters: Iterable[Item],
    title: str,
    editor: str,
    publisher_url: str,
    *,
    editor_email: str | None = None,
    publisher: str | None = None,
    file_url: str | None = None,
    when: _dt.datetime | None = None,
    authority: dict[str, str] | None = None,
    tei_url: str | None = None,
) -> str:
    """One CMIF file (a TEI document) describing ``letters``, for correspSearch and similar services.

    ``letters`` takes the same items as the other exporters; error records are skipped (there is no
    letter to describe). Each distinct source file gets one ``sourceDesc/bibl type="online"`` with an
    ``xml:id`` derived from its SHA-256, and each letter one ``correspDesc source="#that-id"`` (plus
    ``@ref`` when the letter's input is a URL). A letter held by several files (the same text as
    txt, DOCX and PDF) gets one ``correspDesc`` and one ``bibl`` naming every file; ``bibl/@xml:id``
    is a UUID of the letter's text. ``authority`` (see :func:`load_authority`) fills ``@ref`` of
    persons, organisations and places; ``tei_url`` (a base URL) links each letter's TEI in a CMIF v2
    ``note``, beside the letter's language. ``publisher`` names the publisher (the CC BY
    attribution; by default the URL), ``file_url`` is where this file will be published (CMIF's
    mandatory ``idno type="url"``; by default ``publisher_url``), ``when`` the timestamp of the file
    (default: now, UTC). The licence is CC BY 4.0, which CMIF makes mandatory.

    >>> from letterkit import read_letter
    >>> letter = read_letter(b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...                      b"Yours sincerely,\\n\\nMarc Dubois")
    >>> xml = cmif_string([("dubois-berg.txt", letter)], title="Letters of Marc Dubois",
    ...                   editor="Anna Berg", publisher_url="https://example.org/letters")
    >>> print(xml[xml.index('<correspAction type="sent">'):xml.index("</correspAction>") + 17])
    <correspAction type="sent">
      <persName>Marc Dubois</persName>
      <placeName>Paris</placeName>
      <date when="2006-07-03"/>
    </correspAction>
    """
    root = etree.Element(_q("TEI"), nsmap={None: TEI_NS})
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", _one_line(title))
    editor_el = _el(title_stmt, "editor", _one_line(editor))
    if editor_email:
        _append_text(editor_el, " ")
        _el(editor_el, "email", _one_line(editor_email))
    publication = _el(file_desc, "publicationStmt")
    _el(_el(publication, "publisher"), "ref", _one_line(publisher or publisher_url), target=publisher_url)
    _el(publication, "idno", _one_line(file_url or publisher_url), type="url")
    stamp = when or _dt.datetime.now(_dt.timezone.utc)
    _el(publication, "date", when=stamp.replace(microsecond=0).isoformat())
    _el(_el(publication, "availability"), "licence", CMIF_LICENCE_TEXT, target=CMIF_LICENCE_URL)
    source_desc = _el(file_desc, "sourceDesc")
    profile = _el(header, "profileDesc")

    seen: dict[str, Any] = {}
    same = _SameLetters()
    for item in letters:
        label, value = normalize(item)
        if isinstance(value, ErrorRecord):
            continue
        bibl_id = _bibl_id(value)
        source = value.source
        name = _one_line(source.filename or label or "unnamed input")
        bibl, triples, names = (seen[bibl_id], set(), set()) if bibl_id in seen else same.find(value)
        if bibl is not None:
            _append_text(bibl, f"; {name} ({source.format})")
            continue
        bibl = _el(source_desc, "bibl", type="online", xml_id=bibl_id)
        _append_text(bibl, f"Read by letterkit from {name} ({source.format})")
        seen[bibl_id] = bibl
        same.add(triples, names, bibl)
        ref = _letter_url(label, value)
        desc = _corresp_desc(profile, value, cmif=True, authority=authority, ref=ref, source=f"#{bibl_id}")
        _cmif_note(desc, value, bibl_id, tei_url)
    if not seen:
        # sourceDesc needs content even for an empty index.
        _el(source_desc, "bibl", "No letters.", type="online")
    _el(_el(_el(root, "text"), "body"), "p")
    return _serialize(root, CMIF_SCHEMA_URL)
