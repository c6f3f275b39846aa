"""Broadsheet installs as a tool: `pip install` into a fresh virtual environment gives a `broadsheet` command
that starts, builds and checks a project anywhere, with the built-in theme shipped inside the package."""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO
from tests.sample_archive import write_archive


def test_the_package_pins_the_same_dependencies_as_requirements_txt():
    pinned = [line.split("#")[0].strip() for line in (REPO / "requirements.txt").read_text().splitlines()]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"] == [line for line in pinned if line]
    assert all(re.fullmatch(r"[\w.\[\]-]+==[\w.]+", spec) for spec in project["dependencies"])
    assert project["scripts"] == {"broadsheet": "broadsheet.commands.cli:run"}


def test_pip_install_into_a_fresh_venv_gives_a_command_that_makes_builds_and_checks_a_project(tmp_path):
    source = tmp_path / "source"  # a copy, so building the package leaves nothing in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "broadsheet", source / "broadsheet",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    # The pinned dependencies come from this environment (the same pins: test above) rather than the network.
    (Path(packages) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(source)], check=True, timeout=240)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def broadsheet(*args: str, cwd=tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "broadsheet"), *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=240)

    where = subprocess.run([str(python), "-c", "import broadsheet; print(broadsheet.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv))
    made = broadsheet("new", "harbour")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "harbour"
    write_archive(project / "content", count=3)
    built = broadsheet("build", "--render-only", cwd=project)
    assert built.returncode == 0 and "W250" in built.stderr, built.stderr
    assert [line for line in built.stderr.splitlines() if line.strip()] == [  # the one thing a new project lacks
        line for line in built.stderr.splitlines() if "W250" in line and "base_url" in line]
    assert "articles: 0 new, 0 changed, 0 edited, 3 unchanged" in built.stdout
    assert "seeds: not read (--render-only), so 0 seed file(s)" in built.stdout
    assert (project / "site" / "articles" / "story-01" / "index.html").is_file()
    assert (project / "site" / "static" / "style.css").is_file() and not (project / "templates").exists()
    checked = broadsheet("check", cwd=project)
    assert checked.returncode == 0 and "no problems" in checked.stdout, checked.stdout
