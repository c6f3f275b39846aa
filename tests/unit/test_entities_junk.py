"""Entity rules that keep junk and mistyped names off the archive's pages: hand-made mentions, no model needed."""

from __future__ import annotations

from collections import Counter

import pytest

from broadsheet.entities import canonicalise
from broadsheet.entity_types import decide_type


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
