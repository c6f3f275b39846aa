"""Decide an entity's type from the votes of its mentions, the evidence around them and gazetteers."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from . import gazetteer

ORG_WORDS = {
    "academy", "agency", "initiative", "airlines", "airways", "association", "authority", "bank", "board", "bureau",
    "clinic", "club", "co", "college", "commission", "committee", "company", "corp", "corporation", "council", "court",
    "department", "entertainment", "federation", "foundation", "fund", "group", "holdings", "hospital", "hospitals",
    "inc", "infirmary", "institute", "international", "llc", "gmbh", "league", "ltd", "magazine", "media", "ministry", "motors",
    "network", "news", "office", "organisation", "organization", "parliament", "partners", "party", "pictures", "plc",
    "police", "records", "roundtable", "school", "service", "services", "society", "studios", "telecom", "times",
    "trust", "union", "united", "university",
}
NEWSPAPER_WORDS = {"chronicle", "echo", "examiner", "express", "gazette", "guardian", "herald", "independent",
                   "inquirer", "journal", "mail", "mirror", "observer", "post", "standard", "telegraph", "tribune"}
# the last word of a newspaper's name (`San Francisco Chronicle`, `Sydney Morning Herald`, `Evening Standard`);
# only as the last word of two or more, as some are surnames too (`Emily Post`), which spaCy's votes still win
EVENT_WORDS = {"championship", "championships", "conference", "cup", "expo", "festival", "games", "grand prix", "marathon",
               "marathons", "olympics", "open", "run", "summit", "tournament", "war", "world cup"}
# (an award's name, `… Awards`, is no event: awards are not indexed, see `is_award`)
EVENT_FIRST_WORDS = {"operation"}
ORG_FIRST_WORDS = {"team"}  # `Team GB`: a team, whatever spaCy says
CLUB_WORDS = {"albion", "athletic", "city", "rangers", "rovers", "town", "wanderers"}
# a name ending in one that the gazetteer does not know as a place is a club: `Manchester City`, `Ipswich Town`
# (`Mexico City`, `Cape Town` are known places)
PLACE_ACRONYMS = {"DRC", "LA", "NY", "NYC", "DC"}
# places known by their capitals that share no page with a country: a country's (UK, USA, GB, UAE) is in
# `gazetteer.COUNTRY_ALIASES`, which also names the page it joins
PLACE_WORDS = {"airport", "avenue", "bay", "bridge", "cathedral", "coast", "hotel", "island", "islands", "lake",
               "mountains", "museum", "ocean", "oblast", "palace", "prison", "province", "republic", "river", "road",
               "sea", "square", "stadium", "street", "theatre", "theater", "valley"}
# a stadium, hotel, theatre or prison is a place, not the business in it (`Kodak Theatre`, `Belmarsh Prison`)
VENUE_WORDS = {"centre", "center", "gallery", "library", "park", "station"}
# a name ending in one is a building or the body in it (`Kennedy Center`, `Griffin Park`), never a person unless
# spaCy mostly says so (`Nick Park`); spaCy's labels choose between organization and place
WORK_NOUNS = {"album", "book", "comedy", "documentary", "drama", "film", "game", "movie", "musical", "novel", "play",
              "programme", "program", "series", "show", "sitcom", "single", "soap", "song", "thriller"}
# the noun before a title (`the film Sideways`, `the album Confessions`): what follows is a work, not indexed
PRODUCT_NOUNS = {"application", "console", "device", "document", "format", "gadget", "handset", "machine", "phone",
                 "player", "software", "technology", "version"}
# the noun after a product's name (`Xbox consoles`, `Windows PCs`, `VHS machines`): a thing, not an organization
AWARD_HEADS = {"award", "awards", "prize", "prizes", "trophy"}
WORK_HEADS = {"act", "bill", "directive", "treaty"} | AWARD_HEADS
# the last word of a law's or an award's name (`Sarbanes-Oxley Act`, `Century Award`): not indexed
TIME_ZONES = {"GMT", "BST", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "EET",
              "EEST", "AEST", "AEDT", "JST"}  # `0900 GMT`: a clock, not an organization
GENERIC_WORDS = {  # one of these alone names no entity: `House prices`, `the Government`, `Education Secretary`
    "broadband", "children", "defence", "digital", "education", "government", "health", "home", "house", "party",
    "public", "state", "transport",
}
TITLE_MODIFIERS = {  # the word before a role word that makes one compound title: `Home Secretary`, `State Minister`
    "acting", "agriculture", "assistant", "cabinet", "children", "crown", "culture", "defence", "defense",
    "development", "education", "employment", "energy", "environment", "executive", "finance", "foreign", "former",
    "health", "home", "housing", "immigration", "industry", "interim", "interior", "junior", "justice", "managing",
    "party", "pensions", "science", "senior", "shadow", "social", "sport", "sports", "state", "trade", "transport",
    "treasury", "welfare", "work",
}

ORG_NOUNS = {"agency", "airline", "bank", "broadcaster", "carrier", "chain", "club", "company", "firm", "giant",
             "group", "insurer", "label", "lender", "magazine", "maker", "network", "newspaper", "operator",
             "publisher", "retailer", "studio", "website"}


def is_role_word(word: str) -> bool:
    """Whether a word before a name says a person follows: a title or role (President, actress, Mr), but not
    one that also names a kind of organization (`broadcaster`, `publisher`: `the broadcaster NOS`, `the
    broadcaster Cyril Fletcher`), which says nothing either way; the name's label and shape decide."""
    return bool(word) and gazetteer.is_title(word) and word.casefold() not in ORG_NOUNS


def is_junk_word(name: str) -> bool:
    """Whether a name is no entity whatever spaCy said: a time zone (`GMT`), a generic word alone (`State`,
    `Government`, `House` of `House prices`) or an acronym's plural, a common noun (`MPs`, `DVDs`)."""
    return (name in TIME_ZONES or name.casefold() in GENERIC_WORDS
            or (len(name) >= 3 and name[-1] == "s" and name[:-1].isupper() and name[:-1].isalpha()))


def is_venue(name: str) -> bool:
    """Whether a name of two or more words ends in a venue word: `Prince Edward Theatre`, `Kennedy Center`."""
    words = name.casefold().split()
    return len(words) >= 2 and words[-1] in VENUE_WORDS


@lru_cache(maxsize=65536)  # the same words come back in every article
def head_type(name: str) -> str | None:
    """The type a name's head word implies: `… Airlines`, `… Herald` an organization, `… Marathon` an event, `… Sea` a place."""
    words = name.casefold().replace("-", " ").split()
    if len(words) < 2:
        return None
    if words[0] in EVENT_FIRST_WORDS or words[-1] in EVENT_WORDS:
        return "event"
    if words[-1] in PLACE_WORDS:
        return "place"
    if any(w in ORG_WORDS for w in words) or words[0] in ORG_FIRST_WORDS or words[-1] in NEWSPAPER_WORDS:
        return "organization"
    if words[-1] in CLUB_WORDS and not gazetteer.is_place(name):
        return "organization"
    return None


AWARDS = ("Oscar", "Grammy", "Emmy", "Golden Globe", "Grand Slam")
# awards the press names without an award's head word (`Academy Awards`, `Brit Award` have one: AWARD_HEADS); each
# also in the plural (`Oscars`), and `Baftas` (the academy that gives them, `Bafta`, is an organization)
_AWARD_FORMS = {form.casefold() for award in AWARDS for form in (award, award + "s")} | {"baftas"}


def is_award(name: str) -> bool:
    """Whether a name is an award's or its ceremony's (`Oscar`, `Academy Awards`, `Grand Slam`, `Turner Prize`):
    awards are not indexed, as works and laws are not."""
    words = name.casefold().split()
    return name.casefold() in _AWARD_FORMS or (len(words) >= 2 and words[-1] in AWARD_HEADS)


def is_work_head(name: str) -> bool:
    """Whether a name of two or more words ends in a law's or an award's head word (`Prevention of Terrorism
    Bill`, `Billboard's Century Award`): evidence that it is no person, organization or place (an award's
    name is dropped before the scorer weighs anything: `is_award`)."""
    words = name.casefold().split()
    return len(words) >= 2 and words[-1] in WORK_HEADS


@lru_cache(maxsize=65536)  # the same words come back in every article
def is_thing_noun(word: str) -> bool:
    """Whether a lower-case word names a work or product (`film`, `albums`, `consoles`): singular or plural."""
    word = word.casefold()
    return word in WORK_NOUNS or word in PRODUCT_NOUNS or (word[-1:] == "s" and (
        word[:-1] in WORK_NOUNS or word[:-1] in PRODUCT_NOUNS))


def is_acronym(name: str) -> bool:
    """Whether a one-word name is written in capitals: `BT`, `GPRS`, `G7`, `U.K`."""
    return " " not in name and sum(c.isupper() for c in name) >= 2 and not any(c.islower() for c in name)


@lru_cache(maxsize=65536)  # the same names come back in every article
def looks_like_person(name: str) -> bool:
    """A name of two or more words that starts with a known given name and has no organization word, nor words
    joined as an institution's are (`Rock and Roll Hall of Fame`, `Sam's Club for Kids`). A country's name first
    is no given name there (`France Televisions`, `Jordan Telecom`); spaCy's votes decide those."""
    words = name.split()
    return len(words) >= 2 and gazetteer.is_given_name(words[0]) and head_type(name) is None \
        and words[0].casefold() not in gazetteer.countries() and not INSTITUTION_JOINS & set(words)


INSTITUTION_JOINS = {"and", "&", "of", "for", "the"}  # `Rock and Roll Hall of Fame`: no person's name joins words so


def may_be_surname(name: str) -> bool:
    """Whether a one-word name spaCy did not call a person may still be a person's surname (`Scholz`):
    nothing says it is something else. An acronym (`NOS`), a known place or a word of a country's name
    (`Kherson`, `Lincoln`, `Britain`), a demonym (`Turkish`) or a head word (`Championship`) is not."""
    *particles, name = name.split() or [""]  # `van Persie`: the checks are on `Persie`
    return (all(gazetteer.is_name_particle(p) for p in particles) and name[:1].isupper() and not name.isupper()
            and not gazetteer.is_place_word(name) and not gazetteer.is_demonym(name) and head_type("X " + name) is None)


UNTYPED = "untyped"  # the kind of a mention no label typed (a capitalised name spaCy left out): no vote


def decide_type(name: str, votes: Counter, titled: int = 0, firm: int = 0) -> str:
    """One type for a name from its mentions' votes (spaCy labels), title evidence and the gazetteers.

    In order: a demonym is a group; a country or top-level region is a place; a name seen after a title
    (Mr, President, actress) is a person, one its context calls a firm an organization; an acronym (`BT`,
    `GPRS`) is no person, and no place unless a gazetteer knows it (`UK`, `USA`); a name's head word (… Airlines,
    … Marathon, Team …, a club's `Manchester City` but not `Mexico City`) decides; a known city
    with no person evidence is a place (a big city even when spaCy says organization); a venue (… Theatre, … Hotel)
    is no person unless spaCy mostly says so; a given name first adds person votes, unless the name is a known
    place (`San Jose`, `Beverly Hills`); then the majority. Mentions no label typed (`UNTYPED`) have no vote:
    a name with only those is a known place's place, else an organization, unless the rules above say more.
    """
    votes = Counter({k: v for k, v in votes.items() if v > 0 and k != UNTYPED})
    total = sum(votes.values()) or 1
    if gazetteer.is_people_name(name):
        return "group"
    if any(c.isdigit() for c in name):  # G8, Channel 4: never a person
        votes.pop("person", None)
    if gazetteer.is_country_or_region(name) and not titled:
        return "place"
    head = head_type(name)
    if titled and head != "organization" and titled >= firm:
        return "person"
    if firm:
        return "organization"
    if is_acronym(name):  # `GPRS`, `BT`: no person; a place only when the gazetteer or a short list knows it
        votes.pop("person", None)
        if not gazetteer.is_place(name) and name not in PLACE_ACRONYMS:
            votes.pop("place", None)
    if head and (votes["person"] <= total / 2 or name.casefold().split()[0] in ORG_FIRST_WORDS):
        return head
    if gazetteer.is_place(name) and not titled and (votes["person"] or votes["place"]):
        votes["place"] += votes.pop("person", 0)
    if gazetteer.is_major_city(name) and not titled:  # `Kiev said`: the city standing for its government
        votes["place"] += votes.pop("person", 0) + votes.pop("organization", 0)
    if is_venue(name) and votes["person"] <= total / 2:  # `Victoria Park`, `Onyx Hotel`: no given-name lean
        votes.pop("person", None)
    elif looks_like_person(name) and not gazetteer.is_place(name):  # `San Jose`, `Beverly Hills`: no lean
        votes["person"] += 0.6 * total + 0.5
    if not votes:
        return "place" if gazetteer.is_place(name) else "organization"
    return max(votes.items(), key=lambda kv: (kv[1], kv[0] == "place", kv[0] == "person"))[0]
