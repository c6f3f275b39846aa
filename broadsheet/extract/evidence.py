"""The evidence about each candidate entity of one article, as named numbers for the scorer (`scorer.py`).

Every signal is read from the article itself (spaCy's labels on every mention, the words around them, how
the name's words are written elsewhere in the text), from the name's shape and from the gazetteers; the
rules' own decision (`decide_type`, the head word) is one signal among them. No word list decides here.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..core.data import EntityRef
from . import gazetteer, spans
from .entities import clean_name, strip_titles
from .entity_types import head_type, is_acronym, is_role_word, is_thing_noun, is_work_head, looks_like_person

TYPES = ("person", "organization", "place", "group", "event")
LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", spans.UNLABELLED)
PLACE_BEFORE = {"in", "at", "from", "near", "to", "across", "outside", "around"}
MATCH_BEFORE = {"beat", "beating", "against", "v", "vs", "over", "host", "hosts", "face", "faces", "play", "plays"}
SPEECH_AFTER = {"said", "says", "told", "added", "announced"}
QUOTES = set("\"'“”‘’")
THING_LABELS = ("PRODUCT", "WORK_OF_ART", "LAW")  # spaCy's labels for what is not indexed: a work, product or law
_SCORE = re.compile(r"\d+-\d+$")
_SCORES = re.compile(r"(?<![\d.,-])\d{1,2}-\d{1,2}(?![\d-])")


def context_table(doc, wanted: set[str] | None = None) -> dict[str, Counter]:
    """Per cleaned mention text, counts of what spaCy and the words around its mentions say (all labels).
    `wanted`: the only cleaned texts asked about (the candidates' names and aliases), when known: the mentions
    of other texts (dates, sums, numbers) are then passed over, though they still count as listed neighbours.

    Each mention's neighbouring tokens are fetched from the Doc once (spaCy makes a new Token object on every
    `doc[i]`) and shared by the signals below; the signals are those of `context_words`, `thing_before` and
    `listed_together`, in the same order."""
    table: dict[str, Counter] = defaultdict(Counter)
    keys: dict[str, set[str]] = {}  # cleaned forms of each mention text, made once per text
    ents = spans.entity_spans(doc)  # spaCy's, with team sheets and the capitalised names it left out
    for index, ent in enumerate(ents):
        label = ent.label_
        text = ent.text
        if label in THING_LABELS:  # the texts of works and products, for names inside them (`Xbox` of `Xbox Live`)
            table[THINGS][text] += 1
        if text not in keys:
            cleaned = clean_name(text)
            keys[text] = {cleaned, strip_titles(cleaned)[0]}
        if wanted is not None and keys[text].isdisjoint(wanted):
            continue
        start, end = ent.start, ent.end
        first = doc[start]
        before = doc[start - 1] if start > 0 else None
        before2_token = doc[start - 2] if start > 1 else None
        before2 = before2_token.lower_ if before2_token is not None else ""
        after = list(doc[end:end + 3])
        seen = {"label:" + label: 1, "n": 1}
        seen["sent_start"] = int(first.is_sent_start or (before is not None and before.is_sent_start
                                                         and before.text in QUOTES))
        if before is not None:
            low = before.lower_
            seen["the_before"] = int(low == "the")
            seen["place_before"] = int(low in PLACE_BEFORE)
            seen["match_before"] = int(low in MATCH_BEFORE or before2 in MATCH_BEFORE)
            seen["title_before"] = int(is_role_word(before.text))  # not `the broadcaster X`: either kind
            seen["quote_before"] = int(before.text in QUOTES)
            seen["lower_before"] = int(before.is_lower and before.is_alpha and low != "the")
        if (after and is_thing_noun(after[0].text)) or thing_before(doc, start, first, before, before2_token):
            seen["thing_near"] = 1  # `the film X`, `albums X`, `X consoles`
        if after:
            following = after[0]
            seen["possessive_after"] = int(following.text in ("'s", "’s", "'", "’"))
            seen["speech_after"] = int(following.lower_ in SPEECH_AFTER)
            seen["score_after"] = int(any(_SCORE.match(t.text) or t.like_num for t in after[:2]))
            seen["quote_after"] = int(following.text in QUOTES)
            if following.is_lower and not following.is_stop and following.is_alpha \
                    and following.lower_ not in SPEECH_AFTER:
                seen["noun_after"] = 1  # `Xbox consoles`, `Tory leader`
        for other in (ents[index - 1] if index else None, ents[index + 1] if index + 1 < len(ents) else None):
            if other is not None and listed_together(ent, other):  # `Boots, Burberry and Mothercare`: one kind
                name = "beside:" + BESIDE.get(other.label_, "OTHER")
                seen[name] = seen.get(name, 0) + 1
        for word in context_words(before2_token, before, *after[:2]):  # weighed by the scorer as it learned them
            seen[word] = seen.get(word, 0) + 1
        if before2 == ";" or (before is not None and before.text == ";") or any(t.text == ";" for t in after[:2]):
            seen["semicolon_list"] = 1  # a team line-up: `Lewsey, Erinle; King`
        for key in keys[text]:
            table[key].update(seen)
    return table


def thing_before(doc, start: int, first, before, before2) -> bool:
    """Whether a lower-case work or product noun stands in the three words before a position, in its sentence:
    `the film X`, `films including X`, `the album, X`. Given the tokens at start, start - 1 and start - 2 (None
    before the Doc), fetched once by the caller."""
    following = first
    for index, token in ((start - 1, before), (start - 2, before2), (start - 3, None)):
        if index < 0:
            return False
        if following.is_sent_start:
            return False
        token = token if token is not None else doc[index]
        if token.is_lower and is_thing_noun(token.text):
            return True
        following = token
    return False


CONTEXT = "ctx:"  # a context word's signal: `ctx:-1:mr`, `ctx:+1:said`, `ctx:+1:'s`
_WORDLIKE = re.compile(r"[a-z]+|'s|’s|[(),:\"“”]")


def context_words(before2, before, after1=None, after2=None) -> list[str]:
    """The words just before and after a mention (its tokens at -2, -1, +1, +2; None where the Doc ends),
    lower-cased, as signals (`ctx:-1:mr`, `ctx:+1:said`, `ctx:-2:shares`): which of them mean what is learned
    from the labels (`python -m broadsheet.train`), and a word no label taught has no weight. Numbers and rare
    shapes are left out."""
    found = []
    for offset, token in ((-2, before2), (-1, before), (1, after1), (2, after2)):
        if token is not None and _WORDLIKE.fullmatch(low := token.lower_):
            found.append(f"{CONTEXT}{offset:+d}:{low}")
    return found


BESIDE = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
          **{label: "THING" for label in THING_LABELS}}  # the kinds of a listed neighbour's label
LIST_JOINS = {",", ";", "and", "or", "&"}


def listed_together(ent, other) -> bool:
    """Whether two spans stand next to each other in one list: only a comma, `and` or `or` between them."""
    first, second = (ent, other) if ent.start < other.start else (other, ent)
    if not 0 < second.start - first.end <= 2:
        return False
    doc = ent.doc
    return all(doc[i].lower_ in LIST_JOINS for i in range(first.end, second.start))


_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")


THINGS = "\0things"  # the key under which `context_table` keeps the texts spaCy labelled a work, product or law


def inside_thing(name: str, table: dict[str, Counter]) -> bool:
    """Whether a name is part of a longer text spaCy labelled a work, product or law (`Xbox` in `Xbox Live`)."""
    return any(name in text and name != text for text in table.get(THINGS, ()))


def lower_words(text: str) -> Counter:
    """How often each word is written in lower case in the article (`budget`, `media`; never `Everton`)."""
    return Counter(_LOWER_WORD.findall(text))


def match_report(text: str) -> float:
    """How much the article reads like a match report, 0-1: scores (`2-1`, `6-4`) in its text."""
    return min(1.0, len(_SCORES.findall(text)) / 3)


@lru_cache(maxsize=65536)
def _name_signals(name: str) -> tuple:
    """What a name's own words say, whatever the article (its shape, the gazetteers): worked out once per name,
    as the same names come back in article after article."""
    words = tuple(name.split())
    given_first = float(gazetteer.is_given_name(words[0]))
    initials = len(words[0].rstrip(".")) <= 2 and words[0].isupper()
    return (
        words,
        head_type(name),
        float(is_work_head(name)),
        is_acronym(name),
        float(any(c.isdigit() for c in name)),
        float(any(re.search(r"[a-z][A-Z]", w) for w in words)),
        float("-" in name),
        float(name.endswith("s") and not name.endswith("ss")),
        tuple(w for w in words if w[:1].isupper() and not w.isupper()),
        float(gazetteer.is_country_or_region(name) or bool(gazetteer.country_alias(name))),
        float(gazetteer.is_place(name)),
        float(gazetteer.is_major_city(name)),
        float(gazetteer.is_people_name(name)),
        given_first,
        float(len(words) > 1 and gazetteer.is_given_name(words[-1])),
        float(looks_like_person(name)),
        len(words) > 1 and not given_first and not initials and not gazetteer.is_title(words[0]),
        float(any(gazetteer.is_place(w) for w in words) and len(words) > 1),
        float(any(gazetteer.is_title(w) for w in words)),
    )


def features(ref: EntityRef, table: dict[str, Counter], lower: Counter, sport: float = 0.0) -> dict[str, float]:
    """The named signals for one entity of an article."""
    seen: Counter = Counter()
    for form in {ref.name, *ref.aliases}:
        seen.update(table.get(form, ()))
    spans = seen["n"] or 1
    (words, head, work_head, acronym, digit, camel, hyphen, ends_s, capitalised, country, known_place, major_city,
     demonym, given_first, given_last, person_shape, no_given_first, place_word, title_word) = _name_signals(ref.name)
    f: dict[str, float] = {"bias": 1.0, "rule:" + ref.type: 1.0}
    if head:
        f["head:" + head] = 1.0
    for label in LABELS:
        if seen["label:" + label]:
            f["share:" + label] = seen["label:" + label] / spans
    things = sum(seen["label:" + label] for label in THING_LABELS)
    if things:
        f["share:thing"] = things / spans  # spaCy's labels across all mentions: a work, product or law
    not_named = things + seen["label:FAC"] + seen["label:EVENT"]
    if not_named:
        f["share:not_person_org"] = not_named / spans
    f["inside_thing"] = float(inside_thing(ref.name, table))
    f["head:work"] = work_head
    f["no_span"] = float(not seen["n"])
    for cue in ("sent_start", "the_before", "place_before", "match_before", "title_before", "quote_before",
                "lower_before", "possessive_after", "speech_after", "score_after", "quote_after", "thing_near",
                "noun_after", "semicolon_list", "beside:PERSON", "beside:ORG", "beside:PLACE", "beside:THING",
                "beside:OTHER"):
        if seen[cue]:
            f["cue:" + cue] = seen[cue] / spans
    for cue, count in seen.items():
        if cue.startswith(CONTEXT):
            f[cue] = count / spans
    f["all_sent_start"] = float(seen["n"] > 0 and seen["sent_start"] == seen["n"] and len(words) == 1
                                and not acronym)  # `Budget`, `Futures`: a common word opening a sentence
    f["log_mentions"] = math.log1p(ref.mentions)
    f["once"] = float(ref.mentions == 1)
    f["aliases"] = min(len(ref.aliases), 3) / 3
    f["words:" + str(min(len(words), 4))] = 1.0
    f["acronym"] = float(acronym)
    f["digit"] = digit
    f["camel"] = camel
    f["hyphen"] = hyphen
    f["ends_s"] = ends_s
    if capitalised:
        written_lower = [w for w in capitalised if lower[w.casefold()]]
        f["lower_elsewhere"] = len(written_lower) / len(capitalised)
        f["head_lower_elsewhere"] = float(bool(lower[words[-1].casefold()]))
    f["country"] = country
    f["known_place"] = known_place
    f["major_city"] = major_city
    f["demonym"] = demonym
    f["given_first"] = given_first
    f["given_last"] = given_last
    f["person_shape"] = person_shape
    if no_given_first:
        f["unnamed_person_label"] = f.get("share:PERSON", 0.0)  # `Kill Bill`, `Fireman Sam`: no given name first
        f["given_last_only"] = f["given_last"]  # and one last, where a surname would be
    f["place_word"] = place_word
    f["title_word"] = title_word
    if sport:  # in a match report a town's name is often its club's (`Gloucester`, `Newcastle`); a country's, its team
        f["sport"] = sport
        f["sport*rule:" + ref.type] = sport
        f["sport*town"] = sport * (f["known_place"] and not f["country"])
        f["sport*country"] = sport * f["country"]  # a national team is its country (place)
        f["sport*place_before"] = sport * f.get("cue:place_before", 0.0)  # `at Twickenham`: the ground, a place
    return f


def gather(doc, refs: tuple[EntityRef, ...], text: str | None = None) -> list[dict[str, float]]:
    """The signals of every entity of one processed article, in order (`text`: the article's text, which is
    `doc.text`, when the caller has it: spaCy builds `doc.text` anew from the tokens on each access)."""
    text = doc.text if text is None else text
    wanted = {form for ref in refs for form in (ref.name, *ref.aliases)}
    table, lower, sport = context_table(doc, wanted), lower_words(text), match_report(text)
    return [features(ref, table, lower, sport) for ref in refs]
