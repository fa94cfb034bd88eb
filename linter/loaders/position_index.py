"""Key positions for a large file, about 50 bytes a key: no tuple, Position or dict entry per key."""

from __future__ import annotations

import bisect

from linter.loaders.document import KeyPath, Position

_HASH_BITS = 64
_HASH_MASK = (1 << _HASH_BITS) - 1
_FIELD_BITS = 24  # lines and columns up to 16 million; a 16 MiB file has no more of either
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_LOW = 2 * _FIELD_BITS


class PositionIndex:
    """Where each key path is written, looked up by the path's hash.

    Each entry is one int: the path's 64-bit hash above its line and column, so the index is a
    sorted list of ints. A path never recorded could share a recorded one's hash and be given its
    place: about one chance in 10^13 for a file of a million keys.
    """

    __slots__ = ("_entries", "_sorted")

    def __init__(self) -> None:
        self._entries: list[int] = []
        self._sorted = True

    def add(self, path: KeyPath, line: int, column: int) -> None:
        """Record where ``path`` is written; of two records of one path the later in the file wins."""
        if (line | column) > _FIELD_MASK:  # only past --max-file-size's default
            line, column = min(line, _FIELD_MASK), min(column, _FIELD_MASK)
        self._entries.append(((hash(path) & _HASH_MASK) << _LOW) | (line << _FIELD_BITS) | column)
        self._sorted = False

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, path: KeyPath) -> Position | None:
        """Where ``path`` itself is written, or None."""
        self._sort()
        key = (hash(path) & _HASH_MASK) << _LOW
        at = bisect.bisect_left(self._entries, key + (1 << _LOW)) - 1
        if at < 0 or self._entries[at] >> _LOW != key >> _LOW:
            return None
        entry = self._entries[at]
        return Position((entry >> _FIELD_BITS) & _FIELD_MASK, entry & _FIELD_MASK)

    def before(self, path: KeyPath, line: int) -> Position | None:
        """Where ``path`` was recorded last before ``line`` (the first of two duplicates), or None."""
        self._sort()
        key = (hash(path) & _HASH_MASK) << _LOW
        at = bisect.bisect_left(self._entries, key | (min(line, _FIELD_MASK) << _FIELD_BITS)) - 1
        if at < 0 or self._entries[at] >> _LOW != key >> _LOW:
            return None
        entry = self._entries[at]
        return Position((entry >> _FIELD_BITS) & _FIELD_MASK, entry & _FIELD_MASK)

    def _sort(self) -> None:
        if not self._sorted:
            self._entries.sort()  # once, on the first look-up: files without findings never pay
            self._sorted = True

    def locate(self, path: KeyPath) -> Position | None:
        """Where ``path`` or its nearest recorded ancestor is written."""
        probe = path
        while probe:
            found = self.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return None
