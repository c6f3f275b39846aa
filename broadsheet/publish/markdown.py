"""Article Markdown to HTML with markdown-it-py; the first mention of each entity becomes a link."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(body: str, links: dict[str, str] | None = None, link_class: str = "entity") -> str:
    """HTML for body; `links` maps surface forms to hrefs, each target linked once, at its first mention."""
    tokens = _MD.parse(body)
    if links:
        pattern = _surface_pattern(links)
        done: set[str] = set()
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = _link_first_mentions(token.children, pattern, links, done, link_class)
    return _MD.renderer.render(tokens, _MD.options, {})


def _surface_pattern(links: dict[str, str]) -> re.Pattern:
    alternatives = "|".join(re.escape(s) for s in sorted(links, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _link_first_mentions(children: list[Token], pattern: re.Pattern, links: dict[str, str], done: set[str],
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
        for match in pattern.finditer(text):
            href = links[match.group(0)]
            if href in done:
                continue
            done.add(href)
            if match.start() > start:
                result.append(_text(text[start: match.start()]))
            opening = Token("link_open", "a", 1)
            opening.attrs = {"href": href, "class": link_class}
            result += [opening, _text(match.group(0)), Token("link_close", "a", -1)]
            start = match.end()
        if start < len(text):
            result.append(_text(text[start:]))
    return result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
