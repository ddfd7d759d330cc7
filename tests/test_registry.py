"""Choosing a reader: content before extension, format= forces, plugins through entry points.

The plugin tests install a real (tiny) distribution: a ``*.dist-info`` folder with ``METADATA`` and
``entry_points.txt`` in a temporary folder put on ``sys.path``, exactly what ``pip install`` leaves
behind, so they exercise the same discovery path as a third-party package would.
"""

from __future__ import annotations

import logging
import random
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from letterkit.errors import UnsupportedFormat
from letterkit.readers import registry
from letterkit.readers.base import StreamInfo
from letterkit.readers.registry import available_readers, choose_reader, extension_of


def info(filename: str | None) -> StreamInfo:
    return StreamInfo(filename=filename, extension=extension_of(filename))


def names() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {r.name for r in available_readers()}


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """Every test sees the installed readers as they are now, and leaves no plugin behind."""
    registry.refresh()
    yield
    registry.refresh()


# --- sniffing ----------------------------------------------------------------------------------


def test_extension_of() -> None:
    assert extension_of("Letter.PDF") == "pdf"
    assert extension_of("kelam.scan.pdf") == "pdf"
    assert extension_of("README") is None
    assert extension_of("dir.d/README") is None
    assert extension_of(None) is None


def test_text_fallback_without_name() -> None:
    assert choose_reader(b"Dear Anna,\n\nThank you.\n\nYours,\nMarc\n", info(None)).name == "text"


def test_text_under_an_unknown_extension() -> None:
    assert choose_reader("Chère Anna,\n\nMerci.\n".encode(), info("letter.xyz")).name == "text"


def test_text_extension() -> None:
    assert choose_reader(b"Dear Anna,", info("letter.md")).name == "text"


def test_pdf_magic_beats_txt_extension(examples_dir: Path) -> None:
    if "pdf" not in names():
        pytest.skip("the PDF reader is not installed")
    data = (examples_dir / "kelam-valls-2016.pdf").read_bytes()
    reader = choose_reader(data, info("letter.txt"))
    assert reader.name == "pdf" or "pdf" in reader.formats


def test_docx_content_beats_a_wrong_extension(examples_dir: Path) -> None:
    if "docx" not in names():
        pytest.skip("the DOCX reader is not installed")
    data = (examples_dir / "kelam-valls-2016.docx").read_bytes()
    reader = choose_reader(data, info("letter.bin"))
    assert "docx" in reader.formats


def test_html_content_is_recognised() -> None:
    if "html" not in names():
        pytest.skip("the HTML reader is not installed")
    page = (
        b"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Letter</title></head>"
        b"<body><p>Dear Anna,</p><p>Thank you.</p><p>Yours,<br>Marc</p></body></html>"
    )
    for name in (None, "letter.txt", "page"):
        reader = choose_reader(page, info(name))
        assert reader.name == "html" or "html" in reader.formats, (name, reader.name)


def test_format_forces_a_reader() -> None:
    # bytes that look like nothing in particular, named .pdf: format="txt" still reads them as text
    assert choose_reader(b"Dear Anna,", info("letter.pdf"), format="txt").name == "text"
    assert choose_reader(b"Dear Anna,", info(None), format=".MD").name == "text"
    assert choose_reader(b"Dear Anna,", info(None), format="text").name == "text"


def test_unknown_forced_format() -> None:
    with pytest.raises(UnsupportedFormat) as exc:
        choose_reader(b"Dear Anna,", info(None), format="wordperfect")
    assert "wordperfect" in str(exc.value) and "txt" in str(exc.value)


def test_unknown_binary_is_unsupported() -> None:
    blob = b"\x00\x07\x00\x13LKTEST" + random.Random(7).randbytes(4096)
    for name in (None, "blob.bin", "blob"):
        with pytest.raises(UnsupportedFormat) as exc:
            choose_reader(blob, info(name))
        assert "format" in str(exc.value)


def test_readers_are_sorted_by_priority() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        readers = available_readers()
    assert [r.priority for r in readers] == sorted((r.priority for r in readers), reverse=True)
    assert readers[-1].name == "text"  # the generic fallback comes last


# --- plugins through entry points --------------------------------------------------------------

PLUGIN_MODULE = '''
"""A made-up format: a "%LETTER 1" line, then paragraphs separated by "|"."""
from letterkit.document import DocumentBuilder
from letterkit.errors import CorruptInput
from letterkit.readers.base import CONTENT_MATCH, EXTENSION_MATCH, NO_MATCH, Reader


class DotLetterReader(Reader):
    name = "dotletter"
    formats = ("letter",)
    extensions = ("letter",)
    priority = 5
    description = "test plugin: the made-up .letter format"

    def sniff(self, head, info):
        if head.startswith(b"%LETTER"):
            return CONTENT_MATCH
        return EXTENSION_MATCH if info.extension in self.extensions else NO_MATCH

    def read(self, data, info, options):
        header, _, rest = data.decode("utf-8").partition("\\n")
        if not header.startswith("%LETTER"):
            raise CorruptInput("not a .letter file: it lacks the %LETTER header")
        builder = DocumentBuilder(format="letter", reader=self.name)
        for para in rest.split("|"):
            builder.add_block(para.strip().splitlines())
        builder.metadata["title"] = "a test letter"
        return builder.build()
'''

DOT_LETTER = b"%LETTER 1\nParis, 3 July 2006|Dear Anna,|Thank you for the book you sent.|Yours,|Marc\n"


def install_distribution(root: Path, dist: str, entry_points: dict[str, str], modules: dict[str, str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay out an installed distribution under ``root`` (as pip would) and put ``root`` on sys.path."""
    # pip writes the name with "_" for "-": importlib.metadata reads the name before the first "-"
    # of the folder, and "letterkit-x-0.1" would hide letterkit's own entry points
    info_dir = root / f"{dist.replace('-', '_')}-0.1.dist-info"
    info_dir.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n"
    (info_dir / "METADATA").write_text(metadata, encoding="utf-8")
    eps = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (info_dir / "entry_points.txt").write_text(f"[letterkit.readers]\n{eps}", encoding="utf-8")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.syspath_prepend(str(root))
    for module in modules:  # forget the module again when the test ends
        monkeypatch.setitem(sys.modules, module, None)
        del sys.modules[module]
    registry.refresh()


@pytest.fixture
def dot_letter_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_distribution(
        tmp_path / "site", "letterkit-dotletter",
        {"dotletter": "lk_dotletter_plugin:DotLetterReader"},
        {"lk_dotletter_plugin": PLUGIN_MODULE},
        monkeypatch,
    )
    return tmp_path


def test_plugin_is_discovered(dot_letter_plugin: Path) -> None:
    assert "dotletter" in names()
    reader = choose_reader(DOT_LETTER, info("x.letter"))
    assert reader.name == "dotletter"
    assert type(reader).__module__ == "lk_dotletter_plugin"


def test_plugin_chosen_by_content_and_extension(dot_letter_plugin: Path) -> None:
    assert choose_reader(DOT_LETTER, info(None)).name == "dotletter"  # content, though it is also text
    assert choose_reader(DOT_LETTER, info("note.txt")).name == "dotletter"  # content beats extension
    assert choose_reader(b"%LETTER 1\n", info("a.letter"), format="letter").name == "dotletter"
    assert choose_reader(b"no header", info("a.letter")).name == "dotletter"  # the extension alone


def test_read_letter_uses_the_plugin(dot_letter_plugin: Path) -> None:
    from letterkit import read_letter

    path = dot_letter_plugin / "anna.letter"
    path.write_bytes(DOT_LETTER)
    letter = read_letter(path)
    assert letter.source.reader == "dotletter"
    assert letter.source.format == "letter"
    assert letter.source.filename == "anna.letter"
    assert "Thank you for the book you sent." in letter.text
    assert any("Thank you for the book" in p for p in letter.body)


def test_plugin_errors_reach_the_caller_as_letterkit_errors(dot_letter_plugin: Path) -> None:
    from letterkit import CorruptInput, read_letter

    with pytest.raises(CorruptInput, match="%LETTER"):
        read_letter(b"no header here", filename="bad.letter", format="letter")
    # not forced, the next reader that claims the input (plain text) reads it, and says why
    letter = read_letter(b"no header here", filename="bad.letter")
    assert letter.source.reader == "text"
    assert any("dotletter reader refused it" in w and "%LETTER" in w for w in letter.warnings)


def test_plugin_listed_by_the_cli(dot_letter_plugin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from letterkit.cli import main

    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    assert "dotletter" in out and ".letter" in out and "plugin" in out


def test_a_broken_plugin_warns_and_the_rest_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    install_distribution(
        tmp_path / "site", "letterkit-broken",
        {
            "broken": "lk_broken_plugin:Reader",
            "notareader": "lk_not_a_reader:Thing",
            "gone": "lk_missing_mod:R",
        },
        {"lk_broken_plugin": "raise ImportError('needs libfoo, which is not installed')\n",
         "lk_not_a_reader": "class Thing:\n    pass\n"},
        monkeypatch,
    )
    with caplog.at_level(logging.WARNING, logger="letterkit"):
        readers = available_readers()
    # reported through the letterkit logger, as a warning naming each plugin and why
    messages = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("letterkit"))
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name.startswith("letterkit"))
    assert "broken" in messages and "libfoo" in messages
    assert "notareader" in messages and "gone" in messages
    assert "text" in {r.name for r in readers}
    assert choose_reader(b"Dear Anna,", info("a.txt")).name == "text"


def test_refresh_forgets_a_removed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as mp:
        install_distribution(tmp_path / "site", "letterkit-dotletter",
                             {"dotletter": "lk_dotletter_plugin2:DotLetterReader"},
                             {"lk_dotletter_plugin2": PLUGIN_MODULE}, mp)
        assert "dotletter" in names()
    registry.refresh()
    assert "dotletter" not in names()
