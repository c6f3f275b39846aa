"""A rebuild keys only the page groups a change of the site model reaches (pages/reach.py) and keeps the others
as the last build left them, without working out their inputs. The suite runs with BROADSHEET_CHECK_REACH set
(tests/conftest.py), so every build here also keys each group it kept and stops if one had changed; and each
rebuild must give the bytes a clean build gives."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest

from broadsheet.extract import frontmatter
from tests.incremental.test_archive_shapes import assert_same_as_clean

NAMES = [("Ada Lovelace", "person"), ("ADA LOVELACE", "person"), ("Grace Hopper", "person"),
         ("Alan Turing", "person"), ("Mary Somerville", "person"), ("London", "place"), ("Paris", "place"),
         ("Royal Society", "organization"), ("Analytical Engine Trust", "organization")]


def write(project, slug: str, day: int, title: str, entities: list[tuple[str, str, int]]) -> None:
    """A content file dated `day` days after 2022-01-01 whose text names each entity as often as it says."""
    body = " ".join(f"{name} spoke at event {slug}." for name, _, count in entities for _ in range(count))
    meta = {"title": title, "date": dt.date(2022, 1, 1) + dt.timedelta(days=day), "slug": slug,
            "summary": f"Summary of {title}.",
            "entities": [{"name": name, "type": kind, "mentions": count} for name, kind, count in entities]}
    project.content.mkdir(exist_ok=True)
    (project.content / f"{slug}.md").write_text(frontmatter.dump(meta, body or "No names here."), encoding="utf-8")


def some_entities(rng: random.Random) -> list[tuple[str, str, int]]:
    chosen = {}
    for name, kind in rng.sample(NAMES, rng.randint(0, 4)):
        chosen.setdefault(name.casefold(), (name, kind, rng.randint(1, 3)))  # one spelling of a name an article
    return list(chosen.values())


def change(rng: random.Random, project, articles: dict, serial: list[int]) -> None:
    """One change a build sees: an article added, retitled (its card on other pages), given other entities or
    counts, moved to another date, removed, or its file touched without a change."""
    kind = rng.choice(["add", "add", "title", "entities", "move", "remove", "touch"])
    if kind == "add" or not articles:
        serial[0] += 1
        slug = f"s{serial[0]}"
        articles[slug] = [rng.randint(0, 60), f"Story {serial[0]}", some_entities(rng)]
    else:
        slug = rng.choice(sorted(articles))
        if kind == "remove":
            del articles[slug]
            (project.content / f"{slug}.md").unlink()
            return
        if kind == "title":
            articles[slug][1] += " again"
        elif kind == "entities":
            articles[slug][2] = some_entities(rng)
        elif kind == "move":
            articles[slug][0] = rng.randint(0, 60)
    write(project, slug, *articles[slug])


@pytest.mark.parametrize("seed, feed", [(0, "summary"), (1, "full"), (2, "summary"), (3, "summary")])
def test_rebuilds_that_keep_unreached_groups_equal_clean_builds(project, tmp_path, seed, feed):
    rng = random.Random(seed)
    project.config(f"title: Reach\nbase_url: https://example.org/\nsearch: false\npage_size: 3\n"
                   f"feed_content: {feed}\nsearch_filter_min_articles: 3\n")
    articles: dict = {}
    serial = [0]
    for _ in range(8):
        change(rng, project, articles, serial)
    project.build(extract_content=False)
    kept = 0
    for _ in range(10):
        for _ in range(rng.choice([1, 1, 2])):
            change(rng, project, articles, serial)
        result, diagnostics = project.build(extract_content=False)
        assert not diagnostics.errors
        kept += result.groups_kept
        assert_same_as_clean(project, tmp_path)
    assert kept > 0  # most groups were kept without being keyed


def test_one_article_added_keys_only_the_groups_it_reaches(project):
    project.config("title: Reach\nbase_url: https://example.org/\nsearch: false\n")
    for i in range(10):  # ten people, each in one story
        write(project, f"p{i}", 10 * i, f"Story {i}", [(f"Person Number{i}", "person", 1)])
    first, _ = project.build(extract_content=False)
    assert first.groups_kept == 0  # nothing to keep in a first build

    write(project, "new", 200, "Newest", [("Person Number3", "person", 1)])
    result, _ = project.build(extract_content=False)
    # reached: the new article, its older neighbour, Person Number3's article (related stories now) and
    # entity; kept: the other eight articles and nine people
    assert result.groups_kept == 17


def test_a_group_the_changes_miss_stops_a_checked_build(project, monkeypatch):
    """The check is live: were the dependency index to miss a group, the suite would fail."""
    project.config("title: Reach\nbase_url: https://example.org/\nsearch: false\n")
    write(project, "a", 1, "First", [("Ada Lovelace", "person", 1)])
    write(project, "b", 2, "Second", [("Grace Hopper", "person", 1)])
    project.build(extract_content=False)
    monkeypatch.setattr("broadsheet.pages.reach.groups_reached", lambda site, filter_min: frozenset())
    write(project, "a", 1, "First, retitled", [("Ada Lovelace", "person", 1)])
    with pytest.raises(RuntimeError, match="no change of the site model reached it"):
        project.build(extract_content=False)


PROBE = "title: Probe\nbase_url: https://example.org/\nsearch: false\n"


def text(slug: str, title: str, day: int, entities: list[tuple[str, str]]) -> str:
    body = " ".join(f"{name} spoke at the {title} meeting." for name, _ in entities) or "No names here."
    meta = {"title": title, "date": dt.date(2022, 1, 1) + dt.timedelta(days=day), "slug": slug,
            "summary": f"Summary of {title}.",
            "entities": [{"name": name, "type": kind, "mentions": 1} for name, kind in entities]}
    return frontmatter.dump(meta, body)


def put(project, name: str, content: str, mtime_ns: int | None = None) -> None:
    project.content.mkdir(exist_ok=True)
    path = project.content / name
    path.write_text(content, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def test_the_other_file_of_a_slug_takes_over_with_the_same_size_and_time(project, tmp_path):
    """Two content files give one slug (W150: the first by file name is kept, the other skipped), written in the
    same clock tick (or unpacked from an archive that keeps whole seconds) and of the same size. The person
    deletes the file that was kept: the other one now is the article, though its size and time are those the
    record kept for the slug."""
    project.config(PROBE)
    when = 1_650_000_000_000_000_000
    put(project, "a.md", text("x", "Alpha report", 1, [("Ada Lovelace", "person")]), when)
    put(project, "b.md", text("x", "Bravo report", 1, [("Ada Lovelace", "person")]), when)  # same size
    put(project, "c.md", text("c", "Charlie report", 2, [("Grace Hopper", "person")]))
    assert (project.content / "a.md").stat().st_size == (project.content / "b.md").stat().st_size
    project.build(extract_content=False)
    assert "Alpha report" in project.page("articles/x/index.html")

    (project.content / "a.md").unlink()
    project.build(extract_content=False)  # the stamp the record keeps names the file: b.md is new to it
    assert "Bravo report" in project.page("articles/x/index.html")
    assert_same_as_clean(project, tmp_path)


def build_killed_after(project, monkeypatch, count: int) -> None:
    """A build stopped (as by Ctrl+C) once `count` page groups are written: the record of the model is saved by
    then, the state is not."""
    from broadsheet.core.data import PageGroup
    from broadsheet.publish import outputs

    real = outputs.render_tasks

    def stopping(*args, **kwargs):
        done = 0
        for item in real(*args, **kwargs):
            yield item
            done += isinstance(item[0], PageGroup)
            if done == count:
                raise KeyboardInterrupt

    monkeypatch.setattr(outputs, "render_tasks", stopping)
    try:
        project.build(extract_content=False)
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the build was not stopped")
    monkeypatch.setattr(outputs, "render_tasks", real)


def test_a_build_killed_after_the_record_was_kept_then_a_normal_build(project, tmp_path, monkeypatch):
    project.config(PROBE)
    for i in range(6):
        put(project, f"s{i}.md", text(f"s{i}", f"Story {i}", i, [("Ada Lovelace", "person"), (f"Person N{i}", "person")]))
    project.build(extract_content=False)
    put(project, "s2.md", text("s2", "Story two renamed", 2, [("Ada Lovelace", "person"), ("Person N2", "person")]))
    build_killed_after(project, monkeypatch, 1)
    project.build(extract_content=False)
    assert_same_as_clean(project, tmp_path)
    # killed again, then the change taken back before the next build
    put(project, "s3.md", text("s3", "Story three renamed", 3, [("Ada Lovelace", "person")]))
    build_killed_after(project, monkeypatch, 1)
    put(project, "s3.md", text("s3", "Story 3", 3, [("Ada Lovelace", "person"), ("Person N3", "person")]))
    project.build(extract_content=False)
    assert_same_as_clean(project, tmp_path)


def test_the_first_byline_or_a_new_section_changes_the_navigation_of_every_page(project, tmp_path):
    """What every page shows of the site (`site_identity`: an Authors link once an article has an author; the
    sections with articles) is in every page group's key: the pages of articles and entities no change of the
    model reached get the new navigation too."""
    project.config(PROBE)
    put(project, "a.md", text("a", "Alpha report", 1, [("Ada Lovelace", "person")]))
    put(project, "b.md", text("b", "Bravo report", 5, [("Grace Hopper", "person")]))
    put(project, "c.md", text("c", "Charlie report", 9, [("Alan Turing", "person")]))
    project.build(extract_content=False)
    meta, body = frontmatter.split(text("d", "Delta report", 20, [("Mary Somerville", "person")]))
    put(project, "d.md", frontmatter.dump({**meta, "authors": ["Jane Smith"], "section": "town"}, body))
    project.build(extract_content=False)
    assert "authors/index.html" in project.page("articles/d/index.html")
    assert "authors/index.html" in project.page("articles/a/index.html")
    assert_same_as_clean(project, tmp_path)


def test_an_edited_mention_sentence_reaches_the_entity_pages_that_show_it(project, tmp_path):
    """Only the text around a mention changes (same title, summary, entities): the entity's page, which shows
    that sentence, is drawn again."""
    project.config(PROBE)
    meta = {"title": "Alpha report", "date": dt.date(2022, 1, 1), "slug": "a", "summary": "Summary.",
            "entities": [{"name": "Ada Lovelace", "type": "person", "mentions": 1}]}
    put(project, "a.md", frontmatter.dump(meta, "Ada Lovelace opened the old engine room."))
    put(project, "b.md", text("b", "Bravo report", 5, [("Ada Lovelace", "person")]))
    project.build(extract_content=False)
    assert "opened the old engine room" in project.page("people/ada-lovelace/index.html")
    put(project, "a.md", frontmatter.dump(meta, "Ada Lovelace closed the new engine room."))
    project.build(extract_content=False)
    assert "closed the new engine room" in project.page("people/ada-lovelace/index.html")
    assert_same_as_clean(project, tmp_path)
