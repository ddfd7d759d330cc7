"""Review pages (``letterkit show``): see what letterkit read, correct the zones, teach it the archive.

>>> from letterkit.review import show           # doctest: +SKIP
>>> show(["letters/a.pdf", "letters/b.txt"], "review/")   # review/index.html and one page per letter
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from letterkit.review.collect import ReviewLetter, collect
from letterkit.review.corrections import Corrections, CorrectionsError
from letterkit.review.render import page_name, render_index, render_page


def show(
    sources: Iterable[str | Path], out: str | Path, *, model: str | None = None, **options: Any
) -> Path:
    """Write a review page for each of ``sources`` and an index (worst first) into ``out``; returns the
    index's path. Files that cannot be read get a page that says why."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    done: list[tuple[ReviewLetter, str]] = []
    for n, source in enumerate(sources, start=1):
        review = collect(source, model=model, **options)
        name = page_name(review, n)
        _write(folder / name, render_page(review))
        done.append((review, name))
    index = folder / "index.html"
    _write(index, render_index(done))
    return index


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


__all__ = ["Corrections", "CorrectionsError", "ReviewLetter", "collect", "show"]
