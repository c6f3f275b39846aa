"""The small shapes lists show: an article as a list item, an entity as a link."""

from __future__ import annotations

from .model import Article, Entity
from .site import article_url, entity_url


def article_summary(article: Article) -> dict:
    """An article as lists show it."""
    return {
        "title": article.title,
        "url": article_url(article),
        "date": article.date.isoformat() if article.date else None,
        "date_human": human_date(article),
        "summary": article.summary,
    }


def human_date(article: Article) -> str:
    """'26 September 2022', or 'Undated'."""
    return f"{article.date.day} {article.date:%B %Y}" if article.date else "Undated"


def entity_link(entity: Entity, count: int | None = None) -> dict:
    """An entity as a link, optionally with a count beside it."""
    link = {"name": entity.name, "url": entity_url(entity), "type": entity.type}
    if count is not None:
        link["count"] = count
    return link
