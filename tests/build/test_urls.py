"""Addresses: clean_urls writes links without index.html for HTTP hosts; the default keeps file:// working; no
local path of the build machine is ever published."""

from __future__ import annotations

import re

from tests.linkcheck import broken_links
from tests.sample_archive import write_archive

HREF = re.compile(r'href="([^"]+)"')


def hrefs(project) -> list[str]:
    """Every href of every page but 404.html (which hosts serve at any address: its base is the site's path)."""
    return [h for page in project.site.rglob("*.html") if page.name != "404.html"
            for h in HREF.findall(page.read_text(encoding="utf-8"))]


def test_clean_urls_link_to_folders_everywhere(project):
    write_archive(project.content, count=6)
    project.config("title: T\nbase_url: https://example.org/news/\nsearch: false\npage_size: 2\nclean_urls: true\n")
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
    links = hrefs(project)
    assert links and [h for h in links if h.endswith("index.html")] == []
    story = project.page("articles/story-00/index.html")
    assert 'href="../../people/ada-lovelace/"' in story  # an entity linked in the body
    assert '"url": "https://example.org/news/people/ada-lovelace/"' in story  # and in JSON-LD
    assert "<loc>https://example.org/news/articles/story-00/</loc>" in project.page("sitemap.xml")
    assert '<link rel="alternate" type="text/html" href="https://example.org/news/articles/story-05/"/>' \
        in project.page("feed.xml")
    assert broken_links(project.site) == []


def test_by_default_links_name_index_html_so_the_site_works_from_file(project):
    write_archive(project.content, count=3)
    project.build(extract_content=False)
    links = [h for h in hrefs(project) if "://" not in h and not h.startswith(("#", "data:"))]
    assert links and all(h.endswith(("index.html", ".css", ".xml")) or "index.html#" in h for h in links), \
        [h for h in links if not h.endswith(("index.html", ".css", ".xml"))][:5]


def test_no_local_path_is_ever_published(project, tmp_path):
    seeds = tmp_path / "elsewhere" / "my-seeds"
    (seeds / "business").mkdir(parents=True)
    (seeds / "business" / "mill.txt").write_text("date 2023-05-02 The Harrow Mill in Eldmouth will close in June, "
                                                 "said its owner Petra Vance.\n", encoding="utf-8")
    project.config(f"title: T\nbase_url: https://example.org/\nsearch: false\nseeds: {seeds}\n")
    _, diagnostics = project.build()
    assert diagnostics.items == []
    published = {p: p.read_text(encoding="utf-8") for p in project.site.rglob("*") if p.is_file()
                 and p.suffix in (".html", ".xml", ".txt", ".json")}
    assert any("Harrow Mill" in text for text in published.values())
    for local in (str(seeds), str(tmp_path), "my-seeds", "mill.txt", "elsewhere"):
        assert [p for p, text in published.items() if local in text] == [], local
