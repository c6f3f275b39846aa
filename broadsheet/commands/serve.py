"""Local preview: serve site/ on 127.0.0.1, rebuild when inputs change, reload the open page.

The reload script and the build id it polls exist only in this server's responses; nothing of them
is ever written into site/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import signal
import sys
import threading
import traceback
from pathlib import Path

from ..core.config import Config
from ..core.data import BuildResult
from ..core.diagnostics import Diagnostics, UserError, user_message
from ..core.files import TEMP_PREFIX
from ..pipeline import build
from .report import summary

BUILD_ID_PATH = "/__broadsheet/build-id"
RELOAD_SCRIPT = b"""<script>(function () {
  var seen = null;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (id) {
      if (seen !== null && id !== seen) { location.reload(); }
      seen = id;
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();</script>
""" % BUILD_ID_PATH.encode()
_BASE_TAG = re.compile(rb'<base href="[^"]*">')


class BuildCounter:
    """The number of finished builds, shared by the watcher and the request handlers."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.value += 1


def serve(config: Config, port: int = 8000, strict: bool = False) -> int:
    """Build, then serve site/ until interrupted, rebuilding and reloading on every change."""
    counter = BuildCounter()
    if rebuild(config, counter) is None:
        print("the first build failed; fix the errors above and run serve again", file=sys.stderr)
        return 1
    handler = functools.partial(PreviewHandler, directory=str(config.site), counter=counter)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UserError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}; pass another --port") from None
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(config, counter, stop), daemon=True)
    watcher.start()
    print(f"serving {config.site} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl+C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def rebuild(config: Config, counter: BuildCounter) -> BuildResult | None:
    """One build with the usual summary; its result when it finished."""

    diagnostics = Diagnostics()
    try:
        result = build(config, diagnostics)
    except Exception as exc:  # keep serving the last good site; the next change retries
        message = user_message(exc)
        if message is None:  # a bug, not the input: shown with its traceback
            traceback.print_exc()
            message = f"{type(exc).__name__}: {exc}"
        print(f"build failed: {message}", file=sys.stderr)
        return None
    print(summary(result, diagnostics))
    counter.bump()
    return result


def watched_paths(config: Config) -> list[Path]:
    """The folders and files whose changes trigger a rebuild (those that exist)."""
    paths = [config.seeds, config.content, config.templates, config.static]
    if config.path:
        paths.append(config.path)
    return [p for p in paths if p.exists()]


def is_input(change: tuple, path: str) -> bool:
    """False for editor and build temp files (.tmp-…, ~, .swp, .md.new)."""
    name = Path(path).name
    return not (name.startswith((TEMP_PREFIX, ".tmp-", ".#")) or name.endswith(("~", ".swp", ".md.new")))


def watch(config: Config, counter: BuildCounter, stop: threading.Event) -> None:
    """Rebuild after each batch of changes to the inputs, until `stop` is set. The content files a build
    itself wrote or removed (extracting a new seed) do not set off another build; a person's edit does,
    even one saved while the build ran."""
    from watchfiles import watch as watch_files

    own: dict[str, tuple[int, int] | None] = {}
    for changes in watch_files(*watched_paths(config), watch_filter=is_input, stop_event=stop):
        theirs = [path for _, path in changes if not _as_built(path, own)]
        if not theirs:
            continue  # only what the last build wrote into content/
        print(f"{len(theirs)} change(s); rebuilding")
        result = rebuild(config, counter)
        own = {os.path.realpath(path): _stamp(path) for path in (result.content_files if result else ())}


def _as_built(path: str, own: dict[str, tuple[int, int] | None]) -> bool:
    """Whether a changed file is one the last build wrote or removed, and is still as it left it."""
    real = os.path.realpath(path)
    return real in own and _stamp(real) == own[real]


def _stamp(path: str) -> tuple[int, int] | None:
    """(size, mtime) of a file, None when it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ with a reload script in every HTML page, the build id, and 404.html for misses."""

    def __init__(self, *args, counter: BuildCounter, **kwargs):
        self.counter = counter
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == BUILD_ID_PATH:
            return self._send(200, str(self.counter.value).encode(), "text/plain")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self._send(200, inject_reload(target.read_bytes()), "text/html; charset=utf-8")
        if not target.exists():
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                page = _BASE_TAG.sub(b'<base href="/">', missing.read_bytes())
                return self._send(404, inject_reload(page), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the console is for build summaries."""


def inject_reload(page: bytes) -> bytes:
    """The page with the reload script just before </body>."""
    at = page.rfind(b"</body>")
    return page[:at] + RELOAD_SCRIPT + page[at:] if at >= 0 else page + RELOAD_SCRIPT
