"""The archive vouches for a name: one its other articles index wherever they write it is linked in an article
whose own extraction missed it (README, "Entities the archive vouches for"); an edited article keeps its own."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from broadsheet.content.write import document
from broadsheet.core.text import written_name_counts, written_names

ARSENAL_WINS = [
    ("arsenal-win-at-home", "Arsenal beat Everton 2-1 at home. The fans cheered Arsenal all afternoon."),
    ("arsenal-top-the-league", "Fans of Arsenal celebrated as the club went top after a draw with Chelsea."),
    ("arsenal-sign-a-striker", "The striker joined Arsenal on Friday after a medical in London."),
]
MISSED = ("wenger-given-funds", "Arsenal boss Arsene Wenger has been given money to spend this summer.")


def _write(project, slug: str, body: str, entities: list[tuple[str, str]], day: int, edited: bool = False) -> None:
    """A content file as a build writes it (a checksum: not edited), or one a person changed."""
    meta = {"title": slug.replace("-", " ").capitalize(), "date": dt.date(2024, 3, day), "slug": slug,
            "summary": body.split(". ")[0] + ".",
            "entities": [{"name": name, "type": kind, "mentions": 1, "confidence": 0.95} for name, kind in entities]}
    text = document(meta, body)
    if edited:
        text = text.replace("\nchecksum: ", "\nnote: checked by the desk\nchecksum: ", 1)
    project.content.mkdir(parents=True, exist_ok=True)
    (project.content / f"{slug}.md").write_text(text, encoding="utf-8")


def _archive(project, edited: bool = False) -> None:
    for day, (slug, body) in enumerate(ARSENAL_WINS, start=1):
        _write(project, slug, body, [("Arsenal", "organization")], day)
    _write(project, MISSED[0], MISSED[1], [("Arsene Wenger", "person")], 10, edited)


def test_a_name_the_archive_indexes_wherever_it_is_written_is_linked_where_the_extraction_missed_it(project):
    _archive(project)
    before = (project.content / f"{MISSED[0]}.md").read_bytes()
    project.build(extract_content=False)
    arsenal = project.page("organizations/arsenal/index.html")
    assert "Wenger given funds" in arsenal  # the article is listed on the club's page
    assert "organizations/arsenal/" in project.page(f"articles/{MISSED[0]}/index.html")
    assert (project.content / f"{MISSED[0]}.md").read_bytes() == before  # its front matter is left as it was
    assert project.entity_folders("arsenal") == ["organizations"]


def test_an_article_a_person_edited_keeps_exactly_the_entities_they_left_in_it(project):
    _archive(project, edited=True)
    project.build(extract_content=False)
    assert "Wenger given funds" not in project.page("organizations/arsenal/index.html")
    assert "organizations/arsenal/" not in project.page(f"articles/{MISSED[0]}/index.html")


def test_a_name_indexed_in_one_article_only_or_in_few_of_the_texts_writing_it_is_not_vouched_for(project):
    _write(project, "arsenal-win-at-home", ARSENAL_WINS[0][1], [("Arsenal", "organization")], 1)
    _write(project, MISSED[0], MISSED[1], [("Arsene Wenger", "person")], 10)
    project.build(extract_content=False)
    assert "Wenger given funds" not in project.page("organizations/arsenal/index.html")

    for day in range(11, 16):  # `Arsenal` now written in seven texts, indexed in two of them
        _write(project, f"gunners-note-{day}", f"Arsenal fans queued on day {day} for tickets.", [], day)
    _write(project, "arsenal-top-the-league", ARSENAL_WINS[1][1], [("Arsenal", "organization")], 2)
    project.build(extract_content=False)
    assert "Wenger given funds" not in project.page("organizations/arsenal/index.html")


def test_adding_the_article_that_vouches_for_a_name_links_it_in_an_older_article_as_a_clean_build_does(project,
                                                                                                        tmp_path):
    _write(project, MISSED[0], MISSED[1], [("Arsene Wenger", "person")], 10)
    for day, (slug, body) in enumerate(ARSENAL_WINS[:2], start=1):
        _write(project, slug, body, [("Arsenal", "organization")], day)
    project.build(extract_content=False)
    _write(project, *ARSENAL_WINS[2], [("Arsenal", "organization")], 3)
    result, _ = project.build(extract_content=False)
    assert f"articles/{MISSED[0]}/index.html" in result.written  # its entities changed: its page too
    incremental = project.files()
    for path in project.site.rglob("*"):
        if path.is_file():
            path.unlink()
    project.build(extract_content=False)
    assert project.files() == incremental


def test_the_names_a_text_writes_are_its_runs_of_capitals_with_the_sentence_s_first_word_left_off_too():
    names = written_names("But Arsenal boss Arsene Wenger said the Six Nations mattered. The Killers played the "
                          "House of Commons on BBC Radio 4; eBay's Tony Blair-era deal.")
    assert names[:4] == ("But Arsenal", "Arsenal", "Arsene Wenger", "Six Nations")
    assert {"Killers", "House of Commons", "BBC Radio 4", "eBay"} <= set(names)
    assert "The Killers" not in names and "Radio 4" not in names
    counts = written_name_counts("Arsenal won. The fans cheered Arsenal. But Arsenal lost the Arsenal Cup.")
    assert counts["Arsenal"] == 3 and counts["Arsenal Cup"] == 1  # each time it is written as a whole name


def test_a_found_entity_counts_its_mentions_in_the_article_as_its_page_lists_them(project):
    _archive(project)
    _write(project, MISSED[0], MISSED[1] + " Arsenal want a striker. Fans said Arsenal must spend.",
           [("Arsene Wenger", "person")], 10)
    project.build(extract_content=False)
    sidebar = project.page(f"articles/{MISSED[0]}/index.html").split('id="in-this-story"', 1)[1]
    assert re.search(r'organizations/arsenal/[^>]*>Arsenal</a>\s*<span class="count">3</span>', sidebar)


def test_the_front_matter_of_a_built_content_file_lists_only_what_its_own_extraction_found(project):
    """The archive's finds live in the site, not in content/: a person reads and corrects what spaCy found."""
    _archive(project)
    project.build(extract_content=False)
    meta = yaml.safe_load((project.content / f"{MISSED[0]}.md").read_text(encoding="utf-8").split("---")[1])
    assert [e["name"] for e in meta["entities"]] == ["Arsene Wenger"]
