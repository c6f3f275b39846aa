"""Put bytes on disk safely: atomic replace, skip identical bytes, stay inside the output folder."""

from __future__ import annotations

import os
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


def write_output(path: Path, data: bytes) -> bool:
    """write_atomic for site/ files, except that a new file is written in place.

    Replacing an existing page stays atomic, so a web server never serves half of it. A new page costs a
    third of the file-system work written in place: nothing served it before, and it is named in the build's
    journal first (new_file_journal), so a build killed while writing it leaves it to the next build.
    (content/ files always use write_atomic: a half-written one would look like a person's edit.)"""
    holds = _holds(path, data)
    if holds:
        return False
    if holds is None and _write_new(path, data):
        return True
    _replace(path, data)
    return True


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

    A build that ends well deletes the journal when it saves its records (state.save_state); a build killed
    while writing leaves it, and the next build takes the files named there as its own (state.adopt_journal),
    so a half-written page is rendered again or, when no longer wanted, removed."""
    global _journal
    path.parent.mkdir(parents=True, exist_ok=True)
    _journal = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        yield
    finally:
        os.close(_journal)
        _journal = None


def _write_new(path: Path, data: bytes) -> bool:
    """Create path with data (its folder too); False when something else created it first."""
    if _journal is not None:
        os.write(_journal, os.fsencode(path) + b"\n")  # one short append: atomic, also from forked workers
    try:
        handle = open(path, "xb")  # mode 0666 less the umask, like any new file
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "xb")
    except FileExistsError:
        return False
    try:
        with handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return True


def safe_output(root: Path, relative: str) -> Path:
    """root/relative, refusing absolute paths, '..' and anything else that would leave root."""
    pure = PurePosixPath(relative)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in relative or "\0" in relative:
        raise OutputPathError(f"refusing to write outside the site folder: {relative!r}")
    return root / pure


def check_unique(outputs: list[str]) -> None:
    """Refuse a plan in which two pages would write one file."""
    seen: set[str] = set()
    for output in outputs:
        if output in seen:
            raise OutputPathError(f"two pages would be written to {output}")
        seen.add(output)


def remove_stale(root: Path, stale: list[str]) -> list[str]:
    """Delete outputs an earlier build wrote and this one does not; then drop empty folders."""
    removed = []
    for relative in sorted(stale):
        path = safe_output(root, relative)
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(relative)
        parent = path.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


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
