"""Headline-like titles from a lede, and photo captions left inside scraped text."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

MAX_TITLE = 100
MIN_TITLE = 30
_CLAUSE_BREAKS = re.compile(r",\s|\s[–—-]\s|;\s|:\s|\s(?:which|who|whose|while|after|before|because|as|when|where|"
                            r"even as|despite|although|though|amid|but|and|or|so|if|until|since)\s")
_PHRASE_BREAKS = re.compile(r"\s\(|\s(?:to|of|in|for|with|by|from|on|at|into|over|under|than|that|about|against|during|"
                            r"through|between|without|within|across|towards?|via|per|among)\s")
_TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ";", ")")


def derive_title(sentence: str, limit: int = MAX_TITLE) -> str:
    """A headline from a lede sentence: the subject and verb kept, cut before a clause or phrase, never mid-word."""
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".!?;:,")
    if len(text) <= limit:
        return text
    cut = last_break(text, limit)
    words = (text[:cut] if cut else text[: limit + 1].rsplit(" ", 1)[0]).split()
    while len(words) > 3 and (words[-1].lower().strip("’'\"") in STOP_WORDS or not words[-1][-1].isalnum()):
        words.pop()
    return " ".join(words).rstrip(".,;:–—-")


def last_break(text: str, limit: int) -> int | None:
    """Where to cut: the end of the first clause (at MIN_TITLE or later) if it fits, else the last phrase boundary."""
    clauses = [m.start() for m in _CLAUSE_BREAKS.finditer(text) if MIN_TITLE <= m.start() <= limit]
    if clauses:
        return clauses[0]
    phrases = [m.start() for m in _PHRASE_BREAKS.finditer(text) if MIN_TITLE <= m.start() <= limit]
    return phrases[-1] if phrases else None


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_TAIL = re.compile(
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})\s*\.?$"
)
MIN_CAPTION_WORDS = 8
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z\"“‘]")
MAX_CAPTION = 400


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph reads as a photo caption a scrape left in the story: a scene described without
    a closing full stop (often ending in the photo's date), where every story paragraph ends a sentence."""
    text = paragraph.strip()
    if not text[:1].isupper() or len(text) > MAX_CAPTION or "\n" in text or _SENTENCE_BREAK.search(text):
        return False
    if text.split()[-1].lower() in STOP_WORDS:  # a paragraph cut off mid-sentence, not a caption
        return False
    dated = bool(_DATE_TAIL.search(text))
    unfinished = not text.endswith(_TERMINAL)
    return unfinished and (dated or len(text.split()) >= MIN_CAPTION_WORDS)


def find_captions(paragraphs: list[str]) -> list[str]:
    """The paragraphs (after the lede) that are photo captions."""
    return [text for index, text in enumerate(paragraphs) if index > 0 and is_caption(text)]
