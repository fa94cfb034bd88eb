"""The ``schema`` check kind: validate each config-shaped file against a bundled JSON Schema."""

from __future__ import annotations

from typing import Any, NamedTuple

from linter.checks.compiling import KeyPath
from linter.checks.rule import Rule
from linter.finding import Finding, Place
from linter.formats import Role
from linter.model.instance import Instance
from linter.validation import schema_problems

_DUMPED_ROLES = (Role.CONFIG, Role.ENV, Role.CONFIG_SHOW)  # shaped as the config dump schema
_SCOPE_HEADS = {"default": 2, "websites": 3, "stores": 3}


def config_path_of(key_path: str) -> str:
    """``system/websites/eu/payment/x/y`` → ``websites/eu/payment/x/y``; other keys unchanged."""
    parts = key_path.split("/")
    if len(parts) > 2 and parts[0] == "system" and parts[1] in _SCOPE_HEADS:
        return "/".join(parts[2:]) if parts[1] == "default" else "/".join(parts[1:])
    return key_path


class SchemaSpec(NamedTuple):
    """A compiled ``schema`` check: the bundled JSON Schema each config-shaped file must satisfy."""

    schema: str


def compile_schema(check: dict[str, Any], where: KeyPath, trusted: bool = False) -> SchemaSpec:
    """Compile a ``schema`` check."""
    return SchemaSpec(check["schema"])


def schema_findings(rule: Rule, spec: SchemaSpec, instance: Instance) -> list[Finding]:
    """One finding per schema violation, at the offending key's line."""
    findings = []
    for source in instance.sources:
        if source.role not in ("config", "env", "config_show"):
            continue
        for key_path, line, message in schema_problems(source.document, spec.schema):
            path = config_path_of(key_path)
            text = instance.scrubber.scrub(f"{path}: {message}")
            column = None
            if line is not None:
                position = source.document.position(tuple(key_path.split("/")))
                column = position.column if position else None
            place = Place(source.file, line, column, None, instance.name)
            findings.append(Finding(rule.id, rule.severity, text, instance.name, (path,), place, key=message))
    return findings
