"""The small shapes lists show: an article as a list item, an entity as a link."""

from __future__ import annotations

import calendar

from .model import Article, Entity
from .site import article_url, entity_url

MONTHS = list(calendar.month_name)  # English names, whatever the locale


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
    date = article.date
    return f"{date.day} {MONTHS[date.month]} {date.year}" if date else "Undated"


def entity_link(entity: Entity, count: int | None = None) -> dict:
    """An entity as a link, optionally with a count beside it."""
    link = {"name": entity.name, "url": entity_url(entity), "type": entity.type}
    if count is not None:
        link["count"] = count
    return link
