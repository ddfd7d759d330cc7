"""Isolation by default: every document is read in a worker process that may crash, hang, die in the
middle of sending its result or outlive its parent, and the batch still gives one result per input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import letterkit.batch as batch
from letterkit import read_letters

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")

LETTER = (
    "Paris, 3 July 2006\n\nDear Anna,\n\nThank you for the book you sent last week.\n\n"
    "Yours sincerely,\n\nMarc Dubois\n"
)
REPRO = Path(os.environ.get("LETTERKIT_REPRO", "/work/shared/repro"))


def _letters(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"letter-{i}.txt"
        p.write_text(LETTER.replace("Anna", f"Anna {i}"), encoding="utf-8")
        paths.append(p)
    return paths


def test_a_crash_is_one_record_even_with_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _letters(tmp_path, 3)
    boom = tmp_path / "boom.txt"
    boom.write_text(LETTER, encoding="utf-8")
    real = batch.read_task

    def crashing(task: batch.Task, options: dict) -> batch.BatchResult:
        if task.label.endswith("boom.txt"):
            os.abort()  # what PDFium does when an allocation fails
        return real(task, options)

    monkeypatch.setattr(batch, "read_task", crashing)
    results = list(read_letters([paths[0], boom, *paths[1:]]))  # no workers, timeout or memory_limit
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error is not None and results[1].error.error == "WorkerCrashed"
    assert "SIGABRT" in results[1].error.message


def test_isolate_false_reads_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = batch.read_task

    def spying(task: batch.Task, options: dict) -> batch.BatchResult:
        seen.append(os.getpid())
        return real(task, options)

    monkeypatch.setattr(batch, "read_task", spying)
    results = list(read_letters(_letters(tmp_path, 2), isolate=False))
    assert all(r.ok for r in results) and seen == [os.getpid(), os.getpid()]


@pytest.mark.parametrize("how", ["killed", "stalled"])
def test_a_worker_dying_in_the_middle_of_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    paths = _letters(tmp_path, 4)
    victim = tmp_path / "midsend.txt"
    victim.write_text(LETTER.replace("Anna", "Victim"), encoding="utf-8")
    real_send = batch._send_frame

    def half_send(fd: int, kind: bytes, payload: bytes) -> None:
        if kind == batch._RESULT and b"midsend.txt" in payload:
            frame = kind + len(payload).to_bytes(8, "big") + payload
            batch._write_all(fd, frame[: len(frame) // 2])
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(3600)
        real_send(fd, kind, payload)

    monkeypatch.setattr(batch, "_send_frame", half_send)
    results = list(read_letters([paths[0], victim, *paths[1:]], workers=2, timeout=3))
    assert sorted(r.index for r in results) == list(range(5))
    bad = [r for r in results if not r.ok]
    assert [r.input for r in bad] == [str(victim)]
    assert bad[0].error is not None
    assert bad[0].error.code == ("worker-crashed" if how == "killed" else "limit-exceeded")
    assert sum(r.ok for r in results) == 4


def test_a_worker_that_is_never_begun_does_not_wedge_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task pipe to a worker that is already gone: the task goes to a fresh worker instead."""
    paths = _letters(tmp_path, 3)
    real_spawn = batch._Pool._spawn
    calls = {"n": 0}

    def spawn_one_dead(self: batch._Pool) -> batch._Worker:
        w = real_spawn(self)
        calls["n"] += 1
        if calls["n"] == 1:  # the first worker dies before it reads anything
            os.kill(w.pid, signal.SIGKILL)
            os.waitpid(w.pid, 0)
            w.exitcode = -9
        return w

    monkeypatch.setattr(batch._Pool, "_spawn", spawn_one_dead)
    results = list(read_letters(paths, workers=1))
    assert len(results) == 3 and sorted(r.index for r in results) == [0, 1, 2]
    # the first task may be lost with the dead worker, but as a record, never silently
    assert all(r.ok or (r.error is not None and r.error.code == "worker-crashed") for r in results)
    assert sum(r.ok for r in results) >= 2


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import os, time
        import letterkit.batch as batch
        from letterkit import read_letters

        def hanging(task, options):
            with open({str(pid_file)!r} + ".tmp", "w") as fh:
                fh.write(str(os.getpid()))
            os.replace({str(pid_file)!r} + ".tmp", {str(pid_file)!r})
            time.sleep(3600)

        batch.read_task = hanging
        list(read_letters([{str(tmp_path / "a.txt")!r}], timeout=3600))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):
            if pid_file.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert pid_file.exists(), "the worker never started"
        worker = int(pid_file.read_text())
        assert _alive(worker)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for _ in range(100):
            if not _alive(worker):
                break
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


HOSTILE_PDFS = ["pdf_form_xobject_self_twice.pdf", "pdf_form_xobject_dag_2pow30.pdf"]


@pytest.mark.slow
@pytest.mark.skipif(not REPRO.is_dir(), reason="the repro files are not here")
def test_pdfs_that_exhaust_pdfium_cost_one_record_each(tmp_path: Path) -> None:
    """Run in a child process with an address-space cap, so that a regression cannot take the machine."""
    good = _letters(tmp_path, 2)
    inputs = [str(good[0]), *(str(REPRO / n) for n in HOSTILE_PDFS), str(good[1])]
    script = textwrap.dedent(
        f"""
        import json
        from letterkit import read_letters
        out = [(r.index, r.ok, r.error.code if r.error else None) for r in read_letters({inputs!r})]
        print(json.dumps(sorted(out)))
        """
    )
    done = subprocess.run(
        ["prlimit", "--as=2000000000", sys.executable, "-c", script],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    rows = json.loads(done.stdout.strip().splitlines()[-1])
    assert [r[0] for r in rows] == [0, 1, 2, 3]
    assert rows[0][1] and rows[3][1]
    assert all(not ok and code in ("worker-crashed", "limit-exceeded") for _, ok, code in rows[1:3])
