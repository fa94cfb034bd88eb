"""A YAML node tree at a fraction of PyYAML's cost, composed from parser events without recursion.

PyYAML's composed nodes each carry a dict and two Mark objects (about 400 bytes a scalar): a 15 MiB
.magento.app.yaml took 390 MiB. These keep a scalar's text, whether it is a merge key, and one packed
position. Aliases point at the anchored node, as PyYAML's composer does, so merge keys can refer back.
"""

from __future__ import annotations

from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Position
from linter.loaders.limits import MAX_DEPTH

MERGE_TAG = "tag:yaml.org,2002:merge"
_COLUMN_BITS = 24


class Node:
    """A scalar, mapping or sequence; ``value`` is the text, the (key, value) pairs, or the items."""

    __slots__ = ("at", "value")

    def __init__(self, value: Any, line: int, column: int) -> None:
        self.value = value
        self.at = (line << _COLUMN_BITS) | column

    @property
    def position(self) -> Position:
        """Where the node starts (1-based)."""
        return Position(self.at >> _COLUMN_BITS, self.at & ((1 << _COLUMN_BITS) - 1))


class Scalar(Node):
    """A scalar, its text as written (tags are ignored, ``<<`` is told apart)."""

    __slots__ = ("merge",)

    def __init__(self, value: str, line: int, column: int, merge: bool) -> None:
        super().__init__(value, line, column)
        self.merge = merge


class Mapping(Node):
    """A mapping: ``value`` is its list of (key, value) pairs, in order."""

    __slots__ = ()


class Sequence(Node):
    """A sequence: ``value`` is its list of items."""

    __slots__ = ()


def compose(loader: Any, file: str) -> Node | None:
    """The single document the loader's events describe (None for an empty stream).

    Parser errors (``yaml.YAMLError``) propagate for the caller to repair or report.
    """
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    next_event = loader.get_event
    next_event()  # StreamStartEvent
    event = next_event()
    if isinstance(event, StreamEndEvent):
        return None
    assert isinstance(event, DocumentStartEvent)
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, list[Node]]] = []  # open mappings and sequences, with a pending key
    root: Node | None = None
    while root is None:
        event = next_event()
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        node: Node | None = None
        if isinstance(event, AliasEvent):
            node = anchors.get(event.anchor or "")
            if node is None:
                raise LoadError(
                    "invalid YAML: found an undefined alias (a value that starts with * needs quotes)",
                    file,
                    line,
                    column,
                )
        elif isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent):
            if isinstance(event, ScalarEvent):
                plain = event.tag is None and event.implicit[0] and not event.style
                merge = event.tag == MERGE_TAG or (plain and event.value == "<<")
                node = Scalar(event.value, line, column, merge)
            else:
                node = (Mapping if isinstance(event, MappingStartEvent) else Sequence)([], line, column)
            if event.anchor is not None:
                if event.anchor in anchors:
                    message = "invalid YAML: found an anchor name used twice"
                    raise LoadError(message, file, line, column)
                anchors[event.anchor] = node  # before its content: a mapping may merge itself
            if not isinstance(node, Scalar):
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        f"invalid YAML: nesting deeper than {MAX_DEPTH} levels", file, line, column
                    )
                stack.append((node, []))
                continue
        else:  # the end of a mapping or sequence
            node, _ = stack.pop()
        if not stack:
            root = node
        else:
            _add(stack[-1], node)
    event = next_event()  # DocumentEndEvent
    event = next_event()
    if not isinstance(event, StreamEndEvent):
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        raise LoadError("invalid YAML: expected a single document, but found another", file, line, column)
    return root


def _add(parent: tuple[Node, list[Node]], node: Node) -> None:
    container, pending = parent
    if isinstance(container, Sequence):
        container.value.append(node)
    elif pending:
        container.value.append((pending.pop(), node))
    else:
        pending.append(node)
