"""Dates: the date grammar (find_dates) and the dateline reader (read_dateline)."""

from __future__ import annotations

import datetime as dt

import pytest

from letterkit.heuristics.dates import find_dates, read_dateline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29 June, 2016", dt.date(2016, 6, 29)),
        ("23 MARS 2015", dt.date(2015, 3, 23)),
        ("3 de julio de 2006", dt.date(2006, 7, 3)),
        ("29. Juni 2016", dt.date(2016, 6, 29)),
        ("3 lipca 2006 r.", dt.date(2006, 7, 3)),
        ("March 3rd, 2021", dt.date(2021, 3, 3)),
        ("Jan. 14th, 1853", dt.date(1853, 1, 14)),
        ("Tuesday, 4th March 1997", dt.date(1997, 3, 4)),
        ("4th of March, 1997", dt.date(1997, 3, 4)),
        ("June 29 2016", dt.date(2016, 6, 29)),
        ("5 maggio 2019", dt.date(2019, 5, 5)),
        ("12 maart 2018", dt.date(2018, 3, 12)),
        ("12 de março de 2020", dt.date(2020, 3, 12)),
        ("23 Février 2015", dt.date(2015, 2, 23)),
        ("23 Fevrier 2015", dt.date(2015, 2, 23)),  # accents dropped by a typewriter or OCR
        ("23.12.2005", dt.date(2005, 12, 23)),
        ("29/06/2016", dt.date(2016, 6, 29)),
        ("04/05/2020", dt.date(2020, 5, 4)),  # ambiguous: read day first (European order)
        ("12/25/2020", dt.date(2020, 12, 25)),  # US order, proven by a day above 12
        ("2021-03-04", dt.date(2021, 3, 4)),
        ("3.VII.2006", dt.date(2006, 7, 3)),
        ("3-7-2006", dt.date(2006, 7, 3)),
        ("le 1er mai 2010", dt.date(2010, 5, 1)),
    ],
)
def test_find_dates_forms(text: str, expected: dt.date) -> None:
    found = find_dates(text)
    assert [m.date for m in found] == [expected]


def test_named_flag_tells_words_from_numbers() -> None:
    assert find_dates("29 June 2016")[0].named is True
    assert find_dates("29.06.2016")[0].named is False
    assert find_dates("3.VII.2006")[0].named is False


def test_match_span_and_text() -> None:
    text = "Paris, le 3 juillet 2006"
    (m,) = find_dates(text)
    assert text[m.start : m.end] == "3 juillet 2006"
    assert m.text == "3 juillet 2006"
    # an ordinal and a year suffix belong to the date as written
    assert find_dates("le 1er mai 2010")[0].text == "1er mai 2010"
    assert find_dates("3 lipca 2006 r.")[0].text == "3 lipca 2006 r."


def test_reported_text_keeps_the_weekday_as_written() -> None:
    # date_text is the date as written, so a weekday that is part of it stays
    assert find_dates("Tuesday, 4th March 1997")[0].text == "Tuesday, 4th March 1997"


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2020",  # no 31 February
        "30 February 2019",
        "29.02.2019",  # not a leap year
        "3 May 0999",  # year out of range
        "1 June 2150",
        "13/13/2020",
        "Room 12, floor 3",
        "We met in May and again in June.",  # month words without a day and year
        "",
    ],
)
def test_invalid_or_absent_dates_are_rejected(text: str) -> None:
    assert find_dates(text) == []


def test_leap_day_is_accepted() -> None:
    assert find_dates("29.02.2020")[0].date == dt.date(2020, 2, 29)


def test_several_dates_left_to_right() -> None:
    found = find_dates("between 1 May 2010 and 3 June 2011")
    assert [m.date for m in found] == [dt.date(2010, 5, 1), dt.date(2011, 6, 3)]
    assert found[0].start < found[1].start


def test_numbers_glued_to_other_tokens_are_not_dates() -> None:
    # part of a file reference, not a date
    assert find_dates("AB/12/03/2020") == []


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Paris, le 3 juillet 2006", "Paris", dt.date(2006, 7, 3)),
        ("Den Haag, 12 maart 2018", "Den Haag", dt.date(2018, 3, 12)),
        ("Berlin, den 29. Juni 2016", "Berlin", dt.date(2016, 6, 29)),
        ("Madrid, 3 de julio de 2006", "Madrid", dt.date(2006, 7, 3)),
        ("Roma, 5 maggio 2019", "Roma", dt.date(2019, 5, 5)),
        ("Lisboa, 12 de março de 2020", "Lisboa", dt.date(2020, 3, 12)),
        ("Warszawa, dnia 3 lipca 2006 r.", "Warszawa", dt.date(2006, 7, 3)),
        ("Brussels, 29 June, 2016", "Brussels", dt.date(2016, 6, 29)),
        ("Bruxelles, le 23 Février 2015", "Bruxelles", dt.date(2015, 2, 23)),
    ],
)
def test_dateline_place_and_date(line: str, place: str, date: dt.date) -> None:
    dl = read_dateline(line)
    assert dl is not None
    assert dl.place == place
    assert dl.match.date == date
    assert dl.coverage == pytest.approx(1.0)
    assert dl.is_stamp is False


def test_dateline_without_place() -> None:
    dl = read_dateline("4 March 2021")
    assert dl is not None and dl.place is None and dl.coverage == pytest.approx(1.0)


def test_date_label_is_explained_but_not_a_place() -> None:
    dl = read_dateline("Date: 4 March 2021")
    assert dl is not None
    assert dl.place is None
    assert dl.coverage == pytest.approx(1.0)


@pytest.mark.parametrize(
    "line",
    [
        "Last updated: 7 June 2018",
        "Printed on 3 May 2010",
        "Dernière mise à jour : 7 juin 2018",
        "© 12 March 2020",
    ],
)
def test_stamps_are_flagged(line: str) -> None:
    dl = read_dateline(line)
    assert dl is not None
    assert dl.is_stamp is True
    assert dl.place is None


def test_date_inside_a_sentence_has_low_coverage() -> None:
    dl = read_dateline("We received your letter on 3 May 2010 and have passed it on to the committee.")
    assert dl is not None
    assert dl.coverage < 0.6


def test_sentence_subject_is_not_a_place() -> None:
    dl = read_dateline("I met him on 3 May 2010 at the station in the morning.")
    assert dl is not None
    assert dl.place is None


def test_line_without_date_is_no_dateline() -> None:
    assert read_dateline("Dear Mr Jones,") is None
    assert read_dateline("Rue Wiertz 60") is None


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("عمّان في ١٢ مايو ٢٠٢٣", "عمّان"),  # a shadda on the mim
        ("Bru\u0308ssel, 12. Mai 2023", "Bru\u0308ssel"),  # an umlaut typed as a mark of its own (NFD)
        ("יְרוּשָׁלַיִם, 12 במאי 2023", "יְרוּשָׁלַיִם"),  # Hebrew with its vowel points
    ],
)
def test_a_place_written_with_combining_marks_is_the_datelines_place(line: str, place: str) -> None:
    dl = read_dateline(line)
    assert dl is not None and dl.place == place and dl.coverage == 1.0


@pytest.mark.parametrize(
    ("line", "date", "place"),
    [
        ("नई दिल्ली, 12 मई 2023", "2023-05-12", "नई दिल्ली"),
        ("मुंबई, 3 जनवरी 2020", "2020-01-03", "मुंबई"),  # a month that ends in a vowel sign
        ("मुंबई, सोमवार, 3 फ़रवरी 2020", "2020-02-03", "मुंबई"),  # a weekday, a nukta
        ("लखनऊ, १५ अगस्त १९४७", "1947-08-15", "लखनऊ"),  # Devanagari digits
        ("दिनांक: 5 सितंबर 2021", "2021-09-05", None),  # the date label
    ],
)
def test_hindi_datelines(line: str, date: str, place: str | None) -> None:
    # a month name ending in a combining vowel sign ('जनवरी') has no regex word boundary after it:
    # the month's end is tested as "no word character follows"
    dl = read_dateline(line)
    assert dl is not None and dl.match.date.isoformat() == date
    assert dl.place == place and dl.coverage == 1.0
