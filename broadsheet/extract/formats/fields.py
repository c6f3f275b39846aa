"""What a record says, as Broadsheet reads it: field names to look for, and one record's fields to a checked Seed."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from ...core.data import Seed
from ...core.diagnostics import Diagnostics
from ...core.text import first_control, strip_controls, visible
from .. import seeds

# The names common exports give each field, first found wins: news-please (maintext, date_publish, authors),
# trafilatura's JSON (text, source, author "A; B", categories), a spreadsheet with plain column names.
DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid", "article_id"),
    "url": ("url", "source_url", "canonical_url", "link", "source"),
    "title": ("title", "headline"),
    "date": ("date", "date_publish", "published", "date_published", "datePublished", "pubdate", "published_at"),
    "body": ("body", "text", "maintext", "content", "article", "raw_text"),
    "author": ("author", "authors", "byline", "creator"),
    "section": ("section", "category", "categories", "articleSection"),
}
MAX_AUTHORS = 20
MAX_NAME = 100  # characters of an author's name or a section
MAX_URL = 2000
MAX_SHOWN = 60  # characters of a bad value shown in a warning
_AUTHOR_BREAKS = re.compile(r"\s*(?:;|\||\n|\s+and\s+|\s+&\s+)\s*")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.,+\-Z ]*)?\s*$")


@dataclass(frozen=True)
class Fields:
    """One record's fields as found, before they are checked."""

    body: str = ""
    title: str | None = None
    date: Any = None  # text as written (or a date, from feeds)
    url: str | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    id: str | None = None
    captions: tuple[str, ...] = ()

    def key(self) -> str:
        """The record's identity: its id, else its url, else a hash of its title and date (never its position)."""
        if self.id:
            return self.id
        if self.url:
            return self.url
        return "title-" + hashlib.sha256(f"{self.title}\0{self.date}".encode()).hexdigest()[:16]

    def digest(self) -> str:
        """A hash of everything Broadsheet reads from the record: a change elsewhere in it extracts nothing again."""
        date = self.date.isoformat() if isinstance(self.date, dt.date) else self.date
        data = [self.body, self.title, date, self.url, self.authors, self.section, self.id, self.captions]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Item:
    """One record as a reader streams it: its identity, the hash of what it says, where it is, and its fields
    (worked out only when called: a web page's text extraction is the costly part)."""

    key: str
    sha256: str
    line: int | None  # its first line, or None where lines do not apply
    where: str | None  # e.g. 'record at byte 5120', for formats without lines
    fields: Callable[[Diagnostics], Fields | None]


def names(config_fields: dict) -> dict[str, tuple[str, ...]]:
    """The names to look for per field: config.yaml's `fields:` replaces the defaults of the fields it names."""
    chosen = dict(DEFAULT_NAMES)
    for field, columns in (config_fields or {}).items():
        chosen[field] = (columns,) if isinstance(columns, str) else tuple(columns)
    return chosen


def from_mapping(record: dict, wanted: dict[str, tuple[str, ...]], warn: Callable[[str], None]) -> Fields:
    """A record's fields by name (names match whatever their case); values of the wrong type are warned about."""
    folded = {}
    for name, value in record.items():
        folded.setdefault(str(name).casefold(), value)

    def pick(field: str):
        for name in wanted[field]:
            value = folded.get(name.casefold())
            if value not in (None, "", [], {}):
                return name, value
        return None, None

    values: dict[str, Any] = {}
    for field in ("id", "url", "title", "date", "body", "section"):
        name, value = pick(field)
        if value is None:
            continue
        if field == "section" and isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        elif field == "section" and isinstance(value, str) and ";" in value:
            value = value.split(";")[0]  # trafilatura writes categories as "A;B"
        if isinstance(value, (int, float)) and not isinstance(value, bool) and field in ("id", "title", "date"):
            value = str(value)
        if not isinstance(value, str):
            warn(f"field '{name}' must be text, not {bounded(value)}; ignored")
            continue
        values[field] = value
    name, value = pick("author")
    if value is not None:
        values["authors"] = split_authors(value)
        if not values["authors"]:
            warn(f"field '{name}' must be a name or a list of names, not {bounded(value)}; ignored")
    return Fields(**values)


def split_authors(value: Any) -> tuple[str, ...]:
    """Bylines as names: a list, or text with several names ('A; B', 'A and B', 'By A')."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for part in _AUTHOR_BREAKS.split(item):
            name = " ".join(_BY.sub("", strip_controls(part)).split()).strip(" ,")
            if name and len(name) <= MAX_NAME and name not in found:
                found.append(name)
    return tuple(found[:MAX_AUTHORS])


def bounded(value: Any) -> str:
    """A value as a short repr for a message (no control characters, at most MAX_SHOWN characters)."""
    text = repr(value)
    text = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
    return visible(text)


def web_address(url: str | None) -> str | None:
    """url when it is an absolute http(s) address with no spaces, else None."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL or first_control(url) >= 0 or re.search(r"\s", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def paragraphs(body: str) -> str:
    """Body text as paragraphs separated by blank lines: exports that put one paragraph per line (news-please,
    trafilatura) have no blank lines, so each line is a paragraph there."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"\n\s*\n", text.strip()):
        text = text.replace("\n", "\n\n")
    return seeds.normalise_body(text)


def to_seed(fields: Fields, path: Path, container: str, rel: str, sha256: str, line: int | None,
            diagnostics: Diagnostics, where: str | None = None) -> Seed | None:
    """A checked Seed from one record's fields, or None (with a warning naming the file and line) when it has no text.

    `container` is the file shown in warnings, with `line`, or `where` (e.g. 'entry 3') where lines do not apply;
    `rel` is the record's identity (the content file's `source`)."""
    def warn(code: str, message: str) -> None:
        diagnostics.warn(code, f"{where}: {message}" if where else message, container, line)

    texts = (fields.body, fields.title or "", fields.section or "", *fields.authors, *fields.captions)
    if any(first_control(text) >= 0 for text in texts):
        warn("W105", "record contains control characters (such as NUL bytes), which no page may show; they were removed")
    body = paragraphs(strip_controls(fields.body))
    if not body:
        warn("W209", "no article text (looked for a body field: "
             f"{', '.join(DEFAULT_NAMES['body'])}, or the name `fields: body:` gives in config.yaml); skipped")
        return None
    title = " ".join(strip_controls(fields.title).split()) if fields.title else None
    if title and len(title) > seeds.MAX_TITLE:
        warn("W107", f"title is {len(title):,} characters; shortened to {seeds.MAX_TITLE}")
        title = title[: seeds.MAX_TITLE].rsplit(" ", 1)[0]
    if len(body) > seeds.MAX_ARTICLE_CHARS:
        warn("W111", f"article text is {len(body):,} characters, over the {seeds.MAX_ARTICLE_CHARS:,} Broadsheet "
             "reads; the rest is left out")
        body = body[: seeds.MAX_ARTICLE_CHARS].rsplit(" ", 1)[0]
    url = web_address(fields.url)
    if fields.url and not url:
        warn("W217", f"url {bounded(fields.url)} is not an http(s) address; the article is kept without it")
    marked = set(fields.captions)
    captions = tuple(p for p in body.split("\n\n") if p in marked)
    section = " ".join(strip_controls(fields.section).split())[:MAX_NAME] if fields.section else None
    return Seed(path=path, rel=rel, sha256=sha256, body=body, title=title or None,
                date=record_date(fields.date, container, line, diagnostics), source_url=url,
                authors=tuple(strip_controls(a) for a in fields.authors), section=section or None, captions=captions)


def record_date(value: Any, rel: str, line: int | None, diagnostics: Diagnostics) -> dt.date | None:
    """A record's date: ISO (with or without a time), RFC 2822 (feeds, mail), or the formats plain seeds accept."""
    if value is None or isinstance(value, dt.date):
        return value
    text = strip_controls(str(value)).strip()
    if not text:
        return None
    iso = _ISO_DAY.match(text)
    if iso:
        return seeds.parse_date(iso.group(1), rel, line, diagnostics)
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        stamp = None
    if stamp is not None:
        return seeds.parse_date(stamp.date().isoformat(), rel, line, diagnostics)
    return seeds.parse_date(text[:MAX_SHOWN], rel, line, diagnostics)
