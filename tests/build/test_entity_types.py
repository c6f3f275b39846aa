"""Right type, right section: an organization spaCy labelled correctly keeps its organization page in real builds."""

from __future__ import annotations


def test_broadcaster_named_after_its_kind_gets_an_organization_page(project):
    project.seed("tribute.txt", """
        The Dutch broadcaster NOS reported on Monday that the minister had resigned after the vote.
        """)
    project.build()
    assert (project.site / "organizations/nos/index.html").is_file()
    assert not (project.site / "people/nos").exists()


def test_hospital_named_after_a_person_is_an_organization_and_the_doctor_a_person(project):
    project.seed("ward.txt", """
        She was treated at Florence Nightingale Hospital in London, where Dr Sarah Jones leads the ward.
        """)
    project.build()
    assert (project.site / "organizations/florence-nightingale-hospital/index.html").is_file()
    assert not (project.site / "people/florence-nightingale-hospital").exists()
    assert (project.site / "people/sarah-jones/index.html").is_file()


def test_names_spacy_cuts_short_or_mislabels_get_their_own_right_pages(project):
    project.seed("strike.txt", """
        Staff in the Public and Commercial Services Union will walk out next week, the union said on Friday.
        The San Francisco Chronicle reported that Frenchman Gilles Simon will play in Rome next month.
        The third Lord of the Rings film took more at the box office than any other.
        """)
    project.build()
    site = project.site
    assert (site / "organizations/public-and-commercial-services-union/index.html").is_file()
    assert not (site / "organizations/commercial-services-union").exists()
    assert (site / "organizations/san-francisco-chronicle/index.html").is_file()
    assert (site / "people/gilles-simon/index.html").is_file()
    assert project.entity_folders("frenchman-gilles-simon") == []
    assert project.entity_folders("rings") == project.entity_folders("lord-of-the-rings") == []  # a film: not indexed
