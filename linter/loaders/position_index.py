"""Key positions for a large file in 16 bytes a key: no tuple, Position or dict entry per key."""

from __future__ import annotations

import bisect
from array import array

from linter.loaders.document import KeyPath, Position

_HASH_MASK = (1 << 64) - 1
_FIELD_BITS = 24  # lines and columns up to 16 million; a 16 MiB file has no more of either
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_PLACE_BITS = 2 * _FIELD_BITS
_PLACE_MASK = (1 << _PLACE_BITS) - 1


class PositionIndex:
    """Where each key path is written, looked up by the path's 64-bit hash.

    Two arrays side by side, sorted by hash once (``freeze``): the hashes, and each key's line and
    column packed in one number. A path never recorded could share a recorded one's hash and be
    given its place: about one chance in 10^13 for a file of a million keys.
    """

    __slots__ = ("_hashes", "_places", "_sorted")

    def __init__(self) -> None:
        self._hashes = array("Q")
        self._places = array("Q")
        self._sorted = True

    def add(self, path: KeyPath, line: int, column: int) -> None:
        """Record where ``path`` is written; of two records of one path the later in the file wins."""
        if (line | column) > _FIELD_MASK:  # only past --max-file-size's default
            line, column = min(line, _FIELD_MASK), min(column, _FIELD_MASK)
        self._hashes.append(hash(path) & _HASH_MASK)
        self._places.append((line << _FIELD_BITS) | column)
        self._sorted = False

    def __len__(self) -> int:
        return len(self._hashes)

    def freeze(self) -> None:
        """Sort the records by hash (then place); a loader calls it once it has recorded every key."""
        if self._sorted:
            return
        # One int per key while sorting (48 bytes each, freed after): the loader's data is all
        # that is alive at this point, so this is not the run's peak.
        combined = [
            (key << _PLACE_BITS) | place for key, place in zip(self._hashes, self._places, strict=True)
        ]
        combined.sort()
        self._hashes = array("Q", (entry >> _PLACE_BITS for entry in combined))
        self._places = array("Q", (entry & _PLACE_MASK for entry in combined))
        del combined
        self._sorted = True

    def _range(self, path: KeyPath) -> tuple[int, int]:
        self.freeze()
        key = hash(path) & _HASH_MASK
        return bisect.bisect_left(self._hashes, key), bisect.bisect_right(self._hashes, key)

    def get(self, path: KeyPath) -> Position | None:
        """Where ``path`` itself is written (its last record), or None."""
        low, high = self._range(path)
        return _position(self._places[high - 1]) if high > low else None

    def before(self, path: KeyPath, line: int) -> Position | None:
        """Where ``path`` was recorded last before ``line`` (the first of two duplicates), or None."""
        low, high = self._range(path)
        limit = min(line, _FIELD_MASK) << _FIELD_BITS
        at = bisect.bisect_left(self._places, limit, low, high) - 1
        return _position(self._places[at]) if at >= low else None

    def locate(self, path: KeyPath) -> Position | None:
        """Where ``path`` or its nearest recorded ancestor is written."""
        probe = path
        while probe:
            found = self.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return None


def _position(place: int) -> Position:
    return Position(place >> _FIELD_BITS, place & _FIELD_MASK)
