#!/usr/bin/env python3
"""Broadsheet at archive scale: the dated BBC content copied N times, and what a build costs at 1x and 10x.

An extracted content folder (content/*.md, as `build.py` writes it) is copied `factor` times. Copy 0 is the
folder as it is; each further copy k gets its own slug (`<slug>-copy-k`), title (`… (copy k)`), date (k × 400
days earlier, so the archive grows back in time and its months fill as a real one's do) and `source`
(`imported/copy-k/<seed>`, outside seeds/, so a full build neither extracts nor removes it). The entities
seen in only one article of the folder (by name and aliases) are renamed in each copy (`Peter Brabeck` becomes
`Peter Brabeck Babe` in copy 1), in the front matter's entity list and in the title, summary, captions and
text, so the long tail of entities grows with the archive as it does in a real one; entities two or more
articles share keep their names. Every file gets a fresh `checksum:`, so none reads as edited by a person.

Make a project (config.yaml with base_url and search off, the repo's theme, content/, and a copy of the seeds
the content was extracted from, for full builds):

    .venv/bin/python bench/scale.py make --content ../bbc1/content --seeds ../bbc1/seeds --factor 10 --project ../scale/x10

Measure (medians of --repeat runs; every ratio from this one run; the projects are made, or reused, under --work):

    .venv/bin/python bench/scale.py measure --content ../bbc1/content --seeds ../bbc1/seeds --work ../scale \\
        [--factors 1 10] [--repeat 3] [--cold-repeat 1] [--reuse] [--model-factor 100] [--full-cold] [--skip-full] [--skip-serve] [--skip-hugo]

Add articles to a measured project, one render-only build each (run it from two checkouts in turn, on their own
projects, to compare two versions of the code in one run):

    .venv/bin/python bench/scale.py add --config ../scale/x10/cold-0.yaml --content ../bbc1/content --runs 1 --start 50

Rows: render-only into an empty site/ (cold); render-only with nothing changed; one article added as a new
content file (render-only) and as a new seed (full build, spaCy); the same in one `serve` process with spaCy
loaded (the rebuild `serve` runs on a change, driven in-process); a full cold build at 1x; lean Hugo on the
same content (when `hugo` is installed); peak memory; and the site model stage alone at --model-factor
(generated in memory, not written): all of it, then once more with one article added, from the record of
the model the first made (what a build keeps between builds, through JSON as the build keeps it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import hugo  # noqa: E402
from bench.measure import Run, print_table, render_cold, timed_build  # noqa: E402
from broadsheet.content.write import document  # noqa: E402
from broadsheet.core.slugs import entity_identity  # noqa: E402
from broadsheet.extract import frontmatter, record  # noqa: E402

DAYS_APART = 400  # copy k is dated k × this many days before its original
CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"

Doc = tuple[dict[str, Any], str]  # a content file's front matter and Markdown body


# --- the generator ------------------------------------------------------------------------------------

def read_content(content_dir: Path) -> list[Doc]:
    """Every content/*.md (sorted by name) as (front matter without its checksum, body)."""
    docs = []
    for path in sorted(content_dir.glob("*.md")):
        meta, body = frontmatter.split(path.read_text(encoding="utf-8"))
        meta.pop("checksum", None)
        docs.append((meta, body))
    return docs


def _names(entity: dict) -> list[str]:
    return [entity["name"], *(entity.get("aliases") or [])]


def single_article_names(docs: list[Doc]) -> set[str]:
    """The identities (entity_identity) of the names and aliases that only one article's entity list holds."""
    seen: Counter[str] = Counter()
    for meta, _ in docs:
        seen.update({entity_identity(name) for entity in meta.get("entities") or [] for name in _names(entity)})
    return {identity for identity, count in seen.items() if count == 1}


def tag(k: int) -> str:
    """A made-up word for copy k (1 -> `Babe`): two syllables, unique for k < 4,900, no digits."""
    syllables = [c + v for c in CONSONANTS for v in VOWELS]
    high, low = divmod(k, len(syllables))
    return (syllables[high] + syllables[low]).capitalize()


def renamer(meta: dict, singles: set[str], k: int):
    """For copy k: (entity -> renamed entity, text -> text with the renamed names). Each name or alias of an
    entity only this article holds becomes `<name> <tag(k)>`; the other entities' names are matched too, so a
    shared name that contains a single one (`Perrier Vittel` beside `Perrier`) is left whole."""
    suffix = " " + tag(k)
    entities = meta.get("entities") or []
    renamed = {}
    for entity in entities:
        names = _names(entity)
        single = all(entity_identity(name) in singles for name in names)
        for name in names:
            renamed.setdefault(name, name + suffix if single else name)
    if not any(new != old for old, new in renamed.items()):
        return (lambda e: e), (lambda text: text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(renamed, key=len, reverse=True))) + r")(?!\w)")

    def entity(e: dict) -> dict:
        new = dict(e, name=renamed[e["name"]])
        if e.get("aliases"):
            new["aliases"] = [renamed[a] for a in e["aliases"]]
        return new

    return entity, lambda text: pattern.sub(lambda m: renamed[m.group(1)], text)


def scaled_copy(doc: Doc, singles: set[str], k: int) -> Doc:
    """Copy k of one article (copy 0 is the article itself)."""
    meta, body = doc
    if k == 0:
        return dict(meta), body
    entity, text = renamer(meta, singles, k)
    new = dict(meta)
    new["title"] = f"{text(meta['title'])} (copy {k})"
    new["slug"] = f"{meta['slug']}-copy-{k}"
    if isinstance(meta.get("date"), dt.date):
        new["date"] = meta["date"] - dt.timedelta(days=DAYS_APART * k)
    if isinstance(meta.get("summary"), str):
        new["summary"] = text(meta["summary"])
    if meta.get("source"):
        new["source"] = f"imported/copy-{k}/{meta['source']}"
    if isinstance(meta.get("source_url"), str):
        new["source_url"] = f"{meta['source_url']}#copy-{k}"
    if isinstance(meta.get("captions"), list):
        new["captions"] = [text(c) if isinstance(c, str) else c for c in meta["captions"]]
    if isinstance(meta.get("entities"), list):
        new["entities"] = [entity(e) for e in meta["entities"]]
    return new, text(body)


def scaled_docs(docs: list[Doc], factor: int) -> Iterator[Doc]:
    """factor copies of every article, copy by copy."""
    singles = single_article_names(docs)
    for k in range(factor):
        for doc in docs:
            yield scaled_copy(doc, singles, k)


def write_doc(folder: Path, doc: Doc) -> Path:
    """One content file as extraction writes it (front matter, body, a fresh checksum)."""
    meta, body = doc
    if isinstance(meta.get("entities"), list):  # one line each, as extraction writes them
        meta = dict(meta, entities=[record._FlowMap(e) if isinstance(e, dict) else e for e in meta["entities"]])
    path = folder / f"{meta['slug']}.md"
    path.write_text(document(meta, body), encoding="utf-8")
    return path


def make_scaled(content_dir: Path, out_dir: Path, factor: int) -> int:
    """Write factor × the content files of content_dir into out_dir (emptied first); the number written."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    written = 0
    for doc in scaled_docs(read_content(content_dir), factor):
        write_doc(out_dir, doc)
        written += 1
    if written != sum(1 for _ in out_dir.glob("*.md")):
        raise SystemExit(f"two copies share a slug in {out_dir}: {written} written, fewer files")
    return written


def make_project(project: Path, content_dir: Path, factor: int, seeds: Path | None = None,
                 reuse: bool = False) -> Path:
    """A project folder: config.yaml (base_url, search off), the repo's theme, factor × the content, and a copy
    of the seeds the content came from (so a full build finds copy 0 unchanged). Returns its config.yaml.
    With `reuse`, a content/ folder that already holds the copies and nothing added is kept as it is."""
    project.mkdir(parents=True, exist_ok=True)
    leftovers = [p.name for p in project.glob("site-cold-*")] + ["hugo", "cold-content", "cold-site"]
    for variant in project.glob("cold-*.yaml"):
        variant.unlink()
    trash = project.parent / f".old-{project.name}-{time.time_ns()}"  # deleting 200,000 pages takes minutes
    for name in ("templates", "static", "seeds", "site", ".broadsheet", *leftovers):
        if (project / name).exists():
            trash.mkdir(exist_ok=True)
            (project / name).rename(trash / name)
    if trash.exists():
        print(f"earlier runs' files moved to {trash}: delete it when no run is timed", flush=True)
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", project / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", project / "static")
    if seeds:
        shutil.copytree(seeds, project / "seeds")
    expected = factor * sum(1 for _ in content_dir.glob("*.md"))
    if not (reuse and sum(1 for _ in (project / "content").glob("*.md")) == expected
            and not any((project / "content").glob("*follow-up*"))):
        make_scaled(content_dir, project / "content", factor)
    config = project / "config.yaml"
    config.write_text(f"title: BBC x{factor}\nbase_url: https://example.org/\nsearch: false\n", encoding="utf-8")
    return config



# --- what is added: a new article, as a content file and as a seed ---------------------------------

def added_doc(docs: list[Doc], i: int) -> Doc:
    """The i-th added article: an article of copy 0 again, as a follow-up dated after everything in the
    archive (so it lands where a new article does: on the newest pages), with its own slug and title."""
    newest = max(m["date"] for m, _ in docs if isinstance(m.get("date"), dt.date))
    meta, body = docs[(i * 211 + 17) % len(docs)]
    new = dict(meta, title=f"{meta['title']} (follow-up {i})", slug=f"{meta['slug']}-follow-up-{i}",
               date=newest + dt.timedelta(days=i + 1))
    if meta.get("source"):
        new["source"] = f"imported/follow-up-{i}/{meta['source']}"
    return new, body


def add_content(project: Path, docs: list[Doc], i: int) -> Path:
    """Add the i-th article as a new content file (a render-only build publishes it)."""
    return write_doc(project / "content", added_doc(docs, i))


def add_seed(project: Path, docs: list[Doc], i: int) -> Path:
    """Add the i-th article as a new Markdown seed with its title and date (a full build extracts it), in
    its section's folder so that no new section appears."""
    meta, _ = added_doc(docs, i)
    original = project / docs[(i * 211 + 17) % len(docs)][0]["source"]
    text = original.read_text(encoding="utf-8")
    path = original.parent / f"follow-up-{i}.md"
    head = yaml_head({"title": meta["title"], "date": meta["date"]})
    path.write_text(f"---\n{head}---\n\n{text}", encoding="utf-8")
    return path


def yaml_head(meta: dict) -> str:
    return frontmatter.dump(meta, "").split("---\n")[1]


# --- measurements -----------------------------------------------------------------------------------

def full_cold(project: Path, config: Path) -> Run:
    """One full build (spaCy on every seed) into an empty content folder and an empty site folder."""
    content, site = project / "cold-content", project / "cold-site"
    for folder in (content, site):
        shutil.rmtree(folder, ignore_errors=True)
    run = timed_build(config, "--content", str(content), "--site", str(site))
    for folder in (content, site):
        shutil.rmtree(folder, ignore_errors=True)
    for records in (project / ".broadsheet").glob("cold-site-*"):
        records.unlink()
    return run


def serve_adds(config_path: Path, content: Path, runs: int, start: int) -> dict:
    """In this process, as `serve` does: its first build, one new seed (spaCy loads), then `runs` new seeds,
    each followed by the rebuild serve runs on a change; the rebuilds' seconds and stages."""
    from broadsheet.commands import serve
    from broadsheet.core import progress
    from broadsheet.core.config import load_config

    progress.ENABLED = False
    config = load_config(config_path)
    project = config_path.parent
    counter = serve.BuildCounter()
    model = serve.Model()  # kept between the rebuilds, as serve keeps it
    docs = read_content(content)
    times, stages = [], []
    with contextlib.redirect_stdout(io.StringIO()):  # the summaries serve prints
        serve.rebuild(config, counter, model)  # serve's first build
        add_seed(project, docs, start)
        serve.rebuild(config, counter, model)  # the first new seed loads spaCy, once in a serve session
        for i in range(start + 1, start + 1 + runs):
            add_seed(project, docs, i)
            began = time.perf_counter()
            result = serve.rebuild(config, counter, model)
            times.append(time.perf_counter() - began)
            if result is None:
                raise SystemExit("a rebuild failed")
            stages.append(result.seconds)
    import resource
    return {"seconds": times, "stages": stages, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def model_stage(content: Path, factor: int, config: Path | None) -> dict:
    """The site model (build_site) alone on factor × the content, generated in memory (no files written):
    its seconds and this process's peak memory before and after."""
    import resource

    from broadsheet.archive import model_record, resolve_record
    from broadsheet.archive.evidence import archive_words
    from broadsheet.archive.site import build_site
    from broadsheet.content.read import article_from
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.core.records import collector_paused

    diagnostics = Diagnostics(echo=False)
    began = time.perf_counter()
    docs = read_content(content)

    def article(meta: dict, body: str):  # as a build reads it: with its checksum (not edited), a stamp
        path = Path(f"{meta['slug']}.md")
        found = article_from(meta, body, path, document(meta, body), diagnostics)
        stamps[path] = (len(body), 1)
        return found

    stamps: dict = {}
    articles = [article(meta, body) for meta, body in scaled_docs(docs, factor)]
    cache = {str(a.path): (stamps[a.path], a) for a in articles}  # the parsed-articles cache of the first build
    words = archive_words(a.plain for a in articles)  # the archive's word counts, which a build keeps
    made = time.perf_counter() - began
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    settings = load_config(config, {"_config_optional": True})
    began = time.perf_counter()
    kept: dict = {}
    with collector_paused():  # as a build runs it
        site = build_site(articles, settings, diagnostics, words, keep=kept, stamps=stamps)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()  # the records of the model and of the name tallies through JSON, as a build keeps them
    text = json.dumps(model_record.encode(kept["record"]), separators=(",", ":"))
    record = model_record.decode(model_record.CACHE_NAME, json.loads(text))
    tallies = json.dumps(resolve_record.encode(kept["tallies"]), separators=(",", ":"))
    tally_record = resolve_record.decode(resolve_record.CACHE_NAME, json.loads(tallies))
    record_seconds = time.perf_counter() - began
    articles.append(article(*added_doc(docs, 0)))
    words = words + archive_words([articles[-1].plain])  # a build keeps the counts and adds the new file's
    began = time.perf_counter()
    with collector_paused():
        build_site(articles, settings, diagnostics, words, previous=record, stamps=stamps, before=cache,
                   tallies=tally_record)
    return {"articles": len(site.articles), "entities": len(site.entities), "seconds": seconds,
            "add_seconds": time.perf_counter() - began, "record_seconds": record_seconds,
            "record_mb": (len(text) + len(tallies)) / 1e6,
            "generate_seconds": made, "rss_before_kb": before, "rss_kb": peak}


def add_runs(config: Path, content: Path, runs: int, start: int) -> list[Run]:
    """`runs` times: one content file added to the project of `config`, then a fresh render-only build."""
    docs = read_content(content)
    return logged("one added, render-only", [(add_content(config.parent, docs, i), timed_build(config, "--render-only"))[1]
                                            for i in range(start, start + runs)])


def child(*args: str) -> dict:
    """Run this script's subcommand in a fresh process; its JSON answer."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(args: argparse.Namespace) -> int:
    """Every row at every factor, then the tables."""
    docs = read_content(args.content)
    n = args.repeat
    results: dict[int, dict] = {}
    for factor in args.factors:
        r = results[factor] = {}
        project = args.work / f"x{factor}"
        log(f"x{factor}: making {project}")
        config = make_project(project, args.content, factor, args.seeds, args.reuse)
        log(f"x{factor}: render-only into an empty site/, {args.cold_repeat or n} runs")
        # the last cold run's site (and its config file) is the one every later build updates
        r["cold"], r["pages"], config = render_cold(project, config, args.cold_repeat or n, keep_last=True)
        logged("cold", r["cold"])
        r["articles"] = len(docs) * factor
        log(f"x{factor}: nothing changed")
        r["same"] = logged("nothing changed", [timed_build(config, "--render-only") for _ in range(n)])
        log(f"x{factor}: one content file added")
        r["add_render"] = logged("one added, render-only", [(add_content(project, docs, i),
                                                             timed_build(config, "--render-only"))[1] for i in range(n)])
        if not args.skip_full:
            timed_build(config)  # reads every seed once; the site is already up to date
            log(f"x{factor}: one seed added, full build")
            r["add_full"] = logged("one added, full build",
                                   [(add_seed(project, docs, n + i), timed_build(config))[1] for i in range(n)])
            if factor == 1 and args.full_cold:
                log(f"x{factor}: full cold build")
                r["full_cold"] = logged("full cold", [full_cold(project, config)])[0]
        if not args.skip_serve and not args.skip_full:
            log(f"x{factor}: one seed added, in serve")
            r["serve"] = child("serve-adds", "--config", str(config), "--content", str(args.content),
                               "--runs", str(n), "--start", str(2 * n))  # after the full-build adds
            log(f"  serve: {r['serve']}")
        if not args.skip_hugo and shutil.which("hugo"):
            log(f"x{factor}: lean Hugo")
            r["hugo"] = hugo.time_build(project / "content", project / "hugo", runs=args.cold_repeat or n)
            log(f"  lean Hugo: {r['hugo']:.2f} s")
    model = None
    if args.model_factor:
        log(f"x{args.model_factor}: site model alone")
        model = child("model", "--content", str(args.content), "--factor", str(args.model_factor))
    report(results, model, args)
    return 0


def logged(label: str, runs: list[Run]) -> list[Run]:
    """runs, their seconds and stages logged as soon as they are measured (a run stopped early keeps them)."""
    for run in runs:
        log(f"  {label}: {run.seconds:.2f} s, peak {run.rss_kb / 1024:,.0f} MB; {run.stage_line() or 'no stage ran'}")
    return runs


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def med(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def stage(runs: list[Run], name: str) -> float:
    return statistics.median(r.stages.get(name, 0.0) for r in runs)


def report(results: dict[int, dict], model: dict | None, args: argparse.Namespace) -> None:
    """The table: one row per factor, then the 10x/1x ratios, the targets' ratios, memory and the model."""
    print(f"\nmedians of {args.repeat} runs ({args.cold_repeat or args.repeat} for cold); seconds are wall time of a "
          "fresh `build.py` process, start-up included, unless said\n")
    header = ("", "articles", "pages", "cold (render-only)", "nothing changed", "one added, render-only",
              "one added, full build", "one added, serve", "lean Hugo")
    rows = []
    for factor, r in results.items():
        add_r, add_f = r["add_render"], r.get("add_full")
        serve = r.get("serve")
        rows.append((f"{factor} ×", f"{r['articles']:,}", f"{r['pages']:,}", f"{med(r['cold']):.2f} s",
                     f"{med(r['same']):.2f} s",
                     f"{med(add_r):.2f} s (model {stage(add_r, 'model'):.2f}, render {stage(add_r, 'render'):.2f})",
                     f"{med(add_f):.2f} s (extract {stage(add_f, 'extract'):.2f}, model {stage(add_f, 'model'):.2f})"
                     if add_f else "–",
                     f"{statistics.median(serve['seconds']):.2f} s" if serve else "–",
                     f"{r['hugo']:.2f} s" if r.get("hugo") else "–"))
    print_table(rows, header)
    print()
    ratios = []
    if 1 in results and len(results) > 1:
        top = max(results)
        a, b = results[1], results[top]
        for label, key in (("cold (render-only)", "cold"), ("nothing changed", "same"),
                           ("one added, render-only", "add_render"), ("one added, full build", "add_full")):
            if key in a and key in b:
                ratios.append((f"{top} × / 1 ×: {label}", f"{med(b[key]) / med(a[key]):.2f}"))
        if a.get("serve") and b.get("serve"):
            ratios.append((f"{top} × / 1 ×: one added, serve",
                           f"{statistics.median(b['serve']['seconds']) / statistics.median(a['serve']['seconds']):.2f}"))
    for factor, r in results.items():
        cold = med(r["cold"])
        if r.get("hugo"):
            ratios.append((f"{factor} ×: render-only cold / lean Hugo", f"{cold / r['hugo']:.2f}"))
        if r.get("full_cold"):
            full = r["full_cold"].seconds
            ratios.append((f"{factor} ×: full cold build", f"{full:.1f} s (1 run; stages {r['full_cold'].stage_line()})"))
            for label, seconds in (("one added, full build", med(r["add_full"])),
                                   ("one added, serve", statistics.median(r["serve"]["seconds"]) if r.get("serve") else None)):
                if seconds:
                    ratios.append((f"{factor} ×: {label} / full cold build", f"{100 * seconds / full:.1f} %"))
        for label, seconds in (("one added, render-only", med(r["add_render"])),
                               ("one added, serve", statistics.median(r["serve"]["seconds"]) if r.get("serve") else None)):
            if seconds:
                ratios.append((f"{factor} ×: {label} / render-only cold", f"{100 * seconds / cold:.1f} %"))
        everything = [run for key in ("cold", "same", "add_render", "add_full") for run in r.get(key, [])]
        ratios.append((f"{factor} ×: peak memory of a build process (largest worker)",
                       f"{max(x.rss_kb for x in everything) / 1024:,.0f} MB "
                       f"({max(x.workers_rss_kb for x in everything) / 1024:,.0f} MB)"))
        if r.get("serve"):
            ratios.append((f"{factor} ×: peak memory of the serve process", f"{r['serve']['rss_kb'] / 1024:,.0f} MB"))
    if model:
        ratios.append((f"{args.model_factor} ×: site model alone ({model['articles']:,} articles, "
                       f"{model['entities']:,} entities)",
                       f"{model['seconds']:.1f} s; peak memory {model['rss_kb'] / 1024:,.0f} MB "
                       f"({model['rss_before_kb'] / 1024:,.0f} MB with the articles loaded, before the model)"))
        ratios.append((f"{args.model_factor} ×: site model alone, one article added (from the record of the model)",
                       f"{model['add_seconds']:.1f} s; the record {model['record_mb']:.0f} MB of JSON, written and "
                       f"read back in {model['record_seconds']:.1f} s"))
    print_table(ratios, ("measurement", "value"))
    print()
    for factor, r in results.items():
        for key in ("cold", "same", "add_render", "add_full"):
            if r.get(key):
                runs = ", ".join(f"{x.seconds:.2f}" for x in r[key])
                print(f"{factor} × {key}: runs {runs} s; stages of the last: {r[key][-1].stage_line() or 'none ran'}")
        if r.get("serve"):
            last = r["serve"]["stages"][-1]
            runs = ", ".join(f"{x:.2f}" for x in r["serve"]["seconds"])
            print(f"{factor} × serve: runs {runs} s; stages of the last: "
                  + ", ".join(f"{k} {v:.2f}s" for k, v in last.items()))


# --- command line -------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="write one project with factor × the content")
    make.add_argument("--content", type=Path, required=True, help="an extracted content folder (content/*.md)")
    make.add_argument("--seeds", type=Path, help="the seeds it was extracted from (copied, for full builds)")
    make.add_argument("--factor", type=int, default=10)
    make.add_argument("--project", type=Path, required=True, help="the project folder to write (outside the repo)")
    run = sub.add_parser("measure", help="make the projects and measure them (the table)")
    run.add_argument("--content", type=Path, required=True, help="an extracted content folder (content/*.md)")
    run.add_argument("--seeds", type=Path, required=True, help="the seeds it was extracted from")
    run.add_argument("--work", type=Path, required=True, help="where the projects go (x1/, x10/, …; remade)")
    run.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    run.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the median is shown)")
    run.add_argument("--cold-repeat", type=int, help="runs of the cold render-only build (default: --repeat)")
    run.add_argument("--reuse", action="store_true", help="keep a project's content/ when it holds the copies and "
                     "nothing added (writing 10x takes minutes)")
    run.add_argument("--model-factor", type=int, default=100, help="the site model alone at this factor (0: skip)")
    run.add_argument("--full-cold", action="store_true", help="also time one full cold build (spaCy) at 1x")
    run.add_argument("--skip-full", action="store_true", help="no full builds (no spaCy): render-only rows only")
    run.add_argument("--skip-serve", action="store_true", help="no serve rows")
    run.add_argument("--skip-hugo", action="store_true", help="no lean Hugo rows")
    serve = sub.add_parser("serve-adds", help="(used by measure) add seeds and rebuild in one process, as serve does")
    serve.add_argument("--config", type=Path, required=True, help="the project's config file")
    serve.add_argument("--content", type=Path, required=True)
    serve.add_argument("--runs", type=int, default=3)
    serve.add_argument("--start", type=int, default=0)
    add = sub.add_parser("add", help="add content files to a measured project, one render-only build each")
    add.add_argument("--config", type=Path, required=True, help="the project's config (measure leaves cold-0.yaml)")
    add.add_argument("--content", type=Path, required=True, help="the content folder the project was made from")
    add.add_argument("--runs", type=int, default=3)
    add.add_argument("--start", type=int, default=100, help="the first added article's number (each is new once)")
    model = sub.add_parser("model", help="the site model alone on factor x the content, generated in memory")
    model.add_argument("--content", type=Path, required=True)
    model.add_argument("--factor", type=int, default=100)
    model.add_argument("--config", type=Path, help="a config.yaml (default: Broadsheet's defaults)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "make":
        start = time.perf_counter()
        config = make_project(args.project, args.content, args.factor, args.seeds)
        files = sum(1 for _ in (args.project / "content").glob("*.md"))
        print(f"{config}: {files:,} content files ({time.perf_counter() - start:.1f} s)")
    elif args.command == "measure":
        return measure(args)
    elif args.command == "serve-adds":
        print(json.dumps(serve_adds(args.config, args.content, args.runs, args.start)))
    elif args.command == "add":
        runs = add_runs(args.config, args.content, args.runs, args.start)
        print(f"median of {len(runs)}: {med(runs):.2f} s, model {stage(runs, 'model'):.2f} s, "
              f"load {stage(runs, 'load'):.2f} s, render {stage(runs, 'render'):.2f} s")
    elif args.command == "model":
        print(json.dumps(model_stage(args.content, args.factor, args.config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
