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


class Labeller:
    """What every zone model does with a letter: compute its lines' features once, then tag them
    (:meth:`tag_items`, which each model defines)."""

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
        return self.tag_items(items)

    def tag_items(self, items: list[list[str]]) -> list[ZoneGuess]:
        raise NotImplementedError


def tag_with_marginals(
    tagger: pycrfsuite.Tagger, lock: threading.Lock, items: list[list[str]]
) -> list[ZoneGuess]:
    """The best label sequence of ``items`` and each label's marginal probability (under ``lock``: a
    tagger holds the sequence it was last given)."""
    if not items:
        return []
    with lock:
        tagger.set(items)
        best = tagger.tag()
        return [ZoneGuess(label, tagger.marginal(label, i)) for i, label in enumerate(best)]


class ZoneModel(Labeller):
    """A CRF tagger over :func:`~letterkit.zones.features.crf_items` sequences (one per letter)."""

    def __init__(self, path: str | Path, data: bytes | None = None) -> None:
        """The model in the file ``path``, or in ``data`` (the bytes of such a file; ``path`` then names
        it in messages)."""
        self.path = str(path)
        self._tagger = pycrfsuite.Tagger()
        try:
            if data is not None:
                self._data = data  # crfsuite reads the model from this buffer: keep it alive
                self._tagger.open_inmemory(data)
            else:
                self._tagger.open(self.path)
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"The zone model {self.path!r} could not be opened ({exc}); pass the path of a file written "
                "by 'letterkit train', or leave the model option out to use the built-in one."
            ) from exc
        self.labels = tuple(self._tagger.labels())
        # a tagger holds the sequence it was last given: one letter at a time per model
        self._lock = threading.Lock()

    def tag_items(self, items: list[list[str]]) -> list[ZoneGuess]:
        """The best zone sequence for a letter's crfsuite attributes (:func:`crf_items`)."""
        return tag_with_marginals(self._tagger, self._lock, items)


@lru_cache(maxsize=1)
def builtin_model() -> ZoneModel:
    """The model shipped in the package."""
    ref = resources.files("letterkit.zones") / "data" / MODEL_FILE
    with resources.as_file(ref) as file:
        if not file.exists():
            raise ModelError(
                "letterkit's built-in zone model is missing from the installation; reinstall letterkit, "
                "or build it with 'python -m letterkit.zones.train'."
            )
        return ZoneModel(file)


__all__ = ["ZONES", "ModelError", "ZoneGuess", "ZoneModel", "builtin_model"]
