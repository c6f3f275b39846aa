"""Related stories and companions are recomputed from the record of the last build's model only where a change
reaches; every rebuild must give the bytes a clean build of the same content gives, and a record that is
broken or was left by an older build is no reason for a different site."""

from __future__ import annotations

import json
import re
import shutil

from broadsheet.core.records import records_for
from broadsheet.core.slugs import entity_identity, entity_slug
from tests.incremental.test_archive_shapes import CONFIG, assert_same_as_clean, related_titles, write


def companions(project, folder: str, name: str) -> list[tuple[str, str]]:
    """The entity page's "Appears with" list: (name, count) pairs, in order."""
    page = project.page(f"{folder}/{entity_slug(entity_identity(name))}/index.html")
    if 'id="appears-with"' not in page:
        return []
    block = page.split('id="appears-with"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="type-\w+">([^<]+)</a> <span class="count">(\d+)</span>', block)


def model_record(project):
    return records_for(project.site, project.root).cache("model")


def test_related_stories_follow_an_edited_article_both_ways(project, tmp_path):
    project.config(CONFIG)
    write(project, "focus", 50, [("Ada Lovelace", "person"), ("Grace Hopper", "person"), ("Rare Society", "organization")])
    write(project, "near", 40, [("Ada Lovelace", "person")])
    write(project, "far", 30, [("Grace Hopper", "person"), ("Town A", "place")])
    for i in range(3):
        write(project, f"filler-{i}", i, [("Grace Hopper", "person"), (f"Town {chr(66 + i)}", "place")])
    project.build(extract_content=False)
    assert related_titles(project, "focus")[0] == "Report near"  # Ada: 2 articles, Grace: 5

    write(project, "far", 30, [("Grace Hopper", "person"), ("Rare Society", "organization")])  # edited: closer now
    project.build(extract_content=False)
    assert related_titles(project, "focus")[:2] == ["Report far", "Report near"]
    assert related_titles(project, "near") == ["Report focus"]
    assert_same_as_clean(project, tmp_path)

    write(project, "near", 40, [("Town A", "place")])  # edited: shares nothing with focus any more
    project.build(extract_content=False)
    assert "Report near" not in related_titles(project, "focus")
    assert_same_as_clean(project, tmp_path)


def test_an_entity_crossing_a_weight_bucket_reorders_stories_that_did_not_change(project, tmp_path):
    """Ada in 3 articles weighs 2,000,000 // 3, Grace in 4 only // 4: focus lists Ada's articles first. Three
    more of Ada's (older than all) put her in 6 articles, // 5: now Grace's come first, though focus, Grace's
    articles and focus's old neighbours are unchanged files."""
    project.config(CONFIG)
    write(project, "focus", 50, [("Ada Lovelace", "person"), ("Grace Hopper", "person")])
    for i in range(2):
        write(project, f"ada-{i}", 40 + i, [("Ada Lovelace", "person")])
    for i in range(3):
        write(project, f"grace-{i}", 20 + i, [("Grace Hopper", "person")])
    project.build(extract_content=False)
    assert related_titles(project, "focus") == ["Report ada-1", "Report ada-0", "Report grace-2", "Report grace-1",
                                                "Report grace-0"]
    for i in range(2, 5):
        write(project, f"ada-{i}", i, [("Ada Lovelace", "person")])
    project.build(extract_content=False)
    assert related_titles(project, "focus") == ["Report grace-2", "Report grace-1", "Report grace-0", "Report ada-1",
                                                "Report ada-0"]
    assert related_titles(project, "ada-1")[0] == "Report focus"  # ties among Ada's: the newer article first
    assert_same_as_clean(project, tmp_path)

    for i in range(2, 5):  # and back across the bucket
        (project.content / f"ada-{i}.md").unlink()
    project.build(extract_content=False)
    assert related_titles(project, "focus")[0] == "Report ada-1"
    assert_same_as_clean(project, tmp_path)


def test_companions_follow_added_edited_and_removed_articles(project, tmp_path):
    project.config(CONFIG)
    write(project, "one", 1, [("Harbour", "place"), ("Ada Lovelace", "person"), ("Grace Hopper", "person")])
    write(project, "two", 2, [("Harbour", "place"), ("Grace Hopper", "person")])
    project.build(extract_content=False)
    assert companions(project, "places", "Harbour") == [("Grace Hopper", "2"), ("Ada Lovelace", "1")]

    write(project, "three", 3, [("Harbour", "place"), ("Ada Lovelace", "person")])
    write(project, "four", 4, [("Harbour", "place"), ("Ada Lovelace", "person"), ("Alan Turing", "person")])
    project.build(extract_content=False)  # added
    assert companions(project, "places", "Harbour") == [("Ada Lovelace", "3"), ("Grace Hopper", "2"),
                                                        ("Alan Turing", "1")]
    assert_same_as_clean(project, tmp_path)

    write(project, "three", 3, [("Harbour", "place"), ("Grace Hopper", "person")])  # edited
    project.build(extract_content=False)
    assert companions(project, "places", "Harbour") == [("Grace Hopper", "3"), ("Ada Lovelace", "2"),
                                                        ("Alan Turing", "1")]
    assert_same_as_clean(project, tmp_path)

    (project.content / "four.md").unlink()  # removed: Alan Turing goes with it
    project.build(extract_content=False)
    assert companions(project, "places", "Harbour") == [("Grace Hopper", "3"), ("Ada Lovelace", "1")]
    assert_same_as_clean(project, tmp_path)


def test_a_new_majority_spelling_moves_an_entity_in_the_companions_of_entities_nobody_touched(project, tmp_path):
    """The harbour's article names thirteen people once each: the first twelve A–Z are its companions. Two new
    articles spell Elodie Martin as Élodie Martin: the name of the majority, which sorts after Z, so she leaves
    the harbour's list and the thirteenth enters, though no article of the harbour changed."""
    project.config(CONFIG)
    people = ["Elodie Martin", *(f"{letter}ax Person" for letter in "ABCDFGHIJKLM")]
    write(project, "harbour", 1, [("Harbour", "place")] + [(name, "person") for name in people])
    project.build(extract_content=False)
    before = [name for name, _ in companions(project, "places", "Harbour")]
    assert "Elodie Martin" in before and "Max Person" not in before

    for i in range(2):
        write(project, f"elodie-{i}", 10 + i, [("Élodie Martin", "person")])
    project.build(extract_content=False)
    after = [name for name, _ in companions(project, "places", "Harbour")]
    assert "Max Person" in after and not any("odie" in name for name in after)
    assert_same_as_clean(project, tmp_path)


def test_a_broken_record_is_rebuilt_with_one_warning(project, tmp_path):
    project.config(CONFIG)
    for i in range(4):
        write(project, f"story-{i}", i, [("Ada Lovelace", "person"), (f"Town {chr(65 + i)}", "place")])
    project.build(extract_content=False)
    record = model_record(project)
    data = json.loads(record.read_text())
    data["entries"]["model"]["related"][0] = 99  # an article that is not there
    record.write_text(json.dumps(data))
    write(project, "story-4", 4, [("Ada Lovelace", "person")])
    _, diagnostics = project.build(extract_content=False)
    assert [d.code for d in diagnostics.items] == ["W172"] and diagnostics.items[0].path == str(record)
    assert_same_as_clean(project, tmp_path)
    write(project, "story-5", 5, [("Ada Lovelace", "person")])
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []  # the rebuilt record serves the next build
    assert_same_as_clean(project, tmp_path)


def test_a_record_left_by_an_older_build_still_gives_the_clean_site(project, tmp_path):
    """A record describes the model it was made from, not the last build: one from three changes ago (as a
    restored backup of .broadsheet/ would leave) is compared, not trusted."""
    project.config(CONFIG)
    for i in range(6):
        write(project, f"story-{i}", 10 * i, [("Ada Lovelace", "person"), (f"Town {chr(65 + i % 3)}", "place")])
    project.build(extract_content=False)
    old = tmp_path / "old-record.json"
    shutil.copy(model_record(project), old)
    write(project, "story-6", 65, [("Ada Lovelace", "person"), ("Town A", "place")])
    project.build(extract_content=False)
    (project.content / "story-2.md").unlink()
    write(project, "story-3", 1, [("Town B", "place"), ("Town C", "place")])  # edited and moved
    project.build(extract_content=False)
    shutil.copy(old, model_record(project))
    write(project, "story-7", 70, [("Town C", "place"), ("Ada Lovelace", "person")])
    project.build(extract_content=False)
    assert_same_as_clean(project, tmp_path)


def test_a_new_story_enters_the_lists_it_now_ranks_in_though_no_weight_changed(project, tmp_path):
    """Ada in 8 articles, then 9: the same weight (8 to 11 articles share a bucket). The new, newest story ties
    with the others and wins on date: it enters the top five of every other Ada story, and the oldest of each
    list leaves, as a clean build ranks them."""
    project.config(CONFIG)
    for i in range(8):
        write(project, f"ada-{i}", 10 * i, [("Ada Lovelace", "person"), (f"Town {chr(65 + i)}", "place")])
    project.build(extract_content=False)
    assert related_titles(project, "ada-0") == [f"Report ada-{i}" for i in (7, 6, 5, 4, 3)]
    write(project, "ada-new", 100, [("Ada Lovelace", "person")])
    project.build(extract_content=False)
    assert related_titles(project, "ada-0") == [f"Report ada-{i}" for i in ("new", 7, 6, 5, 4)]
    assert related_titles(project, "ada-7") == [f"Report ada-{i}" for i in ("new", 6, 5, 4, 3)]
    assert_same_as_clean(project, tmp_path)


def test_a_build_whose_model_did_not_change_leaves_the_record_as_it_was(project, tmp_path):
    project.config(CONFIG)
    for i in range(3):
        write(project, f"story-{i}", i, [("Ada Lovelace", "person")])
    project.build(extract_content=False)
    before = model_record(project).stat()
    template = project.root / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# a note #}\n", encoding="utf-8")
    result, _ = project.build(extract_content=False)
    assert "model" in result.seconds  # the model was made again ...
    after = model_record(project).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # ... and its record stands
