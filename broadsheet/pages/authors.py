"""Author pages: each author's articles (newest first, paginated) and feed, and the A–Z list of authors."""

from __future__ import annotations

from functools import partial

from ..archive.authors import AUTHORS_DIR, Author, author_folder, author_slug
from ..archive.site import Site
from ..core.config import Config
from ..core.data import Article, Page, PageGroup
from ..core.hashing import digest
from . import feeds
from .items import article_summary, body_digest
from .paginate import paginate_forward, paginate_newest
from .reach import author_group_id

TITLE = "Authors"


def plan_authors(site: Site, identity: dict, config: Config) -> tuple[list[PageGroup], list[Page]]:
    """A page group per author (their pages and feed), and the list of authors (none when no article has one)."""
    site_key = digest(identity)
    groups = [PageGroup(author_group_id(author.slug), partial(author_inputs, site, author, config.feed_content == "full"),
                        partial(author_group, site, author, identity, config), ("author.html", "feed.xml"),
                        kind="author", site_key=site_key)
              for author in site.authors]
    return groups, index_pages(site, identity, config.index_page_size)


def author_inputs(site: Site, author: Author, full: bool = False) -> tuple:
    """Everything an author's pages and feed show, besides config and templates (the articles' text only when
    the feed carries it: `full`)."""
    return author.slug, author.name, tuple((article_summary(site.article(slug)).fingerprint,
                                            body_digest(site.article(slug)) if full else "")
                                           for slug in author.article_slugs)


def author_group(site: Site, author: Author, identity: dict, config: Config) -> list[Page]:
    """An author's landing page (newest articles), numbered pages of older ones, and their feed."""
    folder = author_folder(author.slug)
    articles = [site.article(slug) for slug in author.article_slugs]
    header = {"name": author.name, "url": folder + "index.html", "feed": folder + "feed.xml", "count": len(articles),
              "index": f"{AUTHORS_DIR}/index.html"}
    pages = []
    for part in paginate_newest([article_summary(a) for a in articles], config.page_size, folder):
        title = author.name if part.number is None else f"{author.name}, page {part.number}"
        pages.append(Page(part.output, "author.html", {"site": identity, "title": title, "author": header,
                                                       "articles": part.items, "nav": part.nav,
                                                       "page_number": part.number}, kind="author"))
    pages.append(feeds.feed_page(identity, folder + "feed.xml", f"{author.name} · {identity['title']}",
                                 folder + "index.html", articles[: config.page_size]))
    return pages


def index_pages(site: Site, identity: dict, size: int) -> list[Page]:
    """authors/index.html and its further pages: every author A–Z with their number of articles."""
    if not site.authors:
        return []
    links = [{"name": a.name, "url": author_folder(a.slug) + "index.html", "type": "author",
              "count": len(a.article_slugs)} for a in site.authors]
    pages = []
    for part in paginate_forward(links, size, f"{AUTHORS_DIR}/"):
        title = TITLE if part.number == 1 else f"{TITLE}, page {part.number}"
        pages.append(Page(part.output, "authors.html", {"site": identity, "title": title, "count": len(links),
                                                        "authors": part.items, "nav": part.nav}, kind="author_index"))
    return pages


def article_authors(article: Article) -> list[dict]:
    """An article's authors as links to their pages."""
    return [{"name": name, "url": author_folder(author_slug(name)) + "index.html"} for name in article.authors]
