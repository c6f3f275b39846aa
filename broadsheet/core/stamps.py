"""The sizes and modification times of many files, packed, and a hash of them: what a build with nothing changed
compares with what the last build wrote (records.Summary). One stat per file: nothing cheaper tells an edit in
place (a folder's modification time does not change when a file in it is rewritten)."""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import os
import signal
from itertools import chain

# Below this many files one process stats them all; above it a forked child stats a share of them on the
# other core (a fork costs a few milliseconds; 200,000 stats about half a second).
SPLIT_MIN_FILES = 20_000


def stamps_digest(packed: bytes) -> str:
    """The hash a summary keeps of its outputs' stamps (`pack`ed, in the order of their names)."""
    return hashlib.blake2b(packed, digest_size=20).hexdigest()


def pack(stamps) -> bytes:
    """(size, mtime_ns) pairs as 64-bit integers, one after the other; as text when one does not fit (a file
    dated after 2262): the same pairs always pack alike, so a comparison of two packings stays true."""
    return _packed(list(chain.from_iterable(stamps)))


def _packed(numbers: list[int]) -> bytes:
    try:
        return array.array("q", numbers).tobytes()
    except OverflowError:
        return repr(numbers).encode("ascii")


def stamps_of(paths: list[str]) -> bytes | None:
    """The packed (size, mtime_ns) of every path (following links, as a reader of the site does); None when
    one cannot be stat'ed (gone, or no longer reachable)."""
    return Stamps(paths).packed()


class Stamps:
    """The stamps of many files, taken from the moment it is made while the caller goes on with other work:
    above SPLIT_MIN_FILES, a forked child stats the files after the first `mine` share of them at once on the
    other core, and `packed` stats that share here (what the caller did meanwhile was free). A caller that no
    longer needs them calls `close`, which stops the child."""

    def __init__(self, paths: list[str], mine: float = 0.5, root: str | None = None):
        """`root`: the folder `paths` are relative to, opened once (each stat then walks the path from it, not
        from /), or None when they are whole paths."""
        self.paths, self.pid, self.read_end, self.root = paths, 0, -1, None
        if root is not None:
            if os.stat in os.supports_dir_fd:
                try:
                    self.root = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
                except OSError:
                    self.root = -1  # no such folder: every stat fails, as the whole paths' would
            else:
                self.paths = [os.path.join(root, path) for path in paths]
        if len(paths) < SPLIT_MIN_FILES or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            self.cut = len(paths)
            return
        self.cut = int(len(paths) * mine)
        try:
            read_end, write_end = os.pipe()
        except OSError:  # no file descriptor to spare: all of them here
            self.cut = len(paths)
            return
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit reached): all of them here
            os.close(read_end)
            os.close(write_end)
            self.cut = len(paths)
            return
        if pid == 0:  # the child: stat its share, send it packed, leave without running the parent's cleanup
            status = 1
            try:
                os.close(read_end)
                theirs = _stat_numbers(self.paths[self.cut:], self.root)
                if theirs is not None:
                    try:
                        data = b"q" + array.array("q", theirs).tobytes()
                    except OverflowError:  # a time after 2262: sent as JSON, packed with the rest in the parent
                        data = b"j" + json.dumps(theirs).encode("ascii")
                    with os.fdopen(write_end, "wb") as out:
                        out.write(data)
                    status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end

    def packed(self) -> bytes | None:
        """The packed stamps of every path, in order; None when one cannot be stat'ed."""
        try:
            mine = _stat_numbers(self.paths[:self.cut], self.root)
            if not self.pid:
                return None if mine is None else _packed(mine)
            with os.fdopen(self.read_end, "rb") as given:
                self.read_end = -1
                sent = given.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if mine is None or status != 0:
                return None
            if sent[:1] == b"q":
                theirs = array.array("q")
                theirs.frombytes(sent[1:])
                return _packed(mine + theirs.tolist())
            return _packed(mine + json.loads(sent[1:]))  # packed whole, as one process packs them
        finally:
            self.close()

    def close(self) -> None:
        if self.root is not None and self.root >= 0:
            os.close(self.root)
        self.root = None
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # reaped already (by a SIGCHLD handler of the caller's)
                os.waitpid(self.pid, 0)
            self.pid = 0


def _stat_numbers(paths: list[str], root: int | None = None) -> list[int] | None:
    """Each path's size and mtime_ns, one after the other (relative to the folder open as `root`, when given);
    None when one cannot be stat'ed."""
    try:
        if root is None:
            infos = map(os.stat, paths)
        elif root < 0:
            return None if paths else []
        else:
            infos = (os.stat(path, dir_fd=root) for path in paths)
        return list(chain.from_iterable((info.st_size, info.st_mtime_ns) for info in infos))
    except OSError:
        return None
