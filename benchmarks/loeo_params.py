"""Leave-one-edition-out scores of the zone model for several CRF settings, features prepared once.

    python benchmarks/loeo_params.py prep --synth 1000 --out /tmp/loeo-items.pkl
    python benchmarks/loeo_params.py run /tmp/loeo-items.pkl --folds escher,jean-paul,evans-tcp \
        --iterations 60 'base||' 'strong|{"c1": 0.2, "c2": 0.5}|' 'nowords||fw:,fw3:,lw:,b:'

``letterkit.zones.train --evaluate`` prepares the features of every letter and trains seven models for
one setting; comparing settings that way costs the preparation each time. Here the crfsuite items of the
real letters (``shared/train/letters.jsonl``), ``--synth`` generated letters and the hand-made letters
are computed once and stored; each ``run`` spec ``name|params JSON|attribute prefixes to drop`` then
trains one model per held-out edition with the settings of ``letterkit.zones.train.PARAMS`` updated by
the JSON, without the attributes that start with the given prefixes (also as a neighbour's), scores the
held-out edition's lines and prints each edition's and the macro F1 of dateline, salutation, closing and
signature (the macro as ``train.macro`` takes it: editions with at least five lines of a label, the
small mondriaan edition left out).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

from letterkit.zones import train as T

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ("dateline", "salutation", "closing", "signature")
Item = tuple[str, list[list[str]], list[str]]


def prepare(n_synth: int, out: Path) -> None:
    rng = random.Random(1)
    real = list(T.corpus_samples(SHARED / "train" / "letters.jsonl", rng))
    extra = list(T.synth_samples(n_synth, 1, ["txt", "docx", "pdf"])) if n_synth else []
    extra += list(T.labelled_file_samples(ROOT / "training" / "handmade_rule_labels.jsonl", ROOT)) * 3
    data = {
        "real": [(s.group, s.items(), s.labels) for s in real],
        "extra": [(s.group, s.items(), s.labels) for s in extra],
    }
    out.write_bytes(pickle.dumps(data))
    print(f"{len(real)} real and {len(extra)} other letters prepared into {out}", file=sys.stderr)


def _bare(attr: str) -> str:
    """An attribute without its neighbour prefix ('-1:fw:dear' -> 'fw:dear')."""
    return attr[3:] if len(attr) > 3 and attr[0] in "+-" and attr[1].isdigit() and attr[2] == ":" else attr


def _drop(items: list[list[str]], prefixes: tuple[str, ...]) -> list[list[str]]:
    if not prefixes:
        return items
    return [[a for a in item if not _bare(a).startswith(prefixes)] for item in items]


def run(data: dict[str, list[Item]], name: str, params: dict[str, float], prefixes: tuple[str, ...],
        folds: list[str], iterations: int) -> dict[str, float]:
    result: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for held in folds:
            t0 = time.perf_counter()
            trainer = pycrfsuite.Trainer(verbose=False)
            for group, items, labels in data["real"] + data["extra"]:
                if group != held:
                    trainer.append(_drop(items, prefixes), labels)
            trainer.set_params({**T.PARAMS, "max_iterations": iterations, **params})
            path = str(Path(tmp) / f"{name}-{held}.crfsuite")
            trainer.train(path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            gold, pred = [], []
            for group, items, labels in data["real"]:
                if group == held:
                    gold.append(labels)
                    pred.append(tagger.tag(_drop(items, prefixes)))
            tagger.close()
            result[held] = T.scores(gold, pred)
            cells = " ".join(f"{lab}={result[held][lab]['f1']:.3f}" for lab in LABELS if lab in result[held])
            print(f"{name} {held} {time.perf_counter() - t0:.0f}s {cells}", flush=True)
    avg = T.macro(result)
    print(f"MACRO {name} " + " ".join(f"{lab}={avg[lab]:.3f}" for lab in LABELS if lab in avg), flush=True)
    return avg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prep")
    p.add_argument("--synth", type=int, default=1000)
    p.add_argument("--out", type=Path, required=True)
    r = sub.add_parser("run")
    r.add_argument("items", type=Path)
    r.add_argument("--folds", default="escher,jean-paul,evans-tcp")
    r.add_argument("--iterations", type=int, default=60)
    r.add_argument("specs", nargs="+", help="name|params JSON|attribute prefixes to drop (comma-separated)")
    args = ap.parse_args()
    if args.cmd == "prep":
        prepare(args.synth, args.out)
        return 0
    data = pickle.loads(args.items.read_bytes())
    for spec in args.specs:
        name, params, drop = spec.split("|")
        run(data, name, json.loads(params) if params else {}, tuple(x for x in drop.split(",") if x),
            args.folds.split(","), args.iterations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
