"""A killed build loses nothing: SIGKILL at several points, then a rebuild, gives the site an uninterrupted
build gives, byte for byte; edited content/ files survive; a second build waits for the first."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics, UserError
from broadsheet.core.lock import build_lock
from broadsheet.core.records import records_for
from broadsheet.extract import frontmatter
from broadsheet.pipeline import build, site_records
from tests.conftest import REPO

NAMES = [f"{first} {last}" for first in ("Anna", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana")
         for last in ("Adler", "Brandt", "Costa", "Dimitrov", "Evans", "Fischer")]
PLACES = ["Leeds", "Kyiv", "Lagos", "Quito", "Oslo", "Perth", "Hanoi", "Cusco", "Turin", "Omsk"]


def write_corpus(content: Path, articles: int = 450) -> None:
    """Hand-written content files (no NLP needed) that make a few hundred linked pages."""
    content.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        people = [NAMES[(i * 7 + k) % len(NAMES)] for k in range(3)]
        place = PLACES[i % len(PLACES)]
        meta = {"title": f"Report {i}: {people[0]} in {place}", "date": dt.date(2021, i % 12 + 1, i % 28 + 1),
                "slug": f"report-{i}", "summary": f"{people[0]} met {people[1]} in {place}.",
                "entities": [{"name": n, "type": "person"} for n in people] + [{"name": place, "type": "place"}]}
        body = f"{people[0]} met {people[1]} and {people[2]} in {place} on the {i}th day.\n\n" * 5
        (content / f"report-{i}.md").write_text(frontmatter.dump(meta, body), encoding="utf-8")


def new_project(root: Path, articles: int = 450) -> Path:
    """A render-only project: templates, static, config and a synthetic content/ folder."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", root / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", root / "static")
    (root / "config.yaml").write_text("title: Crash test\nbase_url: https://example.org/\nsearch: false\n")
    write_corpus(root / "content", articles)
    return root


def build_in_process(root: Path, extract_content: bool = False, nlp=None) -> Diagnostics:
    diagnostics = Diagnostics(echo=False)
    build(load_config(root / "config.yaml"), diagnostics, extract_content=extract_content, nlp=nlp)
    return diagnostics


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def spawn(root: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--config", str(root / "config.yaml"), "-q",
                             *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def kill_when(process: subprocess.Popen, ready, timeout: float = 60) -> bool:
    """SIGKILL process as soon as ready() is true; False when it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    process.kill()
    raise AssertionError("the build never reached the kill point")


def no_process_left(root: Path, wait: float = 10) -> bool:
    """True once no process's command line names this project (the build and any workers it forked)."""
    needle = str(root / "config.yaml").encode()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                alive += [cmdline] if needle in cmdline.read_bytes() else []
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.05)
    return not Path("/proc").is_dir()


def count_pages(site: Path) -> int:
    return sum(len([n for n in names if n.endswith(".html")]) for _, _, names in os.walk(site))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    """The site an uninterrupted build of the synthetic corpus gives."""
    root = new_project(tmp_path_factory.mktemp("reference") / "project")
    assert build_in_process(root).items == []
    return snapshot(root / "site")


@pytest.mark.parametrize("kill_at", ["start", 150, "all pages"])  # enough pages to render on every core
def test_sigkill_during_render_then_rebuild_gives_the_uninterrupted_site(tmp_path, reference, kill_at):
    root = new_project(tmp_path / "project")
    site = root / "site"
    marker_dir = root / ".broadsheet"
    pages = sum(1 for name in reference if name.endswith(".html"))
    ready = (lambda: marker_dir.is_dir() and any(p.suffix == ".running" for p in marker_dir.iterdir())) \
        if kill_at == "start" else (lambda: site.is_dir() and count_pages(site) >= (
            pages if kill_at == "all pages" else kill_at))
    killed = kill_when(spawn(root, "--render-only"), ready)
    assert killed or kill_at == "all pages"  # the last point may race the end of the build; both must rebuild
    assert no_process_left(root), "a render worker outlived its killed build (it would hold the lock)"
    assert build_in_process(root).items == []
    assert snapshot(site) == reference


def test_rebuild_after_a_kill_sweeps_temporary_files(tmp_path, reference):
    root = new_project(tmp_path / "project")
    build_in_process(root)
    leftover = root / "site" / "people" / ".broadsheet-tmp-abc123"
    leftover.write_bytes(b"half a page")
    (root / "content" / ".broadsheet-tmp-def456").write_bytes(b"half an article")
    state = root / ".broadsheet"
    [lock] = state.glob("*.lock")
    lock.with_suffix(".running").touch()  # what a build killed mid-way leaves behind
    build_in_process(root)
    assert snapshot(root / "site") == reference
    assert not leftover.exists() and not list((root / "content").glob(".broadsheet-tmp-*"))


def test_a_second_build_waits_for_the_first_and_never_interleaves(tmp_path):
    root = new_project(tmp_path / "project", articles=5)
    config = load_config(root / "config.yaml")
    with build_lock(site_records(config), config.site):
        waiting = spawn(root, "--render-only")
        line = b""
        for line in waiting.stderr:  # until the build says it waits (or ends)
            if b"waiting for another build of" in line:
                break
        assert b"waiting for another build of" in line
        assert waiting.poll() is None and not (root / "site").exists()  # it waits: nothing written under the lock
    assert waiting.wait(timeout=60) == 0
    assert (root / "site" / "index.html").is_file()


def test_a_build_that_cannot_get_the_lock_in_time_stops_with_a_clear_message(tmp_path):
    site = tmp_path / "site"
    records = records_for(site, tmp_path)
    with build_lock(records, site):
        with pytest.raises(UserError, match=r"another build of .*site is still running \(lock .*\); "
                                            r"wait for it to finish, or stop it"):
            with build_lock(records, site, wait=0.3):
                pass


def test_same_input_gives_byte_identical_site_and_content_whatever_the_hash_seed(tmp_path, nlp):
    seeds = [REPO / "seeds" / "000_9ace262ee6a4ad98.txt", *sorted((REPO / "tests/data/hostile").glob("*.*"))]
    roots = []
    for name in ("a", "b"):
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        for seed in seeds:
            shutil.copy(seed, root / "seeds" / seed.name)
        shutil.copytree(REPO / "broadsheet" / "theme" / "templates", root / "templates")
        shutil.copytree(REPO / "broadsheet" / "theme" / "static", root / "static")
        (root / "config.yaml").write_text("title: Twice\nbase_url: https://example.org/\nsearch: false\n")
        roots.append(root)
    build_in_process(roots[0], extract_content=True, nlp=nlp)
    other = spawn(roots[1], env={"PYTHONHASHSEED": "12345"})
    _, err = other.communicate(timeout=300)
    assert other.returncode == 0, err.decode()
    for folder in ("content", "site"):
        assert snapshot(roots[0] / folder) == snapshot(roots[1] / folder)


def test_sigkill_while_writing_content_loses_no_edit_and_rebuilds_the_same(tmp_path, nlp):
    texts = {f"s{i:02d}.txt": f" date 2022-02-{i + 1:02d} Mayor {name} of {place} opened a library on Monday.\n\n"
             f"{name} said {place} needed it.\n" for i, (name, place) in enumerate(zip(NAMES, PLACES * 5))}
    roots = {}
    for name in ("killed", "reference"):
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        for file, text in texts.items():
            (root / "seeds" / file).write_text(text)
        shutil.copytree(REPO / "broadsheet" / "theme" / "templates", root / "templates")
        shutil.copytree(REPO / "broadsheet" / "theme" / "static", root / "static")
        (root / "config.yaml").write_text("title: Kill\nbase_url: https://example.org/\nsearch: false\n")
        build_in_process(root, extract_content=True, nlp=nlp)
        roots[name] = root
    for root in roots.values():  # a person corrects one article, then its seed changes too
        [edited] = [p for p in (root / "content").glob("*.md") if "source: seeds/s03.txt" in p.read_text()]
        edited.write_text(edited.read_text().replace("opened a library", "opened a LIBRARY (corrected)"))
        for file in texts:
            (root / "seeds" / file).write_text(texts[file].replace("on Monday", "on Tuesday"))
    before = {p.name for p in (roots["killed"] / "content").iterdir()}
    content = roots["killed"] / "content"
    started = time.time_ns()
    first_write = (lambda: any(p.stat().st_mtime_ns > started for p in content.glob("*.md*")))
    assert kill_when(spawn(roots["killed"]), first_write, timeout=120)  # killed part-way through content/
    build_in_process(roots["killed"], extract_content=True, nlp=nlp)
    build_in_process(roots["reference"], extract_content=True, nlp=nlp)
    for folder in ("content", "site"):
        assert snapshot(roots["killed"] / folder) == snapshot(roots["reference"] / folder)
    corrected = [p for p in content.glob("*.md") if "opened a LIBRARY (corrected)" in p.read_text()]
    assert len(corrected) == 1 and corrected[0].with_name(corrected[0].name + ".new").is_file()
    assert before <= {p.name for p in content.iterdir()}


HOLD_AND_FORK = """
import os, sys, time
from pathlib import Path
BUILD = os.getpid()
if sys.argv[2] == "late":  # the child starts only once its build is dead (registered first, so it runs first)
    def wait_for_parent_death():
        deadline = time.monotonic() + 30
        while os.getppid() == BUILD and time.monotonic() < deadline:
            time.sleep(0.01)
    os.register_at_fork(after_in_child=wait_for_parent_death)
from broadsheet.core.lock import build_lock
from broadsheet.core.records import records_for
site = Path(sys.argv[1])
with build_lock(records_for(site, site.parent), site):
    child = os.fork()
    if child == 0:
        if sys.argv[2] == "forked by a worker":  # the child that extracts forks its own workers
            worker = os.fork()
            if worker == 0:
                time.sleep(60)
                os._exit(0)
            print(worker, flush=True)
        time.sleep(60)  # a worker busy (or stuck) when its build is killed
        os._exit(0)
    if sys.argv[2] != "forked by a worker":
        print(child, flush=True)
    time.sleep(60)
"""


def gone(pid: int, wait: float = 20) -> bool:
    """True once process pid has exited (a zombie waiting for init counts), within `wait` seconds."""
    deadline = time.monotonic() + wait  # generous: CI machines are shared and slow
    status = Path(f"/proc/{pid}/status")
    while time.monotonic() < deadline:
        try:
            if b"zombie" in status.read_bytes():
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("worker_starts", ["at once", "late", "forked by a worker"])
def test_a_killed_build_leaves_no_forked_worker_holding_the_lock(tmp_path, worker_starts):
    """"late": the worker runs its first instruction only after its build was killed, the race in which
    asking Linux to kill it with its parent comes too late (the parent is already init). "forked by a worker":
    a worker's own worker (the child that extracts forks workers for many seeds) dies with it in turn."""
    site = tmp_path / "site"
    build = subprocess.Popen([sys.executable, "-c", HOLD_AND_FORK, str(site), worker_starts], cwd=REPO,
                             stdout=subprocess.PIPE)
    child = int(build.stdout.readline())
    build.send_signal(signal.SIGKILL)
    build.wait()
    with build_lock(records_for(site, tmp_path), site, wait=20):  # the worker let go of the lock when forked
        pass
    try:
        assert gone(child), "a worker outlived its killed build"
    finally:
        if not gone(child, wait=0):
            os.kill(child, signal.SIGKILL)


def test_a_half_written_new_page_from_a_killed_build_is_rendered_again_or_removed(tmp_path):
    """New pages are written in place, each named first in a journal; a killed build leaves the journal and
    the next build takes those files as its own: rewritten when still wanted, removed when not."""
    for folder in ("templates", "static"):
        shutil.copytree(REPO / "broadsheet" / "theme" / folder, tmp_path / folder)
    (tmp_path / "config.yaml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    write_corpus(tmp_path / "content", articles=3)
    config = load_config(tmp_path / "config.yaml")
    build(config, Diagnostics(echo=False), extract_content=False)
    site, journal = tmp_path / "site", site_records(config).journal
    good = (site / "articles/report-1/index.html").read_bytes()
    # what a build killed mid-write leaves: a torn page it was re-creating, a torn page no one wants any more
    (site / "articles/report-1/index.html").unlink()
    (site / "articles/report-1/index.html").write_bytes(good[:100])
    (site / "articles/gone/index.html").parent.mkdir(parents=True)
    (site / "articles/gone/index.html").write_bytes(b"<!DOCTYPE html><p>half")
    journal.write_bytes(b"".join(os.fsencode(site / p) + b"\n" for p in
                                            ("articles/report-1/index.html", "articles/gone/index.html")))
    result = build(config, Diagnostics(echo=False), extract_content=False)
    assert (site / "articles/report-1/index.html").read_bytes() == good
    assert not (site / "articles/gone").exists() and "articles/gone/index.html" in result.removed
    assert not journal.exists()
