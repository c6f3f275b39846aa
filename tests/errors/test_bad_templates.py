"""A broken or missing template stops the build with the file and line, before any page is written."""

from __future__ import annotations

import pytest

from broadsheet.diagnostics import UserError

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


def test_a_missing_template_is_named(project):
    project.seed("a.txt", SEED)
    (project.root / "templates" / "feed.xml").unlink()
    with pytest.raises(UserError, match=r"templates/feed\.xml: template not found"):
        project.build()
