"""TEI P5 and CMIF: the formats scholarly editions of letters use.

:func:`letter_to_tei` writes one TEI document per letter. Its vocabulary is the one the
:class:`~letterkit.model.Letter` model was named after: the header's ``correspDesc`` says who sent the
letter to whom, where and when (in the reduced form CMIF and correspSearch use), and the body keeps the
letter's shape (``opener`` with dateline, address and salutation; ``p`` per paragraph; ``closer`` with
the complimentary close and one ``signed`` per signatory; ``postscript``; footnotes in ``back``).
Elements appear in the order the TEI P5 content models require, so the output validates against
tei_all as well as against the subset schema in ``tests/data/tei_letter.rng``.

:func:`cmif_string` writes one Correspondence Metadata Interchange Format file for many letters,
following https://github.com/TEI-Correspondence-SIG/CMIF: ``sourceDesc/bibl`` per source file, and one
``correspDesc`` per letter pointing at its bibl with ``@source="#id"``.

Every string goes through :func:`clean_text` first: characters that XML 1.0 forbids (control
characters, lone surrogates, U+FFFE/U+FFFF) are dropped, because one stray byte from a PDF must not
make the whole document unreadable. lxml escapes ``<``, ``&`` and quotes itself.
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from letterkit.batch import ErrorRecord
from letterkit.export._items import Item, normalize
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


def _header(root: Any, letter: Letter) -> None:
    from letterkit import __version__

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

    profile = _el(header, "profileDesc")
    _corresp_desc(profile, letter, cmif=False)
    if letter.language:
        _el(_el(profile, "langUsage"), "language", letter.language, ident=letter.language)


def _address_lines(party: Party) -> list[str]:
    name = " ".join(bit for bit in (party.honorific, party.name) if bit)
    lines = [name, party.role or "", party.organisation or "", *party.address]
    return [line for line in (_one_line(x) for x in lines) if line]


def _opener(div: Any, letter: Letter) -> None:
    opener = _el(div, "opener")
    if letter.place or letter.date or letter.date_text:
        dateline = _el(opener, "dateline")
        if letter.place:
            _el(dateline, "placeName", letter.place)
        if letter.date or letter.date_text:
            if letter.place:
                _append_text(dateline, ", ")
            _el(dateline, "date", letter.date_text or letter.date, **date_attrs(letter))
    if letter.reference:
        _el(opener, "seg", letter.reference, type="reference")
    for party in letter.recipients:
        lines = _address_lines(party)
        if lines:
            address = _el(opener, "address")
            for line in lines:
                _el(address, "addrLine", line)
    if letter.subject:
        _el(opener, "seg", letter.subject, type="subject")
    if letter.salutation:
        _el(opener, "salute", letter.salutation)
    if len(opener) == 0:
        div.remove(opener)


def _signed(closer: Any, party: Party) -> None:
    signed = _el(closer, "signed")
    parts: list[tuple[str, str]] = []
    if party.name:
        parts.append(("persName", " ".join(b for b in (party.honorific, party.name) if b)))
    if party.role:
        parts.append(("roleName", party.role))
    if party.organisation:
        parts.append(("orgName", party.organisation))
    for i, (tag, text) in enumerate(parts):
        if i:
            _append_text(signed, ", ")
        _el(signed, tag, text)


def _closer(div: Any, letter: Letter) -> None:
    closer = _el(div, "closer")
    if letter.closing:
        _el(closer, "salute", letter.closing)
    for party in letter.signatories:
        if not party.is_empty():
            _signed(closer, party)
    if letter.cc:
        note = _el(closer, "note", "cc: ", type="cc")
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
        note = _el(closer, "note", type="enclosures")
        items = _el(note, "list")
        for enclosure in letter.enclosures:
            _el(items, "item", enclosure)
    if len(closer) == 0:
        div.remove(closer)


def letter_to_tei(letter: Letter, xml_id: str | None = None) -> Any:
    """The TEI P5 document for one letter, as an ``lxml.etree._Element`` (the ``TEI`` root).

    ``xml_id`` (an XML NCName) goes on the root so that letters can be collected in a ``teiCorpus``.
    Fields the letter does not have are left out rather than written empty; the body always has at
    least one ``p`` because the TEI content model of ``div`` needs one before a ``closer``.

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
    _header(root, letter)

    text = _el(root, "text")
    div = _el(_el(text, "body"), "div", type="letter")
    if letter.letterhead and letter.letterhead.lines:
        # fw: "forme work", TEI's element for printed matter around the text, such as a letterhead.
        fw = _el(div, "fw", type="letterhead")
        for i, line in enumerate(letter.letterhead.lines):
            if i:
                _el(fw, "lb")
            _append_text(fw, line)
    _opener(div, letter)
    paragraphs = [p for p in letter.body if clean_text(p).strip()] or [""]
    for paragraph in paragraphs:
        _el(div, "p", paragraph)
    _closer(div, letter)
    if letter.postscript:
        _el(_el(div, "postscript"), "p", letter.postscript)

    if letter.footnotes:
        notes = _el(_el(text, "back"), "div", type="notes")
        for n, footnote in enumerate(letter.footnotes, start=1):
            _el(notes, "note", footnote, place="foot", n=str(n))
    return root


def _serialize(root: Any) -> str:
    return _XML_DECLARATION + etree.tostring(root, encoding="unicode", pretty_print=True)


def tei_string(letter: Letter, xml_id: str | None = None) -> str:
    """:func:`letter_to_tei` serialised, with an XML declaration (write it out as UTF-8).

    >>> from letterkit import read_letter
    >>> text = (b"Paris, 3 July 2006\\n\\nDear Ms Berg,\\n\\nThank you for your letter.\\n\\n"
    ...         b"Yours sincerely,\\n\\nMarc Dubois")
    >>> xml = tei_string(read_letter(text))
    >>> print(xml[xml.index("<opener>"):xml.index("</opener>") + 9])
    <opener>
      <dateline><placeName>Paris</placeName>, <date when="2006-07-03">3 July 2006</date></dateline>
      <salute>Dear Ms Berg,</salute>
    </opener>
    """
    return _serialize(letter_to_tei(letter, xml_id=xml_id))


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
    """A stable UUID xml:id for the letter (UUID 5 of its text key: the same letter, the same id);
    the ``b-`` prefix because an XML id may not start with a digit."""
    return "b-" + str(uuid.uuid5(_LETTER_NS, text_key(letter)))


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
    for item in letters:
        label, value = normalize(item)
        if isinstance(value, ErrorRecord):
            continue
        bibl_id = _bibl_id(value)
        source = value.source
        name = _one_line(source.filename or label or "unnamed input")
        if bibl_id in seen:
            bibl = seen[bibl_id]
            _append_text(bibl, f"; {name} ({source.format})")
            continue
        bibl = _el(source_desc, "bibl", type="online", xml_id=bibl_id)
        _append_text(bibl, f"Read by letterkit from {name} ({source.format})")
        seen[bibl_id] = bibl
        ref = _letter_url(label, value)
        desc = _corresp_desc(profile, value, cmif=True, authority=authority, ref=ref, source=f"#{bibl_id}")
        _cmif_note(desc, value, bibl_id, tei_url)
    if not seen:
        # sourceDesc needs content even for an empty index.
        _el(source_desc, "bibl", "No letters.", type="online")
    _el(_el(_el(root, "text"), "body"), "p")
    return _serialize(root)
