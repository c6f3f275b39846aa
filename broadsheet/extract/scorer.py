"""Decide, from an entity's evidence, whether it is an entity at all and of which type: a small multinomial
logistic model, trained on the dev labels by `python -m broadsheet.train` and read from `scorer.json`
(plain numbers, never code). Evaluated with plain Python: a few dozen multiplications per entity."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from ..core.data import EntityRef

WEIGHTS = Path(__file__).resolve().parent / "scorer.json"
NONE = "none"  # the class of a candidate that is no entity (a common word, a work, a fragment)


@lru_cache(maxsize=1)
def model() -> dict | None:
    """The committed weights: classes, and per class a weight for each named feature; None when absent."""
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    classes = list(data["classes"])
    by_feature: dict[str, list[float]] = {}  # feature -> its weight in each class, for one pass over the signals
    for index, weights in enumerate(data["weights"]):
        for name, weight in weights.items():
            by_feature.setdefault(name, [0.0] * len(classes))[index] = float(weight)
    return {"classes": classes, "by_feature": by_feature, "intercepts": [float(b) for b in data["intercepts"]],
            "archive": dict(data.get("archive") or {})}


def probabilities(signals: dict[str, float], weights: dict | None = None) -> dict[str, float]:
    """Each class's probability for one entity's signals (a softmax over the classes' scores)."""
    weights = weights or model()
    scores = list(weights["intercepts"])
    by_feature = weights["by_feature"]
    for name, value in signals.items():
        row = by_feature.get(name)
        if row is not None:
            for index, weight in enumerate(row):
                scores[index] += weight * value
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {kind: e / total for kind, e in zip(weights["classes"], exps)}


def decide(refs: tuple[EntityRef, ...], signals: list[dict[str, float]]) -> tuple[EntityRef, ...]:
    """Each entity with the scorer's type and its confidence that it is an entity at all (1 - P(none)).

    Without weights the rules' types stand, each with confidence 1."""
    weights = model()
    if weights is None:
        return refs
    decided = []
    for ref, evidence in zip(refs, signals):
        p = probabilities(evidence, weights)
        kind = max((k for k in p if k != NONE), key=p.get)
        decided.append(EntityRef(ref.name, kind, ref.mentions, ref.aliases, round(1 - p.get(NONE, 0.0), 3)))
    return tuple(decided)


def reweigh(confidence: float, lower_share: float, weights: dict | None = None,
            cues: dict[str, float] | None = None) -> float:
    """A one-word name's confidence with the archive's evidence added: how often its word is written in lower
    case across the archive, and the shares of its capitalised occurrences each cue stands around
    (`archive.evidence.cue_shares`): a second logistic step fitted on the first's cross-validated
    confidences."""
    archive = (weights or model() or {}).get("archive")
    if not archive or confidence >= 1.0 or confidence <= 0.0:
        return confidence  # no weights; or a person's (or the rules') certainty stands
    score = (archive["bias"] + archive["logit"] * math.log(confidence / (1 - confidence))
             + archive["lower_share"] * lower_share)
    for cue, share in (cues or {}).items():
        score += archive.get("cue:" + cue, 0.0) * share
    return round(1 / (1 + math.exp(-score)), 3)
