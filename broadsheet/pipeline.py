"""build(config): the stages in order, readable top to bottom."""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .archive.site import build_site
from .content import read as content_read
from .content import write as content
from .core import progress
from .core.config import Config, unreadable_folders
from .core.data import Article, BuildResult, Extracted, Seed
from .core.diagnostics import Diagnostics, UserError
from .core.files import new_file_journal, remove_stale
from .core.hashing import digest, tree_fingerprint
from .core.lock import build_lock
from .core.records import (
    BuildState,
    adopt_journal,
    journal_path,
    load_cache,
    load_state,
    outputs_intact,
    save_cache,
    save_state,
    state_path,
)
from .core.slugs import article_slug
from .extract import extractor_id, record, seeds
from .pages import plan as pages
from .publish import search
from .publish.outputs import ENGINE, ENGINE_CODE, template_cache, write_site
from .publish.render import Renderer

ARTICLE_SCHEMA = ",".join(f.name for f in dataclasses.fields(Article))
SCAN_SCHEMA = ",".join(f.name for f in dataclasses.fields(content_read.ContentFile))


def build(config: Config, diagnostics: Diagnostics, extract_content: bool = True, nlp=None) -> BuildResult:
    """Seeds → content/ (spaCy, only for new or changed seeds) → site/ (only pages whose inputs changed)."""
    result = BuildResult()
    check_readable(config, extract_content)
    check_theme(config, diagnostics)
    with build_lock(config.site, folders=(config.content,)):
        state = load_state(config.site)
        adopt_journal(config.site, state)
        extra_before = digest(state.extra)
        written: dict[str, Article] = {}
        if extract_content:
            with _timed(result, "extract"):
                written = update_content(config, diagnostics, result, state, nlp)
        inputs = site_inputs(config)
        if state.extra.get("site_inputs") == inputs and outputs_intact(state, config.site):
            diagnostics.replay(state.extra.get("site_warnings", []))
            result.unchanged = list(state.outputs)
            result.entities = int(state.extra.get("entity_count", 0))
            if digest(state.extra) != extra_before:
                save_state(config.site, state)  # what the seed half learned (e.g. a kept edit) is kept
            return result  # nothing the site is made from changed since the last build
        site_start = len(diagnostics.items)
        with _timed(result, "load"):
            articles = load_articles(config.content, diagnostics, config.site, written, config.processes)
        with _timed(result, "model"):
            site = build_site(articles, config, diagnostics)
            result.entities = len(site.entities)
            state.extra["entity_count"] = str(len(site.entities))
        renderer = Renderer(config.templates, cache=template_cache(config.site))
        planned, groups = pages.plan(site, config)
        indexer = search.Indexer(config.site, site, state, renderer.template_digest, ENGINE_CODE,
                                 config.search_filter_min_articles, config.language) if config.search else None
        try:
            with new_file_journal(journal_path(config.site)):
                with _timed(result, "render"):  # Pagefind starts on changed shards once the article pages are written
                    write_site(planned, groups, config, renderer, result, state, indexer.start if indexer else None)
                with _timed(result, "search"):
                    if indexer:
                        indexer.finish(result, diagnostics)
                    else:
                        search.drop(config.site, state, result)
        finally:
            if indexer:
                indexer.close()  # stops Pagefind if anything failed on the way
        state.extra["site_inputs"] = inputs
        state.extra["site_warnings"] = diagnostics.since(site_start)
        save_state(config.site, state)
    return result


def check_readable(config: Config, extract_content: bool) -> None:
    """Stop before any work when a folder the build reads cannot be listed: an unreadable content/ would
    otherwise look empty, and the site would lose every article page."""
    problems = unreadable_folders(config, ("content", "templates", "static") + (("seeds",) if extract_content else ()))
    if problems:
        raise UserError("\n".join(problems))


def check_theme(config: Config, diagnostics: Diagnostics) -> None:
    """Stop before any work when there are no templates; warn when the static files the pages link are missing."""
    if not config.templates.is_dir():
        raise UserError(f"{config.templates}: templates folder not found; copy Broadsheet's templates/ folder into "
                        "your project, or point `templates:` in config.yaml at one")
    if not config.static.is_dir():
        diagnostics.warn("W161", "static folder not found, and every page links its style sheet and scripts; copy "
                         "Broadsheet's static/ folder into your project, or point `static:` in config.yaml at one",
                         config.static)


# --- first half: seeds → content/ -------------------------------------------------------------

def update_content(config: Config, diagnostics: Diagnostics, result: BuildResult, state: BuildState,
                   nlp=None) -> dict[str, Article]:
    """Extract every new or changed seed into content/, leaving unchanged ones and people's edits alone.

    Returns the Articles of the content files it wrote, by path."""
    extractor = extractor_id(config.model)
    inputs = digest(tree_fingerprint(config.seeds, config.content), extractor, config.max_seed_bytes)
    if state.extra.get("seed_inputs") == inputs:
        diagnostics.replay(state.extra.get("seed_warnings", []))
        result.articles_unchanged = int(state.extra.get("seed_count", 0))
        return {}
    project = project_root(config)
    index, scanned = content_read.scan(config.content, load_cache(config.site, "content-index", SCAN_SCHEMA))
    todo: list[Seed] = []
    live: set[str] = set()
    written: dict[str, Article] = {}
    kept = content.load_reviewed(config.content, diagnostics)  # edited file name -> seed and rules last shown
    kept_before = dict(kept)
    for path, shown in state.extra.pop("kept_edits", {}).items():  # where older versions kept it
        kept.setdefault(Path(path).name, shown)
    warnings_before = len(diagnostics.items)
    warned = state.extra.get("seeds_with_warnings")  # None when no build recorded it: read every seed
    warned = set(warned) if warned is not None else None
    warned_now: list[str] = []
    for path in seeds.find_seeds(config.seeds, diagnostics):
        rel = relative(path, project)
        existing = index.get(rel)
        if existing and existing.broken:
            live.add(rel)  # its content file has a typo (warned about by the site half): left alone until fixed
            if warned is None or rel in warned:
                warned_now.append(rel)  # read again once the file is fixed, so its warnings repeat
            result.articles_unchanged += 1
            continue
        if (existing and warned is not None and rel not in warned and existing.extractor == extractor
                and _same_bytes(path, existing.source_sha256, config.max_seed_bytes)):
            live.add(rel)  # unchanged, and reading it raised no warning last time: not even decoded
            result.articles_unchanged += 1
            continue
        before = len(diagnostics.items)
        seed = seeds.read_seed(path, rel, diagnostics, config.max_seed_bytes)
        if len(diagnostics.items) != before:
            warned_now.append(rel)
        if seed is None:
            result.articles_failed += 1
            continue
        live.add(rel)
        if existing and existing.source_sha256 == seed.sha256 and existing.extractor == extractor:
            result.articles_unchanged += 1
            continue
        if existing and existing.edited and kept.get(existing.path.name) == f"{seed.sha256} {extractor}":
            result.articles_unchanged += 1  # the person was told; their file stays as they left it
            continue
        todo.append(seed)
    for removed in content.remove_orphans(index, config.seeds, project, live, diagnostics):
        result.content_files.append(str(removed))
        index = {source: entry for source, entry in index.items() if entry.path != removed}
    if todo:
        from .extract import nlp as extract  # spaCy is imported only when there is something to extract

        nlp = nlp or extract.load_nlp(config.model)
        taken = {entry.slug for entry in index.values()} | {p.stem for p in config.content.glob("*.md")}
        with progress.bar(len(todo), "extract") as tick:  # each file is written as soon as spaCy is done with it
            for ex in extract.extract_all(nlp, todo, config.batch_size, config.processes, tick):
                existing = index.get(ex.seed.rel)
                article = write_extraction(ex, existing, taken, extractor, config, diagnostics, result)
                if existing and existing.edited:
                    kept[existing.path.name] = f"{ex.seed.sha256} {extractor}"
                if article:
                    written[str(article.path)] = article
    if todo:
        index, scanned = content_read.scan(config.content, scanned)
    still_edited = {entry.path.name for entry in index.values() if entry.edited}
    for name in [n for n in kept if n not in still_edited]:
        del kept[name]
    if kept != kept_before:
        content.save_reviewed(config.content, kept)
        result.content_files.append(str(config.content / content.REVIEWED))
    save_cache(config.site, "content-index", SCAN_SCHEMA, scanned)
    state.extra["seeds_with_warnings"] = warned_now
    state.extra["seed_inputs"] = digest(tree_fingerprint(config.seeds, config.content), extractor,
                                        config.max_seed_bytes)
    state.extra["seed_warnings"] = diagnostics.since(warnings_before)
    state.extra["seed_count"] = str(len(live))
    return written


def _same_bytes(path: Path, sha256: str, max_bytes: int) -> bool:
    """True when the file still holds the bytes with this hash (and is not over the size limit)."""
    try:
        if path.stat().st_size > max_bytes:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def write_extraction(ex: Extracted, existing, taken: set[str], extractor: str, config: Config,
                     diagnostics: Diagnostics, result: BuildResult) -> Article | None:
    """Write one extraction to content/<slug>.md, or beside a person's edit as <slug>.md.new.

    Returns the Article the written file holds, so it need not be parsed back."""
    if existing:
        slug = existing.slug
        result.articles_changed += 1
    else:
        given = ex.seed.meta.get("slug")
        slug = given if isinstance(given, str) and given and given not in taken else article_slug(
            ex.title, ex.seed.rel, taken)
        result.articles_new += 1
    taken.add(slug)
    meta, body = record.content_parts(ex, slug, extractor)
    text = content.document(meta, body)
    if existing and existing.edited:
        beside = existing.path.with_name(existing.path.name + ".new")
        content.save(beside, text)
        result.content_files.append(str(beside))
        why = f"its seed {ex.seed.rel} changed" if existing.source_sha256 != ex.seed.sha256 else \
            "Broadsheet's extraction rules or model changed"
        diagnostics.warn("W131", f"you edited this file and {why}; your edit is kept and the new extraction is "
                         f"in {beside.name}: merge what you want, then delete it", existing.path)
        return None
    target = existing.path if existing else config.content / f"{slug}.md"
    content.save(target, text)
    result.content_files.append(str(target))
    return content_read.article_from(meta, body, target, text, diagnostics)


def load_articles(folder: Path, diagnostics: Diagnostics, site: Path | None = None,
                  just_written: dict[str, Article] | None = None, processes: int = 0) -> list[Article]:
    """Every readable content/*.md as an Article; files unchanged since the last build, or just written
    by extraction, are not parsed again. Many files are parsed on every core."""
    if not folder.is_dir():
        diagnostics.warn("W146", "content folder not found; nothing to render", folder)
        return []
    cache = load_cache(site, "articles", ARTICLE_SCHEMA) if site else {}
    found: dict[Path, Article | None] = {}
    stamps = {}
    to_parse = []
    for path, stat in content_read.content_files(folder, diagnostics):
        stamps[path] = (stat.st_size, stat.st_mtime_ns)
        cached = cache.get(str(path))
        if cached and cached[0] == stamps[path]:
            found[path] = cached[1]
        elif just_written and str(path) in just_written:
            found[path] = just_written[str(path)]
        else:
            found[path] = None
            to_parse.append(path)
    for path, article, warnings in _parse_all(to_parse, processes):
        diagnostics.replay(warnings)
        found[path] = article
        if warnings:
            stamps[path] = None  # files with warnings are read again next time, so the warnings repeat
    articles = [article for article in found.values() if article]
    fresh = {str(path): (stamps[path], article) for path, article in found.items() if article and stamps[path]}
    if site and fresh != cache:
        save_cache(site, "articles", ARTICLE_SCHEMA, fresh)
    return articles


PARALLEL_MIN_FILES = 200


def _parse_all(paths: list[Path], processes: int = 0):
    """Yield (path, Article or None, warnings as records) for each content file, in order."""
    workers = processes or min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_MIN_FILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_parse_one, paths)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_parse_one, paths, chunksize=50)


def _parse_one(path: Path) -> tuple[Path, Article | None, list]:
    diagnostics = Diagnostics(echo=False)
    article = content_read.load_article(path, diagnostics)
    return path, article, diagnostics.since(0)


# --- second half: content/ → site/ -----------------------------------------------------------

def site_inputs(config: Config) -> str:
    """A fingerprint of everything the site half reads: content, templates, static files, config, engine."""
    return digest(
        tree_fingerprint(config.content, suffixes=(".md",)),
        tree_fingerprint(config.templates, config.static),
        tree_fingerprint(ENGINE, suffixes=(".py",)),
        config.digest(),
        __version__,
    )


def clean(config: Config) -> list[str]:
    """Remove every file an earlier build wrote into site/, and the build's records of them."""
    with build_lock(config.site):
        state = load_state(config.site)
        adopt_journal(config.site, state)
        removed = remove_stale(config.site, list(state.outputs)) if config.site.is_dir() else []
        search_dir = config.site / "pagefind"
        if search_dir.is_dir():
            shutil.rmtree(search_dir)
        for leftover in state_path(config.site).parent.glob(state_path(config.site).stem + ".*"):
            if leftover.suffix != ".lock":
                leftover.unlink(missing_ok=True)
    if config.site.is_dir() and not any(config.site.iterdir()):
        config.site.rmdir()
    return removed


def project_root(config: Config) -> Path:
    return config.path.parent if config.path else Path.cwd()


def relative(path: Path, project: Path) -> str:
    return Path(os.path.relpath(path.absolute(), project)).as_posix()


@contextmanager
def _timed(result: BuildResult, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        result.seconds[stage] = result.seconds.get(stage, 0.0) + time.perf_counter() - start
