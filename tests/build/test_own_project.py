"""A project of one's own: `new` makes one with every setting documented, the built-in theme is inherited file
by file, and the README's table of template variables is what the pages are really given."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import fields

import pytest

from broadsheet.commands.cli import main
from broadsheet.commands.new import starter_config
from broadsheet.core import config as config_module
from broadsheet.core import theme
from broadsheet.core.config import DESCRIPTIONS, Config, load_config
from broadsheet.core.diagnostics import Diagnostics
from tests.conftest import REPO
from tests.sample_archive import article, write_archive, write_undated


def test_new_makes_a_project_whose_config_lists_every_setting_with_its_default(tmp_path, capsys):
    folder = tmp_path / "my-archive"
    assert main(["new", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "config.yaml", "seeds"]
    assert list((folder / "seeds").iterdir()) == []
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    loaded, defaults = load_config(folder / "config.yaml"), Config()
    for key in (f.name for f in fields(Config) if f.name != "path"):
        assert re.search(rf"^# {re.escape(DESCRIPTIONS[key])}\n{key}: ", text, re.M), key
        default = getattr(defaults, key)
        assert getattr(loaded, key) == (folder.resolve() / default if key in config_module.PATH_KEYS else default)
    readme = " ".join((folder / "README.md").read_text(encoding="utf-8").split())
    assert "Seed formats (`.txt` or `.md`" in readme and "Markdown with YAML front matter" in readme
    assert "next: put articles (.txt or .md) in" in capsys.readouterr().out


def test_every_setting_has_a_one_line_description():
    assert sorted(DESCRIPTIONS) == sorted(f.name for f in fields(Config) if f.name != "path") \
        == sorted(config_module._TYPES)
    assert all(text and "\n" not in text for text in DESCRIPTIONS.values())
    assert starter_config().count("\n# ") == len(DESCRIPTIONS)


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 2
    assert f"error: {tmp_path}: folder is not empty, and a new project would mix with what is there" in \
        capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(SystemExit):
        main(["new"])


@pytest.fixture
def bare(project):
    """A project with no theme of its own, 3 articles in content/."""
    shutil.rmtree(project.root / "templates")
    shutil.rmtree(project.root / "static")
    write_archive(project.content, count=3)
    return project


def test_a_single_override_changes_only_the_pages_drawn_with_it_and_removing_it_restores_them(bare):
    first, _ = bare.build(extract_content=False)
    before = bare.files()
    (bare.root / "templates").mkdir()
    (bare.root / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<article><h1 class="mine">{{ article.title }}</h1></article>'
        '{% endblock %}\n', encoding="utf-8")
    result, diagnostics = bare.build(extract_content=False)
    assert diagnostics.items == []
    assert sorted(result.written) == ["articles/story-00/index.html", "articles/story-01/index.html",
                                      "articles/story-02/index.html"]
    assert '<h1 class="mine">Engine inquiry day 1' in bare.page("articles/story-01/index.html")
    assert "static/style.css" in bare.page("articles/story-01/index.html")  # the built-in base and style
    (bare.root / "templates" / "article.html").unlink()
    result, _ = bare.build(extract_content=False)
    assert len(result.written) == 3 and bare.files() == before


def test_static_files_merge_with_the_project_s_winning(bare):
    (bare.root / "static").mkdir()
    (bare.root / "static" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    (bare.root / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    bare.build(extract_content=False)
    assert bare.page("static/style.css") == "body { color: teal; }\n"
    assert (bare.site / "static" / "logo.svg").is_file()
    assert bare.page("static/search.js") == (theme.STATIC / "search.js").read_text(encoding="utf-8")
    (bare.root / "static" / "style.css").unlink()
    result, _ = bare.build(extract_content=False)
    assert result.written == ["static/style.css"]
    assert bare.page("static/style.css") == (theme.STATIC / "style.css").read_text(encoding="utf-8")


def _readme_variables() -> dict[str, set[str]]:
    """The README's table of template variables: template -> variable names."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("**Template variables.**"):]
    section = section[:section.index("\n\n", section.index("| template |"))]
    rows = re.findall(r"^\| `([^`]+)` \| [^|]+ \| (.+) \|$", section, re.M)
    return {name: set(re.findall(r"`(\w+)`", variables)) for name, variables in rows}


def test_the_readme_lists_each_template_s_variables_as_the_pages_get_them(tmp_path):
    from broadsheet.archive.site import build_site
    from broadsheet.pages import feeds, plan
    from broadsheet.pipeline import load_articles

    write_archive(tmp_path / "content", count=12)
    write_undated(tmp_path / "content")
    signed = article("signed-note", "A signed note from London", dt.date(2022, 1, 5), "A note from London.",
                     [("London", "place")], authors=["Mary Somerville"], section="Science")
    (tmp_path / "content" / "signed-note.md").write_text(signed, encoding="utf-8")
    (tmp_path / "config.yaml").write_text("page_size: 5\nbase_url: https://example.org/\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    diagnostics = Diagnostics(echo=False)
    site = build_site(load_articles(config.content, diagnostics), config, diagnostics)
    planned, groups = plan.plan(site, config)
    pages = planned + [page for group in groups for page in group.plan()]
    pages += feeds.plan_feeds(site, plan.site_identity(config), config.page_size, sitemap_limit=5)  # the index
    given: dict[str, set[str]] = {}
    for page in pages:
        given.setdefault(page.template, set()).update(page.context)
    included = {"base.html", "_macros.html"}
    assert sorted(given) == sorted(set(theme.page_templates()) - included)
    assert _readme_variables() == given


def test_an_override_identical_to_the_built_in_template_still_counts_as_a_change_of_which_file_won(bare):
    bare.build(extract_content=False)
    (bare.root / "templates").mkdir()
    shutil.copy(theme.TEMPLATES / "article.html", bare.root / "templates" / "article.html")
    result, _ = bare.build(extract_content=False)
    assert result.rendered == 3 and result.written == []  # the article pages, drawn again to the same bytes


def test_the_readme_lists_every_setting_with_its_default_and_description():
    import json

    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| setting | default |"):]
    rows = re.findall(r"^\| `(\w+)` \| `(.*)` \| (.*) \|$", table[:table.index("\n\n")], re.M)
    defaults = Config()
    expected = []
    for f in fields(Config):
        if f.name != "path":
            value = getattr(defaults, f.name)
            shown = json.dumps(value.as_posix() if hasattr(value, "as_posix") else value, ensure_ascii=False)
            expected.append((f.name, shown, DESCRIPTIONS[f.name]))
    assert rows == expected
