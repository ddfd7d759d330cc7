"""Draw the zones letterkit finds on a letter: docs/img/letter-zones.png.

Run from the repository root (the picture is committed; run this again when the heuristics change)::

    python docs/scripts/letter_zones.py

Each page of ``tests/corpus/letters/kelam-valls-2016.pdf`` is rendered with pypdfium2, and every field
of the :class:`~letterkit.model.Letter` is drawn as a coloured box from its provenance
(``Letter.provenance``: field path -> the lines it came from, each with its ``bbox`` in points).
Page furniture has no provenance of its own (it is not a field), so its boxes come from the lines of
the reader's :class:`~letterkit.document.Document` whose text is in ``Letter.furniture``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from letterkit import read_letter
from letterkit.document import BBox
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.registry import choose_reader

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF = ROOT / "tests" / "corpus" / "letters" / "kelam-valls-2016.pdf"
DEFAULT_OUT = ROOT / "docs" / "img" / "letter-zones.png"

#: pixels per PDF point when rendering (72 points an inch, so 1.25 is 90 dpi)
SCALE = 1.25
#: the zone of a field path's first part, and its colour (RGB); the order is the legend's
ZONES: dict[str, tuple[str, tuple[int, int, int]]] = {
    "furniture": ("page furniture", (150, 150, 150)),
    "letterhead": ("letterhead", (128, 0, 128)),
    "date": ("date and place", (230, 120, 0)),
    "place": ("date and place", (230, 120, 0)),
    "reference": ("reference, subject", (180, 140, 0)),
    "subject": ("reference, subject", (180, 140, 0)),
    "recipients": ("recipients", (0, 110, 220)),
    "salutation": ("salutation", (235, 20, 20)),
    "body": ("body paragraphs", (0, 160, 80)),
    "closing": ("closing", (170, 0, 220)),
    "signatories": ("signatories", (120, 60, 0)),
    "cc": ("cc, enclosures", (0, 150, 160)),
    "enclosures": ("cc, enclosures", (0, 150, 160)),
    "footnotes": ("footnotes", (90, 90, 200)),
}


def zone_boxes(pdf: Path) -> dict[int, list[tuple[str, BBox]]]:
    """Page number -> (zone key, bbox) of every field line, grouped per field into one box."""
    letter = read_letter(pdf)
    boxes: dict[int, list[tuple[str, BBox]]] = {}
    cited = {span.line for spans in letter.provenance.values() for span in spans}
    for path, spans in letter.provenance.items():
        key = path.split(".", 1)[0]
        if key not in ZONES:
            continue
        per_page: dict[int, list[BBox]] = {}
        for span in spans:
            if span.bbox is not None:
                per_page.setdefault(span.page, []).append(span.bbox)
        for page, bbs in per_page.items():
            union = (min(b[0] for b in bbs), min(b[1] for b in bbs), max(b[2] for b in bbs),
                     max(b[3] for b in bbs))
            boxes.setdefault(page, []).append((key, union))
    data = pdf.read_bytes()
    info = StreamInfo(filename=pdf.name, extension="pdf")
    document = choose_reader(data, info).read(data, info, ReadOptions())
    furniture = set(letter.furniture)
    for line in document.lines():
        if line.text in furniture and line.bbox is not None and line.index not in cited:
            boxes.setdefault(line.page, []).append(("furniture", line.bbox))
    return boxes


def draw(pdf: Path, out: Path) -> None:
    """Render every page, draw the zones, put the pages side by side with a legend under them."""
    boxes = zone_boxes(pdf)
    pages: list[Image.Image] = []
    doc = pdfium.PdfDocument(str(pdf))
    for index in range(len(doc)):
        image = doc[index].render(scale=SCALE).to_pil().convert("RGB")
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        pen = ImageDraw.Draw(overlay)
        for key, (x0, top, x1, bottom) in boxes.get(index + 1, []):
            colour = ZONES[key][1]
            rect = (x0 * SCALE - 3, top * SCALE - 2, x1 * SCALE + 3, bottom * SCALE + 2)
            pen.rectangle(rect, fill=(*colour, 40), outline=(*colour, 255), width=2)
        pages.append(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))
    gap = 16
    legend_h = 64
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * gap + legend_h
    canvas = Image.new("RGB", (width, height), (235, 235, 235))
    x = gap
    for page in pages:
        canvas.paste(page, (x, gap))
        x += page.width + gap
    pen = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=15) if hasattr(ImageFont, "load_default") else None
    present = {key for page_boxes in boxes.values() for key, _ in page_boxes}
    seen: dict[str, tuple[int, int, int]] = {}
    for key, (label, colour) in ZONES.items():
        if key in present:
            seen.setdefault(label, colour)
    lx, ly = gap, height - legend_h
    for label, colour in seen.items():
        pen.rectangle((lx, ly + 4, lx + 18, ly + 18), fill=colour)
        pen.text((lx + 24, ly + 2), label, fill=(0, 0, 0), font=font)
        lx += 24 + int(pen.textlength(label, font=font)) + 22
        if lx > width - 200:
            lx, ly = gap, ly + 26
    out.parent.mkdir(parents=True, exist_ok=True)
    # a 256-colour palette keeps the committed PNG small; the page scans lose nothing visible
    canvas.quantize(colors=256, dither=Image.Dither.NONE).save(out, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    draw(args.pdf, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
