"""A broken or missing template stops the build with the file and line, before any page is written."""

from __future__ import annotations

import shutil

import pytest

from broadsheet.core.diagnostics import UserError

SEED = " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n"


def test_a_template_syntax_error_names_the_file_and_line(project):
    project.seed("a.txt", SEED)
    path = project.root / "templates" / "entity.html"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += " {% if %}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"templates/entity\.html:3: template error: .*fix the template"):
        project.build()
    assert not (project.site / "people").exists()


def test_a_template_including_a_missing_one_is_named_before_extraction(project):
    project.seed("a.txt", SEED)
    path = project.root / "templates" / "feed.xml"
    path.write_text('{% include "nosuch.xml" %}\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UserError, match=r"templates/nosuch\.xml: template not found, in the project nor in the "
                                        r"built-in theme"):
        project.build()
    assert not project.content.exists()


@pytest.mark.parametrize("mistake, message", [
    ("{{ article.sourcee }}", "has no attribute 'sourcee'"),
    ("{{ article.title | nosuchfilter }}", "No filter named 'nosuchfilter'"),
    ("{{ 1 // 0 }}", "by zero"),
])
def test_a_template_error_found_while_rendering_names_the_file_line_and_page(project, mistake, message):
    project.seed("a.txt", SEED)
    path = project.root / "templates" / "article.html"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] += " " + mistake
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        project.build()
    assert "templates/article.html:5: template error while rendering articles/" in str(raised.value)
    assert message in str(raised.value) and "fix the template" in str(raised.value)


def test_a_project_without_templates_or_static_files_uses_the_built_in_theme(project):
    project.seed("a.txt", SEED)
    shutil.rmtree(project.root / "templates")
    shutil.rmtree(project.root / "static")
    _, diagnostics = project.build()
    assert diagnostics.items == []
    assert "Angela Merkel" in project.page("index.html") and (project.site / "static" / "style.css").is_file()


def test_a_theme_folder_named_in_config_but_absent_is_told_so(project):
    project.seed("a.txt", SEED)
    project.config("search: false\nbase_url: https://example.org/\ntemplates: mytheme\nstatic: mytheme-static\n")
    for _ in range(2):  # and again on a build that changes nothing
        _, diagnostics = project.build()
        assert [(d.code, d.path) for d in diagnostics.items] == [("W240", str(project.root / "mytheme")),
                                                                  ("W241", str(project.root / "mytheme-static"))]


def test_a_broken_override_stops_the_build_before_extraction_with_its_file_and_line(project):
    project.seed("a.txt", SEED)
    shutil.rmtree(project.root / "templates")
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ article.title }\n{% endblock %}\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"templates/article\.html:3: template error"):
        project.build()
    assert not project.content.exists()


def test_a_bug_in_a_filter_is_not_blamed_on_the_template(project, monkeypatch):
    from broadsheet.publish import render

    def broken(body, links):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(render, "render_markdown", broken)  # fails inside the engine's `markdown` filter
    project.seed("a.txt", SEED)
    with pytest.raises(ZeroDivisionError):
        project.build()


def test_an_override_broken_after_a_good_build_stops_the_next_one_before_extraction(project):
    project.seed("a.txt", SEED)
    project.build()
    (project.root / "templates" / "home.html").write_text("{% for %}\n", encoding="utf-8")
    project.seed("b.txt", " date 2022-03-02 Farmers near Kherson began the harvest early.\n")
    with pytest.raises(UserError, match=r"templates/home\.html:1: template error"):
        project.build()
    assert len(list(project.content.glob("*.md"))) == 1


def test_an_unknown_variable_handed_to_a_filter_is_blamed_on_the_override_that_did_it(project):
    project.seed("a.txt", SEED)
    shutil.rmtree(project.root / "templates")
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ article.body_md | markdown(links) }}\n{% endblock %}\n',
        encoding="utf-8")
    with pytest.raises(UserError, match=r"templates/article\.html:3: template error while rendering articles/.*"
                                        r"'body_md'"):
        project.build()
