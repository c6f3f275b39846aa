"""Across the archive: one real-world entity, one name, one type (config and people's edits first)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..core.data import EntityRef
from ..extract import gazetteer
from ..extract.entity_types import head_type, looks_like_person, may_be_surname
from .tally import FirstTally, SecondTally, first_tally, plurals, second_tally

# Names every English-language news archive spells several ways, and what an editor would title their
# page. Kept small and explicit: a name listed under `aliases:` or `types:` in config.yaml is left to
# the user (README, "Entities").
KNOWN_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {  # canonical name: (type, other spellings)
    "Conservative Party": ("organization", ("Conservative", "Conservatives", "Tory", "Tories", "Tory Party")),
    "Labour Party": ("organization", ("Labour",)),
    "New Labour": ("organization", ()),
    "Liberal Democrats": ("organization", ("Lib Dem", "Lib Dems", "Liberal Democrat", "LibDems")),
    "Olympic Games": ("event", ("Olympic", "Olympics")),
    "Federal Reserve": ("organization", ("Fed", "US Federal Reserve")),
    "BBC Radio 1": ("organization", ("Radio 1",)),
    "BBC Radio 2": ("organization", ("Radio 2",)),
    "BBC Radio 3": ("organization", ("Radio 3",)),
    "BBC Radio 4": ("organization", ("Radio 4",)),
    "BBC Radio Five Live": ("organization", ("Radio Five Live", "Radio 5 Live", "BBC Radio 5 Live")),
}
_KNOWN_SPELLING = {other.casefold(): name for name, (_, others) in KNOWN_NAMES.items() for other in (name, *others)}
INSTITUTION_FORMS = ("{} Party", "House of {}")  # `Labour` -> `Labour Party`, `Commons` -> `House of Commons`


def resolve_archive(articles_refs: dict[str, tuple[EntityRef, ...]], aliases: dict | None = None,
                    types: dict | None = None, ignore: Iterable[str] = (),
                    edited: Iterable[str] = ()) -> dict[tuple[str, str], tuple[str, str]]:
    """Map every (name, type) seen in any article to one canonical (name, type) for the archive.

    The user's config wins: `ignore` drops names, `aliases` folds spellings into a canonical name,
    `types` forces a type. Next come the built-in names (`KNOWN_NAMES`: `Tories` -> `Conservative Party`)
    and the archive's own folds (`_folds`: a name and its plural, a short name and its institution's full
    name). A type a person wrote into an edited content file (articles named in `edited`) wins over the
    type those imply; a different type on a name they fold (`Tory` typed person) keeps that name apart.
    Otherwise the type is the archive-wide vote of mentions (but a known place typed an organization in an
    article is that place's club or council there, its own entity: `_own_sense`); a bare surname joins the one person's full
    name in the archive that ends with it, or the one that clearly dominates several (see `_joins`), and an
    acronym joins the one name it was defined for.

    Every decision reads only counts summed over the articles (tally.py): this is `decide` on the tallies of
    all the articles; resolve_record.py keeps the tallies between builds and changes them by what changed.
    """
    naming = Naming(aliases or {}, types or {}, ignore)
    edited = set(edited)
    pieces = [(refs, slug in edited) for slug, refs in articles_refs.items()]
    folding = fold_names(naming, first_tally(pieces, naming.spelled), [refs for refs, mine in pieces if mine])
    return decide(naming, folding, second_tally(pieces, folding.canonical))


class Naming:
    """What config.yaml says about names (aliases, types, ignore), and how it and the built-in names spell one."""

    def __init__(self, aliases: dict, types: dict, ignore: Iterable[str]):
        self.spelling = _spellings(aliases)
        self.ignored = {name.casefold() for name in ignore}
        self.forced = {name.casefold(): kind for name, kind in types.items()}
        self.users = set(self.spelling) | set(self.forced)  # names the config speaks about: no built-in fold touches them
        self._spelled: dict[str, str] = {}  # each name is looked up once per build, however many articles have it
        self.protected = (set(self.spelling.values()) | {self.spelled(name) for name in KNOWN_NAMES}
                          | set(self.forced))

    def spelled(self, name: str) -> str:
        """The name config.yaml's aliases, or else a built-in name, spell it as."""
        found = self._spelled.get(name)
        if found is None:
            found = self._spelled[name] = _spelled(name, self.spelling, self.users)
        return found


class Folding:
    """The archive's folds (`_folds`) and the names kept apart from them: what a name is counted as."""

    def __init__(self, naming: Naming, folds: dict[str, str], fold_types: dict[str, str],
                 apart: set[tuple[str, str]]):
        self.naming, self.folds, self.fold_types, self.apart = naming, folds, fold_types, apart
        self.rule_types = {**fold_types, **{naming.spelled(name): kind for name, (kind, _) in KNOWN_NAMES.items()}}
        self._canonical: dict[tuple[str, str], str] = {}

    def folded(self, name: str) -> str:
        name = self.naming.spelled(name)
        return self.folds.get(name, name)

    def canonical(self, name: str, kind: str) -> str:
        """The name an entity written `name` and typed `kind` in an article is counted and paged as."""
        found = self._canonical.get((name, kind))
        if found is None:
            if (name, kind) in self.apart:
                found = self.naming.spelling.get(name.casefold(), name)
            else:
                found = self.folded(name)
            self._canonical[(name, kind)] = found
        return found


def fold_names(naming: Naming, first: FirstTally, edited_refs: Iterable[tuple[EntityRef, ...]]) -> Folding:
    """The archive's folds from its first tally; and, from the entities of the edited articles, the names a
    person kept apart: one who gave a built-in or folded name another type in an edited file meant another
    entity (a person called `Tory`), so that name with that type stays on its own page everywhere."""
    folds, fold_types = _folds(first, {n.casefold() for n in naming.protected} | naming.users)
    folding = Folding(naming, folds, fold_types, set())
    folding.apart = {(ref.name, ref.type) for refs in edited_refs for ref in refs
                     if folding.folded(ref.name) != naming.spelling.get(ref.name.casefold(), ref.name)
                     and folding.rule_types.get(folding.folded(ref.name), ref.type) != ref.type}
    return folding


def decide(naming: Naming, folding: Folding, second: SecondTally) -> dict[tuple[str, str], tuple[str, str]]:
    """The mapping of `resolve_archive` from the archive's second tally."""
    votes, chosen, sureness = _by_name(second.votes), _by_name(second.chosen), _by_name(second.sureness)
    kinds = {name: _archive_type(name, votes[name], chosen[name], naming.forced, folding.rule_types, sureness[name])
             for name in {*votes, *chosen}}
    decided = {name for name, kind in kinds.items()  # a person said what it is: not a surname
               if kind != "person" and (chosen[name] or name.casefold() in naming.forced)}
    joins = _joins(second, kinds, naming.protected | set(folding.folds.values()) | decided)
    mapping = {}
    for written, own in second.written:
        name = folding.canonical(written, own)
        if name.casefold() in naming.ignored or written.casefold() in naming.ignored:
            continue
        name = joins.get(name, name)
        kind = kinds.get(name, own)
        if _own_sense(name, own, kind) and not (chosen[name] or name.casefold() in naming.forced):
            kind = own
        mapping[(written, own)] = (name, kind)
    return mapping


def _by_name(counts: Counter) -> dict[str, Counter]:
    """{(name, x): n} as {name: {x: n}}."""
    grouped: dict[str, Counter] = defaultdict(Counter)
    for (name, other), count in counts.items():
        grouped[name][other] = count
    return grouped


SENSES = {"place", "organization"}


def _own_sense(name: str, own: str, archive: str) -> bool:
    """Whether an article's type for a name stands against the archive's vote as another entity of that name:
    a known place's name is the place and also the bodies named after it (`Newcastle`, `Leeds`, `Edinburgh`:
    the town and its club), so an article that calls it an organization and one that calls it a place mean
    two entities, each on its own page, not one vote."""
    return own != archive and {own, archive} == SENSES and gazetteer.is_place(name)


def _spelled(name: str, spelling: dict[str, str], users: set[str]) -> str:
    """The name config.yaml's aliases, or else a built-in name (`KNOWN_NAMES`), spell it as."""
    if name.casefold() in spelling:
        return spelling[name.casefold()]
    if name.casefold() not in users:
        name = _KNOWN_SPELLING.get(name.casefold(), name)
    return spelling.get(name.casefold(), name)


def _folds(first: FirstTally, protected: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Names the archive itself shows to be one entity, and the type a fold implies.

    - A name and its plural (`Green`/`Greens`, `Emmet Prize`/`Emmet Prizes`), when neither is typed person
      or group (`William`/`Williams`, `Briton`/`Britons`) and they appear together in two or more articles
      (`Time` and `Times`, `Rover` and `Rovers` never do: a magazine and a newspaper, a carmaker and a club).
      The page takes the name found in more articles, the plural on a tie.
    - A short name and its institution's full name, `Labour` -> `Labour Party`, `Commons` -> `House of
      Commons`, when the full name is established in the archive: in two or more articles and in at least
      a tenth as many as the short name (`Congress` seen in 16 articles stays apart from a `Congress Party`
      seen once). `… Party` is then an organization.
    - A demonym's other forms and its adjective (`Britons`, `Briton` -> `British`, `Frenchman` -> `French`,
      `Americans` -> `American`; see `_demonym_base`), a group whatever spaCy voted.
    Names in `protected` (casefolded: named in config, or built-in names) never fold. The counts are those of
    the first tally (tally.py).
    """
    spread, together, votes = first.spread, first.together, _by_name(first.votes)
    kind = {name: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for name, v in votes.items()}
    free = {name for name in votes if name.casefold() not in protected and kind[name] not in ("person", "place")}
    folds, fold_types = {}, {}
    for (one, many), count in sorted(together.items()):
        if count >= 2 and one in free and many in free and "group" not in (kind[one], kind[many]):
            if spread[one] > spread[many]:
                folds[many] = one
            else:
                folds[one] = many
    demonyms = {name for name in votes if name.casefold() not in protected  # a demonym is a group whatever its votes
                and ((" " not in name and kind[name] == "group") or gazetteer.is_people_name(name))}
    for name in sorted(demonyms):
        if gazetteer.is_people_name(name) and name not in folds:  # `Sri Lankans` -> `Sri Lankan` too
            base = _demonym_base(name, demonyms)
            if base:
                folds[name] = base
                fold_types[base] = "group"

    def root(name: str) -> str:
        seen = {name}
        while name in folds and folds[name] not in seen:
            name = folds[name]
            seen.add(name)
        return name

    for name in sorted(free):  # `Greens` and `Green` (one page already) both go to an established `Green Party`
        for form in INSTITUTION_FORMS:
            full = form.format(name)
            if (full in votes and root(full) == full and root(name) != full and spread[full] >= 2
                    and spread[full] * 10 >= spread[name]):
                folds[root(name)] = full
                if form == "{} Party":
                    fold_types[full] = "organization"
    return {name: root(name) for name in folds}, fold_types


_PERSON_FORM = re.compile(r"(?:wo)?m[ae]n$|person$")


def _demonym_base(name: str, groups: set[str]) -> str | None:
    """The form of a demonym its page is titled by, when the archive has it among `groups`: the adjective
    (`Britons`, `Briton` -> `British`; `Frenchman`, `Frenchmen` -> `French`; `Scotsman` -> `Scottish`), else
    the singular (`Americans` -> `American`). A -man, -woman or -person form and a noun whose adjective ends
    in -ish are recognised for the irregular demonyms only (`gazetteer.IRREGULAR_DEMONYMS`: not `Turkmen`)."""
    forms = [name]
    irregular = name in gazetteer.IRREGULAR_DEMONYMS
    if irregular and _PERSON_FORM.search(name):
        forms.append(_PERSON_FORM.sub("", name))  # `Welshman` -> `Welsh`, `Scotsman` -> `Scots`
    forms += [form[:-1] for form in forms if form.endswith("s")]  # `Americans`, `Scots` -> `Scot`
    candidates = []
    if irregular:
        candidates += [adjective for form in forms for adjective in sorted(groups) if _ish_adjective(adjective, form)]
    candidates += forms[1:]
    return next((c for c in candidates if c in groups and c != name), None)


def _ish_adjective(adjective: str, noun: str) -> bool:
    """Whether an -ish adjective is a demonym noun's: `British` of `Briton`, `Spanish` of `Spaniard`,
    `Danish` of `Dane`, `Scottish` of `Scot` (its stem starts the noun, which adds four letters at most)."""
    if not adjective.endswith("ish") or adjective == noun:
        return False
    stem = adjective[:-3]
    stems = {stem, stem[:-1]} if stem[-1:] == stem[-2:-1] else {stem}  # `Scott-ish`, `Finn-ish`
    return any(len(s) >= 3 and noun.startswith(s) and len(noun) - len(s) <= 4 for s in stems)


def _spellings(aliases: dict) -> dict[str, str]:
    """Config aliases as casefolded spelling -> canonical name."""
    spelling = {}
    for name, others in aliases.items():
        for other in [name, *(others or ())]:
            spelling[str(other).casefold()] = name
    return spelling


def _archive_type(name: str, votes: Counter, chosen: Counter, forced: dict[str, str],
                  rule_types: dict[str, str], sureness: Counter | None = None) -> str:
    """Config type, else the type people chose in edited files, else a built-in name's or a fold's type
    (`Tories` is the Conservative Party, an organization), else the archive-wide vote of mentions. A tie goes
    to a place, then a person, then the type the extraction was surer of (`sureness`: its confidences summed),
    then the last A–Z: never to the order the articles were read in, which an incremental build cannot know."""
    sureness = sureness or Counter()
    if name.casefold() in forced:
        return forced[name.casefold()]
    if chosen:
        return max(chosen.items(), key=lambda kv: (kv[1], kv[0]))[0]
    if name in rule_types:
        return rule_types[name]
    if gazetteer.is_people_name(name):
        return "group"
    return max(votes.items(), key=lambda kv: (kv[1], kv[0] == "place", kv[0] == "person", sureness[kv[0]], kv[0]))[0]


def _joins(second: SecondTally, kinds: dict[str, str], protected: set[str]) -> dict[str, str]:
    """Short names that stand for one longer name across the archive: a surname, a defined acronym.

    A bare surname (`Putin`) joins the one person in the archive whose full name ends with it, when that
    name is shaped like a person's (`_named_person`: not `Kill Bill`), or of several the one that clearly
    dominates (`_dominant`: `Blair` -> `Tony Blair`), unless the short name is as likely the first word of
    another name (`_given_name_here`: `Bill`, `Harry` of the many `Bill …`, `Harry …`; but `Howard` still
    joins `Michael Howard` though a `Howard Stern` exists). A short
    name of another type (spaCy tags lone surnames GPE, ORG or NORP as often as PERSON: `Costa`
    disagreed) joins too, but the shared word is then the only link, so it must pass `_surname_join`.
    An acronym joins the one name it was defined for whose initials it spells (`EU` beside `EU Commission`
    is no definition); one no article defines joins the one name of its type whose capitals are exactly
    its letters, a leading country aside (`capitals`), and that appears beside it in some article (`EU` ->
    `European Union`; places are left to the gazetteer and config aliases). When several names qualify, it
    joins the one that clearly dominates them (`_dominant_name`: `AP` beside `Associated Press` in five
    articles, beside `Arms Park` in one). Names in `protected` (config aliases; a non-person type set in
    config or chosen in an edited file) never join. The counts are those of the second tally (tally.py).
    """
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for name, kind in kinds.items():
        if kind == "person" and " " in name and surname(name) != name:
            full_by_last[name.split()[-1]].add(name)
            full_by_last[surname(name)].add(name)  # `Pieter de Vries` under `de Vries` too
    spread, together = second.spread, second.together  # articles naming a name; naming a short and a long one
    acronym_of = _by_name(second.defined)  # a defined acronym -> its names, by articles
    beside = _by_name(second.beside)  # an acronym -> the names whose capitals it is, by the articles it shares with them
    first_words = {name.split()[0] for name, kind in kinds.items() if " " in name and kind != "person"}
    given: dict[str, set[str]] = defaultdict(set)  # `Howard` -> `Howard Stern`, `Howard Hughes`
    starting: dict[str, set[str]] = defaultdict(set)  # `Mini` -> `Mini Convertible`, `Mini Grey`
    for name, kind in kinds.items():
        if " " in name and not any(c.isdigit() for c in name):  # not `Drogba 107`, a score spaCy kept
            starting[name.split()[0]].add(name)
            if kind == "person":
                given[name.split()[0]].add(name)
    joins = {}
    for name, kind in kinds.items():
        if (" " in name and surname(name) != name) or name in protected:
            continue
        targets = full_by_last.get(name, set())
        if kind != "person":
            targets = {t for t in targets if _surname_join(name, t, spread, first_words)}
        else:
            targets = _dominant(name, targets, spread, together)
        if any(_given_name_here(name, target, given[name], starting[name], spread, together)
               for target in sorted(targets)):  # of any of them: not one picked by the set's (per-process) order
            targets = set()  # `Bill`, `Harry`: as much another person's first name as this person's surname
        targets = targets or _dominant_name(Counter({t: n for t, n in acronym_of.get(name, Counter()).items()
                                                     if kinds.get(t) == kind}))
        if not targets and name.isupper() and kind not in ("person", "place"):  # an acronym no article defined
            targets = _dominant_name(Counter({t: n for t, n in beside.get(name, Counter()).items()
                                              if kinds[t] == kind}))
        if len(targets) == 1:
            joins[name] = next(iter(targets))
    return joins


def _dominant_name(articles: Counter) -> set[str]:
    """The one name an acronym stands for, as a set (empty: none), from the articles that define it or name it
    beside it: the only one, or the one that clearly dominates the others (in at least `ACRONYM_SPREAD`
    articles and `DOMINANCE` times those of every other)."""
    if len(articles) <= 1:
        return set(articles)
    (top, count), *rest = sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))
    return {top} if count >= ACRONYM_SPREAD and all(count >= DOMINANCE * n for _, n in rest) else set()


ACRONYM_SPREAD = 2  # an acronym spelled by several names joins one seen with it in this many articles (and dominant)
DOMINANCE = 5  # a surname shared by several people joins one seen in this many times the articles of each other
DOMINANT_SPREAD = 10  # ... and in at least this many articles


def _dominant(name: str, people: set[str], spread: Counter, together: Counter) -> set[str]:
    """The one person a bare surname typed person stands for across the archive, as a set (empty: none).

    The only person whose full name ends with it, when that name is shaped like a person's (`_named_person`:
    not `Kill Bill`). When several do (`Tony Blair` in 146 BBC articles, `Cherie Blair` in 4, `Ian Blair` in
    3), the most widespread one, only when it clearly dominates: it is shaped like a person's, is in at least
    `DOMINANT_SPREAD` articles and `DOMINANCE` times the articles of every other (`Gordon Brown` 80 and `Wes
    Brown` 4 join `Brown`; `Michael Owen` 14 and `Clive Owen` 13 do not), and no other appears beside the bare
    name more often than it does (the bare name's own articles say which one the writers mean). A full name
    not shaped like a person's still competes (`Brazilian Ronaldo` is another Ronaldo). The archive maps a
    name for every article at once, so the bare name then joins the dominant person even in the odd article
    that also names another (`Blair` beside `Cherie Blair` and `Tony Blair`): `merge_partial_names` has
    already joined it to the one full name of any article that names one.
    """
    if len(people) <= 1:
        return {p for p in people if _named_person(p)}
    ranked = sorted(people, key=lambda p: (-spread[p], p))
    top, rest = ranked[0], ranked[1:]
    if (_named_person(top) and spread[top] >= DOMINANT_SPREAD and spread[name] <= spread[top]
            and all(spread[top] >= DOMINANCE * spread[p] and together[(name, top)] >= together[(name, p)]
                    for p in rest)):
        return {top}
    return set()


def _given_name_here(name: str, person: str, others: set[str], starting: set[str], spread: Counter,
                     together: Counter) -> bool:
    """Whether a bare name that would join `person` as a surname is as likely the first word of another name.

    `others` are the people whose names start with it (`Howard Stern` for `Howard`), `starting` every name
    that does (`Mini Convertible`). It is when one of `starting` appears beside the bare name in more
    articles than `person` does (the bare name's own articles say what it is short for: `Mini` beside `Mini
    Convertible` is the car, not a `Mac Mini`), or when `others` are, together, in at least as many articles
    as `person` (`Bill` of the many `Bill …` is no one's surname; `Ray` beside `Ray Charles`). So `Howard`
    joins `Michael Howard` (94 BBC articles) whatever `Howard Stern` (2) and `Howard Hughes` (13) do.
    """
    beside = any(together[(name, other)] > together[(name, person)] for other in starting)
    return beside or (bool(others) and sum(spread[other] for other in others) >= spread[person])


def _named_person(name: str) -> bool:
    """Whether a full name is shaped like a person's: known given names or initials before the surname
    (`John Arne Riise`, `J Forrester`, `JK Rowling`, `Al-Walid bin Talal`), no organization word. `Kill Bill`, `Fireman Sam`
    and `Sydney Morning Herald` are not, whatever spaCy called them."""
    words = name.split()
    before = words[:len(words) - len(surname(name).split())]
    return bool(before) and head_type(name) is None and all(
        gazetteer.is_given_name(w) or (len(w.rstrip(".")) <= 2 and w.rstrip(".").isupper()) for w in before)


def _surname_join(name: str, person: str, spread: Counter, first_words: set[str]) -> bool:
    """Whether a one-word name typed place, organization or group is the surname of `person`.

    Only when nothing points elsewhere: it may be a surname (`may_be_surname`: not an acronym, a known
    place such as `Kherson` or a city that shares someone's name, a demonym or a head word); it does not
    start an organization, place or event name in the archive (`Ford` beside `Ford Motor`); the person's
    full name starts with a known given name (`Liberal Democrat` or `Five Nations` mistyped as a person
    do not attract `Democrat`, `Nations`) or the name has a particle; and it appears in no more articles
    than the person (`Conservatives` in 70 articles is not the surname of a `London Assembly Conservatives`
    seen once, while a `Scholz` seen once joins the `Olaf Scholz` seen elsewhere).
    """
    person_shaped = len(person.split()) == len(surname(person).split()) + 1 and looks_like_person(person)
    return (may_be_surname(name) and name not in first_words and person_shaped
            and spread[name] <= spread[person])


def surname(name: str) -> str:
    """A name's last word with the lower-case particles before it: `Pieter de Vries` -> `de Vries`."""
    words = name.split()
    start = len(words) - 1
    while start > 0 and gazetteer.is_name_particle(words[start - 1]):
        start -= 1
    return " ".join(words[start:])
