"""Related stories: the articles sharing the most informative entities, rare shared entities weighing most.

The weight of a shared entity depends only on how many articles mention it (its document frequency, df), never
on the size of the archive: weight = 2,000,000 // bucket, where bucket = floor(2 · log2 df), i.e. df in
half-powers of two (df 2 → bucket 2, 3 → 3, 4-5 → 4, 6-7 → 5, 8-11 → 6, …, 1,000 → 19). That is the
Adamic–Adar weight 1 / log df of link prediction, with log df rounded down to a half: an entity two articles
share weighs 1,000,000, one a thousand articles share about 105,000, so a rare shared name still counts far
more than "UK". Why not IDF, log(N / df): N is the archive's size, so adding any article changed every weight
and, in principle, every article's list, and an update had to recompute them all. Here adding an article
changes the weight of only those of its own entities whose df crosses a half-power of two (for an entity in
over a thousand articles, once in some 400 additions), and weights are integers, so sums are exact and equal
however they are added up.

`update_related` uses that: given the last build's lists and what changed, it recomputes only the articles a
change can reach (see its docstring) and gives exactly what `related_scored` gives on the whole archive.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Iterable

RELATED_LIMIT = 5
CHECK_FROM = 32  # before adding an entity shared by at least this many articles, see whether the top is settled
WEIGHT_SCALE = 2_000_000

Scored = tuple[tuple[str, int], ...]  # (other article's slug, score), best first


def weight_bucket(document_frequency: int) -> int:
    """floor(2 · log2 df), computed exactly on integers (the largest b with 2^b <= df²); 0 for df <= 1."""
    return (document_frequency * document_frequency).bit_length() - 1 if document_frequency > 1 else 0


def bucket_weight(bucket: int) -> int:
    """The weight of a shared entity in this bucket: 2,000,000 / bucket, i.e. 1,000,000 / (log2 df rounded down
    to a half); 0 for an entity in one article (nothing to share)."""
    return WEIGHT_SCALE // bucket if bucket > 0 else 0


def entity_weights(members: dict[object, tuple[str, ...]]) -> dict[object, int]:
    return {key: bucket_weight(weight_bucket(len(slugs))) for key, slugs in members.items()}


def related_articles(members: dict[object, tuple[str, ...]], article_entities: dict[str, tuple[object, ...]],
                     order: dict[str, int], limit: int = RELATED_LIMIT) -> dict[str, tuple[str, ...]]:
    """For each article, up to `limit` other articles ranked by the summed weights of the entities they share.

    `members` maps an entity key to its article slugs, `article_entities` an article slug to its entity keys,
    `order` an article slug to its place in the archive (ties go to the newer article, then the slug)."""
    scored = related_scored(members, article_entities, order, limit)
    return {slug: tuple(other for other, _ in best) for slug, best in scored.items()}


def related_scored(members: dict[object, tuple[str, ...]], article_entities: dict[str, tuple[object, ...]],
                   order: dict[str, int], limit: int = RELATED_LIMIT, weights: dict[object, int] | None = None,
                   only: Iterable[str] | None = None) -> dict[str, Scored]:
    """Each article's (or each of `only`'s) related stories with their scores.

    Exact, and fast on big archives: an article's entities are added rarest first. Once the entities not yet
    added weigh less, all together, than the `limit`-th best score so far, no article they alone could add
    can reach the top, and an article below that score by more than their weight cannot either: the few
    that can still reach it (the shortlist) get their exact scores from their own entities, and the common
    entities (a country in a third of the archive) are never added to the others' scores. The shortlist is
    scored so whenever that costs fewer look-ups (shortlist × entities left) than adding the entities left
    would (articles they are in), however many articles tie at the top (a story and its many updates).
    """
    if weights is None:
        weights = entity_weights(members)
    entity_sets: dict[str, set] = {}
    in_order: dict[object, list[str]] = {}
    related = {}
    for slug in (article_entities if only is None else only):
        keys = article_entities[slug]
        ranked = sorted((key for key in keys if weights[key] > 0), key=lambda key: (len(members[key]), -weights[key]))
        if ranked and len(members[ranked[0]]) >= CHECK_FROM:
            found = _sharing_all(slug, ranked, members, article_entities, order, limit, entity_sets, in_order)
            if found is not None:
                total = sum(weights[key] for key in ranked)
                related[slug] = tuple((other, total) for other in found)
                continue
        remaining = sum(weights[key] for key in ranked)
        left = sum(len(members[key]) for key in ranked)  # what adding the entities not yet added costs
        scores: dict[str, int] = defaultdict(int)
        top = None
        for at, key in enumerate(ranked):
            if len(members[key]) >= CHECK_FROM and len(scores) >= limit:
                floor = heapq.nlargest(limit, scores.values())[-1]
                if remaining < floor:
                    bar = floor - remaining  # an article below this can no longer reach the top
                    top = [other for other, score in scores.items() if score >= bar]
                    rest = ranked[at:]
                    if len(top) * len(rest) <= left:
                        for other in top:  # their exact scores: add the entities not yet added that they share
                            shared = entity_sets.get(other) or entity_sets.setdefault(other, set(article_entities[other]))
                            scores[other] += sum(weights[k] for k in rest if k in shared)
                        break
                    top = None
            weight = weights[key]
            for other in members[key]:
                if other != slug:
                    scores[other] += weight
            remaining -= weight
            left -= len(members[key])
        candidates = top if top is not None else list(scores)
        related[slug] = _best(((other, scores[other]) for other in candidates), order, limit)
    return related


def _sharing_all(slug: str, ranked: list, members: dict[object, tuple[str, ...]],
                 article_entities: dict[str, tuple[object, ...]], order: dict[str, int], limit: int,
                 entity_sets: dict[str, set], in_order: dict[object, list[str]]) -> list[str] | None:
    """The `limit` first articles in the archive's order that hold every entity of `ranked` (an article's
    entities, rarest first), when there are that many; else None.

    They are its related stories: no article scores more with it than one holding all its entities, ties go
    to the newer article, and every such article holds the rarest one, so reading that entity's articles in
    the archive's order finds them first. A story the archive holds many times over (updates, copies) is
    settled so from the few newest, instead of from every article its entities are in."""
    rarest = ranked[0]
    listed = in_order.get(rarest)
    if listed is None:
        listed = in_order[rarest] = sorted(members[rarest], key=order.__getitem__)
    found = []
    for other in listed:
        if other == slug:
            continue
        shared = entity_sets.get(other) or entity_sets.setdefault(other, set(article_entities[other]))
        if all(key in shared for key in ranked):
            found.append(other)
            if len(found) == limit:
                return found
    return None


def all_scores(slug: str, members: dict[object, tuple[str, ...]], keys: Iterable[object],
               weights: dict[object, int]) -> dict[str, int]:
    """The score of every article sharing an entity with `slug` (scores are symmetric: also its score with them)."""
    scores: dict[str, int] = defaultdict(int)
    for key in keys:
        weight = weights[key]
        if weight:
            for other in members[key]:
                scores[other] += weight
    scores.pop(slug, None)
    return scores


def _best(scored: Iterable[tuple[str, int]], order: dict[str, int], limit: int) -> Scored:
    """The `limit` best (slug, score): highest score first, then the newer article, then the slug."""
    best = heapq.nsmallest(limit, ((-score, order[other], other) for other, score in scored if score > 0))
    return tuple((other, -score) for score, _, other in best)


def update_related(previous: dict[str, Scored], members: dict[object, tuple[str, ...]],
                   article_entities: dict[str, tuple[object, ...]], order: dict[str, int],
                   changed: set[str], reweighed: set[str], limit: int = RELATED_LIMIT) -> dict[str, Scored]:
    """Every article's related stories, recomputing only what a change can reach; equal to `related_scored`.

    `previous`: the last build's lists (of its articles, with their scores). `changed`: the articles whose
    score with another may differ from the last build's, or whose place in the order moved among the others:
    new ones, ones whose entities changed, ones that moved (their date or title changed). `reweighed`: the
    articles holding an entity whose weight changed. A pair of articles neither of them changed and neither
    reweighed scores as it did (same shared entities, same weights): an article in neither set keeps its list
    unless its list names a changed or removed article (then it is recomputed) or a changed article now beats
    the last of its list (computed from the changed article's own scores, which are symmetric, and merged).
    A reweighed article's scores change only with articles holding the same reweighed entity, all of them
    reweighed too, so its own list is recomputed and nobody else's is touched by it.
    """
    weights = entity_weights(members)
    changed = set(changed) | {slug for slug in article_entities if slug not in previous}
    touched = changed | {slug for slug in previous if slug not in article_entities}
    redo = set(reweighed) - changed
    for slug, listed in previous.items():
        if slug not in changed and slug in article_entities and any(other in touched for other, _ in listed):
            redo.add(slug)
    fresh: dict[str, Scored] = {}
    arrivals: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for slug in changed:
        scores = all_scores(slug, members, article_entities[slug], weights)
        fresh[slug] = _best(scores.items(), order, limit)
        for other, score in scores.items():
            if other not in changed and other not in redo:
                arrivals[other].append((slug, score))
    fresh.update(related_scored(members, article_entities, order, limit, weights, only=sorted(redo)))
    related: dict[str, Scored] = {}
    for slug in article_entities:
        if slug in fresh:
            related[slug] = fresh[slug]
            continue
        listed = previous[slug]
        new = arrivals.get(slug)
        if new and (len(listed) < limit or any(_beats(item, listed[-1], order) for item in new)):
            listed = _best([*listed, *new], order, limit)
        related[slug] = listed
    return related


def _beats(item: tuple[str, int], last: tuple[str, int], order: dict[str, int]) -> bool:
    return (-item[1], order[item[0]], item[0]) < (-last[1], order[last[0]], last[0])
