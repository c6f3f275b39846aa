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
        [--factors 1 10] [--repeat 3] [--model-factor 100] [--skip-full] [--skip-serve] [--skip-hugo]

Rows: render-only into an empty site/ (cold); render-only with nothing changed; one article added as a new
content file (render-only) and as a new seed (full build, spaCy); the same in one `serve` process with spaCy
loaded (the rebuild `serve` runs on a change, driven in-process); a full cold build at 1x; lean Hugo on the
same content (when `hugo` is installed); peak memory; and the site model stage alone at --model-factor
(generated in memory, not written).
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
from bench.measure import Run, count_pages, print_table, timed_build  # noqa: E402
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


def make_project(project: Path, content_dir: Path, factor: int, seeds: Path | None = None) -> Path:
    """A project folder: config.yaml (base_url, search off), the repo's theme, factor × the content, and a copy
    of the seeds the content came from (so a full build finds copy 0 unchanged). Returns its config.yaml."""
    project.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "static", "seeds", "site", ".broadsheet"):
        shutil.rmtree(project / name, ignore_errors=True)
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", project / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", project / "static")
    if seeds:
        shutil.copytree(seeds, project / "seeds")
    make_scaled(content_dir, project / "content", factor)
    config = project / "config.yaml"
    config.write_text(f"title: BBC x{factor}\nbase_url: https://example.org/\nsearch: false\n", encoding="utf-8")
    return config


# --- command line -------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="write one project with factor × the content")
    make.add_argument("--content", type=Path, required=True, help="an extracted content folder (content/*.md)")
    make.add_argument("--seeds", type=Path, help="the seeds it was extracted from (copied, for full builds)")
    make.add_argument("--factor", type=int, default=10)
    make.add_argument("--project", type=Path, required=True, help="the project folder to write (outside the repo)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "make":
        start = time.perf_counter()
        config = make_project(args.project, args.content, args.factor, args.seeds)
        files = sum(1 for _ in (args.project / "content").glob("*.md"))
        print(f"{config}: {files:,} content files ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
