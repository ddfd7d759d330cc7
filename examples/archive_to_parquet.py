"""Turn a folder of letters into one Parquet table, then count letters per sender per year.

    python examples/archive_to_parquet.py                       # examples/letters -> letters.parquet
    python examples/archive_to_parquet.py ~/archive --out archive.parquet --plot senders.png --workers 4

A Parquet file is the convenient hand-over from letterkit to the tools archivists and historians
already use (pandas, DuckDB, R's arrow, Excel via Power Query): one flat row per letter with its date,
place, language, sender, recipients and signatories. The analysis part shows the usual first question
asked of a correspondence archive, who wrote how much when, as a pandas groupby and a bar chart
(matplotlib's Agg backend, so it runs on servers without a display).

Needs pandas, pyarrow and matplotlib (``pip install pandas pyarrow matplotlib``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from letterkit import read_letters

HERE = Path(__file__).resolve().parent


def _rows(results: Iterator[Any]) -> Iterator[dict[str, Any]]:
    """Flat rows for the letters that could be read (used when letterkit.export is not available)."""
    for result in results:
        letter = result.letter
        if letter is None:
            print(f"failed  {result.input}: {result.error.message}", file=sys.stderr)
            continue
        yield {
            "input": result.input,
            "format": letter.source.format,
            "date": letter.date,
            "place": letter.place,
            "language": letter.language,
            "sender_name": letter.sender.name if letter.sender else None,
            "recipients": "; ".join(p.name for p in letter.recipients if p.name) or None,
            "signatories": "; ".join(p.name for p in letter.signatories if p.name) or None,
            "paragraphs": len(letter.body),
        }


def _report_failures(results: Iterator[Any]) -> Iterator[Any]:
    for result in results:
        if result.letter is None:
            print(f"failed  {result.input}: {result.error.message}", file=sys.stderr)
        yield result


def write_table(folder: Path, out: Path, workers: int) -> int:
    """Read every letter under ``folder`` into the Parquet file ``out``; return the rows written."""
    results = read_letters([folder], workers=workers)
    try:
        from letterkit.export.table import write_parquet
    except ImportError:  # an older letterkit without the export module: build the table here
        import pandas as pd

        frame = pd.DataFrame(list(_rows(results)))
        frame.to_parquet(out, index=False)
        return len(frame)
    return int(write_parquet(_report_failures(results), out))


def letters_per_sender_year(parquet: Path) -> Any:
    """A table: one row per sender, one column per year, the number of letters in each cell."""
    import pandas as pd

    df = pd.read_parquet(parquet, columns=["sender_name", "date"])
    df["year"] = pd.to_datetime(df["date"], errors="coerce").dt.year.astype("Int64")
    df["sender_name"] = df["sender_name"].fillna("(unknown)")
    counts = df.dropna(subset=["year"]).groupby(["sender_name", "year"]).size()
    return counts.unstack("year", fill_value=0).sort_index()


def plot(counts: Any, png: Path, top: int = 10) -> None:
    """A stacked bar chart of letters per year, one colour per sender (the ``top`` busiest)."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if len(counts) > top:  # keep the chart legible: the busiest senders, the rest together
        busiest = counts.sum(axis=1).sort_values(ascending=False).index[:top]
        rest = counts.drop(index=busiest).sum().rename("(others)")
        counts = counts.loc[busiest]
        counts.loc["(others)"] = rest
    fig, ax = plt.subplots(figsize=(9, 4.5))
    if counts.empty:
        ax.text(0.5, 0.5, "no dated letters", ha="center", va="center", transform=ax.transAxes)
    else:
        counts.T.plot(kind="bar", stacked=True, ax=ax, width=0.8, colormap="tab20")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(title="sender", fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlabel("year")
    ax.set_ylabel("letters")
    ax.set_title("Letters per sender per year")
    fig.tight_layout()
    fig.savefig(png, dpi=120, bbox_inches="tight")
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert a folder of letters to Parquet and count "
                                                 "letters per sender per year.")
    parser.add_argument("folder", type=Path, nargs="?", default=HERE / "letters",
                        help="folder of letters, searched recursively (default: examples/letters)")
    parser.add_argument("--out", type=Path, default=Path("letters.parquet"), help="Parquet file to write")
    parser.add_argument("--plot", type=Path, default=Path("letters_per_sender_year.png"),
                        help="PNG chart to write")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for reading")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")

    rows = write_table(args.folder, args.out, args.workers)
    print(f"{rows} letters -> {args.out}")
    counts = letters_per_sender_year(args.out)
    print("\nLetters per sender per year:")
    print(counts.to_string() if not counts.empty else "(no dated letters)")
    plot(counts, args.plot)
    print(f"\nchart -> {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
