"""The first half: seeds in, extractions out (read, spaCy, entity rules, headlines, the content record).

Everything that decides what a content file says lives in this folder, so its code hash is the extractor's
identity: change any module here and the next build extracts every seed again (people's edits are kept)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from ..core.config import MODEL_FALLBACKS
from ..core.hashing import code_digest

EXTRACTOR_VERSION = "broadsheet-extract 2"


def extractor_id(model: str) -> str:
    """What made a content file: the extraction code (a hash of this folder) and the model's version."""
    rules = f"{EXTRACTOR_VERSION} (rules {code_digest(Path(__file__).resolve().parent)[:10]})"
    for name in (model, MODEL_FALLBACKS.get(model)):
        if not name:
            continue
        try:
            return f"{rules}; {name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{rules}; {model}"
