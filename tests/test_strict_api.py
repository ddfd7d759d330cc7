"""A strict, observable API: unknown keywords are TypeErrors, messages go to the ``letterkit`` logger,
warnings of batch workers reach the parent, a missing optional package names the extra to install."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from letterkit import MissingDependency, read_letter, read_letters
from letterkit.api import read_document
from letterkit.cli import main
from letterkit.document import Document
from letterkit.errors import LetterkitError
from letterkit.readers import registry
from letterkit.readers.base import Reader, ReadOptions, StreamInfo
from letterkit.readers.text import TextReader

LETTER = (b"Lyon, 14 March 2019\n\nDear Mr Harlow,\n\nThank you for your letter about the catalogues; "
          b"they will reach you before the end of the month.\n\nYours sincerely,\n\nClaire Fontaine\n")


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    registry.refresh()
    yield
    registry.refresh()


# --- TypeError on a misspelt option ------------------------------------------------------------------


def test_a_misspelt_option_of_read_letter_is_a_type_error_naming_the_right_one() -> None:
    with pytest.raises(TypeError) as exc:
        read_letter(LETTER, ocr_langauges=["fr"])
    message = str(exc.value)
    assert "read_letter()" in message and "'ocr_langauges'" in message
    assert "did you mean 'ocr_languages'" in message


def test_an_unknown_option_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    # the path does not exist: the TypeError must come first, not InputNotFound
    with pytest.raises(TypeError, match="pdf_bakend"):
        read_letter(tmp_path / "missing.pdf", pdf_bakend="x")
    with pytest.raises(TypeError, match="read_document"):
        read_document(LETTER, modle="x")


def test_read_letters_checks_its_options_at_once_not_when_iterated() -> None:
    with pytest.raises(TypeError, match="'ocr_langauges'"):
        read_letters([LETTER], ocr_langauges=["fr"])  # not iterated: the call itself raises
    with pytest.raises(TypeError, match="'worker'"):
        read_letters([LETTER], worker=2)


def test_declared_reader_options_and_the_common_ones_are_accepted() -> None:
    assert read_letter(LETTER, ocr_dpi=300, doc_converter="auto", ocr="never").date == "2019-03-14"
    results = list(read_letters([LETTER], isolate=False, ocr_dpi=300, ocr_languages=["en"]))
    assert results[0].ok


class _OptionReader(TextReader):
    """A plugin reader declaring an option of its own, and warning and logging while it reads."""

    name = "optreader"
    formats = ("optreader",)
    extensions = ("opt",)
    options: ClassVar[tuple[str, ...]] = ("opt_style",)

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        style = options.extra.get("opt_style", "plain")
        warnings.warn(f"optreader: style {style} is experimental", UserWarning, stacklevel=2)
        logging.getLogger("letterkit.plugin.optreader").info("optreader read %d bytes", len(data))
        return super().read(data, info, options)


@pytest.fixture
def option_reader(monkeypatch: pytest.MonkeyPatch) -> Reader:
    reader = _OptionReader()
    readers = registry.available_readers()
    monkeypatch.setattr(registry, "available_readers", lambda: (reader, *readers))
    return reader


def test_a_plugin_declared_option_is_accepted_and_reaches_the_reader(option_reader: Reader) -> None:
    with pytest.warns(UserWarning, match="style bold"):
        letter = read_letter(LETTER, format="optreader", opt_style="bold")
    assert letter.source.reader == "optreader"
    with pytest.raises(TypeError, match="did you mean 'opt_style'"):
        read_letter(LETTER, format="optreader", opt_stlye="bold")


def test_the_example_plugin_declares_its_option() -> None:
    source = Path(__file__).resolve().parent.parent / "examples" / "letterkit-eml" / "src"
    sys.path.insert(0, str(source))
    try:
        from letterkit_eml import EmlReader
    finally:
        sys.path.remove(str(source))
    assert "eml_part" in EmlReader.options


# --- the letterkit logger ----------------------------------------------------------------------------


def test_the_reader_chosen_is_logged_at_debug_level(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="letterkit"):
        read_letter(LETTER, filename="harlow.txt")
    chosen = [r for r in caplog.records if r.name == "letterkit.readers.registry"]
    assert any("harlow.txt read by the text reader" in r.getMessage() for r in chosen)


def test_the_library_prints_nothing_without_logging_configured() -> None:
    code = (
        "import letterkit, logging\n"
        "from letterkit.readers.registry import log\n"
        "log.warning('a plugin failed')\n"
        "assert logging.getLogger('letterkit').handlers\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # the NullHandler: no "No handlers could be found", no last-resort line


def test_warnings_and_log_records_of_workers_reach_the_parent(
    option_reader: Reader, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="letterkit"), warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning printed or raised in the parent would fail here
        results = list(read_letters([LETTER], format="optreader", opt_style="bold", workers=1))
    assert results[0].ok and results[0].letter is not None
    texts = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    warned = "<bytes 0>: UserWarning: optreader: style bold is experimental"
    assert ("letterkit.worker", logging.WARNING, warned) in texts
    logged = f"<bytes 0>: optreader read {len(LETTER)} bytes"
    assert ("letterkit.plugin.optreader", logging.INFO, logged) in texts


def test_worker_messages_below_the_parents_level_are_not_carried(
    option_reader: Reader, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="letterkit"):
        [result] = list(read_letters([LETTER], format="optreader", workers=1))
    assert all(level >= logging.WARNING for level, _, _ in result.messages)
    assert any("experimental" in text for _, _, text in result.messages)


def test_cli_verbose_and_quiet_on_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "harlow.txt"
    letter.write_bytes(LETTER)
    assert main(["read", str(letter), "-vv"]) == 0
    assert "letterkit: debug: harlow.txt read by the text reader" in capsys.readouterr().err
    assert main(["-v", "read", str(letter)]) == 0
    assert "debug" not in capsys.readouterr().err
    assert main(["read", str(letter)]) == 0
    assert capsys.readouterr().err == ""
    for command in (["formats", "-q"], ["schema", "--quiet"], ["formats", "-v"]):
        assert main(command) == 0, command
    capsys.readouterr()
    out_dir = tmp_path / "out"
    assert main(["convert", str(letter), "--out", str(out_dir), "-q"]) == 0
    captured = capsys.readouterr()
    assert "ok      " not in captured.out and "converted: 1" in captured.out


def test_cli_quiet_silences_warnings(
    option_reader: Reader, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "harlow.opt"
    letter.write_bytes(LETTER)
    assert main(["read", str(letter)]) == 0
    assert "letterkit: warning: " in capsys.readouterr().err
    assert main(["read", str(letter), "-q"]) == 0
    assert capsys.readouterr().err == ""


# --- a missing optional dependency -------------------------------------------------------------------


def test_a_missing_optional_package_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    from letterkit.convert import make_output

    with pytest.raises(MissingDependency) as exc:
        make_output("parquet", tmp_path, append=False)
    assert isinstance(exc.value, LetterkitError) and isinstance(exc.value, ImportError)
    assert "pip install 'letterkit[parquet]'" in str(exc.value) and exc.value.extra == "parquet"
    letter = tmp_path / "harlow.txt"
    letter.write_bytes(LETTER)
    assert main(["convert", str(letter), "--out", str(tmp_path / "o"), "--to", "parquet"]) == 2
    err = capsys.readouterr().err
    assert "letterkit[parquet]" in err and "internal error" not in err
