"""The documentation builds (``mkdocs build --strict``) and its examples are true.

Two kinds of example are checked: the ``>>>`` examples in the docstrings of the public modules (the
API page of the site is generated from them) with :func:`doctest.testmod`, and the ``pycon`` blocks of
the Markdown pages (the quickstart) with a doctest parser over those blocks only.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: the modules whose docstring examples the docs show
DOCTEST_MODULES = (
    "letterkit",
    "letterkit.api",
    "letterkit.model",
    "letterkit.batch",
    "letterkit.core.results",
    "letterkit.inputs",
    "letterkit.document",
    "letterkit.export",
    "letterkit.export.jsonl",
    "letterkit.export.table",
    "letterkit.export.tei",
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_PYCON_RE = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[dev]')")
    pytest.importorskip("material", reason="mkdocs-material is not installed (pip install -e '.[dev]')")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    # the generated parts really were generated
    model = (site / "model" / "index.html").read_text(encoding="utf-8")
    assert "signatories" in model and "letterkit:model" not in model
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert "--pdf-backend" in cli and "letterkit convert" in cli
    assert (site / "img" / "letter-zones.png").is_file()
    # the pages load nothing from the network: no web fonts, no scripts or styles from a CDN
    remote = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not remote.search(html), f"{page.relative_to(site)} loads {remote.search(html)}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
    for sheet in site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?(?:https?:)?//", sheet.read_text(encoding="utf-8"))
    shutil.rmtree(site, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", DOCTEST_MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {name}"


@pytest.mark.slow
@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md") if "```pycon" in p.read_text()))
def test_page_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples use paths relative to the repository root
    text = (DOCS / page).read_text(encoding="utf-8")
    source = "\n".join(block for block in _PYCON_RE.findall(text))
    test = doctest.DocTestParser().get_doctest(source, {}, page, str(DOCS / page), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in docs/{page}"
