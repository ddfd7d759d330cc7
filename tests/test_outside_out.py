"""Nothing is written outside --out: archive member names, symlinks, special files, odd file names."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterkit.cli import main
from letterkit.inputs import safe_member_path

LETTER = "Brussels, 3 May 2016\n\nDear Sir,\n\nThank you for your letter.\n\nYours faithfully,\n\nAnn Roe\n"
MEMBERS = [
    "good.txt",
    "../../escape_rel.txt",
    "sub/../../../escape_mid.txt",
    "/tmp/letterkit-escape-test/abs_escape.txt",
    "../../../../../../../../tmp/letterkit-escape-test/deep_escape.txt",
    "..\\..\\backslash_escape.txt",
    "C:\\Windows\\drive_escape.txt",
    "nul\0name.txt",
]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _run(args: list[str]) -> int:
    return main(args)


def test_traversal_zip_writes_only_under_out_and_every_member_gets_a_record(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = work / "letters.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in MEMBERS:
            info = zipfile.ZipInfo("x")
            info.filename = name  # ZipInfo() would normalise some of these names; the attack does not
            zf.writestr(info, LETTER)
    before = _tree(tmp_path)
    out = work / "out"
    code = _run(["convert", str(archive), "--out", str(out), "-q"])
    assert code in (0, 1)
    after = _tree(tmp_path)
    assert {p for p in after - before if not p.startswith("work/out")} == set()
    assert not Path("/tmp/letterkit-escape-test").exists()
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(written) + len(errors) == len(MEMBERS)
    assert "letters/_up_/_up_/escape_rel.txt.json" in written
    assert "letters/_root_/tmp/letterkit-escape-test/abs_escape.txt.json" in written
    assert "letters/_up_/_up_/backslash_escape.txt.json" in written
    assert "letters/_drive_C/Windows/drive_escape.txt.json" in written
    assert len(written) == len(MEMBERS)  # zipfile cuts a name at its NUL: "nul" is written too


@given(st.lists(st.sampled_from([*"ab./\\:\0C%", "..", "\udce0", "\n"]), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_fuzzed_member_names_stay_inside(name: str) -> None:
    safe = safe_member_path(name)
    base = os.path.normpath(os.path.join("/out", safe))
    assert base.startswith("/out/")
    assert "\0" not in safe and "\n" not in safe and "\\" not in safe
    assert all(part not in ("", ".", "..") for part in safe.split("/"))
    safe.encode("utf-8")  # a name any file system takes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_fifo_devices_and_outside_symlinks_are_refused_with_records(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(LETTER, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(LETTER.replace("Ann Roe", "SECRET"), encoding="utf-8")
    os.mkfifo(inp / "pipe.txt")
    os.symlink("/dev/zero", inp / "zero.txt")
    os.symlink(secret, inp / "outside.txt")
    os.symlink(inp / "a.txt", inp / "inside.txt")
    out = tmp_path / "out"
    code = _run(["convert", str(inp), "--out", str(out), "-q"])
    assert code == 1
    lines = (out / "errors.jsonl").read_text().splitlines()
    errors = {Path(r["input"]).name: r for r in map(json.loads, lines)}
    assert set(errors) == {"pipe.txt", "zero.txt", "outside.txt"}
    assert "FIFO" in errors["pipe.txt"]["message"]
    assert "outside" in errors["outside.txt"]["message"]
    assert (out / "a.txt.json").exists() and (out / "inside.txt.json").exists()
    assert not any("SECRET" in p.read_text() for p in out.rglob("*.json"))


def test_read_letter_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    from letterkit import read_letter
    from letterkit.errors import UnsupportedFormat

    os.mkfifo(tmp_path / "p.txt")
    with pytest.raises(UnsupportedFormat, match="FIFO"):
        read_letter(tmp_path / "p.txt")


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
def test_a_file_name_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    raw = os.path.join(os.fsencode(inp), b"Lettre \xe0 Paul.txt")
    with open(raw, "wb") as fh:
        fh.write(LETTER.encode("utf-8"))
    with open(os.path.join(os.fsencode(inp), b"broken \xe9.txt"), "wb") as fh:
        fh.write(b"")
    (inp / "b.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["convert", str(inp), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 1  # the empty file fails; nothing else does
    assert (out / "Lettre %E0 Paul.txt.json").exists() and (out / "b.txt.json").exists()
    [record] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert os.fsencode(record["input"]).endswith(b"broken \xe9.txt")  # lossless
    assert "\\xe0" in printed
    assert not list(out.rglob("*.tmp"))
