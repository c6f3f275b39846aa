"""What a build tells its user when it ends."""

from __future__ import annotations

from ..core.diagnostics import Diagnostics


def summary(result, diagnostics: Diagnostics) -> str:
    """The closing lines of a build: what was read, what was written, how long each stage took. Articles: new +
    changed + edited + unchanged = the archive's articles; the search index's files are counted apart from pages."""
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.seconds.items())
    skipped = f", {result.records_skipped} records skipped (not articles, or repeats)" if result.records_skipped else ""
    pages = {name: [o for o in getattr(result, name) if not o.startswith(SEARCH_INDEX)]
             for name in ("written", "unchanged", "removed")}
    index = {name: len(getattr(result, name)) - len(pages[name]) for name in pages}
    lines = [
        f"articles: {result.articles_new} new, {result.articles_changed} changed, {result.articles_edited} edited, "
        f"{result.articles_unchanged} unchanged, {result.articles_removed} removed, {result.articles_failed} failed"
        f"{skipped}; "
        f"entities: {result.entities}",
        f"pages: {result.rendered} rendered, {len(pages['written'])} written, {len(pages['unchanged'])} unchanged, "
        f"{len(pages['removed'])} removed",
    ]
    if any(index.values()):
        lines.append(f"search index: {index['written']} files written, {index['unchanged']} unchanged, "
                     f"{index['removed']} removed")
    if result.seeds_skipped is not None:
        lines.append(f"seeds: not read (--render-only), so {result.seeds_skipped} seed file(s) not yet in content/ and "
                     "any changed seeds were skipped; build without --render-only to extract them")
    lines.append(f"time: {stages}; warnings: {len(diagnostics.warnings)}, errors: {len(diagnostics.errors)}")
    return "\n".join(lines)


SEARCH_INDEX = "pagefind/"
