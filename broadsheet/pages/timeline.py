"""Mentions per month as bars of a small inline SVG chart (drawn by the template, no JavaScript)."""

from __future__ import annotations

import calendar
import datetime as dt

BAR = 6  # width of one month, in SVG units
GAP = 1
HEIGHT = 40
MONTHS = list(calendar.month_name)
LABEL_GAP = 4  # months: room for a year label
MAX_MONTHS = 360  # the newest 30 years at most: a mistyped year (0022) must not draw 24,000 bars


def monthly_counts(dates: list[dt.date]) -> list[tuple[int, int, int]]:
    """(year, month, count) for every month from the first date to the last (at most the newest
    MAX_MONTHS), empty months included."""
    counts: dict[tuple[int, int], int] = {}
    for d in dates:
        counts[(d.year, d.month)] = counts.get((d.year, d.month), 0) + 1
    if not counts:
        return []
    last = max(counts)
    earliest = divmod(last[0] * 12 + last[1] - 1 - (MAX_MONTHS - 1), 12)
    year, month = max(min(counts), (earliest[0], earliest[1] + 1))
    months = []
    while (year, month) <= last:
        months.append((year, month, counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def chart(dates: list[dt.date]) -> dict | None:
    """Geometry of a bar chart of articles per month, or None when there is nothing dated to draw."""
    months = monthly_counts(dates)
    if not months:
        return None
    peak = max(count for _, _, count in months)
    bars = []
    for index, (year, month, count) in enumerate(months):
        height = round(HEIGHT * count / peak, 1) if count else 0
        bars.append({"x": index * (BAR + GAP), "y": round(HEIGHT - height, 1), "height": height, "count": count,
                     "label": f"{MONTHS[month]} {year}"})
    starts = [index for index, (_, month, _) in enumerate(months) if month == 1]
    if not starts or starts[0] >= LABEL_GAP:  # label the first year unless its name would overlap the next
        starts.insert(0, 0)
    years = [{"x": index * (BAR + GAP), "year": months[index][0]} for index in starts]
    return {"width": len(months) * (BAR + GAP), "height": HEIGHT, "bar": BAR, "peak": peak, "bars": bars,
            "years": years, "first": bars[0]["label"], "last": bars[-1]["label"]}
