"""Plan the site: every page as (output path, template, plain-data context).

Each context holds exactly what its page shows, so the incremental build re-renders a page only when
something on it changed. Entity, archive and feed pages are planned by their own modules.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from functools import partial

from ..archive.site import TYPE_DIRS, TYPE_TITLES, Site, article_url, entity_url
from ..core.config import ENTITY_TYPES, Config
from ..core.data import Article, Page, PageGroup
from ..core.hashing import digest
from . import archives as archive_pages
from . import authors as author_pages
from . import entities as entity_pages
from . import feeds
from . import sections as section_pages
from .items import article_fields, article_summary, entity_link
from .paginate import paginate_newest
from .reach import article_group_id
from .search import filters_for, shard_names

WORDS_PER_MINUTE = 230
SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "place": "Place", "group": "Thing",
                "event": "Event"}


def plan(site: Site, config: Config) -> tuple[list[Page], list[PageGroup]]:
    """Every page of the site, in a stable order: pages planned now, and groups planned only when their
    inputs changed (each article's page; each entity's pages and feed: most of a big site)."""
    sections = section_pages.collect_sections(site, config.sections)
    identity = site_identity(config, authors=bool(site.authors),
                             sections=section_pages.nav_sections(sections, config.sections))
    pages = home_pages(site, identity, config.page_size)
    pages += section_pages.plan_sections(sections, identity, config.page_size)
    filter_min = config.search_filter_min_articles
    site_key = digest(identity)
    groups = [PageGroup(article_group_id(article), partial(article_inputs, site, article, filter_min),
                        partial(article_group, site, article, identity, filter_min, config.sections), ("article.html",),
                        kind="article", site_key=site_key)
              for article in site.articles]
    entity_groups, indexes = entity_pages.plan_entities(site, identity, config)
    groups += entity_groups
    pages += indexes
    author_groups, author_indexes = author_pages.plan_authors(site, identity, config)
    groups += author_groups
    pages += author_indexes
    pages += archive_pages.plan_archive(site, identity, config.page_size)
    pages += feeds.plan_feeds(site, identity, config.page_size)
    pages.append(search_page(site, identity, config))
    return pages, groups


def site_identity(config: Config, authors: bool = False, sections: list | None = None) -> dict:
    """What every page shows of the site itself (its sections, and an Authors link once some article has an
    author, in the navigation)."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": public_base(config.base_url),
        "nav": list(sections or [])
        + [{"title": "Archive", "url": "archive/index.html"}]
        + [{"title": TYPE_TITLES[t], "url": f"{TYPE_DIRS[t]}/index.html"} for t in ENTITY_TYPES]
        + ([{"title": author_pages.TITLE, "url": "authors/index.html"}] if authors else [])
        + [{"title": "Search", "url": "search/index.html"}],
        "feed": "feed.xml",
        "clean_urls": config.clean_urls,
        "feed_content": config.feed_content,
    }


def public_base(base_url: str) -> str:
    """base_url with exactly one trailing slash, or '' when the site's address is not known."""
    return base_url.rstrip("/") + "/" if base_url.strip() else ""


def public_url(identity: dict, output: str, page_output: str) -> str:
    """An absolute URL when base_url is set, else one relative to the page that shows it (without 'index.html'
    when clean_urls is on)."""
    if identity.get("clean_urls") and (output == "index.html" or output.endswith("/index.html")):
        output = output[: -len("index.html")]
    if identity["base_url"]:
        return identity["base_url"] + output
    return "../" * page_output.count("/") + output or "./"


def home_pages(site: Site, identity: dict, size: int) -> list[Page]:
    """The front page (newest articles, most mentioned entities) and its numbered older pages."""
    top = heapq.nsmallest(30, site.entities, key=lambda e: (-len(e.article_slugs), e.name.casefold()))  # sorted()[:30]
    pages = []
    for part in paginate_newest([article_summary(a) for a in site.articles], size, ""):
        context = {
            "site": identity,
            "title": identity["title"] if part.number is None else f"Articles, page {part.number}",
            "articles": part.items,
            "nav": part.nav,
            "page_number": part.number,
        }
        if part.number is None:
            context["article_count"] = len(site.articles)
            context["top_entities"] = [entity_link(e, len(e.article_slugs)) for e in top]
        pages.append(Page(part.output, "home.html", context, kind="home"))
    return pages


def article_page(site: Site, article: Article, identity: dict, filter_min: int = 2,
                 sections: dict | None = None) -> Page:
    """One article: body with linked entities, the entity sidebar, neighbours and related stories."""
    output = article_url(article)
    mentions = site.mentions.get(article.slug, ())
    grouped: dict[str, list] = defaultdict(list)
    links: dict[str, str] = {}
    for mention in mentions:
        grouped[mention.entity.type].append(entity_link(mention.entity, mention.mentions))
        for surface in (mention.entity.name, *mention.surfaces):
            links.setdefault(surface, entity_url(mention.entity))
    older, newer = site.chronology.get(article.slug, (None, None))
    section_link = section_pages.section_link(article, sections or {})
    context = {
        "site": identity,
        "title": article.title,
        "article": {
            **article_summary(article).as_dict(),
            "body": article.body_md,
            "captions": list(article.captions),
            "words": article.words,
            "reading_minutes": max(1, math.ceil(article.words / WORDS_PER_MINUTE)),
            "source_url": article.source_url,  # the original address; the seed's local path is never shown
            "authors": author_pages.article_authors(article),
            "section": article.section,
            "section_link": section_link,
        },
        "links": links,
        "entity_groups": [{"type": t, "title": TYPE_TITLES[t], "entities": grouped[t]}
                          for t in ENTITY_TYPES if grouped[t]],
        "search_filters": ([{"type": "section", "name": section_link["title"]}] if section_link else [])
        + filters_for(mentions, filter_min),
        "older": _neighbour(site, older),
        "newer": _neighbour(site, newer),
        "related": [article_summary(site.article(slug)) for slug in site.related.get(article.slug, ())],
        "jsonld": news_article_jsonld(article, mentions, identity, output),
    }
    return Page(output, "article.html", context, kind="article")


def article_group(site: Site, article: Article, identity: dict, filter_min: int, sections: dict) -> list[Page]:
    return [article_page(site, article, identity, filter_min, sections)]


def article_inputs(site: Site, article: Article, filter_min: int) -> tuple:
    """Everything an article page shows, besides config and templates: the article itself, its entities (and
    whether each is a search filter), its neighbours' titles, its related stories' cards."""
    mentions = tuple((m.entity.type, m.entity.slug, m.entity.name, m.mentions, m.surfaces,
                      len(m.entity.article_slugs) >= filter_min) for m in site.mentions.get(article.slug, ()))
    neighbours = tuple((slug, site.article(slug).title) if slug else None
                       for slug in site.chronology.get(article.slug, (None, None)))
    related = tuple(article_summary(site.article(slug)).fingerprint for slug in site.related.get(article.slug, ()))
    return article_fields(article), mentions, neighbours, related


def _neighbour(site: Site, slug: str | None) -> dict | None:
    if slug is None:
        return None
    article = site.article(slug)
    return {"title": article.title, "url": article_url(article)}


def news_article_jsonld(article: Article, mentions, identity: dict, output: str) -> dict:
    """schema.org NewsArticle whose `mentions` point at the entity pages."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "wordCount": article.words,
        "inLanguage": identity["language"],
        "url": article.source_url or public_url(identity, output, output),  # the canonical address
        "isPartOf": {"@type": "WebSite", "name": identity["title"]},
        "mentions": [{"@type": SCHEMA_TYPES[m.entity.type], "name": m.entity.name,
                      "url": public_url(identity, entity_url(m.entity), output)} for m in mentions],
    }
    if article.source_url:
        data["mainEntityOfPage"] = public_url(identity, output, output)
    if article.authors:
        data["author"] = [{"@type": "Person", "name": a["name"], "url": public_url(identity, a["url"], output)}
                          for a in author_pages.article_authors(article)]
    if article.section:
        data["articleSection"] = article.section
    if article.date:
        data["datePublished"] = article.date.isoformat()
    return data


def search_page(site: Site, identity: dict, config: Config) -> Page:
    """The search page: Pagefind over every shard of the article index (or a note that search is off)."""
    context = {
        "site": identity,
        "title": "Search",
        "enabled": config.search,
        "bundles": [f"pagefind/{name}/" for name in shard_names(a.date for a in site.articles)]
        if config.search else [],
    }
    return Page("search/index.html", "search.html", context, kind="search")
