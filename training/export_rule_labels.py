#!/usr/bin/env python3
"""Line zones of the team's own hand-made letters, as the rule-based pipeline of letterkit 0.1 gave them.

    PYTHONPATH=<checkout of letterkit 0.1>/src python training/export_rule_labels.py OUT.jsonl FILE...

The hand-made letters of tests/letters and tests/layout_corpus were written by the team; the rules
were tuned on them until every gold check passed, so their line labels are right wherever a field
depends on them. This script records those labels (one JSON object per file: path, format, and per
Document line index its zone) so that the zone model can learn from these modern letters, with their
DOCX and PDF layout. It needs the rule-based pipeline, so it runs against the last release that had it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import letterkit.heuristics.pipeline as pl
from letterkit import read_letter

OLD_TO_ZONE = {
    "furniture": "furniture",
    "letterhead": "letterhead",
    "footnote": "footnote",
    "preamble": "other",
    "dateline": "dateline",
    "reference": "reference",
    "subject": "subject",
    "address": "inside_address",
    "attribution": "other",
    "salutation": "salutation",
    "body": "body",
    "closing": "closing",
    "signature": "signature",
    "cc": "cc",
    "enclosure": "enclosure",
    "postscript": "postscript",
    "trailer": "other",
    "email-header": "other",
    "quoted": "other",
    None: "other",
}


def main() -> int:
    out = Path(sys.argv[1])
    captured: dict[str, object] = {}
    real = pl._assemble

    def capture(ctx, *a, **k):  # type: ignore[no-untyped-def]
        captured["ctx"] = ctx
        return real(ctx, *a, **k)

    pl._assemble = capture  # type: ignore[assignment]
    with out.open("w", encoding="utf-8") as fh:
        for name in sys.argv[2:]:
            path = Path(name)
            read_letter(path)
            ctx = captured["ctx"]
            labels = {v.line.index: OLD_TO_ZONE.get(v.label, "other") for v in ctx.lines}  # type: ignore[attr-defined]
            texts = {v.line.index: v.text for v in ctx.lines}  # type: ignore[attr-defined]
            fmt = ctx.doc.format  # type: ignore[attr-defined]
            rec = {"path": str(path), "format": fmt, "labels": labels, "texts": texts}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
