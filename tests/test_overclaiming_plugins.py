"""Installing a reader plugin that claims too much changes no result (issue 15).

A plugin can only add readers: whatever it claims, every file that letterkit read before reads the
same with it installed. The plugins here are found the way real ones are, through a
``letterkit.readers`` entry point, but from a temporary folder put on ``sys.path`` for the test (a
``.dist-info`` with an ``entry_points.txt``, which is all ``importlib.metadata`` looks for), so
nothing is installed into the environment and nothing is left behind.

The readers claim everything with the highest score there is and then refuse it in every way a
reader can: as corrupt, as unsupported, as empty, by crashing, or by declaring a limit exceeded. The
example e-mail plugin (examples/letterkit-eml) is registered the same way, from its source folder.
Inputs: the public corpus (tests/corpus/letters, scans aside: they need the OCR engine), the team's
three letter sets and the format fixtures of tests/data/formats (the .doc aside: it takes a
LibreOffice run a file).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from letterkit import Letter, read_letter
from letterkit.readers import registry

ROOT = Path(__file__).resolve().parent.parent
EML_PLUGIN_SRC = ROOT / "examples" / "letterkit-eml" / "src"

PLUGIN_MODULE = '''
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded, UnsupportedFormat
from letterkit.readers.base import CONTENT_MATCH, Reader


class _Greedy(Reader):
    """Claims every input, above every built-in reader, and then refuses it."""

    priority = 10_000
    formats = ("txt", "pdf", "docx", "html", "eml", "odt", "rtf", "xml", "hocr", "msg")
    extensions = formats
    error = None

    def sniff(self, head, info):
        return CONTENT_MATCH

    def read(self, data, info, options):
        raise self.error("this plugin claims more than it can read")


class GreedyCorrupt(_Greedy):
    name = "greedy-corrupt"
    error = CorruptInput


class GreedyUnsupported(_Greedy):
    name = "greedy-unsupported"
    error = UnsupportedFormat


class GreedyEmpty(_Greedy):
    name = "greedy-empty"
    error = EmptyInput


class GreedyLimit(_Greedy):
    name = "greedy-limit"
    error = LimitExceeded


class GreedyCrash(_Greedy):
    name = "greedy-crash"

    def read(self, data, info, options):
        return {}["a bug in the plugin"]
'''

PLUGINS = {
    "greedy-corrupt": "overclaiming_plugins:GreedyCorrupt",
    "greedy-unsupported": "overclaiming_plugins:GreedyUnsupported",
    "greedy-empty": "overclaiming_plugins:GreedyEmpty",
    "greedy-limit": "overclaiming_plugins:GreedyLimit",
    "greedy-crash": "overclaiming_plugins:GreedyCrash",
    "eml": "letterkit_eml:EmlReader",
}


#: a memo whose first lines look like e-mail headers (issue 15's case of over-claiming; invented)
MEMO = (
    b"To: All staff\nFrom: The Director\nDate: 3 May 2010\nSubject: Closing hours\n\n"
    b"Dear colleagues,\n\nFrom Monday the building closes at 19:00.\n\nKind regards,\n\nJ. Martin\n"
)


def _read(source: Path | bytes) -> Letter:
    return read_letter(source, filename="memo.txt") if isinstance(source, bytes) else read_letter(source)


def _inputs() -> list[Path | bytes]:
    corpus = [p for p in sorted((ROOT / "tests" / "corpus" / "letters").iterdir()) if ".scan." not in p.name]
    sets = [
        p
        for name in ("letters", "letters_dev2", "letters_dev3")
        for p in sorted((ROOT / "tests" / name).glob("*.txt"))
    ]
    formats = [
        p
        for p in sorted((ROOT / "tests" / "data" / "formats").iterdir())
        if p.suffix not in (".doc", ".md", ".py")
    ]
    return [*corpus, *sets, *formats, MEMO]


def _result(letter: Letter) -> dict[str, Any]:
    """What a reader's user gets, apart from the note that another reader was tried first."""
    data = letter.model_dump()
    data["warnings"] = [w for w in data.get("warnings", []) if "refused it" not in w]
    return data


@pytest.fixture(scope="module")
def baseline() -> list[tuple[Path | bytes, dict[str, Any]]]:
    registry.refresh()
    assert not any(r.name in PLUGINS for r in registry.available_readers())
    return [(source, _result(_read(source))) for source in _inputs()]


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The plugins, registered through entry points in a temporary folder on sys.path."""
    (tmp_path / "overclaiming_plugins.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    dist = tmp_path / "overclaiming_plugins-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: overclaiming-plugins\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = "\n".join(f"{name} = {spec}" for name, spec in PLUGINS.items())
    (dist / "entry_points.txt").write_text(f"[letterkit.readers]\n{lines}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(EML_PLUGIN_SRC))
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.refresh()
    try:
        yield {r.name for r in registry.available_readers()}
    finally:
        monkeypatch.undo()
        for module in ("overclaiming_plugins", "letterkit_eml"):
            sys.modules.pop(module, None)
        registry.refresh()


def test_the_plugins_are_found_through_entry_points(installed: set[str]) -> None:
    assert set(PLUGINS) <= installed


def test_no_result_changes(baseline: list[tuple[Path | bytes, dict[str, Any]]], installed: set[str]) -> None:
    changed = []
    for source, before in baseline:
        after = _read(source)
        if _result(after) != before:
            changed.append(source.relative_to(ROOT) if isinstance(source, Path) else "the memo")
        assert after.source.reader not in PLUGINS
    assert not changed, f"results changed with over-claiming plugins installed: {changed}"
    assert len(baseline) > 80


def test_the_eml_plugin_competes_for_e_mails(installed: set[str]) -> None:
    """The example plugin claims the e-mail fixtures by their content, as letterkit's own reader does;
    the comparison above shows that letterkit's reader still reads them, as before."""
    from letterkit.readers.base import StreamInfo

    data = (ROOT / "tests" / "data" / "formats" / "letter-reply.eml").read_bytes()
    ranked = [r.name for r in registry.rank_readers(data, StreamInfo(filename="a.eml", extension="eml"))]
    assert "eml" in ranked and "email" in ranked
    assert read_letter(data, filename="a.eml").source.reader == "email"


def test_the_plugins_were_tried_and_refused(installed: set[str]) -> None:
    """The comparison above is not vacuous: the greedy readers come first and are refused."""
    letter = read_letter(ROOT / "tests" / "letters" / "dutch-geachte.txt")
    note = next(w for w in letter.warnings if "refused it" in w)
    for name in ("greedy-corrupt", "greedy-unsupported", "greedy-empty", "greedy-limit", "greedy-crash"):
        assert f"the {name} reader refused it" in note


def test_after_removal_the_plugins_are_gone() -> None:
    """Runs after the tests above have torn their temporary plugins down."""
    registry.refresh()
    assert not any(r.name in PLUGINS for r in registry.available_readers())
    assert "overclaiming_plugins" not in sys.modules
