"""The config.yaml line `build.py review` suggests names the entity exactly, whatever YAML would make of it."""

from __future__ import annotations

import pytest
import yaml

from broadsheet.archive.review import doubts
from broadsheet.core.config import Config
from broadsheet.core.data import EntityRef


@pytest.mark.parametrize("name", ["No", "null", "1984", "Yes", "a: b", "#1 Fan", "O'Neill", "Café Rouge", "Everton"])
def test_each_suggested_fix_reads_back_as_a_setting_for_that_very_name(name):
    weighed = {"one": (EntityRef(name, "person", 2, (), 0.2),), "two": (EntityRef(name, "place", 1, (), 0.2),)}
    found = [d for d in doubts([], weighed, Config()) if d.name == name]
    assert {d.kind for d in found} == {"low confidence", "types disagree"}
    for doubt in found:
        setting = yaml.safe_load(doubt.fix)
        [(key, value)] = setting.items()
        assert key in ("types", "ignore")
        assert (list(value) == [name]) if key == "types" else value == [name]
