"""Validate TEI and CMIF files against their RELAX NG schemas, offline.

Run from the repository root::

    python docs/scripts/validate_tei.py out/*.xml                  # files letterkit wrote
    python docs/scripts/validate_tei.py --read tests/frozen/letters  # read letters, validate their TEI

Each XML file is checked against the schema its ``<?xml-model?>`` line names: the CMIF schema for a
CMIF file, tei_all for a letter. The schemas are the ones the tests ship
(``tests/data/schemas/``, sources and licences in ``SOURCES.md``); ``--tei-all`` and ``--cmif`` take
others (a newer tei_all from the TEI Consortium, say). With ``--read``, every file in the folders is
read with letterkit and its TEI validated without being written. Prints one line per invalid file
with the schema's first errors, then a count; the exit status is 1 if any file is invalid.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "tests" / "data" / "schemas"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="+", type=Path, help="XML files (or, with --read, letter folders)")
    parser.add_argument("--read", action="store_true", help="read letters, validate their TEI")
    parser.add_argument("--tei-all", type=Path, default=SCHEMAS / "tei_all.rng")
    parser.add_argument("--cmif", type=Path, default=SCHEMAS / "cmi-customization.rng")
    args = parser.parse_args(argv)
    tei_all = etree.RelaxNG(etree.parse(str(args.tei_all)))
    cmif: etree.RelaxNG | None = None
    bad = checked = 0
    for name, root, is_cmif in _documents(args.paths, args.read):
        if is_cmif and cmif is None:
            cmif = etree.RelaxNG(etree.parse(str(args.cmif)))
        schema = cmif if is_cmif and cmif is not None else tei_all
        checked += 1
        if not schema.validate(root):
            bad += 1
            errors = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:3])
            print(f"INVALID {name}: {errors}")
    print(f"{checked} checked, {checked - bad} valid, {bad} invalid")
    return 1 if bad else 0


def _documents(paths: list[Path], read: bool):  # type: ignore[no-untyped-def]
    """(name, root element, is CMIF) for each file, or for each letter read with letterkit."""
    if read:
        from letterkit import read_letter
        from letterkit.export.tei import letter_to_tei

        for folder in paths:
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    letter = read_letter(path)
                yield str(path), letter_to_tei(letter), False
        return
    for path in paths:
        tree = etree.parse(str(path))
        models = [pi.get("href") or "" for pi in _processing_instructions(tree) if pi.target == "xml-model"]
        yield str(path), tree.getroot(), any("cmi-customization" in href for href in models)


def _processing_instructions(tree: etree._ElementTree) -> list[etree._ProcessingInstruction]:
    out = []
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction):
            out.append(node)
        node = node.getprevious()
    return out


if __name__ == "__main__":
    sys.exit(main())
