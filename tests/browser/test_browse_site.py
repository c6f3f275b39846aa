"""A reader's path through the built sample archive in headless Chromium, served from a sub-folder."""

from __future__ import annotations

import re

import pytest

from tests.browser import need_chromium, serving_folder, shoot, wait_for_hits
from tests.conftest import REPO
from tests.sample_archive import write_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample archive built with search into <tmp>/news/ and served over HTTP on 127.0.0.1."""
    need_chromium()
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.pipeline import build

    root = tmp_path_factory.mktemp("host")
    project = root / "project"
    write_archive(project / "content")
    (project / "config.yaml").write_text(
        f"title: Engine inquiry archive\nbase_url: https://example.org/news/\npage_size: 5\n"
        f"templates: {REPO / 'broadsheet' / 'theme' / 'templates'}\nstatic: {REPO / 'broadsheet' / 'theme' / 'static'}\nsite: {root / 'news'}\n", encoding="utf-8")
    diagnostics = Diagnostics(echo=False)
    build(load_config(project / "config.yaml"), diagnostics, extract_content=False)
    assert diagnostics.items == []
    with serving_folder(root) as address:
        yield address + "news/"


def test_reader_goes_home_to_article_to_entity_and_pages_through_its_list(served, page):
    page.goto(served + "index.html")
    assert page.locator("h1").inner_text() == "Engine inquiry archive"
    page.locator("section[aria-labelledby=latest] h3 a").first.click()
    assert page.locator("h1").inner_text() == "Engine inquiry day 11: testimony number 11"
    assert page.locator("aside.sidebar #in-this-story").is_visible()
    shoot(page, "article")

    page.locator(".story .body a.entity", has_text="Ada Lovelace").click()
    assert page.url.endswith("/news/people/ada-lovelace/index.html")
    assert page.locator("h1").inner_text() == "Ada Lovelace"
    assert page.locator("figure.timeline svg rect").count() == 5
    assert page.locator("mark", has_text="Ada Lovelace").count() == 5
    shoot(page, "entity")

    page.get_by_role("link", name="Older →").click()
    assert page.url.endswith("/people/ada-lovelace/page/2/index.html")
    page.get_by_role("link", name="Older →").click()
    assert page.url.endswith("/people/ada-lovelace/page/1/index.html")
    titles = page.locator("ol.articles h3 a").all_inner_texts()
    assert titles[-1] == "Engine inquiry day 0: testimony number 0" and len(titles) == 5


def test_search_with_an_entity_filter_finds_its_articles_across_shards(served, page):
    page.goto(served + "search/index.html")
    page.locator(".pagefind-ui__search-input").fill("inquiry")
    page.wait_for_selector(".pagefind-ui__result")
    page.locator(".pagefind-ui__filter-name", has_text="person").click()
    page.get_by_label(re.compile(r"^Grace Hopper")).check()
    wait_for_hits(page, 4, "inquiry")
    titles = sorted(page.locator(".pagefind-ui__result-title").all_inner_texts())
    assert titles == [f"Engine inquiry day {i}: testimony number {i}" for i in (0, 3, 6, 9)]
    shoot(page, "search")
    page.locator(".pagefind-ui__result-link").first.click()
    assert re.search(r"/news/articles/story-0[0369]/index.html$", page.url)


def test_an_entity_page_links_to_search_with_its_filter_chosen(served, page):
    page.goto(served + "people/grace-hopper/index.html")
    page.get_by_role("link", name="Search within the articles mentioning Grace Hopper").click()
    assert "person=Grace+Hopper" in page.url
    page.locator(".pagefind-ui__search-input").fill("session")  # every article has the word
    wait_for_hits(page, 4, "session")
    assert page.locator("input[type=checkbox]:checked").evaluate_all("l => l.map(e => e.id)") == [
        "person-Grace Hopper"]


def test_a_search_address_with_words_and_a_filter_runs_at_once(served, page):
    page.goto(served + "search/index.html?q=inquiry&place=London")
    wait_for_hits(page, 6, "inquiry")  # stories 0, 2, 4, 6, 8, 10 (the UI shows 5 and a "load more")


def test_keyboard_reaches_the_skip_link_first_and_dark_mode_follows_the_system(served, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(served + "people/ada-lovelace/index.html")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent")
        assert focused == "skip|Skip to content"
        assert page.locator("a.skip").bounding_box()["x"] >= 0  # shown on focus
        page.keyboard.press("Enter")
        assert page.url.endswith("#main")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(20, 20, 19)"
        shoot(page, "entity-dark")
    finally:
        context.close()
