"""Learning an archive from its corrections: ``letterkit train --corrections review/ --out my.lkm``.

Each corrected letter is read again through letterkit's readers (the features need the layout, which
the corrections file does not keep), its lines get the zones the person gave them, and the correction
CRF of :mod:`letterkit.zones.archive` is trained over the base model's zones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from letterkit.api import read_document
from letterkit.core import __version__
from letterkit.errors import LetterkitError
from letterkit.heuristics.context import make_context
from letterkit.review.corrections import Corrections, find, load
from letterkit.zones.archive import ArchiveMeta, train_archive
from letterkit.zones.features import crf_items, line_features


def corrected_letter(
    corrections: Corrections, root: Path | None = None, **options: Any
) -> tuple[list[list[str]], list[str], int]:
    """The crfsuite items of one corrected letter, the zone of each, and how many lines were changed.

    Features are computed over *all* the letter's lines, as when it is read, and only then are lines
    without a usable label (text changed since the review) left out, so that every kept line sees the
    same neighbours it will see in use."""
    doc = read_document(corrections.source_file(root), **options)
    views = make_context(doc).lines
    items = crf_items(line_features(views, {p.number: p for p in doc.pages}))
    kept_items: list[list[str]] = []
    labels: list[str] = []
    for v, item in zip(views, items, strict=True):
        zone = corrections.labels.get(v.line.index)
        if zone is None:
            continue
        if corrections.texts and corrections.texts.get(v.line.index) not in (None, v.text):
            continue
        kept_items.append(item)
        labels.append(zone)
    return kept_items, labels, len(corrections.corrected)


def learn(
    paths: list[Path], out: Path, base: Path | None = None, root: Path | None = None, **options: Any
) -> ArchiveMeta:
    """Train an archive model on every corrections file under ``paths``."""
    letters = []
    for file in find(paths):
        items, labels, changed = corrected_letter(load(file), root, **options)
        if labels:
            letters.append((items, labels, changed))
    return train_archive(letters, out, base=base, version=__version__)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="letterkit train --corrections",
        description="Teach letterkit one archive: train a model on the corrections saved from review pages "
        "('letterkit show'); read with it by 'letterkit read --model FILE' or read_letter(..., model=FILE).",
    )
    ap.add_argument("--corrections", type=Path, action="append", required=True, metavar="DIR_OR_FILE",
                    help="a folder of *.corrections.json files (searched recursively), or one such file")
    ap.add_argument("--out", type=Path, required=True, help="the model file to write (e.g. my-archive.lkm)")
    ap.add_argument("--base", type=Path, default=None,
                    help="the zone model to correct (default: the built-in one)")
    ap.add_argument("--root", type=Path, default=None,
                    help="the folder the letters are in, when they have moved since the review")
    args = ap.parse_args(argv)
    try:
        meta = learn(args.corrections, args.out, args.base, args.root)
    except LetterkitError as exc:
        print(f"letterkit train: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out}: learnt from {meta.letters} corrected letters ({meta.lines} lines, "
        f"{meta.corrected_lines} of them changed by hand)",
        file=sys.stderr,
    )
    return 0


__all__ = ["corrected_letter", "learn", "main"]
