"""The command in pipes: --out - streams letters, 'convert -' reads paths from standard input, a
closed pipe stops the run with status 141 and a state --resume goes on from, Ctrl-C ends quietly
with status 130, messages do not glue onto the progress bar, each command shows its own usage, and
messages speak of the command's options, not the Python API's."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from letterkit.cli import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, cli_message, main


def _letters(folder: Path, n: int) -> list[Path]:
    """``n`` invented letters, each with content of its own (the state is keyed by content)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"letter-{i:03d}.txt"
        path.write_text(
            f"Lyon, {1 + i % 28} March 2019\n\nDear Mr Harlow,\n\nThank you for your letter number {i} about "
            "the delivery of the printed catalogues; they will reach you before the end of the month.\n\n"
            "Yours sincerely,\n\nClaire Fontaine\n", encoding="utf-8")
        out.append(path)
    return out


def _cli(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "letterkit", *args], text=True, **kwargs)  # type: ignore[call-overload]


def test_out_dash_streams_jsonl_to_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    letters = _letters(tmp_path / "in", 3)
    monkeypatch.chdir(tmp_path)
    assert main(["convert", str(tmp_path / "in"), "--out", "-"]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert sorted(r["input"] for r in records) == sorted(str(p) for p in letters)
    assert all(r["date"].startswith("2019-03-") for r in records)
    assert "converted: 3, failed: 0 (output in standard output)" in captured.err  # the summary
    assert not (tmp_path / "-").exists()  # no folder named '-'


def test_out_dash_streams_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _letters(tmp_path / "in", 2)
    assert main(["convert", str(tmp_path / "in"), "--out", "-", "--to", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2 and {r["place"] for r in rows} == {"Lyon"}


def test_out_dash_refuses_a_format_of_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _letters(tmp_path / "in", 1)
    assert main(["convert", str(tmp_path / "in"), "--out", "-", "--to", "tei"]) == 2
    err = capsys.readouterr().err
    assert "usage: letterkit convert" in err and "--out - streams --to jsonl or csv" in err


def test_convert_dash_reads_paths_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    letters = _letters(tmp_path / "in", 3)
    spaced = tmp_path / "in" / "a letter with spaces.txt"
    spaced.write_bytes(letters[0].read_bytes() + b"\n(copy)\n")
    given = "\n".join([str(letters[0]), "", f"  {letters[2]}  ", str(spaced)]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(given))
    assert main(["convert", "-", "--out", "-"]) == 0
    inputs = [json.loads(line)["input"] for line in capsys.readouterr().out.splitlines()]
    assert sorted(inputs) == sorted([str(letters[0]), str(letters[2]), str(spaced)])


def test_a_closed_pipe_stops_with_141_and_resume_goes_on(tmp_path: Path) -> None:
    # 60 letters of ~5 KB of JSON each: more than a pipe's buffer holds, so the writer must still be
    # writing when the reader goes away, however fast the machine
    letters = _letters(tmp_path / "in", 60)
    state = tmp_path / "state.jsonl"
    args = ["convert", str(tmp_path / "in"), "--out", "-", "--state", str(state)]
    proc = _cli(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = json.loads(proc.stdout.readline())  # `| head -1`: one line, then the reader goes away
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert "Traceback" not in err and "--resume" in err
    done = [json.loads(line)["input"] for line in state.read_text().splitlines()]
    assert first["input"] in done and len(done) < len(letters)
    rest = _cli(*args, "--resume", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = rest.communicate(timeout=120)
    assert rest.returncode == 0, err
    again = [json.loads(line)["input"] for line in out.splitlines()]
    assert sorted(done + again) == sorted(str(p) for p in letters)  # each input once, none lost


def test_a_closed_pipe_of_the_progress_log_stops_a_folder_run_too(tmp_path: Path) -> None:
    _letters(tmp_path / "in", 60)  # the pipe is closed after the first line, long before the 60th
    out_dir = tmp_path / "out"
    proc = _cli("convert", str(tmp_path / "in"), "--out", str(out_dir), "--to", "jsonl",
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith("ok ")
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE and "Traceback" not in err
    recorded = list((out_dir / ".letterkit" / "records").rglob("*.record"))
    written = (out_dir / "letters.jsonl").read_text().splitlines()
    assert 1 <= len(recorded) == len(written) < 60  # the records say exactly what was written
    again = _cli("convert", str(tmp_path / "in"), "--out", str(out_dir), "--to", "jsonl", "--resume",
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert again.wait(timeout=600) == 0
    assert len((out_dir / "letters.jsonl").read_text().splitlines()) == 60  # each letter once


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_workers_quietly_with_130(tmp_path: Path) -> None:
    _letters(tmp_path / "in", 400)
    out_dir = tmp_path / "out"
    # a shell starts background commands with Ctrl-C ignored, and a child inherits that (Python then
    # installs no KeyboardInterrupt handler): the run gets the terminal's default, as in a terminal
    proc = _cli("convert", str(tmp_path / "in"), "--out", str(out_dir), "--workers", "2",
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                preexec_fn=_default_sigint)
    for _ in range(1200):  # until a few letters are written (bounded, not a time limit on letterkit)
        if out_dir.is_dir() and len(list(out_dir.rglob("*.json"))) >= 3:
            break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the foreground group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_INTERRUPTED
    assert err == "letterkit: interrupted\n"  # no traceback, of the parent or of a worker
    assert len(list(out_dir.rglob("*.json"))) < 400


def test_failures_are_written_through_the_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _letters(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--progress"]) == 1
    err = capsys.readouterr().err
    failures = [line for line in err.split("\n") if "failed  " in line]
    assert len(failures) == 2
    for line in failures:  # whatever the bar drew on this line was cleared before the message
        assert line.split("\r")[-1].startswith("failed  "), repr(line)
    assert "letter/s" in err or "letter" in err  # the bar was drawn


def test_python_dash_m_letterkit(tmp_path: Path) -> None:
    [letter] = _letters(tmp_path, 1)
    done = subprocess.run([sys.executable, "-m", "letterkit", "read", str(letter), "--json"],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["place"] == "Lyon"


def test_a_mistake_shows_the_commands_own_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [letter] = _letters(tmp_path, 1)
    assert main(["read", str(letter), "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: letterkit read ")
    assert "letterkit read: error: unrecognized arguments: --bogus" in err
    assert main(["convert", str(letter), "--out", str(tmp_path / "o"), "--workers", "x"]) == 2
    assert "usage: letterkit convert " in capsys.readouterr().err
    assert main(["--bogus"]) == 2
    assert capsys.readouterr().err.startswith("usage: letterkit [-h]")


def test_messages_speak_of_the_commands_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "'letterkit convert'" in err and "read_letters" not in err
    blob = tmp_path / "x.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    assert main(["read", str(blob)]) == 2
    err = capsys.readouterr().err
    assert "--format F" in err and "format=" not in err
    [letter] = _letters(tmp_path / "l", 1)
    assert main(["read", str(letter), "--max-mb", "0.0001"]) == 2
    err = capsys.readouterr().err
    assert "--max-mb" in err and "Limits" not in err


@pytest.mark.parametrize(("library", "command"), [
    ("OCR was disabled (ocr='never'); read it with ocr='auto'.",
     "OCR was disabled (--ocr never); read it with --ocr auto."),
    ("stopped; raise Limits.timeout (e.g. read_letter(..., limits=Limits(timeout=600)), or None for no "
     "limit) "
     "to read it.", "stopped; raise --time-limit (e.g. --time-limit 600, or 0 for no limit) to read it."),
    ("over the limit of 500; raise Limits.max_pages to read it.",
     "over the limit of 500; raise --max-pages to read it."),
    ("pass it with password=... (CLI: --password).", "give it with --password."),
    ("Raise timeout= to allow more time.", "Raise --timeout to allow more time."),
])
def test_cli_message(library: str, command: str) -> None:
    assert cli_message(library) == command
