"""Furniture: reader regions, repeated letterheads, page numbers, web shell lines, as the zone model
labels them."""

from __future__ import annotations

import pytest

from letterkit.document import DocumentBuilder
from letterkit.heuristics import furniture
from letterkit.heuristics.context import BODY, FURNITURE, LETTERHEAD, Context
from letterkit.heuristics.pipeline import label_zones
from letterkit.zones.labels import SIGNATURE

LETTERHEAD_LINES = ["ACME TRADING LIMITED", "10 High Street, London EC1A 1BB", "Tel +44 20 7946 0000"]


def marked(pages: list[list[list[str]]], **cues: object) -> Context:
    """Pages of blocks of lines -> a context whose lines carry their zones."""
    b = DocumentBuilder("txt", "test")
    for page in pages:
        b.new_page()
        for block in page:
            b.add_block(block)
    ctx, _ = label_zones(b.build())
    return ctx


def labels(ctx: Context) -> dict[str, list[str | None]]:
    """Each line's furniture/letterhead zone (None for the letter's own parts)."""
    out: dict[str, list[str | None]] = {}
    for lv in ctx.lines:
        out.setdefault(lv.text, []).append(lv.label if lv.label in (FURNITURE, LETTERHEAD) else None)
    return out


def test_repeated_letterhead_on_each_page() -> None:
    """A three-line letterhead printed on each of three pages (and copied into the transcription at each
    page break): on page 1 it is the letterhead, on the later pages furniture, never body."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "letters" / "ngo-pagebreak-letterhead.txt"
    b = DocumentBuilder("txt", "test")
    for page in path.read_text(encoding="utf-8").split("\f"):
        b.new_page()
        for block in page.split("\n\n"):
            lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
            if lines:
                b.add_block(lines)
    ctx, _ = label_zones(b.build())
    head = "RIVERS TRUST ALLIANCE"
    by_page = [(lv.page, lv.label) for lv in ctx.lines if lv.text == head]
    assert by_page[0] == (1, LETTERHEAD)
    assert [label for page, label in by_page[1:]] == [FURNITURE] * (len(by_page) - 1)
    assert len(by_page) == 3


def test_page_numbers_on_a_multi_page_letter() -> None:
    ctx = marked(
        [
            [
                ["Dear Anna,"],
                ["This is the first page of a long letter that I am writing to you today."],
                ["Page 1 of 2"],
            ],
            [
                ["And this is the second page, which continues the long letter about our trip."],
                ["Love,"],
                ["Tom"],
                ["2"],
            ],
        ]
    )
    got = labels(ctx)
    assert got["Page 1 of 2"] == [FURNITURE]
    assert got["2"] == [FURNITURE]
    assert got["Tom"] == [None]


def test_dashed_page_number_even_on_one_page() -> None:
    got = labels(marked([[["Dear Anna,"], ["- 2 -"], ["It was good to see you."]]]))
    assert got["- 2 -"] == [FURNITURE]


def test_bare_number_inside_a_sentence_is_furniture_even_on_one_page() -> None:
    """A PDF's text saved page after page keeps its page numbers but no page breaks: a lone number
    between two halves of one sentence is the page's number, and the halves are the body."""
    ctx = marked(
        [
            [
                ["Dear Anna,"],
                ["It was good to see you and the children last weekend, and we were so glad that the weather"
                 " held for the picnic by the"],
                ["2"],
                ["river, where the boys swam until it was dark and we had to call them out of the water."],
                ["Love,"],
                ["Tom"],
            ]
        ]
    )
    got = labels(ctx)
    assert got["2"] == [FURNITURE]
    assert got["Tom"] == [None]
    assert all(v.label == BODY for v in ctx.lines if v.text.startswith(("It was", "river")))


def test_web_shell_lines() -> None:
    ctx = marked(
        [
            [
                ["Home"],
                ["Share this page"],
                ["Last updated: 7 June 2018"],
                ["Dear Anna,"],
                ["It was good to see you and the children last weekend in the garden."],
                ["Print"],
                ["Cookies"],
            ]
        ]
    )
    got = labels(ctx)
    for t in ("Home", "Share this page", "Last updated: 7 June 2018", "Print", "Cookies"):
        assert got[t] == [FURNITURE], t
    assert got["Dear Anna,"] == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Share this page", True),
        ("Last updated: 7 June 2018", True),
        ("• en - English (Selected)", True),
        ("Home", True),
        ("Home is where the heart is, and we were so glad to be back there last week.", False),
        ("Dear Anna,", False),
    ],
)
def test_is_web_furniture(text: str, expected: bool) -> None:
    assert furniture.is_web_furniture(text) is expected


def test_plain_letter_is_no_web_page() -> None:
    ctx = marked(
        [
            [
                ["Dear Anna,"],
                ["It was good to see you and the children last weekend in the garden."],
                ["Love,"],
                ["Tom"],
            ]
        ]
    )
    assert all(v == [None] for v in labels(ctx).values())


SENTENCES = [
    "We arrived on Monday after a long and tiring journey by train.",
    "The hotel is small but the rooms are clean and the staff are kind.",
    "On Tuesday we walked along the river as far as the old bridge.",
    "The museum was closed, so we sat in the park and read our books.",
    "Tomorrow we hope to take the boat across the lake to the village.",
]


def _long_page(top: str | None, bottom: str | None, words: str) -> list[list[str]]:
    # sentences differ in words, not only digits: the repetition key folds digits
    page = [[f"{words}: {s}"] for s in SENTENCES]
    if top:
        page.insert(0, [top])
    if bottom:
        page.append([bottom])
    return page


def test_single_repeated_line_at_the_same_page_edge_is_furniture() -> None:
    ctx = marked(
        [_long_page("Confidential draft", None, "First"), _long_page("Confidential draft", None, "Then")]
    )
    got = [lv.label for lv in ctx.lines if lv.text == "Confidential draft"]
    assert "body" not in got  # a note or a head of the page, never the letter's text


def _signed_letter(pages: int) -> list[list[list[str]]]:
    """A letter whose sender's name heads the first page and signs the last one."""
    top = [["Dr Margaret Lee"], ["12 Rose Lane, Oxford OX1 2AB"], ["4 May 2021"], ["Dear Professor Brown,"]]
    close = [["With best wishes,"], ["Dr Margaret Lee"]]
    if pages == 1:
        return [top + _long_page(None, None, "First")[:3] + close]
    return [top + _long_page(None, None, "First"), _long_page(None, None, "Then") + close]


@pytest.mark.parametrize("pages", [1, 2])
def test_a_line_repeated_but_not_at_the_same_page_edge_is_kept(pages: int) -> None:
    """The sender's name is the letterhead's first line and the signature's: repeated, but not at the
    same edge of every page as a running head or footer is (nor on another page at all, in a one-page
    letter), so both stay the letter's own and the signature is read."""
    ctx = marked(_signed_letter(pages))
    got = [v.label for v in ctx.lines if v.text == "Dr Margaret Lee"]
    assert got[0] != FURNITURE
    assert got[1] == SIGNATURE


def test_reader_regions() -> None:
    b = DocumentBuilder("docx", "test")
    b.new_page()
    b.add_block(["ACME Ltd, 10 High Street"], region="header")
    b.add_block(["Dear Anna,"])
    b.add_block(["Registered in England No 123456"], region="footer")
    b.new_page()
    b.add_block(["ACME Ltd, 10 High Street"], region="header")
    b.add_block(["It was good to see you."])
    ctx, _ = label_zones(b.build())
    got = [lv.label for lv in ctx.lines]
    # the reader's header and footer never reach the letter's text; the first page's header may be
    # read as its letterhead
    assert got[0] in (LETTERHEAD, FURNITURE)
    assert got[3] == FURNITURE
    assert got[2] == FURNITURE
    assert got[1] not in (LETTERHEAD, FURNITURE) and got[4] not in (LETTERHEAD, FURNITURE)
