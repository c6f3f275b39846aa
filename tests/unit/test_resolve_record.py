"""The kept name tallies (archive/resolve_record.py): a site model resolved from the last build's tallies, changed
by what changed, equals the one resolved over the whole archive, on many small random archives changed in every
way an archive changes (articles added, edited, removed, edited by a person, their text alone changed so the
lower-case evidence moves); the tallies kept equal those counted afresh; a record that does not fit is refused."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from broadsheet.archive import resolve_record
from broadsheet.archive.evidence import archive_words
from broadsheet.archive.site import build_site
from broadsheet.core.config import load_config
from broadsheet.core.data import Article, EntityRef
from broadsheet.core.diagnostics import Diagnostics

# names that fold, join, spell acronyms, vote on types and read the archive's lower-case evidence
NAMES = [("Tony Blair", "person"), ("Cherie Blair", "person"), ("Blair", "person"), ("Blair", "organization"),
         ("Gordon Brown", "person"), ("Brown", "person"), ("Howard", "person"), ("Michael Howard", "person"),
         ("Howard Stern", "person"), ("Labour", "organization"), ("Labour Party", "organization"),
         ("European Union", "organization"), ("EU", "organization"), ("Associated Press", "organization"),
         ("AP", "organization"), ("Grammy", "event"), ("Grammys", "event"), ("Grammys", "organization"),
         ("Newcastle", "place"), ("Newcastle", "organization"), ("Britons", "group"), ("British", "group"),
         ("Media", "organization"), ("Budget", "event"), ("World", "organization"), ("Tiscali", "organization"),
         ("Tiscali", "group")]
WORDS = "media Media budget Budget world World the said Blair Labour".split()


def random_article(rng: random.Random, slug: str, day: int, serial: int, edited: bool = False) -> Article:
    refs = {}
    for name, kind in rng.sample(NAMES, rng.randint(1, 7)):
        aliases = ("EU",) if name == "European Union" and rng.random() < 0.5 else ()
        aliases += ("AP",) if name == "Associated Press" and rng.random() < 0.5 else ()
        refs[(name, kind)] = EntityRef(name, kind, rng.randint(1, 3), aliases, rng.choice([0.3, 0.5, 0.62, 0.7, 1.0]))
    text = " ".join(rng.choices(WORDS, k=rng.randint(3, 12)))
    return Article(slug=slug, title=f"Story {slug}", date=dt.date(2022, 1, 1) + dt.timedelta(days=day), summary="",
                   body_md=text, entities=tuple(refs.values()), source="", words=len(text.split()),
                   path=Path(f"/content/{slug}.md"), edited=edited, plain=text)


def model(articles: dict[str, tuple[tuple, Article]], config, tallies=None, before=None):
    """build_site on the articles ({slug: (stamp, Article)}); with `tallies` and `before`, from the last record."""
    stamps = {a.path: stamp for stamp, a in articles.values()}
    listed = [a for _, a in articles.values()]
    keep: dict = {}
    site = build_site(listed, config, Diagnostics(echo=False), archive_words(a.plain for a in listed), keep=keep,
                      stamps=stamps, before=before, tallies=tallies)
    shown = [(e.slug, e.name, e.type, e.aliases, e.article_slugs, e.mentions) for e in site.entities]
    return shown, site.mentions, keep["tallies"], keep["counted"]


def change(rng: random.Random, articles: dict, serial: list[int]) -> None:
    serial[0] += 1
    kind = rng.choice(["add", "add", "edit", "remove", "person", "text"])
    if kind == "add" or not articles:
        slug = f"n{serial[0]}"
        articles[slug] = ((1, serial[0]), random_article(rng, slug, rng.randint(0, 99), serial[0]))
        return
    slug = rng.choice(sorted(articles))
    _, old = articles[slug]
    if kind == "remove":
        del articles[slug]
    elif kind == "text":  # the same entities, other words: only the lower-case evidence moves
        text = " ".join(rng.choices(WORDS, k=rng.randint(3, 12)))
        articles[slug] = ((1, serial[0]), Article(**{**old.__dict__, "plain": text, "body_md": text}))
    else:
        articles[slug] = ((1, serial[0]), random_article(rng, slug, old.date.day, serial[0], edited=kind == "person"))


def roundtrip(record):
    return resolve_record.decode(resolve_record.CACHE_NAME, json.loads(json.dumps(resolve_record.encode(record))))


@pytest.mark.parametrize("seed", range(40))
def test_names_resolved_from_the_kept_tallies_equal_a_clean_resolution(seed):
    rng = random.Random(seed)
    config = load_config(None, {"_config_optional": True})
    if seed % 4 == 3:  # what config.yaml says about names is read from the tallies too
        config = replace(config, aliases={"Labour Party": ["Labour"]}, types={"Tiscali": "group"})
    serial = [0]
    articles = {f"a{i}": ((1, i), random_article(rng, f"a{i}", rng.randint(0, 99), i)) for i in range(rng.randint(1, 30))}
    serial[0] = len(articles)
    *_, record, _ = model(articles, config)
    for _ in range(8):
        before = {str(a.path): (stamp, a) for stamp, a in articles.values()}
        for _ in range(rng.choice([1, 1, 2, 4])):
            change(rng, articles, serial)
        entities, mentions, kept, counted = model(articles, config, roundtrip(record), before)
        clean_entities, clean_mentions, clean_record, _ = model(articles, config)
        assert entities == clean_entities
        assert mentions == clean_mentions
        assert counted.changed is not None  # the record was followed, not counted again
        assert (kept.first, kept.second, kept.files) == (clean_record.first, clean_record.second, clean_record.files)
        record = kept


def test_one_added_article_counts_one_article_and_flips_a_type_vote():
    config = load_config(None, {"_config_optional": True})
    first = Article(slug="a", title="A", date=dt.date(2022, 1, 1), summary="", body_md="", words=0, source="",
                    entities=(EntityRef("Tiscali", "group", 2), EntityRef("Ada Lovelace", "person")),
                    path=Path("/content/a.md"))
    articles = {"a": ((1, 1), first)}
    *_, record, _ = model(articles, config)
    before = {str(a.path): (stamp, a) for stamp, a in articles.values()}
    second = Article(**{**first.__dict__, "slug": "b", "path": Path("/content/b.md"),
                        "entities": (EntityRef("Tiscali", "organization", 3),)})
    articles["b"] = ((1, 2), second)
    entities, _, _, counted = model(articles, config, roundtrip(record), before)
    assert counted.changed == 1 and not counted.second_again
    assert [(name, kind) for _, name, kind, *_ in entities if name == "Tiscali"] == [("Tiscali", "organization")]


def test_a_changed_file_whose_old_text_is_not_at_hand_is_counted_again():
    config = load_config(None, {"_config_optional": True})
    rng = random.Random(1)
    articles = {f"a{i}": ((1, i), random_article(rng, f"a{i}", i, i)) for i in range(5)}
    *_, record, _ = model(articles, config)
    articles["a1"] = ((1, 99), random_article(rng, "a1", 1, 99))
    entities, _, _, counted = model(articles, config, roundtrip(record), before={})
    assert counted.changed is None
    assert entities == model(articles, config)[0]


@pytest.mark.parametrize("spoil", [
    lambda v: v.update(files=v["files"][:-1]),
    lambda v: v["second"]["votes"].update(n=[0] * len(v["second"]["votes"]["n"])),
    lambda v: v["first"]["spread"].update(a=[1] * len(v["first"]["spread"]["a"])),
    lambda v: v.update(apart=[["x"]]),
    lambda v: v["second"].pop("beside"),
    lambda v: v.update(times=["1"] * len(v["times"])),
    lambda v: v["second"]["votes"].update(b=["bogus"] * len(v["second"]["votes"]["b"])),  # no page has that type
])
def test_a_record_that_does_not_fit_is_refused(spoil):
    config = load_config(None, {"_config_optional": True})
    rng = random.Random(2)
    articles = {f"a{i}": ((1, i), random_article(rng, f"a{i}", i, i)) for i in range(6)}
    *_, record, _ = model(articles, config)
    value = json.loads(json.dumps(resolve_record.encode(record)))
    spoil(value)
    with pytest.raises((ValueError, TypeError)):
        resolve_record.decode(resolve_record.CACHE_NAME, value)


def test_a_record_whose_counts_lie_cannot_break_the_build():
    """Counts of the right shape that are too small: taking the changed article off would go below zero (then
    everything is counted again) or to a wrong count (the names are decided from it, as a clean build of such an
    archive would)."""
    config = load_config(None, {"_config_optional": True})
    rng = random.Random(4)
    articles = {f"a{i}": ((1, i), random_article(rng, f"a{i}", i, i)) for i in range(6)}
    *_, record, _ = model(articles, config)
    before = {str(a.path): (stamp, a) for stamp, a in articles.values()}
    for field in ("votes", "spread", "together"):
        counts = getattr(record.first, field)
        for key in counts:
            counts[key] = 1
    del articles["a0"]
    entities, _, _, _ = model(articles, config, roundtrip(record), before)
    assert {name for _, name, *_ in entities} <= {name for name, _ in NAMES}
