"""The BBC corpus written as one JSON Lines file builds the same articles and entities as its 2,095 text files,
and changing one record of that file extracts one article again (times printed; run with -s to see them)."""

from __future__ import annotations

import json
import shutil
import time
from urllib.parse import quote, unquote

import pytest

from broadsheet.archive.site import build_site
from broadsheet.core.config import load_config
from broadsheet.core.data import BuildResult
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.core.records import load_state
from broadsheet.extract.seeds import DATE_LINE
from broadsheet.pipeline import load_articles, site_records, update_content

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def extract(root, nlp, state=None):
    """Run the extraction half on a project folder: (result, diagnostics, state, seconds)."""
    config = load_config(root / "config.yaml")
    state = state or load_state(site_records(config))
    result, diagnostics = BuildResult(), Diagnostics(echo=False)
    start = time.perf_counter()
    update_content(config, diagnostics, result, state, nlp)
    return result, diagnostics, state, time.perf_counter() - start


def archive(root, key_of):
    """(articles by record key, entities with their articles by record key) of a project's content/."""
    config = load_config(root / "config.yaml")
    articles = load_articles(config.content, Diagnostics(echo=False))
    keys = {a.slug: key_of(a.source) for a in articles}
    by_key = {keys[a.slug]: (a.title, a.date, a.summary, a.body_md, a.entities, a.captions, a.words) for a in articles}
    site = build_site(articles, config, Diagnostics(echo=False))
    entities = {(e.type, e.slug, e.name, e.aliases, e.mentions, tuple(sorted(keys[s] for s in e.article_slugs)))
                for e in site.entities}
    return by_key, entities


def test_the_bbc_corpus_as_one_jsonl_file_builds_what_its_text_files_build(tmp_path, nlp, shared_corpora):
    corpus = shared_corpora / "bbc-seedformat"
    files = sorted(corpus.rglob("*.txt"))
    assert len(files) == 2095
    text, export = tmp_path / "text", tmp_path / "jsonl"
    for root in (text, export):
        (root / "seeds").mkdir(parents=True)
        (root / "config.yaml").write_text("search: false\n", encoding="utf-8")
    records = []
    for path in files:
        name = path.relative_to(corpus).as_posix()
        (text / "seeds" / name).parent.mkdir(exist_ok=True)
        shutil.copyfile(path, text / "seeds" / name)
        raw = path.read_text(encoding="utf-8")
        date = DATE_LINE.match(raw)
        records.append({"id": name, "date": date.group(1), "body": raw[date.end():],
                        "url": f"https://www.bbc.co.uk/news/{name.removesuffix('.txt')}"})
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    (export / "seeds" / "bbc.jsonl").write_text("".join(lines), encoding="utf-8")

    from_text, _, _, text_seconds = extract(text, nlp)
    from_jsonl, warnings, state, jsonl_seconds = extract(export, nlp)
    print(f"\ncold extraction: 2,095 text files {text_seconds:.1f} s; one JSONL file {jsonl_seconds:.1f} s")
    assert from_text.articles_new == from_jsonl.articles_new == 2095 and warnings.items == []
    text_archive = archive(text, lambda source: source.removeprefix("seeds/"))
    jsonl_archive = archive(export, lambda source: unquote(source.removeprefix("seeds/bbc.jsonl#")))
    assert text_archive[0] == jsonl_archive[0]  # every article: title, date, summary, body, entities, captions
    assert text_archive[1] == jsonl_archive[1]  # every entity, with the same articles

    changed = records[1000] | {"body": records[1000]["body"] + "\n\nThe minister in Paris declined to comment."}
    lines[1000] = json.dumps(changed, ensure_ascii=False) + "\n"
    (export / "seeds" / "bbc.jsonl").write_text("".join(lines), encoding="utf-8")
    again, _, _, seconds = extract(export, nlp, state)
    print(f"one record changed: {again.articles_changed} article extracted again in {seconds:.2f} s")
    assert (again.articles_new, again.articles_changed, again.articles_unchanged) == (0, 1, 2094)
    source = f"source: seeds/bbc.jsonl#{quote(records[1000]['id'], safe='')}\n"
    assert again.content_files == [str(next(p for p in (export / "content").glob("*.md")
                                            if source in p.read_text(encoding="utf-8")))]
