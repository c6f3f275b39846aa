"""Which page groups a change of the site model reaches: the dependency index between the model and its pages.

An article's page shows the article, its entities (name, address, its own count of mentions, whether each is
a search filter), its neighbours' titles and its related stories' cards. An entity's pages and feed show the
entity (name, aliases, mentions, its articles in order, its companions with their names and counts) and, for
each of its articles, the card, the mention sentence (found from the article's text and the forms of all its
entities, names included) and, for a full feed, the text. So, from what the model says changed
(`Site.changes`, against the record the last build kept) the groups to key again are found here, and every
other group is as the last build left it: the build does not even work out its inputs (publish/outputs.py).
Author groups are few and always keyed.
"""

from __future__ import annotations

from ..archive.site import Site
from ..core.data import Article, Entity


def article_group_id(article: Article) -> str:
    return f"article:{article.slug}"


def entity_group_id(entity: Entity) -> str:
    return f"entity:{entity.type}/{entity.slug}"


def author_group_id(slug: str) -> str:
    return f"author:{slug}"


def groups_reached(site: Site, filter_min: int) -> frozenset[str] | None:
    """The ids of the page groups whose inputs may differ from the last build's (None: any may)."""
    changes = site.changes
    if changes is None:
        return None
    content = changes.content
    articles = set(changes.articles)
    for slug in content:  # its title on its neighbours' pages, its card among others' related stories
        articles.update(other for other in site.chronology.get(slug, ()) if other)
    if content:
        articles.update(slug for slug, others in site.related.items() if not content.isdisjoint(others))
    flipped = {entity for entity, before in changes.counts.items()  # became a search filter, or stopped being one
               if (before >= filter_min) != (len(entity.article_slugs) >= filter_min)}
    forms = set(content | changes.mentions)
    for entity in changes.renamed:
        forms.update(entity.article_slugs)
    for entity in flipped:
        articles.update(entity.article_slugs)
    articles |= forms
    entities = set(changes.entities)
    for slug in forms:
        entities.update(mention.entity for mention in site.mentions.get(slug, ()))
    if changes.renamed:
        entities.update(entity for entity, companions in site.companions.items()
                        if any(other in changes.renamed for other, _ in companions))
    return frozenset([article_group_id(site.article(slug)) for slug in articles]
                     + [entity_group_id(entity) for entity in entities]
                     + [author_group_id(author.slug) for author in site.authors])
