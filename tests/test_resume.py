"""Exactly one result per input across interruptions (issue 13, part 4).

``letterkit convert`` is run as a real process and killed (SIGKILL, the main process and its workers)
at random points, then resumed until a run ends by itself; whatever the moments, every output kind
must end with each good input's letter exactly once and each bad input's error record exactly once.
Also: a second run into the same folder is refused while the first holds it; a full or read-only
output folder is a clear error (exit 2) that ``--resume`` continues from; failures are retried only
with ``--retry-failed`` and their record is replaced. No test waits on a clock: kill points are
counted in lines of the run's log.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import letterkit.convert_state as state
from letterkit.cli import main

CORPUS = Path(__file__).resolve().parent / "letters"
KINDS = ["json", "jsonl", "csv", "parquet", "tei", "cmif"]


def _inputs(root: Path, n_good: int) -> tuple[list[Path], list[Path]]:
    letters = sorted(CORPUS.glob("*.txt"))
    good = []
    for i in range(n_good):
        src = letters[i % len(letters)]
        dest = root / f"box{i % 3}" / f"{i:03d}-{src.name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes() + f"\n\n[copy {i}]\n".encode())
        good.append(dest)
    bad = [root / "box0" / "empty.txt", root / "box1" / "garbage.txt", root / "box2" / "broken.docx"]
    bad[0].write_bytes(b"")
    bad[1].write_bytes(bytes(range(256)) * 30)
    bad[2].write_bytes(b"PK\x03\x04 truncated")
    return good, bad


def _command(inp: Path, out: Path, kind: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "letterkit.cli", "convert", str(inp), "--out", str(out), "--to", kind,
            "--workers", "2", "--no-progress", *extra]


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True)


def _children(pid: int) -> list[int]:
    """The worker processes of ``pid`` (Linux /proc)."""
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def _run_and_kill(cmd: list[str], rng: random.Random) -> int | None:
    """Run ``cmd``; after a random number of logged results (0: during start-up) kill a worker or the
    main process with its workers. The exit status, or None when it was killed."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    after = rng.choice([0, 1, 2, 3, 5, 8, 13])
    kill_worker_first = rng.random() < 0.4
    seen = 0
    killed = False
    if after == 0:
        proc.kill()
        killed = True
    for line in proc.stdout:
        if killed:
            continue
        if line.startswith("ok "):
            seen += 1
        if seen >= after:
            workers = _children(proc.pid)
            if kill_worker_first and workers:
                os.kill(rng.choice(workers), signal.SIGKILL)  # the input it held gets a record
                kill_worker_first = False
                after += rng.choice([1, 2, 4])
                continue
            for pid in [proc.pid, *workers]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            killed = True
    status = proc.wait()
    return None if killed and status < 0 else status


def _letter_inputs(out: Path, kind: str) -> list[str]:
    """The input of every letter in the output, duplicates kept."""
    if kind == "json":
        return [p.name[: -len(".json")] for p in out.rglob("*.json")
                if not p.name.endswith(".error.json") and ".letterkit" not in p.parts]
    if kind == "tei":
        return [p.name[: -len(".xml")] for p in out.rglob("*.xml") if ".letterkit" not in p.parts]
    if kind == "jsonl":
        return [json.loads(line)["input"] for line in (out / "letters.jsonl").read_text("utf-8").splitlines()]
    if kind == "csv":
        with (out / "letters.csv").open(encoding="utf-8", newline="") as fh:
            rows = [r["input"] for r in csv.DictReader(fh)]
        with (out / "parties.csv").open(encoding="utf-8", newline="") as fh:
            assert {r["input"] for r in csv.DictReader(fh)} <= set(rows)
        return rows
    if kind == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        return [str(x) for x in pq.read_table(str(out / "letters.parquet")).column("input").to_pylist()]
    from lxml import etree

    root = etree.parse(str(out / "letters.cmif.xml")).getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    return [str(d.get("ref") or d.get("source") or "") for d in root.findall(".//t:correspDesc", ns)]


def _check(out: Path, kind: str, good: list[Path], bad: list[Path]) -> None:
    letters = _letter_inputs(out, kind)
    if kind in ("json", "tei"):
        assert sorted(letters) == sorted(p.name for p in good)
    elif kind == "cmif":
        assert len(letters) == len(good)
    else:
        assert sorted(letters) == sorted(map(str, good))
    errors = [json.loads(line)["input"] for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert sorted(errors) == sorted(map(str, bad))
    if kind == "json":
        failed = sorted(p.name[: -len(".error.json")] for p in out.rglob("*.error.json"))
        assert failed == sorted(p.name for p in bad)
    leftovers = [p for p in out.rglob("*") if p.name.endswith((state.TMP_SUFFIX, ".tmp"))]
    assert not leftovers


@pytest.mark.parametrize("kind", KINDS)
def test_kill_and_resume_gives_every_input_exactly_one_result(tmp_path: Path, kind: str) -> None:
    if kind == "parquet":
        pytest.importorskip("pyarrow")
    good, bad = _inputs(tmp_path / "in", 18)
    out = tmp_path / "out"
    rng = random.Random(f"kill-{kind}")
    status = _run_and_kill(_command(tmp_path / "in", out, kind), rng)
    kills = 0
    while status is None and kills < 6:
        kills += 1
        status = _run_and_kill(_command(tmp_path / "in", out, kind, "--resume"), rng)
    # a worker killed under an input gave it an error record; read those again, and end uninterrupted
    final = subprocess.run(_command(tmp_path / "in", out, kind, "--resume", "--retry-failed"),
                           capture_output=True, text=True)
    assert final.returncode == 1, final.stderr[-2000:]  # the bad inputs still fail
    assert kills >= 1
    _check(out, kind, good, bad)


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    good, bad = _inputs(tmp_path / "in", 12)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(_command(tmp_path / "in", out, "jsonl"), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env)
    assert first.stdout is not None
    first.stdout.readline()  # it has begun writing: it holds the lock
    os.kill(first.pid, signal.SIGSTOP)
    try:
        second = subprocess.run(_command(tmp_path / "in", out, "jsonl"), capture_output=True, text=True)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == 2
    assert "Another letterkit convert" in second.stderr and f"(process {first.pid})" in second.stderr
    first.stdout.read()
    assert first.wait() == 1
    _check(out, "jsonl", good, bad)
    # the lock goes with its holder, kill -9 included: a later run is not blocked
    again = _run(_command(tmp_path / "in", out, "jsonl", "--resume"))
    assert again.returncode == 1 and re.search(r"skipped \(--resume\)\s+12\n", again.stdout)


def _failing_writes(monkeypatch: pytest.MonkeyPatch, after: int, code: int) -> None:
    """Writes into the output folder fail with ``code`` after ``after`` of them succeeded."""
    real = state.atomic_stream
    count = [0]

    def stream(path: Path, newline: str | None = None):  # type: ignore[no-untyped-def]
        count[0] += 1
        if count[0] > after:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, newline)

    monkeypatch.setattr(state, "atomic_stream", stream)


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")])
def test_a_full_or_read_only_folder_is_exit_2_and_resume_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, words: str
) -> None:
    good, bad = _inputs(tmp_path / "in", 10)
    out = tmp_path / "out"
    _failing_writes(monkeypatch, 9, code)
    status = main(["convert", str(tmp_path / "in"), "--out", str(out), "--to", "jsonl", "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert words in err and "--resume" in err and "internal error" not in err
    monkeypatch.undo()
    args = ["convert", str(tmp_path / "in"), "--out", str(out), "--to", "jsonl", "--quiet"]
    status = main([*args, "--resume"])
    printed = capsys.readouterr().out
    assert status == 1
    skipped = re.search(r"skipped \(--resume\)\s+(\d+)", printed)
    assert skipped and int(skipped.group(1)) > 0
    _check(out, "jsonl", good, bad)


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="mounts a small tmpfs (root)")
def test_a_really_full_disk_and_a_read_only_remount(tmp_path: Path) -> None:
    """The same on a real 256 KB file system: it fills up, then it is remounted read-only, then
    writable with room, and --resume finishes the work."""
    good, bad = _inputs(tmp_path / "in", 30)
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "256k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        out = disk / "out"
        full = subprocess.run(_command(tmp_path / "in", out, "json"), capture_output=True, text=True)
        assert full.returncode == 2, full.stderr[-2000:]
        assert "disk is full" in full.stderr and "--resume" in full.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        ro = _run(_command(tmp_path / "in", out, "json", "--resume"))
        assert ro.returncode == 2 and "read-only" in ro.stderr, ro.stderr[-2000:]
        subprocess.run(["mount", "-o", "remount,rw,size=64m", str(disk)], check=True)
        done = _run(_command(tmp_path / "in", out, "json", "--resume"))
        assert done.returncode == 1, done.stderr[-2000:]
        _check(out, "json", good, bad)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_failures_are_retried_only_when_asked_and_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    args = ["convert", str(tmp_path / "in"), "--out", str(out), "--to", "csv", "--quiet"]
    assert main(args) == 1
    for _ in range(2):
        assert main([*args, "--resume"]) == 1  # the failures are kept, not read again
        printed = capsys.readouterr().out
        assert "converted: 0, failed: 3" in printed and "--retry-failed" in printed
    bad[0].write_text("Dear Anna,\n\nThe empty file has a letter now.\n\nYours,\nMarc\n", encoding="utf-8")
    assert main([*args, "--resume"]) == 1  # a changed input is read again anyway
    assert "converted: 1, failed: 2" in capsys.readouterr().out
    assert main([*args, "--resume", "--retry-failed"]) == 1
    assert "converted: 0, failed: 2" in capsys.readouterr().out
    _check(out, "csv", [*good, bad[0]], bad[1:])
