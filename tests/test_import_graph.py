"""letterkit's modules import one another without a loop, and the base layer imports nothing above it.

The graph is built from the source (the AST of every module under ``src/letterkit``), not by importing
it, so a loop is found even where it would not fail at import time. Every import counts, at module
level and inside functions alike: an import moved into a function to dodge an import-time failure is
still a loop in the design (the two modules cannot be understood, tested or moved apart), and that is
what this test is here to keep out. Imports only for type checkers (under ``if TYPE_CHECKING:``) do
not count: they never run.

``from letterkit import x`` counts as an import of ``letterkit.x`` when that is a module, else of the
package ``letterkit`` (its ``__init__``), which imports the public API: so a module that takes
``__version__`` from the package depends on the whole API, which is why the version lives in
:mod:`letterkit.core`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "letterkit"

#: import edges that close a loop and are known, each with the reason it is still there. Each one must
#: still exist (test_known_loops_are_still_there), so this list shrinks as they are fixed.
KNOWN_LOOP_EDGES: dict[tuple[str, str], str] = {}

#: the base layer, and what it may import of letterkit: only itself
BASE_LAYER = ("letterkit.core", "letterkit.errors", "letterkit.logs")


def modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its ``__init__``)."""
    out = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, anywhere in the module (not those under TYPE_CHECKING)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                yield from _imports_in(child)
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _imports(node)


def _owner(name: str, known: dict[str, Path]) -> str | None:
    """The letterkit module ``name`` is or is defined in (``letterkit.inputs.Task``: ``letterkit.inputs``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """module -> the letterkit modules it imports."""
    known = modules(src)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    origin = ".".join([*base, node.module] if node.module else base)
                else:
                    origin = node.module or ""
                wanted = [f"{origin}.{alias.name}" for alias in node.names]
            for target in wanted:
                owner = _owner(target, known)
                if owner is not None and owner != name:
                    targets.add(owner)
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the modules along it (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: {t for t in targets if (m, t) not in KNOWN_LOOP_EDGES} for m, targets in graph.items()}


def describe(cycle: list[str]) -> str:
    steps = "\n".join(f"  {a}  imports  {b}" for a, b in pairwise(cycle))
    return (
        f"letterkit's modules import each other in a loop:\n{steps}\n"
        "Move what both need into a module below both (the base layer letterkit.core, or a shared "
        "module of the subpackage), or let one take it as an argument; an import moved into a function "
        "still counts."
    )


def test_the_package_has_no_import_loop() -> None:
    graph = import_graph()
    cycle = find_cycle(without_known(graph))
    assert cycle is None, describe(cycle or [])


def test_known_loops_are_still_there() -> None:
    graph = import_graph()
    gone = [edge for edge in KNOWN_LOOP_EDGES if edge[1] not in graph.get(edge[0], set())]
    assert not gone, f"these known loop edges are gone; remove them from KNOWN_LOOP_EDGES: {gone}"


def test_the_base_layer_imports_nothing_above_it() -> None:
    graph = import_graph()
    base = [m for m in graph if any(m == b or m.startswith(b + ".") for b in BASE_LAYER)]
    assert "letterkit.core.limits" in base and "letterkit.core.results" in base
    above = {
        m: sorted(t for t in graph[m] if not any(t == b or t.startswith(b + ".") for b in BASE_LAYER))
        for m in base
    }
    assert not any(above.values()), f"the base layer imports modules above it: {above}"


# --- the checker itself, on small made-up packages ----------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / PACKAGE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "loop"),
    [
        # at module level
        ({"__init__.py": "", "a.py": "from letterkit.b import x\n", "b.py": "import letterkit.a\n"},
         ["letterkit.a", "letterkit.b", "letterkit.a"]),
        # hidden inside a function, relative
        ({"__init__.py": "", "a.py": "from letterkit.b import x\n",
          "b.py": "def f():\n    from . import a\n    return a\n"},
         ["letterkit.a", "letterkit.b", "letterkit.a"]),
        # through the package's __init__ (the version taken from the package)
        ({"__init__.py": "from letterkit.api import read\n", "api.py": "from letterkit.tei import t\n",
          "tei.py": "def t():\n    from letterkit import __version__\n"},
         ["letterkit", "letterkit.api", "letterkit.tei", "letterkit"]),
    ],
)
def test_a_loop_is_found_and_named(tmp_path: Path, files: dict[str, str], loop: list[str]) -> None:
    graph = import_graph(_package(tmp_path, files))
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert set(cycle) == set(loop) and len(cycle) == len(loop)
    message = describe(cycle)
    assert all(m in message for m in loop)


def test_type_checking_imports_and_one_way_imports_are_no_loop(tmp_path: Path) -> None:
    files = {
        "__init__.py": "",
        "a.py": "from letterkit.b import x\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from letterkit.a import y\nx = 1\n",
        "c.py": "import letterkit.a\nimport letterkit.b\n",
    }
    graph = import_graph(_package(tmp_path, files))
    assert graph["letterkit.c"] == {"letterkit.a", "letterkit.b"}
    assert find_cycle(graph) is None
