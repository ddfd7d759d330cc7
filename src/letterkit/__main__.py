"""``python -m letterkit``: the ``letterkit`` command, for when the console script is not on PATH
(a venv that is not activated, ``pipx run``, a Slurm job's bare interpreter)."""

import sys

from letterkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
