"""The one line index: string offsets to 1-based line and column, and back, for every loader."""

from __future__ import annotations

from linter.loaders.document import Position


class LineIndex:
    """Line and column of offsets in ``text``, counted by a cursor that only moves forward.

    Loaders ask in increasing order (tokens, keys), so all their questions together cost one pass
    over the text, done by ``str.count``/``str.rfind`` in C, and no table of line starts is held (a
    15 MiB file has a million lines). A question behind the cursor starts again from the top: one
    more pass for that question, never a rescan per question in a loader's order.
    """

    __slots__ = ("_at", "_line", "_line_start", "_start", "_text")

    def __init__(self, text: str, start: int = 0) -> None:
        """``start``: where line 1, column 1 is (after a byte order mark, which no editor shows)."""
        self._text = text
        self._start = start
        self._at = start  # offset up to which newlines have been counted
        self._line = 1  # the line holding ``_at``
        self._line_start = start  # where that line starts

    def _rewind(self) -> None:
        self._at = self._line_start = self._start
        self._line = 1

    def position(self, offset: int) -> Position:
        """The line and column of ``offset`` (a newline belongs to the line it ends)."""
        text = self._text
        if offset < self._at:
            self._rewind()
        newline = text.rfind("\n", self._at, offset)
        if newline >= 0:
            self._line += text.count("\n", self._at, newline + 1)
            self._line_start = newline + 1
        self._at = offset
        return Position(self._line, offset - self._line_start + 1)

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``line`` and ``column``; a line past the end is taken as the last one."""
        text = self._text
        if line < self._line:
            self._rewind()
        while self._line < line:
            newline = text.find("\n", self._line_start)
            if newline < 0:
                break
            self._line += 1
            self._line_start = newline + 1
        self._at = self._line_start
        return self._line_start + column - 1


def position_at(text: str, offset: int) -> Position:
    """The line and column of one offset (an error's): one pass over the text up to it."""
    return LineIndex(text).position(offset)
