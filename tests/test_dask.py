"""letterkit.dask on a real (local, multi-process) Dask cluster: one record per input, errors kept."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("pandas")

import fsspec
from dask.distributed import Client, LocalCluster
from fsspec.implementations.memory import MemoryFileSystem

from letterkit.dask import (
    DATAFRAME_COLUMNS,
    _cluster_threads,
    _partition_size,
    letters_bag,
    letters_dataframe,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "letters"
TEST_LETTERS = ROOT / "tests" / "letters"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes, so records really cross process boundaries (pickling, imports)."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """~30 text letters plus one corrupt DOCX, in a folder of their own."""
    folder = tmp_path / "archive"
    folder.mkdir()
    sources = sorted(TEST_LETTERS.glob("*.txt"))
    if CORPUS.is_dir():
        sources += sorted(CORPUS.glob("*.txt"))
    for src in sources:
        shutil.copy(src, folder / src.name)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # excluded below
    return folder


def _inputs(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.iterdir() if p.suffix != ".json")


def test_letters_bag_one_record_per_input(client: Client, archive: Path) -> None:
    records = letters_bag(archive, exclude=["*.json"]).compute()
    expected = _inputs(archive)
    assert len(expected) >= 25
    assert [r["input"] for r in records] == expected  # input order, nothing dropped
    by_name = {Path(r["input"]).name: r for r in records}

    bad = by_name["corrupt.docx"]
    assert set(bad) == {"input", "error", "code", "message"}
    assert bad["error"] == "CorruptInput" and bad["code"] == "corrupt-input"

    kelam = by_name["kelam-valls-2016.txt"]
    assert "error" not in kelam
    assert kelam["date"] == "2016-06-29"
    assert kelam["language"] == "en"
    assert kelam["source"]["format"] == "txt"
    assert "Kelam" in (kelam["sender"] or {}).get("name", "")
    assert sum("error" in r for r in records) == 1


def test_letters_bag_list_of_paths_and_options(client: Client, archive: Path) -> None:
    paths = [archive / "kelam-valls-2016.txt", archive / "corrupt.docx"]
    bag = letters_bag(paths, partition_size=1, format="txt")
    assert bag.npartitions == 2
    records = bag.compute()
    assert [r["input"] for r in records] == [str(p) for p in paths]
    # read options (here format=) reach read_letter on the workers
    assert records[0]["date"] == "2016-06-29" and records[0]["source"]["reader"] == "text"
    assert len(records) == 2


def test_letters_dataframe_rows(client: Client, archive: Path) -> None:
    ddf = letters_dataframe(archive, exclude=["*.json"], partition_size=4)
    assert list(ddf.columns) == list(DATAFRAME_COLUMNS)
    assert ddf.known_divisions
    df = ddf.compute()
    assert list(df["input"]) == _inputs(archive)
    assert list(df.index) == list(range(len(df)))
    assert str(df["paragraphs"].dtype) == "Int64" and str(df["ocr"].dtype) == "boolean"

    df = df.set_index(df["input"].map(lambda s: Path(s).name))
    bad = df.loc["corrupt.docx"]
    assert bad["error"] == "CorruptInput" and bad["code"] == "corrupt-input"
    assert bad["date"] is None or str(bad["date"]) == "<NA>"

    kelam = df.loc["kelam-valls-2016.txt"]
    assert kelam["date"] == "2016-06-29"
    assert kelam["format"] == "txt" and kelam["language"] == "en"
    assert "Kelam" in kelam["sender_name"]
    assert kelam["paragraphs"] > 0
    assert df["error"].notna().sum() == 1
    assert (df["error"].isna() == df["format"].notna()).all()


def test_empty_inputs(client: Client, tmp_path: Path) -> None:
    assert letters_bag(tmp_path).compute() == []
    assert len(letters_dataframe(tmp_path).compute()) == 0


# --- Dask that travels: other directories, fsspec options, zips at URLs, partitions ----------------

LETTER = (b"Lyon, 14 March 2019\n\nDear Mr Harlow,\n\nThank you for your letter about the catalogues; they "
          b"will reach you before the end of the month.\n\nYours sincerely,\n\nClaire Fontaine\n")


def test_workers_started_in_another_directory_read_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker_dir, client_dir = tmp_path / "workers", tmp_path / "client"
    worker_dir.mkdir()
    (client_dir / "letters").mkdir(parents=True)
    (client_dir / "letters" / "harlow.txt").write_bytes(LETTER)
    monkeypatch.chdir(worker_dir)  # the worker processes start here...
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as other,
    ):
        assert set(other.run(os.getcwd).values()) == {str(worker_dir)}
        monkeypatch.chdir(client_dir)  # ...and the client names the inputs from here
        records = letters_bag(["letters/harlow.txt", "letters"]).compute()
    assert [r["input"] for r in records] == ["letters/harlow.txt", os.path.join("letters", "harlow.txt")]
    assert all("error" not in r and r["date"] == "2019-03-14" for r in records)


class RecordingFileSystem(MemoryFileSystem):
    """An in-memory file system that records the options fsspec gives it (as s3fs would get keys)."""

    protocol = "lkrecording"
    cachable = False
    seen: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, *args: Any, **storage_options: Any) -> None:
        RecordingFileSystem.seen.append(storage_options)
        super().__init__(*args, **storage_options)

    @classmethod
    def _strip_protocol(cls, path: str) -> str:
        return str(MemoryFileSystem._strip_protocol("memory://" + path.removeprefix("lkrecording://")))


@pytest.fixture
def recording() -> Iterator[type[RecordingFileSystem]]:
    fsspec.register_implementation("lkrecording", RecordingFileSystem, clobber=True)
    RecordingFileSystem.seen.clear()
    fs = MemoryFileSystem()
    fs.pipe("/lk-test/box/harlow.txt", LETTER)
    fs.pipe("/lk-test/box/paris.txt", LETTER.replace(b"Lyon", b"Paris"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("letters/one.txt", LETTER)
        zf.writestr("letters/two.txt", LETTER.replace(b"14 March", b"15 March"))
    fs.pipe("/lk-test/archive.zip", buf.getvalue())
    yield RecordingFileSystem
    fs.rm("/lk-test", recursive=True)


def test_storage_options_reach_fsspec_on_client_and_workers(recording: type[RecordingFileSystem]) -> None:
    options = {"key": "AKIA-TEST", "secret": "s3cr3t", "client_kwargs": {"endpoint_url": "http://127.0.0.1:9"}}
    bag = letters_bag("lkrecording://lk-test/box/*.txt", storage_options=options)
    listed = len(recording.seen)
    assert listed >= 1 and all(seen == options for seen in recording.seen)  # the glob, on the client
    records = bag.compute(scheduler="threads")  # in-process workers: they see the same registry
    assert sorted(r.get("place") or r.get("message", "?") for r in records) == ["Lyon", "Paris"]
    assert len(recording.seen) > listed and all(seen == options for seen in recording.seen)


def test_a_zip_at_a_url_is_read_as_its_members(recording: type[RecordingFileSystem]) -> None:
    options = {"token": "abc"}
    records = letters_bag("lkrecording://lk-test/archive.zip", storage_options=options).compute(
        scheduler="threads")
    assert [r["input"] for r in records] == ["lkrecording://lk-test/archive.zip!letters/one.txt",
                                             "lkrecording://lk-test/archive.zip!letters/two.txt"]
    assert [r["date"] for r in records] == ["2019-03-14", "2019-03-15"]
    assert recording.seen and all(seen == options for seen in recording.seen)  # the inner link's options


def test_a_chained_zip_url(recording: type[RecordingFileSystem]) -> None:
    url = "zip://letters/*.txt::lkrecording://lk-test/archive.zip"
    records = letters_bag(url, storage_options={"lkrecording": {"token": "xyz"}}).compute(scheduler="threads")
    assert [r["input"] for r in records] == ["zip://letters/one.txt::lkrecording://lk-test/archive.zip",
                                             "zip://letters/two.txt::lkrecording://lk-test/archive.zip"]
    assert all("error" not in r for r in records)
    assert {"token": "xyz"} in recording.seen
    one = letters_bag("zip://letters/two.txt::lkrecording://lk-test/archive.zip").compute(scheduler="sync")
    assert [r["date"] for r in one] == ["2019-03-15"]


def test_a_missing_url_is_an_error_record(recording: type[RecordingFileSystem]) -> None:
    [record] = letters_bag("lkrecording://lk-test/box/none.txt").compute(scheduler="sync")
    assert record["code"] == "input-not-found"


def test_partitions_are_sized_to_the_cluster(client: Client, archive: Path) -> None:
    assert _partition_size(1000, None, threads=2) == 10  # at least 100 partitions
    assert _partition_size(1000, None, threads=50) == 5  # 4 per thread: 200 partitions
    assert _partition_size(10, None, threads=400) == 1
    assert _partition_size(10**6, None, threads=2) == 256  # never more than 256 a partition
    assert _partition_size(1000, 7, threads=50) == 7
    assert _cluster_threads() == 2  # the client fixture's two single-threaded workers


def test_an_unknown_read_option_fails_on_the_client(archive: Path) -> None:
    with pytest.raises(TypeError, match="did you mean 'ocr_languages'"):
        letters_bag(archive, ocr_langauges=["fr"])


# --- an input that crashes the process reading it -------------------------------------------------


def _install_crash() -> None:
    """On a Dask worker: reading an input named ``*crash.txt`` aborts the process, as PDFium does when
    an allocation fails (the patch is inherited by the processes the worker forks to read)."""
    import os as os_

    import letterkit.batch as batch

    real = getattr(batch, "_real_read_task", batch.read_task)
    batch._real_read_task = real  # type: ignore[attr-defined]

    def crashing(task: batch.Task, options: dict) -> batch.BatchResult:
        if task.label.endswith("crash.txt"):
            os_.abort()
        return real(task, options)

    batch.read_task = crashing


def _remove_crash() -> None:
    import letterkit.batch as batch

    batch.read_task = getattr(batch, "_real_read_task", batch.read_task)


def test_a_crashing_input_is_an_error_record_not_killed_worker(client: Client, tmp_path: Path) -> None:
    letters = sorted(TEST_LETTERS.glob("*.txt"))[:5]
    paths = []
    for i, src in enumerate(letters):
        dest = tmp_path / f"{i}-{src.name}"
        shutil.copy(src, dest)
        paths.append(dest)
    crash = tmp_path / "crash.txt"
    shutil.copy(letters[0], crash)
    inputs = [*paths[:2], crash, *paths[2:]]
    workers_before = set(client.scheduler_info()["workers"])
    client.run(_install_crash)
    try:
        records = letters_bag(inputs, partition_size=2).compute()
        frame = letters_dataframe(inputs, partition_size=3).compute()
    finally:
        client.run(_remove_crash)
    assert [r["input"] for r in records] == [str(p) for p in inputs]
    bad = [r for r in records if "error" in r]
    assert [r["input"] for r in bad] == [str(crash)]
    assert bad[0]["error"] == "WorkerCrashed" and "SIGABRT" in bad[0]["message"]
    assert list(frame["error"].fillna("")) == ["", "", "WorkerCrashed", "", "", ""]
    # the Dask workers themselves lived on: no restart, no KilledWorker
    assert set(client.scheduler_info()["workers"]) == workers_before
