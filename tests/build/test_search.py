"""Pagefind search: one bundle per calendar shard, only article pages, entity filters, incremental shards."""

from __future__ import annotations

import datetime as dt
import json
import re

from broadsheet.pages import search as search_plan
from tests.incremental.test_archive_shapes import assert_same_as_clean
from tests.sample_archive import article, write_archive


def build_with_search(project, extra=""):
    project.config(f"title: Search test\nbase_url: https://example.org/\npage_size: 5\n{extra}")
    return project.build(extract_content=False)


def bundle_files(project, shard):
    return {p.relative_to(project.site).as_posix() for p in (project.site / "pagefind" / shard).rglob("*") if p.is_file()}


def test_each_year_gets_its_own_bundle_and_the_search_page_merges_them(project):
    write_archive(project.content)
    result, diagnostics = build_with_search(project)
    assert diagnostics.items == []
    for shard in ("2021", "2022"):
        entry = json.loads((project.site / f"pagefind/{shard}/pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == {"2021": 5, "2022": 7}[shard]
    page = project.page("search/index.html")
    assert 'data-bundles="pagefind/2022/ pagefind/2021/"' in page
    assert 'src="../pagefind/2022/pagefind-ui.js"' in page and 'src="../static/search.js"' in page


def test_article_pages_carry_each_filter_value_once_and_only_for_entities_with_several_articles(project):
    write_archive(project.content)
    build_with_search(project)
    html = project.page("articles/story-00/index.html")
    filters = re.findall(r'<span data-pagefind-filter="(\w+)">([^<]+)</span>', html)
    assert sorted(filters) == [("organization", "Rare Society"), ("person", "Ada Lovelace"),
                               ("person", "Alan Turing"), ("person", "Grace Hopper"), ("place", "London")]
    project.config("title: Search test\nsearch_filter_min_articles: 3\n")
    project.build(extract_content=False)
    filters = re.findall(r'data-pagefind-filter="(\w+)">([^<]+)<', project.page("articles/story-00/index.html"))
    assert ("person", "Alan Turing") not in filters and ("person", "Ada Lovelace") in filters
    assert "data-pagefind-body" in html and "data-pagefind-body" not in project.page("index.html")


def test_adding_an_article_reindexes_only_its_shard(project):
    write_archive(project.content)
    build_with_search(project)
    old_2021 = {name: (project.site / name).read_bytes() for name in bundle_files(project, "2021")}
    new = article("late", "A late story about Ada Lovelace", dt.date(2022, 6, 1), "Ada Lovelace returned.",
                  [("Ada Lovelace", "person")])
    (project.content / "late.md").write_text(new, encoding="utf-8")
    result, diagnostics = build_with_search(project)
    assert diagnostics.items == []
    assert not [w for w in result.written if w.startswith("pagefind/2021/")]
    assert [w for w in result.written if w.startswith("pagefind/2022/")]
    assert {name: (project.site / name).read_bytes() for name in bundle_files(project, "2021")} == old_2021
    entry = json.loads((project.site / "pagefind/2022/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 8


def test_a_second_build_writes_nothing_and_a_vanished_shard_is_removed(project):
    write_archive(project.content, count=6)  # 2021-11-20 .. 2022-01-09
    build_with_search(project)
    result, _ = build_with_search(project)
    assert result.written == []
    for path in project.content.glob("story-0[345].md"):  # every 2022 article
        path.unlink()
    result, _ = build_with_search(project)
    assert not (project.site / "pagefind/2022").exists()
    assert any(r.startswith("pagefind/2022/") for r in result.removed)


def test_busy_years_split_into_halves_then_quarters_then_months():
    busy = search_plan.SHARD_MAX + 1
    dates = ([dt.date(2004, 1, 1)] * busy + [dt.date(2004, 7, 1)] + [dt.date(2003, 2, 1)] * 200
             + [dt.date(2003, 5, 1)] * busy + [dt.date(2005, 3, 1), None])
    names = search_plan.shard_keys(dates)
    assert names[dt.date(2004, 1, 1)] == "2004-01" and names[dt.date(2004, 7, 1)] == "2004-h2"
    assert names[dt.date(2003, 2, 1)] == "2003-q1" and names[dt.date(2003, 5, 1)] == "2003-05"
    assert names[dt.date(2005, 3, 1)] == "2005" and names[None] == "undated"
    assert search_plan.shard_names(dates) == ["2005", "2004-h2", "2004-01", "2003-q1", "2003-05", "undated"]


def test_an_incremental_build_with_search_equals_a_clean_build(project):
    write_archive(project.content, count=8)
    build_with_search(project)
    write_archive(project.content, count=10)  # two more articles, in 2022
    build_with_search(project)
    build_with_search(project, extra=f"site: {project.root / 'clean'}\n")
    incremental, clean = project.files("site"), project.files("clean")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []


def test_a_change_outside_the_indexed_article_text_reindexes_nothing(project):
    write_archive(project.content)
    build_with_search(project)
    project.config("title: A new site title\nbase_url: https://example.org/\npage_size: 5\n")
    result, _ = project.build(extract_content=False)
    assert "articles/story-00/index.html" in result.written  # every page shows the site title
    assert not [w for w in result.written if w.startswith("pagefind/")]


def test_an_article_s_section_is_a_search_filter_and_a_new_title_reindexes_it(project):
    write_archive(project.content, count=2)
    story = project.content / "story-01.md"
    story.write_text(story.read_text(encoding="utf-8").replace("slug: story-01", "slug: story-01\nsection: sport"),
                     encoding="utf-8")
    build_with_search(project)
    filters = re.findall(r'data-pagefind-filter="(\w+)">([^<]+)<', project.page("articles/story-01/index.html"))
    assert filters[0] == ("section", "Sport")
    result, _ = build_with_search(project, "sections:\n  sport: Sport and leisure\n")
    filters = re.findall(r'data-pagefind-filter="(\w+)">([^<]+)<', project.page("articles/story-01/index.html"))
    assert filters[0] == ("section", "Sport and leisure")
    assert [w for w in result.written if w.startswith("pagefind/2021/")]  # what Pagefind reads changed


CROWD = ([(f"Person Number{i}", "person") for i in range(8)] + [(f"Town Number{i}", "place") for i in range(3)]
         + [(f"Company Number{i}", "organization") for i in range(3)])


def crowd_story(project, slug: str, date: dt.date, extra: list[tuple[str, str]] = (), words: str = "") -> None:
    """An article naming every one of the crowd (each a search filter in every shard) and `extra`."""
    entities = CROWD + list(extra)
    body = f"Story {slug} names " + ", ".join(name for name, _ in entities) + f". {words}".rstrip()
    (project.content / f"{slug}.md").write_text(article(slug, f"Story {slug}", date, body, entities),
                                                encoding="utf-8")


def test_rebuilds_with_search_write_the_index_files_of_a_clean_build(project, tmp_path):
    """Pagefind writes each filter's values, and the filters of its metadata index, in an order that changes
    from run to run; a shard indexed again must still get the bytes a clean build of the same content writes,
    through the changes that re-index shards: an entity becoming a filter in another shard, a date moving an
    article to another shard, an entity no longer a filter, an edit."""
    project.content.mkdir()
    for i in range(4):
        crowd_story(project, f"old-{i}", dt.date(2021, 3, 1 + i), [("Newcomer Name", "person")] if i == 0 else [])
    for i in range(3):
        crowd_story(project, f"new-{i}", dt.date(2022, 3, 1 + i))
    build_with_search(project)
    assert_same_as_clean(project, tmp_path)

    crowd_story(project, "late", dt.date(2022, 9, 1), [("Newcomer Name", "person")])  # a filter now, in 2021 too
    result, _ = build_with_search(project)
    assert [w for w in result.written if w.startswith("pagefind/2021/")]
    assert_same_as_clean(project, tmp_path)

    crowd_story(project, "old-3", dt.date(2022, 4, 1))  # moved from the 2021 shard to 2022
    build_with_search(project)
    assert_same_as_clean(project, tmp_path)

    (project.content / "late.md").unlink()  # Newcomer Name is in one article again: no longer a filter
    build_with_search(project)
    assert_same_as_clean(project, tmp_path)

    crowd_story(project, "new-1", dt.date(2022, 3, 2), words="A new sentence.")
    result, _ = build_with_search(project)
    assert not [w for w in result.written if w.startswith("pagefind/2021/")]
    assert [w for w in result.written if w.startswith("pagefind/2022/")]
    assert_same_as_clean(project, tmp_path)
