"""Local preview: serve site/ (on 127.0.0.1 unless told otherwise), rebuild when inputs change, reload the
open page. config.yaml is read again when it changes: a valid one is applied, an invalid one is reported and
the last good site stays served.

The reload script and the build id it polls exist only in this server's responses; nothing of them
is ever written into site/.
"""

from __future__ import annotations

import http.server
import os
import re
import signal
import sys
import threading
import traceback
from pathlib import Path

from ..core import theme
from ..core.config import Config, load_config
from ..core.data import BuildResult
from ..core.diagnostics import Diagnostics, UserError, user_message
from ..core.files import TEMP_PREFIX
from ..core.records import Kept
from ..core.text import visible
from ..extraction import Model
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
    """The number of finished builds (and of rejected config files), shared by the watcher and the request
    handlers; `wait_for` lets a caller wait for a count without polling."""

    def __init__(self) -> None:
        self.value = 0
        self.rejected = 0
        self.lock = threading.Condition()

    def bump(self, rejected: bool = False) -> None:
        with self.lock:
            if rejected:
                self.rejected += 1
            else:
                self.value += 1
            self.lock.notify_all()

    def wait_for(self, predicate, timeout: float) -> bool:
        """Wait until predicate(counter) holds or timeout seconds pass; whether it holds."""
        with self.lock:
            return self.lock.wait_for(lambda: predicate(self), timeout)


def serve(config: Config, port: int = 8000, strict: bool = False, host: str = "127.0.0.1",
          overrides: dict | None = None) -> int:
    """Build, then serve site/ until interrupted, rebuilding and reloading on every change. The spaCy model is
    loaded by the first build that extracts a seed, and kept for every later one."""
    counter = BuildCounter()
    model = Model()
    if rebuild(config, counter, model) is None:
        print("the first build failed; fix the errors above and run serve again", file=sys.stderr)
        return 1
    live = {"config": config}  # the config in use: the watcher replaces it when config.yaml changes

    def handler(*args, **kwargs):
        return PreviewHandler(*args, directory=str(live["config"].site), counter=counter, **kwargs)

    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise UserError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; pass another --port"
                        f"{'' if host == '127.0.0.1' else ' or --host'}") from None
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(config, counter, stop, overrides, live, ready, None, model),
                               daemon=True)
    watcher.start()
    ready.wait(30)  # changes are seen from the moment it says it is serving
    shown = f"[{host}]" if ":" in host else host
    print(f"serving {visible(str(config.site))} at http://{shown}:{server.server_address[1]}/ (Ctrl+C to stop)")
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


def rebuild(config: Config, counter: BuildCounter, model: Model | None = None) -> BuildResult | None:
    """One build with the usual summary (extracting with `model`, kept between builds); its result when it
    finished."""

    diagnostics = Diagnostics()
    Kept.enabled = True  # the records a build reads or writes are kept for the next (records.Kept)
    try:
        result = build(config, diagnostics, nlp=model)
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
    """The folders whose changes trigger a rebuild (those that exist): the project's inputs and the built-in
    theme. config.yaml, and input folders not made yet, are watched through the folder holding them (see
    `watch`), so an editor that saves by replacing the file is seen, and so is a new templates/ folder."""
    return [p for p in _inputs(config) if p.exists()]


def _inputs(config: Config) -> list[Path]:
    return [config.seeds, config.content, config.templates, config.static, theme.TEMPLATES, theme.STATIC]


def is_input(change: tuple, path: str) -> bool:
    """False for editor and build temp files (.tmp-…, ~, .swp, .md.new)."""
    name = Path(path).name
    return not (name.startswith((TEMP_PREFIX, ".tmp-", ".#")) or name.endswith(("~", ".swp", ".md.new")))


IDLE_MS = 200  # how often the watcher reports that it is waiting with nothing left to do


def watch(config: Config, counter: BuildCounter, stop: threading.Event, overrides: dict | None = None,
          live: dict | None = None, ready: threading.Event | None = None, idle=None,
          model: Model | None = None) -> None:
    """Rebuild after each batch of changes to the inputs, until `stop` is set. The content files a build
    itself wrote or removed (extracting a new seed) do not set off another build; a person's edit does,
    even one saved while the build ran. A batch that touches config.yaml reads it again: when it is
    invalid the errors are shown and nothing is built (the last good site stays served); when valid it is
    used from then on (`live["config"]`), and the folders watched follow it. `ready` is set each time the
    watches are in place; `idle()`, when given, is called whenever the watcher is watching and saw no change
    for IDLE_MS (so whoever waits for it to start or settle need not guess a time). Every build extracts with
    `model`, so spaCy is loaded once however many builds extract."""
    from watchfiles._rust_notify import RustNotify

    own: dict[str, tuple[int, int] | None] = {}
    pending = False  # a build is due once the new watches are in place
    while not stop.is_set():
        settings = str(config.path) if config.path else None
        missing = {str(p) for p in _inputs(config) if not p.exists()}
        shallow = {str(Path(p).parent) for p in missing if Path(p).parent.is_dir()}
        shallow |= {str(Path(settings).parent)} if settings else set()
        notifiers = [RustNotify([str(p) for p in watched_paths(config)], False, False, 300, True, True)]
        if shallow:
            notifiers.append(RustNotify(sorted(shallow), False, False, 300, False, True))
        if ready:
            ready.set()
        try:
            if pending:
                own = _rebuild_own(config, counter, model)
                pending = False
            while not stop.is_set():
                changes = _next_changes(notifiers, stop, missing | ({settings} if settings else set()), idle)
                theirs = [path for path in changes if not _as_built(path, own)]
                if not theirs:
                    continue  # only what the last build wrote into content/
                print(f"{len(theirs)} change(s); rebuilding")
                if settings in theirs:
                    fresh = reload_config(config, overrides)
                    if fresh is None:
                        counter.bump(rejected=True)
                        continue
                    moved = _inputs(fresh) != _inputs(config) or fresh.site != config.site
                    config = fresh
                    if live is not None:
                        live["config"] = config
                    if moved:
                        pending = True
                        break  # watch the folders the new config names, then build
                if missing & set(theirs):
                    pending = True
                    break  # a folder was made: watch inside it, then build
                own = _rebuild_own(config, counter, model)
        finally:
            for notifier in notifiers:
                notifier.close()


def _rebuild_own(config: Config, counter: BuildCounter, model: Model | None) -> dict[str, tuple[int, int] | None]:
    """Rebuild; the content files the build wrote or removed, with their (size, mtime), to tell them from edits."""
    result = rebuild(config, counter, model)
    return {os.path.realpath(path): _stamp(path) for path in (result.content_files if result else ())}


def _next_changes(notifiers: list, stop: threading.Event, shallow_wanted: set[str], idle=None) -> set[str]:
    """The paths of the next batch of changes: inputs that are not temp files, from the first (recursive)
    notifier, and from the second (one level) only the config file and input folders being made. `idle()` is
    called after each round in which no notifier saw anything."""
    while not stop.is_set():
        changes: set[str] = set()
        for i, notifier in enumerate(notifiers):
            raw = notifier.watch(1600, 50, IDLE_MS // len(notifiers), stop)
            if isinstance(raw, set):
                paths = {os.path.normpath(path) for _, path in raw}
                changes |= {p for p in paths if is_input(None, p) and (i == 0 or p in shallow_wanted)}
        if changes:
            return changes
        if idle:
            idle()
    return set()


def reload_config(config: Config, overrides: dict | None) -> Config | None:
    """config.yaml read again with the command line's overrides; None (errors shown) when it is invalid."""
    try:
        return load_config(config.path, overrides)
    except UserError as exc:
        print(f"error: {exc}\nconfig.yaml not applied; still serving the last good site. Fix it and save again.",
              file=sys.stderr)
        return None


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
