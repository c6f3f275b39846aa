"""Atom feeds, sitemap.xml, robots.txt and 404.html."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from broadsheet.pages import feeds
from tests.sample_archive import write_archive, write_undated

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build(project, base_url="https://example.org/news/"):
    write_archive(project.content)
    write_undated(project.content)
    project.config(f"title: Feeds & <things>\nbase_url: {base_url}\nsearch: false\npage_size: 5\n")
    project.build(extract_content=False)


def test_archive_feed_is_atom_with_absolute_links_and_the_newest_date_as_updated(project):
    build(project)
    feed = ET.fromstring((project.site / "feed.xml").read_bytes())
    assert feed.find(f"{ATOM}title").text == "Feeds & <things>"  # escaped in the XML, intact once parsed
    assert feed.find(f"{ATOM}updated").text == "2022-03-10T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 12  # the undated article has no date to give Atom
    first = entries[0]
    assert first.find(f"{ATOM}title").text.startswith("Engine inquiry day 11:")
    assert first.find(f"{ATOM}link").get("href") == "https://example.org/news/articles/story-11/index.html"
    assert first.find(f"{ATOM}id").text == "https://example.org/news/articles/story-11/index.html"
    self_link = [l for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"][0]
    assert self_link.get("href") == "https://example.org/news/feed.xml"


def test_each_entity_has_its_own_feed_of_its_articles(project):
    build(project)
    feed = ET.fromstring((project.site / "people/grace-hopper/feed.xml").read_bytes())
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert [t.split(":")[0] for t in titles] == ["Engine inquiry day 9", "Engine inquiry day 6",
                                                  "Engine inquiry day 3", "Engine inquiry day 0"]
    assert feed.find(f"{ATOM}updated").text == "2022-02-18T00:00:00Z"


def test_feeds_without_base_url_use_stable_urn_ids_and_relative_links(project):
    build(project, base_url="''")
    feed = ET.fromstring((project.site / "people/grace-hopper/feed.xml").read_bytes())
    assert feed.find(f"{ATOM}id").text.startswith("urn:uuid:")
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "../../articles/story-09/index.html"
    assert not (project.site / "sitemap.xml").exists()
    assert "Sitemap:" not in (project.site / "robots.txt").read_text()


def test_sitemap_lists_articles_and_entities_and_robots_points_at_it(project):
    build(project)
    sitemap = ET.fromstring((project.site / "sitemap.xml").read_bytes())
    locs = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod") for u in sitemap.findall(f"{SM}url")}
    assert locs["https://example.org/news/articles/story-00/index.html"].text == "2021-11-20"
    assert "https://example.org/news/people/ada-lovelace/index.html" in locs
    assert (project.site / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/news/sitemap.xml\n"


def test_a_large_sitemap_becomes_an_index_of_sitemaps(project):
    build(project)
    from broadsheet.archive.site import build_site
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.pages.plan import site_identity
    from broadsheet.pipeline import load_articles

    config = load_config(project.root / "config.yaml")
    site = build_site(load_articles(project.content, Diagnostics(echo=False)), config, Diagnostics(echo=False))
    pages = feeds.sitemap_pages(site, site_identity(config), limit=10)
    assert [p.output for p in pages] == ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml",
                                         "sitemaps/sitemap-3.xml"]
    assert sum(len(p.context["urls"]) for p in pages[1:]) == 2 + 13 + len(site.entities)


def test_404_page_works_at_any_address_through_the_site_base_path(project):
    build(project)
    html = (project.site / "404.html").read_text()
    assert '<base href="/news/">' in html
    assert 'href="archive/index.html"' in html and 'action="search/index.html"' in html


def test_feed_content_full_carries_each_article_s_text_as_html(project):
    write_archive(project.content, count=3)
    project.config("title: T\nbase_url: https://example.org/\nsearch: false\nfeed_content: full\n")
    project.build(extract_content=False)
    for feed_path in ("feed.xml", "people/ada-lovelace/feed.xml"):
        entry = ET.fromstring((project.site / feed_path).read_bytes()).find(f"{ATOM}entry")
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert content.text.startswith("<p>Ada Lovelace opened session 2 of the engine inquiry.")
        assert entry.find(f"{ATOM}summary").text  # the summary is kept beside it
    (project.content / "story-02.md").write_text(
        (project.content / "story-02.md").read_text().replace("Officials called it", "Officials named it"))
    project.build(extract_content=False)
    entry = ET.fromstring((project.site / "people/ada-lovelace/feed.xml").read_bytes()).find(f"{ATOM}entry")
    assert "Officials named it" in entry.find(f"{ATOM}content").text  # an edited text reaches every feed


def test_feeds_carry_summaries_by_default(project):
    build(project)
    entry = ET.fromstring((project.site / "feed.xml").read_bytes()).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary").text


def test_a_missing_base_url_warns_once_that_sitemap_and_feeds_need_it(project):
    build(project, base_url="''")
    result, diagnostics = project.build(extract_content=False)  # nothing changed: the warning is repeated
    assert [d.code for d in diagnostics.items] == ["W250"]
    assert "base_url" in diagnostics.items[0].message and "sitemap" in diagnostics.items[0].message
    project.config("title: T\nbase_url: https://example.org/\nsearch: false\n")
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
