"""Real builds: cities stay places, and junk words get no entity page."""

from __future__ import annotations


def test_a_city_named_with_a_given_name_gets_a_place_page(project):
    project.seed("apple.txt", """
        Apple has filed a lawsuit in San Francisco against three people it says leaked details of new products.
        """)
    project.build()
    assert (project.site / "places/san-francisco/index.html").is_file()
    assert not (project.site / "people/san-francisco").exists()
