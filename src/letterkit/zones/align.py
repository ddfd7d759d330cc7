"""Labels of known text carried over to the lines a reader produced from it.

A generated letter knows the zone of each of its logical lines; once rendered (wrapped into a PDF,
split across pages, its header repeated by the word processor) and read back, the reader's lines are
other lines. They are matched by characters: the labelled text is one string with a label per
character (whitespace left out, since renderers and readers re-space), each read line is looked up in
it from where the previous one ended, and it takes the label most of its characters have. The same
matching carries a user's corrections (a zone per line of the text as read) to a re-read document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from letterkit.core.chars import FROM_SUPERSCRIPT

_WS = re.compile(r"\s+")
#: how far ahead of the cursor a line is looked for before the whole text is searched
WINDOW = 4000
#: a line whose text cannot be found keeps its label only when this many leading characters match
MIN_PROBE = 6


def _norm(text: str) -> str:
    # (superscript digits as digits: a reader writes a footnote's own number either way, Word's
    # footnotes part as '1', a raised PDF run as '¹'; one character for one, so the labels stay in step)
    return _WS.sub("", text).replace("\u00ad", "").translate(FROM_SUPERSCRIPT).casefold()


def align_labels(read_lines: Sequence[str], labelled: Sequence[tuple[str, str]]) -> list[str | None]:
    """For each read line, the label of the labelled text it came from (None where it was not found).

    ``labelled`` holds ``(text, label)`` pairs in document order.
    """
    chars: list[str] = []
    labels: list[str] = []
    for text, label in labelled:
        t = _norm(text)
        chars.append(t)
        labels.extend([label] * len(t))
    source = "".join(chars)
    out: list[str | None] = []
    cursor = 0
    for line in read_lines:
        t = _norm(line)
        if not t:
            out.append(None)
            continue
        at = source.find(t, cursor, cursor + WINDOW + len(t))
        if at < 0:
            at = source.find(t)  # a repeated header, or text read out of order
        if at < 0 and len(t) >= MIN_PROBE:
            probe = t[: max(MIN_PROBE, len(t) // 2)]
            at = source.find(probe, cursor, cursor + WINDOW + len(probe))
            if at < 0:
                at = source.find(probe)
            if at >= 0:
                t = probe
        if at < 0:
            out.append(None)
            continue
        span = labels[at : at + len(t)]
        out.append(Counter(span).most_common(1)[0][0])
        if at >= cursor:
            cursor = at + len(t)
    return out
