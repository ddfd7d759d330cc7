"""The safety limits of reading, and the deadline check that enforces the time limit.

In the base layer because every stage keeps to them: the readers between pages and parts, the
heuristics between their stages, the batch engine when it sizes a worker's deadline and memory cap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from letterkit.errors import LimitExceeded


@dataclass(slots=True)
class Limits:
    """Safety limits; exceeding one raises :class:`letterkit.errors.LimitExceeded`."""

    #: bytes of input (file size, or bytes given); checked before anything is read
    max_bytes: int = 200 * 1024 * 1024
    #: pages of a PDF or DOCX, frames of an image; checked before the pages are read
    max_pages: int = 500
    #: bytes a DOCX package would decompress to (zip bombs), and bytes of decoded image pixels
    max_decompressed_bytes: int = 500 * 1024 * 1024
    #: seconds per document (reading + heuristics), None for no limit. :func:`letterkit.read_letter`
    #: turns it into :attr:`ReadOptions.deadline`, which readers check between pages and parts and
    #: the pipeline between its stages; batch mode with workers also kills a worker that overruns it.
    timeout: float | None = 120.0


def raise_if_past(deadline: float | None, timeout: float | None, what: str) -> None:
    """Raise :class:`LimitExceeded` when ``deadline`` (a ``time.monotonic()`` value) has passed."""
    if deadline is not None and time.monotonic() > deadline:
        limit = f"the limit of {timeout:g} s" if timeout is not None else "its deadline"
        raise LimitExceeded(
            f"{what} took longer than {limit} and was stopped; raise Limits.timeout "
            "(e.g. read_letter(..., limits=Limits(timeout=600)), or None for no limit) to read it."
        )
