"""config.yaml is read by what each key means, not by how YAML 1.1 would guess: names are the text written
(`Yes`, `1984`, `no:`), and a value of the wrong shape anywhere is one message naming the key and its line,
never a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from broadsheet.commands.cli import main
from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import Diagnostics, UserError
from tests.conftest import REPO


def write_config(folder: Path, text: str) -> Path:
    path = folder / "config.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def config_errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(UserError) as raised:
        load_config(write_config(tmp_path, text))
    return str(raised.value).replace(str(tmp_path) + "/", "").splitlines()


def test_names_yaml_would_read_as_booleans_numbers_dates_or_null_are_the_text_written(tmp_path):
    config = load_config(write_config(tmp_path, """\
        title: 2024
        description: yes
        aliases:
          1984: [Nineteen Eighty-Four, 1949]
          No: [Dr. No]
        types:
          Yes: organization
          2022-01-01: event
          off: person
          3.14: group
          null: place
          ~: place
        ignore: [no, 2024, true]
        """))
    assert (config.title, config.description) == ("2024", "yes")
    assert config.aliases == {"1984": ["Nineteen Eighty-Four", "1949"], "No": ["Dr. No"]}
    assert config.types == {"Yes": "organization", "2022-01-01": "event", "off": "person", "3.14": "group",
                            "null": "place", "~": "place"}
    assert config.ignore == ["no", "2024", "true"]
    assert (config.search, config.page_size) == (True, 20)  # true/false and numbers stay YAML's where meant


def test_a_band_called_yes_gets_the_type_config_gives_it(project):
    project.config("title: T\nsearch: false\nbase_url: https://example.org/\ntypes: {Yes: organization}\n"
                   "aliases: {1984: [Nineteen Eighty-Four]}\n")
    project.content.mkdir()
    (project.content / "band.md").write_text(textwrap.dedent("""\
        ---
        title: Yes play 1984 in Leeds
        date: 2022-01-01
        entities:
        - {name: 'Yes', type: group}
        - {name: Nineteen Eighty-Four, type: event}
        ---

        The band Yes played Nineteen Eighty-Four in Leeds.
        """), encoding="utf-8")
    _, diagnostics = project.build(extract_content=False)
    assert diagnostics.items == []
    assert project.entity_folders("yes") == ["organizations"]
    assert project.entity_folders("1984") == ["events"]


KNOWN = ("known keys: aliases, base_url, batch_size, clean_urls, content, description, feed_content, fields, ignore, "
         "index_page_size, language, max_seed_bytes, min_entity_confidence, model, page_size, processes, scheduler, "
         "search, search_filter_min_articles, sections, seeds, site, static, templates, title, types")


def test_a_top_level_key_yaml_would_read_as_false_or_a_number_is_named_as_written_with_its_line(tmp_path):
    assert config_errors(tmp_path, "title: x\nno: 3\n2024: x\nOn: 1\n") == [
        f"config.yaml:2: unknown key 'no'; {KNOWN}",
        f"config.yaml:3: unknown key '2024'; {KNOWN}",
        f"config.yaml:4: unknown key 'On'; {KNOWN}",
    ]


@pytest.mark.parametrize("text, message", [
    ("title: {a: [1, {b: 2}]}\n", "config.yaml:1: 'title' must be a string, not {'a': [1, {...}]}"),
    ("site: [a, b]\n", "config.yaml:1: 'site' must be a folder path (a string), not ['a', 'b']"),
    ("search: [yes]\n", "config.yaml:1: 'search' must be true or false, not [True]"),
    ("page_size: 2022-01-01\n", "config.yaml:1: 'page_size' must be a whole number, not datetime.date(2022, 1, 1)"),
    ("aliases: [Kyiv, Kiev]\n", "config.yaml:1: 'aliases' must be a mapping (key: value lines), not ['Kyiv', 'Kiev']"),
    ("aliases:\n  Kyiv: {a: b}\n", "config.yaml:2: aliases 'Kyiv' must be a list of other spellings, e.g. [Kiev]"),
    ("aliases:\n  Kyiv: [Kiev, [Kiyv]]\n", "config.yaml:2: aliases 'Kyiv' must be a list of other spellings, e.g. [Kiev]"),
    ("aliases:\n  Kyiv: [Kiev, '']\n", "config.yaml:2: aliases 'Kyiv': a spelling is empty; write the name, or delete "
                                       "the entry"),
    ("types:\n  Nato: [organization]\n", "config.yaml:2: types 'Nato' must be one of person, organization, place, "
                                        "group, event, not ['organization']"),
    ("types:\n  Nato:\n", "config.yaml:2: types 'Nato' has no type; give it one of person, organization, place, "
                         "group, event"),
    ("types:\n  '': place\n", "config.yaml:2: types: a name is empty; write the name, or delete the entry"),
    ("types:\n  [a, b]: place\n", "config.yaml:2: a key under 'types' is a list; write a name there (quote it if it "
                                  "holds [ ] { } , or :)"),
    ("aliases:\n  {a: b}: [c]\n", "config.yaml:2: a key under 'aliases' is a mapping; write a name there (quote it if "
                                  "it holds [ ] { } , or :)"),
    ("? [a]\n: b\n", "config.yaml:1: a key is a list; write a name there (quote it if it holds [ ] { } , or :)"),
    ("ignore: [[Western], {a: b}]\n", "config.yaml:1: 'ignore' must be a list of entity names"),
    ("processes: 100000\n", "config.yaml:1: 'processes' must be at most 256, not 100000"),
    ("page_size: 99999999999999999999999\n", "config.yaml:1: 'page_size' must be at most 10,000, not "
                                             "99999999999999999999999"),
    ("base_url: 'https://[example.org/'\n", "config.yaml:1: 'base_url' must be the site's absolute address, e.g. "
                                           "https://example.org/news/ (or empty), not 'https://[example.org/'"),
    ("title: &a [*a]\n", "config.yaml:1: 'title' uses an alias inside the value it names (a loop); simplify it"),
    ("title: !!python/object/apply:os.system [ls]\n", "config.yaml:1: config is not valid YAML: could not determine "
                                                      "a constructor for the tag 'tag:yaml.org,2002:python/object/"
                                                      "apply:os.system'"),
])
def test_a_value_of_the_wrong_shape_anywhere_is_one_message_with_its_line(tmp_path, text, message):
    assert config_errors(tmp_path, text) == [message]


def test_problems_are_listed_in_the_order_of_the_file(tmp_path):
    assert config_errors(tmp_path, """\
        title: [a]
        types:
          [x]: place
          Nato: club
        no: 1
        """) == [
        "config.yaml:1: 'title' must be a string, not ['a']",
        "config.yaml:3: a key under 'types' is a list; write a name there (quote it if it holds [ ] { } , or :)",
        "config.yaml:4: types 'Nato' must be one of person, organization, place, group, event, not 'club'",
        f"config.yaml:5: unknown key 'no'; {KNOWN}",
    ]


def test_an_alias_bomb_or_deep_nesting_gets_a_short_message_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    errors = config_errors(tmp_path, bomb + "title: [*i, *i]\n")
    assert errors[0] == ("config.yaml:5: 'e' holds more than 50,000 values (counting each use of an alias as all it "
                         "repeats); simplify it")
    assert errors[-1] == "config.yaml: and 1 more keys over a bound"
    assert all(len(line) < 300 for line in errors)
    assert config_errors(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n") == [
        "config.yaml:1: config is not valid YAML: exceeded maximum nesting depth"]


def test_control_characters_in_names_and_text_settings_are_removed_with_one_warning(tmp_path):
    diagnostics = Diagnostics(echo=False)
    config = load_config(write_config(tmp_path, 'title: "Red \\e[31malert"\ntypes:\n  "Nato\\e[2J": place\n'),
                         diagnostics=diagnostics)
    assert (config.title, config.types) == ("Red [31malert", {"Nato[2J": "place"})
    assert [(d.code, d.line) for d in diagnostics.items] == [("W190", 1)]


def test_a_config_that_is_not_a_file_or_cannot_be_read_is_named(tmp_path, capsys):
    assert main(["--config", str(tmp_path), "-q"]) == 2
    assert capsys.readouterr().err == (f"error: {tmp_path}: is a folder, not a config file; pass the file, e.g. "
                                       f"--config {tmp_path}/config.yaml\n")


def test_bad_config_through_build_py_is_a_message_and_exit_2_never_a_traceback(tmp_path):
    write_config(tmp_path, "title: x\ntypes:\n  Yes: organization\n  [a]: place\nno: 1\n")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(tmp_path / "config.yaml")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.replace(str(tmp_path) + "/", "") == (
        "error: config.yaml:4: a key under 'types' is a list; write a name there (quote it if it holds [ ] { } , "
        f"or :)\nconfig.yaml:5: unknown key 'no'; {KNOWN}\n")
