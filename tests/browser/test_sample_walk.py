"""A reader walks the committed sample (The Eldmouth Gazette) in headless Chromium, served over HTTP from a
sub-folder: home → section → article → entity → its timeline → its feed → search with a filter."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.browser import need_chromium, serving_folder, shoot, wait_for_hits
from tests.conftest import REPO

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample's committed content/ rendered with its own config.yaml (search included) into <tmp>/gazette/."""
    need_chromium()
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.pipeline import build

    root = tmp_path_factory.mktemp("host")
    diagnostics = Diagnostics(echo=False)
    build(load_config(REPO / "config.yaml", {"site": root / "gazette"}), diagnostics, extract_content=False)
    assert diagnostics.items == []
    with serving_folder(root) as address:
        yield address + "gazette/"


def test_a_reader_walks_the_sample_from_home_to_a_filtered_search(served, page):
    page.goto(served + "index.html")
    assert "fiction" in page.locator("footer").inner_text()  # the sample says its town is made up
    assert page.get_by_role("link", name="Older →").count() == 1  # 31 articles, 10 a page
    page.locator("header nav").get_by_role("link", name="Town", exact=True).click()

    assert page.url.endswith("/gazette/sections/town/index.html")
    assert page.locator("h1").inner_text() == "Town"
    assert "11 articles" in page.locator("header.entity-head").inner_text()
    assert page.locator("header nav a[aria-current=page]").inner_text() == "Town"
    shoot(page, "sample-section")
    page.locator("ol.articles h3 a").first.click()

    assert page.locator("h1").inner_text() == "Eldmouth's first Christmas market fills Harbour Street"
    assert page.locator(".story .kicker a").text_content() == "Town"  # (shown in capitals by the style sheet)
    assert page.locator("#related").count() == 1
    page.locator(".story .body a.entity", has_text="Helen Marsh").first.click()

    assert page.url.endswith("/gazette/people/helen-marsh/index.html")
    assert page.locator("h1").inner_text() == "Helen Marsh"
    timeline = page.locator("figure.timeline")
    assert timeline.locator("svg rect").count() == 10  # ten months with a story mentioning her
    assert "2023" in timeline.inner_text() and "2024" in timeline.inner_text()
    shoot(page, "sample-entity")

    feed_link = page.get_by_role("link", name="Follow Helen Marsh (Atom feed)")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + feed_link.get_attribute("href"))
    assert response.ok
    feed = ET.fromstring(response.body())
    entries = [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]
    assert entries[0] == "Eldmouth's first Christmas market fills Harbour Street" and len(entries) == 10

    page.goto(served + "search/index.html")
    page.locator(".pagefind-ui__search-input").fill("flood")
    page.wait_for_selector(".pagefind-ui__result")
    page.locator(".pagefind-ui__filter-name", has_text="person").click()
    page.get_by_label("Helen Marsh").check()
    wait_for_hits(page, 2, "flood")
    assert sorted(page.locator(".pagefind-ui__result-title").all_inner_texts()) == [
        "New flood wall holds as the River Ell rises", "River Ell flood defences to be raised after autumn floods"]
    shoot(page, "sample-search")


def test_a_search_address_can_choose_a_section(served, page):
    page.goto(served + "search/index.html?q=harbour&section=Business")
    wait_for_hits(page, 4, "harbour")
    assert sorted(page.locator(".pagefind-ui__result-title").all_inner_texts()) == [
        "Brightwater Foods cannery opens with forty jobs", "Brightwater Foods to double the size of its Eldmouth cannery",
        "Brightwater Foods to open fish cannery on the old gasworks site",
        "Council approves Brightwater Foods cannery expansion"]
    assert page.locator("input[type=checkbox]:checked").evaluate_all("l => l.map(e => e.id)") == ["section-Business"]
