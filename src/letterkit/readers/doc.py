"""Legacy Word 97-2003 documents (``.doc``), through a program found on the machine.

No maintained pure-Python library reads the binary Word format's text with its structure, so this
reader hands the file to a converter: LibreOffice (``soffice --headless --convert-to docx``), whose
DOCX is then read by letterkit's DOCX reader with its headers, footers, footnotes and tables; or
``antiword``, which writes the text only (paragraphs; no header or footer regions). The choice:
``doc_converter="auto"`` (default: LibreOffice when installed, else antiword), ``"soffice"`` or
``"antiword"`` (a keyword argument of ``read_letter``). When neither is installed the reader raises
:class:`~letterkit.errors.ToolMissing`, which names what to install.

LibreOffice runs with a user profile of its own in a temporary folder, so parallel batch workers do
not share (and lock) one profile; each conversion is bounded by the document's time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from letterkit.document import Document
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded, ToolMissing
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    with_deadline,
)
from letterkit.readers.text import text_to_document

#: the OLE2 compound-file signature (Word 97-2003, but also .xls, .ppt and Outlook .msg)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: seconds a conversion may take when the document has no time limit
DEFAULT_TIMEOUT = 300.0

INSTALL_HINT = (
    "Install antiword (Debian/Ubuntu: apt-get install antiword; macOS: brew install antiword) or "
    "LibreOffice (apt-get install libreoffice-writer-nogui), or convert the file to DOCX or PDF first."
)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_antiword() -> str | None:
    return shutil.which("antiword")


def _seconds_left(options: ReadOptions) -> float:
    if options.deadline is None:
        return DEFAULT_TIMEOUT
    left = options.deadline - time.monotonic()
    if left <= 0:
        raise LimitExceeded("Reading the DOC ran out of time before the conversion started.")
    return left


def _run(cmd: list[str], options: ReadOptions, what: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=_seconds_left(options), check=False, **kw)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired as exc:
        raise LimitExceeded(
            f"{what} took longer than the time limit and was stopped; raise Limits.timeout to read it."
        ) from exc
    except OSError as exc:
        raise ToolMissing(f"{what} could not be started ({exc}). {INSTALL_HINT}") from exc


def is_word_ole(head: bytes) -> bool:
    """An OLE2 file whose directory names a 'WordDocument' stream (UTF-16 in the directory sector)."""
    return head.startswith(OLE_MAGIC) and "WordDocument".encode("utf-16-le") in head


class DocReader(Reader):
    """Word 97-2003 documents (.doc), converted by LibreOffice or antiword."""

    name = "doc"
    formats = ("doc",)
    extensions = ("doc", "dot")
    priority = 40
    description = "Word 97-2003 DOC (through LibreOffice or antiword found on the machine)"
    #: ``doc_converter``: "auto" (LibreOffice, else antiword), "soffice" or "antiword"
    options = ("doc_converter",)

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if is_word_ole(head):
            return CONTENT_MATCH
        if head.startswith(OLE_MAGIC) and info.extension in self.extensions:
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        if not data:
            raise EmptyInput("The DOC input is empty (0 bytes).")
        if not data.startswith(OLE_MAGIC):
            raise CorruptInput(
                "The input is not a Word 97-2003 document (no OLE2 signature); if it is a newer Word file, "
                "give it the .docx extension."
            )
        choice = str(options.extra.get("doc_converter", "auto"))
        if choice not in ("auto", "soffice", "antiword"):
            raise ValueError("doc_converter must be 'auto', 'soffice' or 'antiword'")
        soffice = find_soffice() if choice in ("auto", "soffice") else None
        antiword = find_antiword() if choice in ("auto", "antiword") else None
        if soffice:
            return self._with_soffice(soffice, data, options)
        if antiword:
            return self._with_antiword(antiword, data, options)
        wanted = {"auto": "antiword or LibreOffice", "soffice": "LibreOffice", "antiword": "antiword"}[choice]
        raise ToolMissing(
            f"Reading a Word 97-2003 .doc needs {wanted}, and it is not installed. {INSTALL_HINT}"
        )

    def _with_soffice(self, soffice: str, data: bytes, options: ReadOptions) -> Document:
        from letterkit.readers.docx import DocxReader

        with tempfile.TemporaryDirectory(prefix="letterkit-doc-") as tmp:
            src = os.path.join(tmp, "input.doc")
            with open(src, "wb") as fh:
                fh.write(data)
            profile = "file://" + os.path.join(tmp, "profile")
            done = _run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    tmp,
                    src,
                ],
                options,
                "LibreOffice's conversion of the DOC",
                cwd=tmp,
            )
            out = os.path.join(tmp, "input.docx")
            if not os.path.exists(out):
                message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[:300]
                raise CorruptInput(
                    f"LibreOffice could not convert the DOC ({message or 'no output'}); the file is "
                    "damaged or not a Word document."
                )
            with open(out, "rb") as fh:
                converted = fh.read()
        doc = DocxReader().read(converted, StreamInfo(filename="input.docx", extension="docx"), options)
        doc.format = "doc"
        doc.reader = f"{self.name}+soffice"
        doc.metadata["converter"] = "soffice"
        return doc

    def _with_antiword(self, antiword: str, data: bytes, options: ReadOptions) -> Document:
        with tempfile.TemporaryDirectory(prefix="letterkit-doc-") as tmp:
            src = os.path.join(tmp, "input.doc")
            with open(src, "wb") as fh:
                fh.write(data)
            done = _run([antiword, "-w", "0", "-m", "UTF-8.txt", src], options, "antiword")
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()[:300]
            raise CorruptInput(
                f"antiword could not read the DOC ({message}); the file is damaged or not Word."
            )
        # antiword sets the text on a page: a blank line above it and two below are its layout, not the
        # document's (LibreOffice's conversion has neither)
        text = done.stdout.decode("utf-8", "replace").replace("\r\n", "\n").strip("\n")
        if not text.strip():
            raise EmptyInput("The DOC document holds no text.")
        doc = text_to_document(text, "doc", f"{self.name}+antiword")
        doc.metadata["converter"] = "antiword"
        doc.metadata["encoding"] = "utf-8"
        return doc
