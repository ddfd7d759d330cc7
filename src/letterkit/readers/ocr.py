"""OCR with Tesseract: scanned PDF pages and images become blocks and lines with word-box geometry.

Tesseract runs in this process through ``tesserocr`` (libtesseract's binding, a manylinux wheel
with its own single-threaded libtesseract) when it is installed, else as a program
(``tesseract stdin stdout ... tsv``). In process, each thread keeps its loaded models (OSD's, and
each set of packs) for the next page: starting a program and loading ``osd.traineddata`` cost as
much as OSD itself, and OSD as a program cost as much as a recognition pass. The word passes run
in process only when the library is the program's own release (another release reads some words
otherwise); OSD runs in process whenever tesserocr is installed, because its answer (script and
orientation) chooses the packs and the turn but reads no word, and the wheel's OSD and the program's
gave the same answers on every test scan (see :func:`_osd_tesserocr`). As a program we cap
its OpenMP threads (one thread per page is about three times *faster* than the default on a small
machine, because the default threads fight each other) and enforce :attr:`Limits.timeout` on the
process; in process the timeout is Tesseract's own deadline. Both give the word table (block,
paragraph, line, word, box, confidence) that the layout cues are built from. The program path is
the one pytesseract uses (``pytesseract.pytesseract.tesseract_cmd``), so a user who configured
pytesseract configured letterkit too; the packs are the ones that program lists, from the same
directory, and ``LETTERKIT_OCR_ENGINE=cli`` keeps to the program.

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
import threading
import time
import unicodedata
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from letterkit.core.chars import LIGATURES, TO_SUPERSCRIPT
from letterkit.document import BBox, DocumentBuilder, Page
from letterkit.errors import CorruptInput, LimitExceeded, OCRUnavailable
from letterkit.readers._layout import alignment, robust_edge, usable_margins
from letterkit.readers.base import ReadOptions


@cache
def _ocr_data() -> dict[str, Any]:
    from letterkit.lang import load

    return load("ocr")


#: ISO 639-1 language -> Tesseract traineddata name, for every language letterkit has a pack name for
#: (``lang/data/ocr.json``): the 24 official EU languages and the others an EU archive holds
ISO_TO_TESSERACT: dict[str, str] = dict(_ocr_data()["packs"])

#: ISO 639-2/B (bibliographic) codes that differ from the terminology codes Tesseract uses
ISO639_2B_TO_TESSERACT: dict[str, str] = dict(_ocr_data()["iso639_2b"])

#: used when the caller forces languages none of which is installed: the three most common
#: languages of the letters letterkit was first built for
DEFAULT_LANGUAGES: tuple[str, ...] = ("eng", "fra", "deu")

#: what ``ocr_languages`` means when the caller names none: choose per page (see :func:`recognise`)
AUTO = "auto"

#: OSD (script and orientation) looks at the page at most at this resolution: fewer pixels are less
#: work, but at 150 dpi (or on a crop of the page) it named noisy Hangul scans Bengali or Arabic
OSD_DPI = 200
#: characters OSD classifies before it answers: Tesseract's default (50) doubles its time and
#: named the same script and orientation on the test scans; 10 saves a quarter more, but then OSD
#: misnamed a Hangul scan and the fallback trial of every script cost three times what it saved
OSD_CHARACTERS = 20
#: in process, OSD first looks at this few characters: Tesseract classifies five times
#: ``min_characters_to_try`` blobs and never stops early (a blob costs ~3 ms, the rest of OSD ~0.05 s),
#: so an answer already sure by letterkit's own measures (orientation confidence at least
#: MIN_ORIENTATION_CONFIDENCE, script confidence at least SURE_SCRIPT) is taken, and only the others are
#: asked again with OSD_CHARACTERS. On 172 test pages (the scan letters upright and turned, as PNG and
#: as PDF, the corpus scans turned four ways) 106 were sure at once, and every one of them was turned
#: and given the script the full OSD gave it; with 4 characters one was not (a Russian page turned
#: upside down named Latin)
OSD_QUICK_CHARACTERS = 6
#: a page is only turned when OSD is at least this sure of its orientation (Tesseract's own scale;
#: upright letter pages scored 2-25, a wrong turn would ruin a page that was right)
MIN_ORIENTATION_CONFIDENCE = 1.5
#: words of a first pass below this confidence are left out when its language is identified
MIN_WORD_CONFIDENCE = 30.0
#: the language of a first pass's words must be at least this probable to read the page again
MIN_LANGUAGE_CONFIDENCE = 0.5
#: at most this many passes over one page (the first guess, then corrections by the words read)
MAX_PASSES = 3
#: a later pass is dropped for the one before when its mean word confidence is this much lower
WORSE_PASS = 8.0
#: a first pass whose words' mean confidence is below this read the page in the wrong script or
#: turned the wrong way (OSD is unsure of Hangul and Hebrew): the scripts are then tried on a part of
#: the page (right passes scored 85-97 on the test scans, wrong ones 20-45)
POOR_PASS = 60.0
#: the part of the page those trials read: the middle, where the body is
PROBE_CROP = (0.1, 0.2, 0.9, 0.6)

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
HEIGHT_DENSE = 0.92  # Hangul, kana and Han fill their em square: "감사합니다" (Noto Sans CJK)
#: Hebrew letters stand as tall as Latin capitals, the final forms and qof reach below the line
_ASCENDERS = re.compile(r"[A-ZÀ-ÞĀ-ž0-9bdfhkltß(){}\[\]/|'\"!?\u05d0-\u05ea]")
_DESCENDERS = re.compile(r"[gjpqyçęąļņķģךןףץק]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
#: characters from here on (CJK punctuation, kana, Han, Hangul) belong to scripts without spaces
#: inside words
DENSE_FROM = "\u3000"
#: characters of Tesseract's plain text that may stand between two words of its word table
ALIGN_SLACK = 8


#: "1Answer" at the start of a line: a superscript footnote marker read as a digit glued to the word
_GLUED_MARKER = re.compile(r"^(\d{1,2})(?=[A-ZÀ-Þ][a-zà-ÿ])")
#: ligatures spelt out, and the invisible direction marks Tesseract puts after numbers in Arabic and
#: Hebrew text ('١٢\u200f مايو'), which would keep a date or a number from being read as one
_LIGATURES = LIGATURES | str.maketrans(
    dict.fromkeys(["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)),
                   *map(chr, range(0x2066, 0x206A))])
)

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
def _list_langs(exe: str) -> str:
    """What ``tesseract --list-langs`` prints: the packs' directory, then one pack a line."""
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OCRUnavailable(f"Running {exe} --list-langs failed ({exc}). " + INSTALL_HINT) from exc
    return out.stdout + "\n" + out.stderr


def _listed_languages(exe: str) -> frozenset[str]:
    langs = set()
    for line in _list_langs(exe).splitlines():
        line = line.strip()
        if line and " " not in line and not line.endswith(":"):
            langs.add(line)
    return frozenset(langs)


_TESSDATA_RE = re.compile(r'available languages in "([^"]+)"')


def tessdata_dir(exe: str) -> str | None:
    """The directory the tesseract program takes its packs from, as it names it."""
    m = _TESSDATA_RE.search(_list_langs(exe))
    if m is None:
        return None
    path = m.group(1)
    return path if path.endswith("/") else path + "/"


# --------------------------------------------------------------------------------------------------
# Tesseract in this process (tesserocr)

#: loaded Tesseract instances kept per thread (each holds its packs' models, 10-100 MB): OSD's, and
#: the few pack sets a document's pages need (the script's first packs, the language's own)
MAX_LOADED = 4
#: the TSV's header row, which the program writes and the library does not (parse_tsv skips it)
_TSV_HEADER = "\t".join(
    ["level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
     "conf", "text"]
) + "\n"  # fmt: skip
_loaded = threading.local()


@cache
def _tesserocr_module() -> Any | None:
    try:
        import tesserocr
    except ImportError:
        return None
    return tesserocr


def _tesserocr() -> Any | None:
    """The tesserocr module when Tesseract is to run in this process.

    ``LETTERKIT_OCR_ENGINE=tesserocr`` asks for it, ``=cli`` for the program; by default it is used
    only when its libtesseract is the same release as the program's. The wheel brings its own
    libtesseract, often newer than the system's, and another release reads some words otherwise:
    with the wheel's 5.5.4 against Debian's 5.3.0, the corpus scans lost nine of 112 checks ('CC:' read
    'CG:', 'Ministère' read 'Ministére'). A user's results must not change because a faster way to
    run the same program was installed.
    """
    choice = os.environ.get("LETTERKIT_OCR_ENGINE", "").strip().lower()
    if choice == "cli":
        return None
    module = _tesserocr_module()
    if module is None or choice == "tesserocr":
        return module
    return module if _same_release(module) else None


@cache
def _release(text: str) -> str | None:
    m = re.search(r"tesseract\s+v?(\d+\.\d+\.\d+)", text, re.IGNORECASE)
    return m.group(1) if m else None


def _program_release() -> str | None:
    """The release of the tesseract program ('5.3.0'), None when it cannot be run."""
    exe = _resolve(tesseract_cmd())
    return None if exe is None else _release_of(exe)


@lru_cache(maxsize=8)
def _release_of(exe: str) -> str | None:
    try:
        proc = subprocess.run([exe, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return _release(proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace"))


def _same_release(module: Any) -> bool:
    """Whether tesserocr's libtesseract is the program's release (a program that cannot be run: yes,
    the library is then the only Tesseract there is)."""
    try:
        library = _release(str(module.tesseract_version()))
    except Exception:  # a broken binding: the program
        return False
    program = _program_release()
    return program is None or library == program


def _osd_tesserocr() -> Any | None:
    """The tesserocr module when OSD is to run in this process: whenever it is installed, unless
    ``LETTERKIT_OCR_ENGINE=cli`` keeps everything to the program.

    Unlike a word pass, OSD may run in another Tesseract release than the program's: what it answers
    (the script, the orientation and their confidences) only chooses the packs of the first pass and
    the turn, and the legacy classifier OSD uses is the same in Tesseract 5.3 and 5.5: the wheel's
    5.5.4 and the program's 5.3.0 gave the same answers, to the program's two decimals, on every
    test scan, upright and turned (``benchmarks/results/ocr.md``). In process OSD saves starting the
    program, loading ``osd.traineddata`` and encoding the page for it.
    """
    if os.environ.get("LETTERKIT_OCR_ENGINE", "").strip().lower() == "cli":
        return None
    return _tesserocr_module()


def ocr_engine() -> str:
    """How pages are read here: 'tesserocr' (all in process), 'hybrid' (OSD in process, the word
    passes by the program) or 'tesseract' (the program for both)."""
    if _tesserocr() is not None:
        return "tesserocr"
    return "hybrid" if _osd_tesserocr() is not None else "tesseract"


def _api(lang: str, psm: int, variables: tuple[tuple[str, str], ...], tesserocr: Any | None = None) -> Any:
    """This thread's Tesseract instance for ``lang`` and ``psm``, loaded once (tesserocr instances
    must not be shared between threads), from ``tesserocr`` (default: the word passes' module)."""
    tesserocr = tesserocr or _tesserocr()
    assert tesserocr is not None
    cache_: OrderedDict[tuple[Any, ...], Any] | None = getattr(_loaded, "apis", None)
    if cache_ is None:
        cache_ = _loaded.apis = OrderedDict()
    path = tessdata_dir(_require_tesseract())
    key = (path, lang, psm, variables)
    api = cache_.get(key)
    if api is not None:
        cache_.move_to_end(key)
        return api
    try:
        api = tesserocr.PyTessBaseAPI(
            path=path or "", lang=lang, psm=psm, variables=dict(variables)
        )
    except RuntimeError as exc:
        raise OCRUnavailable(
            f"Tesseract could not load its language data ({lang}): {exc}. " + INSTALL_HINT
        ) from exc
    cache_[key] = api
    while len(cache_) > MAX_LOADED:
        _, old = cache_.popitem(last=False)
        old.End()
    return api


def _unformatted(image: Any) -> Any:
    """The image without the file format PIL opened it from: tesserocr hands an image to Tesseract
    saved in its own ``format`` (BMP when it has none), so an opened JPEG would be re-encoded, lossily,
    and an opened PNG compressed again (which doubled the cost of OSD); a copy has no format."""
    return image if getattr(image, "format", None) is None else image.copy()


def _api_text(image: Any, languages: list[str], dpi: float, timeout: float | None) -> tuple[str, str]:
    """TSV and plain text of one pass in this process (see :func:`run_tesseract_text`)."""
    variables: dict[str, dict[str, str]] = _ocr_data()["variables"]
    settings = tuple((k, v) for p in languages for k, v in variables.get(p, {}).items())
    api = _api("+".join(languages), segmentation_mode(languages), settings)
    api.SetImage(_unformatted(image))
    api.SetSourceResolution(round(dpi))
    started = time.monotonic()
    ok = api.Recognize(timeout=round(timeout * 1000) if timeout else 0)
    if not ok:
        api.Clear()
        if timeout and time.monotonic() - started >= 0.9 * timeout:
            raise LimitExceeded(
                f"OCR of one page did not finish within {timeout:g} s (what was left of the time "
                "limit); raise Limits.timeout, or pass ocr='never' to skip scanned pages."
            )
        raise CorruptInput("Tesseract failed on the image.")
    tsv = _TSV_HEADER + api.GetTSVText(0)
    text = api.GetUTF8Text()
    api.Clear()
    return tsv, text


def _api_osd(crop: Any, dpi: float, characters: int = OSD_CHARACTERS) -> Osd | None:
    """OSD in this process over ``characters`` characters, with OSD's model loaded once per thread
    (see :func:`run_osd`)."""
    api = _api("osd", 0, (), _osd_tesserocr())
    api.SetVariable("min_characters_to_try", str(characters))
    api.SetImage(_unformatted(crop))
    api.SetSourceResolution(round(dpi))
    found = api.DetectOrientationScript()
    api.Clear()
    if not found:
        return None
    try:
        return Osd(
            orientation=int(found["orient_deg"]) % 360,
            orientation_confidence=float(found["orient_conf"]),
            script=str(found["script_name"]),
            script_confidence=float(found["script_conf"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def installed_languages(exe: str | None = None) -> frozenset[str]:
    """Tesseract languages installed for ``exe`` (``tesseract --list-langs``), without ``osd``."""
    return _listed_languages(exe or _require_tesseract()) - {"osd"}


def osd_installed(exe: str | None = None) -> bool:
    """Is Tesseract's orientation and script detection data (``osd``) installed?"""
    return "osd" in _listed_languages(exe or _require_tesseract())


def debian_package(pack: str) -> str:
    """The Debian/Ubuntu package that installs a Tesseract pack: ``chi_sim`` -> ``tesseract-ocr-chi-sim``."""
    return "tesseract-ocr-" + pack.replace("_", "-").lower()


def _missing_pack_warning(pack: str, why: str = "") -> str:
    return (
        f"OCR: language {pack!r} is not installed for Tesseract and was not used{why} "
        f"(install it, e.g. `apt-get install {debian_package(pack)}` or `brew install tesseract-lang`)."
    )


def tesseract_code(code: str) -> str:
    """Map an ISO 639-1/639-2 code (or a Tesseract name) to the Tesseract name: ``fr`` -> ``fra``."""
    c = code.strip().lower().replace("_", "-")
    if c in ISO_TO_TESSERACT:
        return ISO_TO_TESSERACT[c]
    if "-" in c and c.split("-", 1)[0] in ISO_TO_TESSERACT:  # "en-GB", "pt-BR"
        return ISO_TO_TESSERACT[c.split("-", 1)[0]]
    return ISO639_2B_TO_TESSERACT.get(c, code.strip().replace("-", "_"))


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
        warnings.append(_missing_pack_warning(c))
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


#: the last image encoded for the program and its bytes: OSD and the first pass may read the same
#: image
_last_encoded: tuple[Any, bytes] | None = None
#: how a page is handed to the program: uncompressed PGM (Netpbm), which Tesseract reads through
#: Leptonica as it reads PNG, to the same pixels and so the same words; encoding a page as PNG (even
#: at zlib level 1) cost a sixth of a Tesseract pass, PGM costs a few hundredths of that
IMAGE_FORMAT = "PPM"


def _forget_encoded() -> None:
    """Drop the kept encoding once a page is read (a caller may change its image before the next)."""
    global _last_encoded
    _last_encoded = None


def _encoded(image: Any) -> bytes:
    """The image as the program reads it on stdin (:data:`IMAGE_FORMAT`), encoded once for OSD and
    the first pass. Greyscale images (all that letterkit sends) become PGM."""
    global _last_encoded
    last = _last_encoded
    if last is not None and last[0] is image:
        return last[1]
    buf = io.BytesIO()
    image.save(buf, format=IMAGE_FORMAT)
    data = buf.getvalue()
    _last_encoded = (image, data)
    return data


def _time_left(options: ReadOptions) -> float | None:
    """Seconds Tesseract may take on this page: what is left of the document's time limit."""
    if options.deadline is not None:
        return max(0.1, options.deadline - time.monotonic())
    return options.limits.timeout


def _run(
    args: list[str], image: Any, timeout: float | None, output: str = "stdout"
) -> subprocess.CompletedProcess[bytes]:
    """Run tesseract on a PIL image given on stdin, single-threaded, within ``timeout``."""
    exe = _require_tesseract()
    env = {**os.environ, "OMP_THREAD_LIMIT": TESSERACT_THREADS}
    try:
        return subprocess.run(
            [exe, "stdin", output, *args], input=_encoded(image), capture_output=True, timeout=timeout,
            env=env, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise LimitExceeded(
            f"OCR of one page did not finish within {timeout:g} s (what was left of the time limit); "
            "raise Limits.timeout, or pass "
            "ocr='never' to skip scanned pages."
        ) from exc
    except OSError as exc:
        raise OCRUnavailable(f"The tesseract program could not be run ({exc}). " + INSTALL_HINT) from exc


def segmentation_mode(languages: list[str]) -> int:
    """Tesseract's page segmentation mode for a pass with these packs (``page_segmentation`` in
    ``lang/data/ocr.json``; :data:`PAGE_SEGMENTATION_MODE` for most)."""
    modes: dict[str, int] = _ocr_data()["page_segmentation"]
    return next((modes[p] for p in languages if p in modes), PAGE_SEGMENTATION_MODE)


def run_tesseract(image: Any, languages: list[str], dpi: float, timeout: float | None) -> str:
    """Tesseract's TSV word table for a greyscale PIL image. Raises OCRUnavailable / LimitExceeded."""
    return run_tesseract_text(image, languages, dpi, timeout)[0]


def run_tesseract_text(
    image: Any, languages: list[str], dpi: float, timeout: float | None
) -> tuple[str, str]:
    """Tesseract's TSV word table and its plain text, from one run.

    The plain text is wanted for where it puts spaces: the word table cuts Hangul, Chinese and
    Japanese text into single syllables or characters, the text does not (see :func:`parse_tsv`).
    """
    import tempfile

    if _tesserocr() is not None:
        return _api_text(image, languages, dpi, timeout)
    psm = segmentation_mode(languages)
    variables: dict[str, dict[str, str]] = _ocr_data()["variables"]
    settings = [arg for p in languages for k, v in variables.get(p, {}).items() for arg in ("-c", f"{k}={v}")]
    with tempfile.TemporaryDirectory(prefix="letterkit-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        proc = _run(
            ["-l", "+".join(languages), "--psm", str(psm), "--dpi", str(round(dpi)), *settings, "tsv", "txt"],
            image, timeout, output=base,
        )  # fmt: skip
        err = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            if "traineddata" in err or "language" in err.lower():
                raise OCRUnavailable(
                    f"Tesseract could not load its language data: {err[:300]}. " + INSTALL_HINT
                )
            raise CorruptInput(f"Tesseract failed on the image (exit code {proc.returncode}): {err[:300]}")
        try:
            with open(base + ".tsv", encoding="utf-8", errors="replace") as f:
                tsv = f.read()
            with open(base + ".txt", encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as exc:
            raise CorruptInput(f"Tesseract wrote no result for the image ({exc}).") from exc
    return tsv, text


@dataclass(frozen=True, slots=True)
class Osd:
    """What Tesseract's orientation and script detection says of a page."""

    #: how far the page is turned, counter-clockwise, in degrees (0, 90, 180, 270): turning the image
    #: by as much again (PIL's ``rotate(orientation)``) sets it upright
    orientation: int
    orientation_confidence: float
    #: Tesseract's name of the script ("Latin", "Cyrillic", "Korean", "Han"...)
    script: str
    script_confidence: float


def osd_image(grey: Any, dpi: float) -> tuple[Any, float]:
    """The page as OSD looks at it, at no more than :data:`OSD_DPI`, and its resolution."""
    from PIL import Image

    crop = grey  # the very image of the first pass, so the program gets it encoded once
    if dpi > OSD_DPI * 1.1:
        factor = OSD_DPI / dpi
        crop = crop.resize((max(1, round(crop.width * factor)), max(1, round(crop.height * factor))),
                           Image.Resampling.BILINEAR)
        dpi = OSD_DPI
    return crop, dpi


def run_osd(grey: Any, dpi: float, timeout: float | None) -> Osd | None:
    """Orientation and script of a page by Tesseract's OSD (``--psm 0``); None when it cannot tell.

    OSD answers nothing for a page with too little text ("Too few characters"), which is no error:
    the page is then read as it lies, with the fallback script's packs. In process a quick look
    (:data:`OSD_QUICK_CHARACTERS`) is taken when it is sure; a program would cost a start and a model
    load more for a second look, so the program looks once.
    """
    crop, crop_dpi = osd_image(grey, dpi)
    if _osd_tesserocr() is not None:
        quick = _api_osd(crop, crop_dpi, OSD_QUICK_CHARACTERS)
        if quick is not None and _sure(quick):
            return quick
        return _api_osd(crop, crop_dpi)
    args = ["--psm", "0", "-l", "osd", "--dpi", str(round(crop_dpi)),
            "-c", f"min_characters_to_try={OSD_CHARACTERS}"]  # fmt: skip
    proc = _run(args, crop, timeout)
    return parse_osd(proc.stdout.decode("utf-8", "replace")) if proc.returncode == 0 else None


def _sure(osd: Osd) -> bool:
    """Is OSD sure enough of both the page's orientation and its script for letterkit to act on them
    without looking further (the thresholds that turn a page and skip OSD on later pages)?"""
    return osd.orientation_confidence >= MIN_ORIENTATION_CONFIDENCE and osd.script_confidence >= SURE_SCRIPT


def parse_osd(out: str) -> Osd | None:
    """Tesseract's OSD report ("Orientation in degrees: 90", "Script: Cyrillic"...) as :class:`Osd`."""
    fields = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    try:
        return Osd(
            orientation=int(fields["orientation in degrees"]) % 360,
            orientation_confidence=float(fields["orientation confidence"]),
            script=fields["script"],
            script_confidence=float(fields["script confidence"]),
        )
    except (KeyError, ValueError):
        return None


def parse_tsv(tsv: str, text: str | None = None) -> list[OcrLine]:
    """Words of Tesseract's TSV grouped into lines, in Tesseract's reading order.

    With Tesseract's plain ``text`` of the same run, words of scripts written without spaces inside
    words are joined where the text has no space between them.
    """
    lines: dict[tuple[int, int, int, int], OcrLine] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = _greek_mu(cols[11].strip().translate(_LIGATURES))
        if not word:
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
        lines[key].words.append(Word(word, conf, left, top, width, height))
    if text is not None:
        spaced = _spaces_before([w for ln in lines.values() for w in ln.words], text)
        if spaced is not None:
            for ln in lines.values():
                ln.words = _join_dense(ln.words, spaced)
    return list(lines.values())


def _greek_mu(text: str) -> str:
    """Greek words with Greek mu, not the micro sign Tesseract's Greek model writes for it
    ('Αξιότιµε'): the two look alike, but only one of them is Greek for the text's readers."""
    if "\u00b5" in text and _GREEK.search(text):
        return text.replace("\u00b5", "\u03bc")
    return text


def _dense(ch: str) -> bool:
    return ch >= DENSE_FROM and not ("\uff01" <= ch <= "\uff5e")  # fullwidth Latin is spaced


def _spaces_before(words: list[Word], text: str) -> set[int] | None:
    """The ids of the words that Tesseract's plain text has a space (or line break) before; None
    when the text does not spell the words in order (then nothing is joined).

    The text may hold a few characters the word table lacks (the full stop after a Hangul word at
    the end of a line); punctuation among them is given back to the word it follows.
    """
    text = _greek_mu(text.translate(_LIGATURES))
    out: set[int] = set()
    i = 0
    prev: Word | None = None
    for w in [*words, None]:
        if w is None:
            j = len(text)
        else:
            j = text.find(w.text, i, i + len(w.text) + ALIGN_SLACK)
            if j < 0:
                return None
        skipped = text[i:j]
        tail = skipped.split(None, 1)[0] if skipped and not skipped[0].isspace() else ""
        if prev is not None and tail and all(unicodedata.category(ch).startswith("P") for ch in tail):
            prev.text += tail
        if w is None:
            break
        if j == 0 or any(ch.isspace() for ch in skipped):
            out.add(id(w))
        i = j + len(w.text)
        prev = w
    return out


def _join_dense(words: list[Word], spaced: set[int]) -> list[Word]:
    """Words of scripts written without spaces inside words (Hangul words, Chinese and Japanese
    text) joined again where Tesseract cut them.

    Tesseract's word table cuts such text into single syllables or characters ('제 안 서 를' for
    '제안서를'), while its plain text of the same run keeps them together: where the text has no space
    between two such words, they are one. (Their boxes cannot tell: in Hangul they overlap and gape.)
    """
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and id(w) not in spaced and (_dense(prev.text[-1]) or _dense(w.text[0])):
            right = max(prev.left + prev.width, w.left + w.width)
            top = min(prev.top, w.top)
            bottom = max(prev.top + prev.height, w.top + w.height)
            left = min(prev.left, w.left)
            conf = min(prev.conf, w.conf)
            out[-1] = Word(prev.text + w.text, conf, left, top, right - left, bottom - top)
            continue
        out.append(w)
    return out


# --------------------------------------------------------------------------------------------------
# layout: font size, alignment, blocks


def word_font_size(word: Word, scale: float) -> float:
    """Font size in points from a word's box height, corrected for which letters it holds."""
    h = word.height * scale
    if any(_dense(ch) for ch in word.text):
        return h / HEIGHT_DENSE
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
    """left/center/right/justify from where the line sits between the text margins.

    Scans are rarely straight: the left edge of a page's lines drifts by a few points from top to
    bottom, so the slack is wider than for PDF glyph boxes (half the type size), and the scan rules of
    :func:`letterkit.readers._layout.alignment` apply.
    """
    return alignment(x0, x1, left, right, max(6.0, 0.5 * size), scan=True)


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
    left, right = usable_margins(left, right, page_width)
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
            parts[-1] += w.text.translate(TO_SUPERSCRIPT)
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


@dataclass(slots=True)
class PageRead:
    """One page as Tesseract read it, and how its languages were chosen."""

    tsv: str
    #: Tesseract's plain text of the same pass (where it puts spaces, see :func:`parse_tsv`)
    text: str
    #: the Tesseract packs of the pass that was kept
    languages: list[str]
    #: the image that was read (turned upright when OSD found it turned)
    image: Any
    #: "auto" (chosen per page) or "forced" (the caller's ``ocr_languages``)
    mode: str
    #: degrees the page was turned counter-clockwise to set it upright
    rotation: int = 0
    script: str | None = None
    #: OSD's confidence in ``script`` (Tesseract's scale; 0 when OSD said nothing)
    script_confidence: float = 0.0
    #: ISO 639-1 language of the words read, and the identifier's probability for it
    language: str | None = None
    language_confidence: float = 0.0
    #: mean word confidence of the pass kept (Tesseract's 0-100), weighted by word length
    word_confidence: float = 0.0
    passes: int = 1
    warnings: list[str] = field(default_factory=list)


def _is_auto(options: ReadOptions) -> bool:
    requested = options.ocr_languages
    if requested is None:
        return True
    if isinstance(requested, str):
        return requested.strip().lower() == AUTO
    return [str(x).strip().lower() for x in requested] == [AUTO]


def _words_of(tsv: str, text: str) -> tuple[str, float]:
    """The text of a pass's confident words, and the mean confidence of all its words (by length)."""
    words = [w for ln in parse_tsv(tsv, text) for w in ln.words if w.conf >= 0]
    weight = sum(len(w.text) for w in words)
    mean = sum(w.conf * len(w.text) for w in words) / weight if weight else 0.0
    return " ".join(w.text for w in words if w.conf >= MIN_WORD_CONFIDENCE), mean


def _pack_for(language: str, text: str) -> str | None:
    """The Tesseract pack for an identified language; for Chinese, simplified or traditional by the
    characters the words use (the identifier calls both 'zh')."""
    pack = ISO_TO_TESSERACT.get(language)
    if language == "zh":
        data = _ocr_data()
        trad = sum(text.count(ch) for ch in data["traditional_han"])
        simp = sum(text.count(ch) for ch in data["simplified_han"])
        if trad > simp:
            return "chi_tra"
    return pack


def _first_packs(script: str | None, installed: frozenset[str], warnings: list[str]) -> list[str]:
    """The packs of the first pass over a page in ``script``: its most common language's."""
    data = _ocr_data()
    scripts: dict[str, list[str]] = data["scripts"]
    wanted = scripts.get(script or "", scripts[data["fallback_script"]])
    use = [p for p in wanted if p in installed]
    if not use:
        warnings.extend(_missing_pack_warning(p, f" for the {script} script") for p in wanted)
        use = [p for p in scripts[data["fallback_script"]] if p in installed]
    if not use:
        use = [c for c in DEFAULT_LANGUAGES if c in installed] or sorted(installed)[:1]
    if not use:
        raise OCRUnavailable("Tesseract is installed but has no language data. " + INSTALL_HINT)
    return use


#: the first page read of each document being built, for the pages after it (see :func:`recognise`)
_first_reads: weakref.WeakKeyDictionary[DocumentBuilder, PageRead] = weakref.WeakKeyDictionary()
#: OSD is skipped on a later page when it named the first page's script at least this surely
#: (Tesseract's scale: the Latin, Greek and Cyrillic test scans scored 4-11, Hangul ones 0.3-1.1)
SURE_SCRIPT = 2.0


def _prior(builder: DocumentBuilder) -> PageRead | None:
    return _first_reads.get(builder)


def _remember(builder: DocumentBuilder, read: PageRead) -> None:
    """Keep a document's first page read in auto mode (upright, its script sure) for its next pages."""
    if builder not in _first_reads and read.mode == "auto":
        _first_reads[builder] = read


def _like_prior(grey: Any, dpi: float, options: ReadOptions, prior: PageRead) -> PageRead | None:
    """A later page read at once with the packs the document's first page ended with, when that page
    was upright and OSD sure of its script: the page is kept if it reads clearly (no turn, no other
    script) in the same language; else None, and the page is read as a first one."""
    from letterkit.lang.identify import detect

    if prior.rotation or prior.script is None or prior.script_confidence < SURE_SCRIPT:
        return None
    tsv, plain = run_tesseract_text(grey, prior.languages, dpi, _time_left(options))
    text, mean = _words_of(tsv, plain)
    code, prob = detect(text)
    if mean < POOR_PASS or code != prior.language or prob < MIN_LANGUAGE_CONFIDENCE:
        return None
    _forget_encoded()
    return PageRead(tsv, plain, list(prior.languages), grey, "auto", script=prior.script,
                    script_confidence=prior.script_confidence, language=code, language_confidence=prob,
                    word_confidence=mean, passes=1)  # fmt: skip


def recognise(grey: Any, dpi: float, options: ReadOptions, prior: PageRead | None = None) -> PageRead:
    """Read one greyscale page image with Tesseract, choosing its languages unless they are forced.

    With ``ocr_languages`` "auto" (the default): OSD names the page's script and orientation; a
    turned page is set upright; the first pass uses the packs of the script's most common languages
    (Latin: English, French and German; Cyrillic: Russian...); the language of its words is
    identified, and when that language has another pack the page is read again with it (at most
    :data:`MAX_PASSES` passes). The first guess is right for most pages, so most pages cost OSD
    plus one pass. A later pass is kept unless its words are clearly less sure than the pass before
    (then the identifier was misled by garbled words). A first pass that read next to nothing (OSD
    named the wrong script) makes every script be tried on the middle of the page. Forced languages
    are used as given, in one pass.

    ``prior``: the document's first page as read. A later page is first read with the packs that
    page ended with, and OSD is skipped, when OSD was sure of that page's script and it lay upright;
    the page is kept when it reads clearly in the same language (most letters' later pages), else
    it is read as a first page would be, at the cost of that one pass.
    """
    from letterkit.lang.identify import detect

    exe = _require_tesseract()
    installed = installed_languages(exe)
    if not _is_auto(options):
        forced, forced_warnings = choose_languages(options.ocr_languages, installed)
        tsv, plain = run_tesseract_text(grey, forced, dpi, _time_left(options))
        text, mean = _words_of(tsv, plain)
        code, prob = detect(text)
        _forget_encoded()
        return PageRead(tsv, plain, forced, grey, "forced", language=code, language_confidence=prob,
                        word_confidence=mean, warnings=forced_warnings)  # fmt: skip

    extra = 0
    if prior is not None:
        again = _like_prior(grey, dpi, options, prior)
        if again is not None:
            return again
        extra = 1
    warnings: list[str] = []
    osd: Osd | None = None
    if osd_installed(exe):
        osd = run_osd(grey, dpi, _time_left(options))
    else:
        warnings.append(
            "OCR: Tesseract's orientation and script detection ('osd') is not installed, so pages are "
            "read as they lie, first as Latin script "
            f"(install it: `apt-get install {debian_package('osd')}`)."
        )
    rotation = 0
    if osd is not None and osd.orientation and osd.orientation_confidence >= MIN_ORIENTATION_CONFIDENCE:
        rotation = osd.orientation
    script = osd.script if osd is not None else None
    languages = _first_packs(script, installed, warnings)
    upright = grey
    if rotation:
        grey = grey.rotate(rotation, expand=True, fillcolor=255)
    passes: list[tuple[list[str], str, str, str | None, float, float]] = []
    while True:
        tsv, plain = run_tesseract_text(grey, languages, dpi, _time_left(options))
        text, mean = _words_of(tsv, plain)
        code, prob = detect(text)
        if not passes and mean < POOR_PASS:
            found = _probe(upright, rotation, languages, dpi, installed, mean, options)
            if found is not None:
                rotation, languages, script = found
                grey = upright.rotate(rotation, expand=True, fillcolor=255) if rotation else upright
                tsv, plain = run_tesseract_text(grey, languages, dpi, _time_left(options))
                text, mean = _words_of(tsv, plain)
                code, prob = detect(text)
        passes.append((languages, tsv, plain, code, prob, mean))
        pack = _pack_for(code, text) if code and prob >= MIN_LANGUAGE_CONFIDENCE else None
        if pack is None or pack in languages or len(passes) >= MAX_PASSES:
            break
        if any(pack in tried for tried, *_ in passes):
            break
        if pack not in installed:
            warnings.append(_missing_pack_warning(pack, f" for this page's language ({code})"))
            break
        languages = [pack]
    kept = len(passes) - 1
    while kept > 0 and passes[kept][5] < passes[kept - 1][5] - WORSE_PASS:
        kept -= 1
    languages, tsv, plain, code, prob, mean = passes[kept]
    _forget_encoded()
    sure = osd.script_confidence if osd is not None and osd.script == script else 0.0
    return PageRead(tsv, plain, languages, grey, "auto", rotation=rotation, script=script,
                    script_confidence=sure, language=code,
                    language_confidence=prob, word_confidence=mean, passes=len(passes) + extra,
                    warnings=warnings)  # fmt: skip


def _probe(
    upright: Any, rotation: int, tried: list[str], dpi: float, installed: frozenset[str], score: float,
    options: ReadOptions,
) -> tuple[int, list[str], str] | None:
    """(rotation, packs, script) that read the middle of the page clearly better than the first pass
    (mean word confidence ``score``); None when none does.

    Every script's first packs are tried, on the page as OSD turned it and as it lies: a few short
    passes over a part of the page, made only when the first pass read next to nothing.
    """
    scripts: dict[str, list[str]] = _ocr_data()["scripts"]
    candidates: dict[tuple[str, ...], str] = {}
    for name, wanted in scripts.items():
        use = tuple(p for p in wanted if p in installed)
        if use and use not in candidates:
            candidates[use] = name
    best: tuple[float, int, list[str], str] | None = None
    for turn in dict.fromkeys([rotation, 0]):
        image = upright.rotate(turn, expand=True, fillcolor=255) if turn else upright
        w, h = image.size
        x0, y0, x1, y1 = PROBE_CROP
        crop = image.crop((round(w * x0), round(h * y0), round(w * x1), round(h * y1)))
        for use, name in candidates.items():
            if turn == rotation and list(use) == tried:
                continue
            tsv, plain = run_tesseract_text(crop, list(use), dpi, _time_left(options))
            mean = _words_of(tsv, plain)[1]
            if best is None or mean > best[0]:
                best = (mean, turn, list(use), name)
    if best is None or best[0] < max(POOR_PASS, score + WORSE_PASS):
        return None
    return best[1], best[2], best[3]


def _record(builder: DocumentBuilder, read: PageRead) -> None:
    """The page's OCR choices in the document's metadata (so in ``Letter.source``), over all pages:
    the packs used, how they were chosen, the script, the lowest language confidence, the mean word
    confidence, each page's turn, and the number of passes."""
    meta = builder.metadata
    pages = int(meta.get("ocr_pages_read", 0))
    used = [x for x in str(meta.get("ocr_languages", "")).split("+") if x]
    used += [x for x in read.languages if x not in used]
    meta["ocr_languages"] = "+".join(used)
    meta["ocr_language_mode"] = read.mode
    if read.script:
        scripts = [x for x in str(meta.get("ocr_script", "")).split("+") if x]
        meta["ocr_script"] = "+".join(scripts + ([read.script] if read.script not in scripts else []))
    if read.language:
        meta["ocr_language"] = read.language
    conf = round(read.language_confidence, 3)
    meta["ocr_language_confidence"] = min(conf, float(meta.get("ocr_language_confidence", conf)))
    words = float(meta.get("ocr_word_confidence", 0.0))
    meta["ocr_word_confidence"] = round((words * pages + read.word_confidence) / (pages + 1), 1)
    rotations = str(meta["ocr_rotation"]) + "," if "ocr_rotation" in meta else ""
    meta["ocr_rotation"] = rotations + str(read.rotation)
    meta["ocr_passes"] = int(meta.get("ocr_passes", 0)) + read.passes
    meta["ocr_pages_read"] = pages + 1


def _emit(
    builder: DocumentBuilder, read: PageRead, scale: float, page_width: float, page_height: float | None,
    page_number: int,
) -> None:  # fmt: skip
    for w in read.warnings:
        if w not in builder.warnings:
            builder.warnings.append(w)
    builder.end_block()
    low = 0
    for block in layout_page(parse_tsv(read.tsv, read.text), scale, page_width, page_height):
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
    if read.rotation:
        builder.warnings.append(
            f"OCR: page {page_number} was turned by {read.rotation} degrees to read it upright."
        )
    builder.metadata["ocr"] = True
    _record(builder, read)


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


def _turned(width: float, height: float | None, rotation: int) -> tuple[float, float | None]:
    """A page's size once it is turned by ``rotation`` degrees."""
    return (height or width, width) if rotation in (90, 270) and height else (width, height)


def ocr_page(
    pdf_page: Any, builder: DocumentBuilder, options: ReadOptions, page_number: int, page: Page | None = None
) -> None:
    """OCR one pypdfium2 page into ``builder``'s current page (the PDF reader has started it as
    ``page``, whose size is swapped when OSD finds the scan turned by a quarter).

    ``options.extra["ocr_dpi"]`` overrides the rendering resolution (:data:`OCR_DPI`). A page whose
    rendering would exceed the pixel limit is :class:`LimitExceeded` before pdfium allocates anything.
    """
    _check_enabled(options)
    _require_tesseract()
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
    read = recognise(_grey(image), dpi, options, _prior(builder))
    _remember(builder, read)
    page_width, turned_height = _turned(page_width, page_height, read.rotation)
    if page is not None and turned_height is not None and read.rotation in (90, 270):
        page.width, page.height = round(page_width, 2), round(turned_height, 2)
    _emit(builder, read, 72 / dpi, page_width, turned_height, page_number)


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
    """OCR one PIL image as one page; starts the page in ``builder`` (sized in points, upright) unless
    told not to.

    ``page_number`` only labels warnings; the builder numbers its pages itself.
    """
    _check_enabled(options)
    _require_tesseract()
    dpi = image_dpi(image)
    grey = _grey(image)
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
    read = recognise(grey, work_dpi, options, _prior(builder))
    _remember(builder, read)
    page_w, page_h = read.image.width * 72 / work_dpi, read.image.height * 72 / work_dpi
    if new_page:
        builder.new_page(width=round(page_w, 2), height=round(page_h, 2), ocr=True)
    _emit(builder, read, 72 / work_dpi, page_w, page_h, page_number)
