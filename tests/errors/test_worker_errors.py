"""A template error met by a forked render worker is one clean message in the parent, in `build` and in
`serve`: no worker prints a traceback when the pool is stopped."""

from __future__ import annotations

import signal

import pytest

from broadsheet.commands import serve
from broadsheet.commands.cli import main
from broadsheet.core.config import load_config
from broadsheet.publish import outputs
from tests.sample_archive import write_archive


@pytest.fixture
def broken(project, monkeypatch):
    """A small archive rendered by two forked workers, with a mistake in the article template."""
    monkeypatch.setattr(outputs, "PARALLEL_MIN_TASKS", 1)
    monkeypatch.setattr(outputs, "CHUNK", 1)
    project.config("title: T\nsearch: false\nprocesses: 2\nbase_url: https://example.org/\n")
    write_archive(project.content, count=12)
    template = project.root / "templates" / "article.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[4] += " {{ article.nosuch }}"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def one_template_error(err: str, prefix: str, root) -> None:
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "ForkPoolWorker" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{prefix}{root}/templates/article.html:5: template error while rendering articles/story-")
    assert err.endswith("/index.html: 'dict object' has no attribute 'nosuch'; fix the template and build again\n")


def test_a_template_error_in_a_worker_is_one_message_from_build(broken, capfd):
    assert main(["--config", str(broken.root / "config.yaml"), "--render-only", "-q"]) == 2
    one_template_error(capfd.readouterr().err, "error: ", broken.root)


def test_a_template_error_in_a_worker_is_one_message_from_serve(broken, capfd):
    before = signal.signal(signal.SIGTERM, serve._interrupt)  # as serve() sets it, and the workers inherit it
    try:
        result = serve.rebuild(load_config(broken.root / "config.yaml"), serve.BuildCounter())
    finally:
        signal.signal(signal.SIGTERM, before)
    assert result is None
    one_template_error(capfd.readouterr().err, "build failed: ", broken.root)


def test_a_bug_during_a_serve_rebuild_keeps_its_traceback_and_the_server(project, capfd, monkeypatch):
    def broken_build(*args, **kwargs):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(serve, "build", broken_build)
    assert serve.rebuild(load_config(project.root / "config.yaml"), serve.BuildCounter()) is None
    err = capfd.readouterr().err
    assert "Traceback" in err and err.endswith("build failed: ZeroDivisionError: a bug of ours\n")


def test_serve_on_a_port_in_use_is_one_message(project, capfd):
    import socket

    write_archive(project.content, count=2)
    project.build(extract_content=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--config", str(project.root / "config.yaml"), "--port", str(port), "-q"])
    err = capfd.readouterr().err
    assert code == 2 and err.endswith(f"error: cannot serve on 127.0.0.1:{port}: Address already in use; pass "
                                      "another --port\n")
