"""The language model's mapped copy: the same scores as py3langid's compressed model, made once and
then mapped without the LZMA step, and no copy at all where the cache cannot be written."""

from __future__ import annotations

import lzma
import random
from pathlib import Path

import pytest

from letterkit.lang import langid_model
from letterkit.lang.identify import _iso_639_1

#: made-up sentences in several scripts and languages, plus random mixtures of their words
SENTENCES = [
    "Thank you for your letter of 2 March about the delivery of the printed catalogues.",
    "Nous vous remercions de votre lettre du 2 mars concernant la livraison des catalogues.",
    "Vielen Dank für Ihr Schreiben vom 2. März über die Lieferung der gedruckten Kataloge.",
    "Le agradecemos su carta del 2 de marzo sobre la entrega de los catálogos impresos.",
    "Благодарим вас за письмо от 2 марта о доставке печатных каталогов.",
    "Σας ευχαριστούμε για την επιστολή σας της 2ας Μαρτίου σχετικά με τους καταλόγους.",
    "3月2日付けのお手紙、カタログの配送についてありがとうございました。",
    "인쇄된 카탈로그 배송에 관한 3월 2일자 편지에 감사드립니다.",
    "شكرا لكم على رسالتكم المؤرخة في 2 مارس بشأن تسليم الكتالوجات المطبوعة.",
    "Hvala vam na pismu od 2. marta o isporuci štampanih kataloga.",
]


def _texts() -> list[str]:
    rng = random.Random(14)
    words = " ".join(SENTENCES).split()
    return SENTENCES + [" ".join(rng.choices(words, k=rng.randint(3, 40))) for _ in range(60)]


def _reference() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages([code for code in ident.labels if _iso_639_1(code)])
    return ident


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_mapped_copy_scores_exactly_as_py3langid(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _reference()
    made = langid_model.load_identifier(_iso_639_1, "test")
    [copy] = list(cache.glob("langid-test-*.bin"))

    def no_lzma(*args: object, **kwargs: object) -> object:
        raise AssertionError("the mapped copy must be read without decompressing the model")

    monkeypatch.setattr(lzma, "open", no_lzma)
    mapped = langid_model.load_identifier(_iso_639_1, "test")
    assert list(cache.glob("langid-test-*.bin")) == [copy]
    for ident in (made, mapped):
        assert ident.labels == reference.labels  # type: ignore[attr-defined]
        for text in _texts():
            assert ident.rank(text) == reference.rank(text), text  # type: ignore[attr-defined]


def test_an_unwritable_cache_falls_back_to_decompressing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(blocker / "cache"))
    ident = langid_model.load_identifier(_iso_639_1, "test")
    assert ident.rank(SENTENCES[1])[0][0] == "fr"


def test_the_copy_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", "none")
    assert langid_model.cache_dir() is None
    ident = langid_model.load_identifier(_iso_639_1, "test")
    assert ident.rank(SENTENCES[2])[0][0] == "de"


def test_a_damaged_copy_is_made_again(cache: Path) -> None:
    langid_model.load_identifier(_iso_639_1, "test")
    [copy] = list(cache.glob("langid-test-*.bin"))
    copy.write_bytes(b"garbage")
    ident = langid_model.load_identifier(_iso_639_1, "test")
    assert ident.rank(SENTENCES[0])[0][0] == "en"
    assert copy.read_bytes()[: len(langid_model.MAGIC)] == langid_model.MAGIC
