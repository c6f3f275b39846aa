"""CSV exports (a spreadsheet, a scraper's table): a header row naming the columns, then one article per row."""

from __future__ import annotations

import csv
from typing import Iterator

from ...core.diagnostics import Diagnostics
from . import fields
from .fields import Item
from .lines import Lines, TooLong


def items(container, diagnostics: Diagnostics) -> Iterator[Item]:
    """Each row of a Container as an Item; a warning (with its line) for each row that cannot be one."""
    file = container.open(diagnostics)
    if file is None:
        return
    csv.field_size_limit(max(csv.field_size_limit(), container.options.max_bytes))
    with file:
        lines = Lines(file, container.options.max_bytes, lambda line: container.warn(
            diagnostics, "W219", "file is not UTF-8 from this line on; read as Windows-1252 (save it as UTF-8)",
            line=line))
        header = _header(lines, container, diagnostics)
        if header is None:
            return
        columns, dialect = header
        reader = csv.reader(lines, dialect, strict=True)
        while True:
            lines.mark()
            start = (lines.line + 1, lines.offset)
            try:
                row = next(reader)
            except StopIteration:
                break
            except (TooLong, csv.Error) as exc:
                problem = (f"is over max_seed_bytes ({container.options.max_bytes:,} bytes); raise max_seed_bytes in "
                           "config.yaml to include it" if isinstance(exc, TooLong) else f"is not valid CSV ({exc})")
                container.warn(diagnostics, "W212" if isinstance(exc, csv.Error) else "W211",
                               f"row {problem}; skipped, reading on at the next line", line=start[0])
                lines.restart_after(*start)
                reader = csv.reader(lines, dialect, strict=True)
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                fewer = "too few" if len(row) < len(columns) else "too many"
                container.warn(diagnostics, "W207", f"row has {fewer} columns ({len(row)}; the header has "
                               f"{len(columns)}); skipped (a missing separator or quote?)", line=start[0])
                continue
            line = start[0]
            found = fields.from_mapping(dict(zip(columns, row)), container.options.names,
                                        lambda message: container.warn(diagnostics, "W216", message, line=line))
            yield Item(found.key(), found.digest(), line, None, lambda _diagnostics, found=found: found)


def _header(lines: Lines, container, diagnostics: Diagnostics) -> tuple[list[str], type] | None:
    """The column names and the CSV dialect (comma, semicolon, tab or bar), from the first line that is not blank;
    None (with a warning) when no column holds article text."""
    for text in _first_lines(lines, container, diagnostics):
        if not text.strip():
            continue
        try:
            dialect = csv.Sniffer().sniff(text, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        columns = [name.strip() for name in next(csv.reader([text], dialect))]
        known = {name.casefold() for name in container.options.names["body"]}
        if not any(name.casefold() in known for name in columns):
            container.warn(diagnostics, "W208", f"no column holds article text: the header names "
                           f"{fields.bounded(', '.join(columns))}; Broadsheet looks for "
                           f"{', '.join(container.options.names['body'])} (name yours with `fields: body: COLUMN` in "
                           "config.yaml); file skipped", line=lines.line)
            return None
        return columns, dialect
    return None


def _first_lines(lines: Lines, container, diagnostics: Diagnostics) -> Iterator[str]:
    """Lines up to the header; a header over the byte limit ends the file."""
    while True:
        lines.mark()
        try:
            yield next(lines)
        except StopIteration:
            return
        except TooLong:
            container.warn(diagnostics, "W211", "header row is over max_seed_bytes; file skipped", line=lines.line)
            return
