"""Warnings and errors about user input, each with a code, a file and (where known) a line."""

from __future__ import annotations

import errno
import os
import reprlib
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from .text import visible

MAX_MESSAGE = 1_000  # characters of a message shown; the rest is cut (a message quotes what it is about)


@dataclass(frozen=True)
class Diagnostic:
    level: str  # "warning" or "error"
    code: str  # e.g. "W101"
    message: str
    path: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        """Message and path made safe for a terminal however they were made: control characters (ESC, a
        newline in a file name) and invisible ones shown as escapes such as `\\x1b`, the message bounded."""
        message = visible(self.message)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        object.__setattr__(self, "message", message)
        if self.path is not None:
            object.__setattr__(self, "path", visible(self.path))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.level} [{self.code}] {self.message}"


@dataclass
class Diagnostics:
    """Collects diagnostics during a build and prints them as they arrive."""

    echo: bool = True
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, code: str, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self._add(Diagnostic("warning", code, message, str(path) if path else None, line))

    def error(self, code: str, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self._add(Diagnostic("error", code, message, str(path) if path else None, line))

    def _add(self, diagnostic: Diagnostic) -> None:
        if len(diagnostic.message) > MAX_MESSAGE:
            diagnostic = replace(diagnostic, message=diagnostic.message[: MAX_MESSAGE - 1] + "…")
        self.items.append(diagnostic)
        if self.echo:
            print(diagnostic, file=sys.stderr)

    def since(self, start: int) -> list[list]:
        """The diagnostics reported after the first `start`, as JSON-able records (to replay later)."""
        return [[d.level, d.code, d.message, d.path, d.line] for d in self.items[start:]]

    def replay(self, records: list[list]) -> None:
        """Report again what an earlier build reported about inputs that have not changed since."""
        for level, code, message, path, line in records:
            self._add(Diagnostic(level, code, message, path, line))

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    def exit_code(self, strict: bool = False) -> int:
        """0 when clean; 1 on errors, or on warnings when strict."""
        if self.errors or (strict and self.warnings):
            return 1
        return 0


class UserError(Exception):
    """A problem the user must fix before anything can be built (bad config, missing model).

    Its message is made safe for a terminal like a Diagnostic's; only the newlines between its lines stay."""

    def __init__(self, message: str):
        super().__init__(visible(str(message), keep="\n"))


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 6
_REPR.maxlevel = 2


def shown(value: object) -> str:
    """A short repr of any value from the input, for messages: long text, big or deep structures and huge
    numbers are cut short (...), in time that does not grow with the value, and no control character is raw."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<a number of {value.bit_length() * 0.30103:,.0f} digits>"
    if isinstance(value, (bytes, bytearray)) and len(value) > _REPR.maxstring:
        value = bytes(value[: _REPR.maxstring])
    try:
        text = visible(_REPR.repr(value))
    except (ValueError, RecursionError):
        return f"<{type(value).__name__}>"
    return text if len(text) <= 120 else text[:117] + "..."


def clipped(text: str, limit: int = 300) -> str:
    """Text (not a value's repr: see `shown`) for a message: control characters escaped, the middle cut out
    when over `limit` characters, so both ends stay (a path's file name, an error's last words)."""
    text = visible(text)
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2):]}"


def shown_path(path: str | bytes | os.PathLike, limit: int = 200) -> str:
    """A path for a message: control characters escaped, a very long one shortened in the middle."""
    return clipped(os.fsdecode(path), limit)


# What an OSError about a path means for the user, by errno; anything else shows the system's own words.
_PATH_PROBLEMS = {
    errno.ENAMETOOLONG: "path is too long for the file system (each name in a path may have at most 255 bytes, "
                        "the whole path 4,096); use shorter folder names, or a folder nearer the root",
    errno.EACCES: "permission denied; check the owner and permissions of this file or folder",
    errno.EPERM: "operation not permitted; check the owner and permissions of this file or folder",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "is a folder where a file was expected",
    errno.EEXIST: "already exists, and is not what Broadsheet expected here (a file where a folder belongs?)",
    errno.ENOENT: "not found",
    errno.ELOOP: "symbolic links loop here",
    errno.ENOSPC: "no space left on the device; free some space and build again",
    errno.EDQUOT: "disk quota exceeded; free some space and build again",
    errno.EROFS: "the file system is read-only",
}
_DEVICE_PROBLEMS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)  # no path needed to act on them


def os_problem(exc: OSError) -> str:
    """What an OSError means, in words that say what to do where Broadsheet knows."""
    return _PATH_PROBLEMS.get(exc.errno) or visible(exc.strerror or str(exc)).lower()


def user_message(exc: BaseException) -> str | None:
    """The message for an error the user can fix: a UserError, or an OSError about a path (or a full disk).
    None for anything else: a bug, which is shown with its traceback."""
    if isinstance(exc, UserError):
        return str(exc)  # made safe for a terminal when it was raised
    if not isinstance(exc, OSError) or (exc.filename is None and exc.errno not in _DEVICE_PROBLEMS):
        return None
    problem = os_problem(exc)
    if exc.filename is None:
        return problem
    where = shown_path(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {shown_path(exc.filename2)}"
    return f"{where}: {problem}"
