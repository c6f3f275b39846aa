"""build(config): the stages in order, readable top to bottom."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from . import __version__, content, pages, progress, search, seeds
from .config import MODEL_FALLBACKS, Config
from .diagnostics import Diagnostics
from .lock import build_lock
from .model import Article, BuildResult, Extracted, Seed
from .render import Renderer
from .site import build_site
from .slugs import article_slug
from .state import (BuildState, digest, load_cache, load_state, outputs_intact, save_cache, save_state,
                    state_path, tree_fingerprint)
from .write import check_unique, remove_stale, safe_output, write_atomic

ENGINE = Path(__file__).resolve().parent
ARTICLE_SCHEMA = ",".join(f.name for f in dataclasses.fields(Article))


def build(config: Config, diagnostics: Diagnostics, extract_content: bool = True, nlp=None) -> BuildResult:
    """Seeds → content/ (spaCy, only for new or changed seeds) → site/ (only pages whose inputs changed)."""
    result = BuildResult()
    with build_lock(config.site, folders=(config.content,)):
        state = load_state(config.site)
        if extract_content:
            with _timed(result, "extract"):
                update_content(config, diagnostics, result, state, nlp)
        inputs = site_inputs(config)
        if state.extra.get("site_inputs") == inputs and outputs_intact(state, config.site):
            result.unchanged = list(state.outputs)
            result.entities = int(state.extra.get("entity_count", 0))
            return result  # nothing the site is made from changed since the last clean build
        with _timed(result, "load"):
            articles = load_articles(config.content, diagnostics, config.site)
        with _timed(result, "model"):
            site = build_site(articles, config, diagnostics)
            result.entities = len(site.entities)
            state.extra["entity_count"] = str(len(site.entities))
        with _timed(result, "render"):
            planned = pages.plan(site, config)
            write_site(planned, config, diagnostics, result, state)
        with _timed(result, "search"):
            if config.search:
                search.index(config.site, planned, state, result, diagnostics, config)
        state.extra["site_inputs"] = inputs if not diagnostics.items else ""
        save_state(config.site, state)
    return result


# --- first half: seeds → content/ -------------------------------------------------------------

def update_content(config: Config, diagnostics: Diagnostics, result: BuildResult, state: BuildState,
                   nlp=None) -> None:
    """Extract every new or changed seed into content/, leaving unchanged ones and people's edits alone."""
    extractor = extractor_id(config.model)
    inputs = digest(tree_fingerprint(config.seeds, config.content), extractor, config.max_seed_bytes)
    if state.extra.get("seed_inputs") == inputs:
        result.articles_unchanged = int(state.extra.get("seed_count", 0))
        return
    project = project_root(config)
    index = content.scan(config.content, diagnostics)
    todo: list[Seed] = []
    live: set[str] = set()
    warnings_before = len(diagnostics.items)
    for path in seeds.find_seeds(config.seeds, diagnostics):
        rel = relative(path, project)
        seed = seeds.read_seed(path, rel, diagnostics, config.max_seed_bytes)
        if seed is None:
            result.articles_failed += 1
            continue
        live.add(rel)
        existing = index.get(rel)
        if existing and existing.source_sha256 == seed.sha256 and existing.extractor == extractor:
            result.articles_unchanged += 1
            continue
        todo.append(seed)
    content.remove_orphans(index, config.seeds, project, live, diagnostics)
    if todo:
        from . import extract  # spaCy is imported only when there is something to extract

        nlp = nlp or extract.load_nlp(config.model)
        with progress.bar(len(todo), "extract") as tick:
            extracted = list(extract.extract_all(nlp, todo, config.batch_size, config.processes, tick))
        taken = {entry.slug for entry in index.values()} | {p.stem for p in config.content.glob("*.md")}
        for ex in extracted:
            write_extraction(ex, index.get(ex.seed.rel), taken, extractor, config, diagnostics, result)
    clean = len(diagnostics.items) == warnings_before
    state.extra["seed_inputs"] = digest(tree_fingerprint(config.seeds, config.content), extractor,
                                        config.max_seed_bytes) if clean else ""
    state.extra["seed_count"] = str(len(live))


def write_extraction(ex: Extracted, existing, taken: set[str], extractor: str, config: Config,
                     diagnostics: Diagnostics, result: BuildResult) -> None:
    """Write one extraction to content/<slug>.md, or beside a person's edit as <slug>.md.new."""
    if existing:
        slug = existing.slug
        result.articles_changed += 1
    else:
        given = ex.seed.meta.get("slug")
        slug = given if isinstance(given, str) and given and given not in taken else article_slug(
            ex.title, ex.seed.rel, taken)
        result.articles_new += 1
    taken.add(slug)
    text = content.render_content(ex, slug, extractor)
    if existing and existing.edited:
        beside = existing.path.with_name(existing.path.name + ".new")
        content.save(beside, text)
        diagnostics.warn("W131", f"you edited this file and its seed {ex.seed.rel} changed; your edit is kept and "
                         f"the new extraction is in {beside.name}: merge what you want, then delete it",
                         existing.path)
        return
    target = existing.path if existing else config.content / f"{slug}.md"
    content.save(target, text)


def extractor_id(model: str) -> str:
    """What made a content file: Broadsheet's extractor version and the model package's version."""
    for name in (model, MODEL_FALLBACKS.get(model)):
        if not name:
            continue
        try:
            return f"{content.EXTRACTOR_VERSION}; {name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{content.EXTRACTOR_VERSION}; {model}"


def load_articles(folder: Path, diagnostics: Diagnostics, site: Path | None = None) -> list[Article]:
    """Every readable content/*.md as an Article; files unchanged since the last build come from a cache."""
    if not folder.is_dir():
        diagnostics.warn("W146", "content folder not found; nothing to render", folder)
        return []
    cache = load_cache(site, "articles", ARTICLE_SCHEMA) if site else {}
    fresh: dict[str, tuple] = {}
    articles = []
    for path in sorted(folder.glob("*.md")):
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = cache.get(str(path))
        if cached and cached[0] == stamp:
            article = cached[1]
        else:
            before = len(diagnostics.items)
            article = content.load_article(path, diagnostics)
            if article is None or len(diagnostics.items) != before:
                if article:
                    articles.append(article)
                continue  # files with warnings are read again next time, so the warnings repeat
        fresh[str(path)] = (stamp, article)
        articles.append(article)
    if site and fresh != cache:
        save_cache(site, "articles", ARTICLE_SCHEMA, fresh)
    return articles


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


def write_site(planned, config: Config, diagnostics: Diagnostics, result: BuildResult, state: BuildState) -> None:
    """Render pages whose inputs changed, write those whose bytes changed, remove what is gone."""
    root = config.site
    root.mkdir(parents=True, exist_ok=True)
    check_unique([p.output for p in planned])
    renderer = Renderer(config.templates)
    produced: set[str] = set()
    with progress.bar(len(planned), "render") as tick:
        for page in planned:
            key = digest(renderer.template_digest(page.template), page.context)
            _emit(root, page.output, key, lambda: renderer.render(page), state, result)
            produced.add(page.output)
            tick()
    for output, source in static_files(config.static):
        stat = source.stat()
        _emit(root, output, digest(stat.st_size, stat.st_mtime_ns, str(source)), source.read_bytes, state, result)
        produced.add(output)
    produced |= search.outputs(state)
    stale = [output for output in state.outputs if output not in produced]
    result.removed += remove_stale(root, stale)
    for output in stale:
        state.outputs.pop(output, None)


def _emit(root: Path, output: str, key: str, make, state: BuildState, result: BuildResult) -> None:
    """Render and write one output unless the state says it is current; record what it was made from."""
    if state.is_current(root, output, key):
        result.unchanged.append(output)
        return
    data = make()
    result.rendered += 1
    path = safe_output(root, output)
    (result.written if write_atomic(path, data) else result.unchanged).append(output)
    state.record(root, output, key)


def static_files(folder: Path):
    """(output path, source file) for every file under static/."""
    if not folder.is_dir():
        return []
    return [(f"static/{p.relative_to(folder).as_posix()}", p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")]


def clean(config: Config) -> list[str]:
    """Remove every file an earlier build wrote into site/, and the build's records of them."""
    with build_lock(config.site):
        state = load_state(config.site)
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
