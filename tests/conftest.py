"""Shared test set-up: slow tests run only in CI (or with ``--slow``), so plain ``pytest`` stays fast.

``CI=true`` is what CI services (and ``.ci/run``) set; there the whole suite runs, and OCR tests
fail loudly if Tesseract is missing instead of being skipped, because CI installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "letters"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run tests marked slow (always run when CI=true)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_slow = config.getoption("--slow") or in_ci()
    have_tesseract = shutil.which("tesseract") is not None
    skip_slow = pytest.mark.skip(reason="slow: run with --slow (runs by default when CI=true)")
    skip_ocr = pytest.mark.skip(reason="needs the tesseract program (apt-get install tesseract-ocr)")
    for item in items:
        if "slow" in item.keywords and not run_slow:
            item.add_marker(skip_slow)
        elif "ocr" in item.keywords and not have_tesseract and not in_ci():
            item.add_marker(skip_ocr)


@pytest.fixture
def examples_dir() -> Path:
    """examples/letters: the letters shipped with the source (the README's examples use them)."""
    return EXAMPLES
