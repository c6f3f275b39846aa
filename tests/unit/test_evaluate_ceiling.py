"""The ceiling `python -m broadsheet.evaluate` prints: what a perfect keep-or-drop decision could reach over the
entity layer's candidates, by name with the candidate's type and by name with any type."""

from __future__ import annotations

from broadsheet.core.data import EntityRef
from broadsheet.evaluate import Ceiling, ceiling, format_table, score


def test_the_ceiling_counts_gold_entities_among_the_candidates_by_name_and_by_type():
    gold = [(EntityRef("Tony Blair", "person", 1), EntityRef("Everton", "organization", 1),
             EntityRef("Cardiff", "place", 1), EntityRef("Kelly Holmes", "person", 1))]
    candidates = [(EntityRef("Tony Blair", "person", 3), EntityRef("Everton", "person", 2),  # found, typed wrong
                   EntityRef("Media", "organization", 1))]  # Cardiff and Kelly Holmes never proposed
    found = ceiling(gold, candidates)
    assert (found.typed, found.named) == (0.25, 0.5)
    assert round(Ceiling.f1(found.named), 3) == 0.667  # a perfect decision keeps no wrong candidate
    table = format_table({"articles": 1, "raw spaCy": score(gold, candidates), "Broadsheet": score(gold, candidates),
                          "ceiling": found})
    assert "recall 0.250 with their types (F1 0.400), 0.500 with the right types (F1 0.667)" in table
