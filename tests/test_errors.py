"""Bad input always ends in a LetterkitError subclass with a message that helps, never a raw exception.

And batch mode never stops: every input yields a result, a letter or an error record.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from letterkit import (
    CorruptInput,
    EmptyInput,
    InputNotFound,
    LetterkitError,
    LimitExceeded,
    Limits,
    UnsupportedFormat,
    read_letter,
    read_letters,
)

GOOD = (
    "Brussels, 3 July 2006\n\nDear Anna,\n\nThank you for the book you sent.\n\n"
    "Yours sincerely,\n\nMarc Dupont\n"
)
GARBAGE = random.Random(1).randbytes(4096)  # holds NULs and control bytes: no charset makes it text
UNKNOWN_FORMAT = b"\x00\x07\x00\x13LKTEST" + random.Random(7).randbytes(4096)


#: a reader that cannot load warns; that is tested in test_registry, not here
pytestmark = pytest.mark.filterwarnings("ignore:letterkit. (built-in reader|reader plugin)")


def check_message(exc: LetterkitError) -> str:
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} without a message"
    assert "Traceback" not in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyInput) as exc:
        read_letter(path)
    assert "empty.txt" in check_message(exc.value)
    assert exc.value.code == "empty-input"


def test_empty_bytes_and_stream() -> None:
    with pytest.raises(EmptyInput):
        read_letter(b"")
    with pytest.raises(EmptyInput):
        read_letter(io.BytesIO(b""))


def test_blank_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n   \n\t\n")
    with pytest.raises(EmptyInput) as exc:
        read_letter(path)
    check_message(exc.value)


def test_empty_input_is_a_corrupt_input() -> None:
    # callers catching CorruptInput also catch EmptyInput: an empty file is a broken file
    assert issubclass(EmptyInput, CorruptInput)


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(GARBAGE)
    with pytest.raises(CorruptInput) as exc:
        read_letter(path)
    message = check_message(exc.value)
    assert "format" in message  # says what to do: pass format=... or fix the extension
    assert exc.value.__cause__ is None or isinstance(exc.value.__cause__, Exception)


def test_unknown_format_bytes(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat) as exc:
        read_letter(UNKNOWN_FORMAT)
    check_message(exc.value)
    path = tmp_path / "blob.bin"
    path.write_bytes(UNKNOWN_FORMAT)
    with pytest.raises(UnsupportedFormat) as exc:
        read_letter(path)
    assert "blob.bin" in check_message(exc.value)


def test_unknown_forced_format() -> None:
    with pytest.raises(UnsupportedFormat) as exc:
        read_letter(GOOD.encode(), format="wordperfect")
    assert "wordperfect" in check_message(exc.value)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-letter.pdf"
    with pytest.raises(InputNotFound) as exc:
        read_letter(missing)
    assert "no-such-letter.pdf" in check_message(exc.value)
    with pytest.raises(InputNotFound):
        read_letter(str(missing))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as exc:
        read_letter(tmp_path)
    assert "directory" in check_message(exc.value)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    small = Limits(max_bytes=100)
    for source in (path, path.read_bytes(), io.BytesIO(path.read_bytes())):
        with pytest.raises(LimitExceeded) as exc:
            read_letter(source, limits=small)
        assert "max_bytes" in check_message(exc.value)


def test_every_error_is_a_letterkit_error() -> None:
    for cls in (CorruptInput, EmptyInput, InputNotFound, UnsupportedFormat, LimitExceeded):
        assert issubclass(cls, LetterkitError)
        assert cls.code and cls.code != LetterkitError.code


def test_wrong_argument_types_are_programming_errors() -> None:
    # not bad *input* but a bad call: Python's own errors, raised before anything is read
    with pytest.raises(TypeError):
        read_letter(12345)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        read_letter(io.StringIO("Dear Anna,"))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        read_letter(GOOD.encode(), ocr="sometimes")


# --- batch mode --------------------------------------------------------------------------------


def test_read_letters_reports_each_bad_input_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(GARBAGE)
    missing = tmp_path / "missing.txt"
    inputs = [missing, good, empty, UNKNOWN_FORMAT, garbage, good]

    results = list(read_letters(inputs))

    assert len(results) == len(inputs)
    assert [r.ok for r in results] == [False, True, False, False, False, True]
    codes = [r.error.code if r.error else None for r in results]
    assert codes == ["input-not-found", None, "empty-input", "unsupported-format", "corrupt-input", None]
    for r in results:
        if r.error:
            record = r.error.model_dump()
            assert set(record) == {"input", "error", "code", "message"}
            assert record["message"].strip()
            assert record["input"] == r.input
        else:
            assert r.letter is not None and "Thank you for the book" in r.letter.text
    assert results[0].input == str(missing)
    assert results[0].error.error == "InputNotFound"
    assert results[3].input == "<bytes 3>"  # bytes have no name


def test_read_letters_walks_a_folder_and_reports_its_bad_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    results = list(read_letters([tmp_path]))
    by_name = {Path(r.input).name: r for r in results}
    assert set(by_name) == {"good.txt", "empty.txt"}  # hidden files are skipped
    assert by_name["good.txt"].ok
    assert by_name["empty.txt"].error is not None and by_name["empty.txt"].error.code == "empty-input"


def test_read_letters_accepts_a_generator(tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        p = tmp_path / f"l{i}.txt"
        p.write_text(GOOD if i != 1 else "", encoding="utf-8")
        paths.append(p)
    results = list(read_letters(p for p in paths))
    assert [r.ok for r in results] == [True, False, True]
