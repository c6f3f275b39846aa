"""What spaCy is given to read: the article text, cut so that no input makes it slow.

spaCy's tokenizer splits prefixes and suffixes off a piece of text without spaces one at a time, each time
searching the whole rest of the piece: time quadratic in the piece's length (8,000 `(` or emoji took 9-10 s,
8,000 `.(` 17 s, and 20,000 `(` 39 s). The model then costs about 0.1 ms a token, and text of symbols is one
token a character, four times as many as prose. So, for spaCy only (the article keeps its text):

- a run of punctuation marks and symbols (any mix) is cut to MAX_SYMBOLS;
- a piece without a space (a 100,000-character word, `'s's's…`, a long URL) is cut into pieces of MAX_PIECE;
- the text is cut after MAX_TOKENS words and symbols.

No name is that long, and prose has none of them (the BBC corpus: no run of symbols over 6, no piece over 40
characters, at most 0.26 tokens a character, so 26,000 in the 100,000 characters Broadsheet reads), so for
real articles spaCy reads exactly the text. seeds.py warns when the last cut leaves words out (W114).
"""

from __future__ import annotations

import re

MAX_SYMBOLS = 20
MAX_PIECE = 100
MAX_TOKENS = 30_000
_SYMBOLS = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_SYMBOLS + 1))
_LONG_PIECE = re.compile(r"(?<!\S)\S{%d,}" % (MAX_PIECE + 1))
_TOKEN = re.compile(r"\w+|[^\w\s]")  # about what spaCy counts as a token (a little more)


def spacy_text(text: str) -> tuple[str, int]:
    """The text spaCy reads, and how many words and symbols the MAX_TOKENS cut left out (0 for real articles)."""
    text = _SYMBOLS.sub(lambda run: run.group(0)[:MAX_SYMBOLS], text)
    text = _LONG_PIECE.sub(_split_piece, text)
    if len(text) <= MAX_TOKENS:  # every token takes a character at least: no need to count them
        return text, 0
    tokens = _TOKEN.finditer(text)
    for _ in range(MAX_TOKENS):
        if next(tokens, None) is None:
            return text, 0
    rest = next(tokens, None)
    if rest is None:
        return text, 0
    return text[: rest.start()].rstrip(), 1 + sum(1 for _ in tokens)


def _split_piece(piece: re.Match) -> str:
    word = piece.group(0)
    return " ".join(word[i:i + MAX_PIECE] for i in range(0, len(word), MAX_PIECE))
