"""One build at a time per site folder: a second build waits, then gives up with a clear message.

The lock is a file among the site's build records (records.py), opened without following a link, created
readable by its owner only and never truncated or written: a link planted where it belongs is removed
with a warning, never followed. While a build holds the lock it keeps a `.running` marker beside the lock
file. A marker found on taking the lock means the previous build was killed mid-way, so the temporary
files it may have left in the folders it writes are swept before anything else happens.

Processes a build forks (render workers, the child that extracts and its own workers) do not keep its lock,
and on Linux each dies with the process that forked it: a build killed with SIGKILL never leaves workers
behind that hold the lock and make the next build wait. A worker whose build died before it could ask for
that (the classic race) notices and exits at once.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import Diagnostics, UserError
from .files import remove_temp_files
from .records import Records, open_record, prepare_folder
from .text import visible

WAIT_SECONDS = 600
PR_SET_PDEATHSIG = 1
_held: list[int] = []  # lock files this process holds open
_forking_pid = 0  # the pid of the process about to fork, as the child will know its parent
_worker = False  # this process was forked by a build holding the lock, or by one of its workers


@contextmanager
def build_lock(records: Records, site: Path, wait: float = WAIT_SECONDS, folders: tuple[Path, ...] = (),
               diagnostics: Diagnostics | None = None):
    """Hold an exclusive lock on the site's records while building site (and writing `folders`)."""
    prepare_folder(records)
    fd = _open_lock(records.lock, diagnostics)
    try:
        _acquire(fd, site, records.lock, wait)
        _held.append(fd)
        marker = records.file(".running")
        try:
            if os.path.lexists(marker):
                for folder in (site, *folders, records.folder):
                    remove_temp_files(folder)
            _create_marker(marker)
            yield
            marker.unlink(missing_ok=True)
        finally:
            _held.remove(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open_lock(path: Path, diagnostics: Diagnostics | None) -> int:
    """A descriptor of the lock file: created (O_EXCL, mode 0600) or opened without following a link; a
    link, special file or another user's file found there is removed with a warning and made anew."""
    for _ in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except FileExistsError:
            pass
        fd = open_record(path, os.O_RDWR, diagnostics)  # None when there was none, or one it removed
        if fd is not None:
            return fd
    raise UserError(f"{path}: [E171] cannot make the build's lock file: something keeps replacing it")


def _create_marker(marker: Path) -> None:
    """The `.running` marker, made anew (whatever stood there is removed, never followed)."""
    try:
        marker.unlink(missing_ok=True)
    except IsADirectoryError:
        raise UserError(f"{marker}: [E171] a folder where a build record belongs; delete it and build again") from None
    os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))


def _acquire(fd: int, site: Path, path: Path, wait: float) -> None:
    """Take the lock, telling the user once that we wait; UserError when `wait` seconds pass."""
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise UserError(f"another build of {site} is still running (lock {path}); "
                                "wait for it to finish, or stop it") from None
            if not announced:
                print(f"waiting for another build of {visible(str(site))} to finish…", file=sys.stderr, flush=True)
                announced = True
            time.sleep(0.2)


def _before_fork() -> None:
    """Remember who forks, so the child can tell whether its parent is still the one that made it."""
    global _forking_pid
    _forking_pid = os.getpid()


def _in_forked_child() -> None:
    """In a process forked while a build holds the lock, or forked by such a process (the child that extracts
    the seeds forks its own workers): let go of the lock, die with the process that forked it, and leave
    signals to the build."""
    global _worker
    if not (_held or _worker):
        return
    _worker = True  # so the processes this one forks die with it in turn
    for fd in _held:
        os.close(fd)  # this process's copy only; flock is not touched, so the parent keeps its lock
    _held.clear()
    _die_with_parent(_forking_pid)
    _leave_signals_to_parent()


def _leave_signals_to_parent() -> None:
    """Ctrl+C is the build's to handle (it stops its workers without signals), and SIGTERM ends a worker
    without a word. A handler inherited from the build (serve turns SIGTERM into KeyboardInterrupt) would
    otherwise print a traceback from every worker a pool stops, after a template error say. SIGTERM gets the
    default action, not a handler: a Python handler can miss a signal that arrives just before the worker
    blocks on the pool's queue lock, and the pool would then wait for that worker for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit now if it already has (elsewhere:
    nothing to do). `parent` is the pid recorded before the fork: read after it, a parent killed in
    between would already have been replaced by init or a subreaper, and the check would pass."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


os.register_at_fork(before=_before_fork, after_in_child=_in_forked_child)
