"""Headline-like titles from a lede, and photo captions left inside scraped text."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

MAX_TITLE = 100
_CLAUSE_BREAKS = re.compile(r",\s|\s[–—-]\s|;\s|:\s|\s(?:which|who|whose|while|after|before|because|as|when|where|"
                            r"even as|despite|although|though|amid|but)\s")


def derive_title(sentence: str, limit: int = MAX_TITLE) -> str:
    """A headline from a lede sentence: whole clauses, cut at a word boundary, no dangling words."""
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".!?;:,")
    if len(text) <= limit:
        return text
    # Prefer ending at a clause boundary that keeps most of the sentence's start.
    best = None
    for match in _CLAUSE_BREAKS.finditer(text):
        if 40 <= match.start() <= limit:
            best = match.start()
    cut = text[:best] if best else text[: limit + 1].rsplit(" ", 1)[0]
    words = cut.split()
    while len(words) > 3 and (words[-1].lower().strip("’'\"") in STOP_WORDS or not words[-1][-1].isalnum()):
        words.pop()
    return " ".join(words).rstrip(".,;:–—-")


_DATE_TAIL = re.compile(
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})"
    r"\s*\.?$"
)
_PHOTO_VERBS = re.compile(
    r"^(?:A|An|The|People|Residents|Soldiers|Police|Members|Voters|Protesters|Officials|Men|Women|Children|"
    r"[A-Z][a-z]+ [A-Z][a-z]+)\b.*\b(?:stands?|walks?|drives?|sits?|queue|queues|cast|casts|holds?|looks?|"
    r"gathers?|waits?|poses?|arrives?|vote|votes|speaks?|pictured|seen|attend|attends|march|marches)\b"
)


def find_captions(paragraphs: list[str]) -> list[str]:
    """Paragraphs that read as photo captions: a scene in the present tense, often ending in a date,
    with no closing full stop."""
    captions = []
    for index, text in enumerate(paragraphs):
        if index == 0 or len(text) > 400:
            continue
        ends_like_sentence = text.rstrip().endswith((".", "!", "?", "”", '"', "’", "'", ":"))
        dated = bool(_DATE_TAIL.search(text))
        scene = bool(_PHOTO_VERBS.search(text))
        if (dated and not text.rstrip().endswith(".")) or (scene and not ends_like_sentence):
            captions.append(text)
    return captions
