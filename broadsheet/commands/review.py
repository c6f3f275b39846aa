"""`build.py review`: the entities an editor should look at, most doubtful first, each with the line of
config.yaml that would fix it; printed, and written as an HTML page beside config.yaml (never into site/)."""

from __future__ import annotations

import html
from pathlib import Path

from ..archive.evidence import reweigh_archive
from ..archive.review import Doubt, doubts, unknown_corrections
from ..core.config import Config
from ..core.diagnostics import Diagnostics
from ..core.files import write_atomic

PAGE_NAME = "review.html"
MARK = "<!-- written by build.py review; rewritten on every review -->"


def review(config: Config, diagnostics: Diagnostics, quiet: bool = False) -> Path | None:
    """List the doubts about the archive's entities and write them as a page; the page's path, or None
    when a file of the same name that review did not write is in the way (W232)."""
    from ..pipeline import load_articles

    articles = load_articles(config.content, diagnostics)
    edited = {a.slug for a in articles if a.edited}
    weighed = reweigh_archive({a.slug: a.entities for a in articles}, (a.plain for a in articles), keep=edited)
    names = {n for refs in weighed.values() for ref in refs for n in (ref.name, *ref.aliases)}
    unknown_corrections(config, names, diagnostics)
    items = doubts(articles, weighed, config)
    if not quiet:
        print(f"{len(items)} entities to look at, most doubtful first (add the line to config.yaml to fix one):")
        for item in items:
            print(f"{item.doubt:.2f}  {item.kind:<15} {item.name}: {item.why}\n      {item.fix}")
    path = (config.path.parent if config.path else Path.cwd()) / PAGE_NAME
    if path.is_symlink() or (path.exists() and not _ours(path)):
        diagnostics.warn("W232", f"{PAGE_NAME} exists and was not written by review; move it away to get the "
                         "review page (the list above is the same)", path)
        return None
    write_atomic(path, page(items, config).encode("utf-8"))
    if not quiet:
        print(f"wrote {path}")
    return path


def _ours(path: Path) -> bool:
    """Whether a file starts with review's mark (so review may write over it)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MARK)).decode("utf-8", "replace") == MARK
    except OSError:
        return False


def page(items: list[Doubt], config: Config) -> str:
    """The review as a small standalone HTML page."""
    rows = "\n".join(
        f"<tr><td>{item.doubt:.2f}</td><td>{html.escape(item.kind)}</td><td>{html.escape(item.name)}</td>"
        f"<td>{html.escape(item.why)}</td><td><code>{html.escape(item.fix)}</code></td></tr>" for item in items)
    return (f"{MARK}\n<!DOCTYPE html>\n<html lang=\"{html.escape(config.language)}\">\n<head><meta charset=\"utf-8\">"
            f"<title>Entity review: {html.escape(config.title)}</title>\n<style>body{{font-family:sans-serif;margin:2em}}"
            "td,th{padding:.2em .6em;text-align:left;vertical-align:top}tr:nth-child(even){background:#f4f4f4}"
            "</style></head>\n<body>\n<h1>Entities to look at</h1>\n<p>Most doubtful first. Add the line to "
            "config.yaml (merge it into the section it names) and rebuild.</p>\n<table>\n<tr><th>doubt</th>"
            f"<th>why</th><th>entity</th><th>evidence</th><th>config.yaml</th></tr>\n{rows}\n</table>\n</body>\n"
            "</html>\n")
