"""Find seed files and read them into Seeds: formats, encodings, dates. No NLP here."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from . import frontmatter
from .diagnostics import Diagnostics
from .model import Seed

SEED_SUFFIXES = {".txt", ".md", ".markdown"}
DATE_LINE = re.compile(r"\A\s*date\s+(\S+)\s*", re.IGNORECASE)
_OTHER_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


def find_seeds(folder: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every seed file under folder, recursively, sorted; symlinks leaving the folder are refused."""
    if not folder.is_dir():
        diagnostics.error("E101", "seeds folder not found; create it or pass --seeds DIR", folder)
        return []
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or path.suffix.lower() not in SEED_SUFFIXES:
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            diagnostics.warn("W110", "symlink points outside the seeds folder; not followed", path)
            continue
        if path.is_file():
            found.append(path)
    return found


def read_seed(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> Seed | None:
    """Read one seed file; None (with a warning) when it cannot be used."""
    size = path.stat().st_size
    if size > max_bytes:
        diagnostics.warn("W102", f"file is {size:,} bytes, over max_seed_bytes ({max_bytes:,}); skipped "
                         "(raise max_seed_bytes in config.yaml to include it)", rel)
        return None
    data = path.read_bytes()
    text = decode(data, rel, diagnostics)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        diagnostics.warn("W105", "file contains NUL bytes; they were removed", rel)
        text = text.replace("\x00", "")
    if not text.strip():
        diagnostics.warn("W101", "file is empty; skipped", rel)
        return None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in {".md", ".markdown"} and text.lstrip("\ufeff").startswith("---"):
        return _read_markdown(path, rel, sha, text, diagnostics)
    return _read_text(path, rel, sha, text, diagnostics)


def decode(data: bytes, rel: str, diagnostics: Diagnostics) -> str | None:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            diagnostics.warn("W103", "file starts like UTF-16 but does not decode; skipped", rel)
            return None
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


def _looks_binary(data: bytes) -> bool:
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
    if rest.startswith("\n") and rest.strip() and len(first.strip()) <= 300:
        return _seed(path, rel, sha, rest, first.strip(), None, diagnostics)
    return _seed(path, rel, sha, stripped, None, None, diagnostics)


def _read_markdown(path: Path, rel: str, sha: str, text: str, diagnostics: Diagnostics) -> Seed | None:
    """A .md seed whose YAML front matter a person wrote; its fields win over extraction."""
    try:
        meta, body = frontmatter.split(text.lstrip("\ufeff"))
    except frontmatter.FrontMatterError as exc:
        diagnostics.warn("W120", f"{exc.message}; front matter ignored, body kept", rel, exc.line)
        meta, body = {}, frontmatter.strip_block(text.lstrip("\ufeff"))
    meta = _checked_meta(meta, rel, diagnostics)
    date = meta.pop("date", None)
    title = meta.pop("title", None)
    return _seed(path, rel, sha, body, title, date, diagnostics, meta)


def _checked_meta(meta: dict, rel: str, diagnostics: Diagnostics) -> dict:
    """Drop front-matter fields of the wrong type, with a warning each."""
    checked = dict(meta)
    for key, kind in (("title", str), ("summary", str), ("slug", str)):
        if key in checked and not isinstance(checked[key], kind):
            diagnostics.warn("W121", f"front matter '{key}' must be text, not {checked[key]!r}; ignored", rel)
            del checked[key]
    if "date" in checked:
        value = checked["date"]
        if isinstance(value, dt.datetime):
            checked["date"] = value.date()
        elif isinstance(value, str):
            checked["date"] = parse_date(value, rel, None, diagnostics)
        elif not isinstance(value, dt.date):
            if value is not None:
                diagnostics.warn("W121", f"front matter 'date' must be YYYY-MM-DD, not {value!r}; kept undated", rel)
            checked["date"] = None
    if "entities" in checked and not isinstance(checked["entities"], list):
        diagnostics.warn("W121", "front matter 'entities' must be a list; ignored", rel)
        del checked["entities"]
    return checked


def _seed(path, rel, sha, body, title, date, diagnostics, meta=None) -> Seed | None:
    body = normalise_body(body)
    if not body and not title:
        diagnostics.warn("W101", "file has no article text; skipped", rel)
        return None
    if title and len(title) > 300:
        diagnostics.warn("W107", f"title is {len(title):,} characters; shortened to 300", rel, 1)
        title = title[:300].rsplit(" ", 1)[0]
    return Seed(path=path, rel=rel, sha256=sha, body=body, title=title, date=date, meta=meta or {})


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
