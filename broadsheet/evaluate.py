"""Score extraction against hand-labelled gold: entities (raw spaCy versus Broadsheet's entity layer) and titles.

    python -m broadsheet.evaluate [GOLD ...] [--split dev|test] [--shared DIR] [--model en_core_web_sm] [--verbose]
    python -m broadsheet.evaluate --titles content/            # structural breaks in a content folder's titles
    python -m broadsheet.evaluate --titles tests/data/headlines.json [--shared DIR]   # labelled headlines

With no GOLD files it scores the committed ones (tests/data/gold.json and gold-bbc-2.json to gold-bbc-5.json), the dev
and the test split each as its own archive, and prints both tables and the dev-test F1 gap. Each gold article
names its text by `repo` (a path in this repository) or `shared` (a path under ../shared, or --shared DIR) and
its `split` (`dev` or `test`; an article without one is dev); articles whose text is absent are skipped and counted.
Only labels live in the gold files. Tune on dev; the test split is read only to score.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .archive.evidence import archive_words, reweigh_archive, word_counts
from .archive.found import found_in, vouched
from .archive.resolve import resolve_archive
from .archive.tally import second_tally
from .core.config import MIN_ENTITY_CONFIDENCE
from .core.data import EntityRef
from .core.diagnostics import Diagnostics
from .core.text import plain, written_name_counts
from .extract import entities, frontmatter, headlines
from .extract import nlp as extract
from .extract.seeds import read_seed

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLD_FILES = tuple(REPO / "tests" / "data" / name for name in ("gold.json", "gold-bbc-2.json", "gold-bbc-3.json",
                                                                  "gold-bbc-4.json", "gold-bbc-5.json"))
SPLITS = ("dev", "test")
ARCHIVE = Path("corpora") / "bbc" / "news"  # under ../shared: the archive the BBC gold articles belong to


def archive_texts(articles, shared: Path | None = None, limit: int = 5000) -> list[str]:
    """The texts whose words give the archive's lower-case statistics, as a build of the archive would:
    every text of the corpus the articles were drawn from (../shared/corpora/bbc/news, read only for word
    counts, never labels), and the scored articles' own."""
    folder = (shared or SHARED) / ARCHIVE
    paths = sorted(folder.rglob("*.txt"))[:limit] if folder.is_dir() else []
    known = {p.resolve() for p in paths}
    paths += [a.path for a in articles if a.path.is_file() and a.path.resolve() not in known]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


@dataclass(frozen=True)
class GoldArticle:
    """One labelled article: where its text is and the canonical entities an editor would publish."""

    path: Path
    rel: str
    entities: tuple[EntityRef, ...]
    split: str = "dev"


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


def load_gold(path: Path, repo: Path | None = None, shared: Path | None = None) -> list[GoldArticle]:
    """Gold articles from a JSON file, with their text paths resolved and their split (dev when not given)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    articles = []
    for item in data["articles"]:
        rel = item.get("repo") or item["shared"]
        base = (repo or REPO) if "repo" in item else (shared or SHARED)
        split = item.get("split", "dev")
        if split not in SPLITS:
            raise ValueError(f"{path}: article {rel!r} has split {split!r}; use one of {', '.join(SPLITS)}")
        refs = tuple(EntityRef(e["name"], e["type"], 1, tuple(e.get("aliases", ()))) for e in item["entities"])
        articles.append(GoldArticle(base / rel, rel, refs, split))
    return articles


def load_golds(paths, repo: Path | None = None, shared: Path | None = None) -> list[GoldArticle]:
    """The gold articles of several files, in order."""
    return [article for path in paths for article in load_gold(path, repo, shared)]


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


@dataclass(frozen=True)
class Ceiling:
    """What a perfect index decision could reach over the candidates the entity layer proposes (every entity
    it finds, whatever its confidence): the share of gold entities among them with their type, and by name
    with any type. Recall cannot rise above these without more candidates (a better named-entity model, or
    rules that propose names spaCy never found); a perfect decision keeps no wrong one, so its F1 is
    2R / (1 + R)."""

    typed: float
    named: float

    @staticmethod
    def f1(recall: float) -> float:
        return 2 * recall / (1 + recall)


def ceiling(gold: list[tuple[EntityRef, ...]], candidates: list[tuple[EntityRef, ...]]) -> Ceiling:
    n_gold = sum(len(refs) for refs in gold) or 1
    named = typed = 0
    for gold_refs, found in zip(gold, candidates):
        for g in gold_refs:
            names = gold_names(g)
            matches = [p for p in found if key(p.name) in names]
            named += bool(matches)
            typed += any(p.type == g.type for p in matches)
    return Ceiling(typed / n_gold, named / n_gold)


def raw_entities(doc) -> tuple[EntityRef, ...]:
    """spaCy's entities as they come: each distinct (text, label) one entity, labels mapped to our types."""
    counts = Counter((ent.text, entities.LABEL_TYPES[ent.label_]) for ent in doc.ents if ent.label_ in entities.LABEL_TYPES)
    return tuple(EntityRef(text, kind, n) for (text, kind), n in counts.items())


def layer_entities(docs_and_seeds, config_rules: dict | None = None,
                   min_confidence: float = MIN_ENTITY_CONFIDENCE, texts: list[str] | None = None
                   ) -> list[tuple[EntityRef, ...]]:
    """Broadsheet's canonical entities per article, resolved across all the given articles: those that get a
    page (confidence at least `min_confidence`, the config default)."""
    per_article = {seed.rel: extract.extract_one(doc, seed).entities for doc, seed in docs_and_seeds}
    bodies = {seed.rel: plain(seed.body) for _, seed in docs_and_seeds}
    written = {rel: written_name_counts(body) for rel, body in bodies.items()}  # read once, as a build reads a file
    own: Counter = Counter()
    for rel, body in bodies.items():
        own.update(word_counts(body, written[rel]))
    words = archive_words(texts) if texts is not None else own
    per_article = reweigh_archive(per_article, words)
    per_article = {rel: tuple(ref for ref in refs if ref.confidence >= min_confidence)
                   for rel, refs in per_article.items()}
    mapping = resolve_archive(per_article, **(config_rules or {}))
    # the names these articles vouch for (archive/found.py), as a build of them would: what they index, where
    # they write it, at the configured confidence (also when every candidate is kept, for the ceiling)
    tally = second_tally([(tuple(ref for ref in refs if ref.confidence >= MIN_ENTITY_CONFIDENCE), False)
                          for refs in per_article.values()], lambda name, kind: name)
    vouch = vouched(tally.written, tally.written_sure, own, MIN_ENTITY_CONFIDENCE, words)
    resolved = []
    for rel, refs in per_article.items():
        refs = refs + found_in(refs, tuple(written[rel]), tuple(written[rel].values()), vouch)
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


def run(gold_path, model: str = "en_core_web_sm", nlp=None, verbose: bool = False, split: str | None = None,
        repo: Path | None = None, shared: Path | None = None) -> dict:
    """Score raw spaCy and the entity layer on the gold articles (of one split, if given) whose text is present."""
    paths = [gold_path] if isinstance(gold_path, (str, Path)) else list(gold_path)
    articles = [a for a in load_golds(paths, repo, shared) if split is None or a.split == split]
    return score_articles(articles, nlp or extract.load_nlp(model), verbose, archive_texts(articles, shared))


def run_splits(gold_paths=GOLD_FILES, splits=SPLITS, model: str = "en_core_web_sm", nlp=None,
               verbose_split: str | None = None, repo: Path | None = None, shared: Path | None = None,
               in_archive: bool = False) -> dict:
    """Score each split as its own archive, or with `in_archive` inside the whole archive its articles come from
    (every other text of ../shared/corpora/bbc/news extracted and resolved with them, never scored); list
    errors for `verbose_split` only."""
    articles = load_golds(gold_paths, repo, shared)
    nlp = nlp or extract.load_nlp(model)
    texts = archive_texts(articles, shared)
    others = archive_others(articles, nlp, shared) if in_archive else []
    return {split: score_articles([a for a in articles if a.split == split], nlp, split == verbose_split, texts,
                                  others)
            for split in splits}


def archive_others(articles, nlp, shared: Path | None = None, limit: int = 5000) -> list:
    """Every text of the corpus the articles were drawn from but theirs, extracted: (doc, seed) pairs."""
    folder = (shared or SHARED) / ARCHIVE
    labelled = {a.path.resolve() for a in articles}
    paths = sorted(folder.rglob("*.txt"))[:limit] if folder.is_dir() else []
    paths = [p for p in paths if p.resolve() not in labelled]
    diagnostics = Diagnostics(echo=False)
    seeds = [read_seed(p, p.relative_to(folder).as_posix(), diagnostics, 10_000_000) for p in paths]
    return list(zip(nlp.pipe(extract.nlp_text(seed) for seed in seeds), seeds))


def score_articles(articles: list[GoldArticle], nlp, verbose: bool = False, texts: list[str] | None = None,
                   others: list | None = None) -> dict:
    """Raw spaCy and the entity layer scored on the given articles whose text is present, resolved together
    (`texts`: the archive whose lower-case statistics weigh one-word names; the articles' own when not given),
    and with `others` ((doc, seed) pairs of unlabelled articles of the same archive), when given."""
    present = [a for a in articles if a.path.is_file()]
    diagnostics = Diagnostics(echo=False)
    seeds = [read_seed(a.path, a.rel, diagnostics, 10_000_000) for a in present]
    docs = list(nlp.pipe(extract.nlp_text(seed) for seed in seeds))
    gold = [a.entities for a in present]
    raw = [raw_entities(doc) for doc in docs]
    pairs = list(zip(docs, seeds)) + list(others or [])
    layer = layer_entities(pairs, texts=texts)[:len(present)]
    candidates = layer_entities(pairs, min_confidence=0.0, texts=texts)[:len(present)]
    if verbose:
        report_errors(present, layer)
    return {"articles": len(present), "skipped": len(articles) - len(present),
            "raw spaCy": score(gold, raw), "Broadsheet": score(gold, layer), "right": right_entities(present, layer),
            "ceiling": ceiling(gold, candidates)}


def right_entities(articles: list[GoldArticle], predicted: list[tuple[EntityRef, ...]]) -> list[dict]:
    """The gold entities found with their type, as {article, name, type}: what the ratchet test keeps right."""
    return [{"article": article.rel, "name": g.name, "type": g.type}
            for article, preds in zip(articles, predicted) for g in article.entities
            if any(key(p.name) in gold_names(g) and p.type == g.type for p in preds)]


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
    skipped = f" ({results['skipped']} without text skipped)" if results.get("skipped") else ""
    lines = [f"articles scored: {results['articles']}{skipped}",
             f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'type acc':>9} {'fragment':>9} {'pred':>5} {'gold':>5}"]
    for name in ("raw spaCy", "Broadsheet"):
        s = results[name]
        lines.append(f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.type_accuracy:>9.3f} "
                     f"{s.fragmentation:>9.3f} {s.predicted:>5} {s.gold:>5}")
    if "ceiling" in results:
        c = results["ceiling"]
        lines.append(f"ceiling over Broadsheet's candidates (a perfect keep-or-drop): recall {c.typed:.3f} with "
                     f"their types (F1 {Ceiling.f1(c.typed):.3f}), {c.named:.3f} with the right types "
                     f"(F1 {Ceiling.f1(c.named):.3f})")
    return "\n".join(lines)


def format_report(by_split: dict) -> str:
    """One table per split that has articles, then the dev-test F1 gap when both were scored."""
    blocks = [f"{split} split\n{format_table(results)}" if results["articles"]
              else f"{split} split: no articles with text" for split, results in by_split.items()]
    dev, test = by_split.get("dev"), by_split.get("test")
    if dev and test and dev["articles"] and test["articles"]:
        gaps = ", ".join(f"{name} {dev[name].f1 - test[name].f1:+.3f}" for name in ("raw spaCy", "Broadsheet"))
        blocks.append(f"dev-test F1 gap: {gaps}")
    return "\n\n".join(blocks)


# ---- titles ------------------------------------------------------------------------------------------------

NO_VERB = "no verb"


@dataclass(frozen=True)
class TitleCheck:
    """One title as checked: its structural breaks (the classes a reader sees as broken) and whether it is a
    clause (a verb with its subject, by the parser)."""

    title: str
    breaks: tuple[str, ...]
    clause: bool


def check_titles(titles: list[str], nlp) -> list[TitleCheck]:
    """Each title's structural breaks, a missing verb among them (the model's tagger reads each title as a
    sentence, full stop added), and whether it parses as a clause."""
    parsed = headlines.parse_sentences(nlp, [f"{t}." for t in titles])
    checks = []
    for title, doc in zip(titles, parsed):
        breaks = list(headlines.structural_breaks(title))
        if doc is not None and not headlines.has_verb(doc):
            breaks.append(NO_VERB)
        clause = doc is not None and (headlines.has_main_verb(doc) or headlines.is_imperative(doc))
        checks.append(TitleCheck(title, tuple(breaks), clause))
    return checks


def content_titles(folder: Path) -> list[tuple[str, str]]:
    """(file name, title) of every content file in a folder whose front matter has a text title."""
    found = []
    for path in sorted(folder.glob("*.md")):
        try:
            meta, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
            continue
        if isinstance(meta.get("title"), str):
            found.append((path.name, meta["title"]))
    return found


def titles_table(names: list[str], checks: list[TitleCheck], verbose: bool = False) -> str:
    """Counts of structural breaks by class, titles that are no clause, and lengths; with verbose, each one."""
    n = len(checks)
    broken = [c for c in checks if c.breaks]
    lengths = [len(c.title) for c in checks]
    classes = ["unbalanced quote or bracket", "hyphen glued to one word only", "trailing hyphen", "trailing comma",
               "ends on a function word", NO_VERB]
    lines = [f"titles: {n} (mean {sum(lengths) / n if n else 0:.0f} characters, longest {max(lengths, default=0)})",
             f"structurally broken: {len(broken)} ({100 * len(broken) / n if n else 0:.1f}%)"]
    lines += [f"  {name:<32} {sum(name in c.breaks for c in checks):>5}" for name in classes]
    lines.append(f"no clause (no verb with its subject): {sum(not c.clause for c in checks)}")
    lines.append(f"over {headlines.MAX_TITLE} characters: {sum(x > headlines.MAX_TITLE for x in lengths)}; "
                 f"over {headlines.MAX_TITLE + headlines.OVERRUN}: "
                 f"{sum(x > headlines.MAX_TITLE + headlines.OVERRUN for x in lengths)}")
    if verbose:
        lines += [f"{name}: {c.title!r}: {', '.join(c.breaks) or 'no clause'}"
                  for name, c in zip(names, checks) if c.breaks or not c.clause]
    return "\n".join(lines)


@dataclass(frozen=True)
class HeadlineScore:
    """A labelled article's derived title, the reference headline, and what keeps the title from being
    acceptable (nothing when it is)."""

    rel: str
    title: str
    reference: str
    problems: tuple[str, ...]


def score_headlines(path: Path, nlp, shared: Path = SHARED) -> tuple[list[HeadlineScore], int]:
    """Derive the title of every labelled article whose text is present (as a build would) and judge it by
    the file's mechanical rules; returns the scores and how many articles were absent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    present = [a for a in data["articles"] if (shared / a["shared"]).is_file()]
    diagnostics = Diagnostics(echo=False)
    seeds = [read_seed(shared / a["shared"], a["shared"], diagnostics, 10_000_000) for a in present]
    titles = [ex.title for ex in extract.extract_all(nlp, seeds, processes=1)]
    scores = []
    for article, title, check in zip(present, titles, check_titles(titles, nlp)):
        problems = list(check.breaks)
        if not check.clause:
            problems.append("not a clause")
        if len(title) > headlines.MAX_TITLE + headlines.OVERRUN:
            problems.append(f"over {headlines.MAX_TITLE + headlines.OVERRUN} characters")
        missing = [w for w in article["keep"] if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", title, re.IGNORECASE)]
        if missing:
            problems.append("lacks " + ", ".join(repr(w) for w in missing))
        scores.append(HeadlineScore(article["shared"], title, article["headline"], tuple(problems)))
    return scores, len(data["articles"]) - len(present)


def headlines_table(scores: list[HeadlineScore], absent: int, verbose: bool = False) -> str:
    """The share of acceptable derived titles; with verbose, every title beside its reference."""
    good = sum(not s.problems for s in scores)
    n = len(scores)
    lines = [f"labelled articles scored: {n} ({absent} absent)",
             f"acceptable: {good} ({100 * good / n if n else 0:.1f}%)"]
    kinds = {"not a clause": ("not a clause",), "lacks key words": ("lacks ",), "too long": ("over ",)}
    for name, starts in kinds.items():
        lines.append(f"  {name:<16} {sum(any(p.startswith(starts) for p in s.problems) for s in scores):>4}")
    known = tuple(start for starts in kinds.values() for start in starts)
    lines.append(f"  {'broken':<16} {sum(any(not p.startswith(known) for p in s.problems) for s in scores):>4}")
    for s in scores:
        if verbose or s.problems:
            mark = "ok " if not s.problems else "BAD"
            lines.append(f"{mark} {s.rel}\n    title:     {s.title}\n    reference: {s.reference}"
                         + (f"\n    problems:  {'; '.join(s.problems)}" if s.problems else ""))
    return "\n".join(lines)


def run_titles(target: Path, model: str = "en_core_web_sm", nlp=None, shared: Path = SHARED,
               verbose: bool = False) -> str:
    """The report for --titles: a labelled .json file is scored, a content folder is checked for breaks."""
    nlp = nlp or extract.load_nlp(model)
    if target.is_file():
        return headlines_table(*score_headlines(target, nlp, shared), verbose=verbose)
    found = content_titles(target)
    return titles_table([name for name, _ in found], check_titles([t for _, t in found], nlp), verbose)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the evaluation tables for the dev and test splits of the gold files, or the titles report."""
    parser = argparse.ArgumentParser(prog="python -m broadsheet.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, nargs="*",
                        help="gold files (default: tests/data/gold.json and gold-bbc-2.json to gold-bbc-5.json)")
    parser.add_argument("--split", choices=SPLITS, help="score this split only (default: both, each its own archive)")
    parser.add_argument("--titles", type=Path, metavar="PATH",
                        help="a content folder (count structurally broken titles) or a labelled headlines .json")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--shared", type=Path, help="the folder `shared` paths are under (default: ../shared)")
    parser.add_argument("--verbose", action="store_true",
                        help="list wrong and missed entities per article of the dev split; those of the test split "
                             "only with --split test, so that nobody tunes on the test split by accident")
    parser.add_argument("--in-archive", action="store_true",
                        help="score each split inside the whole archive its articles come from (every text of "
                             "corpora/bbc/news extracted too, never scored), as a reader of its build sees them")
    parser.add_argument("--ratchet", type=Path, metavar="FILE",
                        help="also write the dev entities found right today to FILE (tests/data/ratchet-dev.json), "
                             "which tests/unit/test_ratchet.py then keeps right")
    args = parser.parse_args(argv)
    if args.titles is not None:
        if not args.titles.exists():
            parser.error(f"{args.titles} does not exist")
        print(run_titles(args.titles, args.model, shared=args.shared or SHARED, verbose=args.verbose))
        return 0
    splits = (args.split,) if args.split else SPLITS
    verbose_split = (args.split or "dev") if args.verbose else None
    try:
        by_split = run_splits(args.gold or GOLD_FILES, splits, args.model, verbose_split=verbose_split,
                              shared=args.shared, in_archive=args.in_archive)
    except (OSError, ValueError, KeyError) as exc:
        parser.error(f"cannot read the gold files: {exc}")
    print(format_report(by_split))
    if args.ratchet and "dev" in by_split:
        dev = by_split["dev"]["Broadsheet"]
        wrong = dev.predicted - round(dev.precision * dev.predicted)
        rows = ",\n  ".join(json.dumps(e, ensure_ascii=False) for e in by_split["dev"]["right"])
        args.ratchet.write_text(f'{{"about": {json.dumps(RATCHET_ABOUT)},\n "wrong_predictions": {wrong},\n'
                                f' "right": [\n  {rows}\n ]\n}}\n', encoding="utf-8")
    return 0


RATCHET_ABOUT = ("Dev-split gold entities Broadsheet finds with the right type today (article, name, type), and how "
                 "many of its dev predictions are wrong. tests/unit/test_ratchet.py fails when one turns wrong or "
                 "wrong predictions grow. Rewrite with "
                 "`python -m broadsheet.evaluate --split dev --ratchet tests/data/ratchet-dev.json` only after a "
                 "change that fixes more than it breaks, and say which turned wrong in the commit.")


if __name__ == "__main__":
    sys.exit(main())
