"""URL-safe ASCII slugs (python-slugify) and stable, unique article slugs."""

from __future__ import annotations

import hashlib
import re

from slugify import slugify as _slugify

MAX_SLUG = 80


SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, fallback: str = "", max_length: int = MAX_SLUG) -> str:
    """ASCII, lower case, hyphenated; `fallback` when nothing URL-safe is left (e.g. '..' or '中')."""
    slug = _slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    return slug or fallback


def is_safe(slug: str) -> bool:
    """True for a slug that is already ASCII, lower case and hyphenated (safe as a folder name)."""
    return bool(SAFE_SLUG.fullmatch(slug)) and len(slug) <= 2 * MAX_SLUG


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_slug(title: str, source: str, taken: set[str]) -> str:
    """A slug from the title; when taken, the title slug plus a hash of the source path.

    Slugs already written to content/ are never changed, so adding or removing other
    articles never moves an existing article's URL.
    """
    base = slugify(title, fallback="article")
    if base not in taken:
        return base
    return f"{slugify(title, fallback='article', max_length=MAX_SLUG - 7)}-{short_hash(source, 6)}"
