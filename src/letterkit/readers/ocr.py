"""OCR with Tesseract: scanned PDF pages and images become blocks and lines with word-box geometry.

Tesseract is run as a program (``tesseract stdin stdout ... tsv``) rather than through a Python
binding, for three reasons measured on the scanned corpus: we can cap its OpenMP threads (one thread
per page is about three times *faster* than the default on a small machine, because the default
threads fight each other), we can enforce :attr:`Limits.timeout` on the process, and we get the
word table (block, paragraph, line, word, box, confidence) that the layout cues are built from.
The program path is the one pytesseract uses (``pytesseract.pytesseract.tesseract_cmd``), so a
user who configured pytesseract configured letterkit too.

Like every reader, this module only translates: lines keep their visual line breaks and hyphens,
regions stay ``body`` (OCR geometry is not certain enough to call a line a footnote), and nothing
here knows what a salutation is. What it does add is what a scan has instead of fonts: bboxes in
points, a font size estimated from the word heights, an alignment from the text margins, and the
mean word confidence of each line. A line Tesseract could barely read that is much taller than the
text around it is almost always a handwritten signature; it becomes an ``image`` line, like a
signature picture in a born-digital PDF.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import re
import shutil
import statistics
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from letterkit.document import BBox, DocumentBuilder
from letterkit.errors import CorruptInput, LimitExceeded, OCRUnavailable
from letterkit.readers.base import ReadOptions
from letterkit.readers.pdf import robust_edge

#: ISO 639-1 codes of the 24 official EU languages -> Tesseract traineddata names
ISO_TO_TESSERACT: dict[str, str] = {
    "bg": "bul", "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng",
    "es": "spa", "et": "est", "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv",
    "hu": "hun", "it": "ita", "lt": "lit", "lv": "lav", "mt": "mlt", "nl": "nld",
    "pl": "pol", "pt": "por", "ro": "ron", "sk": "slk", "sl": "slv", "sv": "swe",
}  # fmt: skip

#: ISO 639-2/B (bibliographic) codes that differ from the terminology codes Tesseract uses
ISO639_2B_TO_TESSERACT: dict[str, str] = {
    "bul": "bul", "cze": "ces", "dut": "nld", "fre": "fra", "ger": "deu", "gre": "ell",
    "gai": "gle", "rum": "ron", "slo": "slk", "scr": "hrv",
}  # fmt: skip

#: tried when the caller names no languages: each extra model costs time on every page, so the
#: default is the three most common languages of the letters letterkit was built for
DEFAULT_LANGUAGES: tuple[str, ...] = ("eng", "fra", "deu")

#: rendering resolution for PDF pages: on the 150-dpi corpus scans 150, 200 and 300 dpi gave the
#: same words, 300 dpi took ~60% longer; 200 keeps 8-pt footnotes comfortably legible
OCR_DPI = 200
#: images below this resolution are upscaled before OCR (Tesseract wants ~20 px capitals)
MIN_IMAGE_DPI = 150
#: target resolution when upscaling (or downscaling huge) images
TARGET_IMAGE_DPI = 300
MAX_IMAGE_DPI = 600
#: assumed page size when an image has no usable resolution: A4, in inches
ASSUMED_PAGE_INCHES = (8.27, 11.69)

#: psm 3 = automatic page segmentation (no OSD); keeps columns and blocks apart
PAGE_SEGMENTATION_MODE = 3
#: OpenMP threads per tesseract process; more threads are slower for single pages (see module doc)
TESSERACT_THREADS = "1"

#: a line whose mean word confidence is below this is reported in a warning
LOW_CONFIDENCE = 60.0
#: a line below this confidence that is also much taller than the text is taken as a signature
SIGNATURE_CONFIDENCE = 50.0
SIGNATURE_HEIGHT_RATIO = 1.35

#: a number is a superscript when its box ends this share of the capital height above the baseline
#: and is at most this share of the capital height tall
RAISED_SHIFT = 0.25
RAISED_HEIGHT = 0.8
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

#: footnotes are set at most this share of the body type size
FOOTNOTE_SIZE_RATIO = 0.85

#: a line further below the previous one than this many line pitches starts a new block
PARAGRAPH_PITCH_RATIO = 1.3
#: line pitch / font size assumed when a page has no paragraph to measure it on
DEFAULT_PITCH_RATIO = 1.2

#: word height / font size, by which letters a word has (measured on the corpus scans; serif and
#: sans faces differ by a few percent, which is below what a font-size cue is used for)
HEIGHT_ASC_DESC = 0.98  # capitals or ascenders and descenders: "Kazakh", "policy"
HEIGHT_ASC = 0.78  # capitals or ascenders only: "France", "the"
HEIGHT_X = 0.55  # x-height letters only: "on", "were"
_ASCENDERS = re.compile(r"[A-ZÀ-ÞĀ-ž0-9bdfhkltß(){}\[\]/|'\"!?]")
_DESCENDERS = re.compile(r"[gjpqyçęąļņķģ]")

#: "1Answer" at the start of a line: a superscript footnote marker read as a digit glued to the word
_GLUED_MARKER = re.compile(r"^(\d{1,2})(?=[A-ZÀ-Þ][a-zà-ÿ])")
_LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

INSTALL_HINT = (
    "Install Tesseract with the language data you need: on Debian/Ubuntu "
    "`apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu` "
    "(other languages: tesseract-ocr-<code>, e.g. tesseract-ocr-ita), on macOS "
    "`brew install tesseract tesseract-lang`; or pass ocr='never' to skip scanned input."
)


# --------------------------------------------------------------------------------------------------
# the tesseract program


def tesseract_cmd() -> str:
    """The tesseract program to run: pytesseract's setting (default ``tesseract``) if it is importable."""
    try:
        import pytesseract

        return str(pytesseract.pytesseract.tesseract_cmd or "tesseract")
    except ImportError:
        return "tesseract"


def _resolve(cmd: str) -> str | None:
    return shutil.which(cmd)


def tesseract_available() -> bool:
    """Is the tesseract program installed (on PATH, or where pytesseract was told it is)?"""
    return _resolve(tesseract_cmd()) is not None


def _require_tesseract() -> str:
    exe = _resolve(tesseract_cmd())
    if exe is None:
        raise OCRUnavailable(
            f"This input needs OCR, but the tesseract program ({tesseract_cmd()!r}) was not found. "
            + INSTALL_HINT
        )
    return exe


@lru_cache(maxsize=8)
def installed_languages(exe: str | None = None) -> frozenset[str]:
    """Tesseract languages installed for ``exe`` (``tesseract --list-langs``), without ``osd``."""
    exe = exe or _require_tesseract()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OCRUnavailable(f"Running {exe} --list-langs failed ({exc}). " + INSTALL_HINT) from exc
    langs = set()
    for line in (out.stdout + "\n" + out.stderr).splitlines():
        line = line.strip()
        if line and " " not in line and not line.endswith(":") and line != "osd":
            langs.add(line)
    return frozenset(langs)


def tesseract_code(code: str) -> str:
    """Map an ISO 639-1/639-2 code (or a Tesseract name) to the Tesseract name: ``fr`` -> ``fra``."""
    c = code.strip().lower().replace("_", "-")
    if c in ISO_TO_TESSERACT:
        return ISO_TO_TESSERACT[c]
    if "-" in c and c.split("-", 1)[0] in ISO_TO_TESSERACT:  # "en-GB", "pt-BR"
        return ISO_TO_TESSERACT[c.split("-", 1)[0]]
    return ISO639_2B_TO_TESSERACT.get(c, code.strip())


def choose_languages(
    requested: tuple[str, ...] | None, installed: frozenset[str]
) -> tuple[list[str], list[str]]:
    """The Tesseract languages to use, and warnings for requested ones that are not installed.

    Requested codes may be ISO 639-1 ("fr"), ISO 639-2 ("fre") or Tesseract names ("fra", "chi_sim"),
    alone or joined with "+". With none requested, the installed ones among :data:`DEFAULT_LANGUAGES`.
    """
    warnings: list[str] = []
    wanted: list[str] = []
    for item in requested or ():
        for part in str(item).split("+"):
            if part.strip():
                code = tesseract_code(part)
                if code not in wanted:
                    wanted.append(code)
    use = [c for c in wanted if c in installed]
    missing = [c for c in wanted if c not in installed]
    for c in missing:
        pkg = "tesseract-ocr-" + c.replace("_", "-").lower()
        warnings.append(
            f"OCR: language {c!r} is not installed for Tesseract and was not used "
            f"(install it, e.g. `apt-get install {pkg}` or `brew install tesseract-lang`)."
        )
    if not use:
        use = [c for c in DEFAULT_LANGUAGES if c in installed] or sorted(installed)[:1]
        if wanted and use:
            warnings.append(f"OCR: used {'+'.join(use)} instead.")
    if not use:
        raise OCRUnavailable("Tesseract is installed but has no language data. " + INSTALL_HINT)
    return use, warnings


# --------------------------------------------------------------------------------------------------
# running tesseract and reading its word table


@dataclass(slots=True)
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int


@dataclass(slots=True)
class OcrLine:
    """One Tesseract line, in image pixels, with its block/paragraph numbers."""

    block: int
    par: int
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> int:
        return min(w.left for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def x1(self) -> int:
        return max(w.left + w.width for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.top + w.height for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return sum(confs) / len(confs) if confs else 0.0


def _to_png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _time_left(options: ReadOptions) -> float | None:
    """Seconds Tesseract may take on this page: what is left of the document's time limit."""
    if options.deadline is not None:
        return max(0.1, options.deadline - time.monotonic())
    return options.limits.timeout


def run_tesseract(image: Any, languages: list[str], dpi: float, timeout: float | None) -> str:
    """Tesseract's TSV word table for a greyscale PIL image. Raises OCRUnavailable / LimitExceeded."""
    exe = _require_tesseract()
    cmd = [
        exe, "stdin", "stdout", "-l", "+".join(languages), "--psm", str(PAGE_SEGMENTATION_MODE),
        "--dpi", str(round(dpi)), "tsv",
    ]  # fmt: skip
    env = {**os.environ, "OMP_THREAD_LIMIT": TESSERACT_THREADS}
    try:
        proc = subprocess.run(
            cmd, input=_to_png(image), capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise LimitExceeded(
            f"OCR of one page did not finish within {timeout:g} s (what was left of the time limit); "
            "raise Limits.timeout, or pass "
            "ocr='never' to skip scanned pages."
        ) from exc
    except OSError as exc:
        raise OCRUnavailable(f"The tesseract program could not be run ({exc}). " + INSTALL_HINT) from exc
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        if "traineddata" in err or "language" in err.lower():
            raise OCRUnavailable(f"Tesseract could not load its language data: {err[:300]}. " + INSTALL_HINT)
        raise CorruptInput(f"Tesseract failed on the image (exit code {proc.returncode}): {err[:300]}")
    return proc.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Words of Tesseract's TSV grouped into lines, in Tesseract's reading order."""
    lines: dict[tuple[int, int, int, int], OcrLine] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip().translate(_LIGATURES)
        if not text:
            continue
        try:
            page, block, par, line = (int(c) for c in cols[1:5])
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        key = (page, block, par, line)
        if key not in lines:
            lines[key] = OcrLine(block=block, par=par)
        lines[key].words.append(Word(text, conf, left, top, width, height))
    return list(lines.values())


# --------------------------------------------------------------------------------------------------
# layout: font size, alignment, blocks


def word_font_size(word: Word, scale: float) -> float:
    """Font size in points from a word's box height, corrected for which letters it holds."""
    h = word.height * scale
    has_asc = bool(_ASCENDERS.search(word.text))
    has_desc = bool(_DESCENDERS.search(word.text))
    if has_asc and has_desc:
        return h / HEIGHT_ASC_DESC
    if has_asc or has_desc:
        return h / HEIGHT_ASC
    return h / HEIGHT_X


def line_font_size(line: OcrLine, scale: float) -> float:
    """Median of the words' estimates, weighted toward longer words (punctuation boxes mislead)."""
    sizes = [word_font_size(w, scale) for w in line.words if sum(ch.isalnum() for ch in w.text) >= 2]
    if not sizes:
        sizes = [word_font_size(w, scale) for w in line.words]
    return round(statistics.median(sizes) * 2) / 2


def align_of(x0: float, x1: float, size: float, left: float, right: float) -> str:
    """left/center/right/justify from where the line sits between the text margins (as the PDF reader).

    Scans are rarely straight: the left edge of a page's lines drifts by a few points from top to
    bottom, so the tolerances are wider than for PDF glyph boxes, and a line is only centred when it
    keeps clear, nearly equal space on both sides.
    """
    tol = max(6.0, 0.5 * size)
    space_left, space_right = x0 - left, right - x1
    at_left, at_right = abs(space_left) <= tol, abs(space_right) <= tol
    if at_left and at_right:
        return "justify"
    if not at_left and not at_right and abs(space_left - space_right) <= max(2 * tol, 0.05 * (right - left)):
        return "center"
    if at_right and not at_left:
        return "right"
    return "left"


@dataclass(slots=True)
class _Laid:
    """A line ready for the builder, in points."""

    ocr: OcrLine
    text: str
    bbox: BBox
    size: float
    conf: float
    kind: str = "text"
    align: str | None = None
    indent: float = 0.0
    region: str = "body"
    #: the line opened with a number glued to a capitalised word ("1Answer"): a superscript marker
    glued_marker: bool = False


def layout_page(
    lines: list[OcrLine], scale: float, page_width: float, page_height: float | None = None
) -> list[list[_Laid]]:
    """Turn Tesseract lines into blocks of laid-out lines (points), signatures as image blocks."""
    laid: list[_Laid] = []
    for ln in lines:
        bbox = (
            round(ln.x0 * scale, 2), round(ln.top * scale, 2),
            round(ln.x1 * scale, 2), round(ln.bottom * scale, 2),
        )  # fmt: skip
        text, raised_first = _superscripts(ln)
        x = _Laid(ln, text, bbox, line_font_size(ln, scale), round(ln.confidence, 1), indent=bbox[0])
        x.glued_marker = raised_first or bool(_GLUED_MARKER.match(text))
        laid.append(x)
    if not laid:
        return []
    heights = [x.bbox[3] - x.bbox[1] for x in laid if x.conf >= LOW_CONFIDENCE]
    if not heights:
        heights = [x.bbox[3] - x.bbox[1] for x in laid]
    typical_h = statistics.median(heights)
    for x in laid:
        h = x.bbox[3] - x.bbox[1]
        if x.conf < SIGNATURE_CONFIDENCE and h >= SIGNATURE_HEIGHT_RATIO * typical_h:
            x.kind = "image"
    text_lines = [x for x in laid if x.kind == "text"]
    sizes = [x.size for x in text_lines]
    body = Counter(sizes).most_common(1)[0][0] if sizes else 11.0
    body_lines = [x for x in text_lines if abs(x.size - body) <= 1.0] or text_lines
    left = robust_edge([x.bbox[0] for x in body_lines], low=True, default=72.0)
    right = robust_edge([x.bbox[2] for x in body_lines], low=False, default=page_width - 72.0)
    if right - left < 50:
        left, right = 0.0, page_width
    for x in text_lines:
        x.align = align_of(x.bbox[0], x.bbox[2], x.size, left, right)

    pitch = _line_pitch(text_lines, body)
    blocks: list[list[_Laid]] = []
    prev: _Laid | None = None
    for x in laid:
        if prev is None or _breaks(prev, x, pitch * x.size / body):
            blocks.append([x])
        else:
            blocks[-1].append(x)
        prev = x
    for block in blocks:
        _snap_indents(block)
    _mark_footnotes(blocks, body, page_height)
    return blocks


def _superscripts(ln: OcrLine) -> tuple[str, bool]:
    """The line's text with raised small numbers written as superscripts; and whether it opens with one.

    Tesseract reads a superscript footnote marker as an ordinary word "1" sitting above the baseline.
    A number of one to three digits whose box ends well above the line's baseline and is clearly
    shorter than the capitals is a marker: inside a line it becomes ``¹`` attached to the word before
    (the document convention for reference markers); at the start of a line it stays "1 " (the
    footnote convention) and is reported so the footnote test can use it.
    """
    words = ln.words
    plain = [w for w in words if not _DESCENDERS.search(w.text) and sum(c.isalpha() for c in w.text) >= 2]
    if len(words) < 2:
        return ln.text, False
    # without a plain word to measure the line by, nothing counts as raised
    baseline = statistics.median(w.top + w.height for w in plain) if plain else float("-inf")
    cap = statistics.median(w.height for w in plain) if plain else 0.0
    parts: list[str] = []
    raised_first = False
    for k, w in enumerate(words):
        raised = (
            w.text.isdigit() and len(w.text) <= 3
            and w.top + w.height < baseline - RAISED_SHIFT * cap and w.height < RAISED_HEIGHT * cap
        )  # fmt: skip
        if w.text == "|" and _is_pronoun_i(words, k):
            parts.append("I")
        elif raised and k == 0:
            raised_first = True
            parts.append(w.text)
        elif raised and parts:
            parts[-1] += w.text.translate(SUPERSCRIPT_DIGITS)
        else:
            parts.append(w.text)
    first, second = words[0], words[1]
    if (
        first.text.isdigit() and len(first.text) <= 2 and second.text[:1].isupper()
        and (first.conf, first.top, first.height) == (second.conf, second.top, second.height)
    ):  # fmt: skip
        # Tesseract cut "¹Answer" into "1" and "Answer" but kept one box for both: the glued case
        raised_first = True
    return " ".join(parts), raised_first


def _is_pronoun_i(words: list[Word], k: int) -> bool:
    """Is the bar at ``k`` Tesseract's reading of a sans-serif "I" ("| am writing")?

    A bar is also a separator in letterheads and signatures ("Name | Member of ..."), but there it
    stands between capitalised words or numbers; before a lower-case word it is the pronoun.
    """
    nxt = words[k + 1].text if k + 1 < len(words) else ""
    prev = words[k - 1].text if k > 0 else ""
    return nxt[:1].islower() and (not prev or prev[-1].islower() or prev[-1] in ",;:.!?")


def _snap_indents(block: list[_Laid]) -> None:
    """Indents without scan jitter: lines within a few points of the block's left edge share it.

    Tesseract's boxes wobble by a point or two (and skew moves the edge down the page); a reader that
    compares indents must see a first-line indent, not noise.
    """
    texts = [x for x in block if x.kind == "text"]
    if not texts:
        return
    edge = min(x.bbox[0] for x in texts)
    for x in texts:
        tol = max(3.0, 0.4 * x.size)
        x.indent = round(edge if x.bbox[0] - edge <= tol else x.bbox[0], 1)


def _mark_footnotes(blocks: list[list[_Laid]], body_size: float, page_height: float | None) -> None:
    """Label footnotes, only where the scan leaves no doubt.

    A footnote block lies in the lower half of the page, below all body-size text, in type clearly
    smaller than the body, and opens with a number glued to its first word ("1Answer": Tesseract's
    reading of a superscript marker, which no typist writes). Its marker is then separated ("1 Answer")
    as the PDF reader does. Anything less certain stays ``body`` for the heuristics to judge.
    """
    if not page_height:
        return
    limit = FOOTNOTE_SIZE_RATIO * body_size
    last_body_bottom = max(
        (x.bbox[3] for b in blocks for x in b if x.kind == "text" and x.size > limit), default=0.0
    )
    for block in blocks:
        first = block[0]
        texts = [x for x in block if x.kind == "text"]
        small = bool(texts) and statistics.median(x.size for x in texts) <= FOOTNOTE_SIZE_RATIO * body_size
        below = first.bbox[1] >= max(last_body_bottom, page_height / 2)
        if small and below and first.glued_marker:
            for x in block:
                x.region = "footnote"
                if x.glued_marker:
                    x.text = _GLUED_MARKER.sub(r"\1 ", x.text, count=1)


def _line_pitch(lines: list[_Laid], body_size: float) -> float:
    """The page's usual top-to-top distance of body lines inside a Tesseract paragraph.

    Letters are set anywhere from single to double spacing, so a paragraph break is a gap larger than
    this page's own line pitch, not a fixed share of the font size.
    """
    deltas = [
        b.bbox[1] - a.bbox[1]
        for a, b in itertools.pairwise(lines)
        if (a.ocr.block, a.ocr.par) == (b.ocr.block, b.ocr.par)
        and abs(a.size - body_size) <= 1.0
        and 0.9 * body_size <= b.bbox[1] - a.bbox[1] <= 2.5 * body_size
    ]
    return statistics.median(deltas) if deltas else DEFAULT_PITCH_RATIO * body_size


def _breaks(prev: _Laid, ln: _Laid, pitch: float) -> bool:
    """Does ``ln`` start a new block? Tesseract's blocks, corrected by the vertical gaps.

    Tesseract splits address blocks into one "paragraph" per line and sometimes runs a salutation
    into the paragraph below it; the gap between lines (what a reader sees) decides instead, except
    that a paragraph Tesseract found by a first-line indent is kept.
    """
    if ln.kind == "image" or prev.kind == "image" or ln.ocr.block != prev.ocr.block:
        return True
    size = min(ln.size, prev.size)
    delta = ln.bbox[1] - prev.bbox[1]
    if delta > max(PARAGRAPH_PITCH_RATIO * pitch, 1.25 * size) or delta < -size:
        return True  # a blank line, or a jump back up (a column)
    if abs(ln.size - prev.size) > 0.25 * max(ln.size, prev.size):
        return True
    if ln.glued_marker:  # the next footnote
        return True
    if ln.ocr.par != prev.ocr.par:
        return ln.bbox[0] > prev.bbox[0] + 1.0 * size  # first-line indent
    return False


# --------------------------------------------------------------------------------------------------
# public entry points


def _grey(image: Any) -> Any:
    """Greyscale, transparency flattened onto white, 16-bit scaled down: what Tesseract reads best."""
    from PIL import Image

    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image if image.mode == "L" else image.convert("L")


def _emit(
    builder: DocumentBuilder, tsv: str, scale: float, page_width: float, page_height: float | None,
    page_number: int,
    languages: list[str], lang_warnings: list[str],
) -> None:  # fmt: skip
    for w in lang_warnings:
        if w not in builder.warnings:
            builder.warnings.append(w)
    builder.end_block()
    low = 0
    for block in layout_page(parse_tsv(tsv), scale, page_width, page_height):
        builder.end_block()
        for x in block:
            if x.kind == "image":
                builder.add_line("", kind="image", bbox=x.bbox, confidence=x.conf)
                continue
            low += x.conf < LOW_CONFIDENCE
            builder.add_line(
                x.text, bbox=x.bbox, font_size=x.size, align=x.align, indent=x.indent, confidence=x.conf,
                region=x.region,
            )
    builder.end_block()
    if low:
        builder.warnings.append(
            f"OCR: {low} line{'s' if low > 1 else ''} below {LOW_CONFIDENCE:g}% confidence "
            f"on page {page_number}."
        )
    builder.metadata["ocr"] = True
    builder.metadata["ocr_languages"] = "+".join(languages)


def _languages(options: ReadOptions) -> tuple[list[str], list[str]]:
    exe = _require_tesseract()
    return choose_languages(options.ocr_languages, installed_languages(exe))


def _check_enabled(options: ReadOptions) -> None:
    if options.ocr == "never":
        raise OCRUnavailable(
            "This input needs OCR, but OCR was disabled (ocr='never'); read it with ocr='auto'."
        )


def check_ocr_pixels(width: int, height: int, options: ReadOptions, what: str, advice: str) -> None:
    """Refuse an image of ``width`` x ``height`` greyscale pixels (one byte each) that is over
    ``Limits.max_decompressed_bytes``, before it is made. Called with the size of what is actually
    rendered or sent to Tesseract, after any scaling: a 72 KB PNG at 70 dpi is 3.85 GB once upscaled
    to 300 dpi, a 14400-pt PDF page is 1.6 G pixels at 200 dpi; checking the source alone misses both.
    ``what`` names the image, ``advice`` says what else than raising the limit helps."""
    limit = options.limits.max_decompressed_bytes
    if width * height > limit:
        raise LimitExceeded(
            f"{what} would be {width}x{height} pixels ({width * height} bytes in greyscale), over the "
            f"limit of {limit} bytes; {advice}raise Limits.max_decompressed_bytes to read it."
        )


def ocr_page(pdf_page: Any, builder: DocumentBuilder, options: ReadOptions, page_number: int) -> None:
    """OCR one pypdfium2 page into ``builder``'s current page (the PDF reader has started it).

    ``options.extra["ocr_dpi"]`` overrides the rendering resolution (:data:`OCR_DPI`). A page whose
    rendering would exceed the pixel limit is :class:`LimitExceeded` before pdfium allocates anything.
    """
    _check_enabled(options)
    languages, lang_warnings = _languages(options)
    dpi = float(options.extra.get("ocr_dpi", OCR_DPI))
    try:
        page_width, page_height = (float(v) for v in pdf_page.get_size())
    except Exception as exc:  # pdfium reports damage as generic errors
        raise CorruptInput(f"Page {page_number} of the PDF has no readable size: {exc}") from exc
    scale = dpi / 72
    width, height = math.ceil(abs(page_width) * scale), math.ceil(abs(page_height) * scale)
    check_ocr_pixels(
        width, height, options, f"Page {page_number} of the PDF rendered for OCR at {dpi:g} dpi",
        "a lower resolution (read_letter(..., ocr_dpi=100)) may do, or ",
    )
    try:
        image = pdf_page.render(scale=scale, grayscale=True).to_pil()
    except MemoryError as exc:
        raise LimitExceeded(
            f"Page {page_number} of the PDF ({width}x{height} pixels at {dpi:g} dpi) needs more memory "
            "to render than is allowed; a lower resolution (read_letter(..., ocr_dpi=100)) may do."
        ) from exc
    except Exception as exc:  # pdfium reports damage as generic errors
        if "too large" in str(exc).lower():  # pdfium's own size limit: a limit, not damage
            raise LimitExceeded(
                f"Page {page_number} of the PDF is too large to render for OCR ({width}x{height} pixels "
                f"at {dpi:g} dpi: {exc}); a lower resolution (read_letter(..., ocr_dpi=100)) may do."
            ) from exc
        raise CorruptInput(f"Page {page_number} of the PDF could not be rendered for OCR: {exc}") from exc
    tsv = run_tesseract(_grey(image), languages, dpi, _time_left(options))
    _emit(builder, tsv, 72 / dpi, page_width, page_height, page_number, languages, lang_warnings)


def image_dpi(image: Any) -> float:
    """The image's resolution: its own if plausible, else what makes it an A4 page."""
    dpi = image.info.get("dpi")
    try:
        x = float(dpi[0]) if isinstance(dpi, (tuple, list)) else float(dpi) if dpi else 0.0
    except (TypeError, ValueError):
        x = 0.0
    if 70 <= x <= 2400 and x != 72:  # 72 is what many tools write when they know nothing
        return x
    w_in, h_in = ASSUMED_PAGE_INCHES
    return max(image.width / w_in, image.height / h_in, 50.0)


def ocr_image(
    image: Any, builder: DocumentBuilder, options: ReadOptions, *, new_page: bool = True, page_number: int = 1
) -> None:
    """OCR one PIL image as one page; starts the page in ``builder`` (sized in points) unless told not to.

    ``page_number`` only labels warnings; the builder numbers its pages itself.
    """
    _check_enabled(options)
    languages, lang_warnings = _languages(options)
    dpi = image_dpi(image)
    grey = _grey(image)
    page_w, page_h = image.width * 72 / dpi, image.height * 72 / dpi
    if new_page:
        builder.new_page(width=round(page_w, 2), height=round(page_h, 2), ocr=True)
    work_dpi = dpi
    if dpi < MIN_IMAGE_DPI or dpi > MAX_IMAGE_DPI:
        from PIL import Image

        factor = TARGET_IMAGE_DPI / dpi
        size = (max(1, round(grey.width * factor)), max(1, round(grey.height * factor)))
        check_ocr_pixels(
            size[0], size[1], options,
            f"Page {page_number} of the image, {grey.width}x{grey.height} pixels at {dpi:g} dpi scaled to "
            f"{TARGET_IMAGE_DPI} dpi for OCR,", "",
        )
        grey = grey.resize(size, Image.Resampling.LANCZOS)
        work_dpi = TARGET_IMAGE_DPI
    tsv = run_tesseract(grey, languages, work_dpi, _time_left(options))
    _emit(builder, tsv, 72 / work_dpi, page_w, page_h, page_number, languages, lang_warnings)
