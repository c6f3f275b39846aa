"""`make test` checks the sample site: built from the committed content/ with the real config and theme
(search index included), `build.py check` finds no problem; a broken copy of it fails with a list."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from broadsheet.commands.check import check_site, find_problems
from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.pipeline import build
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The sample project's site, rendered from its committed content/ into a temporary folder."""
    site = tmp_path_factory.mktemp("sample") / "site"
    config = load_config(REPO / "config.yaml", {"site": site})
    diagnostics = Diagnostics(echo=False)
    build(config, diagnostics, extract_content=False)
    assert diagnostics.items == []
    return config, site


def test_the_sample_site_passes_check(sample_site, capsys):
    config, site = sample_site
    assert check_site(site, base_url=config.base_url) == 0
    out = capsys.readouterr().out
    assert out.startswith("check: ") and out.rstrip().endswith("no problems")


def test_check_command_on_the_sample_site_exits_zero(sample_site):
    _, site = sample_site
    run = subprocess.run([sys.executable, "build.py", "check", "--site", str(site)], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_damaged_copy_of_the_sample_site_fails_check_with_each_problem(sample_site, tmp_path):
    config, site = sample_site
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    entity_page = next(broken.glob("people/*/index.html"))
    entity_page.unlink()
    (broken / "static" / "style.css").unlink()
    (broken / "articles" / "stray").mkdir()
    (broken / "articles" / "stray" / "index.html").write_text(
        (broken / "index.html").read_text(encoding="utf-8").replace("</main>", "</div></main>"), encoding="utf-8")
    problems, _ = find_problems(broken, config.base_url)
    text = "\n".join(str(p) for p in problems)
    assert f"no file {entity_page.relative_to(broken).as_posix()} in the site" in text
    assert "no file static/style.css in the site" in text
    assert "articles/stray/index.html: orphaned page" in text
    assert "articles/stray/index.html:" in text and "HTML parse error" in text


def test_the_committed_sample_content_is_what_this_extractor_makes_so_make_site_leaves_it_as_committed():
    """A change to extract/ changes the extractor's identity, and `make site` would then extract every sample
    seed again and rewrite content/ in a fresh clone: re-extract the sample (`make site`) and commit it."""
    from broadsheet.extract import extractor_id
    from broadsheet.extract.frontmatter import split

    config = load_config(REPO / "config.yaml")
    made_by = {path.name: split(path.read_text(encoding="utf-8"))[0].get("extractor")
               for path in sorted(config.content.glob("*.md"))}
    assert made_by and {name for name, extractor in made_by.items() if extractor != extractor_id(config.model)} == set()
