"""Invented letters for the OCR tests, laid out as PDFs and scanned; with their gold.

    python tests/scan_letters.py --out DIR [--only cs ru ...] [--rotate 180]

writes ``DIR/letters/<key>.scan.pdf`` (and the ``.txt``, ``.pdf``) and ``DIR/gold/<key>.json`` in the
form of the evaluation corpus, so that ``/work/shared/eval/score.py --corpus DIR`` scores them.

One letter in each language whose scans must be read without ``ocr_languages`` (Czech, Polish, Greek,
Russian, Korean) and one in Arabic and Hebrew for right-to-left text. All senders, recipients,
offices and addresses are invented. A letter is laid out by fpdf2 like a printed office letter on A4
(letterhead, dateline, inside address, greeting, body, close, signature name and role; blank lines
between blocks; DejaVu Sans for Latin, Greek and Cyrillic, Noto Sans CJK for Korean, right-to-left
paragraphs shaped by HarfBuzz for Arabic and Hebrew), then rendered by pypdfium2 at 150 dpi in grey,
with a little seeded noise and a slight skew, and saved as an image-only PDF: what a scanner gives.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
#: face of each language in the Noto Sans CJK collection
CJK_FACE = {"ja": 0, "ko": 1, "zh": 2}
NOTO_RTL = {
    "ar": Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"),
    # Noto Sans Hebrew has no digits; DejaVu Sans has Hebrew and digits
    "he": DEJAVU,
}
SCAN_DPI = 150
#: millimetres: A4 with 25 mm margins, 11 pt text on 5.5 mm lines
MARGIN, LINE = 25.0, 5.5


@dataclass(frozen=True)
class ScanCase:
    key: str
    letterhead: tuple[str, ...]
    dateline: str
    address: tuple[str, ...]
    salutation: str
    body: tuple[str, ...]
    closing: str
    #: signature block: the name first, then the role
    signature: tuple[str, ...]
    date: str
    #: what the reader must find, in the evaluation corpus's gold form (without body and language)
    gold: dict = field(default_factory=dict)
    #: the dateline stands under the signature (Korean letters) instead of above the address
    date_last: bool = False

    @property
    def lang(self) -> str:
        return self.key.split("-")[0]

    @property
    def rtl(self) -> bool:
        return self.lang in NOTO_RTL

    def blocks(self) -> list[tuple[list[str], str]]:
        """(lines, alignment) of each block, in order; the dateline right-aligned (left in RTL)."""
        date = ([self.dateline], "R" if not self.rtl else "L")
        out = [(list(self.letterhead), "")]
        if not self.date_last:
            out.append(date)
        out += [(list(self.address), ""), ([self.salutation], "")]
        out += [([p], "J") for p in self.body]
        out += [([self.closing], ""), (list(self.signature), "")]
        if self.date_last:
            out.append(([self.dateline], ""))
        return out

    def text(self) -> str:
        return "\n\n".join("\n".join(lines) for lines, _ in self.blocks()) + "\n"

    def gold_json(self) -> dict:
        first_words = " ".join(self.body[0].split()[:6])
        last_words = " ".join(self.body[-1].split()[-6:])
        return {
            "language": self.lang,
            "date": self.date,
            "salutation": self.salutation,
            "closing": self.closing,
            **self.gold,
            "body": {
                "paragraphs": len(self.body),
                "starts_with": first_words,
                "ends_with": last_words,
                "excludes": [self.closing, self.signature[0], self.letterhead[0]],
            },
        }


CASES = [
    ScanCase(
        "cs",
        ("Krajský úřad Jihomoravského kraje", "Odbor školství", "Žerotínovo náměstí 3", "601 82 Brno"),
        "V Brně dne 14. března 2024",
        ("Vážená paní", "Mgr. Hana Procházková", "ředitelka Základní školy Lesná", "Trnkova 15",
         "628 00 Brno"),
        "Vážená paní ředitelko,",
        (
            "děkujeme Vám za žádost o příspěvek na vybavení školní knihovny, kterou jsme obdrželi "
            "dne 28. února. Komise pro vzdělávání ji projednala na svém posledním zasedání a "
            "doporučila radě kraje příspěvek schválit v plné výši.",
            "Peníze budou škole převedeny nejpozději do konce dubna. Prosíme Vás, abyste nám do "
            "třiceti dnů po nákupu zaslala přehled pořízených knih a kopie účetních dokladů.",
            "Přejeme Vám i Vašim žákům hodně radosti ze čtení a těšíme se na další spolupráci.",
        ),
        "S pozdravem",
        ("Ing. Tomáš Veselý", "vedoucí odboru školství"),
        "2024-03-14",
        gold={"signatories": [{"name": "Tomáš Veselý", "role": "vedoucí odboru školství"}]},
    ),
    ScanCase(
        "pl",
        ("Urząd Miejski w Gdańsku", "Wydział Środowiska", "ul. Nowe Ogrody 8/12", "80-803 Gdańsk"),
        "Gdańsk, 7 października 2023 r.",
        ("Pan", "Krzysztof Wiśniewski", "Prezes Stowarzyszenia Przyjaciół Oliwy", "ul. Grunwaldzka 452",
         "80-309 Gdańsk"),
        "Szanowny Panie Prezesie,",
        (
            "w odpowiedzi na pismo z dnia 19 września uprzejmie informuję, że wniosek Stowarzyszenia "
            "o posadzenie nowych drzew wzdłuż alei w Oliwie został rozpatrzony pozytywnie. Prace "
            "rozpoczną się jeszcze tej jesieni.",
            "Zapraszamy członków Stowarzyszenia do udziału w sadzeniu, które zaplanowaliśmy na sobotę "
            "4 listopada. Szczegóły przekaże Panu pani Magdalena Zielińska z naszego Wydziału.",
        ),
        "Z poważaniem",
        ("Dorota Kamińska", "Dyrektor Wydziału Środowiska"),
        "2023-10-07",
        gold={"signatories": [{"name": "Dorota Kamińska", "role": "Dyrektor Wydziału Środowiska"}]},
    ),
    ScanCase(
        "el",
        ("ΔΗΜΟΣ ΘΕΣΣΑΛΟΝΙΚΗΣ", "Διεύθυνση Πολιτισμού", "Βασιλέως Γεωργίου Α΄ 1", "546 40 Θεσσαλονίκη"),
        "Θεσσαλονίκη, 21 Νοεμβρίου 2023",
        ("Προς", "κ. Νικόλαο Αντωνίου", "Πρόεδρο του Συλλόγου Φίλων της Μουσικής", "Εγνατίας 112",
         "546 30 Θεσσαλονίκη"),
        "Αγαπητέ κύριε Αντωνίου,",
        (
            "σας ευχαριστούμε για την επιστολή σας σχετικά με τις συναυλίες του χειμώνα στο "
            "Δημοτικό Ωδείο. Η πρότασή σας να οργανωθούν δωρεάν συναυλίες για τους μαθητές των "
            "σχολείων της πόλης έγινε δεκτή με μεγάλη χαρά.",
            "Θα χαρούμε να συναντηθούμε μαζί σας την επόμενη εβδομάδα, για να συζητήσουμε το "
            "πρόγραμμα και τις ημερομηνίες. Παρακαλούμε να επικοινωνήσετε με το γραφείο μας.",
        ),
        "Με εκτίμηση,",
        ("Ελένη Παπαδημητρίου", "Αντιδήμαρχος Πολιτισμού"),
        "2023-11-21",
        gold={"signatories": [{"name": "Ελένη Παπαδημητρίου", "role": "Αντιδήμαρχος Πολιτισμού"}]},
    ),
    ScanCase(
        "ru",
        ("Государственная публичная библиотека", "отдел редких книг", "ул. Садовая, 18",
         "191069 Санкт-Петербург"),
        "Санкт-Петербург, 3 февраля 2024 г.",
        ("Профессору кафедры истории", "Уральского университета", "Андрею Викторовичу Морозову"),
        "Уважаемый Андрей Викторович!",
        (
            "Благодарим Вас за письмо от 15 января и за интерес к собранию рукописей нашего отдела. "
            "Мы рады сообщить, что Ваша просьба о работе с документами восемнадцатого века одобрена "
            "дирекцией библиотеки.",
            "Читальный зал отдела открыт с понедельника по пятницу с десяти до восемнадцати часов. "
            "Просим Вас заранее сообщить даты приезда, чтобы мы успели подготовить нужные фонды.",
        ),
        "С уважением,",
        ("Ольга Сергеевна Лебедева", "заведующая отделом редких книг"),
        "2024-02-03",
        gold={"signatories": [{"name": "Ольга Сергеевна Лебедева",
                               "role": "заведующая отделом редких книг"}]},
    ),
    ScanCase(
        "ko",
        ("사단법인 푸른바다환경연합", "부산광역시 해운대구 해운대해변로 264"),
        "2024년 4월 8일",
        ("해양대학교 환경공학과",),
        "정수진 교수님께",
        (
            "안녕하십니까. 지난번 학술 대회에서 발표하신 해양 쓰레기 연구에 깊은 감명을 받았습니다. "
            "저희 연합에서는 올해 여름 해변 정화 활동을 준비하고 있으며 교수님의 조언을 구하고자 "
            "합니다.",
            "가능하시다면 다음 달 중에 저희 사무실에서 짧은 강연을 해 주시기를 부탁드립니다. "
            "편하신 날짜를 알려 주시면 일정을 맞추겠습니다.",
        ),
        "감사합니다.",
        ("최민호 드림", "사무국장"),
        "2024-04-08",
        gold={"signatories": [{"name": "최민호"}]},
        date_last=True,
    ),
    ScanCase(
        "ar",
        ("شركة النخيل للتجارة", "شارع الملك فيصل ١٢", "عمّان"),
        "عمّان في ١٢ مايو ٢٠٢٣",
        ("السيد خالد منصور المحترم", "مدير شركة الأفق للخدمات"),
        "تحية طيبة وبعد،",
        (
            "نشكركم على رسالتكم المؤرخة في الثالث من مايو بشأن توريد الأجهزة المكتبية. "
            "يسعدنا أن نبلغكم بموافقتنا على العرض المقدم منكم.",
            "نرجو التكرم بتحديد موعد مناسب لتوقيع العقد في مقر شركتنا خلال الأسبوع القادم.",
        ),
        "مع خالص التحية،",
        ("سارة الحسيني", "مديرة المشتريات"),
        "2023-05-12",
        gold={"signatories": [{"name": "سارة الحسيني"}]},
    ),
    ScanCase(
        "he",
        ("עמותת ירוק בעיר", "רחוב הרצל 25", "חיפה"),
        "חיפה, 12 במאי 2023",
        ("לכבוד", "מר דוד כהן", "מנהל מחלקת הגינון בעירייה"),
        "שלום רב,",
        (
            "אנו מודים לך על מכתבך מיום 3 במאי בעניין נטיעת עצים חדשים בשכונה. "
            "ההצעה נדונה בישיבת ההנהלה והתקבלה בשמחה.",
            "נשמח להיפגש איתך בשבוע הבא כדי לתאם את מועד הנטיעה ואת מספר המתנדבים.",
        ),
        "בברכה,",
        ("רחל לוי", "יושבת ראש העמותה"),
        "2023-05-12",
        gold={"signatories": [{"name": "רחל לוי"}]},
    ),
]
CASES_BY_KEY = {c.key: c for c in CASES}
#: the languages whose scans must be read with no ocr_languages given
SCANNED = ("cs", "pl", "el", "ru", "ko")


RTL_LANGUAGES = frozenset(NOTO_RTL)


def font_for(lang: str) -> tuple[Path, int]:
    """(font file, face index) that has the glyphs of a letter in ``lang``."""
    if lang in CJK_FACE:
        return NOTO_CJK, CJK_FACE[lang]
    return NOTO_RTL.get(lang, DEJAVU), 0


def fonts_available(lang: str) -> bool:
    """Can this machine lay a letter in ``lang`` out (its font, and HarfBuzz shaping for RTL)?"""
    path, _ = font_for(lang)
    if not path.is_file():
        return False
    if lang in RTL_LANGUAGES:
        try:
            import uharfbuzz  # noqa: F401
        except ImportError:
            return False
    return True


def text_blocks(text: str) -> list[tuple[list[str], str]]:
    """A plain-text letter's blocks (blank-line separated), each left-aligned (right in RTL)."""
    return [(b.strip("\n").split("\n"), "") for b in text.strip().split("\n\n")]


def letter_pdf(case: ScanCase) -> bytes:
    """The letter as a born-digital A4 PDF (fpdf2)."""
    return blocks_pdf(case.blocks(), case.lang)


def blocks_pdf(blocks: list[tuple[list[str], str]], lang: str) -> bytes:
    """Blocks of lines (alignment "", "L", "R" or "J") as a born-digital A4 PDF, in ``lang``'s font."""
    from fpdf import FPDF

    rtl = lang in RTL_LANGUAGES
    path, face = font_for(lang)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("letter", "", str(path), collection_font_number=face)
    pdf.set_font("letter", size=11)
    if rtl:
        # without ligatures: fpdf2 writes the text of a lam-alef ligature glyph reversed ('ال' for
        # 'لا'), so every reader of the file would see 'خالل' for 'خلال'; the letters stay joined
        no_ligatures = {"liga": False, "rlig": False}
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", features=no_ligatures)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN
    for lines, align in blocks:
        for line in lines:
            a = align or ("R" if rtl else "L")
            if rtl and align == "J":
                a = "R"
            pdf.multi_cell(width, LINE, line, align=a, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(LINE)
    return bytes(pdf.output())


def blocks_docx(blocks: list[tuple[list[str], str]], lang: str) -> bytes:
    """Blocks of lines as a DOCX: one paragraph per line, a space after each block's last; Arabic
    and Hebrew paragraphs right-to-left (``w:bidi``, runs ``w:rtl``), as a word processor sets them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rtl = lang in RTL_LANGUAGES
    document = docx.Document()
    aligns = {"R": WD_ALIGN_PARAGRAPH.RIGHT, "J": WD_ALIGN_PARAGRAPH.JUSTIFY, "L": WD_ALIGN_PARAGRAPH.LEFT}
    for lines, align in blocks:
        for k, line in enumerate(lines):
            para = document.add_paragraph()
            run = para.add_run(line)
            if align:
                para.alignment = aligns[align]
            para.paragraph_format.space_after = Pt(11 if k == len(lines) - 1 else 0)
            if rtl:
                bidi = OxmlElement("w:bidi")
                bidi.set(qn("w:val"), "1")
                para._p.get_or_add_pPr().append(bidi)
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def scan_images(pdf: bytes, dpi: int = SCAN_DPI, rotate: int = 0, seed: int = 0) -> list:
    """The PDF's pages as greyscale scans: seeded noise, a skew of at most 0.4 degrees, and
    ``rotate`` degrees counter-clockwise (a page put on the scanner the wrong way round)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    out = []
    for page in pdfium.PdfDocument(pdf):
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(rng.uniform(-0.4, 0.4), fillcolor=255, resample=3)
        arr = np.asarray(img, dtype=np.int16)
        noise = np.random.default_rng(seed).normal(0, 12, arr.shape)
        img = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
        if rotate:
            img = img.rotate(rotate, expand=True, fillcolor=255)
        img.info["dpi"] = (dpi, dpi)
        out.append(img)
    return out


def scan_pdf(pdf: bytes, dpi: int = SCAN_DPI, rotate: int = 0, seed: int = 0) -> bytes:
    """An image-only PDF of the scanned pages (what a scanner writes), at ``dpi``."""
    images = scan_images(pdf, dpi, rotate, seed)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def scan_png(pdf: bytes, dpi: int = SCAN_DPI, rotate: int = 0, seed: int = 0) -> bytes:
    """The first page's scan as a PNG with its resolution."""
    buf = io.BytesIO()
    scan_images(pdf, dpi, rotate, seed)[0].save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--rotate", type=int, default=0)
    args = ap.parse_args()
    (args.out / "letters").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(parents=True, exist_ok=True)
    for case in CASES:
        if (args.only and case.key not in args.only) or not fonts_available(case.lang):
            continue
        pdf = letter_pdf(case)
        name = case.key if not args.rotate else f"{case.key}-rot{args.rotate}"
        (args.out / "letters" / f"{name}.txt").write_text(case.text(), encoding="utf-8")
        (args.out / "letters" / f"{name}.pdf").write_bytes(pdf)
        (args.out / "letters" / f"{name}.docx").write_bytes(blocks_docx(case.blocks(), case.lang))
        (args.out / "letters" / f"{name}.scan.pdf").write_bytes(scan_pdf(pdf, rotate=args.rotate))
        gold = json.dumps(case.gold_json(), ensure_ascii=False, indent=2)
        (args.out / "gold" / f"{name}.json").write_text(gold + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
