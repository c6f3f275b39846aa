"""The hostile corpus (tests/data/hostile, plus a 50 MB file, a 1 MB line and a symlink made here) built
next to the mission's seed: each bad file gets its exact warning, the rest of the archive is built in full."""

from __future__ import annotations

import os
import shutil

import pytest

from broadsheet.commands.check import find_problems
from broadsheet.core import slugs
from broadsheet.extract import frontmatter
from broadsheet.extract.seeds import MAX_ARTICLE_CHARS, MAX_TITLE
from tests.conftest import REPO, SEED, Project

HOSTILE = REPO / "tests" / "data" / "hostile"

EXPECTED = [
    "seeds/big.txt: warning [W102] file is 52,428,800 bytes, over max_seed_bytes (10,000,000); skipped "
    "(raise max_seed_bytes in config.yaml to include it)",
    "seeds/billion-laughs.md:6: warning [W122] front matter 'e' holds more than 50,000 values (counting each use "
    "of an alias as all it repeats); field ignored, and 5 more over a bound too ('f', 'g', 'h', 'i', 'title', from "
    "line 7); simplify or remove it",
    "seeds/cp1252.txt:1: warning [W106] file is not UTF-8; read as Windows-1252 (Latin-1); save it as UTF-8 "
    "to silence this",
    "seeds/date-future.txt:1: warning [W109] date 2999-01-01 is in the future; kept as written",
    "seeds/date-impossible.md:3: warning [W108] invalid date '2022-02-30'; expected YYYY-MM-DD; article kept undated",
    "seeds/date-invalid.txt:1: warning [W108] invalid date '2022-13-45'; expected YYYY-MM-DD; article kept undated",
    "seeds/date-other-format.txt:1: warning [W108] date '26/09/2022' read as 2022-09-26; write dates as YYYY-MM-DD",
    "seeds/empty.txt: warning [W101] file is empty; skipped",
    "seeds/image.txt: warning [W104] file is binary, not text; skipped",
    "seeds/invalid-yaml.md:4: warning [W120] front matter is not valid YAML (while parsing a flow sequence "
    "started on line 3: did not find expected ',' or ']'); front matter ignored, body kept",
    "seeds/link.txt: warning [W110] symlink points outside the seeds folder; not followed "
    "(copy the file into the seeds folder to include it)",
    "seeds/long-first-line.txt:1: warning [W107] first line is 4,999 characters, too long for a title; "
    "read as the first paragraph, and a title made from it",
    "seeds/long-title.md:2: warning [W107] title is 5,015 characters; shortened to 300",
    "seeds/nested-brackets.md:4: warning [W122] front matter 'entities' is nested more than 20 levels deep; field "
    "ignored; simplify or remove it",
    "seeds/nul-bytes.txt: warning [W105] file contains control characters (such as NUL bytes), which no page may show; "
    "they were removed",
    "seeds/one-mb-line.txt: warning [W111] article text is 1,048,571 characters, over the 100,000 Broadsheet "
    "reads; the rest is left out (split it into several articles)",
    "seeds/punctuation-run.txt:3: warning [W113] '(' is repeated 20,000 times in a row; shortened to 20 (such runs "
    "hold no text, and slow entity extraction down); article kept",
    "seeds/terminal-escapes.txt: warning [W105] file contains control characters (such as NUL bytes), which no "
    "page may show; they were removed",
    "seeds/utf16-no-bom.txt: warning [W103] file has no byte-order mark but reads as UTF-16-LE; "
    "save it as UTF-8 to silence this",
    "seeds/whitespace-only.txt: warning [W101] file is empty; skipped",
    "seeds/wrong-types.md:2: warning [W121] front matter 'title' must be text, not ['not', 'a', 'string']; ignored",
    "seeds/wrong-types.md:3: warning [W121] front matter 'date' must be YYYY-MM-DD, not 12; kept undated",
    "seeds/wrong-types.md:4: warning [W121] front matter slug '../../outside' is not URL-safe "
    "(use a-z, 0-9 and hyphens); using 'outside'",
    "seeds/wrong-types.md:5: warning [W121] front matter 'summary' must be text, not 42; ignored",
    "seeds/wrong-types.md:6: warning [W121] front matter 'entities' must be a list; ignored",
]
READ_QUIETLY = ["utf8-bom.txt", "utf16-bom.txt", "crlf.txt", "lone-cr.txt", "name with spaces.txt",
                "ünïcödé-名前.txt", "-leading-dash.txt", "same-title-a.txt", "same-title-b.txt", "xss.txt", "xss.md",
                "hostile-entities.md"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp):
    """One build of every hostile seed beside the mission's seed; (project, result, diagnostics)."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", root / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", root / "static")
    shutil.copytree(HOSTILE, root / "seeds")
    shutil.copy(SEED, root / "seeds" / SEED.name)
    (root / "seeds" / "big.txt").write_bytes(b"word " * (50 * 1024 * 1024 // 5))
    (root / "seeds" / "one-mb-line.txt").write_bytes(b" date 2022-03-16 " + b"Leeds " * (1024 * 1024 // 6) + b"\n")
    (root / "outside.txt").write_text(" date 2022-01-01 A secret kept outside the seeds folder.\n")
    os.symlink(root / "outside.txt", root / "seeds" / "link.txt")
    project = Project(root, nlp)
    project.config("title: Hostile archive\nbase_url: https://example.org/\nsearch: false\n")
    result, diagnostics = project.build()
    return project, result, diagnostics


def content_of(project: Project, source: str) -> tuple[dict, str]:
    """The front matter and body of the content file made from seeds/<source>."""
    for path in project.content.glob("*.md"):
        meta, body = frontmatter.split(path.read_text(encoding="utf-8"))
        if meta.get("source") == f"seeds/{source}":
            return meta, body
    raise AssertionError(f"no content file for {source}")


def test_each_bad_seed_gets_exactly_its_warning_and_nothing_else(hostile):
    _, _, diagnostics = hostile
    assert sorted(str(d) for d in diagnostics.items) == EXPECTED
    assert diagnostics.errors == [] and diagnostics.exit_code() == 0 and diagnostics.exit_code(strict=True) == 1


def test_the_rest_of_the_archive_is_built_in_full(hostile):
    project, result, _ = hostile
    assert result.articles_failed == 4  # empty, whitespace only, binary, 50 MB (the symlink is not a seed)
    kept = sorted(p.name for p in project.seeds.iterdir() if p.name not in
                  {"empty.txt", "whitespace-only.txt", "image.txt", "big.txt", "link.txt", ".gitattributes"})
    assert result.articles_new == len(kept) == 29
    assert len(list(project.content.glob("*.md"))) == 29
    assert len(list((project.site / "articles").glob("*/index.html"))) == 29
    assert "Dmitry Peskov" in project.page("people/dmitry-peskov/index.html")


def test_unusual_but_valid_files_are_read_correctly_without_a_warning(hostile):
    project, _, diagnostics = hostile
    warned = {d.path for d in diagnostics.items}
    assert not warned & {f"seeds/{name}" for name in READ_QUIETLY}
    assert content_of(project, "utf8-bom.txt")[0]["title"] == "Officials in Cardiff said the stadium roof would close"
    assert content_of(project, "utf16-bom.txt")[1].strip().startswith("Engineers in Glasgow finished the tunnel")
    assert content_of(project, "utf16-no-bom.txt")[1].strip().startswith("Farmers near Norwich began")
    for name, second in (("crlf.txt", "It reopened at dawn."), ("lone-cr.txt", "The rector met them.")):
        meta, body = content_of(project, name)
        assert "\r" not in body and body.strip().split("\n\n")[1] == second and meta["date"].isoformat()
    for name in ("name with spaces.txt", "ünïcödé-名前.txt", "-leading-dash.txt"):
        assert slugs.is_safe(content_of(project, name)[0]["slug"])


def test_windows_1252_text_is_decoded_not_dropped(hostile):
    project, _, _ = hostile
    _, body = content_of(project, "cp1252.txt")
    assert "café owner in Zürich said “business is back” – at last" in body


def test_nul_bytes_and_terminal_escapes_are_removed_and_the_text_kept(hostile):
    project, _, _ = hostile
    _, body = content_of(project, "nul-bytes.txt")
    assert "\x00" not in body and "The mayor of Bristol opened the harbour festival" in body
    _, body = content_of(project, "terminal-escapes.txt")
    assert "The bell rang and [31mred[0m text appeared in Derby." in body.replace("\\", "")


def test_dates_in_other_formats_future_or_invalid(hostile):
    project, _, _ = hostile
    assert content_of(project, "date-other-format.txt")[0]["date"].isoformat() == "2022-09-26"
    assert content_of(project, "date-future.txt")[0]["date"].isoformat() == "2999-01-01"
    assert content_of(project, "date-invalid.txt")[0]["date"] is None


def test_same_title_and_date_twice_keeps_both_under_distinct_stable_slugs(hostile):
    project, _, _ = hostile
    a, b = content_of(project, "same-title-a.txt")[0], content_of(project, "same-title-b.txt")[0]
    assert a["title"] == b["title"] and a["date"] == b["date"]
    base = "leeds-council-approved-the-bridge-plan-after-a-long-debate"
    assert a["slug"] == base and b["slug"] == f"{base}-{slugs.short_hash('seeds/same-title-b.txt', 6)}"
    for slug in (a["slug"], b["slug"]):
        assert (project.site / "articles" / slug / "index.html").is_file()


def test_a_long_colliding_title_still_gets_a_distinct_slug_that_survives_loading():
    title = "Eurosceptic party UKIP have suspended a candidate for allegedly suggesting the crime was a plot"
    first = slugs.article_slug(title, "seeds/a.txt", set())
    second = slugs.article_slug(title, "seeds/b.txt", {first})
    assert first != second and len(second) <= slugs.MAX_SLUG and slugs.is_safe(second)
    assert slugs.slugify(second) == second  # loading content/ must not cut the disambiguating hash off again


def test_over_long_title_and_body_are_cut_with_the_article_kept(hostile):
    project, _, _ = hostile
    assert len(content_of(project, "long-title.md")[0]["title"]) <= MAX_TITLE
    assert len(content_of(project, "long-first-line.txt")[0]["title"]) <= 100
    meta, body = content_of(project, "one-mb-line.txt")
    assert MAX_ARTICLE_CHARS - 10 <= len(body.strip()) <= MAX_ARTICLE_CHARS and meta["date"].isoformat() == "2022-03-16"


def test_wrong_front_matter_is_dropped_field_by_field(hostile):
    project, _, _ = hostile
    meta, _ = content_of(project, "wrong-types.md")
    assert meta["slug"] == "outside" and meta["date"] is None and isinstance(meta["title"], str)
    assert (project.content / "outside.md").is_file() and not (project.root / "outside.md").exists()
    meta, body = content_of(project, "invalid-yaml.md")
    assert "summary: never read" not in body and "The pier in Brighton reopened." in body


def test_yaml_bombs_and_symbol_runs_leave_the_article_and_its_usable_fields(hostile):
    project, _, _ = hostile
    meta, body = content_of(project, "billion-laughs.md")  # the field that repeats too much goes; date and text stay
    assert "Whitby" in body and meta["date"].isoformat() == "2022-03-14" and "e" not in meta
    assert meta["title"].startswith("The harbour master in Whitby") and len(meta["title"]) < 100
    meta, body = content_of(project, "nested-brackets.md")  # entities found in the text instead of the nested list
    assert meta["title"] == "Flood defences finished in York" and "York" in {e["name"] for e in meta["entities"]}
    meta, body = content_of(project, "punctuation-run.txt")
    assert "(" * 20 in body and "(" * 21 not in body and "Passengers in Hull were offered refunds." in body
    assert "Rotterdam" in {e["name"] for e in meta["entities"]}


def test_hostile_entity_names_get_safe_pages_inside_the_site(hostile):
    project, _, _ = hostile
    dotdot = f"people/entity-{slugs.short_hash('..')}/index.html"
    assert "<h1>..</h1>" in project.page(dotdot)
    assert "<h1>???</h1>" in project.page(f"groups/entity-{slugs.short_hash('???')}/index.html")
    assert "<h1>../../../etc/passwd</h1>" in project.page("organizations/etc-passwd/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in project.page("people/script-alert-1-script/index.html")


def test_nothing_is_written_outside_site_and_content(hostile):
    project, _, _ = hostile
    allowed = {"site", "content", "seeds", "templates", "static", ".broadsheet", "config.yaml", "outside.txt"}
    assert {p.name for p in project.root.iterdir()} <= allowed
    assert (project.root / "outside.txt").read_text().startswith(" date 2022-01-01")


def test_the_hostile_site_passes_check(hostile):
    project, _, _ = hostile
    problems, counts = find_problems(project.site, "https://example.org/")
    assert [str(p) for p in problems] == [] and counts["pages"] > 29


def test_symlinks_that_loop_dangle_or_lead_to_a_folder_are_refused_and_hidden_folders_skipped(tmp_path):
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.extract.seeds import find_seeds

    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / ".git").mkdir()
    (tmp_path / "elsewhere").mkdir()
    for path in (seeds / "in.txt", seeds / "sub" / "s.txt", seeds / ".git" / "hidden.txt",
                 tmp_path / "elsewhere" / "o.txt"):
        path.write_text(" date 2022-01-01 Text about Leeds.\n")
    os.symlink("b.txt", seeds / "a.txt")
    os.symlink("a.txt", seeds / "b.txt")
    os.symlink("missing.txt", seeds / "dangling.txt")
    os.symlink(tmp_path / "elsewhere", seeds / "linked-folder")
    os.symlink("sub/s.txt", seeds / "inner-link.txt")
    diagnostics = Diagnostics(echo=False)
    found = find_seeds(seeds, diagnostics)
    assert [p.relative_to(seeds).as_posix() for p in found] == ["in.txt", "inner-link.txt", "sub/s.txt"]
    assert [str(d) for d in diagnostics.items] == [
        "seeds/a.txt: warning [W110] symlink is broken or loops; skipped",
        "seeds/b.txt: warning [W110] symlink is broken or loops; skipped",
        "seeds/dangling.txt: warning [W110] symlink is broken or loops; skipped",
        "seeds/linked-folder: warning [W110] symlinked folder is not followed (copy its files into the seeds "
        "folder to include them)",
    ]


def test_a_seed_that_vanishes_or_cannot_be_read_is_skipped_with_a_warning(tmp_path):
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.extract.seeds import read_seed

    diagnostics = Diagnostics(echo=False)
    assert read_seed(tmp_path / "gone.txt", "seeds/gone.txt", diagnostics, 10_000) is None
    assert [str(d) for d in diagnostics.items] == [
        "seeds/gone.txt: warning [W112] file cannot be read (No such file or directory); skipped"]
