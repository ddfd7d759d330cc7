"""The lines and letters the generator makes, apart from the generator, so that the templates
(:mod:`letterkit.zones.synth._templates`) and the package that runs them share the types without
importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

LABELS: tuple[str, ...] = (
    "letterhead", "sender_address", "dateline", "reference", "inside_address", "subject", "salutation",
    "body", "closing", "signature", "postscript", "cc", "enclosure", "footnote", "furniture", "other",
)
Align = Literal["left", "center", "right"]
Region = Literal["body", "header", "footer", "footnote"]


@dataclass
class SynthLine:
    """One logical line of a synthetic letter with its zone label and layout."""

    text: str
    label: str
    blank_before: bool = False
    align: Align = "left"
    bold: bool = False
    size: float = 1.0  # relative to the body type
    region: Region = "body"
    indent: int = 0  # left indentation of the (first) line, in character widths
    page_break_before: bool = False


@dataclass
class SynthLetter:
    """A generated letter: its lines in reading order and the truth recorded while writing them."""

    id: str
    language: str
    script: str
    register: str
    template: str
    lines: list[SynthLine]
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The lines joined by newlines (no layout): handy for inspection."""
        return "\n".join(line.text for line in self.lines)
