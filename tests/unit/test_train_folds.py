"""The scorer's cross-validation deals whole articles into folds: no article is on both sides of a fold, every
candidate is tested once per dealing, and each dealing is another shuffle of the articles."""

from __future__ import annotations

from broadsheet.train import grouped_folds


def test_every_candidate_is_tested_once_and_an_article_never_straddles_a_fold():
    groups = [0, 0, 1, 2, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9]
    tested = []
    for train, test in grouped_folds(groups, 5, seed=0):
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        assert len(train) + len(test) == len(groups)
        tested += list(test)
    assert sorted(tested) == list(range(len(groups)))


def test_each_dealing_shuffles_the_articles_anew_and_the_same_seed_deals_the_same():
    groups = list(range(40))
    deal = lambda seed: [sorted(int(i) for i in test) for _, test in grouped_folds(groups, 5, seed)]
    assert deal(1) == deal(1)
    assert deal(0) != deal(1)
