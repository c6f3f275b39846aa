"""An extraction as a content file's front matter and Markdown body (the format extraction writes)."""

from __future__ import annotations

import re
from typing import Any

from ..core.data import Extracted
from . import frontmatter


def content_parts(ex: Extracted, slug: str, extractor: str) -> tuple[dict[str, Any], str]:
    """The front matter and Markdown body of one extraction."""
    seed = ex.seed
    meta: dict[str, Any] = {
        "title": ex.title,
        "date": ex.date,
        "slug": slug,
        "summary": ex.summary,
    }
    if seed.authors:
        meta["authors"] = list(seed.authors)
    if seed.section:
        meta["section"] = seed.section
    if seed.source_url:
        meta["source_url"] = seed.source_url
    meta |= {
        "source": seed.rel,
        "source_sha256": seed.sha256,
        "words": len(seed.body.split()),
        "entities": [_FlowMap(name=e.name, type=e.type, mentions=e.mentions, aliases=list(e.aliases),
                              confidence=e.confidence)
                     for e in ex.entities],
    }
    if ex.captions:
        meta["captions"] = list(ex.captions)
    for key, value in seed.meta.items():  # fields a person wrote in a .md seed win
        if key not in ("slug", "source", "source_sha256", "extractor", "checksum"):  # slug: chosen unique
            meta[key] = value
    meta["extractor"] = extractor
    body = body_markdown(seed.body, ex.captions, from_markdown=seed.markdown)
    return meta, body


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


_LINE_START = re.compile(r"^(\s*)([#>+=|-]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders as the same text."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def body_markdown(body: str, captions: tuple[str, ...], from_markdown: bool) -> str:
    """Article body as Markdown paragraphs; captions kept out of the story (they live in front matter)."""
    paragraphs = [p for p in body.split("\n\n") if p not in captions]
    if from_markdown:
        return "\n\n".join(paragraphs)
    return "\n\n".join(escape_markdown(p) for p in paragraphs)


class _FlowMap(dict):
    """A mapping dumped on one line: `- {name: …, type: …}`."""


frontmatter.Dumper.add_representer(
    _FlowMap, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)
