"""Archives in the formats newsrooms hold build into the site: the original address shown and linked, authors as
pages and feeds, sections shown; records are articles with stable identities, extracted again only when changed."""

from __future__ import annotations

import json
import re

from broadsheet.commands.check import find_problems

STORIES = {
    "a1": ("Flood defences fail in York", "2024-01-05", "Flood defences in York failed on Friday after the River Ouse "
           "rose to its highest level in twenty years, the Environment Agency said.", "Jane Smith", "UK"),
    "a2": ("Bank of England raises rates", "2024-02-01", "The Bank of England raised interest rates on Thursday, "
           "governor Andrew Bailey told reporters in London.", "John Doe; Jane Smith", "Business"),
    "a3": ("Rail strike called off", "2024-03-01", "The RMT union called off a rail strike after talks with Network "
           "Rail in Manchester, Mick Lynch said.", "Ann Lee", "Transport"),
}


def jsonl(ids=("a1", "a2", "a3"), change: dict | None = None) -> str:
    lines = []
    for key in ids:
        title, date, body, author, section = STORIES[key]
        record = {"id": key, "title": title, "date": date, "body": body, "author": author, "section": section,
                  "url": f"https://news.example.com/{key}"}
        record.update((change or {}).get(key, {}))
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def sources(project) -> dict[str, str]:
    """content file name -> its source."""
    return {p.name: re.search(r"^source: (.*)$", p.read_text(encoding="utf-8"), re.MULTILINE).group(1)
            for p in project.content.glob("*.md")}


def test_a_jsonl_export_builds_articles_with_their_address_authors_and_section(project):
    project.seed("exports/news.jsonl", jsonl())
    result, diagnostics = project.build()
    assert diagnostics.items == [] and result.articles_new == 3
    assert sorted(sources(project).values()) == [f"seeds/exports/news.jsonl#{key}" for key in ("a1", "a2", "a3")]
    page = project.page("articles/bank-of-england-raises-rates/index.html")
    assert '<link rel="canonical" href="https://news.example.com/a2">' in page
    assert '<a href="https://news.example.com/a2" rel="external">' in page
    assert '"url": "https://news.example.com/a2"' in page and '"articleSection": "Business"' in page
    assert 'href="../../authors/john-doe/index.html" rel="author">John Doe</a>' in page
    assert 'href="../../authors/jane-smith/index.html" rel="author">Jane Smith</a>' in page
    assert ">Business</a></p>" in page and "seeds/" not in page  # the seed's local path is never published
    author = project.page("authors/jane-smith/index.html")
    assert "Flood defences fail in York" in author and "Bank of England raises rates" in author
    feed = project.page("authors/jane-smith/feed.xml")
    assert feed.count("<entry>") == 2
    assert "Jane Smith" in project.page("authors/index.html") and 'href="authors/index.html"' in project.page("index.html")
    assert find_problems(project.site, "https://example.org/")[0] == []


def test_a_reordered_export_extracts_nothing_and_one_changed_record_extracts_one(project):
    path = project.seed("news.jsonl", jsonl())
    project.build()
    before = project.files("content")
    path.write_text(jsonl(("a3", "a1", "a2")), encoding="utf-8")
    result, _ = project.build()
    assert (result.articles_new, result.articles_changed, result.articles_unchanged) == (0, 0, 3)
    assert project.files("content") == before
    path.write_text(jsonl(("a3", "a1", "a2"), {"a1": {"body": STORIES["a1"][2] + " Residents were evacuated."}}),
                    encoding="utf-8")
    result, _ = project.build()
    assert (result.articles_new, result.articles_changed, result.articles_unchanged) == (0, 1, 2)
    changed = [name for name, data in project.files("content").items() if before.get(name) != data]
    assert changed == ["flood-defences-fail-in-york.md"]


def test_a_record_removed_from_an_export_removes_its_article_but_a_damaged_file_removes_none(project):
    path = project.seed("news.jsonl", jsonl())
    project.build()
    path.write_text(jsonl(("a1", "a3")) + "{not json\n", encoding="utf-8")
    result, diagnostics = project.build()
    assert [(d.code, d.path, d.line) for d in diagnostics.items] == [("W205", "seeds/news.jsonl", 3)]
    assert len(sources(project)) == 3  # the bad line may be the missing record: nothing is removed
    path.write_text(jsonl(("a1", "a3")), encoding="utf-8")
    project.build()
    assert sorted(sources(project).values()) == ["seeds/news.jsonl#a1", "seeds/news.jsonl#a3"]
    assert not (project.site / "articles" / "bank-of-england-raises-rates").exists()


def test_csv_html_feed_and_warc_seeds_build_into_one_site(project):
    from tests.unit.test_record_formats import PAGE, RSS, write_warc

    project.seed("sheet.csv", 'id,title,date,body,author\nc1,Port reopens,2024-04-02,"The port of Dover reopened on '
                 'Tuesday after storms, P&O Ferries said.",Ann Lee\nc2,short\n')
    (project.seeds / "saved.html").write_bytes(PAGE)
    project.seed("gazette.rss", RSS)
    write_warc(project.seeds / "crawl.warc.gz", compress=True)
    result, diagnostics = project.build()
    codes = sorted((d.code, d.path, d.line) for d in diagnostics.items)
    assert codes == [("W207", "seeds/sheet.csv", 3), ("W209", "seeds/gazette.rss", None),
                     ("W213", "seeds/crawl.warc.gz", None)]
    assert result.articles_new == 5 and result.records_skipped == 5
    found = sorted(sources(project).values())
    assert found == ["seeds/crawl.warc.gz#https:%2F%2Fnews.example.org%2Fyork", "seeds/gazette.rss#https:%2F%2F"
                     "gazette.example.org%2Fs", "seeds/gazette.rss#rail-1", "seeds/saved.html", "seeds/sheet.csv#c1"]
    rail = project.page("articles/rail-strike-called-off/index.html")
    assert "Pickets outside the depot" in rail.split('id="photos"')[1]  # a caption, shown as a caption
    assert find_problems(project.site, "https://example.org/")[0] == []
    again, _ = project.build()
    assert (again.articles_new, again.articles_changed) == (0, 0)


def test_a_feed_entry_that_leaves_the_feed_stays_in_the_archive(project):
    from tests.unit.test_record_formats import RSS

    path = project.seed("gazette.rss", RSS)
    project.build()
    path.write_text(RSS.replace("<item><title>Summary only", "<!-- gone --><item><title>Replaced")
                    .replace("https://gazette.example.org/s<", "https://gazette.example.org/t<"), encoding="utf-8")
    project.build()
    assert "seeds/gazette.rss#https:%2F%2Fgazette.example.org%2Fs" in sources(project).values()
    assert "seeds/gazette.rss#https:%2F%2Fgazette.example.org%2Ft" in sources(project).values()
