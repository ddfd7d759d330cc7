"""Review pages as self-contained HTML: the letter's pages (or its text) with every line's zone drawn,
the fields with their confidence, and an editor that saves zone corrections.

Self-contained because archivists open these from a folder, often on machines without a network, and
because a review page must not leak what a letter says to a font or script server: the CSS and script
are inlined from ``review/assets``, the page images are ``data:`` URIs, the data is a JSON island.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from letterkit.core import __version__
from letterkit.review.collect import LOW_CONFIDENCE, ReviewLetter
from letterkit.zones.labels import ZONES

#: one colour per zone (border and, lighter, fill), chosen to keep neighbours in a letter apart
ZONE_COLOURS: dict[str, str] = {
    "letterhead": "#7b1fa2",
    "sender_address": "#ad1457",
    "dateline": "#c62828",
    "reference": "#ef6c00",
    "inside_address": "#f9a825",
    "subject": "#6d4c41",
    "salutation": "#2e7d32",
    "body": "#1565c0",
    "closing": "#00838f",
    "signature": "#00695c",
    "postscript": "#5e35b1",
    "cc": "#9e9d24",
    "enclosure": "#827717",
    "footnote": "#546e7a",
    "furniture": "#9e9e9e",
    "other": "#212121",
}


@cache
def _asset(name: str) -> str:
    return (resources.files("letterkit.review") / "assets" / name).read_text(encoding="utf-8")


def _zone_css() -> str:
    rules = []
    for zone, colour in ZONE_COLOURS.items():
        rules.append(
            f".z-{zone}{{border-color:{colour};background:{colour}26}}"
            f" ol.lines li.z-{zone}{{border-left-color:{colour};background:{colour}12}}"
        )
    return "\n".join(rules)


def _json_island(value: Any) -> str:
    """JSON that can stand inside ``<script>``: ``<``, ``>`` and ``&`` are written as JSON escapes, so no
    text of the letter can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def corrections_name(review: ReviewLetter) -> str:
    """The file name a page's corrections are saved under (beside the page)."""
    return f"{review.name}.corrections.json"


def page_name(review: ReviewLetter, index: int) -> str:
    """The review page's file name: the input's name, numbered so that equal names do not collide."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in review.name)
    return f"{index:04d}-{safe}.html"


def _fmt_value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return '<span class="muted">—</span>'
    if isinstance(value, list):
        return "<br>".join(html.escape(str(v)) for v in value)
    return html.escape(str(value))


def _fields_table(review: ReviewLetter) -> str:
    letter = review.letter
    assert letter is not None
    conf = letter.confidence
    rows: list[str] = []

    def row(label: str, value: Any, key: str | None) -> None:
        c = conf.get(key) if key else None
        low = c is not None and c < LOW_CONFIDENCE
        shown = f"{c:.2f}" if c is not None else ""
        rows.append(
            f'<tr class="{"low" if low else ""}" data-field="{html.escape(key or label)}">'
            f"<th>{html.escape(label)}</th><td>{_fmt_value(value)}</td><td class=\"conf\">{shown}</td></tr>"
        )

    row("date", letter.date_text or letter.date, "date")
    row("place", letter.place, "place")
    row("reference", letter.reference, "reference")
    row("subject", letter.subject, "subject")
    for i, r in enumerate(letter.recipients):
        row(f"recipient {i + 1}", r.name or r.organisation, f"recipients.{i}")
    row("salutation", letter.salutation, "salutation")
    row("body", f"{len(letter.body)} paragraph(s)", "body")
    row("closing", letter.closing, "closing")
    for i, s in enumerate(letter.signatories):
        who = ", ".join(x for x in (s.name, s.role, s.organisation) if x)
        row(f"signatory {i + 1}", who, f"signatories.{i}")
    for i, c in enumerate(letter.cc):
        row(f"cc {i + 1}", c.name or c.organisation, f"cc.{i}")
    if letter.enclosures:
        row("enclosures", letter.enclosures, "enclosures")
    if letter.postscript:
        row("postscript", letter.postscript, "postscript")
    if letter.footnotes:
        row("footnotes", f"{len(letter.footnotes)}", "footnotes")
    row("language", letter.language, None)
    return "<table>" + "".join(rows) + "</table>"


def _pages_html(review: ReviewLetter) -> str:
    drawn = [p for p in review.pages if p.image and p.width and p.height]
    if drawn:
        parts: list[str] = []
        for page in drawn:
            assert page.width and page.height
            boxes = []
            for r in review.lines:
                if r.page != page.number or r.bbox is None:
                    continue
                x0, top, x1, bottom = r.bbox
                style = (
                    f"left:{100 * x0 / page.width:.3f}%;top:{100 * top / page.height:.3f}%;"
                    f"width:{100 * max(x1 - x0, 1) / page.width:.3f}%;"
                    f"height:{100 * max(bottom - top, 1) / page.height:.3f}%"
                )
                boxes.append(
                    f'<div class="box z-{r.zone}" data-line="{r.index}" data-zone="{r.zone}" '
                    f'style="{style}" title="{html.escape(r.zone)}: {html.escape(r.text)}"></div>'
                )
            parts.append(
                f'<div class="page" data-page="{page.number}" '
                f'style="aspect-ratio:{page.width:.2f}/{page.height:.2f}">'
                f'<span class="label">page {page.number}</span>'
                f'<img alt="page {page.number}" src="{page.image}">' + "".join(boxes) + "</div>"
            )
        return "".join(parts)
    items: list[str] = []
    last_page = None
    for r in review.lines:
        if last_page is not None and r.page != last_page:
            items.append(f'<li class="pagebreak">— page {r.page} —</li>')
        last_page = r.page
        items.append(
            f'<li class="z-{r.zone}" data-line="{r.index}" data-zone="{r.zone}" '
            f'title="{html.escape(r.zone)}"><span class="tag">{html.escape(r.zone)}</span>'
            f"<span>{html.escape(r.text) or '(image)'}</span></li>"
        )
    return '<ol class="lines">' + "".join(items) + "</ol>"


def render_page(review: ReviewLetter, index_href: str | None = "index.html") -> str:
    """The review page of one letter."""
    back = f' · <a href="{html.escape(index_href)}">all letters</a>' if index_href else ""
    head = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'\">"
        f"<title>{html.escape(review.name)} · letterkit review</title>"
        f"<style>{_asset('review.css')}\n{_zone_css()}</style></head><body>"
    )
    if review.letter is None:
        return (
            head + f"<header><h1>{html.escape(review.name)}</h1><div class=\"meta\">letterkit {__version__}"
            f"{back}</div></header><div class=\"error\">This file could not be read: "
            f"{html.escape(review.error or '')}</div></body></html>"
        )
    letter = review.letter
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in letter.warnings)
    meta = (
        f"{html.escape(review.format)} · {len(review.pages)} page(s) · {len(review.lines)} lines · "
        f"language {html.escape(letter.language or '?')} · letterkit {__version__}{back}"
    )
    legend = "".join(
        f'<span style="--c:{ZONE_COLOURS[z]}">{html.escape(z)}</span>' for z in ZONES
    )
    options = "".join(f'<option value="{z}">{z}</option>' for z in ZONES)
    data = {
        "name": review.name,
        "path": review.path,
        "sha256": review.sha256,
        "letterkit": __version__,
        "zones": list(ZONES),
        "corrections_name": corrections_name(review),
        "lines": [
            {"index": r.index, "page": r.page, "text": r.text, "zone": r.zone, "read_zone": r.zone,
             "model_zone": r.model_zone, "prob": r.prob, "bbox": r.bbox}
            for r in review.lines
        ],
    }
    return (
        head
        + f"<header><h1>{html.escape(review.name)}</h1><div class=\"meta\">{meta}</div>"
        + (f'<ul class="warnings">{warnings}</ul>' if warnings else "")
        + "</header><main><div class=\"letter\">"
        + _pages_html(review)
        + "</div><aside><section id=\"editor\"><h2>Correct a zone</h2>"
        "<div>Click a line, then choose its zone.</div>"
        '<div class="chosen" id="chosen-line"></div>'
        f'<select id="zone-select" disabled>{options}</select>'
        '<button id="save" type="button">Save corrections</button>'
        '<div class="count" id="corrected-count">no line changed</div></section>'
        f"<section><h2>Fields</h2>{_fields_table(review)}</section>"
        f'<section><h2>Zones</h2><div class="legend">{legend}</div></section></aside></main>'
        f'<script type="application/json" id="review-data">{_json_island(data)}</script>'
        f"<script>{_asset('review.js')}</script></body></html>"
    )


def render_index(reviews: list[tuple[ReviewLetter, str]]) -> str:
    """The index of a batch: worst first (lowest confidence, unreadable files at the top)."""

    def key(item: tuple[ReviewLetter, str]) -> tuple[int, float, str]:
        review = item[0]
        if review.letter is None:
            return (0, 0.0, review.name)
        low = review.lowest
        return (1, low[1] if low else 1.0, review.name)

    rows: list[str] = []
    for review, href in sorted(reviews, key=key):
        link = f'<a href="{html.escape(href)}">{html.escape(review.name)}</a>'
        if review.letter is None:
            rows.append(f'<tr class="low"><td>{link}</td><td></td><td colspan="3">'
                        f"{html.escape(review.error or '')}</td></tr>")
            continue
        low = review.lowest
        field = html.escape(low[0]) if low else ""
        value = f"{low[1]:.2f}" if low else ""
        cls = "low" if low and low[1] < LOW_CONFIDENCE else ""
        rows.append(
            f'<tr class="{cls}"><td>{link}</td><td>{html.escape(review.format)}</td>'
            f'<td class="conf">{value}</td><td>{field}</td><td>{len(review.letter.warnings)}</td></tr>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>letterkit review · {len(reviews)} letters</title>"
        f"<style>{_asset('review.css')}</style></head>"
        f'<body><header><h1>{len(reviews)} letters</h1><div class="meta">the least certain first · '
        f'letterkit {__version__}</div></header><main class="index" style="display:block"><section>'
        "<table><tr><th>letter</th><th>format</th><th>lowest confidence</th><th>field</th>"
        "<th>warnings</th></tr>"
        + "".join(rows)
        + "</table></section></main></body></html>"
    )


__all__ = ["ZONE_COLOURS", "corrections_name", "page_name", "render_index", "render_page"]
