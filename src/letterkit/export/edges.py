"""A correspondence network: one edge per sender and recipient of each letter (CSV and GraphML).

Why a separate export: the first thing a correspondence project draws is who wrote to whom, and
network tools (Gephi, Palladio, nodegoat, networkx) read an edge list or GraphML, not letters.
A sender is each signatory with a name (else the sender's name or organisation); a recipient each
addressee's name (else organisation); an unknown side is ``"Unknown"``, as CMIF writes it.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from typing import Any

from letterkit.core.results import ErrorRecord
from letterkit.export._items import Item, normalize
from letterkit.model import Letter, Party

#: the columns of :func:`edge_rows`
EDGE_COLUMNS: tuple[str, ...] = ("source", "target", "date", "date_edtf", "place", "letter_id", "input")
UNKNOWN = "Unknown"


def _label(p: Party) -> str | None:
    return p.name or p.organisation


def senders(letter: Letter) -> list[str]:
    """Who sent ``letter``: the signatories' names, else the sender's name or organisation."""
    names = [p.name for p in letter.signatories if p.name]
    if not names and letter.sender is not None:
        label = _label(letter.sender)
        names = [label] if label else []
    return names or [UNKNOWN]


def recipients(letter: Letter) -> list[str]:
    """Who received ``letter``: each addressee's name, else its organisation."""
    return [label for label in map(_label, letter.recipients) if label] or [UNKNOWN]


def edge_rows(letter: Letter, input: str | None = None) -> list[dict[str, Any]]:
    """One row per (sender, recipient) pair of ``letter``, with its date, place and id (SHA-256).

    >>> from letterkit import read_letter
    >>> letter = read_letter(b"Paris, 3 July 2006\\n\\nMs Eva Berg\\nRue Haute 5\\n1000 Brussels\\n\\n"
    ...                      b"Dear Ms Berg,\\n\\nThank you.\\n\\nYours sincerely,\\n\\nMarc Dubois")
    >>> [(r["source"], r["target"], r["date"]) for r in edge_rows(letter)]
    [('Marc Dubois', 'Eva Berg', '2006-07-03')]
    """
    return [
        {
            "source": s,
            "target": t,
            "date": letter.date,
            "date_edtf": letter.date_edtf,
            "place": letter.place,
            "letter_id": letter.source.sha256,
            "input": input,
        }
        for s in senders(letter)
        for t in recipients(letter)
    ]


def _edges(items: Iterable[Item]) -> Iterator[dict[str, Any]]:
    for item in items:
        label, value = normalize(item)
        if isinstance(value, ErrorRecord):
            continue
        yield from edge_rows(value, label)


def write_edges_csv(items: Iterable[Item], path: str | os.PathLike[str]) -> int:
    """Write the edge list as CSV (``source,target,...``); return the number of edges."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=EDGE_COLUMNS)
        writer.writeheader()
        for row in _edges(items):
            writer.writerow(row)
            count += 1
    return count


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def write_graphml(items: Iterable[Item], path: str | os.PathLike[str]) -> int:
    """Write the network as GraphML: a node per correspondent, a directed edge per letter and pair,
    with the edge columns as edge data; return the number of edges."""
    from lxml import etree

    from letterkit.export.tei import clean_text

    root = etree.Element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS})
    etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id="label", attrib={"for": "node", "attr.name": "label",
                                                                         "attr.type": "string"})
    for name in EDGE_COLUMNS[2:]:
        etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id=name,
                         attrib={"for": "edge", "attr.name": name, "attr.type": "string"})
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="letters", edgedefault="directed")
    nodes: dict[str, str] = {}
    edges = list(_edges(items))

    def node(name: str) -> str:
        if name not in nodes:
            nodes[name] = f"n{len(nodes)}"
            el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=nodes[name])
            etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key="label").text = clean_text(name)
        return nodes[name]

    for i, row in enumerate(edges):
        source, target = node(row["source"]), node(row["target"])
        edge = etree.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"e{i}", source=source, target=target)
        for name in EDGE_COLUMNS[2:]:
            if row[name] is not None:
                etree.SubElement(edge, f"{{{GRAPHML_NS}}}data", key=name).text = clean_text(row[name])
    with open(path, "wb") as fp:
        fp.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return len(edges)
