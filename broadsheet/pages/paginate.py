"""Split long lists into pages whose numbers never drift: numbered from the oldest, newest page first.

A chronological list of N items with page size P gets numbered pages 1..N//P, each a fixed run of P
items counted from the oldest, so page 7 keeps showing what it showed as newer items arrive. The landing
page (the folder's index.html) shows the newest P items; it overlaps the newest numbered page until the
next run of P fills up and becomes a numbered page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Slice:
    """One page of a list: where it goes, which items it shows, and how to reach its neighbours."""

    output: str
    items: list[Any]
    number: int | None  # None for the landing page
    nav: dict[str, Any]


def page_url(base: str, number: int | None) -> str:
    """The output path of page `number` under folder `base` ('' or ending in '/'); None is the landing page."""
    return f"{base}index.html" if number is None else f"{base}page/{number}/index.html"


def paginate_newest(newest_first: list, size: int, base: str) -> list[Slice]:
    """Landing page of the newest `size` items, then fixed numbered pages counted from the oldest."""
    oldest_first = newest_first[::-1]
    full = len(oldest_first) // size
    landing_older = (full if len(oldest_first) % size else full - 1) if len(oldest_first) > size else 0
    slices = [Slice(page_url(base, None), newest_first[:size], None, {
        "newer": None,
        "older": page_url(base, landing_older) if landing_older else None,
        "latest": None,
        "oldest": page_url(base, 1) if landing_older > 1 else None,
        "numbers": [{"number": n, "url": page_url(base, n), "current": False} for n in _window(full)],
        "previous": None, "next": None,
    })]
    for number in range(1, full + 1):
        items = oldest_first[(number - 1) * size: number * size][::-1]
        newer = page_url(base, number + 1) if number < full else page_url(base, None)
        slices.append(Slice(page_url(base, number), items, number, {
            "newer": newer,
            "older": page_url(base, number - 1) if number > 1 else None,
            "latest": page_url(base, None),
            "oldest": page_url(base, 1) if number > 2 else None,
            "numbers": [], "previous": None, "next": None,
        }))
    return slices


def paginate_forward(items: list, size: int, base: str) -> list[Slice]:
    """Plain pages in list order (for A–Z lists): page 1 is the folder's index.html, then page/2/…"""
    count = max(1, -(-len(items) // size))
    slices = []
    for number in range(1, count + 1):
        nav = {
            "newer": None, "latest": None, "oldest": None,
            "older": None,
            "previous": _forward_url(base, number - 1) if number > 1 else None,
            "next": _forward_url(base, number + 1) if number < count else None,
            "numbers": [{"number": n, "url": _forward_url(base, n), "current": n == number} for n in range(1, count + 1)]
            if count > 1 else [],
        }
        slices.append(Slice(_forward_url(base, number), items[(number - 1) * size: number * size], number, nav))
    return slices


def _forward_url(base: str, number: int) -> str:
    return page_url(base, None if number == 1 else number)


def _window(last: int, keep: int = 5) -> list[int]:
    """Page numbers worth listing on the landing page: the first and the newest few."""
    if last <= 0:
        return []
    recent = list(range(max(1, last - keep + 1), last + 1))
    return recent[::-1] + ([1] if recent[0] > 1 else [])
