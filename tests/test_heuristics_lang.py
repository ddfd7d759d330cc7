"""The language data loader (letterkit.lang) and the data files' shape."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from letterkit import lang

DATA_FILES = sorted(
    p.name[: -len(".json")]
    for p in resources.files("letterkit.lang").joinpath("data").iterdir()
    if p.name.endswith(".json")
)
CORE_LANGUAGES = {"en", "fr", "de", "es", "it", "nl", "pt", "pl"}


def test_expected_data_files_exist() -> None:
    assert {
        "months",
        "dates",
        "salutations",
        "closings",
        "honorifics",
        "markers",
        "parties",
        "web",
        "banners",
    } <= set(DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_valid_json_without_comment_keys(name: str) -> None:
    raw = json.loads(
        resources.files("letterkit.lang").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    )
    data = lang.load(name)
    assert not any(k.startswith("_") for k in data)
    assert set(data) == {k for k in raw if not k.startswith("_")}


def test_load_is_cached() -> None:
    assert lang.load("months") is lang.load("months")


def test_load_unknown_file_raises() -> None:
    with pytest.raises(FileNotFoundError):
        lang.load("no-such-family")


def test_months_cover_core_languages_with_valid_numbers() -> None:
    months = lang.load("months")
    assert set(months) >= CORE_LANGUAGES
    for code, table in months.items():
        assert set(table.values()) == set(range(1, 13)), code
        assert all(name == name.lower() for name in table), code


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("salutations", "openers"),
        ("salutations", "address_forms"),
        ("closings", "phrases"),
        ("closings", "formulas"),
        ("honorifics", "prefixes"),
        ("markers", "cc"),
        ("markers", "enclosures"),
        ("markers", "subject"),
        ("dates", "weekdays"),
    ],
)
def test_per_language_sections_cover_core_languages(name: str, section: str) -> None:
    data = lang.load(name)[section]
    assert set(data) >= CORE_LANGUAGES
    assert all(isinstance(v, list) and v for v in data.values())


def test_all_values_longest_first_and_deduplicated() -> None:
    values = lang.all_values("closings", "phrases")
    assert len(values) == len(set(values))
    assert [len(v) for v in values] == sorted((len(v) for v in values), reverse=True)
    assert "yours sincerely" in values and "mit freundlichen grüßen" in values
    # phrases beat their prefixes: 'yours sincerely' comes before 'yours'
    assert values.index("yours sincerely") < values.index("yours")


def test_all_values_of_a_whole_file() -> None:
    values = lang.all_values("months")
    assert "janvier" in values and "stycznia" in values


def test_strip_accents_and_fold() -> None:
    assert lang.strip_accents("Février") == "Fevrier"
    assert lang.strip_accents("Grüße") == "Gruße"
    assert lang.fold("Février") == "fevrier"
    assert lang.fold("GRÜSSE") == lang.fold("grüsse")
    assert lang.fold("Grüße") == "grusse"  # casefold turns ß into ss
