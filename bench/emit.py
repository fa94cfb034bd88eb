"""Write an env.php-shaped tree as YAML, JSON or PHP, fast and byte-for-byte deterministically.

The tree holds dicts, lists of scalars, str, int, bool and None. The writers are hand-rolled because
PyYAML's emitter is far too slow for 10,000 instances and has no PHP counterpart.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_INDENT = "    "


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return "'" + text.replace("'", "''") + "'"


def _yaml_lines(tree: dict[str, Any], pad: str, out: list[str]) -> None:
    for key, value in tree.items():
        name = _yaml_scalar(key)
        if isinstance(value, dict):
            if value:
                out.append(f"{pad}{name}:")
                _yaml_lines(value, pad + "  ", out)
            else:
                out.append(f"{pad}{name}: {{}}")
        elif isinstance(value, list):
            if value:
                out.append(f"{pad}{name}:")
                out.extend(f"{pad}  - {_yaml_scalar(item)}" for item in value)
            else:
                out.append(f"{pad}{name}: []")
        elif isinstance(value, str) and "\n" in value:
            chomp = "|" if value.endswith("\n") else "|-"
            out.append(f"{pad}{name}: {chomp}")
            out.extend(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))
        else:
            out.append(f"{pad}{name}: {_yaml_scalar(value)}")


def to_yaml(tree: dict[str, Any], header: str = "") -> str:
    """Block-style YAML; strings that YAML would read as something else are single-quoted."""
    out = [f"# {line}" for line in header.splitlines()]
    _yaml_lines(tree, "", out)
    return "\n".join(out) + "\n"


def to_json(tree: dict[str, Any]) -> str:
    """Indented JSON, as people keep dumps in git."""
    return json.dumps(tree, indent=4, ensure_ascii=False) + "\n"


def _php_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _php_key(key: str) -> str:
    # PHP turns decimal-integer string keys into int keys; Magento writes them bare.
    if key.isdigit() and (key == "0" or not key.startswith("0")):
        return key
    return _php_string(key)


def _php_value(value: Any, depth: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _php_string(value)
    pad = _INDENT * depth
    if isinstance(value, dict):
        if not value:
            return "[]"
        items = [f"{pad}{_php_key(k)} => {_php_value(v, depth + 1)}" for k, v in value.items()]
    else:
        if not value:
            return "[]"
        items = [f"{pad}{_php_value(v, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + _INDENT * (depth - 1) + "]"


def to_php(tree: dict[str, Any]) -> str:
    """app/etc/env.php as Magento's PhpFormatter writes it: short arrays, 4 spaces, single quotes."""
    return "<?php\nreturn " + _php_value(tree, 1) + ";\n"


WRITERS = {"yaml": "env.yaml", "json": "env.json", "php": "app/etc/env.php"}


def render(tree: dict[str, Any], fmt: str, header: str = "") -> str:
    """The env file's text in ``fmt`` (yaml, json or php)."""
    if fmt == "yaml":
        return to_yaml(tree, header)
    if fmt == "json":
        return to_json(tree)
    if fmt == "php":
        return to_php(tree)
    raise ValueError(f"unknown format {fmt!r}")
