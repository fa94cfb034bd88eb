"""Small value records: slotted classes that compare, hash and print by their fields.

Why not ``NamedTuple``: on Python 3.11 each NamedTuple class costs about 0.9 M instructions to
create at import (string annotations are compiled one by one), and a pre-commit run imports some
thirty of them before it reads a file; a slotted class costs a tenth of that. Why not a
dataclass: creating one costs several million instructions more. A record is immutable by
convention: nothing assigns to a field after ``__init__``; ``replace`` makes a changed copy.
"""

from __future__ import annotations

from typing import Any, Self


class Record:
    """Base of a value record: subclasses name their fields in ``__slots__`` and set each in
    ``__init__``, whose parameters carry the same names."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        # Records cross process boundaries (``--jobs``): sent as the class and its field values, as a
        # NamedTuple is, rather than the slots' default (a dictionary of names per record).
        return (type(self), self._values())

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied (fields by name)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        unknown = changes.keys() - values.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return type(self)(**values)
