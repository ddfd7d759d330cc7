"""EuroparlReader on saved europarl.europa.eu pages: every document type, several languages, three layouts.

The fixtures are in tests/data/europarl (sources in SOURCES.md): three real pages saved by the
HowTheyVote scraper (a report, a joint motion, a motion) and pages constructed on the real shells
for the types and languages no public repository holds (questions, answers, texts adopted, minutes,
a verbatim report). For each: date, reference, language, kind, where the body starts and ends, and
that none of the site's furniture reaches the body while all of it stays in ``Letter.text``.
"""
# ruff: noqa: E501  (expected texts read better unwrapped)

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import assert_linear
from letterkit import read_letter
from letterkit.lang import load
from letterkit.readers.base import ReadOptions, StreamInfo
from letterkit.readers.europarl import EuroparlReader, page_data

DATA = Path(__file__).resolve().parent / "data" / "europarl"
SRC = Path(__file__).resolve().parents[1] / "src" / "letterkit"

#: the site's furniture, per page language: none of it may reach the body
FURNITURE = {
    "en": ["Last updated", "Legal notice", "Privacy policy", "Document stages", "Download", "Access to page content", "Go back to the Europarl portal", "EN - English", "(PDF -", "159k"],
    "fr": ["Dernière mise à jour", "Avis juridique", "Politique de confidentialité", "Télécharger", "Accès au contenu", "FR - français", "Revenir au portail", "(PDF -", "46k"],
    "de": ["Letzte Aktualisierung", "Rechtlicher Hinweis", "Datenschutzbestimmungen", "Herunterladen", "Zugang zum Seiteninhalt", "DE - Deutsch", "(PDF -", "41k"],
    "es": ["Última actualización", "Aviso jurídico", "Política de privacidad", "Descargar", "Acceso al contenido", "ES - español", "(PDF -", "39k"],
    "it": ["Ultimo aggiornamento", "Note legali", "it - italiano", "Selezionato", "Choisissez la langue", "8k"],
    "pl": ["Ostatnia aktualizacja", "Informacja prawna", "Polityka prywatności", "pl - polski", "Przebieg prac", "Wybrany dokument", "121k"],
    "nl": ["Laatst bijgewerkt", "Juridische mededeling", "Privacybeleid", "nl - Nederlands", "96k"],
    "pt": ["Última atualização", "Aviso legal", "Política de privacidade", "pt - português", "210k"],
}
#: a language picker's entry ("fr - français", "DE - Deutsch")
PICKER = re.compile(r"^[A-Za-z]{2} - \w")

#: (file, language, date, reference, kind, prefix, layout, body start, body end)
PAGES = [
    # real pages (HowTheyVote test data)
    ("A-9-2024-0163_EN.html", "en", "2024-04-04", "A9-0163/2024", "report", "A", "doceo", "on amendments to Parliament’s Rules of Procedure", "to the Council and the Commission, for information."),
    ("RC-10-2025-0249_EN.html", "en", "2025-05-07", "RC-B10-0249/2025", "joint motion for a resolution", "RC", "doceo", "European Parliament resolution on the return of Ukrainian children", "to the United States, Russia and Belarus."),
    ("B-9-2020-0220_EN.html", "en", "2020-07-06", "B9-0220/2020", "motion for a resolution", "B", "doceo-sides", "European Parliament resolution on the EU’s public health strategy post-COVID-19", "forward this resolution to the Council and the Commission."),
    # constructed on the real shells (document parts invented)
    ("E-9-2023-002345_FR.html", "fr", "2023-03-14", "E-002345/2023", "written question", "E", "doceo", "Les communes rurales de moins de 2 000 habitants", "pour les projets de moins de 500 000 euros ?"),
    ("E-9-2023-001187-ASW_DE.html", "de", "2023-05-03", "E-001187/2023", "answer to a written question", "E", "doceo", "Die Kommission verfolgt die Lage der Binnenschifffahrt", "in ihrem nächsten Bericht über die Binnenschifffahrt gesondert auswerten."),
    ("O-9-2021-000021_ES.html", "es", "2021-03-09", "O-000021/2021", "oral question", "O", "doceo", "En numerosas comarcas de la Unión", "en las regiones despobladas?"),
    ("getDoc_WQ_P-2017-004321_IT.html", "it", "2017-06-12", "P-004321/2017", "priority question with its answer", "P", "sides", "Nel comune montano di Valle Aurina", "fornite dall’onorevole deputata."),
    ("TA-9-2021-0456_PL.html", "pl", "2021-11-25", "P9_TA(2021)0456", "text adopted", "TA", "doceo-sides", "Rezolucja Parlamentu Europejskiego z dnia 25 listopada 2021 r.", "przekazania niniejszej rezolucji Radzie i Komisji."),
    ("PV-9-2021-11-24_PT.html", "pt", "2021-11-24", "P9_PV(2021)11-24", "minutes", "PV", "doceo-sides", "1. Abertura da sessão", "A sessão é encerrada às 23h05."),
    ("CRE-9-2021-11-24-ITM-012_NL.html", "nl", "2021-11-24", None, "verbatim report", "CRE", "doceo-sides", "De Voorzitter. – Aan de orde is het debat", "De Voorzitter. – Het debat is gesloten."),
]
IDS = [p[0] for p in PAGES]


@pytest.fixture(scope="module")
def letters():
    return {name: read_letter(DATA / name) for name, *_ in PAGES}


def _doc(name: str):
    return EuroparlReader().read((DATA / name).read_bytes(), StreamInfo(filename=name, extension="html"), ReadOptions())


def test_fixtures_cover_five_types_and_five_languages():
    assert len({p[5] for p in PAGES}) >= 5 and len({p[1] for p in PAGES}) >= 5
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for name in IDS:
        assert name in sources  # every fixture's source is recorded next to it


@pytest.mark.parametrize(("name", "lang", "date", "ref", "kind", "prefix", "layout", "first", "last"), PAGES, ids=IDS)
def test_page_facts(letters, name, lang, date, ref, kind, prefix, layout, first, last):
    letter = letters[name]
    assert letter.source.reader == "europarl"
    assert letter.language == lang  # the page's own lang, not a guess
    assert letter.date == date
    assert letter.reference == ref
    ep = letter.extra["europarl"]
    assert (ep["kind"], ep["type"], ep["layout"]) == (kind, prefix, layout)
    assert letter.date != ep["last_updated_text"]  # the stamp is the page's date, never the document's


@pytest.mark.parametrize(("name", "lang", "first", "last"), [(p[0], p[1], p[7], p[8]) for p in PAGES], ids=IDS)
def test_body_boundaries(letters, name, lang, first, last):
    letter = letters[name]
    assert letter.body, "no body"
    assert letter.body[0].startswith(first)
    assert letter.body[-1].endswith(last)
    assert letter.postscript is None  # no document of the site has one; its text is never one


def test_polish_resolution_is_body_not_postscript(letters):
    """The zone model reads this resolution's paragraphs, which end the page with nothing under them,
    as a postscript; a postscript cannot come before the text, so the pipeline keeps them body."""
    letter = letters["TA-9-2021-0456_PL.html"]
    assert letter.postscript is None
    assert letter.body[-1] == "2. zobowiązuje swojego przewodniczącego do przekazania niniejszej rezolucji Radzie i Komisji."
    assert any(par.startswith("A. mając na uwadze") for par in letter.body)


@pytest.mark.parametrize(("name", "lang"), [(p[0], p[1]) for p in PAGES], ids=IDS)
def test_no_furniture_in_body(letters, name, lang):
    letter = letters[name]
    joined = "\n".join(letter.body)
    for leak in FURNITURE[lang] + FURNITURE["en"][:3]:
        assert leak not in joined, leak
    assert not any(PICKER.match(par) for par in letter.body)
    # furniture stays in the text, so nothing is lost
    assert letter.extra["europarl"]["last_updated_text"] in letter.text


@pytest.mark.parametrize("name", IDS)
def test_regions(name):
    """The shell and the document's head are header, the text body, what follows footer or footnote."""
    doc = _doc(name)
    by_region: dict[str, list[str]] = {}
    for ln in doc.lines():
        by_region.setdefault(ln.region, []).append(ln.text)
    stamp = doc.hints["extra"]["europarl"]["last_updated_text"]
    assert stamp in by_region["footer"]
    assert doc.hints["date_text"] in "\n".join(by_region["header"])  # the date opens the head
    assert by_region["body"]
    assert not any(PICKER.match(t) for t in by_region["body"])
    assert "hints" not in doc.hints and "body" not in doc.hints  # the body is the pipeline's work


def test_the_text_opening_with_the_head_again_starts_after_it():
    """A text adopted opens its text element with its number and title printed again, lines the page's
    head already holds: the reader gives them to the head, so the text starts with the resolution."""
    doc = _doc("TA-9-2021-0456_PL.html")
    body = [ln.text for ln in doc.lines() if ln.region == "body"]
    head = [ln.text for ln in doc.lines() if ln.region == "header"]
    assert body[0].startswith("Rezolucja Parlamentu Europejskiego z dnia 25 listopada 2021 r.")
    assert "P9_TA(2021)0456" in head and "Ochrona pszczół i innych owadów zapylających" in head


def test_motion_footnotes_are_not_body(letters):
    letter = letters["B-9-2020-0220_EN.html"]
    assert "Texts adopted, P9_TA(2020)0054." in letter.footnotes
    assert "OJ L 94, 28.3.2014, p. 65." in letter.footnotes
    assert not any("OJ L 94" in par for par in letter.body)
    # the resolution's title and 'The European Parliament,' open the text: no footnote, although the
    # zone model, seeing them above the citations, guesses so
    assert letter.footnotes == ["Texts adopted, P9_TA(2020)0054.", "OJ L 94, 28.3.2014, p. 65."]
    regions = {ln.text: ln.region for ln in _doc("B-9-2020-0220_EN.html").lines()}
    assert regions["[8] OJ L 94, 28.3.2014, p. 65."] == "footnote"
    assert regions["PDF"] == "header" and regions["159k"] == "header"  # download buttons: shell


def test_report_head_is_not_body(letters):
    letter = letters["A-9-2024-0163_EN.html"]
    ep = letter.extra["europarl"]
    assert ep["title"].startswith("REPORT on amendments to Parliament’s Rules of Procedure")
    assert ep["authors"] == ["Gabriele BISCHOFF"]
    joined = "\n".join(letter.body)
    for head in ("Rapporteur: Gabriele Bischoff", "Committee on Constitutional Affairs\n", "4.4.2024"):
        assert head not in joined
    assert "Decides to amend its Rules of Procedure as shown below;" in joined


def test_written_question_record(letters):
    q = letters["E-9-2023-002345_FR.html"].extra["europarl"]["question"]
    assert q["kind"] == "written question" and q["reference"] == "E-002345/2023"
    assert q["heading"] == "Question avec demande de réponse écrite E-002345/2023"
    assert q["addressee"] == "à la Commission"
    assert q["rule"] == "article 138 du règlement intérieur"
    assert q["authors"] == ["Jeanne Marceau (Renew)", "Paul Delorme (S&D)"]
    assert q["text"][0].startswith("Les communes rurales") and q["text"][-1].endswith("500 000 euros ?")
    assert len(q["text"]) == 5


def test_oral_question_authors_and_group(letters):
    ep = letters["O-9-2021-000021_ES.html"].extra["europarl"]
    q = ep["question"]
    assert q["authors"] == ["Lucía Ortega Ramos", "Tomás Villanueva Gil"] == ep["authors"]
    assert q["on_behalf"] == ["en nombre del Grupo Verts/ALE"]
    assert q["addressee"] == "a la Comisión" and q["rule"] == "artículo 136 del Reglamento interno"
    assert "answer" not in ep


def test_answer_record(letters):
    ep = letters["E-9-2023-001187-ASW_DE.html"].extra["europarl"]
    assert ep["question"]["reference"] == "E-001187/2023" and ep["question"]["text"] == []
    assert ep["answer"]["heading"] == "Antwort von Kommissarin Halvorsen im Namen der Europäischen Kommission"
    assert ep["answer"]["date"] == "2023-05-03"
    assert len(ep["answer"]["text"]) == 3


def test_german_answer_signatory_from_heading(letters):
    """'Antwort von Kommissarin Halvorsen im Namen der Europäischen Kommission': 'im Namen der' is an
    on-behalf formula and 'Kommissarin' an office (language data), so the heading names the signatory
    as it names Mogherini in English."""
    (signatory,) = letters["E-9-2023-001187-ASW_DE.html"].signatories
    assert (signatory.name, signatory.role, signatory.organisation) == ("Halvorsen", "Kommissarin", "Europäischen Kommission")
    behalf = load("markers")["on_behalf_lines"]["all"]
    assert "im namen" in behalf and "a nome della" in behalf and "em nome da" in behalf


def test_question_and_answer_on_one_page(letters):
    letter = letters["getDoc_WQ_P-2017-004321_IT.html"]
    ep = letter.extra["europarl"]
    assert letter.subject == "Chiusura dello sportello postale di Valle Aurina"
    q, a = ep["question"], ep["answer"]
    assert q["heading"].startswith("Interrogazione prioritaria con richiesta di risposta scritta")
    assert (q["addressee"], q["rule"], q["authors"]) == ("alla Commissione", "Articolo 130 del regolamento", ["Giulia Martinelli (S&D)"])
    assert len(q["text"]) == 3 and q["text"][-1].endswith("chiedere chiarimenti alle autorità italiane?")
    assert a["heading"] == "Risposta di Bianca Ferraro a nome della Commissione"
    assert a["date"] == "2017-08-21"
    assert len(a["text"]) == 2 and a["text"][0].startswith("La Commissione conferma")
    assert "signatories" not in _doc("getDoc_WQ_P-2017-004321_IT.html").hints  # two authors on one page: none is stated


def test_answer_signatory_from_heading():
    """The answerer as the corpus answer's heading names them, split by the shared attribution parser."""
    doc = EuroparlReader().read(
        (Path(__file__).resolve().parent / "corpus" / "letters" / "europarl-E-007094-2017-answer.html").read_bytes(),
        StreamInfo(filename="page.html", extension="html"),
        ReadOptions(),
    )
    (signatory,) = doc.hints["signatories"]
    assert (signatory["name"], signatory["role"]) == ("Mogherini", "High Representative/Vice-President")


EU_LANGUAGES = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"}
LABEL_KEYS = {"answer_given_by", "question_reference", "question_heading", "subject", "last_updated", "legal_notice", "rule"}


def test_labels_in_all_24_languages_in_one_place():
    labels = page_data()["labels"]
    assert set(labels) == EU_LANGUAGES
    for lang, keys in labels.items():
        assert set(keys) >= LABEL_KEYS, (lang, LABEL_KEYS - set(keys))
        assert all(keys[k] and all(isinstance(v, str) and v.strip() for v in keys[k]) for k in LABEL_KEYS), lang
    raw = json.loads((SRC / "lang" / "data" / "europarl.json").read_text(encoding="utf-8"))
    assert raw["labels"] == labels


def _code_strings(path: Path) -> list[str]:
    """Every string literal of a module except its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_reader_holds_no_labels_dates_months_or_party_parsing():
    """Labels and month names are data; the reader's code holds none of them, and no date or party grammar."""
    path = SRC / "readers" / "europarl.py"
    strings = " ".join(_code_strings(path))
    labels = {v for keys in page_data()["labels"].values() for vals in keys.values() for v in vals if len(v) >= 6}
    assert not [v for v in labels if v in strings]  # (case-sensitive: the data keys are lower case)
    months = {m for names in load("months").values() for m in names if len(m) >= 5 and m.isalpha()}
    assert not [m for m in months if re.search(rf"\b{re.escape(m)}\b", strings, re.I)]
    src = path.read_text(encoding="utf-8")
    for word in ("strptime", "honorific", "_GROUP_ITEM", "months", "def parse_date", "def parse_party"):
        assert word not in src, word


def test_many_blocks_in_one_container_read_in_linear_time():
    """Text fragments and links interleaved in one big container (a hostile or broken page): each
    element is tested for furniture once, not once per block."""

    def page(n: int) -> bytes:
        parts = "".join(
            f'fragment {k} of the text <a href="/doceo/document/X-{k}_EN.pdf">PDF</a><br/><p>note {k}</p>'
            for k in range(n)
        )
        return (
            '<html lang="en"><head><title>Text | A9-0001/2024 | European Parliament</title></head><body><main>'
            f'<div class="red:section_MainContent">{parts}</div></main></body></html>'
        ).encode()

    doc = EuroparlReader().read(page(200), StreamInfo(filename="p.html", extension="html"), ReadOptions())
    assert doc.hints["reference"] == "A9-0001/2024" and any(ln.region == "body" for ln in doc.lines())
    assert_linear(
        lambda n: EuroparlReader().read(page(n), StreamInfo(filename="p.html", extension="html"), ReadOptions()),
        600,
    )


@pytest.mark.parametrize("lang", sorted(EU_LANGUAGES))
def test_every_language_stamp_heading_and_question_reference(lang):
    """In each of the 24 languages: the "Last updated" stamp is shell (never the date), the answer's
    heading makes the page an answer, and the "Question reference" line gives the reference."""
    labels = page_data()["labels"][lang]
    page = f"""<!doctype html><html lang="{lang}"><head><title>x | European Parliament</title>
    <link rel="canonical" href="https://www.europarl.europa.eu/doceo/document/E-9-2023-000001-ASW_{lang.upper()}.html" /></head>
    <body><main><div class="container-fluid"><div class="mb-3"><p><span>3.5.2023</span></p>
    <h1 class="es_title-h1">{labels["answer_given_by"][0].strip()} X. Y.</h1>
    <p>{labels["question_reference"][0]}: <a href="/doceo/document/E-9-2023-000001_{lang.upper()}.html">E-000001/2023</a></p></div>
    <div class="doceo-text"><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p></div></div>
    <div class="container-fluid"><div><span class="text-muted">{labels["last_updated"][0]}: 9.5.2023</span></div>
    <div><a href="/legal-notice/{lang}">{labels["legal_notice"][0]}</a></div></div></main></body></html>""".encode()
    doc = EuroparlReader().read(page, StreamInfo(filename="p.html", extension="html"), ReadOptions())
    h = doc.hints
    assert (h["language"], h["date"], h["reference"]) == (lang, "2023-05-03", "E-000001/2023")
    ep = h["extra"]["europarl"]
    assert ep["kind"] == "answer to a written question"
    assert ep["last_updated_text"].startswith(labels["last_updated"][0])
    regions = {ln.text: ln.region for ln in doc.lines()}
    assert regions["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] == "body"
    assert regions[ep["last_updated_text"]] == "footer" and regions[labels["legal_notice"][0]] == "footer"
    assert ep["answer"]["text"] == ["Lorem ipsum dolor sit amet, consectetur adipiscing elit."]


def _views(texts: list[str]):
    from letterkit.document import DocumentBuilder
    from letterkit.heuristics.context import make_context

    b = DocumentBuilder(format="txt", reader="test")
    for t in texts:
        b.add_block([t])
    return make_context(b.build()).lines


def test_tidy_keeps_no_postscript_before_the_text():
    """The rule behind the Polish page, on its own: unmarked 'postscript' lines before any text are
    the text; after the text, or opening with 'P.S.', a postscript stays one."""
    from letterkit.heuristics.pipeline import tidy

    views = _views(["Heading", "First paragraph.", "Second paragraph.", "P.S. An afterthought."])
    assert tidy(["furniture", "postscript", "postscript", "postscript"], views) == ["furniture", "body", "body", "postscript"]
    assert tidy(["furniture", "body", "postscript", "postscript"], views) == ["furniture", "body", "postscript", "postscript"]
    marked = _views(["P.S. Written first.", "Then the letter."])
    assert tidy(["postscript", "body"], marked) == ["postscript", "body"]


def test_tidy_keeps_no_unmarked_footnote_opening_the_text():
    """Unmarked 'footnote' lines straight above the first body line open the text; a marked note
    ('[1] ...') stays a footnote, and so does one after the text."""
    from letterkit.heuristics.pipeline import tidy

    views = _views(["Resolution on bees", "The Parliament,", "having regard to its rules,", "1. Calls for action.", "[1] OJ L 1."])
    assert tidy(["reference", "footnote", "footnote", "body", "footnote"], views) == ["reference", "body", "body", "body", "footnote"]
    marked = _views(["[1] OJ L 1.", "having regard to its rules,"])
    assert tidy(["footnote", "body"], marked) == ["footnote", "body"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # the number cell of a text adopted (real page TA-8-2015-0323_EN, as its text is stored in the
        # search tool's pages corpus): its own number, then the joint motion it was adopted on
        ("P8_TA(2015)0323RC-B8-0656/2015", ("P8_TA(2015)0323", False)),
        ("P7_TA(2014)0231A7-0122/2014", ("P7_TA(2014)0231", False)),  # sides/getDoc.do TA page, 2014
        # the question heading of a 2015 page (real page P-8-2015-006180_EN, same corpus)
        ("Question for written answer P-006180-15", ("P-006180-15", False)),
        ("Parliamentary question - P-006180/2015Parliamentary question", ("P-006180/2015", False)),
        ("B9‑0172/2019", ("B9-0172/2019", False)),  # a non-breaking hyphen, as the MT motion prints it
        ("E-001187/2023(ASW)", ("E-001187/2023", True)),
        ("A9-0163-2024", None),  # no document number of the site
    ],
)
def test_printed_reference_forms_of_real_pages(printed, expected):
    from letterkit.readers.europarl import _printed_reference

    assert _printed_reference(printed) == expected


def test_question_heading_of_the_2015_layout():
    """The 2014-2019 pages head a question 'Question for written answer P-006180-15' (hyphen and
    two-digit year): the heading is found, and the title's reference is kept."""
    page = b"""<!doctype html><html lang="en"><head><title>Parliamentary question | P-004455/2016 | European Parliament</title>
    <link rel="canonical" href="https://www.europarl.europa.eu/doceo/document/P-8-2016-004455_EN.html" /></head>
    <body><main><div class="container-fluid"><p><span>3 June 2016</span></p>
    <h2>Question for written answer P-004455-16<br/>to the Commission<br/>Rule 130<br/>Ada Quill (S&amp;D)</h2></div>
    <div class="doceo-text"><p>Subject: Ferry links to small islands</p><p>Will the Commission fund the ferry links of small islands?</p></div>
    <div class="container-fluid"><span class="text-muted">Last updated: 9 June 2016</span></div></main></body></html>"""
    doc = EuroparlReader().read(page, StreamInfo(filename="p.html", extension="html"), ReadOptions())
    q = doc.hints["extra"]["europarl"]["question"]
    assert doc.hints["reference"] == "P-004455/2016" and doc.hints["date"] == "2016-06-03"
    assert (q["heading"], q["addressee"], q["rule"], q["authors"]) == ("Question for written answer P-004455-16", "to the Commission", "Rule 130", ["Ada Quill (S&D)"])
    assert q["text"] == ["Will the Commission fund the ferry links of small islands?"]


#: lines of real doceo pages as the search tool's pages corpus stores their text (the markup is not
#: stored, so they are no page fixtures; see SOURCES.md): page, language, label key, line
REAL_LINES = [
    ("O-8-2015-000046_DE", "de", "question_heading", "Anfrage zur mündlichen Beantwortung O-000046/2015"),
    ("O-8-2015-000046_DE", "de", "rule", "Artikel 128 der Geschäftsordnung"),
    ("E-9-2021-000842-ASW_DE", "de", "answer_given_by", "Antwort von Vizepräsident Maroš Šefčovič im Namen der Europäischen Kommission"),
    ("E-9-2020-004819_EN", "en", "question_heading", "Question for written answer E-004819/2020"),
    ("E-9-2020-004819_EN", "en", "rule", "Rule 138"),
    ("E-9-2020-004819_EN", "en", "subject", "Subject: Questions for written answer"),
    ("P-8-2015-006180_EN", "en", "question_heading", "Question for written answer P-006180-15"),
    ("P-8-2015-006180_EN", "en", "rule", "Rule 130"),
]


@pytest.mark.parametrize(("page", "lang", "key", "line"), REAL_LINES, ids=[f"{p}-{k}" for p, _l, k, _t in REAL_LINES])
def test_labels_of_real_page_lines(page, lang, key, line):
    from letterkit.readers.europarl import _is_rule_line, starts_with_label

    if key == "rule":
        assert _is_rule_line(line, lang)
    else:
        assert starts_with_label(line, key, lang)


def test_real_german_answer_heading_names_its_signatory():
    """The heading of the real answer E-9-2021-000842-ASW_DE (pages corpus text): the shared
    attribution parser, with the German on-behalf formula and office words, splits it."""
    from letterkit.heuristics.parties import parse_attribution

    drafted = parse_attribution("Vizepräsident Maroš Šefčovič im Namen der Europäischen Kommission", -1)
    assert drafted is not None
    assert (drafted.party.name, drafted.party.role, drafted.party.organisation) == ("Maroš Šefčovič", "Vizepräsident", "Europäischen Kommission")
