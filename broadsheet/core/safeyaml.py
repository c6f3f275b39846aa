"""YAML that people write (front matter, config.yaml), read with bounded work whatever it holds.

PyYAML's safe loader runs no code, but a kilobyte of nested aliases ("billion laughs") stands for billions of
values, 500 nested brackets break every recursive walk of the result (dump, repr, json), and a number of a
million digits takes minutes to convert. So the document is composed first (libyaml, which shares an alias's
node instead of copying it, and refuses nesting deeper than 1,000), then measured without recursion, as if every
alias (`*name`) were written out in full:

- nesting deeper than MAX_DEPTH;
- more than MAX_FIELD_VALUES values or MAX_FIELD_CHARS characters in one top-level field;
- an alias to a value that contains it (a loop);
- an integer written with more than MAX_NUMBER_CHARS characters.

A top-level field over a bound is dropped before it is built, and reported as a Dropped with its line; the
rest of the document is kept. A document longer than MAX_TEXT, over MAX_VALUES or MAX_CHARS in all, or whose
root is not a mapping and is over a bound, raises BoundError (a MarkedYAMLError). Aliases within the bounds
stay allowed: they are valid YAML, and harmless once counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

MAX_TEXT = 1_000_000  # characters of YAML read at all; a content file's front matter is under 200,000
MAX_DEPTH = 20  # real front matter nests 3 deep (entities: - {aliases: [..]}), config.yaml 2
MAX_FIELD_VALUES = 50_000  # a content file's 500 entities are about 6,000
MAX_FIELD_CHARS = 1_000_000  # ten times the longest article Broadsheet reads
MAX_VALUES = 200_000
MAX_CHARS = 4_000_000
MAX_NUMBER_CHARS = 100
_INT_TAG = "tag:yaml.org,2002:int"


@dataclass(frozen=True)
class Dropped:
    """A top-level field left out because it is over a bound."""

    key: str  # the field's name, quoted and shortened for messages
    line: int  # 1-based line of the field in the YAML text
    problem: str  # what is wrong, e.g. "is nested more than 20 levels deep"


class BoundError(yaml.MarkedYAMLError):
    """The whole document is over a bound; `problem` says which, worded to follow the document's name
    ("is nested more than 20 levels deep")."""


class _Constructor(yaml.constructor.SafeConstructor):
    """The safe constructor, except that a date that does not exist (2022-02-30) stays text for the caller."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)

try:  # libyaml's parser and composer: several times faster than PyYAML's own, and depth-limited
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml is part of the pinned PyYAML wheel
    _Parser = None

if _Parser is not None:
    class _Loader(_Parser, _Constructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover
    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                  _Constructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def load(text: str, max_text: int = MAX_TEXT) -> tuple[Any, list[Dropped]]:
    """The document's value and the fields dropped for being over a bound; YAMLError when it is not YAML.

    A longer `max_text` (a file Broadsheet itself writes, one line per article) raises the bounds on the
    whole document in proportion; those on each field stay."""
    _check_length(text, max_text)
    loader = _Loader(text)
    try:
        node, dropped = _bounded(_compose(loader), max_text / MAX_TEXT)
        return (loader.construct_document(node) if node is not None else None), dropped
    finally:
        loader.dispose()


def compose(text: str) -> tuple[yaml.Node | None, list[Dropped]]:
    """The document's node tree (with positions), without the fields dropped for being over a bound."""
    _check_length(text)
    loader = _Loader(text)
    try:
        return _bounded(_compose(loader))
    finally:
        loader.dispose()


def construct(node: yaml.Node) -> Any:
    """The value of a node from `compose` (bounded already): for a reader that builds some nodes itself."""
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def merge_keys(node: yaml.MappingNode) -> None:
    """Apply a mapping's merge keys (`<<: *defaults`) in place, as constructing it would."""
    _Constructor().flatten_mapping(node)


def _check_length(text: str, max_text: int = MAX_TEXT) -> None:
    """BoundError for a document too long to read at all (composing costs about 3 s a megabyte of short keys)."""
    if len(text) > max_text:
        raise BoundError(None, None, f"is {len(text):,} characters long, more than the {max_text:,} read")


def _compose(loader) -> yaml.Node | None:
    """The node tree; nesting too deep for the composer's own recursion is a BoundError."""
    try:
        return loader.get_single_node()
    except RecursionError:  # pragma: no cover - only without libyaml, whose parser stops at 1,000 levels
        raise BoundError(None, None, f"is nested more than {MAX_DEPTH} levels deep") from None


def _bounded(root: yaml.Node | None, scale: float = 1) -> tuple[yaml.Node | None, list[Dropped]]:
    """The root with every top-level field over a bound removed, and what was removed; `scale` multiplies the
    bounds on the whole document."""
    if root is None:
        return None, []
    sizes: dict[int, tuple] = {}
    if not isinstance(root, yaml.MappingNode):
        problem = _problem(_measure(root, sizes), MAX_FIELD_VALUES, MAX_FIELD_CHARS)
        if problem:
            raise BoundError(None, None, problem, root.start_mark)
        return root, []
    kept, dropped, total = [], [], [0, 0]
    for key, value in root.value:
        size = _add(_measure(key, sizes), _measure(value, sizes))
        problem = _problem(size, MAX_FIELD_VALUES, MAX_FIELD_CHARS)
        if problem:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            dropped.append(Dropped(_quoted(name), key.start_mark.line + 1, problem))
            continue
        kept.append((key, value))
        total = [total[0] + size[0], total[1] + size[1]]
    max_values, max_chars = int(MAX_VALUES * scale), int(MAX_CHARS * scale)
    if total[0] > max_values or total[1] > max_chars:
        raise BoundError(None, None, f"holds more than {max_values:,} values or {max_chars:,} "
                         "characters in all (counting each use of an alias as all it repeats)", root.start_mark)
    root.value = kept
    return root, dropped


def _measure(node: yaml.Node, sizes: dict[int, tuple]) -> tuple:
    """(values, characters, depth, longest number) of a node with every alias written out; values is infinite
    when the node contains itself. Iterative, and each shared collection is measured once (`sizes`, by id)."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar_size(node)
    stack, open_nodes = [node], set()
    while stack:
        current = stack[-1]
        key = id(current)
        if key in sizes:
            stack.pop()
        elif key not in open_nodes:  # first visit: measure its collections first
            open_nodes.add(key)
            for child in _children(current):
                if isinstance(child, yaml.ScalarNode) or id(child) in sizes:
                    continue
                if id(child) in open_nodes:  # an alias to a collection it is inside of: a loop
                    sizes[id(child)] = (math.inf, 0, 0, 0)
                else:
                    stack.append(child)
        else:
            stack.pop()
            open_nodes.discard(key)
            sizes[key] = _collection_size(current, sizes)
    return sizes[id(node)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return [part for pair in node.value for part in pair]


def _scalar_size(node: yaml.ScalarNode) -> tuple:
    return 1, len(node.value), 0, len(node.value) if node.tag == _INT_TAG else 0


def _collection_size(node: yaml.Node, sizes: dict[int, tuple]) -> tuple:
    """A collection's measure from its children's (see _measure)."""
    values, chars, depth, number = 1, 0, 0, 0
    for child in _children(node):
        if isinstance(child, yaml.ScalarNode):
            values += 1
            chars += len(child.value)
            if child.tag == _INT_TAG:
                number = max(number, len(child.value))
        else:
            size = sizes[id(child)]
            values += size[0]
            chars += size[1]
            depth = max(depth, size[2])
            number = max(number, size[3])
    return values, chars, depth + 1, number


def _add(a: tuple, b: tuple) -> tuple:
    return a[0] + b[0], a[1] + b[1], max(a[2], b[2]), max(a[3], b[3])


def _problem(size: tuple, max_values: int, max_chars: int) -> str | None:
    """What is over a bound in a measure, or None."""
    values, chars, depth, number = size
    if values == math.inf:
        return "uses an alias inside the value it names (a loop)"
    if depth > MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} levels deep"
    if values > max_values:
        return f"holds more than {max_values:,} values (counting each use of an alias as all it repeats)"
    if chars > max_chars:
        return f"holds more than {max_chars:,} characters (counting each use of an alias as all it repeats)"
    if number > MAX_NUMBER_CHARS:
        return f"has a number of {number:,} characters, too long to read"
    return None


def _quoted(value: Any, limit: int = 60) -> str:
    """A name from the input, quoted and cut to `limit` characters, for messages."""
    if not isinstance(value, str):
        return "(a key that is not text)"
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
