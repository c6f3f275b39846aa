"""One place, one page in real builds: a country under all its names, a city under its own name."""

from __future__ import annotations


def test_uk_and_britain_in_different_articles_share_the_united_kingdom_page(project):
    project.seed("rates.txt", "Interest rates in the UK rose again on Thursday, the Bank of England said.\n")
    project.seed("exports.txt", "Exports from Britain fell sharply in March, official figures showed.\n")
    project.build()
    page = project.page("places/united-kingdom/index.html")
    assert "Interest rates in the UK rose" in page and "Exports from Britain fell" in page
    assert project.entity_folders("uk") == [] and project.entity_folders("britain") == []


def test_a_stadium_keeps_its_own_name_not_a_far_away_citys(project):
    project.seed("rugby.txt", "Wales face England at Twickenham next month, and the coach said the side was ready.\n")
    project.build()
    assert project.entity_folders("twickenham") != []
    assert project.entity_folders("huntsville") == []
