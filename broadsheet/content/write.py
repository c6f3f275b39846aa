"""content/*.md: write extractions (never over a person's edit) and load articles back."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

from ..core import safeyaml
from ..core.diagnostics import Diagnostics
from ..core.files import write_atomic
from ..extract import frontmatter
from .read import ContentFile


def document(meta: dict[str, Any], body: str) -> str:
    """A content file's text: front matter, body, and a checksum that reveals later edits."""
    return _with_checksum(frontmatter.dump(meta, body))


def _with_checksum(text: str) -> str:
    """text with a `checksum:` line (the hash of text without it) at the end of its front matter."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return text.replace("\n---\n", f"\nchecksum: {digest}\n---\n", 1)


def save(path: Path, text: str) -> bool:
    """Write one content file atomically; False when it already held these bytes."""
    return write_atomic(path, text.encode("utf-8"))


REVIEWED = ".reviewed.yaml"
_REVIEWED_HEADER = (
    "# Written by Broadsheet. For each content file you edited whose seed (or Broadsheet's rules) then changed:\n"
    "# the seed's sha256 and the rules of the new extraction written beside it as <file>.md.new. That seed is not\n"
    "# extracted again until it changes again; delete a line to be shown a fresh extraction.\n")


def load_reviewed(folder: Path, diagnostics: Diagnostics) -> dict[str, str]:
    """Edited file name -> 'seed sha256 + extractor' of the new extraction it was shown (content/.reviewed.yaml).

    It lives in content/, not with the build records, so `build.py clean` or a deleted `.broadsheet/` never
    shows a person again an extraction they already merged or dismissed."""
    path = folder / REVIEWED
    try:
        # an entry over a bound is dropped (shown again); 10 MB holds about 65,000 entries
        data, _ = safeyaml.load(path.read_text(encoding="utf-8"), max_text=10_000_000)
    except OSError:
        return {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        diagnostics.warn("W132", "not readable as YAML, so every edited file whose seed changed is shown a fresh "
                         "extraction again; fix the file or delete it", path, mark.line + 1 if mark else None)
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_reviewed(folder: Path, reviewed: dict[str, str]) -> None:
    path = folder / REVIEWED
    if not reviewed:
        path.unlink(missing_ok=True)
        return
    text = _REVIEWED_HEADER + yaml.safe_dump(dict(sorted(reviewed.items())), allow_unicode=True, width=200)
    write_atomic(path, text.encode("utf-8"))


def remove_orphans(index: dict[str, ContentFile], seeds_dir: Path, project: Path, live_sources: set[str],
                   diagnostics: Diagnostics) -> list[Path]:
    """Delete generated content whose seed (inside the current seeds folder) is gone; keep edited ones."""
    removed = []
    seeds_root = seeds_dir.resolve()
    folders: dict[Path, Path] = {}  # each folder resolved once: most sources share a few folders
    for source, entry in index.items():
        if source in live_sources:
            continue
        seed_path = _resolved(project / source, folders)
        if not seed_path.is_relative_to(seeds_root) or not _surely_gone(seed_path):
            continue
        if entry.edited:
            diagnostics.warn("W130", f"its seed {source} is gone, but you edited this file, so it was kept; "
                             "delete it to remove the article", entry.path)
            continue
        entry.path.unlink(missing_ok=True)
        removed.append(entry.path)
    return removed


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    """path.resolve(), with its folder's resolution taken from (or kept in) `folders`: a name that is no link
    where the resolved folder holds it (or is not there) adds itself to that folder, as resolve() adds it; a
    link there, `..` or `.` is resolved whole (the link is looked for in the resolved folder, as resolve()
    looks: `seeds/missing/../x` is `seeds/x`)."""
    name = path.name
    if name in ("", ".", ".."):
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    candidate = folder / name
    return candidate.resolve() if os.path.islink(candidate) else candidate


def _surely_gone(path: Path) -> bool:
    """True only when the file is known not to exist: one in a folder that cannot be read may still be there."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False
