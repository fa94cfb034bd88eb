"""The ``schema`` check kind: validate each config-shaped file against a bundled JSON Schema."""

from __future__ import annotations

from typing import Any

from linter.checks.compiling import KeyPath
from linter.formats import Role
from linter.record import Record

DUMPED_ROLES = (Role.CONFIG, Role.ENV, Role.CONFIG_SHOW)  # shaped as the config dump schema
_SCOPE_HEADS = {"default": 2, "websites": 3, "stores": 3}


def config_path_of(key_path: str) -> str:
    """``system/websites/eu/payment/x/y`` → ``websites/eu/payment/x/y``; other keys unchanged."""
    parts = key_path.split("/")
    if len(parts) > 2 and parts[0] == "system" and parts[1] in _SCOPE_HEADS:
        return "/".join(parts[2:]) if parts[1] == "default" else "/".join(parts[1:])
    return key_path


class SchemaSpec(Record):
    """A compiled ``schema`` check: the bundled JSON Schema each config-shaped file must satisfy."""

    __slots__ = ("schema",)

    def __init__(self, schema: str) -> None:
        self.schema = schema


def compile_schema(check: dict[str, Any], where: KeyPath, trusted: bool = False) -> SchemaSpec:
    """Compile a ``schema`` check."""
    return SchemaSpec(check["schema"])
