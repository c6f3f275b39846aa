"""Pagination, related stories, key word in context and timelines, as pure functions."""

from __future__ import annotations

import datetime as dt
import random

from broadsheet.archive import kwic
from broadsheet.archive.related import bucket_weight, related_articles, weight_bucket
from broadsheet.core.text import plain
from broadsheet.pages import timeline
from broadsheet.pages.paginate import paginate_forward, paginate_newest


def test_pagination_numbers_pages_from_the_oldest_so_they_never_drift():
    items = list(range(23, 0, -1))  # 23 items, newest (23) first
    pages = {p.number: p for p in paginate_newest(items, 5, "x/")}
    assert pages[None].items == [23, 22, 21, 20, 19] and pages[None].output == "x/index.html"
    assert pages[1].items == [5, 4, 3, 2, 1] and pages[1].output == "x/page/1/index.html"
    assert sorted(k for k in pages if k) == [1, 2, 3, 4]  # the 3 newest are on the landing page only
    grown = {p.number: p for p in paginate_newest(list(range(30, 0, -1)), 5, "x/")}
    assert all(grown[n].items == pages[n].items for n in (1, 2, 3, 4))
    assert pages[None].nav["older"] == "x/page/4/index.html"
    assert pages[4].nav["newer"] == "x/index.html" and pages[2].nav["newer"] == "x/page/3/index.html"


def test_every_numbered_page_is_linked_from_the_landing_page_even_when_it_repeats_it():
    landing, page1 = paginate_newest([2, 1], 2, "")
    assert page1.items == landing.items == [2, 1] and landing.nav["older"] is None
    assert [n["url"] for n in landing.nav["numbers"]] == ["page/1/index.html"]


def test_pagination_of_a_short_list_is_one_landing_page():
    [only] = paginate_newest([3, 2, 1], 5, "")
    assert only.items == [3, 2, 1] and only.nav["older"] is None and only.nav["numbers"] == []


def test_forward_pagination_for_a_to_z_lists():
    pages = paginate_forward(list("abcde"), 2, "people/by-letter/a/")
    assert [p.output for p in pages] == ["people/by-letter/a/index.html", "people/by-letter/a/page/2/index.html",
                                         "people/by-letter/a/page/3/index.html"]
    assert pages[2].items == ["e"] and pages[0].nav["next"] == pages[1].output


def test_related_stories_weigh_rare_shared_entities_above_common_ones():
    members = {"common": ("a", "b", "c", "d"), "rare": ("a", "d"), "other": ("b", "c")}
    per_article = {"a": ("common", "rare"), "b": ("common", "other"), "c": ("common", "other"), "d": ("common", "rare")}
    order = {"a": 0, "b": 1, "c": 2, "d": 3}
    related = related_articles(members, per_article, order)
    assert related["a"] == ("d", "b", "c")  # 'common' counts, but less than the rare name a and d share
    assert related["b"] == ("c", "a", "d")


def test_a_shared_entity_weighs_by_its_document_frequency_in_half_powers_of_two():
    assert [weight_bucket(df) for df in (1, 2, 3, 4, 5, 6, 8, 11, 12, 1000)] == [0, 2, 3, 4, 4, 5, 6, 6, 7, 19]
    weights = [bucket_weight(weight_bucket(df)) for df in (2, 3, 4, 100, 10_000)]
    assert weights == sorted(weights, reverse=True) and weights[0] == 1_000_000  # the rarer, the heavier
    assert bucket_weight(weight_bucket(1448)) == bucket_weight(weight_bucket(1024))  # one more article rarely matters


def assert_exhaustive(related, members, per_article, order) -> None:
    """Each article's related stories are the five that scoring every pair of articles ranks first."""
    weights = {k: bucket_weight(weight_bucket(len(v))) for k, v in members.items()}
    for slug, keys in per_article.items():
        scores = {other: sum(weights[k] for k in set(keys) & set(per_article[other]))
                  for other in per_article if other != slug}
        expected = sorted((other for other, score in scores.items() if score > 0),
                          key=lambda other: (-scores[other], order[other]))[:5]
        assert related[slug] == tuple(expected), slug


def test_related_stories_equal_an_exhaustive_ranking_on_a_big_archive():
    """The pruned search (common entities added only to the top articles' scores) ranks exactly as scoring
    every pair of articles would."""
    rng = random.Random(7)
    entities = [f"e{i}" for i in range(300)]
    popularity = [1 / (i + 1) for i in range(len(entities))]  # a few entities in many articles, most in few
    per_article = {f"a{n}": tuple(dict.fromkeys(rng.choices(entities, popularity, k=rng.randint(1, 12))))
                   for n in range(1500)}
    members: dict[str, list[str]] = {}
    for slug, keys in per_article.items():
        for key in keys:
            members.setdefault(key, []).append(slug)
    order = {slug: i for i, slug in enumerate(per_article)}
    related = related_articles({k: tuple(v) for k, v in members.items()}, per_article, order)
    assert max(len(v) for v in members.values()) > 300  # the pruning is exercised
    assert_exhaustive(related, members, per_article, order)


def test_related_stories_of_stories_held_many_times_over_equal_an_exhaustive_ranking():
    """An archive holding each story many times (copies, and copies with an entity dropped or added), its
    articles' entity lists out of the archive's order: the ranking is exactly the exhaustive one, however
    many articles tie at the top."""
    rng = random.Random(11)
    entities = [f"e{i}" for i in range(60)]
    stories = [rng.sample(entities, rng.randint(1, 8)) for _ in range(20)]
    per_article = {}
    for copy in range(40):
        for n, story in enumerate(stories):
            keys = list(story)
            if rng.random() < 0.2:
                keys.pop(rng.randrange(len(keys)))
            if rng.random() < 0.2:
                keys.append(rng.choice(entities))
            per_article[f"s{n}-{copy}"] = tuple(dict.fromkeys(keys))
    slugs = list(per_article)
    rng.shuffle(slugs)
    order = {slug: i for i, slug in enumerate(slugs)}
    members: dict[str, list[str]] = {}
    for slug, keys in per_article.items():  # not in the archive's order
        for key in keys:
            members.setdefault(key, []).append(slug)
    related = related_articles({k: tuple(v) for k, v in members.items()}, per_article, order)
    assert_exhaustive(related, members, per_article, order)


def test_key_word_in_context_is_the_sentence_of_the_first_mention():
    text = plain(r"Intro here. Then Dr. Ada met \*Grace Hopper\* in London. Ada left. London again.")
    found = kwic.first_mentions(text, {"Grace Hopper": "gh", "Hopper": "gh", "London": "ldn", "Ada": "ada"})
    assert found["gh"] == ("Ada met *", "Grace Hopper", "* in London.")
    assert found["ldn"][1] == "London" and found["ldn"][2] == "."
    assert kwic.find_word("Adams and Ada", "Ada") == 10


def test_timeline_counts_every_month_between_first_and_last_including_empty_ones():
    dates = [dt.date(2021, 11, 5), dt.date(2022, 2, 1), dt.date(2022, 2, 20)]
    assert timeline.monthly_counts(dates) == [(2021, 11, 1), (2021, 12, 0), (2022, 1, 0), (2022, 2, 2)]
    chart = timeline.chart(dates)
    assert [b["height"] for b in chart["bars"]] == [20.0, 0, 0, 40.0]
    assert [y["year"] for y in chart["years"]] == [2022]  # too close to label 2021 as well
    long = timeline.chart([dt.date(2021, 6, 1), dt.date(2022, 2, 1)])
    assert [(y["year"], y["x"]) for y in long["years"]] == [(2021, 0), (2022, 7 * (timeline.BAR + timeline.GAP))]
    assert timeline.chart([]) is None


def test_an_entity_index_of_25000_people_stays_small_per_page():
    from broadsheet.archive.site import Site
    from broadsheet.core.data import Entity
    from broadsheet.pages.entities import type_index_pages

    people = tuple(Entity(slug=f"{chr(97 + i % 26)}person-{i}", name=f"{chr(65 + i % 26)}person {i}", type="person",
                          aliases=(), article_slugs=("x",) * (1 + i % 7)) for i in range(25_000))
    site = Site(articles=(), entities=people, mentions={}, companions={})
    pages = [p for p in type_index_pages(site, {"title": "T"}, 200) if p.output.startswith("people/")]
    overview = next(p for p in pages if p.output == "people/index.html")
    assert len(overview.context["letters"]) == 26 and len(overview.context["top"]) == 50
    letter_pages = [p for p in pages if p is not overview]
    assert max(len(p.context["entities"]) for p in letter_pages) == 200
    assert sum(len(p.context["entities"]) for p in letter_pages) == 25_000
    assert "people/by-letter/q/page/5/index.html" in {p.output for p in letter_pages}


def test_timeline_of_a_mistyped_year_stays_small():
    import datetime as dt

    from broadsheet.pages.timeline import MAX_MONTHS, monthly_counts

    months = monthly_counts([dt.date(22, 9, 26), dt.date(2022, 9, 26)])
    assert len(months) == MAX_MONTHS and months[-1] == (2022, 9, 1) and months[0] == (1992, 10, 0)
