"""Mentions to canonical entities: clean, type, merge, alias. Pure functions, no model needed."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import EntityRef

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
TITLES = (
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "president",
    "prime minister", "pm", "minister", "chancellor", "king", "queen", "prince", "princess", "pope",
    "senator", "sen", "rep", "governor", "gov", "mayor", "judge", "justice", "general", "gen", "colonel",
    "col", "captain", "capt", "sgt", "rev", "reverend", "saint", "st", "secretary", "ambassador",
    "chairman", "chief executive", "spokesman", "spokeswoman", "kremlin spokesman", "press secretary",
)
_TITLE_RE = re.compile(r"^(?:(?:%s)\.?\s+)+" % "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)),
                       re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")


def clean_name(text: str) -> str:
    """Whitespace collapsed, possessive, leading 'the' and trailing punctuation removed."""
    name = re.sub(r"\s+", " ", text).strip()
    name = re.sub(r"^[\"“”‘’'(\[]+|[\"“”‘’')\].,;:!?]+$", "", name).strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = _POSSESSIVE.sub(lambda m: "s" if m.group(0)[0] == "s" else "", name)
    return name.strip(" -–—.,;:")


def strip_titles(name: str) -> str:
    """A person's name without titles and honorifics (Mr, President, Prime Minister…)."""
    stripped = _TITLE_RE.sub("", name).strip()
    return stripped or name


def is_indexable(name: str) -> bool:
    """Whether a cleaned name is worth a page: not lower case, a number, or a single letter."""
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return False
    if not name[0].isupper() and not name[0].isdigit():
        return False
    return not re.fullmatch(r"[\d\W]+", name)


def canonicalise(mentions: Iterable[tuple[str, str]]) -> tuple[EntityRef, ...]:
    """Canonical entities of one article from its (text, spaCy label) mentions, most mentioned first."""
    cleaned: list[tuple[str, str, str]] = []  # (canonical, type, surface form)
    for text, label in mentions:
        kind = LABEL_TYPES.get(label)
        if kind is None:
            continue
        surface = re.sub(r"\s+", " ", text).strip()
        name = clean_name(text)
        if kind == "person":
            name = strip_titles(name)
        if is_indexable(name):
            cleaned.append((name, kind, surface))
    merged = _merge_partial_names(cleaned)
    return _collect(merged)


def _merge_partial_names(cleaned: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Point a surname-only (or first-name-only) mention at the one full name it belongs to."""
    full_names = {name for name, kind, _ in cleaned if kind == "person" and " " in name}
    by_part: dict[str, set[str]] = defaultdict(set)
    for full in full_names:
        parts = full.split()
        by_part[parts[-1]].add(full)
    result = []
    for name, kind, surface in cleaned:
        targets = by_part.get(name, set()) if " " not in name else set()
        if len(targets) == 1:
            name, kind = next(iter(targets)), "person"
        result.append((name, kind, surface))
    return result


def _collect(merged: list[tuple[str, str, str]]) -> tuple[EntityRef, ...]:
    """Group by canonical name; type by majority vote; aliases are the other surface forms."""
    types: dict[str, Counter] = defaultdict(Counter)
    surfaces: dict[str, set[str]] = defaultdict(set)
    order: dict[str, int] = {}
    for index, (name, kind, surface) in enumerate(merged):
        types[name][kind] += 1
        order.setdefault(name, index)
        alias = clean_name(surface)
        if alias != name:
            surfaces[name].add(alias)
    refs = []
    for name, votes in types.items():
        kind = max(votes.items(), key=lambda kv: (kv[1], kv[0] == "place"))[0]
        refs.append(EntityRef(name=name, type=kind, mentions=sum(votes.values()),
                              aliases=tuple(sorted(surfaces[name]))))
    refs.sort(key=lambda r: (-r.mentions, order[r.name]))
    return tuple(refs)


def resolve_archive(articles_refs: dict[str, tuple[EntityRef, ...]], aliases: dict | None = None,
                    types: dict | None = None, ignore: Iterable[str] = ()) -> dict[tuple[str, str], tuple[str, str]]:
    """Map every (name, type) seen in any article to one canonical (name, type) for the archive.

    The user's config wins: `ignore` drops names, `aliases` folds spellings into a canonical name,
    `types` forces a type. Otherwise the type is the archive-wide vote of mentions, and a
    surname-only person joins the one full name in the archive that ends with it.
    """
    spelling = {}
    for canonical, others in (aliases or {}).items():
        for other in [canonical, *others]:
            spelling[other.casefold()] = canonical
    ignored = {name.casefold() for name in ignore}
    forced = {name.casefold(): kind for name, kind in (types or {}).items()}

    votes: dict[str, Counter] = defaultdict(Counter)
    for refs in articles_refs.values():
        for ref in refs:
            name = spelling.get(ref.name.casefold(), ref.name)
            votes[name][ref.type] += ref.mentions
    canonical_type = {}
    for name, counter in votes.items():
        canonical_type[name] = forced.get(name.casefold()) or max(
            counter.items(), key=lambda kv: (kv[1], kv[0] == "place"))[0]

    full_by_last: dict[str, set[str]] = defaultdict(set)
    for name, kind in canonical_type.items():
        if kind == "person" and " " in name:
            full_by_last[name.split()[-1]].add(name)

    mapping = {}
    for refs in articles_refs.values():
        for ref in refs:
            name = spelling.get(ref.name.casefold(), ref.name)
            if name.casefold() in ignored or ref.name.casefold() in ignored:
                continue
            kind = canonical_type[name]
            if " " not in name and name not in spelling.values() and kind == "person":
                targets = full_by_last.get(name, set())
                if len(targets) == 1:
                    name = next(iter(targets))
            mapping[(ref.name, ref.type)] = (name, canonical_type.get(name, kind))
    return mapping
