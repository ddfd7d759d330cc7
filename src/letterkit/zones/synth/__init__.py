"""Synthetic letters with a zone label on every line, known by construction.

Why: the real training letters are historical and text only; the line-zone model must also see modern
business and official letters, many languages and scripts, and layouts (alignment, type size, page
headers and footers). This package composes invented letters from per-language data files
(``data/<lang>.json``, schema in the project notes) through many templates, each of which randomises
which blocks appear, their order, casing, blank-line habits and pagination, and records the truth
(:attr:`SynthLetter.fields`) from the very lines it wrote.

A :class:`SynthLine` is a *logical* line: a whole body paragraph is one line; the renderers in
:mod:`letterkit.zones.synth.render` wrap it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from random import Random

from letterkit.zones.synth._data import language_codes, load_language
from letterkit.zones.synth._lines import LABELS, SynthLetter, SynthLine


def available_languages() -> list[str]:
    """ISO 639-1 codes of the packaged language files."""
    return language_codes()


def template_names() -> list[str]:
    """Every template the generator can use."""
    from letterkit.zones.synth._templates import TEMPLATES

    return sorted(TEMPLATES)


def generate(
    n: int,
    seed: int = 0,
    languages: Sequence[str] | None = None,
    templates: Sequence[str] | None = None,
) -> Iterator[SynthLetter]:
    """Yield ``n`` letters, the same ones for the same arguments.

    Languages are used in turn (round robin over ``languages`` or all packaged ones); a template is
    drawn among those the language's data supports (``templates`` narrows the choice). Each letter has
    its own random stream derived from ``seed`` and its index, so letter *i* does not depend on how
    many letters are asked for.
    """
    from letterkit.zones.synth._templates import TEMPLATES, build_letter

    codes = list(languages) if languages else available_languages()
    if not codes:
        raise ValueError("no language data files are packaged")
    wanted = list(templates) if templates else sorted(TEMPLATES)
    unknown = [t for t in wanted if t not in TEMPLATES]
    if unknown:
        raise ValueError(f"unknown templates {unknown}; known: {sorted(TEMPLATES)}")
    for i in range(n):
        code = codes[i % len(codes)]
        data = load_language(code)
        rng = Random(f"{seed}:{i}:{code}")
        usable = [t for t in wanted if TEMPLATES[t].supported(data)]
        if not usable:
            raise ValueError(f"language {code!r} supports none of the templates {wanted}")
        name = rng.choice(usable)
        yield build_letter(f"synth-{seed}-{i:06d}-{code}", data, name, rng)


__all__ = [
    "LABELS",
    "SynthLetter",
    "SynthLine",
    "available_languages",
    "generate",
    "template_names",
]
