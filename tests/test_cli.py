"""The ``letterkit`` command: read, convert, formats, schema, and errors without tracebacks.

``main(argv)`` returns the exit status, so most tests call it in-process; one test runs the real
command in a subprocess to check what a shell user sees.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from letterkit import __version__
from letterkit.cli import main

#: a reader that cannot load warns; that is tested in test_registry, not here
pytestmark = pytest.mark.filterwarnings("ignore:letterkit. (built-in reader|reader plugin)")

CONTRACT_KEYS = {
    "date", "date_text", "place", "reference", "subject", "language", "letterhead", "sender", "recipients",
    "salutation", "body", "closing", "signatories", "cc", "enclosures", "postscript", "footnotes", "source",
    "text", "warnings",
}
GARBAGE = random.Random(1).randbytes(2048)


@pytest.fixture
def kelam(examples_dir: Path) -> Path:
    path = examples_dir / "kelam-valls-2016.txt"
    assert path.exists(), "examples/letters/kelam-valls-2016.txt is shipped with the source"
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"letterkit {__version__}"


def test_read_summary(kelam: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "read", str(kelam))
    assert status == 0, err
    assert out.startswith("kelam-valls-2016.txt")
    for label in ("Date:", "Place:", "Reference:", "Subject:", "Language:", "Letterhead:", "Sender:",
                  "Recipients:", "Salutation:", "Body", "Closing:", "Signatories:", "Cc:", "Enclosures:",
                  "Postscript:", "Footnotes:", "Warnings:", "Source:"):
        assert f"\n{label}" in out, f"{label} missing from the summary"
    assert "   1. " in out  # numbered body paragraphs
    assert "Mr Prime Minister," in out
    assert "sha256:" in out
    assert max(len(line) for line in out.splitlines() if line.startswith("   ")) <= 100  # wrapped


def test_read_json(kelam: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "read", str(kelam), "--json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    assert data["source"]["filename"] == "kelam-valls-2016.txt"
    assert data["source"]["format"] == "txt"
    assert len(data["source"]["sha256"]) == 64
    assert "Hôtel de Matignon" in out  # ensure_ascii=False: the letter's own characters
    assert out.startswith('{\n  "')  # indented


def test_read_json_forced_format(kelam: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "letter.data"
    odd.write_bytes(kelam.read_bytes())
    status, out, err = run(capsys, "read", str(odd), "--json", "--format", "txt", "--ocr", "never")
    assert status == 0, err
    assert json.loads(out)["source"]["reader"] == "text"


def test_read_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.pdf"
    status, out, err = run(capsys, "read", str(missing))
    assert status == 2
    assert out == ""
    assert err.startswith("letterkit: error: ")
    assert "nowhere.pdf" in err
    assert "Traceback" not in err


def test_read_directory_and_garbage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "read", str(tmp_path))
    assert status == 2 and err.startswith("letterkit: error: ")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(GARBAGE)
    status, _, err = run(capsys, "read", str(bad))
    assert status == 2 and err.startswith("letterkit: error: ") and "Traceback" not in err
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x07\x00\x13" + GARBAGE)
    status, _, err = run(capsys, "read", str(blob), "--json")
    assert status == 2 and "letterkit: error: " in err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 2  # no command: help on stderr
    assert run(capsys, "read")[0] == 2  # no file
    assert run(capsys, "read", "x.txt", "--ocr", "sometimes")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "convert" in out


def test_convert_good_and_bad(kelam: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "in" / "broken.txt"
    bad.parent.mkdir()
    bad.write_bytes(GARBAGE)
    out_dir = tmp_path / "out"
    status, out, err = run(capsys, "convert", str(kelam), str(bad), str(tmp_path / "missing.txt"),
                           "--out", str(out_dir))
    assert status == 1
    assert "converted: 1, failed: 2" in out
    assert "broken.txt" in err and "Traceback" not in err

    letter = json.loads((out_dir / "kelam-valls-2016.txt.json").read_text(encoding="utf-8"))
    assert set(letter) >= CONTRACT_KEYS
    assert letter["source"]["filename"] == "kelam-valls-2016.txt"

    record = json.loads((out_dir / "broken.txt.error.json").read_text(encoding="utf-8"))
    assert set(record) == {"input", "error", "code", "message"}
    assert record["input"] == str(bad)
    assert record["error"] == "CorruptInput" and record["code"] == "corrupt-input"
    assert record["message"]
    missing = json.loads((out_dir / "missing.txt.error.json").read_text(encoding="utf-8"))
    assert missing["code"] == "input-not-found"
    assert not (out_dir / "broken.txt.json").exists()


def test_convert_all_good_exits_0(kelam: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "convert", str(kelam), "--out", str(tmp_path / "new" / "dir"), "--quiet")
    assert status == 0
    assert "converted: 1, failed: 0" in out
    assert (tmp_path / "new" / "dir" / "kelam-valls-2016.txt.json").exists()


def test_convert_walks_folders(kelam: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "letters"
    (src / "2016").mkdir(parents=True)
    (src / ".hidden").mkdir()
    shutil.copy(kelam, src / "a.txt")
    shutil.copy(kelam, src / "2016" / "a.txt")  # same name in a subfolder: kept apart
    (src / "2016" / "b.md").write_text("Dear Anna,\n\nThank **you**.\n\nMarc\n", encoding="utf-8")
    (src / "notes.json").write_text("{}", encoding="utf-8")  # no reader for .json: not a letter
    (src / ".hidden" / "c.txt").write_text("Dear Anna,", encoding="utf-8")
    out_dir = src / "json"  # inside the input folder: must not be read back in
    status, out, err = run(capsys, "convert", str(src), "--out", str(out_dir))
    assert status == 0, err
    assert "converted: 3, failed: 0" in out
    made = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.json"))
    assert made == ["2016/a.txt.json", "2016/b.md.json", "a.txt.json"]
    # a second run does not convert its own output
    status, out, _ = run(capsys, "convert", str(src), "--out", str(out_dir))
    assert status == 0 and "converted: 3, failed: 0" in out


def test_convert_replaces_a_stale_error(
    kelam: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"")
    out_dir = tmp_path / "out"
    assert run(capsys, "convert", str(path), "--out", str(out_dir))[0] == 1
    assert (out_dir / "letter.txt.error.json").exists()
    shutil.copy(kelam, path)
    assert run(capsys, "convert", str(path), "--out", str(out_dir))[0] == 0
    assert (out_dir / "letter.txt.json").exists()
    assert not (out_dir / "letter.txt.error.json").exists()


def test_convert_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "convert", str(tmp_path), "--out", str(tmp_path / "out"))
    assert status == 1 and "no letters found" in err


def test_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "formats")
    assert status == 0
    assert out.startswith("text") or "\ntext\n" in out
    assert ".txt" in out and ".md" in out
    status, out, _ = run(capsys, "formats", "--json")
    rows = json.loads(out)
    text = next(r for r in rows if r["name"] == "text")
    assert {"name", "formats", "extensions", "description"} <= set(text)
    assert "txt" in text["formats"] and "md" in text["extensions"]


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    assert schema["title"] == "Letter"
    assert set(schema["properties"]) >= CONTRACT_KEYS
    assert {"source", "text"} <= set(schema["required"])


def test_the_installed_command(kelam: Path, tmp_path: Path) -> None:
    """What a shell user sees: the real process, its exit status, no traceback on stderr."""
    cmd = [sys.executable, "-m", "letterkit.cli"]
    done = subprocess.run([*cmd, "read", str(tmp_path / "missing.txt")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("does not exist; check the path.")
    assert "Traceback" not in done.stderr
    done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and __version__ in done.stdout


def test_read_from_standard_input(
    kelam: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(kelam.read_bytes()), encoding="utf-8"))
    status, out, err = run(capsys, "read", "-", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["source"]["reader"] == "text"
    assert "Mr Prime Minister," in data["text"]
