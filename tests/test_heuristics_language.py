"""Language identification of the letter's own words."""

from __future__ import annotations

import pytest

from letterkit.heuristics.language import LANGUAGES, detect


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thank you for your letter of 3 May about the renewal of the lease.", "en"),
        ("Nous vous remercions de votre lettre du 3 mai et de votre invitation.", "fr"),
        ("Vielen Dank für Ihr Schreiben vom 3. Mai und Ihre freundliche Einladung.", "de"),
        ("Le agradecemos su carta del 3 de mayo y su amable invitación.", "es"),
        ("La ringraziamo per la sua lettera del 3 maggio e per il gentile invito.", "it"),
        ("Hartelijk dank voor uw brief van 3 mei en uw vriendelijke uitnodiging.", "nl"),
        ("Agradecemos a sua carta de 3 de maio e o seu amável convite para a reunião.", "pt"),
        ("Dziękujemy za list z dnia 3 maja i za uprzejme zaproszenie na spotkanie.", "pl"),
    ],
)
def test_detect_languages(text: str, code: str) -> None:
    got, prob = detect(text)
    assert got == code
    assert 0.5 < prob <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "Hi Tom", "12 345 678 / 2020"])
def test_too_short_to_judge(text: str) -> None:
    assert detect(text) == (None, 0.0)


def test_language_set_is_restricted_to_iso_639_1_codes() -> None:
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)
    assert {"en", "fr", "de", "es", "it", "nl", "pt", "pl"} <= set(LANGUAGES)
