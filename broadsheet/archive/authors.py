"""Authors (bylines) across the archive: one per name, with their articles."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..core import slugs
from ..core.data import Article

AUTHORS_DIR = "authors"


@dataclass(frozen=True)
class Author:
    """A byline across the archive; spellings with the same slug ('Jane Smith', 'JANE SMITH') share it."""

    slug: str
    name: str
    article_slugs: tuple[str, ...]  # newest first


@lru_cache(maxsize=None)
def author_slug(name: str) -> str:
    return slugs.slugify(name, fallback="author-" + slugs.short_hash(name))


def author_folder(slug: str) -> str:
    """The folder of an author's pages and feed, e.g. 'authors/jane-smith/'."""
    return f"{AUTHORS_DIR}/{slug}/"


def collect_authors(newest_first: tuple[Article, ...]) -> tuple[Author, ...]:
    """Every author, A–Z, with their articles newest first; each is named as most of their articles write it."""
    members: dict[str, dict[str, None]] = defaultdict(dict)
    names: dict[str, Counter] = defaultdict(Counter)
    for article in newest_first:
        for name in article.authors:
            slug = author_slug(name)
            members[slug][article.slug] = None
            names[slug][name] += 1
    authors = [Author(slug, max(names[slug].items(), key=lambda kv: (kv[1], kv[0]))[0], tuple(members[slug]))
               for slug in members]
    return tuple(sorted(authors, key=lambda a: (a.name.casefold(), a.slug)))
