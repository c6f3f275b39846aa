"""The user stays in control: config.yaml corrections and a person's edit of content/ win over extraction."""

from __future__ import annotations

from broadsheet.extract import frontmatter


def entity_pages(project) -> set[str]:
    return {p.parent.relative_to(project.site).as_posix() for p in project.site.glob("*/*/index.html")
            if p.parent.parent.name in {"people", "organizations", "places", "groups", "events"}}


def test_entities_config_aliases_types_and_ignore_shape_the_site(project):
    project.config("""
        title: Test archive
        base_url: https://example.org/
        search: false
        aliases:
          Kyiv: [Kiev]
        types:
          Wagner Group: group
        ignore: [Moscow]
        """)
    project.seed("a.txt", " date 2022-01-01 Officials in Kiev said the Wagner Group had left Moscow.\n")
    project.seed("b.txt", " date 2022-01-02 Officials in Kyiv said the bridge would reopen.\n")
    project.build()
    pages = entity_pages(project)
    assert "places/kyiv" in pages and "places/kiev" not in pages
    assert "groups/wagner-group" in pages and "places/moscow" not in pages
    assert "Kiev" in project.page("places/kyiv/index.html")


def test_entities_a_persons_edit_of_a_type_wins_across_the_archive(project):
    project.seed("a.txt", " date 2022-01-01 Dmitry Peskov said the Kherson vote would go ahead.\n")
    project.seed("b.txt", " date 2022-01-02 Farmers in Kherson began the harvest early.\n")
    project.build()
    assert "places/kherson" in entity_pages(project)
    path = next(p for p in project.content.glob("*.md") if "farmers" in p.name)
    text = path.read_text(encoding="utf-8")
    meta, _ = frontmatter.split(text)
    assert {"name": "Kherson", "type": "place"}.items() <= next(e for e in meta["entities"] if e["name"] == "Kherson").items()
    path.write_text(text.replace("{name: Kherson, type: place", "{name: Kherson, type: event"), encoding="utf-8")
    project.build()
    pages = entity_pages(project)
    assert "events/kherson" in pages and "places/kherson" not in pages
