"""The tallies of resolve.py kept between builds, so that a build counts only the articles that changed.

The archive-wide decisions about names (types, folds, joins) read counts summed over the articles (tally.py).
The record keeps those sums and the content files they were summed from, each with the (size, modification
time) it had. The next build takes off what each changed or removed article gave (its text as the last build
read it, from the parsed-articles cache) and adds what each new or changed one gives, then decides again from
the sums: the work of counting follows the change, not the archive. Two things make an unchanged article give
something else, and both are followed:

- the archive's lower-case evidence: an entity's confidence reads the counts of its word across the archive
  (evidence.py), so the articles that hold a name whose word the change wrote or took away are weighed again
  with the old counts and the new, and those whose entities sure enough to link differ count as changed;
- the folds: the second tally names entities by their folded name, so when the folds (or the names a person
  kept apart) differ from the record's, the second tally is counted again over every article.

A record that does not fit (another version of these rules, other settings, a changed file whose old text is
not at hand, a count that would fall below zero) is not used: everything is counted again. `decode` checks
every entry, since anything in the build records may have been written by someone else.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..core.config import ENTITY_TYPES
from ..core.data import Article
from ..core.hashing import code_digest, digest
from . import evidence
from .resolve import Folding, Naming, decide, fold_names
from .tally import FirstTally, Piece, SecondTally, changed, first_tally, second_tally

CACHE_NAME = "resolve"
_HERE = Path(__file__).resolve().parent
_CODE = hashlib.sha256(b"".join((_HERE / name).read_bytes() for name in (
    "resolve.py", "tally.py", "evidence.py", "resolve_record.py"))).hexdigest()[:16]
SCHEMA = f"resolve tallies 1; code {_CODE}; extract {code_digest(_HERE.parent / 'extract')[:16]}"

Sure = Callable[[dict[str, tuple], Counter, set[str]], dict[str, tuple]]  # (refs by slug, word counts, edited) -> kept


@dataclass
class ResolveRecord:
    settings: str  # a digest of the settings the decisions read (config's aliases, types, ignore, confidence)
    files: dict[str, tuple[int, int]]  # content file -> (size, mtime) of the article summed
    folds: dict[str, str]  # the folds the second tally was counted under
    apart: set[tuple[str, str]]  # ... and the names kept apart
    first: FirstTally
    second: SecondTally


@dataclass
class Counted:
    """How much of the archive a build counted (for tests and the bench): None in `changed` when all of it."""

    changed: int | None = None  # articles whose content changed, or that came or went
    words: int = 0  # words whose archive-wide counts changed
    weighed_again: int = 0  # unchanged articles weighed again because one of their names reads such a word
    reweighed: int = 0  # ... of them, those whose linked entities or their confidences changed (counted again)
    flipped: int = 0  # ... of those, the ones whose entities sure enough to link changed
    second_again: bool = True  # the second tally counted over every article (no record, or other folds)


def settings_digest(config) -> str:
    """What of config.yaml the tallies and decisions read."""
    return digest(config.aliases, config.types, sorted(config.ignore), config.min_entity_confidence)


def resolve_kept(ordered: tuple[Article, ...], kept: dict[str, tuple], naming: Naming, settings: str,
                 words: Counter, sure: Sure, stamps: dict, before: dict | None,
                 previous: ResolveRecord | None) -> tuple[dict, ResolveRecord, Counted]:
    """The mapping of resolve.resolve_archive for the articles `ordered` (their linked entities `kept`), from the
    record of the last build when it fits, and the record for the next build. `sure` weighs and keeps an
    article's entities as build_site does; `stamps`: each file's (size, mtime); `before`: the parsed-articles
    cache as the last build left it ({file: ((size, mtime), Article)}); `words`: the archive's word counts."""
    files = {str(a.path): tuple(stamps[a.path]) for a in ordered if stamps.get(a.path)}
    edited_refs = [kept[a.slug] for a in ordered if a.edited]
    counted = Counted()
    delta = _delta(ordered, kept, settings, words, sure, files, before or {}, previous, counted)
    first = folding = second = None
    if delta is not None and len(files) == len(ordered):
        taken, brought = delta
        first = changed(previous.first, first_tally(taken, naming.spelled), first_tally(brought, naming.spelled))
    if first is not None:
        folding = fold_names(naming, first, edited_refs)
        if folding.folds == previous.folds and folding.apart == previous.apart:
            second = changed(previous.second, second_tally(taken, folding.canonical),
                             second_tally(brought, folding.canonical))
            counted.second_again = second is None
    else:
        counted = Counted()
        pieces = [(kept[a.slug], a.edited) for a in ordered]
        first = first_tally(pieces, naming.spelled)
        folding = fold_names(naming, first, edited_refs)
    if second is None:
        second = second_tally([(kept[a.slug], a.edited) for a in ordered], folding.canonical)
    record = ResolveRecord(settings, files, dict(folding.folds), set(folding.apart), first, second)
    return decide(naming, folding, second), record, counted


def _delta(ordered, kept, settings, words, sure, files, before, previous, counted) -> tuple[list[Piece], list[Piece]] | None:
    """What the changed articles took from the tallies and bring to them, as pieces (an article's linked
    entities and whether it is edited); None when the record cannot be followed (see the module's note)."""
    if previous is None or previous.settings != settings:
        return None
    old_versions, new_versions = [], []
    for article in ordered:
        path = str(article.path)
        was = previous.files.get(path)
        if was == files.get(path):
            continue
        new_versions.append(article)
        if was is not None:
            old_versions.append(path)
    old_versions += [path for path in previous.files if path not in files]
    olds = []
    for path in old_versions:
        found = before.get(path)
        if found is None or tuple(found[0]) != tuple(previous.files[path]):
            return None  # its text as the last build counted it is not at hand
        olds.append(found[1])
    counted.changed = len(new_versions) + sum(1 for path in previous.files if path not in files)
    # the archive's word counts before the change; the words whose counts changed
    difference: Counter = Counter()
    for article in olds:
        difference.update(evidence.article_word_counts(article))
    for article in new_versions:
        difference.subtract(evidence.article_word_counts(article))
    touched = {evidence.counted_word(word) for word, n in difference.items() if n}
    counted.words = len(touched)
    old_words = words.copy()
    old_words.update({word: n for word, n in difference.items() if n})
    taken = [(tuple(found), article.edited) for article in olds
             for found in sure({article.slug: article.entities}, old_words, {article.slug} if article.edited else set()).values()]
    brought = [(kept[article.slug], article.edited) for article in new_versions]
    # unchanged articles holding a name whose word's counts changed: weighed again before and after
    new_paths = {str(a.path) for a in new_versions}
    reads: dict[tuple[str, str], bool] = {}  # each name is looked at once, however many articles have it

    def reading_touched(ref) -> bool:
        found = reads.get((ref.name, ref.type))
        if found is None:
            found = reads[(ref.name, ref.type)] = _reads(ref, touched)
        return found

    reading = [a for a in ordered if not a.edited and str(a.path) not in new_paths
               and any(map(reading_touched, a.entities))] if touched else []
    counted.weighed_again = len(reading)
    if reading:
        before_kept = sure({a.slug: a.entities for a in reading}, old_words, set())
        for article in reading:
            if before_kept[article.slug] != kept[article.slug]:
                counted.reweighed += 1
                counted.flipped += _names(before_kept[article.slug]) != _names(kept[article.slug])
                taken.append((before_kept[article.slug], False))
                brought.append((kept[article.slug], False))
    return taken, brought


def _names(refs: tuple) -> list[tuple[str, str]]:
    return [(ref.name, ref.type) for ref in refs]


def _reads(ref, touched: set[str]) -> bool:
    """Whether an entity's confidence reads the archive count of a word in `touched` (evidence.lower_shares)."""
    word = evidence.weighed_word(ref)
    return word is not None and (word in touched or word.lower() in touched)


# --- kept between builds: plain JSON, every entry checked ---------------------------------------------------
#
# Each Counter of a tally as columns: its keys' first parts, their second parts (for pairs), the counts.

# the others: keyed by a name
PAIRED = {"votes", "together", "sureness", "chosen", "beside", "defined", "written", "written_sure"}
TYPED = {"votes", "sureness", "chosen", "written", "written_sure"}  # (name, type): the type one a page can have


def encode(record: ResolveRecord) -> dict:
    """The record as plain data."""
    def columns(field: str, counts: Counter) -> dict:
        keys = list(counts)
        if field in PAIRED:
            return {"a": [k[0] for k in keys], "b": [k[1] for k in keys], "n": list(counts.values())}
        return {"a": keys, "n": list(counts.values())}

    return {"settings": record.settings, "files": list(record.files), "sizes": [s for s, _ in record.files.values()],
            "times": [t for _, t in record.files.values()], "folds": record.folds,
            "apart": sorted(map(list, record.apart)),
            "first": {f.name: columns(f.name, getattr(record.first, f.name)) for f in fields(FirstTally)},
            "second": {f.name: columns(f.name, getattr(record.second, f.name)) for f in fields(SecondTally)}}



def decode(name: str, value: Any) -> ResolveRecord:
    """A ResolveRecord from its plain data, checking every part; ValueError or TypeError when one does not fit."""
    if name != CACHE_NAME or not isinstance(value, dict) or set(value) != {
            "settings", "files", "sizes", "times", "folds", "apart", "first", "second"}:
        raise ValueError(f"entry {name[:80]!r}")
    files, sizes, times, folds, apart = (value[k] for k in ("files", "sizes", "times", "folds", "apart"))
    if not (isinstance(value["settings"], str) and _strings(files) and _counts(sizes, 0) and _counts(times, None)
            and len(files) == len(sizes) == len(times) == len(set(files))):
        raise ValueError("files")
    if not (isinstance(folds, dict) and _strings(list(folds.values())) and isinstance(apart, list)
            and all(isinstance(pair, list) and len(pair) == 2 and _strings(pair) for pair in apart)):
        raise ValueError("folds")
    first = FirstTally(**_tallies(value["first"], FirstTally))
    second = SecondTally(**_tallies(value["second"], SecondTally))
    return ResolveRecord(value["settings"], dict(zip(files, zip(sizes, times))), dict(folds),
                         {tuple(pair) for pair in apart}, first, second)


def _tallies(value: Any, kind) -> dict[str, Counter]:
    names = {f.name for f in fields(kind)}
    if not isinstance(value, dict) or set(value) != names:
        raise ValueError("a tally")
    found = {}
    for field, columns in value.items():
        paired = field in PAIRED
        parts = ("a", "b", "n") if paired else ("a", "n")
        if not (isinstance(columns, dict) and set(columns) == set(parts)
                and all(isinstance(columns[p], list) for p in parts)
                and len({len(columns[p]) for p in parts}) == 1 and _counts(columns["n"], 1)
                and all(_strings(columns[p]) for p in parts[:-1])):
            raise ValueError(f"the tally {field}")
        if field in TYPED and not set(columns["b"]) <= set(ENTITY_TYPES):
            raise ValueError(f"a type in {field}")
        keys = list(zip(columns["a"], columns["b"])) if paired else columns["a"]
        counts = Counter(dict(zip(keys, columns["n"])))
        if len(counts) != len(keys):
            raise ValueError(f"a key twice in {field}")
        found[field] = counts
    return found


def _strings(column: list) -> bool:
    return isinstance(column, list) and set(map(type, column)) <= {str}


def _counts(column: list, least: int | None) -> bool:
    return set(map(type, column)) <= {int} and (least is None or not column or min(column) >= least)
