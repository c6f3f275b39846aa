"""Stable hashes of data and of folder trees (names, sizes, modification and change times)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def digest(*parts: object) -> str:
    """A stable hash of JSON-able data; objects with a `fingerprint` (article cards) count by it."""
    text = json.dumps(parts, sort_keys=True, default=_fingerprint, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plain_digest(data: tuple, size: int = 20) -> str:
    """A stable hash of nested tuples of strings, numbers and None (faster than digest: no JSON), of `size`
    bytes (a record that keeps many and only compares them may keep short ones)."""
    return hashlib.blake2b(repr(data).encode("utf-8"), digest_size=size).hexdigest()


def _fingerprint(value: object) -> str:
    return getattr(value, "fingerprint", None) or str(value)


def tree_fingerprint(*folders: Path, suffixes: tuple[str, ...] = (), listed: dict | None = None) -> str:
    """A hash of the names, sizes, modification and change times of every file under the folders (and of the
    names of entries that look like one but are no file to read, such as a link to nothing: they are warned
    about). The change time tells a file rewritten with its old size and modification time (copied in with
    them, or set back) from the file it was.

    `listed`, a dict kept by the caller for one moment of a build, keeps each folder's listing, so that the
    fingerprints taken together (the seeds half's and the site half's both cover content/) scan a folder once;
    a fingerprint of some suffixes is then the listing's lines of those suffixes, as a scan of them finds."""
    hasher = hashlib.sha256()
    for folder in folders:
        hasher.update(os.fsencode(folder) + b"\0")  # a file name need not be UTF-8
        if folder.is_dir():  # one line per file, sorted by path, hashed at once (this runs on every build)
            if listed is None:
                lines = _lines(str(folder), suffixes)
            else:
                every = listed.get(str(folder))
                if every is None:
                    every = listed[str(folder)] = _lines(str(folder), ())
                lines = [line for line in every if _suffix_of(line[0]) in suffixes] if suffixes else every
            hasher.update(b"".join(b"%s\0%s\n" % line for line in lines))
    return hasher.hexdigest()


def _lines(folder: str, suffixes: tuple[str, ...]) -> list[tuple[bytes, bytes]]:
    return sorted((os.fsencode(path), b"%d\0%d\0%d" % (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
                   if stat else b"-") for path, stat in _files(folder, suffixes))


def _suffix_of(path: bytes) -> str:
    return os.path.splitext(os.fsdecode(path))[1].lower()


def _files(folder: str, suffixes: tuple[str, ...]):
    """(path, stat) of every file under folder (following symlinks to files, not into folders); (path, None)
    for a name with a wanted suffix that is no file (a broken or looping link, a pipe), unless hidden."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        wanted = not suffixes or os.path.splitext(entry.name)[1].lower() in suffixes
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, suffixes)
                continue
            if wanted and entry.is_file():
                yield entry.path, entry.stat()
                continue
        except OSError:
            pass
        if wanted and not entry.name.startswith("."):
            yield entry.path, None


def code_digest(package: Path) -> str:
    """A hash of every Python and JSON file (code, and weights it reads) under a package folder, by relative
    path and content."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()
