"""Pagefind's filter and metadata indexes put in one order, so the same pages always give the same bytes.

Pagefind (1.5) writes the values of each filter, and the filters and sorts of its metadata index, in the order
of hash maps seeded at random on every run (Pagefind/pagefind#638): indexing the same pages twice gives filter
files, a metadata file and an entry file that differ in bytes and in name. A rebuild must write what a clean
build writes, so once Pagefind is done those files are rewritten in sorted order, each named again from its
content (`<language>_<hash>`, as Pagefind names them), and the entry file names the new metadata file.

The files are gzip-compressed CBOR (read and written with `cbor2`) behind Pagefind's `pagefind_dcd` signature.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# fields of the metadata index: [version, pages, index chunks, filters, sorts, meta fields]
META_FILTERS, META_SORTS = 3, 4
FILTER_NAME_LENGTH, META_NAME_LENGTH = 7, 10  # hex digits of the hash in a file's name, as Pagefind's


class FormatError(ValueError):
    """A bundle whose files are not the Pagefind format read here."""


def put_in_order(bundle: Path) -> None:
    """Rewrite a bundle's filter files, metadata index and entry file in sorted order (see the module). Every
    file is read before any is written, so a bundle refused (FormatError) is left as Pagefind wrote it."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = {language: _read_index(bundle, fields["hash"])
                     for language, fields in sorted(entry["languages"].items())}
    except (OSError, ValueError, KeyError, TypeError) as error:  # FormatError is a ValueError
        raise FormatError(f"not a Pagefind bundle this build knows: {error}") from error
    for language, (meta, filters) in languages.items():
        fields = entry["languages"][language]
        fields["hash"] = _write_index(bundle, language, fields["hash"], meta, filters)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_index(bundle: Path, meta_hash: str) -> tuple[list, dict[str, list]]:
    """A language's metadata index and its filter indexes by filter name, each sorted."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    if not isinstance(meta, list) or len(meta) <= META_SORTS:
        raise FormatError(f"{meta_path.name} is not a Pagefind metadata index")
    filters = {name: _sorted_filter(_read(bundle / "filter" / f"{old}.pf_filter"))
               for name, old in meta[META_FILTERS]}
    meta[META_SORTS] = sorted(meta[META_SORTS], key=lambda sort: sort[0])
    return meta, filters


def _write_index(bundle: Path, language: str, meta_hash: str, meta: list, filters: dict[str, list]) -> str:
    """Replace a language's filter files and metadata index with those given, each named from its bytes;
    returns the metadata index's new hash."""
    for _, old in meta[META_FILTERS]:
        (bundle / "filter" / f"{old}.pf_filter").unlink()
    (bundle / f"pagefind.{meta_hash}.pf_meta").unlink()
    meta[META_FILTERS] = [[name, _write(bundle / "filter", language, filters[name], ".pf_filter",
                                        FILTER_NAME_LENGTH)] for name in sorted(filters)]
    return _write(bundle, language, meta, ".pf_meta", META_NAME_LENGTH, prefix="pagefind.")


def _sorted_filter(index) -> list:
    """A filter index ([filter, [[value, [page, ...]], ...]]) with its values, and each value's pages, sorted."""
    if not isinstance(index, list) or len(index) != 2:
        raise FormatError("a filter file is not a Pagefind filter index")
    name, values = index
    return [name, sorted([value, sorted(pages)] for value, pages in values)]


def _read(path: Path):
    """The value in one of Pagefind's compressed files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name} has no Pagefind signature")
    stream = io.BytesIO(data[len(SIGNATURE):])
    try:
        value = cbor2.CBORDecoder(stream).decode()
    except cbor2.CBORDecodeError as error:
        raise FormatError(f"{path.name} is not CBOR: {error}") from error
    if stream.tell() != len(data) - len(SIGNATURE):
        raise FormatError(f"{path.name} has bytes after its value")
    return value


def _write(folder: Path, language: str, value, suffix: str, length: int, prefix: str = "") -> str:
    """Write a value compressed as Pagefind does, named `<prefix><language>_<hash><suffix>` from its bytes
    (the hash longer if a file of that name is there already); returns `<language>_<hash>`."""
    data = cbor2.dumps(value)  # each length and integer in its shortest form, as Pagefind writes them
    digest = hashlib.sha1(data).hexdigest()
    name = f"{language}_{digest[:length]}"
    while (folder / f"{prefix}{name}{suffix}").exists() and length < len(digest):
        length += 1
        name = f"{language}_{digest[:length]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0))
    return name
