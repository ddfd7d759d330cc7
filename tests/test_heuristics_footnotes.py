"""Footnotes: marker lines become footnotes (the zone model's call, the field parser's text), reference
markers leave the body."""

from __future__ import annotations

import pytest

from letterkit.document import DocumentBuilder
from letterkit.heuristics import fields, footnotes
from letterkit.heuristics.context import BODY, FOOTNOTE, Context, make_context
from letterkit.heuristics.footnotes import FOOTNOTE_START_RE
from letterkit.heuristics.pipeline import label_zones
from letterkit.zones.features import _note_kind_of


def marked(blocks: list[list[str] | tuple[list[str], dict[str, object]]]) -> Context:
    b = DocumentBuilder("txt", "test")
    for block in blocks:
        lines, cues = block if isinstance(block, tuple) else (block, {})
        b.add_block(lines, **cues)
    ctx, _ = label_zones(b.build())
    fields.read_footnotes(ctx, [v for v in ctx.lines if v.label == FOOTNOTE])
    return ctx


def parsed(blocks: list[list[str]], notes: set[str]) -> Context:
    """The footnote parser on the lines of ``notes``, as if the zone model had put them in the footnote
    zone (the decision is the model's; this tests what the parser makes of the zone)."""
    b = DocumentBuilder("txt", "test")
    for block in blocks:
        b.add_block(block)
    ctx = make_context(b.build())
    zone = [v for v in ctx.lines if v.text in notes]
    for v in zone:
        v.label = FOOTNOTE
    fields.read_footnotes(ctx, zone)
    return ctx


def test_superscript_footnotes() -> None:
    ctx = parsed(
        [
            ["Dear Minister,"],
            ["I refer to the regulation¹ adopted last year and to the directive² that followed it."],
            ["¹ Regulation (EU) 2016/679.", "² Directive 2019/1024, Article 3."],
            ["Yours sincerely,"],
        ],
        {"¹ Regulation (EU) 2016/679.", "² Directive 2019/1024, Article 3."},
    )
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679.", "Directive 2019/1024, Article 3."]
    assert [lv.label for lv in ctx.lines] == [None, None, FOOTNOTE, FOOTNOTE, None]
    assert [s.line for s in ctx.provenance["footnotes.0"]] == [2]
    assert [s.line for s in ctx.provenance["footnotes.1"]] == [3]


def test_bracketed_footnote_with_reference() -> None:
    ctx = marked(
        [
            ["I refer to the regulation [1] adopted last year, which has been in force since May."],
            ["[1] Regulation (EU) 2016/679."],
        ]
    )
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_footnote_continuation_line() -> None:
    ctx = parsed(
        [
            ["The report¹ was published in March."],
            ["¹ Report of the Court of Auditors on the", "management of the fund, 2019."],
        ],
        {"¹ Report of the Court of Auditors on the", "management of the fund, 2019."},
    )
    assert ctx.fields["footnotes"] == ["Report of the Court of Auditors on the management of the fund, 2019."]


#: a letter around the notes the tests below are about: a model reads a line in its letter, and a line of
#: a two-line document is in no letter (its reading of the other line is arbitrary)
HEAD = [
    "Dear Minister,",
    "We have 3 questions about the regulation¹ adopted last year in Brussels by the Council, and we would"
    " be grateful for your answers before the summer.",
    "Our members have asked us to raise them with you because the rules apply to them from January and"
    " they need to prepare their systems in good time.",
]
TAIL = ["We look forward to hearing from you.", "Yours sincerely,", "Maria Rossi", "Director"]


def in_type(lines: list[str], size: float = 11.0) -> list[tuple[list[str], dict[str, object]]]:
    return [([text], {"font_size": size}) for text in lines]


def test_plain_number_in_small_type_is_a_footnote() -> None:
    ctx = marked(in_type(HEAD) + in_type(TAIL) + [(["1 Regulation (EU) 2016/679."], {"font_size": 8.0})])
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_numbered_points_at_body_size_are_the_body() -> None:
    """A plain number opens a note in small type; at the body's size it numbers the letter's points."""
    points = [
        "1 The deadline of January leaves our members too little time to adapt their systems.",
        "2 The guidance on records has not yet been published in every language of the Union.",
        "3 The fees for small firms are higher than those the Commission announced last spring.",
    ]
    ctx = marked(in_type(HEAD[:2] + points) + in_type(TAIL))
    assert "footnotes" not in ctx.fields
    assert [v.label for v in ctx.lines if v.text in points] == [BODY] * 3


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("¹ Regulation (EU) 2016/679.", "sup"),
        ("[Footnote 1: Samuel Garbett's pamphlet.]", "sup"),
        ("[1] We request a meeting with your services.", "bracket"),
        ("(2) Directive 2019/1024.", "paren"),
        ("1 Regulation (EU) 2016/679.", "plain"),
        ("We have 3 questions.", ""),
    ],
)
def test_the_marker_a_line_starts_with_is_a_feature(line: str, kind: str) -> None:
    """A superscript opens a note wherever it stands; a bracketed or plain number may open a list item:
    the model learns which from the kind of marker, the type size and where the line stands."""
    assert _note_kind_of(FOOTNOTE_START_RE.match(line)) == kind


def test_reader_footnote_region() -> None:
    note = (["¹ Regulation (EU) 2016/679."], {"font_size": 9.0, "region": "footnote"})
    ctx = marked(in_type(HEAD) + in_type(TAIL) + [note])
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_strip_markers() -> None:
    assert footnotes.strip_markers("the regulation¹ adopted") == "the regulation adopted"
    assert footnotes.strip_markers("the rule [1] adopted in [2020]", {"1"}) == "the rule adopted in [2020]"
    # without known note numbers bracketed numbers stay
    assert footnotes.strip_markers("see [1]") == "see [1]"
