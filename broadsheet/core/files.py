"""Put bytes on disk safely: atomic replace, skip identical bytes, stay inside the output folder."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .diagnostics import UserError

TEMP_PREFIX = ".broadsheet-tmp-"  # never matches *.md or *.html, so a left-over one is never read as input


def _file_mode() -> int:
    """The permissions a newly created file gets under this process's umask (usually 0644)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


class OutputPathError(UserError, ValueError):
    """A page path that would leave site/ or that two pages claim."""


def write_atomic(path: Path, data: bytes) -> bool:
    """Write data to path via a temp file and os.replace; False (untouched) when the bytes are equal."""
    if _holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, data)
    return True


def write_output(path: Path, data: bytes, new: bool = False, folder_exists: bool = True) -> tuple[bool, os.stat_result]:
    """write_atomic for site/ files, except that a new file is written in place; returns whether the file was
    written, and its stat.

    Replacing an existing page stays atomic, so a web server never serves half of it. A new page costs a
    third of the file-system work written in place: nothing served it before, and it is named in the build's
    journal first (new_file_journal), so a build killed while writing it leaves it to the next build.
    (content/ files always use write_atomic: a half-written one would look like a person's edit.)

    `new`: the caller just found nothing at path, so the file is not looked for again; `folder_exists`
    False: nor its folder, which is made before the file (not after trying to create the file in it)."""
    if not new:
        holds = _holds(path, data)
        if holds:
            return False, path.stat()
        new = holds is None
    if new and (info := _write_new(path, data, folder_exists)) is not None:
        return True, info
    _replace(path, data)
    return True, path.stat()


def _holds(path: Path, data: bytes) -> bool | None:
    """Whether the file at path holds exactly these bytes; None when there is no file."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return None


def _replace(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    except OSError as exc:  # name the file being written, not the random temporary name beside it
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        os.fchmod(fd, _FILE_MODE)  # mkstemp makes files only their owner can read; web servers must read ours
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_journal: int | None = None  # while a build writes site/: the file its new files are named in first


@contextmanager
def new_file_journal(path: Path):
    """While open, each new file write_output creates in place is first named in `path` (one line each).

    A build that ends well deletes the journal when it saves its records (records.save_state); a build killed
    while writing leaves it, and the next build takes the files named there as its own (records.adopt_journal),
    so a half-written page is rendered again or, when no longer wanted, removed. It is a build record: opened
    without following a link, readable by its owner only."""
    global _journal
    path.parent.mkdir(parents=True, exist_ok=True)
    _journal = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        yield
    finally:
        os.close(_journal)
        _journal = None


def _write_new(path: Path, data: bytes, folder_exists: bool = True) -> os.stat_result | None:
    """Create path with data (its folder too); its stat, taken before it is closed (closing changes neither
    size nor modification time); None when something else created it first."""
    if _journal is not None:
        os.write(_journal, os.fsencode(path) + b"\n")  # one short append: atomic, also from forked workers
    if not folder_exists:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, _NEW_FILE, 0o666)  # mode 0666 less the umask, like any new file
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:
        return None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return os.fstat(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


# Created, never opened if anything is there: O_EXCL also refuses a symlink, even one to nothing.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


_NOT_IN_NAMES = re.compile(r"[\\\x00-\x1f\x7f]")  # a backslash or a control character


def is_output_name(relative: str) -> bool:
    """Whether a name can be a file of the site: relative, inside it (no '..'), without a backslash (a folder
    separator to Windows hosts and some servers) or a control character, which no web address carries alike on
    every host. What the build writes, what its records may name, and which static files are published."""
    return bool(relative) and not relative.startswith("/") and not _NOT_IN_NAMES.search(relative) \
        and ".." not in relative.split("/")  # as PurePosixPath's parts, 20x faster


def safe_output(root: Path, relative: str) -> Path:
    """root/relative, refusing absolute paths, '..' and anything else that would leave root."""
    pure = PurePosixPath(relative)
    if not pure.parts or not is_output_name(relative):
        raise OutputPathError(f"refusing to write outside the site folder: {relative!r}")
    return root / pure


def check_unique(outputs: list[str]) -> None:
    """Refuse a plan in which two pages would write one file."""
    seen: set[str] = set()
    for output in outputs:
        if output in seen:
            raise OutputPathError(f"two pages would be written to {output}")
        seen.add(output)


def remove_stale(root: Path, stale: list[str], not_followed: list[str] | None = None) -> list[str]:
    """Delete outputs an earlier build wrote and this one does not; then drop empty folders.

    Nothing is deleted through a symlinked folder (the file would be outside root): such an output's path
    is added to `not_followed` instead."""
    removed = []
    real: set[str] = set()  # checked afresh: folders may have changed since the last write
    for relative in sorted(stale):
        path = safe_output(root, relative)
        if blocked_on_the_way(root, relative, real):
            if not_followed is not None:
                not_followed.append(relative)
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(relative)
        parent = path.parent
        while parent != root and parent.is_dir() and not parent.is_symlink() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


_real_folders: set[str] = set()  # folders under an output root found to be real folders (not symlinks)


def forget_real_folders() -> None:
    """Check every folder again (call when a build starts: folders may have changed since the last)."""
    _real_folders.clear()


def blocked_on_the_way(root: Path, relative: str, real: set[str] | None = None) -> str | None:
    """The first folder on the way from root to root/relative that is not a real folder (a symlink, or a
    file), as a path relative to root; None when every folder that exists is real. Folders found real are
    remembered in `real` (by default, until forget_real_folders is called)."""
    return folders_on_the_way(root, relative, real)[0]


def folders_on_the_way(root: Path, relative: str, real: set[str] | None = None) -> tuple[str | None, bool]:
    """(blocked_on_the_way, whether every folder on the way exists): when one is missing, so is the file."""
    real = _real_folders if real is None else real
    parts = PurePosixPath(relative).parts[:-1]
    current = str(root)
    for i, part in enumerate(parts):
        current = f"{current}/{part}"
        if current in real:
            continue
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None, False  # made by the writer, as real folders
        if not stat.S_ISDIR(mode):
            return "/".join(parts[: i + 1]), True
        real.add(current)
    return None, True


def replace_linked_folder(root: Path, relative: str) -> str | None:
    """Replace the symlink at root/relative by an empty real folder; what it pointed to is not touched.

    Returns where the link pointed, or None when no symlink is there (another process replaced it)."""
    path = f"{root}/{relative}"
    try:
        target = os.readlink(path)
        os.unlink(path)
    except OSError:  # gone, or no longer a symlink: another worker replaced it first
        target = None
    os.makedirs(path, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise OutputPathError(f"{path}: could not make a real folder here")
    return target


def remove_temp_files(folder: Path) -> list[Path]:
    """Delete temporary files a killed build left under folder (call only while holding the build lock)."""
    if not folder.is_dir():
        return []
    removed = []
    for directory, _, names in os.walk(folder):
        for name in names:
            if name.startswith(TEMP_PREFIX):
                path = Path(directory) / name
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
