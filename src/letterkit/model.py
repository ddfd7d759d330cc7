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
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Party(BaseModel):
    """A person and/or organisation taking part in the correspondence."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    honorific: str | None = None
    role: str | None = None
    organisation: str | None = None
    address: list[str] = Field(default_factory=list)
    email: str | None = None
    phone: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.role or self.organisation or self.address or self.email or self.phone)

    def __str__(self) -> str:
        bits = [b for b in (self.honorific, self.name) if b]
        head = " ".join(bits)
        tail = ", ".join(b for b in (self.role, self.organisation) if b)
        return ", ".join(b for b in (head, tail) if b) or "(unknown)"


class Letterhead(BaseModel):
    """The printed head of the sender's paper."""

    lines: list[str] = Field(default_factory=list)
    organisation: str | None = None


class Source(BaseModel):
    """Where the letter came from and how it was read."""

    model_config = ConfigDict(extra="allow")

    format: str
    reader: str
    pages: int | None = None
    sha256: str
    filename: str | None = None
    size: int | None = None
    encoding: str | None = None
    title: str | None = None
    author: str | None = None
    created: str | None = None
    modified: str | None = None
    ocr: bool = False


class Span(BaseModel):
    """One piece of evidence for a field: a line of the document and its characters in ``Letter.text``."""

    page: int
    line: int = Field(description="index of the line in the document's reading order")
    start: int = Field(description="offset of the first character in Letter.text")
    end: int = Field(description="offset after the last character in Letter.text")
    bbox: tuple[float, float, float, float] | None = None
    origin: str = Field(default="heuristic", description="'heuristic', or 'reader' for a reader's hint")


class Letter(BaseModel):
    """One letter, as letterkit read it."""

    date: str | None = Field(default=None, description="the letter's own date, YYYY-MM-DD")
    date_text: str | None = Field(default=None, description="the date as written")
    place: str | None = Field(default=None, description="place of writing from the dateline")
    reference: str | None = None
    subject: str | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code")
    letterhead: Letterhead | None = None
    sender: Party | None = None
    recipients: list[Party] = Field(default_factory=list)
    salutation: str | None = None
    body: list[str] = Field(default_factory=list)
    closing: str | None = None
    signatories: list[Party] = Field(default_factory=list)
    cc: list[Party] = Field(default_factory=list)
    enclosures: list[str] = Field(default_factory=list)
    postscript: str | None = None
    footnotes: list[str] = Field(default_factory=list)
    source: Source
    text: str
    warnings: list[str] = Field(default_factory=list)
    # letterkit's additions to the contract
    furniture: list[str] = Field(
        default_factory=list, description="page headers, footers and page numbers removed from the body"
    )
    provenance: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="field path ('date', 'body.2', 'signatories.0') -> the lines it came from",
    )
    extra: dict[str, Any] = Field(default_factory=dict, description="format-specific metadata")

    @field_validator("date")
    @classmethod
    def _iso_date(cls, v: str | None) -> str | None:
        if v is None:
            return v
        import datetime as _dt

        _dt.date.fromisoformat(v)
        return v

    def to_json(self, **kwargs: Any) -> str:
        """The contract's JSON, pretty-printed by default."""
        kwargs.setdefault("indent", 2)
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, **kwargs)


def letter_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Letter` (what ``letterkit schema`` prints)."""
    return Letter.model_json_schema()
