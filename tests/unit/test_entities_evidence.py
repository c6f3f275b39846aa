"""The evidence the scorer weighs: context cues around mentions, spaCy's labels across them, head words; and
what the committed weights make of it (works and products are not indexed)."""

from __future__ import annotations

import spacy

from broadsheet.core.data import EntityRef
from broadsheet.extract import evidence, scorer
from broadsheet.extract.entity_types import is_thing_noun, is_work_head


BLANK = spacy.blank("en")
BLANK.add_pipe("sentencizer")


def doc_with(text: str, *ents: tuple[str, str]):
    """A blank English Doc, cut into sentences, whose entities are the first occurrence of each (text, label)."""
    doc = BLANK(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def signals(doc, name: str, kind: str, mentions: int = 1) -> dict[str, float]:
    ref = EntityRef(name, kind, mentions)
    return evidence.gather(doc, (ref,))[0]


def test_a_work_or_product_noun_near_a_name_is_a_cue():
    assert signals(doc_with("Critics praised the film Sideways last week.", ("Sideways", "ORG")),
                   "Sideways", "organization")["cue:thing_near"] == 1.0
    assert signals(doc_with("He had two albums, Confessions among them.", ("Confessions", "ORG")),
                   "Confessions", "organization")["cue:thing_near"] == 1.0
    assert signals(doc_with("It will replace cables for its Xbox consoles.", ("Xbox", "ORG")),
                   "Xbox", "organization")["cue:thing_near"] == 1.0
    assert "cue:thing_near" not in signals(doc_with("Shares in Burberry rose on Monday.", ("Burberry", "ORG")),
                                           "Burberry", "organization")


def test_a_work_noun_in_the_sentence_before_is_no_cue():
    doc = doc_with("I loved the film. Sideways won.", ("Sideways", "ORG"))
    assert "cue:thing_near" not in signals(doc, "Sideways", "organization")


def test_names_listed_together_carry_each_others_labels():
    doc = doc_with("Bono, The Edge and Adam Clayton were inducted.", ("Bono", "GPE"), ("The Edge", "PERSON"),
                   ("Adam Clayton", "PERSON"))
    assert signals(doc, "Bono", "place")["cue:beside:PERSON"] == 1.0
    alone = doc_with("Bono was there. Later The Edge spoke.", ("Bono", "GPE"), ("The Edge", "PERSON"))
    assert "cue:beside:PERSON" not in signals(alone, "Bono", "place")


def test_a_name_inside_a_longer_product_name_and_spacys_work_labels_are_evidence():
    doc = doc_with("Its Xbox has sold well, and games are playable over Xbox Live.", ("Xbox Live", "PRODUCT"),
                   ("Xbox", "ORG"))
    assert signals(doc, "Xbox", "organization")["inside_thing"] == 1.0
    labelled = doc_with("Halo 2 sold well. Halo sold more.", ("Halo", "WORK_OF_ART"))
    found = signals(labelled, "Halo", "organization")
    assert found["share:thing"] == 1.0 and found["share:not_person_org"] == 1.0


def test_laws_and_awards_are_known_by_their_head_word():
    assert is_work_head("Sarbanes-Oxley Act") and is_work_head("Billboard's Century Award")
    assert is_work_head("Prevention of Terrorism Bill") and is_work_head("Brit Awards")
    assert not is_work_head("Act") and not is_work_head("Actors Studio")
    assert is_thing_noun("consoles") and is_thing_noun("film") and not is_thing_noun("shares")


def test_the_committed_scorer_is_less_sure_of_a_product_than_of_a_firm():
    product = doc_with("It will replace cables for its Xbox consoles.", ("Xbox", "ORG"))
    firm = doc_with("Shares in Xbox rose after Xbox said profits grew.", ("Xbox", "ORG"))
    as_product = scorer.probabilities(signals(product, "Xbox", "organization"))
    as_firm = scorer.probabilities(signals(firm, "Xbox", "organization"))
    assert as_product[scorer.NONE] > as_firm[scorer.NONE]


def test_the_committed_scorer_drops_a_law_named_by_its_head_word():
    doc = doc_with("The rules are the result of the Sarbanes-Oxley Act, passed in 2002.",
                   ("Sarbanes-Oxley Act", "LAW"))
    (decided,) = scorer.decide((EntityRef("Sarbanes-Oxley Act", "organization", 1),),
                               [signals(doc, "Sarbanes-Oxley Act", "organization")])
    assert decided.confidence < 0.5  # kept in the front matter, but no page
