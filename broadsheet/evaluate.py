"""Score entity extraction against hand-labelled gold: raw spaCy versus Broadsheet's entity layer.

    python -m broadsheet.evaluate tests/data/gold.json [--model en_core_web_sm] [--verbose]

Gold articles name their text by `repo` (a path in this repository) or `shared` (a path under ../shared);
articles whose text is absent are skipped and counted. Only labels live in the gold file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .archive.resolve import resolve_archive
from .core.data import EntityRef
from .core.diagnostics import Diagnostics
from .extract import entities
from .extract import nlp as extract
from .extract.seeds import read_seed

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class GoldArticle:
    """One labelled article: where its text is and the canonical entities an editor would publish."""

    path: Path
    rel: str
    entities: tuple[EntityRef, ...]


@dataclass(frozen=True)
class Scores:
    """The evaluation numbers for one system over a set of articles."""

    precision: float
    recall: float
    f1: float
    type_accuracy: float
    fragmentation: float
    predicted: int
    gold: int


def load_gold(path: Path, repo: Path = REPO, shared: Path = SHARED) -> list[GoldArticle]:
    """Gold articles from a JSON file, with their text paths resolved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for item in data["articles"]:
        rel = item.get("repo") or item["shared"]
        base = repo if "repo" in item else shared
        refs = tuple(EntityRef(e["name"], e["type"], 1, tuple(e.get("aliases", ()))) for e in item["entities"])
        articles.append(GoldArticle(base / rel, rel, refs))
    return articles


def key(name: str) -> str:
    """A name as compared for matching: case, apostrophes and spacing ignored."""
    return " ".join(name.replace("’", "'").casefold().split())


def gold_names(ref: EntityRef) -> set[str]:
    """Every accepted spelling of a gold entity."""
    return {key(ref.name), *(key(a) for a in ref.aliases)}


def score(gold: list[tuple[EntityRef, ...]], predicted: list[tuple[EntityRef, ...]]) -> Scores:
    """Precision, recall, F1 (name or alias match, same type), type accuracy and fragmentation."""
    correct_pred = found = typed_right = name_found = fragmented = n_pred = n_gold = 0
    for gold_refs, pred_refs in zip(gold, predicted):
        n_pred += len(pred_refs)
        n_gold += len(gold_refs)
        for pred in pred_refs:
            if any(key(pred.name) in gold_names(g) and pred.type == g.type for g in gold_refs):
                correct_pred += 1
        for g in gold_refs:
            matches = sorted((p for p in pred_refs if key(p.name) in gold_names(g)), key=lambda p: -p.mentions)
            if not matches:
                continue
            name_found += 1
            found += any(p.type == g.type for p in matches)
            typed_right += matches[0].type == g.type
            fragmented += len(matches) > 1
    precision = correct_pred / n_pred if n_pred else 0.0
    recall = found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, typed_right / name_found if name_found else 0.0,
                  fragmented / n_gold if n_gold else 0.0, n_pred, n_gold)


def raw_entities(doc) -> tuple[EntityRef, ...]:
    """spaCy's entities as they come: each distinct (text, label) one entity, labels mapped to our types."""
    counts = Counter((ent.text, entities.LABEL_TYPES[ent.label_]) for ent in doc.ents if ent.label_ in entities.LABEL_TYPES)
    return tuple(EntityRef(text, kind, n) for (text, kind), n in counts.items())


def layer_entities(docs_and_seeds, config_rules: dict | None = None) -> list[tuple[EntityRef, ...]]:
    """Broadsheet's canonical entities per article, resolved across all the given articles."""
    per_article = {seed.rel: extract.extract_one(doc, seed).entities for doc, seed in docs_and_seeds}
    mapping = resolve_archive(per_article, **(config_rules or {}))
    resolved = []
    for refs in per_article.values():
        merged: dict[tuple[str, str], EntityRef] = {}
        for ref in refs:
            target = mapping.get((ref.name, ref.type))
            if target is None:
                continue
            old = merged.get(target)
            mentions = ref.mentions + (old.mentions if old else 0)
            merged[target] = EntityRef(target[0], target[1], mentions)
        resolved.append(tuple(merged.values()))
    return resolved


def run(gold_path: Path, model: str = "en_core_web_sm", nlp=None, verbose: bool = False) -> dict[str, Scores]:
    """Score raw spaCy and the entity layer on every gold article whose text is present."""
    articles = [a for a in load_gold(gold_path) if a.path.is_file()]
    diagnostics = Diagnostics(echo=False)
    seeds = [read_seed(a.path, a.rel, diagnostics, 10_000_000) for a in articles]
    nlp = nlp or extract.load_nlp(model)
    docs = list(nlp.pipe(extract.nlp_text(seed) for seed in seeds))
    gold = [a.entities for a in articles]
    raw = [raw_entities(doc) for doc in docs]
    layer = layer_entities(list(zip(docs, seeds)))
    if verbose:
        report_errors(articles, layer)
    return {"articles": len(articles), "raw spaCy": score(gold, raw), "Broadsheet": score(gold, layer)}


def report_errors(articles: list[GoldArticle], predicted: list[tuple[EntityRef, ...]]) -> None:
    """Print, per article, the predicted entities that are wrong and the gold entities that were missed."""
    for article, preds in zip(articles, predicted):
        wrong = [f"{p.name} ({p.type})" for p in preds
                 if not any(key(p.name) in gold_names(g) and p.type == g.type for g in article.entities)]
        missed = [f"{g.name} ({g.type})" for g in article.entities
                  if not any(key(p.name) in gold_names(g) and p.type == g.type for p in preds)]
        if wrong or missed:
            print(f"{article.rel}\n  wrong:  {'; '.join(wrong)}\n  missed: {'; '.join(missed)}")


def format_table(results: dict) -> str:
    """The scores as a small plain-text table."""
    lines = [f"articles scored: {results['articles']}",
             f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'type acc':>9} {'fragment':>9} {'pred':>5} {'gold':>5}"]
    for name in ("raw spaCy", "Broadsheet"):
        s = results[name]
        lines.append(f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.type_accuracy:>9.3f} "
                     f"{s.fragmentation:>9.3f} {s.predicted:>5} {s.gold:>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the evaluation table for a gold file."""
    parser = argparse.ArgumentParser(prog="python -m broadsheet.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missed entities per article")
    args = parser.parse_args(argv)
    print(format_table(run(args.gold, args.model, verbose=args.verbose)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
