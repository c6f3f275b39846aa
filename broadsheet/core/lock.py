"""One build at a time per site folder: a second build waits, then gives up with a clear message.

While a build holds the lock it keeps a `.running` marker beside the lock file. A marker found on
taking the lock means the previous build was killed mid-way, so the temporary files it may have
left in the folders it writes are swept before anything else happens.

Processes a build forks (render workers) do not keep its lock, and on Linux they die with it: a build
killed with SIGKILL never leaves workers behind that hold the lock and make the next build wait.
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

from .diagnostics import UserError
from .files import remove_temp_files
from .records import state_path

WAIT_SECONDS = 600
PR_SET_PDEATHSIG = 1
_held: list = []  # lock files this process holds open


@contextmanager
def build_lock(site: Path, wait: float = WAIT_SECONDS, folders: tuple[Path, ...] = ()):
    """Hold an exclusive lock on the site's state file while building site (and writing `folders`)."""
    path = state_path(site).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        _acquire(handle, site, path, wait)
        _held.append(handle)
        marker = path.with_suffix(".running")
        try:
            if marker.exists():
                for folder in (site, *folders):
                    remove_temp_files(folder)
            marker.touch()
            yield
            marker.unlink(missing_ok=True)
        finally:
            _held.remove(handle)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle, site: Path, path: Path, wait: float) -> None:
    """Take the lock, telling the user once that we wait; UserError when `wait` seconds pass."""
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise UserError(f"another build of {site} is still running (lock {path}); "
                                "wait for it to finish, or stop it") from None
            if not announced:
                print(f"waiting for another build of {site} to finish…", file=sys.stderr, flush=True)
                announced = True
            time.sleep(0.2)


def _in_forked_child() -> None:
    """In a process forked while a build holds the lock: let go of the lock, die with the build, and leave
    signals to it."""
    if not _held:
        return
    for handle in _held:
        handle.close()  # this process's copy only; flock is not touched, so the parent keeps its lock
    _held.clear()
    _die_with_parent()
    _leave_signals_to_parent()


def _leave_signals_to_parent() -> None:
    """Ctrl+C is the build's to handle (it stops its workers), and SIGTERM ends a worker without a word. A
    handler inherited from the build (serve turns SIGTERM into KeyboardInterrupt) would otherwise print a
    traceback from every worker a pool stops, after a template error say."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)


def _exit_quietly(signum, frame) -> None:
    """SIGTERM in a worker (its pool is being stopped): exit with status 0 and no traceback. Raising unwinds the
    worker's `with` blocks, so it lets go of the pool's queue locks: a worker killed outright while it held one
    would leave the build waiting for ever."""
    raise SystemExit(0)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: nothing to do)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


os.register_at_fork(after_in_child=_in_forked_child)
