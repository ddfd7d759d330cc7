"""The example third-party reader (examples/letterkit-eml) installs and reads e-mails through letterkit.

This is the plugin story end to end: a separate package declares a ``letterkit.readers`` entry point,
``pip`` installs it, and letterkit finds it (after ``registry.refresh()`` in a running process, at once
in a new one) without any change to letterkit itself. The plugin is installed into a temporary folder
(``pip install --target``), put on the path of this process and of the new interpreters the tests
start, and removed with the folder afterwards: the environment the tests run in is left as it was.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from letterkit import read_letter
from letterkit.readers import registry

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "letterkit-eml"
PDF = ROOT / "tests" / "corpus" / "letters" / "kelam-valls-2016.pdf"

BODY_LETTER = """\
Dear Marc,

Thank you for your kind letter of 20 June. I shall be glad to meet you in Lyon
next month, as you propose, and to discuss the new edition of the correspondence.

I enclose the programme of the conference.

Yours sincerely,

Anna Berg
Director, Example Institute
"""


def _pip_available() -> bool:
    try:
        done = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


#: where the plugin is installed for this module's tests (set by the fixture)
_SITE: list[str] = []


def _installed_here() -> bool:
    try:
        importlib.metadata.distribution("letterkit-eml")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.fixture(scope="module")
def eml_plugin() -> Iterator[None]:
    """Install the example plugin into a temporary folder, on this process's path; remove it after."""
    if not _pip_available():
        pytest.skip("pip is not available in this Python, so the example plugin cannot be installed")
    if _installed_here():
        pytest.skip("letterkit-eml is installed in this environment already; these tests install it "
                    "themselves, in a folder of their own")
    site = tempfile.mkdtemp(prefix="letterkit-plugin-")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
             "--disable-pip-version-check", "--no-compile", "--target", site, str(PLUGIN)],
            capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, f"pip install of the plugin failed:\n{done.stdout}\n{done.stderr}"
        sys.path.insert(0, site)
        _SITE.append(site)
        importlib.invalidate_caches()
        registry.refresh()
        yield
    finally:
        if site in sys.path:
            sys.path.remove(site)
        _SITE.clear()
        for name in [m for m in sys.modules if m == "letterkit_eml" or m.startswith("letterkit_eml.")]:
            del sys.modules[name]
        shutil.rmtree(site, ignore_errors=True)
        importlib.invalidate_caches()
        registry.refresh()
    assert not _installed_here(), "the example plugin must not stay installed after its tests"
    assert "eml" not in {r.name for r in registry.available_readers()}


def _body_email() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Anna Berg <anna.berg@example.org>"
    msg["To"] = "Marc Dubois <marc.dubois@example.com>"
    msg["Subject"] = "Our meeting in Lyon"
    msg["Date"] = "Mon, 3 Jul 2006 09:30:00 +0200"
    msg["Message-ID"] = "<20060703093000.1@example.org>"
    msg.set_content(BODY_LETTER)
    return msg.as_bytes()


def _attachment_email() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Office of Tunne Kelam <office@example.eu>"
    msg["To"] = "cabinet@example.fr"
    msg["Subject"] = "Letter to the Prime Minister"
    msg["Date"] = "Fri, 1 Jul 2016 10:00:00 +0000"
    msg.set_content("Please find attached the letter of Mr Kelam.\n")
    msg.add_attachment(PDF.read_bytes(), maintype="application", subtype="pdf", filename=PDF.name)
    return msg.as_bytes()


def test_the_plugin_is_registered(eml_plugin: None) -> None:
    names = {reader.name: type(reader).__module__ for reader in registry.available_readers()}
    assert names.get("eml") == "letterkit_eml"


def test_body_letter(eml_plugin: None, tmp_path: Path) -> None:
    path = tmp_path / "meeting.eml"
    path.write_bytes(_body_email())
    # letterkit's own e-mail reader outranks the plugin's, so installing it changes no result...
    assert read_letter(path).source.reader == "email"
    # ...and the plugin still reads when asked for by its name
    letter = read_letter(path, format="eml")
    assert (letter.source.format, letter.source.reader) == ("eml", "eml")
    # from the headers, as hints: certain, and recorded as the reader's
    assert letter.date == "2006-07-03"
    assert letter.subject == "Our meeting in Lyon"
    assert letter.sender is not None
    assert (letter.sender.name, letter.sender.email) == ("Anna Berg", "anna.berg@example.org")
    assert letter.provenance["date"][0].origin == "reader"
    # from the body, by letterkit's own heuristics
    assert letter.salutation == "Dear Marc,"
    assert letter.closing == "Yours sincerely,"
    assert [p.name for p in letter.signatories] == ["Anna Berg"]
    assert len(letter.body) == 2 and letter.body[0].startswith("Thank you for your kind letter")
    assert letter.source.email_to == "Marc Dubois <marc.dubois@example.com>"  # type: ignore[attr-defined]


def test_pdf_attachment(eml_plugin: None) -> None:
    letter = read_letter(_attachment_email(), filename="forwarded.eml", format="eml")
    assert letter.source.format == "pdf"
    assert letter.source.reader == "eml+pdf"
    assert letter.source.attachment == PDF.name  # type: ignore[attr-defined]
    # the letter's own date, not the e-mail's (1 July)
    assert letter.date == "2016-06-29"
    assert letter.salutation == "Mr Prime Minister,"
    assert [p.name for p in letter.signatories] == ["Tunne Kelam"]
    assert letter.source.email_subject == "Letter to the Prime Minister"  # type: ignore[attr-defined]


def test_a_new_interpreter_finds_the_plugin(eml_plugin: None, tmp_path: Path) -> None:
    """What a user sees after `pip install`: a new interpreter finds the plugin with no refresh (here
    through PYTHONPATH, the temporary folder standing for the environment's site-packages)."""
    path = tmp_path / "meeting.eml"
    path.write_bytes(_body_email())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*_SITE, os.environ.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)}
    done = subprocess.run(
        [sys.executable, "-m", "letterkit", "read", str(path), "--json", "--format", "eml"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["source"]["reader"] == "eml"
    assert data["date"] == "2006-07-03"


CORPUS = ROOT / "tests" / "corpus" / "letters"
MEMO = b"To: All staff\nFrom: The Director\nDate: 3 May 2010\nSubject: Closing hours\n\nDear colleagues,\n"


def test_the_plugin_changes_no_corpus_result(eml_plugin: None) -> None:
    """Installing a plugin that claims e-mail-like text changes nothing letterkit read before: every
    corpus letter (and a memo that opens with To:/From:/Date: lines) reads as without it."""
    inputs = [*sorted(p for p in CORPUS.iterdir() if ".scan." not in p.name), MEMO]
    with_plugin = [read_letter(x, filename=None if isinstance(x, Path) else "memo.txt") for x in inputs]
    saved = registry.available_readers()
    without = tuple(r for r in saved if type(r).__module__ != "letterkit_eml")
    registry.available_readers.cache_clear()
    import letterkit.readers.registry as reg

    original = reg.available_readers
    reg.available_readers = lambda: without  # type: ignore[assignment]
    try:
        plain = [read_letter(x, filename=None if isinstance(x, Path) else "memo.txt") for x in inputs]
    finally:
        reg.available_readers = original
        registry.refresh()
    for a, b in zip(with_plugin, plain, strict=True):
        assert a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})
        assert a.source.reader == b.source.reader
