"""The loaded form of one input file: plain data, key positions and duplicate keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


class DynamicValue:
    """A value computed at run time (``getenv('X')``, a variable): known only by its expression."""

    # Plain classes here and in the model, not dataclasses: each dataclass costs about 3 M
    # instructions at import, paid by every pre-commit run (bench/README.md, "Where the time goes").
    __slots__ = ("expression",)

    def __init__(self, expression: str) -> None:
        self.expression = expression

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DynamicValue):
            return NotImplemented
        return self.expression == other.expression

    def __hash__(self) -> int:
        return hash((DynamicValue, self.expression))

    def __repr__(self) -> str:
        return f"DynamicValue({self.expression!r})"

    def __str__(self) -> str:
        return f"<dynamic: {self.expression}>"


class Document:
    """One parsed input file.

    ``data`` holds plain Python values (dict with str keys, list, str, int, float, bool,
    None, DynamicValue). ``positions`` maps a key path to where that key is written;
    loaders may fill it lazily through ``position_source`` so that files without
    findings never pay for it. A loader may also answer single look-ups through ``locate``
    without indexing the whole file (YAML walks its node tree).
    """

    def __init__(
        self,
        file: str,
        format: str,
        data: dict[str, Any],
        duplicates: list[DuplicateKey] | None = None,
        positions: dict[KeyPath, Position] | None = None,
        position_source: Callable[[], Mapping[KeyPath, Position]] | None = None,
        locate: Callable[[KeyPath], Position | None] | None = None,
    ) -> None:
        self.file = file
        self.format = format
        self.data = data
        self.duplicates = duplicates if duplicates is not None else []
        self.positions = positions
        self.position_source = position_source
        self.locate = locate

    def __repr__(self) -> str:
        return f"Document({self.file!r}, {self.format!r})"

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
