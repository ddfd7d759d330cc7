"""Parties: splitting an address or signature block into people with honorific, name, role,
organisation, address, e-mail and phone.

The same reading serves the inside address (recipients), the signature block (signatories) and cc
lines, because all three are the same kind of text: a name line, then lines that are offices, bodies
or postal address. Names that follow each other without other lines in between share the lines
after them ('Ms Ana Gomes MEP / Ms Marju Lauristin MEP / European Parliament / Rue Wiertz 60').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from letterkit import _regex as rx
from letterkit.heuristics import features as ft
from letterkit.lang import alternation, load
from letterkit.model import Party

#: separators between a name and an office on one line: 'Name, Role', 'Name | Role', 'Name – Role'
NAME_ROLE_SPLIT = re.compile(r"\s*(?:\||,|\s[–—-]\s)\s*")


@dataclass
class PartyDraft:
    """A party being read, with the indexes of the lines it came from."""

    party: Party = field(default_factory=Party)
    lines: list[int] = field(default_factory=list)
    last_field: str | None = None


def _set(d: PartyDraft, fld: str, value: str, idx: int, joiner: str = "; ") -> None:
    value = value.strip(" ,;|")
    if not value:
        return
    p = d.party
    if fld == "address":
        p.address.append(value)
    else:
        old = getattr(p, fld)
        setattr(p, fld, f"{old}{joiner}{value}" if old else value)
    d.last_field = fld
    if idx not in d.lines:
        d.lines.append(idx)


def split_name(text: str) -> tuple[str | None, str, str | None]:
    """'Ms Ana Gomes MEP' -> ('Ms', 'Ana Gomes', 'MEP'): honorific, name, a role written after the name."""
    bare, post_hon = ft.strip_postfix_honorific(text.strip().strip(","))
    hon, rest = ft.split_honorific(bare)
    hon = hon or post_hon
    tokens = rest.split()
    role_bits: list[str] = []
    while len(tokens) > 1 and ft.is_role_postnominal(tokens[-1]):
        role_bits.insert(0, tokens.pop().strip(","))
    name = " ".join(tokens).strip(" ,")
    return hon, name, (" ".join(role_bits) or None)


def _name_and_tail(line: str) -> tuple[str, str] | None:
    """If the line starts with a person's name, return (name part, the rest after a separator)."""
    t = line.strip()
    hon, _ = ft.split_honorific(t)
    parts = NAME_ROLE_SPLIT.split(t, maxsplit=1)
    head = parts[0]
    tail = parts[1] if len(parts) > 1 else ""
    if tail:
        # 'John Smith, M.D.' / 'Jane Doe, PhD, FRS': degrees stay with the name
        tail_tokens = [x for x in re.split(r"\s*,\s*", tail) if x]
        degrees = []
        while tail_tokens and ft.is_degree(tail_tokens[0]):
            degrees.append(tail_tokens.pop(0))
        if degrees:
            head = head + ", " + ", ".join(degrees)
            tail = ", ".join(tail_tokens)
    legal_form = bool(tail) and ft.n_words(tail) <= 2 and ft.org_score(tail) >= 2 and ft.role_score(tail) == 0
    if not hon and (
        ft.org_score(head) >= 2 or legal_form or ft.address_score(t) >= 1 or any(ch.isdigit() for ch in tail)
    ):
        return None  # 'Envases Metálicos del Norte, S.A.', 'Polígono Industrial de Asua, parcela 12'
    if hon or ft.looks_like_name(head):
        if hon and not ft.looks_like_name(head) and (ft.n_words(head) > 6 or any(c.isdigit() for c in head)):
            return None
        return head, tail
    return None


#: reference initials under a typed letter: 'JS/mk', 'PB:jt', 'RJA/SM/76'
REFERENCE_INITIALS = re.compile(r"[A-Z]{1,4}(?:\s*[/:|]\s*[A-Za-z]{1,4}){1,3}")

#: an editor's or archivist's note in square brackets: '[Endorsed in another hand: ...]', '[seal]'
EDITORIAL_NOTE = re.compile(r"\[[^\]]*\]\.?")

#: a line that ends with a house number ('Gajeva 5', 'Ερμού 25', 'Hauptstr. 12a', 'Jana Pawła II 3/5')
HOUSE_NUMBER_END = re.compile(r"\s\d{1,4}[a-zA-Z]?(?:\s?[/-]\s?\d{1,4}[a-zA-Z]?)?$")


def classify(line: str, in_address: bool) -> str:
    """What a non-name line of a party block is: role, org, address or unknown."""
    t = line.strip()
    if ft.starts_lower(t) and not ft.starts_with_street_word(t):
        return "continuation"
    a = ft.address_score(t)
    if a < 2 and ft.n_words(t) <= 4 and HOUSE_NUMBER_END.search(t) and not any(ch.isdigit() for ch in t[:1]):
        a = 2  # 'Riia 12', 'Gajeva 5', 'Jindřišská 34': a street name and a house number
    r = ft.role_score(t)
    o = ft.org_score(t)
    if a >= 2 and a >= r and a >= o:
        return "address"
    if r >= 2 and r >= o:
        return "role"
    if o >= 2:
        return "org"
    if r >= 2:
        return "role"
    if in_address or a >= 1:
        return "address"
    return "unknown"


def _strip_contacts(d: PartyDraft | None, line: str, idx: int) -> str:
    """Take e-mail and phone out of a line into the draft; return what is left."""
    rest = line
    m = ft.EMAIL_RE.search(rest)
    if m and d is not None:
        if not d.party.email:
            d.party.email = m.group(0)
        rest = rest.replace(m.group(0), " ")
        d.lines.append(idx)
    m2 = ft.phone_re().search(rest)
    if m2 and d is not None:
        if not d.party.phone:
            d.party.phone = re.sub(r"^\D*?(?=[+(\d])", "", m2.group(0)).strip()
        rest = rest.replace(m2.group(0), " ")
        d.lines.append(idx)
    rest = _trailing_contact_label_re().sub("", rest)
    return re.sub(r"\s*[|•·]\s*$|^\s*[|•·]\s*", "", rest).strip(" ,;|")


def _same_person(a: str, b: str) -> bool:
    """Two renderings of one name: same surname, compatible first names or initials."""
    ta = [t.strip(".,").casefold() for t in a.split() if not ft.is_degree(t)]
    tb = [t.strip(".,").casefold() for t in b.split() if not ft.is_degree(t)]
    if not ta or not tb:
        return False
    if (len(ta) == 1 and ta[0] == tb[0]) or (len(tb) == 1 and tb[0] == ta[0]):
        return True  # 'Ana' signing an e-mail above her full signature 'Ana Ribeiro'
    if ta[-1] != tb[-1]:
        return False
    fa, fb = ta[0], tb[0]
    return len(ta) == 1 or len(tb) == 1 or fa[:1] == fb[:1]


def _office_or_body(text: str) -> bool:
    return ft.role_score(text) >= 2 or ft.org_score(text) >= 2


ARTICLES = re.compile(r"^(?:the|le|la|l'|les|der|die|das|el|il|lo|o|a|de|het)\s+", re.IGNORECASE)


def _office_only(text: str) -> bool:
    """'Präsidentin', 'le Ministre', 'Prime Minister': an office with no personal name before it."""
    t = ARTICLES.sub("", text.strip().rstrip(","))
    if not t or "," in t or "|" in t:
        return False
    return ft.role_score(t.split()[0]) >= 2


def _strip_label(line: str) -> str:
    value = ft.marker(line, "recipient_labels", need_colon=True)
    return value if value else line


class _PartyReader:
    """The state of :func:`parse_parties` while it reads lines, one named step per kind of line.

    A *group* is the parties named on consecutive name lines ('Ms A' / 'Mr B'), which share the role,
    organisation and address lines after them; ``group_open`` is True while only name lines have been
    seen for the current group.
    """

    def __init__(self, block_starts: frozenset[int] | set[int]) -> None:
        self.block_starts = block_starts
        self.drafts: list[PartyDraft] = []
        self.group: list[PartyDraft] = []
        self.group_open = False
        self.in_address = False
        self.pending_honorific: str | None = None

    @property
    def current(self) -> PartyDraft | None:
        return self.group[-1] if self.group else None

    def _new_party(self, join_group: bool = False) -> PartyDraft:
        d = PartyDraft()
        if not join_group:
            self.group = []
        self.group.append(d)
        self.drafts.append(d)
        return d

    def read(self, idx: int, raw: str) -> None:
        line = _strip_label(raw.strip())
        if self.skipped(line):
            return
        if ft.honorific_only(line):
            self.honorific_line(idx, line)
            return
        prefixed = ft.marker(line, "signature_prefixes")
        if prefixed and ft.looks_like_name(prefixed):
            line = prefixed  # 'i. A. Stefan Wolf', 'pp. John Smith': signing for someone else
        if ft.is_delegation(line) and not ft.marker(line, "on_behalf_lines"):
            # 'Pour le Maire et par délégation,' names no one of the party ('on behalf of the Board'
            # names its organisation, below): what the line holds beside the phrase is read on
            line = _without_delegation(line)
            if not line:
                return
        if self.office_line(idx, line) or self.behalf_line(idx, line) or self.typed_again(idx, line):
            return
        if not self.name_line(idx, line):
            self.detail_line(idx, line)

    @staticmethod
    def skipped(line: str) -> bool:
        """Lines that name nobody: the '-- ' of an e-mail signature, rules, the writer's and typist's
        initials ('JS/mk'), editorial notes ('[Endorsed: ...]')."""
        return (
            not line
            or bool(re.fullmatch(r"[-_=~*.\s]+", line))
            or bool(REFERENCE_INITIALS.fullmatch(line))
            or bool(EDITORIAL_NOTE.fullmatch(line))
        )

    def honorific_line(self, idx: int, line: str) -> None:
        """'Mayor' under the mayor's name is an office; 'His Excellency' above a name waits for it."""
        current = self.current
        if current is not None and current.party.name and ft.role_score(line) >= 2:
            _set(current, "role", line, idx)
        else:
            self.pending_honorific = line.rstrip(",")

    def office_line(self, idx: int, line: str) -> bool:
        """'Frau Präsidentin' / 'General Counsel' / 'Ambassador Extraordinary and Plenipotentiary': an
        office, either of the person just named or of the one named next."""
        hon0, rest0 = ft.split_honorific(line)
        if not hon0:
            return False
        office_title = ft.role_score(hon0.split()[0]) >= 2  # 'Ambassador', 'General'
        current = self.current
        named = current is not None and current.party.name is not None
        if not (
            _office_only(rest0)
            or (office_title and named and not ft.split_honorific(rest0)[0] and not ft.looks_like_name(rest0))
        ):
            return False
        role = line if office_title or named else rest0  # 'Hon. Secretary' under a name stays whole
        if current is not None and (current.party.name is None or not current.party.role):
            d = current
        else:
            d = self._new_party()
        _set(d, "role", role, idx)
        if d.party.name is None and not office_title:
            self.pending_honorific = self.pending_honorific or hon0
        self.group_open = False
        return True

    def behalf_line(self, idx: int, line: str) -> bool:
        """'on behalf of the Commission' under a name, or 'For and on behalf of Acme Ltd' above it: the
        party's organisation."""
        behalf = ft.marker(line, "on_behalf_lines")
        if not behalf:
            return False
        _set(self.current if self.current is not None else self._new_party(), "organisation", behalf, idx)
        return True

    def typed_again(self, idx: int, line: str) -> bool:
        """The same person written again: '(Miss R. Ainsworth)' under 'Rachel Ainsworth', a typed name
        under a handwritten one ('Thos. Hargreaves' / 'THOMAS HARGREAVES,')."""
        current = self.current
        if current is None or not current.party.name:
            return False
        bracketed = re.fullmatch(r"\((.+)\)", line)
        if bracketed:
            hon_b, name_b, _ = split_name(bracketed.group(1))
            if _same_person(current.party.name, name_b):
                current.party.honorific = current.party.honorific or hon_b
                current.lines.append(idx)
                return True
        nt = _name_and_tail(line) if not ft.has_contact(line) else None
        if nt and self.group_open:
            hon_d, name_d, _ = split_name(nt[0])
            if _same_person(current.party.name, name_d):
                if len(name_d.strip(" ,")) > len(current.party.name):
                    current.party.name = name_d.strip(" ,")
                current.party.honorific = current.party.honorific or hon_d
                current.lines.append(idx)
                if nt[1]:
                    _set(current, "role", nt[1], idx, ", ")
                return True
        return False

    def name_line(self, idx: int, line: str) -> bool:
        """A line that names a new party (with an honorific, opening the lines, after a complete party in
        a new block, or beside an office: 'Peter Okonkwo, Head Teacher, ...')."""
        nt = _name_and_tail(line) if not ft.has_contact(line) else None
        if not nt:
            return False
        current = self.current
        hon = ft.split_honorific(line)[0]
        complete = current is not None and bool(
            current.party.role or current.party.organisation or current.party.address
        )
        if not (
            current is None
            or hon
            # 'Peter Okonkwo, Head Teacher' (not 'Albany, N.Y.')
            or (bool(nt[1]) and current.party.name is not None and _office_or_body(nt[1]))
            or (current.party.name is None and (hon or ft.n_words(nt[0]) >= 2))  # not 'Dakar'
            or (idx in self.block_starts and complete)
        ):
            return False
        if current is not None and not self.group_open and current.party.name is None:
            d = current  # an organisation-only party gets its person
        else:
            d = self._new_party(join_group=self.group_open)
        head, tail = nt
        hon, name, post_role = split_name(head)
        if self.pending_honorific:
            hon = f"{self.pending_honorific} {hon}" if hon else self.pending_honorific
            self.pending_honorific = None
        d.party.honorific = hon
        d.party.name = name or None
        d.lines.append(idx)
        d.last_field = "name"
        if post_role:
            _set(d, "role", post_role, idx)
        if tail:
            tail = _strip_contacts(d, tail, idx)
            for piece in [p for p in re.split(r"\s*\|\s*", tail) if p]:
                kind = classify(piece, False)
                fld = "organisation" if kind == "org" else "address" if kind == "address" else "role"
                _set(d, fld, piece, idx, ", ")
        self.group_open = True
        self.in_address = False
        return True

    def detail_line(self, idx: int, line: str) -> None:
        """An office, organisation, address or contact line of the current party (or group)."""
        current = self.current
        if current is None:
            current = self._new_party()
        line = _strip_contacts(current, line, idx)
        if not line:
            return
        kind = classify(line, self.in_address)
        if ft.is_signature_image_text(line) and kind == "unknown":
            return
        targets = self.group if self.group_open or len(self.group) > 1 else [current]
        if kind == "continuation":
            for d in targets:
                fld = d.last_field if d.last_field in ("role", "organisation", "address") else "role"
                if fld == "address" and d.party.address:
                    d.party.address[-1] = d.party.address[-1] + " " + line
                    d.lines.append(idx)
                else:
                    _set(d, fld, line, idx, " ")
            return
        if kind == "unknown":
            kind = "org" if not current.party.organisation and not self.in_address else "address"
        fld = {"org": "organisation", "role": "role", "address": "address"}[kind]
        for d in targets:
            _set(d, fld, line, idx)
        self.in_address = self.in_address or kind == "address"
        self.group_open = False


def _without_delegation(line: str) -> str:
    """A signature line without its comma-separated parts that say it signs by delegation ('Par
    délégation, Alice Rousseau' -> 'Alice Rousseau'; 'Pour le Maire et par délégation,' -> '')."""
    parts = [p.strip() for p in line.split(",")]
    return ", ".join(p for p in parts if p and not ft.is_delegation(p))


def parse_parties(
    lines: list[tuple[int, str]], block_starts: frozenset[int] | set[int] = frozenset()
) -> list[PartyDraft]:
    """Read (line index, text) pairs as one or more parties.

    A new party starts at a name line that opens the lines, carries an honorific, follows other name
    lines (names on consecutive lines form a group that shares the role/organisation/address lines
    after them), or opens a new block (``block_starts``) after a party that is complete. The steps are
    the methods of :class:`_PartyReader`, tried in order for each line.
    """
    reader = _PartyReader(block_starts)
    for idx, raw in lines:
        reader.read(idx, raw)
    return [d for d in reader.drafts if not d.party.is_empty()]


@cache
def _trailing_contact_label_re() -> re.Pattern[str]:
    """A label left at the end of a line once its contact is taken out ('Tel.', 'E-mail:')."""
    return rx.compile(rf"\b(?:{'|'.join(load('parties')['contact_labels'])})\s*[:.]?\s*$", re.I)


@cache
def _file_copy_re() -> re.Pattern[str]:
    """The sender's own file copy on a cc line ('a/a', 'ad acta'): ``markers.json`` ``file_copies``."""
    return rx.compile(rf"(?:{'|'.join(load('markers')['file_copies']['all'])})\.?", re.I)


def parse_cc(lines: list[tuple[int, str]]) -> list[PartyDraft]:
    """cc lines: usually one party a line ('Mr Jean-Marc Ayrault, Minister of Foreign Affairs ...')."""
    out: list[PartyDraft] = []
    for idx, raw in lines:
        text = re.sub(r"^(?:[-•*·]|\d{1,2}[.)])\s*", "", raw.strip()).strip()
        # 'a/a', 'file', 'ad acta': the sender's own file copy, not a person
        if not text or _file_copy_re().fullmatch(text):
            continue
        pieces = [p for p in re.split(r"\s*;\s*", text) if p] if ";" in text else [text]
        for piece in pieces:
            nt = _name_and_tail(piece)
            if nt is None and out and (ft.starts_lower(piece) or ft.address_score(piece) >= 2):
                _set(
                    out[-1],
                    "address" if ft.address_score(piece) >= 2 else out[-1].last_field or "role",
                    piece,
                    idx,
                    " ",
                )
                continue
            drafts = parse_parties([(idx, piece)])
            out.extend(drafts)
    return out


@cache
def _behalf_re() -> re.Pattern[str]:
    """' on behalf of the Commission', ' au nom de la Commission'... from the markers data."""
    entries = [e for e in load("markers")["on_behalf_lines"]["all"] if len(e) >= 5]
    alts = alternation(entries)
    articles = alternation(load("parties")["articles"])
    return rx.compile(rf"\s+(?:{alts})\s+(?:(?:{articles})\s+)?(.+)$", re.IGNORECASE)


def parse_attribution(text: str, idx: int) -> PartyDraft | None:
    """'High Representative/Vice-President Mogherini on behalf of the Commission' -> a Party.

    The name is the run of capitalised words at the end that are not office words; what stands
    before it is the role; 'on behalf of X' names the organisation.
    """
    t = text.strip().rstrip(".")
    org = None
    behalf = _behalf_re().search(t)
    if behalf:
        org = behalf.group(1).strip()
        t = t[: behalf.start()].strip()
    hon, rest = ft.split_honorific(t)
    tokens = rest.split()
    name_tokens: list[str] = []
    while tokens:
        tok = tokens[-1]
        if ft.honorific_only(tok):
            break  # 'Commissioner Mr Hahn': the honorific ends the name
        if tok[:1].isupper() and ft.role_score(tok) == 0 and "/" not in tok and ft.org_score(tok) < 2:
            name_tokens.insert(0, tokens.pop())
        else:
            break
    if not name_tokens:
        return None
    d = PartyDraft()
    # an honorific may sit between the role and the name: 'Commissioner Mr Hahn'
    if tokens and not hon:
        h2, _ = ft.split_honorific(tokens[-1] + " X")
        if h2:
            hon = tokens.pop()
    d.party.name = " ".join(name_tokens)
    d.party.honorific = hon
    if tokens:
        d.party.role = " ".join(tokens)
    if org:
        d.party.organisation = org
    d.lines.append(idx)
    return d
