"""Archives, pagination, article neighbours, related stories and entity pages on a small archive."""

from __future__ import annotations

import json
import re

import html5lib
import pytest

from tests.linkcheck import broken_links
from tests.sample_archive import write_archive, write_undated

ADA = "people/ada-lovelace/"


@pytest.fixture
def archive(project):
    """Twelve dated articles and one undated, page size 5, rendered from content/ (no NLP)."""
    write_archive(project.content)
    write_undated(project.content)
    project.config("title: Test archive\nbase_url: https://example.org/news/\nsearch: false\npage_size: 5\n"
                   "index_page_size: 1\n")
    result, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
    return project


def titles(html: str) -> list[str]:
    return [title for _, title in re.findall(r'<h([23])><a href="[^"]+">([^<]+)</a></h\1>', html)]


def skipped_heading_levels(html: str) -> list[str]:
    """Headings that go more than one level deeper than the one before (h1 then h3): screen readers'
    outline of the page then has a hole."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    return [f"h{a} then h{b}" for a, b in zip([0] + levels, levels) if b > a + 1]


def test_every_page_is_valid_html5_and_every_link_resolves(archive):
    pages = sorted(archive.site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(page.read_bytes())  # raises on the first parse error
        assert parser.errors == [], page
        assert skipped_heading_levels(page.read_text(encoding="utf-8")) == [], page
    assert broken_links(archive.site) == []


def test_date_archive_lists_years_months_and_undated_with_counts(archive):
    overview = archive.page("archive/index.html")
    assert 'archive/2021/index.html">2021</a> <span class="count">5 articles' in overview
    assert 'archive/2022/04/index.html' not in overview  # no empty months
    assert 'archive/2022/01/index.html">January</a> <span class="count">3</span>' in overview
    assert 'archive/undated/index.html">Undated articles</a> <span class="count">1</span>' in overview
    year = archive.page("archive/2022/index.html")
    assert "Engine inquiry day 11" in year and 'archive/2022/03/index.html">March</a>' in year
    assert titles(archive.page("archive/2022/02/index.html")) == [
        f"Engine inquiry day {i}: testimony number {i}" for i in (10, 9, 8)]
    assert "An undated note from Paris" in archive.page("archive/undated/index.html")


def test_pages_are_numbered_from_the_oldest_and_the_landing_page_shows_the_newest(archive):
    home = archive.page("index.html")
    assert titles(home) == [f"Engine inquiry day {i}: testimony number {i}" for i in (11, 10, 9, 8, 7)]
    # 13 articles (the undated one counts as oldest), size 5: pages 1 and 2 are full and fixed
    first = archive.page("page/1/index.html")
    assert "An undated note from Paris" in first and "Engine inquiry day 3:" in first
    assert titles(archive.page("page/2/index.html"))[0].startswith("Engine inquiry day 8:")
    assert not (archive.site / "page/3/index.html").exists()
    assert 'href="page/2/index.html" rel="next">Older' in home  # 3 of the newest 5 are on page 2


def test_adding_a_newer_article_leaves_numbered_pages_untouched(archive):
    before = {n: titles(archive.page(f"page/{n}/index.html")) for n in (1, 2)}
    page1 = archive.page("page/1/index.html")
    write_archive(archive.content, count=15)
    result, _ = archive.build(extract_content=False)
    assert {n: titles(archive.page(f"page/{n}/index.html")) for n in (1, 2)} == before
    assert archive.page("page/1/index.html") == page1 and "page/1/index.html" not in result.written
    assert titles(archive.page("page/3/index.html"))[0].startswith("Engine inquiry day 13:")


def test_articles_link_their_chronological_neighbours_and_related_stories(archive):
    html = archive.page("articles/story-05/index.html")
    assert re.search(r'articles/story-04/index.html" rel="prev">.*Engine inquiry day 4:', html)
    assert re.search(r'articles/story-06/index.html" rel="next">.*Engine inquiry day 6:', html)
    first = archive.page("articles/story-00/index.html")
    related = re.search(r'<ul class="related">(.*?)</ul>', first, re.S).group(1)
    # story-01 shares the rare Alan Turing and Rare Society: it ranks first
    assert related.index("story-01/") < related.index("story-06/")
    assert "1 min read" in first


def test_article_carries_newsarticle_json_ld_pointing_at_entity_pages(archive):
    html = archive.page("articles/story-00/index.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2021-11-20"
    mentions = {m["name"]: m for m in data["mentions"]}
    assert mentions["Ada Lovelace"] == {"@type": "Person", "name": "Ada Lovelace",
                                        "url": "https://example.org/news/people/ada-lovelace/index.html"}
    assert mentions["London"]["@type"] == "Place" and mentions["Rare Society"]["@type"] == "Organization"


def test_entity_page_shows_profile_timeline_companions_and_mentions_in_context(archive):
    html = archive.page(ADA + "index.html")
    assert "12 articles" in html and "first seen" in html
    assert '<time datetime="2021-11-20">20 November 2021</time>' in html
    assert '<time datetime="2022-03-10">10 March 2022</time>' in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count("<rect") == 5  # Nov 2021 .. Mar 2022, a bar per month with articles
    assert "<title>January 2022: 3</title>" in svg
    assert re.search(r'id="appears-with".*London</a> <span class="count">6</span>', html, re.S)
    assert "<mark>Ada Lovelace</mark> opened session 11 of the engine inquiry." in html
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="Ada Lovelace[^"]*" '
                     r'href="../../people/ada-lovelace/feed.xml">', html)


def test_entity_lists_page_through_fixed_numbered_pages(archive):
    landing = archive.page(ADA + "index.html")
    assert 'ada-lovelace/page/2/index.html" rel="next">Older' in landing
    page1 = archive.page(ADA + "page/1/index.html")
    assert titles(page1) == [f"Engine inquiry day {i}: testimony number {i}" for i in (4, 3, 2, 1, 0)]
    assert 'ada-lovelace/page/2/index.html" rel="prev">' in page1
    assert "<mark>Ada Lovelace</mark>" in page1 and "first seen" not in page1


def test_entity_indexes_split_by_initial_letter_and_paginate(archive):
    people = archive.page("people/index.html")
    assert 'people/by-letter/a/index.html">A</a> <span class="count">2</span>' in people
    assert 'people/by-letter/g/index.html">G</a>' in people
    letter = archive.page("people/by-letter/a/index.html")
    assert "Ada Lovelace" in letter and "Alan Turing" not in letter  # one entity a page here
    assert 'people/by-letter/a/page/2/index.html" rel="next">Next' in letter
    assert "Alan Turing" in archive.page("people/by-letter/a/page/2/index.html")
    places = archive.page("places/by-letter/l/index.html")
    assert "London" in places


def test_a_rendered_site_is_byte_identical_when_built_again_from_scratch(archive, tmp_path):
    first = archive.files()
    (archive.root / "site2").mkdir()
    archive.build(extract_content=False, site=str(archive.root / "site2"))
    assert archive.files("site2") == first


def test_an_empty_archive_still_builds_a_valid_site(project):
    project.content.mkdir()
    project.config("title: Empty\nsearch: true\n")
    result, _ = project.build(extract_content=False)
    assert "No articles yet." in project.page("index.html")
    assert "No dated articles yet." in project.page("archive/index.html")
    assert "no articles to search yet" in project.page("search/index.html")
    for page in sorted(project.site.rglob("*.html")):
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
    assert broken_links(project.site) == []
