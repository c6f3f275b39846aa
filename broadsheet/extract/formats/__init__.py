"""Seeds that are not plain text, one module per format, registered by suffix.

A saved web page (`.html`) is one article, like a text file. Exports (`.jsonl`, `.csv`), web archives (`.warc`,
`.warc.gz`) and feeds (`.xml`, `.rss`, `.atom`) hold many: a Container streams them record by record, and each
record is an article of its own, identified by its id or url (never its position) and hashed by what Broadsheet
reads from it, so a re-ordered file extracts nothing again and one changed record extracts one article.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from ...core.data import Seed
from ...core.diagnostics import Diagnostics
from ...core.slugs import short_hash
from .. import seeds
from . import fields
from .fields import Item

# suffix -> the module that reads it (imported when first needed: a build that reads none of them pays nothing)
READERS = {".jsonl": "jsonl", ".csv": "table", ".warc": "warc", ".warc.gz": "warc", ".xml": "feed", ".rss": "feed",
           ".atom": "feed"}
PAGE_SUFFIXES = (".html", ".htm")
SUFFIXES = tuple(seeds.SEED_SUFFIXES) + PAGE_SUFFIXES + tuple(READERS)
LOSING = {"W205", "W206", "W207", "W208", "W211", "W212", "W214", "W215", "W220"}  # a record could not be read
MAX_NAME_BYTES = 250
MAX_KEY = 200  # characters of a record's identity in `source:`; longer ones are cut and end in a hash
_KEY_SAFE = ":@!$&'()*+,;=?[]"  # besides letters, digits and -._~: a key is one path segment (no / \ # % spaces)


@dataclass(frozen=True)
class Options:
    """How records are read: the most bytes one record (or one feed file) may have, and the field names."""

    max_bytes: int
    names: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, max_bytes: int, config_fields: dict) -> "Options":
        return cls(max_bytes, fields.names(config_fields))


@dataclass(frozen=True)
class Record:
    """A record found in a container: what the extraction step needs to decide whether to read it again."""

    rel: str  # the container's path, '#', the record's identity: the content file's `source`
    sha256: str
    path: Path  # the container
    container: str  # the container's path as shown to users


def suffix(path: Path) -> str:
    """The format's suffix of a file name ('.warc.gz' counts as one)."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def holds_records(path: Path) -> bool:
    """True for a seed file with many articles in it."""
    return suffix(path) in READERS


def read_seed(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> Seed | None:
    """One seed file that is one article: a saved web page, or what seeds.read_seed reads (text, Markdown)."""
    if suffix(path) in PAGE_SUFFIXES:
        return reader("page").read_page(path, rel, diagnostics, max_bytes)
    return seeds.read_seed(path, rel, diagnostics, max_bytes)


def reader(name: str):
    """The module of one format."""
    return importlib.import_module(f".{name}", __name__)


def record_rel(container: str, key: str) -> str:
    """A record's `source`: the container's path, '#', its key made one path segment (percent-encoded, bounded so
    that the file name and key stay under the 255 bytes a file name may have)."""
    safe = quote(key, safe=_KEY_SAFE)
    room = max(MAX_NAME_BYTES - len(container.rsplit("/", 1)[-1].encode()) - 1, 13)
    if len(safe) > min(MAX_KEY, room):
        safe = safe[: min(MAX_KEY, room) - 13] + "~" + short_hash(key, 12)
    return f"{container}#{safe}"


class Container:
    """A seed file with many articles, streamed: never read whole (feeds, bounded by max_seed_bytes, excepted)."""

    def __init__(self, path: Path, rel: str, options: Options):
        self.path, self.rel, self.options = path, rel, options
        self.reader = reader(READERS[suffix(path)])
        self.skipped = 0  # records that hold no article (WARC requests, images, …), and repeated captures
        self.complete = True  # False when some record could not be read: no article of the file is removed
        # feeds are rolling windows: an entry that has left the feed stays in the archive
        self.keeps_missing = getattr(self.reader, "KEEPS_MISSING", False)

    def open(self, diagnostics: Diagnostics):
        """The file opened to read bytes, or None with one warning (its articles are kept as they were)."""
        try:
            return self.path.open("rb")
        except OSError as exc:
            self.warn(diagnostics, "W220", f"file cannot be read ({exc.strerror or exc}); its articles are kept "
                      "as they were")
            return None

    def records(self, diagnostics: Diagnostics) -> Iterator[Record]:
        """Every record's identity and hash, with a warning for each bad one."""
        for item, rel in self._items(diagnostics):
            yield Record(rel, item.sha256, self.path, self.rel)

    def seeds(self, wanted: set[str], diagnostics: Diagnostics) -> Iterator[tuple[str, Seed | None, bool]]:
        """(source, Seed or None, whether reading it warned) for the records whose source is wanted, in file
        order. The file is streamed again; what streaming it warns about was reported by records()."""
        quiet = Diagnostics(echo=False)
        for item, rel in self._items(quiet):
            if rel not in wanted:
                continue
            before = len(diagnostics.items)
            found = item.fields(diagnostics)
            seed = fields.to_seed(found, self.path, self.rel, rel, item.sha256, item.line, diagnostics,
                                  item.where) if found else None
            yield rel, seed, len(diagnostics.items) != before

    def _items(self, diagnostics: Diagnostics) -> Iterator[tuple[Item, str]]:
        """Each record with its source; a second record with the same identity is a duplicate (same content:
        skipped) or kept apart under its identity plus a hash of its content."""
        self.skipped, self.complete = 0, True
        seen: dict[str, tuple[str, int | str | None]] = {}  # key -> (its hash, shortened; where it was): small
        for item in self.reader.items(self, diagnostics):
            key = item.key
            if key in seen:
                first_sha, first_at = seen[key]
                first_at = f"line {first_at}" if isinstance(first_at, int) else first_at or "an earlier record"
                if getattr(self.reader, "SKIP_REPEATS", False) or item.sha256[:16] == first_sha:
                    if not getattr(self.reader, "SKIP_REPEATS", False):
                        self.warn(diagnostics, "W210", f"same record as {first_at}; skipped", item)
                    self.skipped += 1
                    continue
                self.warn(diagnostics, "W210", f"id {fields.bounded(key)} is already used by {first_at}; kept as "
                          "an article of its own (give each record its own id)", item)
                key = f"{key}~{item.sha256[:8]}"
            seen[key] = (item.sha256[:16], item.line or item.where)
            yield item, record_rel(self.rel, key)

    def warn(self, diagnostics: Diagnostics, code: str, message: str, item: Item | None = None,
             line: int | None = None, where: str | None = None) -> None:
        """A warning about this file, at a record's line (or its place, where lines do not apply)."""
        line = item.line if item else line
        where = item.where if item else where
        if code in LOSING:
            self.complete = False
        diagnostics.warn(code, f"{where}: {message}" if where and not line else message, self.rel, line)
