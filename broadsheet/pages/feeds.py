"""Atom feeds (the archive, and one per entity), sitemap.xml, robots.txt and 404.html.

Feeds are Jinja templates rendered through the same incremental machinery as every page (autoescaped,
so titles with & or < stay well-formed XML). A feed library such as feedgen would add lxml and stamp
build times into its output; here `updated` is the newest article's date, so output is deterministic.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from ..archive.site import Site, article_url, entity_folder, entity_url
from ..core.data import Page
from .items import article_summary

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the protocol's limit
EPOCH = "1970-01-01"


def plan_feeds(site: Site, identity: dict, size: int, sitemap_limit: int = SITEMAP_LIMIT) -> list[Page]:
    """The archive feed, the sitemap(s), robots.txt and the 404 page (entity feeds: entity_feed)."""
    pages = [feed_page(identity, "feed.xml", identity["title"], "index.html", list(site.articles[:size * 3]))]
    pages += sitemap_pages(site, identity, sitemap_limit)
    sitemap = identity["base_url"] + "sitemap.xml" if identity["base_url"] else None
    pages.append(Page("robots.txt", "robots.txt", {"site": identity, "sitemap": sitemap}, kind="robots"))
    pages.append(Page("404.html", "404.html", {"site": identity, "title": "Page not found",
                                               "base_path": urlsplit(identity["base_url"]).path or "/"}, kind="404"))
    return pages


def entity_feed(site: Site, entity, identity: dict, size: int) -> Page:
    """An entity's feed: its newest articles."""
    newest = [site.article(slug) for slug in entity.article_slugs[:size]]
    return feed_page(identity, entity_folder(entity) + "feed.xml", f"{entity.name} · {identity['title']}",
                     entity_url(entity), newest)


def feed_id(identity: dict, output: str) -> str:
    """A permanent id: the absolute URL when base_url is set, else a name-based UUID."""
    if identity["base_url"]:
        return identity["base_url"] + output
    return uuid.uuid5(uuid.NAMESPACE_URL, "broadsheet:" + output).urn


def feed_page(identity: dict, output: str, title: str, alternate: str, articles: list) -> Page:
    """One Atom feed of dated articles, newest first; `updated` is the newest article's date."""
    dated = [a for a in articles if a.date]
    full = identity.get("feed_content") == "full"
    entries = [article_summary(a).with_(id=feed_id(identity, article_url(a)), body=a.body_md if full else None)
               for a in dated]
    context = {
        "site": identity,
        "title": title,
        "id": feed_id(identity, output),
        "feed_url": output,
        "alternate": alternate,
        "updated": dated[0].date.isoformat() if dated else EPOCH,
        "entries": entries,
    }
    return Page(output, "feed.xml", context, kind="feed")


def sitemap_pages(site: Site, identity: dict, limit: int) -> list[Page]:
    """sitemap.xml (a sitemap index when the site outgrows one file); skipped without base_url."""
    if not identity["base_url"]:
        return []
    urls = [{"loc": "index.html", "lastmod": _newest(site.articles)}, {"loc": "archive/index.html", "lastmod": None}]
    urls += [{"loc": article_url(a), "lastmod": a.date.isoformat() if a.date else None} for a in site.articles]
    urls += [{"loc": entity_url(e), "lastmod": _newest([site.article(e.article_slugs[0])])} for e in site.entities]
    if len(urls) <= limit:
        return [Page("sitemap.xml", "sitemap.xml", {"site": identity, "urls": urls}, kind="sitemap")]
    chunks = [urls[i: i + limit] for i in range(0, len(urls), limit)]
    pages = [Page(f"sitemaps/sitemap-{n}.xml", "sitemap.xml", {"site": identity, "urls": chunk}, kind="sitemap")
             for n, chunk in enumerate(chunks, 1)]
    index = [{"loc": page.output} for page in pages]
    return [Page("sitemap.xml", "sitemap_index.xml", {"site": identity, "sitemaps": index}, kind="sitemap"), *pages]


def _newest(articles) -> str | None:
    dated = [a.date for a in articles if a.date]
    return max(dated).isoformat() if dated else None
