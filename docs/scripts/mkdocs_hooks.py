"""mkdocs hooks: the pages that must never drift from the code are generated at build time.

mkdocs loads this file through ``hooks:`` in ``mkdocs.yml`` (no plugin to install). A page asks for
generated content with a marker comment on a line of its own, which :func:`on_page_markdown`
replaces:

- ``<!-- letterkit:model -->``: the ``Letter`` model field by field, from ``Letter.model_json_schema()``
  (types, required, defaults, descriptions), with each field's attribute docstring in ``model.py``
  where the schema has no description;
- ``<!-- letterkit:cli -->``: the ``--help`` of ``letterkit`` and of each subcommand, from
  ``letterkit.cli.build_parser()``;
- ``<!-- letterkit:api -->``: signatures and docstrings of the public API (their ``>>>`` examples
  are the ones ``tests/test_docs.py`` runs with doctest);
- ``<!-- letterkit:limits -->`` and ``<!-- letterkit:errors -->``: the fields and defaults of
  ``Limits``, and every ``LetterkitError`` class with its ``code``;
- ``<!-- letterkit:include PATH -->``: a file of the repository (a benchmark result), without its
  first heading.

The functions are plain and importable, so ``python docs/scripts/mkdocs_hooks.py model`` prints a
page's generated part for a quick look.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import itertools
import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER_RE = re.compile(r"^<!-- letterkit:(\w+)(?: ([^ ]+))? -->[ \t]*$", re.MULTILINE)
#: the width argparse wraps help to, whatever the terminal of whoever builds the docs
HELP_WIDTH = 96


# --- the model ------------------------------------------------------------------------------------


def attribute_docs(cls: type) -> dict[str, str]:
    """Field name -> the docstring under its annotation in the class body (PEP 257 attribute docstrings)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for stmt, nxt in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[stmt.target.id] = " ".join(nxt.value.value.split())
    return docs


def _type_of(prop: dict[str, Any]) -> str:
    """A JSON Schema property's type, short: ``string | null``, ``array of Party``, ``object``."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        return " | ".join(_type_of(p) for p in prop["anyOf"])
    kind = prop.get("type", "any")
    if kind == "array":
        if "prefixItems" in prop:
            return "array [" + ", ".join(_type_of(p) for p in prop["prefixItems"]) + "]"
        return f"array of {_type_of(prop.get('items', {}))}"
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return f"object of {_type_of(prop['additionalProperties'])}"
    return str(kind)


def _default_of(prop: dict[str, Any], required: bool) -> str:
    if required:
        return "*required*"
    if "default" not in prop:
        return ""
    import json

    return f"`{json.dumps(prop['default'], ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return rst_to_markdown(text).replace("|", "\\|").replace("\n", " ")


def _prose(description: str) -> str:
    """A class docstring from the schema without its ``>>>`` examples (the API page shows those)."""
    kept = []
    for line in description.splitlines():
        if line.lstrip().startswith(">>>"):
            break
        kept.append(line)
    return rst_to_markdown("\n".join(kept).strip())


def _model_table(schema: dict[str, Any], docs: dict[str, str]) -> list[str]:
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        meaning = prop.get("description") or docs.get(name, "")
        default = _default_of(prop, name in required)
        rows.append(f"| `{name}` | {_cell(_type_of(prop))} | {default} | {_cell(meaning)} |")
    return rows


def render_model() -> str:
    """``Letter`` and the models it uses, one table each, from the JSON Schema."""
    from letterkit import model

    schema = model.Letter.model_json_schema()
    out = ["## Letter", "", _prose(schema.get("description", "")), ""]
    out += _model_table(schema, attribute_docs(model.Letter))
    for name, sub in schema.get("$defs", {}).items():
        cls = getattr(model, name, None)
        extra = sub.get("additionalProperties")
        out += ["", f"## {name}", "", _prose(sub.get("description", "")), ""]
        out += _model_table(sub, attribute_docs(cls) if isinstance(cls, type) else {})
        if extra is True:
            out += ["", f"`{name}` also keeps any other keys a reader puts in its metadata."]
    return "\n".join(out) + "\n"


# --- the command line -----------------------------------------------------------------------------


def render_cli() -> str:
    """The help of ``letterkit`` and of every subcommand, as argparse prints it."""
    from letterkit.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(HELP_WIDTH)
    try:
        parser = build_parser()
        out = ["## letterkit", "", "```text", parser.format_help().rstrip(), "```"]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    out += ["", f"## letterkit {name}", "", "```text", sub.format_help().rstrip(), "```"]
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    return "\n".join(out) + "\n"


# --- the API --------------------------------------------------------------------------------------

#: the public API, in the order a reader meets it: (module, names or None for the module's __all__)
API: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("letterkit", ("read_letter", "read_letters")),
    ("letterkit.model", ("Letter", "Party", "Letterhead", "Source", "Span", "letter_json_schema")),
    ("letterkit.core.results", ("BatchResult", "ErrorRecord")),
    ("letterkit.inputs", ("expand_inputs", "Task")),
    ("letterkit.export.jsonl", ("write_jsonl", "iter_jsonl")),
    ("letterkit.export.table", ("letter_row", "write_csv", "write_parquet")),
    ("letterkit.export.tei", ("letter_to_tei", "tei_string", "cmif_string", "letter_title")),
    ("letterkit.dask", ("letters_bag", "letters_dataframe")),
    ("letterkit.errors", ("LetterkitError",)),
    ("letterkit.core.limits", ("Limits",)),
    ("letterkit.readers.base", ("Reader", "ReadOptions", "StreamInfo")),
    ("letterkit.readers.registry", ("available_readers", "choose_reader", "refresh")),
    ("letterkit.document", ("Document", "DocumentBuilder", "Page", "Block", "Line")),
)

_ROLE_RE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`~?([^`]+)`")


def rst_to_markdown(doc: str) -> str:
    """Enough reST for letterkit's docstrings: roles, ``literals``, ``::`` blocks and ``>>>`` examples."""
    doc = _ROLE_RE.sub(lambda m: f"`{m.group(1)}`", doc)
    doc = re.sub(r"``([^`]+)``", r"`\1`", doc)
    doc = re.sub(r"`([^`<]+) <(https?://[^>]+)>`_", r"[\1](\2)", doc)
    out: list[str] = []
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">>>"):
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i].strip() if lines[i].lstrip().startswith((">>>", "...")) else lines[i])
                i += 1
            out += ["```pycon", *textwrap.dedent("\n".join(block)).splitlines(), "```"]
            continue
        if line.rstrip().endswith("::") and not line.strip().startswith(".."):
            text = line.rstrip()[:-2].rstrip()
            out.append(text + (":" if text and not text.endswith(":") else ""))
            i += 1
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            out += ["", "```python", textwrap.dedent("\n".join(block)).strip("\n"), "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _signature(name: str, obj: Any) -> str:
    """``name(params) -> return``, annotations evaluated, one parameter a line when it is long."""
    try:
        sig = inspect.signature(obj, eval_str=True)
    except (NameError, TypeError, ValueError):
        try:
            sig = inspect.signature(obj)
        except (TypeError, ValueError):
            return name
    flat = f"{name}{sig}"
    if len(flat) <= 90:
        return flat
    params: list[str] = []
    values = list(sig.parameters.values())
    star = any(p.kind is p.VAR_POSITIONAL for p in values)
    for i, p in enumerate(values):
        if p.kind is p.KEYWORD_ONLY and not star:
            params.append("    *,")
            star = True
        params.append(f"    {p},")
        last_positional_only = i + 1 == len(values) or values[i + 1].kind is not p.POSITIONAL_ONLY
        if p.kind is p.POSITIONAL_ONLY and last_positional_only:
            params.append("    /,")
    ret = f" -> {inspect.formatannotation(sig.return_annotation)}" if (
        sig.return_annotation is not inspect.Signature.empty) else ""
    return "\n".join([f"{name}(", *params, f"){ret}"])


def _class_line(name: str, obj: type) -> str:
    """``class Name(Base)`` for models and errors (their signatures are their fields, shown elsewhere),
    else ``class Name(params)``."""
    from pydantic import BaseModel

    if issubclass(obj, (BaseModel, BaseException)) or inspect.isabstract(obj):
        bases = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
        return f"class {name}({bases})" if bases else f"class {name}"
    return f"class {_signature(name, obj)}"


def render_api() -> str:
    """One section per public name: its signature and its docstring (examples included)."""
    out: list[str] = []
    for module_name, names in API:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:  # an optional extra (dask) that is not installed
            out += [f"## `{module_name}`", "", f"*Not importable where these docs were built: {exc}.*", ""]
            continue
        out += [f"## `{module_name}`", ""]
        summary = (inspect.getdoc(module) or "").split("\n\n", 1)[0]
        out += [rst_to_markdown(summary), ""]
        for name in names or tuple(getattr(module, "__all__", ())):
            obj = getattr(module, name)
            out += [f"### `{module_name}.{name}`", ""]
            head = _class_line(name, obj) if inspect.isclass(obj) else f"def {_signature(name, obj)}"
            out += ["```python", head, "```", ""]
            doc = inspect.getdoc(obj) or ""
            out += [rst_to_markdown(doc), ""]
    return "\n".join(out)


# --- limits and errors ----------------------------------------------------------------------------


def comment_docs(source: str) -> dict[str, str]:
    """Field name -> its ``#:`` comment lines above it, or its trailing ``# comment`` (Sphinx style)."""
    docs: dict[str, str] = {}
    pending: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        match = re.match(r"(\w+)\s*:[^#]*(?:#\s*(.*))?$", stripped)
        if match and not stripped.startswith(("def ", "class ")):
            text = " ".join(pending) or (match.group(2) or "")
            if text:
                docs[match.group(1)] = rst_to_markdown(text)
        pending = []
    return docs


def render_limits() -> str:
    """The fields of ``Limits`` with their defaults and the comment or docstring that explains them."""
    import dataclasses

    from letterkit.readers.base import Limits

    source = inspect.getsource(Limits)
    rows = ["| field | default | meaning |", "|---|---|---|"]
    for f in dataclasses.fields(Limits):
        default = f.default if f.default is not dataclasses.MISSING else None
        shown = f"`{default!r}`"
        if isinstance(default, int) and not isinstance(default, bool) and default >= 1024 * 1024:
            shown += f" ({default / (1024 * 1024):g} MiB)"
        meaning = comment_docs(source).get(f.name) or attribute_docs(Limits).get(f.name, "")
        rows.append(f"| `{f.name}` | {shown} | {_cell(meaning)} |")
    return "\n".join(rows) + "\n"


def render_errors() -> str:
    """Every ``LetterkitError`` subclass with its ``code`` and docstring, parents first."""
    from letterkit import errors

    classes = [
        obj for obj in vars(errors).values()
        if inspect.isclass(obj) and issubclass(obj, errors.LetterkitError)
    ]
    rows = ["| exception | parent | `code` | when |", "|---|---|---|---|"]
    for cls in classes:
        parent = cls.__mro__[1].__name__
        doc = " ".join((inspect.getdoc(cls) or "").split("\n\n")[0].split())
        rows.append(f"| `{cls.__name__}` | `{parent}` | `{cls.code}` | {_cell(rst_to_markdown(doc))} |")
    return "\n".join(rows) + "\n"


# --- includes and the hook ------------------------------------------------------------------------


def render_include(path: str) -> str:
    """A repository file's Markdown, first ``#`` heading dropped (the page has its own title)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return re.sub(r"\A# [^\n]*\n+", "", text)


RENDERERS: dict[str, Callable[[], str]] = {
    "model": render_model,
    "cli": render_cli,
    "api": render_api,
    "limits": render_limits,
    "errors": render_errors,
}


def render(kind: str, argument: str | None = None) -> str:
    """The generated Markdown for one marker."""
    if kind == "include":
        if not argument:
            raise ValueError("<!-- letterkit:include PATH --> needs a path")
        return render_include(argument)
    if kind not in RENDERERS:
        raise ValueError(f"unknown marker letterkit:{kind}; known: include, {', '.join(RENDERERS)}")
    return RENDERERS[kind]()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs hook: replace every ``<!-- letterkit:... -->`` marker of a page by its generated part."""
    return MARKER_RE.sub(lambda m: render(m.group(1), m.group(2)), markdown)


if __name__ == "__main__":
    sys.stdout.write(render(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
