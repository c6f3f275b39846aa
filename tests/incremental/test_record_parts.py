"""The records that grow with the archive (parsed articles, the content index, a big site's state) are kept in
parts: a build that changes one article writes the parts that changed, not the whole record, and a site built
from parted records is the site a clean build makes."""

from __future__ import annotations

import json

import pytest

from broadsheet.core import records as records_module
from broadsheet.core.records import records_for
from tests.incremental.test_archive_shapes import assert_same_as_clean
from tests.sample_archive import write_archive


@pytest.fixture
def parted(monkeypatch):
    """A small site's state kept in 8 parts, as a big site's is (from 5,000 outputs on, in 256)."""
    monkeypatch.setattr(records_module, "STATE_PARTS", 8)
    monkeypatch.setattr(records_module, "STATE_PARTS_FROM", 1)


def stamps(records, name: str) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in records.folder.glob(f"{records.stem}.{name}.*.json")}


def add_story(project, slug: str, day: int) -> None:
    (project.content / f"{slug}.md").write_text(
        f"---\ntitle: Report {slug}\ndate: 2022-03-{day:02d}\nslug: {slug}\nentities:\n"
        "- {name: Ada Lovelace, type: person, mentions: 1}\n---\n\nAda Lovelace spoke again.\n", encoding="utf-8")


def test_adding_one_article_writes_one_part_of_the_article_cache_and_the_site_of_a_clean_build(project, tmp_path,
                                                                                                  parted):
    write_archive(project.content, count=12)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    articles, outputs, groups = stamps(records, "articles"), stamps(records, "outputs"), stamps(records, "groups")
    assert len(articles) == 64 and len(outputs) == len(groups) == 8

    add_story(project, "late-news", 1)
    project.build(extract_content=False)
    changed = [name for name, mtime in stamps(records, "articles").items() if articles[name] != mtime]
    assert len(changed) == 1
    assert "late-news" in json.loads((records.folder / changed[0]).read_text())["entries"][
        str(project.content / "late-news.md")][2]
    now_outputs = stamps(records, "outputs")
    assert 0 < sum(now_outputs[name] != mtime for name, mtime in outputs.items()) < len(outputs)
    assert_same_as_clean(project, tmp_path)

    result, diagnostics = project.build(extract_content=False)  # the parted state reads back whole
    assert diagnostics.items == [] and result.rendered == 0


def test_a_missing_or_broken_part_of_the_state_is_ignored_with_one_warning_and_the_site_rebuilt(project, tmp_path,
                                                                                                  parted):
    write_archive(project.content, count=6)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    site = project.files("site")
    for damage in ("missing", "broken"):
        part = records.part("groups", 3)
        if damage == "missing":
            part.unlink()
        else:
            part.write_text('{"version": 2, "groups": {"g": ["k", ["../../outside"]]}}')
        (project.content / "story-00.md").touch()  # something to build, so the state is read
        _, diagnostics = project.build(extract_content=False)
        assert [d.code for d in diagnostics.items] == ["W172"] and diagnostics.items[0].path == str(part)
        assert project.files("site") == site
        _, diagnostics = project.build(extract_content=False)
        assert diagnostics.items == []


def test_a_state_that_shrinks_below_the_parted_size_goes_back_to_one_file(project, tmp_path, monkeypatch):
    monkeypatch.setattr(records_module, "STATE_PARTS", 8)
    monkeypatch.setattr(records_module, "STATE_PARTS_FROM", 1)
    write_archive(project.content, count=4)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    assert len(stamps(records, "outputs")) == 8
    monkeypatch.setattr(records_module, "STATE_PARTS_FROM", 10**6)
    add_story(project, "late-news", 2)
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == [] and stamps(records, "outputs") == {} and stamps(records, "groups") == {}
    assert "outputs" in json.loads(records.state.read_text())
    assert_same_as_clean(project, tmp_path)


def test_the_parts_written_again_hold_what_a_whole_split_of_the_state_gives(project, parted):
    """Only the parts of changed outputs and groups are worked out again: after additions, removals and edits
    every part on disk holds exactly the entries of the state that belong to it."""
    write_archive(project.content, count=12)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    add_story(project, "late-news", 1)
    project.build(extract_content=False)
    (project.content / "story-03.md").unlink()
    project.build(extract_content=False)
    add_story(project, "later-news", 2)
    (project.site / "index.html").unlink()  # a page deleted by hand: written again, its record changes
    project.build(extract_content=False)
    state = records_module.load_state(records)
    assert not [output for output in state.outputs if "story-03" in output]  # gone with its article
    assert "article:story-03" not in state.groups and "article:later-news" in state.groups
    for name, cluster in (("outputs", records_module._output_folder), ("groups", None)):
        whole = records_module.split_parts(getattr(state, name), records_module.STATE_PARTS, cluster)
        for index in range(records_module.STATE_PARTS):
            on_disk = json.loads(records.part(name, index).read_text())[name]
            assert sorted(on_disk) == sorted(whole[index])


def test_a_process_that_builds_again_decodes_no_part_of_the_article_cache_it_read_or_wrote(project, tmp_path,
                                                                                            monkeypatch):
    """serve builds again and again in one process: a part of the parsed-articles cache it read or wrote before,
    and that is still the same file, is not decoded again; one that anyone wrote since is."""
    from broadsheet.content import read as content_read

    monkeypatch.setattr(records_module.Kept, "enabled", True)  # as serve's builds run

    write_archive(project.content, count=24)
    decoded: list[str] = []
    real = content_read.article_from_row

    def counting(path, row):
        decoded.append(path)
        return real(path, row)

    monkeypatch.setattr(content_read, "article_from_row", counting)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    add_story(project, "late-news", 1)
    project.build(extract_content=False)
    assert decoded == []  # every part as this process wrote it

    part = next(path for path in sorted(records.folder.glob(f"{records.stem}.articles.*.json"))
                if json.loads(path.read_text())["entries"])
    part.write_bytes(part.read_bytes())  # the same bytes, but a file this process did not write
    add_story(project, "later-news", 2)
    project.build(extract_content=False)
    assert sorted(decoded) == sorted(json.loads(part.read_text())["entries"])
    assert_same_as_clean(project, tmp_path)


def test_a_process_that_builds_again_reads_no_part_of_the_state_it_read_or_wrote(project, parted, tmp_path,
                                                                                monkeypatch):
    """serve: the parts of the build state this process read or wrote, still the files it left, are not read
    again; one that anyone wrote since is, and the site stays that of a clean build."""
    monkeypatch.setattr(records_module.Kept, "enabled", True)  # as serve's builds run
    write_archive(project.content, count=12)
    project.build(extract_content=False)
    records = records_for(project.site, project.root)
    read: list[str] = []
    real = records_module.read_record

    def counting(path, diagnostics):
        read.append(path.name)
        return real(path, diagnostics)

    monkeypatch.setattr(records_module, "read_record", counting)
    add_story(project, "late-news", 1)
    project.build(extract_content=False)
    assert not [name for name in read if ".outputs." in name or ".groups." in name]

    part = next(path for path in sorted(records.folder.glob(f"{records.stem}.outputs.*.json"))
                if json.loads(path.read_text())["outputs"])
    part.write_bytes(part.read_bytes())  # the same bytes, but a file this process did not write
    read.clear()
    add_story(project, "later-news", 2)
    project.build(extract_content=False)
    assert [name for name in read if ".outputs." in name or ".groups." in name] == [part.name]
    assert_same_as_clean(project, tmp_path)
