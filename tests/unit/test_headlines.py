"""Headline titles from ledes, and photo captions left in scraped text."""

from __future__ import annotations

import pytest

from broadsheet.extract.headlines import MAX_TITLE, derive_title, find_captions, is_caption

LEDES = [
    ("Kremlin spokesman Dmitry Peskov said the official date for the accession of occupied territories to the "
     "Russian Federation will be announced shortly.",
     "Kremlin spokesman Dmitry Peskov said the official date for the accession of occupied territories"),
    ("The harbour master of Port Elstow said the storm had broken three moorings, after a night in which the "
     "lifeboat was called out twice and the ferry stayed in port.",
     "The harbour master of Port Elstow said the storm had broken three moorings"),
    ("A retired teacher from Wexcombe has walked the entire length of the coast path in ninety days to raise "
     "money for the village hospice and its new garden.",
     "A retired teacher from Wexcombe has walked the entire length of the coast path in ninety days"),
]


@pytest.mark.parametrize("lede, title", LEDES)
def test_headlines_long_ledes_are_cut_at_a_clause_or_phrase_keeping_the_subject(lede, title):
    assert derive_title(lede) == title


def test_headlines_never_cut_mid_word_or_end_on_a_small_word():
    lede = ("Councillors in the northern market town of Abbeyfield have approved a plan for the restoration of the "
            "old corn exchange building on the square")
    title = derive_title(lede)
    assert len(title) <= MAX_TITLE and lede.startswith(title)
    assert lede[len(title)] == " " and title.split()[-1] not in {"of", "the", "for", "on", "a"}


def test_headlines_short_lede_is_kept_whole_without_its_full_stop():
    assert derive_title("Floods close the  main road.") == "Floods close the main road"


SEED_LIKE = [
    "Officials met on Monday to discuss the new bridge.",
    "A military vehicle drives through a street with a billboard, eastern Ukraine, Thursday, September 22, 2022",
    "A heavily armed guard stands outside a polling station in the old town hall",
    "People cast their votes in a referendum in Donetsk on September 25, 2022",
    "“We will inform you in good time.”",
    "The council said the work would finish in May. It did not say what it would cost.",
    "Background",
    "The men's 800m went to form in Sheffield as",
]


def test_headlines_captions_are_unfinished_single_sentences_after_the_lede():
    assert find_captions(SEED_LIKE) == SEED_LIKE[1:4]


@pytest.mark.parametrize("paragraph", ["- Spend three years on probation \n - Pay a fine", "Barcelona, Porto",
                                       "and the rest of it went on without a pause for breath at all"])
def test_headlines_lists_short_lines_and_lower_case_fragments_are_not_captions(paragraph):
    assert not is_caption(paragraph)
