"""Where the zone model goes wrong on an edition it has not seen: a confusion table and examples.

    python benchmarks/loeo_params.py prep --synth 1000 --out /tmp/loeo-items.pkl
    python benchmarks/loeo_errors.py /tmp/loeo-items.pkl jean-paul --iterations 60 [--examples 12]

A model is trained on the items of every other edition (and the generated and hand-made letters) with
``letterkit.zones.train.PARAMS``, the held-out edition's letters are tagged, and the table of gold
against predicted zones is printed, then for each confusion that involves a dateline, salutation,
closing or signature some lines with the two lines either side (``gold/predicted:text``). The lines'
text comes from ``shared/train/letters.jsonl`` read again in the order ``prep`` read it.
"""

from __future__ import annotations

import argparse
import collections
import pickle
import random
import tempfile
from pathlib import Path

import pycrfsuite

from letterkit.zones import train as T

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "train" / "letters.jsonl"
WATCHED = ("dateline", "salutation", "closing", "signature")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("items", type=Path)
    ap.add_argument("held")
    ap.add_argument("--iterations", type=int, default=60)
    ap.add_argument("--examples", type=int, default=12)
    args = ap.parse_args()
    data = pickle.loads(args.items.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        model = str(Path(tmp) / "held-out.crfsuite")
        trainer = pycrfsuite.Trainer(verbose=False)
        for group, items, labels in data["real"] + data["extra"]:
            if group != args.held:
                trainer.append(items, labels)
        trainer.set_params({**T.PARAMS, "max_iterations": args.iterations})
        trainer.train(model)
        tagger = pycrfsuite.Tagger()
        tagger.open(model)
        # the same random draws as ``prep`` (hard-wrapping), so the same lines
        texts = [[v.line.text for v in s.views] for s in T.corpus_samples(CORPUS, random.Random(1))
                 if s.group == args.held]  # fmt: skip
        real = [(items, labels) for group, items, labels in data["real"] if group == args.held]
        if len(real) != len(texts):
            raise SystemExit("the items were prepared from another corpus or code: prepare them again")
        table: collections.Counter[tuple[str, str]] = collections.Counter()
        examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        gold, pred = [], []
        for (items, labels), text in zip(real, texts, strict=True):
            tags = tagger.tag(items)
            gold.append(labels)
            pred.append(tags)
            for k, (a, b) in enumerate(zip(labels, tags, strict=True)):
                table[a, b] += 1
                if a != b and (a in WATCHED or b in WATCHED):
                    around = range(max(0, k - 2), min(len(text), k + 3))
                    ctx = " | ".join(f"{labels[j][:4]}/{tags[j][:4]}:{text[j][:40]}" for j in around)
                    examples[a, b].append(f"[{text[k][:70]}]  {ctx}")
        tagger.close()
    scores = T.scores(gold, pred)
    print(args.held, " ".join(f"{lab}={scores[lab]['f1']:.3f}" for lab in WATCHED if lab in scores))
    labs = sorted({a for a, _ in table} | {b for _, b in table})
    print("gold\\pred " + " ".join(f"{lab[:5]:>6}" for lab in labs))
    for a in labs:
        print(f"{a[:9]:9} " + " ".join(f"{table[a, b]:6}" for b in labs))
    for key, found in sorted(examples.items(), key=lambda kv: -len(kv[1])):
        print(f"\n## gold {key[0]} -> predicted {key[1]}: {len(found)}")
        random.Random(0).shuffle(found)
        for line in found[: args.examples]:
            print("  ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
