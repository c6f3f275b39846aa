"""Place names: one page per country whatever it is called, city names respelled only when surely the same place."""

from __future__ import annotations

import pytest

from broadsheet.archive.resolve import resolve_archive
from broadsheet.core.data import EntityRef as Ref
from broadsheet.extract import gazetteer
from broadsheet.extract.entities import Mention, canonicalise


def by_name(refs):
    return {r.name: r for r in refs}


@pytest.mark.parametrize("written, country", [
    ("UK", "United Kingdom"), ("U.K.", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"), ("United Kingdom", "United Kingdom"),
    ("US", "United States"), ("U.S.", "United States"), ("USA", "United States"),
    ("United States of America", "United States"),
])
def test_every_name_of_a_country_gets_the_countrys_one_name(written, country):
    [ref] = canonicalise([(written, "GPE")])
    assert ref.name == country and ref.type == "place"


def test_a_country_called_several_names_in_one_article_is_one_entity_with_them_as_aliases():
    [ref] = canonicalise([("UK", "GPE"), ("Britain", "GPE"), ("UK", "ORG"), ("the United Kingdom", "GPE")])
    assert ref.name == "United Kingdom" and ref.mentions == 4 and ref.aliases == ("Britain", "UK")


def test_articles_calling_a_country_differently_share_one_page():
    refs = {"a": canonicalise([("US", "GPE")]), "b": canonicalise([("United States", "GPE")]),
            "c": canonicalise([("USA", "GPE")]), "d": canonicalise([Mention("US", "GPE", titled=True)])}
    assert {mapping for mapping in resolve_archive(refs).values()} == {("United States", "place")}


def test_lower_case_or_title_case_words_are_not_country_abbreviations():
    assert gazetteer.place_name("Us") == "Us" and not gazetteer.is_place("Us")


def test_america_alone_is_the_united_states_and_the_continents_keep_their_names():
    refs = canonicalise([("America", "GPE"), ("South America", "LOC"), ("Latin America", "LOC")])
    assert sorted(ref.name for ref in refs) == ["Latin America", "South America", "United States"]


def test_config_aliases_can_still_choose_the_abbreviation_as_the_page_name():
    refs = {"a": canonicalise([("UK", "GPE")]), "b": canonicalise([("Britain", "GPE")])}
    mapping = resolve_archive(refs, aliases={"UK": ["United Kingdom"]})
    assert set(mapping.values()) == {("UK", "place")}


@pytest.mark.parametrize("written", ["Twickenham", "White House", "Charlton", "Bush", "Tsunami", "Kuznetsova",
                                     "Yakubu", "Diana", "Jacob", "Morris", "Central Park", "Seville", "Cologne"])
def test_a_name_that_is_no_city_by_its_main_name_keeps_the_name_it_was_written_in(written):
    [ref] = canonicalise([(written, "GPE"), (written, "GPE")])
    assert ref.name == written


def test_a_person_is_not_made_a_place_by_some_towns_alternate_name():
    [stewart] = canonicalise([("Stewart", "PERSON"), ("Stewart", "PERSON"), ("Stewart", "GPE")])
    assert (stewart.name, stewart.type) == ("Stewart", "person")


@pytest.mark.parametrize("written", ["Frankfurt", "Ferdinand", "Kamara", "Buena Vista", "Mecca", "Leon", "Stalin"])
def test_a_name_several_cities_share_keeps_its_capitals(written):
    [ref] = canonicalise([(written, "GPE")])
    assert ref.name == written


def test_no_known_place_name_comes_out_lower_case():
    written = [name.title() for name in gazetteer.cities() if name[:1].isalpha()]
    lowered = [name for name in written if gazetteer.place_name(name)[:1].islower()]
    assert lowered == []


@pytest.mark.parametrize("written, city", [
    ("Bombay", "Mumbai"), ("Kiev", "Kyiv"), ("Calcutta", "Kolkata"), ("Bogota", "Bogotá"), ("Hague", "The Hague"),
    ("Washington DC", "Washington"),
])
def test_former_names_and_unaccented_spellings_of_a_city_join_its_page(written, city):
    [ref] = canonicalise([(written, "GPE"), (city, "GPE")])
    assert ref.name == city and ref.aliases == (written,) and ref.type == "place"


def test_every_hand_chosen_city_alias_names_a_city_the_gazetteer_knows():
    assert all(city.casefold() in gazetteer.cities() and gazetteer.cities()[city.casefold()] == city
               for city in gazetteer.CITY_ALIASES.values())


@pytest.mark.parametrize("word", ["Welsh", "Welshman", "Briton", "Britons", "Frenchman", "Englishman", "Scotsman",
                                  "Spaniards", "Swede", "Dutch", "Greeks", "Thai", "Filipinos", "Kurds"])
def test_irregular_demonyms_are_groups_whatever_spacy_called_them(word):
    [ref] = canonicalise([(word, "PERSON"), (word, "PERSON"), (word, "NORP")])
    assert ref.type == "group"


def test_irregular_demonyms_are_groups_across_the_archive():
    refs = {"a": canonicalise([("Welsh", "NORP")]), "b": canonicalise([("Welsh", "PERSON"), ("Welsh", "PERSON")])}
    assert set(resolve_archive(refs).values()) == {("Welsh", "group")}


@pytest.mark.parametrize("name", ["Dane", "Finn", "Brits"])
def test_given_names_and_award_nicknames_are_not_taken_for_demonyms(name):
    assert not gazetteer.is_demonym(name)


@pytest.mark.parametrize("written, label, country", [
    ("GB", "GPE", "United Kingdom"), ("GB", "PERSON", "United Kingdom"), ("GB's", "ORG", "United Kingdom"),
    ("UAE", "ORG", "United Arab Emirates"),
])
def test_country_abbreviations_join_their_country_whatever_spacy_called_them(written, label, country):
    [ref] = canonicalise([(written, label)])
    assert ref.name == country and ref.type == "place"


def test_team_gb_stays_an_organization_and_country_acronyms_are_places_by_one_table():
    from broadsheet.extract.entity_types import PLACE_ACRONYMS

    refs = by_name(canonicalise([("Team GB", "PERSON"), ("GB", "GPE")]))
    assert refs["Team GB"].type == "organization" and refs["United Kingdom"].type == "place"
    assert not PLACE_ACRONYMS & {a for aliases in gazetteer.COUNTRY_ALIASES.values() for a in aliases}


def test_the_people_of_a_place_of_two_words_are_a_group_not_the_place_or_a_person():
    refs = {ref.name: ref.type for ref in canonicalise([("Sri Lankan", "PERSON"), ("New Zealander", "NORP"),
                                                        ("South Africans", "GPE"), ("New Zealand", "GPE")])}
    assert refs == {"Sri Lankan": "group", "New Zealander": "group", "South Africans": "group", "New Zealand": "place"}
    assert not gazetteer.is_compound_demonym("United States") and not gazetteer.is_compound_demonym("Tony Blair")


def test_a_compound_demonyms_plural_shares_the_page_of_its_singular():
    mapping = resolve_archive({"a": (Ref("South Africans", "group"),), "b": (Ref("South African", "group"),)})
    assert mapping[("South Africans", "group")] == mapping[("South African", "group")] == ("South African", "group")
