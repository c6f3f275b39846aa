"""Related stories: the articles sharing the most informative entities, rare shared entities weighing most."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

RELATED_LIMIT = 5
CHECK_FROM = 32  # before adding an entity shared by at least this many articles, see whether the top is settled
SHORTLIST = 4  # ... which it is when at most this many times `limit` articles can still reach it


def related_articles(members: dict[object, tuple[str, ...]], article_entities: dict[str, tuple[object, ...]],
                     order: dict[str, int], limit: int = RELATED_LIMIT) -> dict[str, tuple[str, ...]]:
    """For each article, up to `limit` other articles ranked by the summed IDF of the entities they share.

    `members` maps an entity key to its article slugs, `article_entities` an article slug to its entity keys,
    `order` an article slug to its place in the archive (ties go to the newer article, then the slug).

    Exact, and fast on big archives: an article's entities are added rarest first, and once only a short
    list of articles could still reach the top even if they shared every entity not yet added, the common
    entities (a country in a third of the archive) are only added to the scores of that short list.
    """
    total = len(article_entities)
    weights = {key: round(idf(len(slugs), total) * 1_000_000) for key, slugs in members.items()}  # exact sums
    entity_sets: dict[str, set] = {}
    shortlist = SHORTLIST * limit
    related = {}
    for slug, keys in article_entities.items():
        ranked = sorted((key for key in keys if weights[key] > 0), key=lambda key: (len(members[key]), -weights[key]))
        remaining = sum(weights[key] for key in ranked)
        scores: dict[str, int] = defaultdict(int)
        top = None
        for at, key in enumerate(ranked):
            if len(members[key]) >= CHECK_FROM and len(scores) >= limit:
                best = heapq.nlargest(shortlist + 1, scores.values())
                bar = best[limit - 1] - remaining  # an article below this can no longer reach the top
                if remaining < best[limit - 1] and (len(best) <= shortlist or best[shortlist] < bar):
                    top = [other for other, score in scores.items() if score >= bar]
                    for other in top:  # their exact scores: add the entities not yet added that they share
                        shared = entity_sets.get(other) or entity_sets.setdefault(other, set(article_entities[other]))
                        scores[other] += sum(weights[k] for k in ranked[at:] if k in shared)
                    break
            weight = weights[key]
            for other in members[key]:
                if other != slug:
                    scores[other] += weight
            remaining -= weight
        candidates = top if top is not None else list(scores)
        best = heapq.nsmallest(limit, [(-scores[other], order[other], other) for other in candidates])
        related[slug] = tuple(other for _, _, other in best)
    return related


def idf(document_frequency: int, total: int) -> float:
    """Inverse document frequency: log(N / df); zero for an entity in every article."""
    if document_frequency <= 0 or total <= 0:
        return 0.0
    return math.log(total / document_frequency)
