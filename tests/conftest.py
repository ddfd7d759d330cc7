"""Shared test set-up: slow tests run only in CI (or with ``--slow``), so plain ``pytest`` stays fast.

``CI=true`` is what CI services (and ``.ci/run``) set; there the whole suite runs, and OCR tests
fail loudly if Tesseract is missing instead of being skipped, because CI installs it.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Callable
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


def cpu_seconds(fn: Callable[[], object], repeat: int = 2) -> float:
    """The least CPU time (``time.process_time``) of ``repeat`` calls of ``fn``.

    CPU time, not wall-clock time: on a shared CI machine another job's load stretches the wall clock
    of every test, but hardly the CPU time this process spends itself.
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def assert_linear(run: Callable[[int], object], small: int, factor: int = 4, slack: float = 2.5) -> None:
    """``run(n)`` costs about ``n``: the CPU time at ``factor × small`` stays under ``slack × factor``
    times the CPU time at ``small``.

    This is how the tests state "fast" without a clock limit: a quadratic step makes the ratio
    ``factor²`` (16 for the default), a linear one ``factor`` (4), whatever the machine's speed; the
    slack (10x for the default) leaves room for a loaded machine's noise, and each size is measured
    three times (the least counts). ``run`` must make new text on every call (letterkit caches the
    features of each distinct line, so a repeated input would be cheaper the second time).
    """
    run(small)  # warm caches and imports, so the first measurement is not the dearer one
    # the cyclic garbage collector is paused while measuring: a full collection walks the whole heap of
    # the test session (hundreds of MB late in a full run), and whichever run it falls in would pay for
    # objects that are not its own
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        t_small = max(cpu_seconds(lambda: run(small), repeat=3), 0.005)
        t_large = cpu_seconds(lambda: run(small * factor), repeat=3)
    finally:
        if enabled:
            gc.enable()
    assert t_large < slack * factor * t_small, (
        f"{factor}x the input took {t_large / t_small:.1f}x the CPU time "
        f"({t_small:.3f} s -> {t_large:.3f} s): not linear"
    )
