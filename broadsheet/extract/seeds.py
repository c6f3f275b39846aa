"""Find seed files and read them into Seeds: formats, encodings, dates. No NLP here."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..core import slugs
from ..core.data import Seed
from ..core.diagnostics import Diagnostics, os_problem, shown
from ..core.text import INVISIBLE, clean_name, first_control, invisible_name_message, strip_controls
from . import frontmatter
from .spacy_input import MAX_TOKENS, spacy_text

SEED_SUFFIXES = {".txt", ".md", ".markdown"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
MAX_TITLE = 300
MAX_ARTICLE_CHARS = 100_000  # ~16,000 words: far beyond any news story, and what spaCy handles in ~2 s
# The same punctuation mark or symbol more often in a row than this is noise (`((((`, `!!!!`, `----`, an emoji),
# and spaCy's tokenizer takes time quadratic in a run's length (20,000 `(` took 39 s): such runs are shortened.
MAX_RUN = 20
_RUN = re.compile(r"([^\w\s]|_)\1{%d,}" % MAX_RUN)
# `date 2022-03-01 lede…` (also `date: 2022-03-01`); the value must look like a date (three numbers), so a
# headline such as "Date set for the vote" or "Date: 12 May set for vote" stays a headline.
DATE_LINE = re.compile(r"\A\s*date(?:\s*:\s*|\s+)(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})(?=\s|\Z)\s*", re.IGNORECASE)
_OTHER_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


def find_seeds(folder: Path, diagnostics: Diagnostics, suffixes=SEED_SUFFIXES) -> list[Path]:
    """Every seed file under folder (a name ending in one of `suffixes`), recursively, sorted; hidden files and
    folders are left out, and symlinks that leave the folder, loop or point at nothing are refused with a warning."""
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
        if not path.name.lower().endswith(tuple(suffixes)):
            continue
        if not _usable_name(inside.as_posix(), Path(folder.name, inside).as_posix(), diagnostics):
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


def _usable_name(name: str, shown: str, diagnostics: Diagnostics) -> bool:
    """False (with a warning) for a file name that is not UTF-8, which no content file or page can name; a
    warning for one holding control or invisible characters (a newline, ESC, a bidirectional override), which
    is read all the same: every message shows them escaped, every page without them."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        diagnostics.warn("W192", "file name is not UTF-8 (its undecodable bytes are shown as \\udcXX); skipped: "
                         "rename the file", shown)
        return False
    if first_control(name) >= 0 or INVISIBLE.search(name) or "\t" in name or "\n" in name or "\r" in name:
        diagnostics.warn("W191", "file name holds control or invisible characters (shown escaped here); the "
                         "article is built, but rename the file so that messages and pages show its real name",
                         shown)
    return True


def _symlink_problem(path: Path, root: Path) -> str | None:
    """Why a symlinked seed cannot be read, or None when it points at a file inside the seeds folder."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "symlink is broken or loops; skipped"
    if not target.is_relative_to(root):
        return "symlink points outside the seeds folder; not followed (copy the file into the seeds folder to include it)"
    return None


def read_bytes(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> bytes | None:
    """A seed file's bytes; None (with a warning) when it is over max_bytes or cannot be read."""
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
    return data


def read_seed(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> Seed | None:
    """Read one seed file; None (with a warning) when it cannot be used."""
    data = read_bytes(path, rel, diagnostics, max_bytes)
    if data is None:
        return None
    text = decode(data, rel, diagnostics)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")  # a form feed breaks a page: a line
    if first_control(text) >= 0:
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
    text = decode_references(text.lstrip("\ufeff"))
    match = DATE_LINE.match(text)
    if match:
        line = text[: match.start(1)].count("\n") + 1
        date = parse_date(match.group(1), rel, line, diagnostics)
        body = text[match.end():]
        return _seed(path, rel, sha, body, None, date, diagnostics, body_line=text[: match.end()].count("\n") + 1)
    stripped = text.strip("\n")
    first_line = len(text) - len(text.lstrip("\n")) + 1
    first, _, rest = stripped.partition("\n")
    if rest.startswith("\n") and rest.strip():
        if len(first.strip()) <= MAX_TITLE:
            if path.suffix.lower() in MARKDOWN_SUFFIXES:
                first = _ATX_HEADING.sub("", first)  # `# Title` in a Markdown file: the title is `Title`
            return _seed(path, rel, sha, rest, " ".join(first.split()), None, diagnostics, body_line=first_line + 1)
        line = text[: text.find(first)].count("\n") + 1
        diagnostics.warn("W107", f"first line is {len(first.strip()):,} characters, too long for a title; "
                         "read as the first paragraph, and a title made from it", rel, line)
    return _seed(path, rel, sha, stripped, None, None, diagnostics, body_line=first_line)


_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});")


def decode_references(text: str) -> str:
    """HTML character references left in plain text decoded (`&#163;1.8m` -> `£1.8m`, `&amp;` -> `&`); one that
    names no printable character (`&#0;`, `&#27;`) or nothing known stays as written."""
    def decoded(match: re.Match) -> str:
        char = html.unescape(match.group(0))
        printable = char.isprintable() and "\ufffd" not in char
        return char if char and char != match.group(0) and printable else match.group(0)

    return _REFERENCE.sub(decoded, text) if "&" in text else text


def _read_markdown(path: Path, rel: str, sha: str, text: str, diagnostics: Diagnostics) -> Seed | None:
    """A .md seed whose YAML front matter a person wrote; its fields win over extraction."""
    try:
        meta, body, dropped = frontmatter.read(text.lstrip("\ufeff"))
    except frontmatter.FrontMatterError as exc:
        diagnostics.warn("W120", f"{exc.message}; front matter ignored, body kept", rel, exc.line)
        meta, body, dropped = {}, frontmatter.strip_block(text.lstrip("\ufeff")), []
    meta, line = frontmatter.clean(meta, text.lstrip("\ufeff"))
    if line:
        diagnostics.warn("W190", frontmatter.ESCAPED_CONTROLS, rel, line)
    if dropped:
        message, line = frontmatter.dropped_warning(dropped)
        diagnostics.warn("W122", message, rel, line)
    meta = _checked_meta(meta, rel, text, diagnostics)
    date = meta.pop("date", None)
    title = meta.pop("title", None)
    body_line = text.lstrip("\ufeff")[: len(text.lstrip("\ufeff")) - len(body)].count("\n") + 1
    return _seed(path, rel, sha, body, title, date, diagnostics, meta, _key_line(text, "title"), body_line)


def _checked_meta(meta: dict, rel: str, text: str, diagnostics: Diagnostics) -> dict:
    """Drop or repair front-matter fields of the wrong type, with a warning naming each field's line."""
    checked = dict(meta)
    for key in ("title", "summary", "slug"):
        if key in checked and not isinstance(checked[key], str):
            diagnostics.warn("W121", f"front matter '{key}' must be text, not {shown(checked[key])}; ignored", rel,
                             _key_line(text, key))
            del checked[key]
    if "slug" in checked and not slugs.is_safe(checked["slug"]):
        safe = slugs.slugify(checked["slug"])
        diagnostics.warn("W121", f"front matter slug {shown(checked['slug'])} is not URL-safe (use a-z, 0-9 and "
                         f"hyphens); {'using ' + shown(safe) if safe else 'ignored'}", rel, _key_line(text, "slug"))
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
    if "entities" in checked:
        checked["entities"], changed = _clean_entity_names(checked["entities"])
        if changed:
            index, name = changed
            lines = frontmatter.item_lines(text.lstrip("\ufeff"), "entities")
            diagnostics.warn("W193", invisible_name_message(name), rel,
                             lines[index] if index < len(lines) else _key_line(text, "entities"))
    return checked


def _clean_entity_names(items: list) -> tuple[list, tuple[int, str] | None]:
    """A front matter's entity list with invisible characters taken out of every name and alias; and the
    index and name of the first that had any (None when none had)."""
    cleaned, first = [], None
    for index, item in enumerate(items):
        names = [item] if isinstance(item, str) else [item.get("name")] if isinstance(item, dict) else []
        if isinstance(item, dict) and isinstance(item.get("aliases"), list):
            names += item["aliases"]
        dirty = next((n for n in names if isinstance(n, str) and INVISIBLE.search(n)), None)
        if dirty is not None and first is None:
            first = (index, dirty)
        if isinstance(item, str):
            item = clean_name(item)
        elif isinstance(item, dict):
            item = dict(item)
            if isinstance(item.get("name"), str):
                item["name"] = clean_name(item["name"])
            if isinstance(item.get("aliases"), list):
                item["aliases"] = [clean_name(a) if isinstance(a, str) else a for a in item["aliases"]]
        cleaned.append(item)
    return cleaned, first


def _checked_date(value, rel: str, line: int | None, diagnostics: Diagnostics) -> dt.date | None:
    """A front-matter date as a date, or None with a warning."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value, rel, line, diagnostics)
    if value is not None:
        diagnostics.warn("W121", f"front matter 'date' must be YYYY-MM-DD, not {shown(value)}; kept undated", rel, line)
    return None


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in a document's front matter."""
    match = re.search(rf"^{re.escape(key)}\s*:", text.lstrip("\ufeff"), re.MULTILINE)
    return text.lstrip("\ufeff")[: match.start()].count("\n") + 1 if match else None


def _seed(path, rel, sha, body, title, date, diagnostics, meta=None, title_line=1, body_line=1) -> Seed | None:
    """A Seed from its parts, or None when it has no text; over-long titles and bodies, and long runs of one
    symbol in the body, are cut, with a warning. `body_line` is the file line the body starts on. A Markdown
    file's body keeps its lines (headings, lists, code blocks); plain text is made paragraphs."""
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    body = _shorten_runs(body, rel, body_line, diagnostics)
    body = normalise_markdown(body) if markdown else normalise_body(body)
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
    left_out = spacy_text(body)[1]
    if left_out:
        diagnostics.warn("W114", f"article text has {MAX_TOKENS + left_out:,} words and symbols, more than the "
                         f"{MAX_TOKENS:,} read for entities (it is mostly symbols or numbers?); the last {left_out:,} "
                         "are kept in the article but not searched for names", rel)
    return Seed(path=path, rel=rel, sha256=sha, body=body, title=title, date=date, meta=meta or {},
                markdown=markdown)


def _shorten_runs(body: str, rel: str, line: int, diagnostics: Diagnostics) -> str:
    """body with every run of one punctuation mark or symbol over MAX_RUN long cut to MAX_RUN, and one warning
    naming the first run's line."""
    first = _RUN.search(body)
    if not first:
        return body
    line += body.count("\n", 0, first.start())
    body, runs = _RUN.subn(lambda run: run.group(1) * MAX_RUN, body)
    more = f" (and {runs - 1:,} more such runs)" if runs > 1 else ""
    char = first.group(1)
    named = f"{shown(char)} (U+{ord(char):04X})" if unicodedata.category(char)[0] in "CMZ" else shown(char)
    diagnostics.warn("W113", f"{named} is repeated {len(first.group(0)):,} times in a row{more}; "
                     f"shortened to {MAX_RUN} (such runs hold no text, and slow entity extraction down); article kept",
                     rel, line)
    return body


def _shorten(body: str, limit: int) -> str:
    """body cut to at most limit characters, at a word boundary where there is one."""
    cut = body[:limit]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > limit // 2 else cut


def normalise_body(body: str) -> str:
    """Paragraphs split on blank lines, whitespace inside each collapsed to single spaces."""
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", body))
    return "\n\n".join(p for p in paragraphs if p)


def normalise_markdown(body: str) -> str:
    """A Markdown body line by line as written, since its lines are its structure: lines of only spaces made
    empty (so blank lines part paragraphs), and the blank lines before and after it dropped."""
    return "\n".join(line if line.strip() else "" for line in body.split("\n")).strip("\n")


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
            diagnostics.warn("W108", f"date {shown(value)} read as {date.isoformat()}; write dates as YYYY-MM-DD",
                             rel, line)
            break
        if date is None:
            diagnostics.warn("W108", f"invalid date {shown(value)}; expected YYYY-MM-DD; article kept undated",
                             rel, line)
            return None
    if date > dt.date.today():
        diagnostics.warn("W109", f"date {date.isoformat()} is in the future; kept as written", rel, line)
    return date


def with_folder_section(seed: Seed, folder: Path) -> Seed:
    """The seed with its first sub-folder under the seeds folder as its section (seeds/business/x.txt is in
    business), when neither the format nor front matter gives one: carried into the content file, so the site
    half needs no seeds."""
    if seed.section or "section" in seed.meta:
        return seed
    try:
        parts = seed.path.relative_to(folder).parts
    except ValueError:
        return seed
    name = " ".join(strip_controls(parts[0]).split())[:100] if len(parts) > 1 else ""
    return replace(seed, section=name) if name else seed
