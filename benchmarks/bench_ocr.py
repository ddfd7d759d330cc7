"""What choosing the OCR languages per page costs, against one bare Tesseract pass on the same image.

For each scanned page (the invented letters of ``tests/scan_letters.py``, scanned at 150 dpi as
PNG), measured side by side in this process, best of N runs:

* ``bare``: one ``pytesseract.image_to_string(image, lang=<the page's pack>)`` call: what a user
  who already knows the page's language would run (Tesseract's defaults, its own threads);
* ``bare 1t``: the same pass as ``tesseract <png> stdout -l <pack>`` with one thread
  (``OMP_THREAD_LIMIT=1``, as letterkit runs it), often faster on a small machine; the ratio is
  taken against the faster of the two bare passes;
* ``bare api``: the same pass in this process through tesserocr, its model already loaded (what a
  long-running program that keeps a Tesseract instance per language pays per page);
* ``own 1t``: ``bare 1t`` with the page segmentation mode and variables letterkit uses for the pack
  (``page_segmentation`` and ``variables`` in ``lang/data/ocr.json``: for ``kor`` a single block and
  the CJK fixed-pitch model, because with Tesseract's defaults the Korean page loses most of its
  lines); the same as ``bare 1t`` for the other packs. ``words`` gives how many words the bare pass
  and this one read;
* ``read_letter``: ``letterkit.read_letter(png)`` with no ``ocr_languages``: OSD, the first pass in
  the script's commonest language(s), the language identified from its words, a second pass when
  that language has another pack, layout and the heuristics pipeline. The engine line says how:
  ``tesserocr`` (all in this process, models loaded once), ``hybrid`` (OSD in this process, the word
  passes by the tesseract program: the default when the wheel's libtesseract is another release
  than the program's) or ``tesseract`` (the program for every step).

Both wall-clock and CPU time are given (CPU: this process plus its children, so Tesseract's threads and
letterkit's single-threaded passes count alike). The ratio ``read_letter / bare`` is the cost of not
being told the languages; the target, on a page whose script is known at once, is at most 1.5. "Known at
once" is measured, not assumed: OSD's first quick look (``readers.ocr.OSD_QUICK_CHARACTERS``) is sure of
the page by letterkit's own thresholds (``readers.ocr._sure``) and the first pack of the script it names
is the page's own. The column gives that look's script and confidence. Greek and Russian are; the Korean
page is not: OSD's legacy classifier scores Hangul at 0.2-0.5 and names it Hebrew or Japanese at a quick
look, so letterkit looks again with 20 characters (``OSD_CHARACTERS``) before its one pass. The last two
columns give the ratio against the warm in-process pass, a stricter floor.

    python benchmarks/bench_ocr.py [-n 3] [keys...]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytesseract
from PIL import Image

from letterkit import read_letter
from letterkit.readers import ocr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scan_letters import CASES_BY_KEY, fonts_available, letter_pdf, scan_png

#: the pack a user who knows the page would name; letterkit is not told it
BARE_PACK = {"el": "ell", "ru": "rus", "ko": "kor", "cs": "ces", "pl": "pol"}


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best_of(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(least wall-clock seconds, least CPU seconds) of ``n`` calls."""
    wall = cpu = float("inf")
    for _ in range(n):
        w0, c0 = time.perf_counter(), _cpu()
        fn()
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, _cpu() - c0)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("keys", nargs="*", default=["el", "ru", "ko", "cs", "pl"])
    args = ap.parse_args()
    try:
        import tesserocr
    except ImportError:
        tesserocr = None
    engine = ocr.ocr_engine()
    lib = tesserocr.tesseract_version().split()[1] if tesserocr is not None else "-"
    print(f"tesseract {pytesseract.get_tesseract_version()} (program), libtesseract {lib} (tesserocr), "
          f"engine {engine}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, best of {args.n}")
    print(f"{'page':6} {'bare':>14} {'bare 1t':>14} {'bare api':>14} {'own 1t':>14} {'read_letter':>14} "
          f"{'ratio wall':>11} {'ratio cpu':>10} {'vs api w':>9} {'vs api c':>9} {'vs own c':>9}  words     "
          "passes  known at once          read with")
    for key in args.keys:
        case = CASES_BY_KEY[key]
        if not fonts_available(case.lang):
            print(f"{key}: no font, skipped")
            continue
        png = scan_png(letter_pdf(case))
        image = Image.open(io.BytesIO(png))
        image.load()
        read_letter(png, filename=f"{key}.png")  # warm: imports, model loads, caches
        letter = read_letter(png, filename=f"{key}.png")
        pack = BARE_PACK[key]
        bare = best_of(lambda: pytesseract.image_to_string(image, lang=pack), args.n)  # noqa: B023
        cmd = ["tesseract", "stdin", "stdout", "-l", pack]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        def single() -> object:
            return subprocess.run(cmd, input=png, capture_output=True, env=env, check=True)  # noqa: B023

        one = best_of(single, args.n)
        own_cmd = [*cmd, "--psm", str(ocr.segmentation_mode([pack]))]
        for name, value in ocr._ocr_data()["variables"].get(pack, {}).items():
            own_cmd += ["-c", f"{name}={value}"]

        def own_settings() -> subprocess.CompletedProcess[bytes]:
            return subprocess.run(own_cmd, input=png, capture_output=True, env=env, check=True)  # noqa: B023

        own = best_of(own_settings, args.n)
        words = f"{len(single().stdout.split())}/{len(own_settings().stdout.split())}"
        api_pass = (float("nan"), float("nan"))
        if tesserocr is not None:
            tessdata = ocr.tessdata_dir(shutil.which(ocr.tesseract_cmd()) or "tesseract") or ""
            grey = image.convert("L")
            with tesserocr.PyTessBaseAPI(path=tessdata, lang=pack) as api:

                def warm() -> object:
                    api.SetImage(grey)  # noqa: B023
                    return api.GetUTF8Text()

                warm()
                api_pass = best_of(warm, args.n)
        ours = best_of(lambda: read_letter(png, filename=f"{key}.png"), args.n)  # noqa: B023
        known = "-"
        if ocr._osd_tesserocr() is not None:
            dpi = float(image.info.get("dpi", (150, 150))[0])
            quick = ocr._api_osd(*ocr.osd_image(image.convert("L"), dpi), ocr.OSD_QUICK_CHARACTERS)
            first = ocr._ocr_data()["scripts"].get(quick.script, [None])[0] if quick else None
            sure = quick is not None and ocr._sure(quick) and first == pack
            known = (f"{'yes' if sure else 'no'} ({quick.script} {quick.script_confidence:.1f})"
                     if quick is not None else "no (OSD: too few characters)")
        floor = (min(bare[0], one[0]), min(bare[1], one[1]))
        src = letter.source.model_dump()
        print(
            f"{key:6} {bare[0]:6.2f}s {bare[1]:5.2f}c {one[0]:6.2f}s {one[1]:5.2f}c "
            f"{api_pass[0]:6.2f}s {api_pass[1]:5.2f}c {own[0]:6.2f}s {own[1]:5.2f}c "
            f"{ours[0]:6.2f}s {ours[1]:5.2f}c "
            f"{ours[0] / floor[0]:11.2f} {ours[1] / floor[1]:10.2f} "
            f"{ours[0] / api_pass[0]:9.2f} {ours[1] / api_pass[1]:9.2f} {ours[1] / own[1]:9.2f}  {words:9} "
            f"{src['ocr_passes']:6}  "
            f"{known:22} {src['ocr_languages']}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
