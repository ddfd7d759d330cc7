"""The body: paragraphs, line-wrap hyphens, paragraphs split by page breaks and footers."""

from __future__ import annotations

import pytest

from letterkit.document import DocumentBuilder
from letterkit.heuristics import body, fields
from letterkit.heuristics.context import BODY, FOOTNOTE, FURNITURE, Context, make_context
from letterkit.heuristics.pipeline import interruptions_are_furniture


def paragraphs(pages: list[list[list[str]]], notes: tuple[str, ...] = (), **cues: object) -> Context:
    """The body built from pages of blocks of lines: every line is in the body zone except ``notes``
    (footnote lines), as the zone model would give them; the zone stage's furniture rule and the body
    builder do the rest, as in the pipeline."""
    b = DocumentBuilder("txt", "test")
    for page in pages:
        b.new_page()
        for block in page:
            b.add_block(block, **cues)
    ctx = make_context(b.build())
    for v in ctx.lines:
        v.label = FOOTNOTE if v.text in notes else BODY
    interruptions_are_furniture(ctx.lines)
    fields.read_footnotes(ctx, [v for v in ctx.lines if v.label == FOOTNOTE])
    body.build_paragraphs(ctx, [v for v in ctx.lines if v.label == BODY])
    return ctx


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["We have received the docu-", "ments you sent."], "We have received the documents you sent."),
        (["Nous avons reçu les docu-", "ments."], "Nous avons reçu les documents."),
        (["It is a well-", "known fact."], "It is a well-known fact."),
        (["a self-", "evident truth"], "a self-evident truth"),
        (["a line -", "and more"], "a line - and more"),
        (["soft\u00ad", "ware"], "software"),
        (["one", "two"], "one two"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert body._join_lines(lines) == joined


def test_join_lines_hyphen_before_capital() -> None:
    assert body._join_lines(["The Franco-", "German border."]) == "The Franco-German border."


def test_join_lines_german_noun() -> None:
    assert (
        body._join_lines(["Wir haben die Unter-", "lagen erhalten."]) == "Wir haben die Unterlagen erhalten."
    )


def test_join_lines_number_range() -> None:
    assert body._join_lines(["Costs rose 10-", "20 percent."]) == "Costs rose 10-20 percent."


def test_paragraph_with_wrapped_hyphen_and_spans() -> None:
    ctx = paragraphs(
        [[["We have received the docu-", "ments you sent us last month and thank you for them."]]]
    )
    assert ctx.fields["body"] == [
        "We have received the documents you sent us last month and thank you for them."
    ]
    assert [s.line for s in ctx.provenance["body.0"]] == [0, 1]
    assert all(lv.label == BODY for lv in ctx.lines)


def test_blocks_are_paragraphs() -> None:
    ctx = paragraphs([[["Costs rose sharply last year."], ["Next year they will fall again, we think."]]])
    assert ctx.fields["body"] == [
        "Costs rose sharply last year.",
        "Next year they will fall again, we think.",
    ]


def test_hard_wrapped_block_splits_on_short_sentence_end() -> None:
    ctx = paragraphs(
        [
            [
                [
                    "Thank you for your letter of 3 May. We have considered the",
                    "proposal carefully and discussed it at length.",
                    "It was approved.",
                    "The committee will meet again in June to discuss the",
                    "next steps, and I will write to you after that meeting.",
                ]
            ]
        ]
    )
    assert ctx.fields["body"] == [
        "Thank you for your letter of 3 May. We have considered the proposal carefully and discussed it "
        "at length. It was approved.",
        "The committee will meet again in June to discuss the next steps, and I will write to you after "
        "that meeting.",
    ]
    assert [s.line for s in ctx.provenance["body.1"]] == [3, 4]


def test_indented_first_line_starts_a_paragraph() -> None:
    b = DocumentBuilder("txt", "test")
    b.add_line("We have considered your proposal at our meeting", indent=0)
    b.add_line("of the board last Tuesday, and we agree with it", indent=0)
    b.add_line("    The next meeting is in June, and we shall write", indent=4)
    b.add_line("to you again after it with the board's decision", indent=0)
    ctx = make_context(b.build())
    body.build_paragraphs(ctx, ctx.content())
    assert len(ctx.fields["body"]) == 2
    assert ctx.fields["body"][1].startswith("The next meeting")


def test_paragraph_split_by_page_break_is_joined() -> None:
    ctx = paragraphs(
        [[["We have been working on this question for some"]], [["months now and hope to finish it soon."]]]
    )
    assert ctx.fields["body"] == [
        "We have been working on this question for some months now and hope to finish it soon."
    ]
    assert {s.page for s in ctx.provenance["body.0"]} == {1, 2}


def test_paragraph_split_by_a_page_footer_is_joined_and_footer_is_furniture() -> None:
    footer = ["ACME TRADING LIMITED", "10 High Street, London EC1A 1BB", "Tel +44 20 7946 0000"]
    ctx = paragraphs(
        [
            [
                ["We have been working on this question for some"],
                footer,
                ["months now and hope to finish it soon."],
            ]
        ]
    )
    assert ctx.fields["body"] == [
        "We have been working on this question for some months now and hope to finish it soon."
    ]
    assert [lv.label for lv in ctx.lines if lv.text in footer] == [FURNITURE] * 3


def test_short_lines_between_full_sentences_stay_in_the_body() -> None:
    ctx = paragraphs([[["We met on Monday."], ["Agenda"], ["The agenda is attached to this letter."]]])
    assert ctx.fields["body"] == ["We met on Monday.", "Agenda", "The agenda is attached to this letter."]


def test_footnote_markers_leave_the_body() -> None:
    ctx = paragraphs([[["The regulation¹ was adopted last year."], ["¹ Regulation (EU) 2016/679."]]],
                     notes=("¹ Regulation (EU) 2016/679.",))
    assert ctx.fields["body"] == ["The regulation was adopted last year."]
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_bracket_markers_leave_the_body_when_they_have_notes() -> None:
    ctx = paragraphs(
        [[["The regulation [1] was adopted in [2020] last year."], ["[1] Regulation (EU) 2016/679."]]],
        notes=("[1] Regulation (EU) 2016/679.",),
    )
    assert ctx.fields["body"] == ["The regulation was adopted in [2020] last year."]
