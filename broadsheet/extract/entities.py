"""Mentions to canonical entities: clean, drop, merge, type, alias. Pure functions, no model needed."""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from ..core.data import EntityRef
from ..core.text import clean_name as text_clean_name
from . import gazetteer
from .entity_types import (
    ORG_WORDS,
    TIME_ZONES,
    TITLE_MODIFIERS,
    UNTYPED,
    decide_type,
    head_type,
    is_acronym,
    is_award,
    is_junk_word,
    looks_like_person,
    may_be_surname,
)

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "UNLABELLED": UNTYPED,  # a capitalised name spaCy gave no span (`spans.left_out`): typed by the rules alone
}
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
COORDINATION = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")


class Mention(NamedTuple):
    """One entity mention: its text, spaCy label, whether a title or role word stood before it, and any
    other cue from its context: "organization" (`the firm X`) or "work" (`the film X`: not an entity)."""

    text: str
    label: str
    titled: bool = False
    cue: str = ""


class Named(NamedTuple):
    """A cleaned mention on its way to an entity."""

    name: str
    kind: str
    surface: str
    titled: bool
    firm: bool = False  # its context called it an organization (`the law firm X`)


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str:
    """Whitespace collapsed, possessive, leading 'the' and trailing punctuation removed, initials without
    full stops (`George W. Bush` -> `George W Bush`: `_undot_initials`)."""
    return _undot_initials(written_name(text))


@lru_cache(maxsize=65536)
def written_name(text: str) -> str:
    """`clean_name` with initials as written (`George W. Bush`): the form an alias keeps. Invisible characters
    (a zero-width space, a soft hyphen) are no part of a name."""
    name = text_clean_name(text)
    name = re.sub(r"\s*\([^)]*$", "", name)  # `International Monetary Fund (IMF`: the unclosed aside goes
    name = re.sub(r"^[\"“”‘’'(\[]+|[\"“”‘’')\].,;:!?]+$", "", name).strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = _POSSESSIVE.sub(lambda m: "s" if m.group(0)[0] == "s" else "", name)
    name = _TRAILING_JUNK.sub("", name)  # `Roddick 6-2 7-6`, `Commons on Monday`, `0900 GMT`
    name = re.sub(r"^(?:%s)\s+" % "|".join(TIME_ZONES), "", name)  # `GMT Carnival`
    name = re.sub(r"\s+(?:of|for|and|the|de|in|on|at)$", "", name.strip(" -–—.,;:"))
    return name.strip(" -–—.,;:")


_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]?")  # `W.`, `J.K.`, `U.N` (its last stop is gone by then), `U.S.A`
_INITIAL = re.compile(r"[A-Z]\.?")


def _undot_initials(name: str) -> str:
    """Initials written the way news usually writes them, without full stops: `George W. Bush` -> `George W
    Bush`, `J.K. Rowling`, `J. K. Rowling`, `J K Rowling` -> `JK Rowling`, `U.N` -> `UN` (the BBC's style,
    and the most frequent form in its archive). Two or more initials before a name run together, as `JK`."""
    written = name.split(" ")
    out: list[str] = []
    for index, word in enumerate(written):
        if (index and index + 1 < len(written) and _INITIAL.fullmatch(word) and _INITIAL.fullmatch(written[index - 1])
                and out[-1].isalpha() and out[-1].isupper()):
            out[-1] += word.rstrip(".")  # `J K` before a surname -> `JK`
        else:
            out.append(word.replace(".", "") if _DOTTED.fullmatch(word) else word)
    return " ".join(out)


_DAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TRAILING_JUNK = re.compile(r"(?:\s+\(?\d+-\d+(?:\s*\(\d+\))?\)?)+$|\s+(?:on|last|next|this)\s+%ss?$|\s+(?:%s)$"
                            % (_DAYS, "|".join(TIME_ZONES)))


@lru_cache(maxsize=65536)  # the same names come back in every article
def strip_titles(name: str) -> tuple[str, bool]:
    """A person's name without leading titles and honorifics (Mr, President, Lt Col), and whether any were there."""
    words = name.split()
    stripped = 0
    if head_type(name) == "organization":  # General Motors keeps its "General"
        return name, False
    while stripped < len(words) - 1 and gazetteer.is_title(words[stripped]):
        stripped += 1
    return " ".join(words[stripped:]), stripped > 0


@lru_cache(maxsize=65536)  # the same names come back in every article
def is_indexable(name: str) -> bool:
    """Whether a cleaned name is worth a page: not lower case, a number, or a single letter.

    A surname may start with lower-case particles (`de Vries`, `van Persie`, `al-Assad`) when a
    capitalised word follows them."""
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return False
    if not name[0].isupper() and not name[0].isdigit() and not _starts_with_particles(name):
        return False
    if all(gazetteer.is_title(word) for word in name.split()) or gazetteer.is_compass_word(name) \
            or is_junk_word(name):
        return False
    return not re.fullmatch(r"[\d\W]+|[\d.,]+(?:bn|m|k|tn|st|nd|rd|th|s|pc)", name, re.IGNORECASE)


def _starts_with_particles(name: str) -> bool:
    """`de Vries`, `van der Sar`, `al-Assad`, `d'Alema`: surname particles, then a capitalised word."""
    *particles, last = re.split(r"\s+|(?<=[a-z])[-'’](?=[A-Z])", name)
    return bool(particles) and all(gazetteer.is_name_particle(w) for w in particles) and last[:1].isupper()


def name_mention(mention: Mention | tuple) -> list[Named]:
    """Clean one mention into the names it holds: type from its label and cue, titles stripped,
    `Arsenal boss Arsene Wenger` and `Columbia/Sony Pictures` split; nothing when it is not an entity."""
    mention = Mention(*mention)
    kind = LABEL_TYPES.get(mention.label)
    if kind is None or mention.cue == "work":
        return []
    found = []
    for text in split_names(re.sub(r"\s+", " ", mention.text).strip()):
        name = clean_name(text)
        titled = mention.titled
        if kind == "person" or gazetteer.is_honorific(name.split(" ", 1)[0]):
            prefix, name = _split_role(name)
            if prefix and is_indexable(prefix):
                found.append(Named(prefix, "organization", prefix, False))
            name, had_title = peer_name(name)
            titled = titled or had_title or bool(prefix)
            kind = "person" if titled or kind == "person" else kind
        if is_indexable(name):
            found.append(Named(name, kind, text, titled, mention.cue == "organization"))
    return found


PEERAGE = {"lord", "lady", "baron", "baroness", "viscount", "viscountess", "earl", "countess", "marquess"}


def peer_name(name: str) -> tuple[str, bool]:
    """`strip_titles`, except that a peer named by the title alone keeps it (`Lord Rennard`, `Baroness Kennedy`:
    the title is the name a peer is known by; `Lord John Russell` is John Russell)."""
    stripped, had_title = strip_titles(name)
    words = name.split()
    if had_title and " " not in stripped and len(words) >= 2 and words[-2].casefold().rstrip(".") in PEERAGE:
        return f"{words[-2]} {stripped}", True
    return stripped, had_title


PARTICLES = {"of", "and", "the", "for", "on", "in", "at", "upon", "de", "del", "della", "da", "di", "du", "des", "la",
             "le", "van", "von", "der", "den", "ter", "al", "el", "bin", "ibn", "y", "e", "&"}


def split_names(text: str) -> list[str]:
    """The names one span holds: split at slashes, spaced dashes and stray lower-case words
    (`Southampton when Arsenal`); particles (`van`, `of`) and role words (`boss`) stay."""
    parts = []
    for piece in _split_slashes(text):
        run: list[str] = []
        for word in piece.split():
            stray = word[:1].islower() and word.casefold() not in PARTICLES and not gazetteer.is_title(word)
            if stray and any(w[:1].isupper() for w in run):
                parts.append(" ".join(run))
                run = []
            elif not stray:
                run.append(word)
        if run:
            parts.append(" ".join(run))
    return parts or [text]


def _split_slashes(text: str) -> list[str]:
    """`Columbia/Sony Pictures`, `Jonathan Kaplan - England` -> both names; between lower-case words they stay."""
    parts = [p.strip() for p in re.split(r"/|\s[-–—]\s", text)]
    return parts if len(parts) > 1 and all(p[:1].isupper() for p in parts) else [text]


def _split_role(name: str) -> tuple[str, str]:
    """`Arsenal boss Arsene Wenger` -> (`Arsenal`, `boss Arsene Wenger`): what stands before a role word.

    What is no organization goes with the title instead: the first words of a compound title (`Home
    Secretary`, `Shadow Home Secretary`, `State Minister`, `Party leader`), a verb that started the sentence
    (`Describing Mr Jackson`, `Said Mr Bysshe`). A name that only reads like a title (`Martin Luther King Jnr`:
    a person's name before it, no given name after it) is not split."""
    words = name.split()
    for index in range(1, len(words) - 1):
        if gazetteer.is_title(words[index]) and not gazetteer.is_title(words[index - 1]):
            prefix, rest = words[:index], words[index:]
            if all(w.casefold() in TITLE_MODIFIERS for w in prefix) or _is_verb_start(prefix):
                return "", " ".join(rest)
            after = [w for w in rest if not gazetteer.is_title(w)]
            if looks_like_person(" ".join(prefix)) and not (after and gazetteer.is_given_name(after[0])):
                return "", name
            return " ".join(prefix), " ".join(rest)
    return "", name


SPEECH_VERBS = {"said", "says", "told", "asked", "added", "thanks"}  # `Said Mr Bysshe`: no part of a name


def _is_verb_start(words: list[str]) -> bool:
    """`Describing`, `Said`: one word that reads as a verb (and is no place: `Reading`, `Ealing`)."""
    return (len(words) == 1 and (words[0].casefold() in SPEECH_VERBS
            or re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)", words[0]) is not None) and not gazetteer.is_place(words[0]))


def canonicalise(mentions: Iterable[Mention | tuple], acronyms: dict[str, str] | None = None) -> tuple[EntityRef, ...]:
    """Canonical entities of one article from its mentions, most mentioned first.

    `mentions` are (text, spaCy label) or (text, label, titled); `acronyms` maps an acronym defined in
    the text (`Palestinian Authority (PA)`) to its full name.
    """
    mentions = [Mention(*m) for m in mentions]
    works = {clean_name(m.text) for m in mentions if m.cue == "work"}  # `the film Sideways`: every Sideways
    named = [n for mention in mentions for n in name_mention(mention) if n.name not in works]
    named = split_coordinations(named)
    named = expand_acronyms(named, {**spelled_acronyms(named), **(acronyms or {})})
    named = merge_partial_names(peers_by_full_name(named))
    return collect([n for n in named if not is_award(n.name)])  # after the merge: `Oscar` of `Oscar Pistorius` stays


def is_peer_form(name: str) -> bool:
    """Whether a name is a peer's title and one word (`Lord Rennard`: `peer_name`)."""
    words = name.split()
    return len(words) == 2 and words[0].casefold() in PEERAGE


def peers_by_full_name(named: list[Named]) -> list[Named]:
    """A peer the article also names in full (`Lord Kinnock` beside `Neil Kinnock`) is that person: the title
    form becomes the surname, which `merge_partial_names` joins to the full name (the title form stays an alias)."""
    full = {n.name.split()[-1] for n in named if n.kind == "person" and " " in n.name and not is_peer_form(n.name)}
    return [n._replace(name=n.name.split()[-1]) if is_peer_form(n.name) and n.name.split()[-1] in full else n
            for n in named]


def split_coordinations(named: list[Named]) -> list[Named]:
    """`Carragher and Brown`, `Wright-Phillips, Downing` -> one mention each, when every part is a name seen alone."""
    known = {n.name for n in named} | {w for n in named if n.kind == "person" for w in n.name.split()}
    result = []
    for item in named:
        parts = [p for p in COORDINATION.split(item.name) if p]
        if len(parts) > 1 and all(p in known for p in parts):
            result.extend(Named(p, "person" if p not in {n.name for n in named} else item.kind, p, item.titled)
                          for p in parts)
        else:
            result.append(item)
    return result


def spelled_acronyms(named: list[Named]) -> dict[str, str]:
    """Acronyms of the article the text does not define, each with the one name of the article whose capitalised
    words' initials are exactly its letters, a leading country aside (`IMF` beside `International Monetary Fund`,
    `FTC` beside `US Federal Trade Commission`: `capitals`; `EU Commission` is no such name for `EU`); a person's
    name spells none, and an acronym two names spell stays alone."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for item in named:
        if item.kind != "person":
            for initials in capitals(item.name):
                by_initials[initials].add(item.name)
    found = {}
    for item in named:
        full = by_initials.get(item.name, set())
        if is_acronym(item.name) and item.name.isalpha() and len(full) == 1:
            found[item.name] = next(iter(full))
    return found


def capitals(name: str) -> set[str]:
    """The acronyms a name of two or more capitalised words may go by: its capitalised words' initials, with
    and without a leading country or place (`US Federal Trade Commission` -> `USFTC`, `FTC`). A name with a word
    in capitals otherwise (`EU Commission`, `BBC News`) goes by none."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    found = set()
    if len(words) >= 2 and not any(w.isupper() and len(w) > 1 for w in words):
        found.add("".join(w[0] for w in words))
    if len(words) >= 3 and _is_place_prefix(words[0]) and not any(w.isupper() and len(w) > 1 for w in words[1:]):
        found.add("".join(w[0] for w in words[1:]))
    return found


def _is_place_prefix(word: str) -> bool:
    """A word before an institution's name that says where it is: `US`, `UK`, `Texas` (`US Federal Reserve`)."""
    return bool(gazetteer.country_alias(word)) or gazetteer.is_country_or_region(word) or gazetteer.is_place(word)


def expand_acronyms(named: list[Named], acronyms: dict[str, str]) -> list[Named]:
    """Point an acronym defined in the text at its full name, keeping the acronym as a surface form."""
    full_kinds = {n.name: n.kind for n in named}
    result = []
    for item in named:
        full = acronyms.get(item.name)
        if full and full != item.name:
            full = clean_name(full)
            item = Named(full, full_kinds.get(full, item.kind), item.surface, item.titled)
        result.append(item)
    for acronym, full in acronyms.items():  # the defining mention's acronym counts even when spaCy missed it
        full = clean_name(full)
        if full in full_kinds and not any(i.surface == acronym for i in result):
            result.append(Named(full, full_kinds[full], acronym, False))
    return result


def merge_partial_names(named: list[Named]) -> list[Named]:
    """Point a shorter mention at the one longer name in the article it is part of: a surname, trailing
    words or first name at a person (`Peskov`, `van Persie`, `Arsene`); at an organization its first word
    before organization words only (`Contrack International`), or its last words, two or more (`Film Council`
    -> `UK Film Council`) or one after capitals (`Paribas` -> `BNP Paribas`): its name with the left part cut.

    A full name is a person when a mention says so (a PERSON label, a title); a short form joins it
    whatever spaCy called the short form, except a country or top-level region (`Jordan`), which
    `decide_type` makes a place anyway. A full name that only the type rules make a person (`Olaf Scholz`
    tagged ORG, but a given name first) is weaker evidence (`Tate Britain` is one too): a short form
    joins it only when nothing says the short form is something else (`may_be_surname`) and spaCy did
    not call it mostly a group (`Democrat`, `Islam`). A mostly-place short form joins only a person.
    A short form joining such a person then votes person (`Scholz` tagged GPE twice does not outvote the
    given-name lean of a once-mentioned `Olaf Scholz` tagged ORG).

    A royal's or peer's style written with a one-word name (`Prince Charles`, `King Abdullah`, `Lord Kinnock`:
    `STYLE_TITLES`) joins a full name by its first word only when the full name is written with the same
    style too: in an article that names both, `Prince Charles` is not `Charles Kennedy`. Every mention of
    the name in the article goes the same way (the plain `Charles` of an article that says `Prince Charles`
    is him too). Only titles inside the mention are seen (the word before it is kept only as `Named.titled`).
    `Sir`, `Dame` (`Sir Alex`, `Dame Julie` beside `Julie Andrews`: the same person, the span mostly without
    the title), `Mr`, `Dr` (`Mr Xie` is `Xie Xuren`) and surname joins are left as they were: `Lord
    Callaghan` beside `Jim Callaghan` is him. A place written with its division word (`Donetsk Oblast`) in an
    article that names the place alone joins it.
    """
    kinds: dict[str, Counter] = defaultdict(Counter)
    titled: Counter = Counter()
    firm: Counter = Counter()
    for n in named:
        kinds[n.name][n.kind] += 1
        titled[n.name] += n.titled
        firm[n.name] += n.firm
    people = {full for full in kinds if " " in full and (kinds[full]["person"] or titled[full])}
    ruled = {full for full in kinds if " " in full and full not in people
             and decide_type(full, kinds[full], titled[full], firm[full]) == "person"}
    by_part: dict[str, set[str]] = defaultdict(set)
    for full in {n.name for n in named if " " in n.name}:
        words = full.casefold().split()
        if full in people or full in ruled:
            for start in range(1, len(words)):
                by_part[" ".join(words[start:])].add(full)
            by_part[words[0]].add(full)
        elif kinds[full]["organization"]:
            if not gazetteer.is_place(words[0]) and set(words[1:]) <= ORG_WORDS:
                by_part[words[0]].add(full)  # `Contrack` -> `Contrack International`, not `Barclays` -> `Barclays Capital`
            written = full.split()
            for start in range(1, len(words)):  # `Film Council` -> `UK Film Council`, `Paribas` -> `BNP Paribas`
                if written[start][:1].isupper() and (len(words) - start >= 2 or all(
                        w.isupper() and w.isalpha() for w in written[:start])):
                    by_part[" ".join(words[start:])].add(full)
    styles: dict[str, set[str]] = defaultdict(set)  # the titles written before each name: `Charles` -> {prince}
    for n in named:
        styles[n.name] |= _titles_of(n.surface)
    result = []
    for item in named:
        *stem, last = item.name.split()
        if stem and last.casefold() in DIVISION_WORDS and kinds[" ".join(stem)]["place"]:
            result.append(item._replace(name=" ".join(stem), kind="place"))  # `Donetsk Oblast` is `Donetsk`
            continue
        targets = by_part.get(item.name.casefold(), set()) - {item.name}
        if " " not in item.name and styles[item.name] & STYLE_TITLES:  # `Prince Charles` is not `Charles Kennedy`
            targets = {t for t in targets if t.split()[0] != item.name or styles[item.name] & styles[t]}
        votes = kinds[item.name]
        if not (may_be_surname(item.name) and votes["group"] * 2 <= sum(votes.values())):
            targets -= ruled
        if votes["place"] * 2 > sum(votes.values()):
            targets &= people | ruled
        if gazetteer.is_country_or_region(item.name) and not titled[item.name]:
            targets -= people
        if len(targets) == 1:
            target = next(iter(targets))  # a short form that passed the checks for a ruled person names them
            item = item._replace(name=target, kind="person" if target in ruled else item.kind)
        result.append(item)
    return result


DIVISION_WORDS = {"county", "district", "governorate", "oblast", "prefecture", "province", "region"}
# a place's name with one of these after it, in an article that names the place alone, is the same place


STYLE_TITLES = {"prince", "princess", "king", "queen", "pope", "duke", "duchess"} | PEERAGE  # a royal's or peer's style


def _titles_of(surface: str) -> set[str]:
    """The titles written at the start of a mention, casefolded: `Prince Charles'` -> {"prince"}."""
    words = clean_name(surface).split()
    found = set()
    for word in words[:-1]:
        if not gazetteer.is_title(word):
            break
        found.add(word.casefold().rstrip("."))
    return found


def collect(named: list[Named]) -> tuple[EntityRef, ...]:
    """Group by canonical name; type by the evidence of all its mentions; aliases are the other surface forms."""
    votes: dict[str, Counter] = defaultdict(Counter)
    titled: Counter = Counter()
    firm: Counter = Counter()
    surfaces: dict[str, set[str]] = defaultdict(set)
    order: dict[str, int] = {}
    for index, item in enumerate(named):
        votes[item.name][item.kind] += 1
        titled[item.name] += item.titled
        firm[item.name] += item.firm
        order.setdefault(item.name, index)
        alias = strip_titles(written_name(item.surface))[0]  # `George W. Bush` stays an alias of `George W Bush`
        surfaces[item.name].add(alias)
    refs = []
    for name in sorted(votes, key=order.get):
        kind = decide_type(name, votes[name], titled[name], firm[name])
        # a country alias is renamed whatever its type here (`chief US economist` makes a titled `US`), so
        # the archive-wide vote of the country's name decides it, not a few stray votes of the alias alone
        canonical = gazetteer.place_name(name) if kind == "place" or gazetteer.country_alias(name) else name
        aliases = {a for a in surfaces[name] | {name} if a != canonical and is_indexable(a)}
        refs.append(EntityRef(name=canonical, type=kind, mentions=sum(votes[name].values()),
                              aliases=tuple(sorted(aliases))))
    return tuple(sorted(_merge_same_names(refs), key=lambda r: -r.mentions))


def _merge_same_names(refs: list[EntityRef]) -> list[EntityRef]:
    """Join refs that ended with one canonical name (Kiev and Kyiv both -> Kyiv)."""
    merged: dict[str, EntityRef] = {}
    for ref in refs:
        old = merged.get(ref.name)
        if old is None:
            merged[ref.name] = ref
        else:
            merged[ref.name] = EntityRef(ref.name, old.type, old.mentions + ref.mentions,
                                         tuple(sorted(set(old.aliases) | set(ref.aliases))))
    return list(merged.values())


def initials_match(acronym: str, name: str) -> bool:
    """Whether an acronym's capitals are the initials of a name's words, in order (LDPR ~ Liberal Democratic Party of
    Russia), a leading country or place aside (FTC ~ US Federal Trade Commission).

    With one capital (`Nato`, `Nymex`, but also a club after a player in a team list: `L Moody (Leicester)`)
    every letter must be an initial or carry on the word it is in (`Nymex`: New York Mercantile EXchange):
    a first letter in common says nothing."""
    letters = [c for c in acronym if c.isupper()]
    words = [w for w in re.split(r"[\s/-]+", clean_name(name)) if w]
    if len(letters) < 2:
        spelled = "".join(c for c in acronym.casefold() if c.isalpha())  # G8: the digit is no initial
        return bool(words and spelled) and _spells(spelled, [w.casefold() for w in words])
    initials = [w[0].upper() for w in words]
    if len(initials) >= 3 and letters and letters[0] != initials[0] and _is_place_prefix(words[0]):
        initials = initials[1:]  # `US Federal Trade Commission (FTC)`
    if not letters or not initials or letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def _spells(letters: str, words: list[str]) -> bool:
    """Whether `letters` start the first word and go on in order as the first letters of later words (any may
    be skipped: `of`), each word giving one or more of its leading letters."""
    for k in range(1, min(len(letters), len(words[0])) + 1):
        if words[0][k - 1] != letters[k - 1]:
            break
        if k == len(letters) or any(_spells(letters[k:], words[j:]) for j in range(1, len(words))):
            return True
    return False
