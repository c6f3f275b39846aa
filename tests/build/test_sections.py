"""Sections: sub-folders of seeds/ or a `section` field give each section a paginated page, a feed and a place in
the navigation; config.yaml titles and orders them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import UserError
from broadsheet.extract import frontmatter
from tests.linkcheck import broken_links
from tests.sample_archive import article

ATOM = "{http://www.w3.org/2005/Atom}"


def nav_titles(html: str) -> list[str]:
    nav = html[html.index('<nav aria-label="Sections">'): html.index("</nav>")]
    return [part.split("</a>")[0].split(">")[-1] for part in nav.split("<li>")[1:]]


def test_sub_folders_of_seeds_become_sections_carried_into_front_matter(project):
    project.seed("business/mill.txt", "date 2023-05-02 The Harrow Mill in Eldmouth will close in June, said "
                                      "its owner Petra Vance.\n")
    project.seed("sport/final.txt", "date 2023-06-10 Eldmouth Rovers won the county final against Kessing "
                                    "on Saturday.\n")
    project.seed("loose.txt", "date 2023-06-12 The council of Eldmouth met on Monday.\n")
    result, diagnostics = project.build()
    assert diagnostics.items == []
    sections = {}
    for path in project.content.glob("*.md"):
        meta, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        sections[meta["source"]] = meta.get("section")
    assert sections == {"seeds/business/mill.txt": "business", "seeds/sport/final.txt": "sport", "seeds/loose.txt": None}
    business = project.page("sections/business/index.html")
    assert "Harrow Mill" in business and "Rovers" not in business and "<h1>Business</h1>" in business
    assert nav_titles(project.page("index.html"))[:3] == ["Business", "Sport", "Archive"]
    feed = ET.fromstring((project.site / "sections/sport/feed.xml").read_bytes())
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == [
        project.page("sections/sport/index.html").split("<h3><a")[1].split(">")[1].split("<")[0]]
    mill = next(p for p in (project.site / "articles").glob("*/index.html") if "Harrow Mill" in p.read_text())
    assert '<p class="kicker" data-pagefind-ignore><a href="../../sections/business/index.html">Business</a>' \
        in mill.read_text()
    assert broken_links(project.site) == []


@pytest.fixture
def sectioned(project):
    """Seven articles in front matter sections (no NLP): five in 'Local news', two in 'Sport'."""
    project.content.mkdir()
    for i in range(7):
        section = "Sport" if i % 3 == 1 else "Local news"
        text = article(f"story-{i}", f"Story number {i}", dt.date(2022, 1, 1) + dt.timedelta(days=i),
                       f"Story {i} happened in Eldmouth.", [("Eldmouth", "place")], section=section)
        (project.content / f"story-{i}.md").write_text(text, encoding="utf-8")
    return project


def test_section_pages_are_paginated_newest_first(sectioned):
    sectioned.config("title: T\nbase_url: https://example.org/\nsearch: false\npage_size: 2\n")
    sectioned.build(extract_content=False)
    landing = sectioned.page("sections/local-news/index.html")
    assert "<h1>Local news</h1>" in landing and "5 articles" in landing
    assert landing.index("Story number 6") < landing.index("Story number 5")
    assert "Story number 1" not in landing
    assert "Story number 0" in sectioned.page("sections/local-news/page/1/index.html")
    assert broken_links(sectioned.site) == []


def test_config_names_and_orders_sections(sectioned):
    sectioned.build(extract_content=False)
    assert '>Sport</a></p>' in sectioned.page("articles/story-1/index.html")
    sectioned.config("title: T\nbase_url: https://example.org/\nsearch: false\n"
                     "sections:\n  sport: Sport and leisure\n  local-news: Around town\n")
    _, diagnostics = sectioned.build(extract_content=False)
    assert diagnostics.items == []
    home = sectioned.page("index.html")
    assert nav_titles(home)[:2] == ["Sport and leisure", "Around town"]
    assert "<h1>Around town</h1>" in sectioned.page("sections/local-news/index.html")
    story = sectioned.page("articles/story-1/index.html")
    assert '>Sport and leisure</a></p>' in story  # a new title reaches pages built before


def test_a_section_without_a_title_is_a_config_error_naming_the_line(tmp_path):
    (tmp_path / "config.yaml").write_text("title: T\nsections:\n  sport: [1, 2]\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"config.yaml:2: sections 'sport' must have a title"):
        load_config(tmp_path / "config.yaml")


def test_a_later_build_keeps_sections_authors_and_addresses_of_unchanged_articles(sectioned):
    """Unchanged content files are not parsed again: what the build remembers of them includes their section,
    authors and original address."""
    text = article("signed", "A signed story", dt.date(2022, 2, 1), "Signed in Eldmouth.", [("Eldmouth", "place")],
                   authors=["Mary Somerville"], section="Sport")
    text = text.replace("section: Sport", "section: Sport\nsource_url: https://example.net/signed")
    (sectioned.content / "signed.md").write_text(text, encoding="utf-8")
    sectioned.build(extract_content=False)
    (sectioned.content / "later.md").write_text(
        article("later", "A later story", dt.date(2022, 3, 1), "Later in Eldmouth.", [("Eldmouth", "place")]),
        encoding="utf-8")
    sectioned.build(extract_content=False)
    page = sectioned.page("articles/signed/index.html")
    assert ">Sport</a></p>" in page and "Mary Somerville" in page and "https://example.net/signed" in page
    assert "Story number 4" in sectioned.page("sections/sport/index.html")


def test_a_record_s_own_section_wins_over_its_folder_and_front_matter_wins_too(project):
    project.seed("business/export.jsonl",
                 '{"id": "a", "title": "Mill hires staff", "date": "2023-02-07", "section": "Jobs", '
                 '"body": "Harrow Mill in Eldmouth is hiring twelve people, said Petra Vance."}\n'
                 '{"id": "b", "title": "Mill shop opens", "date": "2023-12-01", '
                 '"body": "Harrow Mill in Eldmouth opened a shop, said Petra Vance."}\n')
    project.seed("business/note.md", "---\ntitle: Rovers win\ndate: 2023-06-10\nsection: Sport\n---\n\n"
                                     "Eldmouth Rovers won the county final on Saturday.\n")
    _, diagnostics = project.build()
    assert diagnostics.items == []
    found = {}
    for path in project.content.glob("*.md"):
        meta, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        found[meta["title"]] = meta.get("section")
    assert found == {"Mill hires staff": "Jobs", "Mill shop opens": "business", "Rovers win": "Sport"}
    assert sorted(p.name for p in (project.site / "sections").iterdir()) == ["business", "jobs", "sport"]
