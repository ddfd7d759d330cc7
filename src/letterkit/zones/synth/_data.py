"""One language's synthetic-letter data file, and the slot filling every template string goes through.

Why a class: the data files come from several authors and differ in which optional keys they have;
all look-ups go through :meth:`LanguageData.get` / :meth:`LanguageData.has` so a missing key means
"leave that block out" instead of a crash, and every string is filled by one :func:`fill`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

SLOT = re.compile(r"\{(\w+)\}")
ASCII_DIGITS = "0123456789"
#: scripts with upper and lower case, used when a file does not say ``has_case``
CASED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Copt", "Glag"})


class LanguageData:
    """The parsed JSON of one language with tolerant accessors."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.language: str = str(raw["language"])
        self.script: str = str(raw.get("script", "Latn"))
        self.rtl: bool = bool(raw.get("rtl", False))
        self.has_case: bool = bool(raw.get("has_case", self.script in CASED_SCRIPTS))
        self.name_order: str = str(raw.get("name_order", "given-family"))
        digits = raw.get("digits", ASCII_DIGITS)
        self.digits: str = digits if isinstance(digits, str) and len(digits) == 10 else ASCII_DIGITS
        alt = raw.get("alt_digits")
        self.alt_digits: str | None = alt if isinstance(alt, str) and len(alt) == 10 else None
        #: scripts written without spaces between words join sentences without a space
        self.separator: str = "" if self.script in {"Hans", "Hant", "Jpan", "Thai"} else " "

    def get(self, path: str, default: Any = None) -> Any:
        """The value at a dotted path, or ``default`` when any step is missing."""
        cur: Any = self.raw
        for part in path.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return default
            cur = cur[part]
        return cur

    def strings(self, path: str) -> list[str]:
        """The non-empty strings at ``path`` (a list, or a single string), else an empty list."""
        value = self.get(path)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [v for v in value if isinstance(v, str) and v.strip()]

    def has(self, *paths: str) -> bool:
        """Whether every path holds at least one string: templates needing absent data are not used."""
        return all(self.strings(p) for p in paths)

    def pick(self, rng: Random, *paths: str) -> str:
        """A random string from the first path that has any; '' when none has (callers check ``has``)."""
        for path in paths:
            options = self.strings(path)
            if options:
                return rng.choice(options)
        return ""


def fill_pattern(rng: Random, pattern: str, year: int) -> str:
    """A pattern with ``#`` -> digit, ``A`` -> capital letter, ``{yyyy}``/``{yy}`` -> the year."""
    pattern = pattern.replace("{yyyy}", f"{year:04d}").replace("{yy}", f"{year % 100:02d}")
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "A":
            out.append(chr(ord("A") + rng.randrange(26)))
        else:
            out.append(ch)
    return "".join(out)


def fill(template: str, resolve: Callable[[str], str]) -> str:
    """Replace every ``{slot}`` by ``resolve(slot)``; ``{{``/``}}`` are literal braces.

    An empty ``{title}`` (no academic title) also takes the space after it, so "Dear {title} {last}"
    never prints a double space.
    """
    text = template.replace("{{", "\x00").replace("}}", "\x01")
    text = SLOT.sub(lambda m: resolve(m.group(1)) or "\x02", text)
    text = re.sub(r"\x02 ?", "", text)
    text = re.sub(r"  +", " ", text)
    return text.replace("\x00", "{").replace("\x01", "}").strip()


def data_dir() -> Path:
    """The folder of the packaged language files (installed as package data beside this module)."""
    return Path(__file__).resolve().parent / "data"


@cache
def load_language(code: str) -> LanguageData:
    """The packaged data of language ``code`` (cached: files are read once per process)."""
    path = data_dir() / f"{code}.json"
    if not path.is_file():
        raise KeyError(f"no synthetic-letter data for language {code!r}; have {sorted(language_codes())}")
    return LanguageData(json.loads(path.read_text(encoding="utf-8")))


def language_codes() -> list[str]:
    """The codes of every packaged language file, sorted."""
    return sorted(p.stem for p in data_dir().glob("*.json"))


REQUIRED = (
    "months", "months_in_dates", "weekdays", "date_formats", "dateline_formats", "places",
    "first_names.m", "first_names.f", "last_names", "honorifics.m", "honorifics.f",
    "salutations.formal_generic", "closings.formal", "body.opening", "body.middle", "body.closing",
)
ALLOWED_SLOTS = frozenset({
    "first", "last", "full", "honorific", "title", "role", "org", "city", "street", "n", "postcode",
    "d", "dd", "m", "mm", "yyyy", "yy", "month", "weekday", "era_year", "ref", "subject", "date",
    "place", "country", "total",
})


def problems(raw: dict[str, Any]) -> list[str]:
    """What in a language file the generator cannot use (missing required keys, unknown slots)."""
    data = LanguageData(raw) if "language" in raw else None
    if data is None:
        return ["no 'language' key"]
    absent = set(raw.get("absent_keys") or ())  # forms the language does not have (prefix honorifics in ja)
    found = [f"missing or empty: {path}" for path in REQUIRED
             if path not in absent and not data.strings(path)]
    for key in ("months", "months_in_dates"):
        if data.strings(key) and len(data.strings(key)) != 12:
            found.append(f"{key} needs 12 entries")
    if data.strings("weekdays") and len(data.strings("weekdays")) != 7:
        found.append("weekdays needs 7 entries")

    def walk(node: Any, path: str) -> None:
        if isinstance(node, str):
            for slot in SLOT.findall(node.replace("{{", "").replace("}}", "")):
                if slot not in ALLOWED_SLOTS:
                    found.append(f"{path}: unknown slot {{{slot}}}")
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))

    walk(raw, "")
    return found
