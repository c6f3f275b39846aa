"""content/ is read for real `*.md` files only: an editor's leftovers are no articles and no problem; a name
ending in .md that is no file to read gets one warning (W135) and is never opened; the rest is built."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO
from tests.sample_archive import write_archive


def test_an_editors_lock_backup_and_swap_files_are_left_alone_without_a_word(project):
    write_archive(project.content, count=2)
    project.build(extract_content=False)
    before = project.files()
    content = project.content
    os.symlink("someone@host.12345:1700000000", content / ".#story-00.md")  # Emacs' lock: a link to nothing
    (content / "#story-00.md#").write_text("autosave", encoding="utf-8")
    (content / "story-00.md~").write_text("backup", encoding="utf-8")
    (content / ".story-00.md.swp").write_bytes(b"b0VIM 9.0\0\1\2")
    (content / ".hidden.md").write_text("---\ntitle: Hidden\n---\nBody.\n", encoding="utf-8")
    for extract_content in (True, False):  # the seed half and the site half both read content/
        _, diagnostics = project.build(extract_content=extract_content)
        assert diagnostics.items == []
    assert project.files() == before


def test_a_name_ending_in_md_that_is_no_file_to_read_is_named_once_and_skipped(project, tmp_path_factory):
    write_archive(project.content, count=2)
    content = project.content
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    outside.write_text("---\ntitle: Not ours\n---\nBody.\n", encoding="utf-8")
    os.symlink("/nonexistent/nothing.md", content / "dangling.md")
    os.symlink("loop.md", content / "loop.md")
    os.symlink(outside, content / "outside.md")
    (content / "folder.md").mkdir()
    os.mkfifo(content / "pipe.md")
    _, diagnostics = project.build(extract_content=False)
    assert sorted(str(d).replace(str(content) + "/", "") for d in diagnostics.items) == [
        "dangling.md: warning [W135] is a symbolic link to nothing (or a loop of links); skipped",
        "folder.md: warning [W135] is a folder, not a content file; skipped",
        "loop.md: warning [W135] is a symbolic link to nothing (or a loop of links); skipped",
        "outside.md: warning [W135] is a symbolic link to a file outside the content folder, which is not followed; "
        "copy the file into the content folder instead; skipped",
        "pipe.md: warning [W135] is not a regular file (a pipe, socket or device), so it is not read; skipped",
    ]
    assert (project.site / "articles" / "story-01" / "index.html").is_file()
    assert "Not ours" not in "".join(p.read_text(encoding="utf-8") for p in project.site.rglob("*.html"))


def test_a_link_to_nothing_added_after_a_build_is_reported_by_the_next(project):
    write_archive(project.content, count=2)
    project.build(extract_content=False)
    os.symlink("/nonexistent/nothing.md", project.content / "dangling.md")
    _, diagnostics = project.build(extract_content=False)
    assert [(d.code, d.path) for d in diagnostics.items] == [("W135", str(project.content / "dangling.md"))]


def test_a_pipe_and_a_dangling_lock_in_content_do_not_stop_build_py(project):
    write_archive(project.content, count=2)
    os.symlink("someone@host.12345:1700000000", project.content / ".#story-01.md")
    os.mkfifo(project.content / "pipe.md")  # opening it would wait for a writer for ever
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(project.root / "config.yaml"),
                          "--render-only", "-q"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert run.stderr == (f"{project.content}/pipe.md: warning [W135] is not a regular file (a pipe, socket or "
                          "device), so it is not read; skipped\n")
