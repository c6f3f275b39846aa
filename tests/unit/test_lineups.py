"""Team sheets at the end of a sports report: read by their shape, their names are people, their brackets
clubs, national sides or substitutes; prose and other lists are left to spaCy."""

from __future__ import annotations

from broadsheet.extract import lineups
from broadsheet.extract.nlp import candidate_entities

RUGBY = ("Harbury; Colwyn, Treloar, Abernant, Quist; Pennock, Dellamy; Ostrova, Fairleigh, Bramwell; "
         "Kestering, Yallop; Tremayne, Goss, Haldane (capt).")
REPLACEMENTS = "Replacements: Varga, Moult, Pennick, Ashdown, Crewe, Lisle, Tasker."
SQUAD = ("- M Orrin (Edinburgh), T Vallance (Glasgow, capt), R Di Stasio (Borders), J-P Moreau (France), "
         "C Abernethy (Edinburgh), D Kilbride (Leeds)")
FOOTBALL = ("Harbury, Colwyn, Treloar (Ostrova 67), Abernant, Quist, Pennock, Dellamy (Fairleigh 80), Bramwell, "
            "Kestering. Subs Not Used: Yallop, Goss.")


def names(text: str) -> dict[str, str]:
    return {text[start:end]: label for _, _, items in lineups.team_sheets(text) for start, end, label in items}


def test_a_rugby_team_sheet_lists_people_and_its_replacements_too():
    found = names(f"The match report.\n\n{RUGBY}\n\n{REPLACEMENTS}")
    assert found["Harbury"] == found["Haldane"] == found["Tasker"] == "PERSON"
    assert len(found) == 15 + 7 and set(found.values()) == {"PERSON"}


def test_a_squad_list_gives_people_their_clubs_and_a_national_side_its_country():
    found = names(SQUAD)
    assert found["M Orrin"] == found["R Di Stasio"] == found["J-P Moreau"] == "PERSON"
    assert found["Edinburgh"] == found["Glasgow"] == found["Leeds"] == "ORG"
    assert found["France"] == "GPE" and "capt" not in found


def test_a_football_line_up_names_its_substitutes_and_unused_ones_as_people():
    found = names(FOOTBALL)
    assert found["Ostrova"] == found["Fairleigh"] == found["Yallop"] == found["Goss"] == "PERSON"
    assert "Subs Not Used" not in found and "67" not in "".join(found)


def test_prose_short_lists_and_lists_of_countries_are_no_team_sheets():
    assert not lineups.team_sheets("Shares in Boots, Burberry, Mothercare, Next, Argos and Dixons rose on Monday.")
    assert not lineups.team_sheets("Harbury, Colwyn, Treloar, Abernant, Quist.")
    assert not lineups.team_sheets("New Zealand (1), Scotland (8), Tonga, Ireland, Korea, USA.")
    assert not lineups.team_sheets("Green Day, The Killers, Oasis, Basement Jaxx, The Streets, Travis.")


def test_surnames_of_a_team_sheet_are_people_whatever_spacy_made_of_them(nlp):
    text = ("Wasps beat Leicester 31-37 at the Causeway Stadium on Saturday, said coach Warren Gatland.\n\n"
            f"{RUGBY}\n\n{REPLACEMENTS}")
    refs = {ref.name: ref.type for ref in candidate_entities(nlp(text))}
    sheet = [n for n in ("Harbury", "Colwyn", "Treloar", "Abernant", "Quist", "Ostrova", "Haldane", "Tasker")]
    assert {refs.get(n) for n in sheet} == {"person"}, refs
