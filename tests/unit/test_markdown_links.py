"""markdown.py: the first mention of each entity is linked, the longest form found where a mention begins."""

from __future__ import annotations

import random
import re

from broadsheet.publish import markdown
from broadsheet.publish.markdown import render_markdown


def test_the_longest_form_is_linked_at_the_first_mention_of_each_entity():
    links = {"Andy": "andy/", "Andy Campbell": "andy/", "Campbell": "andy/", "Zoe Brown": "zoe/", "Brown": "zoe/"}
    html = render_markdown("Andy Campbell met Brown. Andy and Zoe Brown left.", links)
    assert html == ('<p><a href="andy/" class="entity">Andy Campbell</a> met <a href="zoe/" class="entity">Brown</a>. '
                    "Andy and Zoe Brown left.</p>\n")


def test_a_form_joined_to_a_word_or_hyphen_is_no_mention_and_a_shorter_form_may_be():
    links = {"Sonia": "sonia/", "Sonia O'Sullivan": "sonia/", "Kent": "kent/"}
    html = render_markdown("Sonia O'Sullivans, anti-Kent, Kentish, Kent-based and Kent.", links)
    assert html == ('<p><a href="sonia/" class="entity">Sonia</a> O\'Sullivans, anti-Kent, Kentish, Kent-based and '
                    '<a href="kent/" class="entity">Kent</a>.</p>\n')


def test_text_inside_a_link_of_the_article_is_not_linked_again():
    html = render_markdown("[Kent news](https://example.org/) and Kent.", {"Kent": "kent/"})
    assert html == ('<p><a href="https://example.org/">Kent news</a> and <a href="kent/" class="entity">Kent</a>.'
                    "</p>\n")


def _by_pattern(text: str, links: dict[str, str]) -> list[tuple[int, int]]:
    alternatives = "|".join(re.escape(s) for s in sorted(links, key=len, reverse=True))
    return [m.span() for m in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text)]


def test_mentions_are_where_a_pattern_of_every_form_finds_them():
    """Found by word, as the one pattern of all the article's forms would find them, whatever the forms."""
    rng = random.Random(13)
    forms = ["Al", "Al Gore", "Gore", "Gore-Tex", "O'Neil", "Neil", "É", "Éire", "_x", "Al_", "Ford", "Ford Ford",
             "'s", "#1"]  # the last two begin with no word character
    pieces = forms + ["-", " ", ". ", "\n", "é", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        links = {form: f"{i}/" for i, form in enumerate(rng.sample(forms, rng.randint(1, 6)))}
        assert list(markdown._finder(links)(text)) == _by_pattern(text, links), (text, links)
