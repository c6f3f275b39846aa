"""A project of one's own in headless Chromium: one overridden template over the built-in theme, previewed
with `serve`, which reloads the open page when the override is edited."""

from __future__ import annotations

import functools
import threading

import pytest

from broadsheet.commands import serve
from broadsheet.commands.new import new_project
from broadsheet.core.config import load_config
from tests.browser import need_chromium, serving, shoot
from tests.sample_archive import write_archive

pytestmark = pytest.mark.browser
OVERRIDE = """{% extends "base.html" %}
{% block main %}
<article class="story">
  <p class="edition">EDITION</p>
  <h1>{{ article.title }}</h1>
  {{ article.body | markdown(links) }}
</article>
{% endblock %}
"""


@pytest.fixture
def previewed(tmp_path):
    """A project made by `new` with content and templates/article.html alone, served by the preview server
    with its watcher running."""
    need_chromium()
    project = tmp_path / "harbour"
    new_project(project)
    write_archive(project / "content", count=4)
    (project / "templates").mkdir()
    (project / "templates" / "article.html").write_text(OVERRIDE.replace("EDITION", "Harbour edition"),
                                                        encoding="utf-8")
    config = load_config(project / "config.yaml")
    counter, stop, ready = serve.BuildCounter(), threading.Event(), threading.Event()
    assert serve.rebuild(config, counter) is not None
    watcher = threading.Thread(target=serve.watch, args=(config, counter, stop, None, None, ready), daemon=True)
    watcher.start()
    assert ready.wait(10)
    with serving(functools.partial(serve.PreviewHandler, directory=str(config.site), counter=counter)) as address:
        yield project, address
    stop.set()
    watcher.join(timeout=5)


def test_one_overridden_template_draws_the_articles_and_the_built_in_theme_does_the_rest(previewed, page):
    project, url = previewed
    page.goto(url)
    assert page.locator("p.brand").inner_text() == "Broadsheet"  # the built-in home page and masthead
    page.locator("section[aria-labelledby=latest] h3 a").first.click()
    assert page.locator("p.edition").inner_text() == "Harbour edition"
    assert page.locator("h1").inner_text() == "Engine inquiry day 3: testimony number 3"
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")  # the built-in style sheet
    assert page.locator("aside.sidebar").count() == 0  # the override has none
    shoot(page, "own-theme-article")

    page.locator("a.entity", has_text="Ada Lovelace").first.click()
    assert page.locator("h1").inner_text() == "Ada Lovelace"  # the built-in entity page
    page.go_back()
    override = project / "templates" / "article.html"
    override.write_text(OVERRIDE.replace("EDITION", "Quayside edition"), encoding="utf-8")
    page.wait_for_function("document.querySelector('p.edition').innerText === 'Quayside edition'", timeout=30_000)
    override.unlink()  # back to the built-in article page
    page.locator("aside.sidebar #in-this-story").wait_for(timeout=30_000)
    assert page.locator("p.edition").count() == 0
