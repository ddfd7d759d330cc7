"""The letter's language: :mod:`letterkit.lang.identify`, re-exported for the heuristics.

The identifier lives in :mod:`letterkit.lang` because the OCR reader needs it too (to choose
Tesseract's language packs from a first pass's words), and shared code lives in a module below the
ones that use it: readers must not import the heuristics.
"""

from __future__ import annotations

from letterkit.lang.identify import LANGUAGES, detect, latin_share

__all__ = ["LANGUAGES", "detect", "latin_share"]
