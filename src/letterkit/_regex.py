"""Regular expressions compiled once per machine, not once per process.

letterkit's date, salutation and closing patterns are alternations of every month name, greeting and
formula of every language in its data (``lang/data/*.json``); Python's ``re`` parses and compiles
such a pattern in pure Python, which cost a fresh process about 0.3 s of CPU before its first
letter, the largest part of a cold start after the language model. :func:`compile` keeps the result
of that work (the compiled program: a list of integers, its groups) in a file of the cache folder
(:func:`letterkit.core.cache.cache_dir`), keyed by the pattern's text and flags, and
builds the pattern object from it with the same constructor ``re`` itself ends with, skipping the
parse. The file is named for the exact Python version and ``re``'s engine version, so a program is
only ever given to the engine that wrote it; anything unexpected (another Python, a damaged file, a
missing private function) falls back to :func:`re.compile`, which gives the same pattern.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from letterkit.core.cache import cache_dir

#: (pattern, flags) -> (flags, code, groups, groupindex, indexgroup), as ``_sre.compile`` takes them
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_programs: dict[tuple[str, int], _Entry] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False
_owner = os.getpid()
#: entries kept at most; beyond it only those this process used are written back
MAX_ENTRIES = 4000


def _engine() -> Any:
    """``(_sre, re._parser, re._compiler)``, or None where this Python does not have them."""
    try:
        import _sre

        parser = getattr(re, "_parser", None) or __import__("sre_parse")
        compiler = getattr(re, "_compiler", None) or __import__("sre_compile")
        if not (hasattr(_sre, "compile") and hasattr(parser, "parse") and hasattr(compiler, "_code")):
            return None
        return _sre, parser, compiler
    except ImportError:
        return None


def _path() -> Path | None:
    folder = cache_dir()
    engine = _engine()
    if folder is None or engine is None:
        return None
    magic = getattr(engine[0], "MAGIC", 0)
    return folder / f"regex-{sys.implementation.cache_tag}-{sys.hexversion:x}-{magic}.marshal"


def _load() -> dict[tuple[str, int], _Entry]:
    global _programs
    if _programs is None:
        _programs = {}
        path = _path()
        if path is not None and path.is_file():
            with contextlib.suppress(Exception):  # a damaged or foreign file: compile afresh
                data = marshal.loads(path.read_bytes())
                if isinstance(data, dict):
                    _programs = {k: v for k, v in data.items() if _valid(k, v)}
    return _programs


def _valid(key: Any, entry: Any) -> bool:
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str) and isinstance(key[1], int)
            and isinstance(entry, tuple) and len(entry) == 5 and isinstance(entry[1], list))


def _build(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry | None]:
    """The pattern, and the program it was built from (None when only re.compile could make it)."""
    engine = _engine()
    if engine is None:
        return re.compile(pattern, flags), None
    sre, parser, compiler = engine
    try:
        parsed = parser.parse(pattern, flags)
        code = [int(c) for c in compiler._code(parsed, flags)]  # opcodes are int subclasses
        state = parsed.state
        groupindex = {str(k): int(v) for k, v in state.groupdict.items()}
        indexgroup: list[str | None] = [None] * state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry: _Entry = (int(flags | state.flags), code, int(state.groups - 1), groupindex, tuple(indexgroup))
        return sre.compile(pattern, *entry), entry
    except Exception:  # this Python's internals differ: the public way
        return re.compile(pattern, flags), None


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored program when there is one."""
    global _dirty
    key = (pattern, int(flags))
    programs = _load()
    _used.add(key)
    entry = programs.get(key)
    if entry is not None:
        engine = _engine()
        try:
            return engine[0].compile(pattern, *entry)
        except Exception:
            programs.pop(key, None)
    compiled, entry = _build(pattern, int(flags))
    if entry is not None:
        programs[key] = entry
        _dirty = True
    return compiled


@atexit.register
def save() -> None:
    """Write the programs compiled in this process (run at exit; only by the process that imported
    letterkit, never by a forked worker, whose patterns the parent compiled before forking)."""
    global _dirty
    if not _dirty or _programs is None or os.getpid() != _owner:
        return
    path = _path()
    if path is None:
        return
    keep = _programs if len(_programs) <= MAX_ENTRIES else {k: _programs[k] for k in _used if k in _programs}
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(keep))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    _dirty = False
