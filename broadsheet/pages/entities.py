"""Entity pages (profile, timeline, companions, articles with the mention in context) and A–Z indexes."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from urllib.parse import urlencode

from ..archive.site import TYPE_DIRS, TYPE_TITLES, Site, entity_folder, entity_url
from ..core.config import ENTITY_TYPES, Config
from ..core.data import Entity, Page, PageGroup
from ..core.hashing import digest
from . import feeds, timeline
from .items import article_summary, body_digest, day_name
from .paginate import paginate_forward, paginate_newest
from .reach import entity_group_id
from .search import FILTER_TYPES

TOP_ON_INDEX = 50
OTHER = "other"


def plan_entities(site: Site, identity: dict, config: Config) -> tuple[list[PageGroup], list[Page]]:
    """A page group per entity (its pages and feed), and each type's index split by initial letter."""
    site_key = digest(identity)
    groups = [PageGroup(entity_group_id(entity), partial(entity_inputs, site, entity, config.feed_content == "full"),
                        partial(entity_group, site, entity, identity, config), ("entity.html", "feed.xml"),
                        site_key=site_key)
              for entity in site.entities]
    return groups, type_index_pages(site, identity, config.index_page_size)


def entity_inputs(site: Site, entity: Entity, full: bool = False) -> tuple:
    """Everything an entity's pages and feed show, besides config and templates: the entity, the card of each
    of its articles and what its mention sentence is found from (and its text, when the feed carries it:
    `full`), its companions."""
    articles = tuple((article_summary(site.article(slug)).fingerprint, site.mention_key(slug),
                      body_digest(site.article(slug)) if full else "")
                     for slug in entity.article_slugs)
    companions = tuple((other.type, other.slug, other.name, count) for other, count in site.companions.get(entity, ()))
    return entity.type, entity.slug, entity.name, entity.aliases, entity.mentions, articles, companions


def entity_group(site: Site, entity: Entity, identity: dict, config: Config) -> list[Page]:
    """An entity's pages and its feed."""
    return entity_pages(site, entity, identity, config) + [
        feeds.entity_feed(site, entity, identity, config.page_size)]


def entity_header(entity: Entity) -> dict:
    """What every page of an entity shows at its top."""
    return {
        "name": entity.name,
        "type": entity.type,
        "type_title": TYPE_TITLES[entity.type],
        "type_url": f"{TYPE_DIRS[entity.type]}/index.html",
        "url": entity_url(entity),
        "feed": entity_folder(entity) + "feed.xml",
    }


def entity_pages(site: Site, entity: Entity, identity: dict, config: Config) -> list[Page]:
    """The entity's landing page (full profile, newest articles) and its numbered pages of older articles."""
    articles = [site.article(slug) for slug in entity.article_slugs]
    items = [article_summary(a).with_(kwic_of=(a.slug, site.mention_key(a.slug))) for a in articles]
    with_kwic = partial(_with_kwic, site, entity)  # the sentences are looked for only in the pages drawn
    pages = []
    for part in paginate_newest(items, config.page_size, entity_folder(entity)):
        context = {"site": identity, "title": entity.name, "entity": entity_header(entity),
                   "articles": part.items, "nav": part.nav, "page_number": part.number}
        if part.number is None:
            context["profile"] = entity_profile(site, entity, articles)
            context["profile"]["search"] = search_link(entity, config.search_filter_min_articles) if config.search else None
        else:
            context["title"] = f"{entity.name}, page {part.number}"
        pages.append(Page(part.output, "entity.html", context, kind="entity", complete=with_kwic))
    return pages


def _with_kwic(site: Site, entity: Entity, context: dict) -> dict:
    """An entity page's context with the sentence of each article's first mention of the entity."""
    return {**context, "articles": [card.with_(kwic=_kwic(site.context(card.kwic_of[0], entity)))
                                    for card in context["articles"]]}


def search_link(entity: Entity, min_articles: int) -> str | None:
    """The search page with this entity's filter chosen, when the entity is a search filter."""
    if entity.type not in FILTER_TYPES or len(entity.article_slugs) < min_articles:
        return None
    return "search/index.html?" + urlencode({entity.type: entity.name})


def _kwic(context: tuple[str, str, str] | None) -> dict | None:
    return {"before": context[0], "match": context[1], "after": context[2]} if context else None


def entity_profile(site: Site, entity: Entity, articles: list) -> dict:
    """Counts, first and last seen, monthly timeline, companions and aliases."""
    dates = sorted(a.date for a in articles if a.date)
    return {
        "article_count": len(articles),
        "mentions": entity.mentions,
        "aliases": list(entity.aliases),
        "first_seen": _day(dates[0]) if dates else None,
        "last_seen": _day(dates[-1]) if dates else None,
        "timeline": timeline.chart(dates),
        "companions": [{"name": other.name, "url": entity_url(other), "type": other.type, "count": count}
                       for other, count in site.companions.get(entity, ())],
    }


def _day(date) -> dict:
    return {"iso": date.isoformat(), "human": day_name(date)}


def initial(entity: Entity) -> str:
    """The index letter of an entity: the first letter of its ASCII slug, or 'other'."""
    first = entity.slug[:1]
    return first if "a" <= first <= "z" else OTHER


def letter_label(letter: str) -> str:
    return "0–9 & other" if letter == OTHER else letter.upper()


def type_index_pages(site: Site, identity: dict, size: int) -> list[Page]:
    """Per type: an overview (letters with counts, the most mentioned) and paginated A–Z letter pages."""
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for entity in site.entities:
        by_type[entity.type].append(entity)
    pages = []
    for kind in ENTITY_TYPES:
        folder = TYPE_DIRS[kind]
        by_letter: dict[str, list[Entity]] = defaultdict(list)
        for entity in by_type[kind]:
            by_letter[initial(entity)].append(entity)
        letters = [{"letter": letter, "label": letter_label(letter), "count": len(by_letter[letter]),
                    "url": f"{folder}/by-letter/{letter}/index.html"} for letter in sorted(by_letter)]
        nav_letters = [{k: item[k] for k in ("letter", "label", "url")} for item in letters]  # no counts: stable
        top = sorted(by_type[kind], key=lambda e: (-len(e.article_slugs), e.name.casefold()))[:TOP_ON_INDEX]
        overview = {"site": identity, "title": TYPE_TITLES[kind], "type": kind, "count": len(by_type[kind]),
                    "letters": letters, "top": [_link(e) for e in top]}
        pages.append(Page(f"{folder}/index.html", "entity_index.html", overview, kind="entity_index"))
        for letter in sorted(by_letter):
            base = f"{folder}/by-letter/{letter}/"
            for part in paginate_forward([_link(e) for e in by_letter[letter]], size, base):
                title = f"{TYPE_TITLES[kind]}: {letter_label(letter)}"
                context = {"site": identity, "title": title if part.number == 1 else f"{title}, page {part.number}",
                           "type": kind, "type_title": TYPE_TITLES[kind], "type_url": f"{folder}/index.html",
                           "letters": nav_letters, "letter": letter, "entities": part.items, "nav": part.nav}
                pages.append(Page(part.output, "entity_letter.html", context, kind="entity_index"))
    return pages


def _link(entity: Entity) -> dict:
    return {"name": entity.name, "url": entity_url(entity), "type": entity.type, "count": len(entity.article_slugs)}
