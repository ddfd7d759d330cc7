"""Plain text and Markdown: charset detection, Markdown reduced to text, form feeds as page breaks.

Blank lines separate blocks; a form feed starts a new page. Markdown emphasis and links are reduced to
their text (``**23 MARS 2015**`` is a date) and placeholder links such as ``([LINK](#))`` disappear,
because they are page furniture of the place the letter was copied from, not words of the letter.
``Document.text`` is the decoded input itself (newlines normalised), so nothing is lost and every
line's span points into what the user gave.
"""

from __future__ import annotations

import re
import unicodedata

from letterkit.core.chars import strip_bom
from letterkit.document import Block, Document, Line, Page
from letterkit.errors import CorruptInput, EmptyInput
from letterkit.readers.base import EXTENSION_MATCH, NO_MATCH, Reader, ReadOptions, StreamInfo

TEXT_EXTENSIONS = ("txt", "text", "md", "markdown", "mdown", "rst", "asc")
#: a sniffed head that decodes and looks like prose scores this: above extension-only guesses of
#: binary formats would be wrong, so it stays below EXTENSION_MATCH
LOOKS_LIKE_TEXT = 0.3


#: share of control characters (other than tab, newlines, form feed) above which bytes are not text
MAX_CONTROL_RATIO = 0.02
#: stray NULs inside text, at most one byte in ten, are dropped (with a warning); denser ones mean
#: the input is binary. Runs of NULs at either end (padding after a crash) are always dropped.
MAX_INNER_NUL_RATIO = 0.1


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


#: Unicode categories that never occur in text: unassigned, private use, surrogates, controls (the
#: whitespace controls excepted), and format characters other than the few text uses
_NOT_TEXT_CATEGORIES = frozenset(("Cn", "Co", "Cs", "Cc"))
_TEXT_CONTROLS = frozenset("\t\n\r\f")


def _plausible_text(text: str) -> bool:
    """Whether decoded text could be a letter: no unassigned, private-use, surrogate or control
    characters, and mostly letters, marks, digits, punctuation and spaces."""
    if not text:
        return False
    good = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in _NOT_TEXT_CATEGORIES and ch not in _TEXT_CONTROLS:
            return False
        good += cat[0] in "LMNPZ" or ch in _TEXT_CONTROLS
    return good >= 0.95 * len(text)


def _guess_utf16_any_script(data: bytes) -> str | None:
    """UTF-16 without a BOM in any script. Outside Latin there are few NUL bytes (only spaces, digits
    and newlines have them), but one byte of each pair, the high one, still takes far fewer values than
    the other: a Greek or Russian letter keeps one high byte (0x03, 0x04), Japanese a few dozen against
    the low bytes' hundreds. The side with fewer values gives the byte order, the NULs of line breaks
    and spaces must all stand on that side, and the sample must then
    decode to plausible text (:func:`_plausible_text`: bytes swapped, a newline becomes U+0A00, which
    is unassigned, and kanji fall into the private-use area). Tried only after strict UTF-8 failed:
    ASCII read as UTF-16 is valid CJK."""
    sample = data[: 8192 - 8192 % 2] if len(data) >= 8192 else data[: len(data) - len(data) % 2]
    if len(sample) < 16:
        return None
    even, odd = set(sample[0::2]), set(sample[1::2])
    if len(odd) < 0.6 * len(even):
        enc, high, low = "utf-16-le", sample[1::2], sample[0::2]  # high bytes at odd offsets
    elif len(even) < 0.6 * len(odd):
        enc, high, low = "utf-16-be", sample[0::2], sample[1::2]
    else:
        return None
    # a line break is 0A 00: text in UTF-16 has NULs, all of them high bytes (Shift JIS, Big5 and
    # the like also have fewer lead than trail byte values, but no NUL at all)
    if not high.count(0) or low.count(0) > 0.01 * len(low):
        return None
    try:
        text = sample.decode(enc)
    except UnicodeDecodeError:  # a pair cut at the end of the sample, or a lone surrogate
        try:
            text = sample[:-2].decode(enc)
        except UnicodeDecodeError:
            return None
    return enc if _plausible_text(text) else None


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_ratio(text: str) -> float:
    """Share of characters that never occur in text (C0/C1 controls other than tab, newlines, form feed)."""
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


#: detector coherence scores closer than this count as a tie
_DETECTOR_TIE = 0.02
#: legacy charsets common enough to beat cp1252 when the detector finds them more coherent; exotic
#: ones (hp_roman8, cp775...) win on short texts by chance, so they never override cp1252
_COMMON_LEGACY = frozenset(
    (
        "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "iso8859_2", "iso8859_5",
        "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_13", "koi8_r", "koi8_u", "cp932", "shift_jis",
        "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "euc_kr", "cp949", "cp874", "tis_620",
    )
)
#: what Western European text in cp1252 holds besides ASCII: Latin-1 letters, the letters cp1252 adds
#: and typographic punctuation; mojibake from another charset decoded as cp1252 shows other signs
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸƒ"
    "“”‘’‚„–—…•€«»°§ªº¿¡\u00a0\t\n\r\f"
)


def _detect(body: bytes) -> str | None:
    """charset-normalizer's guess, except that cp1252 wins unless another charset is clearly better.

    On short texts the detector often cannot tell cp1252 from cp1250, or even Shift JIS, and picks
    the wrong one (French "très" came out "trčs", German "Müller" as Japanese). cp1252 is the
    commonest legacy charset of letters, so it is taken when it decodes to plausible Western text and
    no other common charset explains the text clearly better (higher language coherence): a Czech
    text in cp1250 or a Russian one in cp1251 still gets its own charset.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(body[:200000])
    best = results.best()
    try:
        western = body.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and all(ch < "\x80" or ch in _WESTERN for ch in western[:20000]):
        cp1252_coherence = max(
            (m.coherence for m in results if "cp1252" in m.could_be_from_charset), default=0.0
        )
        rivals = [
            m for m in results
            if m.encoding in _COMMON_LEGACY and "cp1252" not in m.could_be_from_charset
            and m.coherence > cp1252_coherence + _DETECTOR_TIE
        ]
        if not rivals:
            return "cp1252"
        return max(rivals, key=lambda m: m.coherence).encoding
    return best.encoding if best is not None else None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes of unknown charset; return (text, encoding). Raises CorruptInput for binary data.

    Order: BOM, the declared charset, strict UTF-8, BOM-less UTF-16, then charset-normalizer's guess
    (which tells cp1252 from latin-1 and others by statistics), and cp1252 as a last resort.
    """
    body, enc = strip_bom(data)
    candidates: list[str] = []
    if enc:
        candidates.append(enc)
    if declared:
        candidates.append(declared)
    candidates.append("utf-8")
    u16 = _guess_utf16(body)
    if u16:
        candidates.insert(0 if not enc else 1, u16)
    for cand in candidates:
        try:
            text = body.decode(cand)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_ratio(text[:20000]) <= MAX_CONTROL_RATIO:
            return text, cand
    if not enc and not u16 and (u16 := _guess_utf16_any_script(body)):
        try:
            text = body.decode(u16)
        except UnicodeDecodeError:
            text = ""
        if text and _control_ratio(text[:20000]) <= MAX_CONTROL_RATIO:
            return text, u16
    if b"\x00" not in body[:4096]:
        try:
            guess = _detect(body)
        except Exception:  # the detector is a nicety; never let it crash a read
            guess = None
        if guess:
            try:
                text = body.decode(guess)
            except (UnicodeDecodeError, LookupError):
                text = ""
            if text and _control_ratio(text[:20000]) <= MAX_CONTROL_RATIO:
                return text, guess
        text = body.decode("cp1252", errors="replace")
        if _control_ratio(text[:20000]) <= MAX_CONTROL_RATIO:
            return text, "cp1252"
    raise CorruptInput(
        "The input does not look like text: it holds binary data (control bytes or NULs) in no known "
        "charset. If it is a PDF, DOCX or HTML file, pass format=... or give it its proper extension."
    )


# --- Markdown reduction -------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_PLACEHOLDER_LINK = re.compile(r"\(?\[(?:link|LINK|Link|here|\s*)\]\((?:#[^)]*|)\)\)?")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BLANKS = re.compile(r"[ \t]+")


def reduce_markdown(line: str) -> tuple[str, dict[str, object]]:
    """Markdown inline syntax reduced to its text; returns the text and layout cues it implied."""
    cues: dict[str, object] = {}
    # each pattern is tried only on lines holding a character it needs: most lines hold none
    if ("-" in line or "*" in line or "_" in line) and _MD_RULE.match(line):
        return "", cues
    m = _MD_HEADING.match(line) if "#" in line else None
    if m:
        line = m.group(2)
        cues["style"] = f"h{len(m.group(1))}"
        cues["bold"] = True
    if ">" in line:
        line = _MD_QUOTE.sub("", line)
    if "![" in line:
        im = _MD_IMAGE.search(line)
        if im and not _MD_IMAGE.sub("", line).strip():
            cues["kind"] = "image"
        line = _MD_IMAGE.sub(lambda x: x.group(1), line)
    if "](" in line:
        line = _MD_PLACEHOLDER_LINK.sub("", line)
        line = _MD_LINK.sub(lambda x: x.group(1), line)
    if "<" in line:
        line = _MD_AUTOLINK.sub(lambda x: x.group(1), line)
    if "*" in line or "_" in line:
        stripped = line.strip()
        whole = _MD_STRONG.fullmatch(stripped)
        if whole:
            cues["bold"] = True
        line = _MD_STRONG.sub(lambda x: x.group(2), line)
        line = _MD_EM.sub(lambda x: x.group(2), line)
    if "`" in line:
        line = _MD_CODE.sub(lambda x: x.group(1), line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(lambda x: x.group(1), line)
    return line, cues


def text_to_document(text: str, format: str, reader: str) -> Document:
    """Split decoded text into pages (form feeds), blocks (blank lines) and lines with spans into ``text``."""
    pages: list[Page] = [Page(number=1)]
    block: Block | None = None
    index = 0
    pos = 0
    for raw in text.split("\n"):
        line_start = pos
        pos += len(raw) + 1
        segments = raw.split("\f")
        for k, seg in enumerate(segments):
            if k > 0:  # a form feed: new page
                pages.append(Page(number=len(pages) + 1))
                block = None
                line_start += 1
            seg_start = line_start
            line_start += len(seg)
            visible, cues = reduce_markdown(seg)
            visible = visible.replace("\u00a0", " ").rstrip()
            if not visible.strip() and cues.get("kind") != "image":
                block = None
                continue
            if block is None:
                block = Block()
                pages[-1].blocks.append(block)
            stripped = visible.lstrip(" \t")
            indent = len(visible.expandtabs(8)) - len(stripped.expandtabs(8))
            block.lines.append(
                Line(
                    text=_BLANKS.sub(" ", stripped),
                    page=len(pages),
                    start=seg_start,
                    end=seg_start + len(seg),
                    indent=float(indent),
                    index=index,
                    **cues,  # type: ignore[arg-type]
                )
            )
            index += 1
    return Document(pages=pages, text=text, format=format, reader=reader)


class TextReader(Reader):
    """Plain text and Markdown files."""

    name = "text"
    formats = ("txt", "md", "text", "markdown")
    extensions = TEXT_EXTENSIONS
    priority = -100  # the generic fallback: every specific format wins over it
    description = "plain text and Markdown (charset detected; form feeds are page breaks)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if info.extension in self.extensions:
            return EXTENSION_MATCH
        body, enc = strip_bom(head)
        if enc or _guess_utf16(body):
            return LOOKS_LIKE_TEXT
        if b"\x00" in body and _guess_utf16_any_script(body):
            return LOOKS_LIKE_TEXT
        if not body or b"\x00" in body:
            return NO_MATCH
        try:
            sample = body[:8000].decode("utf-8", errors="ignore")
        except Exception:
            return NO_MATCH
        return LOOKS_LIKE_TEXT if _control_ratio(sample) <= MAX_CONTROL_RATIO else NO_MATCH

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        if not data.strip():
            raise EmptyInput("The input is empty: there is no text to read.")
        warnings: list[str] = []
        try:
            text, encoding = decode_text(data, info.charset)
        except CorruptInput:
            # Stray NUL bytes (a file padded with zeros after a crash, a NUL typed into an old editor)
            # make otherwise good text look binary; not UTF-16 (decode_text tried it), so if the text
            # is good without them, read it and say so rather than lose the letter.
            nuls = data.count(b"\x00")
            cleaned = data.replace(b"\x00", b"")
            inner = data.strip(b"\x00").count(b"\x00")  # runs at the ends are padding, not content
            if not nuls or not cleaned.strip() or inner > len(cleaned) * MAX_INNER_NUL_RATIO:
                raise
            text, encoding = decode_text(cleaned, info.charset)
            warnings.append(
                f"The input held {nuls} NUL bytes, which were removed; the rest was read as text."
            )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise EmptyInput("The input holds only white space: there is no text to read.")
        fmt = "md" if info.extension in ("md", "markdown", "mdown") else "txt"
        doc = text_to_document(text, fmt, self.name)
        doc.metadata["encoding"] = encoding
        doc.warnings.extend(warnings)
        return doc
