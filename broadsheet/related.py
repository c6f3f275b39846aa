"""Related stories: the articles sharing the most informative entities, rare shared entities weighing most."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

RELATED_LIMIT = 5


def related_articles(members: dict[object, tuple[str, ...]], article_entities: dict[str, tuple[object, ...]],
                     order: dict[str, int], limit: int = RELATED_LIMIT) -> dict[str, tuple[str, ...]]:
    """For each article, up to `limit` other articles ranked by the summed IDF of the entities they share.

    `members` maps an entity key to its article slugs, `article_entities` an article slug to its entity keys,
    `order` an article slug to its place in the archive (ties go to the newer article, then the slug).
    """
    total = len(article_entities)
    weights = {key: round(idf(len(slugs), total) * 1_000_000) for key, slugs in members.items()}  # exact sums
    related = {}
    for slug, keys in article_entities.items():
        scores: dict[str, int] = defaultdict(int)
        for key in keys:
            weight = weights[key]
            if weight <= 0:
                continue
            for other in members[key]:
                if other != slug:
                    scores[other] += weight
        best = heapq.nsmallest(limit, [(-score, order[other], other) for other, score in scores.items()])
        related[slug] = tuple(other for _, _, other in best)
    return related


def idf(document_frequency: int, total: int) -> float:
    """Inverse document frequency: log(N / df); zero for an entity in every article."""
    if document_frequency <= 0 or total <= 0:
        return 0.0
    return math.log(total / document_frequency)
