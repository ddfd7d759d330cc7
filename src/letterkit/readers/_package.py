"""What the office-package readers (DOCX, ODT) share, below both of them: opening the zip with its
size checked before anything is decompressed, the one XML parser for the parts, and the superscript
digits of footnote markers.

A package is refused when it is not a zip, has more members than a real document has, or declares
more decompressed bytes than ``Limits`` allows. Its XML parts are parsed with no entity expansion,
no network and no huge trees.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from letterkit.errors import CorruptInput, LimitExceeded
from letterkit.readers.base import ReadOptions

#: Unicode superscript digits, for footnote reference markers in body text ("9 March.¹")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def safe_parser() -> etree.XMLParser:
    """The only XML parser the package readers use: no entity expansion, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


#: what a damaged zip can raise (bad headers, unknown versions, corrupt deflate streams)
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, ValueError, EOFError
)

#: the most members a package may have: real documents have tens, a zip with thousands is an attack
MAX_ZIP_MEMBERS = 10_000


def open_package(
    data: bytes, options: ReadOptions, kind: str, advice: str
) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip of a ``kind`` package ('DOCX', 'ODT') and its members; ``advice`` ends the message for a
    file that is not a readable zip ('Open it in LibreOffice and save it again.')."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except ZIP_ERRORS as exc:
        article = "an" if kind[:1] in "AEIOU" else "a"
        raise CorruptInput(
            f"This {kind} file is not a readable zip archive ({exc}); it is damaged or not {article} {kind}. "
            + advice
        ) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitExceeded(
            f"The {kind} package has {len(infos)} members, over the limit of {MAX_ZIP_MEMBERS}."
        )
    total = sum(max(i.file_size, 0) for i in infos)
    limit = options.limits.max_decompressed_bytes
    if total > limit:
        raise LimitExceeded(
            f"The {kind} package would decompress to {total} bytes, over the limit of {limit} "
            "(a zip bomb, or a huge embedded file); raise Limits.max_decompressed_bytes to read it."
        )
    return zf, infos
