"""What letterkit can be given to read, and how many inputs become a list of things to read.

The one home of input walking: folders (recursively, in sorted order, lazily), zip archives of letters
(their members), mbox files (their messages), fsspec URLs and URL globs, bytes and binary file objects.
Each becomes a :class:`Task`: a label for its result and how to get its bytes, in whatever process
reads it. :func:`letterkit.read_letters` (:func:`expand_inputs`), ``letterkit convert``
(:func:`letterkit.convert.plan`, which also needs where below its input each file was found, to
mirror the tree) and the Dask functions all walk through :func:`walk`, so a folder means the same to
each of them.

An input that must not or cannot be read (a symlink out of the input folders, a FIFO, a broken zip
archive, an object that is no input) is still a task, whose :class:`Unreadable` says why: it gets its
error record like every other input, never silence, and it is never opened.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union

from letterkit.core.limits import Limits
from letterkit.errors import (
    CorruptInput,
    EmptyInput,
    InputNotFound,
    LetterkitError,
    MissingDependency,
    UnsupportedFormat,
)

#: what :func:`letterkit.read_letter` reads: a path, bytes or a binary file object
Input = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]
#: what :func:`letterkit.read_letters` takes: any :data:`Input`, or a task already made
BatchInput = Union[Input, "Task"]

#: files that are never letters (hidden files, lock files, OS litter) are skipped in folders
SKIP_NAMES = ("*/.*", ".*", "~$*", "Thumbs.db", "desktop.ini")
#: how the parts of an archive member name that cannot be a path under the output folder are shown
UP_PART, ROOT_PART, DRIVE_PART = "_up_", "_root_", "_drive_"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why an input cannot be read, found while walking: the error its record will carry. Raised
    where the task is read (:func:`task_input`), so that the record is made like any other's."""

    error: type[LetterkitError]
    message: str

    def exception(self) -> LetterkitError:
        """The error to raise for this input."""
        return self.error(self.message)


@dataclass(frozen=True, slots=True)
class Task:
    """One input to read: a label for the result, and how to get its bytes in a worker."""

    label: str
    path: str | None = None  # a local file
    member: str | None = None  # a member of the zip archive at ``path``
    url: str | None = None  # an fsspec URL
    data: bytes | None = None  # bytes given directly
    span: tuple[int, int] | None = None  # the bytes of one message of the mbox at ``path``
    name: str | None = None  # the file name of ``data``, when it has one (a URL's last part)
    #: set when the input must not or cannot be read: it becomes an error record, unopened
    unreadable: Unreadable | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A task and where it was found below the input given: a folder's file relative to the folder,
    a file's name, a URL's last part; for what a zip archive holds (``archived``: a member, or the
    record of an archive that is broken or empty), the archive's. ``letterkit convert`` mirrors the
    input tree from it."""

    task: Task
    where: str
    archived: bool = False


# --- names -----------------------------------------------------------------------------------------


def matches(name: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> bool:
    """Whether a file found in a folder, archive or URL glob is taken: ``include``/``exclude`` glob
    patterns matched against its path and its last part, and no hidden or litter part."""
    base = name.replace(os.sep, "/")
    leaf = base.rsplit("/", 1)[-1]
    if include and not any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(leaf, p) for p in include):
        return False
    if exclude and any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(leaf, p) for p in exclude):
        return False
    # hidden parts are skipped, but ".." is not hidden: a member named "../x.txt" must get a record
    parts = [part for part in base.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return not any(fnmatch.fnmatch(part, p) for part in parts for p in SKIP_NAMES if "/" not in p)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogate escape)
        return f"%{code - 0xDC00:02X}"
    if code < 32 or code == 127 or ch == "%" or 0xD800 <= code <= 0xDFFF:
        return "%" + "%".join(f"{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return ch


def safe_member_path(name: str) -> str:
    r"""A relative path, always inside the folder it is joined to, that still shows where an archive
    member's name pointed: ``/etc/x`` -> ``_root_/etc/x``, ``../../x`` -> ``_up_/_up_/x``,
    ``C:\x`` -> ``_drive_C/x``; backslashes separate folders (zips made on Windows), NULs and
    control characters become ``%XX``.

    >>> safe_member_path("../a/./b.txt"), safe_member_path("/tmp/e.txt"), safe_member_path("C:\\x\\y.txt")
    ('_up_/a/b.txt', '_root_/tmp/e.txt', '_drive_C/x/y.txt')
    """
    text = "".join(_escaped(ch) for ch in name)
    text = text.replace("\\", "/")
    parts: list[str] = []
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        parts.append(f"{DRIVE_PART}{text[0].upper()}")
        text = text[2:]
    elif text.startswith("/"):
        parts.append(ROOT_PART)
    for part in text.split("/"):
        if part in ("", "."):
            continue
        parts.append(UP_PART if part == ".." else part)
    return "/".join(parts) or "_unnamed_"


def printable(label: str) -> str:
    """A label fit for a log line: control characters (a newline in a file name) and bytes that are
    not UTF-8 (surrogate escapes) shown as escapes, so one input is always one line."""
    out = []
    for ch in label:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 32 or code == 127 or 0xD800 <= code <= 0xDFFF:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


# --- files that must not be opened ---------------------------------------------------------------


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO", "a device"...), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


def refusal(path: str, roots: Sequence[str]) -> str | None:
    """Why a file found in a folder must not be read, or None: a symlink whose target is outside
    every input root (it could lead to /etc/shadow or /dev/zero), or a FIFO, device or socket (opening
    a FIFO blocks for ever). Checked with lstat/stat only: nothing is opened."""
    try:
        link = os.lstat(path)
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISLNK(link.st_mode):
        target = os.path.realpath(path)
        real_roots = [os.path.realpath(r) for r in roots]
        if not any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in real_roots):
            return "is a symbolic link to a file outside the input folders; it was not followed"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return f"is {special_file_kind(mode)}, not a regular file; it was not opened"
    return None


# --- walking ---------------------------------------------------------------------------------------


def is_zip_archive(path: str) -> bool:
    """A zip of letters, not a DOCX (which is a zip too): told by its extension; a broken one becomes
    a single error record."""
    return path.lower().endswith(".zip")


def _zip_found(
    path: str, where: str, include: Sequence[str] | None, exclude: Sequence[str] | None
) -> Iterator[Found]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        why = Unreadable(CorruptInput, f"{path} is not a readable zip archive ({exc}).")
        yield Found(Task(label=path, path=path, unreadable=why), where, archived=True)
        return
    if not names:
        why = Unreadable(EmptyInput, f"{path} is a zip archive with no files in it.")
        yield Found(Task(label=path, path=path, unreadable=why), where, archived=True)
    for name in names:
        if matches(name, include, exclude):
            yield Found(Task(label=f"{path}!{name}", path=path, member=name), where, archived=True)


def _is_mbox(path: str) -> bool:
    """An mbox of e-mails: its extension, or a file that opens with an mbox 'From ' line and headers."""
    if path.lower().endswith((".mbox", ".mbx")):
        return True
    if "." in os.path.basename(path):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    from letterkit.readers.mail import is_mbox

    return is_mbox(head)


def _mbox_found(path: str, where: str) -> Iterator[Found]:
    """One task per message of an mbox, like the members of a zip archive (``archive.mbox!3``)."""
    from letterkit.readers.mail import mbox_spans

    try:
        with open(path, "rb") as fh:
            spans = mbox_spans(fh.read())
    except OSError:
        spans = []
    if len(spans) <= 1:  # one message (or a damaged file): the reader reads it and reports
        yield Found(Task(label=path, path=path), where)
        return
    for n, span in enumerate(spans):
        yield Found(Task(label=f"{path}!{n + 1}", path=path, span=span), where)


def glob_urls(
    url: str, include: Sequence[str] | None, exclude: Sequence[str] | None, **fs_options: Any
) -> list[str]:
    """The URLs an fsspec glob names (``s3://bucket/letters/**/*.pdf``), sorted, as full URLs, those
    ``include``/``exclude`` take; ``fs_options`` go to the file system (credentials, endpoints)."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url, **fs_options)
    protocol = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
    found = sorted(fs.glob(path))
    return [p if "://" in p else f"{protocol}://{p}" for p in found if matches(p, include, exclude)]


def _url_found(url: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> Iterator[Found]:
    """fsspec URLs: a glob ('s3://bucket/letters/**/*.pdf') is expanded, a single URL taken as is."""

    def leaf(full: str) -> str:
        return full.rstrip("/").rsplit("/", 1)[-1]

    if not any(ch in url for ch in "*?["):
        yield Found(Task(label=url, url=url), leaf(url))
        return
    try:
        urls = glob_urls(url, include, exclude)
    except Exception:  # no fsspec, or a bad URL: that input's error record, where it is read
        yield Found(Task(label=url, url=url), leaf(url))
        return
    for full in urls:
        yield Found(Task(label=full, url=full), leaf(full))


def _folder_found(
    folder: str,
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
    keep: Callable[[str], bool] | None,
    prune: Path | None,
    split_mbox: bool,
) -> Iterator[Found]:
    pruned = prune.resolve() if prune is not None else None
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and (pruned is None or (Path(root) / d).resolve() != pruned)
        )
        for fname in sorted(files):
            full = os.path.join(root, fname)
            rel = os.path.relpath(full, folder)
            if not matches(rel, include, exclude):
                continue
            zipped = is_zip_archive(full)
            if keep is not None and not zipped and not keep(fname):
                continue
            why = refusal(full, [folder])
            if why is not None:  # a record, never a read: the file is not opened at all
                yield Found(Task(label=full, unreadable=Unreadable(UnsupportedFormat, f"{full} {why}.")), rel)
            elif zipped:
                yield from _zip_found(full, rel, include, exclude)
            elif split_mbox and _is_mbox(full):
                yield from _mbox_found(full, rel)
            else:
                yield Found(Task(label=full, path=full), rel)


def walk(
    inputs: Iterable[BatchInput],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    keep: Callable[[str], bool] | None = None,
    prune: Path | None = None,
    split_mbox: bool = True,
) -> Iterator[Found]:
    """Every input as tasks, with where each was found (see :class:`Found`), lazily.

    Folders are walked in sorted order, skipping hidden folders and files. ``include``/``exclude``
    are glob patterns matched against the file name and its path (``"*.pdf"``, ``"drafts/*"``); they
    apply inside folders, zip archives and URL globs, not to files named explicitly. ``keep`` further
    narrows the files taken from folders by name (``letterkit convert``: only those some reader
    knows; zip archives are always opened), ``prune`` is a folder never walked into (the output
    folder), and ``split_mbox`` makes each message of an mbox a task of its own.
    """
    for i, item in enumerate(inputs):
        if isinstance(item, Task):
            yield Found(item, item.label)  # already made (the CLI plans its outputs per task)
            continue
        if isinstance(item, (bytes, bytearray, memoryview)):
            yield Found(Task(label=f"<bytes {i}>", data=bytes(item)), f"<bytes {i}>")
            continue
        if not isinstance(item, (str, os.PathLike)):
            read = getattr(item, "read", None)
            name = getattr(item, "name", None)
            label = name if isinstance(name, str) else f"<stream {i}>"
            if callable(read):
                yield Found(Task(label=label, data=read()), os.path.basename(label))
            else:
                what = f"Cannot read an input of type {type(item).__name__}; give a path or bytes."
                why = Unreadable(UnsupportedFormat, what)
                yield Found(Task(label=f"<input {i}>", unreadable=why), f"<input {i}>")
            continue
        text = os.fspath(item)
        if "://" in text and not text.startswith("file://"):
            yield from _url_found(text, include, exclude)
            continue
        if text.startswith("file://"):
            text = text[len("file://") :]
        name = os.path.basename(text.rstrip("/" + os.sep)) or text
        if os.path.isdir(text):
            yield from _folder_found(text, include, exclude, keep, prune, split_mbox)
        elif is_zip_archive(text) and os.path.isfile(text):
            yield from _zip_found(text, name, include, exclude)
        elif split_mbox and os.path.isfile(text) and _is_mbox(text):
            yield from _mbox_found(text, name)
        else:
            yield Found(Task(label=text, path=text), name)


def expand_inputs(
    inputs: Iterable[BatchInput],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> Iterator[Task]:
    """Turn paths, folders (recursive), zip archives, mbox files, fsspec URLs, bytes and file objects
    into tasks (:func:`walk`, without where each was found)."""
    for found in walk(inputs, include, exclude):
        yield found.task


# --- a task's bytes --------------------------------------------------------------------------------


def _read_member(path: str, member: str, options: dict[str, Any]) -> bytes:
    """A zip member's bytes, decompressed in capped steps and stopped at the limit as they come out
    (:func:`letterkit.readers._package.read_capped`): the sizes an archive declares can lie, and
    zipfile's bzip2 and LZMA decoders have no output cap."""
    from letterkit.readers._package import decompress_error, read_capped

    limits = options.get("limits") or Limits()
    cap = min(int(limits.max_bytes), int(limits.max_decompressed_bytes))
    try:
        with zipfile.ZipFile(path) as zf:
            return read_capped(zf, zf.getinfo(member), cap, f"{path}!{member}")
    except decompress_error() as exc:
        raise CorruptInput(f"{path}!{member} cannot be decompressed ({exc}).") from exc


def task_input(task: Task, options: dict[str, Any] | None = None) -> tuple[bytes | str, str | None]:
    """The task's input for :func:`letterkit.read_letter`: bytes (with a file name) or a local path;
    an unreadable task raises its error."""
    if task.unreadable is not None:
        raise task.unreadable.exception()
    if task.data is not None:
        return task.data, task.name
    options = options or {}
    if task.member is not None and task.path is not None:
        return _read_member(task.path, task.member, options), os.path.basename(task.member)
    if task.span is not None and task.path is not None:
        from letterkit.readers.mail import mbox_message

        with open(task.path, "rb") as fh:
            fh.seek(task.span[0])
            raw = fh.read(task.span[1] - task.span[0])
        return mbox_message(raw), f"{os.path.basename(task.path)}-{task.label.rsplit('!', 1)[-1]}.eml"
    if task.url is not None:
        try:
            import fsspec
        except ImportError as exc:
            raise MissingDependency(f"Reading {task.url}", "fsspec", "urls") from exc
        try:
            with fsspec.open(task.url, "rb") as fh:
                return fh.read(), task.url.rsplit("/", 1)[-1]
        except FileNotFoundError as exc:
            raise InputNotFound(f"{task.url} does not exist.") from exc
    assert task.path is not None
    return task.path, None
