"""The archive's own evidence about a name: how often its word is written in lower case across the archive
(`media`, `budget`, `world` mostly are; `Everton` never is), and what stands around the word wherever the
archive writes it capitalised (`the Premiership`, `Windows XP`, `Xbox consoles`, `Mr Blair`): counted cheaply
from the articles' plain text, pooled over every article, where one article's own cues are few."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..core.data import Article, EntityRef
from ..core.text import written_names
from ..extract import gazetteer, scorer
from ..extract.entity_types import is_thing_noun

_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|['’]s\b|[^\sA-Za-z0-9]")  # words, numbers, a possessive, a mark
CUE = "\x1f"  # joins a word and a cue in the counts' keys (`Everton\x1fthe`): no word holds it
SPEECH = frozenset({"said", "says", "say", "told", "added"})
CUES = ("the", "title", "cap", "thing", "lower", "speech", "possessive")  # see `word_cues`
NAME = "\x1e"  # starts the key of a name the texts write (`\x1eSix Nations`), counted once per text that writes it


def is_plain_word(name: str) -> bool:
    """A one-word name written as a capitalised common word would be (`Budget`, `Everton`; not `BBC`, `eBay`)."""
    return name.isalpha() and name[:1].isupper() and name[1:].islower() and len(name) > 2


def word_counts(text: str, names: Iterable[str] | None = None) -> Counter:
    """How often each word is written in a text, exactly as written (`Media` and `media` apart), the cues
    around each capitalised common-shaped word (`word_cues`), and the names it writes (`text.written_names`,
    or `names` when the caller has them already), each once, keyed `NAME + name`: summed over the archive, how
    many texts write each name."""
    counts = Counter(_WORD.findall(text))
    counts.update(word_cues(text))
    counts.update([NAME + name for name in (written_names(text) if names is None else names)])
    return counts


def article_word_counts(article: Article) -> Counter:
    """`word_counts` of an article's text, with the names read when its file was (Article.names)."""
    return word_counts(article.plain, article.names if article.names or not article.plain else None)


def articles_words(articles: Iterable[Article]) -> Counter:
    """`archive_words` of the articles' texts, with the names read when their files were."""
    counts: Counter = Counter()
    for article in articles:
        counts.update(article_word_counts(article))
    return counts


def word_cues(text: str) -> Counter:
    """What stands around each capitalised word of a common word's shape (`is_plain_word`) in a text, keyed
    `word + CUE + cue`: `the` (`the` before it), `title` (a title before it, `Mr`),
    `cap` (a capitalised word or a figure after it: part of a longer name, `Windows XP`), `thing` (a work or
    product noun after it, `Xbox consoles`), `lower` (another lower-case word after it), `speech` (`said`
    after it), `possessive` (`'s` after it)."""
    tokens = _TOKEN.findall(text)
    cues: Counter = Counter()
    last = len(tokens) - 1
    # `is_plain_word` with string methods alone (a word of letters in title case is one): this visits every token
    for i in [i for i, token in enumerate(tokens) if len(token) > 2 and token.istitle() and token.isalpha()]:
        word = tokens[i]
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i < last else ""
        if before == "the":
            cues[word + CUE + "the"] += 1
        elif before[:1].isupper() and gazetteer.is_title(before):
            cues[word + CUE + "title"] += 1
        if after[:1].isupper() or after[:1].isdigit():
            cues[word + CUE + "cap"] += 1
        elif after in SPEECH:
            cues[word + CUE + "speech"] += 1
        elif after.isalpha() and after.islower():
            cues[word + CUE + ("thing" if is_thing_noun(after) else "lower")] += 1
        elif after in ("'s", "’s"):
            cues[word + CUE + "possessive"] += 1
    return cues


def archive_words(texts: Iterable[str]) -> Counter:
    """How often each word is written across the texts, with the cues around it (see `word_counts`)."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(word_counts(text))
    return counts


def counted_word(key: str) -> str:
    """The word a key of the counts is about (`Everton` of `Everton\x1fthe`)."""
    return key.split(CUE, 1)[0]


def cue_shares(counts: Counter, word: str) -> dict[str, float]:
    """The share of a word's capitalised occurrences in the archive that each cue stands around (`word_cues`);
    empty when the archive never writes it so. (How many articles write it is left out: a prior for frequent
    words would favour exactly the most-mentioned names, `the Premiership`, `The Aviator`, where a wrong page
    shows most.)"""
    n = counts[word]
    if not n:
        return {}
    return {cue: counts[word + CUE + cue] / n for cue in CUES}


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
    """Every article's entities with confidences that also weigh the archive's evidence about their word: its
    lower-case share and, for a one-word name, the cues around it (`scorer.reweigh`: a person's first word,
    `Kill` of `Kill Bill`, always has a capitalised word after it, and the weights learned the cues on one-word
    names); the articles in `keep` (edited by a person) keep theirs. `texts`: the articles' plain texts, or
    their `archive_words` (kept between builds: see pipeline.archive_word_counts)."""
    keep = set(keep)
    word = _weighed_word  # by name and type: looked up once per name, however many articles have it
    counts = texts if isinstance(texts, Counter) else archive_words(texts)
    shares = lower_shares(counts, {found for refs in articles_refs.values() for ref in refs
                                   if (found := word(ref.name, ref.type))})
    cues = {found: cue_shares(counts, found) for found in shares}
    weighed: dict[EntityRef, EntityRef] = {}  # an entity met again (a story's copies, a common name) is weighed once

    def reweighed(ref: EntityRef) -> EntityRef:
        found = weighed.get(ref)
        if found is None:
            weighed_word = word(ref.name, ref.type)
            share = shares.get(weighed_word)
            found = weighed[ref] = ref if share is None else EntityRef(
                ref.name, ref.type, ref.mentions, ref.aliases,
                scorer.reweigh(ref.confidence, share, cues=cues[weighed_word] if weighed_word == ref.name else None))
        return found

    return {slug: refs if slug in keep or not any(word(ref.name, ref.type) in shares for ref in refs)
            else tuple(map(reweighed, refs)) for slug, refs in articles_refs.items()}
