"""Footnotes: marker lines become footnotes (the zone model's call, the field parser's text), reference
markers leave the body."""

from __future__ import annotations

from letterkit.document import DocumentBuilder
from letterkit.heuristics import fields, footnotes
from letterkit.heuristics.context import FOOTNOTE, Context
from letterkit.heuristics.pipeline import label_zones


def marked(blocks: list[list[str] | tuple[list[str], dict[str, object]]]) -> Context:
    b = DocumentBuilder("txt", "test")
    for block in blocks:
        lines, cues = block if isinstance(block, tuple) else (block, {})
        b.add_block(lines, **cues)
    ctx, _ = label_zones(b.build())
    fields.read_footnotes(ctx, [v for v in ctx.lines if v.label == FOOTNOTE])
    return ctx


def test_superscript_footnotes() -> None:
    ctx = marked(
        [
            ["Dear Minister,"],
            ["I refer to the regulation¹ adopted last year and to the directive² that followed it."],
            ["¹ Regulation (EU) 2016/679.", "² Directive 2019/1024, Article 3."],
            ["Yours sincerely,"],
        ]
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
    ctx = marked(
        [
            ["The report¹ was published in March."],
            ["¹ Report of the Court of Auditors on the", "management of the fund, 2019."],
        ]
    )
    assert ctx.fields["footnotes"] == ["Report of the Court of Auditors on the management of the fund, 2019."]


def test_plain_number_is_a_footnote_only_in_small_type() -> None:
    body = "We have 3 questions about the regulation¹ adopted last year in Brussels by the Council."
    big = marked([([body], {"font_size": 11.0}), (["1 Regulation (EU) 2016/679."], {"font_size": 11.0})])
    assert "footnotes" not in big.fields
    small = marked([([body], {"font_size": 11.0}), (["1 Regulation (EU) 2016/679."], {"font_size": 8.0})])
    assert small.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_plain_numbered_line_without_font_is_body() -> None:
    ctx = marked(
        [["We have 3 questions about the regulation adopted last year."], ["1 Regulation (EU) 2016/679."]]
    )
    assert "footnotes" not in ctx.fields
    assert all(lv.label is None for lv in ctx.lines)


def test_reader_footnote_region() -> None:
    ctx = marked([["The regulation¹ applies."], (["¹ Regulation (EU) 2016/679."], {"region": "footnote"})])
    assert ctx.fields["footnotes"] == ["Regulation (EU) 2016/679."]


def test_bracketed_list_without_references_is_not_footnotes() -> None:
    ctx = marked(
        [
            ["We set out our requests below, in order of priority for the committee:"],
            ["[1] We request a meeting with your services before the summer."],
            ["[2] We request access to the documents of the working group."],
        ]
    )
    assert "footnotes" not in ctx.fields


def test_strip_markers() -> None:
    assert footnotes.strip_markers("the regulation¹ adopted") == "the regulation adopted"
    assert footnotes.strip_markers("the rule [1] adopted in [2020]", {"1"}) == "the rule adopted in [2020]"
    # without known note numbers bracketed numbers stay
    assert footnotes.strip_markers("see [1]") == "see [1]"
