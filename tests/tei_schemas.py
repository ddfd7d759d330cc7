"""The RELAX NG schemas letterkit's TEI and CMIF are validated against, loaded once per test session
(tei_all takes seconds to compile). Sources and licences: ``tests/data/schemas/SOURCES.md``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "data" / "schemas"


@cache
def tei_all() -> etree.RelaxNG:
    """TEI P5 tei_all (every module), version 4.3.0."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei_all.rng")))


@cache
def cmif() -> etree.RelaxNG:
    """The CMIF schema of TEI-Correspondence-SIG/CMIF (``schema/cmi-customization.rng``)."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "cmi-customization.rng")))


def assert_valid(schema: etree.RelaxNG, root: etree._Element) -> None:
    assert schema.validate(root), str(schema.error_log)
