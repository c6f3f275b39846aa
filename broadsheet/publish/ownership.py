"""Whose files are in site/: a build writes over (and deletes) only files it wrote, never through a symlink.

The build records (BuildState.outputs) name every file a build wrote. Any other file found at an address the
build would write is someone else's: it is left as it is, with a warning, and the page is not written there. The
folder also carries a small marker (MARKER) naming the files left alone, so that when the records are deleted
the build can still tell its own files (every other file at its addresses) from those it must not touch.
"""

from __future__ import annotations

import json
import os
import stat as stat_mode
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..core.files import blocked_on_the_way, folders_on_the_way, replace_linked_folder, safe_output, write_output
from ..core.records import BuildState

MARKER = ".broadsheet-site"  # in site/: the build's claim on the folder, and the files it left alone there
_MARKER_HEADER = ("# This folder is built by Broadsheet, which never writes over or deletes a file it did not write.\n"
                  "# These files stood where its pages go and were left as they are:\n")


class Ownership:
    """Which files already in site/ a build may write over: those its records name as its own.

    Any other file at an address the build would write is someone else's and stays as it is, unless it holds
    exactly the bytes the build would write there. When the records are gone (.broadsheet/ deleted) but the
    folder carries the build's marker, its files are taken as the build's, except those the marker lists."""

    def __init__(self, root: Path, state: BuildState):
        self.recorded = state.outputs
        listed = read_marker(root)
        self.left_before = listed or frozenset()
        self.records_lost = listed is not None and not state.outputs

    def in_the_way(self, output: str, data: bytes, path: Path, info: os.stat_result) -> bool:
        """Whether the file found at root/output (`path`, whose lstat is `info`) is one the build may not write over."""
        if stat_mode.S_ISDIR(info.st_mode):
            return True
        if output in self.recorded:
            return False
        if output in self.left_before:
            return True
        if self.records_lost:
            return False
        return not (stat_mode.S_ISREG(info.st_mode) and info.st_size == len(data) and _read(path) == data)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def read_marker(root: Path) -> frozenset[str] | None:
    """The files the marker in root lists as left alone; None when root has no marker."""
    try:
        lines = (Path(root) / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    names = set()
    for line in lines:
        try:
            name = json.loads(line) if line.startswith('"') else None
        except ValueError:
            continue
        if isinstance(name, str):
            names.add(name)
    return frozenset(names)


def marker_bytes(left: list[str]) -> bytes:
    return (_MARKER_HEADER + "".join(json.dumps(name) + "\n" for name in sorted(left))).encode("utf-8")


def put(root: Path, output: str, data: bytes,
        owner: Ownership) -> tuple[bool | None, list[tuple], os.stat_result | None]:
    """Write data to root/output unless a file the build did not write is in the way; never through a symlinked
    folder (one on the way is replaced by a real folder). Returns (written, or None when left alone; notes:
    ("left", the file in the way) and ("link", folder, where it pointed); the file's stat, None when left alone)."""
    path = safe_output(root, output)
    notes: list[tuple] = []
    while True:
        blocker, folder_exists = folders_on_the_way(root, output)
        if blocker is None:
            break
        if not os.path.islink(f"{root}/{blocker}"):
            return None, [*notes, ("left", blocker)], None
        notes.append(("link", blocker, replace_linked_folder(root, blocker)))
    info = _lstat(path) if folder_exists else None  # no folder, no file
    if info is not None:
        if owner.in_the_way(output, data, path, info):
            return None, [*notes, ("left", output)], None
        if stat_mode.S_ISLNK(info.st_mode):
            path.unlink()  # the build's own address, made a link since: the link goes, what it points to stays
            info = None
    written, written_stat = write_output(path, data, new=info is None, folder_exists=folder_exists)
    return written, notes, written_stat


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def report_notes(root: Path, notes: list[tuple], diagnostics: Diagnostics | None) -> list[str]:
    """Warn once about each file left alone and each symlinked folder replaced; returns the files left alone."""
    left: dict[str, list[str]] = {}
    links: dict[str, str | None] = {}
    for output, note in notes:
        if note[0] == "left":
            left.setdefault(note[1], []).append(output)
        else:
            links.setdefault(note[1], note[2])
    if diagnostics is not None:
        for folder, target in sorted(links.items()):
            shown = "" if target is None else f" to {_bounded(target)}"
            diagnostics.warn("W183", f"was a symbolic link{shown}, which would put pages outside the site folder; "
                             "replaced by a real folder (what it pointed to is untouched)", root / folder)
        for blocker, outputs in sorted(left.items()):
            what = "the build's own file for this address is" if outputs == [blocker] else \
                f"it stands where the folder of {len(outputs):,} of the build's pages goes, and they are"
            diagnostics.warn("W181", f"Broadsheet did not write this file, so it is left as it is; {what} not "
                             "written. Move it out of the site folder to let the build write there", root / blocker)
    return sorted(left)


def _bounded(text: str, limit: int = 120) -> str:
    """A bounded repr: no control characters, at most about `limit` characters."""
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


CLEAN_SHOWS = 20  # files left named one by one; the rest are counted


def report_left(site: Path, knows_its_files: bool, not_followed: list[str], diagnostics: Diagnostics) -> None:
    """Warn about what `clean` left in site/: files it did not write, and symlinked folders it did not enter."""
    for folder in sorted({blocked_on_the_way(site, output, set()) or output for output in not_followed}):
        diagnostics.warn("W183", "is a symbolic link: the build's files under it are outside the site folder, "
                         "so they were not removed", site / folder)
    if not knows_its_files:
        diagnostics.warn("W182", "this folder was built by Broadsheet, but its build records are gone (.broadsheet/ "
                         "was deleted), so clean cannot tell its files from yours and removed none: delete the "
                         "folder yourself if nothing in it is yours", site)
        return
    left = left_in(site)
    for name in left[:CLEAN_SHOWS]:
        shown = name if name.isprintable() and len(name) <= 300 else repr(name[:300])  # a hostile file name
        diagnostics.warn("W182", "not written by Broadsheet, so clean left it as it is", f"{site}/{shown}")
    if len(left) > CLEAN_SHOWS:
        diagnostics.warn("W182", f"and {len(left) - CLEAN_SHOWS:,} more files Broadsheet did not write were left as "
                         "they are", site)


def left_in(site: Path) -> list[str]:
    """What is in site/ (files; a symlinked or hidden folder such as .git/ as one entry), relative to it."""
    if not site.is_dir():
        return []
    left = []
    for directory, folders, names in os.walk(site):
        rel = Path(directory).relative_to(site)
        entries = [name for name in folders if name.startswith(".") or os.path.islink(os.path.join(directory, name))]
        left += [(rel / name).as_posix() + "/" for name in entries]
        folders[:] = [name for name in folders if name not in entries]
        left += [(rel / name).as_posix() for name in names]
    return sorted(left)
