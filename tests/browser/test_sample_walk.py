"""A reader walks the committed sample (The Eldmouth Gazette) in headless Chromium, served over HTTP from a
sub-folder: home → section → article → entity → its timeline → its feed → search with a filter."""

from __future__ import annotations

import functools
import http.server
import threading
import xml.etree.ElementTree as ET

import pytest

from tests.browser.test_browse_site import ARGS, CHROMIUM, _QuietHandler, shoot, wait_for_hits
from tests.conftest import REPO

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample's committed content/ rendered with its own config.yaml (search included) into <tmp>/gazette/."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium; install it with "
                    "`apt-get install -y chromium` (Debian) to run the browser tests")
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import Diagnostics
    from broadsheet.pipeline import build

    root = tmp_path_factory.mktemp("host")
    diagnostics = Diagnostics(echo=False)
    build(load_config(REPO / "config.yaml", {"site": root / "gazette"}), diagnostics, extract_content=False)
    assert diagnostics.items == []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/gazette/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        browser.close()
    assert errors == []


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
    page.locator(".pagefind-ui__search-input").fill("ferry")
    page.wait_for_selector(".pagefind-ui__result")
    page.locator(".pagefind-ui__filter-name", has_text="person").click()
    page.get_by_label("Ivan Pell").check()
    wait_for_hits(page, 3, "ferry")
    assert sorted(page.locator(".pagefind-ui__result-title").all_inner_texts()) == [
        "A new ferry for the Eldmouth to Kessing crossing", "Repairs begin on Eldmouth harbour's north pier",
        "Winter ferry timetable cut after storm damage at Eldmouth harbour"]
    shoot(page, "sample-search")


def test_a_search_address_can_choose_a_section(served, page):
    page.goto(served + "search/index.html?q=harbour&section=Business")
    wait_for_hits(page, 4, "harbour")
    assert sorted(page.locator(".pagefind-ui__result-title").all_inner_texts()) == [
        "Brightwater Foods cannery opens with forty jobs", "Brightwater Foods to double the size of its Eldmouth cannery",
        "Brightwater Foods to open fish cannery on the old gasworks site",
        "Council approves Brightwater Foods cannery expansion"]
    assert page.locator("input[type=checkbox]:checked").evaluate_all("l => l.map(e => e.id)") == ["section-Business"]
