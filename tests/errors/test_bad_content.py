"""A content/ file a person broke gets one warning naming the file and line; the rest of the site builds."""

from __future__ import annotations

import textwrap

GOOD = """\
---
title: A good article about Leeds
date: 2022-01-01
slug: good
entities:
- {name: Leeds, type: place}
---

Something happened in Leeds.
"""

BAD = {
    "not-utf8.md": "---\ntitle: Caf\xe9\n---\nBody.\n".encode("latin-1"),
    "invalid-yaml.md": "---\ntitle: Broken\ndate: 2022-01-01\nentities: [unclosed\n---\nBody.\n",
    "no-closing.md": "---\ntitle: Never closed\nBody.\n",
    "no-title.md": "---\ndate: 2022-01-01\n---\nBody.\n",
    "list-title.md": "---\ntitle: [a, b]\n---\nBody.\n",
    "bad-date.md": "---\ntitle: Bad date\ndate: 2022-02-30\nslug: bad-date\n---\nBody.\n",
    "number-date.md": "---\ntitle: Number date\nslug: number-date\ndate: 20220101\n---\nBody.\n",
    "unsafe-slug.md": "---\ntitle: Unsafe slug\nslug: ../../../x y\n---\nBody.\n",
    "wrong-fields.md": textwrap.dedent("""\
        ---
        title: Wrong fields
        slug: wrong-fields
        summary: 42
        words: many
        captions: 5
        entities:
        - {name: Leeds, type: place, aliases: 7}
        - {name: '', type: person}
        - {name: Someone, type: monster}
        - just a name, kept as an organization
        - {name: Leeds United, type: organization, mentions: lots}
        ---
        Body about Leeds.
        """),
    "controls.md": "---\ntitle: Control characters\nslug: controls\n---\nA bell \x07 and an escape \x1b[0m.\n",
    "many-entities.md": "---\ntitle: Many entities\nslug: many-entities\nentities:\n"
                        + "".join(f"- {{name: Person {i}, type: person}}\n" for i in range(600)) + "---\nBody.\n",
    "entities-not-list.md": "---\ntitle: Entities not a list\nslug: entities-not-list\nentities: Leeds\n---\nBody.\n",
}


def test_each_broken_content_file_gets_its_warning_and_the_rest_builds(project):
    project.content.mkdir()
    (project.content / "good.md").write_text(GOOD, encoding="utf-8")
    for name, text in BAD.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (project.content / name).write_bytes(data)
    result, diagnostics = project.build(extract_content=False)
    shown = sorted(str(d).replace(str(project.content) + "/", "") for d in diagnostics.items)
    assert shown == [
        "bad-date.md:3: warning [W143] 'date' must be YYYY-MM-DD or null, not '2022-02-30'; article kept undated",
        "controls.md:5: warning [W148] content file contains control characters, which no page may show; they were "
        "left out (remove them from the file to silence this)",
        "entities-not-list.md:4: warning [W145] 'entities' must be a list of {name, type}; ignored",
        "invalid-yaml.md:5: warning [W141] front matter is not valid YAML (while parsing a flow sequence started "
        "on line 4: did not find expected ',' or ']'); fix it and rebuild; article skipped",
        "list-title.md:2: warning [W142] front matter needs a 'title' (text); article skipped",
        "many-entities.md:4: warning [W149] 600 entities listed; only the first 500 are used",
        "no-closing.md:1: warning [W141] front matter starts with '---' but has no closing '---' line; "
        "fix it and rebuild; article skipped",
        "no-title.md: warning [W142] front matter needs a 'title' (text); article skipped",
        "not-utf8.md: warning [W140] content file is not UTF-8; save it as UTF-8; skipped",
        "number-date.md:4: warning [W143] 'date' must be YYYY-MM-DD or null, not 20220101; article kept undated",
        "unsafe-slug.md:3: warning [W144] slug '../../../x y' is not URL-safe (use a-z, 0-9 and hyphens); "
        "using 'x-y'",
        "wrong-fields.md:10: warning [W145] entity {'name': 'Someone', 'type': 'monster'} needs a name and a type "
        "(person, organization, place, group, event); ignored",
        "wrong-fields.md:12: warning [W145] entity 'Leeds United': 'mentions' must be a whole number of at least 1, "
        "not 'lots'; counted as 1",
        "wrong-fields.md:6: warning [W147] 'captions' must be a list of text lines; ignored",
        "wrong-fields.md:8: warning [W145] entity 'Leeds': 'aliases' must be a list of names; ignored",
        "wrong-fields.md:9: warning [W145] entity {'name': '', 'type': 'person'} needs a name and a type (person, "
        "organization, place, group, event); ignored",
    ]
    built = sorted(p.parent.name for p in (project.site / "articles").glob("*/index.html"))
    assert built == ["bad-date", "controls", "entities-not-list", "good", "many-entities", "number-date",
                     "wrong-fields", "x-y"]
    assert "A bell  and an escape [0m." in project.page("articles/controls/index.html")
    assert "Leeds" in project.page("places/leeds/index.html")
