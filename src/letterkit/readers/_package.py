"""What the office-package readers (DOCX, ODT) and batch mode's zip members share, below all of them:
zip packages decompressed with an output cap for every codec, the one XML parser for the parts, and the
superscript digits of footnote markers.

The sizes a zip declares are only a first, cheap refusal: they can lie. What holds is the count of
bytes actually coming out of the decompressor, checked after every step of at most
:data:`STEP_BYTES`, so a member costs at most the limit plus one step, whatever its header says and
whatever its codec (deflate, bzip2, LZMA). XML parts are parsed with no entity expansion, no network and
no huge trees.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from letterkit.errors import CorruptInput, LimitExceeded
from letterkit.readers.base import ReadOptions


@dataclass(slots=True)
class Segment:
    """A piece of a line with its run's formatting (a DOCX run, an ODT span)."""

    text: str
    bold: bool | None
    italic: bool | None
    size: float | None


def uniform_style(segs: list[Segment]) -> tuple[bool | None, bool | None]:
    """Whether a line is bold and italic: only when every visible piece is (None for no visible text)."""
    visible = [s for s in segs if s.text.strip()]
    if not visible:
        return None, None
    return all(bool(s.bold) for s in visible), all(bool(s.italic) for s in visible)


def safe_parser() -> etree.XMLParser:
    """The only XML parser the package readers use: no entity expansion, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


#: what a damaged zip can raise (bad headers, unknown versions, corrupt deflate streams)
ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, ValueError, EOFError
)

#: the most members a package may have: real documents have tens, a zip with thousands is an attack
MAX_ZIP_MEMBERS = 10_000

#: bytes one decompression step may produce: what a member can cost before its size is checked
STEP_BYTES = 1 << 20

#: the largest LZMA dictionary accepted: the decoder allocates it up front, and a 9 KB member may ask
#: for 4 GB; 64 MiB is what the strongest xz/7-Zip presets use
MAX_LZMA_DICT = 64 * 1024 * 1024


def _raw_decompressor(info: zipfile.ZipInfo, raw: Any) -> tuple[Any, int]:
    """A bzip2 or raw-LZMA decompressor for the member whose compressed bytes ``raw`` is positioned at,
    and how many compressed bytes remain after the LZMA properties header."""
    import bz2
    import lzma

    left = info.compress_size
    if info.compress_type == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor(), left
    header = raw.read(4)
    if len(header) < 4:
        raise EOFError("the LZMA header ends early")
    size = int.from_bytes(header[2:4], "little")
    props = raw.read(size)
    if len(props) < size:
        raise EOFError("the LZMA properties end early")
    filt = lzma._decode_filter_properties(lzma.FILTER_LZMA1, props)  # type: ignore[attr-defined]
    if int(filt.get("dict_size", 0)) > MAX_LZMA_DICT:
        raise LimitExceeded(
            f"The LZMA member {info.filename} asks for a {filt['dict_size']}-byte dictionary, over the "
            f"{MAX_LZMA_DICT} bytes any real archiver uses; it was refused unread."
        )
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[filt]), left - 4 - size


def capped_chunks(info: zipfile.ZipInfo, fh: Any) -> Iterator[bytes]:
    """A zip member's decompressed bytes in chunks of at most :data:`STEP_BYTES`, whatever the codec.

    ``fh`` is ``zf.open(info)``. zipfile caps deflate's output per ``read(n)`` (and stops at the
    declared size, then checks the CRC), but its bzip2 and LZMA decoders decompress a whole input
    chunk at once, gigabytes from a few kilobytes, before anything can count them. For those codecs the
    compressed bytes are read raw and decompressed here with ``max_length``; output beyond the
    declared size, or a CRC that does not match, is :class:`zipfile.BadZipFile` as zipfile would say
    for deflate, so a lying header is found as soon as it lies."""
    if info.compress_type not in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        while chunk := fh.read(STEP_BYTES):
            yield chunk
        return
    raw = fh._fileobj  # the archive file, positioned at the member's compressed bytes
    dec, left = _raw_decompressor(info, raw)
    produced = 0
    crc = 0
    while not dec.eof:
        if dec.needs_input:
            if left <= 0:
                raise EOFError("the compressed data ends early")
            data = raw.read(min(left, 1 << 16))
            if not data:
                raise EOFError("the compressed data ends early")
            left -= len(data)
        else:
            data = b""
        chunk = dec.decompress(data, max_length=STEP_BYTES)
        if chunk:
            produced += len(chunk)
            if produced > info.file_size:
                raise zipfile.BadZipFile(
                    f"member {info.filename!r} holds more than the {info.file_size} bytes it declares"
                )
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if produced != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 or size for member {info.filename!r}")


def decompress_error() -> tuple[type[Exception], ...]:
    """What decompressing a member can raise besides :data:`ZIP_ERRORS` (lzma's error class, imported
    late: the module is not always needed)."""
    import lzma

    return (*ZIP_ERRORS, lzma.LZMAError)


def read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, what: str) -> bytes:
    """``info``'s bytes, stopped with :class:`LimitExceeded` as soon as more than ``cap`` came out;
    ``what`` names the member in the message. Zip errors propagate for the caller to word."""
    out = bytearray()
    with zf.open(info) as fh:
        for chunk in capped_chunks(info, fh):
            out += chunk
            if len(out) > cap:
                raise LimitExceeded(
                    f"{what} decompresses to more than {cap} bytes (a zip bomb, or a huge embedded "
                    "file); raise Limits.max_decompressed_bytes to read it."
                )
    return bytes(out)


class Package:
    """An opened package: its member names and a capped read of each. Every byte decompressed counts
    against one budget, ``Limits.max_decompressed_bytes``, for the whole package (a bomb spread over
    many members is still a bomb); a member read twice counts once."""

    def __init__(self, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], options: ReadOptions, kind: str):
        self.zip = zf
        self.kind = kind
        self.infos = {i.filename: i for i in infos}
        self.limit = int(options.limits.max_decompressed_bytes)
        self.used = 0
        self._sizes: dict[str, int] = {}

    def read(self, name: str) -> bytes:
        """The member ``name`` (which must exist), decompressed under what is left of the budget;
        :class:`CorruptInput` when it cannot be decompressed."""
        info = self.infos[name]
        left = self.limit - self.used + self._sizes.get(name, 0)
        try:
            data = read_capped(self.zip, info, left, f"The {self.kind} member {name}")
        except decompress_error() as exc:
            raise CorruptInput(
                f"The {self.kind} member {name} cannot be decompressed ({exc}); the file is damaged."
            ) from exc
        if name not in self._sizes:
            self._sizes[name] = len(data)
            self.used += len(data)
        return data


def open_package(data: bytes, options: ReadOptions, kind: str, advice: str) -> Package:
    """The zip of a ``kind`` package ('DOCX', 'ODT'); ``advice`` ends the message for a file that is
    not a readable zip ('Open it in LibreOffice and save it again.'). Refused at once when it has more
    members than a document has or declares more bytes than the limit; what it really holds is
    counted as it is read (:meth:`Package.read`)."""
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
    return Package(zf, infos, options, kind)
