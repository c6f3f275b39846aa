"""JSON Lines exports (news-please, trafilatura's JSON output, any scraper): one article per line."""

from __future__ import annotations

import json
from typing import Iterator

from ...core.diagnostics import Diagnostics
from . import fields
from .fields import Item
from .lines import Lines, TooLong


def items(container, diagnostics: Diagnostics) -> Iterator[Item]:
    """Each JSON object line of a Container as an Item; a warning (with its line) for each line that is not one."""
    file = container.open(diagnostics)
    if file is None:
        return
    with file:
        lines = Lines(file, container.options.max_bytes, lambda line: container.warn(
            diagnostics, "W219", "file is not UTF-8 from this line on; read as Windows-1252 (save it as UTF-8)",
            line=line))
        while True:
            lines.mark()
            try:
                text = next(lines)
            except StopIteration:
                break
            except TooLong:
                container.warn(diagnostics, "W211", f"record is over max_seed_bytes ({container.options.max_bytes:,} "
                               "bytes); skipped (raise max_seed_bytes in config.yaml to include it)", line=lines.line)
                continue
            if not text.strip():
                continue
            line = lines.line
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as exc:
                where = f" ({exc.msg} at column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
                container.warn(diagnostics, "W205", f"line is not valid JSON{where}; skipped", line=line)
                continue
            if not isinstance(value, dict):
                container.warn(diagnostics, "W206", f"line is JSON but not an object ({{\"title\": …, \"body\": …}}), "
                               f"it is {fields.bounded(value)}; skipped", line=line)
                continue
            found = fields.from_mapping(value, container.options.names,
                                        lambda message: container.warn(diagnostics, "W216", message, line=line))
            yield Item(found.key(), found.digest(), line, None, lambda _diagnostics, found=found: found)
