"""The plain, frozen data passed between pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Seed:
    """One readable input file: its text split into what the format says."""

    path: Path
    rel: str  # path relative to the project, shown to users and stored as `source`
    sha256: str
    body: str  # paragraphs separated by blank lines
    title: str | None = None
    date: dt.date | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # front matter a person wrote (.md seeds)
    markdown: bool = False  # a .md file: body is Markdown, line structure kept; else plain paragraphs
    source_url: str | None = None  # the article's original address (exports, saved pages, web archives, feeds)
    authors: tuple[str, ...] = ()  # bylines
    section: str | None = None
    captions: tuple[str, ...] = ()  # paragraphs of body the format marks as captions (HTML <figcaption>)


@dataclass(frozen=True)
class EntityRef:
    """A canonical entity as one article mentions it."""

    name: str
    type: str
    mentions: int = 1
    aliases: tuple[str, ...] = ()
    confidence: float = 1.0  # how sure the scorer is that this is an entity at all (0-1)


@dataclass(frozen=True)
class Extracted:
    """What spaCy and the rules found in one seed."""

    seed: Seed
    title: str
    date: dt.date | None
    summary: str
    entities: tuple[EntityRef, ...]
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One content/ file, as the site half of the pipeline sees it."""

    slug: str
    title: str
    date: dt.date | None
    summary: str
    body_md: str
    entities: tuple[EntityRef, ...]
    source: str
    words: int
    path: Path  # the content/ file
    captions: tuple[str, ...] = ()
    edited: bool = False  # a person changed the content file: its entity names and types win
    plain: str = ""  # the body as plain text (for mention sentences), made once when the file is read
    source_url: str | None = None  # the original address: shown, linked, the canonical link
    authors: tuple[str, ...] = ()
    section: str | None = None
    names: tuple[str, ...] = ()  # the names the body writes (text.written_names), found once when the file is read
    name_counts: tuple[int, ...] = ()  # how often it writes each of them


@dataclass(frozen=True, eq=False)
class Entity:
    """One real-world entity across the archive; equal when slugs are equal."""

    slug: str
    name: str
    type: str
    aliases: tuple[str, ...]
    article_slugs: tuple[str, ...]
    mentions: int = 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and (self.type, self.slug) == (other.type, other.slug)

    def __hash__(self) -> int:
        return hash((self.type, self.slug))


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, which template draws it, and the data it shows."""

    output: str  # path inside site/, POSIX style, e.g. "people/dmitry-peskov/index.html"
    template: str
    context: dict[str, Any]
    kind: str = "page"
    # What the context holds only as keys until the page is drawn (the mention sentences of an entity's
    # articles): given the context, the context to draw. The page's key is made from `context` as it is.
    complete: Callable[[dict[str, Any]], dict[str, Any]] | None = None


@dataclass(frozen=True)
class PageGroup:
    """Pages planned together from `inputs` that determine everything they show (an entity's pages and feed).

    When a group's inputs hash as they did in the last build and its files are intact, its pages are not
    even planned: on a big archive most groups are skipped this way, so a small change costs little."""

    id: str  # unique in the site, e.g. "entity:person/dmitry-peskov"
    inputs: Callable[[], Any]  # gives plain data (tuples, strings, numbers); called where the group is planned
    plan: Callable[[], list[Page]]
    templates: tuple[str, ...]  # the templates its pages are drawn with (editing another leaves it alone)
    kind: str = "entity"
    site_key: str = ""  # a hash of what its pages show of the site itself (the navigation: sections, authors)


@dataclass
class BuildResult:
    """What a build did, for the closing summary and the tests."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rendered: int = 0
    groups_kept: int = 0  # page groups no change of the site model reached: not even keyed
    articles_new: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0
    articles_failed: int = 0
    articles_edited: int = 0  # content files a person changed since the last build
    articles_removed: int = 0  # content files gone since the last build (their seed deleted, or deleted by hand)
    seeds_skipped: int | None = None  # --render-only: seed files no content file was made from (None: seeds read)
    entities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    content_files: list[str] = field(default_factory=list)  # what the build itself wrote or removed in content/
    records_skipped: int = 0  # records of multi-record seeds that hold no article (WARC requests, images, …)
