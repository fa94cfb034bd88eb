"""Evaluate one instance-level or change-level rule: iterate, bind, test each case, build findings."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from linter.checks.cases import Case, CasesSpec, Domain, Let
from linter.checks.context import CheckError, Context, DuplicateRef, Unknown
from linter.checks.related import Involved, describe, involved
from linter.checks.rule import Rule
from linter.checks.schema_check import DUMPED_ROLES, SchemaSpec, config_path_of
from linter.checks.templates import fill_message
from linter.checks.vocabulary import Outcome
from linter.finding import Finding, Severity
from linter.location import Location
from linter.model.instance import EffectiveValue, Instance
from linter.model.paths import Scope
from linter.model.sitemap import UnreadScope
from linter.record import Record
from linter.secrets import SecretText, is_secret_path
from linter.validation import schema_problems


class RuleOutcome(Record):
    """The findings of one rule on one instance, and whether it passed, failed or did not apply."""

    __slots__ = ("status", "findings", "unknown")

    def __init__(self, status: Outcome, findings: list[Finding], unknown: str | None = None) -> None:
        self.status = status
        self.findings = findings
        self.unknown = unknown  # not evaluated: the path whose value is computed at run time


def evaluate_rule(rule: Rule, instance: Instance, before: Instance | None = None) -> RuleOutcome:
    """Run ``rule`` on ``instance`` (and its ``before`` state for change rules)."""
    if rule.needs_env_type and not instance.env_type_known:
        return RuleOutcome(Outcome.NOT_APPLICABLE, [])
    try:
        if isinstance(rule.check, SchemaSpec):
            findings = schema_findings(rule, rule.check, instance)
            return RuleOutcome(Outcome.FAIL if findings else Outcome.PASS, findings)
        if not isinstance(rule.check, CasesSpec):
            raise CheckError(f"a {type(rule.check).__name__} is not evaluated on one instance")
        return _evaluate_cases(rule, rule.check, Context(instance, before))
    except EVALUATION_ERRORS as error:
        return RuleOutcome(Outcome.FAIL, [rule_error(rule, instance, error)])


# What a rule whose data does not fit the instance (or a rule written wrongly) can raise.
EVALUATION_ERRORS = (CheckError, KeyError, TypeError, ValueError, AttributeError, RecursionError)


def rule_error(rule: Rule, instance: Instance, error: Exception) -> Finding:
    """The finding that stands for a rule that could not be evaluated on ``instance``."""
    message = instance.scrubber.scrub(f"rule could not be evaluated: {error}")
    place = instance.primary_location.replace(instance=instance.name)
    return Finding(rule.id, Severity.ERROR, message, instance.name, (), place, key="crash")


def _evaluate_cases(rule: Rule, check: CasesSpec, root: Context) -> RuleOutcome:
    applies_if = check.applies_if
    applied = False
    undecided: str | None = None
    findings: dict[tuple[Any, ...], Finding] = {}
    for context in _bindings(check.for_each, root):
        try:
            context = _let(check.let, context)
            if applies_if is not None and not applies_if(context):
                continue
        except Unknown as unknown:  # depends on a value computed at run time: nothing can be said
            undecided = undecided or str(unknown)
            continue
        applied = True
        for case in check.cases:
            try:
                holds = case.fail_if(context)
            except Unknown as unknown:
                undecided = undecided or str(unknown)
                continue
            if holds:
                finding, named = _finding(rule, case, context)
                # One finding per mistake: the same message at the same place, about the same settings
                # the case points at, is said once (at the first scope), whatever scope its related
                # settings were read at.
                findings.setdefault((finding.message, finding.place, named), finding)
    if findings:
        return RuleOutcome(Outcome.FAIL, list(findings.values()))
    if undecided is not None and root.before is not None:
        # A change the rule cannot judge is said, never passed: its gate would be green by not looking.
        return RuleOutcome(Outcome.NOT_EVALUATED, [], undecided)
    return RuleOutcome(Outcome.PASS if applied or applies_if is None else Outcome.NOT_APPLICABLE, [])


def _bindings(for_each: tuple[tuple[str, Domain], ...], root: Context) -> Iterator[Context]:
    if not for_each:
        yield root
        return
    names = [name for name, _ in for_each]
    domains = [list(domain(root.instance)) for _, domain in for_each]
    for combination in itertools.product(*domains):
        yield root.bind(**dict(zip(names, combination, strict=True)))


def _let(bindings: tuple[Let, ...], context: Context) -> Context:
    for name, path, lower in bindings:
        bound = context.value(path, None)
        if bound.dynamic:
            raise Unknown(bound.path)
        value = bound.value or ""
        text = value.strip().lower() if lower else value.strip()
        # A secret compares as itself but shows as its fingerprint in any message that names it.
        context = context.bind(**{name: SecretText(text) if is_secret_path(bound.path) else text})
    return context


def _finding(rule: Rule, case: Case, context: Context) -> tuple[Finding, tuple[str, ...]]:
    """The finding, and the paths it points at (those of ``at`` or of the bound variables)."""
    instance = context.instance
    message = instance.scrubber.scrub(fill_message(case.message, context))
    values = [context.value(template, None) for template in case.at]
    bound = [v for v in context.variables.values() if isinstance(v, EffectiveValue | DuplicateRef)]
    paths = tuple(dict.fromkeys(v.scoped_path for v in values)) or tuple(
        v.scoped_path if isinstance(v, EffectiveValue) else "/".join(v.duplicate.path) for v in bound
    )
    unread = [v for v in context.variables.values() if isinstance(v, UnreadScope)]
    if unread:
        return _unread_scope_finding(rule, case, context, message, unread[0]), paths
    place = None
    for value in [*values, *(v for v in bound if isinstance(v, EffectiveValue))]:
        if value.location is not None:
            place = value.location.replace(instance=instance.name)
            break
    related: tuple[Location, ...] = ()
    if place is None:
        duplicates = [v for v in bound if isinstance(v, DuplicateRef)]
        if duplicates:
            dup = duplicates[0]
            place = Location(dup.file, dup.second, dup.duplicate.second.column, None, instance.name)
            related = (Location(dup.file, dup.first, dup.duplicate.first.column, None, instance.name),)
        elif values:
            scope = values[0].scope if isinstance(values[0].scope, Scope) else context.scope
            place = instance.location_of_key(scope.key_path(values[0].path)).replace(instance=instance.name)
        else:
            place = instance.primary_location.replace(instance=instance.name)
    named = paths
    settings = [*(describe(value) for value in values), *involved(case.related, context)]
    if settings:
        paths, place, related = _with_settings(paths, place, related, settings, instance.scrubber.scrub)
    severity = case.severity or rule.severity
    bindings = (f"{k}={context.text_of(k, shown=True)}" for k in sorted(context.variables))
    key = "|".join([case.name, *bindings])
    finding = Finding(
        rule.id, severity, message, instance.name, paths, place, related, key, _hint(case, context)
    )
    return finding, named


def _hint(case: Case, context: Context) -> str | None:
    """A case's own remediation, its placeholders filled (``scope = '{scope.kind}'``), secrets scrubbed."""
    return context.instance.scrubber.scrub(fill_message(case.hint, context)) if case.hint else None


def _with_settings(
    paths: tuple[str, ...],
    place: Location,
    related: tuple[Location, ...],
    settings: list[Involved],
    scrub: Callable[[str], str],
) -> tuple[tuple[str, ...], Location, tuple[Location, ...]]:
    """Every setting involved named once in ``paths`` and once among the related places (each with its
    note); a blank value masking one below is where the finding points."""
    paths = tuple(dict.fromkeys([*paths, *(setting.path for setting in settings)]))
    settings = sorted(settings, key=lambda setting: not setting.masks)  # what decided it, first
    masking = settings[0].place if settings[0].masks else None
    if masking is not None:
        place = masking.replace(note=None)
    places: dict[Location, Location] = {place.replace(note=None): place for place in related}
    for setting in settings:
        spot = setting.place.replace(note=None)
        if (spot == place and not setting.masks) or spot in places:
            continue  # the place pointed at needs no note unless it masks; one note per place
        note = setting.place.note
        places[spot] = setting.place.replace(note=scrub(note) if note else None)
    return paths, place, tuple(places.values())


def _unread_scope_finding(
    rule: Rule, case: Case, context: Context, message: str, scope: UnreadScope
) -> Finding:
    """A finding about a scope that does not exist: its label as the path, each place it is written."""
    name = context.instance.name
    places = [place.replace(instance=name) for place in scope.places] or [
        context.instance.primary_location.replace(instance=name)
    ]
    bindings = (f"{k}={context.text_of(k, shown=True)}" for k in sorted(context.variables))
    key = "|".join([case.name, *bindings])
    severity = case.severity or rule.severity
    paths = (scope.label,)
    return Finding(
        rule.id, severity, message, name, paths, places[0], tuple(places[1:]), key, _hint(case, context)
    )


def schema_findings(rule: Rule, spec: SchemaSpec, instance: Instance) -> list[Finding]:
    """One finding per schema violation, at the offending key's line."""
    findings = []
    for source in instance.sources:
        if source.role not in DUMPED_ROLES:
            continue
        for key_path, line, message in schema_problems(source.document, spec.schema):
            if _under_unread_scope(instance, key_path):
                continue
            path = config_path_of(key_path)
            text = instance.scrubber.scrub(f"{path}: {message}")
            column = None
            if line is not None:
                position = source.document.position(tuple(key_path.split("/")))
                column = position.column if position else None
            place = Location(source.file, line, column, None, instance.name)
            findings.append(Finding(rule.id, rule.severity, text, instance.name, (path,), place, key=message))
    return findings


def _under_unread_scope(instance: Instance, key_path: str) -> bool:
    """True for a key inside ``system.websites.<code>`` (or stores) of a scope Magento never reads."""
    parts = key_path.split("/", 3)
    return len(parts) > 3 and parts[0] == "system" and not instance.site_map.exists(parts[1], parts[2])
