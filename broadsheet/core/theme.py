"""The built-in theme, shipped inside the package: the fallback for every template and static file.

A project's own templates/ and static/ folders override it file by file, so a project may hold just the one
template it changes."""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent.parent / "theme"
TEMPLATES = THEME / "templates"
STATIC = THEME / "static"


def page_templates() -> list[str]:
    """The names of the built-in templates, which every theme has (the project's or the built-in file)."""
    return sorted(p.name for p in TEMPLATES.iterdir() if p.is_file() and not p.name.startswith("."))
