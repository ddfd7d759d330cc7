"""Publishing from the CLI: CMIF metadata, one correspDesc per letter, authority @ref, the edge list,
parties.csv, and pandas/DuckDB round trips. All letters are invented for the test."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree

from letterkit import read_letter
from letterkit.cli import main
from letterkit.export.edges import edge_rows
from letterkit.export.table import guard_row, party_rows, write_csv
from letterkit.model import Letter
from tei_schemas import assert_valid, cmif

NS = {"tei": "http://www.tei-c.org/ns/1.0"}

LETTERS = {
    "berg.txt": "Paris, 3 July 2006\n\nMs Eva Berg\nRue Haute 5\n1000 Brussels\n\nDear Ms Berg,\n\n"
    "Thank you for your letter about the exhibition.\n\nYours sincerely,\n\nMarc Dubois\n",
    "weber.txt": "Wien, 1914\n\nHerrn Karl Huber\nRingstraße 4\n1010 Wien\n\nLieber Karl,\n\n"
    "ich danke Dir für die Bücher, die gestern angekommen sind.\n\nHerzlich\n\nAnna Weber\n",
}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    # the same letter again as Markdown: one letter, two files
    (folder / "berg-copy.md").write_text(LETTERS["berg.txt"], encoding="utf-8")
    return folder


def _run(*args: str) -> int:
    return main(["--quiet" if a == "--quiet-placeholder" else a for a in args])


def test_cmif_from_the_cli(inputs: Path, tmp_path: Path) -> None:
    authority = tmp_path / "authority.csv"
    authority.write_text("name,uri\nMarc Dubois,https://d-nb.info/gnd/000000001\n"
                         "Paris,https://www.geonames.org/2988507\n", encoding="utf-8")
    out = tmp_path / "out"
    _run("convert", str(inputs), "--out", str(out), "--to", "cmif", "--title", "Letters of Marc Dubois",
         "--editor", "Ada Editor", "--editor-email", "ada@example.org", "--publisher", "Example Archive",
         "--publisher-url", "https://archive.example.org", "--source-url",
         "https://archive.example.org/cmif.xml", "--authority", str(authority))
    root = etree.parse(str(out / "letters.cmif.xml")).getroot()
    assert_valid(cmif(), root)
    assert root.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == "Letters of Marc Dubois"
    assert root.findtext(".//tei:editor", namespaces=NS).strip() == "Ada Editor"
    assert root.findtext(".//tei:publisher/tei:ref", namespaces=NS) == "Example Archive"
    assert root.findtext(".//tei:publicationStmt/tei:idno", namespaces=NS) == "https://archive.example.org/cmif.xml"
    descs = root.findall(".//tei:correspDesc", NS)
    assert len(descs) == 2  # three files, two letters
    sent = [d.find("tei:correspAction[@type='sent']", NS) for d in descs]
    refs = {el.text: el.get("ref") for s in sent for el in s}
    assert refs["Marc Dubois"] == "https://d-nb.info/gnd/000000001"
    assert refs["Paris"] == "https://www.geonames.org/2988507"
    assert refs["Anna Weber"] is None
    dates = [s.find("tei:date", NS).get("when") for s in sent]
    assert sorted(dates) == ["1914", "2006-07-03"]
    bibls = root.findall(".//tei:sourceDesc/tei:bibl", NS)
    assert any("berg-copy.md" in "".join(b.itertext()) and "berg.txt" in "".join(b.itertext()) for b in bibls)


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("scans", [False, pytest.param(True, marks=[pytest.mark.slow, pytest.mark.ocr])])
def test_cmif_of_the_public_corpus(scans: bool, tmp_path: Path) -> None:
    """The public corpus (five letters, each as txt, DOCX, PDF and a scan; one as HTML) as one CMIF
    file: valid against the CMIF schema, one correspDesc per letter, @ref from an authority file."""
    gold_files = sorted((CORPUS / "gold").glob("*.json"))
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in gold_files}
    folder = tmp_path / "in"
    folder.mkdir()
    files = [p for p in sorted((CORPUS / "letters").iterdir()) if scans or not p.name.endswith(".scan.pdf")]
    for p in files:
        (folder / p.name).write_bytes(p.read_bytes())
    # an invented authority file for the gold senders and places (the URIs are examples, not real ids)
    names = sorted({s["name"] for g in gold.values() for s in g.get("signatories", [])}
                   | {g["place"] for g in gold.values() if g.get("place")})
    authority = tmp_path / "authority.json"
    uris = {name: f"https://authority.example.org/{i}" for i, name in enumerate(names)}
    authority.write_text(json.dumps(uris), encoding="utf-8")
    out = tmp_path / "out"
    _run("convert", str(folder), "--out", str(out), "--to", "cmif", "--quiet", "--title", "Public corpus",
         "--editor", "Ada Editor", "--publisher-url", "https://archive.example.org",
         "--authority", str(authority))
    root = etree.parse(str(out / "letters.cmif.xml")).getroot()
    assert_valid(cmif(), root)
    descs = root.findall(".//tei:profileDesc/tei:correspDesc", NS)
    assert len(descs) == len(gold)  # one per letter, however many files hold it
    bibls = {b.get("{http://www.w3.org/XML/1998/namespace}id"): "".join(b.itertext())
             for b in root.findall(".//tei:sourceDesc/tei:bibl", NS)}
    for stem in gold:
        holders = [i for i, text in bibls.items() if f"{stem}." in text]
        assert len(holders) == 1, (stem, holders)  # every file of the letter in the letter's one bibl
        assert all(p.name in bibls[holders[0]] for p in files if p.name.startswith(stem + "."))
    refs = {(el.text, el.get("ref")) for d in descs for el in d.find("tei:correspAction[@type='sent']", NS)
            if el.get("ref")}
    assert refs and all(uris.get(text) == ref for text, ref in refs)
    found = {text for text, _ in refs}
    assert {"Tunne Kelam", "Brussels"} <= found


def test_edges_from_the_cli(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run("convert", str(inputs), "--out", str(out), "--to", "edges")
    with (out / "letters.edges.csv").open(encoding="utf-8", newline="") as fp:
        pairs = sorted((r["source"], r["target"]) for r in csv.DictReader(fp))
    assert pairs == [("Anna Weber", "Karl Huber"), ("Marc Dubois", "Eva Berg"), ("Marc Dubois", "Eva Berg")]
    graph = etree.parse(str(out / "letters.graphml")).getroot()
    g = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(graph.findall(f"{g}graph/{g}node")) == 4
    assert len(graph.findall(f"{g}graph/{g}edge")) == 3


def test_csv_with_parties_and_guard(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run("convert", str(inputs), "--out", str(out), "--to", "csv")
    with (out / "parties.csv").open(encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    expected = {("signatory", "Marc Dubois"), ("recipient", "Karl Huber")}
    assert {(r["part"], r["name"]) for r in rows} >= expected
    assert guard_row({"a": "=1+1", "b": "@x", "c": "plain"}) == {"a": "'=1+1", "b": "'@x", "c": "plain"}
    letter = read_letter(LETTERS["berg.txt"].encode())
    path, parties = tmp_path / "l.csv", tmp_path / "p.csv"
    write_csv([letter], path, encoding="utf-8-sig", parties_path=parties)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(parties.read_text(encoding="utf-8-sig").splitlines()) == 1 + len(party_rows(letter))


def test_csv_flags_for_excel_and_the_formula_guard(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sums.txt").write_text(
        "Oslo, 2 May 2023\n\n-Dear Ms Berg,\n\nThe sum in B9 gives the total you asked about.\n\n"
        "Kind regards,\n\nOla Nordmann\n", encoding="utf-8")
    plain, guarded = tmp_path / "plain", tmp_path / "guarded"
    assert _run("convert", str(folder), "--out", str(plain), "--to", "csv", "--quiet") == 0
    assert _run("convert", str(folder), "--out", str(guarded), "--to", "csv", "--quiet",
                "--csv-encoding", "utf-8-sig", "--guard-formulas") == 0
    for name in ("letters.csv", "parties.csv"):
        assert not (plain / name).read_bytes().startswith(b"\xef\xbb\xbf")
        assert (guarded / name).read_bytes().startswith(b"\xef\xbb\xbf")
    with (plain / "letters.csv").open(encoding="utf-8", newline="") as fp:
        assert next(csv.DictReader(fp))["salutation"] == "-Dear Ms Berg,"
    with (guarded / "letters.csv").open(encoding="utf-8-sig", newline="") as fp:
        row = next(csv.DictReader(fp))
    assert row["salutation"] == "'-Dear Ms Berg,"
    assert row["input"] and row["closing"] == "Kind regards,"  # the BOM is not glued to the first name


def _letters() -> list[Letter]:
    return [read_letter(t.encode(), filename=n) for n, t in LETTERS.items()]


def test_pandas_round_trip_of_jsonl_and_parquet(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from letterkit.export.jsonl import write_jsonl
    from letterkit.export.table import parquet_row, write_parquet

    letters = _letters()
    path = tmp_path / "l.jsonl"
    with path.open("w", encoding="utf-8") as fp:
        write_jsonl(letters, fp)
    frame = pd.read_json(path, lines=True)
    # the date column as pandas users load it (convert_dates= is deprecated): datetime64 at midnight
    frame["date"] = pd.to_datetime(frame["date"])
    assert str(frame["date"].dtype).startswith("datetime64")
    back = [Letter.model_validate(json.loads(r)) for r in frame.to_json(orient="records", lines=True,
                                                                       date_format="iso").splitlines()]
    assert [b.model_dump(mode="json") for b in back] == [x.model_dump(mode="json") for x in letters]
    pq_path = tmp_path / "l.parquet"
    write_parquet(letters, pq_path)
    table = pd.read_parquet(pq_path)
    assert list(table["signatory_parties"].map(lambda v: [p["name"] for p in v])) == [
        [p.name for p in x.signatories] for x in letters
    ]
    assert [str(d) if d is not None else None for d in table["date"]] == [parquet_row(x)["date"] and
                                                                          x.date for x in letters]


def test_duckdb_reads_parquet_types(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    from letterkit.export.table import write_parquet

    letters = _letters()
    path = tmp_path / "l.parquet"
    write_parquet(letters, path)
    rows = duckdb.sql(f"SELECT typeof(date), date_edtf, signatory_parties[1].name FROM '{path}'").fetchall()
    assert rows == [("DATE", "2006-07-03", "Marc Dubois"), ("DATE", "1914", "Anna Weber")]


def test_edges_of_the_public_corpus_have_the_gold_pairs(tmp_path: Path) -> None:
    """Who wrote to whom in the public corpus, as the edge list has it: for every file, the pairs of
    its gold signatories and recipients ("Unknown" when a letter names no recipient)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted((CORPUS / "letters").iterdir()):
        if not p.name.endswith(".scan.pdf"):
            (folder / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    _run("convert", str(folder), "--out", str(out), "--to", "edges", "--quiet")
    with (out / "letters.edges.csv").open(encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    got: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        got.setdefault(Path(row["input"]).name, set()).add((row["source"], row["target"]))
    assert sorted(got) == sorted(p.name for p in folder.iterdir())
    for name, pairs in got.items():
        gold = json.loads((CORPUS / "gold" / f"{name.split('.')[0]}.json").read_text(encoding="utf-8"))
        recipients = [r["name"] for r in gold.get("recipients") or []] or ["Unknown"]
        assert pairs == {(s["name"], r) for s in gold["signatories"] for r in recipients}, name


def test_every_table_export_loads_in_pandas_and_duckdb_without_loss(inputs: Path, tmp_path: Path) -> None:
    """letters.csv, parties.csv, the edge list, JSONL and Parquet read back in pandas and DuckDB hold
    exactly what was written (CSV cells as text, so nothing is re-typed on the way)."""
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    (inputs / "quotes.txt").write_text(
        'Graz, 5 June 1911\n\nDear Mr "Kiki" Moser,\n\nThe parcel, with its 3 books; and a letter, '
        'arrived.\n\nYours, as ever,\n\nLotte Ruß\n', encoding="utf-8")
    out = {kind: tmp_path / kind for kind in ("csv", "edges", "jsonl", "parquet")}
    for kind, folder in out.items():
        assert _run("convert", str(inputs), "--out", str(folder), "--to", kind, "--quiet") == 0
    for path in (out["csv"] / "letters.csv", out["csv"] / "parties.csv", out["edges"] / "letters.edges.csv"):
        with path.open(encoding="utf-8", newline="") as fp:
            written = list(csv.DictReader(fp))
        assert written
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert frame.to_dict(orient="records") == written, path.name
        table = duckdb.sql(f"SELECT * FROM read_csv('{path}', all_varchar = true, header = true)")
        assert [dict(zip(table.columns, r, strict=True)) for r in table.fetchall()] == [
            {k: (v if v != "" else None) for k, v in row.items()} for row in written
        ], path.name
    jsonl = out["jsonl"] / "letters.jsonl"
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    letters = [Letter.model_validate(json.loads(line)) for line in lines]
    back = duckdb.sql(f"SELECT salutation, date, len(body) FROM read_json_auto('{jsonl}')").fetchall()
    assert [(s, str(d) if d else None, n) for s, d, n in back] == [
        (x.salutation, x.date, len(x.body)) for x in letters
    ]
    parquet = out["parquet"] / "letters.parquet"
    frame = pd.read_parquet(parquet)
    assert list(frame["salutation"]) == [x.salutation for x in letters]
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(len(letters),)]


def test_edge_rows_of_a_letter_without_recipient() -> None:
    letter = read_letter(b"Dear friend,\n\nThank you for the book.\n\nYours,\n\nMarc Dubois")
    assert [(r["source"], r["target"]) for r in edge_rows(letter)] == [("Marc Dubois", "Unknown")]
