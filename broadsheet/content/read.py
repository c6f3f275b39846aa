"""Read content/*.md back: provenance for the extraction half, Articles for the site half."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

import yaml

from ..core import slugs
from ..core.config import ENTITY_TYPES
from ..core.data import Article, EntityRef
from ..core.diagnostics import Diagnostics, os_problem, shown
from ..core.text import (INVISIBLE, clean_name, first_control, invisible_name_message, plain, strip_controls, visible,
                         written_name_counts)
from ..extract import frontmatter
from .provenance import source_fields

MAX_ENTITIES = 500  # per article; real ones have fewer than 150, and companions cost the square of this
# An article's Markdown shown at most: twice the text a seed is read to (extraction escapes symbols), and about
# two seconds of Markdown rendering at worst (emphasis or links on every character: 10 µs a character).
MAX_BODY_CHARS = 200_000


@dataclass(frozen=True)
class ContentFile:
    """What a content/ file says about where it came from."""

    path: Path
    slug: str
    source: str | None
    source_sha256: str | None
    extractor: str | None
    edited: bool  # a person changed it since Broadsheet wrote it
    broken: bool = False  # its front matter cannot be read: its seed is left alone until a person fixes it


def scan(folder: Path, known: dict[str, tuple] | None = None,
         listing: dict[Path, tuple[int, int]] | None = None,
         parsed: dict[Path, ContentFile] | None = None) -> tuple[dict[str, ContentFile], dict[str, tuple]]:
    """Every content file keyed by its `source`, read only as far as provenance goes.

    `known` maps path -> ((size, mtime_ns), ContentFile) from an earlier scan; files whose size and
    mtime are unchanged are not read again. `listing`: the folder's content files with their (size, mtime_ns),
    when this build has listed them already (`content_files`). `parsed`: entries this build made already while
    loading the files as articles (`load_article`), so they are not read and parsed a second time. Returns the
    index and the updated `known`.
    """
    index: dict[str, ContentFile] = {}
    seen: dict[str, tuple] = {}
    if listing is None:
        if not folder.is_dir():
            return index, seen
        listing = {path: (stat.st_size, stat.st_mtime_ns) for path, stat in content_files(folder)}
    for path, stamp in listing.items():
        cached = (known or {}).get(str(path))
        entry = cached[1] if cached and cached[0] == stamp else None
        if entry is None:
            entry = (parsed or {}).get(path) or scan_file(path, cached[1] if cached else None)
        seen[str(path)] = (stamp, entry)
        if entry.source:
            index[entry.source] = entry
    return index, seen


def is_content_name(name: str) -> bool:
    """Whether a file name in content/ may be a content file (see content_files)."""
    return name.endswith(".md") and not name.startswith(".")


def content_files(folder: Path, diagnostics: Diagnostics | None = None) -> list[tuple[Path, os.stat_result]]:
    """Every content file in folder, sorted, with its stat: each `*.md` that is a regular file, or a symlink to
    one inside the folder. Hidden names (`.draft.md`; an editor's lock file `.#x.md`, often a link to nothing)
    are no content and never published: they are left out without a word, as are names not ending in `.md`
    (`#x.md#`, `x.md~`, `.x.md.swp`); any other `*.md` that is no file to read (a broken, looping or outside
    link, a folder, a pipe) is reported to `diagnostics` (W135) and never opened. OSError when the folder
    itself cannot be listed."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not is_content_name(entry.name):
                continue
            path = Path(entry.path)
            stat, problem = _content_stat(entry, folder)
            if problem:
                if diagnostics:
                    diagnostics.warn("W135", f"{problem}; skipped", path)
                continue
            found.append((path, stat))
    return sorted(found, key=lambda item: item[0])


def _content_stat(entry: os.DirEntry, folder: Path) -> tuple[os.stat_result | None, str | None]:
    """(stat, None) for an entry that is a content file to read, else (None, why it is not)."""
    try:
        if entry.is_symlink():
            target = Path(entry.path).resolve(strict=True)
            if not target.is_relative_to(folder.resolve()):
                return None, ("is a symbolic link to a file outside the content folder, which is not followed; "
                              "copy the file into the content folder instead")
        stat = entry.stat()
    except (OSError, RuntimeError):
        return None, "is a symbolic link to nothing (or a loop of links)"
    if S_ISDIR(stat.st_mode):
        return None, "is a folder, not a content file"
    if not S_ISREG(stat.st_mode):
        return None, "is not a regular file (a pipe, socket or device), so it is not read"
    return stat, None


_SOURCE_LINE = re.compile(r"^source:[ \t]*['\"]?(\S.*?)['\"]?[ \t]*$", re.MULTILINE)  # quotes loosely: it may hold the typo


def scan_file(path: Path, before: ContentFile | None = None) -> ContentFile:
    """Where one content file came from, and whether a person edited it.

    A file whose front matter cannot be read (a person's typo) is marked broken and keeps its seed: the one
    `before` (the last scan that could read it) names, else its `source:` line. Its seed is then not
    extracted again into a second file, which would show the article twice once the typo is fixed."""
    try:
        text = path.read_text(encoding="utf-8")
        meta, _ = frontmatter.split(text)
    except (UnicodeDecodeError, frontmatter.FrontMatterError, OSError):  # reported when the site half loads it
        source = before.source if before else None
        if source is None:
            try:
                source = source_entry(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:  # unreadable (permissions): its seed is left alone only if an earlier scan named it
                source = None
        return ContentFile(path, before.slug if before else path.stem, source, None, None, edited=True, broken=True)
    return scanned_file(path, meta, text)


def scanned_file(path: Path, meta: dict[str, Any], text: str) -> ContentFile:
    """What scan_file makes of a content file whose front matter `meta` was read from the whole of `text`."""
    source = meta.get("source")
    return ContentFile(path, str(meta.get("slug") or path.stem), source if isinstance(source, str) else None,
                       meta.get("source_sha256"), meta.get("extractor"), is_edited(text))


def source_entry(text: str) -> str | None:
    """The `source:` of a content file whose front matter as a whole is not YAML: that one entry (with the
    lines it continues on) read as YAML, so a file name YAML had to quote or escape (`it's: x.txt`, a
    newline) comes back exactly as written; failing that, the line read loosely."""
    match = _SOURCE_LINE.search(text)
    if not match:
        return None
    lines = text[match.start():].split("\n")
    entry = [lines[0]] + list(itertools.takewhile(lambda line: not line or line[0] in " \t", lines[1:]))
    try:
        value = yaml.safe_load("\n".join(entry))
    except yaml.YAMLError:
        value = None
    if isinstance(value, dict) and isinstance(value.get("source"), str):
        return value["source"]
    return match.group(1)


def load_article(path: Path, diagnostics: Diagnostics, scanned: list[ContentFile] | None = None) -> Article | None:
    """One content file as an Article; a warning naming the file and line when it is unusable.

    `scanned` receives what scan_file would make of the file, read from the same text, when its front matter
    reads as it is (a file scan_file would find broken, or that holds control characters, gets none): a
    render-only build then need not parse every file a second time to count the seeds it left out."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        diagnostics.warn("W140", "content file is not UTF-8; save it as UTF-8; skipped", path)
        return None
    except OSError as exc:
        diagnostics.warn("W137", f"content file cannot be read ({os_problem(exc)}); skipped", path)
        return None
    found = first_control(text)
    if found >= 0:
        scanned = None  # scan_file reads the text as it is, not with its control characters left out
        line = text[:found].count("\n") + 1
        diagnostics.warn("W148", "content file contains control characters, which no page may show; they were "
                         "left out (remove them from the file to silence this)", path, line)
        text = strip_controls(text)
    try:
        meta, body, dropped = frontmatter.read(text)
    except frontmatter.FrontMatterError as exc:
        diagnostics.warn("W141", f"{exc.message}; fix it and rebuild; article skipped", path, exc.line)
        return None
    if scanned is not None:
        scanned.append(scanned_file(path, meta, text))
    if dropped:
        message, line = frontmatter.dropped_warning(dropped)
        diagnostics.warn("W122", message, path, line)
    if len(body) > MAX_BODY_CHARS:
        line = text.count("\n", 0, len(text) - len(body) + MAX_BODY_CHARS) + 1
        diagnostics.warn("W123", f"article text is {len(body):,} characters, over the {MAX_BODY_CHARS:,} shown; the "
                         "rest is left out (split it into several articles)", path, line)
        body = body[:MAX_BODY_CHARS]
    source = meta.get("source")  # a seed's file name, exactly (it is how the seed is matched); shown escaped
    meta, line = frontmatter.clean({k: v for k, v in meta.items() if k != "source"}, text)
    if line:
        diagnostics.warn("W190", frontmatter.ESCAPED_CONTROLS, path, line)
    if source is not None:
        meta["source"] = source
    return article_from(meta, body, path, text, diagnostics)


def article_from(meta: dict[str, Any], body: str, path: Path, text: str, diagnostics: Diagnostics) -> Article | None:
    """An Article from parsed front matter and body; `text` is the whole file, for line numbers."""
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        diagnostics.warn("W142", "front matter needs a 'title' (text); article skipped", path, _line_of(text, "title"))
        return None
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, str):
        date = _iso_date(date)
    if date is not None and not isinstance(date, dt.date):
        diagnostics.warn("W143", f"'date' must be YYYY-MM-DD or null, not {shown(date)}; article kept undated",
                         path, _line_of(text, "date"))
        date = None
    slug = _article_slug(meta.get("slug"), path, text, diagnostics)
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else ""
    captions = _captions(meta.get("captions"), path, text, diagnostics)
    body_text = plain(body.strip())
    written = written_name_counts(body_text)
    return Article(
        slug=slug,
        title=title.strip(),
        date=date,
        summary=summary,
        body_md=body.strip(),
        entities=_entity_refs(meta.get("entities"), path, text, diagnostics),
        source=visible(str(meta.get("source") or os.path.basename(path))),
        words=meta.get("words") if isinstance(meta.get("words"), int) else len(body.split()),
        path=path,
        captions=captions,
        edited=is_edited(text),
        plain=body_text,
        names=tuple(written),
        name_counts=tuple(written.values()),
        **source_fields(meta, path, text, diagnostics),
    )


def _captions(raw: Any, path: Path, text: str, diagnostics: Diagnostics) -> tuple[str, ...]:
    """Photo captions: a list of text; anything else is ignored with a warning."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        diagnostics.warn("W147", "'captions' must be a list of text lines; ignored", path, _line_of(text, "captions"))
        return ()
    return tuple(raw)


def _iso_date(text: str) -> dt.date | str:
    """A quoted 'YYYY-MM-DD' as a date; anything else unchanged (and reported by the caller)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return text


def _article_slug(given: Any, path: Path, text: str, diagnostics: Diagnostics) -> str:
    """The front matter's slug when it is URL-safe; else a safe one made from it, with a warning."""
    slug = given if isinstance(given, str) and given else path.stem
    if slugs.is_safe(slug):
        return slug
    safe = slugs.slugify(slug) or slugs.slugify(path.stem, fallback="article-" + slugs.short_hash(path.name))
    diagnostics.warn("W144", f"slug {shown(slug)} is not URL-safe (use a-z, 0-9 and hyphens); using {shown(safe)}",
                     path, _line_of(text, "slug"))
    return safe


def _entity_refs(raw: Any, path: Path, text: str, diagnostics: Diagnostics) -> tuple[EntityRef, ...]:
    """The front matter's entity list as EntityRefs; a warning for each unusable entry."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        diagnostics.warn("W145", "'entities' must be a list of {name, type}; ignored", path, _line_of(text, "entities"))
        return ()
    refs = []

    lines: list[int] = []  # each entry's line, worked out at the first warning

    def warn(index: int, problem: str, code: str = "W145") -> None:  # at the entry's own line
        if not lines:
            lines.extend(frontmatter.item_lines(text, "entities") or [0])
        line = lines[index] if index < len(lines) and lines[index] else _line_of(text, "entities")
        diagnostics.warn(code, problem, path, line)

    for index, item in enumerate(raw):
        if isinstance(item, str):
            item = {"name": item}
        name = item.get("name") if isinstance(item, dict) else None
        kind = item.get("type", "organization") if isinstance(item, dict) else None
        clean = clean_name(name) if isinstance(name, str) else ""
        if not clean or kind not in ENTITY_TYPES:
            warn(index, f"entity {shown(item)} needs a name and a type ({', '.join(ENTITY_TYPES)}); ignored")
            continue
        aliases = item.get("aliases") or ()
        if not isinstance(aliases, list) and aliases:
            warn(index, f"entity {shown(name)}: 'aliases' must be a list of names; ignored")
            aliases = ()
        mentions = item.get("mentions", 1)
        if not isinstance(mentions, int) or isinstance(mentions, bool) or mentions < 1:
            warn(index, f"entity {shown(name)}: 'mentions' must be a whole number of at least 1, not "
                 f"{shown(mentions)}; counted as 1")
            mentions = 1
        confidence = item.get("confidence", 1.0)
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            warn(index, f"entity {shown(name)}: 'confidence' must be a number from 0 to 1, not {_short(confidence)}; "
                 "counted as 1 (the entity gets its page)", "W230")
            confidence = 1.0
        if aliases:
            aliases = [a for a in aliases if isinstance(a, str)]
        if aliases or not name.isascii():
            invisible = next((n for n in (name, *aliases) if INVISIBLE.search(n)), None)
            if invisible is not None:  # a zero-width space must not make another entity, nor rename this one's page
                warn(index, invisible_name_message(invisible), "W193")
            aliases = tuple(c for c in map(clean_name, aliases) if c)
        refs.append(EntityRef(name=clean, type=kind, mentions=mentions, aliases=tuple(aliases),
                              confidence=float(confidence)))
    if len(refs) > MAX_ENTITIES:
        diagnostics.warn("W149", f"{len(refs):,} entities listed; only the first {MAX_ENTITIES} are used", path,
                         _line_of(text, "entities"))
    return tuple(refs[:MAX_ENTITIES])


def _short(value: Any) -> str:
    """A bounded repr for messages."""
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _line_of(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in a content file."""
    match = re.search(rf"^{re.escape(key)}:", text, re.MULTILINE)
    return text[: match.start()].count("\n") + 1 if match else None


_CHECKSUM_LINE = re.compile(r"^checksum: [0-9a-f]{64}\n", re.MULTILINE)


def is_edited(text: str) -> bool:
    """True when the file no longer matches the checksum Broadsheet wrote into it."""
    match = _CHECKSUM_LINE.search(text)
    if not match:
        return True
    without = text[: match.start()] + text[match.end():]
    return hashlib.sha256(without.encode("utf-8")).hexdigest() != match.group(0)[10:74]


# --- rows for the build records' caches: plain JSON data, checked field by field when read back -------

def content_file_row(scanned: tuple[tuple[int, int], ContentFile]) -> list | None:
    """A scan entry as plain data for the records; None when a field is not text (then it is scanned again)."""
    stamp, entry = scanned
    if not all(value is None or isinstance(value, str) for value in (entry.source, entry.source_sha256,
                                                                      entry.extractor)):
        return None
    return [*stamp, entry.slug, entry.source, entry.source_sha256, entry.extractor, entry.edited, entry.broken]


def content_file_from_row(path: str, row: Any) -> tuple[tuple[int, int], ContentFile]:
    """The (stamp, ContentFile) content_file_row made; ValueError or TypeError when the row does not fit."""
    size, mtime, slug, source, sha256, extractor, edited, broken = row
    if not (_ints(size, mtime) and type(slug) is str and _bools(edited, broken)
            and all(v is None or type(v) is str for v in (source, sha256, extractor))):
        raise ValueError(f"content file row for {path[:80]!r}")
    return (size, mtime), ContentFile(Path(path), slug, source, sha256, extractor, edited, broken)


def article_row(loaded: tuple[tuple[int, int], Article]) -> list:
    """A loaded Article as plain data for the records (its path is the row's key)."""
    stamp, a = loaded
    return [*stamp, a.slug, a.title, a.date.isoformat() if a.date else None, a.summary, a.body_md,
            [[e.name, e.type, e.mentions, list(e.aliases), e.confidence] for e in a.entities], a.source, a.words,
            list(a.captions), a.edited, a.plain, a.source_url, list(a.authors), a.section, list(a.names), list(a.name_counts)]


def article_from_row(path: str, row: Any) -> tuple[tuple[int, int], Article]:
    """The (stamp, Article) article_row made; ValueError or TypeError when the row does not fit."""
    size, mtime, slug, title, date, summary, body, entities, source, words, captions, edited, text, url, authors, \
        section, names, name_counts = row
    if not (_ints(size, mtime) and slugs.is_safe(slug) and _texts(title, summary, body, source, text)
            and isinstance(words, int) and _bools(edited) and (date is None or type(date) is str)
            and type(entities) is list and type(captions) is list and _texts(*captions)
            and type(authors) is list and _texts(*authors) and type(names) is list and _texts(*names)
            and type(name_counts) is list and len(name_counts) == len(names) and _ints(*name_counts)
            and all(v is None or type(v) is str for v in (url, section))):
        raise ValueError(f"article row for {path[:80]!r}")
    return (size, mtime), Article(slug=slug, title=title, date=dt.date.fromisoformat(date) if date else None,
                                  summary=summary, body_md=body, entities=tuple(map(_entity_from_row, entities)),
                                  source=source, words=words, path=Path(path), captions=tuple(captions),
                                  edited=edited, plain=text, source_url=url, authors=tuple(authors), section=section,
                                  names=tuple(names), name_counts=tuple(name_counts))


def _entity_from_row(row: Any) -> EntityRef:
    name, kind, mentions, aliases, confidence = row
    if not (type(name) is str and kind in ENTITY_TYPES and _ints(mentions) and type(aliases) is list
            and _texts(*aliases) and type(confidence) in (int, float) and 0 <= confidence <= 1):
        raise ValueError(f"entity row {str(row)[:80]!r}")
    return EntityRef(name, kind, mentions, tuple(aliases), float(confidence))


def _ints(*values: Any) -> bool:
    return all(type(v) is int for v in values)


def _bools(*values: Any) -> bool:
    return all(type(v) is bool for v in values)


def _texts(*values: Any) -> bool:
    return all(type(v) is str for v in values)
