"""build(config): the stages in order, readable top to bottom."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
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
from .model import Article, BuildResult, Extracted, Page, PageGroup, Seed
from .render import Renderer
from .site import build_site
from .slugs import article_slug
from .state import (BuildState, OutputRecord, adopt_journal, digest, journal_path, load_cache, load_state,
                    outputs_intact, plain_digest, save_cache, save_state, state_path, tree_fingerprint)
from .write import check_unique, new_file_journal, remove_stale, safe_output, write_output

ENGINE = Path(__file__).resolve().parent
# The engine's own code is part of every page's key: a fix to rendering code reaches every page.
ENGINE_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(ENGINE.glob("*.py")))).hexdigest()
ARTICLE_SCHEMA = ",".join(f.name for f in dataclasses.fields(Article))
SCAN_SCHEMA = ",".join(f.name for f in dataclasses.fields(content.ContentFile))


def build(config: Config, diagnostics: Diagnostics, extract_content: bool = True, nlp=None) -> BuildResult:
    """Seeds → content/ (spaCy, only for new or changed seeds) → site/ (only pages whose inputs changed)."""
    result = BuildResult()
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
        with _timed(result, "render"), new_file_journal(journal_path(config.site)):
            renderer = Renderer(config.templates, cache=template_cache(config.site))
            planned, groups = pages.plan(site, config)
            indexer = search.Indexer(config.site, site, state, renderer.template_digest, ENGINE_CODE,
                                     config.search_filter_min_articles, config.language) if config.search else None
            try:  # Pagefind starts on changed shards as soon as the article pages are written
                write_site(planned, groups, config, renderer, result, state, indexer.start if indexer else None)
            except BaseException:
                if indexer:
                    indexer.close()
                raise
        with _timed(result, "search"), new_file_journal(journal_path(config.site)):
            if indexer:
                indexer.finish(result, diagnostics)
            else:
                search.drop(config.site, state, result)
        state.extra["site_inputs"] = inputs
        state.extra["site_warnings"] = diagnostics.since(site_start)
        save_state(config.site, state)
    return result


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
    index, scanned = content.scan(config.content, load_cache(config.site, "content-index", SCAN_SCHEMA))
    todo: list[Seed] = []
    live: set[str] = set()
    written: dict[str, Article] = {}
    kept: dict[str, str] = state.extra.setdefault("kept_edits", {})  # edited file -> seed and rules it was shown
    warnings_before = len(diagnostics.items)
    warned = state.extra.get("seeds_with_warnings")  # None when no build recorded it: read every seed
    warned = set(warned) if warned is not None else None
    warned_now: list[str] = []
    for path in seeds.find_seeds(config.seeds, diagnostics):
        rel = relative(path, project)
        existing = index.get(rel)
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
        if existing and existing.edited and kept.get(str(existing.path)) == f"{seed.sha256} {extractor}":
            result.articles_unchanged += 1  # the person was told; their file stays as they left it
            continue
        todo.append(seed)
    for removed in content.remove_orphans(index, config.seeds, project, live, diagnostics):
        index = {source: entry for source, entry in index.items() if entry.path != removed}
    if todo:
        from . import extract  # spaCy is imported only when there is something to extract

        nlp = nlp or extract.load_nlp(config.model)
        taken = {entry.slug for entry in index.values()} | {p.stem for p in config.content.glob("*.md")}
        with progress.bar(len(todo), "extract") as tick:  # each file is written as soon as spaCy is done with it
            for ex in extract.extract_all(nlp, todo, config.batch_size, config.processes, tick):
                existing = index.get(ex.seed.rel)
                article = write_extraction(ex, existing, taken, extractor, config, diagnostics, result)
                if existing and existing.edited:
                    kept[str(existing.path)] = f"{ex.seed.sha256} {extractor}"
                if article:
                    written[str(article.path)] = article
    if todo:
        index, scanned = content.scan(config.content, scanned)
    still_edited = {str(entry.path) for entry in index.values() if entry.edited}
    for path in [p for p in kept if p not in still_edited]:
        del kept[path]
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
    meta, body = content.content_parts(ex, slug, extractor)
    text = content.document(meta, body)
    if existing and existing.edited:
        beside = existing.path.with_name(existing.path.name + ".new")
        content.save(beside, text)
        why = f"its seed {ex.seed.rel} changed" if existing.source_sha256 != ex.seed.sha256 else \
            "Broadsheet's extraction rules or model changed"
        diagnostics.warn("W131", f"you edited this file and {why}; your edit is kept and the new extraction is "
                         f"in {beside.name}: merge what you want, then delete it", existing.path)
        return None
    target = existing.path if existing else config.content / f"{slug}.md"
    content.save(target, text)
    return content.article_from(meta, body, target, text, diagnostics)


EXTRACTION_MODULES = ("extract.py", "entities.py", "entity_types.py", "gazetteer.py", "headlines.py")


def extractor_id(model: str) -> str:
    """What made a content file: the extraction rules (a hash of their code) and the model's version.

    When either changes, every seed is extracted again (people's edits are still kept)."""
    hasher = hashlib.sha256()
    for name in EXTRACTION_MODULES:
        hasher.update((ENGINE / name).read_bytes())
    rules = f"{content.EXTRACTOR_VERSION} (rules {hasher.hexdigest()[:10]})"
    for name in (model, MODEL_FALLBACKS.get(model)):
        if not name:
            continue
        try:
            return f"{rules}; {name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{rules}; {model}"


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
    for path in sorted(folder.glob("*.md")):
        stat = path.stat()
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
    article = content.load_article(path, diagnostics)
    return path, article, diagnostics.since(0)


# --- second half: content/ → site/ -----------------------------------------------------------

def template_cache(site: Path) -> Path:
    """Where compiled templates are kept: a folder per engine version (Jinja bakes the environment's options
    into compiled code, and its cache keys only on the template's source), older folders removed."""
    version = hashlib.sha256(f"{ENGINE_CODE} {metadata.version('jinja2')}".encode()).hexdigest()[:12]
    folder = state_path(site).parent / f"templates-{version}"
    for old in folder.parent.glob("templates*"):
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return folder


def site_inputs(config: Config) -> str:
    """A fingerprint of everything the site half reads: content, templates, static files, config, engine."""
    return digest(
        tree_fingerprint(config.content, suffixes=(".md",)),
        tree_fingerprint(config.templates, config.static),
        tree_fingerprint(ENGINE, suffixes=(".py",)),
        config.digest(),
        __version__,
    )


def write_site(planned: list[Page], groups: list[PageGroup], config: Config, renderer: Renderer,
               result: BuildResult, state: BuildState, pages_written=None) -> None:
    """Render pages whose inputs changed, write those whose bytes changed, remove what is gone.

    A page's key hashes its template (with what it includes) and its context; a group's key hashes the
    group's inputs with its templates (and what they include) and the config, and a group whose key and files
    are unchanged is not planned at all. `pages_written()` is called once the article pages are on disk."""
    root = config.site
    root.mkdir(parents=True, exist_ok=True)
    check_unique([p.output for p in planned])
    for name in {p.template for p in planned} | {t for group in groups for t in group.templates}:
        renderer.template_digest(name)  # worked out once, before workers are forked (and errors named here)
    common = {templates: digest(ENGINE_CODE, config.digest(), [renderer.template_digest(t) for t in templates])
              for templates in {group.templates for group in groups}}
    produced = {p.output for p in planned}
    # Keys are made by the workers: a page's from its context, a group's from its inputs and its templates.
    tasks: list[tuple[Page | PageGroup, str | None]] = [(page, None) for page in planned]
    tasks += [(group, common[group.templates]) for group in groups]
    articles = [i for i, (task, _) in enumerate(tasks) if isinstance(task, PageGroup) and task.kind == "article"]
    last_article = articles[-1] if articles else -1
    if last_article < 0 and pages_written:
        pages_written()
    for i, (task, key, done) in enumerate(render_tasks(tasks, config, renderer, state)):
        if i == last_article and pages_written:
            pages_written()  # results arrive in order: every article page is written
        for output, page_key, stat, written in done:
            if stat:
                result.rendered += 1
                state.outputs[output] = OutputRecord(page_key, *stat)
            (result.written if written else result.unchanged).append(output)
            produced.add(output)
        if isinstance(task, PageGroup):
            state.groups[task.id] = [key, [output for output, *_ in done]]
    live_groups = {group.id for group in groups}
    check_unique([p.output for p in planned] + [o for g in live_groups for o in state.groups[g][1]])
    for group_id in [g for g in state.groups if g not in live_groups]:
        del state.groups[group_id]
    statics = static_files(config.static)
    for output, source in statics:
        produced.add(output)
        stat = source.stat()
        key = digest(stat.st_size, stat.st_mtime_ns, str(source))
        if state.is_current(root, output, key):
            result.unchanged.append(output)
            continue
        (result.written if write_output(safe_output(root, output), source.read_bytes()) else result.unchanged).append(
            output)
        state.record(root, output, key)
    produced |= search.outputs(state)
    stale = [output for output in state.outputs if output not in produced]
    result.removed += remove_stale(root, stale)
    for output in stale:
        state.outputs.pop(output, None)


def render_tasks(tasks: list, config: Config, renderer: Renderer, state: BuildState):
    """Yield (task, key, [(output, page key, (size, mtime) if rendered, written)]) for each page or page group,
    on every core when there is much to do. Workers are forked: tasks are never pickled."""
    workers = config.processes or min(os.cpu_count() or 1, 4)
    if len(tasks) < PARALLEL_MIN_TASKS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        with progress.bar(len(tasks), "render") as tick:
            for task, key in tasks:
                yield task, *_bring_up_to_date(renderer, config.site, state, task, key)
                tick()
        return
    global _TASKS  # inherited by forked workers
    _TASKS = (tasks, config, renderer, state)
    chunks = [range(i, min(i + CHUNK, len(tasks))) for i in range(0, len(tasks), CHUNK)]
    gc.freeze()  # forked workers then share the parent's objects instead of copying them when the collector runs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool, progress.bar(len(tasks), "render") as tick:
            for chunk, results in zip(chunks, pool.imap(_render_chunk, chunks)):
                for i, (key, done) in zip(chunk, results):
                    yield tasks[i][0], key, done
                    tick()
    finally:
        _TASKS = None
        gc.unfreeze()


PARALLEL_MIN_TASKS = 60
CHUNK = 50
_TASKS = None


def _render_chunk(indexes: range) -> list:
    """In a worker: bring a slice of the tasks up to date."""
    tasks, config, renderer, state = _TASKS
    return [_bring_up_to_date(renderer, config.site, state, *tasks[i]) for i in indexes]


def _bring_up_to_date(renderer: Renderer, root: Path, state: BuildState, task: Page | PageGroup,
                      key: str) -> tuple[str, list[tuple[str, str | None, tuple[int, int] | None, bool]]]:
    """Key a page and render it unless its key and file are as the last build left them; or key a group
    (`key` covers its templates and the config) and unless its key and files are unchanged, plan it and do the same for
    each of its pages. Writes what changed.

    Returns the key, and per page: output, page key, (size, mtime) when rendered, written."""
    if isinstance(task, Page):
        key = digest(ENGINE_CODE, renderer.template_digest(task.template), task.context)
        if state.is_current(root, task.output, key):
            return key, [(task.output, key, None, False)]
        return key, [(task.output, key, *_render_one(renderer, root, task))]
    key = plain_digest((key, task.inputs()))
    outputs = state.group_current(root, task.id, key)
    if outputs is not None:
        return key, [(output, None, None, False) for output in outputs]
    done = []
    for page in task.plan():
        if page.template not in task.templates:
            raise ValueError(f"page group {task.id} draws {page.output} with {page.template}, not in its templates")
        page_key = digest(ENGINE_CODE, renderer.template_digest(page.template), page.context)
        if state.is_current(root, page.output, page_key):
            done.append((page.output, page_key, None, False))
        else:
            done.append((page.output, page_key, *_render_one(renderer, root, page)))
    return key, done


def _render_one(renderer: Renderer, root: Path, page: Page) -> tuple[tuple[int, int], bool]:
    """Render one page and write it if its bytes changed: its (size, mtime) and whether it was written."""
    path = safe_output(root, page.output)
    written = write_output(path, renderer.render(page))
    stat = os.stat(path)
    return (stat.st_size, stat.st_mtime_ns), written


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
