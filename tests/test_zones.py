"""The zone model: line features, label alignment, the shipped model, confidence, and retraining."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letterkit import read_letter
from letterkit.api import read_document
from letterkit.document import DocumentBuilder
from letterkit.heuristics.context import make_context
from letterkit.zones.align import align_labels
from letterkit.zones.archive import load_model
from letterkit.zones.features import crf_items, line_features, script_of
from letterkit.zones.labels import ZONES
from letterkit.zones.model import ModelError, ZoneModel

ROOT = Path(__file__).resolve().parent.parent
RULE_LABELS = ROOT / "training" / "handmade_rule_labels.jsonl"


def _views(lines: list[str]):  # type: ignore[no-untyped-def]
    b = DocumentBuilder(format="txt", reader="test")
    for text in lines:
        if text == "":
            b.end_block()
        else:
            b.add_line(text)
    doc = b.build()
    return make_context(doc).lines, {p.number: p for p in doc.pages}


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Dear Sir,", "Latn"),
        ("Уважаемый Иван Петрович,", "Cyrl"),
        ("Αγαπητέ κύριε,", "Grek"),
        ("السيد المحترم،", "Arab"),
        ("שלום רב,", "Hebr"),
        ("尊敬的王先生：", "Hani"),
        ("拝啓 新緑の候、ますますご清栄のこととお喜び申し上げます。", "Kana"),
        ("김철수 교수님께", "Hang"),
        ("12.05.2023", ""),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_features_one_record_per_line_with_neighbours() -> None:
    views, pages = _views(["Brussels, 29 June 2016", "", "Dear Ms Berg,", "", "Thank you for your letter "
                           "of 3 May, which we read with great interest and some concern.", "",
                           "Yours sincerely,", "", "Tunne Kelam"])
    recs = line_features(views, pages)
    assert len(recs) == len(views) == 5
    assert recs[0].date_cov >= 9 and recs[1].greeting and recs[3].close
    assert recs[2].sentence and not recs[2].greeting
    items = crf_items(recs)
    assert "-1:greeting" in items[2] and "+1:close" in items[2]
    assert "-1:edge" in items[0] and "+2:edge" in items[3]
    assert "vg:at" in items[1] and any(a.startswith("vc:a") for a in items[4])


def test_case_features_only_where_the_script_has_case() -> None:
    caps = "DEAR SIR, I WRITE TO TELL YOU THAT THE SHIPMENT ARRIVED IN GOOD ORDER."
    views, pages = _views(["敬具", caps, "Dear Sir,"])
    recs = line_features(views, pages)
    assert recs[0].upper == -1 and not recs[0].starts_lower
    assert recs[1].all_caps and recs[1].prose  # an ALL-CAPS typescript line is still prose
    assert recs[2].upper >= 0


def test_cjk_prose_without_spaces_is_prose() -> None:
    line = "前略、先日はお忙しいところお時間をいただき、誠にありがとうございました。"
    line += "ご提案の件について社内で検討いたしました。"
    views, pages = _views([line])
    assert line_features(views, pages)[0].prose


def test_a_wrapped_line_of_a_caseless_spaced_script_is_prose() -> None:
    # a born-digital Korean or Arabic PDF wraps its paragraphs mid-sentence: such a line has neither
    # lower case nor a full stop, and was read as no prose, so nothing marked where the body was
    korean = "지난달 보내 주신 자료를 잘 받았으며 저희 연구소에서는 이를 바탕으로 다음 학기"
    arabic = "نود أن نشكركم على رسالتكم الكريمة المؤرخة في الشهر الماضي والتي تلقيناها"
    heading = "한국대학교 컴퓨터공학과"  # a short line of the same script is still no prose
    contact = "전화 02 1234 5678 이메일 info@example.kr 주소 서울특별시 중구 세종대로 110"
    views, pages = _views([korean, arabic, heading, contact])
    recs = line_features(views, pages)
    assert recs[0].prose and recs[1].prose
    assert not recs[0].sentence  # (it does not end like one)
    assert not recs[2].prose and not recs[3].prose


def test_a_label_alone_on_its_line_is_a_marker_feature_of_its_own() -> None:
    # 'CC:' above the copied names, 'Anlagen' above the enclosures: the label with nothing after it
    # gave no marker feature at all, so the model had only the word itself to go by
    views, pages = _views(["CC:", "cc: Jean-Marc Ayrault", "Anlagen", "Anlagen: Lebenslauf", "Dear Sir,"])
    recs = line_features(views, pages)
    assert "cc:alone" in recs[0].markers and "cc" in recs[1].markers
    assert "enclosures:alone" in recs[2].markers and "enclosures" in recs[3].markers
    assert recs[4].markers == ()
    items = crf_items(recs)
    assert "m_cc:alone" in items[0] and "+1:m_cc" in items[0] and "-1:m_cc:alone" in items[1]


def test_a_reply_header_is_a_feature_its_neighbours_see() -> None:
    # 'On ... wrote:' under a printed e-mail's signature opens the quoted earlier message; the e-mail
    # reader's own markers (lang/data/email.json) say so, in every language they cover
    views, pages = _views(["Best,", "Ana", "", "On Fri, 11 Mar 2022 at 16:40, Lukas Brandt <lb@x.de> wrote:",
                           "Dear Ana,", "", "Le 3 mars 2021 à 10:12, Paul Martin a écrit :", "",
                           "-----Original Message-----", "Meeting at 10:"])
    recs = line_features(views, pages)
    assert [r.quote_head for r in recs] == [False, False, True, False, True, True, False]
    items = crf_items(recs)
    assert "quote_head" in items[2] and "-1:quote_head" in items[3]


def test_a_delegation_line_is_a_feature_its_neighbours_see() -> None:
    # 'Pour le Maire et par délégation,' between the close and the name: without a feature of its own
    # the model read it as more of the close, and the real close above it as body
    views, pages = _views(["Je vous prie d'agréer, Madame, mes salutations distinguées.", "",
                           "Pour le Maire et par délégation,", "Claire Dubois"])
    recs = line_features(views, pages)
    assert [r.delegation for r in recs] == [False, True, False]
    items = crf_items(recs)
    assert "delegation" in items[1] and "+1:delegation" in items[0] and "-1:delegation" in items[2]


def test_align_labels_across_wrapping_and_repeats() -> None:
    labelled = [("ACME Ltd, 1 High Street", "letterhead"), ("Dear Ann,", "salutation"),
                ("The quick brown fox jumps over the lazy dog and runs away.", "body"),
                ("Page 2", "furniture")]
    read = ["ACME Ltd, 1 High", "Street", "Dear Ann,", "The quick brown fox jumps", "over the lazy dog and",
            "runs away.", "Page 2", "ACME Ltd, 1 High Street", "unknown words"]
    assert align_labels(read, labelled) == [
        "letterhead", "letterhead", "salutation", "body", "body", "body", "furniture", "letterhead", None,
    ]


def test_a_line_repeated_on_a_later_page_is_furniture_in_training() -> None:
    from letterkit.zones.train import repeats_as_furniture

    b = DocumentBuilder(format="pdf", reader="test")
    b.new_page(595, 842)
    for text in ("ACME LTD", "Dear Ann,", "The letter begins here and goes"):
        b.add_line(text)
    b.new_page(595, 842)
    for text in ("ACME LTD", "on after the break.", "Yours, ACME  LTD"):
        b.add_line(text)
    doc = b.build()
    labels: list[str | None] = ["letterhead", "salutation", "body", "letterhead", "body", "closing"]
    # the header drawn again on page 2 is page furniture; a line merely containing it is not
    assert repeats_as_furniture(doc, labels) == [
        "letterhead", "salutation", "body", "furniture", "body", "closing",
    ]


def test_generated_pages_break_inside_paragraphs_and_repeat_their_furniture() -> None:
    """Some page breaks fall inside a sentence of a paragraph, and some letters carry their footer or
    letterhead again, as furniture, in the running text at the break (a PDF's text dumped as it lies)."""
    from letterkit.zones import synth

    straddled = dumped = 0
    for letter in synth.generate(600, seed=3):
        lines = letter.lines
        for i, line in enumerate(lines):
            if line.label != "body" or line.text.endswith((".", "!", "?", ":", ";")):
                continue
            j = i + 1
            while j < len(lines) and lines[j].label == "furniture":
                j += 1
            broken = any(x.page_break_before for x in lines[i + 1 : j + 1])
            if j < len(lines) and lines[j].label == "body" and broken:
                straddled += 1
        firsts = {x.text for x in lines if x.label == "letterhead" or x.region == "footer"}
        if any(x.label == "furniture" and x.region == "body" and x.text in firsts for x in lines):
            dumped += 1
    assert straddled >= 20
    assert dumped >= 10


def test_builtin_model_labels_a_letter_with_probabilities() -> None:
    model = load_model()
    assert set(model.labels) <= set(ZONES)
    views, pages = _views(["Brussels, 29 June 2016", "", "Dear Ms Berg,", "",
                           "Thank you for your letter of 3 May, which we read with great interest.", "",
                           "Yours sincerely,", "", "Tunne Kelam"])
    guesses = model.label(views, pages)
    assert [g.label for g in guesses] == ["dateline", "salutation", "body", "closing", "signature"]
    assert all(0.0 <= g.prob <= 1.0 for g in guesses)
    assert load_model() is model  # opened once


def test_confidence_per_field() -> None:
    letter = read_letter(ROOT / "examples" / "letters" / "kelam-valls-2016.txt")
    conf = letter.confidence
    for key in ("date", "salutation", "signatories.0", "body.0"):
        assert 0.0 < conf[key] <= 1.0, key
    assert json.loads(letter.model_dump_json())["confidence"] == conf


def test_training_is_deterministic(tmp_path: Path) -> None:
    from letterkit.zones.train import main

    outs = []
    for k in range(2):
        out = tmp_path / f"m{k}.crfsuite"
        assert main(["--synth", "5", "--iterations", "10", "--seed", "3", "--out", str(out)]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_the_regularisation_weights_can_be_set_from_the_command_line(tmp_path: Path) -> None:
    """``--c1``/``--c2`` reach the trainer: a much stronger L1 weight prunes the model to fewer features."""
    from letterkit.zones.train import main

    sizes = []
    for c1 in ("0.01", "50"):
        out = tmp_path / f"c1-{c1}.crfsuite"
        assert main(["--synth", "5", "--iterations", "10", "--seed", "3", "--c1", c1, "--c2", "0.01",
                     "--out", str(out)]) == 0
        sizes.append(out.stat().st_size)
    assert sizes[1] < sizes[0]


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="could not be opened"):
        ZoneModel(tmp_path / "nothing.crfsuite")


def test_retraining_a_tiny_model_from_labelled_files(tmp_path: Path) -> None:
    """The training path end to end: labelled files -> samples -> CRF file -> a model that reads."""
    from letterkit.cli import main

    sample = tmp_path / "labels.jsonl"
    sample.write_text("".join(RULE_LABELS.read_text(encoding="utf-8").splitlines(keepends=True)[:6]),
                      encoding="utf-8")
    out = tmp_path / "tiny.crfsuite"
    status = main(["train", "--labelled-files", str(sample), "--root", str(ROOT), "--repeat-files", "1",
                   "--synth", "6", "--iterations", "15", "--out", str(out)])
    assert status == 0 and out.stat().st_size > 0
    letter = read_letter(ROOT / "tests" / "letters" / "german-betreff.txt", model=str(out))
    assert letter.body  # a model trained on six letters still finds a body
    assert read_document(ROOT / "tests" / "letters" / "german-betreff.txt").format == "txt"


def _recs(doc):  # type: ignore[no-untyped-def]
    ctx = make_context(doc)
    recs: dict[str, list] = {}  # type: ignore[type-arg]
    for v, rec in zip(ctx.lines, line_features(ctx.lines, {p.number: p for p in doc.pages}), strict=True):
        recs.setdefault(v.text, []).append(rec)
    return recs


def test_where_a_repeated_line_stands_is_a_feature() -> None:
    """A header or footer stands again at the same edge of each page; a line repeated elsewhere (at the
    top of one page and the foot of another, or twice on one page) is more often the letter's own."""
    b = DocumentBuilder(format="txt", reader="test")
    filler = [f"Paragraph {w} of the letter, which goes on for a while." for w in "abcdefgh"]
    b.new_page()
    for text in ("ACME LTD", "Confidential", *filler[:4]):
        b.add_line(text)
    b.new_page()
    for text in ("ACME LTD", *filler[4:], "Confidential"):
        b.add_line(text)
    recs = _recs(b.build())
    assert all(r.repeats and r.repeat_same_edge and not r.repeat_one_page for r in recs["ACME LTD"])
    assert all(r.repeats and not r.repeat_same_edge and not r.repeat_one_page for r in recs["Confidential"])
    b = DocumentBuilder(format="txt", reader="test")
    for text in ("Tom and the children", "Brussels is lovely in spring.", "Tom and the children"):
        b.add_line(text)
    tom = _recs(b.build())["Tom and the children"]
    assert all(r.repeats and r.repeat_one_page and not r.repeat_same_edge for r in tom)
    assert "repeat_one_page" in crf_items(tom)[0]
    assert "repeat_same_edge" not in crf_items(tom)[0]
