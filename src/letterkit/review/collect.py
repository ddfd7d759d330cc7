"""What a review page shows, gathered in one reading: the letter, every line with its zone and the
model's probability, and an image of each page for layout formats.

One reading, not two: the page must show exactly the zones that made the letter's fields, and reading
twice would double the cost (the review page may cost at most twice the reading).
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterkit.api import read_document
from letterkit.document import Document
from letterkit.errors import LetterkitError
from letterkit.heuristics.pipeline import build_letter_with_zones
from letterkit.model import Letter

#: page images are rendered at this many pixels per point (1.0 is 72 dpi: enough to check a zone), in
#: grey: the coloured zone boxes stand out, and the JPEG is a third of the work of a colour one
RENDER_SCALE = 1.1
#: JPEG quality of the page images (a review image, not a facsimile)
JPEG_QUALITY = 72
#: a field whose confidence is below this is marked on the page (the pipeline warns below 0.5)
LOW_CONFIDENCE = 0.6


@dataclass
class PageView:
    """One page of the letter as the review page draws it."""

    number: int
    width: float | None
    height: float | None
    #: ``data:`` URI of the page image, or None for formats without pages to draw (text, DOCX, HTML)
    image: str | None = None


@dataclass
class LineRow:
    """One line of the document with the zone the reading gave it."""

    index: int
    page: int
    text: str
    zone: str
    model_zone: str
    prob: float
    region: str
    bbox: tuple[float, float, float, float] | None


@dataclass
class ReviewLetter:
    """Everything one review page holds."""

    name: str
    path: str | None
    sha256: str
    format: str
    letter: Letter | None
    pages: list[PageView] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)
    error: str | None = None

    @property
    def lowest(self) -> tuple[str, float] | None:
        """The field the reader is least sure of, and how sure (None when nothing has a confidence)."""
        if self.letter is None or not self.letter.confidence:
            return None
        key = min(self.letter.confidence, key=lambda k: self.letter.confidence[k])  # type: ignore[union-attr]
        return key, self.letter.confidence[key]


def collect(
    source: str | Path, *, model: str | None = None, images: bool = True, **options: Any
) -> ReviewLetter:
    """Read ``source`` once and gather its review page; a :class:`LetterkitError` becomes the page's
    ``error`` (the index lists the file, nothing is skipped)."""
    path = Path(source)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ReviewLetter(name, str(path), "", "", None, error=f"could not be read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    try:
        doc = read_document(data, filename=name, **options)
        letter, views, guesses = build_letter_with_zones(doc, sha256=sha, filename=name, size=len(data),
                                                         model=model)
    except LetterkitError as exc:
        return ReviewLetter(name, str(path.resolve()), sha, "", None, error=f"{type(exc).__name__}: {exc}")
    rows = [
        LineRow(
            index=v.line.index,
            page=v.page,
            text=v.text,
            zone=v.label or "other",
            model_zone=g.label,
            prob=round(g.prob, 3),
            region=v.line.region,
            bbox=v.line.bbox,
        )
        for v, g in zip(views, guesses, strict=True)
    ]
    pages = [PageView(p.number, p.width, p.height) for p in doc.pages]
    if images and any(r.bbox is not None for r in rows):
        for page, uri in zip(pages, page_images(data, letter.source.format, doc), strict=False):
            page.image = uri
    return ReviewLetter(name, str(path.resolve()), sha, letter.source.format, letter, pages, rows)


def page_images(data: bytes, fmt: str, doc: Document) -> list[str | None]:
    """A JPEG ``data:`` URI per page: PDF pages rendered with pypdfium2, images as they are (scaled).
    Formats without a page picture (DOCX boxes are computed, not drawn) get None."""
    if fmt == "pdf":
        pictures = _pdf_images(data, len(doc.pages))
    elif fmt in ("png", "jpeg", "jpg", "tiff", "tif", "image"):
        pictures = _image_images(data, doc)
    else:
        return [None] * len(doc.pages)
    turns = page_turns(doc)
    return [
        _jpeg_uri(pic.rotate(turn, expand=True, fillcolor=255) if turn else pic) if pic is not None else None
        for pic, turn in zip(pictures, turns, strict=False)
    ]


def page_turns(doc: Document) -> list[int]:
    """How many degrees OCR turned each page to read it upright (``ocr_rotation`` lists the OCR'd pages
    in order): the lines' boxes are in the turned page, so its picture is turned the same way."""
    raw = str(doc.metadata.get("ocr_rotation", "") or "")
    turns = iter(int(x) for x in raw.split(",") if x.strip().lstrip("-").isdigit())
    return [next(turns, 0) if page.ocr else 0 for page in doc.pages]


def _jpeg_uri(image: Any) -> str:
    buf = io.BytesIO()
    grey = image if image.mode == "L" else image.convert("L")
    grey.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=False)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _pdf_images(data: bytes, n: int) -> list[Any]:
    import pypdfium2 as pdfium

    out: list[Any] = []
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(min(n, len(pdf))):
            page = pdf[i]
            bitmap = page.render(scale=RENDER_SCALE, grayscale=True)
            out.append(bitmap.to_pil())
            page.close()
    finally:
        pdf.close()
    return out


def _image_images(data: bytes, doc: Document) -> list[Any]:
    from PIL import Image, ImageSequence

    out: list[Any] = []
    with Image.open(io.BytesIO(data)) as im:
        for frame, page in zip(ImageSequence.Iterator(im), doc.pages, strict=False):
            picture = frame.copy()
            if page.width:
                target = round(page.width * RENDER_SCALE)
                if picture.width > target:
                    picture = picture.resize((target, round(picture.height * target / picture.width)))
            out.append(picture)
    return out


__all__ = ["LOW_CONFIDENCE", "LineRow", "PageView", "ReviewLetter", "collect", "page_images"]
