"""HtmlReader and EuroparlReader: main content, furniture, hints from EP pages, hostile pages."""
# ruff: noqa: E501  (fixture markup and XML read better unwrapped)

from __future__ import annotations

import time
from pathlib import Path

import pytest

from letterkit.errors import EmptyInput, LetterkitError, LimitExceeded
from letterkit.readers.base import CONTENT_MATCH, NO_MATCH, ReadOptions, StreamInfo
from letterkit.readers.europarl import EuroparlReader, normalise_reference, parse_answerer, parse_date
from letterkit.readers.html import HtmlReader

CORPUS = Path(__file__).resolve().parent / "corpus" / "letters"
EP_PAGE = CORPUS / "europarl-E-007094-2017-answer.html"
INFO = StreamInfo(filename="page.html", extension="html")


def ep(data: bytes):
    return EuroparlReader().read(data, INFO, ReadOptions())


def html(data: bytes):
    return HtmlReader().read(data, INFO, ReadOptions())


# --- the corpus EP answer (current "doceo" layout) ------------------------------------------------


@pytest.fixture(scope="module")
def corpus_doc():
    return ep(EP_PAGE.read_bytes())


def test_ep_sniff_beats_html():
    head = EP_PAGE.read_bytes()[:8192]
    assert EuroparlReader().sniff(head, INFO) == CONTENT_MATCH
    assert HtmlReader().sniff(head, INFO) == CONTENT_MATCH
    assert EuroparlReader.priority > HtmlReader.priority
    assert EuroparlReader().sniff(b"<!doctype html><html><head><title>My blog</title></head>", INFO) == NO_MATCH


def test_ep_hints(corpus_doc):
    h = corpus_doc.hints
    assert h["date"] == "2018-02-21" and h["date_text"] == "21 February 2018"
    assert h["reference"] == "E-007094/2017"
    assert h["language"] == "en"
    [party] = h["signatories"]
    assert party["name"] == "Mogherini"
    assert party["role"] == "High Representative/Vice-President"
    assert h["extra"]["last_updated"] == "2018-06-07"
    assert "question" not in h["extra"]


def test_ep_body(corpus_doc):
    body = corpus_doc.hints["body"]
    assert len(body) == 4
    assert body[0].startswith("The European Union (EU) follows closely")
    assert body[-1].endswith("in the public policy‐making process.")
    joined = " ".join(body)
    for leak in ("Last updated", "Legal notice", "slovenčina", "English", "PDF", "Question reference"):
        assert leak not in joined


def test_ep_document_regions(corpus_doc):
    by_region: dict[str, list[str]] = {}
    for ln in corpus_doc.lines():
        by_region.setdefault(ln.region, []).append(ln.text)
    assert by_region["body"][:3] == [
        "21 February 2018",
        "Answer given by High Representative/Vice-President Mogherini",
        "Question reference: E-007094/2017",
    ]
    assert len(by_region["body"]) == 7
    assert "sk - slovenčina" in by_region["header"]  # kept, never lost, but not body
    assert any(t.startswith("Last updated") for t in by_region["footer"])
    assert corpus_doc.reader == "europarl" and corpus_doc.format == "html"


# --- an older sides/getDoc.do page with question and answer ----------------------------------------

LEGACY = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Parliamentary questions - Human rights in Kazakhstan - E-006345/2014</title>
<meta name="keywords" content="European Parliament"></head>
<body><div id="header"><a href="http://www.europarl.europa.eu/portal/en">European Parliament</a>
<ul class="language_list"><li><a href="?l=de" lang="de">Deutsch</a></li><li><a href="?l=fr" lang="fr">français</a></li>
<li><a href="?l=pl" lang="pl">polski</a></li></ul></div>
<table class="doc_box_header" width="100%"><tr><td class="doc_title">Parliamentary questions</td>
<td align="right">4 September 2014</td><td>E-006345-14</td></tr></table>
<table width="100%"><tr><td class="doc_title">Question for written answer E-006345-14<br>to the Commission (Vice-President/High Representative)<br>Rule 130<br>Jadwiga Wiśniewska (ECR), Andrzej Duda (ECR)</td></tr></table>
<p class="doc_title">Subject: Human rights in Kazakhstan</p>
<p class="contents">The human rights situation in Kazakhstan is worrying.</p>
<p class="contents">What steps will the Commission take?</p>
<table class="doc_box_header" width="100%"><tr><td class="doc_title">Answer given by Vice-President/High Representative Mogherini on behalf of the Commission</td></tr>
<tr><td>(12.11.2014)</td></tr></table>
<p class="contents">The EU follows the situation closely.</p>
<p class="contents">It raised these cases at the Human Rights Dialogue.</p>
<table class="doc_box_footer"><tr><td>Last updated: 17 December 2014</td><td><a href="/legal">Legal notice</a></td></tr></table>
</body></html>"""


def test_legacy_layout_question_and_answer():
    doc = ep(LEGACY.encode())
    h = doc.hints
    assert h["date"] == "2014-11-12"
    assert h["reference"] == "E-006345/2014"
    [party] = h["signatories"]
    assert party["name"] == "Mogherini"
    assert party["role"] == "Vice-President/High Representative"
    assert party["organisation"] == "Commission"
    assert h["body"] == ["The EU follows the situation closely.", "It raised these cases at the Human Rights Dialogue."]
    q = h["extra"]["question"]
    assert q["text"] == ["The human rights situation in Kazakhstan is worrying.", "What steps will the Commission take?"]
    assert [a["name"] for a in q["authors"]] == ["Jadwiga Wiśniewska", "Andrzej Duda"]
    assert q["authors"][0]["group"] == "ECR"
    assert q["addressee"] == "Commission"
    assert q["subject"] == "Human rights in Kazakhstan"
    assert q["date"] == "2014-09-04"
    assert h["extra"]["last_updated"] == "2014-12-17"
    body_lines = [ln.text for ln in doc.lines() if ln.region == "body"]
    assert "The human rights situation in Kazakhstan is worrying." not in body_lines
    assert not any("Last updated" in t or "Legal notice" in t or t == "Deutsch" for t in body_lines)


# --- a current-layout page holding the question and its answer -------------------------------------

BOTH = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Question parlementaire | E-001234/2019 | Parlement européen</title></head>
<body><header><nav><a href="/">Accueil</a></nav></header><main>
<h2>Questions parlementaires</h2>
<p><span class="text-muted">10 janvier 2019</span></p>
<h1>Question avec demande de réponse écrite E-001234-19 à la Commission</h1>
<p>Article 130 du règlement intérieur</p>
<p>Jean Dupont (PPE)</p>
<div class="doceo-text"><p>Objet: Droits de l'homme</p><p>La Commission peut-elle agir?</p></div>
<p><span class="text-muted">5 mars 2019</span></p>
<h1>Réponse donnée par M. Hahn au nom de la Commission européenne</h1>
<div class="doceo-text"><p>La Commission suit la situation.</p><p>Elle agira.</p></div>
<div><span class="text-muted">Dernière mise à jour: 20 mars 2019</span><a href="/legal">Avis juridique</a></div>
</main></body></html>"""


def test_question_and_answer_page():
    doc = ep(BOTH.encode())
    h = doc.hints
    assert h["language"] == "fr"
    assert h["date"] == "2019-03-05"
    assert h["reference"] == "E-001234/2019"
    assert h["body"] == ["La Commission suit la situation.", "Elle agira."]
    [party] = h["signatories"]
    assert party["name"] == "Hahn" and party["honorific"] == "M." and party["organisation"] == "Commission européenne"
    q = h["extra"]["question"]
    assert q["text"] == ["La Commission peut-elle agir?"]
    assert q["authors"][0]["name"] == "Jean Dupont"
    assert q["date"] == "2019-01-10"


def test_ep_page_without_question_falls_back_to_generic():
    page = b"""<html><head><title>News | European Parliament</title></head><body><nav><a>a</a></nav>
    <article><h1>Plenary news</h1><p>MEPs voted on the budget today in Strasbourg.</p></article></body></html>"""
    doc = ep(page)
    assert doc.reader == "html"
    assert "MEPs voted" in doc.text


def test_helpers():
    assert normalise_reference("E-7094/17") == "E-007094/2017"
    assert parse_date("(21.9.2017)") == ("2017-09-21", "21.9.2017")
    assert parse_date("am 3. März 2015", "de")[0] == "2015-03-03"
    assert parse_date("21 de febrero de 2018", "es")[0] == "2018-02-21"
    p = parse_answerer("High Representative/Vice-President Borrell i Fontelles on behalf of the European Commission", "en")
    assert p["name"] == "Borrell i Fontelles" and p["organisation"] == "European Commission"


# --- generic HTML: an open letter in a blog page ----------------------------------------------------

BLOG = """<!DOCTYPE html><html lang="en"><head><meta charset="windows-1252">
<title>Open letter to the Prime Minister | Rights Blog</title>
<meta name="author" content="Rights Blog Staff">
<meta property="article:published_time" content="2016-07-02T10:00:00Z"></head>
<body><header class="site-header"><h1>Rights Blog</h1><nav><ul><li><a href="/">Home</a></li>
<li><a href="/about">About</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<div class="layout"><aside class="sidebar"><h3>Archive</h3><ul><li><a href="/1">June</a></li><li><a href="/2">May</a></li>
<li><a href="/3">April</a></li></ul></aside>
<div class="content"><h2>Open letter to the Prime Minister</h2>
<p>Brussels, 29 June 2016</p>
<p>Mr Prime Minister,</p>
<p>We write to you about the case of Mr Ablyazov. The decision is <b>unjust</b>.<sup>1</sup></p>
<p>We urge you to reconsider it \u2013 for the sake of the rule of law.</p>
<p>Sincerely yours,<br>Tunne Kelam<br>Member of the European Parliament</p>
<p><img src="sig.png" alt="Signature of Tunne Kelam"></p>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">E-mail</a></div>
</div></div>
<section id="comments"><h3>3 comments</h3><p>Great letter! Thanks for posting it, very well said indeed.</p></section>
<footer><p>\xa9 2016 Rights Blog. All rights reserved.</p></footer>
<script>var x = "Mr Prime Minister";</script></body></html>"""


def test_blog_open_letter():
    doc = html(BLOG.encode("cp1252"))
    texts = [ln.text for ln in doc.lines()]
    assert texts[0] == "Open letter to the Prime Minister"
    assert "Mr Prime Minister," in texts
    assert "We write to you about the case of Mr Ablyazov. The decision is unjust.¹" in texts
    assert "We urge you to reconsider it – for the sake of the rule of law." in texts  # cp1252 dash
    block = next(b for b in doc.blocks() if b.lines[0].text == "Sincerely yours,")
    signature = ["Sincerely yours,", "Tunne Kelam", "Member of the European Parliament"]
    assert [ln.text for ln in block.lines] == signature
    [img] = [ln for ln in doc.lines() if ln.kind == "image"]
    assert img.text == "Signature of Tunne Kelam"
    for furniture in ("Home", "Archive", "Great letter", "All rights reserved", "Facebook", "var x"):
        assert not any(furniture in t for t in texts), furniture
    assert "June" not in texts  # the sidebar's link list
    heading = next(ln for ln in doc.lines() if ln.text.startswith("Open letter"))
    assert heading.bold is True and heading.style == "h2"
    assert doc.metadata["title"].startswith("Open letter")
    assert doc.metadata["author"] == "Rights Blog Staff"
    assert doc.metadata["date"] == "2016-07-02T10:00:00Z"
    assert "date" not in doc.hints  # a publication date is not the letter's date


def test_bold_cue():
    doc = html(b"<html><body><p><strong>Subject: budget</strong></p><p>Plain text here.</p></body></html>")
    lines = {ln.text: ln for ln in doc.lines()}
    assert lines["Subject: budget"].bold is True
    assert lines["Plain text here."].bold is False


def test_sniff_generic():
    r = HtmlReader()
    assert r.sniff(b"<!DOCTYPE html><html>", StreamInfo()) == CONTENT_MATCH
    assert r.sniff(b"\xef\xbb\xbf<html><body>hi", StreamInfo()) == CONTENT_MATCH
    assert r.sniff(b"Dear Sir, hello", StreamInfo()) == NO_MATCH


# --- hostile pages -----------------------------------------------------------------------------------


def test_deep_nesting_does_not_crash():
    deep = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    page = "<html><body><p>Dear friend,</p>" + deep + "</body></html>"
    t = time.perf_counter()
    doc = html(page.encode())
    assert time.perf_counter() - t < 10
    assert "Dear friend," in doc.text
    assert doc.warnings  # the cut is reported


def test_deep_nesting_only_text_is_a_limit():
    page = "<html><body>" + "<span>" * 100_000 + "deep" + "</span>" * 100_000 + "</body></html>"
    with pytest.raises((LimitExceeded, EmptyInput)):
        html(page.encode())


def test_empty_and_garbage():
    with pytest.raises(LetterkitError):
        html(b"")
    with pytest.raises(LetterkitError):
        html(b"<html><body><script>x()</script></body></html>")


def test_large_page_is_linear():
    para = "<div><p>Lorem ipsum dolor sit amet, " + "consectetur adipiscing elit " * 10 + "</p></div>\n"
    page = ("<html><body>" + para * 20_000 + "</body></html>").encode()
    assert len(page) > 6_000_000
    t = time.perf_counter()
    doc = html(page)
    assert time.perf_counter() - t < 10
    assert len(list(doc.blocks())) == 20_000


@pytest.mark.slow
def test_fifty_megabytes():
    para = "<div><p>Lorem ipsum dolor sit amet, " + "consectetur adipiscing elit " * 10 + "</p></div>\n"
    page = ("<html><body>" + para * 170_000 + "</body></html>").encode()
    assert len(page) > 50_000_000
    t = time.perf_counter()
    html(page)
    assert time.perf_counter() - t < 60
