"""Headline titles from ledes (shortened by the sentence's parse), and photo captions left in scraped text."""

from __future__ import annotations

import pytest

from broadsheet.extract import headlines
from broadsheet.extract.headlines import MAX_TITLE, OVERRUN, derive_title, find_captions, is_caption

# Hand-written ledes, each too long for a headline, and what the headline must and must not say.
LEDES = [
    ("The harbour board will close the old ferry terminal at Elstow next spring to save money on repairs, the "
     "council's transport committee has said.",
     "The harbour board will close the old ferry terminal at Elstow next spring to save money on repairs", ()),
    ("Margaret Hollis, the retired headteacher who ran Wexcombe primary school for thirty years and founded its "
     "choir, has been named the village's citizen of the year.",
     "Margaret Hollis has been named the village's citizen of the year", ()),
    ("Shares in Elstow Shipping, which owns the last ferry to the islands, fell sharply on Monday after the firm "
     "warned that its profits would halve this year.",
     None, ("Shares in Elstow Shipping fell", "which owns")),
    ("The Bank of England has raised interest rates for the third time this year, in a move that surprised "
     "economists who had expected the rise to come in the spring.",
     "The Bank of England has raised interest rates for the third time this year", ()),
    ("Harbour master Tom Elkins said the storm had broken three moorings (two of them new) and sunk a fishing "
     "boat, after a night in which the lifeboat was called out twice.",
     "Harbour master Tom Elkins said the storm had broken three moorings and sunk a fishing boat", ()),
    ('The mayor of Abbeyfield described the plan to close the market hall on Sundays as "a mistake that the town '
     'will regret for many years to come" at a crowded public meeting on Tuesday evening.',
     None, ("The mayor of Abbeyfield described the plan", '"a mistake')),
]


@pytest.fixture(scope="module")
def titles(nlp):
    """The headlines of LEDES, parsed in one batch (the model loads once per session)."""
    return headlines.derive_titles(nlp, [[lede] for lede, _, _ in LEDES])


@pytest.mark.parametrize("case", range(len(LEDES)))
def test_headlines_long_ledes_keep_subject_verb_and_object_and_lose_asides(titles, case):
    lede, expected, (keep, lose) = LEDES[case][0], LEDES[case][1], (LEDES[case][2] or (None, None))
    title = titles[case]
    assert len(title) <= MAX_TITLE and headlines.structural_breaks(title) == []
    if expected:
        assert title == expected
    if keep:
        assert title.startswith(keep) and lose not in title


def test_headlines_a_quote_is_kept_whole_or_left_out(titles):
    quoted = titles[5]
    assert quoted.count('"') in (0, 2) and "regret for many years" not in quoted.split('"')[0]


def test_headlines_a_lede_that_fits_is_the_headline_whole(nlp):
    lede = "Floods close the  main road into Abbeyfield for the second time this winter."
    assert headlines.derive_titles(nlp, [[lede], None]) == [
        "Floods close the main road into Abbeyfield for the second time this winter", None]


def test_headlines_a_first_paragraph_that_is_no_clause_gives_way_to_the_first_sentence_that_is(nlp):
    candidates = ["Elstow Harbour", "Saturday, 4 March", "The lifeboat crew rescued two fishermen from the sea."]
    assert headlines.derive_titles(nlp, [candidates]) == ["The lifeboat crew rescued two fishermen from the sea"]


def test_headlines_lede_sentences_rejoin_a_sentence_split_after_an_exclamation_mark(nlp):
    doc = nlp("The woman behind the musical Mamma Mia! is to open a theatre in Wexcombe. She said so.\n\nMore.")
    assert headlines.lede_sentences(doc) == [
        "The woman behind the musical Mamma Mia! is to open a theatre in Wexcombe.", "She said so.", "More."]


def test_headlines_without_a_parser_a_long_lede_is_cut_outside_quotes_and_never_on_a_small_word():
    lede = ('Councillors in the northern market town of Abbeyfield have approved "a plan for the restoration of the '
            'old corn exchange building" on the square')
    title = derive_title(lede)
    assert len(title) <= MAX_TITLE + OVERRUN and lede.startswith(title) and headlines.structural_breaks(title) == []


@pytest.mark.parametrize("title, broken", [
    ("Charles Kennedy has told voters his party will offer them an \"honest", ["unbalanced quote or bracket"]),
    ("The US government is to investigate two airlines- US Airways", ["hyphen glued to one word only"]),
    ("Tony Blair says his personal standing in the eyes of", ["ends on a function word"]),
    ("The Belgian sports minister at the centre,", ["trailing comma"]),
    ("Details of the Xbox console will be unveiled in May", []),
    ("Fans are queueing to see the band's (sold-out) show", []),
])
def test_headlines_structural_breaks_are_found_by_rule(title, broken):
    assert headlines.structural_breaks(title) == broken


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


def test_headlines_a_title_given_in_a_markdown_seed_is_kept(project):
    lede = ("The harbour board will close the old ferry terminal at Elstow next spring to save money on repairs, "
            "the council's transport committee has said on Tuesday after a long meeting.")
    project.seed("given.md", f"---\ntitle: Ferry terminal to shut\ndate: 2022-03-01\n---\n\n{lede}\n")
    project.seed("dated.txt", f" date 2022-03-02 {lede}\n")
    project.build()
    titles = sorted(line for p in project.content.glob("*.md") for line in p.read_text().splitlines()
                    if line.startswith("title:"))
    assert titles == ["title: Ferry terminal to shut",
                      "title: The harbour board will close the old ferry terminal at Elstow next spring to save money "
                      "on repairs"]
