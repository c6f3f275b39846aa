"""`python -m broadsheet.evaluate --titles`: structural breaks in a content folder, and the labelled headlines."""

from __future__ import annotations

import json

from broadsheet import evaluate
from broadsheet.extract import nlp as extract
from tests.conftest import REPO

LABELS = REPO / "tests" / "data" / "headlines.json"
TITLES = {
    "a.md": "Floods close the main road into Abbeyfield",
    "b.md": 'Charles Kennedy has told voters his party will offer them an "honest',
    "c.md": "The Belgian sports minister at the centre",
    "d.md": "Tony Blair says his personal standing in the eyes of",
}


def test_headlines_eval_counts_each_kind_of_break_in_a_content_folder(nlp, tmp_path, monkeypatch, capsys):
    for name, title in TITLES.items():
        (tmp_path / name).write_text(f"---\ntitle: {json.dumps(title)}\n---\n\nBody.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    monkeypatch.setattr(extract, "load_nlp", lambda name: nlp)
    assert evaluate.main(["--titles", str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "titles: 4 " in out and "structurally broken: 3 (75.0%)" in out
    counts = {line[:34].strip(): int(line[34:]) for line in out.splitlines() if line.startswith("  ")}
    assert counts == {"unbalanced quote or bracket": 1, "hyphen glued to one word only": 0, "trailing hyphen": 0,
                      "trailing comma": 0, "ends on a function word": 1, "no verb": 1}
    assert "c.md: 'The Belgian sports minister at the centre': no verb" in out


def test_headlines_eval_labelled_set_is_nine_tenths_acceptable(nlp, shared_corpora):
    scores, absent = evaluate.score_headlines(LABELS, nlp, shared_corpora.parent)
    good = [s for s in scores if not s.problems]
    assert absent == 0 and len(scores) == 70
    assert len(good) >= 0.9 * len(scores)
    assert not [s for s in scores if any(p in s.problems for p in ("unbalanced quote or bracket", "no verb"))]
