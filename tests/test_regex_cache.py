"""Patterns built from stored programs behave as re.compile's: same groups, same matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from letterkit import _regex


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_regex, "_programs", None)
    monkeypatch.setattr(_regex, "_used", set())
    monkeypatch.setattr(_regex, "_dirty", False)
    return tmp_path


PATTERNS = [
    (r"(?<![\w/.-])(?P<d>[0-3]?\d)\.?\s*(?P<m>janvier|février|mars|März|мая|Μαρτίου)\s+(?P<y>\d{4})", re.I),
    (r"^(?:dear|cher|liebe[r]?|уважаемый)\s+(\w+)", re.I | re.M),
    (r"(?P<y>\d{4})年(?P<m>[01]?\d)月(?P<d>[0-3]?\d)日", 0),
    (r"(a)(?P<sep>[./-])(b)(?P=sep)", 0),
]
TEXTS = ["Lyon, le 3 mars 2019", "14. März 2019", "12 мая 2023 г.", "2023年5月12日", "DEAR Anna,\nCher Paul",
         "a.b. a-b- a/b.", "2 Μαρτίου 2020", "nothing here"]


def test_stored_programs_give_the_same_patterns(fresh: Path) -> None:
    first = [_regex.compile(p, f) for p, f in PATTERNS]
    _regex.save()
    [stored] = list(fresh.glob("regex-*.marshal"))
    # a new process: only the file is there
    _regex._programs = None
    again = [_regex.compile(p, f) for p, f in PATTERNS]
    assert stored.is_file() and _regex._dirty is False
    for (pattern, flags), a, b in zip(PATTERNS, first, again, strict=True):
        ref = re.compile(pattern, flags)
        for made in (a, b):
            assert (made.pattern, made.flags, made.groups, dict(made.groupindex)) == (
                ref.pattern, ref.flags, ref.groups, dict(ref.groupindex))
            for text in TEXTS:
                assert [m.groupdict() or m.groups() for m in made.finditer(text)] == [
                    m.groupdict() or m.groups() for m in ref.finditer(text)]


def test_a_damaged_store_is_ignored(fresh: Path) -> None:
    _regex.compile("a+b", 0)
    _regex.save()
    [stored] = list(fresh.glob("regex-*.marshal"))
    stored.write_bytes(b"\x00garbage")
    _regex._programs = None
    assert _regex.compile("a+b", 0).fullmatch("aab")


def test_no_store_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", "none")
    monkeypatch.setattr(_regex, "_programs", None)
    assert _regex.compile("x(y)", 0).match("xy").group(1) == "y"  # type: ignore[union-attr]
    _regex.save()
    assert list(tmp_path.iterdir()) == []
