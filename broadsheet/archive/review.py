"""What an editor should look at in the archive's entities, most doubtful first, each with the line of
config.yaml that would fix it; and corrections in config.yaml that name no entity."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import yaml

from ..core.config import Config
from ..core.data import Article, EntityRef
from ..core.diagnostics import Diagnostics
from .resolve import resolve_archive

MAX_ITEMS = 500  # the review lists at most this many, most doubtful first
SIMILAR = 88  # rapidfuzz ratio (0-100) from which two names are listed as perhaps one entity


@dataclass(frozen=True)
class Doubt:
    """One thing to look at: how doubtful (0-1), what, why, and the config.yaml line that would fix it."""

    doubt: float
    name: str
    kind: str  # "low confidence", "types disagree", "similar names"
    why: str
    fix: str


def _flow(name: str) -> str:
    """A name as a YAML flow scalar that reads back as itself: quoted by the YAML library whenever YAML would
    read it as something else (`No`, `null`, `1984`, `a: b`), plain otherwise."""
    return yaml.safe_dump([name], default_flow_style=True, width=1 << 30, allow_unicode=True).strip()[1:-1]


def doubts(articles: list[Article], weighed: dict[str, tuple[EntityRef, ...]], config: Config) -> list[Doubt]:
    """Every doubt in the archive, most doubtful first (at most a third of `MAX_ITEMS` of each kind): an entity whose best confidence is
    near the threshold (the nearer, the more doubtful), one whose mentions are typed several ways (the larger
    the minority, the more), two names a small edit apart (the closer, the more)."""
    confidences: dict[str, list[float]] = defaultdict(list)
    types: dict[str, Counter] = defaultdict(Counter)
    spread: Counter = Counter()
    for refs in weighed.values():
        for ref in refs:
            confidences[ref.name].append(ref.confidence)
            types[ref.name][ref.type] += ref.mentions
            spread[ref.name] += 1
    found = []
    threshold = config.min_entity_confidence
    for name, values in confidences.items():
        best = max(values)
        kind = types[name].most_common(1)[0][0]
        if best < threshold:
            found.append(Doubt(round(1 - (threshold - best), 3), name, "low confidence",
                               f"no page: confidence {best:.3f} < {threshold:.3f} in its {len(values)} article(s)",
                               f"types: {{{_flow(name)}: {kind}}}"))
        elif best < threshold + 0.15:
            found.append(Doubt(round(1 - (best - threshold), 3), name, "low confidence",
                               f"a page, but confidence only {best:.3f} (threshold {threshold:.3f})",
                               f"ignore: [{_flow(name)}]"))
    for name, votes in types.items():
        if len(votes) > 1:
            kind, top = votes.most_common(1)[0]
            share = 1 - top / sum(votes.values())
            shown = ", ".join(f"{k} {v}" for k, v in votes.most_common())
            found.append(Doubt(round(min(1.0, 0.4 + share), 3), name, "types disagree", f"mentions typed {shown}",
                               f"types: {{{_flow(name)}: {kind}}}"))
    mapping = resolve_archive(weighed, config.aliases, config.types, config.ignore)  # after the archive's own folds
    resolved_spread: Counter = Counter()
    resolved_types: dict[str, Counter] = defaultdict(Counter)
    for refs in weighed.values():
        for name, kind in {mapping[(r.name, r.type)] for r in refs if (r.name, r.type) in mapping}:
            resolved_spread[name] += 1
        for ref in refs:
            if (ref.name, ref.type) in mapping:
                name, kind = mapping[(ref.name, ref.type)]
                resolved_types[name][kind] += ref.mentions
    found += _similar(resolved_spread, resolved_types)
    found.sort(key=lambda d: (-d.doubt, d.name.casefold(), d.kind))
    per_kind: Counter = Counter()
    kept = []
    for item in found:  # each kind gets its share of the list
        per_kind[item.kind] += 1
        if per_kind[item.kind] <= MAX_ITEMS // 3:
            kept.append(item)
    return kept


def _similar(spread: Counter, types: dict[str, Counter]) -> list[Doubt]:
    """Pairs of names a small edit apart (`Bono`, `Bonno`), the less widespread joining the other; a group
    (`Russian`) is never paired."""
    from rapidfuzz import fuzz, process

    by_initial: dict[str, list[str]] = defaultdict(list)  # a slip is seldom in the first letter: compare within
    for name in sorted(name for name in spread if len(name) >= 4)[:20000]:
        by_initial[name[0].casefold()].append(name)
    found = []
    for names in by_initial.values():
        for index, name in enumerate(names):
            for other, score, _ in process.extract(name, names[index + 1:], scorer=fuzz.ratio,
                                                   score_cutoff=SIMILAR, limit=3):
                if name.casefold() == other.casefold() or name in other.split() or other in name.split() \
                        or [c for c in name if c.isdigit()] != [c for c in other if c.isdigit()] \
                        or "group" in (types[name].most_common(1)[0][0], types[other].most_common(1)[0][0]):
                    continue  # `Russia` and `Russian`, `American` and `Americas`: a group is another entity
                main, rare = sorted((name, other), key=lambda n: (-spread[n], -sum(types[n].values()), n))
                found.append(Doubt(round(score / 100 * 0.9, 3), f"{main} / {rare}", "similar names",
                                   f"{main} in {spread[main]} article(s), {rare} in {spread[rare]}; one entity?",
                                   f"aliases: {{{_flow(main)}: [{_flow(rare)}]}}"))
    return found


def unknown_corrections(config: Config, names: set[str], diagnostics: Diagnostics) -> None:
    """One warning (W231) for each name under `types:`, `aliases:` or `ignore:` that no article mentions,
    with the closest names the archive has."""
    from rapidfuzz import fuzz, process

    folded = {name.casefold() for name in names}
    listed = [("types", str(name)) for name in config.types] + [("ignore", str(name)) for name in config.ignore]
    listed += [("aliases", str(name)) for name, others in config.aliases.items()
               if not {str(name).casefold(), *(str(o).casefold() for o in (others or ()))} & folded]
    pool = sorted(names)
    for section, name in listed:
        if name.casefold() in folded:
            continue
        close = [match for match, _, _ in process.extract(name, pool, scorer=fuzz.WRatio, limit=3, score_cutoff=80)]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = name if len(name) <= 60 else name[:57] + "..."
        diagnostics.warn("W231", f"{section}: {shown!r} names no entity in any article{hint}", config.path)
