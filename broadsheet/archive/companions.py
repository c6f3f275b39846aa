"""Companions: for each entity, the entities that share most articles with it (ties in A–Z order).

Entities are named by their keys here; `position` gives each key its place in the A–Z list of entities (by
type, then name, then slug), which breaks ties. `update_companions` recomputes only the entities it is told
may have changed, each from its own articles, and gives what `companions_of` gives on the whole archive when
every entity whose co-occurrence counts or whose candidates' A–Z order may differ is among them.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from typing import Hashable, Iterable

COMPANION_LIMIT = 12

Companions = tuple[tuple[Hashable, int], ...]  # (other entity's key, articles shared), best first


def companions_of(article_keys: dict[str, tuple[Hashable, ...]], position: dict[Hashable, int],
                  limit: int = COMPANION_LIMIT) -> dict[Hashable, Companions]:
    """Every entity's companions, counted over every article."""
    by_position = {i: key for key, i in position.items()}
    counts: dict[int, Counter] = defaultdict(Counter)
    for keys in article_keys.values():
        here = [position[key] for key in keys]
        for i in here:
            counts[i].update(here)
            counts[i][i] -= 1
    return {by_position[i]: _top(counter, by_position, limit) for i, counter in counts.items()}


def companions_for(key: Hashable, members: dict[Hashable, tuple[str, ...]],
                   article_keys: dict[str, tuple[Hashable, ...]], position: dict[Hashable, int],
                   by_position: dict[int, Hashable], limit: int = COMPANION_LIMIT) -> Companions:
    """One entity's companions, counted over its own articles only."""
    counter: Counter = Counter()
    for slug in members[key]:
        counter.update(position[other] for other in article_keys[slug])
    del counter[position[key]]
    return _top(counter, by_position, limit)


def update_companions(previous: dict[Hashable, Companions], members: dict[Hashable, tuple[str, ...]],
                      article_keys: dict[str, tuple[Hashable, ...]], position: dict[Hashable, int],
                      dirty: Iterable[Hashable], limit: int = COMPANION_LIMIT) -> dict[Hashable, Companions]:
    """Every entity's companions: those of `dirty` entities and of entities new since `previous` counted
    again, every other entity's kept from `previous` (unless the kept list names an entity that is not in the
    archive, which only a record that lies can hold: then counted again too)."""
    by_position = {i: key for key, i in position.items()}
    dirty = set(dirty)
    return {key: companions_for(key, members, article_keys, position, by_position, limit)
            if key in dirty or key not in previous or not all(other in members for other, _ in previous[key])
            else previous[key] for key in members}


def _top(counter: Counter, by_position: dict[int, Hashable], limit: int) -> Companions:
    ranked = [(-n, j) for j, n in counter.items() if n > 0]
    top = sorted(ranked)[:limit] if len(ranked) <= 4 * limit else heapq.nsmallest(limit, ranked)
    return tuple((by_position[j], -n) for n, j in top)
