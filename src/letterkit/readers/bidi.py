"""The Unicode Bidirectional Algorithm's implicit rules for one line, both ways.

A PDF draws an Arabic or Hebrew line as it is seen (visual order): the right-to-left words from the
right edge leftwards, and inside them numbers and Latin words left to right - but a phone number
'+966 11 688 7700' in an Arabic line is *seen* as '7700 688 11 966+', because the spaces between its
groups take the line's direction (UAX #9, rule N1) and the groups are laid out right to left. Reading
the glyphs back needs the inverse of the display reordering, which no library offers: python-bidi
and fpdf2 only go from logical to visual.

This module implements the rules a line without explicit embeddings needs (UAX #9 W1-W7, N0-N2,
I1-I2, L1-L2, and L4 mirroring of brackets) for the forward direction, and inverts it: the levels of a
visual line are found as a fixed point - levels guessed on the visual text, the logical text they
imply, that text's own levels - and a candidate is only accepted when displaying it gives the visual
line back. With levels 1 and 2 only (a right-to-left line with numbers and Latin words in it), the
reordering of rule L2 is its own inverse, which is what makes the round trip exact.

Some visual lines have several logical readings (Arabic 'A 12 B' and 'A B 12'... with a Latin word
and a number: both are seen alike); the fixed point starts from the reading the visual text itself
suggests, which is the usual one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: UAX #9 BidiBrackets.txt / BidiMirroring.txt for the brackets and quotes letters use: opening ->
#: closing (a character table of the Unicode standard, not language data)
BRACKETS: dict[str, str] = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u0f3a": "\u0f3b",
    "\u0f3c": "\u0f3d",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u2329": "\u232a",
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\ufd3e": "\ufd3f",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
_CLOSERS = {v: k for k, v in BRACKETS.items()}
#: glyph mirroring (L4) beyond the paired brackets: shown mirrored at odd levels, not paired by N0
_MIRROR_EXTRA = {
    "<": ">",
    ">": "<",
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab",
    "\u2039": "\u203a",
    "\u203a": "\u2039",
}
MIRROR: dict[str, str] = {**BRACKETS, **_CLOSERS, **_MIRROR_EXTRA}

#: the blocks that hold every character of bidi class R or AL (Hebrew, Arabic, Syriac, Thaana, NKo...,
#: the right-to-left mark, their presentation forms and the right-to-left historic and Arabic
#: mathematical blocks); ``tests/test_pdf_reader.py`` checks over every code point that none lies outside
RIGHT_TO_LEFT_BLOCKS = ((0x0590, 0x08FF), (0x200F, 0x200F), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF),
                        (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))  # fmt: skip

#: the blocks as one short class: a first test that most lines fail at once
_BLOCKS_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in RIGHT_TO_LEFT_BLOCKS) + "]")


@functools.cache
def _right_to_left_re() -> re.Pattern[str]:
    """One character class of exactly the characters whose bidi class is R or AL."""
    ranges: list[tuple[int, int]] = []
    for lo, hi in RIGHT_TO_LEFT_BLOCKS:
        for cp in range(lo, hi + 1):
            if unicodedata.bidirectional(chr(cp)) in ("R", "AL"):
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1] = (ranges[-1][0], cp)
                else:
                    ranges.append((cp, cp))
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def has_right_to_left(text: str) -> bool:
    """Does ``text`` hold a right-to-left letter (bidi class R or AL)? One regex scan, in C: most lines
    of most letters have none, and looking up each character's class in Python costs ~30 times more."""
    return _BLOCKS_RE.search(text) is not None and _right_to_left_re().search(text) is not None


_STRONG = frozenset({"L", "R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
#: explicit formatting characters are not handled as embeddings (PDF text does not carry them):
#: they count as neutrals
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF"})


def _types(text: str) -> list[str]:
    out = []
    for ch in text:
        kind = unicodedata.bidirectional(ch) or "L"
        out.append("ON" if kind in _EXPLICIT else kind)
    return out


def _as_strong(kind: str) -> str | None:
    """The direction a resolved type counts as for neutrals (N0, N1): numbers count as R."""
    if kind == "L":
        return "L"
    if kind in ("R", "AN", "EN"):
        return "R"
    return None


def _pair_brackets(text: str, types: list[str]) -> list[tuple[int, int]]:
    """BD16: the bracket pairs of the line, sorted by their opening bracket."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        if ch in BRACKETS:
            if len(stack) == 63:
                break
            stack.append((BRACKETS[ch], i))
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def resolve_levels(text: str, base: int, context: str | None = None) -> list[int]:
    """Each character's embedding level in a line of logical ``text`` whose paragraph level is
    ``base`` (1: right to left, 0: left to right), by the implicit rules of UAX #9.

    ``context``: the last strong type ('L', 'R', 'AL') of the paragraph's text before this line,
    for a line that continues a paragraph. The weak rules W2 and W7 look back to the paragraph's
    previous letter: digits that start the second line of an Arabic paragraph are Arabic numbers,
    which a hyphen does not join ('26-01-2001' is seen as '2001-01-26' there, not at the start of a
    paragraph)."""
    n = len(text)
    if n == 0:
        return []
    orig = _types(text)
    types = list(orig)
    edge = "R" if base % 2 else "L"
    # W1: a combining mark takes the type of the character before it (BN are skipped over, X9)
    prev = edge
    for i, kind in enumerate(types):
        if kind == "NSM":
            types[i] = "ON" if prev in ("LRI", "RLI", "FSI", "PDI") else prev
        elif kind != "BN":
            prev = types[i]
    # W2, W3: European digits after Arabic letters are Arabic numbers; AL is R
    last = context or edge
    for i, kind in enumerate(types):
        if kind in _STRONG:
            last = kind
            if kind == "AL":
                types[i] = "R"
        elif kind == "EN" and last == "AL":
            types[i] = "AN"
    # the weak rules W4-W6 look at neighbours across boundary neutrals (BN): work on the others
    idx = [i for i, kind in enumerate(types) if kind != "BN"]
    t = [types[i] for i in idx]
    m = len(t)
    # W4: one separator between two numbers of the same kind joins them
    for k in range(1, m - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5: terminators (%, $, +/- signs are ES) next to European digits are part of the number
    k = 0
    while k < m:
        if t[k] != "ET":
            k += 1
            continue
        end = k
        while end < m and t[end] == "ET":
            end += 1
        if (k > 0 and t[k - 1] == "EN") or (end < m and t[end] == "EN"):
            for j in range(k, end):
                t[j] = "EN"
        k = end
    # W6: remaining separators and terminators are neutral
    t = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in t]
    # W7: European digits after a left-to-right letter are left to right
    last = "R" if context == "AL" else context or edge
    for k, kind in enumerate(t):
        if kind in ("L", "R"):
            last = kind
        elif kind == "EN" and last == "L":
            t[k] = "L"
    for k, i in enumerate(idx):
        types[i] = t[k]
    _resolve_brackets(text, orig, types, base, edge)
    # N1, N2: a run of neutrals between two of one direction takes it, else the paragraph's
    k = 0
    while k < m:
        if types[idx[k]] not in _NEUTRAL:
            k += 1
            continue
        end = k
        while end < m and types[idx[end]] in _NEUTRAL:
            end += 1
        before = _as_strong(types[idx[k - 1]]) if k > 0 else edge
        after = _as_strong(types[idx[end]]) if end < m else edge
        kind = before if before == after and before is not None else edge
        for j in range(k, end):
            types[idx[j]] = kind
        k = end
    # I1, I2
    levels = [0] * n
    for i, kind in enumerate(types):
        if kind == "BN":
            continue
        if base % 2 == 0:
            levels[i] = base + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            levels[i] = base + (1 if kind in ("L", "EN", "AN") else 0)
    # BN take the level of the character before them (they are invisible either way)
    for i, kind in enumerate(types):
        if kind == "BN":
            levels[i] = levels[i - 1] if i else base
    # L1: whitespace at the end of the line, and before tabs, goes back to the paragraph level
    trailing = True
    for i in range(n - 1, -1, -1):
        kind = orig[i]
        if kind in ("S", "B"):
            levels[i] = base
            trailing = True
        elif trailing and kind in ("WS", "BN", "LRI", "RLI", "FSI", "PDI"):
            levels[i] = base
        else:
            trailing = False
    return levels


def _resolve_brackets(text: str, orig: list[str], types: list[str], base: int, edge: str) -> None:
    """N0: a bracket pair takes the paragraph's direction if it holds a letter of that direction,
    else the other direction if it holds one and the context before the pair has it too."""
    pairs = _pair_brackets(text, orig)
    if not pairs:
        return
    embedding = edge
    for open_, close in pairs:
        inside = {_as_strong(types[j]) for j in range(open_ + 1, close)} - {None}
        if not inside:
            continue
        if embedding in inside:
            kind = embedding
        else:
            context = edge
            for j in range(open_ - 1, -1, -1):
                strong = _as_strong(types[j])
                if strong is not None:
                    context = strong
                    break
            kind = context if context != embedding else embedding
        for j in (open_, close):
            types[j] = kind
            # a combining mark after a bracket follows it
            k = j + 1
            while k < len(types) and orig[k] == "NSM":
                types[k] = kind
                k += 1


def _reorder(levels: list[int]) -> list[int]:
    """L2: the logical indices in visual order (left to right)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    low = min(lv for lv in levels if lv % 2) if any(lv % 2 for lv in levels) else top + 1
    for level in range(top, low - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < n and levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def display(text: str, rtl: bool = True, context: str | None = None, mirror: bool = True) -> str:
    """``text`` (logical order) as it is seen on one line, left to right; ``mirror``: brackets in
    right-to-left stretches as their glyphs are seen (L4), '(' as ')'."""
    levels = resolve_levels(text, 1 if rtl else 0, context)
    if not mirror:
        return "".join(text[i] for i in _reorder(levels))
    return "".join(_mirrored(text[i], levels[i]) for i in _reorder(levels))


def _mirrored(ch: str, level: int) -> str:
    return MIRROR.get(ch, ch) if level % 2 else ch


def logical(visual: str, rtl: bool = True, mirrored: bool = False, context: str | None = None) -> str:
    """The logical text of a line seen as ``visual`` (its characters left to right), such that
    ``display(logical(visual)) == visual`` whenever such a text exists.

    ``mirrored``: the visual text names mirrored brackets as they are seen (a ')' seen in a
    right-to-left stretch is a '('); PDFium already turns mirrored glyphs back, so not for PDFs.
    ``context``: see ``resolve_levels``.
    """
    if not visual:
        return visual
    base = 1 if rtl else 0
    seen = _unmirror(visual, rtl) if mirrored else visual
    # starting guesses of the visual line's levels: its own levels (for levels 1 and 2 the reordering
    # is its own inverse, so this is exact unless a weak or neutral character's context differs);
    # the levels of the line read backwards (right to left, the order of a right-to-left line's
    # letters); every weak and neutral character at the paragraph level
    own = resolve_levels(seen, base, context)
    back = resolve_levels(seen[::-1], base, context)[::-1]
    flat = [base if unicodedata.bidirectional(ch) not in ("L", "R", "AL", "EN", "AN") else lv
            for ch, lv in zip(seen, own, strict=True)]
    first: str | None = None
    for start in (own, back, flat):
        cand = _fixed_point(visual, start, base, mirrored, context)
        if first is None:
            first = cand
        if display(cand, rtl, context, mirror=mirrored) == visual:
            return cand
    return first if first is not None else visual


def _fixed_point(visual: str, levels_v: list[int], base: int, mirrored: bool, context: str | None) -> str:
    """Levels of the visual line -> the logical text they imply -> that text's levels, until they agree."""
    cand = visual
    for _ in range(6):
        order = _reorder(levels_v)  # visual positions in logical order (an involution)
        cand = "".join(_mirrored(visual[p], levels_v[p]) if mirrored else visual[p] for p in order)
        lv = resolve_levels(cand, base, context)
        again = [0] * len(visual)
        for i, p in enumerate(order):
            again[p] = lv[i]
        if again == levels_v:
            break
        levels_v = again
    return cand


def _unmirror(visual: str, rtl: bool) -> str:
    """A right-to-left line's brackets as the logical text has them, for a first guess of levels:
    a seen ')...(' is '(...)'."""
    if not rtl:
        return visual
    return "".join(MIRROR.get(ch, ch) if ch in BRACKETS or ch in _CLOSERS else ch for ch in visual)


def balanced(text: str) -> bool:
    """Do the brackets of ``text`` close after they open ('(א)', not ')א(')? A logical text's do;
    a line read back with the mirroring of its brackets mistaken has them inside out."""
    depth: dict[str, int] = {}
    for ch in text:
        if ch in BRACKETS or ch == "<":
            depth[ch] = depth.get(ch, 0) + 1
        else:
            opener = _CLOSERS.get(ch) or ("<" if ch == ">" else None)
            if opener is not None:
                if depth.get(opener, 0) == 0:
                    return False
                depth[opener] -= 1
    return not any(depth.values())
