"""Dates as letters have them: partial, approximate, ranges, feasts and ambiguous numeric dates.

Every letter here is invented for the test. Each case is read as plain text and as DOCX (a layout
format with its own reader), so the dateline parser is checked behind both routes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from letterkit import read_letter
from letterkit.heuristics.dates import easter, numeric_order, read_date_text
from letterkit.model import Letter


@dataclass(frozen=True)
class DateCase:
    lang: str
    dateline: str
    greeting: str
    body: str
    close: str
    edtf: str
    date: str | None
    place: str | None
    certainty: str


CASES = [
    DateCase("en", "London, May 1904", "Dear Margaret,", "Thank you for the parcel of books, which came "
             "on Tuesday in good order.", "Yours ever,", "1904-05", None, "London", "high"),
    DateCase("de", "Wien, 1914", "Lieber Bruder,", "ich danke Dir für Deinen langen Brief und die "
             "Photographien aus dem Gebirge.", "Herzlich Dein", "1914", None, "Wien", "high"),
    DateCase("fr", "Lyon, vers 1900", "Cher ami,", "je vous remercie de votre aimable lettre et des "
             "nouvelles de la famille.", "Bien à vous,", "1900~", None, "Lyon", "high"),
    DateCase("es", "Sevilla, entre el 3 y el 5 de mayo de 1848", "Querido primo:", "te agradezco mucho "
             "la carta que me enviaste con el correo de ayer.", "Un abrazo,", "1848-05-03/1848-05-05",
             None, "Sevilla", "high"),
    DateCase("it", "Roma, Natale 1899", "Caro fratello,", "ti ringrazio della tua lettera e delle belle "
             "notizie che mi hai dato.", "Un abbraccio,", "1899-12-25", "1899-12-25", "Roma", "medium"),
    DateCase("de", "Leipzig, Ostern 1848", "Lieber Freund,", "Dein Brief hat mich sehr gefreut, und ich "
             "antworte Dir gleich heute.", "Dein treuer", "1848-04-23", "1848-04-23", "Leipzig", "medium"),
    DateCase("nl", "Utrecht, omstreeks 1910", "Beste Jan,", "hartelijk dank voor je brief en voor het "
             "boek dat je mij hebt gestuurd.", "Met vriendelijke groet,", "1910~", None, "Utrecht", "high"),
    DateCase("pl", "Kraków, maj 1920", "Drogi Janie,", "dziękuję Ci bardzo za list i za książki, które "
             "przyszły wczoraj pocztą.", "Serdecznie pozdrawiam,", "1920-05", None, "Kraków", "high"),
    DateCase("pt", "Lisboa, cerca de 1890", "Meu caro amigo,", "agradeço muito a sua carta e as notícias "
             "que me deu da família.", "Um abraço,", "1890~", None, "Lisboa", "high"),
    DateCase("en", "Washington, 3/4/1914", "Dear Sir,", "I thank you for your letter of last week about "
             "the shipment of the instruments.", "Yours truly,", "1914-03-04", "1914-03-04",
             "Washington", "medium"),
    DateCase("de", "Berlin, den 3.4.1914", "Sehr geehrter Herr Doktor,", "ich danke Ihnen für Ihren "
             "freundlichen Brief vom vergangenen Montag.", "Mit vorzüglicher Hochachtung", "1914-04-03",
             "1914-04-03", "Berlin", "medium"),
    DateCase("en", "3/4/1914", "Dear Sir,", "I thank you for your letter of last week about the "
             "shipment of the instruments.", "Yours truly,", "1914-04-03?", "1914-04-03", None, "low"),
]


def _text(case: DateCase) -> str:
    return f"{case.dateline}\n\n{case.greeting}\n\n{case.body}\n\n{case.close}\n\nAnna Weber\n"


def _check(letter: Letter, case: DateCase) -> None:
    assert letter.date_edtf == case.edtf
    assert letter.date == case.date
    assert letter.place == case.place
    assert letter.date_certainty == case.certainty
    assert letter.date_text is not None and letter.date_text in case.dateline
    ambiguous = [w for w in letter.warnings if "day/month or month/day" in w]
    assert bool(ambiguous) == case.edtf.endswith("?")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.lang}-{c.edtf}")
def test_partial_date_in_txt(case: DateCase) -> None:
    _check(read_letter(_text(case).encode()), case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.lang}-{c.edtf}")
def test_partial_date_in_docx(case: DateCase) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for block in _text(case).strip().split("\n\n"):
        document.add_paragraph(block)
    buf = io.BytesIO()
    document.save(buf)
    _check(read_letter(buf.getvalue(), filename="letter.docx"), case)


def test_date_edtf_validates_with_an_edtf_library() -> None:
    edtf = pytest.importorskip("edtf")
    for case in CASES:
        assert edtf.parse_edtf(case.edtf) is not None, case.edtf


def test_complete_date_is_its_own_edtf() -> None:
    letter = read_letter(b"Paris, 3 July 2006\n\nDear Ms Berg,\n\nThank you.\n\nYours sincerely,\n\nMarc")
    assert (letter.date, letter.date_edtf, letter.date_certainty) == ("2006-07-03", "2006-07-03", "high")


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("between 3 and 5 May", "XXXX-05-03/XXXX-05-05"),
        ("3-5 May 1848", "1848-05-03/1848-05-05"),
        ("zwischen dem 3. und 5. Mai 1848", "1848-05-03/1848-05-05"),
        ("около 1900", "1900~"),
        ("c. 1900", "1900~"),
        ("Pâques 1901", "1901-04-07"),
        ("Weihnachten 1910", "1910-12-25"),
        ("mayo de 1904", "1904-05"),
    ],
)
def test_read_date_text(text: str, edtf: str) -> None:
    reading = read_date_text(text)
    assert reading is not None and reading.edtf == edtf


def test_no_date_in_ordinary_words() -> None:
    assert read_date_text("I may come in the spring") is None
    assert read_date_text("We met in 1914 at the station") is None  # a year alone needs a dateline


def test_easter() -> None:
    assert [easter(y).isoformat() for y in (1848, 1901, 2024)] == ["1848-04-23", "1901-04-07", "2024-03-31"]


def test_numeric_order_from_place_and_language() -> None:
    assert numeric_order("Washington", "en") == "mdy"
    assert numeric_order(None, "en", "Albany, N.Y., 3/4/1914") == "mdy"
    assert numeric_order("London", "en") == "dmy"
    assert numeric_order(None, "de") == "dmy"
    assert numeric_order(None, "en") is None


def test_pandas_midnight_datetime_is_accepted_and_other_times_are_not() -> None:
    letter = read_letter(b"Paris, 3 July 2006\n\nDear Ms Berg,\n\nThank you.\n\nYours sincerely,\n\nMarc")
    data = letter.model_dump(mode="json")
    data["date"] = "2006-07-03T00:00:00.000"
    assert Letter.model_validate(data).date == "2006-07-03"
    data["date"] = "2006-07-03T10:30:00"
    with pytest.raises(ValueError):
        Letter.model_validate(data)
