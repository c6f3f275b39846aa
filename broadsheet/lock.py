"""One build at a time per site folder: a second build waits, then gives up with a clear message."""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import UserError
from .state import state_path

WAIT_SECONDS = 600


@contextmanager
def build_lock(site: Path, wait: float = WAIT_SECONDS):
    """Hold an exclusive lock on the site's state file while building it."""
    path = state_path(site).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        deadline = time.monotonic() + wait
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UserError(f"another build of {site} is still running (lock {path}); "
                                    "wait for it to finish, or stop it") from None
                if not announced:
                    import sys
                    print(f"waiting for another build of {site} to finish…", file=sys.stderr)
                    announced = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
