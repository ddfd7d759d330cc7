"""DOCX and ODT members are decompressed in capped steps for every codec, counted as bytes come out.

A zip's declared sizes can lie: the repro DOCX declares 2 MB for a bzip2 ``word/document.xml`` that
inflates to gigabytes. What is measured here is what the decompression really allocates (tracemalloc
sees every bytes object the decoders return), against what the member would inflate to.
"""

from __future__ import annotations

import functools
import io
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from letterkit import read_letter
from letterkit.errors import CorruptInput, LetterkitError, LimitExceeded
from letterkit.readers._package import STEP_BYTES, read_capped

CODECS = {"deflate": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA}
#: what the bombs inflate to; the limits below are far smaller
BOMB_BYTES = 48 * 1024 * 1024
REPRO = Path(__file__).resolve().parent.parent.parent / "shared" / "repro"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
    "<w:p><w:r><w:t>Dear Anna,</w:t></w:r></w:p><w:p><w:r><w:t>Thank you.</w:t></w:r></w:p>"
    "</w:body></w:document>"
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    "<text:p>Dear Anna,</text:p><text:p>Thank you.</text:p></office:text></office:body>"
    "</office:document-content>"
)


@functools.cache
def _bomb_member(codec: str) -> bytes:
    """An XML part padded with spaces to :data:`BOMB_BYTES` (a few kilobytes compressed)."""
    head = DOCUMENT if codec.startswith("docx") else ODT_CONTENT
    return head.encode() + b" " * (BOMB_BYTES - len(head))


def _zip(parts: dict[str, bytes | str], codec: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, value in parts.items():
            stored = name == "mimetype"
            zf.writestr(name, value, compress_type=zipfile.ZIP_STORED if stored else codec)
    return out.getvalue()


def _patch(data: bytes, member: str, local: int, central: int, value: int) -> bytes:
    """Overwrite the 32-bit field at offset ``local`` of ``member``'s local header and ``central`` of
    its central-directory entry with ``value``."""
    raw = bytearray(data)
    name = member.encode()
    for magic, name_at, field in ((b"PK\x03\x04", 26, local), (b"PK\x01\x02", 28, central)):
        pos = 0
        while (pos := raw.find(magic, pos)) >= 0:
            n = struct.unpack_from("<H", raw, pos + name_at)[0]
            start = pos + (30 if name_at == 26 else 46)
            if raw[start : start + n] == name:
                struct.pack_into("<I", raw, pos + field, value)
            pos += 4
    return bytes(raw)


def _declare(data: bytes, member: str, size: int) -> bytes:
    """A lying header: ``member`` declares ``size`` uncompressed bytes."""
    return _patch(data, member, 22, 24, size)


@functools.cache
def _lying(kind: str, codec: str) -> bytes:
    """A DOCX or ODT whose main part inflates to :data:`BOMB_BYTES` but declares 2,000 bytes."""
    if kind == "docx":
        member = "word/document.xml"
        parts: dict[str, bytes | str] = {
            "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, member: _bomb_member("docx")
        }
    else:
        member = "content.xml"
        parts = {"mimetype": "application/vnd.oasis.opendocument.text", member: _bomb_member("odt")}
    return _declare(_zip(parts, CODECS[codec]), member, 2000)


def _peak(fn: object) -> tuple[BaseException | None, int]:
    """What ``fn()`` raised and the most memory Python objects held meanwhile (tracemalloc)."""
    assert callable(fn)
    tracemalloc.start()
    caught: BaseException | None = None
    try:
        fn()
    except BaseException as exc:  # the caller checks which
        caught = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return caught, peak


@pytest.mark.parametrize("kind", ["docx", "odt"])
@pytest.mark.parametrize("codec", list(CODECS))
def test_a_member_that_lies_about_its_size_is_stopped_as_it_lies(kind: str, codec: str) -> None:
    data = _lying(kind, codec)
    assert len(data) < 1024 * 1024  # a bomb: small on disk
    with pytest.raises(CorruptInput):  # the readers and codecs imported before memory is measured
        read_letter(data, filename=f"liar.{kind}")
    caught, peak = _peak(lambda: read_letter(data, filename=f"liar.{kind}"))
    assert type(caught) is CorruptInput, caught
    assert "cannot be decompressed" in str(caught)
    # the input, a decompression step or two and LZMA's 8 MB dictionary: not the 48 MB it holds
    assert peak < 12 * STEP_BYTES + 4 * len(data), peak


@pytest.mark.parametrize("codec", list(CODECS))
def test_the_output_cap_holds_whatever_the_header_says(codec: str) -> None:
    """``read_capped`` stops as the bytes come out, for an honest header too: the declared size is not
    what is checked."""
    data = _zip({"big.xml": _bomb_member("docx")}, CODECS[codec])
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo("big.xml")
    assert info.file_size == BOMB_BYTES
    caught, peak = _peak(lambda: read_capped(zf, info, 4 * 1024 * 1024, "big.xml"))
    assert type(caught) is LimitExceeded, caught
    assert "Limits.max_decompressed_bytes" in str(caught)
    assert peak < 4 * 1024 * 1024 + 12 * STEP_BYTES, peak  # the cap, a step, LZMA's dictionary


@pytest.mark.parametrize("codec", list(CODECS))
def test_members_within_the_budget_read_normally(codec: str) -> None:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": DOCUMENT
    }
    letter = read_letter(_zip(parts, CODECS[codec]), filename="ok.docx")
    assert "Thank you." in letter.text
    odt = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": ODT_CONTENT}
    assert "Thank you." in read_letter(_zip(odt, CODECS[codec]), filename="ok.odt").text


def test_an_lzma_member_asking_for_a_huge_dictionary_is_refused_unread() -> None:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": DOCUMENT
    }
    data = bytearray(_zip(parts, zipfile.ZIP_LZMA))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    # 4 bytes of version and size, then 5 bytes of properties: lc/lp/pb and the dictionary size
    struct.pack_into("<I", data, start + 4 + 1, 0xF000_0000)
    caught, peak = _peak(lambda: read_letter(bytes(data), filename="dict.docx"))
    assert type(caught) is LimitExceeded and "dictionary" in str(caught), caught
    assert peak < 12 * STEP_BYTES, peak


def test_a_bad_crc_in_a_bzip2_member_is_corrupt_input() -> None:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": DOCUMENT
    }
    data = _zip(parts, zipfile.ZIP_BZIP2)
    crc = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").CRC
    data = _patch(data, "word/document.xml", 14, 16, crc ^ 1)
    with pytest.raises(CorruptInput, match="CRC"):
        read_letter(data, filename="crc.docx")


@pytest.mark.skipif(not (REPRO / "docx_zipbomb_bzip2_4GB_lying.docx").exists(), reason="no repro folder")
def test_the_repro_bzip2_bomb_is_one_error_under_a_memory_cap() -> None:
    """The 9.4 KB DOCX that reached 8.2 GB: read in a child capped at 1 GB of address space."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))\n"
        "resource.setrlimit(resource.RLIMIT_CPU, (300, 300))\n"
        "from letterkit import read_letter\n"
        "from letterkit.errors import LetterkitError\n"
        "try:\n"
        f"    read_letter({str(REPRO / 'docx_zipbomb_bzip2_4GB_lying.docx')!r})\n"
        "except LetterkitError as exc:\n"
        "    print(type(exc).__name__, exc.code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    name = done.stdout.split()[0]
    assert issubclass(getattr(__import__("letterkit.errors", fromlist=[name]), name), LetterkitError)
    assert name in ("CorruptInput", "LimitExceeded"), done.stdout
