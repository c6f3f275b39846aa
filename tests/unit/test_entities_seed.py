"""The mission's seed through the real model: its whole entity list, and the gold-set evaluation."""

from __future__ import annotations

import json

import pytest

from broadsheet import evaluate
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.extract import nlp as extract
from broadsheet.extract.seeds import read_seed
from tests.conftest import REPO, SEED

GOLD = REPO / "tests" / "data" / "gold.json"
SEED_ENTITIES = {
    ("Russia", "place"), ("Ukraine", "place"), ("Luhansk", "place"), ("Russian", "group"),
    ("Kremlin", "organization"), ("Dmitry Peskov", "person"), ("Zaporizhzhya", "place"), ("Crimea", "place"),
    ("Kherson", "place"), ("Ukrainian", "group"), ("Kazakhstan", "place"), ("Vladimir Putin", "person"),
    ("TASS", "organization"), ("Kyiv", "place"), ("Luhansk People’s Republic", "place"),
    ("Wagner Group", "organization"), ("Donetsk", "place"), ("Liberal Democratic Party of Russia", "organization"),
    ("Turkey", "place"), ("Moscow", "place"), ("Telegram", "organization"), ("Yaroslav Nilov", "person"),
    ("Sevastopol", "place"), ("Black Sea", "place"), ("Collective Security Treaty Organization", "organization"),
    ("NATO", "organization"), ("Soviet", "group"), ("Black Sea Grain Initiative", "organization"),
    ("Aibek Smadiyarov", "person"), ("Kazakh", "group"), ("Kassym-Jomart Tokayev", "person"),
    ("United Nations", "organization"), ("Turkish", "group"), ("Mevlut Cavusoglu", "person"),
}


@pytest.fixture(scope="module")
def seed_extracted(nlp):
    seed = read_seed(SEED, f"seeds/{SEED.name}", Diagnostics(echo=False), 10_000_000)
    return next(extract.extract_all(nlp, [seed]))


def test_entities_seed_whole_entity_list_names_and_types(seed_extracted):
    assert {(e.name, e.type) for e in seed_extracted.entities} == SEED_ENTITIES


def test_entities_seed_aliases_keep_every_surface_form(seed_extracted):
    aliases = {e.name: e.aliases for e in seed_extracted.entities if e.aliases}
    assert aliases == {"Russia": ("Russian Federation",), "Dmitry Peskov": ("Peskov",),
                       "Vladimir Putin": ("Putin",), "Kyiv": ("Kiev",), "Liberal Democratic Party of Russia": ("LDPR",)}


def test_entities_seed_title_and_captions(seed_extracted):
    assert seed_extracted.title == ("Kremlin spokesman Dmitry Peskov said the official date for the accession "
                                    "will be announced shortly")  # the lede's point, in under 100 characters
    assert len(seed_extracted.title) < 100
    assert len(seed_extracted.captions) == 5
    assert all(c not in seed_extracted.summary for c in seed_extracted.captions)


def test_entities_evaluation_on_the_seed_labels_beats_raw_spacy(nlp, tmp_path):
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    data["articles"] = [a for a in data["articles"] if "repo" in a]
    seed_gold = tmp_path / "seed-gold.json"
    seed_gold.write_text(json.dumps(data), encoding="utf-8")
    results = evaluate.run(seed_gold, nlp=nlp)
    raw, ours = results["raw spaCy"], results["Broadsheet"]
    assert results["articles"] == 1 and ours.gold == raw.gold == len(data["articles"][0]["entities"])
    assert ours.precision >= 0.95 and ours.recall >= 0.95 and ours.type_accuracy == 1.0
    assert ours.fragmentation == 0.0 and raw.fragmentation > 0 and raw.f1 < ours.f1
    assert "Broadsheet" in evaluate.format_table(results)


def test_entities_evaluation_on_the_dev_set_meets_the_targets(nlp, shared_corpora):
    results = evaluate.run(GOLD, nlp=nlp)
    ours = results["Broadsheet"]
    assert results["articles"] == 21
    assert ours.precision >= 0.92 and ours.recall >= 0.88
    assert ours.type_accuracy >= 0.95 and ours.fragmentation <= 0.02


def test_entities_evaluate_command_prints_the_table(nlp, tmp_path, monkeypatch, capsys):
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    data["articles"] = [a for a in data["articles"] if "repo" in a]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(extract, "load_nlp", lambda name: nlp)
    assert evaluate.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "raw spaCy" in out and "articles scored: 1" in out


def test_entities_score_counts_fragments_and_wrong_types():
    from broadsheet.core.data import EntityRef as Ref

    gold = [(Ref("Dmitry Peskov", "person", 1, ("Peskov",)), Ref("Kherson", "place"))]
    predicted = [(Ref("Dmitry Peskov", "person", 3), Ref("Peskov", "person"), Ref("Kherson", "person"))]
    s = evaluate.score(gold, predicted)
    assert s.precision == pytest.approx(2 / 3) and s.recall == 0.5
    assert s.type_accuracy == 0.5 and s.fragmentation == 0.5
