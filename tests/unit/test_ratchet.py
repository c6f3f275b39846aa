"""A ratchet on the dev split: every gold entity found right today stays right, and wrong predictions do not grow."""

from __future__ import annotations

import json
from pathlib import Path

from broadsheet import evaluate

RATCHET = Path(__file__).resolve().parents[1] / "data" / "ratchet-dev.json"


def test_no_dev_entity_that_was_right_turns_wrong(nlp, shared_corpora):
    saved = json.loads(RATCHET.read_text(encoding="utf-8"))
    results = evaluate.run_splits(splits=("dev",), nlp=nlp, shared=shared_corpora.parent)["dev"]
    assert results["skipped"] == 0
    now = {(e["article"], e["name"], e["type"]) for e in results["right"]}
    turned_wrong = sorted({(e["article"], e["name"], e["type"]) for e in saved["right"]} - now)
    assert turned_wrong == [], "dev entities right before and wrong now (see tests/data/ratchet-dev.json)"
    ours = results["Broadsheet"]
    wrong = ours.predicted - round(ours.precision * ours.predicted)
    assert wrong <= saved["wrong_predictions"], f"{wrong} wrong dev predictions, {saved['wrong_predictions']} before"
