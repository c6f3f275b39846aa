"""Find seed files and read them into Seeds: formats, encodings, dates. No NLP here."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from ..core import slugs
from ..core.data import Seed
from ..core.diagnostics import Diagnostics, os_problem
from ..core.text import CONTROL_CHARS, strip_controls
from . import frontmatter

SEED_SUFFIXES = {".txt", ".md", ".markdown"}
MAX_TITLE = 300
MAX_ARTICLE_CHARS = 100_000  # ~16,000 words: far beyond any news story, and what spaCy handles in ~2 s
# `date 2022-03-01 lede…` (also `date: 2022-03-01`); the value must look like a date (three numbers), so a
# headline such as "Date set for the vote" or "Date: 12 May set for vote" stays a headline.
DATE_LINE = re.compile(r"\A\s*date(?:\s*:\s*|\s+)(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})(?=\s|\Z)\s*", re.IGNORECASE)
_OTHER_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


def find_seeds(folder: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every seed file under folder, recursively, sorted; hidden files and folders are left out, and
    symlinks that leave the folder, loop or point at nothing are refused with a warning."""
    if not folder.is_dir():
        diagnostics.error("E101", "seeds folder not found; create it or pass --seeds DIR", folder)
        return []
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder)
        if any(part.startswith(".") for part in inside.parts):
            continue
        if path.is_symlink() and path.is_dir():
            diagnostics.warn("W110", "symlinked folder is not followed (copy its files into the seeds folder "
                             "to include them)", Path(folder.name, inside).as_posix())
            continue
        problem = _unreadable_folder(path)
        if problem:
            diagnostics.warn("W136", f"folder cannot be read ({problem}); the seeds in it are left out, and the "
                             "content files made from them are kept", Path(folder.name, inside).as_posix())
            continue
        if path.suffix.lower() not in SEED_SUFFIXES:
            continue
        if path.is_symlink():
            problem = _symlink_problem(path, root)
            if problem:
                diagnostics.warn("W110", problem, Path(folder.name, inside).as_posix())
                continue
        if path.is_file():
            found.append(path)
    return found


def _unreadable_folder(path: Path) -> str | None:
    """Why a folder (not a link to one) found among the seeds cannot be listed, or None (also for files)."""
    try:
        if path.is_symlink() or not path.is_dir():
            return None
        with os.scandir(path):
            return None
    except OSError as exc:
        return os_problem(exc)


def _symlink_problem(path: Path, root: Path) -> str | None:
    """Why a symlinked seed cannot be read, or None when it points at a file inside the seeds folder."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "symlink is broken or loops; skipped"
    if not target.is_relative_to(root):
        return "symlink points outside the seeds folder; not followed (copy the file into the seeds folder to include it)"
    return None


def read_seed(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> Seed | None:
    """Read one seed file; None (with a warning) when it cannot be used."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            diagnostics.warn("W102", f"file is {size:,} bytes, over max_seed_bytes ({max_bytes:,}); skipped "
                             "(raise max_seed_bytes in config.yaml to include it)", rel)
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.warn("W112", f"file cannot be read ({exc.strerror or exc}); skipped", rel)
        return None
    text = decode(data, rel, diagnostics)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL_CHARS.search(text):
        diagnostics.warn("W105", "file contains control characters (such as NUL bytes), which no page may show; "
                         "they were removed", rel)
        text = strip_controls(text)
    if not text.strip():
        diagnostics.warn("W101", "file is empty; skipped", rel)
        return None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in {".md", ".markdown"} and text.lstrip("\ufeff").startswith("---"):
        return _read_markdown(path, rel, sha, text, diagnostics)
    return _read_text(path, rel, sha, text, diagnostics)


def decode(data: bytes, rel: str, diagnostics: Diagnostics) -> str | None:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM or not), else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            diagnostics.warn("W103", "file starts like UTF-16 but does not decode; save it as UTF-8; skipped", rel)
            return None
    encoding = _bomless_utf16(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text.encode("utf-8")):
            diagnostics.warn("W103", f"file has no byte-order mark but reads as {encoding.upper()}; "
                             "save it as UTF-8 to silence this", rel)
            return text
    if _looks_binary(data):
        diagnostics.warn("W104", "file is binary, not text; skipped", rel)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        diagnostics.warn("W106", "file is not UTF-8; read as Windows-1252 (Latin-1); save it as UTF-8 "
                         "to silence this", rel, line)
        return text


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like ASCII-range text stored in UTF-16 without a BOM."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even_zero = head[0::2].count(0) / (len(head) / 2)
    odd_zero = head[1::2].count(0) / (len(head) / 2)
    if odd_zero > 0.7 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.7 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    """True for an image, PDF or archive signature, or more than 10% control bytes at the start."""
    head = data[:8192]
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04")):
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.10


def _read_text(path: Path, rel: str, sha: str, text: str, diagnostics: Diagnostics) -> Seed | None:
    """The mission's `date YYYY-MM-DD lede…` format, or title-first plain text."""
    text = text.lstrip("\ufeff")
    match = DATE_LINE.match(text)
    if match:
        line = text[: match.start(1)].count("\n") + 1
        date = parse_date(match.group(1), rel, line, diagnostics)
        body = text[match.end():]
        return _seed(path, rel, sha, body, None, date, diagnostics)
    stripped = text.strip("\n")
    first, _, rest = stripped.partition("\n")
    if rest.startswith("\n") and rest.strip():
        if len(first.strip()) <= MAX_TITLE:
            return _seed(path, rel, sha, rest, " ".join(first.split()), None, diagnostics)
        line = text[: text.find(first)].count("\n") + 1
        diagnostics.warn("W107", f"first line is {len(first.strip()):,} characters, too long for a title; "
                         "read as the first paragraph, and a title made from it", rel, line)
    return _seed(path, rel, sha, stripped, None, None, diagnostics)


def _read_markdown(path: Path, rel: str, sha: str, text: str, diagnostics: Diagnostics) -> Seed | None:
    """A .md seed whose YAML front matter a person wrote; its fields win over extraction."""
    try:
        meta, body = frontmatter.split(text.lstrip("\ufeff"))
    except frontmatter.FrontMatterError as exc:
        diagnostics.warn("W120", f"{exc.message}; front matter ignored, body kept", rel, exc.line)
        meta, body = {}, frontmatter.strip_block(text.lstrip("\ufeff"))
    meta = _checked_meta(meta, rel, text, diagnostics)
    date = meta.pop("date", None)
    title = meta.pop("title", None)
    return _seed(path, rel, sha, body, title, date, diagnostics, meta, _key_line(text, "title"))


def _checked_meta(meta: dict, rel: str, text: str, diagnostics: Diagnostics) -> dict:
    """Drop or repair front-matter fields of the wrong type, with a warning naming each field's line."""
    checked = dict(meta)
    for key in ("title", "summary", "slug"):
        if key in checked and not isinstance(checked[key], str):
            diagnostics.warn("W121", f"front matter '{key}' must be text, not {checked[key]!r}; ignored", rel,
                             _key_line(text, key))
            del checked[key]
    if "slug" in checked and not slugs.is_safe(checked["slug"]):
        safe = slugs.slugify(checked["slug"])
        diagnostics.warn("W121", f"front matter slug {checked['slug']!r} is not URL-safe (use a-z, 0-9 and "
                         f"hyphens); {'using ' + repr(safe) if safe else 'ignored'}", rel, _key_line(text, "slug"))
        checked["slug"] = safe
        if not safe:
            del checked["slug"]
    if "title" in checked:
        checked["title"] = " ".join(checked["title"].split())
    if "date" in checked:
        checked["date"] = _checked_date(checked["date"], rel, _key_line(text, "date"), diagnostics)
    if "entities" in checked and not isinstance(checked["entities"], list):
        diagnostics.warn("W121", "front matter 'entities' must be a list; ignored", rel, _key_line(text, "entities"))
        del checked["entities"]
    return checked


def _checked_date(value, rel: str, line: int | None, diagnostics: Diagnostics) -> dt.date | None:
    """A front-matter date as a date, or None with a warning."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value, rel, line, diagnostics)
    if value is not None:
        diagnostics.warn("W121", f"front matter 'date' must be YYYY-MM-DD, not {value!r}; kept undated", rel, line)
    return None


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in a document's front matter."""
    match = re.search(rf"^{re.escape(key)}\s*:", text.lstrip("\ufeff"), re.MULTILINE)
    return text.lstrip("\ufeff")[: match.start()].count("\n") + 1 if match else None


def _seed(path, rel, sha, body, title, date, diagnostics, meta=None, title_line=1) -> Seed | None:
    """A Seed from its parts, or None when it has no text; over-long titles and bodies are cut, with a warning."""
    body = normalise_body(body)
    if not body and not title:
        diagnostics.warn("W101", "file has no article text; skipped", rel)
        return None
    if title and len(title) > MAX_TITLE:
        diagnostics.warn("W107", f"title is {len(title):,} characters; shortened to {MAX_TITLE}", rel, title_line)
        title = title[:MAX_TITLE].rsplit(" ", 1)[0]
    if len(body) > MAX_ARTICLE_CHARS:
        diagnostics.warn("W111", f"article text is {len(body):,} characters, over the {MAX_ARTICLE_CHARS:,} "
                         "Broadsheet reads; the rest is left out (split it into several articles)", rel)
        body = _shorten(body, MAX_ARTICLE_CHARS)
    return Seed(path=path, rel=rel, sha256=sha, body=body, title=title, date=date, meta=meta or {})


def _shorten(body: str, limit: int) -> str:
    """body cut to at most limit characters, at a word boundary where there is one."""
    cut = body[:limit]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > limit // 2 else cut


def normalise_body(body: str) -> str:
    """Paragraphs split on blank lines, whitespace inside each collapsed to single spaces."""
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", body))
    return "\n\n".join(p for p in paragraphs if p)


def parse_date(value: str, rel: str, line: int | None, diagnostics: Diagnostics) -> dt.date | None:
    """An ISO date; other common formats with a warning; None with a warning when invalid."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        date = None
        for fmt in _OTHER_DATE_FORMATS:
            try:
                date = dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            diagnostics.warn("W108", f"date '{value}' read as {date.isoformat()}; write dates as YYYY-MM-DD",
                             rel, line)
            break
        if date is None:
            diagnostics.warn("W108", f"invalid date '{value}'; expected YYYY-MM-DD; article kept undated",
                             rel, line)
            return None
    if date > dt.date.today():
        diagnostics.warn("W109", f"date {date.isoformat()} is in the future; kept as written", rel, line)
    return date
