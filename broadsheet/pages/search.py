"""Search planning: which calendar shard each article is indexed in, and its search filter values."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

SHARD_MAX = 600  # articles in a shard before a year splits into halves, then quarters, then months


FILTER_TYPES = ("person", "organization", "place")


UNDATED = "undated"


def shard_keys(dates: Iterable[dt.date | None]) -> dict[dt.date | None, str]:
    """The shard of each date: the year ('2004'), else its half ('2004-h2'), quarter ('2004-q3') or month
    ('2004-07'), the first of these holding at most SHARD_MAX articles; 'undated' for no date."""
    dates = list(dates)
    periods = [_period(level) for level in ("year", "half", "quarter")]
    counts = [Counter(period(d) for d in dates if d) for period in periods]
    names: dict[dt.date | None, str] = {}
    for date in set(dates):
        if date is None:
            names[date] = UNDATED
            continue
        names[date] = f"{date.year}-{date.month:02d}"
        for period, count in zip(periods, counts):
            if count[period(date)] <= SHARD_MAX:
                names[date] = period(date)
                break
    return names


def _period(level: str):
    """A function naming the year, half or quarter a date falls in."""
    if level == "year":
        return lambda d: str(d.year)
    if level == "half":
        return lambda d: f"{d.year}-h{(d.month - 1) // 6 + 1}"
    return lambda d: f"{d.year}-q{(d.month - 1) // 3 + 1}"


def shard_names(dates: Iterable[dt.date | None]) -> list[str]:
    """Every shard, newest first (the search page loads the first and merges the rest)."""
    names = set(shard_keys(dates).values())
    return sorted(names - {UNDATED}, reverse=True) + ([UNDATED] if UNDATED in names else [])


def filters_for(mentions, min_articles: int) -> list[dict]:
    """Search filter values of an article: its people, organizations and places with enough articles."""
    seen = set()
    values = []
    for mention in mentions:
        entity = mention.entity
        key = (entity.type, entity.name)
        if entity.type in FILTER_TYPES and len(entity.article_slugs) >= min_articles and key not in seen:
            seen.add(key)
            values.append({"type": entity.type, "name": entity.name})
    return values
