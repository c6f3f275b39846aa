"""Full-text search with Pagefind, run over the built site into site/pagefind/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .diagnostics import Diagnostics


def index(root: Path, planned, state, result, diagnostics: Diagnostics, config) -> None:
    """Re-index when any HTML page changed or the index is missing."""
    changed = any(p.endswith(".html") for p in result.written)
    if not changed and (root / "pagefind" / "pagefind.js").exists():
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-subdir", "pagefind", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        diagnostics.warn("W160", f"search index not built: pagefind said: {done.stderr.strip() or done.stdout.strip()}",
                         root)


def outputs(state) -> set[str]:
    return set()
