"""Web archives (.warc, .warc.gz, by warcio): each HTML response is read as a saved page; other records
(requests, metadata, images, redirects, later captures of a page already read) are skipped and counted."""

from __future__ import annotations

import hashlib
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

from ...core.diagnostics import Diagnostics
from .fields import Fields, Item
from .page import NO_TEXT, page_fields

SKIP_REPEATS = True  # a crawl captures a page many times: the first capture in the file is the article
HTML_TYPES = ("text/html", "application/xhtml+xml")
RECORD_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}


def items(container, diagnostics: Diagnostics) -> Iterator[Item]:
    """Each HTML page of a Container's web archive as an Item; damage ends the file with one warning."""
    file = container.open(diagnostics)
    if file is None:
        return
    offset, end = 0, 0
    with file:
        records = ArchiveIterator(file)
        try:
            for record in records:
                page = _page(record)
                payload = record.content_stream().read(container.options.max_bytes + 1) if page else b""
                offset, end = records.get_record_offset(), records.get_record_offset() + records.get_record_length()
                if _cut_short(record):
                    raise EOFError
                if page is None:
                    container.skipped += 1
                    continue
                where = f"record at byte {offset:,}"
                if len(payload) > container.options.max_bytes:
                    container.warn(diagnostics, "W211", f"page is over max_seed_bytes "
                                   f"({container.options.max_bytes:,} bytes); skipped", where=where)
                    continue
                sha = hashlib.sha256(page.encode() + b"\0" + payload).hexdigest()
                yield Item(page, sha, None, where, lambda found_by, payload=payload, page=page, where=where:
                           _fields(payload, page, where, container, found_by))
            if _more_after(file, end):
                raise EOFError
        except Exception as exc:  # warcio and gzip raise many kinds on a truncated or foreign file
            what = (f"is truncated or damaged after byte {end:,} ({type(exc).__name__}); the records before it were read"
                    if end else f"is not a WARC file, or is damaged at its start ({type(exc).__name__}); skipped")
            container.warn(diagnostics, "W214", f"file {what}, and no article of it is removed")


def _cut_short(record) -> bool:
    """True when the file ended inside this record (its header, or its content, is shorter than it says)."""
    return (record.rec_headers.get_header("Content-Length") is None or record.rec_type not in RECORD_TYPES
            or getattr(record.raw_stream, "limit", 0) > 0)


def _more_after(file, end: int) -> bool:
    """True when the file holds more than blank lines after the end of the last record read."""
    file.seek(end)
    return bool(file.read(64).strip())


def _page(record) -> str | None:
    """The address of a record that holds an HTML page (a 200 response, or a resource), else None."""
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return None
        kind = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        kind = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if not kind.split(";")[0].strip().lower() in HTML_TYPES:
        return None
    return record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("WARC-Record-ID")


def _fields(payload: bytes, page: str, where: str, container, diagnostics: Diagnostics) -> Fields | None:
    """The page's article, or None with a warning naming the record."""
    found = page_fields(payload, page if page.startswith(("http://", "https://")) else None)
    if found is None:
        container.warn(diagnostics, "W213", NO_TEXT, where=f"{where} ({page[:200]})")
    return found
