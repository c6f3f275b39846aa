"""Text hygiene shared by every door: control characters out, invisible characters out of names, text made
safe for a terminal, Markdown to plain text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

import yaml

# What no page, feed or content file may hold: C0 controls but tab, newline and CR (the form feed too: XML 1.0
# forbids it), DEL and the C1 controls, UTF-16 surrogates (YAML's "\ud800" makes one, and no UTF-8 file can
# hold it) and the non-characters (U+FDD0-FDEF, and the last two of every plane). What XML 1.0 forbids is a
# subset, so feeds stay well-formed. The pattern takes every character from U+1FFFE up as a candidate and
# `_forbidden` keeps the non-characters: a class of 32 single astral characters makes a search ten times slower.
_CANDIDATES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                         "\U0001fffe-\U0010ffff]")
# Characters that show nothing (Unicode's Default_Ignorable_Code_Point: soft hyphen, zero-width space and
# joiners, bidirectional marks and overrides, word joiner, variation selectors, BOM, Hangul fillers, tags),
# and the controls and surrogates that are not whitespace: none of them may tell one name from another.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# A superset of INVISIBLE that is searched as fast as _CANDIDATES (its astral part one range): for long texts.
_INVISIBLE_HINT = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff"
    "\U0001bca0-\U0010ffff]"
)


def _forbidden(char: str) -> bool:
    """Whether a character `_CANDIDATES` found is one no page may hold (from U+1FFFE up: a non-character)."""
    return char <= "\uffff" or ord(char) & 0xFFFE == 0xFFFE


def first_control(text: str) -> int:
    """The index of the first control character or non-character in text (see `_CANDIDATES`), or -1."""
    for match in _CANDIDATES.finditer(text):
        if _forbidden(match.group()):
            return match.start()
    return -1


def strip_controls(text: str) -> str:
    """text without the control characters and non-characters that HTML5 or XML forbid (tab, newline kept)."""
    return _CANDIDATES.sub(lambda match: "" if _forbidden(match.group()) else match.group(), text)


def strip_invisible(text: str) -> str:
    """text without the characters INVISIBLE names (fast when there are none, as in almost every text)."""
    return INVISIBLE.sub("", text) if _INVISIBLE_HINT.search(text) else text


def clean_name(name: str) -> str:
    """A name as a reader sees it: invisible characters removed, whitespace collapsed, composed (NFC)."""
    if name.isprintable() and "  " not in name and name == name.strip() and name.isascii():
        return name
    words = (INVISIBLE.sub("", word) for word in name.split())
    return unicodedata.normalize("NFC", " ".join(word for word in words if word))


def invisible_name_message(name: str) -> str:
    """The warning for an entity name with invisible characters in it."""
    return (f"entity name {name[:80]!r} holds invisible characters (zero-width space, soft hyphen, byte-order "
            f"mark or bidirectional mark); they were removed, so it is the entity {clean_name(name)[:80]!r}")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, keep: str = "") -> str:
    """text safe to print on a terminal: every character that is not printable (controls such as ESC,
    bidirectional overrides, zero-width characters, surrogates; spaces such as U+00A0 are printed) written as
    a visible escape, `\\x1b`; the characters in `keep` (say, newline between a message's lines) stay."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep or unicodedata.category(c) == "Zs" else _escape(c)
                   for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean_data(data: Any) -> tuple[Any, bool]:
    """Parsed YAML with the control characters removed from every string, mapping keys included; and
    whether there were any. Shared and self-containing lists and mappings (YAML anchors) are walked once."""
    if not _holds_controls(data):
        return data, False
    copies: dict[int, Any] = {}
    pending: list[tuple[Any, Any]] = []

    def copy(value: Any) -> Any:
        if isinstance(value, str):
            return strip_controls(value)
        if isinstance(value, (dict, list)):
            if id(value) not in copies:
                copies[id(value)] = type(value)()
                pending.append((value, copies[id(value)]))
            return copies[id(value)]
        if isinstance(value, (set, frozenset, tuple)):
            return type(value)(copy(item) for item in value)  # YAML's sets and tuples hold only scalars
        return value

    cleaned = copy(data)
    while pending:
        old, new = pending.pop()
        if isinstance(old, dict):
            new.update((copy(key), copy(value)) for key, value in old.items())
        else:
            new.extend(copy(item) for item in old)
    return cleaned, True


def _holds_controls(data: Any) -> bool:
    """Whether any string in nested YAML data (keys included) holds a control character."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if first_control(value) >= 0:
                return True
        elif isinstance(value, (dict, list, set, frozenset, tuple)) and id(value) not in seen:
            seen.add(id(value))
            stack.extend(value.items() if isinstance(value, dict) else value)
    return False


def control_line(yaml_text: str, pattern: re.Pattern | None = None) -> int | None:
    """The first line (1-based) of a YAML document where a value or key holds a control character (or a match
    of `pattern`), once YAML escapes (`"\\e[31m"`, `"\\0"`) are read; None when none does or it is no YAML."""
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    lines = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if (pattern.search(node.value) if pattern else first_control(node.value) >= 0):
                lines.append(node.start_mark.line + 1)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(lines) if lines else None


# Bounded lengths: with `*`, each `[` scanned to the end of the text, so `[a](` repeated took seconds (29 s for
# 50,000 `[` then `](x`); a link's text and address are shorter than these.
_LINK = re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)")


_MARKUP = re.compile(r"(?<!\\)[*_`]{1,3}|^#{1,6}\s+|^>\s?", re.MULTILINE)


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#+=|\-.)!{}()~])")


def plain(body_md: str) -> str:
    """Markdown as plain text, cheaply (no rendering): escapes undone, link text kept, emphasis dropped, and
    invisible characters left out (a soft hyphen would hide `Tony Bl\u00adair` from the name's mentions)."""
    text = _LINK.sub(r"\1", body_md) if "](" in body_md else body_md
    text = strip_invisible(text)
    text = _ESCAPED.sub(r"\1", _MARKUP.sub("", text))  # markup first, so escaped * and _ survive as text
    return re.sub(r"\s+", " ", text).strip()


# The names a text writes: runs of capitalised words (`Six Nations`, `BBC Radio 4`, `House of Commons`), what
# the archive counts to learn how often a name it indexes elsewhere is written where no entity was found.
_NAME_WORD = re.compile(r"[^\W_](?:[\w&\-]*[^\W_])?(?:['’](?!s\b)[^\W\d_]+)*|['’]s\b|[^\w\s]")
_NAME_JOINS = frozenset({"of", "for", "de", "du", "da", "la", "le", "von", "van", "der", "den", "&"})
_SENTENCE_MARKS = frozenset(".!?:;\"“”‘'([-—–")
MAX_NAME_WORDS = 8  # a longer run of capitals (a headline in capitals, a list of names) names nothing


def written_names(text: str) -> tuple[str, ...]:
    """The names a plain text writes, each once, in order: every longest run of words with a capital letter
    (`Arsenal`, `eBay`), joining words inside it and a figure ending it (`Department for Education`, `BBC Radio
    4`), and, where a run opens a sentence or a quote, the run without its first word as well (`But Arsenal`
    also `Arsenal`: the first word's capital may be the sentence's). A leading `The` is never part of a name."""
    return tuple(dict.fromkeys(_written(text)))


def written_name_counts(text: str) -> Counter:
    """How often a plain text writes each of its `written_names`: one pass over the text, whatever it holds."""
    return Counter(_written(text))


def _written(text: str) -> Iterator[str]:
    """Each name of `written_names` every time the text writes it."""
    words = _NAME_WORD.findall(text)
    count, i = len(words), 0
    while i < count:
        word = words[i]
        if word.islower() or not any(c.isupper() for c in word):
            i += 1
            continue
        opens = i == 0 or words[i - 1] in _SENTENCE_MARKS
        end = i + 1
        while end < count:
            following = words[end]
            if any(c.isupper() for c in following) and not following.islower() and following[0].isalnum():
                end += 1
            elif following.isdigit():
                end += 1
                break  # a figure ends a name (`BBC Radio 4`); `Arsenal 2 Chelsea 1` is a score
            elif following in _NAME_JOINS and end + 1 < count and any(c.isupper() for c in words[end + 1]):
                end += 1
            else:
                break
        while end > i + 1 and words[end - 1] in _NAME_JOINS:
            end -= 1
        run = words[i:end]
        if run[0] == "The" and len(run) > 1:
            run, opens = run[1:], False
        if len(run) <= MAX_NAME_WORDS:
            yield " ".join(run)
            if opens and len(run) > 1 and run[1] not in _NAME_JOINS:
                yield " ".join(run[1:])
        i = end
