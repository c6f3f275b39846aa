"""Right type, right section: an organization spaCy labelled correctly keeps its organization page in real builds."""

from __future__ import annotations


def test_broadcaster_named_after_its_kind_gets_an_organization_page(project):
    project.seed("tribute.txt", """
        The Dutch broadcaster NOS reported on Monday that the minister had resigned after the vote.
        """)
    project.build()
    assert (project.site / "organizations/nos/index.html").is_file()
    assert not (project.site / "people/nos").exists()
