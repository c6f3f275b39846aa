"""Building the mission's seed, and small projects, end to end into tmp_path."""

from __future__ import annotations

import shutil

from broadsheet.extract import frontmatter
from tests.conftest import SEED
from tests.linkcheck import broken_links

PESKOV = "people/dmitry-peskov/index.html"


def test_seed_builds_a_readable_article_with_entity_pages_and_cross_links(project):
    shutil.copy(SEED, project.seeds / SEED.name)
    result, diagnostics = project.build()
    assert diagnostics.items == []
    assert result.articles_new == 1
    [content_file] = project.content.glob("*.md")
    meta, body = frontmatter.split(content_file.read_text(encoding="utf-8"))
    assert meta["date"].isoformat() == "2022-09-26"
    assert meta["title"].startswith("Kremlin spokesman Dmitry Peskov said")
    assert len(meta["title"]) <= 100 and not meta["title"].endswith((" of", " the", " for"))
    assert meta["source"] == f"seeds/{SEED.name}"
    names = {e["name"]: e for e in meta["entities"]}
    assert names["Dmitry Peskov"]["type"] == "person" and "Peskov" in names["Dmitry Peskov"]["aliases"]
    assert names["Wagner Group"]["type"] == "organization"
    assert names["Luhansk"]["type"] == "place"
    assert "Vladimir Putin" in names and "Vladimir Putin’s" not in names
    assert body.strip().startswith("Kremlin spokesman Dmitry Peskov said")

    article = project.page(f"articles/{meta['slug']}/index.html")
    assert f'href="../../{PESKOV}"' in article
    assert 'href="../../organizations/wagner-group/index.html"' in article
    assert 'href="../../places/luhansk/index.html"' in article
    peskov = project.page(PESKOV)
    assert "Dmitry Peskov" in peskov and meta["title"] in peskov
    assert broken_links(project.site) == []


def test_title_first_plain_text_and_markdown_with_front_matter_both_parse(project):
    project.seed("bbc/001.txt", """
        Ad sales boost Time Warner profit

        Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to
        December, from $639m year-earlier.
        """)
    project.seed("edited.md", """
        ---
        title: A headline a person wrote
        date: 2021-03-04
        summary: A summary a person wrote.
        ---
        Angela Merkel met Emmanuel Macron in Paris on Thursday.
        """)
    project.build()
    metas = {}
    for path in project.content.glob("*.md"):
        meta, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        metas[meta["title"]] = meta
    assert metas["Ad sales boost Time Warner profit"]["date"] is None
    person = metas["A headline a person wrote"]
    assert person["date"].isoformat() == "2021-03-04" and person["summary"] == "A summary a person wrote."
    assert {"Angela Merkel", "Emmanuel Macron", "Paris"} <= {e["name"] for e in person["entities"]}


def test_front_matter_round_trips_through_yaml():
    meta = {"title": "Quotes: ‘a’ “b” — and #hash", "date": None, "entities": [{"name": "O'Neil", "type": "person"}]}
    text = frontmatter.dump(meta, "Body text.")
    again, body = frontmatter.split(text)
    assert again == meta and body.strip() == "Body text."


def test_existing_slugs_stay_put_when_articles_are_added_or_removed(project):
    project.seed("a.txt", " date 2022-01-01 Officials in Kyiv said the bridge would reopen.\n")
    project.build()
    first = {p.name for p in project.content.glob("*.md")}
    project.seed("b.txt", " date 2022-01-02 Officials in Kyiv said the bridge would reopen.\n")
    project.seed("c.txt", " date 2022-01-03 Farmers in Kherson began the harvest early.\n")
    project.build()
    after = {p.name for p in project.content.glob("*.md")}
    assert first <= after and len(after) == 3  # same title: both kept under distinct slugs
    (project.seeds / "c.txt").unlink()
    project.build()
    assert {p.name for p in project.content.glob("*.md")} == after - {"farmers-in-kherson-began-the-harvest-early.md"}


def test_html_in_articles_is_shown_as_text(project):
    project.seed("x.txt", """
        A <script>alert(1)</script> headline & "quotes"

        The mayor of Paris said <b>hello</b> and "><img src=x onerror=alert(2)> to the crowd.
        """)
    project.build()
    [page] = (project.site / "articles").rglob("index.html")
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>hello</b>" not in html


def test_bad_files_warn_by_name_and_the_rest_still_builds(project):
    project.seed("good.txt", " date 2022-09-26 Officials in Kyiv said the bridge would reopen.\n")
    (project.seeds / "empty.txt").write_text("")
    (project.seeds / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    project.seed("baddate.txt", " date 2022-13-45 The council met in Leeds on Monday.\n")
    result, diagnostics = project.build()
    messages = [str(d) for d in diagnostics.items]
    assert any(m.startswith("empty.txt") or "empty.txt: warning [W101]" in m for m in messages)
    assert any("image.txt" in m and "binary" in m for m in messages)
    assert any("baddate.txt:1:" in m and "invalid date '2022-13-45'" in m for m in messages)
    assert result.articles_new == 2 and result.articles_failed == 2
    assert diagnostics.exit_code(strict=False) == 0 and diagnostics.exit_code(strict=True) == 1


def test_every_internal_link_resolves(project):
    shutil.copy(SEED, project.seeds / SEED.name)
    project.seed("b.txt", " date 2022-10-01 Dmitry Peskov said Vladimir Putin would visit Kherson.\n")
    project.build()
    assert broken_links(project.site) == []
    assert (project.site / "index.html").is_file() and (project.site / "people/index.html").is_file()


def test_written_files_are_readable_by_a_web_server(project):
    import os
    import stat

    import broadsheet.core.files as write

    old = os.umask(0o022)
    try:
        write._FILE_MODE = write._file_mode()
        project.seed("a.txt", " date 2022-01-01 Officials in Kyiv said the bridge would reopen.\n")
        project.build()
    finally:
        os.umask(old)
        write._FILE_MODE = write._file_mode()
    for path in [*project.site.rglob("*.html"), *project.content.glob("*.md")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_rendering_content_never_imports_spacy(project):
    """--render-only needs no model, and a site build does not pay spaCy's second-long import."""
    import subprocess
    import sys

    from tests.conftest import REPO
    from tests.sample_archive import write_archive

    write_archive(project.content, count=3)
    script = ("import sys; from broadsheet.commands.cli import main; code = main(['--config', sys.argv[1], '--render-only', "
              "'-q']); print(code, 'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(project.root / "config.yaml")], cwd=REPO,
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]
