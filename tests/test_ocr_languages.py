"""OCR that chooses its own languages: script and orientation from OSD, the language from the words.

The scans are the invented letters of ``scan_letters.py`` (Czech, Polish, Greek, Russian, Korean),
laid out by fpdf2 and scanned at 150 dpi with noise and a slight skew; none is read with
``ocr_languages``. Their checks are those of the evaluation corpus's gold (date, greeting, close,
signatory and role, language, body paragraphs, first and last words, nothing of the head or
signature in the body), and each scan must pass at least 85% of them. The logic that needs no
Tesseract (parsing OSD, rejoining Hangul, choosing packs) is tested on hand-written input.
"""

from __future__ import annotations

import difflib
import io

import pytest

import letterkit
from letterkit.api import _ocr_languages, read_document
from letterkit.document import DocumentBuilder
from letterkit.readers import ocr
from letterkit.readers.base import ReadOptions
from scan_letters import CASES_BY_KEY, SCANNED, ScanCase, fonts_available, letter_pdf, scan_pdf, scan_png

#: the pack each scan must end up read with
PACKS = {"cs": "ces", "pl": "pol", "el": "ell", "ru": "rus", "ko": "kor"}
#: the script OSD names for each scan
SCRIPT = {"el": "Greek", "ru": "Cyrillic"}
MIN_SHARE = 0.85
MIN_ONE = 0.7
SEEDS = 4


def checks(case: ScanCase, letter: letterkit.Letter) -> list[tuple[str, bool]]:
    """The gold checks of the evaluation corpus for one letter, as (name, passed)."""
    gold = case.gold_json()
    out = letter.model_dump(mode="json")
    low = str.casefold
    body = " ".join(out["body"])
    fields = ("date", "salutation", "closing", "language")
    result = [(f, low(str(gold[f])) == low(str(out[f]))) for f in fields]
    for want in gold["signatories"]:
        hit = next((p for p in out["signatories"] if p["name"] and want["name"] in p["name"]), None)
        result.append(("signatories.name", hit is not None))
        if "role" in want:  # anywhere in the party, as the corpus's scorer looks for it
            party = " ".join(str(v) for v in (hit or {}).values() if v)
            result.append(("signatories.role", low(want["role"]) in low(party)))
    result.append(("signatories.no_extra", len(out["signatories"]) == len(gold["signatories"])))
    b = gold["body"]
    result.append(("body.paragraphs", len(out["body"]) == b["paragraphs"]))
    result.append(("body.start", body.startswith(b["starts_with"])))
    result.append(("body.end", body.endswith(b["ends_with"])))
    result += [("body.clean", bool(body) and e not in body) for e in b["excludes"]]
    return result


def _fonts(key: str) -> None:
    if not fonts_available(CASES_BY_KEY[key].lang):
        pytest.skip(f"no font for {key} (fonts-dejavu-core / fonts-noto-cjk)")


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize("key", SCANNED)
def test_scanned_letter_without_ocr_languages(key: str) -> None:
    """Each letter scanned with :data:`SEEDS` different noise: together at least 85% of the checks,
    none below :data:`MIN_ONE` (one noisy scan may cost a Hangul letter a word and a block)."""
    _fonts(key)
    case = CASES_BY_KEY[key]
    pdf = letter_pdf(case)
    passed = total = 0
    for seed in range(SEEDS):
        letter = letterkit.read_letter(scan_pdf(pdf, seed=seed), filename=f"{key}.scan.pdf")
        results = checks(case, letter)
        ok = sum(good for _, good in results)
        assert ok >= MIN_ONE * len(results), (seed, [name for name, good in results if not good])
        passed, total = passed + ok, total + len(results)
        source = letter.source.model_dump()
        assert source["ocr_language_mode"] == "auto"
        assert source["ocr_languages"] == PACKS[key]
        assert source["ocr_language"] == case.lang
        assert 0.5 <= source["ocr_language_confidence"] <= 1.0
        assert source["ocr_word_confidence"] > 80
    assert passed >= MIN_SHARE * total


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(("key", "turn"), [("cs", 180), ("el", 90), ("ru", 270)])
def test_turned_scan_is_set_upright(key: str, turn: int) -> None:
    _fonts(key)
    case = CASES_BY_KEY[key]
    letter = letterkit.read_letter(scan_png(letter_pdf(case), rotate=turn), filename=f"{key}.png")
    # the page was turned by ``turn`` counter-clockwise; setting it upright turns it back by the rest
    assert letter.source.model_dump()["ocr_rotation"] == str((360 - turn) % 360)
    assert (letter.date, letter.salutation, letter.closing) == (case.date, case.salutation, case.closing)
    assert any(f"turned by {(360 - turn) % 360} degrees" in w for w in letter.warnings)


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(("key", "turn"), [("el", 90), ("ru", 0)])
def test_in_process_tesseract_and_the_program_agree(
    key: str, turn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tesserocr (Tesseract in this process, its models loaded once) and the tesseract program
    name the same orientation and script and read the same words; the program is the fallback."""
    pytest.importorskip("tesserocr")
    from PIL import Image

    _fonts(key)
    image = Image.open(io.BytesIO(scan_png(letter_pdf(CASES_BY_KEY[key]), rotate=turn))).convert("L")
    got = {}
    for engine in ("tesserocr", "cli"):
        monkeypatch.setenv("LETTERKIT_OCR_ENGINE", engine)
        assert ocr.ocr_engine() == ("tesserocr" if engine == "tesserocr" else "tesseract")
        osd = ocr.run_osd(image, 150, None)
        assert osd is not None
        upright = image.rotate(osd.orientation, expand=True, fillcolor=255)
        tsv, text = ocr.run_tesseract_text(upright, [PACKS[key]], 150, None)
        words = [w.text for ln in ocr.parse_tsv(tsv, text) for w in ln.words]
        got[engine] = (osd.orientation, osd.script, words)
    (turn_a, script_a, words_a), (turn_b, script_b, words_b) = got["tesserocr"], got["cli"]
    assert (turn_a, script_a) == (turn_b, script_b) == ((360 - turn) % 360, SCRIPT[key])
    # (the wheel's libtesseract may be newer than the program: a few words may differ)
    assert len(words_a) > 50 and difflib.SequenceMatcher(None, words_a, words_b).ratio() >= 0.9


@pytest.mark.ocr
@pytest.mark.slow
def test_later_pages_are_read_with_the_first_pages_packs() -> None:
    """A Czech letter's second page is read with ces at once (no OSD, no Latin first pass); a page
    turned upside down after it does not read clearly that way, so it is read as a first page."""
    from PIL import Image

    _fonts("cs")
    case = CASES_BY_KEY["cs"]
    pdf = letter_pdf(case)
    pages = [Image.open(io.BytesIO(scan_png(pdf, rotate=turn))) for turn in (0, 0, 180)]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], dpi=(150, 150))
    doc = read_document(buf.getvalue(), filename="cs.tiff")
    meta = doc.metadata
    # page 1: Latin first pass, then ces; page 2: ces alone; page 3: ces (unclear), OSD, then ces
    assert meta["ocr_rotation"] == "0,0,180"
    assert meta["ocr_languages"].split("+")[-1] == "ces"
    assert meta["ocr_passes"] == 2 + 1 + 3
    texts = doc.text.split("\f")
    assert len(texts) == 3 and case.salutation in texts[1] and case.salutation in texts[2]


@pytest.mark.ocr
@pytest.mark.slow
def test_forced_languages_are_used_as_given() -> None:
    _fonts("ru")
    scan = scan_png(letter_pdf(CASES_BY_KEY["ru"]))
    letter = letterkit.read_letter(scan, filename="ru.png", ocr_languages=["ru"])
    source = letter.source.model_dump()
    chosen = (source["ocr_languages"], source["ocr_language_mode"], source["ocr_passes"])
    assert chosen == ("rus", "forced", 1)
    assert letter.salutation == CASES_BY_KEY["ru"].salutation
    forced = letterkit.read_letter(scan, filename="ru.png", ocr_languages="eng")
    assert forced.source.model_dump()["ocr_languages"] == "eng"


@pytest.mark.ocr
@pytest.mark.slow
def test_missing_pack_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    _fonts("cs")
    real = ocr.installed_languages

    def without_czech(exe: str | None = None) -> frozenset[str]:
        return real(exe) - {"ces"}

    monkeypatch.setattr(ocr, "installed_languages", without_czech)
    letter = letterkit.read_letter(scan_png(letter_pdf(CASES_BY_KEY["cs"])), filename="cs.png")
    hint = "apt-get install tesseract-ocr-ces"
    assert any("'ces' is not installed" in w and hint in w for w in letter.warnings)
    assert letter.source.model_dump()["ocr_languages"] == "eng+fra+deu"  # the first pass is kept
    assert letter.language == "cs"  # the identifier still knows the language


# --------------------------------------------------------------------------------------------------
# without Tesseract


def test_auto_is_the_default_and_strings_are_not_split_into_letters() -> None:
    assert _ocr_languages("auto") is None and _ocr_languages(None) is None and _ocr_languages([]) is None
    assert _ocr_languages("ces+eng") == ("ces+eng",)
    assert _ocr_languages(["cs", "en"]) == ("cs", "en")
    assert ocr._is_auto(ReadOptions()) and ocr._is_auto(ReadOptions(ocr_languages=("auto",)))
    assert not ocr._is_auto(ReadOptions(ocr_languages=("cs",)))


def test_parse_osd() -> None:
    out = (
        "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 12.99\n"
        "Script: Cyrillic\nScript confidence: 4.44\n"
    )
    assert ocr.parse_osd(out) == ocr.Osd(270, 12.99, "Cyrillic", 4.44)
    assert ocr.parse_osd("Too few characters. Skipping this page\n") is None


def test_first_pass_packs_by_script_and_fallbacks() -> None:
    installed = frozenset({"eng", "rus", "kor", "ell"})
    warnings: list[str] = []
    assert ocr._first_packs("Cyrillic", installed, warnings) == ["rus"] and not warnings
    assert ocr._first_packs("Korean", installed, warnings) == ["kor"]
    assert ocr._first_packs(None, installed, warnings) == ["eng"]
    assert not warnings  # the script can be read, if not with all its packs
    assert ocr._first_packs("Thai", installed, warnings) == ["eng"]
    assert any("tesseract-ocr-tha" in w for w in warnings)


def test_pack_for_language_and_chinese_standard() -> None:
    assert ocr._pack_for("cs", "") == "ces" and ocr._pack_for("uk", "") == "ukr"
    assert ocr._pack_for("zh", "我们对贵公司的来信表示感谢") == "chi_sim"
    assert ocr._pack_for("zh", "我們對貴公司的來信表示感謝") == "chi_tra"
    assert ocr._pack_for("xx", "") is None


def test_korean_pack_reads_the_page_as_one_block() -> None:
    assert ocr.segmentation_mode(["kor"]) == 6 and ocr.segmentation_mode(["eng"]) == 3


HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(words: list[tuple[int, str]]) -> str:
    rows = [HEADER]
    x = 10
    for n, (line, text) in enumerate(words):
        rows.append(f"5\t1\t1\t1\t{line}\t{n}\t{x}\t{20 * line}\t{16 * len(text)}\t20\t93.0\t{text}")
        x += 16 * len(text) + 4
    return "\n".join(rows)


def test_hangul_cut_by_the_word_table_is_joined_where_the_text_has_no_space() -> None:
    words = [(1, "공동"), (1, "연구"), (1, "제"), (1, "안"), (1, "서"), (1, "를"), (2, "감사합니다")]
    text = "공동 연구 제안서를\n\n감사합니다.\n"
    lines = ocr.parse_tsv(_tsv(words), text)
    assert [ln.text for ln in lines] == ["공동 연구 제안서를", "감사합니다."]
    # without the text (or when it does not spell the words) nothing is joined
    assert ocr.parse_tsv(_tsv(words))[0].text == "공동 연구 제 안 서 를"
    assert ocr.parse_tsv(_tsv(words), "something else")[0].text == "공동 연구 제 안 서 를"


def test_direction_marks_after_numbers_are_dropped() -> None:
    words = [(1, "عمّان"), (1, "في"), (1, "١٢\u200f"), (1, "مايو")]
    lines = ocr.parse_tsv(_tsv(words), "عمّان في ١٢\u200f مايو\n")
    assert lines[0].text == "عمّان في ١٢ مايو"


def test_latin_words_are_never_joined() -> None:
    lines = ocr.parse_tsv(_tsv([(1, "Dear"), (1, "Anna,")]), "DearAnna,")
    assert lines[0].text == "Dear Anna,"


def test_greek_words_get_greek_mu_not_the_micro_sign() -> None:
    lines = ocr.parse_tsv(_tsv([(1, "Με"), (1, "εκτίµηση,"), (1, "5µm")]))
    assert lines[0].text == "Με εκτίμηση, 5µm"


def test_source_records_the_choices_over_pages() -> None:
    builder = DocumentBuilder(format="pdf", reader="pdf")
    for langs, rotation, conf in ((["ces"], 0, 0.98), (["ces", "eng"], 180, 0.9)):
        builder.new_page(595, 842, ocr=True)
        read = ocr.PageRead(_tsv([(1, "Vážený"), (1, "pane,")]), "", langs, None, "auto", rotation=rotation,
                            script="Latin", language="cs", language_confidence=conf, word_confidence=90.0)
        ocr._emit(builder, read, 1.0, 595.0, 842.0, 1)
    meta = builder.build().metadata
    assert meta["ocr_languages"] == "ces+eng" and meta["ocr_rotation"] == "0,180"
    assert meta["ocr_language_confidence"] == 0.9 and meta["ocr_passes"] == 2
    assert meta["ocr_script"] == "Latin" and meta["ocr_language"] == "cs"


@pytest.mark.ocr
@pytest.mark.slow
def test_scanned_hebrew_letter_in_logical_order() -> None:
    """Tesseract gives Hebrew in logical order; the layout must size its type right (Hebrew letters
    stand as tall as capitals) for the structure to work: date, greeting, close, signatory, body."""
    if not fonts_available("he"):
        pytest.skip("no font (or no uharfbuzz) to lay out Hebrew")
    case = CASES_BY_KEY["he"]
    letter = letterkit.read_letter(scan_pdf(letter_pdf(case)), filename="he.scan.pdf")
    assert letter.source.model_dump()["ocr_languages"] == "heb"
    assert (letter.date, letter.salutation, letter.closing) == (case.date, case.salutation, case.closing)
    assert [p.name for p in letter.signatories] == [case.signature[0]]
    assert len(letter.body) == 2 and letter.body[0].startswith("אנו מודים לך")


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(("key", "turn"), [("ko", 0), ("el", 270), ("cs", 180)])
def test_hybrid_engine_reads_as_the_program_does(
    key: str, turn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OSD in process (tesserocr, whatever its release) with the word passes by the program gives the
    very Letter the program alone gives; the in-process OSD over as many characters gives the
    program's answer to its two decimals, and its quick look, when sure, the same turn and script."""
    pytest.importorskip("tesserocr")
    from PIL import Image

    _fonts(key)
    scan = scan_png(letter_pdf(CASES_BY_KEY[key]), rotate=turn)
    image = Image.open(io.BytesIO(scan)).convert("L")

    def read() -> tuple[ocr.Osd | None, dict[str, object]]:
        osd = ocr.run_osd(image, 150, None)
        ocr._forget_encoded()
        return osd, letterkit.read_letter(scan, filename=f"{key}.png").model_dump(mode="json")

    monkeypatch.delenv("LETTERKIT_OCR_ENGINE", raising=False)
    with monkeypatch.context() as m:
        m.setattr(ocr, "_tesserocr", lambda: None)  # the passes by the program, as with another release
        assert ocr.ocr_engine() == "hybrid"
        osd_a, letter_a = read()
        full = ocr._api_osd(image, 150)
    monkeypatch.setenv("LETTERKIT_OCR_ENGINE", "cli")
    assert ocr.ocr_engine() == "tesseract"
    osd_b, letter_b = read()
    assert osd_a is not None and osd_b is not None and full is not None
    turns = [(osd.orientation, osd.script) for osd in (osd_a, full, osd_b)]
    assert turns[0] == turns[1] == turns[2]
    assert round(full.orientation_confidence, 2) == pytest.approx(osd_b.orientation_confidence, abs=0.006)
    assert round(full.script_confidence, 2) == pytest.approx(osd_b.script_confidence, abs=0.006)
    assert letter_a == letter_b


def test_quick_osd_is_taken_only_when_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    """In process OSD first looks at a few characters; an unsure answer (Hangul, a faint orientation)
    is asked again over :data:`ocr.OSD_CHARACTERS`, a sure one is the page's."""
    from PIL import Image

    answers = {
        ocr.OSD_QUICK_CHARACTERS: ocr.Osd(0, 0.3, "Hebrew", 1.7),
        ocr.OSD_CHARACTERS: ocr.Osd(0, 0.4, "Korean", 0.3),
    }
    asked: list[int] = []

    def api_osd(crop: object, dpi: float, characters: int = ocr.OSD_CHARACTERS) -> ocr.Osd:
        asked.append(characters)
        return answers[characters]

    monkeypatch.setattr(ocr, "_osd_tesserocr", lambda: object())
    monkeypatch.setattr(ocr, "_api_osd", api_osd)
    page = Image.new("L", (100, 100), 255)
    assert ocr.run_osd(page, 150, None) == answers[ocr.OSD_CHARACTERS]
    assert asked == [ocr.OSD_QUICK_CHARACTERS, ocr.OSD_CHARACTERS]
    asked.clear()
    answers[ocr.OSD_QUICK_CHARACTERS] = ocr.Osd(90, ocr.MIN_ORIENTATION_CONFIDENCE, "Greek", ocr.SURE_SCRIPT)
    assert ocr.run_osd(page, 150, None) == answers[ocr.OSD_QUICK_CHARACTERS]
    assert asked == [ocr.OSD_QUICK_CHARACTERS]
    asked.clear()
    answers[ocr.OSD_QUICK_CHARACTERS] = ocr.Osd(0, 6.0, "Latin", ocr.SURE_SCRIPT - 0.1)
    ocr.run_osd(page, 150, None)
    assert asked == [ocr.OSD_QUICK_CHARACTERS, ocr.OSD_CHARACTERS]
