"""Markdown files with YAML front matter: split, parse (with line numbers on errors), dump."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..core.text import clean_data, control_line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: several times faster
    """The safe loader, except that a date that does not exist (2022-02-30) stays text for the caller to report."""


def _timestamp_or_text(loader, node):
    """A YAML date as a date, or as the text written when no such day exists."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


class FrontMatterError(ValueError):
    """Front matter that is not valid YAML or not a mapping; carries the file line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def split(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body) of a Markdown document."""
    match = _BLOCK.match(text)
    if not match:
        if text.startswith("---"):
            raise FrontMatterError("front matter starts with '---' but has no closing '---' line", 1)
        return {}, text
    try:
        meta = yaml.load(match.group(1) or "", Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start and start.line + 2 != line:
            problem = f"{context} started on line {start.line + 2}: {problem}"
        raise FrontMatterError(f"front matter is not valid YAML ({problem})", line) from exc
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    return meta, text[match.end():]


ESCAPED_CONTROLS = ("front matter holds control characters written as YAML escapes (such as \"\\e[31m\" or "
                    "\"\\0\"), which no page or feed may show; they were removed (delete them to silence this)")


def clean(meta: dict[str, Any], text: str) -> tuple[dict[str, Any], int | None]:
    """Front matter with every control character a YAML escape wrote (`"\\e[31m"`, `"\\0"`, `"\\x07"`) removed,
    keys included; and the file line of the first (the opening `---` when no line can be told), None when
    there was none. `text` is the document, its own control characters already removed."""
    match = _BLOCK.match(text)
    if match and "\\" not in (match.group(1) or ""):  # no escapes: only the text's own characters, already clean
        return meta, None
    meta, changed = clean_data(meta)
    if not changed:
        return meta, None
    line = control_line(match.group(1) or "") if match else None
    return meta, line + 1 if line else 1  # +1 for the opening ---


def item_lines(text: str, key: str) -> list[int]:
    """The file line of each item of the list under `key` in a document's front matter (empty when none).

    Worked out only for warnings: it parses the front matter again, keeping positions."""
    match = _BLOCK.match(text)
    try:
        node = yaml.compose(match.group(1) or "") if match else None
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for name, value in node.value:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 2 for item in value.value]  # +1 for 1-based, +1 for the opening ---
    return []


def strip_block(text: str) -> str:
    """The body of a document whose front matter could not be parsed."""
    match = _BLOCK.match(text)
    return text[match.end():] if match else text


def dump(meta: dict[str, Any], body: str) -> str:
    """A Markdown document: front matter in the given key order, then the body."""
    head = yaml.dump(meta, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return f"---\n{head}---\n\n{body.strip()}\n"
