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
GOLD_2 = REPO / "tests" / "data" / "gold-bbc-2.json"
GOLD_3 = REPO / "tests" / "data" / "gold-bbc-3.json"
GOLD_4 = REPO / "tests" / "data" / "gold-bbc-4.json"
GOLD_5 = REPO / "tests" / "data" / "gold-bbc-5.json"
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
                       "Vladimir Putin": ("Putin",), "Kyiv": ("Kiev",), "Liberal Democratic Party of Russia": ("LDPR",),
                       "Donetsk": ("Donetsk Oblast",)}


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


def _split_gold(tmp_path):
    """A tiny repo with the seed's text twice, one dev and one test (each missing some labels), and a test article
    whose text is absent."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("dev-copy.txt", "test-copy.txt"):
        (repo / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    seed_labels = next(a for a in json.loads(GOLD.read_text(encoding="utf-8"))["articles"] if "repo" in a)["entities"]
    gold = {"articles": [
        {"repo": "dev-copy.txt", "entities": seed_labels[1:]},
        {"repo": "test-copy.txt", "split": "test", "entities": seed_labels[:3]},
        {"shared": "nowhere/absent.txt", "split": "test", "entities": seed_labels[:1]},
    ]}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path, repo, len(seed_labels) - 1


def test_entities_evaluation_scores_each_split_on_its_own_articles(nlp, tmp_path):
    path, repo, n_labels = _split_gold(tmp_path)
    by_split = evaluate.run_splits([path], nlp=nlp, repo=repo, shared=tmp_path / "no-shared")
    dev, test = by_split["dev"], by_split["test"]
    assert (dev["articles"], dev["skipped"], dev["Broadsheet"].gold) == (1, 0, n_labels)
    assert (test["articles"], test["skipped"], test["Broadsheet"].gold) == (1, 1, 3)
    assert dev["Broadsheet"].predicted == test["Broadsheet"].predicted  # same text, scored apart
    assert test["Broadsheet"].precision < dev["Broadsheet"].precision
    report = evaluate.format_report(by_split)
    assert "dev split\narticles scored: 1" in report
    assert "test split\narticles scored: 1 (1 without text skipped)" in report
    raw_gap, gap = (dev[name].f1 - test[name].f1 for name in ("raw spaCy", "Broadsheet"))
    assert f"dev-test F1 gap: raw spaCy {raw_gap:+.3f}, Broadsheet {gap:+.3f}" in report
    only_test = evaluate.run(path, nlp=nlp, split="test", repo=repo)
    assert only_test["articles"] == 1 and only_test["Broadsheet"].gold == 3


def test_entities_evaluate_verbose_lists_the_dev_split_unless_test_is_asked(nlp, tmp_path, monkeypatch, capsys):
    path, repo, _ = _split_gold(tmp_path)
    monkeypatch.setattr(extract, "load_nlp", lambda name: nlp)
    monkeypatch.setattr(evaluate, "REPO", repo)
    monkeypatch.setattr(evaluate, "SHARED", tmp_path / "no-shared")
    assert evaluate.main([str(path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "dev-copy.txt" in out and "test-copy.txt" not in out
    assert "dev split" in out and "test split" in out and "dev-test F1 gap" in out
    assert evaluate.main([str(path), "--split", "test", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "test-copy.txt" in out and "dev-copy.txt" not in out
    assert "test split" in out and "dev split" not in out and "gap" not in out


def test_entities_evaluate_rejects_an_unknown_split(tmp_path, capsys):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"articles": [{"repo": "a.txt", "split": "train", "entities": []}]}), encoding="utf-8")
    with pytest.raises(SystemExit):
        evaluate.main([str(path)])
    assert "split 'train'" in capsys.readouterr().err


def test_entities_gold_splits_are_disjoint_and_hold_labels_only():
    articles = evaluate.load_golds(evaluate.GOLD_FILES)
    dev = {a.rel for a in articles if a.split == "dev"}
    test = {a.rel for a in articles if a.split == "test"}
    assert (len(dev), len(test)) == (185, 85) and not dev & test
    for path, usual, tech in ((GOLD_2, (11, 6), (11, 6)), (GOLD_3, (6, 3), (5, 3)),  # set 3: 8 tech articles left
                              (GOLD_4, (8, 4), (8, 4)), (GOLD_5, (8, 4), (8, 4))):
        gold = json.loads(path.read_text(encoding="utf-8"))["articles"]
        for folder in ("business", "entertainment", "politics", "sport", "tech"):
            in_folder = [a["split"] for a in gold if a["shared"].split("/")[-2] == folder]
            assert (in_folder.count("dev"), in_folder.count("test")) == (tech if folder == "tech" else usual)
        assert all(set(e) == {"name", "type", "aliases"} for a in gold for e in a["entities"])
        assert {e["type"] for a in gold for e in a["entities"]} == {"person", "organization", "place", "group", "event"}


def test_entities_evaluate_default_scores_dev_and_test(nlp, shared_corpora, monkeypatch, capsys):
    monkeypatch.setattr(extract, "load_nlp", lambda name: nlp)
    assert evaluate.main([]) == 0
    out = capsys.readouterr().out
    assert "dev split\narticles scored: 185\n" in out and "test split\narticles scored: 85\n" in out
    assert "dev-test F1 gap: raw spaCy" in out


def test_entities_score_counts_fragments_and_wrong_types():
    from broadsheet.core.data import EntityRef as Ref

    gold = [(Ref("Dmitry Peskov", "person", 1, ("Peskov",)), Ref("Kherson", "place"))]
    predicted = [(Ref("Dmitry Peskov", "person", 3), Ref("Peskov", "person"), Ref("Kherson", "person"))]
    s = evaluate.score(gold, predicted)
    assert s.precision == pytest.approx(2 / 3) and s.recall == 0.5
    assert s.type_accuracy == 0.5 and s.fragmentation == 0.5
