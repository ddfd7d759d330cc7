"""Readers turn bytes of one format into a :class:`letterkit.document.Document`.

Built-in readers and third-party ones are registered alike, through the entry-point group
``letterkit.readers``; see :mod:`letterkit.readers.base` for the interface and
:mod:`letterkit.readers.registry` for how one is chosen.
"""

from letterkit.readers.base import Reader, ReadOptions, StreamInfo

__all__ = ["ReadOptions", "Reader", "StreamInfo"]
