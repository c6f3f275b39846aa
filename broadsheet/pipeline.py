"""build(config): the stages in order, readable top to bottom."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .core import progress, text, theme
from .core.config import Config, unreadable_folders
from .core.data import Article, BuildResult, Extracted, Seed
from .core.diagnostics import Diagnostics, UserError
from .core.files import new_file_journal, remove_stale
from .core.hashing import digest, tree_fingerprint
from .core.lock import build_lock
from .core.records import (
    BuildState,
    Records,
    Warmed,
    adopt_journal,
    amend_summary,
    collector_passes_over_existing,
    collector_paused,
    forget_summary,
    load_cache,
    load_state,
    load_summary,
    outputs_check,
    outputs_intact,
    outputs_unchanged,
    records_for,
    save_cache,
    save_state,
    save_summary,
    warm_cache,
)
from .extraction import model_for_build, run_extraction
from .publish.ownership import Ownership, read_marker, report_left

ENGINE = Path(__file__).resolve().parent  # the broadsheet package, whose code every page is keyed on

# The modules of the seed half and of reading content/ are imported by the functions that use them, not here: a
# build with nothing changed compiles and runs none of them (without cached bytecode, a tenth of its time).

# The caches that grow with the archive are kept in parts, so a build that changes one article writes one part.
ARTICLE_PARTS = SCAN_PARTS = 64


@cache
def _reader() -> str:
    """Parsed content files are cached by file stamp; a change to how they are read (what is cleaned, what is
    checked) must read them again, so the caches are keyed by that code as well as by the shape of the data."""
    from .content import read as content_read
    from .extract import frontmatter

    return digest(*(Path(module.__file__).read_text(encoding="utf-8") for module in (content_read, frontmatter, text)))


def article_schema() -> str:
    return ",".join(f.name for f in dataclasses.fields(Article)) + " " + _reader()[:12]


def scan_schema() -> str:
    from .content import read as content_read

    return ",".join(f.name for f in dataclasses.fields(content_read.ContentFile)) + " " + _reader()[:12]


def build(config: Config, diagnostics: Diagnostics, extract_content: bool = True, nlp=None) -> BuildResult:
    """Seeds → content/ (spaCy, only for new or changed seeds) → site/ (only pages whose inputs changed).

    `nlp`: a loaded spaCy pipeline to extract with, or a Model that keeps one between builds (serve); by
    default the model is loaded when the first seed that needs extracting is found."""
    with collector_passes_over_existing():  # the records, the model and the plan live until the build ends
        try:
            return _build(config, diagnostics, extract_content, nlp)
        finally:
            Warmed.clear()  # what was read ahead and not asked for


def _build(config: Config, diagnostics: Diagnostics, extract_content: bool, nlp) -> BuildResult:
    result = BuildResult()
    check_readable(config, extract_content)
    records = site_records(config)
    with build_lock(records, config.site, folders=(config.content,), diagnostics=diagnostics):
        seen: dict[str, str] = {}  # the fingerprints nothing_changed took, for a render-only build to reuse
        if nothing_changed(config, diagnostics, result, records, extract_content, seen):
            return result  # the last build's site stands: its full records were not even read
        forget_summary(records)
        with collector_paused(keep=True):
            state = load_state(records, diagnostics)
        adopt_journal(records, config.site, state, diagnostics)
        check_theme(config, diagnostics, state)
        if extract_content:  # seeds may be extracted: the count a render-only build kept no longer holds
            state.extra.pop("seeds_left_out", None)
        extra_before = digest(state.extra)
        written: dict[str, Article] = {}
        listed_after: dict = {}  # content/ as extraction left it: listed once for both fingerprints taken then
        if extract_content:
            with _timed(result, "extract"):
                written = update_content(config, diagnostics, result, state, nlp, records, seen.get("seed_inputs"),
                                         listed_after, lambda: warm_site_half(config, records, state))
        # content/ as a render-only build found it at the start (taken before it is read: a file changed since is
        # seen by the next build), else as extraction left it
        inputs = seen.get("site_inputs") if not extract_content and "site_inputs" in seen else site_inputs(
            config, listed_after)
        if (state.extra.get("site_inputs") == inputs and outputs_intact(state, config.site)
                and all(os.path.lexists(config.site / name) for name in read_marker(config.site) or ())):
            diagnostics.replay(state.extra.get("site_warnings", []))
            if not extract_content:
                count_left_out(config, result, state)
                result.articles_unchanged = int(state.extra.get("article_count", 0))
            result.unchanged = list(state.outputs)
            result.entities = int(state.extra.get("entity_count", 0))
            if digest(state.extra) != extra_before:
                save_state(records, state)  # what the seed half learned (e.g. a kept edit) is kept
            else:
                save_summary(records, state)
            return result  # nothing the site is made from changed since the last build
        # The stages below are imported only now: a build with nothing to do never loads the render engine.
        from .archive.site import build_site
        from .pages import plan as pages
        from .pages.reach import groups_reached
        from .publish import search
        from .publish.outputs import ENGINE_CODE, write_site
        from .publish.render import renderer_for

        site_start = len(diagnostics.items)
        if not config.base_url:
            diagnostics.warn("W250", "base_url is not set, so no sitemap.xml is written and feeds link to their "
                             "articles by relative addresses, which feed readers cannot follow; set base_url in "
                             "config.yaml to the published site's address (https://example.org/news/)",
                             config.path or "config.yaml")
        with _timed(result, "load"), collector_paused(keep=True):
            stamps: dict[Path, tuple[int, int]] = {}
            words: dict = {}
            before: dict = {}  # the parsed-articles cache as the last build left it
            scanned: dict = {}  # what scanning the files parsed here for their seeds would find
            articles = [] if extract_content and not config.content.is_dir() else load_articles(
                config.content, diagnostics, records, written, config.processes, stamps, words,
                before, scanned)  # no seeds: said so
            count_articles(result, state, config.content, stamps, written, len(articles))
            if not extract_content:
                count_left_out(config, result, state, stamps if config.content.is_dir() else None, scanned)
        with _timed(result, "model"), collector_paused(keep=True):
            kept_model: dict = {}
            previous_model = last_model(records, diagnostics)
            site = build_site(articles, config, diagnostics, words.get("counts"), previous_model, kept_model, stamps,
                              before, last_tallies(records, diagnostics))
            generation = keep_model(records, kept_model["record"], previous_model)
            keep_tallies(records, kept_model["tallies"], kept_model["counted"])
            result.entities = len(site.entities)
            state.extra["entity_count"] = str(len(site.entities))
        renderer = renderer_for(config.templates, state.extra["templates_checked"])
        with collector_paused(keep=True):
            planned, groups = pages.plan(site, config)
            # the groups' keys in the state were made from the model of this record: only what changed since is keyed
            reached = (groups_reached(site, config.search_filter_min_articles) if previous_model is not None
                       and state.extra.get("model_generation") == previous_model.generation else None)
        owner = Ownership(config.site, state)  # which files already in site/ are the build's to write over
        indexer = search.Indexer(config.site, site, state, renderer.template_digest, ENGINE_CODE,
                                 config.search_filter_min_articles, config.language, owner,
                                 config.sections) if config.search else None
        try:
            with new_file_journal(records.journal):
                # Pagefind starts on changed shards once the article pages are written
                with _timed(result, "render"):
                    write_site(planned, groups, config, renderer, result, state, indexer.start if indexer else None,
                               owner, diagnostics, reached)
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
        state.extra["model_generation"] = generation
        save_state(records, state)
    return result


# The share of the outputs nothing_changed stats itself, after it has listed the seeds and content, while a
# forked child stats the rest: what makes both finish together at 10x the BBC archive (192,000 outputs, 21,000
# seeds and content files).
OUTPUTS_HERE = 0.35


def nothing_changed(config: Config, diagnostics: Diagnostics, result: BuildResult, records: Records,
                    extract_content: bool, seen: dict | None = None) -> bool:
    """True, with the last build's result and warnings, when no input changed since the last build finished and
    every file it wrote is still on disk as it left it. Nothing is read but the small summary of the last build
    (records.Summary) and, with --render-only, the record of the content scan (to count the seeds left out,
    `skipped_seeds`): the seeds (unless --render-only), content, templates, static files and engine code are
    compared by names, sizes and modification times, and so is every output, one stat each. `seen` gets the
    fingerprints of the seed half's and the site's inputs when they were taken."""
    if os.path.lexists(records.journal):
        return False  # a build was killed while writing pages: the full records say which are its own
    summary = load_summary(records, diagnostics)
    if summary is None:
        return False
    last = summary.extra
    listed: dict = {}  # content/ is in both fingerprints: listed once
    if extract_content and not config.seeds.is_dir():
        return False
    # the outputs are stat'ed on the other core while the inputs are fingerprinted here (a seed that came or
    # changed, the usual case of a build, stops the child as soon as it is told)
    check = outputs_check(summary, config.site, OUTPUTS_HERE)
    try:
        if extract_content:
            seeds_now = seed_inputs(config, listed=listed)
            if seen is not None:
                seen["seed_inputs"] = seeds_now
            if last.get("seed_inputs") != seeds_now:
                return False
        inputs = site_inputs(config, listed)
        if seen is not None:
            seen["site_inputs"] = inputs
        if last.get("site_inputs") != inputs or last.get("templates_checked") != templates_fingerprint(config):
            return False
        # with --render-only the seeds are listed all the same, for the count of those left out (below)
        seeds_now = seeds_now if extract_content else tree_fingerprint(config.seeds)
        if not outputs_unchanged(summary, config.site, check) or not all(
                os.path.lexists(config.site / name) for name in read_marker(config.site) or ()):
            return False
    finally:
        check.close()
    warn_missing_theme_folders(config, diagnostics)
    if extract_content:
        diagnostics.replay(last.get("seed_warnings", []))
        result.articles_unchanged = int(last.get("seed_count", 0))
        result.records_skipped = int(last.get("records_skipped", 0))
    diagnostics.replay(last.get("site_warnings", []))
    if not extract_content:  # the content is as the last build left it: the count stands if the seeds do too
        left_out = last.get("seeds_left_out")
        if left_out is not None and left_out[0] == seeds_now:
            result.seeds_skipped = int(left_out[1])
        else:  # counted once, then kept (the last build was a full one, or the seeds changed since)
            result.seeds_skipped = skipped_seeds(config)
            amend_summary(records, summary, seeds_left_out=[seeds_now, str(result.seeds_skipped)])
        result.articles_unchanged = int(last.get("article_count", 0))
    result.unchanged = summary.outputs
    result.entities = int(last.get("entity_count", 0))
    return True


def check_readable(config: Config, extract_content: bool) -> None:
    """Stop before any work when a folder the build reads cannot be listed: an unreadable content/ would
    otherwise look empty, and the site would lose every article page."""
    problems = unreadable_folders(config, ("content", "templates", "static") + (("seeds",) if extract_content else ()))
    if problems:
        raise UserError("\n".join(problems))


def check_theme(config: Config, diagnostics: Diagnostics, state: BuildState) -> None:
    """Stop before any work when a template cannot be used: every template (the project's override or the
    built-in one) and all it includes is read and parsed, so a broken override is named with its file and
    line before anything is extracted (once per change of the template folders). A templates or static folder
    named in config.yaml but absent is warned about: the built-in theme is used in its place."""
    templates = templates_fingerprint(config)
    if state.extra.get("templates_checked") != templates:
        from .publish.render import renderer_for

        renderer = renderer_for(config.templates, templates)  # the build then renders with the templates parsed here
        for name in theme.page_templates():
            renderer.template_digest(name)
        state.extra["templates_checked"] = templates
    warn_missing_theme_folders(config, diagnostics)


def templates_fingerprint(config: Config) -> str:
    return tree_fingerprint(config.templates, theme.TEMPLATES)


def warn_missing_theme_folders(config: Config, diagnostics: Diagnostics) -> None:
    project = project_root(config)
    for key, code in (("templates", "W240"), ("static", "W241")):
        folder = getattr(config, key)
        if not folder.exists() and folder != project / key:
            diagnostics.warn(code, f"{key} folder not found, so the built-in theme's {key} are used; create it, "
                             f"or correct `{key}:` in config.yaml", folder)


def warm_site_half(config: Config, records: Records, state: BuildState) -> None:
    """Read ahead what the site half reads whatever the seeds give (while a child process loads the model: see
    update_content): its modules, the parsed content files, the word counts, the records of the last build's
    name tallies and model, the templates (compiled). Each cache is handed to the load that asks for it, if its
    file is still the one read here (records.Warmed)."""
    with collector_paused(keep=True):  # these live until the build ends, as those loaded later would
        from .archive import model_record, resolve_record
        from .archive import site as _site_model  # noqa: F401  (the modules the site half imports)
        from .content import read as content_read
        from .pages import plan as _plan  # noqa: F401
        from .publish import outputs as _outputs  # noqa: F401
        from .publish.render import renderer_for

        warm_cache(records, "articles", article_schema(), content_read.article_from_row, ARTICLE_PARTS)
        warm_cache(records, "words", words_schema(), _words_entry)
        warm_cache(records, resolve_record.CACHE_NAME, resolve_record.SCHEMA, resolve_record.decode)
        warm_cache(records, model_record.CACHE_NAME, model_record.SCHEMA, model_record.decode)
        if "templates_checked" in state.extra:  # checked by check_theme: every page template parses
            renderer = renderer_for(config.templates, state.extra["templates_checked"])
            for name in theme.page_templates():
                renderer.template_digest(name)  # compiled once, here, as the render stage would


# --- first half: seeds → content/ -------------------------------------------------------------

def update_content(config: Config, diagnostics: Diagnostics, result: BuildResult, state: BuildState,
                   nlp=None, records: Records | None = None, inputs: str | None = None,
                   listed_after: dict | None = None, meanwhile: Callable[[], None] | None = None) -> dict[str, Article]:
    """Extract every new or changed seed into content/, leaving unchanged ones and people's edits alone. The
    spaCy model (`nlp`: see build) starts loading as soon as the first seed that needs extracting is found.
    `inputs`: the fingerprint of the seed half's inputs (seed_inputs) when the build has just taken it;
    `listed_after` keeps the folders its last fingerprint lists (tree_fingerprint's `listed`), for the site's.
    `meanwhile`: work of the site half that does not depend on what is extracted, done while a child process
    loads the model (extraction.ModelProcess: a build that loads the model itself), else not at all.

    Returns the Articles of the content files it wrote, by path. A missing or empty seeds folder changes nothing."""
    from .content import read as content_read
    from .content import write as content
    from .extract import extractor_id, formats, seeds

    if not config.seeds.is_dir():
        diagnostics.error("E180", "seeds folder not found, so nothing was extracted and no content file or page was "
                          "removed; create it or pass --seeds DIR (or build with --render-only to render content/ "
                          "alone)", config.seeds)
        return {}
    extractor = extractor_id(config.model)
    if state.extra.get("seed_inputs") == (inputs or seed_inputs(config, extractor)):
        diagnostics.replay(state.extra.get("seed_warnings", []))
        result.articles_unchanged = int(state.extra.get("seed_count", 0))
        result.records_skipped = int(state.extra.get("records_skipped", 0))
        return {}
    options = formats.Options.of(config.max_seed_bytes, config.fields)
    project = project_root(config)
    records = records or site_records(config)
    known = load_cache(records, "content-index", scan_schema(), content_read.content_file_from_row, diagnostics,
                       SCAN_PARTS, reuse="shared")
    read_before = load_cache(records, "seed-stamps", SEED_STAMPS_SCHEMA, _seed_stamp_entry, diagnostics, SCAN_PARTS,
                             reuse="shared")
    read_now: dict[str, list] = {}
    index, scanned = content_read.scan(config.content, known)
    todo: list[Seed | formats.Record] = []  # records are read when extracted, a batch at a time
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
    with model_for_build(nlp, config) as model:  # a child process it starts is stopped however the build ends
        looked = 0  # items of todo looked at for whether the model is needed

        def load_when_needed() -> None:
            """Start loading spaCy as soon as a seed surely needs it, while the other seeds are looked at."""
            nonlocal looked
            if not config.scheduler and any(changed(item, index, extractor) for item in todo[looked:]):
                model.start(config.model)
            looked = len(todo)

        found = seeds.find_seeds(config.seeds, diagnostics, formats.SUFFIXES)
        for path in found:
            load_when_needed()
            rel = relative(path, project)
            if formats.holds_records(path):
                scan_records(formats.Container(path, rel, options), index, extractor, warned, kept, live, todo,
                             warned_now, result, diagnostics)
                continue
            existing = index.get(rel)
            if existing and existing.broken:
                live.add(rel)  # its content file has a typo (warned about by the site half): left alone until fixed
                if warned is None or rel in warned:
                    warned_now.append(rel)  # read again once the file is fixed, so its warnings repeat
                result.articles_unchanged += 1
                continue
            if (existing and warned is not None and rel not in warned and existing.extractor == extractor
                    and _same_bytes(path, existing.source_sha256, config.max_seed_bytes, read_before.get(rel),
                                    read_now, rel)):
                live.add(rel)  # unchanged, and reading it raised no warning last time: not even decoded
                result.articles_unchanged += 1
                continue
            before = len(diagnostics.items)
            seed = formats.read_seed(path, rel, diagnostics, config.max_seed_bytes)
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
        gone: set[str] = set()  # content files removed here
        if found:
            for removed in content.remove_orphans(index, config.seeds, project, live, diagnostics):
                result.content_files.append(str(removed))
                gone.add(str(removed))
                index = {source: entry for source, entry in index.items() if entry.path != removed}
        elif not (config.content.is_dir() and content_read.content_files(config.content)):  # an archive of nothing
            diagnostics.warn("W242", no_seeds_message(config.seeds), config.seeds)
        elif made_from(index, config.seeds, project):
            diagnostics.warn("W180", "seeds folder holds no seed files (.txt, .md), so no content file made from it "
                             "was removed (an empty seeds folder is more likely a mistake than a wish to empty the "
                             "archive); put the seeds back, or delete content files yourself to remove their articles",
                             config.seeds)
        load_when_needed()
        if todo:
            taken = {entry.slug for entry in index.values()} | {p.stem for p in config.content.glob("*.md")}
            with run_extraction(config, model, meanwhile) as extract_all, progress.bar(len(todo), "extract") as tick:
                pending = (seeds.with_folder_section(seed, config.seeds) for seed in
                           pending_seeds(todo, options, index, extractor, warned_now, result, diagnostics, tick))
                for batch in _batches(pending, EXTRACT_BATCH):  # each file is written as soon as spaCy is done with it
                    for ex in extract_all(batch, tick):
                        existing = index.get(ex.seed.rel)
                        article = write_extraction(ex, existing, taken, extractor, config, diagnostics, result)
                        if existing and existing.edited:
                            kept[existing.path.name] = f"{ex.seed.sha256} {extractor}"
                        if article:
                            written[str(article.path)] = article
        if todo:  # the content folder as listed at the start, with the files written and removed here since
            listing = {Path(path): stamp for path, (stamp, _) in scanned.items() if path not in gone}
            for path in written:
                if content_read.is_content_name(os.path.basename(path)):
                    try:
                        info = os.stat(path)
                    except OSError:  # gone already (someone else's doing): the next build lists the folder again
                        continue
                    listing[Path(path)] = (info.st_size, info.st_mtime_ns)
            index, scanned = content_read.scan(config.content, scanned, dict(sorted(listing.items())))
        still_edited = {entry.path.name for entry in index.values() if entry.edited}
        for name in [n for n in kept if n not in still_edited]:
            del kept[name]
        if kept != kept_before:
            content.save_reviewed(config.content, kept)
            result.content_files.append(str(config.content / content.REVIEWED))
        save_cache(records, "content-index", scan_schema(), scanned, content_read.content_file_row, SCAN_PARTS, known,
                   reuse=True)
        if read_now != read_before:
            save_cache(records, "seed-stamps", SEED_STAMPS_SCHEMA, read_now, list, SCAN_PARTS, read_before, reuse=True)
        state.extra["seeds_with_warnings"] = warned_now
        state.extra["seed_inputs"] = seed_inputs(config, extractor, listed_after)
        state.extra["seed_warnings"] = diagnostics.since(warnings_before)
        state.extra["seed_count"] = str(len(live))
        state.extra["records_skipped"] = str(result.records_skipped)
        return written


def seed_inputs(config: Config, extractor: str | None = None, listed: dict | None = None) -> str:
    """A fingerprint of everything the seed half reads: seeds and content files (names, sizes, modification
    times), the extractor, and the settings that decide what a seed gives. `listed`: see tree_fingerprint."""
    from .extract import extractor_id

    return digest(tree_fingerprint(config.seeds, config.content, listed=listed), extractor or extractor_id(config.model),
                  config.max_seed_bytes, config.fields)


def changed(item: Seed | formats.Record, index, extractor: str) -> bool:
    """Whether a seed picked for extraction surely needs it: a record read again only to repeat its warning
    may turn out unchanged."""
    from .extract import formats

    if not isinstance(item, formats.Record):
        return True
    existing = index.get(item.rel)
    return not (existing and existing.source_sha256 == item.sha256 and existing.extractor == extractor)


def no_seeds_message(folder: Path) -> str:
    """Why an empty seeds folder gives an empty archive, naming the kinds of files it does hold."""
    others: dict[str, int] = {}
    for i, path in enumerate(folder.rglob("*")):
        if i >= 10_000:
            break
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            kind = path.suffix.lower() or "(no extension)"
            others[kind] = others.get(kind, 0) + 1
    if not others:
        return f"seeds folder is empty, so the archive has no articles; put articles ({_KINDS}) in it and build again"
    shown = ", ".join(f"{count} {kind}" for kind, count in sorted(others.items(), key=lambda item: -item[1])[:5])
    return (f"seeds folder holds no article files (only {shown}), so the archive has no articles; Broadsheet reads "
            f"{_KINDS}: save your articles in one of those")


_KINDS = "plain text (.txt), Markdown (.md), JSON Lines (.jsonl), CSV (.csv), saved pages (.html), web archives (.warc) or feeds (.xml, .rss, .atom)"


def made_from(index: dict, seeds_dir: Path, project: Path) -> list[str]:
    """The content files' sources that lie inside the seeds folder."""
    root = seeds_dir.resolve()
    return [source for source in index if (project / source).resolve().is_relative_to(root)]


EXTRACT_BATCH = 4096  # seeds in memory at once: records are read a batch at a time, so a big export never is whole


def scan_records(container: formats.Container, index, extractor: str, warned: set[str] | None, kept: dict,
                 live: set[str], todo: list, warned_now: list[str], result: BuildResult,
                 diagnostics: Diagnostics) -> None:
    """Stream a file of many articles: a record that is new or changed (or warned when last read) joins `todo`;
    an unchanged one is not even converted. While a record of it cannot be read, none of its articles is
    removed (it may be one of them); nor are a feed's entries that have left the feed."""
    for found in container.records(diagnostics):
        live.add(found.rel)
        existing = index.get(found.rel)
        again = warned is None or found.rel in warned  # reading it warned last time: read it again, to repeat that
        if existing and existing.broken:
            result.articles_unchanged += 1  # its content file has a typo: left alone until fixed
            if again:
                warned_now.append(found.rel)
            continue
        same = existing and existing.source_sha256 == found.sha256 and existing.extractor == extractor
        shown = existing and existing.edited and kept.get(existing.path.name) == f"{found.sha256} {extractor}"
        if (same and not again) or shown:
            result.articles_unchanged += 1
            continue
        todo.append(found)
    result.records_skipped += container.skipped
    if not container.complete or container.keeps_missing:
        live.update(source for source in index if source.startswith(container.rel + "#"))


def pending_seeds(todo: list, options: formats.Options, index, extractor: str, warned_now: list[str],
                  result: BuildResult, diagnostics: Diagnostics, tick) -> Iterator[Seed]:
    """The seeds to extract, in order: plain seeds as read; records read from their file (streamed once for all
    of its records), each counted as failed or unchanged when it turns out to be."""
    from .extract import formats

    wanted: dict[Path, set[str]] = defaultdict(set)
    for item in todo:
        if isinstance(item, formats.Record):
            wanted[item.path].add(item.rel)
    for item in todo:
        if not isinstance(item, formats.Record):
            yield item
            continue
        if item.path not in wanted:
            continue  # its file was read with an earlier record of it
        container = formats.Container(item.path, item.container, options)
        for rel, seed, warned in container.seeds(wanted.pop(item.path), diagnostics):
            if warned:
                warned_now.append(rel)
            existing = index.get(rel)
            if seed is None or (existing and existing.source_sha256 == seed.sha256 and existing.extractor == extractor):
                result.articles_failed += seed is None
                result.articles_unchanged += seed is not None
                tick()
                continue
            yield seed


def _batches(items: Iterator, size: int) -> Iterator[list]:
    """items in lists of at most size."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _same_bytes(path: Path, sha256: str, max_bytes: int, before: list | None = None, now: dict | None = None,
                key: str = "") -> bool:
    """True when the file still holds the bytes with this hash (and is not over the size limit). `before`: the
    file's [size, mtime_ns, ctime_ns, hash] as a build last found it holding those bytes: with the same size,
    modification and change times and the same hash, the bytes are not read again (stat, not hash, unless stat
    says changed; a file copied in with its old modification time has a new change time). `now[key]` gets the
    entry for the next build, unless the file was modified too recently for its time to tell a later change of
    the same size (`RACY_NS`): that one is read again next time."""
    try:
        info = os.stat(path)
        if info.st_size > max_bytes:
            return False
        stamp = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, sha256]
        if before == stamp:
            if now is not None:
                now[key] = before
            return True
        with open(path, "rb") as handle:
            same = hashlib.sha256(handle.read()).hexdigest() == sha256
    except OSError:
        return False
    if same and now is not None and max(info.st_mtime_ns, info.st_ctime_ns) < time.time_ns() - RACY_NS:
        now[key] = stamp
    return same


RACY_NS = 2_000_000_000  # a file modified this recently may change again within its time stamp's resolution
SEED_STAMPS_SCHEMA = "seed stamps 1: size, mtime_ns, ctime_ns, sha256"


def _seed_stamp_entry(key: str, value) -> list:
    """One entry of the seed stamps record, checked: [size, mtime_ns, ctime_ns, sha256 in hex]."""
    if (isinstance(value, list) and len(value) == 4 and all(type(n) is int for n in value[:3])
            and isinstance(value[3], str) and len(value[3]) == 64):
        return value
    raise ValueError(f"bad entry {key[:80]!r}")


def write_extraction(ex: Extracted, existing, taken: set[str], extractor: str, config: Config,
                     diagnostics: Diagnostics, result: BuildResult) -> Article | None:
    """Write one extraction to content/<slug>.md, or beside a person's edit as <slug>.md.new.

    Returns the Article the written file holds, so it need not be parsed back."""
    from .content import read as content_read
    from .content import write as content
    from .core.slugs import article_slug
    from .extract import record

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


def load_articles(folder: Path, diagnostics: Diagnostics, records: Records | None = None,
                  just_written: dict[str, Article] | None = None, processes: int = 0,
                  stamps_out: dict | None = None, words_out: dict | None = None,
                  before_out: dict | None = None, scanned_out: dict | None = None) -> list[Article]:
    """Every readable content/*.md as an Article; files unchanged since the last build, or just written
    by extraction, are not parsed again. Many files are parsed on every core. `stamps_out` receives each
    file's (size, mtime); `words_out["counts"]` the archive's word counts (`archive_word_counts`); `before_out`
    the parsed files as the last build kept them ({file: ((size, mtime), Article)}: the old text of a changed one);
    `scanned_out` what `content_read.scan` would find in each file parsed here ({path: ContentFile})."""
    from .content import read as content_read

    if not folder.is_dir():
        diagnostics.warn("W146", "content folder not found, so there is nothing to render; build without "
                         "--render-only to extract your seeds into it", folder)
        return []
    cache = load_cache(records, "articles", article_schema(), content_read.article_from_row, diagnostics,
                       ARTICLE_PARTS, reuse="shared") if records else {}
    if before_out is not None:
        before_out.update(cache)
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
    if stamps_out is not None:
        stamps_out.update(stamps)
    for path, article, warnings, scanned in _parse_all(to_parse, processes):
        if scanned_out is not None and scanned:
            scanned_out[path] = scanned[0]
        diagnostics.replay(warnings)
        found[path] = article
        if warnings:
            stamps[path] = None  # files with warnings are read again next time, so the warnings repeat
    articles = [article for article in found.values() if article]
    fresh = {str(path): (stamps[path], article) for path, article in found.items() if article and stamps[path]}
    if words_out is not None:
        words_out["counts"] = archive_word_counts(records, fresh, cache, articles)
    if records and fresh != cache:
        save_cache(records, "articles", article_schema(), fresh, content_read.article_row, ARTICLE_PARTS, cache,
                   reuse=True)
    return articles


@cache
def words_schema() -> str:
    """The kept word counts are those of the code that counts them (archive/evidence.py and the names of
    core/text.py): a change to either counts them again."""
    from .archive import evidence

    sources = (Path(module.__file__).read_text(encoding="utf-8") for module in (evidence, text))
    return "word counts 3: words, cues and names " + digest(*sources)[:12]


def archive_word_counts(records: Records | None, fresh: dict, before: dict, articles: list[Article]) -> Counter:
    """How often each word is written across the articles (archive/evidence.py), kept between builds so that a
    build reads only the texts of the content files that changed: the counts of a file whose stamp changed or
    that is gone are taken off (from its text as the last build read it, `before`), the new ones added.

    `fresh` and `before` map a file to (stamp, Article), now and at the last build; articles not in `fresh`
    (read again on every build, for their warnings) are counted on every build and never kept. When the kept
    counts do not fit what the last build read (no record, a record of another build, a file's old text not at
    hand), they are counted again from every text."""
    from .archive import evidence  # the site model's: imported when there is something to build

    schema = words_schema()
    saved = load_cache(records, "words", schema, _words_entry) if records else {}
    files, counts = saved.get("files"), saved.get("counts")
    now = {path: list(stamp) for path, (stamp, _) in fresh.items()}
    recounted = False
    if files is not None and counts is not None:
        touched: set[str] = set()  # the words the changed files took away or brought: only theirs can reach zero
        for path, stamp in files.items():
            old = before.get(path)
            if now.get(path) == stamp:
                continue
            if old is None or list(old[0]) != stamp:
                counts = None  # its text as counted is not at hand: count everything again
                break
            taken = evidence.article_word_counts(old[1])
            counts.subtract(taken)
            touched.update(taken)
        if counts is not None:
            for path, stamp in now.items():
                if files.get(path) != stamp:
                    brought = evidence.article_word_counts(fresh[path][1])
                    counts.update(brought)
                    touched.update(brought)
            if any(counts[word] < 0 for word in touched):
                counts = None
            else:
                for word in touched:
                    if not counts[word]:
                        del counts[word]  # no word counted zero times
    if counts is None:
        counts, recounted = +evidence.articles_words(article for _, article in fresh.values()), True
    if records and (files != now or recounted):
        save_cache(records, "words", schema, {"files": now, "counts": counts}, lambda value: value)
    kept = {id(article) for _, article in fresh.values()}
    others = [article for article in articles if id(article) not in kept]
    return counts + evidence.articles_words(others) if others else counts


def _words_entry(key: str, value):
    """One entry of the word counts record, checked: {file: [size, mtime]} or {word: count}."""
    if key == "files" and isinstance(value, dict) and all(
            isinstance(stamp, list) and len(stamp) == 2 and all(type(n) is int for n in stamp)
            for stamp in value.values()):
        return value
    if key == "counts" and isinstance(value, dict) and all(type(n) is int and n > 0 for n in value.values()):
        return Counter(value)
    raise ValueError(f"bad entry {key!r}")


def last_model(records: Records, diagnostics: Diagnostics):
    """The record of the last build's site model (archive/model_record.py), or None when there is no usable one
    (then related stories and companions are found over the whole archive)."""
    from .archive import model_record

    saved = load_cache(records, model_record.CACHE_NAME, model_record.SCHEMA, model_record.decode, diagnostics,
                       reuse="shared")
    return saved.get(model_record.CACHE_NAME)


def last_tallies(records: Records, diagnostics: Diagnostics):
    """The record of the last build's name tallies (archive/resolve_record.py), or None when there is no usable
    one (then every article is counted)."""
    from .archive import resolve_record

    saved = load_cache(records, resolve_record.CACHE_NAME, resolve_record.SCHEMA, resolve_record.decode, diagnostics,
                       reuse="once")  # the build changes the tallies in place
    return saved.get(resolve_record.CACHE_NAME)


def keep_tallies(records: Records, record, counted) -> None:
    """Keep the record of this build's name tallies, unless it is the last build's (no article counted)."""
    from .archive import resolve_record

    if counted.changed != 0 or counted.reweighed or counted.second_again:
        save_cache(records, resolve_record.CACHE_NAME, resolve_record.SCHEMA, {resolve_record.CACHE_NAME: record},
                   resolve_record.encode, reuse=True)


def keep_model(records: Records, record, previous) -> str:
    """Keep the record of this build's model, unless it is the last build's (only a template changed, say), under
    a new generation; the generation of the record now kept, which the state names once the pages are written."""
    import uuid

    from .archive import model_record

    if record == previous:
        return previous.generation
    record = dataclasses.replace(record, generation=uuid.uuid4().hex)
    save_cache(records, model_record.CACHE_NAME, model_record.SCHEMA, {model_record.CACHE_NAME: record},
               model_record.encode, reuse=True)
    return record.generation


def count_articles(result: BuildResult, state: BuildState, folder: Path, stamps: dict, written: dict,
                   articles: int) -> None:
    """Count the content files a person added, edited or deleted since the last build, and those a deleted
    seed took away (what extraction wrote is counted as it is written), so the summary adds up: new +
    changed + edited + unchanged = the articles in the archive."""
    now = {path.name: f"{size}:{mtime}" for path, (size, mtime) in stamps.items()}
    last = state.extra.get("content_stamps") or {}
    before = last.get("files") if last.get("folder") == str(folder) else None
    built = {Path(path).name for path in [*written, *result.content_files]}
    if before is not None:
        result.articles_new += sum(1 for name in now if name not in before and name not in built)
        result.articles_edited = sum(1 for name, stamp in now.items()
                                     if name in before and before[name] != stamp and name not in built)
        result.articles_removed = sum(1 for name in before if name not in now)
    result.articles_unchanged = max(0, articles - result.articles_new - result.articles_changed
                                    - result.articles_edited)
    state.extra["content_stamps"] = {"folder": str(folder), "files": now}
    state.extra["article_count"] = str(articles)


def count_left_out(config: Config, result: BuildResult, state: BuildState,
                   listing: dict[Path, tuple[int, int]] | None = None, parsed: dict | None = None) -> None:
    """A render-only build's count of the seeds it left out (`skipped_seeds`), kept beside the seeds folder's
    fingerprint so that a build with nothing changed reuses it while the seeds are as they were."""
    result.seeds_skipped = skipped_seeds(config, listing, parsed)
    state.extra["seeds_left_out"] = [tree_fingerprint(config.seeds), str(result.seeds_skipped)]


def skipped_seeds(config: Config, listing: dict[Path, tuple[int, int]] | None = None,
                  parsed: dict | None = None) -> int:
    """How many seed files a --render-only build left out: those no content file was made from yet. The content
    files are scanned through the same record as the seed half's (`update_content`), so only the files that
    changed since the last build are read; `listing`, when the build has listed the content folder already
    (path: (size, mtime_ns)), saves listing it again; `parsed` (path: ContentFile), reading the files this build
    parsed already (`load_articles`)."""
    from .content import read as content_read
    from .extract import formats, seeds

    if not config.seeds.is_dir():
        return 0
    records = site_records(config)
    known = load_cache(records, "content-index", scan_schema(), content_read.content_file_from_row, None, SCAN_PARTS,
                       reuse="shared")
    index, scanned = content_read.scan(config.content, known, listing, parsed)
    if scanned != known:  # kept, so the next build reads only the content files that changed since
        save_cache(records, "content-index", scan_schema(), scanned, content_read.content_file_row, SCAN_PARTS, known,
                   reuse=True)
    files = {source.split("#", 1)[0] for source in index}  # a record of an export is `file#id`
    project = project_root(config)
    return sum(1 for path in seeds.find_seeds(config.seeds, Diagnostics(echo=False), formats.SUFFIXES)
               if relative(path, project) not in files)


PARALLEL_MIN_FILES = 200


def _parse_all(paths: list[Path], processes: int = 0):
    """Yield (path, Article or None, warnings as records) for each content file, in order."""
    import multiprocessing

    workers = processes or min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_MIN_FILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_parse_one, paths)
        return
    # The workers collect their own garbage (a YAML loader leaves cycles), though the build pauses the collector.
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
        yield from pool.imap(_parse_one, paths, chunksize=50)


def _parse_one(path: Path) -> tuple[Path, Article | None, list, list]:
    from .content import read as content_read

    diagnostics = Diagnostics(echo=False)
    scanned: list = []  # the file's scan entry, made from the same text (count_left_out reads it)
    article = content_read.load_article(path, diagnostics, scanned)
    return path, article, diagnostics.since(0), scanned


# --- second half: content/ → site/ -----------------------------------------------------------

def site_inputs(config: Config, listed: dict | None = None) -> str:
    """A fingerprint of everything the site half reads: content, templates, static files, config, engine.
    `listed`: see tree_fingerprint."""
    return digest(
        tree_fingerprint(config.content, suffixes=(".md",), listed=listed),
        tree_fingerprint(config.templates, config.static, theme.TEMPLATES, theme.STATIC),
        tree_fingerprint(ENGINE, suffixes=(".py",)),
        config.digest(),
        __version__,
    )


def clean(config: Config, diagnostics: Diagnostics | None = None) -> list[str]:
    """Remove every file an earlier build wrote into site/, and the build's records of them. Files it did not
    write stay (each named in a warning), and nothing is removed through a symlinked folder."""
    diagnostics = diagnostics or Diagnostics(echo=False)
    records = site_records(config)
    with build_lock(records, config.site):
        state = load_state(records)
        adopt_journal(records, config.site, state)
        claimed = read_marker(config.site) is not None
        not_followed: list[str] = []
        removed = remove_stale(config.site, list(state.outputs), not_followed) if config.site.is_dir() else []
        for leftover in records.folder.iterdir():
            if leftover.name.startswith(records.stem + ".") and leftover.suffix not in (".lock", ".running"):
                leftover.unlink(missing_ok=True)
    report_left(config.site, bool(state.outputs) or not claimed, not_followed, diagnostics)
    if config.site.is_dir() and not any(config.site.iterdir()):
        config.site.rmdir()
    return removed


def project_root(config: Config) -> Path:
    return config.path.parent if config.path else Path.cwd()


def site_records(config: Config) -> Records:
    """The build records of the configured site: in the project's own folder, never beside a --site that
    may sit in a folder others can write (records.py)."""
    return records_for(config.site, project_root(config))


def relative(path: Path, project: Path) -> str:
    return Path(os.path.relpath(path.absolute(), project)).as_posix()


@contextmanager
def _timed(result: BuildResult, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        result.seconds[stage] = result.seconds.get(stage, 0.0) + time.perf_counter() - start
