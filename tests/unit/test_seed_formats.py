"""The plain-text seed formats: `date YYYY-MM-DD lede…`, and title-first text."""

from __future__ import annotations

import datetime as dt

import pytest

from broadsheet.core.diagnostics import Diagnostics
from broadsheet.extract.seeds import read_seed


def read(tmp_path, text: str):
    path = tmp_path / "seed.txt"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics(echo=False)
    return read_seed(path, "seeds/seed.txt", diagnostics, 10**6), diagnostics.items


@pytest.mark.parametrize("start", ["date 2023-05-03 ", "date: 2023-05-03 ", "Date:2023-05-03 ", " date  2023-05-03\n"])
def test_the_dated_format_is_read_with_or_without_a_colon(tmp_path, start):
    seed, warnings = read(tmp_path, start + "Olaf Scholz met farmers in Kherson.\n")
    assert warnings == [] and seed.date == dt.date(2023, 5, 3) and seed.title is None
    assert seed.body.strip() == "Olaf Scholz met farmers in Kherson."


@pytest.mark.parametrize("headline", ["Date set for the vote on the budget", "Date: 12 May set for vote"])
def test_a_headline_that_starts_with_the_word_date_stays_a_headline(tmp_path, headline):
    seed, warnings = read(tmp_path, headline + "\n\nMinisters agreed on a date in May.\n")
    assert warnings == [] and seed.date is None and seed.title == headline


def test_html_character_references_left_in_a_text_seed_are_decoded(tmp_path):
    seed, warnings = read(tmp_path, "Caf&#233; chain sold\n\nThe chain was sold for &#163;1.8m to Marks &amp; Spencer "
                                    "by Jos&eacute; Ruiz.\n")
    assert warnings == [] and seed.title == "Café chain sold"
    assert seed.body.strip() == "The chain was sold for £1.8m to Marks & Spencer by José Ruiz."


def test_a_reference_to_a_control_character_or_to_nothing_known_stays_as_written(tmp_path):
    seed, _ = read(tmp_path, "Codes\n\nThe codes &#0; &#27; &#x1b; and &madeup; stay as they were.\n")
    assert seed.body.strip() == "The codes &#0; &#27; &#x1b; and &madeup; stay as they were."
