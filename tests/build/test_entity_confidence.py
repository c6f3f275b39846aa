"""Real builds: every entity carries a confidence; one below min_entity_confidence keeps its place in the
article's front matter but gets no page and no link, until an editor raises it (file or config)."""

from __future__ import annotations

import re

import yaml


def _front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _set_confidence(path, name: str, value) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(\{name: %s,[^}]*confidence: )[^,}]+" % re.escape(name), lambda m: m.group(1) + str(value), text)
    path.write_text(text, encoding="utf-8")


STORY = """
    Kremlin names date

    Kremlin spokesman Dmitry Peskov said on Monday that Vladimir Putin would speak in Moscow. Mr Peskov said
    the date would be announced shortly.
    """


def test_every_extracted_entity_carries_a_confidence_between_0_and_1(project):
    project.seed("peskov.txt", STORY)
    project.build()
    entities = _front_matter(next(project.content.glob("*.md")))["entities"]
    assert entities and all(0 <= e["confidence"] <= 1 for e in entities)
    assert {e["name"]: e["confidence"] for e in entities}["Dmitry Peskov"] >= 0.9


def test_an_entity_below_the_threshold_stays_in_front_matter_without_page_or_link_until_raised(project):
    project.seed("peskov.txt", STORY)
    project.build()
    content = next(project.content.glob("*.md"))
    _set_confidence(content, "Dmitry Peskov", 0.2)
    project.build()
    assert "Dmitry Peskov" in [e["name"] for e in _front_matter(content)["entities"]]
    assert project.entity_folders("dmitry-peskov") == []
    assert "dmitry-peskov" not in project.page("articles/kremlin-names-date/index.html")
    assert (project.site / "people/vladimir-putin/index.html").is_file()

    project.config("title: Test archive\nbase_url: https://example.org/\nsearch: false\nmin_entity_confidence: 0.1\n")
    project.build()
    assert project.entity_folders("dmitry-peskov") == ["people"]
    assert "people/dmitry-peskov/" in project.page("articles/kremlin-names-date/index.html")


def test_a_confidence_that_is_no_number_from_0_to_1_warns_once_and_counts_as_sure(project):
    project.seed("peskov.txt", STORY)
    project.build()
    content = next(project.content.glob("*.md"))
    _set_confidence(content, "Dmitry Peskov", "'high'")
    _, diagnostics = project.build()
    warnings = [w for w in diagnostics.warnings if w.code == "W230"]
    assert len(warnings) == 1 and "Dmitry Peskov" in warnings[0].message and warnings[0].line
    assert project.entity_folders("dmitry-peskov") == ["people"]


def test_a_doubtful_entity_stays_without_a_page_on_later_builds_that_read_the_article_from_the_records(project):
    """The second build takes the unchanged article from the build records, not its file: its entities'
    confidences must come back with it, or every doubtful entity would get its page then."""
    project.seed("peskov.txt", STORY)
    project.build()
    content = next(project.content.glob("*.md"))
    _set_confidence(content, "Vladimir Putin", 0.1)
    project.build(extract_content=False)
    assert not (project.site / "people" / "vladimir-putin").exists()
    project.seed("other.txt", "Other news\n\nDmitry Peskov spoke again in Moscow on Tuesday.\n")
    project.build()
    assert not (project.site / "people" / "vladimir-putin").exists()
