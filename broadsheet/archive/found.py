"""Entities an article writes that its own extraction missed, vouched for by the rest of the archive.

spaCy reads one sentence at a time: `Arsenal boss Arsene Wenger ...` at the start of an article gives it no
entity in `Arsenal`, and `the entire Six Nations` gives it a number. Forty other articles of the archive index
`Arsenal`, and index it in most of the texts that write it: the archive's own statistics say that where the
name is written it is that entity. A name is vouched for by the share of the archive's texts writing it in
which it is indexed (how many texts write it is counted with the archive's words, `evidence.NAME`; how many
articles index it, and how surely, with the tallies, `tally.SecondTally`), times the mean confidence it is
indexed with; a one-word name is weighed as well by how often the archive writes its word in lower case
(`scorer.reweigh`: `Budget`, `Sun` are common words as often as names). An article a person edited keeps
exactly the entities they left in it.
"""

from __future__ import annotations

from collections import Counter

from ..core.data import EntityRef
from ..extract import scorer
from .evidence import NAME, cue_shares, is_plain_word, lower_shares

MIN_ARTICLES = 2  # a name vouched for is indexed in at least this many articles of the archive


def vouched(written: Counter, written_sure: Counter, counts: Counter, threshold: float,
            words: Counter | None = None) -> dict[str, tuple[str, float]]:
    """The names the archive vouches for, each with the type it is indexed as most often and a confidence: the
    share of the texts writing it (`counts`, evidence.archive_words) in which it is indexed (`written`: (name,
    type) -> articles indexing it), times the mean confidence it is indexed with (`written_sure`: their
    thousandths summed); a one-word name weighed as well with its word's lower-case share and cues in `words`
    (default `counts`). Only those at `threshold` or above."""
    words = counts if words is None else words
    kinds: dict[str, dict[str, int]] = {}
    for (name, kind), articles in written.items():
        found = kinds.get(name)
        if found is None:
            kinds[name] = {kind: articles}
        else:
            found[kind] = articles
    vouched_for = {}
    for name, by_kind in kinds.items():
        articles = sum(by_kind.values())
        texts = counts.get(NAME + name, 0)
        if articles < MIN_ARTICLES or not texts:
            continue
        sure = sum(written_sure.get((name, kind), 0) for kind in by_kind) / 1000
        confidence = min(1.0, articles / texts) * sure / articles
        if is_plain_word(name):
            confidence = scorer.reweigh(min(confidence, 0.999), lower_shares(words, [name])[name],
                                        cues=cue_shares(words, name))
        if confidence >= threshold:
            kind = max(by_kind.items(), key=lambda item: (item[1], item[0]))[0]
            vouched_for[name] = (kind, round(confidence, 3))
    return vouched_for


def found_in(refs: tuple[EntityRef, ...], names: tuple[str, ...], counts: tuple[int, ...],
             vouched_for: dict[str, tuple[str, float]]) -> tuple[EntityRef, ...]:
    """The entities the archive vouches for among the names an article writes (`names`, text.written_names of its
    text, written `counts` times each) that none of its entities `refs` is named or also known by; not a name
    that ends a longer one it writes that is an entity (`Blair` of a sentence opening `Tony Blair`, `Nations` of
    `Six Nations`)."""
    candidates = [name for name in names if name in vouched_for]
    if not candidates:
        return ()
    known = {form for ref in refs for form in (ref.name, *ref.aliases)}
    entities = known | set(candidates)
    new = [name for name in candidates
           if name not in known and not any(other.endswith(" " + name) for other in entities)]
    if not new:
        return ()
    mentions = dict(zip(names, counts))
    return tuple(EntityRef(name, vouched_for[name][0], mentions.get(name) or 1, (), vouched_for[name][1])
                 for name in new)
