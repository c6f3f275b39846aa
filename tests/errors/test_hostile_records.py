"""Build records (.broadsheet/) hold nothing that runs, live in the project folder, are never followed through
a link, and are not read when another user could have written them: a planted record changes nothing."""

from __future__ import annotations

import json
import os
import pickle
import re
import stat
from pathlib import Path

import pytest

from broadsheet.core.diagnostics import UserError
from broadsheet.core.records import records_for, split_parts
from broadsheet.pipeline import ARTICLE_PARTS
from tests.sample_archive import write_archive

OTHER_USER = 12345  # ownership is simulated with chown, which only root may do
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


class Planted:
    """Unpickling this creates `marker`: proof that a pickle was loaded, and code run."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return open, (str(self.marker), "w")


def crafted_pickle(marker: Path) -> bytes:
    return pickle.dumps({"schema": (2, "x"), "entries": Planted(marker)})


@pytest.fixture
def built(project):
    """A small render-only project built once; yields (project, its records, the site and content it made)."""
    write_archive(project.content, count=3)
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
    records = records_for(project.site, project.root)
    return project, records, project.files("site"), project.files("content")


def article_part(project, records) -> Path:
    """The part of the parsed-articles cache that holds story-00.md (the cache is kept in parts)."""
    key = str(project.content / "story-00.md")
    index = next(i for i, part in enumerate(split_parts({key: None}, ARTICLE_PARTS)) if part)
    path = records.part("articles", index)
    assert path.is_file()
    return path


def record_path(project, records, record: str) -> Path:
    return article_part(project, records) if record == "articles part" else records.file(record)


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics.items]


def test_records_live_private_in_the_project_folder_as_plain_json(built):
    project, records, _, _ = built
    assert records.folder == project.root / ".broadsheet"
    assert stat.S_IMODE(records.folder.stat().st_mode) & 0o077 == 0
    files = sorted(records.folder.iterdir())
    assert {p.name[len(records.stem):] for p in files} >= {".json", ".articles.00.json", ".lock"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
        if path.suffix == ".json":
            json.loads(path.read_bytes())  # data, nothing else
    assert not list(records.folder.rglob("*.pickle")) and not list(records.folder.rglob("*.cache"))


def test_a_site_in_a_shared_folder_keeps_its_records_in_the_project_and_runs_nothing_planted_there(project,
                                                                                                    tmp_path):
    """--site in a folder others can write: what they plant in .broadsheet/ beside it is never read."""
    write_archive(project.content, count=3)
    shared = tmp_path / "shared"
    site = shared / "site"
    planted = shared / ".broadsheet"
    planted.mkdir(parents=True)
    stem = records_for(site, project.root).stem  # the names earlier versions used there
    marker, victim = tmp_path / "code-ran", tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in ("articles", "content-index"):
        (planted / f"{stem}.{name}.pickle").write_bytes(crafted_pickle(marker))
    (planted / f"{stem}.json").write_text(json.dumps({"version": 2, "outputs": {"x.html": ["", 1, 1]}}))
    (planted / f"{stem}.lock").symlink_to(victim)
    before = {p.name: p.read_bytes() for p in planted.iterdir() if not p.is_symlink()}
    for _ in range(2):
        _, diagnostics = project.build(extract_content=False, site=str(site))
        assert diagnostics.items == []
    assert not marker.exists() and victim.read_text() == "precious"
    assert {p.name: p.read_bytes() for p in planted.iterdir() if not p.is_symlink()} == before
    assert (site / "index.html").is_file() and (project.root / ".broadsheet" / f"{stem}.json").is_file()


HOSTILE_STATE = [
    b"{not json",
    b"[" * 100_000,  # nesting deeper than any parser's stack
    b'{"version": 2, "outputs": {"../../outside.txt": ["k", 1, 1]}}',
    b'{"version": 2, "outputs": {"index.html": ["k", "big", 1]}}',
    b'{"version": 2, "groups": {"g": ["k", ["/etc/passwd"]]}}',
    b'{"version": 2, "extra": {"site_warnings": [["warning", "W1", "m"]]}}',
    b'{"version": 2, "extra": {"entity_count": "many"}}',
    "{\"version\": 2, \"extra\": {\"site_inputs\": \"\u2028\"}, \"outputs\": {\"a\\u0000b\": [\"\", 1, 1]}}".encode(),
]


def hostile_cache(schema_of: Path, row: list) -> bytes:
    """A cache with the schema of the real one at `schema_of` and one hostile row."""
    real = json.loads(schema_of.read_bytes())
    return json.dumps({"schema": real["schema"], "entries": {"x": row}}).encode()


@pytest.mark.parametrize("payload", range(len(HOSTILE_STATE) + 1))
def test_a_corrupt_or_hostile_state_is_ignored_with_one_warning_and_the_site_rebuilt(built, tmp_path, payload):
    project, records, site, content = built
    outside = project.root / "outside.txt"
    outside.write_text("not the build's")
    marker = tmp_path / "code-ran"
    records.state.write_bytes(HOSTILE_STATE[payload] if payload < len(HOSTILE_STATE) else crafted_pickle(marker))
    _, diagnostics = project.build(extract_content=False)
    assert codes(diagnostics) == ["W172"] and diagnostics.items[0].path == str(records.state)
    assert "\n" not in diagnostics.items[0].message and len(diagnostics.items[0].message) < 400
    assert project.files("site") == site and project.files("content") == content
    assert outside.read_text() == "not the build's" and not marker.exists()
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []  # the record was replaced by a good one


@pytest.mark.parametrize("row", [
    "pickle",
    [1, 2, "../../evil", "T", None, "", "", [], "s", 1, [], False, ""],  # a slug that leaves the site
    [1, 2, "ok", "T", None, "", "", [["X", "../../x", 1, []]], "s", 1, [], False, ""],  # a type that is a path
    [1, 2, "ok", "T", "2021-13-45", "", "", [], "s", 1, [], False, ""],
    [1, 2, "ok", "T", None, "", "", "entities", "s", 1, [], False, ""],
    [1, 2, "ok"],
    {"slug": "ok"},
])
def test_a_hostile_article_cache_is_ignored_with_one_warning(built, tmp_path, row):
    project, records, site, content = built
    cache = article_part(project, records)
    marker = tmp_path / "code-ran"
    cache.write_bytes(crafted_pickle(marker) if row == "pickle" else hostile_cache(cache, row))
    records.state.unlink()  # so the site half reads the cache
    _, diagnostics = project.build(extract_content=False)
    assert codes(diagnostics) == ["W172"] and diagnostics.items[0].path == str(cache)
    assert project.files("site") == site and not marker.exists()


def test_a_hostile_content_index_is_ignored_with_one_warning(project, tmp_path):
    project.seed("a.txt", " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n")
    project.build()
    records = records_for(project.site, project.root)
    site, content = project.files("site"), project.files("content")
    cache = next(path for path in sorted(records.folder.glob(f"{records.stem}.content-index.*.json"))
                 if json.loads(path.read_bytes())["entries"])  # the part that holds the content file
    marker = tmp_path / "code-ran"
    for planted in (hostile_cache(cache, [1, 2, "a", None, 7, None, "yes", False]), crafted_pickle(marker)):
        cache.write_bytes(planted)
        records.state.unlink()  # so the seed half reads the cache
        result, diagnostics = project.build()
        assert codes(diagnostics) == ["W172"] and diagnostics.items[0].path == str(cache)
        assert result.articles_new == 0 and project.files("content") == content and project.files("site") == site
    assert not marker.exists()


@pytest.mark.parametrize("record", [".lock", ".json", ".summary.json", "articles part", ".model.json", ".journal",
                                    ".running"])
def test_a_symlink_where_a_record_belongs_is_never_followed(built, tmp_path, record):
    project, records, site, _ = built
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b'{"version": 2, "outputs": {}}\n' + os.fsencode(project.site / "index.html") + b"\n")
    before = victim.stat()
    path = record_path(project, records, record)
    path.unlink(missing_ok=True)
    path.symlink_to(victim)
    (project.content / "story-00.md").touch()  # something to build, so every record is read and written
    _, diagnostics = project.build(extract_content=False)
    if record != ".running":  # never read, only made anew
        assert codes(diagnostics) == ["W170"] and diagnostics.items[0].path == str(path)
        assert "symbolic link" in diagnostics.items[0].message
    assert victim.read_bytes().startswith(b'{"version": 2') and victim.stat().st_mtime_ns == before.st_mtime_ns
    assert victim.stat().st_size == before.st_size and not path.is_symlink()
    assert project.files("site") == site


def test_a_fifo_where_a_record_belongs_is_removed_unread(built):
    project, records, site, _ = built
    records.state.unlink()
    os.mkfifo(records.state)  # opening it to read would wait for a writer forever
    _, diagnostics = project.build(extract_content=False)
    assert codes(diagnostics) == ["W170"] and "not a regular file" in diagnostics.items[0].message
    assert project.files("site") == site and records.state.is_file()


@pytest.mark.parametrize("record", [".lock", ".json", ".summary.json", "articles part", ".model.json", ".journal",
                                    ".running"])
def test_a_folder_where_a_record_belongs_stops_the_build_naming_it(built, record):
    project, records, _, _ = built
    path = record_path(project, records, record)
    path.unlink(missing_ok=True)
    (path / "inside").mkdir(parents=True)
    (project.content / "story-00.md").touch()
    with pytest.raises(UserError, match=rf"{re.escape(str(path))}: \[E171\] a folder where a build record belongs"):
        project.build(extract_content=False)
    assert (path / "inside").is_dir()


@as_root
def test_a_record_of_another_user_is_ignored_with_a_warning_and_replaced(built, tmp_path):
    project, records, site, _ = built
    os.chown(records.state, OTHER_USER, OTHER_USER)
    _, diagnostics = project.build(extract_content=False)
    assert codes(diagnostics) == ["W171"] and diagnostics.items[0].path == str(records.state)
    assert f"another user (uid {OTHER_USER})" in diagnostics.items[0].message
    assert project.files("site") == site and records.state.stat().st_uid == os.geteuid()


@as_root
def test_a_records_folder_of_another_user_is_refused_and_nothing_in_it_is_read(built, tmp_path):
    project, records, site, _ = built
    marker = tmp_path / "code-ran"
    article_part(project, records).write_bytes(crafted_pickle(marker))
    os.chown(records.folder, OTHER_USER, OTHER_USER)
    folder = re.escape(str(records.folder))
    with pytest.raises(UserError, match=rf"{folder}: \[E170\] .*belongs to another user \(uid {OTHER_USER}\)"
                                        r".*delete the folder if you trust it"):
        project.build(extract_content=False)
    assert not marker.exists() and project.files("site") == site


def test_a_records_folder_that_is_a_link_is_refused(built, tmp_path):
    project, records, _, _ = built
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.rename(records.folder, tmp_path / "old-records")
    records.folder.symlink_to(elsewhere)
    folder = re.escape(str(records.folder))
    with pytest.raises(UserError, match=rf"{folder}: \[E170\] a symbolic link where the build records folder"):
        project.build(extract_content=False)
    assert list(elsewhere.iterdir()) == []


def test_a_records_folder_others_may_write_is_made_private(built):
    project, records, site, _ = built
    records.folder.chmod(0o777)
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
    assert stat.S_IMODE(records.folder.stat().st_mode) == 0o755  # group and others may no longer write in it


@pytest.mark.parametrize("planted", ["pickle", "wrong shape", "not json", "a table of another kind", "a link"])
def test_a_planted_gazetteer_cache_runs_nothing_and_is_made_again(tmp_path, monkeypatch, planted):
    from broadsheet.extract import gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = gazetteer.cache_file()
    path.parent.mkdir(parents=True)
    marker = tmp_path / "ran"
    if planted in ("a table of another kind", "a link"):  # a cache as it should be, then tampered with
        gazetteer._tables.cache_clear()
        gazetteer._tables()
        good = json.loads(path.read_bytes())
        if planted == "a link":
            elsewhere = tmp_path / "elsewhere.json"
            elsewhere.write_text(json.dumps(good), encoding="utf-8")
            path.unlink()
            path.symlink_to(elsewhere)
        else:
            good["dict"]["regions"] = "wales"  # a string where a set of names belongs: `in` would match substrings
            path.write_text(json.dumps(good), encoding="utf-8")
    else:
        path.write_bytes({"pickle": crafted_pickle(marker),
                          "wrong shape": json.dumps({"dict": {"countries": {"set": ["x"]}}}).encode(),
                          "not json": b"\x80\x04garbage"}[planted])
    gazetteer._tables.cache_clear()
    try:
        assert gazetteer.is_country_or_region("Wales") and gazetteer.is_given_name("John")
    finally:
        gazetteer._tables.cache_clear()
    assert not marker.exists() and not path.is_symlink()
    made = json.loads(path.read_bytes())  # made again, as data
    assert made["dict"]["countries"]["dict"]["france"] == "France" and "frozenset" in made["dict"]["regions"]
