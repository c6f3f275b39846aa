"""Capitalised names spaCy gave no span become candidates, on blank docs with hand-made entities."""

from __future__ import annotations

from broadsheet.extract.entities import Named, merge_partial_names
from broadsheet.extract.spans import UNLABELLED, entity_spans

from .test_entities_doc import doc_with


def left_out(doc) -> list[str]:
    return [span.text for span in entity_spans(doc) if span.label_ == UNLABELLED]


def test_spans_a_capitalised_name_inside_a_sentence_is_a_candidate_without_a_label():
    doc = doc_with("The points went to Arsenal after a long night.", sentences=True)
    assert left_out(doc) == ["Arsenal"]


def test_spans_words_opening_a_sentence_or_a_line_are_no_candidates():
    doc = doc_with("Yesterday the side lost. Chelsea won.\nResults follow below.", sentences=True)
    assert left_out(doc) == []


def test_spans_stop_words_titles_months_and_days_are_no_candidates():
    doc = doc_with("He said that In March and on Monday Mr Jones would speak.", sentences=True)
    assert left_out(doc) == ["Jones"]


def test_spans_a_name_is_joined_across_a_connector_between_two_name_words():
    doc = doc_with("Shares rose after the Bank of England met.", sentences=True)
    assert left_out(doc) == ["Bank of England"]


def test_spans_the_rest_of_a_name_spacy_cut_short_is_left_to_the_span():
    doc = doc_with("Fighting around Donetsk Oblast went on, said Kyiv.", ("Donetsk", "GPE"), ("Kyiv", "GPE"),
                   sentences=True)
    assert left_out(doc) == []
    assert [span.text for span in entity_spans(doc)] == ["Donetsk", "Kyiv"]


def test_spans_are_kept_with_the_doc_and_worked_out_once():
    doc = doc_with("The points went to Arsenal after a long night.", sentences=True)
    assert entity_spans(doc) is entity_spans(doc)


def test_spans_a_place_written_with_its_division_word_joins_the_place_the_article_names():
    named = [Named("Donetsk", "place", "Donetsk", False), Named("Donetsk Oblast", "organization", "Donetsk Oblast", False),
             Named("Kent County", "organization", "Kent County", False)]
    merged = merge_partial_names(named)
    assert [(n.name, n.kind) for n in merged] == [("Donetsk", "place"), ("Donetsk", "place"),
                                                  ("Kent County", "organization")]
