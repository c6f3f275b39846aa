"""The archive's own evidence about a name: how often its word is written in lower case across the archive
(`media`, `budget`, `world` mostly are; `Everton` never is), counted cheaply from the articles' plain text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..core.data import EntityRef
from ..extract import gazetteer, scorer

_WORD = re.compile(r"[A-Za-z]+")


def is_plain_word(name: str) -> bool:
    """A one-word name written as a capitalised common word would be (`Budget`, `Everton`; not `BBC`, `eBay`)."""
    return name.isalpha() and name[:1].isupper() and name[1:].islower() and len(name) > 2


def word_counts(text: str) -> Counter:
    """How often each word is written in a text, exactly as written (`Media` and `media` apart)."""
    return Counter(_WORD.findall(text))


def archive_words(texts: Iterable[str]) -> Counter:
    """How often each word is written across the texts (see `word_counts`)."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(_WORD.findall(text))
    return counts


def lower_shares(texts: Iterable[str] | Counter, names: Iterable[str]) -> dict[str, float]:
    """For each one-word name, the share of its word's occurrences in the texts written in lower case. `texts`
    may be given as their `archive_words` already counted."""
    counts = texts if isinstance(texts, Counter) else archive_words(texts)
    return {name: counts[name.lower()] / (counts[name.lower()] + counts[name] + 1)
            for name in names if is_plain_word(name)}


def weighed_word(ref: EntityRef) -> str | None:
    """The word whose lower-case share in the archive says whether a name is an entity: a one-word name's
    own word; a person's first word when it is no known given name (`Kill` of `Kill Bill`: a person's name
    does not start with a word the archive writes in lower case); else none."""
    return _weighed_word(ref.name, ref.type)


@lru_cache(maxsize=200_000)
def _weighed_word(name: str, kind: str) -> str | None:
    words = name.split()
    if len(words) == 1:
        return name if is_plain_word(name) else None
    if kind == "person" and is_plain_word(words[0]) and not gazetteer.is_given_name(words[0]) \
            and not gazetteer.is_title(words[0]):
        return words[0]
    return None


def reweigh_archive(articles_refs: dict[str, tuple[EntityRef, ...]], texts: Iterable[str] | Counter,
                    keep: Iterable[str] = ()) -> dict[str, tuple[EntityRef, ...]]:
    """Every article's entities with confidences that also weigh the archive's lower-case evidence
    (`scorer.reweigh`); the articles in `keep` (edited by a person) keep theirs. `texts`: the articles' plain
    texts, or their `archive_words` (kept between builds: see pipeline.archive_word_counts)."""
    keep = set(keep)
    word = _weighed_word  # by name and type: looked up once per name, however many articles have it
    shares = lower_shares(texts, {found for refs in articles_refs.values() for ref in refs
                                  if (found := word(ref.name, ref.type))})
    weighed: dict[EntityRef, EntityRef] = {}  # an entity met again (a story's copies, a common name) is weighed once

    def reweighed(ref: EntityRef) -> EntityRef:
        found = weighed.get(ref)
        if found is None:
            share = shares.get(word(ref.name, ref.type))
            found = weighed[ref] = ref if share is None else EntityRef(
                ref.name, ref.type, ref.mentions, ref.aliases, scorer.reweigh(ref.confidence, share))
        return found

    return {slug: refs if slug in keep or not any(word(ref.name, ref.type) in shares for ref in refs)
            else tuple(map(reweighed, refs)) for slug, refs in articles_refs.items()}
