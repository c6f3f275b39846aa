"""URL-safe ASCII slugs (python-slugify) and stable, unique article slugs."""

from __future__ import annotations

import hashlib
import re

from slugify import slugify as _slugify

MAX_SLUG = 80  # what new slugs are cut to
MAX_SAFE_SLUG = 2 * MAX_SLUG  # what an existing slug may be (well under the 255-byte file-name limit)
SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, fallback: str = "", max_length: int = MAX_SLUG) -> str:
    """ASCII, lower case, hyphenated; `fallback` when nothing URL-safe is left (e.g. '..' or '中')."""
    slug = _slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    return slug or fallback


def is_safe(slug: str) -> bool:
    """True for a slug that can be a URL path segment and a file name as it is: a-z, 0-9, single hyphens."""
    return isinstance(slug, str) and len(slug) <= MAX_SAFE_SLUG and bool(SAFE_SLUG.fullmatch(slug))


def short_hash(text: str, length: int = 8) -> str:
    """The first `length` hex digits of the SHA-256 of text: a stable disambiguator."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_slug(title: str, source: str, taken: set[str]) -> str:
    """A slug from the title; when taken, the title slug (shortened) plus a hash of the source path.

    Slugs already written to content/ are never changed, so adding or removing other
    articles never moves an existing article's URL. Both forms fit in MAX_SLUG characters.
    """
    base = slugify(title, fallback="article")
    if base not in taken:
        return base
    suffix = "-" + short_hash(source, 6)
    head = slugify(title, fallback="article", max_length=MAX_SLUG - len(suffix))
    slug = head + suffix
    while slug in taken:  # two sources whose hashes collide in 6 digits: lengthen the hash
        suffix = "-" + short_hash(source + suffix, 10)
        slug = slugify(title, fallback="article", max_length=MAX_SLUG - len(suffix)) + suffix
    return slug
