"""write.py: atomic replace, identical bytes left alone, readable modes, no temp file left behind."""

from __future__ import annotations

import os
import stat

import pytest

from broadsheet.core import files as write
from broadsheet.core.files import TEMP_PREFIX, remove_temp_files, write_atomic


def test_identical_bytes_are_not_rewritten(tmp_path):
    page = tmp_path / "a" / "index.html"
    assert write_atomic(page, b"<p>one</p>") is True
    before = page.stat().st_mtime_ns
    assert write_atomic(page, b"<p>one</p>") is False
    assert page.stat().st_mtime_ns == before
    assert write_atomic(page, b"<p>two</p>") is True and page.read_bytes() == b"<p>two</p>"


def test_written_files_get_the_mode_a_normal_file_would(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.html", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(page, b"new")
    assert page.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_temp_files_of_a_killed_build_are_swept_and_nothing_else(tmp_path):
    (tmp_path / "people").mkdir()
    leftovers = [tmp_path / f"{TEMP_PREFIX}1", tmp_path / "people" / f"{TEMP_PREFIX}2"]
    keep = [tmp_path / "index.html", tmp_path / ".tmp-user-file", tmp_path / "people" / "index.html"]
    for path in leftovers + keep:
        path.write_bytes(b"x")
    assert sorted(remove_temp_files(tmp_path)) == sorted(leftovers)
    assert all(p.exists() for p in keep) and not any(p.exists() for p in leftovers)
    assert remove_temp_files(tmp_path / "missing") == []
