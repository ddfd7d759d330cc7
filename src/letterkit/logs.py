"""letterkit's logger, and how messages of worker processes reach the process that started them.

Everything letterkit has to say that is not part of a result (a plugin that failed to load, the
reader chosen for an input, a worker replaced after a crash, how long the language model took to
load) goes to the standard :mod:`logging` logger ``"letterkit"`` (and its children), so that an
application embedding letterkit decides what it sees, with the usual ``logging`` configuration.
The library itself only adds a :class:`logging.NullHandler`; the ``letterkit`` command adds a
handler on standard error whose level ``-v``/``-q`` set (:func:`configure_cli`).

Batch mode reads every input in a forked worker. Whatever the worker logs or warns while reading
an input is collected (:func:`collect`), sent back with the input's result, and logged again in the
parent (:func:`replay`) under the input's label: messages of workers are not lost, and the parent's
logging configuration (not the worker's) decides what is shown.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from typing import TextIO

#: the logger of the library; modules log through children (``letterkit.batch``...)
logger = logging.getLogger("letterkit")
logger.addHandler(logging.NullHandler())

#: one message carried from a worker: (level number, logger name, text)
Message = tuple[int, str, str]


def get_logger(name: str) -> logging.Logger:
    """The child logger of a letterkit module (``letterkit.readers.registry``...)."""
    return logging.getLogger(name if name.startswith("letterkit") else f"letterkit.{name}")


class _Collector(logging.Handler):
    """Keeps the records logged while one input is read in a worker."""

    def __init__(self, into: list[Message]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.into.append((record.levelno, record.name, record.getMessage()))
        except Exception:  # a record that cannot be formatted must not fail the input
            self.into.append((record.levelno, record.name, str(record.msg)))


@contextlib.contextmanager
def collect() -> Iterator[list[Message]]:
    """Collect what letterkit logs and every Python warning raised inside the block.

    Used in batch workers around each input: the list it yields travels back with the result. Log
    records of letterkit's loggers are taken at the level the worker inherited from its parent (so
    a parent run with ``-v`` gets the workers' info messages too); warnings are always taken, as
    ``WARNING`` records of ``py.warnings``, instead of being printed by the worker or silenced.
    """
    found: list[Message] = []
    handler = _Collector(found)
    handler.setLevel(logger.getEffectiveLevel())
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False  # the parent logs it again; the worker's own handlers stay quiet
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
        for w in caught:
            found.append((logging.WARNING, "py.warnings", f"{w.category.__name__}: {w.message}"))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def replay(messages: list[Message], label: str) -> None:
    """Log again, in this process, the messages a worker collected while reading ``label``."""
    for level, name, text in messages:
        target = logging.getLogger(name if name.startswith("letterkit") else "letterkit.worker")
        target.log(level, "%s: %s", label, text)


class _CliFormatter(logging.Formatter):
    """``letterkit: warning: ...``: one plain line per message, as the command's other messages."""

    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname.lower()
        text = record.getMessage()
        if text.startswith("letterkit: "):
            text = text[len("letterkit: "):]
        line = f"letterkit: {level}: {text}"
        if record.exc_info and record.levelno >= logging.ERROR:
            line += "\n" + self.formatException(record.exc_info)
        return line


def verbosity_level(verbose: int, quiet: int) -> int:
    """The logging level of ``-v``/``-q`` counts: warnings by default, ``-v`` info, ``-vv`` debug,
    ``-q`` errors only, ``-qq`` nothing but critical failures."""
    steps = [logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG]
    return steps[max(0, min(len(steps) - 1, 2 + verbose - quiet))]


def configure_cli(level: int, stream: TextIO) -> logging.Handler:
    """Show letterkit's messages of ``level`` and above on ``stream`` (the command's standard error);
    returns the handler, which the caller removes when the command ends."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_CliFormatter())
    handler.setLevel(level)
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler
