"""The corrections file: a letter's zones as a person checked them on its review page.

One small JSON file per letter, written by the review page (download, or ``letterkit show --serve``), or
by hand, or by a script::

    {
      "format": "letterkit-corrections", "version": 1,
      "source": "letter-017.pdf",                 # the file's name
      "path": "/archive/series-a/letter-017.pdf", # where it was read (absolute, or relative to this file)
      "sha256": "9f2c...",                        # of the file's bytes: a changed file is not trusted
      "labels": {"0": "letterhead", "1": "letterhead", "2": "dateline", ...},  # zone per line index
      "texts": {"0": "ACME Ltd", ...},            # the line texts the labels were given to
      "corrected": [0, 1]                         # the lines the person changed (for the report)
    }

Line indices are those of :meth:`letterkit.document.Document.lines` for the same reader; when a line's
text no longer matches (another letterkit version split lines differently) that line is left out of
training rather than guessed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterkit.errors import LetterkitError
from letterkit.zones.labels import ZONES

FORMAT = "letterkit-corrections"
VERSION = 1
#: corrections files end so: ``letter.pdf.corrections.json``
SUFFIX = ".corrections.json"


class CorrectionsError(LetterkitError):
    """A corrections file that cannot be used (not JSON, another format, unknown zones, missing source)."""


@dataclass
class Corrections:
    """One letter's corrected zones."""

    source: str
    path: str | None
    sha256: str
    labels: dict[int, str]
    texts: dict[int, str] = field(default_factory=dict)
    corrected: list[int] = field(default_factory=list)
    #: the file this was read from (to resolve a relative ``path``)
    origin: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "source": self.source,
            "path": self.path,
            "sha256": self.sha256,
            "labels": {str(k): v for k, v in sorted(self.labels.items())},
            "texts": {str(k): v for k, v in sorted(self.texts.items())},
            "corrected": sorted(self.corrected),
        }

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
        return target

    def source_file(self, root: Path | None = None) -> Path:
        """The letter's file: ``path`` as written, else relative to the corrections file or ``root``,
        else ``source`` beside the corrections file; its SHA-256 must match."""
        candidates: list[Path] = []
        if self.path:
            p = Path(self.path)
            candidates.append(p)
            if not p.is_absolute():
                if self.origin is not None:
                    candidates.append(self.origin.parent / p)
                if root is not None:
                    candidates.append(root / p)
        for base in (root, self.origin.parent if self.origin else None):
            if base is not None:
                candidates.append(base / self.source)
        for c in candidates:
            if c.is_file():
                if self.sha256 and hashlib.sha256(c.read_bytes()).hexdigest() != self.sha256:
                    raise CorrectionsError(
                        f"{c} has changed since its corrections were saved ({self.origin}); review it again."
                    )
                return c
        raise CorrectionsError(
            f"The letter of {self.origin} ({self.source}) was not found (tried "
            f"{', '.join(str(c) for c in candidates) or 'nothing'}); pass --root with the folder it is in."
        )


def parse(raw: Any, origin: Path | None = None) -> Corrections:
    """A :class:`Corrections` from parsed JSON, checked."""
    where = str(origin) if origin else "the corrections"
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise CorrectionsError(f"{where} is not a letterkit corrections file (no \"format\": \"{FORMAT}\").")
    if int(raw.get("version", 0)) > VERSION:
        raise CorrectionsError(f"{where} has version {raw.get('version')}; this letterkit reads {VERSION}.")
    labels_raw = raw.get("labels")
    if not isinstance(labels_raw, dict) or not labels_raw:
        raise CorrectionsError(f"{where} has no labels.")
    labels: dict[int, str] = {}
    for k, v in labels_raw.items():
        if v not in ZONES:
            raise CorrectionsError(f"{where}: line {k} has the zone {v!r}, not one of {', '.join(ZONES)}.")
        try:
            labels[int(k)] = v
        except ValueError as exc:
            raise CorrectionsError(f"{where}: {k!r} is not a line index.") from exc
    texts = {int(k): str(v) for k, v in (raw.get("texts") or {}).items()}
    return Corrections(
        source=str(raw.get("source") or ""),
        path=raw.get("path"),
        sha256=str(raw.get("sha256") or ""),
        labels=labels,
        texts=texts,
        corrected=[int(i) for i in raw.get("corrected") or []],
        origin=origin,
    )


def load(path: str | Path) -> Corrections:
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorrectionsError(f"{p} could not be read as JSON ({exc}).") from exc
    return parse(raw, p)


def find(paths: list[Path]) -> list[Path]:
    """Corrections files in ``paths`` (files, or folders searched recursively), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.rglob(f"*{SUFFIX}")))
        elif p.is_file():
            out.append(p)
    return out


__all__ = ["FORMAT", "SUFFIX", "VERSION", "Corrections", "CorrectionsError", "find", "load", "parse"]
