"""The entity spans of a processed article: spaCy's, with what the text's own shape says added.

- Team sheets (`lineups`) replace spaCy's spans in the paragraphs that list players.
- Capitalised names spaCy left out (`Arsenal`, `Cardiff`, `Wall Street`: no span of any label over them, not at
  a sentence's start, no stop word, title, month or day) become spans labelled `UNLABELLED`: candidates with
  no type of their own, which the rules type from the gazetteers and the name's shape and the scorer keeps
  or drops from the same evidence as every other candidate (spaCy's small model misses about one gold
  entity in ten under any label).

Worked out once per Doc and kept in its `user_data`; `nlp.mentions` and `evidence.context_table` read them.
"""

from __future__ import annotations

import calendar

from . import gazetteer, lineups
from .entity_types import is_junk_word

UNLABELLED = "UNLABELLED"  # the label of a capitalised name spaCy gave no span
CONNECTORS = {"of", "and", "the", "for", "&", "de", "du", "la", "le", "von", "van"}  # inside a name: `Bank of England`
QUOTES = set("\"'“”‘’")
CALENDAR = {name.casefold() for name in (*calendar.month_name, *calendar.day_name) if name}


def entity_spans(doc) -> list:
    """spaCy's spans outside team sheets, the sheets' own, and the capitalised names left out, in order."""
    cached = doc.user_data.get("broadsheet:spans")
    if cached is not None:
        return cached
    sheets = lineups.team_sheets(doc.text)
    inside = [(start, end) for start, end, _ in sheets]
    ents = doc.ents  # made anew from the tokens on each access: read once
    spans = [ent for ent in ents if not any(start <= ent.start_char < end for start, end in inside)]
    for _, _, items in sheets:
        for start, end, label in items:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
    taken = {i for span in (*ents, *spans) for i in range(span.start, span.end)}
    spans.extend(left_out(doc, taken, inside))
    spans.sort(key=lambda span: span.start)
    doc.user_data["broadsheet:spans"] = spans
    return spans


def _name_word(token) -> bool:
    """A word that may be part of a name: capitalised letters, not a stop word, title, month or day."""
    text = token.text
    return (token.is_alpha and text[0].isupper() and not text.isupper() and not token.is_stop
            and not gazetteer.is_title(text) and text.casefold() not in CALENDAR)


def _opens_sentence(doc, i: int) -> bool:
    """Whether a token opens a sentence or a line (a caption or heading ends with no full stop), or follows
    a quote mark that does: there every word is capitalised."""
    if i > 0 and doc[i - 1].text in QUOTES:
        i -= 1
    return i == 0 or doc[i].is_sent_start or doc[i - 1].is_space or "\n" in doc[i - 1].whitespace_


def left_out(doc, taken: set[int], sheets: list[tuple[int, int]]) -> list:
    """Spans of the capitalised names no span covers: runs of name words, joined by a connector between two
    (`Bank of England`), none opening a sentence or a line (where every word is capitalised), outside team
    sheets, not the rest of a name a span holds (`_touches`)."""
    from spacy.tokens import Span

    found = []
    i, n = 0, len(doc)
    while i < n:
        if i in taken or not _name_word(doc[i]) or _opens_sentence(doc, i) \
                or any(start <= doc[i].idx < end for start, end in sheets):
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken and not _opens_sentence(doc, j) and (
                _name_word(doc[j]) or (doc[j].lower_ in CONNECTORS and j + 1 < n and j + 1 not in taken
                                       and _name_word(doc[j + 1]))):
            j += 1
        if not (j == i + 1 and is_junk_word(doc[i].text)) and not _touches(doc, i, j, taken):
            found.append(Span(doc, i, j, label=UNLABELLED))
        i = j
    return found


def _touches(doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether a run stands against a span, or is joined to one by connectors (`Bank` of `Bank of the West`,
    `Oblast` after `Donetsk`): the rest of a name spaCy cut short, which the span's extension takes in."""
    after = end
    while after < len(doc) and doc[after].lower_ in CONNECTORS:
        after += 1
    before = start - 1
    while before >= 0 and doc[before].lower_ in CONNECTORS:
        before -= 1
    return after in taken or before in taken
