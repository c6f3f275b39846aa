"""Place names: one page per country whatever it is called, city names respelled only when surely the same place."""

from __future__ import annotations

import pytest

from broadsheet import gazetteer
from broadsheet.entities import Mention, canonicalise, resolve_archive


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


def test_america_keeps_its_own_page_it_is_also_a_continent():
    [ref] = canonicalise([("America", "GPE")])
    assert ref.name == "America"


def test_config_aliases_can_still_choose_the_abbreviation_as_the_page_name():
    refs = {"a": canonicalise([("UK", "GPE")]), "b": canonicalise([("Britain", "GPE")])}
    mapping = resolve_archive(refs, aliases={"UK": ["United Kingdom"]})
    assert set(mapping.values()) == {("UK", "place")}
