"""The sizes and modification times of many files, packed, and a hash of them: what a build with nothing changed
compares with what the last build wrote (records.Summary). One stat per file: nothing cheaper tells an edit in
place (a folder's modification time does not change when a file in it is rewritten)."""

from __future__ import annotations

import array
import hashlib
import os
from itertools import chain

# Below this many files one process stats them all; above it a forked child stats half of them on the other
# core (a fork costs a few milliseconds; 200,000 stats about half a second).
SPLIT_MIN_FILES = 20_000


def stamps_digest(packed: bytes) -> str:
    """The hash a summary keeps of its outputs' stamps (`pack`ed, in the order of their names)."""
    return hashlib.blake2b(packed, digest_size=20).hexdigest()


def pack(stamps) -> bytes:
    """(size, mtime_ns) pairs as 64-bit integers, one after the other; as text when one does not fit (a file
    dated after 2262): the same pairs always pack alike, so a comparison of two packings stays true."""
    stamps = list(chain.from_iterable(stamps))
    try:
        return array.array("q", stamps).tobytes()
    except OverflowError:
        return repr(stamps).encode("ascii")


def stamps_of(paths: list[str]) -> bytes | None:
    """The packed (size, mtime_ns) of every path (following links, as a reader of the site does); None when
    one cannot be stat'ed (gone, or no longer reachable)."""
    if len(paths) < SPLIT_MIN_FILES or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return _stat_all(paths)
    half = len(paths) // 2
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stat the second half, send it packed, leave without running the parent's cleanup
        status = 1
        try:
            os.close(read_end)
            theirs = _stat_all(paths[half:])
            if theirs is not None:
                with os.fdopen(write_end, "wb") as out:
                    out.write(theirs)
                status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = _stat_all(paths[:half])
        with os.fdopen(read_end, "rb") as given:
            theirs = given.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if mine is None or status != 0:
        return None
    return mine + theirs


def _stat_all(paths: list[str]) -> bytes | None:
    try:
        return pack((info.st_size, info.st_mtime_ns) for info in map(os.stat, paths))
    except OSError:
        return None
