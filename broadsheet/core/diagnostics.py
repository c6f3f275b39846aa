"""Warnings and errors about user input, each with a code, a file and (where known) a line."""

from __future__ import annotations

import errno
import os
import re
import reprlib
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    level: str  # "warning" or "error"
    code: str  # e.g. "W101"
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return escape_controls(f"{where}{self.level} [{self.code}] {self.message}")


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
    """A problem the user must fix before anything can be built (bad config, missing model)."""


# Characters a message must not carry raw: C0/C1 controls (a terminal runs escape sequences), newlines and tabs
# inside one message, and lone surrogates (undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """text with each control character (and undecodable byte) written as an escape such as \\x1b."""
    pattern = _UNPRINTABLE_BUT_NEWLINE if keep_newlines else _UNPRINTABLE
    return pattern.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object, limit: int = 80) -> str:
    """A value for a message: quoted text, control characters escaped, at most about `limit` characters
    (the middle cut out), so no input can flood or corrupt the terminal."""
    if isinstance(value, str):
        return f"'{clipped(value, limit)}'"
    return clipped(_REPR.repr(value), limit)


def clipped(text: str, limit: int = 300) -> str:
    """text for a message: control characters escaped, the middle cut out when over `limit` characters."""
    text = escape_controls(text)
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2):]}"


_REPR = reprlib.Repr()  # a list or mapping shown only so far: YAML aliases can nest one a billion times over
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 40, 40


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
    return _PATH_PROBLEMS.get(exc.errno) or escape_controls(exc.strerror or str(exc)).lower()


def user_message(exc: BaseException) -> str | None:
    """The message for an error the user can fix: a UserError, or an OSError about a path (or a full disk).
    None for anything else: a bug, which is shown with its traceback."""
    if isinstance(exc, UserError):
        return escape_controls(str(exc), keep_newlines=True)
    if not isinstance(exc, OSError) or (exc.filename is None and exc.errno not in _DEVICE_PROBLEMS):
        return None
    problem = os_problem(exc)
    if exc.filename is None:
        return problem
    where = shown_path(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {shown_path(exc.filename2)}"
    return f"{where}: {problem}"
