"""Article Markdown to HTML with markdown-it-py; the first mention of each entity becomes a link."""

from __future__ import annotations

import re
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False})

# A mention stands alone: no word character or hyphen touches it on either side.
_WORD_START = re.compile(r"(?<![\w-])\w+")  # every place a mention can begin, with the word that begins there
_LEADING_WORD = re.compile(r"\w*")
_JOINS_ON = re.compile(r"[\w-]")


def render_markdown(body: str, links: dict[str, str] | None = None, link_class: str = "entity") -> str:
    """HTML for body; `links` maps surface forms to hrefs, each target linked once, at its first mention.

    A mention is the longest surface form found at a place where one begins, scanning from the start."""
    tokens = _MD.parse(body)
    if links:
        find = _finder(links)
        done: set[str] = set()
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = _link_first_mentions(token.children, find, links, done, link_class)
    return _MD.renderer.render(tokens, _MD.options, {})


def _finder(links: dict[str, str]):
    """A function yielding (start, end) of each mention in a text, left to right, none overlapping.

    Surface forms are looked up by the word they begin with, among the words of the text: a build renders
    thousands of articles, each with its own forms, and compiling a pattern of each article's forms cost more
    than the rest of its linking. A form that does not begin with a word character falls back to that pattern."""
    by_word: dict[str, list[str]] = {}
    for surface in sorted(links, key=len, reverse=True):
        by_word.setdefault(_LEADING_WORD.match(surface).group(), []).append(surface)
    if "" in by_word:
        pattern = _surface_pattern(links)
        return lambda text: (match.span() for match in pattern.finditer(text))
    return lambda text: _mentions(text, by_word)


def _mentions(text: str, by_word: dict[str, list[str]]) -> Iterator[tuple[int, int]]:
    after = 0
    for word in _WORD_START.finditer(text):
        start = word.start()
        if start < after:
            continue
        for surface in by_word.get(word.group(), ()):
            end = start + len(surface)
            if text.startswith(surface, start) and not _JOINS_ON.match(text, end):
                yield start, end
                after = end
                break


def _surface_pattern(links: dict[str, str]) -> re.Pattern:
    alternatives = "|".join(re.escape(s) for s in sorted(links, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _link_first_mentions(children: list[Token], find, links: dict[str, str], done: set[str],
                         link_class: str) -> list[Token]:
    result: list[Token] = []
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth:
            result.append(child)
            continue
        text, start = child.content, 0
        for begin, end in find(text):
            surface = text[begin:end]
            href = links[surface]
            if href in done:
                continue
            done.add(href)
            if begin > start:
                result.append(_text(text[start:begin]))
            opening = Token("link_open", "a", 1)
            opening.attrs = {"href": href, "class": link_class}
            result += [opening, _text(surface), Token("link_close", "a", -1)]
            start = end
        if start < len(text):
            result.append(_text(text[start:]))
    return result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
