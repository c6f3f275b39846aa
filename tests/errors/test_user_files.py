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

