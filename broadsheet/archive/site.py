"""Build the Site from articles: one entity per real-world entity, with its articles and companions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from ..core import slugs
from ..core.config import Config
from ..core.data import Article, Entity
from ..core.hashing import plain_digest
from ..core.diagnostics import Diagnostics
from . import kwic, model_record
from .authors import Author, collect_authors
from .companions import companions_of, update_companions
from .evidence import articles_words, reweigh_archive
from .found import found_in, vouched
from .model_record import ModelRecord, PageChanges, PageFacts
from .related import related_scored, update_related
from .resolve import Naming
from .resolve_record import ResolveRecord, resolve_kept, settings_digest
from .review import unknown_corrections

TYPE_DIRS = {"person": "people", "organization": "organizations", "place": "places", "group": "groups",
             "event": "events"}
TYPE_TITLES = {"person": "People", "organization": "Organizations", "place": "Places", "group": "Groups",
               "event": "Events"}


@dataclass(frozen=True)
class Mention:
    """An entity as one article mentions it: the archive entity plus the article's own surface forms."""

    entity: Entity
    mentions: int
    surfaces: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    articles: tuple[Article, ...]  # newest first, undated last
    entities: tuple[Entity, ...]  # by type, then name
    mentions: dict[str, tuple[Mention, ...]]  # article slug -> its entities, most mentioned first
    companions: dict[Entity, tuple[tuple[Entity, int], ...]]  # entity -> co-occurring entities with counts
    chronology: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # slug -> (older, newer)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> related article slugs
    authors: tuple[Author, ...] = ()  # A–Z
    surfaces: dict[str, dict[str, Entity]] = field(default_factory=dict)  # slug -> written form -> its entity
    # what differs from the model of the last build's record, its entities as Entity (None: not known)
    changes: PageChanges | None = None

    @cached_property
    def _by_slug(self) -> dict[str, Article]:
        return {a.slug: a for a in self.articles}

    @cached_property
    def _contexts(self) -> dict[str, dict[Entity, tuple[str, str, str]]]:
        return {}

    @cached_property
    def _mention_keys(self) -> dict[str, str]:
        return {}

    def article(self, slug: str) -> Article:
        """The article with this slug."""
        return self._by_slug[slug]

    def context(self, slug: str, entity: Entity) -> tuple[str, str, str] | None:
        """The sentence of the entity's first mention in the article (before, mention, after), or None. Found
        when first asked for, so only the pages being drawn pay for it (`mention_key` says when it changed)."""
        found = self._contexts.get(slug)
        if found is None:
            found = self._contexts[slug] = kwic.first_mentions(self.article(slug).plain, self.surfaces.get(slug, {}))
        return found.get(entity)

    def mention_key(self, slug: str) -> str:
        """A short hash of everything the article's mention sentences are found from (its text and the written
        forms of its entities): equal keys, equal `context`s."""
        key = self._mention_keys.get(slug)
        if key is None:
            forms = sorted((surface, entity.type, entity.slug) for surface, entity in self.surfaces.get(slug, {}).items())
            key = self._mention_keys[slug] = plain_digest((self.article(slug).plain, forms))
        return key


def article_url(article: Article) -> str:
    return f"articles/{article.slug}/index.html"


def entity_url(entity: Entity) -> str:
    return f"{TYPE_DIRS[entity.type]}/{entity.slug}/index.html"


def entity_folder(entity: Entity) -> str:
    """The folder of an entity's pages and feed, e.g. 'people/dmitry-peskov/'."""
    return f"{TYPE_DIRS[entity.type]}/{entity.slug}/"


def sort_key_newest(article: Article) -> tuple:
    """Newest first; undated articles after dated ones; ties by title then slug, for stable output."""
    return (article.date is None, -(article.date or dt.date.min).toordinal(), article.title.casefold(), article.slug)


def build_site(articles: list[Article], config: Config, diagnostics: Diagnostics, words: Counter | None = None,
               previous: ModelRecord | None = None, keep: dict | None = None,
               stamps: dict | None = None, before: dict | None = None,
               tallies: ResolveRecord | None = None) -> Site:
    """Resolve entities across the archive and index who appears where. `words`: the articles' word counts
    (`evidence.articles_words`), when kept between builds; else counted here. `previous`: the record of the
    last build's model (model_record), when kept: related stories and companions are then recomputed only
    where this model differs from it, and the Site says what differs (`changes`); `keep`, when given, gets
    this model's record as keep["record"]. `stamps`: each content file's (size, modification time), what
    the record tells a changed article by (an article without one counts as changed). `tallies`: the record of
    the last build's name tallies (resolve_record), with `before` (the parsed-articles cache as that build left
    it): the names are then resolved from the tallies changed by what changed; keep["tallies"] gets this build's
    record and keep["counted"] how much was counted."""
    unique = _unique_slugs(articles, diagnostics)
    if words is None:
        words = articles_words(unique)
    elif len(unique) < len(articles):  # an article whose slug another has is not in the archive
        kept = {id(a) for a in unique}
        words = words - articles_words(a for a in articles if id(a) not in kept)
    ordered = tuple(sorted(unique, key=sort_key_newest))
    edited = {a.slug for a in ordered if a.edited}
    named = config_names(config)

    def sure(refs_by_slug: dict, counts: Counter, mine: set[str]) -> dict:
        """The entities of each article sure enough to link, weighed with the archive's word `counts`."""
        weighed = reweigh_archive(refs_by_slug, counts, keep=mine)
        return {slug: confident(refs, config.min_entity_confidence, named) for slug, refs in weighed.items()}

    kept = sure({a.slug: a.entities for a in ordered}, words, edited)
    mapping, record, counted = resolve_kept(ordered, kept, Naming(config.aliases, config.types, config.ignore),
                                            settings_digest(config), words, sure, stamps or {}, before, tallies)
    if keep is not None:
        keep["tallies"], keep["counted"] = record, counted
    if config.types or config.aliases or config.ignore:
        unknown_corrections(config, {n for a in ordered for r in a.entities for n in (r.name, *r.aliases)},
                            diagnostics)
    kept = with_found(ordered, kept, vouched(record.second.written, record.second.written_sure, words,
                                              config.min_entity_confidence))
    per_article, members, surfaces, totals, names = _link_mentions(ordered, mapping, kept)
    slug_of = _entity_slugs(members)
    by_key = {}
    for key in members:
        name = max(names[key].items(), key=_most_mentioned)[0]
        by_key[key] = Entity(slug=slug_of[key], name=name, type=key[0], aliases=tuple(sorted(surfaces[key] - {name})),
                             article_slugs=tuple(members[key]), mentions=totals[key])
    places = {key: (entity.name.casefold(), entity.slug) for key, entity in by_key.items()}
    keys_az = sorted(by_key, key=lambda key: (key[0], *places[key]))
    entity_list = [by_key[key] for key in keys_az]
    mentions = {article.slug: _article_mentions(per_article[article.slug], by_key) for article in ordered}
    surfaces = {article.slug: _article_surfaces(per_article[article.slug], by_key) for article in ordered}
    times = chronology(ordered)
    facts = page_facts(ordered, mentions, times, by_key, stamps or {})
    passes: dict = {} if keep is None else keep
    related, companions = archive_passes({article.slug: tuple(per_article[article.slug]) for article in ordered},
                                         {key: tuple(slugs) for key, slugs in members.items()}, keys_az, places,
                                         previous, passes, facts)
    found = passes.get("changes")
    changes = None if found is None else replace(  # the pages speak of entities, not keys
        found, entities=frozenset(by_key[key] for key in found.entities),
        renamed=frozenset(by_key[key] for key in found.renamed),
        counts={by_key[key]: count for key, count in found.counts.items()})
    return Site(articles=ordered, entities=tuple(entity_list), mentions=mentions,
                companions={by_key[key]: tuple([(by_key[other], n) for other, n in found])
                            for key, found in companions.items()},
                chronology=times, related={slug: tuple([other for other, _ in found]) for slug, found in related.items()},
                authors=collect_authors(ordered), surfaces=surfaces, changes=changes)


def with_found(ordered: tuple[Article, ...], kept: dict[str, tuple], vouched_for: dict) -> dict[str, tuple]:
    """Each article's linked entities with those the archive vouches for that it writes but lacks (found.py);
    an article a person edited keeps its own."""
    if not vouched_for:
        return kept
    linked = dict(kept)
    for article in ordered:
        if not article.edited and not vouched_for.keys().isdisjoint(article.names):
            found = found_in(kept[article.slug], article.names, article.name_counts, vouched_for)
            if found:
                linked[article.slug] = kept[article.slug] + found
    return linked


def page_facts(ordered: tuple[Article, ...], mentions: dict[str, tuple[Mention, ...]], times: dict, by_key: dict,
               stamps: dict) -> PageFacts:
    """What the pages show of each article and entity, in short form, for the record (model_record.PageFacts)."""
    return PageFacts(
        stamps={a.slug: plain_digest((str(a.path), *stamps[a.path]), 8) if stamps.get(a.path) else "" for a in ordered},
        mentions={slug: plain_digest(tuple([(m.entity.type, m.entity.slug, m.mentions, m.surfaces) for m in found]), 8)
                  for slug, found in mentions.items()},
        neighbours=times,
        names={key: entity.name for key, entity in by_key.items()})


def archive_passes(article_keys: dict[str, tuple], members: dict[tuple, tuple[str, ...]], keys_az: list[tuple],
                   places: dict[tuple, tuple[str, str]], previous: ModelRecord | None = None,
                   keep: dict | None = None, facts: PageFacts | None = None) -> tuple[dict, dict]:
    """Related stories and companions, by keys, with their scores and counts: over the whole archive, or,
    given the record of the last build's model, only where this model differs from it.

    `article_keys`: each article's entity keys, the articles in the archive's order (newest first);
    `members`: each entity's articles; `keys_az`: the entities A–Z; `places`: each entity's casefolded name
    and slug. `keep["record"]`, when asked for, is the record of this model for the next build, with `facts`
    (the pages' facts of this model, model_record.PageFacts); given those and a previous record that kept
    its own, `keep["changes"]` says which articles and entities the pages show differently
    (model_record.PageChanges), or is None when that cannot be told."""
    order = {slug: i for i, slug in enumerate(article_keys)}
    position = {key: i for i, key in enumerate(keys_az)}
    if previous is None:
        related = related_scored(members, article_keys, order)
        companions = companions_of(article_keys, position)
    else:
        change = model_record.changes(previous, article_keys, members, places)
        related = update_related(previous.related, members, article_keys, order, change.changed, change.reweighed)
        companions = update_companions(previous.companions, members, article_keys, position, change.entities)
        if keep is not None and facts is not None:
            keep["changes"] = model_record.page_changes(previous, facts, change, related, companions, members)
    if keep is not None:
        keep["record"] = ModelRecord(places={key: places[key] for key in keys_az}, articles=article_keys,
                                     related=related, companions=companions, facts=facts)
    return related, companions


def confident(refs, threshold: float, named: frozenset[str] = frozenset()) -> tuple:
    """The entities of an article sure enough for a page and a link (the others stay in its front matter); a
    name config.yaml gives a type or aliases (`named`, casefolded) is sure whatever its confidence."""
    return tuple(ref for ref in refs if ref.confidence >= threshold or ref.name.casefold() in named)


def config_names(config: Config) -> frozenset[str]:
    """The names config.yaml's `types:` and `aliases:` speak about, casefolded."""
    names = {str(name) for name in config.types}
    for name, others in config.aliases.items():
        names |= {str(name), *(str(o) for o in (others or ()))}
    return frozenset(name.casefold() for name in names)


def _most_mentioned(item: tuple[str, int]) -> tuple[int, str]:
    return item[1], item[0]


def _article_mentions(refs: dict, by_key: dict) -> tuple[Mention, ...]:
    """An article's entities, most mentioned first."""
    return tuple(Mention(by_key[key], count, tuple(sorted(seen)))
                 for key, (count, seen) in sorted(refs.items(), key=lambda kv: -kv[1][0]))


def _article_surfaces(refs: dict, by_key: dict) -> dict[str, Entity]:
    """The forms an article writes its entities in, each to the entity it stands for (a form two entities share
    goes to the one whose forms are tried first: longer forms first, in the order of the article's entities)."""
    surfaces = {}
    for key, (_, seen) in refs.items():
        for surface in sorted((by_key[key].name, *seen), key=len, reverse=True):
            surfaces.setdefault(surface, by_key[key])
    return surfaces


def chronology(ordered: tuple[Article, ...]) -> dict[str, tuple[str | None, str | None]]:
    """Each article's chronological neighbours (older, newer); undated articles follow the dated ones."""
    oldest_first = [a for a in reversed(ordered) if a.date] + [a for a in ordered if not a.date]
    slugs_in_order = [a.slug for a in oldest_first]
    return {slug: (slugs_in_order[i - 1] if i else None,
                   slugs_in_order[i + 1] if i + 1 < len(slugs_in_order) else None)
            for i, slug in enumerate(slugs_in_order)}


def _unique_slugs(articles: list[Article], diagnostics: Diagnostics) -> list[Article]:
    """Keep the first article of each slug (by content file name) and warn about the rest."""
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: str(a.path)):
        if article.slug in seen:
            diagnostics.warn("W150", f"slug '{article.slug}' is already used by {seen[article.slug].path}; "
                             "give this article another slug; skipped", article.path)
            continue
        seen[article.slug] = article
    return list(seen.values())


def _link_mentions(ordered, mapping, kept):
    """Each article's linked entities by archive key ((type, identity) -> [mentions, written forms]), each key's
    articles (newest first), written forms, mentions and names with their mentions. Runs over every article's
    every entity on each build: plain dicts, and each archive name's key made once."""
    per_article: dict[str, dict[tuple[str, str], list]] = {}
    members: dict[tuple[str, str], list[str]] = {}
    surfaces: dict[tuple[str, str], set[str]] = {}
    totals: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], dict[str, int]] = {}
    key_of: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}  # the mapping's (name, type) -> (key, name)
    for article in ordered:
        refs: dict[tuple[str, str], list] = {}
        for ref in kept[article.slug]:
            found = key_of.get((ref.name, ref.type))
            if found is None:
                target = mapping.get((ref.name, ref.type))
                if target is None:
                    continue
                found = key_of[(ref.name, ref.type)] = ((target[1], _identity(target[0])), target[0])
            key, name = found
            spelled = names.get(key)
            if spelled is None:
                spelled = names[key] = {}
            spelled[name] = spelled.get(name, 0) + ref.mentions
            entry = refs.get(key)
            if entry is None:
                entry = refs[key] = [0, set()]
            entry[0] += ref.mentions
            entry[1].add(ref.name)
            entry[1].update(ref.aliases)
        slug = article.slug
        for key, (count, seen) in refs.items():
            if key in members:
                members[key].append(slug)
                surfaces[key].update(seen)
                totals[key] += count
            else:
                members[key], surfaces[key], totals[key] = [slug], set(seen), count
        per_article[slug] = {k: (v[0], v[1]) for k, v in refs.items()}
    return per_article, members, surfaces, totals, names


@lru_cache(maxsize=None)
def _identity(name: str) -> str:
    return slugs.entity_identity(name)


def _entity_slugs(keys) -> dict[tuple[str, str], str]:
    """Each entity's slug, made from its (type, identity) key alone (see slugs.entity_slug). Should two
    identities of one type still meet on a slug (two hashes alike in 8 digits), the later one in sorted
    order gets a longer hash."""
    slug_of = {key: slugs.entity_slug(key[1]) for key in keys}
    owner: dict[tuple[str, str], tuple[str, str]] = {}
    for key in sorted(slug_of):
        place = (key[0], slug_of[key])
        if place in owner:
            slug_of[key] = f"{slug_of[key]}-{slugs.short_hash(key[1], 16)}"
        owner.setdefault((key[0], slug_of[key]), key)
    return slug_of
