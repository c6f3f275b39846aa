"""Names whole: an organization's name with its left part cut joins the whole name, an acronym next to
an organization's name that spaCy left out is part of it, names joined by `and` are two only when the article
writes each alone (issue 11, item 4)."""

from __future__ import annotations

from broadsheet.extract.entities import canonicalise
from broadsheet.extract.nlp import acronyms, extend_span, mentions

from .test_entities_doc import doc_with, labelled


def by_name(refs):
    return {ref.name: ref for ref in refs}


def test_names_an_organization_cut_on_the_left_joins_its_whole_name():
    refs = by_name(canonicalise([("UK Film Council", "ORG"), ("Film Council", "ORG"), ("John Woodward", "PERSON")]))
    assert set(refs) == {"UK Film Council", "John Woodward"}
    assert refs["UK Film Council"].mentions == 2 and refs["UK Film Council"].aliases == ("Film Council",)
    refs = by_name(canonicalise([("BNP Paribas", "ORG"), ("Paribas", "ORG")]))
    assert set(refs) == {"BNP Paribas"}


def test_names_a_word_that_only_ends_an_organization_stays_apart():
    refs = by_name(canonicalise([("Manchester United", "ORG"), ("United", "ORG")]))
    assert set(refs) == {"Manchester United", "United"}  # one word after a place: no sure left part
    refs = by_name(canonicalise([("UK Film Council", "ORG"), ("Scottish Film Council", "ORG"),
                                 ("Film Council", "ORG")]))
    assert "Film Council" in refs  # two names end with it


def test_names_an_acronym_spacy_left_out_starts_the_organization():
    doc = doc_with("The banks are ABN Amro, BNP Paribas and Calyon.", ("Paribas", "ORG"))
    assert extend_span(doc.ents[0]).text == "BNP Paribas"


def test_names_an_acronym_written_apart_or_naming_a_place_is_no_left_part():
    doc = doc_with("A TV station, TV Fox, said no TV deal was done.", ("Fox", "ORG"))
    assert extend_span(doc.ents[0]).text == "Fox"
    doc = doc_with("Flights via LA Airways or UK Airways went on.", ("Airways", "ORG"))
    assert extend_span(doc.ents[0]).text == "Airways"  # a known place is no left part
    doc = doc_with("Flights via UK Airways went on.", ("Airways", "ORG"))
    assert extend_span(doc.ents[0]).text == "Airways"


def test_names_joined_by_and_are_two_when_the_article_writes_each_alone():
    doc = doc_with("Yukos sued Rosneft. A unit of gas monopoly Gazprom, which will merge with Rosneft, sued too. "
                   "The ability of Gazprom and Rosneft to trade is in doubt.",
                   ("Rosneft", "ORG"), ("Gazprom and Rosneft", "ORG"))
    assert [m.text for m in labelled(mentions(doc))] == ["Rosneft", "Gazprom", "Rosneft"]


def test_names_joined_by_and_stay_one_name_when_the_article_never_writes_them_apart():
    for text, ent in [("Staff at the Department of Trade and Industry and at Industry House left.",
                       "Department of Trade and Industry"),
                      ("Procter & Gamble and Unilever: Procter & Gamble won.", "Procter & Gamble"),
                      ("Standard & Poor's said the Standard and Poor's 500 fell.", "Standard & Poor's"),
                      ("It works with Outlook and Outlook Express mail.", "Outlook and Outlook Express")]:
        doc = doc_with(text, (ent, "ORG"))
        assert [m.text for m in labelled(mentions(doc))] == [ent], text


def test_names_an_acronym_joins_the_name_it_spells_with_a_country_before_it():
    refs = by_name(canonicalise([("US Federal Trade Commission", "ORG"), ("FTC", "ORG"), ("FTC", "ORG")]))
    assert set(refs) == {"US Federal Trade Commission"} and refs["US Federal Trade Commission"].aliases == ("FTC",)
    doc = doc_with("The US Federal Trade Commission (FTC) won.", ("US Federal Trade Commission", "ORG"))
    assert acronyms(doc) == {"FTC": "US Federal Trade Commission"}


def test_names_a_persons_first_name_spacy_left_out_is_restored_from_the_text():
    doc = doc_with("Henman will face the seed 8 Venus Williams next.", ("Williams", "PERSON"))
    assert extend_span(doc.ents[0]).text == "Venus Williams"
    for text in ["Presidents George W Bush and Bill Clinton", "\"We won,\" Said Williams."]:
        doc = doc_with(text, ("Williams" if "Williams" in text else "George W Bush", "PERSON"))
        assert extend_span(doc.ents[0]) == doc.ents[0], text


def test_names_an_institution_joined_by_and_or_of_is_no_person_for_its_given_name():
    refs = by_name(canonicalise([("Rock and Roll Hall of Fame", "ORG")]))
    assert refs["Rock and Roll Hall of Fame"].type == "organization"
    assert by_name(canonicalise([("Rock Hudson", "ORG")]))["Rock Hudson"].type == "person"


def test_names_a_peer_named_by_the_title_keeps_it():
    doc = doc_with("Lord Rennard said the party would win. Rennard added more. Lord John Russell spoke.",
                   ("Rennard", "PERSON"), ("John Russell", "PERSON"))
    names = by_name(canonicalise(mentions(doc)))
    assert "Lord Rennard" in names and "Rennard" not in names and names["Lord Rennard"].type == "person"
    assert "John Russell" in names  # a peer written with a given name is named by it
    assert set(by_name(canonicalise([("Baroness Kennedy", "PERSON"), ("Mr Howard", "PERSON")]))) == {
        "Baroness Kennedy", "Howard"}


def test_names_awards_are_not_indexed_but_the_academy_and_a_person_named_oscar_are():
    refs = by_name(canonicalise([("Oscar", "PERSON"), ("Oscars", "EVENT"), ("Academy Awards", "EVENT"),
                                 ("Grammy", "ORG"), ("Grand Slam", "EVENT"), ("Turner Prize", "WORK_OF_ART"),
                                 ("Bafta", "ORG"), ("Oscar Wilde", "PERSON"), ("Davis Cup", "EVENT")]))
    assert set(refs) == {"Bafta", "Oscar Wilde", "Davis Cup"}


def test_names_a_peer_also_named_in_full_is_that_person_and_a_lower_case_baron_is_no_title():
    refs = by_name(canonicalise([("Lord Kinnock", "PERSON"), ("Neil Kinnock", "PERSON")]))
    assert set(refs) == {"Neil Kinnock"} and refs["Neil Kinnock"].mentions == 2
    doc = doc_with("The media baron Murdoch bought it. Murdoch said so.", ("Murdoch", "PERSON"))
    assert {(ref.name, ref.type) for ref in canonicalise(mentions(doc))} == {("Murdoch", "person")}


def test_names_an_award_word_inside_a_persons_name_stays_his():
    refs = by_name(canonicalise([("Oscar Pistorius", "PERSON"), ("Oscar", "PERSON"), ("Oscars", "EVENT")]))
    assert set(refs) == {"Oscar Pistorius"} and refs["Oscar Pistorius"].mentions == 2
