"""The preview server: reload script only in responses, 404 page at any address, rebuild on change."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from broadsheet.commands import serve
from broadsheet.core.config import load_config
from tests.sample_archive import write_archive


@pytest.fixture
def preview(project):
    """The sample archive built and served by PreviewHandler on a free port."""
    write_archive(project.content, count=3)
    project.build(extract_content=False)
    counter = serve.BuildCounter()
    handler = functools.partial(serve.PreviewHandler, directory=str(project.site), counter=counter)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project, f"http://127.0.0.1:{server.server_address[1]}/", counter
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_pages_are_served_with_the_reload_script_which_is_never_written_to_disk(preview):
    project, url, counter = preview
    status, html = fetch(url)
    assert status == 200 and serve.BUILD_ID_PATH in html and html.index(serve.BUILD_ID_PATH) < html.index("</body>")
    assert serve.BUILD_ID_PATH not in project.page("index.html")
    counter.bump()
    assert fetch(url + serve.BUILD_ID_PATH.lstrip("/")) == (200, "1")
    status, css = fetch(url + "static/style.css")
    assert status == 200 and serve.BUILD_ID_PATH not in css


def test_a_missing_address_gets_the_404_page_with_links_from_the_server_root(preview):
    _, url, _ = preview
    status, html = fetch(url + "no/such/page/")
    assert status == 404 and "Page not found" in html and '<base href="/">' in html


@contextmanager
def watching(project, model=None):
    """A first build, then the watcher running in a thread, started (both extracting with `model`, as serve's do). Yields `wait()`: with no argument it waits
    until the watcher has handled every change made before the call (and the builds they set off); with `n`,
    until build number n has finished. Either returns the number of builds so far; `wait.counter` is the
    counter, whose `rejected` counts config files refused."""
    config = load_config(project.root / "config.yaml")
    counter, stop, ready = serve.BuildCounter(), threading.Event(), threading.Event()
    assert serve.rebuild(config, counter, model) and counter.value == 1
    idle, ticks = threading.Condition(), [0]

    def tick() -> None:
        with idle:
            ticks[0] += 1
            idle.notify_all()

    def settled(after: int = 2, timeout: float = 60) -> int:
        """The second idle report after the call comes from a wait that began after every earlier change
        reached the watcher (the first may have begun just before)."""
        with idle:
            start = ticks[0]
            assert idle.wait_for(lambda: ticks[0] >= start + after, timeout), "the watcher never settled"
        return counter.value

    def wait(n: int | None = None, timeout: float = 20) -> int:
        if n is None:
            return settled()
        counter.wait_for(lambda c: c.value >= n, timeout)
        return counter.value

    wait.counter = counter
    watcher = threading.Thread(target=serve.watch, args=(config, counter, stop, None, None, ready, tick, model),
                               daemon=True)
    watcher.start()
    try:
        assert ready.wait(10)
        settled(after=1)  # watching: a change made from now on is seen
        yield wait
    finally:
        stop.set()
        watcher.join(timeout=5)


def test_watching_rebuilds_when_a_template_changes(project):
    write_archive(project.content, count=2)
    with watching(project) as settled:
        base = project.root / "templates" / "base.html"
        base.write_text(base.read_text().replace("Skip to content", "Skip to the story"))
        assert settled() == 2 and "Skip to the story" in project.page("index.html")


def test_an_added_seed_is_built_once_not_again_for_the_content_file_it_wrote(project):
    project.seed("a.txt", " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n")
    with watching(project) as settled:
        project.seed("b.txt", " date 2022-03-02 Farmers in Kherson began the harvest early.\n")
        # settled: the watcher has also seen the content file the build wrote, and let it be
        assert settled() == 2 and len(list(project.content.glob("*.md"))) == 2


def test_serve_loads_the_model_once_and_extracts_every_added_seed_with_it(project, monkeypatch, nlp):
    from broadsheet.extract import nlp as extract_nlp

    loads: list[str] = []

    def load_nlp(name: str):
        loads.append(name)
        return nlp

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    project.seed("a.txt", " date 2022-03-01 Angela Merkel met Emmanuel Macron in Paris.\n")
    with watching(project, serve.Model()) as settled:
        project.seed("b.txt", " date 2022-03-02 Farmers in Kherson began the harvest early.\n")
        assert settled() == 2
        project.seed("c.txt", " date 2022-03-03 Fishermen in Odesa repaired their boats.\n")
        assert settled() == 3 and len(list(project.content.glob("*.md"))) == 3
    assert loads == ["en_core_web_sm"]


def test_editor_and_build_temp_files_do_not_trigger_a_rebuild():
    assert serve.is_input(None, "templates/base.html")
    assert not serve.is_input(None, "content/.tmp-x1.md") and not serve.is_input(None, "content/a.md.new")
    assert not serve.is_input(None, "templates/base.html~")


def test_a_changed_config_is_applied_and_an_invalid_one_reported_while_the_last_good_site_stays(project, capsys):
    write_archive(project.content, count=2)
    with watching(project) as builds:
        project.config("title: Harbour Gazette\nsearch: false\n")
        assert builds(2) == 2 and "Harbour Gazette" in project.page("index.html")
        project.config("title: Harbour Gazette\nsearch: false\npage_size: none\n")
        assert builds.counter.wait_for(lambda c: c.rejected == 1, 20)
        err = capsys.readouterr().err
        assert "config.yaml:3: 'page_size' must be a whole number, not 'none'" in err
        assert "still serving the last good site" in err
        assert builds.counter.value == 2 and "Harbour Gazette" in project.page("index.html")
        project.config("title: Quay Times\nsearch: false\n")
        assert builds(3) == 3 and "Quay Times" in project.page("index.html")


def test_a_new_static_override_is_published_on_the_next_rebuild(project):
    write_archive(project.content, count=2)
    shutil.rmtree(project.root / "static")
    with watching(project) as builds:
        (project.root / "static").mkdir()
        (project.root / "static" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
        assert builds(2) >= 2
        assert builds.counter.wait_for(lambda c: "teal" in project.page("static/style.css"), 20)
        assert (project.site / "static" / "search.js").is_file()  # the built-in theme's, still there


def test_the_built_in_theme_is_watched_and_serve_listens_on_this_machine_unless_told(project):
    from broadsheet.commands.cli import parser
    from broadsheet.core import theme

    paths = serve.watched_paths(load_config(project.root / "config.yaml"))
    assert theme.TEMPLATES in paths and theme.STATIC in paths and project.root / "templates" in paths
    assert parser().parse_args(["serve"]).host == "127.0.0.1"
    assert parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"


def test_the_serve_command_serves_the_site_and_applies_a_changed_config(project):
    import os
    import queue
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    write_archive(project.content, count=2)
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--host", "127.0.0.1",
                               "--config", str(project.root / "config.yaml")], cwd=project.root, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()

    seen: list[str] = []

    def line_with(text: str) -> str:
        while True:
            try:
                seen.append(lines.get(timeout=60))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} in {seen}") from None
            if text in seen[-1]:
                return seen[-1]

    try:
        url = line_with("serving ").split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and "Test archive" in fetch(url)[1]
        project.config("title: Harbour Gazette\nsearch: false\n")
        line_with("change(s); rebuilding")
        line_with("pages: ")
        assert "Harbour Gazette" in fetch(url)[1]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
