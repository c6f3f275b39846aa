"""Team sheets: the paragraphs of a sports report that list the players, read by their structure.

A match report or squad announcement ends with its line-ups, written in a shape no prose has:

    Van Gisbergen; Lewsey, Erinle, Abbott, Voyce; King, Dawson; ... Dallaglio (capt).
    Almunia, Lauren, Cygan, Senderos, Fabregas (Toure 90), Vieira, Clichy. Subs Not Used: Senderos, Hoyte.
    - M Blair (Edinburgh), A Craig (Glasgow), C Cusiter (Borders), ...

spaCy, reading them as sentences, calls half the surnames places or organizations and misses the rest
(`Erinle` a place, `C Cusiter` an organization). Such a paragraph is recognised from its shape alone: six or
more short items separated by `;`, `,` or `/`, each a name written as players' are (initials, then one to
three capitalised words or name particles), not a known place, and no lower-case word anywhere but a
captain's mark (`capt`) or a label before a colon (`Replacements:`). Its items are people; a name in brackets
after one is a substitute (`Fabregas (Toure 90)`), a club (`(Edinburgh)`: an organization) or a national
side (`(England)`: its country, a place). Within those paragraphs these spans replace spaCy's; everywhere
else spaCy's spans stand (`spans.entity_spans`).
"""

from __future__ import annotations

import re

from . import gazetteer

MIN_ITEMS = 6  # fewer is a list in a sentence's place (`Boots, Burberry and Mothercare`), not a team
MAX_PLACES = 0.5  # a list mostly of known places (surnames are often towns: `Crewe`, `Lisle`) is a draw or a table of countries, not players
CAPTAIN = {"c", "capt", "captain", "vice-capt", "vc", "capt."}
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_LABEL = re.compile(r"(?:^|(?<=[.;]))\s*(?:-\s+)?(?:[A-Za-z][A-Za-z ()]{0,30})?:\s*")  # `Replacements (from): `
_ITEM = re.compile(r"[^;,/()]+(?:\([^()]*\))?")  # an item, and what its brackets hold
_BRACKETS = re.compile(r"\(([^()]*)\)")
_INITIALS = re.compile(r"(?:[A-Z]{1,2}\.?|[A-Z]\.?-[A-Z]\.?)$")  # `M`, `CJ`, `S.`, `J-P`
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*$|[A-Z]['’][A-Z][a-z]+$")  # `O'Gara`, `LuaLua`, `Wright-Phillips`
_MINUTE = re.compile(r"\s+\d{1,3}(?:\s*(?:mins?|\+\d+))?$")  # `Toure 90`: the minute a substitute came on
_LOWER = re.compile(r"(?<![A-Za-z'’.-])[a-z][A-Za-z'’.-]*")  # a word written in lower case
_END = re.compile(r"(?<![A-Z])\.\s+|(?<![A-Z])\.$")  # a sentence's end, not an initial's dot (`S. Best`)


def is_player_name(text: str) -> bool:
    """Whether an item is a name written as a team sheet writes one: `Lewsey`, `M Di Rollo`, `J-P Grandclaude`,
    `Van Persie`, `Paulo Ferreira`; at most two initials first, then one to three capitalised words or particles."""
    words = text.split()
    while words and _INITIALS.match(words[0]) and len(words) > 1:
        words = words[1:]
    if not 1 <= len(words) <= 3 or words[0] == "The":
        return False
    names = [w for w in words if _NAME_WORD.match(w)]
    return bool(names) and all(_NAME_WORD.match(w) or gazetteer.is_name_particle(w) for w in words)


def _items(paragraph: str, offset: int) -> list[tuple[int, int, str]] | None:
    """The (start, end, label) of every name a team-sheet paragraph lists (offsets into the text it was cut
    from); None when the paragraph is not one."""
    if sum(paragraph.count(mark) for mark in ";,/") < MIN_ITEMS - 1:
        return None  # too few items: most prose stops here
    body = _LABEL.sub(lambda m: " " * len(m.group()), paragraph)  # labels kept out, offsets kept
    body = _END.sub(lambda m: ";" + " " * (len(m.group()) - 1), body)  # `Gillespie. Subs`: an item ends there
    for word in _LOWER.finditer(_BRACKETS.sub(" ", body)):
        if word.group() not in CAPTAIN and not gazetteer.is_name_particle(word.group()):
            return None  # prose: a verb, an article, a common noun
    found, players, places = [], 0, 0
    for match in _ITEM.finditer(body):
        item = match.group()
        name = _BRACKETS.sub("", item).strip(" .-\n")
        if not name or name.casefold() in CAPTAIN:
            continue
        if not is_player_name(name):
            return None
        if gazetteer.is_place(name):
            places += 1
        start = offset + match.start() + item.index(name)
        found.append((start, start + len(name), "PERSON"))
        players += 1
        for inner in _BRACKETS.finditer(item):
            found.extend(_bracketed(inner.group(1), offset + match.start() + inner.start(1)))
    if players < MIN_ITEMS or places > MAX_PLACES * players:
        return None
    return found


def _bracketed(text: str, offset: int) -> list[tuple[int, int, str]]:
    """What a bracket after a player holds: a substitute and his minute (`Toure 90`), a club (`Edinburgh`,
    `Glasgow, capt`), a national side (`England`: a place), or only a mark (`capt`, `1`)."""
    found = []
    for part in re.finditer(r"[^,/]+", text):
        name = _MINUTE.sub("", part.group()).strip()
        if not name or name.casefold() in CAPTAIN or not name[:1].isupper():
            continue
        start = offset + part.start() + part.group().index(name)
        if _MINUTE.search(part.group().rstrip()):
            label = "PERSON"  # `Toure 90`: the player who came on
        elif gazetteer.is_country_or_region(name) or gazetteer.country_alias(name):
            label = "GPE"  # a national side is its country
        else:
            label = "ORG"  # a club
        found.append((start, start + len(name), label))
    return found


def team_sheets(text: str) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """Every team-sheet paragraph of a text: its (start, end) and the named spans in it."""
    sheets = []
    for match in _PARAGRAPH.finditer(text):
        items = _items(match.group(), match.start())
        if items:
            sheets.append((match.start(), match.end(), items))
    return sheets
