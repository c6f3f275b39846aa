"""Pagefind's filter and metadata indexes rewritten in sorted order (publish/pagefind_order.py)."""

from __future__ import annotations

import gzip
import json

import cbor2
import pytest

from broadsheet.publish.pagefind_order import SIGNATURE, FormatError, _read, put_in_order


def pagefind_file(path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(value)))


def bundle(folder, people: list, filters: list[str]):
    """A bundle as Pagefind writes it, with the people's filter values and the filters in the order given."""
    for name in filters:
        pagefind_file(folder / "filter" / f"en_{name}.pf_filter", [name, people if name == "person" else []])
    meta = ["1.5.2", [["en_0000001", 7]], [], [[name, f"en_{name}"] for name in filters], [], ["title"]]
    pagefind_file(folder / "pagefind.en_0000000000.pf_meta", meta)
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0000000000", "wasm": "en", "page_count": 1}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")


def files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_index_in_any_order_gives_the_same_files(tmp_path):
    bundle(tmp_path / "a", [["Zoe", [2, 0]], ["Ada", [1]]], ["person", "place"])
    bundle(tmp_path / "b", [["Ada", [1]], ["Zoe", [0, 2]]], ["place", "person"])
    put_in_order(tmp_path / "a")
    put_in_order(tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    entry = json.loads((tmp_path / "a" / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read(tmp_path / "a" / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["person", "place"]
    person = _read(tmp_path / "a" / "filter" / f"{meta[3][0][1]}.pf_filter")
    assert person == ["person", [["Ada", [1]], ["Zoe", [0, 2]]]]


def test_a_bundle_not_in_pagefind_s_format_is_refused_and_left_as_it_was(tmp_path):
    bundle(tmp_path, [["Ada", [0]]], ["person"])
    (tmp_path / "pagefind.en_0000000000.pf_meta").write_bytes(gzip.compress(b"something else"))
    before = files(tmp_path)
    with pytest.raises(FormatError):
        put_in_order(tmp_path)
    assert files(tmp_path) == before
