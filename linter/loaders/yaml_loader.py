"""YAML dumps: data from PyYAML's composer (C-accelerated when present), positions on demand."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.yaml_import import import_yaml

import_yaml()  # before the plain imports below, which then find it loaded

import yaml  # noqa: E402
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode  # noqa: E402

_FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 200
MAX_NODES = 1_000_000
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TRUE = frozenset({"yes", "true", "on", "y"})
_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)
_DASH_RUN = re.compile(r"(?:-[ \t]+){20,}")
# PyYAML's pure-Python scanner quotes what it found (``unknown escape character 'q'``, an alias name):
# text from inside a value, maybe a secret's. Only token names (``'<scalar>'``) and punctuation stay.
_ESCAPE = re.compile(r"\\(?:[a-z]|x[0-9a-f]{2})")  # a tab or a control character, as repr() writes it
_QUOTED = re.compile(r"(?:,? but found)? ('[^']*'|\"[^\"]*\")")


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
        locate=lambda path: _locate(root, path),
    )


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on how deep the YAML nests: libyaml's composer recurses in C."""
    flow = text.count("[") + text.count("{")
    indent = max((len(match) for match in _INDENT.findall(text)), default=0)
    dashes = 20 if _DASH_RUN.search(text) else 0
    return flow + indent + dashes


def _compose(text: str, file: str) -> Node | None:
    # Deeply nested input would overflow the C composer's stack; the pure-Python one fails
    # cleanly with RecursionError instead, so only such rare files take the slow path.
    loader = _FAST_LOADER if _nesting_bound(text) < 1000 else yaml.SafeLoader
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
        line_start = text.rfind("\n", 0, offset) + 1
        return LoadError(problem, file, text.count("\n", 0, offset) + 1, offset - line_start + 1)
    return LoadError(f"invalid YAML: {error}", file)


def _unquoted(problem: str) -> str:
    """PyYAML's problem text without the quoted text of a value (libyaml never quotes it)."""

    def keep(match: re.Match[str]) -> str:
        body = match.group(1)[1:-1]
        if body.startswith("<") or (len(body) == 1 and not body.isalnum()) or _ESCAPE.fullmatch(body):
            return match.group(0)
        return ""

    return _QUOTED.sub(keep, problem)


class _Builder:
    """Turns a composed node tree into plain data, bounding depth and alias expansion."""

    def __init__(self, file: str, typed_numbers: bool = False) -> None:
        self.file = file
        self.typed_numbers = typed_numbers
        self.duplicates: list[DuplicateKey] = []
        self.nodes = 0

    def build(self, root: MappingNode) -> dict[str, Any]:
        value = self._value(root, (), 0)
        assert isinstance(value, dict)
        return value

    def _fail(self, message: str, node: Node) -> LoadError:
        return LoadError(message, self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _value(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(f"YAML aliases expand to more than {MAX_NODES} nodes (an alias bomb?)", node)
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


def _locate(root: Node, path: KeyPath) -> Position | None:
    """The position of one key path (or its nearest ancestor), walking down the node tree."""
    node, found = root, None
    for depth, key in enumerate(path):
        if depth > MAX_DEPTH:
            break
        child: Node | None = None
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:  # the last occurrence of a key wins
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE and _key_text(key_node) == key:
                    child, found = value_node, _position(key_node)
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
