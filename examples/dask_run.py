"""Read a folder of letters on a Dask cluster and count the letters per language.

    python examples/dask_run.py                                   # examples/letters, 2 local workers
    python examples/dask_run.py ~/archive --workers 4
    python examples/dask_run.py "s3://bucket/letters/*.pdf" --scheduler tcp://scheduler:8786

Without ``--scheduler`` a LocalCluster of worker processes is started on this machine (the same code
then runs unchanged on a real cluster: every worker needs letterkit installed, and s3fs for ``s3://``).
:func:`letterkit.dask.letters_dataframe` lists the files here and reads them on the workers, so the
documents never pass through this process. Needs ``pip install 'letterkit[dask]' pandas``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count letters per language with Dask.")
    parser.add_argument("source", nargs="?", default=str(HERE / "letters"),
                        help="folder, glob or fsspec URL of letters (default: examples/letters)")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running scheduler, e.g. tcp://scheduler:8786 "
                             "(default: start a local cluster)")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes")
    args = parser.parse_args(argv)

    import dask
    from dask.distributed import Client, LocalCluster

    from letterkit.dask import letters_dataframe

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        df = letters_dataframe(args.source)
        letters = df[df["error"].isna()]
        # one compute for both results, so every letter is read once
        failed, per_language = dask.compute(
            df[df["error"].notnull()][["input", "error", "message"]],
            letters.assign(language=letters["language"].fillna("(unknown)")).groupby("language").size(split_out=1),
        )
        print(f"{int(per_language.sum())} letters read, {len(failed)} failed")
        print("\nLetters per language:")
        print(per_language.sort_index().to_string())
        for row in failed.itertuples():
            print(f"failed  {row.input}: {row.error}: {row.message}", file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
