"""The base layer: what every part of letterkit may import, and which imports nothing of letterkit above it.

Everything here is small and has no dependency but the standard library and the two other modules of
the base layer, :mod:`letterkit.errors` and :mod:`letterkit.logs`: the version, the batch result types
(:mod:`letterkit.core.results`), the safety limits and the deadline check
(:mod:`letterkit.core.limits`), and the cache folder (:mod:`letterkit.core.cache`). Keeping them
below the readers, the heuristics, the batch engine and the exports is what lets those import one
another's *types* without importing one another (``tests/test_import_graph.py`` keeps it so).
"""

from __future__ import annotations

#: letterkit's version (``letterkit.__version__`` re-exports it)
__version__ = "0.1.0"
