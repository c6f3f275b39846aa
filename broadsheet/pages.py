"""Plan the site: every page as (output path, template, plain-data context)."""

from __future__ import annotations

import math
from collections import defaultdict

from .config import ENTITY_TYPES, Config
from .model import Article, Entity, Page
from .site import TYPE_DIRS, TYPE_TITLES, Site, article_url, entity_url

WORDS_PER_MINUTE = 230


def plan(site: Site, config: Config) -> list[Page]:
    """Every page of the site, in a stable order."""
    identity = site_identity(config)
    pages = [home_page(site, identity)]
    pages += [article_page(site, article, identity) for article in site.articles]
    pages += [entity_page(site, entity, identity) for entity in site.entities]
    pages += type_index_pages(site, identity)
    return pages


def site_identity(config: Config) -> dict:
    """What every page shows of the site itself."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
        "nav": [{"title": TYPE_TITLES[t], "url": f"{TYPE_DIRS[t]}/index.html"} for t in ENTITY_TYPES],
    }


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
    return f"{article.date.day} {article.date:%B %Y}" if article.date else "Undated"


def entity_link(entity: Entity, count: int | None = None) -> dict:
    link = {"name": entity.name, "url": entity_url(entity), "type": entity.type}
    if count is not None:
        link["count"] = count
    return link


def home_page(site: Site, identity: dict) -> Page:
    top = sorted(site.entities, key=lambda e: (-len(e.article_slugs), e.name.casefold()))[:30]
    context = {
        "site": identity,
        "title": identity["title"],
        "articles": [article_summary(a) for a in site.articles[:20]],
        "article_count": len(site.articles),
        "top_entities": [entity_link(e, len(e.article_slugs)) for e in top],
    }
    return Page("index.html", "home.html", context, kind="home")


def article_page(site: Site, article: Article, identity: dict) -> Page:
    mentions = site.mentions.get(article.slug, ())
    grouped: dict[str, list] = defaultdict(list)
    links: dict[str, str] = {}
    for mention in mentions:
        grouped[mention.entity.type].append(entity_link(mention.entity, mention.mentions))
        for surface in (mention.entity.name, *mention.surfaces):
            links.setdefault(surface, entity_url(mention.entity))
    context = {
        "site": identity,
        "title": article.title,
        "article": {
            **article_summary(article),
            "body": article.body_md,
            "captions": list(article.captions),
            "words": article.words,
            "reading_minutes": max(1, math.ceil(article.words / WORDS_PER_MINUTE)),
            "source": article.source,
        },
        "links": links,
        "entity_groups": [{"type": t, "title": TYPE_TITLES[t], "entities": grouped[t]}
                          for t in ENTITY_TYPES if grouped[t]],
    }
    return Page(article_url(article), "article.html", context, kind="article")


def entity_page(site: Site, entity: Entity, identity: dict) -> Page:
    articles = [site.article(slug) for slug in entity.article_slugs]
    context = {
        "site": identity,
        "title": entity.name,
        "entity": {
            "name": entity.name,
            "type": entity.type,
            "type_title": TYPE_TITLES[entity.type],
            "type_url": f"{TYPE_DIRS[entity.type]}/index.html",
            "aliases": list(entity.aliases),
            "article_count": len(articles),
            "mentions": entity.mentions,
        },
        "articles": [article_summary(a) for a in articles],
        "companions": [entity_link(other, count) for other, count in site.companions.get(entity, ())],
    }
    return Page(entity_url(entity), "entity.html", context, kind="entity")


def type_index_pages(site: Site, identity: dict) -> list[Page]:
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for entity in site.entities:
        by_type[entity.type].append(entity)
    pages = []
    for kind in ENTITY_TYPES:
        context = {
            "site": identity,
            "title": TYPE_TITLES[kind],
            "type": kind,
            "entities": [entity_link(e, len(e.article_slugs)) for e in by_type[kind]],
        }
        pages.append(Page(f"{TYPE_DIRS[kind]}/index.html", "entity_index.html", context, kind="entity_index"))
    return pages
