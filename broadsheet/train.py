"""Train the entity scorer on the dev split of the gold files and write its weights (broadsheet/extract/scorer.json).

    python -m broadsheet.train [--shared DIR] [--folds 5] [--check]

Each candidate entity the rules find in a dev article is one example: its class is the gold type of the gold
entity it names (name or alias, as `evaluate` matches), or `none`. A multinomial logistic regression over the
evidence (`extract/evidence.py`) is cross-validated by article (grouped folds, so no article is in both halves;
`REPEATS` times, the articles dealt into folds anew each time), the regularisation chosen by those folds, then
fitted on every dev article. The test split is never read.
Needs scikit-learn (requirements.txt); a build only reads the JSON weights.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from .archive import evidence as archive_evidence
from .core.diagnostics import Diagnostics
from .evaluate import GOLD_FILES, archive_texts, gold_names, key, load_golds
from .extract import evidence, scorer
from .extract import nlp as extract
from .extract.seeds import read_seed

STRENGTHS = (0.1, 0.3, 1.0, 3.0)  # inverse regularisation strengths tried by cross-validation
NONE_WEIGHTS = (1.0, 1.5, 2.0)  # weights of the `none` examples tried by cross-validation: how dear a kept
# non-entity is against a dropped entity (most candidates are entities, so an unweighted fit keeps nearly all)


def examples(articles, nlp) -> tuple[list[dict], list[str], list[int], list[str], list[str]]:
    """Signals, gold class, article number and name of every candidate entity of the given articles, and
    the articles' texts."""
    present = [a for a in articles if a.path.is_file()]
    diagnostics = Diagnostics(echo=False)
    seeds = [read_seed(a.path, a.rel, diagnostics, 10_000_000) for a in present]
    rows, classes, groups, names = [], [], [], []
    for number, (doc, article) in enumerate(zip(nlp.pipe(s.body for s in seeds), present)):
        refs = extract.candidate_entities(doc)
        for ref, signals in zip(refs, evidence.gather(doc, refs, seeds[number].body)):
            gold = next((g for g in article.entities if key(ref.name) in gold_names(g)), None)
            rows.append(signals)
            classes.append(gold.type if gold else scorer.NONE)
            groups.append(number)
            names.append(ref.name)
    return rows, classes, groups, names, [seed.body for seed in seeds]


MIN_CONTEXT_ARTICLES = 5  # a context word is a signal only when seen around entities of this many dev articles


def common_context(rows, groups) -> list[dict]:
    """The rows with only the context words (`evidence.context_words`) seen in at least `MIN_CONTEXT_ARTICLES`
    dev articles: a word around the entities of one or two articles teaches their topic, not a type."""
    articles: dict[str, set[int]] = {}
    for row, group in zip(rows, groups):
        for name in row:
            if name.startswith(evidence.CONTEXT):
                articles.setdefault(name, set()).add(group)
    rare = {name for name, seen in articles.items() if len(seen) < MIN_CONTEXT_ARTICLES}
    return [{name: value for name, value in row.items() if name not in rare} for row in rows]


REPEATS = 3  # cross-validation is run this many times, each with the articles dealt into folds anew


def grouped_folds(groups, folds: int, seed: int):
    """(train, test) index arrays of `folds` folds, whole articles to a fold: the articles shuffled by `seed`,
    then dealt out in turn."""
    import random

    import numpy as np

    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    fold_of = {group: i % folds for i, group in enumerate(order)}
    assigned = np.array([fold_of[g] for g in groups])
    for fold in range(folds):
        yield np.flatnonzero(assigned != fold), np.flatnonzero(assigned == fold)


def cross_validate(rows, classes, groups, strength: float, folds: int, none_weight: float = 1.0,
                   repeats: int = REPEATS) -> tuple[dict, list[float]]:
    """Grouped-fold scores of one strength and `none` weight (keep precision and recall at 0.5, type accuracy of kept
    entities), each the mean over `repeats` runs of cross-validation with the articles dealt into folds anew
    (one dealing's luck moved F1 by about .01, enough to flip the choice of strength); `f1_se` is the standard
    error of one run's mean F1, from the spread of every run's folds. And each example's out-of-fold confidence
    that it is an entity, averaged over the runs."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    y = np.array(classes)
    confidence = np.zeros(len(y))
    runs, fold_f1 = [], []
    for seed in range(repeats):
        predicted = np.empty(len(y), dtype=object)
        tests = []
        for train, test in grouped_folds(groups, folds, seed):
            tests.append(test)
            vectorizer = DictVectorizer()
            model = LogisticRegression(C=strength, max_iter=5000, class_weight=class_weights(classes, none_weight))
            model.fit(vectorizer.fit_transform([rows[i] for i in train]), y[train])
            proba = model.predict_proba(vectorizer.transform([rows[i] for i in test]))
            none = list(model.classes_).index(scorer.NONE)
            confidence[test] += (1 - proba[:, none]) / repeats
            kinds = [c for c in model.classes_ if c != scorer.NONE]  # as the build decides: the likeliest type,
            best = proba[:, [list(model.classes_).index(k) for k in kinds]].argmax(axis=1)  # kept at 0.5
            predicted[test] = [kinds[b] if 1 - p >= 0.5 else scorer.NONE for b, p in zip(best, proba[:, none])]
        kept, real = predicted != scorer.NONE, y != scorer.NONE
        both = kept & real
        runs.append((*_scores(predicted, y), both.sum() / max(kept.sum(), 1), both.sum() / max(real.sum(), 1),
                     (predicted[both] == y[both]).mean()))
        fold_f1 += [_scores(predicted[test], y[test])[2] for test in tests]
    precision, recall, f1, keep_precision, keep_recall, type_accuracy = (float(v) for v in np.mean(runs, axis=0))
    return {"C": strength, "none_weight": none_weight, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3),
            "f1_se": round(float(np.std(fold_f1, ddof=1) / np.sqrt(folds)), 3) if len(fold_f1) > 1 else 0.0,
            "keep_precision": round(keep_precision, 3), "keep_recall": round(keep_recall, 3),
            "type_accuracy": round(type_accuracy, 3)}, [float(c) for c in confidence]


def _scores(predicted, gold) -> tuple[float, float, float]:
    """Precision, recall and F1 of kept entities with the right type (all the examples, or one fold's)."""
    kept, real = predicted != scorer.NONE, gold != scorer.NONE
    precision = float((predicted[kept] == gold[kept]).mean()) if kept.any() else 0.0
    recall = float((predicted[real] == gold[real]).mean()) if real.any() else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall or 1)


def choose(results: list[tuple[dict, list[float]]]) -> tuple[dict, list[float]]:
    """The setting to fit, by the one-standard-error rule: of the settings whose cross-validated F1 is within
    one standard error (over the folds) of the best, the least reweighted, then the most strongly regularised:
    the simplest model the folds cannot tell from the best, which holds up better on articles not seen."""
    best = max(results, key=lambda r: r[0]["f1"])[0]
    return min((r for r in results if r[0]["f1"] >= best["f1"] - best["f1_se"]),
               key=lambda r: (r[0]["none_weight"], r[0]["C"]))


def rule_scores(rows, classes) -> dict:
    """The same scores for the rules' own types (every candidate kept), to compare with."""
    rule = [next(k[5:] for k in row if k.startswith("rule:")) for row in rows]
    real = [c != scorer.NONE for c in classes]
    right = sum(r == c for r, c in zip(rule, classes))
    precision, recall = right / len(rows), right / max(sum(real), 1)
    return {"precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall or 1), 3)}


def archive_step(confidence, classes, groups, names, texts, folds: int) -> tuple[dict, dict]:
    """The second step's weights, fitted on the one-word names' out-of-fold confidences, their words'
    lower-case share in the dev archive and the cues around the words there (`archive.evidence.cue_shares`),
    and its grouped-fold scores (keep precision and recall at 0.5, before and after)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    counts = archive_evidence.archive_words(texts)
    shares = archive_evidence.lower_shares(counts, names)
    chosen = [i for i, name in enumerate(names) if name in shares and 0 < confidence[i] < 1]
    cue_names = archive_evidence.CUES

    def row(i):
        cues = archive_evidence.cue_shares(counts, names[i])
        return [math.log(confidence[i] / (1 - confidence[i])), shares[names[i]], *(cues.get(c, 0.0) for c in cue_names)]

    x = np.array([row(i) for i in chosen])
    y = np.array([classes[i] != scorer.NONE for i in chosen])
    after = np.zeros(len(y))
    for train, test in grouped_folds([groups[i] for i in chosen], folds, 0):
        after[test] = LogisticRegression(max_iter=1000).fit(x[train], y[train]).predict_proba(x[test])[:, 1]

    def keep_scores(p):
        kept = p >= 0.5
        return {"precision": round(float((kept & y).sum() / max(kept.sum(), 1)), 3),
                "recall": round(float((kept & y).sum() / max(y.sum(), 1)), 3)}

    model = LogisticRegression(max_iter=1000).fit(x, y)
    weights = {"bias": round(float(model.intercept_[0]), 4), "logit": round(float(model.coef_[0][0]), 4),
               "lower_share": round(float(model.coef_[0][1]), 4),
               **{"cue:" + cue: round(float(w), 4) for cue, w in zip(cue_names, model.coef_[0][2:])}}
    before = np.array([confidence[i] for i in chosen])
    return weights, {"one_word_names": len(chosen), "before": keep_scores(before), "after": keep_scores(after)}


def class_weights(classes, none_weight: float) -> dict[str, float]:
    """Every class weighs 1 but `none`, which weighs `none_weight`."""
    return {c: none_weight if c == scorer.NONE else 1.0 for c in set(classes)}


def fit(rows, classes, strength: float, none_weight: float = 1.0) -> dict:
    """The weights fitted on every example, as plain numbers: classes, per-class feature weights, intercepts."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    model = LogisticRegression(C=strength, max_iter=5000, class_weight=class_weights(classes, none_weight))
    model.fit(vectorizer.fit_transform(rows), classes)
    names = vectorizer.get_feature_names_out()
    weights = [{str(n): round(float(w), 4) for n, w in zip(names, coef) if abs(w) >= 1e-4} for coef in model.coef_]
    return {"classes": [str(c) for c in model.classes_], "weights": weights,
            "intercepts": [round(float(b), 4) for b in model.intercept_]}


def main(argv: list[str] | None = None) -> int:
    """Command line: cross-validate on dev, print the scores, write the weights."""
    parser = argparse.ArgumentParser(prog="python -m broadsheet.train", description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, help="the folder `shared` paths are under (default: ../shared)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--gold", type=Path, nargs="+", default=list(GOLD_FILES), help="gold files (their dev split)")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--out", type=Path, default=scorer.WEIGHTS)
    args = parser.parse_args(argv)
    articles = [a for a in load_golds(args.gold, shared=args.shared) if a.split == "dev"]
    rows, classes, groups, names, texts = examples(articles, extract.load_nlp(args.model))
    rows = common_context(rows, groups)
    print("rules alone", json.dumps(rule_scores(rows, classes)))
    results = [cross_validate(rows, classes, groups, c, args.folds, w) for w in NONE_WEIGHTS for c in STRENGTHS]
    for result, _ in results:
        print("cross-validated", json.dumps(result))
    best, confidence = choose(results)
    weights = fit(rows, classes, best["C"], best["none_weight"])
    texts = archive_texts(articles, args.shared)  # the corpus the dev articles belong to, as a build sees it
    weights["archive"], archive_scores = archive_step(confidence, classes, groups, names, texts, args.folds)
    print("archive step, one-word names, cross-validated", json.dumps(archive_scores))
    weights["about"] = (f"Entity scorer weights: multinomial logistic regression on {len(rows)} candidate entities of "
                        f"{len(set(groups))} dev articles; rebuilt by `python -m broadsheet.train`. Cross-validated "
                        f"by article ({args.folds} folds, {REPEATS} dealings averaged): " + json.dumps(best)
                        + "; archive step (one-word names' lower-case share and cues in the archive): "
                        + json.dumps(archive_scores))
    args.out.write_text(json.dumps(weights, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"chose C={best['C']}, none weight {best['none_weight']}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
