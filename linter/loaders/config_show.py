"""Loader for ``bin/magento config:show`` output (``path - value`` lines, of one scope).

``config:show`` prints the values stored at one scope, without fallback and without naming the scope
(``ConfigShowCommand::execute()`` in app/code/Magento/Config/Console/Command/ConfigShowCommand.php). A
capture of ``--scope websites --scope-code eu`` is named ``config-show.websites.eu.txt``, or starts with
the command line that made it (``$ bin/magento config:show --scope=websites --scope-code=eu``); any
other capture is of the default scope.
"""

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
# A per-scope capture's file name: config-show.websites.eu.txt (the scope as --scope takes it).
SCOPED_NAME_RE = re.compile(r"config-show\.(websites?|stores?|default)(?:\.([A-Za-z0-9_]+))?\.txt", re.I)
_COMMAND_RE = re.compile(r"\bmagento[ \t]+config:show\b")
_OPTION_RE = re.compile(r"--(scope|scope-code)(?:=|[ \t]+)(['\"]?)([^\s'\"]*)\2")
_SHOWN = 40  # characters of a scope or code quoted in an error: the line may be anything


def _lines(text: str) -> Iterator[str]:
    """The text's lines, one at a time: a 15 MiB file is 400,000 of them."""
    start = 0
    for match in _LINE_BREAK_RE.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def _scope(kind: str, code: str | None, file: str, line: int) -> KeyPath:
    """The document root of a capture of scope ``kind``/``code`` (``website`` is ``websites``)."""
    kind = kind.lower()
    shown = kind if len(kind) <= _SHOWN else f"{kind[:_SHOWN]}..."
    if kind == "default":
        if code:
            raise LoadError("config:show of the default scope takes no --scope-code", file, line)
        return _ROOT
    plural = kind if kind.endswith("s") else f"{kind}s"
    if plural not in ("websites", "stores"):
        raise LoadError(f"config:show --scope {shown!r}: expected default, websites or stores", file, line)
    if not code:
        raise LoadError(f"config:show of scope {plural} needs --scope-code", file, line)
    return ("system", plural, code)


def _named_scope(file: str) -> KeyPath | None:
    match = SCOPED_NAME_RE.fullmatch(file.replace("\\", "/").rsplit("/", 1)[-1])
    return _scope(match[1], match[2], file, 1) if match else None


def _command_scope(line: str, file: str, number: int) -> KeyPath | None:
    """The scope a pasted ``config:show`` command line names, or None for another line."""
    if "config:show" not in line or _COMMAND_RE.search(line) is None:
        return None
    options = {name: value for name, _, value in _OPTION_RE.findall(line)}
    return _scope(options.get("scope") or "default", options.get("scope-code"), file, number)


def load_config_show(text: str, file: str) -> Document:
    """Parse ``config:show`` output into ``{"system": {"default": {...}}}`` (or the captured scope's).

    Lines that do not start with a config path continue the previous value (multi-line PEM
    keys); blank lines between continuation lines are kept, trailing ones dropped. Lines
    before the first path line (warnings, prompts, the command) are ignored, but for the scope a
    pasted ``config:show`` command names; the file's name may name it too, and they must agree.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    root = named = _named_scope(file)
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
        if match is None and not positions:  # before the first value: perhaps the command itself
            command = _command_scope(line, file, number)
            if command is not None:
                if named is not None and command != named:
                    said = "/".join(command[1:])
                    raise LoadError(
                        f"the command captures {said[: _SHOWN * 2]} but the file name says "
                        f"{'/'.join(named[1:])}",
                        file,
                        number,
                    )
                root = command
            continue
        if match is not None:
            if parts is not None:
                node[leaf] = "\n".join(parts)
            path, value = match.group(1), match.group(2) or ""
            node, leaf = _place(default, root or _ROOT, path, number, file, positions, names, repeated)
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
    data = _rooted(root or _ROOT, default)
    if not positions:
        if text.strip() and root is None:
            raise LoadError("not config:show output: no 'section/group/field - value' line found", file, 1)
        return Document(file=file, format="config_show", data=data, positions={})
    positions.freeze()
    duplicates: list[DuplicateKey] = []
    for key_path, number in repeated:
        first = positions.before(key_path, number)
        duplicates.append(DuplicateKey(key_path, first or Position(number, 1), Position(number, 1)))
    return Document(
        file=file,
        format="config_show",
        data=data,
        duplicates=duplicates,
        locate=positions.locate,
    )


def _rooted(root: KeyPath, values: dict[str, Any]) -> dict[str, Any]:
    """``{"system": {"default": values}}``, or ``{"system": {"websites": {"eu": values}}}``."""
    data: dict[str, Any] = values
    for key in reversed(root):
        data = {key: data}
    return data


def _place(
    default: dict[str, Any],
    root: KeyPath,
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
    key_path = root
    for segment in segments[:-1]:
        key_path = (*key_path, segment)
        child = node.get(segment)
        if child is None:
            child = node[segment] = {}
            positions.add(key_path, number, 1)
        elif not isinstance(child, dict):
            raise LoadError(
                f"'{'/'.join(key_path[len(root) :])}' has a value and also sub-paths", file, number
            )
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
