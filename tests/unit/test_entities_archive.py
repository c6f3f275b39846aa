"""One entity, one page across the archive: resolve_archive on hand-made article entities."""

from __future__ import annotations

from broadsheet.archive.resolve import resolve_archive
from broadsheet.core.data import EntityRef as Ref


def test_entities_surname_merges_into_the_only_full_name_in_the_archive():
    mapping = resolve_archive({"a": (Ref("Vladimir Putin", "person"),), "b": (Ref("Putin", "person"),)})
    assert mapping[("Putin", "person")] == ("Vladimir Putin", "person")


def test_entities_ambiguous_surname_stays_separate_across_the_archive():
    mapping = resolve_archive({"a": (Ref("Gordon Brown", "person"),), "b": (Ref("Wes Brown", "person"),),
                               "c": (Ref("Brown", "person"),)})
    assert mapping[("Brown", "person")] == ("Brown", "person")


def test_entities_type_is_the_archive_wide_vote():
    mapping = resolve_archive({"a": (Ref("Luhansk", "person", 1),), "b": (Ref("Luhansk", "place", 3),),
                               "c": (Ref("Luhansk", "place", 1),)})
    assert mapping[("Luhansk", "person")] == ("Luhansk", "place") == mapping[("Luhansk", "place")]


def test_entities_acronym_defined_once_joins_its_bare_uses_elsewhere():
    mapping = resolve_archive({"a": (Ref("Palestinian Authority", "organization", 2, ("PA",)),),
                               "b": (Ref("PA", "organization"),)})
    assert mapping[("PA", "organization")] == ("Palestinian Authority", "organization")


def test_entities_config_aliases_types_and_ignore_win():
    refs = {"a": (Ref("Kiev", "person"), Ref("Kyiv", "place"), Ref("Wagner Group", "organization"),
                  Ref("Western", "group"))}
    mapping = resolve_archive(refs, aliases={"Kyiv": ["Kiev"]}, types={"Wagner Group": "group"},
                              ignore=["western"])
    assert mapping[("Kiev", "person")] == ("Kyiv", "place") == mapping[("Kyiv", "place")]
    assert mapping[("Wagner Group", "organization")] == ("Wagner Group", "group")
    assert ("Western", "group") not in mapping


def test_entities_config_type_beats_a_person_edit_which_beats_the_vote():
    refs = {"a": (Ref("Kherson", "place", 5),), "edited": (Ref("Kherson", "organization", 1),),
            "b": (Ref("Telegram", "organization", 4),)}
    mapping = resolve_archive(refs, edited={"edited"})
    assert mapping[("Kherson", "place")] == ("Kherson", "organization")
    mapping = resolve_archive(refs, types={"Kherson": "event"}, edited={"edited"})
    assert mapping[("Kherson", "organization")] == ("Kherson", "event")


def test_entities_config_alias_is_never_joined_to_a_longer_name():
    mapping = resolve_archive({"a": (Ref("Vladimir Putin", "person"), Ref("Putin", "person"))},
                              aliases={"Putin": []})
    assert mapping[("Putin", "person")] == ("Putin", "person")


def test_entities_surname_of_another_type_joins_the_only_person_in_the_archive():
    mapping = resolve_archive({"a": (Ref("Olaf Scholz", "person"), Ref("Antonio Costa", "person")),
                               "b": (Ref("Scholz", "place", 2), Ref("Costa", "group"), Ref("Merkel", "person"))})
    assert mapping[("Scholz", "place")] == ("Olaf Scholz", "person")
    assert mapping[("Costa", "group")] == ("Antonio Costa", "person")


def test_entities_a_place_company_or_common_group_keeps_its_page_beside_a_namesake():
    refs = {"a": (Ref("Ivan Kherson", "person"), Ref("Abraham Lincoln", "person"), Ref("Harrison Ford", "person"),
                  Ref("Ford Motor", "organization"), Ref("Jane Conservatives", "person")),
            "b": (Ref("Kherson", "place", 4), Ref("Lincoln", "place"), Ref("Ford", "organization"),
                  Ref("Conservatives", "group")),
            "c": (Ref("Conservatives", "group"),), "d": (Ref("NOS", "organization"), Ref("Peter Nos", "person"))}
    mapping = resolve_archive(refs)
    for name, kind in [("Kherson", "place"), ("Lincoln", "place"), ("Ford", "organization"), ("NOS", "organization")]:
        assert mapping[(name, kind)] == (name, kind)
    assert mapping[("Conservatives", "group")] == ("Conservative Party", "organization")  # the party, not Jane


def test_entities_a_type_chosen_by_a_person_keeps_a_short_name_apart():
    refs = {"a": (Ref("Antonio Costa", "person"),), "edited": (Ref("Costa", "organization"),)}
    assert resolve_archive(refs, edited={"edited"})[("Costa", "organization")] == ("Costa", "organization")
    assert resolve_archive(refs, types={"Costa": "organization"})[("Costa", "organization")] == ("Costa", "organization")


def test_entities_particle_surname_joins_the_only_person_in_the_archive():
    mapping = resolve_archive({"a": (Ref("Pieter de Vries", "person"),), "b": (Ref("de Vries", "person"),),
                               "c": (Ref("van Persie", "organization"),), "d": (Ref("Robin van Persie", "person"),)})
    assert mapping[("de Vries", "person")] == ("Pieter de Vries", "person")
    assert mapping[("van Persie", "organization")] == ("Robin van Persie", "person")


def test_entities_acronym_seen_beside_a_longer_name_it_does_not_spell_is_not_sent_there():
    mapping = resolve_archive({"a": (Ref("EU Commission", "organization", 2, ("EU",)),),
                               "b": (Ref("EU", "organization"),), "c": (Ref("EU", "organization"),)})
    assert mapping[("EU", "organization")] == ("EU", "organization")


def test_entities_acronym_joins_its_company_name_with_a_company_form():
    mapping = resolve_archive({"a": (Ref("ABC Inc", "organization", 2, ("ABC",)),), "b": (Ref("ABC", "organization"),)})
    assert mapping[("ABC", "organization")] == ("ABC Inc", "organization")


def test_entities_undefined_acronym_joins_the_name_it_spells_that_appears_beside_it():
    refs = {"a": (Ref("EU Commission", "organization", 1, ("EU",)),),
            "b": (Ref("EU", "organization", 3), Ref("European Union", "organization")),
            "c": (Ref("EU", "organization"),), "d": (Ref("Edinburgh University", "organization"),)}
    mapping = resolve_archive(refs)
    assert mapping[("EU", "organization")] == ("European Union", "organization")


def test_entities_undefined_acronym_stays_apart_when_two_names_beside_it_spell_it():
    refs = {"a": (Ref("AP", "organization"), Ref("Associated Press", "organization")),
            "b": (Ref("AP", "organization"), Ref("Arms Park", "organization"))}
    assert resolve_archive(refs)[("AP", "organization")] == ("AP", "organization")


def test_entities_bare_word_does_not_join_a_person_typed_name_that_is_no_one():
    refs = {"a": (Ref("Kill Bill", "person"), Ref("Sydney Morning Herald", "person")),
            "b": (Ref("Bill", "person", 3), Ref("Herald", "person"))}
    mapping = resolve_archive(refs)
    assert mapping[("Bill", "person")] == ("Bill", "person")
    assert mapping[("Herald", "person")] == ("Herald", "person")


def test_entities_given_name_that_starts_another_persons_name_is_no_ones_surname():
    refs = {"a": (Ref("Hugh Ray", "person"), Ref("Ray Charles", "person")), "b": (Ref("Ray", "person", 4),),
            "c": (Ref("Dirty Harry", "person"), Ref("Harry Potter", "person")), "d": (Ref("Harry", "person"),)}
    mapping = resolve_archive(refs)
    assert mapping[("Ray", "person")] == ("Ray", "person")
    assert mapping[("Harry", "person")] == ("Harry", "person")


def test_entities_surname_stays_apart_when_another_name_ends_with_it():
    refs = {"a": (Ref("Cristiano Ronaldo", "person"), Ref("Brazilian Ronaldo", "person")),
            "b": (Ref("Ronaldo", "person"),)}
    assert resolve_archive(refs)[("Ronaldo", "person")] == ("Ronaldo", "person")


def test_entities_surname_still_joins_a_person_named_with_initials_or_middle_names():
    refs = {"a": (Ref("David Frost", "person"), Ref("J Forrester", "person"), Ref("John Arne Riise", "person"),
                  Ref("Ronan O'Gara", "person")),
            "b": (Ref("Frost", "person"), Ref("Forrester", "person"), Ref("Riise", "person"), Ref("O'Gara", "place"))}
    mapping = resolve_archive(refs)
    assert mapping[("Frost", "person")] == ("David Frost", "person")
    assert mapping[("Forrester", "person")] == ("J Forrester", "person")
    assert mapping[("Riise", "person")] == ("John Arne Riise", "person")
    assert mapping[("O'Gara", "place")] == ("Ronan O'Gara", "person")


def test_entities_party_short_forms_share_the_partys_page_as_an_organization():
    mapping = resolve_archive({"a": (Ref("Tory", "group", 3), Ref("Tories", "group"), Ref("Lib Dems", "person")),
                               "b": (Ref("Conservatives", "group"), Ref("Labour", "place"), Ref("Lib Dem", "person")),
                               "c": (Ref("Conservative Party", "organization"), Ref("Liberal Democrats", "group"))})
    party = ("Conservative Party", "organization")
    assert mapping[("Tory", "group")] == mapping[("Tories", "group")] == mapping[("Conservatives", "group")] == party
    assert mapping[("Labour", "place")] == ("Labour Party", "organization")
    assert mapping[("Lib Dems", "person")] == mapping[("Lib Dem", "person")] == ("Liberal Democrats", "organization")


def test_entities_a_person_edit_outranks_the_built_in_type_but_keeps_the_shared_page():
    refs = {"a": (Ref("Tories", "group", 3),), "edited": (Ref("Conservative Party", "group"),)}
    assert resolve_archive(refs)[("Tories", "group")] == ("Conservative Party", "organization")
    assert resolve_archive(refs, edited={"edited"})[("Tories", "group")] == ("Conservative Party", "group")


def test_entities_olympics_fed_and_radio_4_fold_into_their_full_names():
    mapping = resolve_archive({"a": (Ref("Olympic", "event"), Ref("Olympics", "event"), Ref("Athens Olympics", "event"),
                                     Ref("Fed", "organization"), Ref("Radio 4", "organization"))})
    assert mapping[("Olympic", "event")] == mapping[("Olympics", "event")] == ("Olympic Games", "event")
    assert mapping[("Athens Olympics", "event")] == ("Athens Olympics", "event")  # one edition keeps its page
    assert mapping[("Fed", "organization")] == ("Federal Reserve", "organization")
    assert mapping[("Radio 4", "organization")] == ("BBC Radio 4", "organization")


def test_entities_config_aliases_and_types_win_over_the_built_in_names():
    refs = {"a": (Ref("Tories", "group"), Ref("Tory", "group"), Ref("Oscar", "person"), Ref("Labour", "organization"))}
    mapping = resolve_archive(refs, aliases={"Tories": ["Tory"]}, types={"Oscar": "person", "Labour Party": "group"})
    assert mapping[("Tory", "group")] == mapping[("Tories", "group")] == ("Tories", "group")
    assert mapping[("Oscar", "person")] == ("Oscar", "person")  # e.g. an archive about a dog named Oscar
    assert mapping[("Labour", "organization")] == ("Labour Party", "group")
    mapping = resolve_archive(refs, aliases={"Conservatives": ["Conservative Party"]})
    assert mapping[("Tory", "group")] == mapping[("Tories", "group")] == ("Conservatives", "organization")


def test_entities_short_name_joins_its_institution_when_the_full_name_is_established():
    refs = {"a": (Ref("Commons", "organization"), Ref("Veritas", "group")), "b": (Ref("House of Commons", "organization"),),
            "c": (Ref("House of Commons", "organization"), Ref("Veritas Party", "organization")),
            "d": (Ref("Veritas Party", "organization"),), **{f"u{i}": (Ref("Congress", "organization"),) for i in range(11)},
            "e": (Ref("Congress Party", "organization"),)}
    mapping = resolve_archive(refs)
    assert mapping[("Commons", "organization")] == ("House of Commons", "organization")
    assert mapping[("Veritas", "group")] == ("Veritas Party", "organization")
    assert mapping[("Congress", "organization")] == ("Congress", "organization")  # a party seen once is not it


def test_entities_name_and_plural_seen_together_share_a_page_but_not_by_chance():
    refs = {"a": (Ref("Emmet Prize", "event"), Ref("Emmet Prizes", "event")),
            "b": (Ref("Emmet Prize", "event"), Ref("Emmet Prizes", "event")),
            "c": (Ref("Time", "organization"),), "d": (Ref("Times", "organization"),),
            "e": (Ref("Williams", "person"), Ref("William", "person")), "f": (Ref("Williams", "person"), Ref("William", "person"))}
    mapping = resolve_archive(refs)
    assert mapping[("Emmet Prize", "event")] == ("Emmet Prizes", "event")
    assert mapping[("Time", "organization")] == ("Time", "organization")
    assert mapping[("William", "person")] == ("William", "person")


def test_entities_a_name_its_plural_and_its_party_are_one_page():
    refs = {f"a{i}": (Ref("Green", "organization"), Ref("Greens", "organization")) for i in range(3)}
    refs |= {f"b{i}": (Ref("Green Party", "organization"),) for i in range(2)}
    mapping = resolve_archive(refs)
    assert mapping[("Green", "organization")] == mapping[("Greens", "organization")] == ("Green Party", "organization")


def test_entities_a_person_who_types_a_built_in_name_otherwise_keeps_it_apart():
    refs = {"a": (Ref("Tory", "person", 2), Ref("Tories", "organization")), "b": (Ref("Tory", "organization"),),
            "edited": (Ref("Tory", "person"),)}
    mapping = resolve_archive(refs, edited={"edited"})
    assert mapping[("Tory", "person")] == ("Tory", "person")  # the person the editor meant
    assert mapping[("Tory", "organization")] == mapping[("Tories", "organization")] == ("Conservative Party", "organization")


def test_entities_surname_joins_the_full_name_that_clearly_dominates_the_archive():
    refs = {f"pm{i}": (Ref("Tony Blair", "person"),) for i in range(12)}
    refs.update({"wife": (Ref("Cherie Blair", "person"),), "police": (Ref("Ian Blair", "person"),),
                 "both": (Ref("Blair", "person", 3), Ref("Tony Blair", "person"), Ref("Cherie Blair", "person")),
                 "alone": (Ref("Blair", "person"),)})
    assert resolve_archive(refs)[("Blair", "person")] == ("Tony Blair", "person")


def test_entities_surname_stays_apart_when_no_full_name_clearly_dominates():
    refs = {f"a{i}": (Ref("Michael Owen", "person"),) for i in range(14)}
    refs.update({f"b{i}": (Ref("Clive Owen", "person"),) for i in range(4)})  # 14 < 5 x 4
    refs.update({"c": (Ref("Owen", "person"),),
                 **{f"d{i}": (Ref("Ron Davies", "person"),) for i in range(6)},  # 6 articles: too few to dominate
                 "e": (Ref("Tom Davies", "person"),), "f": (Ref("Davies", "person"),)})
    mapping = resolve_archive(refs)
    assert mapping[("Owen", "person")] == ("Owen", "person")
    assert mapping[("Davies", "person")] == ("Davies", "person")


def test_entities_dominant_full_name_must_be_the_one_seen_beside_the_surname():
    refs = {f"a{i}": (Ref("Gordon Brown", "person"),) for i in range(20)}
    refs.update({"b": (Ref("Wes Brown", "person"), Ref("Brown", "person")),
                 "c": (Ref("Wes Brown", "person"), Ref("Dan Brown", "person"), Ref("Brown", "person"))})
    assert resolve_archive(refs)[("Brown", "person")] == ("Brown", "person")


def test_entities_surname_joins_though_a_rarer_person_has_it_as_first_name():
    refs = {f"a{i}": (Ref("Michael Howard", "person"),) for i in range(5)}
    refs.update({"stern": (Ref("Howard Stern", "person"),), "hughes": (Ref("Howard Hughes", "person"),),
                 "bare": (Ref("Howard", "person"),)})
    assert resolve_archive(refs)[("Howard", "person")] == ("Michael Howard", "person")


def test_entities_first_name_beside_the_bare_name_or_as_widespread_keeps_it_apart():
    refs = {"a": (Ref("Michael Lewis", "person"),), "b": (Ref("Michael Lewis", "person"),),
            "c": (Ref("Lewis Moody", "person"), Ref("Lewis", "person")),  # `Lewis` beside `Lewis Moody` only
            "d": (Ref("Mac Mini", "person"),), "e": (Ref("Mini", "person"), Ref("Mini Convertible", "organization")),
            "f": (Ref("Bill Gates", "person"),), "g": (Ref("Bill Clinton", "person"),),
            "h": (Ref("Ian Bill", "person"),), "i": (Ref("Ian Bill", "person"),), "j": (Ref("Bill", "person"),)}
    mapping = resolve_archive(refs)
    assert mapping[("Lewis", "person")] == ("Lewis", "person")
    assert mapping[("Mini", "person")] == ("Mini", "person")
    assert mapping[("Bill", "person")] == ("Bill", "person")  # `Bill …` people in as many articles as `Ian Bill`


def test_entities_bare_surname_joins_a_full_name_with_run_together_initials():
    mapping = resolve_archive({"a": (Ref("JK Rowling", "person"),), "b": (Ref("Rowling", "person"),)})
    assert mapping[("Rowling", "person")] == ("JK Rowling", "person")


def test_entities_demonym_forms_share_the_adjectives_page():
    refs = {"a": (Ref("British", "group"), Ref("Briton", "group"), Ref("Frenchman", "group")),
            "b": (Ref("Britons", "group"), Ref("French", "group"), Ref("Americans", "group"),
                  Ref("Europeans", "group"), Ref("Welshman", "person"), Ref("Turkmen", "group")),
            "c": (Ref("American", "group"), Ref("European", "group"), Ref("Welsh", "group"),
                  Ref("Turkish", "group"), Ref("Scotsman", "group"), Ref("Scottish", "group"), Ref("Scots", "group"))}
    mapping = resolve_archive(refs)
    for form in ("British", "Briton", "Britons"):
        assert mapping[(form, "group")] == ("British", "group")
    assert mapping[("Frenchman", "group")] == ("French", "group")
    assert mapping[("Americans", "group")] == ("American", "group")
    assert mapping[("Europeans", "group")] == ("European", "group")
    assert mapping[("Welshman", "person")] == ("Welsh", "group")
    assert mapping[("Scotsman", "group")] == ("Scottish", "group") == mapping[("Scots", "group")]
    assert mapping[("Turkmen", "group")] == ("Turkmen", "group")  # Turkmenistan's, not a Turkish man


def test_entities_demonym_forms_stay_apart_when_config_names_them():
    refs = {"a": (Ref("British", "group"), Ref("Britons", "group"), Ref("Frenchman", "group"),
                  Ref("French", "group"))}
    mapping = resolve_archive(refs, aliases={"Britons": ["Briton"]}, types={"Frenchman": "person"})
    assert mapping[("Britons", "group")] == ("Britons", "group")
    assert mapping[("Frenchman", "group")] == ("Frenchman", "person")
    assert mapping[("British", "group")] == ("British", "group")


def test_entities_undefined_acronym_joins_the_name_beside_it_that_clearly_dominates():
    refs = {f"ap{i}": (Ref("AP", "organization"), Ref("Associated Press", "organization")) for i in range(5)}
    refs["arms"] = (Ref("AP", "organization"), Ref("Arms Park", "organization"))
    refs["alone"] = (Ref("AP", "organization"),)
    mapping = resolve_archive(refs)
    assert mapping[("AP", "organization")] == ("Associated Press", "organization")
    assert mapping[("Arms Park", "organization")] == ("Arms Park", "organization")


def test_entities_undefined_acronym_stays_apart_when_the_names_beside_it_are_close():
    refs = {f"ap{i}": (Ref("AP", "organization"), Ref("Associated Press", "organization")) for i in range(4)}
    refs.update({f"arms{i}": (Ref("AP", "organization"), Ref("Arms Park", "organization")) for i in range(2)})
    assert resolve_archive(refs)[("AP", "organization")] == ("AP", "organization")


def test_entities_acronym_defined_for_several_names_joins_the_one_most_articles_define_it_for():
    refs = {f"pa{i}": (Ref("Palestinian Authority", "organization", 2, ("PA",)),) for i in range(5)}
    refs["press"] = (Ref("Press Association", "organization", 1, ("PA",)),)
    refs["bare"] = (Ref("PA", "organization"),)
    assert resolve_archive(refs)[("PA", "organization")] == ("Palestinian Authority", "organization")


def test_entities_undefined_acronym_joins_a_name_with_a_country_before_it():
    refs = {"a": (Ref("FTC", "organization"), Ref("US Federal Trade Commission", "organization")),
            "b": (Ref("FTC", "organization"),)}
    assert resolve_archive(refs)[("FTC", "organization")] == ("US Federal Trade Commission", "organization")


def test_a_known_place_typed_an_organization_in_some_articles_is_two_entities_the_town_and_its_club():
    mapping = resolve_archive({"a": (Ref("Newcastle", "organization", 4),), "b": (Ref("Newcastle", "place", 1),),
                               "c": (Ref("Newcastle", "place", 1),)})
    assert mapping[("Newcastle", "organization")] == ("Newcastle", "organization")
    assert mapping[("Newcastle", "place")] == ("Newcastle", "place")


def test_a_name_no_gazetteer_knows_as_a_place_keeps_one_type_by_the_archive_vote():
    mapping = resolve_archive({"a": (Ref("Mothercare", "organization", 3),), "b": (Ref("Mothercare", "place", 1),)})
    assert mapping[("Mothercare", "place")] == ("Mothercare", "organization")


def test_a_type_forced_in_config_gives_a_town_and_club_name_one_page():
    mapping = resolve_archive({"a": (Ref("Newcastle", "organization", 4),), "b": (Ref("Newcastle", "place", 1),)},
                              types={"Newcastle": "organization"})
    assert mapping[("Newcastle", "place")] == ("Newcastle", "organization")
