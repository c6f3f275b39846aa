"""Entity rules over a Doc (spans, acronyms, context cues) on spacy.blank docs with hand-made entities."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from broadsheet.extract.entities import canonicalise
from broadsheet.extract.nlp import acronyms, context_cue, extend_span, initials_match, mentions
from broadsheet.extract.spans import UNLABELLED


def labelled(found):
    """The mentions of spans spaCy labelled (here: the test's own), without the capitalised names it left out."""
    return [m for m in found if m.label != UNLABELLED]


def doc_with(text: str, *ents: tuple[str, str], sentences: bool = False):
    """A blank English Doc whose entities are the first occurrence of each (text, label); split into sentences
    when asked (by punctuation)."""
    nlp = spacy.blank("en")
    if sentences:
        nlp.add_pipe("sentencizer")
    doc = nlp(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return doc


def test_entities_span_cut_at_a_connector_extends_over_the_capitalised_words():
    doc = doc_with("He leads the Liberal Democratic Party of Russia (LDPR) faction.",
                   ("the Liberal Democratic Party of", "ORG"))
    assert extend_span(doc.ents[0]).text == "the Liberal Democratic Party of Russia"


def test_entities_span_without_connector_is_left_alone():
    doc = doc_with("Officials in Kyiv said so.", ("Kyiv", "GPE"))
    assert extend_span(doc.ents[0]) == doc.ents[0]


def test_entities_acronym_definitions_are_found_after_their_name():
    doc = doc_with("Talks with the Palestinian Authority (PA) and the Office of Fair Trading (OFT) went on. "
                   "Apple (Cupertino) said nothing.",
                   ("Palestinian Authority", "ORG"), ("Office of Fair Trading", "ORG"), ("Apple", "ORG"))
    assert acronyms(doc) == {"PA": "Palestinian Authority", "OFT": "Office of Fair Trading"}


def test_entities_initials_must_match_in_order():
    assert initials_match("LDPR", "Liberal Democratic Party of Russia")
    assert initials_match("HP", "Hewlett Packard")
    assert not initials_match("PA", "Authority Palestinian")
    assert not initials_match("NATO", "United Nations")


def test_entities_a_word_in_brackets_is_an_acronym_only_when_it_spells_the_initials():
    assert initials_match("Nato", "North Atlantic Treaty Organisation") and initials_match("G8", "Group of Eight")
    assert initials_match("Nymex", "the New York Mercantile Exchange")
    assert not initials_match("Wales", "Williams") and not initials_match("Australia", "Andrew Cole")


def test_entities_club_after_a_player_in_a_team_list_is_no_acronym():
    doc = doc_with("England: O Barkley (Bath), L Moody (Leicester). Sebastien Bruno (Sale) starts. "
                   "The World Anti-Doping Agency (Wada) appealed.",
                   ("O Barkley", "PERSON"), ("L Moody", "PERSON"), ("Sebastien Bruno", "PERSON"),
                   ("World Anti-Doping Agency", "ORG"))
    assert acronyms(doc) == {"Wada": "World Anti-Doping Agency"}


def test_entities_mentions_carry_title_and_context_cues():
    doc = doc_with("Kazakh President Kassym-Jomart Tokayev praised the film Sideways and the law firm Tods Murray.",
                   ("Kazakh", "NORP"), ("Kassym-Jomart Tokayev", "ORG"), ("Sideways", "GPE"), ("Tods Murray", "PERSON"))
    found = {m.text: m for m in mentions(doc)}
    assert found["Kassym-Jomart Tokayev"].titled and not found["Kazakh"].titled
    assert found["Sideways"].cue == "work" and found["Tods Murray"].cue == "organization"
    assert found["Kazakh"].cue == ""


def test_entities_directed_by_after_a_name_marks_a_work():
    doc = doc_with("House of Flying Daggers, directed by Yimou Zhang, won.", ("House of Flying Daggers", "ORG"))
    assert context_cue(Span(doc, 0, 4)) == "work"


def test_entities_a_role_word_that_also_names_a_kind_of_firm_leaves_the_type_to_the_name():
    from broadsheet.extract.entities import canonicalise

    doc = doc_with("The Dutch broadcaster NOS and the publisher Penguin Random House paid tribute to the veteran "
                   "broadcaster Cyril Fletcher.",
                   ("Dutch", "NORP"), ("NOS", "ORG"), ("Penguin Random House", "ORG"), ("Cyril Fletcher", "PERSON"))
    types = {r.name: r.type for r in canonicalise(mentions(doc))}
    assert types == {"Dutch": "group", "NOS": "organization", "Penguin Random House": "organization", "Cyril Fletcher": "person"}


def test_entities_span_ending_a_longer_name_extends_left_over_x_of_the():
    doc = doc_with("The actor was in Lord of the Rings last year.", ("Rings", "ORG"))
    assert extend_span(doc.ents[0]).text == "Lord of the Rings"
    doc = doc_with("It beat The Phantom of the Opera at the box office.", ("Opera", "ORG"))
    assert extend_span(doc.ents[0]).text == "The Phantom of the Opera"


def test_entities_a_film_title_found_by_extending_left_is_a_work_not_its_last_word():
    doc = doc_with("The actor was in Lord of the Rings last year.", ("Rings", "ORG"))
    assert [(m.text, m.cue) for m in mentions(doc)] == [("Lord of the Rings", "work")]
    doc = doc_with("He banks with the Bank of the West now.", ("West", "ORG"))
    assert [(m.text, m.cue) for m in mentions(doc)] == [("Bank of the West", "")]


def test_entities_x_of_the_is_not_extended_over_roles_counts_people_or_acronyms():
    for text, ent in [("He is Leader of the Commons now.", "Commons"),
                      ("Most of the Democrats agreed.", "Democrats"),
                      ("None of the Tories agreed.", "Tories"),
                      ("said Anne Thompson of the Hollywood Reporter.", "Hollywood Reporter"),
                      ("said Pasquale D'Amuro of the FBI.", "FBI"),
                      ("said Alyona Bondarenko of the Ukraine.", "Ukraine")]:
        doc = doc_with(text, (ent, "ORG"))
        assert extend_span(doc.ents[0]) == doc.ents[0], text


def test_entities_organization_cut_at_and_extends_left_over_its_first_words():
    doc = doc_with("Members of the Public and Commercial Services Union will strike.",
                   ("Commercial Services Union", "ORG"))
    assert extend_span(doc.ents[0]).text == "Public and Commercial Services Union"


def test_entities_and_between_two_names_is_not_one_organization():
    doc = doc_with("He played for Arsenal and Bolton Rugby Union.", ("Arsenal", "ORG"), ("Bolton Rugby Union", "ORG"))
    assert extend_span(doc.ents[1]).text == "Bolton Rugby Union"
    doc = doc_with("Talks with Pact and the UK Film Council failed.", ("the UK Film Council", "ORG"))
    assert extend_span(doc.ents[0]).text == "the UK Film Council"


def test_entities_a_nationality_word_before_a_person_is_a_group_and_the_person_keeps_the_name():
    doc = doc_with("He beat Frenchman Gilles Simon 7-6 6-3 in Marseille.", ("Frenchman Gilles Simon 7-6 6-3", "ORG"))
    found = labelled(mentions(doc))
    assert [(m.text, m.label) for m in found] == [("Frenchman", "NORP"), ("Gilles Simon 7-6 6-3", "ORG")]
    assert found[1].titled
    names = {r.name: r.type for r in canonicalise(found)}
    assert names["Gilles Simon"] == "person" and "Frenchman Gilles Simon" not in names


def test_entities_a_nationality_word_that_starts_an_organization_stays():
    for text, ent in [("They flew British Airways to Rome.", "British Airways"),
                      ("He paid with American Express cards.", "American Express"),
                      ("She read Frances Hodgson Burnett again.", "Frances Hodgson Burnett"),
                      ("He beat Brazilian Ronaldo there.", "Brazilian Ronaldo")]:
        doc = doc_with(text, (ent, "ORG"))
        assert [m.text for m in labelled(mentions(doc))] == [ent], text


def test_entities_a_unit_written_against_its_number_is_no_entity():
    doc = doc_with("A 30GB version costs more than Apple said.", ("GB", "PERSON"), ("Apple", "ORG"))
    assert [m.text for m in mentions(doc)] == ["Apple"]
    doc = doc_with("The 30 GB team won in GB today.", ("GB", "GPE"))
    assert [m.text for m in mentions(doc)] == ["GB"]


def test_entities_a_generic_word_spacy_tagged_apart_still_starts_the_organization():
    doc = doc_with("Staff in the Public and Commercial Services Union will strike.",
                   ("Public", "ORG"), ("Commercial Services Union", "ORG"))
    assert extend_span(doc.ents[1]).text == "Public and Commercial Services Union"


def test_entities_span_cut_at_of_the_extends_over_the_capitalised_words():
    doc = doc_with("Figures from the Office of the Deputy Prime Minister (ODPM) fell.", ("the Office of the", "ORG"))
    assert extend_span(doc.ents[0]).text == "the Office of the Deputy Prime Minister"
    assert acronyms(doc) == {"ODPM": "the Office of the Deputy Prime Minister"}


def test_entities_a_role_word_starting_the_sentence_is_no_part_of_a_persons_name():
    doc = doc_with("The pier is shut. Harbourmaster Ivan Pell said so.", ("Harbourmaster Ivan Pell", "PERSON"))
    names = {r.name: r.type for r in canonicalise(mentions(doc))}
    assert names == {"Ivan Pell": "person"}


def test_entities_a_word_the_article_tags_as_a_group_is_no_part_of_a_persons_name():
    doc = doc_with("It was a safe Tory seat. The youngest was Tory Edward Turnour, aged 21.",
                   ("Tory", "NORP"), ("Tory Edward Turnour", "PERSON"))
    found = [(m.text, m.label) for m in mentions(doc)]
    assert found == [("Tory", "NORP"), ("Tory", "NORP"), ("Edward Turnour", "PERSON")]


def test_entities_a_capitalised_first_word_inside_a_sentence_or_an_organization_stays():
    for text, ent, label in [("He joined New Line Cinema in May.", "New Line Cinema", "ORG"),
                             ("Savers at Axa Sun Life lost.", "Axa Sun Life", "ORG"),
                             ("Axa Sun Life cut bonuses.", "Axa Sun Life", "ORG"),
                             ("They played at the Stade de France.", "Stade de France", "FAC")]:
        doc = doc_with(text, (ent, label))
        assert [m.text for m in mentions(doc)] == [ent], text


def test_entities_an_organization_spacy_cut_in_two_touching_spans_is_one_name_again():
    doc = doc_with("Earlier, Liberal Democrat Paul Tyler said so.",
                   ("Liberal", "ORG"), ("Democrat", "NORP"), ("Paul Tyler", "PERSON"))
    assert [(m.text, m.label) for m in mentions(doc)] == [("Liberal Democrat", "ORG"), ("Paul Tyler", "PERSON")]


def test_entities_touching_spans_of_other_kinds_or_apart_stay_two_names():
    doc = doc_with("Officials from Germany, France and Nokia met. Russian Gazprom staff came.",
                   ("Germany", "GPE"), ("France", "GPE"), ("Nokia", "ORG"), ("Russian", "NORP"), ("Gazprom", "ORG"))
    names = [m.text for m in mentions(doc)]
    assert {"Germany", "France", "Nokia", "Russian", "Gazprom"} <= set(names)


def doc_at(text: str, *ents: tuple[str, str, int]):
    """A blank English Doc whose entities are given as (text, label, occurrence number)."""
    doc = spacy.blank("en")(text)
    spans = []
    for surface, label, nth in ents:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def test_entities_a_left_part_spacy_cut_off_is_restored_where_the_article_writes_the_name_whole():
    doc = doc_at("The Liberal Democrats won seats. A Liberal Democrat MP said so.",
                 ("Liberal Democrats", "NORP", 0), ("Democrat", "NORP", 1))
    names = [m.text for m in labelled(mentions(doc))]
    assert "Liberal Democrat" in names and "Democrat" not in names
    titled = doc_at("Mr Sullivan spoke. Later Mr Sullivan left.",
                    ("Mr Sullivan", "PERSON", 0), ("Sullivan", "PERSON", 1))
    assert [m.text for m in labelled(mentions(titled))] == ["Mr Sullivan", "Sullivan"]  # a title is no left part
    alone = doc_at("A Liberal Democrat MP said so.", ("Democrat", "NORP", 0))  # never written whole here
    assert [m.text for m in labelled(mentions(alone))] == ["Democrat"]
