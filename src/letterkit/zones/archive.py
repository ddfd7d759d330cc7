"""A zone model that has learnt one archive: a base model, and a second CRF trained on the archive's
corrections that sees the base model's zones as features (stacking).

Why stacking and not retraining: the training letters of the built-in model are not shipped with the
package, and retraining it takes minutes; an archivist who corrected twenty letters of one series wants a
model that fixes that series now. The second CRF reads every feature of a line *and* the zone the base
model gave it and its neighbours, so where the base model is right it learns to keep its zone (the
``base:`` features carry it) and where it is systematically wrong (one office's letterhead read as the
body) it learns the fix from the features that mark that layout. It trains in seconds.

The file (``.lkm``, a zip) holds ``meta.json`` (format, letterkit version, the base model's SHA-256 and
how many corrected letters taught it), ``correction.crfsuite``, and ``base.crfsuite`` when the base was not
the built-in model, so that a ``.lkm`` is complete by itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from letterkit.zones.model import (
    MODEL_FILE,
    Labeller,
    ModelError,
    ZoneGuess,
    ZoneModel,
    builtin_model,
    tag_with_marginals,
)

#: the ``format`` of ``meta.json``
ARCHIVE_FORMAT = "letterkit-archive-model"
ARCHIVE_VERSION = 1
#: parameters of the correction CRF: few letters, so no minimum frequency, and a light L2 pull
PARAMS: dict[str, float | int | bool] = {
    "c1": 0.02,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}
#: the base zones of the neighbours within this distance are features of a line
WINDOW = 2


def is_archive_model(path: str | Path) -> bool:
    """Whether ``path`` is a ``.lkm`` archive model (a zip with our ``meta.json``), not a crfsuite file."""
    p = Path(path)
    if not p.is_file():
        return False
    try:
        with zipfile.ZipFile(p) as zf:
            return "meta.json" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


@cache
def builtin_sha256() -> str:
    """SHA-256 of the shipped model file: an archive model records which base it was trained over."""
    ref = resources.files("letterkit.zones") / "data" / MODEL_FILE
    return hashlib.sha256(ref.read_bytes()).hexdigest()


def stacked_items(items: list[list[str]], base: Sequence[ZoneGuess]) -> list[list[str]]:
    """Each line's attributes plus the base model's zone of it and of its neighbours, and how sure the
    base model was (three bands)."""
    n = len(items)
    out: list[list[str]] = []
    for i, item in enumerate(items):
        g = base[i]
        band = "hi" if g.prob >= 0.9 else "mid" if g.prob >= 0.6 else "lo"
        extra = [f"base:{g.label}", f"base:{g.label}:{band}"]
        for off in range(-WINDOW, WINDOW + 1):
            j = i + off
            if off and 0 <= j < n:
                extra.append(f"{off:+d}:base:{base[j].label}")
        out.append(item + extra)
    return out


@dataclass(frozen=True, slots=True)
class ArchiveMeta:
    """What ``meta.json`` says about an archive model."""

    letterkit: str
    base_sha256: str
    base_builtin: bool
    letters: int
    lines: int
    corrected_lines: int


class ArchiveModel(Labeller):
    """A base zone model and the correction CRF trained on one archive's corrected letters."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            with zipfile.ZipFile(self.path) as zf:
                raw = json.loads(zf.read("meta.json"))
                if not isinstance(raw, dict) or raw.get("format") != ARCHIVE_FORMAT or int(
                    raw.get("version", 0)
                ) > ARCHIVE_VERSION:
                    got = raw.get("format") if isinstance(raw, dict) else None
                    version = raw.get("version") if isinstance(raw, dict) else None
                    raise ModelError(
                        f"{self.path!r} is not an archive model this letterkit can read (format "
                        f"{got!r}, version {version!r})."
                    )
                correction = zf.read("correction.crfsuite")
                base_bytes = zf.read("base.crfsuite") if "base.crfsuite" in zf.namelist() else None
        except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
            raise ModelError(
                f"The archive model {self.path!r} could not be read ({exc}); train it again with "
                "'letterkit train --corrections DIR --out FILE.lkm'."
            ) from exc
        self.meta = ArchiveMeta(
            letterkit=str(raw.get("letterkit", "")),
            base_sha256=str(raw["base_sha256"]),
            base_builtin=bool(raw["base_builtin"]),
            letters=int(raw["letters"]),
            lines=int(raw["lines"]),
            corrected_lines=int(raw["corrected_lines"]),
        )
        if base_bytes is not None:
            self.base = ZoneModel(f"{self.path}:base.crfsuite", data=base_bytes)
        else:
            self.base = builtin_model()
            if self.meta.base_sha256 != builtin_sha256():
                warnings.warn(
                    f"letterkit: the archive model {self.path!r} was trained over another built-in zone "
                    "model than this letterkit's; its corrections may not fit any more: train it again "
                    "from the same corrections.",
                    stacklevel=2,
                )
        self._correction = correction  # crfsuite reads the model from this buffer: keep it alive
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(correction)
        self.labels = tuple(self._tagger.labels())
        self._lock = threading.Lock()

    def tag_items(self, items: list[list[str]]) -> list[ZoneGuess]:
        """The base model's zones, then the correction CRF's over them."""
        if not items:
            return []
        return tag_with_marginals(self._tagger, self._lock, stacked_items(items, self.base.tag_items(items)))


def train_archive(
    letters: Sequence[tuple[list[list[str]], list[str], int]],
    out: str | Path,
    base: str | Path | None = None,
    version: str = "",
) -> ArchiveMeta:
    """Train the correction CRF on ``letters`` (each: its crfsuite items, its corrected zone per line, how
    many of its lines the user changed) over ``base`` (default: the built-in model); write ``out``."""
    if not letters:
        raise ModelError("There are no corrected letters to learn from: save corrections on the review "
                         "pages first (see 'letterkit show').")
    base_model = ZoneModel(base) if base is not None else builtin_model()
    base_bytes = Path(base).read_bytes() if base is not None else None
    trainer = pycrfsuite.Trainer(verbose=False)
    n_lines = 0
    for items, labels, _ in letters:
        trainer.append(stacked_items(items, base_model.tag_items(items)), labels)
        n_lines += len(labels)
    trainer.set_params(PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        crf = Path(tmp) / "correction.crfsuite"
        trainer.train(str(crf))
        correction = crf.read_bytes()
    meta = ArchiveMeta(
        letterkit=version,
        base_sha256=hashlib.sha256(base_bytes).hexdigest() if base_bytes is not None else builtin_sha256(),
        base_builtin=base is None,
        letters=len(letters),
        lines=n_lines,
        corrected_lines=sum(c for _, _, c in letters),
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        record = {"format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION, **asdict(meta)}
        zf.writestr("meta.json", json.dumps(record, indent=1))
        zf.writestr("correction.crfsuite", correction)
        if base_bytes is not None:
            zf.writestr("base.crfsuite", base_bytes)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = target.with_name(target.name + ".part")
    tmp_out.write_bytes(buf.getvalue())
    tmp_out.replace(target)  # atomic: a half-written model is never picked up
    return meta


@lru_cache(maxsize=8)
def load_model(path: str | None = None) -> ZoneModel | ArchiveModel:
    """The model at ``path``, or the built-in one; each file is opened once per process.

    A ``.lkm`` file (``letterkit train --corrections``) is an :class:`ArchiveModel`: a base model and
    what an archive's corrections taught on top of it; anything else is a crfsuite file. Here, beside
    the archive model, because this is the module that knows both kinds (the crfsuite model's module
    knows nothing of archives).
    """
    if path is not None:
        if is_archive_model(path):
            return ArchiveModel(path)
        return ZoneModel(path)
    return builtin_model()


__all__ = ["ArchiveMeta", "ArchiveModel", "is_archive_model", "load_model", "stacked_items", "train_archive"]
