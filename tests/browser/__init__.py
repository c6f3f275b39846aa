"""Browser tests: headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright over HTTP."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def need_chromium() -> None:
    """Skip the test cleanly on a machine without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium; install it with "
                    "`apt-get install -y chromium` (Debian) to run the browser tests")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serving(handler):
    """An HTTP server on a free port of 127.0.0.1 running `handler` in a thread; yields its root address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def serving_folder(root: Path):
    """`serving` the files under root, quietly."""
    return serving(functools.partial(_QuietHandler, directory=str(root)))


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_for_hits(page, count: int, words: str) -> None:
    """Wait until Pagefind reports `count` results and every shown result has loaded its title."""
    page.locator(".pagefind-ui__message", has_text=f"{count} results for {words}").wait_for()
    page.wait_for_function("[...document.querySelectorAll('.pagefind-ui__result-title')]"
                           ".every(e => !e.innerText.startsWith('.'))")
