"""Gold checks for letters: a copy of the evaluation's rules, so tests agree with the scorer.

This module mirrors ``checks_for`` (and its helpers ``norm``, ``low``, ``party_text``, ``name_match``)
of the evaluation script ``shared/eval/score.py``. It is copied, not imported, because the shared
folder may move and the tests must not depend on where it lives; if the evaluation's rules change,
change this copy with them. Why each rule is as it is:

- Text is compared loosely (NFKC, no markdown emphasis, no hyphens or dashes, typographic quotes made
  straight, whitespace collapsed, case-folded), because the same letter read from txt, PDF or OCR
  differs in exactly these ways and none of them changes what the letter says.
- A party is found by name; a name may carry up to 11 extra characters (", PhD", " MEP", ", M.D."),
  since honorifics and degrees are kept or dropped differently by different writers.
- A role or organisation is a substring check against everything known about the party, since
  whether "European Parliament" lands in ``organisation`` or ``address`` is a detail.
- An expected absence (null, no parties, no footnotes) only counts when a body was found at all, so a
  reader that finds nothing does not score on absences.

On top of the scorer's keys, two keys the scorer does not check are checked here (see
:func:`extra_checks`): ``subject`` and ``enclosures``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

#: the keys a gold file may hold; anything else is a typo in the gold
GOLD_KEYS = {
    "language", "date", "place", "reference", "subject", "recipients", "salutation", "closing",
    "signatories", "cc", "footnotes", "footnote_starts_with", "postscript_starts_with",
    "sender_organisation", "letterhead_contains", "body", "enclosures",
}
BODY_KEYS = {"paragraphs", "starts_with", "ends_with", "contains", "excludes"}
PARTY_KEYS = {"name", "role", "organisation"}


def norm(s: Any) -> str:
    """Compare text loosely: NFKC, no markdown emphasis, no hyphens or soft breaks, one space."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).replace("\u00ad", "")
    s = re.sub(r"[*_]{2,}", "", s)
    s = re.sub(r"[\u2010\u2011\u2012\u2013\u2014-]", "", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip()


def low(s: Any) -> str:
    return norm(s).casefold()


def party_text(p: dict | None) -> str:
    """Everything known about a party, for containment checks of role/organisation."""
    if not p:
        return ""
    bits: list[str] = []
    for v in p.values():
        if isinstance(v, str):
            bits.append(v)
        elif isinstance(v, list):
            bits.extend(x for x in v if isinstance(x, str))
    return low(" ".join(bits))


def name_match(gold: Any, pred: Any) -> bool:
    """Same person: equal, or one name holds the other with a few extra characters (titles, degrees)."""
    g, p = low(gold), low(pred)
    if not g or not p:
        return False
    short, long_ = sorted((g, p), key=len)
    return g == p or (len(short) > 3 and short in long_ and len(long_) - len(short) < 12)


def checks_for(gold: dict, out: dict) -> Iterator[tuple[str, bool, str]]:
    """Yield (field, passed, detail) for one letter, exactly as the evaluation does."""
    worked = any(norm(x) for x in (out.get("body") or []))
    for f in ("date", "place", "reference", "salutation", "closing", "language"):
        if f in gold:
            want, got = gold[f], out.get(f)
            ok = (low(want) == low(got)) if want is not None else (worked and got in (None, "", []))
            yield f, ok, f"want {want!r} got {got!r}"
    for f in ("recipients", "signatories", "cc"):
        if f not in gold:
            continue
        want, got = gold[f], out.get(f) or []
        got_names = [(p or {}).get("name") or "" for p in got]
        for g in want:
            hit = next((p for p in got if name_match(g["name"], (p or {}).get("name"))), None)
            yield f + ".name", hit is not None, f"want {g['name']!r} among {got_names!r}"
            for k in ("role", "organisation"):
                if k in g:
                    ok = hit is not None and low(g[k]) in party_text(hit)
                    yield f + "." + k, ok, f"want {g[k]!r} in {hit!r}"
        extras = [n for n in got_names if not any(name_match(g["name"], n) for g in want)]
        found = (worked and not want) or any(name_match(g["name"], n) for g in want for n in got_names)
        yield f + ".no_extra", found and not extras, f"extra {extras!r}"
    if "sender_organisation" in gold:
        s = out.get("sender") or {}
        lh = out.get("letterhead") or {}
        hay = party_text(s) + " " + party_text(lh)
        yield (
            "sender.organisation",
            low(gold["sender_organisation"]) in hay,
            f"want {gold['sender_organisation']!r} in sender {s!r} / letterhead {lh!r}",
        )
    if "letterhead_contains" in gold:
        lh = party_text(out.get("letterhead") or {})
        for want in gold["letterhead_contains"]:
            yield "letterhead", low(want) in lh, f"want {want!r} in letterhead"
    if "footnotes" in gold:
        got = out.get("footnotes") or []
        ok = len(got) == gold["footnotes"] and worked
        yield "footnotes.count", ok, f"want {gold['footnotes']} got {len(got)}"
        for i, start in enumerate(gold.get("footnote_starts_with", [])):
            ok = i < len(got) and low(got[i]).startswith(low(start))
            yield "footnotes.text", ok, f"want footnote starting {start!r}"
    if "postscript_starts_with" in gold:
        got = out.get("postscript") or ""
        ok = low(got).startswith(low(gold["postscript_starts_with"]))
        yield "postscript", ok, f"postscript {got[:60]!r}"
    b = gold.get("body")
    if b:
        paras = [x for x in (out.get("body") or []) if norm(x)]
        text = " ".join(norm(x) for x in paras)
        if "paragraphs" in b:
            yield "body.paragraphs", len(paras) == b["paragraphs"], f"want {b['paragraphs']} got {len(paras)}"
        started = low(text).startswith(low(b["starts_with"])) if "starts_with" in b else bool(text)
        if "starts_with" in b:
            yield "body.start", started, f"body starts {text[:80]!r}"
        if "ends_with" in b:
            yield "body.end", low(text).endswith(low(b["ends_with"])), f"body ends {text[-80:]!r}"
        for c in b.get("contains", []):
            yield "body.joined", low(c) in low(text), f"want {c!r} in body"
        for e in b.get("excludes", []):
            yield "body.clean", started and norm(e) not in text, f"{e!r} leaked into body"


#: labels a subject line may start with; a reader may keep or drop them, the subject is what follows
SUBJECT_LABEL = re.compile(
    r"^\s*(re|subject|subj|betreff|objet|oggetto|asunto|assunto|onderwerp|dotyczy|sprawa|concerne)\s*[.:]\s*",
    re.IGNORECASE,
)


def extra_checks(gold: dict, out: dict) -> Iterator[tuple[str, bool, str]]:
    """Checks of keys the evaluation does not score: ``subject`` and ``enclosures``.

    - ``subject``: equal after loose normalisation; a leading label ("Re:", "Subject:", "Betreff:"...)
      in the output is ignored, because whether to keep it is a presentation choice. null means the
      letter has no subject line and none may be found (counted only when a body was found, as above).
    - ``enclosures``: the list has as many items as the gold, and each gold item is contained in a
      different output item (so "Price schedule" matches "Price schedule (2 pages)").
    """
    worked = any(norm(x) for x in (out.get("body") or []))
    if "subject" in gold:
        want, got = gold["subject"], out.get("subject")
        if want is None:
            ok = worked and got in (None, "")
        else:
            ok = low(want) == low(got) or low(want) == low(SUBJECT_LABEL.sub("", str(got or "")))
        yield "subject", ok, f"want {want!r} got {got!r}"
    if "enclosures" in gold:
        want, got = gold["enclosures"], out.get("enclosures") or []
        ok_count = len(got) == len(want) and (worked or not want)
        yield "enclosures.count", ok_count, f"want {len(want)} got {len(got)}: {got!r}"
        free = [low(x) for x in got]
        for w in want:
            idx = next((i for i, g in enumerate(free) if low(w) in g), None)
            if idx is not None:
                free.pop(idx)
            yield "enclosures.item", idx is not None, f"want {w!r} among {got!r}"


def all_checks(gold: dict, out: dict) -> list[tuple[str, bool, str]]:
    """The scorer's checks and the extra ones, in that order."""
    return list(checks_for(gold, out)) + list(extra_checks(gold, out))


def failures(gold: dict, out: dict) -> list[str]:
    """One line per failed check: ``[field] detail``."""
    return [f"[{field}] {detail}" for field, ok, detail in all_checks(gold, out) if not ok]


def gold_problems(gold: dict) -> list[str]:
    """What is wrong with a gold file's shape (unknown keys, wrong types): catches typos in the gold."""
    bad: list[str] = []
    for k in gold:
        if k not in GOLD_KEYS:
            bad.append(f"unknown key {k!r}")
    for f in ("recipients", "signatories", "cc"):
        for p in gold.get(f, []):
            if not isinstance(p, dict) or "name" not in p or set(p) - PARTY_KEYS:
                bad.append(f"{f}: bad party {p!r}")
    for k in set(gold.get("body", {})) - BODY_KEYS:
        bad.append(f"body: unknown key {k!r}")
    if "footnotes" in gold and not isinstance(gold["footnotes"], int):
        bad.append("footnotes must be a count")
    if len(gold.get("footnote_starts_with", [])) > gold.get("footnotes", 0):
        bad.append("more footnote_starts_with than footnotes")
    if gold.get("date") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["date"]):
        bad.append(f"date {gold['date']!r} is not YYYY-MM-DD")
    return bad
