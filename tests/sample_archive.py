"""A small hand-written archive in content/ form (no spaCy needed): dated articles across months,
entities rare and common, for navigation, feed, search and browser tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from broadsheet.extract import frontmatter

PEOPLE = ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
PLACES = ["London", "Paris"]


def article(slug: str, title: str, date: dt.date | None, body: str, entities: list[tuple[str, str]],
            authors: list[str] | None = None, section: str | None = None) -> str:
    """One content/ file's text."""
    meta = {"title": title, "date": date, "slug": slug, "summary": body.split(". ")[0] + ".",
            "entities": [{"name": name, "type": kind, "mentions": 1} for name, kind in entities]}
    if authors:
        meta["authors"] = authors
    if section:
        meta["section"] = section
    return frontmatter.dump(meta, body)


def write_archive(content: Path, count: int = 12) -> list[str]:
    """`count` articles, one every 10 days from 2021-11-20; Ada Lovelace in all, London in every other,
    Grace Hopper in every third, Alan Turing and a 'Rare Society' only in the first two. Returns slugs."""
    content.mkdir(parents=True, exist_ok=True)
    slugs = []
    for i in range(count):
        date = dt.date(2021, 11, 20) + dt.timedelta(days=10 * i)
        slug = f"story-{i:02d}"
        entities = [("Ada Lovelace", "person")]
        sentences = [f"Ada Lovelace opened session {i} of the engine inquiry."]
        if i % 2 == 0:
            entities.append(("London", "place"))
            sentences.append(f"The hearing in London heard evidence number {i}.")
        if i % 3 == 0:
            entities.append(("Grace Hopper", "person"))
            sentences.append("Witnesses said Grace Hopper had reviewed the compiler.")
        if i < 2:
            entities += [("Alan Turing", "person"), ("Rare Society", "organization")]
            sentences.append("Alan Turing wrote to the Rare Society about the machine.")
        sentences.append(f"Officials called it report {i} on calculating engines.")
        body = " ".join(sentences)
        title = f"Engine inquiry day {i}: testimony number {i}"
        (content / f"{slug}.md").write_text(article(slug, title, date, body, entities), encoding="utf-8")
        slugs.append(slug)
    return slugs


def write_undated(content: Path, slug: str = "undated-note") -> None:
    """One article without a date."""
    text = article(slug, "An undated note from Paris", None, "A note from Paris about the engines.",
                   [("Paris", "place")])
    (content / f"{slug}.md").write_text(text, encoding="utf-8")
