"""What the articles contribute to the archive-wide decisions of resolve.py, as sums over the articles.

Every decision `resolve` takes across the archive (a name's type by the vote of its mentions, a name folded
into its plural or its institution's full name, a surname joined to a full name, an acronym to what it stands
for) reads only counts summed over the articles: how often each name is written with each type, in how many
articles, beside which other names. An article's part of each sum depends on its own entities alone (and, for
the second tally, on how names are spelled and folded), so the sums can be kept between builds and changed by
what the changed articles took away and brought (`resolve_record.py`) instead of counted again over the whole
archive. Each tally is a set of Counters whose keys are names or pairs of names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache

from ..core.data import EntityRef
from ..extract.entities import capitals, initials_match

Piece = tuple[tuple[EntityRef, ...], bool]  # an article's entities sure enough to link, and whether a person edited it


@dataclass
class FirstTally:
    """The counts the archive's own folds read (resolve.fold_names), by name as config.yaml spells it."""

    votes: Counter  # (name, type) -> mentions
    spread: Counter  # name -> articles naming it
    together: Counter  # (name, its plural) -> articles naming both


@dataclass
class SecondTally:
    """The counts the types, joins and the mapping read (resolve.decide), by canonical name (spelled, folded)."""

    votes: Counter  # (name, type) -> mentions in articles nobody edited
    sureness: Counter  # (name, type) -> the thousandths of confidence of those entities, summed: what breaks a tie
    chosen: Counter  # (name, type) -> mentions in edited articles
    spread: Counter  # name -> articles naming it
    together: Counter  # (short, long) -> articles naming both, `short` the first or last words of `long`
    beside: Counter  # (acronym, full) -> articles naming both, `acronym` one of the full name's `capitals`
    defined: Counter  # (acronym, full) -> articles where an entity written `full` also goes by `acronym`
    written: Counter  # (name as written, type) -> entities of articles written so: what the mapping maps
    written_sure: Counter  # (name as written, type) -> the thousandths of confidence of those, summed (found.py)


def first_tally(pieces: Iterable[Piece], spelled: Callable[[str], str]) -> FirstTally:
    """The first tally of the articles (`pieces`)."""
    votes, spread, together = Counter(), Counter(), Counter()
    for refs, _ in pieces:
        names = {spelled(ref.name) for ref in refs}
        for ref in refs:
            votes[(spelled(ref.name), ref.type)] += ref.mentions
        spread.update(names)
        together.update((name, plural) for name in names for plural in plurals(name) if plural in names)
    return FirstTally(votes, spread, together)


def second_tally(pieces: Iterable[Piece], canonical: Callable[[str, str], str]) -> SecondTally:
    """The second tally of the articles (`pieces`), each entity named by canonical(name, type)."""
    votes, sureness, chosen, spread, together, beside, defined, written, written_sure = (Counter() for _ in range(9))
    for refs, edited in pieces:
        names = {canonical(ref.name, ref.type) for ref in refs}
        for ref in refs:
            key = (canonical(ref.name, ref.type), ref.type)
            if edited:
                chosen[key] += ref.mentions
            else:
                votes[key] += ref.mentions
                sureness[key] += round(ref.confidence * 1000)
            written[(ref.name, ref.type)] += 1
            written_sure[(ref.name, ref.type)] += round(ref.confidence * 1000)
        spread.update(names)
        together.update({(part, name) for name in names for part in _word_ends(name) if part in names})
        beside.update({(initials, name) for name in names if " " in name
                       for initials in _capitals(name) if initials in names})
        defined.update({(alias, canonical(ref.name, ref.type)) for ref in refs for alias in ref.aliases
                        if alias.isupper() and " " not in alias and alias != ref.name and stands_for(alias, ref.name)})
    # an entity kept whatever its confidence (named in config.yaml) may add nothing: no count is kept at zero
    return SecondTally(votes, +sureness, chosen, spread, together, beside, defined, written, +written_sure)


def changed(kept, taken: object, brought: object):
    """The tally `kept` less `taken` plus `brought` (tallies of one kind), or None when a count would fall below
    zero (the kept tally was not made from the articles it says). `kept` is changed in place."""
    for field in fields(kept):
        total, minus, plus = (getattr(t, field.name) for t in (kept, taken, brought))
        total.update(plus)
        total.subtract(minus)
        for key in minus:
            count = total[key]
            if count < 0:
                return None
            if count == 0:
                del total[key]
    return kept


def plurals(name: str) -> tuple[str, ...]:
    """A name's plural spellings: `Grammy` -> `Grammys`, `Grammies`; `Bus` -> `Buses`."""
    forms = (name + "s", name + "es")
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        forms += (name[:-1] + "ies",)
    return forms


def _word_ends(name: str) -> set[str]:
    """What a name starts or ends with, cut at a space: `Tony` and `Blair` of `Tony Blair`."""
    return {part for at, char in enumerate(name) if char == " " for part in (name[:at], name[at + 1:])}


@lru_cache(maxsize=200_000)
def _capitals(name: str) -> frozenset[str]:
    return frozenset(capitals(name))


COMPANY_FORMS = {"ag", "co", "corp", "group", "holdings", "inc", "llc", "ltd", "nv", "plc", "sa"}


def stands_for(acronym: str, name: str) -> bool:
    """Whether an acronym seen as another spelling of `name` is short for it: it spells the name's initials
    (`IMF`), or the name is the acronym and a company form (`ABC Inc`, `LG Group`; not `EU Commission`)."""
    first, *rest = name.split()
    return initials_match(acronym, name) or (first == acronym and all(w.casefold() in COMPANY_FORMS for w in rest))
