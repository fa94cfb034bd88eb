"""A compiled yes/no validator for the simple JSON Schema keywords our data schemas use.

Most documents are valid; proving that with plain closures avoids importing jsonschema at all (start-up
time) and is much faster per file (fleets of thousands). Only when a document is invalid, or a schema
uses a keyword outside this subset, does validation fall back to jsonschema for detailed errors.
Semantics match JSON Schema draft 2020-12 for the keywords handled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_SUPPORTED = {
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "enum",
    "const",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minLength",
    "minimum",
    "minItems",
}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not handle."""


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def compile_schema(root: dict[str, Any], wildcard: type | None = None) -> Check | None:
    """A function telling valid from invalid, or None when the schema is outside the subset.

    A value of type ``wildcard`` (a value computed at run time) satisfies any schema: it is unknown,
    and an unknown is not an error.
    """
    compiled: dict[str, Check] = {}

    def ref(pointer: str) -> Check:
        if not pointer.startswith("#/$defs/"):
            raise Unsupported(pointer)
        name = pointer[len("#/$defs/") :]

        def lazy(value: Any) -> bool:
            return compiled[name](value)

        return lazy

    def build(schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(ref(schema["$ref"]))
        if "type" in schema:
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            checks.append(_any_type([_TYPES[kind] for kind in kinds]))
        if "enum" in schema:
            checks.append(_one_of(list(schema["enum"])))
        if "const" in schema:
            checks.append(_one_of([schema["const"]]))
        if "minLength" in schema:
            checks.append(_bounded(str, len, schema["minLength"]))
        if "minItems" in schema:
            checks.append(_bounded(list, len, schema["minItems"]))
        if "minimum" in schema:
            checks.append(_minimum(schema["minimum"]))
        if "items" in schema:
            checks.append(_items(build(schema["items"])))
        if "required" in schema:
            checks.append(_required(list(schema["required"])))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(_object(schema, build))
        if not checks:
            return lambda value: True
        if wildcard is not None:
            return _unless(wildcard, checks)
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    try:
        for name, definition in root.get("$defs", {}).items():
            compiled[name] = build(definition)
        return build({key: value for key, value in root.items() if key != "$defs"})
    except Unsupported:
        return None


def _unless(wildcard: type, checks: list[Check]) -> Check:
    def check(value: Any) -> bool:
        return type(value) is wildcard or all(test(value) for test in checks)

    return check


def _any_type(tests: list[Callable[[Any], bool]]) -> Check:
    def check(value: Any) -> bool:
        return any(test(value) for test in tests)

    return check


def _one_of(options: list[Any]) -> Check:
    def check(value: Any) -> bool:
        return any(_same(value, option) for option in options)

    return check


def _bounded(kind: type, measure: Callable[[Any], int], least: int) -> Check:
    def check(value: Any) -> bool:
        return not isinstance(value, kind) or measure(value) >= least

    return check


def _minimum(floor: float) -> Check:
    def check(value: Any) -> bool:
        return isinstance(value, bool) or not isinstance(value, int | float) or value >= floor

    return check


def _items(item: Check) -> Check:
    def check(value: Any) -> bool:
        return not isinstance(value, list) or all(item(entry) for entry in value)

    return check


def _required(names: list[str]) -> Check:
    def check(value: Any) -> bool:
        return not isinstance(value, dict) or all(name in value for name in names)

    return check


def _object(schema: dict[str, Any], build: Callable[[Any], Check]) -> Check:
    properties = {name: build(sub) for name, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    other = build(extra) if extra is not True else None

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            test = properties.get(key)
            if test is not None:
                if not test(item):
                    return False
            elif other is not None and not other(item):
                return False
        return True

    return check
