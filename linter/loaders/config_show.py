"""Loader for ``bin/magento config:show`` output (``path - value`` lines, default scope)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.position_index import PositionIndex

__all__ = ["load_config_show"]

# A line that starts a value: ``section/group/field - value``; ``path -`` (trailing space
# trimmed by an editor) also counts as an empty value.
_PATH_LINE_RE = re.compile(r"([a-z0-9_]+(?:/[A-Za-z0-9_]+)+) -(?: (.*))?", re.ASCII | re.DOTALL)
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
_ROOT: KeyPath = ("system", "default")


def _lines(text: str) -> Iterator[str]:
    """The text's lines, one at a time: a 15 MiB file is 400,000 of them."""
    start = 0
    for match in _LINE_BREAK_RE.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def load_config_show(text: str, file: str) -> Document:
    """Parse ``config:show`` output into ``{"system": {"default": {...}}}``.

    Lines that do not start with a config path continue the previous value (multi-line PEM
    keys); blank lines between continuation lines are kept, trailing ones dropped. Lines
    before the first path line (warnings, prompts) are ignored.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    default: dict[str, Any] = {}
    positions = PositionIndex()
    repeated: list[tuple[KeyPath, int]] = []  # each later occurrence of a path, and its line
    names: dict[str, str] = {}  # one string per distinct path segment: they repeat
    node: dict[str, Any] = default
    leaf = ""
    parts: list[str] | None = None  # the current value's lines, once it has a continuation
    pending_blank = 0
    match_line = _PATH_LINE_RE.fullmatch
    for number, line in enumerate(_lines(text), start=1):
        match = match_line(line)
        if match is not None:
            if parts is not None:
                node[leaf] = "\n".join(parts)
            path, value = match.group(1), match.group(2) or ""
            node, leaf = _place(default, path, number, file, positions, names, repeated)
            node[leaf] = value
            parts, pending_blank = None, 0
        elif leaf:
            if not line.strip():
                pending_blank += 1
                continue
            if parts is None:
                parts = [node[leaf]]
            parts.extend([""] * pending_blank)
            parts.append(line)
            pending_blank = 0
    if parts is not None:
        node[leaf] = "\n".join(parts)
    if not positions:
        if text.strip():
            raise LoadError("not config:show output: no 'section/group/field - value' line found", file, 1)
        return Document(file=file, format="config_show", data={"system": {"default": {}}}, positions={})
    positions.freeze()
    duplicates: list[DuplicateKey] = []
    for key_path, number in repeated:
        first = positions.before(key_path, number)
        duplicates.append(DuplicateKey(key_path, first or Position(number, 1), Position(number, 1)))
    return Document(
        file=file,
        format="config_show",
        data={"system": {"default": default}},
        duplicates=duplicates,
        locate=positions.locate,
    )


def _place(
    default: dict[str, Any],
    path: str,
    number: int,
    file: str,
    positions: PositionIndex,
    names: dict[str, str],
    repeated: list[tuple[KeyPath, int]],
) -> tuple[dict[str, Any], str]:
    """The mapping and key that ``path`` (written at line ``number``) sets, made as needed."""
    segments = [names.setdefault(segment, segment) for segment in path.split("/")]
    node = default
    key_path = _ROOT
    for segment in segments[:-1]:
        key_path = (*key_path, segment)
        child = node.get(segment)
        if child is None:
            child = node[segment] = {}
            positions.add(key_path, number, 1)
        elif not isinstance(child, dict):
            raise LoadError(f"'{'/'.join(key_path[2:])}' has a value and also sub-paths", file, number)
        node = child
    leaf = segments[-1]
    key_path = (*key_path, leaf)
    existing = node.get(leaf)
    if isinstance(existing, dict):
        raise LoadError(f"'{path}' has a value and also sub-paths", file, number)
    if existing is not None:
        repeated.append((key_path, number))
    positions.add(key_path, number, 1)
    return node, leaf
