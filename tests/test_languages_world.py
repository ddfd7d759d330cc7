"""Letters beyond the 24 EU languages: Cyrillic, Turkish, Arabic, Hebrew, CJK and Europe's other
Latin-script languages (the letters are in ``world_letters.py``).

For each letter the reader must find the date, the exact greeting and close, the first signatory's
name and the language. The date grammar is checked on its own for the forms these languages write
(``12 мая 2023 г.``, ``令和5年5月12日``, ``١٢ مايو ٢٠٢٣``, ``12 במאי 2023``), with the place before
them; the identifier on each letter's body alone, and on short Latin-script texts, where the European
prior must still decide.
"""

from __future__ import annotations

import datetime as dt

import pytest

import letterkit
from letterkit import lang
from letterkit.heuristics import features as ft
from letterkit.heuristics.dates import find_dates, read_dateline
from letterkit.heuristics.language import detect
from world_letters import CASES, CASES_BY_KEY

LISTED = {
    "ru", "uk", "kk", "be", "sr", "mk", "tr", "ar", "he", "zh", "ja", "ko",
    "ca", "eu", "gl", "no", "is", "sq", "bs", "lb",
}  # fmt: skip
#: languages that write months as numbers with unit words (年月日), so have no month names
NUMERIC_MONTHS = {"zh", "ja", "ko"}
KEYS = [c.key for c in CASES]


def test_cases_cover_every_listed_language() -> None:
    assert {c.lang for c in CASES} == LISTED
    assert {"sr-Cyrl", "sr-Latn", "no-nb", "no-nn"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_letter_in_language(key: str) -> None:
    case = CASES_BY_KEY[key]
    letter = letterkit.read_letter(case.text().encode("utf-8"))
    got = {
        "date": letter.date,
        "salutation": letter.salutation,
        "closing": letter.closing,
        "signatory": letter.signatories[0].name if letter.signatories else None,
        "language": letter.language,
    }
    want = {
        "date": case.date,
        "salutation": case.salutation,
        "closing": case.closing_read,
        "signatory": case.signatory,
        "language": case.language,
    }
    assert got == want


@pytest.mark.parametrize("key", KEYS)
def test_identifier_on_the_body_alone(key: str) -> None:
    case = CASES_BY_KEY[key]
    code, prob = detect(" ".join(case.body))
    assert code == case.language
    assert 0.0 < prob <= 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Merci pour votre lettre et votre invitation.", "fr"),
        ("Vielen Dank für Ihren Brief vom Mai.", "de"),
        ("Grazie per la sua lettera di maggio.", "it"),
        ("Thank you for your kind letter of May.", "en"),
    ],
)
def test_short_latin_texts_keep_the_european_prior(text: str, code: str) -> None:
    assert detect(text)[0] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("저희 연구소에서는 교수님의 제안을 신중하게 검토하였습니다.", "ko"),
        ("Благодарим Вас за письмо и за интерес к нашему предложению.", "ru"),
        ("感谢贵公司的来函以及对我公司产品的关注。", "zh"),
        ("先日はお忙しいところ弊社工場をご見学いただき、誠にありがとうございました。", "ja"),
    ],
)
def test_other_scripts_are_not_forced_into_a_european_language(text: str, code: str) -> None:
    assert detect(text)[0] == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 мая 2023 г.", dt.date(2023, 5, 12)),
        ("12 травня 2023 року", dt.date(2023, 5, 12)),
        ("2023 жылғы 12 мамыр", dt.date(2023, 5, 12)),
        ("12. маја 2023. године", dt.date(2023, 5, 12)),
        ("3 d'abril de 2023", dt.date(2023, 4, 3)),
        ("2023ko maiatzaren 12an", dt.date(2023, 5, 12)),
        ("12 Mayıs 2023", dt.date(2023, 5, 12)),
        ("12 MAYIS 2023", dt.date(2023, 5, 12)),
        ("12 Μαΐου 2023", dt.date(2023, 5, 12)),
        ("12 במאי 2023", dt.date(2023, 5, 12)),
        ("١٢ مايو ٢٠٢٣", dt.date(2023, 5, 12)),
        ("۱۲ مايو ۲۰۲۳", dt.date(2023, 5, 12)),
        ("12 أيار 2023م", dt.date(2023, 5, 12)),
        ("2023年5月12日", dt.date(2023, 5, 12)),
        ("２０２３年５月１２日", dt.date(2023, 5, 12)),
        ("2023년 5월 12일", dt.date(2023, 5, 12)),
        ("2023. 5. 12.", dt.date(2023, 5, 12)),
        ("令和5年5月12日", dt.date(2023, 5, 12)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("大正15年12月25日", dt.date(1926, 12, 25)),
        ("明治45年7月30日", dt.date(1912, 7, 30)),
        ("民國112年5月12日", dt.date(2023, 5, 12)),
        ("12.05.2023", dt.date(2023, 5, 12)),
    ],
)
def test_date_forms_of_other_scripts(text: str, expected: dt.date) -> None:
    found = find_dates(text)
    assert [m.date for m in found] == [expected]
    assert found[0].text == text.strip()
    assert found[0].named is not text.startswith(("12.05", "2023. 5"))


@pytest.mark.parametrize(
    ("line", "place", "date_text"),
    [
        ("Москва, 12 мая 2023 г.", "Москва", "12 мая 2023 г."),
        ("г. Москва, 12 мая 2023 г.", "Москва", "12 мая 2023 г."),
        ("Київ, 12 травня 2023 р.", "Київ", "12 травня 2023 р."),
        ("東京、2023年5月12日", "東京", "2023年5月12日"),
        ("北京，2023年5月12日", "北京", "2023年5月12日"),
        ("서울, 2023년 5월 12일", "서울", "2023년 5월 12일"),
        ("القاهرة في ١٢ مايو ٢٠٢٣م", "القاهرة", "١٢ مايو ٢٠٢٣م"),
        ("תל אביב, 12 במאי 2023", "תל אביב", "12 במאי 2023"),
        ("İstanbul, 12 Mayıs 2023", "İstanbul", "12 Mayıs 2023"),
        ("Tiranë, më 12 maj 2023", "Tiranë", "12 maj 2023"),
    ],
)
def test_place_before_the_date(line: str, place: str, date_text: str) -> None:
    dl = read_dateline(line)
    assert dl is not None
    assert (dl.place, dl.match.text, dl.coverage) == (place, date_text, 1.0)


def test_era_years_are_data() -> None:
    eras = lang.load("dates")["eras"]
    assert {"明治", "大正", "昭和", "平成", "令和"} <= set(eras)
    assert eras["令和"] == 2019


@pytest.mark.parametrize("code", sorted(LISTED))
def test_language_data_covers_language(code: str) -> None:
    if code not in NUMERIC_MONTHS:
        assert set(lang.load("months").get(code, {}).values()) == set(range(1, 13))
    assert lang.load("salutations")["openers"].get(code) or lang.load("salutations")["patterns"].get(code)
    assert lang.load("closings")["phrases"].get(code)
    assert lang.load("dates")["weekdays"].get(code) or code in NUMERIC_MONTHS
    assert lang.load("markers")["subject"].get(code)
    assert lang.load("markers")["cc"].get(code)
    assert lang.load("markers")["enclosures"].get(code)


@pytest.mark.parametrize(
    ("text", "name", "honorific"),
    [
        ("山田太郎様", "山田太郎", "様"),
        ("김민수님께", "김민수", "님께"),
        ("Mehmet Bey", "Mehmet", "Bey"),
        ("이서연 드림", "이서연", "드림"),
        ("Kovács Péter úr", "Kovács Péter", "úr"),
        ("Maria Huber", "Maria Huber", None),
    ],
)
def test_honorifics_after_the_name(text: str, name: str, honorific: str | None) -> None:
    assert ft.strip_postfix_honorific(text) == (name, honorific)


@pytest.mark.parametrize(
    ("text", "is_name"),
    [
        ("李明", True),
        ("خالد عبد الرحمن", True),
        ("יעל לוי", True),
        ("感谢贵公司五月三日的来函以及对我公司产品的关注。", False),
        ("我们已经认真研究了贵公司提出的合作方案", False),
    ],
)
def test_names_in_caseless_scripts(text: str, is_name: bool) -> None:
    assert ft.looks_like_name(text) is is_name
