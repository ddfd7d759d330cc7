"""HtmlReader and EuroparlReader: main content, furniture, hints from EP pages, hostile pages."""
# ruff: noqa: E501  (fixture markup and XML read better unwrapped)

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_linear
from letterkit.errors import EmptyInput, LetterkitError, LimitExceeded
from letterkit.readers.base import CONTENT_MATCH, NO_MATCH, ReadOptions, StreamInfo
from letterkit.readers.europarl import EuroparlReader
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
    assert "body" not in h  # the body is the pipeline's work
    assert h["extra"]["europarl"]["kind"] == "answer to a written question"
    assert h["extra"]["europarl"]["last_updated_text"].startswith("Last updated")


def test_ep_document_regions(corpus_doc):
    by_region: dict[str, list[str]] = {}
    for ln in corpus_doc.lines():
        by_region.setdefault(ln.region, []).append(ln.text)
    assert "21 February 2018" in by_region["header"]  # the document's head, not its text
    assert by_region["body"][0].startswith("The European Union (EU) follows closely")
    assert by_region["body"][-1].endswith("in the public policy‐making process.")
    assert any(t.startswith("PDF") for t in by_region["header"]) and not any("PDF" in t for t in by_region["body"])
    assert "sk - slovenčina" in by_region["header"]  # kept, never lost, but not body
    assert any(t.startswith("Last updated") for t in by_region["footer"])
    assert corpus_doc.reader == "europarl" and corpus_doc.format == "html"


# --- real and constructed doceo pages of every type: tests/test_europarl.py ----------------------


def test_ep_page_of_furniture_only_is_empty():
    page = b"""<html><head><title>News | European Parliament</title></head><body><nav><a>a</a></nav>
    <header><p>Plenary news</p></header></body></html>"""
    with pytest.raises(EmptyInput):
        ep(page)


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
    doc = html(page.encode())
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
    doc = html(page)
    assert len(list(doc.blocks())) == 20_000
    assert_linear(lambda n: html(("<html><body>" + para * n + "</body></html>").encode()), 2_500)


@pytest.mark.slow
def test_fifty_megabytes():
    para = "<div><p>Lorem ipsum dolor sit amet, " + "consectetur adipiscing elit " * 10 + "</p></div>\n"
    page = ("<html><body>" + para * 170_000 + "</body></html>").encode()
    assert len(page) > 50_000_000
    assert len(list(html(page).blocks())) == 170_000
