"""py3langid's model, loaded without decompressing it: a mapped copy made once per machine.

py3langid ships its model as an LZMA-compressed ``.npz`` (4.5 MB); decompressing it (68 MB) and
turning its arrays into Python lists costs about 0.8 s of CPU in every fresh process, which was most
of what a first :func:`letterkit.read_letter` cost. The first time letterkit needs the model on a
machine, it writes the same arrays, already restricted to the ISO 639-1 languages it asks for, as
one uncompressed file in the user's cache folder (:func:`cache_dir`); every later process maps that
file (``mmap``) and reads only the pages the text at hand touches. Nothing is downloaded: the file
is made from the model py3langid installed, and is keyed by that model's size, time and py3langid's
version, so an upgraded py3langid gets a new file. The identifier built from it is py3langid's own
:class:`~py3langid.langid.LanguageIdentifier` over the same numbers, so every result is the same as
with the compressed model (``tests/test_langid_model.py`` compares them).

Where the cache folder cannot be written (a read-only home), the model is decompressed in memory as
before. ``LETTERKIT_CACHE_DIR`` moves the folder; ``LETTERKIT_CACHE_DIR=none`` turns the copy off.
Why not ship the uncompressed copy inside the package: it is 60 MB installed, for a file that can be
made from one already installed; why not zlib: decompressing 60 MB still costs 0.2 s every time.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from letterkit.core.cache import cache_dir
from letterkit.logs import get_logger

log = get_logger(__name__)

#: bumped when the layout of the mapped file changes
LAYOUT = 1
#: the start of every mapped file, then an 8-byte header length, the JSON header, the arrays
MAGIC = b"LKLANGID"
#: arrays start at multiples of this, so every one is aligned for its type
ALIGN = 64


def _source() -> tuple[Path, str]:
    """py3langid's model file, and a key that changes when it does."""
    from importlib.metadata import version

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    path = Path(MODEL_DIR) / MODEL_FILE
    st = path.stat()
    raw = f"{LAYOUT}|{version('py3langid')}|{st.st_size}|{st.st_mtime_ns}"
    return path, hashlib.sha256(raw.encode()).hexdigest()[:16]


def _arrays(path: Path, keep: Callable[[str], bool]) -> dict[str, Any]:
    """The model's arrays, as py3langid loads them, restricted to the labels ``keep`` accepts, exactly
    as :meth:`LanguageIdentifier.set_languages` restricts them."""
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(path)
    indices = [i for i, c in enumerate(classes) if keep(c)]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, indices]),
        "pc": np.ascontiguousarray(np.asarray(pc)[indices]),
        "classes": [classes[i] for i in indices],
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        "row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
        "output": np.asarray(output, dtype=np.int32),
    }


def _write(target: Path, arrays: dict[str, Any]) -> None:
    """The arrays as one file: magic, header length, JSON header (dtype, shape, offset of each), data.
    Written to a temporary file and renamed, so a reader never maps half a file."""
    names = ("ptc", "pc", "nextmove", "row", "output")
    header: dict[str, Any] = {"classes": arrays["classes"], "arrays": {}}
    offset = 0
    for name in names:
        a = arrays[name]
        header["arrays"][name] = {"dtype": a.dtype.str, "shape": list(a.shape), "offset": offset}
        offset += -(-a.nbytes // ALIGN) * ALIGN
    head = json.dumps(header).encode()
    start = -(-(len(MAGIC) + 8 + len(head)) // ALIGN) * ALIGN
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + len(head).to_bytes(8, "little") + head)
            for name in names:
                fh.seek(start + header["arrays"][name]["offset"])
                fh.write(arrays[name].tobytes())
        os.chmod(tmp, 0o644)  # a shared cache folder (a cluster's) serves every user
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _map(path: Path) -> dict[str, Any] | None:
    """The arrays of a mapped file (no copy: the ``mmap`` stays open as long as they live), or None
    when the file is not one of ours."""
    import numpy as np

    with path.open("rb") as fh:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[: len(MAGIC)] != MAGIC:
        return None
    size = int.from_bytes(mm[len(MAGIC) : len(MAGIC) + 8], "little")
    header = json.loads(mm[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
    start = -(-(len(MAGIC) + 8 + size) // ALIGN) * ALIGN
    out: dict[str, Any] = {"classes": header["classes"]}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        out[name] = np.frombuffer(mm, dtype=dtype, count=count, offset=start + spec["offset"]).reshape(
            spec["shape"]
        )
    return out


def _identifier(arrays: dict[str, Any]) -> Any:
    """py3langid's identifier over the arrays, with the DFA tables as py3langid itself holds them:
    memory views give Python ints on indexing, as its ``array`` objects do (no copy of 40 MB)."""
    import numpy as np

    def view(a: Any, signed: bool = False) -> memoryview:
        code: Any = {1: "B", 2: "H", 4: "I", 8: "Q"}[a.dtype.itemsize]
        buffer: Any = np.ascontiguousarray(a)
        return memoryview(buffer).cast("B").cast(code.lower() if signed else code)

    return _identifier_class()(
        arrays["ptc"], np.array(arrays["pc"]), list(arrays["classes"]), view(arrays["nextmove"]),
        view(arrays["output"], signed=True), norm_probs=False, tk_row=view(arrays["row"]),
    )


@cache
def _identifier_class() -> Any:
    """py3langid's identifier with a faster scoring step for a half-precision model (the mapped copy
    keeps py3langid's float16 table). NumPy widens float16 to float32 in software, and the score of a
    letter widened its few hundred table rows one number at a time, a third of the identifier's time;
    here each row's bits index a table of all 65,536 half-precision values, widened once, which gives
    the same float32 numbers (and so the same scores, bit for bit) at the cost of one gather."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    widened = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)

    class HalfFloatIdentifier(LanguageIdentifier):
        __slots__ = ()

        def _sparse_score(self, visits: Any, table: Any) -> Any:
            if table.dtype != np.float16 or not table.flags.c_contiguous:
                return super()._sparse_score(visits, table)
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            rows = widened.take(table.view(np.uint16).take(idx, axis=0))
            return np.log1p(counts) @ rows + self.nb_pc

    return HalfFloatIdentifier


def load_identifier(keep: Callable[[str], bool], name: str) -> Any:
    """py3langid's identifier restricted to the labels ``keep`` accepts, from the mapped copy (made
    on first use). ``name`` names that choice in the copy's file name: one name, one ``keep``."""
    started = time.process_time()
    source, key = _source()
    folder = cache_dir()
    target = folder / f"langid-{name}-{key}.bin" if folder is not None else None
    arrays = None
    if target is not None and target.is_file():
        try:
            arrays = _map(target)
        except (OSError, ValueError, KeyError) as exc:
            log.info("the language model copy %s is unreadable (%s); making it again", target, exc)
    how = "mapped"
    if arrays is None:
        arrays = _arrays(source, keep)
        how = "decompressed"
        if target is not None:
            try:
                _write(target, arrays)
                how = f"decompressed and copied to {target}"
            except OSError as exc:
                log.info("cannot keep a copy of the language model in %s (%s); it is decompressed "
                         "in every process", target.parent, exc)
    identifier = _identifier(arrays)
    log.debug("language model %s in %.2f s of CPU", how, time.process_time() - started)
    return identifier
