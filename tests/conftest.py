"""Shared fixtures: the spaCy model loaded once per session, and small projects built in tmp_path."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.core.config import load_config
from broadsheet.core.data import BuildResult
from broadsheet.core.diagnostics import Diagnostics

# Every build in the suite (in this process or a child) keys the page groups it would trust as well, and stops
# if one changed that no change of the site model reached: each incremental test also checks the dependency index.
os.environ["BROADSHEET_CHECK_REACH"] = "1"

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_9ace262ee6a4ad98.txt"


@pytest.fixture(scope="session")
def nlp():
    """The NER pipeline, loaded once for the whole test session."""
    from broadsheet.extract.nlp import load_nlp

    return load_nlp("en_core_web_sm")


@pytest.fixture
def model_loads(monkeypatch, nlp, tmp_path):
    """The session's pipeline for every model loaded from now on, in this process or one forked from it (a
    forked child inherits the stand-in, so none loads the real model again); returns a function that reads
    which process loaded which model: [(pid, name), ...]."""
    import os

    from broadsheet.extract import nlp as extract_nlp

    notes = tmp_path / "model-loads"
    notes.write_text("")

    def load_nlp(name: str):
        with notes.open("a") as out:
            out.write(f"{os.getpid()} {name}\n")
        return nlp

    monkeypatch.setattr(extract_nlp, "load_nlp", load_nlp)
    return lambda: [(int(pid), name) for pid, name in (line.split() for line in notes.read_text().splitlines())]


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """../shared/corpora, or a clean skip when this checkout has no shared folder beside it."""
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        pytest.skip("../shared/corpora is absent (corpus tests need the shared folder beside the repo)")
    return corpora


@dataclass
class Project:
    """A throwaway Broadsheet project in tmp_path: seeds/, content/, site/, templates, config.yaml."""

    root: Path
    nlp: object

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def seed(self, name: str, text: str) -> Path:
        path = self.seeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def config(self, text: str = "") -> Path:
        path = self.root / "config.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, extract_content: bool = True, **overrides) -> tuple[BuildResult, Diagnostics]:
        from broadsheet.pipeline import build

        diagnostics = Diagnostics(echo=False)
        config = load_config(self.root / "config.yaml", overrides, diagnostics)
        return build(config, diagnostics, extract_content=extract_content, nlp=self.nlp), diagnostics

    def page(self, output: str) -> str:
        return (self.site / output).read_text(encoding="utf-8")

    def entity_folders(self, slug: str) -> list[str]:
        """The type folders with an entity page of this slug (`["people"]`); empty when no entity has it."""
        return sorted(p.parent.parent.name for p in self.site.glob(f"*/{slug}/index.html"))

    def files(self, folder: str = "site") -> dict[str, bytes]:
        base = self.root / folder
        return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, nlp) -> Project:
    """An empty project using the repository's own templates and static files (search off: fast)."""
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", tmp_path / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", tmp_path / "static")
    (tmp_path / "seeds").mkdir()
    p = Project(tmp_path, nlp)
    p.config("title: Test archive\nbase_url: https://example.org/\nsearch: false\n")
    return p
