"""Where an article comes from, as a content file says: its original address, its authors, its section."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostics
from ..extract.formats.fields import MAX_AUTHORS, MAX_NAME, bounded, web_address


def source_fields(meta: dict[str, Any], path: Path, text: str, diagnostics: Diagnostics) -> dict[str, Any]:
    """source_url, authors and section for an Article; a field of the wrong type is ignored with a warning."""
    found: dict[str, Any] = {}
    url = meta.get("source_url")
    if url is not None:
        found["source_url"] = web_address(url) if isinstance(url, str) else None
        if not found["source_url"]:
            _warn(diagnostics, path, text, "source_url", f"'source_url' must be an http(s) address, not {bounded(url)}; "
                  "not linked")
    authors = meta.get("authors")
    if authors is not None:
        names = [authors] if isinstance(authors, str) else authors if isinstance(authors, list) else []
        found["authors"] = tuple(dict.fromkeys(" ".join(name.split())[:MAX_NAME] for name in names
                                               if isinstance(name, str) and name.strip()))[:MAX_AUTHORS]
        if not found["authors"]:
            _warn(diagnostics, path, text, "authors", f"'authors' must be a list of names, not {bounded(authors)}; "
                  "ignored")
    section = meta.get("section")
    if section is not None:
        found["section"] = " ".join(section.split())[:MAX_NAME] or None if isinstance(section, str) else None
        if not found["section"]:
            _warn(diagnostics, path, text, "section", f"'section' must be text, not {bounded(section)}; ignored")
    return found


def _warn(diagnostics: Diagnostics, path: Path, text: str, key: str, message: str) -> None:
    match = re.search(rf"^{re.escape(key)}:", text, re.MULTILINE)
    diagnostics.warn("W218", message, path, text[: match.start()].count("\n") + 1 if match else None)
