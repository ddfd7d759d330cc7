"""A generated series of letters from one office with one layout the built-in model gets wrong: the
addressee stands at the foot, below the signature (as in British official letters), so the model reads
the recipient as the signatory's address and organisation.

Used by tests/test_review.py (a short series) and benchmarks/learning_curve.py (200 letters): train an
archive model on a few corrected letters of the series, score the others. Names, places, sentences come
from the synthetic generator's English data; nothing is taken from a real letter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from random import Random
from typing import Any

from letterkit.zones.synth._data import load_language

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
CLOSES = ("Yours sincerely,", "Yours faithfully,", "With best wishes,")


def series_letter(i: int, seed: int = 0) -> tuple[str, list[tuple[str, str]], dict[str, Any]]:
    """Letter ``i`` of the series: its text, its lines with their true zones, and its gold (the format
    of ``shared/eval/score.py``)."""
    data = load_language("en")
    r = Random(f"series:{seed}:{i}")
    office = "OFFICE OF THE REGIONAL COMMISSIONER"
    lines: list[tuple[str, str]] = [
        (office, "letterhead"),
        ("14 Abbey Road", "letterhead"),
        ("Canterbury CT1 2PB", "letterhead"),
        ("", ""),
    ]
    date = dt.date(2010, 1, 1) + dt.timedelta(days=r.randrange(4000))
    lines += [(f"{date.day} {MONTHS[date.month - 1]} {date.year}", "dateline"), ("", "")]
    hon = r.choice(["Mr", "Ms", "Dr", "Mrs"])
    rfirst = data.pick(r, "first_names.m" if hon == "Mr" else "first_names.f")
    rlast = data.pick(r, "last_names")
    salutation = f"Dear {hon} {rlast},"
    lines += [(salutation, "salutation"), ("", "")]
    paragraphs = []
    for part in ("body.opening", "body.middle", "body.closing")[: r.randint(2, 3)]:
        pool = data.strings(part)
        para = " ".join(r.sample(pool, k=min(len(pool), r.randint(1, 3))))
        slots = {"place": r.choice(data.strings("places") or ["London"]), "d": str(date.day),
                 "dd": f"{date.day:02d}", "month": MONTHS[date.month - 1], "yyyy": str(date.year)}
        para = re.sub(r"\{(\w+)\}", lambda m, slots=slots: slots.get(m.group(1), m.group(1)), para)
        paragraphs.append(para)
        lines += [(para, "body"), ("", "")]
    close = r.choice(CLOSES)
    sfirst, slast = data.pick(r, "first_names.m", "first_names.f"), data.pick(r, "last_names")
    lines += [(close, "closing"), ("", ""), (f"{sfirst} {slast}", "signature"),
              ("Regional Commissioner", "signature"), ("", "")]
    street = f"{r.randint(2, 180)} {data.pick(r, 'streets') or 'High Street'}"
    town = data.pick(r, "places") or "London"
    lines += [
        (f"{hon} {rfirst} {rlast}", "inside_address"),
        (data.pick(r, "roles") or "Director", "inside_address"),
        (data.pick(r, "organisations") or "Example Ltd", "inside_address"),
        (street, "inside_address"),
        (town, "inside_address"),
    ]
    text = "\n".join(t for t, _ in lines) + "\n"
    gold = {
        "date": date.isoformat(),
        "salutation": salutation,
        "closing": close,
        "recipients": [{"name": f"{rfirst} {rlast}"}],
        "signatories": [{"name": f"{sfirst} {slast}"}],
        "body": {"paragraphs": len(paragraphs), "starts_with": paragraphs[0][:60],
                 "ends_with": paragraphs[-1][-60:]},
    }
    return text, [(t, z) for t, z in lines if t], gold


Series = list[tuple[Path, list[tuple[str, str]], dict[str, Any]]]


def write_series(folder: Path, n: int, seed: int = 0) -> Series:
    """``n`` letters of the series as ``letters/NNNN.txt`` with ``gold/NNNN.json`` under ``folder``."""
    (folder / "letters").mkdir(parents=True, exist_ok=True)
    (folder / "gold").mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        text, lines, gold = series_letter(i, seed)
        path = folder / "letters" / f"{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        (folder / "gold" / f"{i:04d}.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")
        out.append((path, lines, gold))
    return out


def simulated_corrections(path: Path, lines: list[tuple[str, str]], model: str | None = None) -> Any:
    """What a person would save on the review page of ``path``: every line given its true zone (the
    lines whose zone the reading got wrong are the corrected ones)."""
    from letterkit.review.collect import collect
    from letterkit.review.corrections import Corrections
    from letterkit.zones.align import align_labels

    review = collect(path, model=model)
    truth = align_labels([r.text for r in review.lines], lines)
    labels = {r.index: (t or r.zone) for r, t in zip(review.lines, truth, strict=True)}
    return Corrections(
        source=path.name,
        path=str(path),
        sha256=review.sha256,
        labels=labels,
        texts={r.index: r.text for r in review.lines},
        corrected=[r.index for r in review.lines if labels[r.index] != r.zone],
    )
