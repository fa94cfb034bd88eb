"""Loader for ``bin/magento config:show`` output (``path - value`` lines, default scope)."""

from __future__ import annotations

import re
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position

__all__ = ["load_config_show"]

# A line that starts a value: ``section/group/field - value``; ``path -`` (trailing space
# trimmed by an editor) also counts as an empty value.
_PATH_LINE_RE = re.compile(r"([a-z0-9_]+(?:/[A-Za-z0-9_]+)+) -(?: (.*))?", re.ASCII | re.DOTALL)
_LINE_SPLIT_RE = re.compile(r"\r?\n|\r")
_ROOT: KeyPath = ("system", "default")


def load_config_show(text: str, file: str) -> Document:
    """Parse ``config:show`` output into ``{"system": {"default": {...}}}``.

    Lines that do not start with a config path continue the previous value (multi-line PEM
    keys); blank lines between continuation lines are kept, trailing ones dropped. Lines
    before the first path line (warnings, prompts) are ignored.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_SPLIT_RE.split(text)

    # Pass 1: collect (path, first line, value) entries.
    entries: list[tuple[str, int, list[str]]] = []
    current: list[str] | None = None
    pending_blank = 0
    match_line = _PATH_LINE_RE.fullmatch
    for number, line in enumerate(lines, start=1):
        match = match_line(line)
        if match is not None:
            current = [match.group(2) or ""]
            entries.append((match.group(1), number, current))
            pending_blank = 0
        elif current is not None:
            if not line.strip():
                pending_blank += 1
            else:
                if pending_blank:
                    current.extend([""] * pending_blank)
                    pending_blank = 0
                current.append(line)

    if not entries:
        if text.strip():
            raise LoadError("not config:show output: no 'section/group/field - value' line found", file, 1)
        return Document(file=file, format="config_show", data={"system": {"default": {}}}, positions={})

    # Pass 2: build the nested tree.
    default: dict[str, Any] = {}
    positions: dict[KeyPath, Position] = {}
    duplicates: list[DuplicateKey] = []
    for path, number, parts in entries:
        segments = path.split("/")
        where = Position(number, 1)
        node = default
        key_path = _ROOT
        for segment in segments[:-1]:
            key_path = (*key_path, segment)
            child = node.get(segment)
            if child is None:
                child = node[segment] = {}
                positions[key_path] = where
            elif not isinstance(child, dict):
                raise LoadError(f"'{'/'.join(key_path[2:])}' has a value and also sub-paths", file, number)
            node = child
        leaf = segments[-1]
        key_path = (*key_path, leaf)
        existing = node.get(leaf)
        if isinstance(existing, dict):
            raise LoadError(f"'{path}' has a value and also sub-paths", file, number)
        if existing is not None:
            duplicates.append(DuplicateKey(key_path, positions[key_path], where))
        node[leaf] = "\n".join(parts)
        positions[key_path] = where
    return Document(
        file=file,
        format="config_show",
        data={"system": {"default": default}},
        duplicates=duplicates,
        positions=positions,
    )
