"""JSON dumps: data from the C-accelerated json module, positions and duplicates from a scan."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.limits import MAX_DEPTH
from linter.loaders.lines import LineIndex, position_at

MAX_DIGITS = 4300  # Python's default int-to-string limit
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class _DuplicateSeen(Exception):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateSeen
    return result


def load_json(text: str, file: str) -> Document:
    """Parse a JSON document whose top level is an object."""
    duplicates: list[DuplicateKey] = []
    try:
        data = _parse(text, file, _strict_pairs)
    except _DuplicateSeen:
        # Rare: parse again keeping the last value, and find the duplicates with their lines.
        data = _parse(text, file, None)
        duplicates = _scan(text)[1]
    if not isinstance(data, dict):
        raise LoadError("top level is not an object", file, 1)
    return Document(
        file=file,
        format="json",
        data=data,
        duplicates=duplicates,
        position_source=lambda: _scan(text)[0],
    )


def _parse(text: str, file: str, hook: Any) -> Any:
    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", file, error.lineno, error.colno) from None
    except RecursionError:
        raise LoadError(f"invalid JSON: nesting deeper than {MAX_DEPTH} levels", file) from None
    except ValueError:  # a number longer than Python's int-to-string limit (sys.get_int_max_str_digits)
        line = next(
            (
                position_at(text, match.start()).line
                for match in _TOKEN.finditer(text)
                if len(match.group()) > MAX_DIGITS and match.group()[-1].isdigit()
            ),
            None,
        )
        raise LoadError(f"invalid JSON: a number with more than {MAX_DIGITS} digits", file, line) from None


def _scan(text: str) -> tuple[Mapping[KeyPath, Position], list[DuplicateKey]]:
    """Walk JSON tokens once, recording each key's position and any repeated key."""
    where = LineIndex(text).position  # tokens come in order: one pass over the text in all
    positions: dict[KeyPath, Position] = {}
    duplicates: list[DuplicateKey] = []
    # Each frame: (path of the container, is_object, next index, seen keys, pending key).
    stack: list[tuple[KeyPath, bool, list[int], dict[str, Position]]] = []
    pending_key: str | None = None
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(stack) > MAX_DEPTH:
            break
        if token in "{[":
            path = _child_path(stack, pending_key)
            if stack and not stack[-1][1]:
                positions.setdefault(path, where(match.start()))
            stack.append((path, token == "{", [0], {}))
            pending_key, expect_key = None, token == "{"
        elif token in "}]":
            if stack:
                stack.pop()
            pending_key, expect_key = None, False
        elif token == ",":
            if stack and stack[-1][1]:
                expect_key = True
            elif stack:
                stack[-1][2][0] += 1
            pending_key = None
        elif token == ":":
            expect_key = False
        elif expect_key and token.startswith('"') and stack:
            try:
                key = json.loads(token)
            except ValueError:
                key = token.strip('"')
            frame_path, _, _, seen = stack[-1]
            position = where(match.start())
            if key in seen:
                duplicates.append(DuplicateKey((*frame_path, key), seen[key], position))
            seen[key] = position
            positions[(*frame_path, key)] = position
            pending_key, expect_key = key, False
        elif stack and not stack[-1][1]:
            positions.setdefault(_child_path(stack, None), where(match.start()))
    return positions, duplicates


def _child_path(
    stack: list[tuple[KeyPath, bool, list[int], dict[str, Position]]], key: str | None
) -> KeyPath:
    if not stack:
        return ()
    path, is_object, index, _ = stack[-1]
    if is_object:
        return (*path, key) if key is not None else path
    return (*path, str(index[0]))
