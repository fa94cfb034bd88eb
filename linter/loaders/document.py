"""The loaded form of one input file: plain data, key positions and duplicate keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

KeyPath = tuple[str, ...]


class Position(NamedTuple):
    """A 1-based line and column inside a file."""

    line: int
    column: int


class DuplicateKey(NamedTuple):
    """A mapping key that occurs twice; the later occurrence wins."""

    path: KeyPath
    first: Position
    second: Position


@dataclass(frozen=True, slots=True)
class DynamicValue:
    """A value computed at run time (``getenv('X')``, a variable): known only by its expression."""

    expression: str

    def __str__(self) -> str:
        return f"<dynamic: {self.expression}>"


@dataclass
class Document:
    """One parsed input file.

    ``data`` holds plain Python values (dict with str keys, list, str, int, float, bool,
    None, DynamicValue). ``positions`` maps a key path to where that key is written;
    loaders may fill it lazily through ``position_source`` so that files without
    findings never pay for it.
    """

    file: str
    format: str
    data: dict[str, Any]
    duplicates: list[DuplicateKey] = field(default_factory=list)
    positions: dict[KeyPath, Position] | None = None
    position_source: Callable[[], Mapping[KeyPath, Position]] | None = None
    # A loader may answer single look-ups without indexing the whole file (YAML walks its node tree).
    locate: Callable[[KeyPath], Position | None] | None = None

    def position(self, path: KeyPath) -> Position | None:
        """Where ``path`` (or its nearest written ancestor) is in the file."""
        if self.positions is None and self.locate is not None:
            return self.locate(path)
        if self.positions is None:
            self.positions = dict(self.position_source()) if self.position_source else {}
        probe = path
        while probe:
            found = self.positions.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return None
