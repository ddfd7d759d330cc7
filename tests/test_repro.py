"""Every hostile file of ../shared/repro/ ends in a LetterkitError or a correct Letter, within the default
limits, in read_letter, in convert and under Dask (issue 13, done-when line 1).

Each case runs in a child process with an address-space cap (several of these files grew until the
machine ran out of memory) and a CPU-time cap as a guard against a hang; no test asserts how long
anything took. The cases of the README that have no file here are built in test_outside_out.py
(traversal zip, FIFOs, symlinks, non-UTF-8 names), test_isolation.py (crashes, a worker killed while
it sends, workers dying with their parent), test_resume.py (kill and resume, concurrent runs, full
and read-only folders), test_zip_limits.py and test_package_limits.py (zip members and DOCX/ODT
parts that lie about their size).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import letterkit.errors as errors

REPRO = Path(os.environ.get("LETTERKIT_REPRO", Path(__file__).resolve().parents[2] / "shared" / "repro"))
FILES = sorted(p.name for p in REPRO.iterdir() if p.name != "README.md") if REPRO.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason="the repro folder is not here")

#: the address space each child may use: far below what the files grew to (3.1-8.2 GB)
MEMORY_CAP = 3_000_000_000
#: CPU seconds before a child is stopped: a guard against a hang, not a speed requirement
CPU_CAP = 600

#: what each file must give (besides "a LetterkitError or a Letter"): an error class, or a check of the
#: letter's text
EXPECTED: dict[str, Any] = {
    "docx_zipbomb_bzip2_4GB_lying.docx": ("CorruptInput", "LimitExceeded"),
    "png_7600x7600_70dpi_upscale.png": ("LimitExceeded",),
    "pdf_huge_mediabox_14400pt_small_image.pdf": ("LimitExceeded",),
    "pdf_form_xobject_self_twice.pdf": ("LimitExceeded",),
    "pdf_form_xobject_dag_2pow30.pdf": ("LimitExceeded",),
    "pdf_recursive_form_xobject.pdf": ("LimitExceeded",),
    "pdf_blank_scan_page.pdf": ("EmptyInput", "OCRUnavailable"),
    "txt_utf16le_nobom_greek.txt": "Αθήνα",
    "txt_utf16be_nobom_greek.txt": "Αθήνα",
    "txt_utf16le_nobom_russian.txt": "Москва",
    "txt_utf16le_nobom_japanese.txt": "東京",
    "html_xxe.html": "Dear Sir,",
    "xhtml_pxxe.xhtml": "Dear Sir,",
}
#: what must never be in the text of a letter read from these files
LEAKS = ("]>", "%p;", "<!ENTITY", "\x00")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_CAP, CPU_CAP))


def _child(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          preexec_fn=_capped)


READ = """
import json, sys
from letterkit import read_letter
from letterkit.errors import LetterkitError
try:
    letter = read_letter(sys.argv[1])
    print(json.dumps({"letter": True, "text": letter.text}))
except LetterkitError as exc:
    print(json.dumps({"letter": False, "error": type(exc).__name__, "message": str(exc)}))
"""


def _judge(name: str, outcome: dict[str, Any]) -> None:
    want = EXPECTED.get(name)
    if outcome["letter"]:
        assert isinstance(want, str) or want is None, f"{name}: a Letter, expected {want}"
        assert not any(leak in outcome["text"] for leak in LEAKS), outcome["text"][:300]
        if isinstance(want, str):
            assert outcome["text"].startswith(want), outcome["text"][:200]
    else:
        assert issubclass(getattr(errors, outcome["error"]), errors.LetterkitError)
        assert outcome["message"]
        if isinstance(want, tuple):
            assert outcome["error"] in want, f"{name}: {outcome['error']}: {outcome['message']}"
        else:
            assert name == "zip_traversal.zip", f"{name}: {outcome['error']}, expected a letter"


@pytest.mark.parametrize("name", FILES)
def test_read_letter(name: str) -> None:
    done = _child(READ, str(REPRO / name))
    assert done.returncode == 0, f"{name}: exit {done.returncode}: {done.stderr[-2000:]}"
    _judge(name, json.loads(done.stdout.strip().splitlines()[-1]))


def _members(name: str) -> int:
    if name.endswith(".zip"):
        with zipfile.ZipFile(REPRO / name) as zf:
            return sum(not i.is_dir() for i in zf.infolist())
    return 1


@pytest.mark.parametrize("name", FILES)
def test_convert(name: str, tmp_path: Path) -> None:
    """Each file (a zip: each member) gets one record in a run that ends by itself, next to a good letter."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = "Dear Anna,\n\nThank you for the book.\n\nYours,\nMarc\n"
    (inputs / "control-letter.txt").write_text(good, encoding="utf-8")
    out = tmp_path / "out"
    code = "import sys; from letterkit.cli import main; sys.exit(main(sys.argv[1:]))"
    done = _child(code, "convert", str(inputs / "control-letter.txt"), str(REPRO / name), "--out", str(out),
                  "--to", "jsonl", "--memory-limit", "2000", "--quiet")
    assert done.returncode in (0, 1), f"{name}: exit {done.returncode}: {done.stderr[-2000:]}"
    letters = [json.loads(line) for line in (out / "letters.jsonl").read_text("utf-8").splitlines()]
    failed = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    control = str(inputs / "control-letter.txt")
    assert [r["input"] for r in letters if r["input"] == control] == [control]  # the batch went on
    records = [r for r in letters + failed if r["input"] != control]
    assert len(records) == _members(name), records
    for rec in failed:  # never WorkerCrashed: each file is refused by a limit before it can crash
        assert issubclass(getattr(errors, rec["error"], Exception), errors.LetterkitError), rec
    if name in EXPECTED and name != "zip_traversal.zip":
        (rec,) = records
        outcome = ({"letter": True, "text": rec.get("text", "")} if "error" not in rec
                   else {"letter": False, "error": rec["error"], "message": rec["message"]})
        _judge(name, outcome)
    outside = [p for p in tmp_path.rglob("*")
               if p.is_file() and out not in p.parents and inputs not in p.parents]
    assert not outside  # nothing written beside --out


@pytest.mark.slow
def test_under_dask(tmp_path: Path) -> None:
    """All the files in one bag on a LocalCluster: one record per input, each an error or a letter."""
    pytest.importorskip("dask.distributed")
    code = f"""
import json, sys
from dask.distributed import Client, LocalCluster
from letterkit.dask import letters_bag
inputs = {[str(REPRO / n) for n in FILES if not n.endswith(".zip")]!r}
with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \\
        Client(cluster):
    records = letters_bag(inputs, partition_size=4, memory_limit=2_000_000_000).compute()
print(json.dumps([{{k: r.get(k) for k in ("input", "error", "message", "text")}} for r in records]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    records = json.loads(done.stdout.strip().splitlines()[-1])
    names = [n for n in FILES if not n.endswith(".zip")]
    assert [Path(r["input"]).name for r in records] == names
    for name, rec in zip(names, records, strict=True):
        if rec["error"]:
            _judge(name, {"letter": False, "error": rec["error"], "message": rec["message"]})
        else:
            _judge(name, {"letter": True, "text": rec["text"] or ""})
