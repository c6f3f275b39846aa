"""Incremental rebuilds at the shapes a big archive has: an entity whose articles fill one more page, an A–Z
letter that spills onto a second page, related stories that change rank. Each rebuild must give the bytes a
clean build of the same content gives."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from tests.sample_archive import article

CONFIG = "title: Shapes\nbase_url: https://example.org/\nsearch: false\npage_size: 3\nindex_page_size: 2\n"


def write(project, slug: str, day: int, entities: list[tuple[str, str]], words: str = "") -> None:
    """A content file dated `day` days after 2022-01-01 whose body names each of its entities."""
    names = ", ".join(name for name, _ in entities)
    body = f"Report {slug} names {names}. {words}".strip()
    project.content.mkdir(exist_ok=True)
    (project.content / f"{slug}.md").write_text(
        article(slug, f"Report {slug}", dt.date(2022, 1, 1) + dt.timedelta(days=day), body, entities),
        encoding="utf-8")


def assert_same_as_clean(project, tmp_path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(project.root, clean, ignore=shutil.ignore_patterns("site", ".broadsheet"))
    from tests.conftest import Project

    fresh = Project(clean, project.nlp)
    fresh.build(extract_content=False)
    built, expected = project.files("site"), fresh.files("site")
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []


def numbered_pages(project, folder: str) -> list[str]:
    return sorted(p.parent.name for p in (project.site / folder / "page").glob("*/index.html"))


def test_an_entity_that_fills_one_more_page_gets_it_and_loses_it_like_a_clean_build(project, tmp_path):
    project.config(CONFIG)
    for i in range(6):  # Ada in 6 articles: two full numbered pages of 3
        write(project, f"ada-{i}", 10 * i, [("Ada Lovelace", "person"), ("London", "place")])
    project.build(extract_content=False)
    assert numbered_pages(project, "people/ada-lovelace") == ["1", "2"]

    write(project, "ada-6", 5, [("Ada Lovelace", "person")])  # an older story: every later page shifts by one
    project.build(extract_content=False)
    assert numbered_pages(project, "people/ada-lovelace") == ["1", "2"]
    assert "Report ada-6" in project.page("people/ada-lovelace/page/1/index.html")
    assert_same_as_clean(project, tmp_path)

    for i in (7, 8):  # nine articles: a third numbered page
        write(project, f"ada-{i}", 100 + i, [("Ada Lovelace", "person")])
    project.build(extract_content=False)
    assert numbered_pages(project, "people/ada-lovelace") == ["1", "2", "3"]
    assert_same_as_clean(project, tmp_path)

    (project.content / "ada-0.md").unlink()  # back across the boundary: the third page goes
    project.build(extract_content=False)
    assert numbered_pages(project, "people/ada-lovelace") == ["1", "2"]
    assert not (project.site / "people/ada-lovelace/page/3/index.html").exists()
    assert_same_as_clean(project, tmp_path)


def test_a_letter_of_the_index_that_spills_onto_a_second_page(project, tmp_path):
    project.config(CONFIG)
    write(project, "one", 1, [("Berlin", "place"), ("Bonn", "place")])
    project.build(extract_content=False)
    assert not (project.site / "places/by-letter/b/page/2/index.html").exists()

    write(project, "two", 2, [("Bremen", "place")])  # three B places, two to a page
    project.build(extract_content=False)
    assert "Bremen" in project.page("places/by-letter/b/page/2/index.html")
    assert_same_as_clean(project, tmp_path)

    (project.content / "two.md").unlink()
    project.build(extract_content=False)
    assert not (project.site / "places/by-letter/b/page/2/index.html").exists()
    assert_same_as_clean(project, tmp_path)


def related_titles(project, slug: str) -> list[str]:
    page = project.page(f"articles/{slug}/index.html")
    block = page.split('<ul class="related">', 1)[1].split("</ul>", 1)[0] if '<ul class="related">' in page else ""
    return re.findall(r"Report [\w-]+", block)


def test_related_stories_change_rank_when_a_closer_story_arrives_or_leaves(project, tmp_path):
    project.config(CONFIG)
    common = [("United Kingdom", "place")]
    write(project, "focus", 50, [("Ada Lovelace", "person"), ("Grace Hopper", "person"), ("Rare Society", "organization")]
          + common)
    write(project, "near", 40, [("Ada Lovelace", "person")] + common)
    for i in range(6):  # the common entity everywhere, so it weighs little
        write(project, f"filler-{i}", i, common + [(f"Town {chr(65 + i)}", "place")])
    project.build(extract_content=False)
    before = related_titles(project, "focus")
    assert before[0] == "Report near"

    write(project, "closer", 60, [("Grace Hopper", "person"), ("Rare Society", "organization")] + common)
    project.build(extract_content=False)
    after = related_titles(project, "focus")
    assert after[:2] == ["Report closer", "Report near"]  # shares the two rare names: first now
    assert_same_as_clean(project, tmp_path)

    (project.content / "closer.md").unlink()
    project.build(extract_content=False)
    assert related_titles(project, "focus") == before
    assert_same_as_clean(project, tmp_path)


def write_with_confidence(project, slug: str, day: int, body: str, entities: list[tuple[str, str, float]]) -> None:
    """A content file as extraction writes it (with its checksum: not an edit, whose confidences would stand)."""
    from broadsheet.content.write import document

    meta = {"title": f"Report {slug}", "date": dt.date(2022, 1, 1) + dt.timedelta(days=day), "slug": slug,
            "summary": body.split(". ")[0] + ".",
            "entities": [{"name": n, "type": t, "mentions": 1, "confidence": c} for n, t, c in entities]}
    project.content.mkdir(exist_ok=True)
    (project.content / f"{slug}.md").write_text(document(meta, body), encoding="utf-8")


def test_the_archives_lower_case_evidence_follows_every_added_edited_and_removed_article(project, tmp_path):
    """Whether `Media` is an entity depends on how often the archive writes `media` in lower case: the counts
    kept between builds must follow each change exactly as a clean build counts them."""
    project.config(CONFIG)
    write_with_confidence(project, "one", 1, "Media shares rose. Media said so.",
                          [("Media", "organization", 0.5), ("Ada Lovelace", "person", 1.0)])
    project.build(extract_content=False)
    assert (project.site / "organizations/media/index.html").exists()

    write_with_confidence(project, "two", 2, "The media said the media was wrong.", [("Ada Lovelace", "person", 1.0)])
    project.build(extract_content=False)
    assert not (project.site / "organizations/media/index.html").exists()  # mostly written in lower case
    assert_same_as_clean(project, tmp_path)

    write_with_confidence(project, "two", 2, "The press said the press was wrong.", [("Ada Lovelace", "person", 1.0)])
    project.build(extract_content=False)
    assert (project.site / "organizations/media/index.html").exists()
    assert_same_as_clean(project, tmp_path)

    write_with_confidence(project, "three", 3, "Social media and news media.", [("Ada Lovelace", "person", 1.0)])
    project.build(extract_content=False)
    assert not (project.site / "organizations/media/index.html").exists()
    (project.content / "three.md").unlink()
    project.build(extract_content=False)
    assert (project.site / "organizations/media/index.html").exists()
    assert_same_as_clean(project, tmp_path)


def entity_folders(project, kind: str, word: str) -> list[str]:
    return sorted(p.name for p in (project.site / kind).glob(f"*{word}*") if (p / "index.html").exists())


def test_an_added_article_flips_a_type_vote_and_a_removed_one_flips_it_back(project, tmp_path):
    """The archive-wide type vote is decided from the kept tallies: two more articles calling a name an
    organization outvote the two that call it a group, and taking them away gives the group back."""
    project.config(CONFIG)
    write_with_confidence(project, "one", 1, "Tiscali said so.", [("Tiscali", "group", 1.0)])
    write_with_confidence(project, "two", 2, "Tiscali said so again.", [("Tiscali", "group", 1.0)])
    write_with_confidence(project, "three", 3, "Tiscali shares rose.", [("Tiscali", "organization", 1.0)])
    project.build(extract_content=False)
    assert entity_folders(project, "groups", "tiscali") and not entity_folders(project, "organizations", "tiscali")

    write_with_confidence(project, "four", 4, "Tiscali shares fell.", [("Tiscali", "organization", 1.0)])
    write_with_confidence(project, "five", 5, "Tiscali shares fell again.", [("Tiscali", "organization", 1.0)])
    project.build(extract_content=False)
    assert entity_folders(project, "organizations", "tiscali") and not entity_folders(project, "groups", "tiscali")
    assert_same_as_clean(project, tmp_path)

    (project.content / "five.md").unlink()
    (project.content / "four.md").unlink()
    project.build(extract_content=False)
    assert entity_folders(project, "groups", "tiscali") and not entity_folders(project, "organizations", "tiscali")
    assert_same_as_clean(project, tmp_path)


def test_a_surname_joins_leaves_and_rejoins_a_full_name_as_namesakes_come_and_go(project, tmp_path):
    """`Blair` joins the one `… Blair` of the archive; a second one, in an added article, leaves it on its own
    page (neither dominates); the article removed, it joins again. Each from the kept tallies."""
    project.config(CONFIG)
    write_with_confidence(project, "one", 1, "Tony Blair spoke.", [("Tony Blair", "person", 1.0)])
    write_with_confidence(project, "two", 2, "Blair spoke again.", [("Blair", "person", 1.0)])
    project.build(extract_content=False)
    assert entity_folders(project, "people", "blair") == [name for name in entity_folders(project, "people", "tony")]

    write_with_confidence(project, "three", 3, "Cherie Blair spoke.", [("Cherie Blair", "person", 1.0)])
    project.build(extract_content=False)
    assert len(entity_folders(project, "people", "blair")) == 3  # Blair, Tony Blair, Cherie Blair
    assert_same_as_clean(project, tmp_path)

    (project.content / "three.md").unlink()
    project.build(extract_content=False)
    assert len(entity_folders(project, "people", "blair")) == 1
    assert_same_as_clean(project, tmp_path)


@pytest.mark.parametrize("name, own, confidence, others", [
    # how often the archive writes `media` in lower case
    ("Media", "Media shares rose.", 0.5, "The media said the media was wrong."),
    # what stands around `Windows` elsewhere: always a capitalised word after it, part of longer names
    ("Windows", "Windows sold well.", 0.55, "Windows XP and Windows Vista and Windows Media."),
])
def test_an_entity_crosses_the_confidence_bar_when_only_other_articles_change(project, tmp_path, name, own,
                                                                              confidence, others):
    """A one-word name in an article nobody touches: its confidence reads the archive's evidence about its word,
    so articles that only write that word take its page away and give it back (the article is weighed again
    though its file did not change)."""
    project.config(CONFIG)
    word = name.lower()
    write_with_confidence(project, "one", 1, own, [(name, "organization", confidence)])
    project.build(extract_content=False)
    assert entity_folders(project, "organizations", word)

    for i in range(3):
        write_with_confidence(project, f"other-{i}", 2 + i, others, [])
    project.build(extract_content=False)
    assert not entity_folders(project, "organizations", word)
    assert_same_as_clean(project, tmp_path)

    for i in range(3):
        (project.content / f"other-{i}.md").unlink()
    project.build(extract_content=False)
    assert entity_folders(project, "organizations", word)
    assert_same_as_clean(project, tmp_path)
