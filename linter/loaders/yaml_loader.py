"""YAML dumps: data from PyYAML's composer (C-accelerated when present), positions on demand."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.limits import MAX_DEPTH, MAX_NODES, NodeBudget
from linter.loaders.yaml_import import import_yaml

import_yaml()  # before the plain imports below, which then find it loaded

import yaml  # noqa: E402
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode  # noqa: E402

_FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TRUE = frozenset({"yes", "true", "on", "y"})
_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)
_DASH_RUN = re.compile(r"(?:-[ \t]+){20,}")


def load_yaml(text: str, file: str, typed_numbers: bool = False) -> Document:
    """Parse one YAML document into a Document; errors become LoadError with a line.

    Numbers stay as written (Magento stores strings) unless ``typed_numbers`` asks for int/float,
    as rule and settings files do.
    """
    root = _compose(text, file)
    if not isinstance(root, MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise LoadError("top level is not a mapping", file, line)
    builder = _Builder(file, typed_numbers)
    data = builder.build(root)
    return Document(
        file=file,
        format="yaml",
        data=data,
        duplicates=builder.duplicates,
        position_source=lambda: _positions(root),
        locate=_Locator(root).locate,
    )


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on how deep the YAML nests: libyaml's composer recurses in C."""
    flow = text.count("[") + text.count("{")
    indent = max((len(match) for match in _INDENT.findall(text)), default=0)
    dashes = 20 if _DASH_RUN.search(text) else 0
    return flow + indent + dashes


@functools.cache
def _c_nesting_limited() -> bool:
    """Whether libyaml refuses nesting past its own limit (0.2.5 and later: 1,000 levels)."""
    if _FAST_LOADER is yaml.SafeLoader:
        return False
    try:
        yaml.compose("[" * 1001 + "]" * 1001, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return True
    return False


def _compose(text: str, file: str) -> Node | None:
    # Deeply nested input would overflow an older libyaml composer's stack; the pure-Python one
    # fails cleanly with RecursionError instead. The bound counts every bracket, so a file of
    # thousands of flow mappings ({...} per store view) would take that slow path for nothing:
    # ask it only of a libyaml that does not bound nesting itself.
    fast = _c_nesting_limited() or _nesting_bound(text) < 1000
    loader = _FAST_LOADER if fast else yaml.SafeLoader
    try:
        node: Node | None = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        raise yaml_error(error, text, file) from None
    except RecursionError:
        raise LoadError(f"invalid YAML: nesting deeper than {MAX_DEPTH} levels", file) from None
    if node is None:
        raise LoadError("file is empty", file, 1)
    return node


def yaml_error(error: yaml.YAMLError, text: str, file: str) -> LoadError:
    """PyYAML's error as one line with its place: the mark, or where a forbidden character is."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
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
        line_start = text.rfind("\n", 0, offset) + 1
        return LoadError(problem, file, text.count("\n", 0, offset) + 1, offset - line_start + 1)
    return LoadError(f"invalid YAML: {error}", file)


class _Builder:
    """Turns a composed node tree into plain data, bounding depth and alias expansion."""

    def __init__(self, file: str, typed_numbers: bool = False) -> None:
        self.file = file
        self.typed_numbers = typed_numbers
        self.duplicates: list[DuplicateKey] = []
        self.budget = NodeBudget()

    def build(self, root: MappingNode) -> dict[str, Any]:
        value = self._value(root, (), 0)
        assert isinstance(value, dict)
        return value

    def _fail(self, message: str, node: Node) -> LoadError:
        return LoadError(message, self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _value(self, node: Node, path: KeyPath, depth: int) -> Any:
        if not self.budget.spend():
            raise self._fail(NodeBudget.message(), node)
        if depth > MAX_DEPTH:
            raise self._fail(f"nesting deeper than {MAX_DEPTH} levels", node)
        if isinstance(node, ScalarNode):
            value = _scalar(node)
            return (
                _number(node) if self.typed_numbers and not node.style and isinstance(value, str) else value
            )
        if isinstance(node, SequenceNode):
            return [
                self._value(item, (*path, str(index)), depth + 1) for index, item in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise self._fail("unsupported YAML node", node)

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self._merge_sources(value_node, path, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                raise self._fail("mapping key is not a plain value", key_node)
            key = _key_text(key_node)
            previous = seen.get(key)
            if previous is not None:
                self.duplicates.append(DuplicateKey((*path, key), _position(previous), _position(key_node)))
            seen[key] = key_node
            result[key] = self._value(value_node, (*path, key), depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge_sources(self, node: Node, path: KeyPath, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            value = self._value(source, path, depth + 1)
            if not isinstance(value, dict):
                raise self._fail("a merge key (<<) must refer to a mapping", source)
            merged.update(value)
        return merged


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _key_text(node: ScalarNode) -> str:
    if node.tag == _NULL and not node.style:
        return "" if node.value in ("", "~") else node.value
    return str(node.value)


def _scalar(node: ScalarNode) -> Any:
    """Scalars stay as written, except YAML's null and booleans (Magento stores strings)."""
    if not node.style:  # plain scalar: None from the Python loader, '' from the C one
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return node.value.lower() in _TRUE
    return node.value


def _number(node: ScalarNode) -> Any:
    text = node.value.replace("_", "")
    try:
        if node.tag == _INT:
            return (
                int(text, 0)
                if not (len(text) > 1 and text.startswith("0") and text.isdigit())
                else int(text, 8)
            )
        if node.tag == _FLOAT:
            return float(text)
    except ValueError:
        pass
    return node.value


class _Locator:
    """Finds one key path's position by walking down the node tree.

    Each mapping's keys are indexed the first time a look-up passes through it, so a finding per
    store view costs one pass over ``stores``, not one per finding (quadratic at thousands).
    """

    __slots__ = ("indexes", "root")

    def __init__(self, root: Node) -> None:
        self.root = root
        self.indexes: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _keys(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        index = self.indexes.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:  # the last occurrence of a key wins
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE:
                    index[_key_text(key_node)] = (key_node, value_node)
            self.indexes[id(node)] = index  # the tree holds every node, so an id is never reused
        return index

    def locate(self, path: KeyPath) -> Position | None:
        """The position of ``path`` (or its nearest ancestor)."""
        node, found = self.root, None
        for depth, key in enumerate(path):
            if depth > MAX_DEPTH:
                break
            child: Node | None = None
            if isinstance(node, MappingNode):
                pair = self._keys(node).get(key)
                if pair is not None:
                    child, found = pair[1], _position(pair[0])
            elif isinstance(node, SequenceNode) and key.isdigit() and int(key) < len(node.value):
                child = node.value[int(key)]
                found = _position(child)
            if child is None:
                break
            node = child
        return found


def _positions(root: Node) -> Mapping[KeyPath, Position]:
    """Every mapping key's position, keyed by its path; walks iteratively."""
    found: dict[KeyPath, Position] = {}
    stack: list[tuple[Node, KeyPath, int]] = [(root, (), 0)]
    visited = 0
    while stack and visited < MAX_NODES:
        node, path, depth = stack.pop()
        visited += 1
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, MappingNode):
            winners: dict[str, tuple[Node, Node]] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE:
                    winners[_key_text(key_node)] = (key_node, value_node)
            for key, (key_node, value_node) in winners.items():
                key_path = (*path, key)
                found[key_path] = _position(key_node)
                stack.append((value_node, key_path, depth + 1))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                item_path = (*path, str(index))
                found.setdefault(item_path, _position(item))
                stack.append((item, item_path, depth + 1))
    return found
