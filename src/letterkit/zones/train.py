"""Train the zone model, and measure it leave-one-edition-out.

    python -m letterkit.zones.train --corpus ../shared/train/letters.jsonl --synth 3000 \
        --out src/letterkit/zones/data/zones.crfsuite
    python -m letterkit.zones.train --corpus ../shared/train/letters.jsonl --evaluate

Training letters come from two places: real letters with a zone on every line (the JSON Lines format
of ``shared/train/letters.jsonl``: ``{"id", "edition", "lines": [{"text", "label", "blank_before"}]}``)
and letters made by :mod:`letterkit.zones.synth` with labels known by construction, rendered as text,
DOCX and PDF and read back through letterkit's own readers, so that the model sees the layout cues the
readers produce. Every letter goes through the same path as at reading time (reader -> Document ->
line views -> :func:`~letterkit.zones.features.line_features`), so training and use cannot drift apart.

Everything is seeded: the same inputs give the same model file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from letterkit.document import Document, DocumentBuilder, Page
from letterkit.heuristics.context import LineView, make_context
from letterkit.zones.align import align_labels
from letterkit.zones.features import crf_items, line_features
from letterkit.zones.labels import ZONES

#: the CRF's training parameters (L-BFGS with elastic-net regularisation, as GROBID's Wapiti models)
PARAMS: dict[str, float | int | bool] = {
    # stronger regularisation than the first model's (c1 0.05, c2 0.01): on the three editions the
    # model reads worst, held out in turn, it raised the macro F1 of dateline, salutation, closing and
    # signature by 1-3 points each (benchmarks/loeo_params.py; benchmarks/results/zones-params.md)
    "c1": 0.2,
    "c2": 0.5,
    "max_iterations": 120,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
#: share of training letters whose long lines are hard-wrapped, as plain-text transcriptions have them
WRAP_SHARE = 0.4
#: of the generated letters that need a TrueType font in PDF (not Latin-1), every this many is a PDF
UNICODE_PDF_EVERY = 3
#: editions too small to select a model on (reported, left out of the macro average)
SMALL_EDITIONS = frozenset({"mondriaan"})


@dataclass
class Sample:
    """One letter as the model sees it: its line views, page sizes and a zone per line."""

    id: str
    group: str
    views: list[LineView]
    pages: dict[int, Page]
    labels: list[str]
    weight: float = 1.0

    def items(self) -> list[list[str]]:
        return crf_items(line_features(self.views, self.pages))


def document_from_lines(
    lines: list[dict[str, object]], rng: random.Random | None = None
) -> tuple[Document, list[str]]:
    """A plain-text Document from labelled lines (``blank_before`` starts a block), and the labels of its
    lines; with ``rng``, some long lines are hard-wrapped the way transcriptions break them."""
    b = DocumentBuilder(format="txt", reader="training")
    labels: list[str] = []
    wrap = rng is not None and rng.random() < WRAP_SHARE
    width = rng.randint(55, 85) if rng is not None else 0
    first = True
    for ln in lines:
        text = str(ln.get("text") or "").strip()
        if not text:
            continue
        if ln.get("blank_before") and not first:
            b.end_block()
        first = False
        label = str(ln["label"])
        pieces = _wrap(text, width) if wrap and len(text) > width + 15 else [text]
        for piece in pieces:
            b.add_line(piece, indent=0.0)
            labels.append(label)
    return b.build(), labels


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        out.append(cur)
    return out


def _sample(
    doc: Document, labels: list[str | None], sid: str, group: str, weight: float = 1.0
) -> Sample | None:
    """A sample from a document whose lines (in ``Document.lines()`` order) carry ``labels``."""
    ctx = make_context(doc)
    by_index = {line.index: lab for line, lab in zip(doc.lines(), labels, strict=False)}
    views: list[LineView] = []
    out: list[str] = []
    for v in ctx.lines:
        lab = by_index.get(v.line.index)
        if lab is None:
            continue
        v.pos = len(views)
        views.append(v)
        out.append(lab)
    if not views:
        return None
    return Sample(sid, group, views, {p.number: p for p in doc.pages}, out, weight)


def corpus_samples(path: Path, rng: random.Random, limit: int | None = None) -> Iterator[Sample]:
    """Samples from a labelled JSON Lines corpus (``shared/train/letters.jsonl``)."""
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh):
            if limit is not None and n >= limit:
                break
            rec = json.loads(raw)
            lines = [ln for ln in rec["lines"] if ln.get("label") in ZONES]
            doc, labels = document_from_lines(lines, rng)
            s = _sample(doc, list(labels), rec["id"], rec.get("edition", "corpus"))
            if s is not None:
                yield s


def synth_samples(n: int, seed: int, formats: Iterable[str] = ("txt", "docx", "pdf")) -> Iterator[Sample]:
    """Generated letters, rendered in turn as each format and read back through letterkit's readers."""
    from letterkit.api import read_document
    from letterkit.zones import synth
    from letterkit.zones.synth import render

    fmts = list(formats)
    rng = random.Random(seed)
    for k, letter in enumerate(synth.generate(n, seed=seed)):
        usable = [f for f in fmts if f in render.available_formats(letter)]
        if not usable:
            continue
        fmt = usable[k % len(usable)]
        if fmt == "pdf" and not render.fits_latin1(letter) and k % UNICODE_PDF_EVERY:
            # a PDF in a TrueType font costs a second to make (font parsing and subsetting): only every
            # UNICODE_PDF_EVERY-th such letter is rendered as PDF, the others as DOCX (same layout cues)
            fmt = "docx" if "docx" in usable else usable[0]
        if fmt == "txt":
            data = render.render_txt(letter, seed=rng.randrange(1 << 30)).encode("utf-8")
        elif fmt == "docx":
            data = render.render_docx(letter)
        else:
            data = render.render_pdf(letter)
        doc = read_document(data, format=fmt)
        labelled = [(ln.text, ln.label) for ln in letter.lines]
        labels = repeats_as_furniture(doc, align_labels([ln.text for ln in doc.lines()], labelled))
        s = _sample(doc, labels, f"synth:{letter.id}:{fmt}", "synth")
        if s is not None:
            yield s


def repeats_as_furniture(doc: Document, labels: list[str | None]) -> list[str | None]:
    """``labels`` with every line that repeats, word for word, a line of an earlier page set to
    furniture.

    Why: a generated letter's header and footer are drawn again on every page by the word processor
    or PDF renderer (and copied into the running text of a dumped PDF), but the generator wrote each
    only once; matching characters gives the copies the zone of the first one (letterhead), or of
    whatever else has the same letters (a signature's organisation in capitals). A copy on a later page
    is page furniture: the letter's letterhead is the first page's.
    """
    first_page: dict[str, int] = {}
    out = list(labels)
    for i, line in enumerate(doc.lines()):
        text = " ".join(line.text.split())
        if not text or out[i] is None:
            continue
        seen = first_page.setdefault(text, line.page)
        if seen < line.page:
            out[i] = "furniture"
    return out


def labelled_file_samples(path: Path, root: Path) -> Iterator[Sample]:
    """Samples from files with a zone per Document line (``{"path", "labels": {line index: zone},
    "texts": {line index: text}}`` per line of ``path``; file paths relative to ``root``), read again
    through letterkit's readers. A line whose text no longer matches is left out."""
    from letterkit.api import read_document
    from letterkit.heuristics.context import clean

    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            rec = json.loads(raw)
            doc = read_document(root / rec["path"])
            labels: list[str | None] = []
            for line in doc.lines():
                key = str(line.index)
                ok = key in rec["labels"] and rec["texts"].get(key) == clean(line.text)
                labels.append(rec["labels"][key] if ok else None)
            s = _sample(doc, labels, f"file:{rec['path']}", "handmade")
            if s is not None:
                yield s


def train(samples: list[Sample], out: Path, params: dict[str, float | int | bool] | None = None) -> Path:
    """Train a CRF on ``samples`` and write it to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in samples:
        trainer.append(s.items(), s.labels)
    trainer.set_params({**PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def scores(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per-label precision, recall, F1 and support over lines."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_seq, p_seq in zip(gold, pred, strict=False):
        for g, p in zip(g_seq, p_seq, strict=False):
            if g == p:
                tp[g] += 1
            else:
                fp[p] += 1
                fn[g] += 1
    out: dict[str, dict[str, float]] = {}
    for lab in ZONES:
        support = tp[lab] + fn[lab]
        if not support and not fp[lab]:
            continue
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"p": prec, "r": rec, "f1": f1, "n": support}
    return out


def evaluate_loeo(
    samples: list[Sample],
    extra: list[Sample],
    workdir: Path,
    params: dict[str, float | int | bool] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Leave-one-edition-out: for each edition, train on the others (+ ``extra``), tag it, score it."""
    from letterkit.zones.model import ZoneModel

    groups = sorted({s.group for s in samples})
    result: dict[str, dict[str, dict[str, float]]] = {}
    for g in groups:
        t0 = time.perf_counter()
        train_set = [s for s in samples if s.group != g] + extra
        test_set = [s for s in samples if s.group == g]
        path = train(train_set, workdir / f"loeo-{g}.crfsuite", params)
        model = ZoneModel(path)
        pred = [[z.label for z in model.label(s.views, s.pages)] for s in test_set]
        result[g] = scores([s.labels for s in test_set], pred)
        print(f"  {g}: {len(test_set)} letters, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return result


def macro(result: dict[str, dict[str, dict[str, float]]]) -> dict[str, float]:
    """Macro average of each label's F1 over the editions that have it (small editions left out)."""
    per: dict[str, list[float]] = defaultdict(list)
    for g, by_label in result.items():
        if g in SMALL_EDITIONS:
            continue
        for lab, s in by_label.items():
            if s["n"] >= 5:
                per[lab].append(s["f1"])
    return {lab: sum(v) / len(v) for lab, v in per.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="letterkit train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="labelled letters (JSON Lines)")
    ap.add_argument("--labelled-files", type=Path, action="append", default=[],
                    help="files with a zone per line (JSON Lines of path/labels/texts), "
                    "paths relative to --root")
    ap.add_argument("--root", type=Path, default=Path("."), help="where the labelled files' paths start")
    ap.add_argument("--repeat-files", type=int, default=3, help="weight of the labelled files (repeats)")
    ap.add_argument("--synth", type=int, default=0, help="number of generated letters to add")
    ap.add_argument("--formats", default="txt,docx,pdf", help="formats the generated letters are rendered in")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="at most this many letters per corpus file")
    ap.add_argument("--out", type=Path, default=Path("zones.crfsuite"))
    ap.add_argument("--iterations", type=int, default=None)
    ap.add_argument("--c1", type=float, default=None, help=f"L1 weight (default {PARAMS['c1']})")
    ap.add_argument("--c2", type=float, default=None, help=f"L2 weight (default {PARAMS['c2']})")
    ap.add_argument("--evaluate", action="store_true", help="leave-one-edition-out scores instead of a model")
    ap.add_argument("--report", type=Path, default=None, help="write the evaluation as JSON here")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    params: dict[str, float | int | bool] = {}
    if args.iterations:
        params["max_iterations"] = args.iterations
    for name in ("c1", "c2"):
        if getattr(args, name) is not None:
            params[name] = getattr(args, name)
    t0 = time.perf_counter()
    real: list[Sample] = []
    for path in args.corpus:
        real.extend(corpus_samples(path, rng, args.limit))
    synth = list(synth_samples(args.synth, args.seed, args.formats.split(","))) if args.synth else []
    for path in args.labelled_files:
        synth.extend(list(labelled_file_samples(path, args.root)) * args.repeat_files)
    n_lines = sum(len(s.labels) for s in real + synth)
    print(
        f"{len(real)} real and {len(synth)} generated letters, {n_lines} lines "
        f"({time.perf_counter() - t0:.0f} s to prepare)",
        file=sys.stderr,
    )
    if args.evaluate:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = evaluate_loeo(real, synth, Path(tmp), params)
        avg = macro(result)
        report = {"editions": result, "macro_f1": avg, "params": {**PARAMS, **params}, "synth": args.synth}
        if args.report:
            args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
        for lab in ZONES:
            if lab in avg:
                cells = " ".join(
                    f"{g[:8]}={result[g][lab]['f1']:.2f}" for g in sorted(result) if lab in result[g]
                )
                print(f"{lab:15} macro F1 {avg[lab]:.3f}   {cells}")
        return 0
    train(real + synth, args.out, params)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
