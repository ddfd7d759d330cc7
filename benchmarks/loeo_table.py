"""The leave-one-edition-out report of ``letterkit train --evaluate --report FILE`` as a Markdown table.

    python benchmarks/loeo_table.py benchmarks/results/zones-loeo.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from letterkit.zones.labels import ZONES
from letterkit.zones.train import SMALL_EDITIONS


def main() -> int:
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    editions = sorted(report["editions"])
    print("| zone | macro F1 | " + " | ".join(editions) + " |")
    print("|---|---|" + "---|" * len(editions))
    for lab in ZONES:
        if lab not in report["macro_f1"]:
            continue
        cells = []
        for g in editions:
            s = report["editions"][g].get(lab)
            mark = "*" if g in SMALL_EDITIONS else ""
            cells.append(f"{s['f1']:.2f}{mark} (n={int(s['n'])})" if s and s["n"] else "-")
        print(f"| {lab} | **{report['macro_f1'][lab]:.3f}** | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
