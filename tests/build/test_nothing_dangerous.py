"""Hostile text in content/ and seeds is shown as text: no script, no event handler, no javascript: link,
no template evaluation, and no output path outside site/, whatever a title, slug or entity name holds."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import html5lib
import pytest

from broadsheet.core.files import OutputPathError, check_unique, safe_output

HOSTILE_CONTENT = """\
---
title: '{{ 7*7 }} {% raw %} <script>alert(1)</script> "><img src=x onerror=alert(2)>'
date: 2022-05-01
slug: ../../../escaped
summary: '<script>alert(3)</script> {{ 7*7 }}'
source: 'javascript:alert(4)'
source_url: 'javascript:alert(20)'
authors: ['<script>alert(21)</script>', '../../../x']
section: '<b>alert(22)</b>'
captions: ['"><svg onload=alert(5)>']
entities:
- {name: '../../../../tmp/owned', type: person}
- {name: '..', type: place}
- {name: '"><script>alert(6)</script>', type: organization}
- {name: '{{ 7*7 }}', type: group}
- {name: 'javascript:alert(7)', type: event}
---

Body with [a link](javascript:alert(8)), [another](  javascript:alert(9)), <javascript:alert(10)>,
[data](data:text/html,<script>alert(11)</script>), [vb](vbscript:msgbox(12)) and ![img](javascript:alert(13)).

<script>alert(14)</script> <a href="javascript:alert(15)">raw</a> <img src=x onerror=alert(16)>

Template syntax {{ 7*7 }}, {% raw %}, {{ config.items() }} and {# comment #} stay text. '..' and
'"><script>alert(6)</script>' and 'javascript:alert(7)' are named here so they get linked.
"""


NAVIGABLE = {"a", "area", "form", "iframe", "frame", "object", "embed", "base", "button"}


def dangers(site: Path) -> list[str]:
    """Everything in any page of site that a browser would run: inline scripts, on* handlers, frames,
    javascript:/vbscript: addresses, data: addresses on links and frames. The theme's own script files
    (<script src="relative.js">) and JSON-LD data blocks that parse as JSON are fine."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        tree = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            where = page.relative_to(site)
            if element.tag == "script" and not _inert_script(element):
                found.append(f"{where}: <script>{(element.text or '')[:60]}")
            if element.tag in ("iframe", "object", "embed", "svg", "math"):
                found.append(f"{where}: <{element.tag}>")
            for name, value in element.attrib.items():
                scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
                unsafe = scheme in ("javascript", "vbscript") or (scheme == "data" and element.tag in NAVIGABLE)
                if name.lower().startswith("on") or (name in ("href", "src", "action", "formaction") and unsafe):
                    found.append(f"{where}: <{element.tag} {name}={value!r}>")
    return found


def _inert_script(element) -> bool:
    """A script element that runs nothing from the articles: the theme's file, or JSON-LD data."""
    text = (element.text or "").strip()
    if element.get("type") == "application/ld+json":
        json.loads(text)  # a title that broke out of the block would make this fail
        return True
    src = element.get("src") or ""
    return bool(src) and ":" not in src and not src.startswith("//") and not text


@pytest.fixture
def hostile_site(tmp_path, project):
    """A render-only build of one hand-written content file full of hostile strings."""
    project.content.mkdir()
    (project.content / "hostile.md").write_text(HOSTILE_CONTENT, encoding="utf-8")
    result, diagnostics = project.build(extract_content=False)
    return project, result, diagnostics


def test_hostile_front_matter_and_body_render_as_text(hostile_site):
    project, _, _ = hostile_site
    assert dangers(project.site) == []
    page = project.page("articles/escaped/index.html")
    assert "{{ 7*7 }} {% raw %} &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "49" not in page and "{{ config.items() }}" in page and "{# comment #}" in page
    assert "[a link](javascript:alert(8))" in page  # not a link: shown as the text it is
    assert "&lt;script&gt;alert(14)&lt;/script&gt;" in page
    assert "javascript:alert(4)" not in page and "alert(20)" not in page  # no seed path shown; no such address linked
    assert "&lt;script&gt;alert(21)&lt;/script&gt;</a>" in page and "&lt;b&gt;alert(22)&lt;/b&gt;" in page


def test_hostile_slug_and_entity_names_stay_inside_site(hostile_site):
    project, _, diagnostics = hostile_site
    assert [str(d) for d in diagnostics.items if d.code == "W144"] == [
        f"{project.content / 'hostile.md'}:4: warning [W144] slug '../../../escaped' is not URL-safe "
        "(use a-z, 0-9 and hyphens); using 'escaped'"]
    outside = [p for p in project.root.rglob("*") if p.is_file()
               and p.relative_to(project.root).parts[0] not in {"site", "content", "templates", "static", ".broadsheet"}
               and p.name != "config.yaml"]
    assert outside == [] and not Path("/tmp/owned").exists()
    from broadsheet.core.slugs import short_hash

    for page in ("people/tmp-owned", f"places/entity-{short_hash('..')}", "organizations/script-alert-6-script",
                 "groups/7-7", "events/javascript-alert-7"):
        assert (project.site / page / "index.html").is_file()
    assert all(p.resolve().is_relative_to(project.site.resolve()) for p in project.site.rglob("*"))


@pytest.mark.parametrize("relative", [
    "../x.html", "a/../../x.html", "/etc/passwd", "a\\..\\b.html", "", ".", "a/./../..", "a\0.html",
])
def test_safe_output_refuses_every_path_that_could_leave_site(tmp_path, relative):
    with pytest.raises(OutputPathError, match="refusing to write outside the site folder"):
        safe_output(tmp_path, relative)


def test_two_pages_on_one_path_stop_the_build_with_a_message():
    with pytest.raises(OutputPathError, match="two pages would be written to people/x/index.html"):
        check_unique(["index.html", "people/x/index.html", "people/x/index.html"])


def test_script_text_in_a_seed_is_escaped_in_every_page(project):
    project.seed("x.md", textwrap.dedent("""\
        ---
        title: "Mayor of Leeds says {{ 7*7 }}"
        date: 2022-05-02
        ---
        The mayor of Leeds wrote [click](javascript:alert(1)) and <script>alert(2)</script> on Monday.
        """))
    project.build()
    assert dangers(project.site) == []
    home = project.page("index.html")
    assert "Mayor of Leeds says {{ 7*7 }}" in home and "49" not in home
