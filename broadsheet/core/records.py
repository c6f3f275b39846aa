"""What each output was built from, so the next build renders and writes only what changed.

The records of a site live in the project's own folder (beside config.yaml, else the working folder), in
`.broadsheet/<site name>-<hash of the site's path>.*`, never beside a --site that may sit in a folder others
can write. They are plain JSON: nothing in them is ever run. The folder must be a real folder of the user
running the build (else the build stops, E170); a record that is a link, not a file, another user's, or not
readable as a record is ignored with one warning (W170–W172) and everything it recorded is rebuilt. Record
files are opened without following links and created only readable by their owner.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import stat
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .diagnostics import Diagnostics, UserError
from .files import TEMP_PREFIX, is_output_name
from .stamps import Stamps, pack, stamps_digest

STATE_VERSION = 2
FOLDER = ".broadsheet"


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
    # As the last build saved it (parts, outputs, groups), so that a save writes only the parts that changed.
    loaded: tuple | None = field(default=None, repr=False, compare=False)

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


@dataclass(frozen=True)
class Records:
    """Where one site's build records live: <project>/.broadsheet/<site name>-<hash of its path>.<kind>."""

    folder: Path
    stem: str

    def file(self, suffix: str) -> Path:
        return self.folder / f"{self.stem}{suffix}"

    @property
    def state(self) -> Path:
        return self.file(".json")

    @property
    def summary(self) -> Path:
        """What a build with nothing changed reads instead of the state (Summary)."""
        return self.file(".summary.json")

    @property
    def journal(self) -> Path:
        """Where a build names the new files it writes in place (files.new_file_journal)."""
        return self.file(".journal")

    @property
    def lock(self) -> Path:
        return self.file(".lock")

    def cache(self, name: str) -> Path:
        return self.file(f".{name}.json")

    def part(self, name: str, index: int) -> Path:
        """One part of a record kept in parts (save_cache, save_state): <stem>.<name>.<index>.json."""
        return self.file(f".{name}.{index:02d}.json")


def records_for(site: Path, project: Path) -> Records:
    """The records of `site` in the project folder `project` (the folder of config.yaml)."""
    site = Path(site)
    stem = f"{site.name}-{hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:12]}"
    return Records(Path(project).absolute() / FOLDER, stem)


def prepare_folder(records: Records) -> None:
    """Make the records folder (only its owner may write it), or check the one there is the user's own.

    Raises UserError (E170) when it is a link, not a folder, or another user's: records others could write
    are never read, and the build does not write through them."""
    folder = records.folder
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UserError(f"{folder}: [E170] cannot create the build records folder ({exc.strerror}); "
                        "make the project folder writable, or build from a copy of the project") from None
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        raise UserError(f"{folder}: [E170] a symbolic link where the build records folder belongs; records are "
                        "never kept through a link: delete the link and build again")
    if not stat.S_ISDIR(info.st_mode):
        raise UserError(f"{folder}: [E170] not a folder, but the build records folder belongs here: delete it "
                        "and build again")
    if info.st_uid != os.geteuid():
        raise UserError(f"{folder}: [E170] the build records folder belongs to another user (uid {info.st_uid}); "
                        "records others can write are never read: delete the folder if you trust it, or build a "
                        "copy of the project in a folder only you can write")
    if info.st_mode & 0o022:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & ~0o022)  # ours: no one else may add records to it


def open_record(path: Path, flags: int, diagnostics: Diagnostics | None) -> int | None:
    """A descriptor of the record at path, opened without following a link; None (with one warning, and
    the entry removed when it is a link, not a file or another user's) when there is no usable one."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _folder_in_the_way(path) from None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            _warn(diagnostics, "W172", f"build record cannot be read ({exc.strerror}); ignored, and what it "
                  "recorded is rebuilt", path)
            return None
        code, problem = "W170", "is a symbolic link, never followed"
    else:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
            return fd
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _folder_in_the_way(path)
        code, problem = ("W171", f"belongs to another user (uid {info.st_uid})") if stat.S_ISREG(info.st_mode) \
            else ("W170", "is not a regular file")
    _warn(diagnostics, code, f"build record {problem}; removed unread, and what it recorded is rebuilt", path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # the entry itself, never what a link points to
    return None


def _folder_in_the_way(path: Path) -> UserError:
    return UserError(f"{path}: [E171] a folder where a build record belongs; delete it and build again")


def read_record(path: Path, diagnostics: Diagnostics | None) -> bytes | None:
    """The bytes of a record file of ours, or None (see open_record)."""
    fd = open_record(path, os.O_RDONLY, diagnostics)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def write_record(path: Path, data: bytes) -> None:
    """Replace the record at path with data atomically; the file is readable by its owner only."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)  # a killed build's is swept (lock.py)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)  # replaces a link itself, never what it points to
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _warn(diagnostics: Diagnostics | None, code: str, message: str, path: Path) -> None:
    if diagnostics is not None:
        diagnostics.warn(code, message, path)


def _unreadable(diagnostics: Diagnostics | None, path: Path, why: str) -> None:
    _warn(diagnostics, "W172", f"build record is not one Broadsheet wrote ({why}); ignored, and what it recorded "
          "is rebuilt", path)


def load_state(records: Records, diagnostics: Diagnostics | None = None) -> BuildState:
    """The manifest of the last build, or an empty one (a full rebuild) when there is no usable one (a state
    kept in parts is usable only whole: one part missing or unreadable, and the state is not used)."""
    data = read_record(records.state, diagnostics)
    if data is None:
        return BuildState()
    path = records.state
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
            if isinstance(raw, dict) and isinstance(raw.get("version"), int):
                return BuildState()  # written by another version of Broadsheet: rebuilt without a word
            raise ValueError("no version")
        parts = raw.get("parts", 1)
        if not _is_int(parts):
            raise ValueError("parts")
        if parts not in (1, STATE_PARTS):
            return BuildState()  # kept in another number of parts by another version: rebuilt without a word
        state = _state_from(raw)
        split: dict[str, list[dict]] = {"outputs": [], "groups": []}  # each part as read
        for name in ("outputs", "groups") if parts > 1 else ():
            for index in range(parts):
                path = records.part(name, index)
                entries = Kept.get(path, _STATE_PART, take=False)  # serve: the part this process last wrote
                if entries is None:
                    stamp = _stamp_of(path) if Kept.enabled else None  # taken before it is read
                    part = read_record(path, diagnostics)
                    if part is None:
                        raise ValueError("a part of the state is missing")
                    piece = json.loads(part)
                    if not isinstance(piece, dict) or piece.get("version") != STATE_VERSION:
                        raise ValueError("a part of another version")
                    entries = getattr(_state_from({name: _mapping(piece.get(name))}), name)
                    if stamp is not None:
                        Kept.put(path, stamp, _STATE_PART, entries)
                getattr(state, name).update(entries)
                split[name].append(entries)
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        _unreadable(diagnostics, path, _reason(exc))
        return BuildState()
    state.loaded = (parts, dict(state.outputs), dict(state.groups), split if parts > 1 else None)
    return state


def _state_from(raw: dict) -> BuildState:
    """A BuildState from its JSON, checking every part; ValueError or TypeError when something does not fit."""
    outputs = {}
    for output, (key, size, mtime) in _mapping(raw.get("outputs", {})).items():
        if not (_is_output(output) and isinstance(key, str) and _is_int(size) and _is_int(mtime)):
            raise ValueError(f"output record {output[:80]!r}")
        outputs[output] = OutputRecord(key, size, mtime)
    groups = {}
    for group, (key, members) in _mapping(raw.get("groups", {})).items():
        if not (isinstance(key, str) and isinstance(members, list) and all(_is_output(m) for m in members)):
            raise ValueError(f"page group {group[:80]!r}")
        groups[group] = [key, members]
    extra = _mapping(raw.get("extra", {}))
    for name, value in extra.items():
        if not _fits(name, value):
            raise ValueError(f"{name[:80]!r}")
    return BuildState(outputs=outputs, extra=extra, groups=groups)


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return value


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_output(output: Any) -> bool:
    """A path inside the site folder (files.is_output_name)."""
    return isinstance(output, str) and is_output_name(output)


_WARNINGS = {"site_warnings", "seed_warnings"}


def _fits(name: str, value: Any) -> bool:
    """Whether a value of state.extra has the shape the build reads it with."""
    if name in _WARNINGS:
        return isinstance(value, list) and all(
            isinstance(w, list) and len(w) == 5 and all(isinstance(p, str) for p in w[:3])
            and (w[3] is None or isinstance(w[3], str)) and (w[4] is None or _is_int(w[4])) for w in value)
    if name in ("entity_count", "seed_count", "article_count", "records_skipped"):
        return isinstance(value, str) and value.isascii() and value.isdigit()
    if name == "seeds_left_out":  # [fingerprint of the seeds folder, how many seeds a render-only build left out]
        return (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
                and value[1].isascii() and value[1].isdigit())
    if name == "seeds_with_warnings":
        return value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if name == "content_stamps":  # {"folder": path, "files": {file name: "size:mtime"}}
        return (isinstance(value, dict) and isinstance(value.get("folder"), str)
                and isinstance(value.get("files"), dict) and all(isinstance(v, str) for v in value["files"].values()))
    if name == "kept_edits":
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return isinstance(value, str)


def _reason(exc: Exception) -> str:
    """A short, printable reason a record was not usable."""
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text!r}" if text else type(exc).__name__


def adopt_journal(records: Records, site: Path, state: BuildState, diagnostics: Diagnostics | None = None) -> None:
    """Take as ours the files a killed build named in its journal but never recorded: with a record that
    matches no file, each is rendered again or, when no page wants it any more, removed."""
    data = read_record(records.journal, diagnostics)
    if not data:
        return
    root = os.path.abspath(site)
    for name in data.splitlines():
        if b"\0" in name or not name:
            continue
        output = os.path.relpath(os.fsdecode(name), root).replace(os.sep, "/")
        if _is_output(output) and not output.startswith("../") and output not in state.outputs:
            state.outputs[output] = OutputRecord("", -1, -1)


_STATE_PART = f"state part {STATE_VERSION}"  # what a part of the state is kept under (Kept)
STATE_PARTS = 256  # a big site's state is kept in this many parts of outputs and of page groups …
STATE_PARTS_FROM = 5000  # … from this many outputs on; a smaller one in one file


def save_state(records: Records, state: BuildState) -> None:
    """Write the state; a big site's in parts, of which only those that changed since it was loaded are written
    again (the outputs of one folder, and each page group, always go to the same part), then the file that
    names them, last."""
    parts = STATE_PARTS if len(state.outputs) >= STATE_PARTS_FROM else 1
    data: dict[str, Any] = {"version": STATE_VERSION, "extra": state.extra}
    if parts == 1:
        data["outputs"] = {k: [r.key, r.size, r.mtime_ns] for k, r in sorted(state.outputs.items())}
        data["groups"] = dict(sorted(state.groups.items()))
    else:
        data["parts"] = parts
        last_parts, last_outputs, last_groups, last_split = state.loaded or (0, {}, {}, None)
        now_split = {}
        for name, now, then, cluster in (("outputs", state.outputs, last_outputs, _output_folder),
                                         ("groups", state.groups, last_groups, None)):
            if last_parts == parts and last_split:  # only the parts of entries that changed are looked at
                split, changed = _apply_changes(last_split[name], now, then, parts, cluster)
            else:
                split, changed = split_parts(now, parts, cluster), set(range(parts))
            now_split[name] = split
            for index in range(parts):
                path = records.part(name, index)
                if index in changed or not os.path.lexists(path):
                    entries = split[index] if name == "groups" else {
                        k: [r.key, r.size, r.mtime_ns] for k, r in split[index].items()}
                    Kept.forget(path)
                    write_record(path, json.dumps({"version": STATE_VERSION, name: dict(sorted(entries.items()))},
                                                  separators=(",", ":")).encode("utf-8"))
                    if Kept.enabled:  # the entries as they are (an output's record, a group's [key, outputs])
                        with contextlib.suppress(OSError):
                            Kept.put(path, _stamp(os.lstat(path)), _STATE_PART, split[index])
    write_record(records.state, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    if parts == 1 and state.loaded and state.loaded[0] > 1:
        for name in ("outputs", "groups"):
            for index in range(state.loaded[0]):
                records.part(name, index).unlink(missing_ok=True)
    state.loaded = (parts, dict(state.outputs), dict(state.groups), now_split if parts > 1 else None)
    records.journal.unlink(missing_ok=True)  # every file it named is in the records now
    save_summary(records, state)


def _apply_changes(before: list[dict], now: dict, then: dict, parts: int,
                   cluster: Callable[[str], str] | None) -> tuple[list[dict], set[int]]:
    """The parts of `now`, made from the parts of `then` as saved (`before`) with the entries that changed since
    put in; and which parts differ. Only the changed entries' parts are worked out, so a build that changed a
    few pages of a big site does not sort every output into its part again."""
    split = list(before)
    changed: set[int] = set()
    crc = zlib.crc32
    gone = [key for key in then if key not in now]
    for key in [key for key, value in now.items() if then.get(key) is not value and then.get(key) != value] + gone:
        index = crc((cluster(key) if cluster else key).encode("utf-8", "surrogatepass")) % parts
        if index not in changed:
            changed.add(index)
            split[index] = dict(split[index])
        if key in now:
            split[index][key] = now[key]
        else:
            split[index].pop(key, None)
    return split, changed


def _output_folder(output: str) -> str:
    """What decides an output's part of the state: its first two folders (`people/tony-blair`), so the pages
    of one entity or article, which change together, share a part."""
    return "/".join(output.split("/", 2)[:2])


# --- the summary: what a build with nothing changed reads instead of the state ---------------------------------

SUMMARY_KEYS = ("site_inputs", "seed_inputs", "templates_checked", "site_warnings", "seed_warnings", "seed_count",
                "records_skipped", "entity_count", "article_count", "seeds_left_out")


@dataclass(frozen=True)
class Summary:
    """The part of the last build's records a build with nothing changed needs, kept in a small record of its
    own (the state of a big site runs to tens of megabytes): the fingerprints of the inputs and what the build
    reported (SUMMARY_KEYS of BuildState.extra), the names of its outputs, and a hash of their recorded sizes
    and modification times. It stands for the state it was written with, and only for that one."""

    extra: dict[str, Any]
    outputs: list[str]
    stamps: str


def save_summary(records: Records, state: BuildState) -> None:
    """Write the summary of `state`, which save_state has just written."""
    names = sorted(state.outputs)
    info = os.lstat(records.state)
    data = {
        "version": STATE_VERSION,
        "state": _stamp(info),
        "extra": {key: state.extra[key] for key in SUMMARY_KEYS if key in state.extra},
        "outputs": "\0".join(names),  # no output name holds a NUL (_is_output)
        "stamps": stamps_digest(pack((state.outputs[name].size, state.outputs[name].mtime_ns) for name in names)),
    }
    write_record(records.summary, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def amend_summary(records: Records, summary: Summary, **extra: Any) -> None:
    """Write the summary again with some of its SUMMARY_KEYS set anew (what a build with nothing changed worked
    out that the last build did not keep: the seeds a render-only build leaves out, after a full build), still
    standing for the same state."""
    try:
        info = os.lstat(records.state)
    except OSError:
        return
    data = {
        "version": STATE_VERSION,
        "state": _stamp(info),
        "extra": {**summary.extra, **{key: value for key, value in extra.items() if key in SUMMARY_KEYS}},
        "outputs": "\0".join(summary.outputs),
        "stamps": summary.stamps,
    }
    write_record(records.summary, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def forget_summary(records: Records) -> None:
    """A build that may change the site drops the summary first: one is there only when the last build finished."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(records.summary)  # the entry itself, whatever it is (a folder there stops the build elsewhere)


def load_summary(records: Records, diagnostics: Diagnostics | None = None) -> Summary | None:
    """The summary of the last build, or None when there is none, it is not one Broadsheet wrote, or the
    state beside it is not the one it was written with."""
    data = read_record(records.summary, diagnostics)
    if data is None:
        return None
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
            if isinstance(raw, dict) and isinstance(raw.get("version"), int):
                return None  # written by another version of Broadsheet
            raise ValueError("no version")
        state, extra, outputs, stamps = raw["state"], _mapping(raw["extra"]), raw["outputs"], raw["stamps"]
        if not (isinstance(state, list) and len(state) == 4 and all(_is_int(n) for n in state)
                and isinstance(outputs, str) and isinstance(stamps, str)):
            raise ValueError("not a summary")
        if outputs[:1] == "/" or "\0/" in outputs or (  # searched at C speed (192,000 names at 10x), then by name
                ".." in outputs and not all(map(is_output_name, outputs.split("\0")))):
            raise ValueError("an output named outside the site folder")
        for name, value in extra.items():
            if name not in SUMMARY_KEYS or not _fits(name, value):
                raise ValueError(f"{name[:80]!r}")
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        _unreadable(diagnostics, records.summary, _reason(exc))
        return None
    try:
        info = os.lstat(records.state)
    except OSError:
        return None
    if _stamp(info) != state:
        return None  # the state was written again, replaced or given away since: the summary is not its own
    return Summary(extra, outputs.split("\0") if outputs else [], stamps)


def outputs_unchanged(summary: Summary, root: Path, check: Stamps | None = None) -> bool:
    """True when every output the summary names is on disk with the size and modification time the build
    recorded (what outputs_intact checks, without the state). `check`: the outputs_check already started."""
    packed = (check or outputs_check(summary, root)).packed()
    return packed is not None and stamps_digest(packed) == summary.stamps


def outputs_check(summary: Summary, root: Path, mine: float = 0.5) -> Stamps:
    """The stat of every output the summary names, started (see stamps.Stamps: `mine` is the share left to
    this process, which may do other work before it asks for them)."""
    return Stamps(summary.outputs, mine, root=str(root))


def _stamp_of(path: Path) -> list[int] | None:
    try:
        return _stamp(os.lstat(path))
    except OSError:
        return None


def _stamp(info: os.stat_result) -> list[int]:
    """Which file this is, as it was: a change of owner or mode changes the ctime too."""
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def outputs_intact(state: BuildState, root: Path) -> bool:
    """True when every file the last build wrote is still on disk as it left it."""
    return all(state.is_current(root, output, record.key) for output, record in state.outputs.items())


@contextlib.contextmanager
def collector_paused(keep: bool = False):
    """Python's cycle collector off while a step makes millions of objects and almost no garbage (reading a
    cache, the site model, the plan of the pages: the collector's passes over a big heap cost up to half
    their time), back as it was afterwards. With `keep`, what the step made lives as long as the build: it is
    left out of later passes too (gc.freeze, before the collector is back: its first pass would otherwise
    go over all of it at once), inside a `collector_passes_over_existing` block that gives it back."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if collecting:
            gc.enable()


@contextlib.contextmanager
def collector_passes_over_existing():
    """Every object made so far left out of the cycle collector's passes (gc.freeze) until the block ends: the
    site model's millions of objects live as long as the build, and a pass over them costs a second or more on
    a big archive. Nested, the outermost block gives them back; a forked worker shares them, untouched."""
    outermost = not _PASSES_HELD[0]  # a counter: gc.get_freeze_count() walks every frozen object
    _PASSES_HELD[0] += 1
    gc.freeze()
    try:
        yield
    finally:
        _PASSES_HELD[0] -= 1
        if outermost:
            gc.unfreeze()


_PASSES_HELD = [0]  # collector_passes_over_existing blocks open here (a forked worker inherits the count)


def cache_path(records: Records, name: str) -> Path:
    return records.cache(name)


def load_cache(records: Records, name: str, schema: str, decode: Callable[[str, Any], Any],
               diagnostics: Diagnostics | None = None, parts: int = 1, reuse: str | None = None) -> dict:
    """A cache kept beside the state (e.g. parsed content files): {key: decode(key, value)} for each entry
    of its JSON; empty when absent, stale or not readable (with one warning: its entries are made again).
    A cache kept in `parts` (save_cache) is read part by part: a part that is missing or not readable leaves
    out only its own entries (and is removed, so the next save writes it again).

    `reuse`: a process that builds again and again (serve) need not decode again a record file it read or
    wrote itself and that is still that very file (`_stamp`: inode, size, modification and change times): its
    entries are kept in memory (`Kept`). "shared" when the caller never changes the values (frozen objects):
    they are handed out on every load; "once" when it may (a tally changed in place): handed out once, then read
    from the file again unless the build saves the record anew (save_cache with `reuse`)."""
    if parts > 1:
        found: dict = {}
        with collector_paused():  # once for all parts: each return of the collector would start a pass
            for index in range(parts):
                found.update(_load_entries(records.part(name, index), schema, decode, diagnostics, reuse))
        return found
    return _load_entries(records.cache(name), schema, decode, diagnostics, reuse)


class Kept:
    """The entries of record files this process decoded or wrote, by path, with the stamp the file had then
    and the schema they were read under: kept for the records folder used last only (a process building one
    project again and again), so what is held is bounded by one project's records.

    Only while `enabled` (serve turns it on): a process that builds once would only pay for it, since records
    kept past the build's end are then gone over by the cycle collector as the process exits (seconds on a big
    archive), where dropped at the end of the build they are freed without it."""

    enabled = False
    folder: str | None = None
    entries: dict[str, tuple[list[int], str, dict]] = {}

    @classmethod
    def get(cls, path: Path, schema: str, take: bool) -> dict | None:
        """The entries kept for the file at path, if it is still the file they came from (a copy of the
        mapping; with `take`, handed out once: forgotten here)."""
        kept = cls.entries.get(str(path)) if cls.folder == str(path.parent) else None
        if kept is None:
            return None
        if take:
            del cls.entries[str(path)]
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return dict(kept[2]) if kept[0] == _stamp(info) and kept[1] == schema else None

    @classmethod
    def put(cls, path: Path, stamp: list[int], schema: str, entries: dict) -> None:
        if not cls.enabled:
            return
        if cls.folder != str(path.parent):
            cls.folder, cls.entries = str(path.parent), {}
        cls.entries[str(path)] = (stamp, schema, dict(entries))

    @classmethod
    def forget(cls, path: Path) -> None:
        cls.entries.pop(str(path), None)


class Warmed:
    """The entries of record files read ahead of need (`warm_cache`: while a child process loads the spaCy
    model), by path, with the stamp the file had then and the schema they were read under: each handed out
    once, to the load_cache that asks for that file while it is still that very file; `clear` drops the rest
    (at the end of a build)."""

    entries: dict[str, tuple[list[int], str, dict]] = {}

    @classmethod
    def take(cls, path: Path, schema: str) -> tuple[list[int], dict] | None:
        """The stamp and entries read ahead for the file at path, if it is still that file (forgotten here)."""
        warmed = cls.entries.pop(str(path), None)
        if warmed is None:
            return None
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return (warmed[0], warmed[2]) if warmed[0] == _stamp(info) and warmed[1] == schema else None

    @classmethod
    def clear(cls) -> None:
        cls.entries = {}


def warm_cache(records: Records, name: str, schema: str, decode: Callable[[str, Any], Any], parts: int = 1) -> None:
    """Read and decode a cache ahead of the load_cache that will ask for it (see Warmed). A file that is absent or
    not readable is left for that load_cache, which says what is wrong with it."""
    paths = [records.part(name, index) for index in range(parts)] if parts > 1 else [records.cache(name)]
    with collector_paused():
        for path in paths:
            read = _read_entries(path, schema, decode)
            if read is not None:
                Warmed.entries[str(path)] = (read[0], schema, read[1])


def _read_entries(path: Path, schema: str, decode: Callable[[str, Any], Any]) -> tuple[list[int], dict] | None:
    """The stamp and decoded entries of a record file, or None when it cannot be read as one (quietly)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None  # what open_record warns about, when load_cache reads it
        data = handle.read()
    try:
        found = _entries_in(data, schema, decode)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return None if found is None else (_stamp(info), found)


def _entries_in(data: bytes, schema: str, decode: Callable[[str, Any], Any]) -> dict | None:
    """The decoded entries of a record file's bytes; None when it was written for another shape of entries
    (another schema); ValueError, TypeError, KeyError or RecursionError when it is no record."""
    raw = json.loads(data)
    if not isinstance(raw, dict) or raw.get("schema") != [STATE_VERSION, schema]:
        if isinstance(raw, dict) and isinstance(raw.get("schema"), list):
            return None
        raise ValueError("no schema")
    return {key: decode(key, value) for key, value in _mapping(raw["entries"]).items()}


def _load_entries(path: Path, schema: str, decode: Callable[[str, Any], Any],
                  diagnostics: Diagnostics | None, reuse: str | None = None) -> dict:
    if (warmed := Warmed.take(path, schema)) is not None:
        if reuse == "shared":
            Kept.put(path, warmed[0], schema, warmed[1])
        return warmed[1]
    if reuse and (kept := Kept.get(path, schema, take=reuse == "once")) is not None:
        return kept
    fd = open_record(path, os.O_RDONLY, diagnostics)
    if fd is None:
        return {}
    with os.fdopen(fd, "rb") as handle:
        stamp = _stamp(os.fstat(handle.fileno()))
        data = handle.read()
    with collector_paused():  # tens of thousands of new objects, none of them garbage
        try:
            found = _entries_in(data, schema, decode)
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            _unreadable(diagnostics, path, _reason(exc))
            path.unlink(missing_ok=True)
            return {}
        if found is None:
            path.unlink(missing_ok=True)
            return {}  # written for another shape of entries: made again without a word
    if reuse == "shared":
        Kept.put(path, stamp, schema, found)
    return found


def save_cache(records: Records, name: str, schema: str, entries: dict, encode: Callable[[Any], Any],
               parts: int = 1, before: dict | None = None, reuse: bool = False) -> None:
    """Store entries for load_cache, each as the plain data encode(value) gives (left out when None);
    `schema` names their shape, so caches of another shape are ignored. With `reuse`, the entries are also
    kept in memory for this process's next load_cache with `reuse` (their values must be what decoding
    their plain data gives).

    With `parts`, the entries are kept in that many files, each key always in the same one (by a hash of the
    key), and `before` (the entries as load_cache gave them) says which parts changed: only those are written
    again, so a build that changed one entry of a big cache writes one small file, not the whole cache."""
    if parts <= 1:
        _save_entries(records.cache(name), schema, entries, encode, reuse)
        records.file(f".{name}.pickle").unlink(missing_ok=True)  # what older versions kept (never read)
        return
    records.cache(name).unlink(missing_ok=True)  # the cache as one file, as older versions kept it
    now, then = split_parts(entries, parts), split_parts(before or {}, parts)
    for index in range(parts):
        path = records.part(name, index)
        if before is None or now[index] != then[index] or not os.path.lexists(path):
            _save_entries(path, schema, now[index], encode, reuse)


def _save_entries(path: Path, schema: str, entries: dict, encode: Callable[[Any], Any], reuse: bool = False) -> None:
    with collector_paused():
        rows = {key: row for key, value in entries.items() if (row := encode(value)) is not None}
        text = json.dumps({"schema": [STATE_VERSION, schema], "entries": rows}, separators=(",", ":"))
    Kept.forget(path)
    write_record(path, text.encode("ascii"))
    if reuse:
        with contextlib.suppress(OSError):
            Kept.put(path, _stamp(os.lstat(path)), schema, {key: entries[key] for key in rows})


def split_parts(entries: dict, parts: int, cluster: Callable[[str], str] | None = None) -> list[dict]:
    """The entries split into `parts` dicts, each key always in the same one (a CRC of the key, or of
    cluster(key), so that keys of one cluster share a part)."""
    split: list[dict] = [{} for _ in range(parts)]
    crc = zlib.crc32
    for key, value in entries.items():
        split[crc((cluster(key) if cluster else key).encode("utf-8", "surrogatepass")) % parts][key] = value
    return split
