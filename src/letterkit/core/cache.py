"""The folder of letterkit's cached files, shared by everything that caches (the language model's
unpacked arrays, compiled regular expressions), so that one setting moves or switches off them all."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The folder of letterkit's cached files: ``$LETTERKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME``
    or ``~/.cache``, then ``letterkit``; None when ``LETTERKIT_CACHE_DIR=none``."""
    given = os.environ.get("LETTERKIT_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in ("", "none", "off", "0") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "letterkit"
