"""Evaluate one instance-level or change-level rule: iterate, bind, test each case, build findings."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

from linter.catalog.rule import Rule, Severity
from linter.checks.conditions import evaluate
from linter.checks.context import CheckError, Context, DuplicateRef, Unknown
from linter.checks.templates import render
from linter.finding import Finding, Place
from linter.model.instance import EffectiveValue, Instance, Location
from linter.model.paths import Scope
from linter.secrets import SecretText, is_secret_path

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "not_applicable"
# A change rule whose before state exists but could not be read: neither a pass nor "added".
NOT_EVALUATED = "not_evaluated"


class RuleOutcome(NamedTuple):
    """The findings of one rule on one instance, and whether it passed, failed or did not apply."""

    status: str
    findings: list[Finding]


def evaluate_rule(rule: Rule, instance: Instance, before: Instance | None = None) -> RuleOutcome:
    """Run ``rule`` on ``instance`` (and its ``before`` state for change rules)."""
    if rule.needs_env_type and not instance.env_type_known:
        return RuleOutcome(NOT_APPLICABLE, [])
    try:
        if "schema" in rule.check:
            from linter.checks.schema_check import schema_findings

            findings = schema_findings(rule, instance)
            return RuleOutcome(FAIL if findings else PASS, findings)
        return _evaluate_cases(rule, Context(instance, before))
    except EVALUATION_ERRORS as error:
        return RuleOutcome(FAIL, [rule_error(rule, instance, error)])


# What a rule whose data does not fit the instance (or a rule written wrongly) can raise.
EVALUATION_ERRORS = (CheckError, KeyError, TypeError, ValueError, AttributeError, RecursionError)


def rule_error(rule: Rule, instance: Instance, error: Exception) -> Finding:
    """The finding that stands for a rule that could not be evaluated on ``instance``."""
    message = instance.scrubber.scrub(f"rule could not be evaluated: {error}")
    place = _place(instance.primary_location, instance.name)
    return Finding(rule.id, Severity.ERROR, message, instance.name, (), place, key="crash")


def _evaluate_cases(rule: Rule, root: Context) -> RuleOutcome:
    check = rule.check
    applies_if = check.get("applies_if")
    applied = False
    findings: dict[tuple[Any, ...], Finding] = {}
    for context in _bindings(check.get("for_each", {}), root):
        try:
            context = _let(check.get("let", {}), context)
            if applies_if is not None and not evaluate(applies_if, context):
                continue
        except Unknown:  # depends on a value computed at run time: nothing can be said
            continue
        applied = True
        for case in check["cases"]:
            if _holds(case["fail_if"], context):
                finding = _finding(rule, case, context)
                findings.setdefault((finding.message, finding.place, finding.paths), finding)
    if findings:
        return RuleOutcome(FAIL, list(findings.values()))
    return RuleOutcome(PASS if applied or applies_if is None else NOT_APPLICABLE, [])


def _holds(condition: Any, context: Context) -> bool:
    try:
        return evaluate(condition, context)
    except Unknown:
        return False


def _bindings(for_each: dict[str, Any], root: Context) -> Iterator[Context]:
    if not for_each:
        yield root
        return
    names = list(for_each)
    domains = [list(_domain(for_each[name], root.instance)) for name in names]
    for combination in itertools.product(*domains):
        yield root.bind(**dict(zip(names, combination, strict=True)))


def _domain(spec: Any, instance: Instance) -> Iterator[Any]:
    if isinstance(spec, list):
        yield from (str(item) for item in spec)
    elif "scopes" in spec:
        wanted = spec["scopes"]
        yield from (scope for scope in instance.scopes if wanted == "all" or scope.kind == wanted)
    elif "settings" in spec:
        yield from _settings(spec["settings"], instance)
    elif "duplicate_keys" in spec:
        for source in instance.sources:
            yield from (DuplicateRef(source, duplicate) for duplicate in source.document.duplicates)


def _settings(spec: dict[str, Any], instance: Instance) -> Iterator[EffectiveValue]:
    for setting in instance.settings_matching(
        tuple(spec["paths"]),
        frozenset(spec.get("scopes", ("default", "websites", "stores"))),
        spec.get("layers", "effective") == "all",
    ):
        if spec.get("values", "any") == "dynamic" and not setting.dynamic:
            continue
        yield EffectiveValue(instance, setting.path, setting.scope, setting)


def _let(bindings: dict[str, Any], context: Context) -> Context:
    for name, spec in bindings.items():
        bound = context.value(spec["value"], None)
        if bound.dynamic:
            raise Unknown(bound.path)
        value = bound.value or ""
        text = value.strip().lower() if spec.get("lower") else value.strip()
        # A secret compares as itself but shows as its fingerprint in any message that names it.
        context = context.bind(**{name: SecretText(text) if is_secret_path(bound.path) else text})
    return context


def _place(location: Location, instance: str) -> Place:
    return Place(location.file, location.line, location.column, location.variable, instance)


def _finding(rule: Rule, case: dict[str, Any], context: Context) -> Finding:
    instance = context.instance
    message = instance.scrubber.scrub(render(case["message"], context))
    values = [context.value(template, None) for template in case.get("at", [])]
    bound = [v for v in context.variables.values() if isinstance(v, EffectiveValue | DuplicateRef)]
    paths = tuple(dict.fromkeys(v.scoped_path for v in values)) or tuple(
        v.scoped_path if isinstance(v, EffectiveValue) else "/".join(v.duplicate.path) for v in bound
    )
    place = None
    for value in [*values, *(v for v in bound if isinstance(v, EffectiveValue))]:
        if value.location is not None:
            place = _place(value.location, instance.name)
            break
    related: tuple[Place, ...] = ()
    if place is None:
        duplicates = [v for v in bound if isinstance(v, DuplicateRef)]
        if duplicates:
            dup = duplicates[0]
            place = Place(dup.file, dup.second, dup.duplicate.second.column, None, instance.name)
            related = (Place(dup.file, dup.first, dup.duplicate.first.column, None, instance.name),)
        elif values:
            scope = values[0].scope if isinstance(values[0].scope, Scope) else context.scope
            place = _place(instance.location_of_key(scope.key_path(values[0].path)), instance.name)
        else:
            place = _place(instance.primary_location, instance.name)
    severity = Severity(case.get("severity", rule.severity.value))
    bindings = (f"{k}={context.text_of(k, shown=True)}" for k in sorted(context.variables))
    key = "|".join([case.get("name", ""), *bindings])
    hint = " ".join(case["remediation"].split()) if case.get("remediation") else None
    return Finding(rule.id, severity, message, instance.name, paths, place, related, key, hint)
