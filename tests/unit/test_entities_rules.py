"""Entity rules within one article, on hand-made mentions: no model needed."""

from __future__ import annotations

import pytest

from broadsheet.extract import gazetteer
from broadsheet.extract.entities import Mention, canonicalise, clean_name, is_indexable, strip_titles
from broadsheet.extract.entity_types import decide_type, head_type


def by_name(refs):
    return {r.name: r for r in refs}


@pytest.mark.parametrize("raw, clean", [
    ("Zaporizhzhya\n\n", "Zaporizhzhya"),
    ("Vladimir Putin’s", "Vladimir Putin"),
    ("Peskov's", "Peskov"),
    ("the Liberal Democratic Party of", "Liberal Democratic Party"),
    ("  Wagner\n Group.", "Wagner Group"),
    ("“Kremlin”", "Kremlin"),
])
def test_entities_clean_name_strips_spacing_possessives_articles_and_dangling_words(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize("raw, name", [
    ("Lt Col Eric Schnaible", "Eric Schnaible"),
    ("Prime Minister Tony Blair", "Tony Blair"),
    ("Mr Abbas", "Abbas"),
    ("Dr. Jane Goodall", "Jane Goodall"),
    ("President", "President"),  # a title alone is left alone (and then not indexed)
])
def test_entities_titles_and_honorifics_come_off_person_names(raw, name):
    assert strip_titles(raw)[0] == name


@pytest.mark.parametrize("name", ["republics", "A", "2022", "1,943", "President", "--"])
def test_entities_non_entities_are_not_indexable(name):
    assert not is_indexable(name)


def test_entities_surname_and_title_merge_into_full_name_with_aliases():
    refs = canonicalise([("Mahmoud Abbas", "PERSON"), ("Mr Abbas", "PERSON"), ("Abbas", "PERSON"),
                         ("Dmitry Peskov", "PERSON"), ("Peskov", "ORG")])
    names = by_name(refs)
    assert set(names) == {"Mahmoud Abbas", "Dmitry Peskov"}
    assert names["Mahmoud Abbas"].mentions == 3 and names["Mahmoud Abbas"].aliases == ("Abbas",)
    assert names["Dmitry Peskov"].type == "person" and names["Dmitry Peskov"].aliases == ("Peskov",)


def test_entities_first_name_merges_when_one_full_name_has_it():
    refs = by_name(canonicalise([("Arsene Wenger", "PERSON"), ("Arsene", "PERSON")]))
    assert set(refs) == {"Arsene Wenger"} and refs["Arsene Wenger"].aliases == ("Arsene",)


def test_entities_ambiguous_surname_stays_separate():
    refs = by_name(canonicalise([("Gordon Brown", "PERSON"), ("Wes Brown", "PERSON"), ("Brown", "PERSON")]))
    assert set(refs) == {"Gordon Brown", "Wes Brown", "Brown"}


def test_entities_honorific_makes_a_person_whatever_the_label():
    refs = by_name(canonicalise([("Bernard Ebbers", "PERSON"), ("Mr Ebbers", "ORG"), ("Mr Dobrow", "ORG")]))
    assert refs["Bernard Ebbers"].mentions == 2 and refs["Dobrow"].type == "person"


def test_entities_acronym_defined_in_text_links_to_full_name():
    refs = canonicalise([("Palestinian Authority", "ORG"), ("PA", "ORG"), ("PA", "GPE")],
                        acronyms={"PA": "Palestinian Authority"})
    [authority] = refs
    assert authority.name == "Palestinian Authority" and authority.mentions == 3 and authority.aliases == ("PA",)


def test_entities_acronym_defined_but_never_tagged_still_becomes_an_alias():
    [ref] = canonicalise([("Office of Fair Trading", "ORG")], acronyms={"OFT": "Office of Fair Trading"})
    assert ref.aliases == ("OFT",)


def test_entities_demonyms_are_groups_even_when_tagged_otherwise():
    refs = by_name(canonicalise([("Kazakh", "ORG"), ("Ukrainian", "GPE"), ("Turkish", "NORP"),
                                 ("Nigerians", "NORP")]))
    assert {r.type for r in refs.values()} == {"group"}


def test_entities_gazetteer_places_beat_person_votes():
    refs = by_name(canonicalise([("Kherson", "PERSON"), ("Kherson", "PERSON"), ("Kherson", "GPE"),
                                 ("Kent", "PERSON"), ("Gibraltar", "ORG")]))
    assert refs["Kherson"].type == "place" and refs["Kherson"].mentions == 3
    assert refs["Kent"].type == "place" and refs["Gibraltar"].type == "place"


def test_entities_gazetteer_spelling_joins_alternate_names():
    refs = by_name(canonicalise([("Kiev", "PERSON"), ("Kyiv", "GPE"), ("the Russian Federation", "GPE")]))
    assert refs["Kyiv"].type == "place" and refs["Kyiv"].mentions == 2 and refs["Kyiv"].aliases == ("Kiev",)
    assert refs["Russia"].aliases == ("Russian Federation",)


def test_entities_title_before_a_name_makes_it_a_person():
    [ref] = canonicalise([Mention("Kassym-Jomart Tokayev", "ORG", titled=True)])
    assert ref.type == "person"


def test_entities_role_inside_a_span_splits_organisation_from_person():
    refs = by_name(canonicalise([("Arsenal boss Arsene Wenger", "PERSON")]))
    assert refs["Arsene Wenger"].type == "person" and refs["Arsenal"].type == "organization"


def test_entities_slash_and_coordinated_spans_split_into_names():
    refs = by_name(canonicalise([("Columbia/Sony Pictures", "ORG")]))
    assert set(refs) == {"Columbia", "Sony Pictures"}
    refs = by_name(canonicalise([("Jamie Carragher", "PERSON"), ("Wes Brown", "PERSON"),
                                 ("Carragher and Brown", "ORG")]))
    assert set(refs) == {"Jamie Carragher", "Wes Brown"} and refs["Wes Brown"].mentions == 2


def test_entities_context_cues_drop_works_and_type_firms():
    refs = by_name(canonicalise([Mention("Sideways", "GPE", cue="work"),
                                 Mention("Tods Murray", "PERSON", cue="organization"),
                                 Mention("Tods Murray", "PERSON"), Mention("Tods Murray", "PERSON")]))
    assert set(refs) == {"Tods Murray"} and refs["Tods Murray"].type == "organization"


def test_entities_a_work_named_once_in_context_is_dropped_everywhere_in_the_article():
    refs = canonicalise([Mention("Sideways", "PERSON", cue="work"), Mention("Sideways", "ORG"),
                         Mention("Paul Giamatti", "PERSON")])
    assert [r.name for r in refs] == ["Paul Giamatti"]


def test_entities_partial_org_name_joins_its_full_name_but_a_place_does_not():
    refs = by_name(canonicalise([("Contrack International", "ORG"), ("Contrack", "PERSON"),
                                 ("US Secret Service", "ORG"), ("US", "GPE")]))
    assert refs["Contrack International"].aliases == ("Contrack",)
    assert refs["United States"].type == "place"
    refs = by_name(canonicalise([("Barclays Capital", "ORG"), ("Barclays", "ORG")]))
    assert set(refs) == {"Barclays Capital", "Barclays"}


def test_entities_spans_split_at_stray_lower_case_words_and_lose_unclosed_asides():
    refs = by_name(canonicalise([("Southampton when Arsenal", "ORG"), ("International Monetary Fund (IMF", "ORG"),
                                 ("Robin van Persie", "PERSON"), ("Van Persie", "PERSON"), ("193bn", "ORG")]))
    assert set(refs) == {"Southampton", "Arsenal", "International Monetary Fund", "Robin van Persie"}
    assert refs["Robin van Persie"].aliases == ("Van Persie",)


@pytest.mark.parametrize("name, votes, kind", [
    ("G8", {"person": 2}, "organization"),
    ("Tokyo Marathon", {"organization": 1}, "event"),
    ("Edinburgh Airport", {"organization": 1}, "place"),
    ("Black Sea Grain Initiative", {"place": 1}, "organization"),
    ("Alexander Payne", {"organization": 1}, "person"),
    ("Morgan Stanley", {"organization": 4}, "organization"),
    ("Luhansk", {"person": 1, "place": 1}, "place"),
])
def test_entities_type_decision_uses_evidence_beyond_the_vote(name, votes, kind):
    from collections import Counter

    assert decide_type(name, Counter(votes)) == kind


@pytest.mark.parametrize("name, votes, kind", [
    ("Florence Nightingale Hospital", {"organization": 1}, "organization"),
    ("Royal Academy of Arts", {"organization": 1}, "organization"),
    ("German Aerospace Centre", {"organization": 1}, "organization"),
    ("Prince Edward Theatre", {"organization": 1}, "place"),  # a theatre, hotel or prison is a place
    ("Onyx Hotel", {"person": 1, "organization": 1}, "place"),
    ("Game Developers Conference", {"organization": 1}, "event"),  # a trade show or conference is an event
    ("Leadplex LLC", {"place": 1}, "organization"),  # a firm's legal form
    ("Griffin Park", {"place": 1}, "place"),
    ("Kennedy Center", {"place": 1}, "place"),
])
def test_entities_an_institution_or_venue_named_after_someone_is_not_a_person(name, votes, kind):
    from collections import Counter

    assert decide_type(name, Counter(votes)) == kind


@pytest.mark.parametrize("name, votes, kind", [
    ("Nick Park", {"person": 1}, "person"),  # a surname that is also a venue word
    ("Charlotte Church", {"organization": 1}, "person"),  # `Church` is no venue word: too many people
    ("Kherson", {"person": 1}, "place"),
    ("Florence", {"person": 1}, "place"),
])
def test_entities_people_and_places_keep_their_type_beside_venue_and_institution_words(name, votes, kind):
    from collections import Counter

    assert decide_type(name, Counter(votes)) == kind


def test_entities_head_words_and_gazetteer_helpers():
    assert head_type("Operation Digital Gridlock") == "event" and head_type("Arsenal") is None
    assert gazetteer.is_demonym("Kazakh") and not gazetteer.is_demonym("Sullivan")
    assert gazetteer.is_title("actress") and not gazetteer.is_title("British")
    assert gazetteer.is_given_name("Jean-Pierre") and not gazetteer.is_given_name("Datamonitor")


def test_entities_surname_joins_a_full_name_that_only_the_type_rules_make_a_person():
    refs = by_name(canonicalise([("Olaf Scholz", "ORG"), ("Scholz", "ORG"), ("Scholz", "GPE"), ("Germany", "GPE")]))
    assert set(refs) == {"Olaf Scholz", "Germany"}
    assert refs["Olaf Scholz"].type == "person" and refs["Olaf Scholz"].mentions == 3
    assert refs["Olaf Scholz"].aliases == ("Scholz",)
    [scholz] = canonicalise([("Olaf Scholz", "ORG"), ("Scholz", "GPE"), ("Scholz", "GPE")])
    assert scholz.name == "Olaf Scholz" and scholz.type == "person"


def test_entities_place_or_group_word_does_not_join_a_name_the_rules_guess_is_a_person():
    refs = by_name(canonicalise([("Tate Britain", "ORG"), ("Britain", "GPE"), ("Liberal Democrat", "ORG"),
                                 ("Democrat", "NORP"), ("Democrat", "NORP")]))
    assert {"United Kingdom", "Democrat", "Tate Britain", "Liberal Democrat"} <= set(refs)
    assert refs["United Kingdom"].type == "place" and refs["Democrat"].type == "group"


@pytest.mark.parametrize("name", ["de Vries", "van Persie", "van der Sar", "bin Salman", "al-Assad", "d'Alema"])
def test_entities_surnames_with_lower_case_particles_are_indexable(name):
    assert is_indexable(name)


@pytest.mark.parametrize("name", ["de facto", "van", "st Helens", "anti-Putin"])
def test_entities_lower_case_words_that_are_not_particle_surnames_are_not_indexable(name):
    assert not is_indexable(name)


def test_entities_particle_surname_joins_its_full_name():
    refs = by_name(canonicalise([("de Vries", "ORG"), ("Janssen", "PERSON"), ("Pieter de Vries", "PERSON"),
                                 ("Anna Janssen", "PERSON")]))
    assert set(refs) == {"Pieter de Vries", "Anna Janssen"}
    assert refs["Pieter de Vries"].mentions == 2 and refs["Pieter de Vries"].aliases == ("de Vries",)


def test_entities_royal_first_name_does_not_join_another_persons_full_name():
    refs = by_name(canonicalise([("Prince Charles", "PERSON"), ("Charles Kennedy", "PERSON", True),
                                 ("Charles", "PERSON"), ("Lord Kinnock", "PERSON"), ("Kinnock", "PERSON")]))
    assert refs["Charles"].mentions == 2 and refs["Charles Kennedy"].mentions == 1
    assert refs["Lord Kinnock"].mentions == 2  # a peer keeps the style he is named by; his surname joins it


def test_entities_styled_first_name_joins_a_full_name_with_the_same_style_or_a_knights():
    refs = by_name(canonicalise([("King Abdullah", "PERSON"), ("King Abdullah II", "PERSON"),
                                 ("Sir Alex", "PERSON"), ("Alex Ferguson", "PERSON"),
                                 ("Mr Xie", "PERSON"), ("Xie Xuren", "PERSON")]))
    assert set(refs) == {"Abdullah II", "Alex Ferguson", "Xie Xuren"}


@pytest.mark.parametrize("name, votes, kind", [
    ("San Francisco Chronicle", {"organization": 1}, "organization"),
    ("Sydney Morning Herald", {"organization": 1}, "organization"),
    ("South China Morning Post", {"place": 1}, "organization"),
    ("Trinity Mirror", {"organization": 1}, "organization"),
    ("Emily Post", {"person": 2}, "person"),  # a surname that is a newspaper word: spaCy's votes still win
    ("Post Office Ltd", {"organization": 1}, "organization"),
])
def test_entities_a_newspaper_is_an_organization_by_its_last_word(name, votes, kind):
    from collections import Counter

    assert decide_type(name, Counter(votes)) == kind


@pytest.mark.parametrize("name, votes, kind", [
    ("France Televisions", {"organization": 1}, "organization"),
    ("France A", {"organization": 1}, "organization"),
    ("Florence Arthaud", {"organization": 1}, "person"),  # a given name that is a city still leans
    ("Jordan Henderson", {"person": 1}, "person"),
])
def test_entities_a_country_name_first_is_no_given_name(name, votes, kind):
    from collections import Counter

    assert decide_type(name, Counter(votes)) == kind


@pytest.mark.parametrize("raw, clean", [
    ("George W. Bush", "George W Bush"),
    ("George W Bush", "George W Bush"),
    ("J.K. Rowling", "JK Rowling"),
    ("J. K. Rowling", "JK Rowling"),
    ("J K Rowling", "JK Rowling"),
    ("U.N.", "UN"),
    ("U.S.", "US"),
    ("Washington D.C.", "Washington DC"),
    ("St. Louis", "St. Louis"),  # not a single capital: left alone
    ("E.ON", "E.ON"),
    ("Plan B", "Plan B"),
])
def test_entities_initials_lose_their_full_stops_and_run_together(raw, clean):
    assert clean_name(raw) == clean


def test_entities_every_spelling_of_initials_is_one_entity_with_the_written_forms_as_aliases():
    refs = by_name(canonicalise([("George W. Bush", "PERSON"), ("George W Bush", "PERSON"),
                                 ("J.K. Rowling", "PERSON"), ("JK Rowling", "PERSON"),
                                 ("U.N.", "ORG"), ("U.S.", "GPE")]))
    assert refs["George W Bush"].mentions == 2 and "George W. Bush" in refs["George W Bush"].aliases
    assert refs["JK Rowling"].mentions == 2 and "J.K. Rowling" in refs["JK Rowling"].aliases
    assert "UN" in refs and "U.N" in refs["UN"].aliases  # its last full stop goes with trailing punctuation
    assert refs["United States"].type == "place"
    assert not {"George W. Bush", "J.K. Rowling", "U.N", "U.S"} & set(refs)


def test_entities_an_undefined_acronym_joins_the_one_name_of_the_article_it_spells():
    refs = {r.name: r for r in canonicalise([("International Monetary Fund", "ORG"), ("IMF", "ORG"), ("IMF", "ORG"),
                                              ("BBC", "ORG"), ("Bank of Canada", "ORG"), ("British Bankers", "ORG")])}
    assert refs["International Monetary Fund"].mentions == 3 and "IMF" in refs["International Monetary Fund"].aliases
    assert "IMF" not in refs and "BBC" in refs  # no name here spells B-B-C exactly (`Bank of Canada` is BC)


def test_entities_an_acronym_two_names_spell_and_a_persons_initials_join_nothing():
    refs = {r.name for r in canonicalise([("Royal Mail", "ORG"), ("Rural Movement", "ORG"), ("RM", "ORG"),
                                          ("Tony Blair", "PERSON"), ("TB", "ORG")])}
    assert {"RM", "TB", "Royal Mail", "Rural Movement", "Tony Blair"} <= refs
