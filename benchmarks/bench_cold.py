"""Cold start: the CPU time of a fresh ``letterkit read`` of a small letter, against the CPU time of a
fresh process that only imports letterkit's dependencies (every third-party module that the same
``letterkit read`` loads, found by running it once).

    python benchmarks/bench_cold.py [--runs 7] [--out benchmarks/results/cold-start.md]

CPU time (user + system of the child, from ``getrusage``), not wall-clock time: the machine is shared.
Each figure is the median of ``--runs`` fresh processes, run alternately. The first run of all also
makes the language model's mapped copy (letterkit.lang.langid_model) in a cache folder of its
own, and is reported apart: it is what the very first run on a machine costs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

#: an invented letter of about 700 bytes
LETTER = """Lyon, 14 March 2019

Dear Mr Harlow,

Thank you for your letter of 2 March about the delivery of the printed catalogues. We have checked
the order and found that two boxes were sent to our old address in Villeurbanne. They have now been
collected and will reach you before the end of the month.

We apologise for the delay and hope the catalogues arrive in good time for the fair.

Yours sincerely,

Claire Fontaine
Sales Office
"""

FIND_DEPS = """
import contextlib, io, json, sys
from letterkit.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["read", sys.argv[1]])
std = set(sys.stdlib_module_names)
mods = sorted(m for m in sys.modules if m.split(".")[0] not in std and not m.startswith(("letterkit", "_"))
              and getattr(sys.modules[m], "__spec__", None) is not None)  # not cython_runtime
print(json.dumps(mods))
"""


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one child process running ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the results as Markdown here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        letter = Path(tmp) / "harlow.txt"
        letter.write_text(LETTER, encoding="utf-8")
        env = {**os.environ, "LETTERKIT_CACHE_DIR": str(Path(tmp) / "cache")}
        modules = json.loads(subprocess.run([sys.executable, "-c", FIND_DEPS, str(letter)], check=True,
                                            env={**env, "LETTERKIT_CACHE_DIR": "none"},
                                            capture_output=True, text=True).stdout)
        imports = [sys.executable, "-c", "\n".join(f"import {m}" for m in modules)]
        read = [sys.executable, "-m", "letterkit", "read", str(letter)]
        first = cpu_of(read, env)  # makes the mapped copy of the language model
        uncached = cpu_of(read, {**env, "LETTERKIT_CACHE_DIR": "none"})
        deps, reads = [], []
        for _ in range(args.runs):
            deps.append(cpu_of(imports, env))
            reads.append(cpu_of(read, env))
    d, r = statistics.median(deps), statistics.median(reads)
    tops = sorted({m.split(".")[0] for m in modules})
    lines = [
        "# Cold start",
        "",
        f"Command: `python benchmarks/bench_cold.py --runs {args.runs}`"
        + (f" --out {args.out}" if args.out else ""),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared), Python {platform.python_version()}.",
        f"CPU time (user + system) of fresh processes, median of {args.runs}.",
        "",
        "| process | CPU s |",
        "| --- | ---: |",
        f"| import the dependencies only ({len(modules)} modules of {', '.join(tops)}) | {d:.3f} |",
        f"| `letterkit read` of a 700-byte letter | {r:.3f} |",
        f"| the same, the very first time on the machine (makes the model's mapped copy) | {first:.3f} |",
        f"| the same, with `LETTERKIT_CACHE_DIR=none` (model decompressed every time) | {uncached:.3f} |",
        "",
        f"**Ratio `letterkit read` / dependencies: {r / d:.2f}x** (target: at most 2.5x).",
        "",
        f"All runs, dependencies: {', '.join(f'{x:.3f}' for x in deps)}; "
        f"read: {', '.join(f'{x:.3f}' for x in reads)}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
