"""Batch mode: one result per input, whatever the inputs do to the workers."""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import zipfile
from pathlib import Path

import pytest

import letterkit.batch as batch
from letterkit import read_letters

LETTER = (
    "Paris, 3 July 2006\n\nDear Anna,\n\nThank you for the book you sent last week; I have read it twice "
    "already and enjoyed it very much.\n\nYours sincerely,\n\nMarc Dubois\n"
)

needs_fork = pytest.mark.skipif(
    "fork" not in mp.get_all_start_methods(), reason="needs the fork start method"
)


def _write_letters(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"letter-{i:03d}.txt"
        p.write_text(LETTER.replace("Anna", f"Anna {i}"), encoding="utf-8")
        paths.append(p)
    return paths


def test_sequential_keeps_input_order(tmp_path: Path) -> None:
    paths = _write_letters(tmp_path, 5)
    results = list(read_letters(paths))
    assert [r.input for r in results] == [str(p) for p in paths]
    assert [r.index for r in results] == list(range(5))
    assert all(r.ok and r.letter.date == "2006-07-03" for r in results)


@needs_fork
def test_pool_gives_one_result_per_input_with_bad_ones_as_records(tmp_path: Path) -> None:
    good = _write_letters(tmp_path / "good", 40)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    (bad_dir / "empty.txt").write_bytes(b"")
    (bad_dir / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    (bad_dir / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    bad = [bad_dir / "empty.txt", bad_dir / "garbage.txt", bad_dir / "broken.docx", tmp_path / "nope.txt"]
    inputs = [*good, *bad]
    results = list(read_letters(inputs, workers=2))
    assert len(results) == len(inputs)
    assert sorted(r.index for r in results) == list(range(len(inputs)))
    assert sum(r.ok for r in results) == 40
    codes = sorted(r.error.code for r in results if r.error)
    assert codes == ["corrupt-input", "corrupt-input", "empty-input", "input-not-found"]


@needs_fork
def test_timeout_stops_one_document_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _write_letters(tmp_path, 4)
    slow = tmp_path / "slow.txt"
    slow.write_text(LETTER.replace("Anna", "HANG"), encoding="utf-8")
    real = batch.read_task

    def hanging(task: batch.Task, options: dict) -> batch.BatchResult:
        if task.label.endswith("slow.txt"):
            time.sleep(60)
        return real(task, options)

    monkeypatch.setattr(batch, "read_task", hanging)  # inherited by the forked workers
    # the hanging file sleeps 60 s: its error record (not a 60 s wait) shows the timeout stopped it
    results = list(read_letters([paths[0], slow, *paths[1:]], workers=2, timeout=5.0))
    assert len(results) == 5
    stuck = [r for r in results if r.input.endswith("slow.txt")]
    assert len(stuck) == 1 and stuck[0].error is not None
    assert stuck[0].error.code == "limit-exceeded" and "timeout" in stuck[0].error.message
    assert sum(r.ok for r in results) == 4


@needs_fork
def test_a_crashed_worker_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _write_letters(tmp_path, 4)
    boom = tmp_path / "boom.txt"
    boom.write_text(LETTER, encoding="utf-8")
    real = batch.read_task

    def crashing(task: batch.Task, options: dict) -> batch.BatchResult:
        if task.label.endswith("boom.txt"):
            os._exit(3)  # a native crash, as far as the pool can tell
        return real(task, options)

    monkeypatch.setattr(batch, "read_task", crashing)
    results = list(read_letters([boom, *paths], workers=2, timeout=30))
    assert len(results) == 5
    crashed = [r for r in results if r.error]
    assert [r.error.code for r in crashed] == ["worker-crashed"]  # type: ignore[union-attr]
    assert "exit code 3" in crashed[0].error.message  # type: ignore[union-attr]
    assert sum(r.ok for r in results) == 4


@needs_fork
def test_memory_limit_turns_a_greedy_document_into_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write_letters(tmp_path, 2)
    greedy = tmp_path / "greedy.txt"
    greedy.write_text(LETTER, encoding="utf-8")
    real = batch.read_task

    def eating(task: batch.Task, options: dict) -> batch.BatchResult:
        if task.label.endswith("greedy.txt"):
            try:
                hog = bytearray(8 * 1024**3)  # 8 GiB: over the cap below
            except MemoryError:
                return batch.BatchResult(
                    input=task.label,
                    error=batch.ErrorRecord(task.label, "LimitExceeded", "limit-exceeded", "memory"),
                )
            del hog
        return real(task, options)

    monkeypatch.setattr(batch, "read_task", eating)
    results = list(read_letters([greedy, *paths], workers=1, memory_limit=4 * 1024**3))
    assert len(results) == 3
    by_name = {Path(r.input).name: r for r in results}
    assert by_name["greedy.txt"].error is not None
    assert by_name["greedy.txt"].error.code in ("limit-exceeded", "worker-crashed")
    assert by_name["letter-000.txt"].ok and by_name["letter-001.txt"].ok


def test_zip_archives_folders_and_patterns(tmp_path: Path) -> None:
    _write_letters(tmp_path / "letters", 3)
    (tmp_path / "letters" / "notes.md").write_text(LETTER, encoding="utf-8")
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/one.txt", LETTER)
        zf.writestr("a/two.txt", LETTER)
        zf.writestr("a/skip.md", LETTER)
    results = list(read_letters([tmp_path / "letters", archive], include=["*.txt"]))
    names = sorted(r.input for r in results)
    assert len(names) == 5
    assert f"{archive}!a/one.txt" in names and f"{archive}!a/two.txt" in names
    assert not any(n.endswith(".md") for n in names)
    assert all(r.ok for r in results)
    assert {r.letter.source.filename for r in results if "!" in r.input} == {"one.txt", "two.txt"}
    excluded = list(read_letters([tmp_path / "letters"], exclude=["letter-00[01].txt"]))
    assert sorted(Path(r.input).name for r in excluded) == ["letter-002.txt", "notes.md"]


def test_a_broken_or_empty_zip_archive_is_one_error_record(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is no zip archive at all")
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    results = list(read_letters([bad, empty]))
    assert [r.error.code for r in results if r.error] == ["corrupt-input", "empty-input"]


def test_bytes_and_streams(tmp_path: Path) -> None:
    path = _write_letters(tmp_path, 1)[0]
    with path.open("rb") as fh:
        results = list(read_letters([LETTER.encode(), fh]))
    assert [r.ok for r in results] == [True, True]
    assert results[0].input == "<bytes 0>"
    assert results[1].input == str(path)


def test_fsspec_urls_and_globs() -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for i in range(3):
        with fs.open(f"/lk-test/letters/l{i}.txt", "wb") as fh:
            fh.write(LETTER.encode())
    with fs.open("/lk-test/letters/notes.md", "wb") as fh:
        fh.write(LETTER.encode())
    try:
        results = list(read_letters(["memory://lk-test/letters/*.txt", "memory://lk-test/missing.txt"]))
        ok = [r for r in results if r.ok]
        assert len(ok) == 3 and all(r.letter.date == "2006-07-03" for r in ok)
        assert {r.letter.source.filename for r in ok} == {"l0.txt", "l1.txt", "l2.txt"}
        assert [r.error.code for r in results if r.error] == ["input-not-found"]  # type: ignore[union-attr]
    finally:
        fs.rm("/lk-test", recursive=True)
