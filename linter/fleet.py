"""Fleet rules: extract the few values each rule compares from every instance, then compare them.

Per instance only small facts are kept (a hash for secrets, never the plaintext), so a fleet of
thousands of instances never holds their documents in memory at once.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.catalog.rule import Rule
from linter.checks.conditions import evaluate
from linter.checks.context import Context
from linter.checks.display import shown_value
from linter.checks.evaluate import FAIL, NOT_APPLICABLE, PASS
from linter.finding import Finding, Place
from linter.model.instance import EffectiveValue, Instance
from linter.model.values import comparable_text
from linter.secrets import is_secret_path

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Observed:
    """One compared value: a comparable key (hash for secrets), what may be shown, and where."""

    key: str | None  # None: unset, or not verifiable (ciphertext without crypt/key)
    shown: str
    place: Place
    verifiable: bool = True


@dataclass(frozen=True, slots=True)
class FleetFact:
    """What one instance contributes to one fleet rule for one binding of its variables."""

    rule: str
    binding: tuple[tuple[str, str], ...]
    instance: str
    env_type: str | None
    value: Observed
    group: str | None = None
    partner: Observed | None = None
    included: bool = True  # the rule's `where` holds on this instance
    reserved: bool = False
    allowed: bool | None = None  # None: unknown (environment type unknown)


def _observe(value: EffectiveValue, instance: Instance) -> Observed:
    location = value.location or instance.location_of_key(value.scope.key_path(value.path))
    place = Place(location.file, location.line, location.column, location.variable, instance.name)
    if not value.is_set:
        return Observed(None, shown_value(value), place)
    revealed = value.revealed
    if not revealed.verifiable or revealed.text is None:
        return Observed(None, shown_value(value), place, verifiable=False)
    text = comparable_text(revealed.text)
    if is_secret_path(value.path):
        text = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Observed(text, shown_value(value), place)


def _bindings(spec: dict[str, Any]) -> Iterator[dict[str, str]]:
    names = list(spec.get("for_each", {}))
    for combination in itertools.product(*(spec["for_each"][n] for n in names)):
        yield dict(zip(names, (str(c) for c in combination), strict=True))


def extract_facts(rule: Rule, instance: Instance) -> list[FleetFact]:
    """The values ``rule`` compares, read from one instance."""
    spec = rule.check["fleet"]
    facts = []
    for binding in _bindings(spec):
        context = Context(instance).bind(**binding)
        value = context.value(spec["path"], None)
        observed = _observe(value, instance)
        if "group_by" in spec:
            group = context.value(spec["group_by"], None).value
        else:
            group = instance.project if spec.get("within") == "project" else None
        partner = _observe(context.value(spec["with"], None), instance) if "with" in spec else None
        known = instance.env_type_known
        facts.append(
            FleetFact(
                rule=rule.id,
                binding=tuple(sorted(binding.items())),
                instance=instance.name,
                env_type=instance.env_type,
                value=observed,
                group=group.strip() if group else None,
                partner=partner,
                included=evaluate(spec["where"], context) if "where" in spec else True,
                reserved=evaluate(spec["reserved_when"], context) if "reserved_when" in spec else False,
                allowed=(evaluate(spec["allowed_when"], context) if known else None)
                if "allowed_when" in spec
                else True,
            )
        )
    return facts


@dataclass
class FleetOutcome:
    """Findings of one fleet rule and each instance's status under it."""

    findings: list[Finding]
    status: dict[str, str]


def evaluate_fleet(rule: Rule, facts: list[FleetFact], limits: dict[str, int] | None = None) -> FleetOutcome:
    """Compare the facts of every instance under one fleet rule."""
    spec = rule.check["fleet"]
    findings: list[Finding] = []
    by_binding: dict[tuple[tuple[str, str], ...], list[FleetFact]] = defaultdict(list)
    for fact in sorted(facts, key=lambda f: (f.binding, f.instance)):
        by_binding[fact.binding].append(fact)
    check = _KINDS[spec["kind"]]
    for binding, group in by_binding.items():
        findings.extend(check(rule, spec, dict(binding), group, limits or {}))
    status: dict[str, str] = {}
    for fact in facts:
        if fact.value.key is not None and fact.included:
            status.setdefault(fact.instance, PASS)
        else:
            status.setdefault(fact.instance, NOT_APPLICABLE)
    for finding in findings:
        for place in (finding.place, *finding.related):
            if place.instance:
                status[place.instance] = FAIL
    return FleetOutcome(findings, status)


def _message(rule: Rule, spec: dict[str, Any], values: dict[str, str]) -> str:
    return " ".join(_PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), spec["message"]).split())


def _instances(facts: list[FleetFact]) -> str:
    return ", ".join(f"{f.instance} ({f.env_type or 'type unknown'}, {f.value.place.label()})" for f in facts)


def _finding(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], facts: list[FleetFact], **extra: str
) -> Finding:
    values = {**binding, "instances": _instances(facts), "count": str(len(facts)), **extra}
    places = [fact.value.place for fact in facts]
    key = "|".join([*(f"{k}={v}" for k, v in sorted(binding.items())), extra.get("key", "")])
    return Finding(
        rule.id,
        rule.severity,
        _message(rule, spec, values),
        None,
        (_path(spec, binding),),
        places[0],
        tuple(places[1:]),
        key,
    )


def _path(spec: dict[str, Any], binding: dict[str, str]) -> str:
    path: str = spec["path"]
    for name, value in binding.items():
        path = path.replace("{" + name + "}", value)
    return path


def _comparable(group: list[FleetFact]) -> list[FleetFact]:
    return [fact for fact in group if fact.included and fact.value.key is not None]


def _unique(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], group: list[FleetFact], limits: dict[str, int]
) -> Iterator[Finding]:
    by_value: dict[tuple[str | None, str], list[FleetFact]] = defaultdict(list)
    for fact in _comparable(group):
        assert fact.value.key is not None
        by_value[(fact.group, fact.value.key)].append(fact)
    for (_, key), sharing in sorted(by_value.items(), key=lambda item: (item[0][0] or "", item[0][1])):
        if len(sharing) > 1:
            yield _finding(rule, spec, binding, sharing, value=sharing[0].value.shown, key=key)


NAMES_SHOWN = 10  # instances named per value in a message; the rest are counted


def _names(members: list[FleetFact]) -> str:
    names = [member.instance for member in members[:NAMES_SHOWN]]
    if len(members) > NAMES_SHOWN:
        names.append(f"and {len(members) - NAMES_SHOWN:,} more")
    return ", ".join(names)


def _odd_ones_out(variants: list[list[FleetFact]]) -> list[FleetFact]:
    """The instances outside the largest variant when it is the clear majority, else all of them.
    ``variants`` are sorted largest first."""
    majority = len(variants) > 1 and len(variants[0]) > len(variants[1])
    return sorted((fact for members in variants[1 if majority else 0 :] for fact in members), key=_by_instance)


def _by_instance(fact: FleetFact) -> str:
    return fact.instance


def _consistent(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], group: list[FleetFact], limits: dict[str, int]
) -> Iterator[Finding]:
    """Within each group, every instance has the same value. With a clear majority, the finding is
    about the instances that differ from it; without one (a tie), about all of them."""
    facts = _comparable(group)
    declared = {fact.group for fact in facts if fact.group is not None}
    sole = next(iter(declared)) if len(declared) == 1 else None  # instances of unknown group join it
    by_group: dict[str | None, dict[str, list[FleetFact]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        assert fact.value.key is not None
        by_group[fact.group or sole][fact.value.key].append(fact)
    for project, by_key in sorted(by_group.items(), key=lambda item: item[0] or ""):
        if len(by_key) < 2:
            continue
        variants = sorted(by_key.values(), key=lambda m: (-len(m), m[0].instance))
        yield _finding(
            rule,
            spec,
            binding,
            _odd_ones_out(variants),
            values="; ".join(f"{members[0].value.shown} on {_names(members)}" for members in variants),
            distinct=str(len(variants)),
            group=f"project {project}" if project else "the fleet",
            key=project or "",
        )


def _max_distinct(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], group: list[FleetFact], limits: dict[str, int]
) -> Iterator[Finding]:
    limit_spec = spec["limit"]
    first = next(iter(binding.values()), "")
    limit = limits.get(first, limits.get(""))
    if limit is None:
        limit = limit_spec if isinstance(limit_spec, int) else int(limit_spec.get(first, 0))
    by_group: dict[str | None, list[FleetFact]] = defaultdict(list)
    for fact in _comparable(group):
        by_group[fact.group].append(fact)
    for project, members in sorted(by_group.items(), key=lambda item: item[0] or ""):
        distinct = sorted({fact.value.key for fact in members if fact.value.key})
        if len(distinct) > limit:
            yield _finding(
                rule,
                spec,
                binding,
                members,
                group=project or "(no project)",
                limit=str(limit),
                distinct=str(len(distinct)),
                values=", ".join(distinct),
                key=project or "",
            )


def _bound_to(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], group: list[FleetFact], limits: dict[str, int]
) -> Iterator[Finding]:
    by_value: dict[str, list[FleetFact]] = defaultdict(list)
    for fact in _comparable(group):
        if fact.partner is not None and fact.partner.key is not None:
            assert fact.value.key is not None
            by_value[fact.value.key].append(fact)
    for key, members in sorted(by_value.items()):
        by_partner: dict[str | None, list[FleetFact]] = defaultdict(list)
        for fact in members:
            by_partner[fact.partner.key if fact.partner is not None else None].append(fact)
        if len(by_partner) > 1:
            variants = sorted(by_partner.values(), key=lambda m: (-len(m), m[0].instance))
            partners = "; ".join(f"{_names(group)}: {_partner_shown(group[0])}" for group in variants)
            yield _finding(
                rule,
                spec,
                binding,
                _odd_ones_out(variants),
                value=members[0].value.shown,
                partners=partners,
                key=key,
            )


def _partner_shown(fact: FleetFact) -> str:
    return fact.partner.shown if fact.partner is not None else ""


def _reserved(
    rule: Rule, spec: dict[str, Any], binding: dict[str, str], group: list[FleetFact], limits: dict[str, int]
) -> Iterator[Finding]:
    users: dict[str, list[FleetFact]] = defaultdict(list)
    for fact in _comparable(group):
        assert fact.value.key is not None
        users[fact.value.key].append(fact)
    for key in sorted(k for k, facts in users.items() if any(fact.reserved for fact in facts)):
        intruders = [fact for fact in users[key] if fact.allowed is False]
        if intruders:
            owners = [fact for fact in users[key] if fact.allowed is not False]
            yield _finding(
                rule,
                spec,
                binding,
                intruders + owners,
                value=intruders[0].value.shown,
                intruders=", ".join(f"{f.instance} ({f.env_type})" for f in intruders),
                key=key,
            )


_KINDS = {
    "unique": _unique,
    "consistent": _consistent,
    "max_distinct": _max_distinct,
    "bound_to": _bound_to,
    "reserved": _reserved,
}


def evaluate_fleet_example(rule: Rule, instances: dict[str, Instance]) -> tuple[str, list[Finding]]:
    """Run a fleet rule over in-memory instances (for rule examples)."""
    facts = [fact for instance in instances.values() for fact in extract_facts(rule, instance)]
    outcome = evaluate_fleet(rule, facts)
    statuses = set(outcome.status.values())
    status = FAIL if outcome.findings else PASS if PASS in statuses else NOT_APPLICABLE
    return status, outcome.findings
