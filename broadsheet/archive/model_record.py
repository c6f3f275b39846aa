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
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .companions import COMPANION_LIMIT, Companions
from .related import RELATED_LIMIT, WEIGHT_SCALE, Scored, weight_bucket

Key = tuple[str, str]  # an entity: (type, identity)

CACHE_NAME = "model"
SCHEMA = (f"site model 1: related {RELATED_LIMIT} weighed {WEIGHT_SCALE} // floor(2 log2 df); "
          f"companions {COMPANION_LIMIT}")


@dataclass(frozen=True)
class ModelRecord:
    places: dict[Key, tuple[str, str]]  # entity -> (casefolded name, slug), A–Z
    articles: dict[str, tuple[Key, ...]]  # article slug -> its entity keys, in the archive's order
    related: dict[str, Scored]  # article slug -> its related stories with their scores
    companions: dict[Key, Companions]  # entity -> its companions with their counts


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
    old_df = Counter(key for keys in before.values() for key in keys)
    reweighed: set[str] = set()
    for key, slugs in members.items():
        if weight_bucket(len(slugs)) != weight_bucket(old_df[key]):
            reweighed.update(slugs)
    changed = keyed | moved
    return Changes(changed=changed, reweighed=reweighed - changed, entities=entities)


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

def encode(record: ModelRecord) -> dict:
    """The record as plain data: entities A–Z and articles in order, each named elsewhere by its index."""
    entity_index = {key: i for i, key in enumerate(record.places)}
    article_index = {slug: i for i, slug in enumerate(record.articles)}
    entities = []
    for key, (folded, slug) in record.places.items():
        flat = [n for other, count in record.companions.get(key, ()) for n in (entity_index[other], count)]
        entities.append([key[0], key[1], folded, slug, flat])
    articles = []
    for slug, keys in record.articles.items():
        flat = [n for other, score in record.related.get(slug, ()) for n in (article_index[other], score)]
        articles.append([slug, [entity_index[key] for key in keys], flat])
    return {"entities": entities, "articles": articles}


def decode(name: str, value: Any) -> ModelRecord:
    """A ModelRecord from its plain data, checking every part; ValueError or TypeError when one does not fit."""
    if name != CACHE_NAME or not isinstance(value, dict):
        raise ValueError(f"entry {name[:80]!r}")
    rows, article_rows = value["entities"], value["articles"]
    if not isinstance(rows, list) or not isinstance(article_rows, list):
        raise TypeError("not a list")
    keys: list[Key] = []
    places: dict[Key, tuple[str, str]] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5 and all(isinstance(p, str) for p in row[:4])
                and isinstance(row[4], list)):
            raise ValueError("entity row")
        key = (row[0], row[1])
        keys.append(key)
        places[key] = (row[2], row[3])
    if len(places) != len(keys):
        raise ValueError("an entity twice")
    companions = {key: _pairs(row[4], keys, i, COMPANION_LIMIT) for i, (key, row) in enumerate(zip(keys, rows))}
    slugs: list[str] = []
    articles: dict[str, tuple[Key, ...]] = {}
    for row in article_rows:
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and isinstance(row[1], list)
                and isinstance(row[2], list)):
            raise ValueError("article row")
        at = row[1]
        if not _indices(at, len(keys)) or len(set(at)) != len(at):
            raise ValueError(f"entities of article {row[0][:80]!r}")
        slugs.append(row[0])
        articles[row[0]] = tuple(keys[i] for i in at)
    if len(articles) != len(slugs):
        raise ValueError("an article twice")
    related = {slug: _pairs(row[2], slugs, i, RELATED_LIMIT) for i, (slug, row) in enumerate(zip(slugs, article_rows))}
    if len({i for row in article_rows for i in row[1]}) != len(keys):
        raise ValueError("an entity in no article")
    return ModelRecord(places=places, articles=articles, related=related, companions=companions)


def _indices(values: list, size: int) -> bool:
    return all(type(v) is int for v in values) and (not values or (min(values) >= 0 and max(values) < size))


def _pairs(flat: list, names: list, own: int, limit: int) -> tuple:
    """[index, number, index, number, …] as ((name, number), …): at most `limit`, best first, none its own."""
    if not (len(flat) % 2 == 0 and len(flat) <= 2 * limit and all(type(v) is int for v in flat)):
        raise ValueError("a ranked list")
    at, numbers = flat[0::2], flat[1::2]
    if not _indices(at, len(names)) or own in at or len(set(at)) != len(at) or (numbers and min(numbers) <= 0) \
            or any(a < b for a, b in zip(numbers, numbers[1:])):
        raise ValueError("a ranked list")
    return tuple((names[i], n) for i, n in zip(at, numbers))
