"""YAML dumps: data and key positions built from PyYAML's parser events (C-accelerated when present).

No node tree is kept: PyYAML's nodes cost about 400 bytes each, so composing a 15 MiB dump took
600 MiB before a single value was built. Building from events holds only the data, the key
positions (linter.loaders.position_index) and one frame per open mapping or sequence, and never
recurses: nesting is bounded by MAX_DEPTH, aliases and merge keys by the node budget.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.limits import MAX_DEPTH, NodeBudget
from linter.loaders.lines import position_at
from linter.loaders.position_index import PositionIndex

_FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TRUE = frozenset({"yes", "true", "on", "y"})
# PyYAML's pure-Python scanner quotes what it found (``unknown escape character 'q'``, an alias name):
# text from inside a value, maybe a secret's. Only token names (``'<scalar>'``) and punctuation stay.
_ESCAPE = re.compile(r"\\(?:[a-z]|x[0-9a-f]{2})")  # a tab or a control character, as repr() writes it
_QUOTED = re.compile(r"(?:,? but found)? ('[^']*'|\"[^\"]*\")")
# First characters of the plain scalars YAML 1.1 reads as null or a boolean (the rest stay strings).
_NULL_OR_BOOL_START = frozenset("~nNyYtTfFoO")


def load_yaml(text: str, file: str, typed_numbers: bool = False) -> Document:
    """Parse one YAML document into a Document; errors become LoadError with a line.

    Numbers stay as written (Magento stores strings) unless ``typed_numbers`` asks for int/float,
    as rule and settings files do.
    """
    try:
        loader = _FAST_LOADER(text)  # the pure-Python reader checks every character here
        builder = _Builder(file, typed_numbers, loader)
        try:
            data = builder.build()
        finally:
            loader.dispose()
        builder.positions.freeze()
    except yaml.YAMLError as error:
        raise yaml_error(error, text, file) from None
    return Document(
        file=file,
        format="yaml",
        data=data,
        duplicates=builder.duplicates,
        locate=builder.positions.locate,
    )


def yaml_error(error: yaml.YAMLError, text: str, file: str) -> LoadError:
    """PyYAML's error as one line with its place: the mark, or where a forbidden character is."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = _unquoted(error.problem or error.context or "invalid YAML")
        return LoadError(
            f"invalid YAML: {problem}",
            file,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # libyaml counts the position in bytes, PyYAML in characters: find the character itself
        # (the reader stops at its first occurrence, since whether it is allowed depends on it alone).
        offset = text.find(chr(error.character))
        problem = f"invalid YAML: unacceptable character #x{error.character:04x}: {error.reason}"
        if offset < 0:
            return LoadError(problem, file)
        where = position_at(text, offset)
        return LoadError(problem, file, where.line, where.column)
    return LoadError(f"invalid YAML: {error}", file)


def _unquoted(problem: str) -> str:
    """PyYAML's problem text without the quoted text of a value (libyaml never quotes it)."""

    def keep(match: re.Match[str]) -> str:
        body = match.group(1)[1:-1]
        if body.startswith("<") or (len(body) == 1 and not body.isalnum()) or _ESCAPE.fullmatch(body):
            return match.group(0)
        return ""

    return _QUOTED.sub(keep, problem)


class _Frame:
    """An open mapping or sequence: what it holds so far and where its next child goes."""

    __slots__ = (
        "anchor",
        "at",
        "is_map",
        "key",
        "merge",
        "merged",
        "path",
        "record",
        "seen",
        "spent",
        "value",
    )

    def __init__(self, value: Any, path: KeyPath, at: Position, anchor: str | None, spent: int, record: bool):
        self.value = value  # the dict or list being built
        self.path = path
        self.at = at
        self.anchor = anchor
        self.spent = spent  # the budget spent before this node, to size it for its aliases
        self.record = record  # False inside merge sources: their keys are not where the value is
        self.is_map = type(value) is dict
        self.key: str | None = None  # a mapping's pending key, once read
        self.merge = False  # the pending key is '<<'
        self.merged: dict[str, Any] = {}
        self.seen: dict[str, Position] = {}


class _Builder:
    """Turns parser events into plain data, key positions and duplicates, within the limits."""

    def __init__(self, file: str, typed_numbers: bool, loader: Any) -> None:
        self.file = file
        self.typed_numbers = typed_numbers
        self.loader = loader
        self.duplicates: list[DuplicateKey] = []
        self.positions = PositionIndex()
        self.budget = NodeBudget()
        self.anchors: dict[str, tuple[Any, int, Position]] = {}
        self.keys: dict[str, str] = {}
        self.claimed: set[str] = set()

    def _fail(self, message: str, event: Any) -> LoadError:
        return LoadError(message, self.file, event.start_mark.line + 1, event.start_mark.column + 1)

    def build(self) -> dict[str, Any]:
        next_event = self.loader.get_event
        event = next_event()
        assert isinstance(event, StreamStartEvent)
        event = next_event()
        if isinstance(event, StreamEndEvent):
            raise LoadError("file is empty", self.file, 1)
        assert isinstance(event, DocumentStartEvent)
        event = next_event()
        if not isinstance(event, MappingStartEvent):
            raise LoadError("top level is not a mapping", self.file, event.start_mark.line + 1)
        stack: list[_Frame] = []
        root: dict[str, Any] | None = None
        budget = self.budget
        while True:
            kind = type(event)
            if kind is ScalarEvent and event.anchor is None and stack:
                # The common case, inlined: a plain value of a mapping key (half of all events).
                frame = stack[-1]
                if frame.is_map and frame.key is not None and not frame.merge and len(stack) <= MAX_DEPTH:
                    if not budget.spend():
                        raise self._fail(NodeBudget.message(), event)
                    frame.value[frame.key] = self._scalar(event)
                    frame.key = None
                    event = next_event()
                    continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value = self._close(frame)
                if not stack:
                    root = value
                    break
                self._child(stack[-1], value, frame.at, event)
            else:
                self._node(stack, event)
            event = next_event()
        end = next_event()
        assert isinstance(end, DocumentEndEvent)
        extra = next_event()
        if not isinstance(extra, StreamEndEvent):
            raise self._fail("invalid YAML: expected a single document, but found another document", extra)
        return root

    def _node(self, stack: list[_Frame], event: Any) -> None:
        """One event that starts a node: a scalar, an alias, or a mapping or sequence opening."""
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_map and parent.key is None:
            self._key(parent, event)
            return
        at = Position(event.start_mark.line + 1, event.start_mark.column + 1)
        depth = len(stack)
        if depth > MAX_DEPTH:
            raise self._fail(f"nesting deeper than {MAX_DEPTH} levels", event)
        if isinstance(event, AliasEvent):
            value = self._alias(event, depth)
        else:
            if event.anchor is not None:
                self._claim(event)
            spent = self.budget.spent
            if not self.budget.spend():
                raise self._fail(NodeBudget.message(), event)
            if isinstance(event, ScalarEvent):
                value = self._scalar(event)
                if event.anchor is not None:
                    self._anchor(event.anchor, value, spent, at)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                path, record = self._child_path(parent)
                container: Any = {} if isinstance(event, MappingStartEvent) else []
                stack.append(_Frame(container, path, at, event.anchor, spent, record))
                return
            else:
                raise self._fail("unsupported YAML event", event)
        if parent is None:
            raise LoadError("top level is not a mapping", self.file, event.start_mark.line + 1)
        self._child(parent, value, at, event)

    def _key(self, frame: _Frame, event: Any) -> None:
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor or "")
            if target is None or isinstance(target[0], dict | list):
                raise self._fail("mapping key is not a plain value", event)
            key = "" if target[0] is None else str(target[0])
            merge = False
        elif isinstance(event, ScalarEvent):
            plain = event.implicit[0] and not event.style
            merge = event.tag == _MERGE or (event.tag is None and plain and event.value == "<<")
            key = "" if plain and event.value in ("", "~") else event.value
            key = self.keys.setdefault(key, key)  # one string per distinct key: dumps repeat them
            if event.anchor is not None:
                self._claim(event)
                self._anchor(event.anchor, key, self.budget.spent, frame.at)
        else:
            raise self._fail("mapping key is not a plain value", event)
        where = Position(event.start_mark.line + 1, event.start_mark.column + 1)
        frame.key, frame.merge = key, merge
        if merge:
            return
        previous = frame.seen.get(key)
        if previous is not None:
            self.duplicates.append(DuplicateKey((*frame.path, key), previous, where))
        frame.seen[key] = where
        if frame.record:
            self.positions.add((*frame.path, key), where.line, where.column)

    def _child_path(self, parent: _Frame | None) -> tuple[KeyPath, bool]:
        """The path of the node about to start under ``parent``, and whether its keys are recorded."""
        if parent is None:
            return (), True
        if not parent.is_map:
            return (*parent.path, str(len(parent.value))), parent.record
        if parent.merge:
            return parent.path, False
        assert parent.key is not None
        return (*parent.path, parent.key), parent.record

    def _child(self, parent: _Frame, value: Any, at: Position, event: Any) -> None:
        """Put a finished node into its parent."""
        if not parent.is_map:
            if parent.record:
                self.positions.add((*parent.path, str(len(parent.value))), at.line, at.column)
            parent.value.append(value)
            return
        if parent.merge:
            sources = value if isinstance(value, list) else [value]
            merged: dict[str, Any] = {}
            for source in reversed(sources):  # the first mapping named wins, as in YAML 1.1
                if not isinstance(source, dict):
                    raise self._fail("a merge key (<<) must refer to a mapping", event)
                merged.update(source)
            parent.merged.update(merged)
        else:
            assert parent.key is not None
            parent.value[parent.key] = value
        parent.key, parent.merge = None, False

    def _close(self, frame: _Frame) -> Any:
        value = frame.value
        if frame.merged:
            for key, merged in frame.merged.items():  # keys written in the mapping win over merged ones
                value.setdefault(key, merged)
        if frame.anchor is not None:
            self._anchor(frame.anchor, value, frame.spent, frame.at)
        return value

    def _claim(self, event: Any) -> None:
        """Refuse an anchor name used twice, as PyYAML's composer does."""
        if event.anchor in self.claimed:
            raise self._fail("invalid YAML: found an anchor name used twice", event)
        self.claimed.add(event.anchor)

    def _anchor(self, name: str, value: Any, spent: int, at: Position) -> None:
        self.anchors[name] = (value, self.budget.spent - spent, at)

    def _alias(self, event: Any, depth: int) -> Any:
        target = self.anchors.get(event.anchor)
        if target is None:
            raise self._fail(
                "invalid YAML: found an undefined alias (a value that starts with * needs quotes)", event
            )
        value, size, _ = target
        if not self.budget.spend(max(size, 1)):  # an anchored key is sized 0
            raise self._fail(NodeBudget.message(), event)
        return _copy(value, depth, lambda: self._fail(f"nesting deeper than {MAX_DEPTH} levels", event))

    def _scalar(self, event: Any) -> Any:
        """Scalars stay as written, except YAML's null and booleans (Magento stores strings)."""
        value: str = event.value
        if event.style:  # quoted or block: always a string
            return value
        tag = event.tag
        if tag is None or tag == "!":
            if not self.typed_numbers and value and value[0] not in _NULL_OR_BOOL_START:
                return value
            tag = self.loader.resolve(ScalarNode, value, event.implicit)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in _TRUE
        if self.typed_numbers:
            return _number(tag, value)
        return value


def _copy(value: Any, depth: int, too_deep: Any) -> Any:
    """A fresh copy of an anchored value for one alias (the data is never shared between paths)."""
    if depth > MAX_DEPTH:
        raise too_deep()
    if type(value) is dict:
        return {key: _copy(item, depth + 1, too_deep) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item, depth + 1, too_deep) for item in value]
    return value


def _number(tag: str, value: str) -> Any:
    text = value.replace("_", "")
    try:
        if tag == _INT:
            return (
                int(text, 0)
                if not (len(text) > 1 and text.startswith("0") and text.isdigit())
                else int(text, 8)
            )
        if tag == _FLOAT:
            return float(text)
    except ValueError:
        pass
    return value
