"""Locate the bundled rules/ and schemas/ folders, installed or in a source checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _bundled(installed_name: str, checkout_name: str) -> Path:
    installed = _PACKAGE / installed_name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / checkout_name


def rules_dir() -> Path:
    """The folder of rules that ship with commerce-lint."""
    return _bundled("_rules", "rules")


def schemas_dir() -> Path:
    """The folder of JSON Schemas that ship with commerce-lint."""
    return _bundled("_schemas", "schemas")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file name."""
    with open(schemas_dir() / name, encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
