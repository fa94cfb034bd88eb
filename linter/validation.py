"""Validate loaded YAML/JSON against a bundled JSON Schema, reporting file, line and key."""

from __future__ import annotations

from functools import cache
from typing import Any

from linter.loaders.document import Document, DynamicValue
from linter.resources import load_schema


@cache
def fast_check(schema_name: str) -> Any:
    """The compiled yes/no check for a schema, or None when it needs the full validator."""
    from linter.fastschema import compile_schema

    return compile_schema(load_schema(schema_name), wildcard=DynamicValue)


@cache
def validator_for(schema_name: str) -> Any:
    """One compiled validator per schema, reused across files."""
    from jsonschema import Draft202012Validator

    schema = load_schema(schema_name)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(
    document: Document, schema_name: str, data: Any = None
) -> list[tuple[str, int | None, str]]:
    """(key path, line, message) for each way ``document`` breaks the schema; [] when valid."""
    target = document.data if data is None else data
    fast = fast_check(schema_name)
    if fast is not None and fast(target):
        return []
    validator = validator_for(schema_name)
    if validator.is_valid(target):
        return []
    from jsonschema.exceptions import best_match

    problems = []
    for error in sorted(validator.iter_errors(target), key=lambda e: [str(p) for p in e.absolute_path]):
        if _about_unknown(error):
            continue
        if error.context:  # oneOf/anyOf: name the branch that came closest, not just "no match"
            error = _closest(error, best_match)
        path = tuple(str(part) for part in error.absolute_path)
        if not path and error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # At the top there is no parent line to name: name the first unknown key's own line.
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            position = document.position((str(extra[0]),)) if extra else None
        else:
            position = document.position(path) if path else None
        problems.append(
            ("/".join(path) or "(top level)", position.line if position else None, describe(error))
        )
    return problems


def _about_unknown(error: Any) -> bool:
    """True for an error about a value computed at run time (getenv()): unknown is not wrong."""
    if isinstance(error.instance, DynamicValue):
        return True
    # oneOf/anyOf over a mapping: no error when every branch fails only on unknown values
    return bool(error.context) and all(isinstance(sub.instance, DynamicValue) for sub in error.context)


def _closest(error: Any, best_match: Any) -> Any:
    """For a mapping, an unknown key says more than "not a boolean"; otherwise jsonschema's best match."""
    candidates = list(error.context)
    if isinstance(error.instance, dict):
        for candidate in candidates:
            if candidate.validator == "additionalProperties":
                return candidate
    return best_match(candidates)


def describe(error: Any) -> str:
    """A message for a schema error that never repeats the offending value (it may be a secret)."""
    validator = error.validator
    value = error.validator_value
    if validator == "enum":
        return "must be one of: " + ", ".join(str(item) for item in value)
    if validator == "const":
        return f"must be {value!r}"
    if validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return "must be of type " + " or ".join(kinds)
    if validator == "required":
        missing = [name for name in value if isinstance(error.instance, dict) and name not in error.instance]
        return "missing required key: " + ", ".join(missing)
    if validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "unknown key: " + ", ".join(extra)
    if validator == "pattern":
        return f"must match the pattern {value}"
    if validator in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "minProperties"):
        return f"violates {validator} {value}"
    if validator == "format":
        return f"must be a valid {value}"
    if validator in ("oneOf", "anyOf"):
        return "does not match any allowed form"
    return f"fails the schema's {validator} check"
