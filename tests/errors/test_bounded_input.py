"""Input made to cost unbounded work: YAML alias bombs, deep nesting and huge numbers in front matter (seeds,
content files) and config.yaml, and runs of symbols that spaCy's tokenizer takes quadratic time on. Each gets
one short warning naming its file and line, the rest of the archive is built, and the article is kept where
its text is usable."""

from __future__ import annotations

import re

import pytest

from broadsheet.core import safeyaml
from broadsheet.core.config import DESCRIPTIONS, load_config
from broadsheet.core.diagnostics import MAX_MESSAGE, Diagnostics, UserError, shown
from broadsheet.core.text import plain
from broadsheet.extract import frontmatter
from broadsheet.extract.spacy_input import MAX_TOKENS, spacy_text
from tests.conftest import SEED

SHORT = 400  # characters: a message that quotes hostile input stays this short


def laughs(key: str = "bomb", levels: int = 9) -> str:
    """Billion laughs: each level repeats the one before nine times; `key` holds the last level (line 2 + levels)."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + f"\n{key}: *l{levels - 1}\n"


def alias_chain() -> str:
    """Forty anchors, each nesting the one before 15 levels deeper: never over 16 levels as written."""
    lines = ["c0: &c0 " + "[" * 15 + "x" + "]" * 15]
    lines += [f"c{n}: &c{n} " + "[" * 15 + f"*c{n - 1}" + "]" * 15 for n in range(1, 40)]
    return "\n".join(lines) + "\n"


# name -> (YAML fields, the field left out, its line in a file whose front matter starts with title and date)
BOMBS = {
    "billion laughs": (laughs(), "'l4'", 8),  # 9 ** 5 lols: the first level over 50,000 values
    "alias loop": ("loop: &a [1, [2, *a]]\n", "'loop'", 4),
    "aliases nesting each other deeper and deeper": (alias_chain(), "'c1'", 5),
    "500 nested brackets": ("entities: " + "[" * 500 + "]" * 500 + "\n", "'entities'", 4),
    "500 nested mappings in flow style": ("deep: " + "{a: [" * 250 + "]}" * 250 + "\n", "'deep'", 4),
    "60 nested block mappings": ("deep:\n" + "".join(" " * i + "k:\n" for i in range(1, 60)) + " " * 60 + "v\n",
                                 "'deep'", 4),
    "a number of 5,000 digits": ("words: " + "9" * 5000 + "\n", "'words'", 4),
    "a sexagesimal number of 50,000 parts": ("words: " + ":".join(["1"] * 50_000) + "\n", "'words'", 4),
    "one text repeated past a million characters": ("note: &s " + "x" * 300_000 + "\nmore: [*s, *s, *s, *s]\n",
                                                    "'more'", 5),
}
PROBLEMS = {
    "billion laughs": "holds more than 50,000 values",
    "alias loop": "uses an alias inside the value it names",
    "aliases nesting each other deeper and deeper": "is nested more than 20 levels deep",
    "500 nested brackets": "is nested more than 20 levels deep",
    "500 nested mappings in flow style": "is nested more than 20 levels deep",
    "60 nested block mappings": "is nested more than 20 levels deep",
    "a number of 5,000 digits": "has a number of 5,000 characters",
    "a sexagesimal number of 50,000 parts": "has a number of 99,999 characters",
    "one text repeated past a million characters": "holds more than 1,000,000 characters",
}
HEAD = "title: Harbour reopens in Whitby\ndate: 2022-03-14\n"
BODY = "The harbour in Whitby reopened on Monday after the storm.\n"


def only_warning(diagnostics: Diagnostics, code: str):
    """The one diagnostic of a build, checked to have `code` and a short message."""
    assert [d.code for d in diagnostics.items] == [code], [str(d)[:200] for d in diagnostics.items]
    found = diagnostics.items[0]
    assert len(str(found)) < SHORT
    return found


@pytest.mark.parametrize("name", BOMBS)
def test_a_seed_with_a_yaml_bomb_keeps_the_article_without_that_field(project, name):
    fields, key, line = BOMBS[name]
    project.seed("bomb.md", f"---\n{HEAD}{fields}---\n\n{BODY}")
    project.seed("other.txt", " date 2022-03-01 The council in Leeds approved the bridge.\n")
    result, diagnostics = project.build()
    warning = only_warning(diagnostics, "W122")
    assert (warning.path, warning.line) == ("seeds/bomb.md", line)
    assert warning.message.startswith(f"front matter {key} {PROBLEMS[name]}")
    assert result.articles_new == 2
    page = project.page("articles/harbour-reopens-in-whitby/index.html")
    assert "The harbour in Whitby reopened" in page and "2022-03-14" in page
    assert "Leeds" in project.page("articles/the-council-in-leeds-approved-the-bridge/index.html")


def test_the_billion_laughs_as_a_seeds_title_leaves_a_title_made_from_the_text(project):
    project.seed("laughs.md", f"---\n{laughs('title')}---\n\n{BODY}")
    _, diagnostics = project.build()
    warning = only_warning(diagnostics, "W122")
    assert warning.line == 6
    assert "and 5 more over a bound too ('l5', 'l6', 'l7', 'l8', 'title', from line 7)" in warning.message
    assert "The harbour in Whitby reopened" in project.page(
        "articles/the-harbour-in-whitby-reopened-on-monday-after-the-storm/index.html")


def test_the_warnings_a_build_records_and_repeats_are_just_as_short(project):
    project.seed("laughs.md", f"---\n{laughs('title')}---\n\n{BODY}")
    project.seed("runs.txt", " date 2022-03-01 Leeds " + "(" * 20_000 + " won.\n")
    _, first = project.build()
    _, again = project.build()  # nothing changed: what the first build said is repeated from its records
    assert [str(d) for d in again.items] == [str(d) for d in first.items] and len(first.items) == 2
    assert all(len(str(d)) < SHORT for d in again.items)
    assert sum(p.stat().st_size for p in (project.root / ".broadsheet").glob("*.json")) < 100_000


@pytest.mark.parametrize("name", BOMBS)
def test_a_content_file_with_a_yaml_bomb_keeps_the_article_without_that_field(project, name):
    fields, key, line = BOMBS[name]
    project.content.mkdir()
    (project.content / "bomb.md").write_text(f"---\n{HEAD}slug: harbour\n{fields}---\n\n{BODY}", encoding="utf-8")
    (project.content / "other.md").write_text("---\ntitle: Leeds bridge approved\nslug: other\n---\n\nLeeds.\n")
    _, diagnostics = project.build(extract_content=False)
    warning = only_warning(diagnostics, "W122")
    assert (warning.path, warning.line) == (str(project.content / "bomb.md"), line + 1)
    assert warning.message.startswith(f"front matter {key} {PROBLEMS[name]}")
    assert "The harbour in Whitby reopened" in project.page("articles/harbour/index.html")
    assert "Leeds bridge approved" in project.page("articles/other/index.html")


@pytest.mark.parametrize("name", BOMBS)
def test_a_config_with_a_yaml_bomb_stops_the_build_naming_the_line(tmp_path, name):
    fields, key, line = BOMBS[name]
    (tmp_path / "config.yaml").write_text(f"title: Harbour news\n{fields}", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_config(tmp_path / "config.yaml")
    lines = str(raised.value).splitlines()
    assert lines[0].startswith(f"{tmp_path / 'config.yaml'}:{line - 2}: {key} {PROBLEMS[name]}")
    assert len(lines) <= 6 and all(len(line) < SHORT + len(str(tmp_path)) for line in lines)


def test_aliases_within_the_bounds_are_still_read():
    text = "base: &base {type: place, mentions: 2}\nkyiv: {<<: *base, name: Kyiv}\nboth: [*base, *base]\n"
    data, dropped = safeyaml.load(text)
    assert dropped == [] and data["kyiv"] == {"type": "place", "mentions": 2, "name": "Kyiv"}
    assert data["both"] == [data["base"], data["base"]]


@pytest.mark.parametrize("yaml_text", [
    "title: x\nsummary: *" + "a" * 100_000 + "\n",  # an alias to nothing, with a very long name
    "title: x\nsummary: !" + "t" * 100_000 + " value\n",  # a tag nobody knows
    "title: x\n" + "k" * 100_000 + " value\n",  # a key that never ends
    "title: &a x\nsummary: &a y\n" + "z: *a\n",  # an anchor given twice
])
def test_front_matter_that_is_not_yaml_gets_a_short_message(yaml_text):
    with pytest.raises(frontmatter.FrontMatterError) as raised:
        frontmatter.split(f"---\n{yaml_text}---\nBody.\n")
    assert raised.value.message.startswith("front matter is not valid YAML") and len(raised.value.message) < SHORT


@pytest.mark.parametrize("text", [
    f"title: [{'x' * 50_000}]\n",  # a value of the wrong type
    f"? {'y' * 50_000}\n: 1\n",  # an unknown key
    f"types: {{Leeds: {'z' * 50_000}}}\n",  # an unknown entity type
    f"title: *{'a' * 50_000}\n",  # not YAML
])
def test_config_messages_quoting_input_are_short(tmp_path, text):
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_config(tmp_path / "config.yaml")
    known = sum(len(key) + 2 for key in DESCRIPTIONS)  # an unknown key's message lists the known ones
    assert len(str(raised.value)) < SHORT + len(str(tmp_path)) + known


# --- runs of symbols: spaCy's tokenizer is quadratic on them -----------------------------------------------

@pytest.mark.parametrize("char", ["(", "[", "-", ".", "'", '"', "*", ":", "_", "!", "😀", "\u0301"])
def test_a_long_run_of_one_symbol_is_shortened_with_a_warning_and_the_article_kept(project, char):
    project.seed("run.txt", f" date 2022-03-16 The ferry from Hull was cancelled.\n\n{char * 20_000}\n\n"
                            "Passengers in Hull were offered refunds.\n")
    project.seed("other.txt", " date 2022-03-01 The council in Leeds approved the bridge.\n")
    result, diagnostics = project.build()
    warning = only_warning(diagnostics, "W113")
    assert (warning.path, warning.line) == ("seeds/run.txt", 3)
    assert "is repeated 20,000 times in a row; shortened to 20" in warning.message
    assert result.articles_new == 2
    _, body = frontmatter.split((project.content / "the-ferry-from-hull-was-cancelled.md").read_text("utf-8"))
    text = body.replace("\\", "")  # Markdown escapes of `*`, `_`, `[`
    assert char * 20 in text and char * 21 not in text and "Passengers in Hull were offered refunds." in body
    assert "Passengers in Hull" in project.page("articles/the-ferry-from-hull-was-cancelled/index.html")


@pytest.mark.parametrize("noise", [
    ".(" * 10_000, "('" * 10_000, "x" + "'s" * 10_000, "a-" * 10_000, "🇬🇧" * 10_000, "a" * 50_000,
    "".join("()[]-.'\"*:😀"[i * 7 % 11] for i in range(20_000)),
])
def test_other_text_spacy_is_slow_on_is_kept_as_written(project, noise):
    project.seed("noise.txt", f" date 2022-03-16 The ferry from Hull was cancelled. {noise} Leeds was quiet.\n")
    result, diagnostics = project.build()
    assert diagnostics.items == [] and result.articles_new == 1
    [written] = project.content.glob("the-ferry-from-hull-was-cancelled*.md")  # the headline may take in more
    _, body = frontmatter.split(written.read_text("utf-8"))
    assert noise in re.sub(r"\\(.)", r"\1", body)  # as written, once Markdown's escapes are undone


def test_text_of_more_words_and_symbols_than_spacy_reads_is_kept_and_its_start_searched(project):
    project.seed("dense.txt", " date 2022-03-16 Flooding closed roads in Carlisle. " + "a-" * 16_000 + "\n")
    result, diagnostics = project.build()
    warning = only_warning(diagnostics, "W114")
    assert warning.path == "seeds/dense.txt" and f"more than the {MAX_TOKENS:,} read for entities" in warning.message
    [written] = project.content.glob("flooding-closed-roads*.md")  # the headline may drop "in Carlisle"
    meta, body = frontmatter.split(written.read_text("utf-8"))
    assert "Carlisle" in {e["name"] for e in meta["entities"]} and body.count("a-") == 16_000


def test_spacy_reads_real_articles_exactly_as_written():
    text = SEED.read_text(encoding="utf-8")
    assert spacy_text(text) == (text, 0)


# --- bounded reprs --------------------------------------------------------------------------------------

def test_shown_is_short_for_any_value():
    looped: list = []
    looped.append(looped)
    shared = ["lol"] * 9
    for _ in range(9):  # nine levels of nine times the level before, all shared: billions of leaves
        shared = [shared] * 9
    for value in ("x" * 10_000_000, 10 ** 5000, looped, shared, {"k" * 1000: list(range(10_000))}, b"\x00" * 10_000,
                  "bell \x07 escape \x1b[31m"):
        text = shown(value)
        assert len(text) < 200 and "\x07" not in text and "\x1b" not in text


def test_every_message_and_its_replay_is_cut_to_a_bounded_length():
    diagnostics = Diagnostics(echo=False)
    diagnostics.warn("W122", "x" * 1_000_000, "seeds/a.md", 1)
    again = Diagnostics(echo=False)
    again.replay([["warning", "W122", "y" * 1_000_000, "seeds/a.md", 1]])  # records an older build made
    assert len(diagnostics.items[0].message) == len(again.items[0].message) == MAX_MESSAGE
    assert len(diagnostics.since(0)[0][2]) == MAX_MESSAGE


def test_plain_text_of_markdown_links_is_right_also_for_unclosed_ones():
    assert plain("See [the report](https://example.org/a) and [this](") == "See the report and [this]("
    assert plain("[a](" * 25_000) == ("[a](" * 25_000)


def test_a_yaml_bomb_in_the_record_of_reviewed_edits_costs_nothing(project):
    project.seed("a.txt", " date 2022-03-01 The council in Leeds approved the bridge.\n")
    project.content.mkdir()
    (project.content / ".reviewed.yaml").write_text(laughs("some-file.md"), encoding="utf-8")
    result, diagnostics = project.build()
    assert diagnostics.items == [] and result.articles_new == 1


def test_front_matter_too_long_to_read_is_ignored_and_the_body_kept(project):
    project.seed("long.md", "---\n" + "".join(f"k{i}: v\n" for i in range(200_000)) + f"---\n\n{BODY}")
    result, diagnostics = project.build()
    warning = only_warning(diagnostics, "W120")
    assert (warning.path, warning.line) == ("seeds/long.md", 1) and "more than the 1,000,000 read" in warning.message
    assert result.articles_new == 1 and "The harbour in Whitby reopened" in project.page(
        "articles/the-harbour-in-whitby-reopened-on-monday-after-the-storm/index.html")


def test_a_content_file_with_a_huge_body_shows_its_start(project):
    project.content.mkdir()
    body = "The harbour in Whitby reopened.\n\n" + "Boats came back [to the quay](https://example.org/q). " * 6_000
    (project.content / "huge.md").write_text(f"---\n{HEAD}slug: huge\n---\n\n{body}", encoding="utf-8")
    _, diagnostics = project.build(extract_content=False)
    warning = only_warning(diagnostics, "W123")
    assert (warning.path, warning.line) == (str(project.content / "huge.md"), 9)
    assert "article text is 324,034 characters, over the 200,000 shown" in warning.message
    page = project.page("articles/huge/index.html")
    assert "The harbour in Whitby reopened." in page and 3_000 < page.count("to the quay") < 4_000
