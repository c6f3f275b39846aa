"""Key word in context: the sentence of an article where an entity is first mentioned."""

from __future__ import annotations

import bisect
import re

MAX_SIDE = 160  # characters kept either side of the mention
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")


def first_mentions(text: str, surfaces: dict[str, object]) -> dict[object, tuple[str, str, str]]:
    """For each target in `surfaces` (surface form -> target), (before, mention, after) of its first mention."""
    first: dict[object, tuple[int, int]] = {}
    for surface, target in surfaces.items():
        start = find_word(text, surface)
        if start < 0:
            continue
        best = first.get(target)
        if best is None or start < best[0] or (start == best[0] and len(surface) > best[1] - best[0]):
            first[target] = (start, start + len(surface))
    breaks = sentence_breaks(text) if first else ([], [])
    return {target: sentence_around(text, start, end, breaks) for target, (start, end) in first.items()}


def find_word(text: str, word: str) -> int:
    """The first index of `word` in text standing as a whole word, or -1."""
    start = text.find(word) if word else -1
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end])):
            return start
        start = text.find(word, start + 1)
    return -1


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "-_"


def sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where sentences stop (just after their final punctuation) and where the next ones start."""
    stops, starts = [], []
    for match in _SENTENCE_END.finditer(text):
        stops.append(match.start() + 1)
        starts.append(match.end())
    return stops, starts


def sentence_around(text: str, start: int, end: int, breaks: tuple[list[int], list[int]] | None = None
                    ) -> tuple[str, str, str]:
    """The sentence holding text[start:end], split around it and trimmed to MAX_SIDE a side."""
    stops, starts = breaks if breaks is not None else sentence_breaks(text)
    at = bisect.bisect_right(starts, start)
    begin = starts[at - 1] if at else 0
    after_end = bisect.bisect_left(stops, end + 1)
    finish = stops[after_end] if after_end < len(stops) else len(text)
    before, after = text[begin:start], text[end:finish]
    if len(before) > MAX_SIDE:
        before = "…" + before[-MAX_SIDE:].split(" ", 1)[-1]
    if len(after) > MAX_SIDE:
        after = after[:MAX_SIDE].rsplit(" ", 1)[0] + "…"
    return before, text[start:end], after
