"""Full-text search: Pagefind bundles per calendar shard under site/pagefind/<shard>/, merged at query time.

Pagefind cannot update an index, so the article pages are split into shards by date (a year; a busy year
by half, then quarter, then month) and each shard is its own bundle. A shard is re-indexed only when what
Pagefind reads from one of its articles changed, so adding an article usually re-indexes one shard. The
search page loads the newest bundle and merges the others (Pagefind's mergeIndex), so search stays complete.
Fewer, larger shards make queries lighter (each shard answers with its own index chunks); smaller ones make
re-indexing cheaper: SHARD_MAX balances the two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from ..archive.site import article_url
from ..core.diagnostics import Diagnostics
from ..core.files import remove_stale
from ..core.hashing import digest, plain_digest
from ..pages.items import article_fields
from ..pages.search import filters_for, shard_keys
from ..pages.sections import section_link
from .ownership import Ownership, put, report_notes
from .pagefind_order import FormatError, put_in_order

INDEX_VERSION = "broadsheet-search 3"
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")  # the search page uses pagefind-ui


class Indexer:
    """Keeps site/pagefind/ in step with the article pages, in three steps around rendering.

    Made before rendering: which shards changed (from the planned article pages). `start()`, once the article
    pages are written: Pagefind starts on those shards while the rest of the site renders. `finish()`: wait,
    install the new bundles, drop vanished shards. `close()` stops Pagefind if the build failed in between.
    `template` gives a template's digest (Renderer.template_digest); `engine` is a hash of the engine's code;
    `owner` says which files already in site/ are the build's to write over (outputs.Ownership)."""

    def __init__(self, root: Path, site, state, template, engine: str, filter_min: int, language: str, owner=None,
                 sections: dict | None = None):
        self.root, self.state, self.owner = root, state, owner
        template_digest = template("article.html")
        self.shards = _article_shards(site.articles)
        by_output = {article_url(a): a for a in site.articles}
        self.todo: dict[str, tuple[list[str], str]] = {}
        for name, outputs in self.shards.items():
            indexed = [(o, template_digest, article_fields(by_output[o]), language,
                        filters_for(site.mentions.get(by_output[o].slug, ()), filter_min),
                        section_link(by_output[o], sections or {})) for o in outputs]
            key = plain_digest((INDEX_VERSION, engine, indexed))
            if state.extra.get(f"search:{name}") != key or not _bundle_complete(root, name, state):
                self.todo[name] = (outputs, key)
        self.waiting = sorted(self.todo)
        self.running: list[tuple[str, Path, subprocess.Popen]] = []
        self.staging: tempfile.TemporaryDirectory | None = None

    def start(self) -> None:
        """Start Pagefind on as many changed shards as there are cores (their pages must be written)."""
        if not self.waiting or self.running:
            return
        if self.staging is None:
            self.staging = tempfile.TemporaryDirectory(prefix=".broadsheet-search-", dir=self.root.parent)
        for name in self.waiting[: max(1, os.cpu_count() or 1)]:
            staging, bundle = Path(self.staging.name) / name / "site", Path(self.staging.name) / name / "bundle"
            _stage(self.root, self.todo[name][0], staging)
            self.running.append((name, bundle, _launch(staging, bundle)))
        self.waiting = self.waiting[len(self.running):]

    def finish(self, result, diagnostics: Diagnostics) -> None:
        """Remove vanished shards, wait for Pagefind (starting what is left), install the bundles. (The caller
        calls close() if anything fails on the way.)"""
        root, state = self.root, self.state
        _drop_shards(root, state, result, keep=set(self.shards))
        self.start()
        while self.running:
            for name, bundle, process in self.running:
                _, err = process.communicate()
                if process.returncode != 0:
                    message = (err or b"").decode("utf-8", "replace").strip()[-500:]
                    diagnostics.warn("W160", f"search shard {name} not indexed: pagefind said: {message}",
                                     root / "pagefind" / name)
                    continue
                _put_in_order(root, name, bundle, diagnostics)
                _install_bundle(root, name, bundle, state, result, self.owner, diagnostics)
                state.extra[f"search:{name}"] = self.todo[name][1]
            self.running = []
            self.start()
        self.close()

    def close(self) -> None:
        for _, _, process in self.running:
            process.kill()
            process.wait()
        self.running = []
        if self.staging is not None:
            self.staging.cleanup()
            self.staging = None


def drop(root: Path, state, result) -> None:
    """Remove every bundle an earlier build made (search was turned off)."""
    _drop_shards(root, state, result, keep=set())


def _drop_shards(root: Path, state, result, keep: set[str]) -> None:
    """Remove the bundles of every shard not in `keep`, and forget them."""
    for name in [k[len("search:"):] for k in state.extra if k.startswith("search:")]:
        if name not in keep:
            state.extra.pop(f"search:{name}")
    stale = [o for o in state.outputs if o.startswith("pagefind/") and o.split("/")[1] not in keep]
    result.removed += remove_stale(root, stale)
    for output in stale:
        state.outputs.pop(output)


def outputs(state) -> set[str]:
    """Every file of every current search bundle, so the build keeps them (and prunes the rest)."""
    names = {k[len("search:"):] for k in state.extra if k.startswith("search:")}
    return {o for o in state.outputs if o.startswith("pagefind/") and o.split("/")[1] in names}


def _article_shards(articles) -> dict[str, list[str]]:
    """Article page outputs by shard."""
    names = shard_keys(a.date for a in articles)
    shards: dict[str, list[str]] = defaultdict(list)
    for output, date in sorted((article_url(a), a.date) for a in articles):
        shards[names[date]].append(output)
    return dict(shards)


def _bundle_complete(root: Path, name: str, state) -> bool:
    files = [o for o in state.outputs if o.startswith(f"pagefind/{name}/")]
    return bool(files) and all(state.is_current(root, o, state.outputs[o].key) for o in files)


def _stage(root: Path, outputs: list[str], staging: Path) -> None:
    """Link (or copy) a shard's pages into a folder of their own, at the same relative paths (only pages that
    are files: not one a file the build did not write kept from being written, nor a symlink)."""
    for output in outputs:
        if not os.path.isfile(root / output) or os.path.islink(root / output):
            continue
        target = staging / output
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / output, target)
        except OSError:
            shutil.copyfile(root / output, target)


def _launch(staging: Path, bundle: Path) -> subprocess.Popen:
    """Pagefind's CLI, not its Python API: the API's service polls for each reply every 0.1 s, which makes
    indexing 2,000 pages take minutes instead of seconds."""
    command = [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(bundle),
               "--keep-index-url", "--silent"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _put_in_order(root: Path, name: str, bundle: Path, diagnostics: Diagnostics) -> None:
    """Pagefind's filter and metadata files in sorted order (pagefind_order), so a shard indexed again from the
    same pages gets the same bytes; a bundle in a format not known there is kept as Pagefind wrote it."""
    try:
        put_in_order(bundle)
    except FormatError as error:
        diagnostics.warn("W161", f"search shard {name}: Pagefind's files are kept in the order it wrote them, "
                         f"which may differ from build to build ({error})", root / "pagefind" / name)


def _install_bundle(root: Path, name: str, built: Path, state, result, owner=None, diagnostics=None) -> None:
    """Copy a fresh bundle into site/pagefind/<name>/, writing only changed files, removing stale ones."""
    owner = owner or Ownership(root, state)
    prefix = f"pagefind/{name}/"
    fresh = set()
    notes = []
    for path in sorted(p for p in built.rglob("*") if p.is_file() and not p.name.startswith(UNUSED)):
        output = prefix + path.relative_to(built).as_posix()
        data = path.read_bytes()
        written, file_notes, _ = put(root, output, data, owner)
        notes += [(output, note) for note in file_notes]
        if written is None:
            continue
        (result.written if written else result.unchanged).append(output)
        state.record(root, output, digest(output, len(data)))
        fresh.add(output)
    report_notes(root, notes, diagnostics)
    stale = [o for o in state.outputs if o.startswith(prefix) and o not in fresh]
    result.removed += remove_stale(root, stale)
    for output in stale:
        state.outputs.pop(output)
