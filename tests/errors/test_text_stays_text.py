"""Text stays text: control characters that YAML escapes or file names bring in never reach a page, a feed or a
message; a Markdown seed keeps its structure; an entity's page follows its name, not its slug; a seed whose
file name YAML must quote or escape is published once, whatever happens to its content file."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from broadsheet.commands.check import Problem, find_problems
from broadsheet.core import slugs
from broadsheet.core.diagnostics import Diagnostic, UserError
from broadsheet.extract import frontmatter

# What no page or feed may hold: C0 controls but tab, newline and CR; DEL and C1; surrogates; non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# What no message may hold raw: every control, and the bidirectional and zero-width characters.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def site_text(project) -> dict[str, str]:
    """Every page and feed of the built site (not the copied static files), decoded."""
    return {rel: data.decode("utf-8") for rel, data in project.files().items()
            if rel.endswith((".html", ".xml", ".txt")) and not rel.startswith("static/")}


def assert_clean_and_well_formed(project) -> None:
    pages = site_text(project)
    dirty = {rel: FORBIDDEN.findall(text) for rel, text in pages.items() if FORBIDDEN.search(text)}
    assert dirty == {}
    for rel, text in pages.items():
        if rel.endswith(".xml"):
            ET.fromstring(text.encode("utf-8"))  # raises on a character XML 1.0 forbids
    problems, _ = find_problems(project.site, "https://example.org/")
    assert [str(p) for p in problems] == []


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics.items]


def warnings(project, diagnostics) -> list[tuple]:
    """(code, path inside the project, line) of every diagnostic, sorted."""
    return sorted((d.code, d.path.removeprefix(f"{project.root}/"), d.line) for d in diagnostics.items)


ESCAPED_SEED = r'''---
title: "Red \e[31m alert \x1b]0;pwned\x07 done"
date: 2022-01-02
summary: "A nul \0 a form feed \f a NEL \N and a non-character \uFFFE in the summary."
"ke\ay": a key with a bell in it
entities:
- {name: "Bad\e[2JName", type: person}
---

Boris Johnson spoke in London on Monday.
'''

ESCAPED_CONTENT = r'''---
title: "Hand \e]0;title\a written"
date: 2022-01-03
slug: hand-written
summary: "Written by a \x1b[1mperson\x1b[0m."
entities:
- {name: Tony Blair, type: person, aliases: ["Blair\x1b[K"]}
---

Tony Blair spoke. A page &#12; break written as a character reference.
'''


def test_yaml_escapes_in_seeds_content_and_config_reach_no_page_feed_or_message(project):
    project.config('title: "Archive \\e[1m"\ndescription: "About \\f things \\x07"\nbase_url: https://example.org/\n'
                   "search: false\n")
    project.seed("escapes.md", ESCAPED_SEED)
    project.seed("formfeed.txt", "date 2022-01-04 Gordon Brown spoke in Leeds.\f\nA second page, after a form feed.\n")
    project.content.mkdir()
    (project.content / "hand-written.md").write_text(ESCAPED_CONTENT, encoding="utf-8")
    result, diagnostics = project.build()

    assert warnings(project, diagnostics) == [("W190", "config.yaml", 1), ("W190", "content/hand-written.md", 2),
                                              ("W190", "seeds/escapes.md", 2)]
    assert "seeds/escapes.md:2: warning [W190] front matter holds control characters written as YAML escapes " \
        '(such as "\\e[31m" or "\\0"), which no page or feed may show; they were removed' in messages(diagnostics)[1]
    assert_clean_and_well_formed(project)
    pages = site_text(project)
    assert "<h1>Red [31m alert ]0;pwned done</h1>" in pages["articles/red-31m-alert-0-pwned-done/index.html"]
    assert "<title>Archive [1m</title>" in pages["feed.xml"]
    assert "A page  break" in pages["articles/hand-written/index.html"]  # the reference's form feed left out
    content = (project.content / "red-31m-alert-0-pwned-done.md").read_text(encoding="utf-8")
    assert not FORBIDDEN.search(content) and "\\e" not in content and "key: a key with a bell" in content


def test_a_second_build_repeats_each_warning_once(project):
    project.seed("escapes.md", ESCAPED_SEED)
    project.build()
    _, diagnostics = project.build()
    assert [(d.code, d.path) for d in diagnostics.items] == [("W190", "seeds/escapes.md")]


def test_file_names_with_escapes_and_newlines_are_shown_escaped_and_never_raw(project):
    project.seed("name\x1b[31mred.txt", "date 2022-01-05 Tony Blair visited Paris.\n")
    project.seed("bidi\u202etxt.md", "date 2022-01-06 Gordon Brown visited Rome.\n")
    _, diagnostics = project.build()
    text = "\n".join(messages(diagnostics))
    assert not UNPRINTABLE.search(text.replace("\n", ""))
    assert sorted(messages(diagnostics)) == [
        "seeds/bidi\\u202etxt.md: warning [W191] file name holds control or invisible characters (shown escaped "
        "here); the article is built, but rename the file so that messages and pages show its real name",
        "seeds/name\\x1b[31mred.txt: warning [W191] file name holds control or invisible characters (shown escaped "
        "here); the article is built, but rename the file so that messages and pages show its real name"]
    assert_clean_and_well_formed(project)
    page = project.page("articles/tony-blair-visited-paris/index.html")
    assert "Tony Blair" in page and "\x1b" not in page and "name\\x1b" not in page  # the local path is never published


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(project):
    project.seed("good.txt", "date 2022-01-05 Tony Blair visited Paris.\n")
    with open(os.path.join(os.fsencode(project.seeds), b"caf\xe9.txt"), "w", encoding="utf-8") as f:
        f.write("date 2022-01-06 Gordon Brown visited Rome.\n")
    result, diagnostics = project.build()
    assert messages(diagnostics) == ["seeds/caf\\udce9.txt: warning [W192] file name is not UTF-8 (its undecodable "
                                     "bytes are shown as \\udcXX); skipped: rename the file"]
    assert [p.name for p in project.content.glob("*.md")] == ["tony-blair-visited-paris.md"]
    assert_clean_and_well_formed(project)


def test_every_message_is_safe_for_a_terminal():
    d = Diagnostic("warning", "W190", "title 'a\x1b[2Jb' and a bidi \u202e mark", "seeds/a\nb\x07.txt", 3)
    assert str(d) == "seeds/a\\nb\\x07.txt:3: warning [W190] title 'a\\x1b[2Jb' and a bidi \\u202e mark"
    assert str(UserError("bad\x1b[31m\nsecond line")) == "bad\\x1b[31m\nsecond line"
    assert str(Problem("a\x1bb.html", "link to 'x\x07'", 2)) == "a\\x1bb.html:2: link to 'x\\x07'"
    assert len(Diagnostic("warning", "W190", "x" * 100_000).message) < 2_100


def content_file(project, name: str, title: str, entities: list[str], body: str = "A story.") -> None:
    """A hand-written content file naming these entities (`name|type` strings)."""
    project.content.mkdir(exist_ok=True)
    listed = "".join(f"- {{name: '{e.split('|')[0]}', type: {e.split('|')[1]}}}\n" for e in entities)
    (project.content / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: 2022-03-0{len(list(project.content.glob('*.md'))) + 1}\nslug: {name}\n"
        f"entities:\n{listed}---\n\n{body}\n", encoding="utf-8")


def entity_pages(project) -> dict[str, str]:
    """Entity page folder -> the name in its heading."""
    found = {}
    for path in project.site.glob("*/*/index.html"):
        heading = re.search(r"<h1>(.*?)</h1>", path.read_text(encoding="utf-8"))
        if path.parent.name != "by-letter" and path.parent.parent.name not in ("articles", "archive", "page"):
            found[f"{path.parent.parent.name}/{path.parent.name}"] = heading.group(1) if heading else ""
    return found


def test_an_invisible_character_inside_a_name_in_a_seed_cuts_no_name_short(project):
    project.seed("a.txt", "date 2022-01-01 Tony Blair visited Paris on Monday with Gordon Brown.\n")
    project.seed("b.txt", "date 2022-01-02 Tony Bl\u00adair visited Rome on Tuesday with Gordon\u200b Brown.\n")
    project.seed("c.md", "---\ntitle: Leeds\n---\n\nPrime Minister Tony\u2060 Blair met Gordon \u200fBrown in Leeds.\n")
    _, diagnostics = project.build()
    assert messages(diagnostics) == []
    people = {k: v for k, v in entity_pages(project).items() if k.startswith("people/")}
    assert people == {"people/tony-blair": "Tony Blair", "people/gordon-brown": "Gordon Brown"}
    assert "Tony Bl\u00adair" in project.page("articles/tony-blair-visited-rome-on-tuesday-with-gordon-brown/index.html")


def test_an_invisible_character_in_config_names_is_removed_with_a_warning(project):
    project.config("title: Test archive\nbase_url: https://example.org/\nsearch: false\n"
                   "aliases:\n  Tony Blair: [\"Bl\\u200bair\"]\n")
    content_file(project, "first", "First", ["Tony Blair|person", "Blair|person"])
    _, diagnostics = project.build(extract_content=False)
    assert warnings(project, diagnostics) == [("W193", "config.yaml", 5)]
    assert list(entity_pages(project)) == ["people/tony-blair"]


FILE_NAMES = ["it's.txt", "new\nline.txt", "it's: a #tag.txt", "  spaced  \t.txt"]


@pytest.mark.parametrize("records", ["kept", "deleted while broken"])
def test_a_seed_whose_name_yaml_must_quote_is_published_once_after_a_typo_round_trip(project, records):
    for n, name in enumerate(FILE_NAMES):
        project.seed(name, f"date 2022-04-0{n + 1} Story {n} of Tony Blair in Paris.\n")
    project.build()
    files = sorted(project.content.glob("*.md"))
    assert len(files) == len(FILE_NAMES)
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    for path, text in texts.items():
        path.write_text(text.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")  # a typo: YAML breaks
    if records == "deleted while broken":
        shutil.rmtree(project.root / ".broadsheet")
    _, diagnostics = project.build()
    assert sorted(d.code for d in diagnostics.items) == ["W141"] * len(FILE_NAMES) + ["W191"] * 2  # newline, tab
    assert sorted(project.content.glob("*.md")) == files
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")  # fixed
    result, _ = project.build()
    assert sorted(project.content.glob("*.md")) == files
    assert len(list(project.site.glob("articles/*/index.html"))) == len(FILE_NAMES)
    assert result.articles_new == 0
    assert_clean_and_well_formed(project)


def test_names_a_slug_cannot_tell_apart_get_pages_of_their_own(project):
    content_file(project, "one", "One", ["C++|organization", "AT&T|organization", "Chloé Smith|person",
                                         "Москва|place"])
    content_file(project, "two", "Two", ["C|organization", "AT T|organization", "Chloe Smith|person",
                                         "Moskva|place", "C#|organization"])
    _, diagnostics = project.build(extract_content=False)
    assert messages(diagnostics) == []
    pages = entity_pages(project)
    c_sharp = slugs.entity_slug(slugs.entity_identity("C#"))
    assert c_sharp.startswith("c-") and c_sharp != "c"
    assert {k: v for k, v in pages.items() if k.startswith("organizations/")} == {
        "organizations/c": "C", "organizations/c-plus-plus": "C++", f"organizations/{c_sharp}": "C#",
        "organizations/at-and-t": "AT&amp;T", "organizations/at-t": "AT T"}
    assert sorted(k for k in pages if k.startswith("places/")) == [
        "places/moskva", f"places/{slugs.entity_slug(slugs.entity_identity('Москва'))}"]
    assert [k for k in pages if k.startswith("people/")] == ["people/chloe-smith"]  # one person, spelled two ways
    assert_clean_and_well_formed(project)


def test_an_entity_url_does_not_depend_on_which_other_entities_exist(project):
    content_file(project, "sharp", "Sharp", ["C#|organization"])
    project.build(extract_content=False)
    alone = entity_pages(project)
    content_file(project, "plain", "Plain", ["C|organization", "C++|organization"])
    project.build(extract_content=False)
    together = entity_pages(project)
    assert set(alone) < set(together)
    (project.content / "sharp.md").unlink()
    project.build(extract_content=False)
    assert set(entity_pages(project)) == set(together) - set(alone)


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff", "\u200f", "\u202e", "\u2060", "\\u200B"])
def test_an_invisible_character_in_an_entity_name_changes_no_page(project, invisible):
    content_file(project, "first", "First", ["Tony Blair|person", "Gordon Brown|person"], "Tony Blair spoke.")
    project.build(extract_content=False)
    before = entity_pages(project)
    quoted = f'"Tony Bl{invisible}air"' if invisible.startswith("\\") else f"'Tony Bl{invisible}air'"
    (project.content / "second.md").write_text(
        f"---\ntitle: Second\ndate: 2022-03-05\nslug: second\nentities:\n- {{name: Gordon Brown, type: person}}\n"
        f"- {{name: {quoted}, type: person, mentions: 9}}\n---\n\nTony Blair spoke again.\n", encoding="utf-8")
    _, diagnostics = project.build(extract_content=False)
    assert warnings(project, diagnostics) == [("W193", "content/second.md", 7)]
    assert not UNPRINTABLE.search(messages(diagnostics)[0])
    assert entity_pages(project) == before == {"people/tony-blair": "Tony Blair", "people/gordon-brown": "Gordon Brown"}
    assert 'href="../../people/tony-blair/index.html"' in project.page("articles/second/index.html")
    assert_clean_and_well_formed(project)


def test_an_invisible_character_in_a_seeds_entity_list_is_removed_with_a_warning(project):
    project.seed("zw.md", "---\ntitle: Zero width\ndate: 2022-03-01\nentities:\n"
                 "- {name: Gordon Brown, type: person}\n"
                 "- {name: \"Tony\\u200B Blair\", type: person, aliases: [\"Bl\u00adair\"]}\n---\n\nTony Blair spoke.\n")
    _, diagnostics = project.build()
    assert warnings(project, diagnostics) == [("W193", "seeds/zw.md", 6)]
    assert messages(diagnostics)[0].startswith("seeds/zw.md:6: warning [W193] entity name 'Tony\\u200b Blair' holds "
                                               "invisible characters")
    assert {"people/tony-blair": "Tony Blair", "people/gordon-brown": "Gordon Brown"} == entity_pages(project)
    meta, _ = frontmatter.split((project.content / "zero-width.md").read_text(encoding="utf-8"))
    assert meta["entities"][1] == {"name": "Tony Blair", "type": "person", "aliases": ["Blair"]}
    _, diagnostics = project.build()  # the content file written from it is clean: nothing more to say
    assert warnings(project, diagnostics) == [("W193", "seeds/zw.md", 6)]


MARKDOWN_SEED = '''---
title: Notes from the count
date: 2022-02-01
---

Tony Blair spoke in London on *Monday* about the count.

## Background

- the first point
- the second point

```python
def total(votes):
    return sum(votes)
```

1. one
2. two
'''


def test_a_markdown_seed_keeps_its_headings_lists_and_code(project):
    project.seed("notes.md", MARKDOWN_SEED)
    project.seed("plain.md", "# A plain title\n\nGordon Brown visited Leeds.\n\n- a list\n- of two items\n")
    project.seed("paragraphs.txt", "date 2022-02-02 Gordon Brown\nvisited Leeds,\nsaid the\nreport.\n\nAgain.\n")
    _, diagnostics = project.build()
    assert messages(diagnostics) == []
    page = project.page("articles/notes-from-the-count/index.html")
    assert re.search(r"<h2>(<a [^>]+>)?Background(</a>)?</h2>", page)
    assert "<ul>\n<li>the first point</li>\n<li>the second point</li>\n</ul>" in page
    assert '<pre><code class="language-python">def total(votes):\n    return sum(votes)\n</code></pre>' in page
    assert "<ol>\n<li>one</li>" in page and "<em>Monday</em>" in page
    meta, _ = frontmatter.split((project.content / "notes-from-the-count.md").read_text(encoding="utf-8"))
    assert meta["summary"] == "Tony Blair spoke in London on Monday about the count."
    plain = project.page("articles/a-plain-title/index.html")
    assert "<h1>A plain title</h1>" in plain and "<li>of two items</li>" in plain
    text = project.page("articles/gordon-brown-visited-leeds-said-the-report/index.html")
    assert "</a>, said the report.</p>\n<p>Again.</p>" in text  # plain text: lines joined into paragraphs, as before
    assert_clean_and_well_formed(project)
