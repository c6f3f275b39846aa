"""The user's files are the user's: what a person put in site/ is never written over or deleted, a missing or
empty seeds folder changes nothing, overlapping folders are refused, hidden files are not published, and no
page is written through a symlinked folder."""

from __future__ import annotations

import os
import shutil

import pytest

from broadsheet.commands.check import find_problems
from broadsheet.commands.cli import main
from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.pipeline import clean

SEED = " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n"
OTHER = " date 2022-03-02 Farmers near Kherson began the harvest early.\n"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
NOTES = b"<p>my own notes, no doctype</p>\n"


def codes(diagnostics: Diagnostics, code: str) -> list[str]:
    return [d.path for d in diagnostics.items if d.code == code]


def tree(folder) -> dict[str, bytes]:
    """Every file under folder, hidden ones too, with its bytes (symlinks not followed)."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            found[os.path.relpath(path, folder)] = os.readlink(path) if os.path.islink(path) else open(path, "rb").read()
    return found


def run(project, *args: str) -> int:
    return main(["--config", str(project.root / "config.yaml"), "-q", *args])


# --- files a person put in site/ -----------------------------------------------------------------------------

def test_a_hand_made_robots_txt_and_page_survive_build_and_clean_byte_for_byte(project):
    project.seed("a.txt", SEED)
    project.site.mkdir()
    (project.site / "robots.txt").write_bytes(ROBOTS)
    (project.site / "notes.html").write_bytes(NOTES)
    for _ in range(2):  # and again on a build that changes nothing
        _, diagnostics = project.build()
        assert [(d.code, d.path) for d in diagnostics.items] == [("W181", str(project.site / "robots.txt"))]
        assert (project.site / "robots.txt").read_bytes() == ROBOTS
        assert (project.site / "notes.html").read_bytes() == NOTES
    assert (project.site / "index.html").is_file()
    problems, counts = find_problems(project.site, "https://example.org/")  # check passes: their files are theirs
    assert problems == [] and counts["files Broadsheet did not write (not checked)"] == 2
    diagnostics = Diagnostics(echo=False)
    clean(load_config(project.root / "config.yaml"), diagnostics)
    assert tree(project.site) == {"robots.txt": ROBOTS, "notes.html": NOTES}
    assert sorted(codes(diagnostics, "W182")) == [str(project.site / "notes.html"), str(project.site / "robots.txt")]


def test_a_file_in_the_way_of_a_new_page_or_of_a_folder_is_left_and_the_rest_is_built(project):
    project.seed("a.txt", SEED)
    project.build()
    mine = project.site / "articles" / "my-story" / "index.html"
    mine.parent.mkdir()
    mine.write_bytes(NOTES)
    shutil.rmtree(project.site / "places")
    (project.site / "places").write_bytes(b"a file where a folder goes\n")
    project.seed("b.md", "---\ntitle: My story\nslug: my-story\ndate: 2022-03-05\n---\n\nMacron spoke in Paris.\n")
    _, diagnostics = project.build()
    assert sorted(codes(diagnostics, "W181")) == [str(project.site / "articles/my-story/index.html"),
                                                  str(project.site / "places")]
    assert mine.read_bytes() == NOTES and (project.site / "places").read_bytes() == b"a file where a folder goes\n"
    assert "My story" in project.page("index.html") and (project.site / "people/emmanuel-macron/index.html").is_file()
    mine.unlink()  # moved out of the way: the next build writes the page
    _, diagnostics = project.build()
    assert codes(diagnostics, "W181") == [str(project.site / "places")]
    assert "Macron spoke in Paris" in project.page("articles/my-story/index.html")


def test_a_kept_file_stays_kept_after_the_build_records_are_deleted(project):
    project.seed("a.txt", SEED)
    project.site.mkdir()
    (project.site / "robots.txt").write_bytes(ROBOTS)
    project.build()
    shutil.rmtree(project.root / ".broadsheet")
    project.seed("b.txt", OTHER)  # pages change: the build must still know which files are its own
    _, diagnostics = project.build()
    assert codes(diagnostics, "W181") == [str(project.site / "robots.txt")]
    assert (project.site / "robots.txt").read_bytes() == ROBOTS and "Kherson" in project.page("index.html")
    shutil.rmtree(project.root / ".broadsheet")
    before = tree(project.site)
    diagnostics = Diagnostics(echo=False)
    assert clean(load_config(project.root / "config.yaml"), diagnostics) == []  # it cannot tell: it removes nothing
    assert tree(project.site) == before and codes(diagnostics, "W182") == [str(project.site)]


# --- seeds folder missing or empty ----------------------------------------------------------------------------

def test_a_missing_seeds_folder_changes_nothing_and_fails(project, tmp_path, capsys):
    project.seed("a.txt", SEED)
    project.build()
    before = tree(project.root)
    assert run(project, "--seeds", str(tmp_path / "missing")) == 1
    assert tree(project.root) == before
    err = capsys.readouterr().err
    assert "error [E180] seeds folder not found" in err and "pass --seeds DIR" in err


def test_an_empty_seeds_folder_removes_nothing(project):
    project.seed("a.txt", SEED)
    project.build()
    (project.seeds / "a.txt").unlink()
    (project.seeds / ".hidden.txt").write_text(SEED)  # not a seed: the folder still holds none
    before = tree(project.content), tree(project.site)
    for _ in range(2):
        _, diagnostics = project.build()
        assert [(d.code, d.path) for d in diagnostics.items] == [("W180", str(project.seeds))]
        assert (tree(project.content), tree(project.site)) == before


# --- folders that overlap ----------------------------------------------------------------------------------

@pytest.mark.parametrize("folders, inner, outer", [
    ("site: static/out", "site", "static"),
    ("static: site/assets", "static", "site"),
    ("site: templates/out", "site", "templates"),
    ("templates: site/theme", "templates", "site"),
    ("content: site/content", "content", "site"),
    ("seeds: site/seeds", "seeds", "site"),
    ("seeds: static/seeds", "seeds", "static"),
    ("content: static/content", "content", "static"),
    ("static: templates/static", "static", "templates"),
    ("seeds: templates/seeds", "seeds", "templates"),
])
def test_overlapping_folders_are_refused_naming_both_and_nothing_is_written(project, capsys, folders, inner, outer):
    project.seed("a.txt", SEED)
    project.config(f"title: x\nsearch: false\n{folders}\n")
    before = tree(project.root)
    assert run(project) == 2
    err = capsys.readouterr().err
    assert f"'{inner}' (" in err and f"is inside '{outer}' (" in err
    assert tree(project.root) == before and not (project.root / ".broadsheet").exists()


def test_a_symlink_cannot_hide_an_overlap_nor_the_project_folder(project, capsys):
    (project.root / "static" / "out").mkdir()
    (project.root / "alias").symlink_to(project.root / "static" / "out")
    project.config("title: x\nsite: alias\n")
    assert run(project) == 2
    assert "'site' (static/out) is inside 'static' (static)" in capsys.readouterr().err
    project.config("title: x\nstatic: .\n")
    assert run(project) == 2
    assert "'static' is the project folder" in capsys.readouterr().err
    assert not project.site.exists()


def test_the_same_folder_twice_is_refused(project, capsys):
    project.config("title: x\nstatic: templates\n")
    assert run(project) == 2
    assert "'templates' and 'static' are the same folder (templates)" in capsys.readouterr().err


# --- hidden files ----------------------------------------------------------------------------------------------

def test_hidden_static_files_and_folders_and_hidden_content_files_are_not_published(project):
    project.seed("a.txt", SEED)
    static = project.root / "static"
    (static / ".git").mkdir()
    (static / ".git" / "config").write_text("[remote] url = secret\n")
    (static / ".private").mkdir()
    (static / ".private" / "key.css").write_text("secret\n")
    (static / "fonts" / ".cache").mkdir(parents=True)
    (static / "fonts" / ".cache" / "x.css").write_text("secret\n")
    (static / "fonts" / "ok.css").write_text("body {}\n")
    project.content.mkdir()
    (project.content / ".draft.md").write_text("---\ntitle: Secret draft\nslug: secret-draft\n---\n\nNot yet.\n")
    _, diagnostics = project.build()
    published = tree(project.site)
    assert "static/fonts/ok.css" in published
    assert [name for name in published if "/." in "/" + name and name != ".broadsheet-site"] == []
    assert not any(b"Secret draft" in data or b"secret" in data for data in published.values())
    assert (project.content / ".draft.md").read_text().startswith("---\ntitle: Secret draft")
    assert diagnostics.items == []


def test_a_static_symlink_to_a_file_outside_static_is_not_published(project, tmp_path):
    project.seed("a.txt", SEED)
    outside = tmp_path / "outside.txt"
    outside.write_text("not for the web\n")
    (project.root / "static" / "leak.css").symlink_to(outside)
    _, diagnostics = project.build()
    assert codes(diagnostics, "W184") == [str(project.root / "static" / "leak.css")]
    assert not (project.site / "static" / "leak.css").exists()



def test_a_static_file_whose_name_no_web_address_carries_is_left_out_with_one_warning_each_build(project):
    """A backslash (a folder separator to Windows hosts and some servers) or a control character in a static
    file's name: not published, one warning naming it, and the build records stay usable (no W172)."""
    project.seed("a.txt", SEED)
    static = project.root / "static"
    (static / "ok.css").write_text("p {}\n")
    (static / "a\\b.css").write_text("p {}\n")
    (static / "bell\x07.css").write_text("p {}\n")
    _, diagnostics = project.build()
    left_out = sorted(codes(diagnostics, "W185"))
    assert len(left_out) == 2 and all("\x07" not in path for path in left_out)  # shown without the bell
    assert sorted(p.name for p in (project.site / "static").iterdir() if p.suffix == ".css") == ["ok.css",
                                                                                                 "style.css"]
    again, diagnostics = project.build()
    assert again.written == [] and len(codes(diagnostics, "W185")) == 2 and codes(diagnostics, "W172") == []

# --- symlinked folders inside site/ ---------------------------------------------------------------------------

def test_a_symlinked_folder_in_site_is_replaced_and_nothing_is_written_outside(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "theirs.txt").write_bytes(b"keep me\n")
    project.seed("a.txt", SEED)
    project.site.mkdir()
    (project.site / "articles").symlink_to(elsewhere)
    _, diagnostics = project.build()
    assert tree(elsewhere) == {"theirs.txt": b"keep me\n"}
    assert codes(diagnostics, "W183") == [str(project.site / "articles")]
    assert not (project.site / "articles").is_symlink() and list((project.site / "articles").glob("*/index.html"))
    assert find_problems(project.site, "https://example.org/")[0] == []


def test_a_folder_symlinked_after_a_build_is_not_written_or_deleted_through(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    project.seed("a.txt", SEED)
    project.build()
    shutil.copytree(project.site / "people", elsewhere / "people")
    shutil.rmtree(project.site / "people")
    (project.site / "people").symlink_to(elsewhere / "people")
    before = tree(elsewhere)
    diagnostics = Diagnostics(echo=False)
    clean(load_config(project.root / "config.yaml"), diagnostics)  # removes what the build wrote, not through the link
    assert tree(elsewhere) == before
    assert codes(diagnostics, "W183") == [str(project.site / "people")]
    assert (project.site / "people").is_symlink()
    project.seed("b.txt", OTHER)
    _, diagnostics = project.build()  # the link is replaced; the folder it pointed to is untouched
    assert tree(elsewhere) == before and not (project.site / "people").is_symlink()
    assert codes(diagnostics, "W183") == [str(project.site / "people")]


def test_a_symlinked_file_at_a_page_address_is_left_and_never_written_through(project, tmp_path_factory):
    victim = tmp_path_factory.mktemp("elsewhere") / "victim.xml"
    victim.write_bytes(b"theirs\n")
    project.seed("a.txt", SEED)
    project.site.mkdir()
    (project.site / "feed.xml").symlink_to(victim)
    _, diagnostics = project.build()
    assert codes(diagnostics, "W181") == [str(project.site / "feed.xml")]
    assert victim.read_bytes() == b"theirs\n" and (project.site / "feed.xml").is_symlink()


def test_a_page_the_build_wrote_turned_into_a_symlink_is_replaced_not_written_through(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "victim.xml").write_bytes(b"theirs\n")
    project.seed("a.txt", SEED)
    project.build()
    (project.site / "feed.xml").unlink()
    (project.site / "feed.xml").symlink_to(elsewhere / "victim.xml")
    (project.site / "404.html").unlink()
    (project.site / "404.html").symlink_to(elsewhere)  # a link to a folder, even
    project.build()
    assert tree(elsewhere) == {"victim.xml": b"theirs\n"}
    assert not (project.site / "feed.xml").is_symlink() and b"<feed" in (project.site / "feed.xml").read_bytes()
    assert not (project.site / "404.html").is_symlink()
