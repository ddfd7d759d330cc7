"""The trained zone model: a linear-chain CRF (python-crfsuite) that gives every line one zone.

The model file ships inside the package (``zones/data/zones.crfsuite``, built by
``python -m letterkit.zones.train``); it is opened once, lazily, on the first letter. A user's own model
(trained on their corrections) is opened the same way from a path. Besides the best label sequence the
tagger gives each line's marginal probabilities, which become ``Letter.confidence``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from letterkit.document import Page
from letterkit.errors import LetterkitError
from letterkit.heuristics.context import LineView
from letterkit.zones.features import crf_items, line_features
from letterkit.zones.labels import ZONES

#: the file name of the built-in model inside ``letterkit/zones/data``
MODEL_FILE = "zones.crfsuite"


class ModelError(LetterkitError):
    """A zone model file is missing or cannot be opened."""


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    """The zone the model gives a line, with its marginal probability."""

    label: str
    prob: float


class ZoneModel:
    """A CRF tagger over :func:`~letterkit.zones.features.crf_items` sequences (one per letter)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(self.path)
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"The zone model {self.path!r} could not be opened ({exc}); pass the path of a file written "
                "by 'letterkit train', or leave the model option out to use the built-in one."
            ) from exc
        self.labels = tuple(self._tagger.labels())
        # a tagger holds the sequence it was last given: one letter at a time per model
        self._lock = threading.Lock()

    def label(
        self,
        views: list[LineView],
        pages: dict[int, Page] | None = None,
        check: Callable[[], None] | None = None,
    ) -> list[ZoneGuess]:
        """The best zone sequence for ``views``, each line with its marginal probability (``check`` is a
        deadline callback, called while the features are computed)."""
        if not views:
            return []
        items = crf_items(line_features(views, pages, check))
        if check is not None:
            check()
        with self._lock:
            tagger = self._tagger
            tagger.set(items)
            best = tagger.tag()
            return [ZoneGuess(label, tagger.marginal(label, i)) for i, label in enumerate(best)]


@lru_cache(maxsize=8)
def load_model(path: str | None = None) -> ZoneModel:
    """The model at ``path``, or the built-in one; each file is opened once per process."""
    if path is not None:
        return ZoneModel(path)
    ref = resources.files("letterkit.zones") / "data" / MODEL_FILE
    with resources.as_file(ref) as file:
        if not file.exists():
            raise ModelError(
                "letterkit's built-in zone model is missing from the installation; reinstall letterkit, "
                "or build it with 'python -m letterkit.zones.train'."
            )
        return ZoneModel(file)


__all__ = ["ZONES", "ModelError", "ZoneGuess", "ZoneModel", "load_model"]
