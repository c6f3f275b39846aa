"""Text hygiene shared by every door: control characters out, Markdown to plain text."""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """text without the control characters and non-characters that HTML5 forbids (tab, newline kept)."""
    return CONTROL_CHARS.sub("", text)


# Bounded lengths: with `*`, each `[` scanned to the end of the text, so `[a](` repeated took seconds (29 s for
# 50,000 `[` then `](x`); a link's text and address are shorter than these.
_LINK = re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)")


_MARKUP = re.compile(r"(?<!\\)[*_`]{1,3}|^#{1,6}\s+|^>\s?", re.MULTILINE)


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#+=|\-.)!{}()~])")


def plain(body_md: str) -> str:
    """Markdown as plain text, cheaply (no rendering): escapes undone, link text kept, emphasis dropped."""
    text = _LINK.sub(r"\1", body_md) if "](" in body_md else body_md
    text = _ESCAPED.sub(r"\1", _MARKUP.sub("", text))  # markup first, so escaped * and _ survive as text
    return re.sub(r"\s+", " ", text).strip()
