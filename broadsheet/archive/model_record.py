"""The record of the site model kept between builds, so the next build recomputes only what a change reaches.

Related stories and companions are the two passes over the whole archive. The record keeps what they found
and what they were found from: each article's entity keys (in the archive's order) and related stories with
their scores, and each entity's place A–Z (its casefolded name and slug) and companions with their counts.
`changes` compares it with the model of this build: which articles are new, have other entities or moved in
the order, which hold an entity whose related-stories weight changed, and which entities' companions may
differ. The record describes the model it was made from and nothing else, so it holds however the build
that wrote it ended; `decode` checks every entry, and a record that does not fit is not used (the passes run
over the whole archive and a new record is written).
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from .companions import COMPANION_LIMIT, Companions
from .related import RELATED_LIMIT, WEIGHT_SCALE, Scored, weight_bucket

Key = tuple[str, str]  # an entity: (type, identity)

CACHE_NAME = "model"
_RULES = hashlib.sha256(b"".join((Path(__file__).parent / name).read_bytes()
                                 for name in ("related.py", "companions.py", "model_record.py"))).hexdigest()[:16]
SCHEMA = (f"site model 3: related {RELATED_LIMIT} weighed {WEIGHT_SCALE} // floor(2 log2 df); "
          f"companions {COMPANION_LIMIT}; rules {_RULES}")  # a change of how either pass ranks: found again


@dataclass(frozen=True)
class PageFacts:
    """What the pages show of each article and entity besides its entity keys, related stories and companions,
    in short form: enough to tell, against the record of the last build, which of them may show something else
    (`page_changes`)."""

    stamps: dict[str, str]  # article -> a digest of the content file it was read from: its path, size and time
    # ("": not known, so always changed)
    mentions: dict[str, str]  # article -> a digest of its entities, in its order, with counts and written forms
    neighbours: dict[str, tuple[str | None, str | None]]  # article -> its chronological neighbours (older, newer)
    names: dict[Key, str]  # entity -> the name its pages show
    # (its aliases and mentions follow from its articles' mentions and its name: what changes them is seen there)


@dataclass(frozen=True)
class ModelRecord:
    places: dict[Key, tuple[str, str]]  # entity -> (casefolded name, slug), A–Z
    articles: dict[str, tuple[Key, ...]]  # article slug -> its entity keys, in the archive's order
    related: dict[str, Scored]  # article slug -> its related stories with their scores
    companions: dict[Key, Companions]  # entity -> its companions with their counts
    facts: PageFacts | None = None  # kept by a build, for the page groups (None: a record of the passes alone)
    generation: str = field(default="", compare=False)  # set when kept: the build state names the one it matches


@dataclass(frozen=True)
class PageChanges:
    """What the pages may show differently from the model of the record: found by `page_changes`. Entities are
    named by their keys here; the Site's copy (`Site.changes`) names them by their Entity."""

    articles: frozenset[str]  # articles whose own facts changed: content, entities, neighbours, related stories
    content: frozenset[str]  # ... of them, those whose content file changed or is new: their cards and text
    mentions: frozenset[str]  # ... those whose entities, their counts or written forms changed
    entities: frozenset[Key]  # entities whose own facts changed: name, articles, companions (their aliases and
    # mentions change only with an article's mentions: `mentions`)
    renamed: frozenset[Key]  # ... of them, those whose name changed (their articles' pages show it)
    counts: dict[Key, int]  # entities whose number of articles changed: the number before (0: new)


@dataclass(frozen=True)
class Changes:
    changed: set[str]  # articles new, with other entity keys, or moved in the order among the others
    reweighed: set[str]  # articles holding an entity whose weight bucket changed
    entities: set[Key]  # entities whose companions may differ


def changes(previous: ModelRecord, article_keys: dict[str, tuple[Key, ...]], members: dict[Key, tuple[str, ...]],
            places: dict[Key, tuple[str, str]]) -> Changes:
    """What differs between the model the record was made from and this one (`article_keys` in the archive's
    order, `members`: each entity's articles, `places`: each entity's casefolded name and slug)."""
    before = previous.articles
    keyed = set()
    for slug, keys in article_keys.items():
        old = before.get(slug)
        if old is None or (old != keys and set(old) != set(keys)):
            keyed.add(slug)
    gone = [slug for slug in before if slug not in article_keys]
    moved = _moved([slug for slug in article_keys if slug not in keyed], before)
    entities: set[Key] = set()
    for slug in (*keyed, *gone):
        entities.update(before.get(slug, ()))
        entities.update(article_keys.get(slug, ()))
    old_places = previous.places
    for key, place in places.items():
        if key in old_places and old_places[key] != place:  # its A–Z place among the others may differ
            entities.add(key)
            for slug in members[key]:
                entities.update(article_keys[slug])
    old_df = Counter(chain.from_iterable(before.values()))
    reweighed: set[str] = set()
    for key, slugs in members.items():
        df = len(slugs)
        if df != old_df[key] and weight_bucket(df) != weight_bucket(old_df[key]):
            reweighed.update(slugs)
    changed = keyed | moved
    return Changes(changed=changed, reweighed=reweighed - changed, entities=entities)


def page_changes(previous: ModelRecord, facts: PageFacts, change: Changes, related: dict[str, Scored],
                 companions: dict[Key, Companions], members: dict[Key, tuple[str, ...]]) -> PageChanges | None:
    """Which articles and entities show something else than in the model of `previous` (None when that record
    kept no facts: everything may have changed). `change` is `changes(previous, …)`; `related`, `companions`
    and `members` those of this model. Articles and entities that are gone are not named (their pages go)."""
    before = previous.facts
    if before is None:
        return None
    content = {slug for slug, stamp in facts.stamps.items() if not stamp or before.stamps.get(slug) != stamp}
    mentions = {slug for slug, digest in facts.mentions.items() if before.mentions.get(slug) != digest}
    articles = content | mentions
    for slug, neighbours in facts.neighbours.items():
        if before.neighbours.get(slug) != neighbours or previous.related.get(slug) != related.get(slug):
            articles.add(slug)
    entities = {key for key in change.entities if key in members}
    renamed = set()
    for key, name in facts.names.items():
        if before.names.get(key) != name:
            renamed.add(key)
            entities.add(key)
        elif previous.companions.get(key) != companions.get(key):
            entities.add(key)
    old_df = Counter(chain.from_iterable(previous.articles.values())) if entities else Counter()
    counts = {key: old_df[key] for key in entities if old_df[key] != len(members[key])}
    return PageChanges(articles=frozenset(articles), content=frozenset(content), mentions=frozenset(mentions),
                       entities=frozenset(entities),
                       renamed=frozenset(renamed), counts=counts)


def _moved(survivors: list[str], before: dict[str, Any]) -> set[str]:
    """The fewest of `survivors` (in this build's order) whose removal leaves the rest in the record's order:
    all but a longest increasing run of their places in the record."""
    index = {slug: i for i, slug in enumerate(before)}
    places = [index[slug] for slug in survivors if slug in index]
    if all(a < b for a, b in zip(places, places[1:])):
        return set()
    tails: list[int] = []  # tails[k]: the smallest last place of an increasing run of length k + 1
    tail_at: list[int] = []  # ... and where in `places` it is
    parent = [-1] * len(places)
    for at, place in enumerate(places):
        k = bisect.bisect_left(tails, place)
        parent[at] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(place)
            tail_at.append(at)
        else:
            tails[k], tail_at[k] = place, at
    keep = set()
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        keep.add(at)
        at = parent[at]
    named = [slug for slug in survivors if slug in index]
    return {slug for at, slug in enumerate(named) if at not in keep}


# --- kept between builds: plain JSON, every entry checked -------------------------------------------------
#
# Column by column, so that a record of a hundred thousand entities is checked by a few passes over long lists
# of one type: "entities" (A–Z) as four lists of strings (type, identity, casefolded name, slug); "articles"
# (in the archive's order) as a list of slugs; and three ranked lists per item, each kept as one flat list of
# numbers and where each item's part ends: an article's entities [entity, …], its related stories
# [article, score, …], an entity's companions [entity, count, …], each named by its index. The page facts
# (`with_facts`), one entry per article and per entity in the same orders: an article's content stamp and
# mentions digest (strings) and neighbours (indexes, -1 for none), an entity's name.

COLUMNS = ("types", "identities", "names", "slugs", "articles", "keys", "keys_ends", "related", "related_ends",
           "companions", "companions_ends", "generation", "with_facts", "stamps", "mention_digests", "older", "newer",
           "titles")


def encode(record: ModelRecord) -> dict:
    """The record as plain data (see COLUMNS)."""
    entity_index = {key: i for i, key in enumerate(record.places)}
    article_index = {slug: i for i, slug in enumerate(record.articles)}
    keys, keys_ends, related, related_ends, companions, companions_ends = [], [], [], [], [], []
    for slug, found in record.articles.items():
        keys += map(entity_index.__getitem__, found)
        keys_ends.append(len(keys))
        for other, score in record.related.get(slug, ()):
            related += (article_index[other], score)
        related_ends.append(len(related))
    for key in record.places:
        for other, count in record.companions.get(key, ()):
            companions += (entity_index[other], count)
        companions_ends.append(len(companions))
    facts = record.facts
    at = article_index.get
    return {"types": [key[0] for key in record.places], "identities": [key[1] for key in record.places],
            "names": [place[0] for place in record.places.values()],
            "slugs": [place[1] for place in record.places.values()], "articles": list(record.articles),
            "keys": keys, "keys_ends": keys_ends, "related": related, "related_ends": related_ends,
            "companions": companions, "companions_ends": companions_ends, "generation": record.generation,
            "with_facts": facts is not None,
            "stamps": [facts.stamps[slug] for slug in record.articles] if facts else [],
            "mention_digests": [facts.mentions[slug] for slug in record.articles] if facts else [],
            "older": [at(facts.neighbours[slug][0], -1) for slug in record.articles] if facts else [],
            "newer": [at(facts.neighbours[slug][1], -1) for slug in record.articles] if facts else [],
            "titles": [facts.names[key] for key in record.places] if facts else []}


def decode(name: str, value: Any) -> ModelRecord:
    """A ModelRecord from its plain data, checking every part; ValueError or TypeError when one does not fit."""
    if name != CACHE_NAME or not isinstance(value, dict) or set(value) != set(COLUMNS):
        raise ValueError(f"entry {name[:80]!r}")
    columns = [value[column] for column in COLUMNS if column not in ("generation", "with_facts")]
    if not all(isinstance(column, list) for column in columns):
        raise TypeError("a column that is not a list")
    types, identities, names, slugs, article_slugs = columns[:5]
    if not (len(types) == len(identities) == len(names) == len(slugs)
            and all(set(map(type, column)) <= _STR for column in columns[:5])):
        raise ValueError("entities or articles")
    keys: list[Key] = list(zip(types, identities))
    places = dict(zip(keys, zip(names, slugs)))
    articles_at = dict.fromkeys(article_slugs)
    if len(places) != len(keys) or len(articles_at) != len(article_slugs):
        raise ValueError("an entity or an article twice")
    at_keys = _parts(value["keys"], value["keys_ends"], len(article_slugs), len(keys), 1, None)
    if len(set(value["keys"])) != len(keys):
        raise ValueError("an entity in no article")
    articles = {slug: tuple(map(keys.__getitem__, part)) for slug, part in zip(article_slugs, at_keys)}
    if any(len(set(found)) != len(found) for found in articles.values()):
        raise ValueError("an entity twice in an article")
    related = {slug: _ranked(part, article_slugs, i)
               for i, (slug, part) in enumerate(zip(article_slugs, _parts(value["related"], value["related_ends"], len(article_slugs),
                                                           len(article_slugs), 2, RELATED_LIMIT)))}
    companions = {key: _ranked(part, keys, i)
                  for i, (key, part) in enumerate(zip(keys, _parts(value["companions"], value["companions_ends"],
                                                                   len(keys), len(keys), 2, COMPANION_LIMIT)))}
    generation, with_facts = value["generation"], value["with_facts"]
    if not isinstance(generation, str) or not isinstance(with_facts, bool):
        raise TypeError("generation or with_facts")
    facts = _facts(value, article_slugs, keys) if with_facts else None
    return ModelRecord(places=places, articles=articles, related=related, companions=companions, facts=facts,
                       generation=generation)


def _facts(value: dict, article_slugs: list[str], keys: list[Key]) -> PageFacts:
    """The page facts of a record, checked: one of each per article and per entity, of the right types."""
    stamps, mentions, older, newer, titles = (value[column] for column in (
        "stamps", "mention_digests", "older", "newer", "titles"))
    if not (len(stamps) == len(mentions) == len(older) == len(newer) == len(article_slugs)
            and len(titles) == len(keys)
            and all(set(map(type, column)) <= _STR for column in (stamps, mentions, titles))
            and all(set(map(type, column)) <= _INT and _within([i for i in column if i != -1], len(article_slugs))
                    for column in (older, newer))):
        raise ValueError("page facts")
    named = [*article_slugs, None]  # -1: none
    return PageFacts(stamps=dict(zip(article_slugs, stamps)), mentions=dict(zip(article_slugs, mentions)),
                     neighbours={slug: (named[o], named[n]) for slug, o, n in zip(article_slugs, older, newer)},
                     names=dict(zip(keys, titles)))


_STR, _INT = {str}, {int}


def _parts(flat: list, ends: list, count: int, size: int, width: int, limit: int | None) -> list[list]:
    """`flat` cut at `ends` into `count` parts of whole rows of `width` numbers, checked: the first number of a
    row an index below `size`, any other a positive number; at most `limit` rows a part."""
    if not (len(ends) == count and set(map(type, flat)) <= _INT and set(map(type, ends)) <= _INT
            and ends == sorted(ends) and (not ends or (ends[0] >= 0 and ends[-1] == len(flat)))
            and _within(flat[0::width], size) and (width == 1 or not flat or min(flat[1::width]) > 0)
            and all(end % width == 0 for end in ends)):
        raise ValueError("a ranked list")
    parts = [flat[start:end] for start, end in zip([0, *ends], ends)]
    if limit is not None and any(len(part) > width * limit for part in parts):
        raise ValueError("a ranked list too long")
    return parts


def _within(values: list, size: int) -> bool:
    return not values or (min(values) >= 0 and max(values) < size)


def _ranked(flat: list, names: list, own: int) -> tuple:
    """[index, number, index, number, …] as ((name, number), …), best first, none its own, none twice."""
    if not flat:
        return ()
    at, numbers = flat[0::2], flat[1::2]
    if own in at or len(set(at)) != len(at) or numbers != sorted(numbers, reverse=True):
        raise ValueError("a ranked list")
    return tuple(zip(map(names.__getitem__, at), numbers))
