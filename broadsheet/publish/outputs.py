"""content/ → site/: bring every page and page group up to date, on every core; write only the files whose
bytes changed; remove what the site no longer has.

A page's key hashes its template (with what it includes), its context and the engine's code; a page group's
key hashes its inputs, its templates and the config. Keys are stored in the build records (records.py), so a
rebuild renders only pages whose keys changed, and plans only groups whose keys changed.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..core import progress, theme
from ..core.config import Config
from ..core.data import BuildResult, Page, PageGroup
from ..core.diagnostics import Diagnostics
from ..core.files import check_unique, forget_real_folders, is_output_name, remove_stale
from ..core.hashing import code_digest, digest, plain_digest
from ..core.records import BuildState, OutputRecord, collector_passes_over_existing
from . import search
from .ownership import MARKER, Ownership, marker_bytes, put, report_notes
from .render import Renderer

ENGINE = Path(__file__).resolve().parent.parent  # the broadsheet package
# The engine's own code is part of every page's key: a fix to rendering code reaches every page.
ENGINE_CODE = code_digest(ENGINE)


def write_site(planned: list[Page], groups: list[PageGroup], config: Config, renderer: Renderer,
               result: BuildResult, state: BuildState, pages_written=None, owner: Ownership | None = None,
               diagnostics: Diagnostics | None = None, reached: frozenset[str] | None = None) -> None:
    """Render pages whose inputs changed, write those whose bytes changed, remove what is gone.

    A page's key hashes its template (with what it includes) and its context; a group's key hashes the
    group's inputs with its templates (and what they include), the config and what its pages show of the site
    itself (`site_key`: the navigation), and a group whose key and files are unchanged is not planned at all. `reached`: the ids of the groups a change of the site model reaches
    (pages/reach.py), when known: any other group whose templates and config are as in the last build keeps
    its key, and its inputs are not even worked out (its files are still checked). `pages_written()` is
    called once the article pages are on disk. Files the build did not write are never written over
    (`owner`), nor written through a symlinked folder."""
    root = config.site
    owner = owner or Ownership(root, state)
    forget_real_folders()
    root.mkdir(parents=True, exist_ok=True)
    check_unique([p.output for p in planned])
    for name in {p.template for p in planned} | {t for group in groups for t in group.templates}:
        renderer.template_digest(name)  # worked out once, before workers are forked (and errors named here)
        renderer.preload(name)  # compiled once too: the workers inherit it
    template_keys = {(templates, site_key): digest(ENGINE_CODE, config.digest(),
                                                   [renderer.template_digest(t) for t in templates], site_key)
                     for templates, site_key in {(group.templates, group.site_key) for group in groups}}
    keys_base = digest(sorted(template_keys.values()))
    produced = {p.output for p in planned}
    # Keys are made by the workers: a page's from its context, a group's from its inputs and its templates.
    tasks: list[tuple[Page | PageGroup, str | None]] = [(page, None) for page in planned]
    if reached is not None and state.extra.get(GROUP_KEYS_BASE) == keys_base:
        check = bool(os.environ.get(CHECK_REACH))
        for group in groups:  # no change reached it: as the last build left it while its files are
            key = template_keys[group.templates, group.site_key]
            outputs = None if group.id in reached else _kept(root, state, group, key, check)
            if outputs is None:
                tasks.append((group, key))
            else:
                result.groups_kept += 1
                result.unchanged += outputs
                produced.update(outputs)
    else:
        tasks += [(group, template_keys[group.templates, group.site_key]) for group in groups]
    articles = [i for i, (task, _) in enumerate(tasks) if isinstance(task, PageGroup) and task.kind == "article"]
    last_article = articles[-1] if articles else -1
    if last_article < 0 and pages_written:
        pages_written()
    notes: list[tuple[str, tuple]] = []
    for i, (task, key, done) in enumerate(render_tasks(tasks, config, renderer, state, owner)):
        if i == last_article and pages_written:
            pages_written()  # results arrive in order: every article page is written
        for output, page_key, stat, written, page_notes in done:
            notes += [(output, note) for note in page_notes]
            if written is None:
                continue  # a file the build did not write is in the way
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
    state.extra[GROUP_KEYS_BASE] = keys_base
    for output, source in theme_static_files(config.static, diagnostics):
        stat = source.stat()
        key = digest(stat.st_size, stat.st_mtime_ns, str(source))
        if state.is_current(root, output, key):
            produced.add(output)
            result.unchanged.append(output)
            continue
        written, static_notes, _ = put(root, output, source.read_bytes(), owner)
        notes += [(output, note) for note in static_notes]
        if written is None:
            continue
        produced.add(output)
        (result.written if written else result.unchanged).append(output)
        state.record(root, output, key)
    left = report_notes(root, notes, diagnostics)
    data = marker_bytes(left)
    written, marker_notes, _ = put(root, MARKER, data, owner)
    if written is not None:
        produced.add(MARKER)
        (result.written if written else result.unchanged).append(MARKER)
        state.record(root, MARKER, digest(MARKER, data))
    produced |= search.outputs(state)
    stale = [output for output in state.outputs if output not in produced]
    result.removed += remove_stale(root, stale)
    for output in stale:
        state.outputs.pop(output, None)


def render_tasks(tasks: list, config: Config, renderer: Renderer, state: BuildState, owner: Ownership):
    """Yield (task, key, [(output, page key, (size, mtime) if rendered, written, notes)]) for each page or page
    group, on every core when there is much to do. Workers are forked: tasks are never pickled."""
    workers = config.processes or min(os.cpu_count() or 1, 4)
    if len(tasks) < PARALLEL_MIN_TASKS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        with progress.bar(len(tasks), "render") as tick:
            for task, key in tasks:
                yield task, *_bring_up_to_date(renderer, config.site, state, owner, task, key)
                tick()
        return
    global _TASKS  # inherited by forked workers
    context = multiprocessing.get_context("fork")
    stop = context.RawValue("b", 0)  # shared memory: set when the build stops, and the workers skip what is left
    _TASKS = (tasks, config, renderer, state, owner, stop)
    chunks = [range(i, min(i + CHUNK, len(tasks))) for i in range(0, len(tasks), CHUNK)]
    try:  # forked workers share the parent's objects instead of copying them when their collector runs
        with (collector_passes_over_existing(), context.Pool(workers) as pool,
              progress.bar(len(tasks), "render") as tick):
            try:
                for chunk, results in zip(chunks, pool.imap(_render_chunk, chunks)):
                    for i, (key, done) in zip(chunk, results):
                        yield tasks[i][0], key, done
                        tick()
            except BaseException:  # a template error in a worker, a failed write, Ctrl+C
                _wind_down(pool, stop)
                raise
    finally:
        _TASKS = None


def _wind_down(pool, stop) -> None:
    """Stop a pool after an error without signals: the workers finish the chunk in hand, skip the rest and exit.
    Killing them (what leaving the pool's `with` does) can catch one holding a lock of the pool's queues, and
    the build would then wait for ever."""
    stop.value = 1
    pool.close()
    pool.join()


PARALLEL_MIN_TASKS = 60
CHUNK = 50
_TASKS = None
GROUP_KEYS_BASE = "group_keys_base"  # in the build state: what every group's key was made with besides its inputs
# Set in the environment (the test suite does), every group the site model's changes do not reach is keyed all
# the same, and one whose key differs from the last build's stops the build: the dependency index missed it.
CHECK_REACH = "BROADSHEET_CHECK_REACH"


def _render_chunk(indexes: range) -> list:
    """In a worker: bring a slice of the tasks up to date."""
    tasks, config, renderer, state, owner, stop = _TASKS
    if stop.value:
        return []
    return [_bring_up_to_date(renderer, config.site, state, owner, *tasks[i]) for i in indexes]


def _bring_up_to_date(renderer: Renderer, root: Path, state: BuildState, owner: Ownership, task: Page | PageGroup,
                      key: str | None) -> tuple[str, list[tuple]]:
    """A page: key it, and render it unless its key and file are as the last build left them. A group (`key`
    covers its templates and the config): key it, and unless its key and files are unchanged, plan it and do
    the same for each of its pages.

    Returns the key, and per page: output, page key, (size, mtime) when rendered, written (None when a file
    the build did not write is in the way), notes (see `put`)."""
    if isinstance(task, Page):
        done = _page_up_to_date(renderer, root, state, owner, task)
        return done[1], [done]
    key = plain_digest((key, task.inputs()))
    outputs = state.group_current(root, task.id, key)
    if outputs is not None:
        return key, [(output, None, None, False, ()) for output in outputs]
    done = []
    for page in task.plan():
        if page.template not in task.templates:
            raise ValueError(f"page group {task.id} draws {page.output} with {page.template}, not in its templates")
        done.append(_page_up_to_date(renderer, root, state, owner, page))
    return key, done


def _kept(root: Path, state: BuildState, group: PageGroup, templates_key: str, check: bool) -> list[str] | None:
    """The outputs of a group no change of the site model reached, as the last build recorded them, when they are
    all intact; else None (it is keyed again). With `check` (CHECK_REACH set), it is keyed anyway, and a key that
    differs from the last build's stops the build."""
    record = state.groups.get(group.id)
    outputs = state.group_current(root, group.id, record[0]) if record else None
    if (outputs is not None and check
            and plain_digest((templates_key, group.inputs())) != record[0]):
        raise RuntimeError(f"page group {group.id} changed, but no change of the site model reached it")
    return outputs


def _page_up_to_date(renderer: Renderer, root: Path, state: BuildState, owner: Ownership, page: Page):
    """(output, key, (size, mtime) if rendered, written, notes) of one page, rendered only when its key changed."""
    key = digest(ENGINE_CODE, renderer.template_digest(page.template), page.context)
    if state.is_current(root, page.output, key):
        return page.output, key, None, False, ()
    return page.output, key, *_render_one(renderer, root, owner, page)


def _render_one(renderer: Renderer, root: Path, owner: Ownership, page: Page):
    """Render one page and write it if its bytes changed: its (size, mtime), whether it was written (None when
    a file the build did not write is in the way), and notes (see `put`)."""
    written, notes, stat = put(root, page.output, renderer.render(page), owner)
    if written is None:
        return None, None, notes
    return (stat.st_size, stat.st_mtime_ns), written, notes


def theme_static_files(folder: Path, diagnostics: Diagnostics | None = None) -> list[tuple[str, Path]]:
    """(output path, source file) for every static file of the built-in theme and the project's static
    folder merged, the project's file winning where both have one."""
    merged = dict(static_files(theme.STATIC))
    merged.update(static_files(folder, diagnostics))
    return sorted(merged.items())


def static_files(folder: Path, diagnostics: Diagnostics | None = None):
    """(output path, source file) for every file under static/: not hidden files or what is in hidden folders
    (`.git/`), nor a symlink to a file outside static/ (warned about)."""
    if not folder.is_dir():
        return []
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder)
        if any(part.startswith(".") for part in inside.parts) or not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            if diagnostics is not None:
                diagnostics.warn("W184", "symlink to a file outside the static folder; not published (copy the "
                                 "file into the static folder to publish it)", path)
            continue
        if not is_output_name(f"static/{inside.as_posix()}"):
            if diagnostics is not None:
                diagnostics.warn("W185", "a backslash or control character in this file's name, which no web "
                                 "address carries alike on every host; not published (rename it)", path)
            continue
        found.append((f"static/{inside.as_posix()}", path))
    return found
