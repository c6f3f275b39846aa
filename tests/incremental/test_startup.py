"""Start-up: a build with nothing changed compares names, sizes and times (of inputs and of every output) and
loads neither spaCy nor the render engine; spaCy loads only when a seed needs extracting, once per serve."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from broadsheet.core import stamps
from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.core.records import records_for
from broadsheet.extract import nlp as extract_nlp
from broadsheet.extraction import Model
from broadsheet.pipeline import build
from tests.conftest import REPO
from tests.sample_archive import write_archive

SEED_A = " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n"
SEED_B = " date 2022-03-02 Farmers in Kherson began the harvest early.\n"


@pytest.fixture
def rendered(project):
    """A render-only project built once."""
    write_archive(project.content, count=3)
    project.build(extract_content=False)
    return project


@pytest.mark.parametrize("tamper", ["deleted", "edited in place"])
def test_a_build_with_nothing_changed_restores_a_page_changed_deep_in_the_site(rendered, tamper):
    page = next(p for p in sorted((rendered.site / "articles").glob("*/index.html")))
    good = page.read_bytes()
    if tamper == "deleted":
        page.unlink()
    else:
        with page.open("r+b") as handle:  # the same size, the folder untouched: only the file's time tells
            handle.write(b"X")
    result, _ = rendered.build(extract_content=False)
    assert page.read_bytes() == good
    assert page.relative_to(rendered.site).as_posix() in result.written


@pytest.mark.parametrize("tamper", ["deleted", "edited in place", "replaced"])
@pytest.mark.parametrize("half", [0, 1])
def test_a_big_site_s_outputs_are_stat_ed_in_two_processes_and_a_change_in_either_half_counts(rendered, monkeypatch,
                                                                                            tamper, half):
    monkeypatch.setattr(stamps, "SPLIT_MIN_FILES", 2)  # the sample site is small: split its outputs as a big one's
    rendered.build(extract_content=False)  # the summary is written
    assert rendered.build(extract_content=False)[0].written == []
    outputs = sorted(json.loads(records_for(rendered.site, rendered.root).state.read_bytes())["outputs"])
    name = outputs[0] if half == 0 else outputs[-1]  # the first is this process's to stat, the last the child's
    page = rendered.site / name
    good = page.read_bytes()
    if tamper == "deleted":
        page.unlink()
    elif tamper == "edited in place":
        with page.open("r+b") as handle:
            handle.write(b"X")
    else:
        other = page.with_name(page.name + ".new")
        other.write_bytes(good + b" ")
        os.replace(other, page)
    result, _ = rendered.build(extract_content=False)
    assert page.read_bytes() == good and name in result.written


def test_the_stamps_of_files_split_over_two_processes_are_those_of_one(tmp_path, monkeypatch):
    paths = []
    for i in range(9):
        (tmp_path / f"{i}.html").write_bytes(b"x" * i)
        paths.append(str(tmp_path / f"{i}.html"))
    whole = stamps.stamps_of(paths)
    monkeypatch.setattr(stamps, "SPLIT_MIN_FILES", 2)
    assert stamps.stamps_of(paths) == whole == stamps.pack((os.stat(p).st_size, os.stat(p).st_mtime_ns) for p in paths)
    gone = str(tmp_path / "gone.html")
    assert stamps.stamps_of([gone, *paths]) is None and stamps.stamps_of([*paths, gone]) is None  # in either half
    for share in (0.0, 0.35, 1.0):  # whatever share this process keeps for after its other work
        assert stamps.Stamps(paths, share).packed() == whole

    def no_process_to_spare():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process_to_spare)
    assert stamps.Stamps(paths, 0.35).packed() == whole  # all of them in this process


def test_the_stamps_of_names_in_a_folder_are_those_of_their_whole_paths_in_either_process(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "people" / "ada").mkdir(parents=True)
    names = [f"people/ada/{i}.html" for i in range(9)]
    for i, name in enumerate(names):
        (site / name).write_bytes(b"x" * i)
    whole = stamps.stamps_of([str(site / name) for name in names])
    monkeypatch.setattr(stamps, "SPLIT_MIN_FILES", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    for share in (0.0, 0.5, 1.0):
        assert stamps.Stamps(names, share, root=str(site)).packed() == whole
    assert stamps.Stamps([*names, "people/ada/gone.html"], 0.5, root=str(site)).packed() is None
    assert stamps.Stamps(names, 0.5, root=str(tmp_path / "no-site")).packed() is None  # the folder is gone


@pytest.mark.parametrize("outside", ["/etc/hostname", "../escape.html", "articles/../../escape.html"])
def test_a_summary_naming_an_output_outside_the_site_is_not_trusted(rendered, outside):
    """The outputs a build with nothing changed stats are named by the last build's summary: one that names a
    file outside site/ (written by someone else) is not the build's own, and a full check of the site follows."""
    rendered.build(extract_content=False)
    records = records_for(rendered.site, rendered.root)
    summary = json.loads(records.summary.read_bytes())
    summary["outputs"] += "\0" + outside
    records.summary.write_text(json.dumps(summary), encoding="utf-8")
    result, diagnostics = rendered.build(extract_content=False)
    assert [w.code for w in diagnostics.warnings] == ["W172"]  # one message, naming the summary
    assert str(records.summary.name) in str(diagnostics.warnings[0])
    assert result.written == [] and result.unchanged  # the full check found every page as it was


def test_stamps_split_over_two_processes_pack_as_one_when_a_time_does_not_fit_64_bits(tmp_path, monkeypatch):
    paths = []
    for i in range(6):
        (tmp_path / f"{i}.html").write_bytes(b"x" * i)
        paths.append(str(tmp_path / f"{i}.html"))
    far = 2**63 + 10**18  # after the year 2262
    try:
        os.utime(paths[-1], ns=(far, far))
    except (OSError, OverflowError):
        pytest.skip("this file system cannot date a file after 2262")
    if os.stat(paths[-1]).st_mtime_ns < 2**63:
        pytest.skip("this file system cannot date a file after 2262")
    whole = stamps.stamps_of(paths)  # in one process: packed as text
    monkeypatch.setattr(stamps, "SPLIT_MIN_FILES", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert stamps.Stamps(paths, 0.5).packed() == whole  # the far date in the child's share only


def test_stamps_no_longer_wanted_leave_no_process_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(stamps, "SPLIT_MIN_FILES", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # split however many cores this machine has
    paths = [str(tmp_path / "a.html"), str(tmp_path / "b.html")]
    for path in paths:
        open(path, "wb").close()
    started = stamps.Stamps(paths * 5000, 0.1)
    child = started.pid
    assert child
    started.close()  # the inputs changed: the outputs' stamps are not needed
    started.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # stopped and reaped: no such child any more


def test_a_build_with_nothing_changed_reports_what_the_last_build_made(rendered):
    first, _ = rendered.build(extract_content=False)  # the full records read once more: the summary is written
    again, _ = rendered.build(extract_content=False)
    assert again.written == [] and again.unchanged == first.unchanged and len(again.unchanged) > 10
    assert again.entities == first.entities > 0 and again.articles_unchanged == 3
    state = json.loads(records_for(rendered.site, rendered.root).state.read_bytes())
    assert again.unchanged == sorted(state["outputs"])


def test_the_summary_stands_only_beside_the_records_it_was_written_with(rendered):
    records = records_for(rendered.site, rendered.root)
    records.state.unlink()  # the records gone: the build must not take the site as its own without them
    rendered.build(extract_content=False)
    assert records.state.is_file() and records.summary.is_file()
    state = json.loads(records.state.read_bytes())
    del state["outputs"]["index.html"]
    records.state.write_text(json.dumps(state))  # records written since: the summary is not theirs
    result, _ = rendered.build(extract_content=False)
    assert "index.html" not in result.unchanged and result.unchanged == sorted(state["outputs"])


IMPORTS = """
import os, sys


class NoteSpacy:  # notes in a file each process (this one, or one forked from it) that imports spaCy
    def find_spec(self, name, path=None, target=None):
        if name == "spacy":
            with open(os.environ["SPACY_IMPORTS"], "a") as notes:
                notes.write(f"{os.getpid()}\\n")
        return None


sys.meta_path.insert(0, NoteSpacy())
from broadsheet.commands.cli import main
code = main(sys.argv[1:])
print(sorted(name for name in ("spacy", "dask", "jinja2", "broadsheet.archive.site") if name in sys.modules))
print(os.getpid())
sys.exit(code)
"""


def modules_loaded(project, *args: str) -> list[str]:
    """What a build in a fresh process imported, of spaCy, Dask, the template engine and the site model; and
    "spacy in a child" for each process forked from it that imported spaCy."""
    notes = project.root.parent / f"spacy-imports-{project.root.name}"
    notes.write_text("")
    done = subprocess.run([sys.executable, "-c", IMPORTS, "--config", str(project.root / "config.yaml"), "-q", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SPACY_IMPORTS": str(notes)})
    assert done.returncode == 0, done.stderr
    *_, modules, pid = done.stdout.strip().splitlines()
    children = [line for line in notes.read_text().split() if line != pid]
    return eval(modules) + ["spacy in a child"] * len(children)  # the list printed above


def test_only_a_build_with_a_seed_to_extract_imports_spacy(project):
    project.seed("a.txt", SEED_A)
    project.build()
    assert modules_loaded(project) == []  # nothing changed: not even the template engine
    template = project.root / "templates" / "article.html"
    template.write_text(template.read_text().replace("<article", "<!-- edited -->\n<article", 1))
    assert modules_loaded(project) == ["broadsheet.archive.site", "jinja2"]  # render-only work: no spaCy
    write_archive(project.content, count=2)
    assert modules_loaded(project, "--render-only") == ["broadsheet.archive.site", "jinja2"]
    assert "edited" in project.page(next(p for p in project.files() if p.startswith("articles/")))
    project.seed("b.txt", SEED_B)
    # the model is loaded, and the seed extracted, in a child process, while this one reads what the site needs
    assert modules_loaded(project) == ["broadsheet.archive.site", "jinja2", "spacy in a child"]
    assert len(list(project.content.glob("*.md"))) == 4  # a.txt's, b.txt's and the two written above


@pytest.fixture
def loads(model_loads):
    """The names of the models loaded from now on, in this process or one forked from it."""
    return lambda: [name for _, name in model_loads()]


def test_the_model_loads_only_for_a_seed_that_needs_extracting_and_a_kept_model_loads_once(project, loads):
    config = load_config(project.root / "config.yaml")
    model = Model()
    project.seed("a.txt", SEED_A)
    build(config, Diagnostics(echo=False), nlp=model)
    assert loads() == ["en_core_web_sm"]
    (project.content / "note.md").write_text("---\ntitle: A note\ndate: 2022-03-05\n---\n\nA note.\n")
    build(config, Diagnostics(echo=False), nlp=model)  # the seed half looks at every seed: none changed
    project.seed("b.txt", SEED_B)
    result = build(config, Diagnostics(echo=False), nlp=model)
    assert result.articles_new == 1 and loads() == ["en_core_web_sm"]  # the same model, loaded once
    project.seed("c.txt", SEED_B.replace("Kherson", "Odesa"))
    result = build(config, Diagnostics(echo=False))  # a build of its own loads its own
    assert result.articles_new == 1 and loads() == ["en_core_web_sm"] * 2
    (project.content / "note.md").unlink()
    assert build(config, Diagnostics(echo=False)).articles_new == 0 and loads() == ["en_core_web_sm"] * 2


def test_a_model_that_cannot_load_is_one_error_and_the_next_build_tries_again(project, monkeypatch, nlp):
    from broadsheet.core.diagnostics import UserError

    attempts: list[str] = []

    def load_nlp(name: str):
        attempts.append(name)
        if len(attempts) == 1:
            raise UserError(f"spaCy model {name!r} is not installed")
        return nlp

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    config = load_config(project.root / "config.yaml")
    model = Model()
    project.seed("a.txt", SEED_A)
    with pytest.raises(UserError, match="is not installed"):
        build(config, Diagnostics(echo=False), nlp=model)
    assert build(config, Diagnostics(echo=False), nlp=model).articles_new == 1 and len(attempts) == 2


def test_a_render_only_build_with_nothing_changed_reads_no_content_file(rendered, monkeypatch):
    rendered.seed("waiting.txt", SEED_A)  # a seed no content file was made from: counted as left out
    first, _ = rendered.build(extract_content=False)
    assert first.seeds_skipped == 1
    from broadsheet.content import read as content_read

    opened = []
    monkeypatch.setattr(content_read, "scan_file", lambda path, before=None: opened.append(path))
    again, _ = rendered.build(extract_content=False)
    assert again.written == [] and again.seeds_skipped == 1  # counted from the record of the last scan
    assert opened == []


def test_the_count_of_seeds_left_out_follows_the_seeds_through_no_change_builds(project, monkeypatch):
    from broadsheet.content import read as content_read

    rendered = project
    write_archive(project.content, count=3)
    rendered.seed("waiting.txt", SEED_A)
    first, _ = rendered.build(extract_content=False)  # renders the site, and keeps the count with the seeds'
    assert first.seeds_skipped == 1
    scans = []
    real_scan = content_read.scan
    monkeypatch.setattr(content_read, "scan", lambda *args: scans.append(1) or real_scan(*args))
    again, _ = rendered.build(extract_content=False)
    assert again.seeds_skipped == 1 and scans == []  # the count kept with the seeds' fingerprint stands
    rendered.seed("later.txt", SEED_B)
    again, _ = rendered.build(extract_content=False)
    assert again.written == [] and again.seeds_skipped == 2 and scans  # another seed: counted again
    rendered.build()  # a full build extracts both: none is left out any more
    scans.clear()
    again, _ = rendered.build(extract_content=False)
    assert again.seeds_skipped == 0 and scans  # the full build kept no count: this one counts
    scans.clear()
    for _ in range(2):
        again, _ = rendered.build(extract_content=False)
        assert again.written == [] and again.seeds_skipped == 0 and scans == []  # ... and kept what it counted


def test_fingerprints_taken_together_list_a_folder_once_and_say_what_each_alone_says(tmp_path, monkeypatch):
    from broadsheet.core import hashing

    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "a.md").write_text("a")
    (content / "sub" / "B.MD").write_text("bb")
    (content / "notes.txt").write_text("n")
    (content / ".hidden.md").write_text("h")
    (content / "gone.md").symlink_to(tmp_path / "nowhere.md")  # no file to read: its name counts
    (content / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    alone = (hashing.tree_fingerprint(content), hashing.tree_fingerprint(content, suffixes=(".md",)))
    scans = []
    real = hashing._files
    monkeypatch.setattr(hashing, "_files", lambda folder, suffixes: scans.append(folder) or real(folder, suffixes))
    listed: dict = {}
    together = (hashing.tree_fingerprint(content, listed=listed),
                hashing.tree_fingerprint(content, suffixes=(".md",), listed=listed))
    assert together == alone and alone[0] != alone[1]
    assert scans == [str(content), str(content / "sub")]  # once, not once per fingerprint
