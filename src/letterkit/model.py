"""The validated output: :class:`Letter` and its parts.

The JSON shape of ``Letter.model_dump(mode="json")`` is the public contract (see CONTRACT.md): the keys
listed there are never renamed or removed. letterkit adds a few keys of its own: ``provenance`` (where
each field came from), ``furniture`` (page headers/footers kept apart from the body, so nothing is
lost) and ``extra`` (format-specific metadata such as the question an EP answer replies to).

The vocabulary follows TEI's ``opener``/``closer`` and CMIF's ``correspAction``: a letter is *sent* by a
``sender`` and *received* by ``recipients``; its ``salutation`` opens and its ``closing`` and
``signatories`` close it.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Party(BaseModel):
    """A person and/or organisation taking part in the correspondence.

    Every field is ``None`` (or empty) when the letter does not say; a Party is never guessed into
    existence (see :meth:`is_empty`).

    >>> from letterkit import Party
    >>> p = Party(name="Laurent Fabius", honorific="Mr", role="Minister of Foreign Affairs")
    >>> str(p)
    'Mr Laurent Fabius, Minister of Foreign Affairs'
    >>> p.model_dump()["address"]
    []
    """

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    """the person's name without honorific: ``"Laurent Fabius"``"""
    honorific: str | None = None
    """a form of address or title before (or after) the name: ``"Mr"``, ``"Dr"``, ``"H.E."``"""
    role: str | None = None
    """the office or function: ``"Minister of Foreign Affairs"``, ``"MEP"``"""
    organisation: str | None = None
    """the body the party belongs to or acts for: ``"European Parliament"``"""
    address: list[str] = Field(default_factory=list)
    """postal address lines, in order"""
    email: str | None = None
    """an e-mail address given with the party"""
    phone: str | None = None
    """a telephone (or fax) number given with the party"""

    def is_empty(self) -> bool:
        """True when nothing identifies the party (an honorific alone does not).

        >>> Party(honorific="Ms").is_empty(), Party(organisation="UNESCO").is_empty()
        (True, False)
        """
        return not (self.name or self.role or self.organisation or self.address or self.email or self.phone)

    def __str__(self) -> str:
        """``"honorific name, role, organisation"`` with what is known; ``"(unknown)"`` otherwise."""
        bits = [b for b in (self.honorific, self.name) if b]
        head = " ".join(bits)
        tail = ", ".join(b for b in (self.role, self.organisation) if b)
        return ", ".join(b for b in (head, tail) if b) or "(unknown)"


class Letterhead(BaseModel):
    """The printed head of the sender's paper."""

    lines: list[str] = Field(default_factory=list)
    """the letterhead's lines as printed, top to bottom"""
    organisation: str | None = None
    """the organisation the letterhead names, when one line clearly does"""


class Source(BaseModel):
    """Where the letter came from and how it was read."""

    model_config = ConfigDict(extra="allow")

    format: str
    """the format read: ``"txt"``, ``"pdf"``, ``"docx"``, ``"html"``, ``"png"``... or a plugin's own"""
    reader: str
    """the name of the reader that read it (``letterkit formats`` lists them)"""
    pages: int | None = None
    """number of pages (1 for formats without pages, unless form feeds split the text)"""
    sha256: str
    """SHA-256 of the input bytes: the same file always has the same hash, whatever its name"""
    filename: str | None = None
    """the input's file name, without its folder, when it has one"""
    size: int | None = None
    """the input's size in bytes"""
    encoding: str | None = None
    """the character set a text input was decoded from (``"utf-8"``, ``"cp1252"``...)"""
    title: str | None = None
    """the document's title from its metadata (PDF info, DOCX core properties, HTML ``<title>``)"""
    author: str | None = None
    """the document's author from its metadata (often the typist's account, not the sender)"""
    created: str | None = None
    """creation time from the metadata, ISO 8601 (not the letter's date: see ``Letter.date``)"""
    modified: str | None = None
    """last modification time from the metadata, ISO 8601"""
    ocr: bool = False
    """True when some of the text came from OCR (scanned PDF pages, images)"""


class Span(BaseModel):
    """One piece of evidence for a field: a line of the document and its characters in ``Letter.text``."""

    page: int
    line: int = Field(description="index of the line in the document's reading order")
    start: int = Field(description="offset of the first character in Letter.text")
    end: int = Field(description="offset after the last character in Letter.text")
    bbox: tuple[float, float, float, float] | None = None
    """the line's box ``(x0, top, x1, bottom)`` in points from the page's top-left, for layout formats"""
    origin: str = Field(default="heuristic", description="'heuristic', or 'reader' for a reader's hint")


class Letter(BaseModel):
    """One letter, as letterkit read it.

    Made by :func:`letterkit.read_letter`; ``model_dump(mode="json")`` is the stable JSON contract.

    >>> from letterkit import read_letter
    >>> text = (b"Brussels, 29 June 2016\\n\\nDear Mr Valls,\\n\\nThank you for your letter.\\n\\n"
    ...         b"Yours sincerely,\\n\\nTunne Kelam")
    >>> letter = read_letter(text)
    >>> letter.date, letter.place, letter.salutation
    ('2016-06-29', 'Brussels', 'Dear Mr Valls,')
    >>> letter.body, letter.closing, [p.name for p in letter.signatories]
    (['Thank you for your letter.'], 'Yours sincerely,', ['Tunne Kelam'])
    >>> letter.provenance["salutation"][0].line  # the line it came from: the second, counting from 0
    1
    """

    date: str | None = Field(default=None, description="the letter's own date, YYYY-MM-DD")
    date_text: str | None = Field(default=None, description="the date as written")
    date_edtf: str | None = Field(
        default=None,
        description="the date as EDTF when it is partial, uncertain or a range ('1904-05', '1914', "
        "'1900~', '1848-05-03/1848-05-05', '1914-04-03?'); equals date when that is complete",
    )
    date_certainty: Literal["high", "medium", "low"] | None = Field(
        default=None,
        description="how sure the date's reading is, as TEI @cert: high (the words say it), medium "
        "(decided from the letter's language or place, or a feast's day), low (an ambiguous guess)",
    )
    place: str | None = Field(default=None, description="place of writing from the dateline")
    reference: str | None = None
    """the sender's file reference or question number: ``"A(2015)905100-1033229"``"""
    subject: str | None = None
    """a subject line ("Re: ...", "Subject: ...") where the letter has one"""
    language: str | None = Field(default=None, description="ISO 639-1 code")
    letterhead: Letterhead | None = None
    """the printed head of the sender's paper"""
    sender: Party | None = None
    """who sends the letter (person and/or organisation), from the letterhead and the signature"""
    recipients: list[Party] = Field(default_factory=list)
    """one Party per addressee of the inside address block"""
    salutation: str | None = None
    """the greeting exactly as written: ``"Dear Ana, dear Marju,"``"""
    body: list[str] = Field(default_factory=list)
    """the paragraphs, in order, without page furniture, footnotes and line-wrap hyphens"""
    closing: str | None = None
    """the complimentary close: ``"Yours sincerely,"``"""
    signatories: list[Party] = Field(default_factory=list)
    """the people who sign, with role and organisation from the signature block"""
    cc: list[Party] = Field(default_factory=list)
    """copy recipients"""
    enclosures: list[str] = Field(default_factory=list)
    """items listed under ``Enc.``, ``Annex``, ``Attachment(s)``"""
    postscript: str | None = None
    """a P.S."""
    footnotes: list[str] = Field(default_factory=list)
    """footnote texts, without their markers"""
    source: Source
    """where the letter came from and how it was read"""
    text: str
    """the whole text as read (``Document.text``), so nothing is ever lost; spans index into it"""
    warnings: list[str] = Field(default_factory=list)
    """what the reader or the heuristics were unsure of"""
    # letterkit's additions to the contract
    furniture: list[str] = Field(
        default_factory=list, description="page headers, footers and page numbers removed from the body"
    )
    provenance: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="field path ('date', 'body.2', 'signatories.0') -> the lines it came from",
    )
    extra: dict[str, Any] = Field(default_factory=dict, description="format-specific metadata")
    confidence: dict[str, float] = Field(
        default_factory=dict,
        description="field path -> probability in [0, 1] that the field is right, from the zone model's "
        "marginals for the lines it came from ({'salutation': 0.97, 'signatories.0': 0.88})",
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, v: Any) -> Any:
        """A day as ``YYYY-MM-DD``. Why midnight datetimes are accepted: pandas writes a date column
        back as ``'1915-04-09T00:00:00.000'`` (or a Timestamp), and that round trip must not fail;
        a time other than midnight is not a letter's date and is still rejected."""
        import datetime as _dt

        if v is None:
            return v
        if isinstance(v, _dt.datetime):
            v = v.isoformat()
        elif isinstance(v, _dt.date):
            return v.isoformat()
        if not isinstance(v, str):
            raise ValueError(f"date must be a YYYY-MM-DD string, not {type(v).__name__}")
        if len(v) > 10 and v[10] in "T ":
            stamp = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
            if stamp.time() != _dt.time(0, 0):
                raise ValueError(f"date {v!r} has a time of day; a letter's date is a day")
            v = v[:10]
        _dt.date.fromisoformat(v)
        return v

    @model_validator(mode="after")
    def _date_reading(self) -> Letter:
        """Fill ``date_edtf``/``date_certainty`` from ``date_text`` when the reader did not give them.

        Why here: the EDTF form is a function of the date as written, the language and the place, so
        a Letter made by any route (the pipeline, a plugin, JSON written by an older letterkit) gets
        the same reading; a complete ``date`` is its own EDTF."""
        if self.date_edtf is None and (self.date_text or self.date):
            reading = None
            if self.date_text:
                from letterkit.heuristics.dates import read_date_text

                reading = read_date_text(self.date_text, self.language, self.place, year_alone=True)
            if reading is not None and (
                (reading.date is None and self.date is None)
                or (reading.date is not None and reading.date.isoformat() == self.date)
            ):
                self.date_edtf = reading.edtf
                if self.date_certainty is None:
                    self.date_certainty = reading.certainty  # type: ignore[assignment]
            elif self.date:
                self.date_edtf = self.date
        if self.date_edtf is not None and self.date_certainty is None:
            self.date_certainty = "high"
        return self

    def to_json(self, **kwargs: Any) -> str:
        """The contract's JSON, pretty-printed by default (keyword arguments go to :func:`json.dumps`).

        >>> from letterkit import read_letter
        >>> print(read_letter(b"Dear Anna,\\n\\nThank you.\\n\\nYours,\\n\\nMarc").to_json()[:40])
        {
          "date": null,
          "date_text": null,
        """
        kwargs.setdefault("indent", 2)
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, **kwargs)


def letter_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Letter` (what ``letterkit schema`` prints).

    >>> schema = letter_json_schema()
    >>> schema["title"], "salutation" in schema["properties"], sorted(schema["$defs"])
    ('Letter', True, ['Letterhead', 'Party', 'Source', 'Span'])
    """
    return Letter.model_json_schema()
