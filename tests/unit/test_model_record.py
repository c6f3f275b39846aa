"""The record of the site model: related stories and companions updated from the last build's record equal
the ones found over the whole archive, on many small random archives changed in every way an archive changes;
and a record that does not fit is refused."""

from __future__ import annotations

import json
import random

import pytest

from broadsheet.archive import model_record
from broadsheet.archive.model_record import ModelRecord
from broadsheet.archive.site import archive_passes


def model(articles: list[tuple[str, tuple]], names: dict[tuple, str]):
    """The inputs of archive_passes for articles in archive order, entities named by `names`."""
    article_keys = dict(articles)
    members: dict[tuple, list[str]] = {}
    for slug, keys in articles:
        for key in keys:
            members.setdefault(key, []).append(slug)
    places = {key: (names[key].casefold(), f"slug-{key[1]}") for key in members}
    keys_az = sorted(members, key=lambda key: (key[0], *places[key]))
    return article_keys, {k: tuple(v) for k, v in members.items()}, keys_az, places


def passes(articles, names, previous=None):
    keep: dict = {}
    related, companions = archive_passes(*model(articles, names), previous, keep)
    return related, companions, keep["record"]


def random_keys(rng: random.Random, entities: list[tuple]) -> tuple:
    weights = [1 / (i + 1) for i in range(len(entities))]  # a few entities in many articles, most in few
    return tuple(dict.fromkeys(rng.choices(entities, weights, k=rng.randint(0, 6))))


def change(rng: random.Random, articles: list, names: dict, entities: list, serial: list[int]) -> None:
    """One change of the kinds a build sees: an article added (anywhere in the order), edited (other
    entities), removed, moved (a new date), or an entity renamed (a new majority spelling)."""
    kind = rng.choice(["add", "add", "edit", "remove", "move", "rename", "rename-tie"])
    if kind == "add" or not articles:
        serial[0] += 1
        articles.insert(rng.randint(0, len(articles)), (f"n{serial[0]}", random_keys(rng, entities)))
    elif kind == "edit":
        at = rng.randrange(len(articles))
        articles[at] = (articles[at][0], random_keys(rng, entities))
    elif kind == "remove":
        articles.pop(rng.randrange(len(articles)))
    elif kind == "move":
        articles.insert(rng.randint(0, len(articles) - 1), articles.pop(rng.randrange(len(articles))))
    elif kind == "rename":
        key = rng.choice(entities)
        names[key] = rng.choice("ABCDEFGH") + names[key][1:]
    else:  # the same letters in another case: the A–Z place holds (casefolded), the tie-breaks too
        key = rng.choice(entities)
        names[key] = names[key].swapcase()


@pytest.mark.parametrize("seed, size, rounds", [(seed, 60, 12) for seed in range(60)]
                         + [(seed, 600, 4) for seed in range(3)])  # common entities in 32+ articles: the pruned search
def test_updating_from_the_record_equals_a_clean_computation(seed, size, rounds):
    rng = random.Random(seed)
    entities = [(rng.choice(["person", "place"]), f"e{i}") for i in range(rng.randint(3, 40))]
    names = {key: rng.choice("ABCDEFGH") + key[1] for key in entities}
    articles = [(f"a{i}", random_keys(rng, entities)) for i in range(rng.randint(0, size))]
    serial = [0]
    _, _, record = passes(articles, names)
    for _ in range(rounds):
        for _ in range(rng.choice([1, 1, 1, 2, 5])):
            change(rng, articles, names, entities, serial)
        related, companions, kept = passes(articles, names, record)
        clean_related, clean_companions, clean_record = passes(articles, names)
        assert related == clean_related
        assert companions == clean_companions
        assert kept == clean_record
        record = model_record.decode(model_record.CACHE_NAME, json.loads(json.dumps(model_record.encode(kept))))
        assert record == kept


def test_an_added_article_recomputes_only_what_it_reaches():
    """One article added to an archive of unrelated pairs changes the related stories of the pair it joins."""
    rng = random.Random(3)
    names = {("person", f"p{i}"): f"P{i}" for i in range(200)}
    articles = [(f"a{i}", (("person", f"p{i // 2}"),)) for i in range(400)]
    _, _, record = passes(articles, names)
    articles.insert(rng.randint(0, 400), ("new", (("person", "p7"),)))
    change_ = model_record.changes(record, *(model(articles, names)[i] for i in (0, 1, 3)))
    assert change_.changed == {"new"}
    assert change_.reweighed == {"a14", "a15"}  # p7 went from two articles to three: a new weight bucket
    assert change_.entities == {("person", "p7")}
    related, _, _ = passes(articles, names, record)
    assert sorted(related["a14"]) == [("a15", 666_666), ("new", 666_666)]


def test_a_record_that_lies_about_a_companion_cannot_break_the_build():
    """A record of the right shape whose companions name an entity the entity never met (and that is gone
    now): the kept list cannot be drawn, so it is counted again."""
    x, z = ("person", "x"), ("person", "z")
    names = {x: "X", z: "Z"}
    articles = [("a", (x,)), ("b", (x,))]
    record = ModelRecord(places={x: ("x", "slug-x"), z: ("z", "slug-z")},
                         articles={"a": (x,), "b": (x,), "gone": (z,)},
                         related={"a": (("b", 1_000_000),), "b": (("a", 1_000_000),), "gone": ()},
                         companions={x: ((z, 1),), z: ()})
    assert model_record.decode("model", json.loads(json.dumps(model_record.encode(record)))) == record
    assert passes(articles, names, record)[:2] == passes(articles, names)[:2]


def test_a_record_that_does_not_fit_is_refused():
    articles = [("a", (("person", "x"), ("place", "y"))), ("b", (("person", "x"),))]
    names = {("person", "x"): "X", ("place", "y"): "Y"}
    plain = model_record.encode(passes(articles, names)[2])
    assert plain["related"] == [1, 1_000_000, 0, 1_000_000]  # a and b share x, in two articles
    assert model_record.decode("model", plain) == passes(articles, names)[2]
    broken = [
        lambda d: d["keys"].__setitem__(0, 7),  # an entity that is not there
        lambda d: d["related"].__setitem__(0, 0),  # related to itself
        lambda d: d["articles"].__setitem__(1, "a"),  # an article twice
        lambda d: d["companions"].__setitem__(0, 0),  # its own companion
        lambda d: d["names"].__setitem__(0, 5),  # a name that is no string
        lambda d: [d[c].append("z") for c in ("types", "identities", "names", "slugs")],  # an entity in no article
        lambda d: d["related"].__setitem__(1, True),  # a score that is no integer
        lambda d: d["related"].__setitem__(1, -1),  # nor a negative one
        lambda d: d["related_ends"].__setitem__(0, 1),  # a score without its article
        lambda d: d["keys_ends"].pop(),  # an article without its entities
        lambda d: d.pop("articles"),
    ]
    for i, breaking in enumerate(broken):
        data = json.loads(json.dumps(plain))
        breaking(data)
        with pytest.raises((ValueError, TypeError, KeyError)):
            model_record.decode("model", data)
            pytest.fail(f"case {i}")
