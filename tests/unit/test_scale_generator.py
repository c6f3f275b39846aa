"""bench/scale.py's generator: factor × an archive, each copy its own article, the long tail of entities grown."""

from __future__ import annotations

import datetime as dt

from bench.scale import make_scaled
from broadsheet.content.read import is_edited, load_article
from broadsheet.content.write import document
from broadsheet.core.diagnostics import Diagnostics
from broadsheet.extract import frontmatter

ARTICLES = {
    "mill-closes": ("Mill closes in Leeds", dt.date(2005, 3, 1), "Ada Lovelace said the Leeds mill would close.",
                    [("Ada Lovelace", "person", ["Lovelace"]), ("Leeds", "place", [])]),
    "mill-buyer": ("Buyer found for mill", dt.date(2005, 4, 2), "Leeds Mills Ltd bought the Leeds mill. Lovelace "
                   "was pleased, said Grace Hopper.", [("Leeds", "place", []), ("Leeds Mills Ltd", "organization", []),
                                                      ("Grace Hopper", "person", [])]),
    "undated": ("An undated note", None, "Nothing named here.", []),
}


def write_archive(folder):
    folder.mkdir()
    for slug, (title, date, body, entities) in ARTICLES.items():
        meta = {"title": title, "date": date, "slug": slug, "summary": body.split(".")[0] + ".",
                "source": f"seeds/{slug}.txt", "words": len(body.split()),
                "entities": [{"name": n, "type": t, "mentions": 1, "aliases": a, "confidence": 0.9}
                             for n, t, a in entities]}
        (folder / f"{slug}.md").write_text(document(meta, body), encoding="utf-8")


def test_copies_are_distinct_articles_and_only_single_article_entities_are_renamed(tmp_path):
    write_archive(tmp_path / "content")
    assert make_scaled(tmp_path / "content", tmp_path / "out", 3) == 9
    files = sorted((tmp_path / "out").glob("*.md"))
    diagnostics = Diagnostics(echo=False)
    articles = {a.slug: a for a in (load_article(p, diagnostics) for p in files)}
    assert not diagnostics.items
    assert len(articles) == 9
    assert len({a.title for a in articles.values()}) == 9
    assert not any(a.edited for a in articles.values())  # fresh checksums: no file reads as a person's edit
    assert not any(is_edited(p.read_text(encoding="utf-8")) for p in files)

    # copy 0 is the archive itself (its entity lists written one line each, as extraction writes them)
    for slug in ARTICLES:
        copy, original = (frontmatter.split((tmp_path / d / f"{slug}.md").read_text(encoding="utf-8"))
                          for d in ("out", "content"))
        for meta, _ in (copy, original):
            meta.pop("checksum")
        assert copy == original

    dates = [articles[s].date for s in ("mill-closes", "mill-closes-copy-1", "mill-closes-copy-2")]
    assert len(set(dates)) == 3 and dates == sorted(dates, reverse=True)
    assert articles["undated-copy-2"].date is None

    names = {slug: {e.name: e.aliases for e in a.entities} for slug, a in articles.items()}
    # Leeds is in two articles: kept in every copy; the others are in one article only: renamed per copy
    assert all("Leeds" in names[s] for s in ("mill-closes-copy-1", "mill-buyer-copy-2"))
    first, second = names["mill-closes-copy-1"], names["mill-closes-copy-2"]
    renamed_1 = next(n for n in first if n.startswith("Ada Lovelace "))
    renamed_2 = next(n for n in second if n.startswith("Ada Lovelace "))
    assert renamed_1 != renamed_2 and "Ada Lovelace" not in first
    assert first[renamed_1] == (renamed_1.replace("Ada ", ""),)  # the alias renamed with it
    assert "Grace Hopper" not in names["mill-buyer-copy-1"] and "Leeds Mills Ltd" not in names["mill-buyer-copy-1"]

    # the text says what the entity list says: renamed names in the body, the shared name left whole
    body = articles["mill-closes-copy-1"].body_md
    assert f"{renamed_1} said the Leeds mill" in body
    buyer = articles["mill-buyer-copy-1"].body_md
    assert "Leeds Mills Ltd " in buyer and "bought the Leeds mill" in buyer
    assert "Leeds Mills Ltd bought" not in buyer
    meta, _ = frontmatter.split((tmp_path / "out" / "mill-closes-copy-1.md").read_text(encoding="utf-8"))
    assert meta["source"] != "seeds/mill-closes.txt" and not meta["source"].startswith("seeds/")
