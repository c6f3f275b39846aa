"""Names whole in real builds: a role word at the start of a sentence is no part of the person's page name, and an
organization cut short on its left shares the whole name's page (issue 11, item 4)."""

from __future__ import annotations


def test_a_role_word_before_a_persons_name_is_left_off_the_page(project):
    project.seed("pier.txt", """
        Pier closed after storm

        Storm damage closed the north pier on Monday.

        Harbourmaster Ivan Pell said repairs would start once the tides allowed. Mr Pell said boats would unload
        at the south quay until then.
        """)
    project.build()
    page = project.page("people/ivan-pell/index.html")
    assert "Pier closed after storm" in page
    assert project.entity_folders("harbourmaster-ivan-pell") == []


def test_an_organization_cut_on_its_left_shares_the_whole_names_page(project):
    project.seed("film.txt", """
        Women in film are earning less

        The research was carried out by the UK Film Council and the training body Skillset.

        UK Film Council chief executive John Woodward said the figures were worrying.
        """)
    project.build()
    assert (project.site / "organizations/uk-film-council/index.html").is_file()
    assert project.entity_folders("film-council") == []
