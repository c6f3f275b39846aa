"""Sections (business, sport …): a paginated page and a feed each, newest first, and their place in the navigation.

An article's section is its content file's `section` (from the seed's format, its front matter, or the first
sub-folder of seeds/ it was in). `sections:` in config.yaml titles them and orders the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..archive.site import Site
from ..core import slugs
from ..core.data import Article, Page
from . import feeds
from .items import article_summary
from .paginate import paginate_newest

SECTIONS_DIR = "sections"
MAX_NAV = 8  # sections shown in the navigation: the configured ones first, then the biggest


@dataclass(frozen=True)
class Section:
    """One section: its slug (folder under sections/), its title, and its articles newest first."""

    slug: str
    title: str
    articles: tuple[Article, ...]

    @property
    def folder(self) -> str:
        return f"{SECTIONS_DIR}/{self.slug}/"


def section_slug(name: str) -> str:
    """The folder a section's pages go in: 'Business news' -> 'business-news'."""
    return slugs.slugify(name, fallback="section-" + slugs.short_hash(name))


def section_title(name: str, configured: dict[str, str]) -> str:
    """The title config gives a section, else its name as written ('local-news' -> 'Local news')."""
    title = configured.get(section_slug(name))
    if title:
        return title
    words = " ".join(name.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words.islower() else words


def collect_sections(site: Site, configured: dict) -> list[Section]:
    """Every section with an article: the configured ones in config order, then the rest A–Z."""
    titles = {section_slug(str(key)): " ".join(str(value).split()) for key, value in configured.items()}
    members: dict[str, list[Article]] = {}
    names: dict[str, str] = {}
    for article in site.articles:  # newest first
        if article.section:
            slug = section_slug(article.section)
            members.setdefault(slug, []).append(article)
            names.setdefault(slug, article.section)
    order = list(titles)
    rank = {slug: i for i, slug in enumerate(order)}
    found = [Section(slug, section_title(names[slug], titles), tuple(members[slug])) for slug in members]
    return sorted(found, key=lambda s: (rank.get(s.slug, len(order)), s.title.casefold(), s.slug))


def nav_sections(sections: list[Section], configured: dict) -> list[dict]:
    """The sections the navigation links to: the configured ones, then the biggest, at most MAX_NAV."""
    chosen = {section_slug(str(key)) for key in configured}
    ranked = [s for s in sections if s.slug in chosen]
    ranked += sorted((s for s in sections if s.slug not in chosen), key=lambda s: -len(s.articles))
    shown = {s.slug for s in ranked[:MAX_NAV]}
    return [{"title": s.title, "url": s.folder + "index.html"} for s in sections if s.slug in shown]


def section_link(article: Article, configured: dict) -> dict | None:
    """An article's section as a link to its page, or None."""
    if not article.section:
        return None
    titles = {section_slug(str(key)): " ".join(str(value).split()) for key, value in configured.items()}
    slug = section_slug(article.section)
    return {"title": section_title(article.section, titles), "url": f"{SECTIONS_DIR}/{slug}/index.html"}


def plan_sections(sections: list[Section], identity: dict, size: int) -> list[Page]:
    """Each section's landing page (newest articles), numbered pages of older ones, and its feed."""
    pages = []
    for section in sections:
        header = {"title": section.title, "url": section.folder + "index.html", "feed": section.folder + "feed.xml",
                  "count": len(section.articles)}
        for part in paginate_newest([article_summary(a) for a in section.articles], size, section.folder):
            title = section.title if part.number is None else f"{section.title}, page {part.number}"
            pages.append(Page(part.output, "section.html", {"site": identity, "title": title, "section": header,
                                                            "articles": part.items, "nav": part.nav,
                                                            "page_number": part.number}, kind="section"))
        pages.append(feeds.feed_page(identity, section.folder + "feed.xml", f"{section.title} · {identity['title']}",
                                     section.folder + "index.html", list(section.articles[:size])))
    return pages
