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
