"""Real builds: cities stay places, and junk words get no entity page."""

from __future__ import annotations


def test_a_city_named_with_a_given_name_gets_a_place_page(project):
    project.seed("apple.txt", """
        Apple has filed a lawsuit in San Francisco against three people it says leaked details of new products.
        """)
    project.build()
    assert (project.site / "places/san-francisco/index.html").is_file()
    assert not (project.site / "people/san-francisco").exists()


def test_a_time_zone_a_compound_title_and_a_sentence_start_word_get_no_page(project):
    project.seed("terror.txt", """
        Clarke to speak on terror plans

        Home Secretary Charles Clarke will make a statement to MPs at 1530 GMT on Monday.

        House prices fell again in November, the Halifax said.
        """)
    project.build()
    assert (project.site / "people/charles-clarke/index.html").is_file()
    for junk in ("gmt", "home", "house", "mps"):
        assert project.entity_folders(junk) == [], junk


def test_a_firm_known_by_its_initials_and_a_football_club_named_after_a_city_are_organizations(project):
    project.seed("results.txt", """
        BT results lift shares

        BT said profits rose. Manchester City beat Everton 2-1 in Manchester on Saturday.
        """)
    project.build()
    assert (project.site / "organizations/bt/index.html").is_file()
    assert not (project.site / "places/bt").exists()
    assert (project.site / "organizations/manchester-city/index.html").is_file()
    assert (project.site / "places/manchester/index.html").is_file()
