"""A folder option naming a file, a path the file system cannot hold, a folder that cannot be read: one message
naming the option (or key and line) and the path, exit status 2, never a traceback. Real bugs keep theirs."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from broadsheet.commands.cli import main
from tests.conftest import REPO
from tests.sample_archive import write_archive


@pytest.fixture
def folder(tmp_path) -> Path:
    """A project folder with a config, seeds/, the repository's theme, and a plain file `f`."""
    (tmp_path / "config.yaml").write_text("title: x\nsearch: false\nbase_url: https://example.org/\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", tmp_path / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", tmp_path / "static")
    (tmp_path / "f").write_text("not a folder\n", encoding="utf-8")
    return tmp_path


def run(folder: Path, capsys, *args: str) -> tuple[int, str]:
    """cli.main on the project in `folder`: its exit status and stderr."""
    code = main(["--config", str(folder / "config.yaml"), "-q", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("option", ["seeds", "content", "site", "templates", "static"])
def test_a_folder_option_naming_a_file_is_one_message(folder, capsys, option):
    assert run(folder, capsys, f"--{option}", str(folder / "f")) == (
        2, f"error: --{option} {folder}/f is a file, not a folder; point it at a folder\n")


def test_a_folder_setting_naming_a_file_names_the_key_and_its_line(folder, capsys):
    (folder / "config.yaml").write_text("title: x\nsite: f\ntemplates: f/theme\n", encoding="utf-8")
    assert run(folder, capsys) == (2, f"error: {folder}/config.yaml:2: 'site' (f) is a file, not a folder; point it "
                                      f"at a folder\n{folder}/config.yaml:3: 'templates' (f/theme) cannot be reached: "
                                      "a part of this path is a file, not a folder\n")


def test_a_config_option_naming_a_folder_is_one_message(folder, capsys):
    assert main(["--config", str(folder / "seeds")]) == 2
    assert capsys.readouterr().err == (f"error: {folder}/seeds: is a folder, not a config file; pass the file, e.g. "
                                       f"--config {folder}/seeds/config.yaml\n")


def test_a_path_the_file_system_cannot_hold_is_refused_before_any_work(folder, capsys):
    code, err = run(folder, capsys, "--site", str(folder / ("a" * 300)))
    assert code == 2 and err.startswith(f"error: --site {folder}/aaaa") and err.endswith(
        "aaaa has a name of 300 bytes in its path, and the file system allows 255; use a shorter name\n")
    deep = folder / "/".join(["b" * 200] * 20)
    code, err = run(folder, capsys, "--content", str(deep))
    assert code == 2 and err.endswith(f"bbbb is a path of {len(os.fsencode(deep)):,} bytes; the file system allows "
                                      "4,096 for a whole path, and the pages written inside it need up to 256 of "
                                      "those; use a folder nearer the root\n")
    code, err = run(folder, capsys, "--site", str(folder / ("s" * 230)))
    assert code == 2 and err.endswith("ssss has a name of 230 bytes; the build records named after it (in "
                                      ".broadsheet/) need a name of at most 200\n")
    assert all(len(line) < 500 for line in err.splitlines())  # the path is shown shortened, not in full
    assert sorted(p.name for p in folder.iterdir()) == ["config.yaml", "f", "seeds", "static", "templates"]


def test_a_very_long_slug_or_entity_name_still_makes_pages_the_file_system_can_hold(project):
    project.content.mkdir()
    (project.content / "long.md").write_text(textwrap.dedent(f"""\
        ---
        title: A long one
        date: 2022-03-01
        slug: {"a" * 300}
        entities:
        - {{name: {"Zz" * 600}, type: person}}
        - {{name: {"Ab " * 400}, type: place}}
        ---

        Body.
        """), encoding="utf-8")
    _, diagnostics = project.build(extract_content=False)
    assert [d.code for d in diagnostics.items] == ["W144"]
    pages = [p.relative_to(project.site) for p in project.site.rglob("*.html")]
    assert any(p.parts[0] == "people" for p in pages) and any(p.parts[0] == "places" for p in pages)
    assert max(len(part.encode()) for p in pages for part in p.parts) <= 160


@pytest.mark.parametrize("error, message", [
    (OSError(errno.ENAMETOOLONG, "File name too long", "/x/" + "a" * 300),
     f"error: /x/{'a' * 97}…{'a' * 100}: path is too long for the file system (each name in a path may have at most 255 bytes, the "
     "whole path 4,096); use shorter folder names, or a folder nearer the root"),
    (PermissionError(errno.EACCES, "Permission denied", "/x/site/index.html"),
     "error: /x/site/index.html: permission denied; check the owner and permissions of this file or folder"),
    (OSError(errno.ENOSPC, "No space left on device"),
     "error: no space left on the device; free some space and build again"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/\x1b[2Jy"),
     "error: /x/\\x1b[2Jy: not found"),
])
def test_an_os_error_about_a_path_anywhere_in_a_build_is_one_message(folder, capsys, monkeypatch, error, message):
    from broadsheet import pipeline

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "build", fail)
    code, err = run(folder, capsys, "--render-only")
    assert code == 2
    assert err == message + "\n"


@pytest.mark.parametrize("bug", [ZeroDivisionError("a bug of ours"), ConnectionResetError(errno.ECONNRESET, "reset")])
def test_a_bug_keeps_its_traceback(folder, capsys, monkeypatch, bug):
    from broadsheet import pipeline

    def fail(*args, **kwargs):
        raise bug

    monkeypatch.setattr(pipeline, "build", fail)
    with pytest.raises(type(bug)):
        run(folder, capsys, "--render-only")


def test_an_unreadable_seeds_subfolder_is_named_and_its_articles_kept(project, monkeypatch):
    project.seed("a.txt", " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n")
    project.seed("locked/b.txt", " date 2022-03-02 Boris Johnson visited Kyiv.\n")
    project.build()
    assert len(list(project.content.glob("*.md"))) == 2
    real_scandir = os.scandir

    def scandir(path="."):  # the folder as a user other than its owner sees it after `chmod 000`
        if os.fspath(path) == str(project.seeds / "locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (project.seeds / "c.txt").write_text(" date 2022-03-03 Olaf Scholz spoke in Berlin.\n", encoding="utf-8")
    _, diagnostics = project.build()
    assert [str(d) for d in diagnostics.items] == [
        "seeds/locked: warning [W136] folder cannot be read (permission denied; check the owner and permissions of "
        "this file or folder); the seeds in it are left out, and the content files made from them are kept"]
    assert len(list(project.content.glob("*.md"))) == 3  # b's content file was not taken for an orphan


# --- permissions, as a user other than the owner sees them (root reads everything: its override is dropped) ---

def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply to this user; skips when there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search",
              "--inh-caps=-dac_override,-dac_read_search"]
    if not setpriv or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root without setpriv: permissions cannot be denied")
    return prefix


def build_py(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*unprivileged(), sys.executable, str(REPO / "build.py"), "--config",
                           str(folder / "config.yaml"), "-q", *args], capture_output=True, text=True, cwd=folder,
                          timeout=300)


@pytest.fixture
def built(folder):
    """The folder with three articles in content/ and a site built from them; permissions restored after."""
    write_archive(folder / "content", count=3)
    assert build_py(folder, "--render-only").returncode == 0
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_an_unreadable_content_folder_stops_the_build_and_leaves_the_site_alone(built):
    before = sorted(p.relative_to(built) for p in (built / "site").rglob("*"))
    (built / "content").chmod(0)
    result = build_py(built, "--render-only")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"error: {built}/content: the content folder cannot be read: permission denied; check "
                             "the owner and permissions of this file or folder\n")
    assert sorted(p.relative_to(built) for p in (built / "site").rglob("*")) == before


def test_an_unreadable_content_file_is_skipped_with_a_warning_and_the_rest_built(built):
    for name in ("story-01.md", "story-02.md"):  # both edited since the last build
        path = built / "content" / name
        path.write_text(path.read_text(encoding="utf-8").replace("Ada", "Countess Ada"), encoding="utf-8")
    (built / "content" / "story-01.md").chmod(0)
    result = build_py(built, "--render-only")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr == (f"{built}/content/story-01.md: warning [W137] content file cannot be read (permission "
                             "denied; check the owner and permissions of this file or folder); skipped\n")
    assert "Countess Ada" in (built / "site" / "articles" / "story-02" / "index.html").read_text(encoding="utf-8")


def test_an_unreadable_template_or_site_folder_is_named(built):
    (built / "templates" / "article.html").chmod(0)
    (built / "content" / "story-00.md").touch()
    result = build_py(built, "--render-only")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"error: {built}/templates/article.html: permission denied; check the owner and "
                             "permissions of this file or folder\n")
    (built / "templates" / "article.html").chmod(0o644)
    (built / "site" / "index.html").unlink()
    (built / "site").chmod(0o555)
    result = build_py(built, "--render-only")
    assert result.returncode == 2 and result.stderr == (
        f"error: {built}/site/index.html: permission denied; check the owner and permissions of this file or folder\n")
