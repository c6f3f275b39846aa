"""`build.py review`: what an editor should look at, most doubtful first, with the config.yaml line that fixes it."""

from __future__ import annotations

import re

from broadsheet.commands.cli import main

STORIES = {
    "u2.txt": "Bono sang with U2 in Dublin on Friday. Bono said the band would tour Europe next year.\n",
    "gig.txt": "The singer Bonno thanked fans in Dublin after the concert on Saturday night.\n",
    "kremlin.txt": "Kremlin spokesman Dmitry Peskov said on Monday that Vladimir Putin would speak in Moscow.\n",
}


def _seed_and_build(project):
    for name, text in STORIES.items():
        project.seed(name, text)
    project.build()


def _review(project, capsys) -> tuple[int, str, str]:
    code = main(["review", "--config", str(project.root / "config.yaml")])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_review_lists_doubts_with_the_config_line_that_fixes_each_and_writes_a_page_beside_config(project, capsys):
    _seed_and_build(project)
    content = next(p for p in project.content.glob("*.md") if "Peskov" in p.read_text(encoding="utf-8"))
    text = content.read_text(encoding="utf-8")
    content.write_text(re.sub(r"(\{name: Dmitry Peskov,[^}]*confidence: )[^,}]+", r"\g<1>0.45", text), encoding="utf-8")
    code, out, _ = _review(project, capsys)
    assert code == 0
    assert "Dmitry Peskov: no page: confidence 0.450 < 0.500" in out and "types: {Dmitry Peskov: person}" in out
    assert "Bono / Bonno" in out and "aliases: {Bono: [Bonno]}" in out
    page = (project.root / "review.html").read_text(encoding="utf-8")
    assert "Dmitry Peskov" in page and "aliases: {Bono: [Bonno]}" in page
    assert not list(project.site.rglob("review.html"))


def test_a_correction_naming_no_entity_warns_and_suggests_the_closest_names(project, capsys):
    _seed_and_build(project)
    project.config("title: Test archive\nbase_url: https://example.org/\nsearch: false\ntypes: {Bonoo: person}\n")
    _, diagnostics = project.build()
    warnings = [w for w in diagnostics.warnings if w.code == "W231"]
    assert len(warnings) == 1 and "'Bonoo' names no entity" in warnings[0].message and "'Bono'" in warnings[0].message
    _, _, err = _review(project, capsys)
    assert "[W231]" in err and "'Bono'" in err


def test_review_never_writes_over_a_review_html_it_did_not_write(project, capsys):
    _seed_and_build(project)
    mine = project.root / "review.html"
    mine.write_text("my notes\n", encoding="utf-8")
    _, out, err = _review(project, capsys)
    assert "[W232]" in err and mine.read_text(encoding="utf-8") == "my notes\n"
    assert "Bono / Bonno" in out
