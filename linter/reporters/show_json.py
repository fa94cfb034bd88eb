"""``commerce-lint show --format json``: the document schemas/show.schema.json describes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from linter import __version__
from linter.errors import LintError
from linter.location import Location
from linter.model.instance import Instance
from linter.model.paths import Scope
from linter.model.provenance import Provenance, Shown, Step

FORMAT_VERSION = "1"  # fields are only ever added within a version
SCHEMA_ID = "https://commerce-lint.dev/schemas/show.schema.json"


def render(blocks: Sequence[tuple[Instance, Scope, list[Provenance]]], errors: Sequence[LintError]) -> str:
    """The whole document, one JSON object (non-ASCII and undecodable bytes escaped)."""
    document = {
        "$schema": SCHEMA_ID,
        "version": FORMAT_VERSION,
        "tool": {"name": "commerce-lint", "version": __version__},
        "instances": [_instance(instance, scope, values) for instance, scope, values in blocks],
        "errors": [error.one_line() for error in errors],
    }
    return json.dumps(document, indent=2) + "\n"


def _instance(instance: Instance, scope: Scope, values: list[Provenance]) -> dict[str, Any]:
    return {
        "name": instance.name,
        "directory": instance.directory,
        "scope": scope.label,
        "reads": [candidate.label for candidate in instance.fallback(scope)],
        "unread_files": [unread.label() for unread in instance.unreadable],
        "values": [_value(value) for value in values],
    }


def _value(entry: Provenance) -> dict[str, Any]:
    return {
        "path": entry.path,
        "scope": entry.scope,
        "value": _shown(entry.value),
        "decided_at": entry.decided_at,
        "inherited": entry.inherited,
        "note": entry.note,
        "reads": list(entry.read),
        "chain": [_step(step) for step in entry.steps],
        "consulted": list(entry.consulted),
    }


def _step(step: Step) -> dict[str, Any]:
    return {
        "state": step.state,
        "scope": step.scope,
        "layer": step.role,
        "location": _place(step.location),
        "value": _shown(step.value),
        "note": step.note,
    }


def _place(place: Location) -> dict[str, Any]:
    return {
        "file": place.file,
        "line": place.line,
        "column": place.column,
        "variable": place.variable,
        "label": place.label(),
    }


def _shown(value: Shown) -> dict[str, Any]:
    shown: dict[str, Any] = {"kind": value.kind}
    if value.kind in ("value", "empty"):
        shown["text"] = value.text
    elif value.kind == "secret":
        shown["fingerprint"] = value.fingerprint
        shown["status"] = value.status
    elif value.kind == "dynamic":
        shown["expression"] = value.expression
    return shown
