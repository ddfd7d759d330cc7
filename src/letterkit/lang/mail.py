"""The e-mail clients' markers of every language (``lang/data/email.json``), compiled once.

The e-mail reader cuts a message into its own text, quoted and forwarded parts with them; the zone
model's line features ask whether a line opens a quoted earlier message (a printed e-mail's 'On ...
wrote:'). Both read the same data through this module, which sits below both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from letterkit import _regex as rx
from letterkit import lang


@dataclass(frozen=True, slots=True)
class MailMarkers:
    reply: re.Pattern[str]
    forward: re.Pattern[str]
    quoted_from: re.Pattern[str]
    quoted_sent: re.Pattern[str]
    subject_prefix: re.Pattern[str]
    disclaimer: tuple[str, ...]
    mailing: tuple[str, ...]


@cache
def markers() -> MailMarkers:
    """The e-mail markers of every language, compiled once."""
    data = lang.load("email")

    def union(per_lang: dict[str, list[str]]) -> re.Pattern[str]:
        pats = [p for key, pats in per_lang.items() if not key.startswith("_") for p in pats]
        return rx.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)

    labels = data["quoted_header_labels"]
    return MailMarkers(
        reply=union(data["reply_headers"]),
        forward=union(data["forward_headers"]),
        quoted_from=rx.compile(r"^\*?(?:" + lang.alternation(labels["from"]) + r")\s?:\*?\s+\S", re.I),
        quoted_sent=rx.compile(r"^\*?(?:" + lang.alternation(labels["sent"]) + r")\s?:\*?\s+\S", re.I),
        subject_prefix=rx.compile(
            r"^(?:\s*(?:" + lang.alternation(data["subject_prefixes"]) + r")(?:\[\d+\])?\s?:\s*)+", re.I
        ),
        disclaimer=tuple(
            p for key, ps in data["disclaimer_phrases"].items() if not key.startswith("_") for p in ps
        ),
        mailing=tuple(
            p for key, ps in data["mailing_phrases"].items() if not key.startswith("_") for p in ps
        ),
    )


def is_reply_or_forward_header(line: str) -> bool:
    """Whether a line opens a quoted or forwarded earlier message ('On Fri, 11 Mar 2022, Ann Lee
    wrote:', '-----Original Message-----', 'Le 3 mars 2021 à 10:12, X a écrit :')."""
    t = line.strip()
    # every header of the data ends with its colon or opens with a rule of hyphens ('-----Original
    # Message-----'): other lines need no pattern tried
    if not (t.endswith(":") or t.startswith("--")):
        return False
    m = markers()
    return bool(m.reply.match(t) or m.forward.match(t))
