"""Across the archive: one real-world entity, one name, one type (config and people's edits first)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from . import gazetteer
from .model import EntityRef


def resolve_archive(articles_refs: dict[str, tuple[EntityRef, ...]], aliases: dict | None = None,
                    types: dict | None = None, ignore: Iterable[str] = (),
                    edited: Iterable[str] = ()) -> dict[tuple[str, str], tuple[str, str]]:
    """Map every (name, type) seen in any article to one canonical (name, type) for the archive.

    The user's config wins: `ignore` drops names, `aliases` folds spellings into a canonical name,
    `types` forces a type. Next, a type a person wrote into an edited content file (articles named in
    `edited`) wins. Otherwise the type is the archive-wide vote of mentions; a surname-only person joins
    the one full name in the archive that ends with it, and an acronym joins the one name it was defined for.
    """
    spelling = _spellings(aliases or {})
    ignored = {name.casefold() for name in ignore}
    forced = {name.casefold(): kind for name, kind in (types or {}).items()}
    edited = set(edited)

    def canonical(ref: EntityRef) -> str:
        return spelling.get(ref.name.casefold(), ref.name)

    votes: dict[str, Counter] = defaultdict(Counter)
    chosen: dict[str, Counter] = defaultdict(Counter)
    for slug, refs in articles_refs.items():
        for ref in refs:
            (chosen if slug in edited else votes)[canonical(ref)][ref.type] += ref.mentions
    kinds = {name: _archive_type(name, votes[name], chosen[name], forced) for name in {*votes, *chosen}}
    joins = _joins(articles_refs, kinds, set(spelling.values()), canonical)

    mapping = {}
    for refs in articles_refs.values():
        for ref in refs:
            name = canonical(ref)
            if name.casefold() in ignored or ref.name.casefold() in ignored:
                continue
            name = joins.get(name, name)
            mapping[(ref.name, ref.type)] = (name, kinds.get(name, ref.type))
    return mapping


def _spellings(aliases: dict) -> dict[str, str]:
    """Config aliases as casefolded spelling -> canonical name."""
    spelling = {}
    for name, others in aliases.items():
        for other in [name, *(others or ())]:
            spelling[str(other).casefold()] = name
    return spelling


def _archive_type(name: str, votes: Counter, chosen: Counter, forced: dict[str, str]) -> str:
    """Config type, else the type people chose in edited files, else the archive-wide vote."""
    if name.casefold() in forced:
        return forced[name.casefold()]
    if chosen:
        return max(chosen.items(), key=lambda kv: kv[1])[0]
    if " " not in name and gazetteer.is_demonym(name):
        return "group"
    return max(votes.items(), key=lambda kv: (kv[1], kv[0] == "place", kv[0] == "person"))[0]


def _joins(articles_refs, kinds: dict[str, str], protected: set[str], canonical) -> dict[str, str]:
    """Short names that stand for one longer name across the archive: a surname, a defined acronym."""
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for name, kind in kinds.items():
        if kind == "person" and " " in name:
            full_by_last[name.split()[-1]].add(name)
    acronym_of: dict[str, set[str]] = defaultdict(set)
    for refs in articles_refs.values():
        for ref in refs:
            for alias in ref.aliases:
                if alias.isupper() and " " not in alias and alias != ref.name:
                    acronym_of[alias].add(canonical(ref))
    joins = {}
    for name, kind in kinds.items():
        if " " in name or name in protected:
            continue
        targets = full_by_last.get(name, set()) if kind == "person" else set()
        targets = targets or {t for t in acronym_of.get(name, set()) if kinds.get(t) == kind}
        if len(targets) == 1:
            joins[name] = next(iter(targets))
    return joins
