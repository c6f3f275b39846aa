"""Date archives: every year with its months and counts, a page per year, a paginated list per month."""

from __future__ import annotations

import calendar
from collections import defaultdict

from ..archive.site import Site
from ..core.data import Page
from .items import article_summary
from .paginate import paginate_newest

HEADLINES_PER_MONTH = 3


def month_folder(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}/"


def plan_archive(site: Site, identity: dict, size: int) -> list[Page]:
    """archive/ (years and months with counts), archive/YYYY/, archive/YYYY/MM/ (paginated), archive/undated/."""
    months: dict[tuple[int, int], list] = defaultdict(list)
    undated = []
    for article in site.articles:  # newest first
        if article.date:
            months[(article.date.year, article.date.month)].append(article)
        else:
            undated.append(article)
    years = sorted({year for year, _ in months}, reverse=True)
    overview = [{"year": year, "url": f"archive/{year}/index.html",
                 "count": sum(len(v) for (y, _), v in months.items() if y == year),
                 "months": [_month_link(year, m, len(months[(year, m)])) for m in range(1, 13) if (year, m) in months]}
                for year in years]
    pages = [Page("archive/index.html", "archive.html",
                  {"site": identity, "title": "Archive", "years": overview, "undated": len(undated),
                   "undated_url": "archive/undated/index.html" if undated else None}, kind="archive")]
    for entry in overview:
        year = entry["year"]
        detail = [dict(link, headlines=[article_summary(a) for a in months[(year, link["month"])][:HEADLINES_PER_MONTH]])
                  for link in entry["months"]]
        pages.append(Page(entry["url"], "archive_year.html",
                          {"site": identity, "title": f"Archive: {year}", "year": year, "count": entry["count"],
                           "months": detail, "years": [{"year": y, "url": f"archive/{y}/index.html"} for y in years]},
                          kind="archive"))
    for (year, month), articles in sorted(months.items()):
        title = f"{calendar.month_name[month]} {year}"
        pages += _list_pages(articles, size, month_folder(year, month), title, identity,
                             {"year": year, "year_url": f"archive/{year}/index.html"})
    if undated:
        pages += _list_pages(undated, size, "archive/undated/", "Undated articles", identity, {})
    return pages


def _month_link(year: int, month: int, count: int) -> dict:
    return {"month": month, "name": calendar.month_name[month], "count": count,
            "url": f"{month_folder(year, month)}index.html"}


def _list_pages(articles: list, size: int, base: str, title: str, identity: dict, extra: dict) -> list[Page]:
    pages = []
    for part in paginate_newest([article_summary(a) for a in articles], size, base):
        context = {"site": identity, "title": title if part.number is None else f"{title}, page {part.number}",
                   "heading": title, "articles": part.items, "nav": part.nav, "page_number": part.number,
                   "count": len(articles) if part.number is None else None, **extra}
        pages.append(Page(part.output, "archive_list.html", context, kind="archive"))
    return pages
