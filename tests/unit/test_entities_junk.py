"""Entity rules that keep junk and mistyped names off the archive's pages: hand-made mentions, no model needed."""

from __future__ import annotations

from collections import Counter

import pytest

from broadsheet.extract.entities import canonicalise
from broadsheet.extract.entity_types import decide_type


def by_name(refs):
    return {r.name: r for r in refs}


@pytest.mark.parametrize("name", ["San Francisco", "San Jose", "Beverly Hills", "Santa Monica", "Milton Keynes"])
def test_a_city_whose_first_word_is_a_given_name_is_a_place(name):
    [ref] = canonicalise([(name, "GPE")])
    assert ref.type == "place"


def test_a_city_named_like_a_person_is_still_a_person_after_a_title_and_people_keep_the_given_name_lean():
    assert decide_type("Milton Keynes", Counter({"place": 1}), titled=1) == "person"
    assert decide_type("Olaf Scholz", Counter({"organization": 1})) == "person"
    assert decide_type("San Francisco", Counter({"place": 1})) == "place"


def test_a_character_called_after_a_city_does_not_join_it():
    refs = by_name(canonicalise([("Santa Monica", "GPE"), ("Monica", "PERSON")]))
    assert refs["Santa Monica"].type == "place" and refs["Monica"].type == "person"


@pytest.mark.parametrize("mention, label", [
    ("GMT", "ORG"), ("BST", "ORG"), ("MPs", "ORG"), ("DVDs", "ORG"), ("State", "ORG"), ("the Government", "ORG"),
    ("Home", "ORG"), ("House", "ORG"), ("Party", "ORG"), ("Digital", "ORG"), ("Broadband", "GPE"),
    ("Children", "PERSON"),
])
def test_time_zones_generic_words_and_plural_acronyms_get_no_entity(mention, label):
    assert canonicalise([(mention, label)]) == ()


@pytest.mark.parametrize("mention, label, name", [
    ("Roddick 6-2 7-6", "ORG", "Roddick"),
    ("Gaston Gaudio 5-7 6-1 6-4", "PERSON", "Gaston Gaudio"),
    ("Arsenal 2-1", "ORG", "Arsenal"),
    ("Commons on Monday", "ORG", "Commons"),
    ("GMT Carnival", "ORG", "Carnival"),
])
def test_scores_days_and_time_zones_are_cut_from_names(mention, label, name):
    [ref] = canonicalise([(mention, label)])
    assert ref.name == name


@pytest.mark.parametrize("mention, person", [
    ("Home Secretary Charles Clarke", "Charles Clarke"),
    ("Shadow Home Secretary David Davis", "David Davis"),
    ("State Minister Ali Khan", "Ali Khan"),
    ("Party leader Michael Howard", "Michael Howard"),
    ("Crown Prince Abdullah", "Abdullah"),
    ("Describing Mr Jackson", "Jackson"),
    ("Said Mr Bysshe", "Bysshe"),
])
def test_a_compound_title_or_a_sentence_start_before_a_person_is_no_organization(mention, person):
    [ref] = canonicalise([(mention, "PERSON")])
    assert ref.name == person and ref.type == "person"


@pytest.mark.parametrize("mention, org, person", [
    ("Arsenal boss Arsene Wenger", "Arsenal", "Arsene Wenger"),
    ("Reading boss Steve Coppell", "Reading", "Steve Coppell"),
    ("Aston Villa boss David O'Leary", "Aston Villa", "David O'Leary"),
    ("Labour leader Tony Blair", "Labour", "Tony Blair"),
])
def test_the_organization_before_a_role_word_still_gets_its_page(mention, org, person):
    refs = by_name(canonicalise([(mention, "PERSON")]))
    assert refs[org].type == "organization" and refs[person].type == "person"


def test_a_person_whose_name_holds_a_title_word_is_not_split():
    [ref] = canonicalise([("Martin Luther King Jnr", "PERSON")])
    assert ref.name == "Martin Luther King Jnr" and ref.type == "person"


@pytest.mark.parametrize("name, votes, kind", [
    ("BT", {"place": 2, "organization": 1}, "organization"),
    ("GPRS", {"person": 3}, "organization"),
    ("UK", {"place": 1}, "place"),
    ("USA", {"place": 2}, "place"),
    ("Team GB", {"person": 2, "organization": 1}, "organization"),
    ("Manchester City", {"place": 3}, "organization"),
    ("Ipswich Town", {"place": 1}, "organization"),
    ("Mexico City", {"place": 1}, "place"),
    ("Cape Town", {"place": 1}, "place"),
    ("Davis Cup", {"place": 2}, "event"),
])
def test_acronyms_clubs_teams_and_tournaments_are_not_places_or_people(name, votes, kind):
    assert decide_type(name, Counter(votes)) == kind


def test_an_acronym_after_a_title_is_still_a_person():
    assert decide_type("JFK", Counter({"person": 1}), titled=1) == "person"
