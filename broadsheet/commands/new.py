"""`broadsheet new DIR`: start a project with a commented config.yaml and an empty seeds folder."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from ..core.config import DESCRIPTIONS, Config
from ..core.diagnostics import UserError

README = """# {name}

A Broadsheet project. Put articles in `seeds/` and run `broadsheet build` here (`broadsheet serve` to
preview while you work); settings are in `config.yaml`.

Seed formats (`.txt` or `.md`, in any sub-folder of seeds/): plain text starting `date YYYY-MM-DD ` and then the
article; plain text with the headline on the first line, a blank line, then the body; or Markdown with YAML
front matter (`title`, `date`, `summary`, ...) above the body.

The look comes from Broadsheet's built-in theme. To change a page, put a template of the same name in
`templates/` (e.g. `templates/article.html`) or a file in `static/` (e.g. `static/style.css`): each file
you add replaces the built-in one, and everything else still comes from the built-in theme.
"""


def starter_config() -> str:
    """A config.yaml listing every setting with its default value and one line on what it does."""
    lines = ["# Broadsheet project settings: every setting with its default. Paths are relative to this file.", ""]
    defaults = Config()
    for f in fields(Config):
        if f.name == "path":
            continue  # where the file itself is
        value = getattr(defaults, f.name)
        shown = value.as_posix() if isinstance(value, Path) else value
        lines.append(f"# {DESCRIPTIONS[f.name]}")
        lines.append(f"{f.name}: {json.dumps(shown, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def new_project(folder: Path) -> list[Path]:
    """Make a project in `folder` (created if absent; refused when it holds anything): config.yaml, an
    empty seeds/ and a README.md. Returns what was made."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file, not a folder; choose a new folder name for the project")
    if folder.is_dir() and any(folder.iterdir()):
        raise UserError(f"{folder}: folder is not empty, and a new project would mix with what is there; choose a "
                        "new or empty folder (to build an existing project, run `broadsheet build` in it)")
    folder.mkdir(parents=True, exist_ok=True)
    made = [folder / "config.yaml", folder / "seeds", folder / "README.md"]
    made[0].write_text(starter_config(), encoding="utf-8")
    made[1].mkdir()
    made[2].write_text(README.format(name=folder.resolve().name), encoding="utf-8")
    return made
