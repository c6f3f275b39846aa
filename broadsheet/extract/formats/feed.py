"""RSS and Atom files (by feedparser): each entry an article, with its full content when the feed carries it,
else its summary. A feed file is read whole, so it is bounded by max_seed_bytes."""

from __future__ import annotations

import datetime as dt
from typing import Iterator
from xml.sax import SAXParseException

import feedparser

from ...core.diagnostics import Diagnostics
from . import fields
from .fields import Fields, Item
from .page import html_paragraphs

KEEPS_MISSING = True  # a feed is a window on the newest entries: one that has left it stays in the archive
HTML = ("text/html", "application/xhtml+xml")


def items(container, diagnostics: Diagnostics) -> Iterator[Item]:
    """Each entry of a Container's feed as an Item; a file that is not a feed gets one warning."""
    limit = container.options.max_bytes
    try:
        size = container.path.stat().st_size
        if size > limit:
            container.warn(diagnostics, "W211", f"feed is {size:,} bytes, over max_seed_bytes ({limit:,}); a feed is "
                           "read whole, so it was skipped (raise max_seed_bytes in config.yaml to include it)")
            return
        data = container.path.read_bytes()
    except OSError as exc:
        container.warn(diagnostics, "W220", f"file cannot be read ({exc.strerror or exc}); its articles are kept "
                       "as they were")
        return
    parsed = feedparser.parse(data, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, SAXParseException) or not parsed.get("version"):
        line = problem.getLineNumber() if isinstance(problem, SAXParseException) else None
        what = f"not well-formed XML ({problem.getMessage()})" if isinstance(problem, SAXParseException) else \
            "not an RSS or Atom feed"
        rest = f"the {len(parsed.entries)} entries before it were read" if parsed.entries else "skipped"
        container.warn(diagnostics, "W215", f"feed is {what}; {rest}", line=line)
    for number, entry in enumerate(parsed.entries, 1):
        found = entry_fields(entry)
        yield Item(found.key(), found.digest(), None, f"entry {number}", lambda _diagnostics, found=found: found)


def entry_fields(entry) -> Fields:
    """A feed entry's fields: full content (else the summary) as paragraphs, date, link, authors, first category."""
    body, captions = _text(next(iter(entry.get("content") or ()), None) or entry.get("summary_detail"))
    title = _text(entry.get("title_detail"))[0].replace("\n\n", " ") or None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    authors = fields.split_authors([a for a in entry.get("authors") or () if a] or entry.get("author") or [])
    tags = [t.get("term") for t in entry.get("tags") or () if isinstance(t.get("term"), str) and t.get("term").strip()]
    return Fields(body=body, title=title, date=dt.date(*stamp[:3]) if stamp else None, url=entry.get("link"),
                  authors=authors, section=tags[0] if tags else None, id=entry.get("id") or None, captions=captions)


def _text(detail) -> tuple[str, tuple[str, ...]]:
    """A feed text construct as paragraphs (HTML is turned into text), and the captions among them."""
    if not detail or not isinstance(detail.get("value"), str):
        return "", ()
    if (detail.get("type") or "").lower() in HTML:
        return html_paragraphs(detail["value"])
    return detail["value"], ()
