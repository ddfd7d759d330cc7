"""Zip members given to read_letters/convert are decompressed in capped steps, for every codec."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from letterkit import read_letters
from letterkit.readers.base import Limits

LETTER = b"Paris, 3 July 2006\n\nDear Anna,\n\nThank you for the book.\n\nYours sincerely,\n\nMarc\n"


@pytest.mark.parametrize("codec", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_member_over_the_decompressed_limit_is_one_record(tmp_path: Path, codec: int) -> None:
    archive = tmp_path / "letters.zip"
    with zipfile.ZipFile(archive, "w", compression=codec) as zf:
        zf.writestr("big.txt", b"a" * (24 * 1024 * 1024))
        zf.writestr("ok.txt", LETTER)
    limits = Limits(max_decompressed_bytes=4 * 1024 * 1024)
    results = {r.input.rsplit("!", 1)[-1]: r for r in read_letters([archive], limits=limits)}
    assert results["ok.txt"].ok and results["ok.txt"].letter.date == "2006-07-03"
    big = results["big.txt"]
    assert big.error is not None and big.error.code == "limit-exceeded"
    assert "decompresses to more than" in big.error.message
