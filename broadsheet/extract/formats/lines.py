"""A binary file read as text lines, each record bounded in bytes, with line numbers (JSON Lines and CSV)."""

from __future__ import annotations

from typing import BinaryIO, Callable

CHUNK = 1 << 20


class TooLong(Exception):
    """A record ran over the byte limit; the file was read on to the end of the line where that happened."""


class Lines:
    """Iterate a binary file as decoded lines (UTF-8; Windows-1252 where a line is not, with one warning).

    `mark()` starts a record; a record longer than `limit` bytes raises TooLong, so one huge or runaway
    record never has to fit in memory. `line` is the number of the last line read."""

    def __init__(self, file: BinaryIO, limit: int, on_not_utf8: Callable[[int], None]):
        self.file, self.limit, self.on_not_utf8 = file, limit, on_not_utf8
        self.line = 0
        self.offset = 0  # of the next line
        self.start_line, self.start_offset = 1, 0
        self._not_utf8 = False

    def __iter__(self) -> "Lines":
        return self

    def mark(self) -> None:
        """The next line starts a record."""
        self.start_line, self.start_offset = self.line + 1, self.offset

    def __next__(self) -> str:
        room = self.limit - (self.offset - self.start_offset)
        raw = self.file.readline(max(room, 0) + 1)
        if not raw:
            raise StopIteration
        self.line += 1
        self.offset += len(raw)
        if len(raw) > room:
            self._skip_rest(raw)
            raise TooLong
        return self._decode(raw)

    def restart_after(self, line: int, offset: int) -> None:
        """Go on reading at the line after the one that starts at `offset` (line number `line`)."""
        self.file.seek(offset)
        self.line, self.offset = line - 1, offset
        try:
            self.mark()
            while True:  # the first line itself, however long
                raw = self.file.readline(CHUNK)
                self.offset += len(raw)
                if not raw or raw.endswith(b"\n"):
                    break
            self.line += 1
        finally:
            self.mark()

    def _skip_rest(self, raw: bytes) -> None:
        while raw and not raw.endswith(b"\n"):
            raw = self.file.readline(CHUNK)
            self.offset += len(raw)

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8-sig" if self.line == 1 else "utf-8")
        except UnicodeDecodeError:
            if not self._not_utf8:
                self._not_utf8 = True
                self.on_not_utf8(self.line)
            return raw.decode("cp1252", errors="replace")
