"""Read content/*.md back: provenance for the extraction half, Articles for the site half."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

from ..core import slugs
from ..core.config import ENTITY_TYPES
from ..core.data import Article, EntityRef
from ..core.diagnostics import Diagnostics, os_problem
from ..core.text import CONTROL_CHARS, plain, strip_controls
from ..extract import frontmatter

MAX_ENTITIES = 500  # per article; real ones have fewer than 150, and companions cost the square of this


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


def scan(folder: Path, known: dict[str, tuple] | None = None) -> tuple[dict[str, ContentFile], dict[str, tuple]]:
    """Every content file keyed by its `source`, read only as far as provenance goes.

    `known` maps path -> ((size, mtime_ns), ContentFile) from an earlier scan; files whose size and
    mtime are unchanged are not read again. Returns the index and the updated `known`.
    """
    index: dict[str, ContentFile] = {}
    seen: dict[str, tuple] = {}
    if not folder.is_dir():
        return index, seen
    for path, stat in content_files(folder):
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = (known or {}).get(str(path))
        entry = cached[1] if cached and cached[0] == stamp else scan_file(path, cached[1] if cached else None)
        seen[str(path)] = (stamp, entry)
        if entry.source:
            index[entry.source] = entry
    return index, seen


def content_files(folder: Path, diagnostics: Diagnostics | None = None) -> list[tuple[Path, os.stat_result]]:
    """Every content file in folder, sorted, with its stat: each `*.md` that is a regular file, or a symlink to
    one inside the folder. Hidden names (an editor's lock file `.#x.md`, often a link to nothing) are left out
    without a word, as are names not ending in `.md` (`#x.md#`, `x.md~`, `.x.md.swp`); any other `*.md` that is
    no file to read (a broken, looping or outside link, a folder, a pipe) is reported to `diagnostics` (W135)
    and never opened. OSError when the folder itself cannot be listed."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.endswith(".md") or entry.name.startswith("."):
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
                found = _SOURCE_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:  # unreadable (permissions): its seed is left alone only if an earlier scan named it
                found = None
            source = found.group(1) if found else None
        return ContentFile(path, before.slug if before else path.stem, source, None, None, edited=True, broken=True)
    source = meta.get("source")
    return ContentFile(path, str(meta.get("slug") or path.stem), source if isinstance(source, str) else None,
                       meta.get("source_sha256"), meta.get("extractor"), is_edited(text))


def load_article(path: Path, diagnostics: Diagnostics) -> Article | None:
    """One content file as an Article; a warning naming the file and line when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        diagnostics.warn("W140", "content file is not UTF-8; save it as UTF-8; skipped", path)
        return None
    except OSError as exc:
        diagnostics.warn("W137", f"content file cannot be read ({os_problem(exc)}); skipped", path)
        return None
    if CONTROL_CHARS.search(text):
        line = text[: CONTROL_CHARS.search(text).start()].count("\n") + 1
        diagnostics.warn("W148", "content file contains control characters, which no page may show; they were "
                         "left out (remove them from the file to silence this)", path, line)
        text = strip_controls(text)
    try:
        meta, body = frontmatter.split(text)
    except frontmatter.FrontMatterError as exc:
        diagnostics.warn("W141", f"{exc.message}; fix it and rebuild; article skipped", path, exc.line)
        return None
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
        diagnostics.warn("W143", f"'date' must be YYYY-MM-DD or null, not {date!r}; article kept undated",
                         path, _line_of(text, "date"))
        date = None
    slug = _article_slug(meta.get("slug"), path, text, diagnostics)
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else ""
    captions = _captions(meta.get("captions"), path, text, diagnostics)
    return Article(
        slug=slug,
        title=title.strip(),
        date=date,
        summary=summary,
        body_md=body.strip(),
        entities=_entity_refs(meta.get("entities"), path, text, diagnostics),
        source=str(meta.get("source") or os.path.basename(path)),
        words=meta.get("words") if isinstance(meta.get("words"), int) else len(body.split()),
        path=path,
        captions=captions,
        edited=is_edited(text),
        plain=plain(body.strip()),
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
    diagnostics.warn("W144", f"slug {slug!r} is not URL-safe (use a-z, 0-9 and hyphens); using {safe!r}", path,
                     _line_of(text, "slug"))
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

    def warn(index: int, problem: str) -> None:  # at the entry's own line
        if not lines:
            lines.extend(frontmatter.item_lines(text, "entities") or [0])
        line = lines[index] if index < len(lines) and lines[index] else _line_of(text, "entities")
        diagnostics.warn("W145", problem, path, line)

    for index, item in enumerate(raw):
        if isinstance(item, str):
            item = {"name": item}
        name = item.get("name") if isinstance(item, dict) else None
        kind = item.get("type", "organization") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or kind not in ENTITY_TYPES:
            warn(index, f"entity {item!r} needs a name and a type ({', '.join(ENTITY_TYPES)}); ignored")
            continue
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            warn(index, f"entity {name!r}: 'aliases' must be a list of names; ignored")
            aliases = []
        mentions = item.get("mentions", 1)
        if not isinstance(mentions, int) or isinstance(mentions, bool) or mentions < 1:
            warn(index, f"entity {name!r}: 'mentions' must be a whole number of at least 1, not {mentions!r}; "
                 "counted as 1")
            mentions = 1
        refs.append(EntityRef(name=" ".join(name.split()), type=kind, mentions=mentions,
                              aliases=tuple(a for a in aliases if isinstance(a, str))))
    if len(refs) > MAX_ENTITIES:
        diagnostics.warn("W149", f"{len(refs):,} entities listed; only the first {MAX_ENTITIES} are used", path,
                         _line_of(text, "entities"))
    return tuple(refs[:MAX_ENTITIES])


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
