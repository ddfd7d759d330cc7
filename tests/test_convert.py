"""Archive conversion through the CLI: every input one result, resume, the output kinds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import letterkit.convert as conv
from letterkit.cli import main

CORPUS = Path(__file__).resolve().parent / "letters"
SHARED_PDF = Path(__file__).resolve().parents[1] / "examples" / "letters" / "kelam-valls-2016.pdf"


def _archive(root: Path, n_good: int = 200) -> tuple[list[Path], list[Path]]:
    """A folder of ``n_good`` letters (the test letter set, repeated) with bad files mixed in."""
    letters = sorted(CORPUS.glob("*.txt"))
    good = []
    for i in range(n_good):
        src = letters[i % len(letters)]
        dest = root / f"box{i % 7}" / f"{i:03d}-{src.name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        # vary the bytes so that every file has its own content hash
        dest.write_bytes(src.read_bytes() + f"\n\n[archive copy {i}]\n".encode())
        good.append(dest)
    bad = [root / "box1" / "empty.txt", root / "box2" / "garbage.txt", root / "box3" / "broken.docx",
           root / "box4" / "nul.md"]
    bad[0].write_bytes(b"")
    bad[1].write_bytes(bytes(range(256)) * 30)
    bad[2].write_bytes(b"PK\x03\x04 truncated")
    bad[3].write_bytes(b"Dear Anna,\x00\x00\x00" * 200)  # NUL bytes: not text
    try:  # an encrypted PDF, when the PDF reader and pypdf are there
        import pypdf

        import letterkit.readers.pdf  # noqa: F401
    except ImportError:
        return good, bad
    writer = pypdf.PdfWriter(clone_from=str(SHARED_PDF))
    writer.encrypt("secret")
    enc = root / "box5" / "encrypted.pdf"
    enc.parent.mkdir(parents=True, exist_ok=True)
    with enc.open("wb") as fh:
        writer.write(fh)
    bad.append(enc)
    return good, bad


def _outputs(out: Path) -> tuple[set[str], set[str]]:
    ok = {p.name[: -len(".json")] for p in out.rglob("*.json") if not p.name.endswith(".error.json")}
    err = {p.name[: -len(".error.json")] for p in out.rglob("*.error.json")}
    return ok, err


def test_every_input_gets_exactly_one_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = _archive(tmp_path / "in")
    out = tmp_path / "out"
    status = main(["convert", str(tmp_path / "in"), "--out", str(out), "--workers", "2", "--quiet"])
    printed = capsys.readouterr().out
    assert status == 1  # some failed
    ok, err = _outputs(out)
    assert ok == {p.name for p in good}
    assert err == {p.name for p in bad}
    assert not ok & err
    records = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert sorted(Path(r["input"]).name for r in records) == sorted(p.name for p in bad)
    assert all(set(r) == {"input", "error", "code", "message"} for r in records)
    assert f"converted: 200, failed: {len(bad)}" in printed
    assert "letters/s" in printed and "failed: CorruptInput" in printed and "failed: EmptyInput" in printed
    if len(bad) > 4:
        assert "failed: EncryptedInput" in printed


def test_resume_after_an_interrupted_run_converts_only_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, _ = _archive(tmp_path / "in", n_good=30)
    out = tmp_path / "out"
    real = conv.run_batch

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for k, result in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if k == 12:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(conv, "run_batch", interrupted)
    assert main(["convert", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 130
    done_first, _ = _outputs(out)
    assert len(done_first) + len(_outputs(out)[1]) == 12
    capsys.readouterr()

    monkeypatch.setattr(conv, "run_batch", real)
    converted: list[str] = []
    original_write = conv.JsonFiles.write

    def spy(self: conv.JsonFiles, job: conv.Job, result: object) -> str | None:
        converted.append(Path(job.label).name)
        return original_write(self, job, result)  # type: ignore[arg-type]

    monkeypatch.setattr(conv.JsonFiles, "write", spy)
    status = main(["convert", str(tmp_path / "in"), "--out", str(out), "--resume", "--quiet"])
    printed = capsys.readouterr().out
    assert status == 1  # the bad files still fail
    assert not set(converted) & done_first  # nothing converted twice
    ok, _ = _outputs(out)
    assert ok == {p.name for p in good}
    skipped = [line for line in printed.splitlines() if line.startswith("skipped")]
    assert skipped and skipped[0].split()[-1] == str(len(done_first))


def test_resume_is_keyed_by_input_not_by_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A renamed file is another input: it gets its own result (under content matching it got none),
    and a copy of a converted file under a second name gets its own record too."""
    good, _ = _archive(tmp_path / "in", n_good=5)
    out = tmp_path / "out"
    main(["convert", *map(str, good), "--out", str(out), "--quiet"])
    renamed = good[0].with_name("renamed.txt")
    good[0].rename(renamed)
    copy = good[1].with_name("copy.txt")
    copy.write_bytes(good[1].read_bytes())
    capsys.readouterr()
    main(["convert", str(renamed), str(copy), *map(str, good[1:]), "--out", str(out), "--resume", "--quiet"])
    printed = capsys.readouterr().out
    assert "converted: 2, failed: 0" in printed and "skipped (--resume)  4" in printed
    assert (out / "renamed.txt.json").exists() and (out / "copy.txt.json").exists()


def test_a_changed_input_is_converted_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _archive(tmp_path / "in", n_good=7)[0][:3]
    out = tmp_path / "out"
    main(["convert", *map(str, good), "--out", str(out), "--to", "jsonl", "--quiet"])
    good[0].write_bytes(good[0].read_bytes() + b"\nP.S. One more thing.\n")
    capsys.readouterr()
    main(["convert", *map(str, good), "--out", str(out), "--to", "jsonl", "--resume", "--quiet"])
    assert "converted: 1, failed: 0" in capsys.readouterr().out
    rows = [json.loads(line) for line in (out / "letters.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["input"] for r in rows) == sorted(map(str, good))  # replaced, not added


@pytest.mark.parametrize("kind", ["jsonl", "csv", "tei", "cmif"])
def test_output_kinds(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _archive(tmp_path / "in", n_good=12)
    out = tmp_path / "out"
    status = main(["convert", str(tmp_path / "in"), "--out", str(out), "--to", kind, "--quiet"])
    assert status == 1
    if kind == "jsonl":
        rows = [json.loads(line) for line in (out / "letters.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(rows) == 12 and all("input" in r and "body" in r for r in rows)
    elif kind == "csv":
        with (out / "letters.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == 12 and all(r["input"] for r in rows)
    elif kind == "tei":
        from lxml import etree

        files = sorted(out.rglob("*.xml"))
        assert len(files) == 12
        root = etree.parse(str(files[0])).getroot()
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    else:
        from lxml import etree

        root = etree.parse(str(out / "letters.cmif.xml")).getroot()
        assert len(root.findall(".//{http://www.tei-c.org/ns/1.0}correspDesc")) == 12
    assert len((out / "errors.jsonl").read_text().splitlines()) >= 4


def test_parquet_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    _archive(tmp_path / "in", n_good=12)
    out = tmp_path / "out"
    main(["convert", str(tmp_path / "in"), "--out", str(out), "--to", "parquet", "--quiet"])
    table = pq.read_table(str(out / "letters.parquet"))
    assert table.num_rows == 12
    assert "date" in table.column_names and "signatories" in table.column_names


def test_zip_archive_members_are_planned_under_the_archive_name(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "box.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(CORPUS.glob("*.txt"))[:3]:
            zf.write(p, f"letters/{p.name}")
    jobs = conv.plan([str(archive)], tmp_path / "out")
    assert len(jobs) == 3
    assert all(j.base.parent == tmp_path / "out" / "box" / "letters" for j in jobs)
