"""Progress bars on a terminal (tqdm), silence elsewhere (CI, pipes, --quiet)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

ENABLED = True


@contextmanager
def bar(total: int, label: str):
    """Yield a tick() callable; draws a tqdm bar only when stderr is a terminal."""
    if not ENABLED or not sys.stderr.isatty() or total < 50:
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit=" items", leave=False, file=sys.stderr) as progress:
        yield lambda: progress.update(1)
