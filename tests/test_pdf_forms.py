"""Form XObjects that would make PDFium allocate without bound are refused before a page is loaded:
a form drawing itself (the standard forbids it) and pages whose nested forms add up to more than
MAX_FORM_DRAWS draws. PDFs made by hand here, with a text line on the page so that they are letters."""

from __future__ import annotations

import pytest

from letterkit import read_letter
from letterkit.errors import LimitExceeded
from letterkit.readers.pdf import MAX_FORM_DRAWS, check_form_xobjects

TEXT = b"BT /F1 12 Tf 72 720 Td (Dear Sir, thank you for your letter.) Tj ET"


Forms = dict[int, tuple[bytes, dict[str, int]]]


def _pdf(forms: Forms, page_draws: bytes, page_xobjects: dict[str, int]) -> bytes:
    """Objects 1-5 are catalog, pages, page content, page, font; ``forms`` maps object numbers (6+) to
    (content, {name: object number}) of form XObjects."""

    def xobj(refs: dict[str, int]) -> bytes:
        return b"/XObject << " + b" ".join(f"/{k} {v} 0 R".encode() for k, v in refs.items()) + b" >>"

    content = TEXT + b" " + page_draws
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 "
           b"5 0 R >> " + xobj(page_xobjects) + b" >> >>",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for num, (body, refs) in forms.items():
        objects[num] = (b"<< /Length %d /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << "
                        % len(body) + xobj(refs) + b" >> >>\nstream\n" + body + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    n = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    for num in range(1, n):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def test_a_form_drawn_a_few_times_is_read() -> None:
    data = _pdf({6: (b"0 0 m 10 10 l S", {})}, b"/L Do /L Do /L Do", {"L": 6})
    check_form_xobjects(data)
    assert read_letter(data, filename="logo.pdf").text.startswith("Dear Sir,")


@pytest.mark.parametrize("depth", [14, 17])  # small enough that a regression cannot exhaust the machine
def test_a_chain_of_forms_each_drawing_the_next_twice_is_refused(depth: int) -> None:
    forms = {6 + i: (b"/N Do /N Do", {"N": 7 + i}) for i in range(depth - 1)}
    forms[6 + depth - 1] = (b"0 0 m 1 1 l S", {})
    data = _pdf(forms, b"/X Do", {"X": 6})
    assert 2**depth > MAX_FORM_DRAWS
    with pytest.raises(LimitExceeded, match=f"more than {MAX_FORM_DRAWS} times"):
        read_letter(data, filename="dag.pdf")


def test_a_chain_within_the_limit_is_read() -> None:
    forms = {6 + i: (b"/N Do /N Do", {"N": 7 + i}) for i in range(7)}
    forms[13] = (b"0 0 m 1 1 l S", {})
    data = _pdf(forms, b"/X Do", {"X": 6})  # 2^8 draws
    assert read_letter(data, filename="dag.pdf").text.startswith("Dear Sir,")


SELF: Forms = {6: (b"/X Do", {"X": 6})}
THROUGH_ANOTHER: Forms = {6: (b"/Y Do", {"Y": 7}), 7: (b"/X Do", {"X": 6})}


@pytest.mark.parametrize("cycle", [SELF, THROUGH_ANOTHER])
def test_a_form_that_draws_itself_is_refused(cycle: Forms) -> None:
    data = _pdf(cycle, b"/X Do", {"X": 6})
    with pytest.raises(LimitExceeded, match="draws itself"):
        read_letter(data, filename="cycle.pdf")
