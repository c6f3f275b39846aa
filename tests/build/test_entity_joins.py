"""One person, one page: short forms of a name join its page in real builds, whatever spaCy labelled them."""

from __future__ import annotations


def test_surname_spacy_calls_a_place_joins_the_full_name_in_the_article(project):
    project.seed("scholz.txt", """
        Olaf Scholz met the French president in Paris on Monday. Scholz said Germany would send more aid.
        Macron later wrote to Scholz about the plan.
        """)
    project.build()
    assert (project.site / "people/olaf-scholz/index.html").is_file()
    assert project.entity_folders("scholz") == []


def test_surname_alone_in_one_article_joins_the_person_named_in_another(project):
    project.seed("lisbon.txt", "Antonio Costa, the Portuguese prime minister, spoke in Lisbon on Monday about the budget.\n")
    project.seed("talks.txt", "Costa disagreed with Merkel over the budget. The talks resumed on Friday.\n")
    project.build()
    assert project.entity_folders("costa") == []
    costa = project.page("people/antonio-costa/index.html")
    assert "Costa disagreed with Merkel" in costa and "Antonio Costa, the Portuguese" in costa



def test_particle_surname_links_its_article_from_the_full_names_page(project):
    project.seed("talks.txt", "The minister offered to mediate between de Vries and Janssen. Both declined on Friday.\n")
    project.seed("profile.txt", "Pieter de Vries was elected mayor of Utrecht last year.\n")
    project.build()
    page = project.page("people/pieter-de-vries/index.html")
    assert "The minister offered to mediate" in page and "Pieter de Vries was elected" in page
    assert project.entity_folders("de-vries") == []


def test_a_film_named_as_one_gets_no_page_and_a_parliamentary_bill_is_not_filed_under_it(project):
    """`the film Kill Bill` is a work, not indexed (README, "Works and products"); spaCy calls it a person."""
    project.seed("film.txt", "Uma Thurman returns in the film Kill Bill, the second part of the revenge saga.\n")
    project.seed("commons.txt", "Ministers said the Bill would pass. Bill said nothing more on Tuesday.\n")
    project.build()
    assert (project.site / "people/uma-thurman/index.html").is_file()
    assert project.entity_folders("kill-bill") == []
    for folder in ("people", "organizations", "places", "groups", "events"):  # no entity page files the two together
        for page in project.site.glob(f"{folder}/*/index.html"):
            text = page.read_text(encoding="utf-8")
            assert not ("Kill Bill" in text and "Ministers said the Bill would pass" in text), page


def test_party_short_forms_have_one_page_and_awards_get_none(project):
    """Awards are not indexed (README, "Works and products"): neither `Oscar` nor `Oscars` gets a page."""
    project.seed("poll.txt", "The Tories said Labour had broken its promises. Tory leader Michael Howard spoke in Bristol.\n")
    project.seed("vote.txt", "The Conservatives won the vote in the Commons on Tuesday, with help from Labour rebels.\n")
    project.seed("films.txt", "The film won an Oscar in March. It was the first Oscar for the studio.\n")
    project.seed("night.txt", "Million Dollar Baby was the big winner at the Oscars, taking four awards.\n")
    project.build()
    party = project.page("organizations/conservative-party/index.html")
    assert "The Tories said Labour" in party and "The Conservatives won the vote" in party
    assert project.entity_folders("tories") == [] and project.entity_folders("conservatives") == []
    assert project.entity_folders("oscar") == [] and project.entity_folders("oscars") == []


def test_surname_joins_its_person_though_a_rarer_person_has_it_as_first_name(project):
    project.seed("poll.txt", "Tory leader Michael Howard spoke in Bristol on Monday about taxes.\n")
    project.seed("tax.txt", "Michael Howard promised lower taxes in a speech in Leeds on Friday.\n")
    project.seed("radio.txt", "The broadcaster Howard Stern signed a new deal with Sirius on Thursday.\n")
    project.seed("reply.txt", "Mr Howard said the plan would cost families more. Labour rejected the claim.\n")
    project.build()
    assert "Mr Howard said the plan" in project.page("people/michael-howard/index.html")
    assert project.entity_folders("howard") == []


def test_prince_charles_is_not_filed_under_a_politician_named_charles(project):
    project.seed("royal.txt", "Prince Charles and Camilla Parker Bowles will marry in April. Lib Dem leader "
                              "Charles Kennedy sent his best wishes to Prince Charles on Thursday.\n")
    project.build()
    assert (project.site / "people/charles/index.html").is_file()
    assert (project.site / "people/charles-kennedy/index.html").is_file()
