"""What each output was built from, so the next build renders and writes only what changed."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomic

STATE_VERSION = 2


@dataclass
class OutputRecord:
    key: str  # hash of everything the page was made from: template, config, the data it shows
    size: int
    mtime_ns: int


@dataclass
class BuildState:
    """The manifest of a site folder: every file the build created, and what it was made from."""

    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # e.g. search shard keys
    groups: dict[str, list] = field(default_factory=dict)  # page group id -> [key of its inputs, its outputs]

    def is_current(self, root: Path, output: str, key: str) -> bool:
        """True when output was made from `key` and still sits on disk as the build left it."""
        record = self.outputs.get(output)
        if record is None or record.key != key:
            return False
        try:
            stat = os.stat(f"{root}/{output}")  # not pathlib: this runs for every page of the site
        except OSError:
            return False
        return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns

    def group_current(self, root: Path, group_id: str, key: str) -> list[str] | None:
        """The outputs of a page group made from inputs with this key, when all are intact; else None."""
        record = self.groups.get(group_id)
        if record is None or record[0] != key:
            return None
        outputs = record[1]
        for output in outputs:
            if output not in self.outputs or not self.is_current(root, output, self.outputs[output].key):
                return None
        return outputs

    def record(self, root: Path, output: str, key: str) -> None:
        stat = (root / output).stat()
        self.outputs[output] = OutputRecord(key, stat.st_size, stat.st_mtime_ns)


def state_path(site: Path) -> Path:
    """The manifest lives beside site/, not in it, so it is never published."""
    return site.parent / ".broadsheet" / f"{site.name}-{hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:12]}.json"


def load_state(site: Path) -> BuildState:
    path = state_path(site)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if raw.get("version") != STATE_VERSION:
        return BuildState()
    outputs = {k: OutputRecord(*v) for k, v in raw.get("outputs", {}).items()}
    return BuildState(outputs=outputs, extra=raw.get("extra", {}), groups=raw.get("groups", {}))


def journal_path(site: Path) -> Path:
    """Where a build names the new files it writes in place (write.new_file_journal)."""
    return state_path(site).with_suffix(".journal")


def adopt_journal(site: Path, state: BuildState) -> None:
    """Take as ours the files a killed build named in its journal but never recorded: with a record that
    matches no file, each is rendered again or, when no page wants it any more, removed."""
    try:
        names = journal_path(site).read_bytes().splitlines()
    except OSError:
        return
    root = os.path.abspath(site)
    for name in names:
        output = os.path.relpath(os.fsdecode(name), root).replace(os.sep, "/")
        if not output.startswith("../") and output not in state.outputs:
            state.outputs[output] = OutputRecord("", -1, -1)


def save_state(site: Path, state: BuildState) -> None:
    path = state_path(site)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": STATE_VERSION,
        "outputs": {k: [r.key, r.size, r.mtime_ns] for k, r in sorted(state.outputs.items())},
        "extra": state.extra,
        "groups": dict(sorted(state.groups.items())),
    }
    write_atomic(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    journal_path(site).unlink(missing_ok=True)  # every file it named is in the records now


def outputs_intact(state: BuildState, root: Path) -> bool:
    """True when every file the last build wrote is still on disk as it left it."""
    return all(state.is_current(root, output, record.key) for output, record in state.outputs.items())


def cache_path(site: Path, name: str) -> Path:
    return state_path(site).with_suffix(f".{name}.pickle")


def load_cache(site: Path, name: str, schema: str) -> dict:
    """A pickled dict kept beside the state (e.g. parsed content files); empty when absent or stale."""
    import pickle

    try:
        with open(cache_path(site, name), "rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != (STATE_VERSION, schema):
        return {}
    return data.get("entries", {})


def save_cache(site: Path, name: str, schema: str, entries: dict) -> None:
    """Store a dict for load_cache; `schema` names the shape of its values, so old caches are ignored."""
    import pickle

    data = {"schema": (STATE_VERSION, schema), "entries": entries}
    write_atomic(cache_path(site, name), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
