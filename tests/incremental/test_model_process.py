"""A build that loads spaCy for itself does it in a child process, which extracts the seeds, while the build reads
what its site half needs: the content, the site and the errors are those of a build that extracts in-process."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys

import pytest

from broadsheet import extraction, pipeline
from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics, UserError
from broadsheet.core.records import Warmed, load_cache, records_for, save_cache, warm_cache
from broadsheet.extract import nlp as extract_nlp
from tests.sample_archive import write_archive

pytestmark = pytest.mark.skipif(not extraction.ModelProcess.usable(), reason="needs fork and two cores")

SEEDS = {
    "a.txt": " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n",
    "b.txt": " date 2022-03-02 Farmers in Kherson began the harvest early, said Angela Merkel.\n",
    "c.txt": " date 2022-03-03 Emmanuel Macron spoke in Berlin about the harvest in Kherson.\n",
}


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """Each build here chooses as one in a fresh process does (this session has imported spaCy already)."""
    monkeypatch.setattr(extraction.ModelProcess, "wanted", staticmethod(lambda: True))


@pytest.fixture
def children(model_loads):
    """The ids of the processes that loaded a model from now on (each gets the session's pipeline)."""
    return lambda: [pid for pid, _ in model_loads()]


def build_alone(project) -> tuple:
    """A build as build.py runs it: no model given, so it loads its own."""
    diagnostics = Diagnostics(echo=False)
    config = load_config(project.root / "config.yaml", {}, diagnostics)
    return pipeline.build(config, diagnostics), diagnostics


def test_seeds_extracted_in_a_child_give_the_content_and_site_of_an_in_process_build(project, tmp_path, children):
    twin = type(project)(tmp_path / "twin", project.nlp)
    for folder in ("templates", "static"):
        shutil.copytree(project.root / folder, twin.root / folder)
    (twin.root / "seeds").mkdir()
    twin.config((project.root / "config.yaml").read_text())
    write_archive(project.content, count=6)
    write_archive(twin.content, count=6)
    for name, text in SEEDS.items():  # one seed per build: each build extracts one and reads the rest ahead
        project.seed(name, text)
        twin.seed(name, text)
        result, diagnostics = build_alone(project)
        assert result.articles_new == 1 and not diagnostics.errors
        twin.build()  # the session's model, in this process
    loaded = children()
    assert len(loaded) == len(SEEDS) and os.getpid() not in loaded  # each build's own child loaded it
    assert project.files("content") == twin.files("content")
    assert project.files() == twin.files()
    assert not multiprocessing.active_children()  # every child has left


def test_a_model_that_cannot_load_in_the_child_is_one_error_and_the_next_build_extracts(project, monkeypatch, nlp):
    failing = True

    def load_nlp(name: str):
        if failing:
            raise UserError(f"spaCy model {name!r} is not installed")
        return nlp

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    project.seed("a.txt", SEEDS["a.txt"])
    with pytest.raises(UserError, match="is not installed"):
        build_alone(project)
    assert not multiprocessing.active_children()
    failing = False
    result, _ = build_alone(project)
    assert result.articles_new == 1


def test_a_child_stopped_mid_extraction_fails_the_build_with_a_message(project, monkeypatch, nlp):
    def load_nlp(name: str):
        return nlp

    def extract_all(*args, **kwargs):
        os._exit(3)  # the child dies (killed, out of memory) before sending anything
        yield

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    monkeypatch.setattr(extract_nlp, "extract_all", extract_all)
    project.seed("a.txt", SEEDS["a.txt"])
    with pytest.raises(UserError, match="stopped .*build again"):
        build_alone(project)
    assert not multiprocessing.active_children()
    assert not list(project.content.glob("*.md"))  # nothing half-written


def test_a_cache_read_ahead_is_used_only_while_its_file_is_the_one_read(tmp_path):
    records = records_for(tmp_path / "site", tmp_path)
    records.folder.mkdir(parents=True)

    def decode(key, value):
        return value

    save_cache(records, "things", "s1", {"a": 1}, lambda value: value)
    warm_cache(records, "things", "s1", decode)
    assert load_cache(records, "things", "s1", decode) == {"a": 1}
    assert load_cache(records, "things", "s1", decode) == {"a": 1}  # handed out once; then read from the file
    warm_cache(records, "things", "s1", decode)
    save_cache(records, "things", "s1", {"a": 2}, lambda value: value)  # written again after it was read ahead
    assert load_cache(records, "things", "s1", decode) == {"a": 2}
    warm_cache(records, "things", "s1", decode)
    assert load_cache(records, "things", "s2", decode) == {}  # another shape of entries: not these
    Warmed.clear()


def test_a_build_that_stops_mid_extraction_stops_the_child_at_once(project, monkeypatch, nlp):
    """An error here while the child still extracts (a content file that cannot be written, Ctrl+C) stops the
    child, instead of waiting for it to finish the seeds nobody will take."""
    import time

    def load_nlp(name: str):
        return nlp

    def extract_all(nlp, seeds, *args, **kwargs):  # one extraction, then busy for minutes
        yield from real_extract_all(nlp, seeds[:1], *args, **kwargs)
        time.sleep(300)

    def write_extraction(*args, **kwargs):
        raise OSError("disk full")

    real_extract_all = extract_nlp.extract_all
    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    monkeypatch.setattr(extract_nlp, "extract_all", extract_all)
    monkeypatch.setattr(pipeline, "write_extraction", write_extraction)
    monkeypatch.setattr(extraction, "CLOSE_SECONDS", 300)
    project.seed("a.txt", SEEDS["a.txt"])
    project.seed("b.txt", SEEDS["b.txt"])
    started = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        build_alone(project)
    assert time.monotonic() - started < 60  # not the 300 s a polite wait for the busy child would take
    assert not multiprocessing.active_children()


def test_a_child_that_dies_loading_the_model_fails_the_build_with_a_message(project, monkeypatch):
    def load_nlp(name: str):
        os._exit(9)  # killed while it loads (the memory peak)

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    project.seed("a.txt", SEEDS["a.txt"])
    with pytest.raises(UserError, match="stopped .*build again"):
        build_alone(project)
    assert not multiprocessing.active_children()


def test_a_build_stopped_while_the_seeds_are_scanned_stops_the_child(project, monkeypatch, children):
    from broadsheet.content import write as content_write

    def remove_orphans(*args, **kwargs):  # after the scan found the seed and started the child
        raise KeyboardInterrupt

    monkeypatch.setattr(content_write, "remove_orphans", remove_orphans)
    project.seed("a.txt", SEEDS["a.txt"])
    with pytest.raises(KeyboardInterrupt):
        build_alone(project)
    assert not multiprocessing.active_children()


def test_the_site_half_takes_what_was_read_ahead_while_the_child_extracted(project, monkeypatch, children):
    from broadsheet.core import records

    write_archive(project.content, count=4)
    build_alone(project)  # the caches of a first build
    taken = []
    take = records.Warmed.take

    def noting_take(path, schema):
        found = take(path, schema)
        if found is not None:
            taken.append(path.name.split(".")[1])
        return found

    monkeypatch.setattr(records.Warmed, "take", staticmethod(noting_take))
    project.seed("a.txt", SEEDS["a.txt"])
    result, _ = build_alone(project)
    assert result.articles_new == 1
    assert {"articles", "words", "model"} <= set(taken)  # read while the child loaded the model, not again
    assert records.Warmed.entries == {}


def test_only_a_process_first_build_of_its_own_loads_the_model_in_a_child(monkeypatch):
    """Later builds of a process that builds again and again load it here, once, and keep it."""
    monkeypatch.undo()  # this test asks the real rule (the fixture above stands in for it)
    monkeypatch.delitem(sys.modules, "spacy")
    monkeypatch.setattr(extraction.ModelProcess, "forked", 0)
    assert extraction.ModelProcess.wanted()
    monkeypatch.setattr(extraction.ModelProcess, "forked", 1)
    assert not extraction.ModelProcess.wanted()
    monkeypatch.undo()
    assert "spacy" in sys.modules and not extraction.ModelProcess.wanted()  # imported here already
