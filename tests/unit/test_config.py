"""config.yaml is checked against its schema before any work: every problem at once, each naming the key,
its line and what is expected."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from broadsheet.core.config import load_config
from broadsheet.core.diagnostics import UserError
from tests.conftest import REPO


def config_errors(tmp_path: Path, text: str, **overrides) -> list[str]:
    path = tmp_path / "config.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_config(path, overrides or None)
    return str(raised.value).replace(str(tmp_path) + "/", "").splitlines()


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    assert config_errors(tmp_path, """\
        title: My archive
        page_size: ten
        serach: false
        batch_size: 0
        search: yes please
        aliases: {Kyiv: Kiev}
        types: {Nato: club}
        """) == [
        "config.yaml:2: 'page_size' must be a whole number, not 'ten'",
        "config.yaml:3: unknown key 'serach'; did you mean 'search'?",
        "config.yaml:4: 'batch_size' must be at least 1, not 0",
        "config.yaml:5: 'search' must be true or false, not 'yes please'",
        "config.yaml:6: aliases 'Kyiv' must be a list of other spellings, e.g. [Kiev]",
        "config.yaml:7: types 'Nato' must be one of person, organization, place, group, event, not 'club'",
    ]


def test_a_key_given_twice_is_refused_rather_than_half_ignored(tmp_path):
    assert config_errors(tmp_path, """\
        ignore: [Dutch]
        title: My archive
        types:
          Kherson: place
          Nokia: organization
          Kherson: person
        ignore: [Reuters]
        """) == [
        "config.yaml:6: types 'Kherson' is given again (first on line 4), and only the last would count; "
        "merge them into one",
        "config.yaml:7: 'ignore' is given again (first on line 1), and only the last would count; merge them into one",
    ]


def test_a_key_without_a_value_says_what_to_give_it(tmp_path):
    assert config_errors(tmp_path, "title:\nsite:\n") == [
        "config.yaml:1: 'title' has no value; give it a string, or delete the line to use the default",
        "config.yaml:2: 'site' has no value; give it a folder path (a string), or delete the line to use the default",
    ]


def test_base_url_and_language_must_have_their_format(tmp_path):
    assert config_errors(tmp_path, "base_url: example.org/news\nlanguage: English\n") == [
        "config.yaml:1: 'base_url' must be the site's absolute address, e.g. https://example.org/news/ (or empty), "
        "not 'example.org/news'",
        "config.yaml:2: 'language' must be a language code such as en or en-GB, not 'English'",
    ]


def test_base_url_gains_its_trailing_slash(tmp_path):
    (tmp_path / "config.yaml").write_text("base_url: https://example.org/news\n")
    assert load_config(tmp_path / "config.yaml").base_url == "https://example.org/news/"


def test_folders_that_overlap_are_refused(tmp_path):
    assert config_errors(tmp_path, "seeds: articles\ncontent: articles/content\nsite: .\n") == [
        "config.yaml: 'site' is the project folder, which holds the whole project; use a folder of its own",
        "config.yaml: 'content' (articles/content) is inside 'seeds' (articles); "
        "move it out, or builds would read or delete each other's files",
        "config.yaml: 'seeds' (articles) is inside 'site' (the project folder); "
        "move it out, or builds would read or delete each other's files",
        "config.yaml: 'content' (articles/content) is inside 'site' (the project folder); "
        "move it out, or builds would read or delete each other's files",
        "config.yaml: 'templates' (templates) is inside 'site' (the project folder); "
        "move it out, or builds would read or delete each other's files",
        "config.yaml: 'static' (static) is inside 'site' (the project folder); "
        "move it out, or builds would read or delete each other's files",
    ]


def test_a_command_line_folder_is_checked_too(tmp_path):
    (tmp_path / "config.yaml").write_text("title: x\n")
    with pytest.raises(UserError, match="'content' and 'site' are the same folder"):
        load_config(tmp_path / "config.yaml", {"site": tmp_path / "out", "content": tmp_path / "out"})


def test_invalid_yaml_and_non_mapping_config_name_the_line(tmp_path):
    assert config_errors(tmp_path, "title: x\npage_size: [1\n") == [
        "config.yaml:3: config is not valid YAML: did not find expected ',' or ']'"]  # libyaml's wording, as for seeds
    assert config_errors(tmp_path, "- a list\n") == ["config.yaml: config must be a mapping of keys to values, not list"]


def test_a_bad_config_stops_the_build_before_any_work(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(" date 2022-01-01 Something happened in Leeds.\n")
    (tmp_path / "config.yaml").write_text("title: x\npage_size: -3\n")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(tmp_path / "config.yaml")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == f"error: {tmp_path}/config.yaml:2: 'page_size' must be at least 1, not -3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml", "seeds"]  # nothing made, nothing read
