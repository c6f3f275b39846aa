"""The small shapes lists show: an article as a list item, an entity as a link."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from ..archive.site import entity_url
from ..core.data import Article, Entity

MONTHS = list(calendar.month_name)  # English names, whatever the locale


@dataclass(frozen=True)
class Card:
    """An article as lists show it (home, archives, entity pages, feeds).

    The same article appears on many pages, so its card is made once and carries a fingerprint:
    a page's incremental-build key hashes the fingerprint instead of the card's text.
    """

    title: str
    url: str
    date: str | None
    date_human: str
    summary: str
    kwic: dict | None = None  # the sentence that mentions an entity, on that entity's pages
    id: str | None = None  # the permanent id of a feed entry
    body: str | None = None  # the article's Markdown, in feeds that carry full text (feed_content: full)
    # (article slug, key of its mention sentences: Site.mention_key) when the kwic is found only if the page is
    # drawn (Page.complete): the fingerprint hashes the key instead
    kwic_of: tuple[str, str] | None = None
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.fingerprint:
            kwic = "\x1e".join(self.kwic.values()) if self.kwic else "\x1d".join(self.kwic_of or ())
            text = "\x1f".join((self.title, self.url, self.date or "", self.date_human, self.summary, kwic, self.id or "",
                                _body_digest(self.body) if self.body else ""))
            object.__setattr__(self, "fingerprint", hashlib.blake2b(text.encode(), digest_size=12).hexdigest())

    def with_(self, kwic: dict | None = None, id: str | None = None, body: str | None = None,
              kwic_of: tuple[str, str] | None = None) -> "Card":
        """This card with a kwic (or the key to find it by), an id or a body added (and a fingerprint to match)."""
        return Card(self.title, self.url, self.date, self.date_human, self.summary, kwic, id, body, kwic_of)

    def as_dict(self) -> dict:
        return {"title": self.title, "url": self.url, "date": self.date, "date_human": self.date_human,
                "summary": self.summary}


def article_summary(article: Article) -> Card:
    """An article as lists show it (made once per article and reused)."""
    return _card(article.slug, article.title, article.date, article.summary)


@lru_cache(maxsize=100_000)
def _card(slug: str, title: str, date, summary: str) -> Card:
    return Card(title=title, url=f"articles/{slug}/index.html", date=date.isoformat() if date else None,
                date_human=day_name(date), summary=summary)


def article_fields(article: Article) -> tuple:
    """What an article page shows of the article itself (for keys: the page's, its search shard's)."""
    return (article.slug, article.title, article.date, article.summary, article.body_md, article.captions,
            article.words, article.source_url, article.authors, article.section)


def day_name(date) -> str:
    """'26 September 2022' in English whatever the locale, or 'Undated'."""
    return f"{date.day} {MONTHS[date.month]} {date.year}" if date else "Undated"


def entity_link(entity: Entity, count: int | None = None) -> dict:
    """An entity as a link, optionally with a count beside it."""
    link = {"name": entity.name, "url": entity_url(entity), "type": entity.type}
    if count is not None:
        link["count"] = count
    return link


def body_digest(article: Article) -> str:
    """A short hash of an article's text, for the inputs of pages whose feeds may carry it (feed_content: full)."""
    return _body_digest(article.body_md)


@lru_cache(maxsize=100_000)
def _body_digest(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=8).hexdigest()
