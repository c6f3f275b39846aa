"""What a build tells its user: a summary that adds up, and one clear message when there is nothing to build
from (an empty seeds folder, seeds of another kind, no config.yaml, no content for --render-only)."""

from __future__ import annotations

import pytest

from broadsheet.commands.cli import main
from broadsheet.commands.report import summary
from broadsheet.core.diagnostics import Diagnostics
from tests.sample_archive import write_archive

SEED_A = " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n"
SEED_B = " date 2022-03-02 Farmers near Kherson began the harvest early.\n"
SEED_C = " date 2022-03-03 Olaf Scholz visited Warsaw on Thursday.\n"


def lines(result, diagnostics=None) -> dict[str, str]:
    """The summary's lines by their first word."""
    text = summary(result, diagnostics or Diagnostics(echo=False))
    return {line.split(":")[0]: line for line in text.splitlines()}


def test_the_summary_counts_new_changed_edited_and_removed_articles_and_they_add_up(project):
    project.seed("a.txt", SEED_A)
    b = project.seed("b.txt", SEED_B)
    result, _ = project.build()
    assert (result.articles_new, result.articles_unchanged) == (2, 0)
    edited = next(p for p in project.content.glob("*.md") if "Merkel" in p.read_text(encoding="utf-8"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("met", "talked with"), encoding="utf-8")
    b.unlink()
    project.seed("c.txt", SEED_C)
    result, _ = project.build()
    counts = (result.articles_new, result.articles_changed, result.articles_edited, result.articles_unchanged,
              result.articles_removed)
    assert counts == (1, 0, 1, 0, 1)
    assert len(list(project.content.glob("*.md"))) == 2 == sum(counts[:4])
    assert lines(result)["articles"].startswith("articles: 1 new, 0 changed, 1 edited, 0 unchanged, 1 removed, 0 failed")
    result, _ = project.build()  # nothing changed
    assert (result.articles_new, result.articles_edited, result.articles_unchanged, result.articles_removed) == (0, 0, 2, 0)


def test_content_files_added_or_deleted_by_hand_are_counted(project):
    write_archive(project.content, count=3)
    project.build(extract_content=False)
    (project.content / "story-01.md").unlink()
    write_archive(project.content / "more", count=1)
    (project.content / "more" / "story-00.md").rename(project.content / "by-hand.md")
    result, _ = project.build(extract_content=False)
    assert (result.articles_new, result.articles_edited, result.articles_unchanged, result.articles_removed) == (1, 0, 2, 1)


def test_the_search_index_is_counted_on_its_own_line(project):
    write_archive(project.content, count=3)
    project.config("search: true\n")
    result, _ = project.build(extract_content=False)
    shown = lines(result)
    pages = sum(1 for o in result.written if not o.startswith("pagefind/"))
    assert f"{pages} written" in shown["pages"] and "pagefind" not in shown["pages"]
    index = sum(1 for o in result.written if o.startswith("pagefind/"))
    assert index > 0 and shown["search index"].startswith(f"search index: {index} files written")


def test_render_only_says_that_new_seeds_were_skipped(project):
    project.seed("a.txt", SEED_A)
    project.build()
    project.seed("b.txt", SEED_B)
    for _ in range(2):  # the second build changes nothing and says it again
        result, _ = project.build(extract_content=False)
        assert result.seeds_skipped == 1
        assert "seeds: not read (--render-only), so 1 seed file(s) not yet in content/" in lines(result)["seeds"]
    result, _ = project.build()
    assert result.seeds_skipped is None and "seeds" not in lines(result)


@pytest.mark.parametrize("files, message", [
    ({}, "seeds folder is empty, so the archive has no articles; put articles (.txt or .md files) in it"),
    ({"a.docx": b"PK", "b.docx": b"PK", "c.pdf": b"%PDF"},
     "seeds folder holds no .txt or .md files (only 2 .docx, 1 .pdf), so the archive has no articles; Broadsheet "
     "reads plain text (.txt) and Markdown (.md) seeds"),
])
def test_a_seeds_folder_with_nothing_to_read_is_one_warning_and_the_build_goes_on(project, capsys, files, message):
    for name, data in files.items():
        (project.seeds / name).write_bytes(data)
    assert main(["--config", str(project.root / "config.yaml"), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"{project.seeds}: warning [W242] {message}" in err
    assert err.count("warning") == 1 and (project.site / "index.html").is_file()


def test_render_only_without_content_says_to_build_without_it(project, capsys):
    assert main(["--config", str(project.root / "config.yaml"), "-q", "--render-only"]) == 0
    assert (f"{project.content}: warning [W146] content folder not found, so there is nothing to render; build "
            "without --render-only to extract your seeds into it") in capsys.readouterr().err


def test_a_folder_without_config_yaml_is_told_how_to_start(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert f"error: no config.yaml in {tmp_path}: run Broadsheet in your project's folder, pass --config FILE, " in err
    assert " new DIR`" in err and not (tmp_path / "site").exists()


def test_an_empty_seeds_folder_beside_hand_written_content_is_no_mistake(project):
    write_archive(project.content, count=2)
    result, diagnostics = project.build()
    assert diagnostics.items == [] and result.articles_unchanged == 2
