"""The ``cases`` check kind compiled: iterators, ``let`` bindings, ``applies_if`` and each case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from linter.checks.compiling import CompileError, KeyPath, Names
from linter.checks.conditions import Condition, compile_condition
from linter.checks.context import EFFECTIVE_ATTRIBUTES, DuplicateRef
from linter.checks.templates import check_message
from linter.finding import Severity
from linter.model.instance import EffectiveValue, Instance

# The data a bound scope or duplicate offers to templates (as Context.text_of reads it).
SCOPE_ATTRIBUTES = frozenset({"kind", "code", "label"})
DUPLICATE_ATTRIBUTES = frozenset({"key", "first", "second", "file", "source", "duplicate"})


class Values(NamedTuple):
    """``pair: [sandbox, production]``: each listed value, as text."""

    values: tuple[str, ...]

    def domain(self, instance: Instance) -> Iterator[Any]:
        """The values the variable takes on ``instance``."""
        return iter(self.values)


class Scopes(NamedTuple):
    """``scope: {scopes: all}``: the default scope, each website, each store view (or one kind)."""

    wanted: str

    def domain(self, instance: Instance) -> Iterator[Any]:
        """The values the variable takes on ``instance``."""
        return (scope for scope in instance.scopes if self.wanted == "all" or scope.kind == self.wanted)


class Settings(NamedTuple):
    """``setting: {settings: {paths, scopes, layers, values}}``: each setting matching a glob."""

    paths: tuple[str, ...]
    scopes: frozenset[str]
    all_layers: bool
    dynamic_only: bool

    def domain(self, instance: Instance) -> Iterator[Any]:
        """The values the variable takes on ``instance``."""
        for setting in instance.settings_matching(self.paths, self.scopes, self.all_layers):
            if self.dynamic_only and not setting.dynamic:
                continue
            yield EffectiveValue(instance, setting.path, setting.scope, setting)


class DuplicateKeys(NamedTuple):
    """``duplicate: {duplicate_keys: true}``: each key written twice in one of the instance's files."""

    def domain(self, instance: Instance) -> Iterator[Any]:
        """The values the variable takes on ``instance``."""
        for source in instance.sources:
            yield from (DuplicateRef(source, duplicate) for duplicate in source.document.duplicates)


Domain = Values | Scopes | Settings | DuplicateKeys


class IteratorKind(NamedTuple):
    """One entry of the iterator registry: its compiler, the attributes of what it binds, its meaning."""

    compile: Callable[[Any], Domain]
    attributes: frozenset[str]
    syntax: str
    meaning: str


def _settings(spec: dict[str, Any]) -> Settings:
    return Settings(
        tuple(spec["paths"]),
        frozenset(spec.get("scopes", ("default", "websites", "stores"))),
        spec.get("layers", "effective") == "all",
        spec.get("values", "any") == "dynamic",
    )


# The registry of `for_each` iterators besides a literal list (docs/rules.md is generated from it).
ITERATORS: dict[str, IteratorKind] = {
    "scopes": IteratorKind(
        Scopes,
        SCOPE_ATTRIBUTES,
        "{scopes: all}",
        "default, each website, each store view (or `websites`, `stores` only); moves the evaluation scope",
    ),
    "settings": IteratorKind(
        _settings,
        EFFECTIVE_ATTRIBUTES,
        '{settings: {paths: ["payment/**"], scopes: [websites, stores], layers: all, values: any}}',
        "each setting whose path matches a glob (`values: dynamic`: only values computed at run time)",
    ),
    "duplicate_keys": IteratorKind(
        lambda spec: DuplicateKeys(),
        DUPLICATE_ATTRIBUTES,
        "{duplicate_keys: true}",
        "each repeated key in the instance's files",
    ),
}


class Let(NamedTuple):
    """``name: {value: PATH, lower: true}``: a variable read from the configuration."""

    name: str
    path: str
    lower: bool


class Case(NamedTuple):
    """One case: when ``fail_if`` holds, a finding with this message."""

    name: str
    severity: Severity | None
    fail_if: Condition
    message: str
    at: tuple[str, ...]
    hint: str | None


class CasesSpec(NamedTuple):
    """A compiled ``cases`` check (instance and change rules)."""

    for_each: tuple[tuple[str, Domain], ...]
    let: tuple[Let, ...]
    applies_if: Condition | None
    cases: tuple[Case, ...]
    removed: bool  # instance_state: removed (the instance existed before and is gone)


def compile_cases(check: dict[str, Any], where: KeyPath) -> CasesSpec:
    """Compile a ``cases`` check; CompileError names the offending key."""
    names = Names({})
    for_each = []
    for name, spec in check.get("for_each", {}).items():
        iterator, attributes = _iterator(spec, (*where, "for_each", name))
        for_each.append((name, iterator))
        names = names.bind(name, attributes)
    lets = []
    for name, spec in check.get("let", {}).items():
        names.check_template(spec["value"], (*where, "let", name, "value"))
        lets.append(Let(name, spec["value"], bool(spec.get("lower"))))
        names = names.bind(name)
    applies_if = check.get("applies_if")
    return CasesSpec(
        tuple(for_each),
        tuple(lets),
        compile_condition(applies_if, names, (*where, "applies_if")) if applies_if is not None else None,
        tuple(_case(case, names, (*where, "cases", str(i))) for i, case in enumerate(check["cases"])),
        check.get("instance_state") == "removed",
    )


def _iterator(spec: Any, where: KeyPath) -> tuple[Domain, frozenset[str]]:
    if isinstance(spec, list):
        return Values(tuple(str(item) for item in spec)), frozenset()
    ((kind, argument),) = spec.items()
    entry = ITERATORS.get(kind)
    if entry is None:
        raise CompileError(f"unknown iterator {kind!r} (choose from {', '.join(sorted(ITERATORS))})", where)
    return entry.compile(argument), entry.attributes


def _case(case: dict[str, Any], names: Names, where: KeyPath) -> Case:
    check_message(case["message"], names, (*where, "message"))
    for index, template in enumerate(case.get("at", [])):
        names.check_template(template, (*where, "at", str(index)))
    severity = case.get("severity")
    return Case(
        case.get("name", ""),
        Severity(severity) if severity is not None else None,
        compile_condition(case["fail_if"], names, (*where, "fail_if")),
        case["message"],
        tuple(case.get("at", ())),
        " ".join(case["remediation"].split()) if case.get("remediation") else None,
    )
