"""What a build tells its user when it ends."""

from __future__ import annotations

from ..core.diagnostics import Diagnostics


def summary(result, diagnostics: Diagnostics) -> str:
    """The closing lines of a build: what was read, what was written, how long each stage took."""
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.seconds.items())
    skipped = f", {result.records_skipped} records skipped (not articles, or repeats)" if result.records_skipped else ""
    return (
        f"articles: {result.articles_new} new, {result.articles_changed} changed, "
        f"{result.articles_unchanged} unchanged, {result.articles_failed} failed{skipped}; "
        f"entities: {result.entities}\n"
        f"pages: {result.rendered} rendered, {len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed\n"
        f"time: {stages}; warnings: {len(diagnostics.warnings)}, errors: {len(diagnostics.errors)}"
    )
