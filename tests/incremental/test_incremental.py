"""Incremental builds: only what changed is extracted, rendered and written; the result equals a clean build."""

from __future__ import annotations

import difflib
import shutil

import pytest

from broadsheet import pipeline
from broadsheet.core.records import load_cache, records_for
from broadsheet.extract import frontmatter

SEEDS = {
    "a.txt": " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris to discuss energy prices.\n\n"
             "Merkel said Germany would keep buying gas.\n",
    "b.txt": " date 2022-03-02 Farmers in Kherson began the harvest early as fighting moved east.\n",
    "c.txt": " date 2022-03-03 Nokia said profits rose as sales in Finland recovered.\n",
}
NEW = " date 2022-03-04 Emmanuel Macron visited Kherson and promised aid to farmers.\n"


class CountingNLP:
    """Wraps the real pipeline and counts the texts sent to it."""

    def __init__(self, nlp):
        self.nlp, self.texts = nlp, []

    def pipe(self, pairs, **kwargs):
        pairs = list(pairs)
        self.texts += [text for text, _ in pairs]
        kwargs["n_process"] = 1
        return self.nlp.pipe(pairs, **kwargs)


@pytest.fixture
def built(project):
    for name, text in SEEDS.items():
        project.seed(name, text)
    project.nlp = CountingNLP(project.nlp)
    project.build()
    return project


def article_output(project, title_start: str) -> str:
    for path in project.content.glob("*.md"):
        meta, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        if meta["title"].startswith(title_start):
            return f"articles/{meta['slug']}/index.html"
    raise AssertionError(f"no article titled {title_start!r}")


def test_second_build_extracts_nothing_and_writes_nothing(built):
    sent = len(built.nlp.texts)
    before = built.files("site") | {f"content/{k}": v for k, v in built.files("content").items()}
    result, _ = built.build()
    assert len(built.nlp.texts) == sent == 3
    assert result.written == [] and result.removed == []
    assert built.files("site") | {f"content/{k}": v for k, v in built.files("content").items()} == before


def test_added_seed_is_the_only_text_sent_to_spacy_and_rewrites_only_what_shows_it(built):
    nokia = article_output(built, "Nokia said profits rose")
    nokia_before = built.page(nokia)
    built.seed("d.txt", NEW)
    result, _ = built.build()
    assert built.nlp.texts[3:] == [NEW.split(" ", 3)[3].strip()]
    written = set(result.written)
    new_page = article_output(built, "Emmanuel Macron visited Kherson")
    assert {new_page, "people/emmanuel-macron/index.html", "places/kherson/index.html", "index.html",
            "people/index.html", "places/index.html"} <= written
    assert "organizations/nokia/index.html" not in written  # not in the new article
    assert "places/finland/index.html" not in written
    # the newest article until now gains a "Next" link to the new one, and nothing else on it changes
    changed = [line for line in difflib.ndiff(nokia_before.splitlines(), built.page(nokia).splitlines())
               if line.startswith(("+ ", "- "))]
    assert len(changed) == 2 and 'rel="next"' in changed[-1] and "Emmanuel Macron visited Kherson" in changed[-1]


def test_a_build_reads_no_unchanged_seed_but_reads_one_rewritten_with_its_old_size_and_time(built, monkeypatch):
    """Stat, not hash, unless stat says changed: with one seed added, the others are not read; one rewritten
    in place keeping its size and modification time has a new change time, so it is read and extracted."""
    import os

    from broadsheet import pipeline

    monkeypatch.setattr(pipeline, "RACY_NS", 0)  # the seeds were written a moment ago: trust their times now
    built.seed("d.txt", NEW)
    built.build()  # reads each unchanged seed once more, and keeps its stamp
    opened: list[str] = []

    def watching(file, *args, **kwargs):
        opened.append(str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(pipeline, "open", watching, raising=False)
    built.seed("e.txt", " date 2022-03-05 Nokia opened a plant in Espoo.\n")
    built.nlp.texts.clear()
    built.build()
    # only d.txt, extracted by the build before (read once more, then its stamp is kept), not a, b or c
    assert [path for path in opened if "/seeds/" in path] == [str(built.seeds / "d.txt")]
    assert len(built.nlp.texts) == 1

    path = built.seeds / "b.txt"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Farmers", "Growers", 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    built.nlp.texts.clear()
    built.build()
    assert [p for p in opened if p.endswith("b.txt")] == [str(path)]
    assert len(built.nlp.texts) == 1 and "Growers" in built.nlp.texts[0]


def test_removed_seed_removes_its_pages_and_entities_left_empty(built):
    nokia_page = article_output(built, "Nokia said profits rose")
    (built.seeds / "c.txt").unlink()
    result, _ = built.build()
    assert nokia_page in result.removed and "organizations/nokia/index.html" in result.removed
    assert not (built.site / nokia_page).exists() and not (built.site / "organizations/nokia").exists()
    assert (built.site / "people/emmanuel-macron/index.html").exists()


def test_files_the_build_did_not_create_are_never_deleted(built):
    (built.site / "CNAME").write_text("archive.example.org\n")
    (built.site / "articles" / "notes.txt").write_text("mine\n")
    for name in SEEDS:
        (built.seeds / name).unlink()
    built.seed("d.txt", NEW)  # one seed left: an empty seeds folder removes nothing (tests/errors/test_user_files.py)
    built.build()
    assert (built.site / "CNAME").read_text() == "archive.example.org\n"
    assert (built.site / "articles" / "notes.txt").exists()
    pages = [p.relative_to(built.site).as_posix() for p in (built.site / "articles").rglob("index.html")]
    assert pages == [article_output(built, "Emmanuel Macron visited Kherson")]


def test_template_edit_rerenders_exactly_the_pages_that_use_it(built):
    template = built.root / "templates" / "article.html"
    template.write_text(template.read_text().replace("<article", "<!-- edited -->\n<article", 1))
    result, _ = built.build()
    assert sorted(result.written) == sorted(p for p in built.files("site") if p.startswith("articles/"))
    assert all("<!-- edited -->" in built.page(p) for p in result.written)


def test_config_edit_rerenders_the_pages_that_show_it(built):
    config = built.root / "config.yaml"
    config.write_text(config.read_text().replace("title: Test archive", "title: Renamed archive"))
    result, _ = built.build()
    html_pages = [p for p in built.files("site") if p.endswith(".html")]
    assert sorted(p for p in result.written if p.endswith(".html")) == sorted(html_pages)
    assert "Renamed archive" in built.page("index.html")


def test_settings_no_page_shows_leave_the_site_alone(built):
    config = built.root / "config.yaml"
    config.write_text(config.read_text() + "processes: 1\nbatch_size: 8\n")
    result, _ = built.build()
    assert result.written == [] and result.rendered == 0
    assert "model" not in result.seconds  # the site half saw nothing to do: no model was built


def test_a_persons_edit_survives_a_changed_seed(built):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    edited = path.read_text(encoding="utf-8").replace("type: organization", "type: person", 1) + "\nAn editor's note.\n"
    path.write_text(edited, encoding="utf-8")
    built.seed("c.txt", SEEDS["c.txt"] + "\nThe company also cut jobs in Espoo.\n")
    _, diagnostics = built.build()
    assert path.read_text(encoding="utf-8") == edited
    beside = path.with_name(path.name + ".new")
    assert beside.exists() and "Espoo" in beside.read_text(encoding="utf-8")
    assert any(d.code == "W131" and d.path == str(path) for d in diagnostics.items)
    assert "An editor" in built.page(article_output(built, "Nokia said profits rose"))


def test_incremental_sequence_gives_the_same_bytes_as_a_clean_build(built, tmp_path):
    built.seed("d.txt", NEW)
    built.build()
    (built.seeds / "b.txt").unlink()
    built.build()
    built.seed("a.txt", SEEDS["a.txt"] + "\nMacron later flew to Berlin.\n")
    built.build()
    clean = tmp_path / "clean"
    shutil.copytree(built.root, clean, ignore=shutil.ignore_patterns("content", "site", ".broadsheet"))
    from tests.conftest import Project

    fresh = Project(clean, built.nlp)
    fresh.build()
    assert fresh.files("site") == built.files("site")
    assert fresh.files("content") == built.files("content")


def test_a_renamed_seed_keeps_its_slug(built):
    before = sorted(p.name for p in built.content.glob("*.md"))
    (built.seeds / "c.txt").rename(built.seeds / "c-renamed.txt")
    built.build()
    assert sorted(p.name for p in built.content.glob("*.md")) == before


def test_two_markdown_seeds_asking_for_one_slug_are_both_kept(project):
    for name, person in (("one.md", "Angela Merkel"), ("two.md", "Emmanuel Macron")):
        project.seed(name, f"---\ntitle: A story about {person}\nslug: shared\n---\n{person} spoke in Paris.\n")
    _, diagnostics = project.build()
    assert [d for d in diagnostics.items if d.code == "W150"] == []
    titles = {frontmatter.split(p.read_text(encoding="utf-8"))[0]["slug"] for p in project.content.glob("*.md")}
    assert len(titles) == 2 and "shared" in titles
    assert len(list((project.site / "articles").glob("*/index.html"))) == 2


def test_turning_search_off_removes_the_index_it_made(project):
    project.seed("a.txt", SEEDS["a.txt"])
    config = project.root / "config.yaml"
    config.write_text(config.read_text().replace("search: false", "search: true"))
    project.build()
    assert list((project.site / "pagefind").rglob("pagefind.js"))
    config.write_text(config.read_text().replace("search: true", "search: false"))
    result, _ = project.build()
    assert not (project.site / "pagefind").exists()
    assert any(p.startswith("pagefind/") for p in result.removed)


def test_a_kept_edit_settles_once_its_new_extraction_is_dismissed(built):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    edited = path.read_text(encoding="utf-8") + "\nAn editor's note.\n"
    path.write_text(edited, encoding="utf-8")
    built.seed("c.txt", SEEDS["c.txt"] + "\nThe company also cut jobs in Espoo.\n")
    built.build()
    beside = path.with_name(path.name + ".new")
    beside.unlink()  # merged what they wanted, as the README says
    sent = len(built.nlp.texts)
    _, diagnostics = built.build()
    assert len(built.nlp.texts) == sent and not beside.exists()
    assert [d for d in diagnostics.items if d.code == "W131"] == []
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("forget", ["clean", "delete records"])
def test_a_dismissed_extraction_stays_dismissed_after_the_build_records_go(built, forget):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    path.write_text(path.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    built.seed("c.txt", SEEDS["c.txt"] + "\nThe company also cut jobs in Espoo.\n")
    built.build()
    path.with_name(path.name + ".new").unlink()
    if forget == "clean":
        from broadsheet.core.config import load_config
        from broadsheet.pipeline import clean

        clean(load_config(built.root / "config.yaml"))
    else:
        shutil.rmtree(built.root / ".broadsheet")
    sent = len(built.nlp.texts)
    _, diagnostics = built.build()
    assert len(built.nlp.texts) == sent and not path.with_name(path.name + ".new").exists()
    assert [d for d in diagnostics.items if d.code == "W131"] == []
    assert "An editor's note." in built.page(article_output(built, "Nokia"))


def test_a_broken_reviewed_file_is_named_not_silently_forgotten(built):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    path.write_text(path.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    built.seed("c.txt", SEEDS["c.txt"] + "\nThe company also cut jobs in Espoo.\n")
    built.build()
    reviewed = built.content / ".reviewed.yaml"
    reviewed.write_text(reviewed.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    _, diagnostics = built.build()
    assert [(d.code, d.path) for d in diagnostics.items if d.code == "W132"] == [("W132", str(reviewed))]


def test_warnings_repeat_on_a_build_that_changed_nothing(project):
    (project.seeds / "latin.txt").write_bytes(" date 2022-01-01 Caf\xe9 owners in Paris met the mayor.\n".encode("cp1252"))
    _, first = project.build()
    result, second = project.build()
    assert [d.code for d in first.items] == [d.code for d in second.items] == ["W106"]
    assert str(second.items[0]).startswith("seeds/latin.txt")
    assert result.written == []


def test_an_unchanged_seed_with_a_warning_is_read_again_so_the_warning_repeats(project):
    (project.seeds / "latin.txt").write_bytes(" date 2022-01-01 Caf\xe9 owners in Paris met the mayor.\n".encode("cp1252"))
    project.build()
    project.nlp = CountingNLP(project.nlp)
    project.seed("new.txt", NEW)
    result, diagnostics = project.build()
    assert [d.code for d in diagnostics.items] == ["W106"]
    assert str(diagnostics.items[0]).startswith("seeds/latin.txt:1:")
    assert len(project.nlp.texts) == 1 and result.articles_new == 1 and result.articles_unchanged == 1
    shutil.rmtree(project.root / ".broadsheet")  # the build records are gone (or `build.py clean` ran)
    project.seed("newer.txt", NEW.replace("2022-03-04", "2022-03-05"))
    _, diagnostics = project.build()
    assert [d.code for d in diagnostics.items] == ["W106"]


def test_a_kept_edit_settles_even_when_no_page_changes(built):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    path.write_text(path.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    built.build()  # renders the edit
    built.seed("c.txt", SEEDS["c.txt"] + "\nThe company also cut jobs in Espoo.\n")
    built.build()  # the seed changed: its extraction goes beside the edit; no page changes
    sent = len(built.nlp.texts)
    path.with_name(path.name + ".new").unlink()
    built.build()
    assert len(built.nlp.texts) == sent


@pytest.mark.parametrize("records, typo", [("kept", "yaml"), ("deleted", "yaml"), ("deleted", "source line")])
def test_a_typo_in_a_content_file_never_duplicates_its_article(built, records, typo):
    [path] = [p for p in built.content.glob("*.md") if "nokia" in p.name]
    good = path.read_text(encoding="utf-8")
    broken = good.replace("\ntitle:", "\naliases: [}\ntitle:", 1) if typo == "yaml" else \
        good.replace("\nsource: ", "\nsource: \"", 1)  # an unclosed quote on the very line that names the seed
    assert broken != good
    path.write_text(broken, encoding="utf-8")
    if records == "deleted":
        shutil.rmtree(built.root / ".broadsheet")
    names = sorted(p.name for p in built.content.iterdir())
    sent = len(built.nlp.texts)
    result, diagnostics = built.build()
    assert [d.code for d in diagnostics.items] == ["W141"]  # the typo is named; the seed is not extracted again
    assert len(built.nlp.texts) == sent and result.articles_new == 0
    assert sorted(p.name for p in built.content.iterdir()) == names
    path.write_text(good, encoding="utf-8")
    result, diagnostics = built.build()
    assert diagnostics.items == [] and len(built.nlp.texts) == sent
    assert len(list(built.content.glob("*.md"))) == len(SEEDS)
    assert sum(1 for p in built.files("site") if p.startswith("articles/")) == len(SEEDS)


def test_a_build_that_extracts_a_seed_lists_the_content_folder_once_for_the_seed_half(built, monkeypatch):
    """The seed half lists content/ when it starts; the files it writes then are added to that listing, not
    found by listing the folder again (on a big archive, each listing stats every content file)."""
    from broadsheet.content import read as content_read

    listed = []
    real = content_read.content_files
    monkeypatch.setattr(content_read, "content_files",
                        lambda folder, diagnostics=None: listed.append(folder) or real(folder, diagnostics))
    real_update = pipeline.update_content
    during: list[int] = []

    def update(*args, **kwargs):
        before = len(listed)
        written = real_update(*args, **kwargs)
        during.append(len(listed) - before)
        return written

    monkeypatch.setattr(pipeline, "update_content", update)
    built.seed("d.txt", NEW)
    result, _ = built.build()
    assert result.articles_new == 1 and during == [1]
    scanned = content_read.scan(built.content)[0]  # what listing the folder again would have found
    records = records_for(built.site, built.root)
    kept = load_cache(records, "content-index", pipeline.scan_schema(), content_read.content_file_from_row, None,
                      pipeline.SCAN_PARTS)
    assert {str(entry.path) for entry in scanned.values()} == set(kept)  # the new file is in the kept index


def test_a_build_that_extracts_a_seed_fingerprints_the_content_folder_once_before_and_once_after(built, monkeypatch):
    """content/ is in the seed half's fingerprint and in the site's: each moment (the start, and after the
    extraction) lists it once for both."""
    from broadsheet.core import hashing

    listed = []
    real = hashing._files
    monkeypatch.setattr(hashing, "_files", lambda folder, suffixes: listed.append(folder) or real(folder, suffixes))
    built.seed("d.txt", NEW)
    result, _ = built.build()
    assert result.articles_new == 1 and listed.count(str(built.content)) == 2
