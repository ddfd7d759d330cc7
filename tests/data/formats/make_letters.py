"""Write the hand-made letter fixtures of tests/data/formats/ (one invented letter in each format).

    python tests/data/formats/make_letters.py          # all of them; needs LibreOffice (soffice) for the .doc
    python tests/data/formats/make_letters.py msg      # only letter.msg (needs extract-msg's OleWriter)

The real-world samples beside them (see SOURCES.md) test that files written by other software read;
these test that a *letter* in each format comes out with its fields right, so they carry the
structures each format has: e-mail headers with encoded words, quoted-printable in ISO-8859-1, a
quoted reply, a signature block and a disclaimer; ODT and RTF headers, footers and footnotes; ALTO,
PAGE-XML and hOCR lines with boxes, confidences and header/footer regions. Every letter is invented.
"""

# ruff: noqa: E501  (one-line XML and RTF templates read better unbroken)
from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

LETTER_HEAD = ["Example Foundation", "12 rue des Archives, 75004 Paris"]
LETTER = [
    ["Paris, 14 March 2023"],
    ["Mr Tomasz Nowak", "Museum of Printing", "ul. Długa 5", "00-238 Warsaw"],
    ["Dear Mr Nowak,"],
    [
        "Thank you for your letter of 9 March. The board has agreed to lend the Lindqvist papers to your "
        "exhibition from 1 June to 30 September, on the conditions set out in the enclosed agreement."
    ],
    ["Our conservator will visit your rooms in April to check the display cases and the humidity."],
    ["Yours sincerely,"],
    ["Renée Fournier", "Head of Collections"],
]
FOOTER = "Example Foundation · registered charity 4711"
NOTE = "The agreement follows the model of the 2019 loan to Kraków."


def eml() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Renée Fournier <renee.fournier@example.org>"
    msg["To"] = "Tomasz Nowak <t.nowak@example.com>"
    msg["Cc"] = "Łucja Zielińska <archives@example.org>"
    msg["Subject"] = "Re: Loan of the Lindqvist papers"
    msg["Date"] = format_datetime(datetime(2023, 3, 14, 23, 50, tzinfo=timezone(timedelta(hours=-5))))
    msg["Message-ID"] = "<20230314.1@example.org>"
    msg["In-Reply-To"] = "<20230309.7@example.com>"
    body = "\n".join(
        [
            "Dear Mr Nowak,",
            "",
            LETTER[3][0],
            "",
            LETTER[4][0],
            "",
            "Yours sincerely,",
            "-- ",
            "Renée Fournier",
            "Head of Collections, Example Foundation",
            "+33 1 23 45 67 89",
            "",
            "This e-mail is confidential and intended solely for the addressee. If you have received "
            "this e-mail in error, please notify the sender and delete it.",
            "",
            "On Thu, 9 Mar 2023 at 10:12, Tomasz Nowak <t.nowak@example.com> wrote:",
            "> Dear Ms Fournier,",
            "> may we borrow the Lindqvist papers for our summer exhibition?",
            "> Tomasz Nowak",
            "",
        ]
    )
    msg.set_content(body, charset="iso-8859-2", cte="quoted-printable")
    html = "".join(f"<p>{escape(line)}</p>" for line in body.split("\n\n"))
    msg.add_alternative(f"<html><body>{html}</body></html>", subtype="html")
    return msg.as_bytes()


def mbox() -> bytes:
    out = []
    for n, (name, date, text) in enumerate(
        [
            (
                "Anna Berg <anna.berg@example.org>",
                "Mon, 3 Jul 2006 09:30:00 +0200",
                "Dear Marc,\n\nThank you for your kind letter. I shall be glad to meet you in Lyon next month.\n"
                "From now on please write to my new address.\n\nYours sincerely,\n\nAnna Berg\n",
            ),
            (
                "Marc Dubois <marc.dubois@example.com>",
                "Wed, 5 Jul 2006 18:02:00 +0200",
                "Dear Anna,\n\nI am delighted that you can come. The meeting will be held at the library.\n\n"
                "Best regards,\n\nMarc Dubois\n",
            ),
        ]
    ):
        msg = EmailMessage()
        msg["From"] = name
        msg["To"] = "list@example.net"
        msg["Subject"] = f"Meeting in Lyon ({n + 1})"
        msg["Date"] = date
        msg["Message-ID"] = f"<mbox.{n}@example.org>"
        msg.set_content(text)
        raw = msg.as_bytes().replace(b"\nFrom now", b"\n>From now")
        out.append(
            b"From " + name.split("<")[1].rstrip(">").encode() + b" Mon Jul  3 09:30:00 2006\n" + raw + b"\n"
        )
    return b"".join(out)


def _p(text: str, style: str = "P") -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def odt() -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
    )
    paras: list[str] = []
    for k, block in enumerate(LETTER):
        if k == 0:
            paras.append(_p(block[0], "Right"))
        elif k == 1:
            paras.append(
                '<text:p text:style-name="P">'
                + "<text:line-break/>".join(escape(x) for x in block)
                + "</text:p>"
            )
        elif k == 3:
            first, rest = block[0].split(" The board", 1)
            paras.append(
                f'<text:p text:style-name="P">{escape(first)}<text:note text:id="ftn1" text:note-class="footnote">'
                f"<text:note-citation>1</text:note-citation><text:note-body>{_p(NOTE, 'Note')}</text:note-body>"
                f"</text:note> The board{escape(rest)}</text:p>"
            )
        else:
            paras.extend(_p(line) for line in block)
    frame = (
        '<draw:frame draw:name="Stamp" svg:width="3cm" svg:height="1cm"><draw:text-box>'
        + _p("Received 15 MAR 2023")
        + "</draw:text-box></draw:frame>"
    )
    paras.insert(1, f'<text:p text:style-name="P">{frame}</text:p>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:automatic-styles>'
        '<style:style style:name="Right" style:family="paragraph" style:parent-style-name="P">'
        '<style:paragraph-properties fo:text-align="end"/></style:style></office:automatic-styles>'
        f"<office:body><office:text>{''.join(paras)}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:styles>'
        '<style:style style:name="P" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>'
        '<style:style style:name="Head" style:family="paragraph" style:parent-style-name="P">'
        '<style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>'
        '<style:style style:name="Note" style:family="paragraph"><style:text-properties fo:font-size="9pt"/></style:style>'
        '</office:styles><office:master-styles><style:master-page style:name="Standard">'
        f"<style:header>{_p(LETTER_HEAD[0], 'Head')}{_p(LETTER_HEAD[1])}</style:header>"
        f"<style:footer>{_p(FOOTER, 'Note')}</style:footer></style:master-page></office:master-styles>"
        "</office:document-styles>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ns}><office:meta>'
        "<dc:title>Loan of the Lindqvist papers</dc:title><meta:initial-creator>rfournier</meta:initial-creator>"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = Path(tempfile.mkstemp(suffix=".odt")[1])
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("styles.xml", styles, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    data = path.read_bytes()
    path.unlink()
    return data


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        elif ord(ch) < 256:
            out.append(f"\\'{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    return "".join(out)


def rtf() -> bytes:
    pars = []
    for k, block in enumerate(LETTER):
        lines = [_rtf_escape(x) for x in block]
        if k == 3:
            first, rest = block[0].split(" The board", 1)
            lines = [
                _rtf_escape(first)
                + "{\\super\\chftn}{\\footnote\\pard\\plain\\fs18{\\super\\chftn} "
                + _rtf_escape(NOTE)
                + "}"
                + _rtf_escape(" The board" + rest)
            ]
        align = "\\qr" if k == 0 else "\\ql"
        pars.append(f"\\pard{align}\\sa200 " + "\\line ".join(lines) + "\\par")
    rtf = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}"
        "{\\info{\\title Loan of the Lindqvist papers}{\\author rfournier}{\\creatim\\yr2023\\mo3\\dy14}}"
        "{\\header\\pard\\qc\\b " + "\\line ".join(_rtf_escape(x) for x in LETTER_HEAD) + "\\b0\\par}"
        "{\\footer\\pard\\qc\\fs16 " + _rtf_escape(FOOTER) + "\\par}\n" + "\n".join(pars) + "\n}"
    )
    return rtf.encode("ascii")


def _ocr_lines() -> list[tuple[str, str, tuple[int, int, int, int], float]]:
    """(region, text, pixel box at 300 dpi, confidence 0-1) for each line of the scanned letter."""
    out: list[tuple[str, str, tuple[int, int, int, int], float]] = []
    y = 120
    for line in LETTER_HEAD:
        out.append(("header", line, (900, y, 1600, y + 50), 0.97))
        y += 60
    y = 400
    for k, block in enumerate(LETTER):
        words = block if k != 3 and k != 4 else _wrap(block[0])
        for line in words:
            x0 = 1700 if k == 0 else 250
            out.append(("body", line, (x0, y, min(2300, x0 + 22 * len(line)), y + 45), 0.91 + (k % 3) / 100))
            y += 55
        y += 50
    out.append(("footer", FOOTER, (700, 3350, 1800, 3390), 0.88))
    return out


def _wrap(text: str, width: int = 80) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return [*lines, cur] if cur else lines


def alto() -> bytes:
    blocks: list[str] = []
    margins = {"header": [], "body": [], "footer": []}
    for n, (region, text, (x0, y0, x1, y1), conf) in enumerate(_ocr_lines()):
        strings = []
        x = x0
        for word in text.split():
            w = 22 * len(word)
            strings.append(
                f'<String CONTENT="{escape(word, {chr(34): "&quot;"})}" HPOS="{x}" VPOS="{y0}" '
                f'WIDTH="{w}" HEIGHT="{y1 - y0}" WC="{conf:.2f}"/>'
            )
            x += w + 22
        line = f'<TextLine ID="l{n}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">{"<SP/>".join(strings)}</TextLine>'
        margins[region].append(f'<TextBlock ID="b{n}">{line}</TextBlock>')
    blocks.append('<TopMargin ID="tm">' + "".join(margins["header"]) + "</TopMargin>")
    blocks.append('<PrintSpace ID="ps">' + "".join(margins["body"]) + "</PrintSpace>")
    blocks.append('<BottomMargin ID="bm">' + "".join(margins["footer"]) + "</BottomMargin>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">'
        "<Description><MeasurementUnit>pixel</MeasurementUnit><sourceImageInformation>"
        "<fileName>letter.tif</fileName></sourceImageInformation></Description>"
        f'<Layout><Page ID="p1" WIDTH="2480" HEIGHT="3508" PHYSICAL_IMG_NR="1">{"".join(blocks)}</Page></Layout></alto>\n'
    ).encode()


def pagexml() -> bytes:
    regions = []
    for n, (region, text, (x0, y0, x1, y1), conf) in enumerate(_ocr_lines()):
        pts = f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"
        kind = {"header": "header", "footer": "footer", "body": "paragraph"}[region]
        regions.append(
            f'<TextRegion id="r{n}" type="{kind}"><Coords points="{pts}"/><TextLine id="tl{n}">'
            f'<Coords points="{pts}"/><TextEquiv conf="{conf:.2f}"><Unicode>{escape(text)}</Unicode></TextEquiv>'
            "</TextLine></TextRegion>"
        )
    order = "".join(f'<RegionRefIndexed index="{n}" regionRef="r{n}"/>' for n in range(len(regions)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">'
        "<Metadata><Creator>make_letters.py</Creator><Created>2023-03-20T10:00:00</Created>"
        "<LastChange>2023-03-20T10:00:00</LastChange></Metadata>"
        '<Page imageFilename="letter.tif" imageWidth="2480" imageHeight="3508">'
        f'<ReadingOrder><OrderedGroup id="ro1">{order}</OrderedGroup></ReadingOrder>{"".join(regions)}</Page></PcGts>\n'
    ).encode()


def hocr() -> bytes:
    body = []
    for n, (region, text, (x0, y0, x1, y1), conf) in enumerate(_ocr_lines()):
        words = " ".join(
            f"<span class='ocrx_word' title='bbox {x0} {y0} {x1} {y1}; x_wconf {round(conf * 100)}'>{escape(w)}</span>"
            for w in text.split()
        )
        cls = {"header": "ocr_header", "footer": "ocr_footer", "body": "ocr_line"}[region]
        body.append(
            f"<p class='ocr_par'><span class='{cls}' id='line_{n}' title='bbox {x0} {y0} {x1} {y1}'>{words}</span></p>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title></title><meta name='ocr-system' content='tesseract 5.3.0'/>"
        "<meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word'/></head><body>"
        f"<div class='ocr_page' id='page_1' title='image \"letter.tif\"; bbox 0 0 2480 3508; scan_res 300 300'>"
        f"<div class='ocr_carea'>{''.join(body)}</div></div></body></html>\n"
    ).encode()


def _utf16(text: str) -> bytes:
    """A string property's stream: UTF-16LE, without the terminating null (which its size counts)."""
    return text.encode("utf-16-le")


def _mapi_props(header: bytes, strings: dict[int, str], longs: dict[int, int], times: dict[int, datetime]) -> bytes:
    """A ``__properties_version1.0`` stream: the header, then a 16-byte entry per property (tag,
    flags, then the value for fixed-size ones or the stream's size for strings) [MS-OXMSG 2.4]."""
    out = bytearray(header)
    for pid, text in strings.items():
        out += struct.pack("<IIII", (pid << 16) | 0x001F, 6, len(_utf16(text)) + 2, 0)
    for pid, value in longs.items():
        out += struct.pack("<IIiI", (pid << 16) | 0x0003, 6, value, 0)
    for pid, when in times.items():
        filetime = int((when - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10**7)
        out += struct.pack("<IIQ", (pid << 16) | 0x0040, 6, filetime)
    return bytes(out)


def msg() -> bytes:
    """The letter as Outlook stores a received message: MAPI properties in an OLE2 compound file
    (message class, subject, plain-text body, sender, submit time, the transport headers), one
    storage per recipient (To, Cc) and the named-property storage [MS-OXMSG]. Written with
    extract-msg's OleWriter; no .msg file could be taken from a public repository as text."""
    from extract_msg.ole_writer import OleWriter

    sent = datetime(2023, 3, 14, 23, 50, tzinfo=timezone(timedelta(hours=-5)))
    body = "\r\n".join(
        [
            "Dear Mr Nowak,",
            "",
            LETTER[3][0],
            "",
            LETTER[4][0],
            "",
            "Yours sincerely,",
            "",
            "Renée Fournier",
            "Head of Collections, Example Foundation",
            "",
            "From: Tomasz Nowak <t.nowak@example.com>",
            "Sent: Thursday, March 9, 2023 10:12 AM",
            "To: Renée Fournier <renee.fournier@example.org>",
            "Subject: Loan of the Lindqvist papers",
            "",
            "Dear Ms Fournier,",
            "may we borrow the Lindqvist papers for our summer exhibition?",
            "Tomasz Nowak",
            "",
        ]
    )
    headers = (
        "From: =?utf-8?q?Ren=C3=A9e_Fournier?= <renee.fournier@example.org>\r\n"
        "To: Tomasz Nowak <t.nowak@example.com>\r\n"
        "Cc: =?utf-8?q?=C5=81ucja_Zieli=C5=84ska?= <archives@example.org>\r\n"
        "Subject: RE: Loan of the Lindqvist papers\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        "Message-ID: <20230314.2@example.org>\r\n"
        "MIME-Version: 1.0\r\n\r\n"
    )
    top = {
        0x001A: "IPM.Note",
        0x0037: "RE: Loan of the Lindqvist papers",
        0x1000: body,
        0x0C1A: "Renée Fournier",
        0x0C1F: "renee.fournier@example.org",
        0x0C1E: "SMTP",
        0x0E04: "Tomasz Nowak",
        0x0E03: "Łucja Zielińska",
        0x007D: headers,
        0x1035: "<20230314.2@example.org>",
    }
    w = OleWriter()
    for pid, text in top.items():
        w.addEntry(f"__substg1.0_{pid:04X}001F", _utf16(text))
    # header: 8 reserved bytes, next recipient id, next attachment id, recipient and attachment counts
    w.addEntry(
        "__properties_version1.0",
        _mapi_props(struct.pack("<8xIIII8x", 2, 0, 2, 0), top, {}, {0x0039: sent, 0x0E06: sent}),
    )
    recipients = [
        ("Tomasz Nowak", "t.nowak@example.com", 1),  # MAPI_TO
        ("Łucja Zielińska", "archives@example.org", 2),  # MAPI_CC
    ]
    for n, (name, address, kind) in enumerate(recipients):
        storage = f"__recip_version1.0_#{n:08X}"
        w.addEntry(storage, storage=True)
        strings = {0x3001: name, 0x3002: "SMTP", 0x3003: address, 0x39FE: address}
        for pid, text in strings.items():
            w.addEntry(f"{storage}/__substg1.0_{pid:04X}001F", _utf16(text))
        w.addEntry(f"{storage}/__properties_version1.0", _mapi_props(bytes(8), strings, {0x0C15: kind}, {}))
    w.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        w.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.msg"
        w.write(path)
        return path.read_bytes()


def doc_from_odt(odt_path: Path) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(odt_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (Path(tmp) / (odt_path.stem + ".doc")).read_bytes()


def main(only: list[str]) -> None:
    writers = {
        "eml": ("letter-reply.eml", eml),
        "mbox": ("letters.mbox", mbox),
        "odt": ("letter.odt", odt),
        "rtf": ("letter.rtf", rtf),
        "alto": ("letter.alto.xml", alto),
        "page": ("letter.page.xml", pagexml),
        "hocr": ("letter.hocr", hocr),
        "msg": ("letter.msg", msg),
    }
    for key, (name, write) in writers.items():
        if not only or key in only:
            (HERE / name).write_bytes(write())
    if not only or "doc" in only:
        doc = doc_from_odt(HERE / "letter.odt")
        if doc is not None:
            (HERE / "letter.doc").write_bytes(doc)


if __name__ == "__main__":
    main(sys.argv[1:])
