"""Fleet rules: extract the few values each rule compares from every instance, then compare them.

Per instance only small facts are kept (a hash for secrets, never the plaintext), so a fleet of
thousands of instances never holds their documents in memory at once.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from linter.checks.conditions import Condition
from linter.checks.context import Context, Unknown
from linter.checks.display import shown_value
from linter.checks.fleet_spec import FLEET_KINDS, FleetSpec
from linter.checks.rule import Rule
from linter.checks.templates import fill_values
from linter.checks.vocabulary import Outcome
from linter.digest import sha256
from linter.finding import Finding, Severity
from linter.location import Location
from linter.model.instance import EffectiveValue, Instance
from linter.model.values import comparable_text
from linter.record import Record
from linter.secrets import is_secret_path


class Observed(Record):
    """One compared value: a comparable key (hash for secrets), what may be shown, and where."""

    __slots__ = ("key", "shown", "place", "verifiable")

    def __init__(self, key: str | None, shown: str, place: Location, verifiable: bool = True) -> None:
        self.key = key  # None: unset, or not verifiable (ciphertext without crypt/key)
        self.shown = shown
        self.place = place
        self.verifiable = verifiable


class FleetFact(Record):
    """What one instance contributes to one fleet rule for one binding of its variables."""

    __slots__ = (
        "rule",
        "binding",
        "instance",
        "env_type",
        "value",
        "group",
        "partner",
        "included",
        "reserved",
        "reference",
        "allowed",
        "escalated",
        "limited",
        "across",
        "points",
    )

    def __init__(
        self,
        rule: str,
        binding: tuple[tuple[str, str], ...],
        instance: str,
        env_type: str | None,
        value: Observed,
        group: str | None = None,
        partner: Observed | None = None,
        included: bool = True,
        reserved: bool = False,
        reference: bool = False,
        allowed: bool | None = None,
        escalated: bool = False,
        limited: bool = False,
        across: str | None = None,
        points: bool = False,
    ) -> None:
        self.rule = rule
        self.binding = binding
        self.instance = instance
        self.env_type = env_type
        self.value = value
        self.group = group
        self.partner = partner
        self.included = included  # the rule's `where` holds on this instance
        self.reserved = reserved
        self.reference = reference  # its value is the one the others should have (reference_when)
        self.allowed = allowed  # None: unknown (environment type unknown)
        self.escalated = escalated  # the rule's `error_when` holds on this instance
        self.limited = limited  # the rule's `limit_when` condition holds on this instance
        self.across = across  # (foreign) the value of the rule's `across:` path
        self.points = points  # (foreign) the rule's `points_when` holds (or it has none)


def _observe(value: EffectiveValue, instance: Instance) -> Observed:
    location = value.location or instance.location_of_key(value.scope.key_path(value.path))
    place = location.replace(instance=instance.name)
    if not value.is_set:
        return Observed(None, shown_value(value), place)
    revealed = value.revealed
    if not revealed.verifiable or revealed.text is None:
        return Observed(None, shown_value(value), place, verifiable=False)
    text = comparable_text(revealed.text)
    if is_secret_path(value.path):
        text = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Observed(text, shown_value(value), place)


def _bindings(spec: FleetSpec) -> Iterator[dict[str, str]]:
    names = [name for name, _ in spec.for_each]
    for combination in itertools.product(*(values for _, values in spec.for_each)):
        yield dict(zip(names, combination, strict=True))


def _holds(condition: Condition | None, context: Context, otherwise: bool) -> bool | None:
    """Whether the condition holds; None when it reads a value computed at run time (unknown)."""
    if condition is None:
        return otherwise
    try:
        return condition(context)
    except Unknown:
        return None


def extract_facts(rule: Rule, instance: Instance) -> list[FleetFact]:
    """The values ``rule`` compares, read from one instance."""
    spec = _spec(rule)
    facts = []
    for binding in _bindings(spec):
        context = Context(instance).bind(**binding)
        value = context.value(spec.path, None)
        observed = _observe(value, instance)
        unknown_group = False
        if spec.group_by is not None:
            grouped = context.value(spec.group_by, None)
            group, unknown_group = grouped.value, grouped.dynamic  # its group is unknown: not compared
        else:
            group = instance.project if spec.within == "project" else None
        partner = _observe(context.value(spec.partner, None), instance) if spec.partner is not None else None
        known = instance.env_type_known
        facts.append(
            FleetFact(
                rule=rule.id,
                binding=tuple(sorted(binding.items())),
                instance=instance.name,
                env_type=instance.env_type,
                value=observed,
                group=(group.strip() or None) if group else None,
                partner=partner,
                # Unknown (a getenv() the capture does not tell) never makes a finding: not compared,
                # not reserved, not the reference, and neither allowed nor refused.
                included=_holds(spec.where, context, True) is True and not unknown_group,
                reserved=_holds(spec.reserved_when, context, False) is True,
                reference=_holds(spec.reference_when, context, False) is True,
                allowed=True
                if spec.allowed_when is None
                else (_holds(spec.allowed_when, context, True) if known else None),
                # Only a compared value can make a finding an error (an `in_any_scope` costs a pass
                # over every store view).
                escalated=observed.key is not None and _holds(spec.error_when, context, False) is True,
                limited=_holds(spec.limit_when[0] if spec.limit_when else None, context, False) is True,
                across=_across(spec, context),
                points=_holds(spec.points_when, context, True) is True,
            )
        )
    return facts


def _across(spec: FleetSpec, context: Context) -> str | None:
    """The instance's value of the rule's `across:` path, compared as text (None: not set or unknown)."""
    if spec.across is None:
        return None
    value = context.value(spec.across, None)
    if not value.is_set or value.dynamic or value.value is None:
        return None
    return comparable_text(value.value).lower()


class FleetOutcome(Record):
    """Findings of one fleet rule and each instance's status under it."""

    __slots__ = ("findings", "status")

    def __init__(self, findings: list[Finding], status: dict[str, Outcome]) -> None:
        self.findings = findings
        self.status = status


class _Group(Record):
    """The facts one kind compares: one binding of the rule's variables, within one group."""

    __slots__ = ("rule", "spec", "binding", "name", "facts")

    def __init__(
        self,
        rule: Rule,
        spec: FleetSpec,
        binding: dict[str, str],
        name: str | None,
        facts: list[FleetFact],
    ) -> None:
        self.rule = rule
        self.spec = spec
        self.binding = binding
        self.name = name  # the group's value (a project, a group_by value); None: not grouped / undeclared
        self.facts = facts  # comparable facts only, ordered by instance

    def placeholders(self) -> dict[str, str]:
        """The placeholders every kind offers: the binding, {group} and {among}."""
        if self.spec.within is not None:
            among = f"project {self.name}" if self.name else "the instances without a project"
        elif self.spec.group_by is not None:
            among = f"the instances with {self.spec.group_by} = {self.name or '(none)'}"
        else:
            among = "the fleet"
        return {**self.binding, "group": self.name or "(none)", "among": among}


def evaluate_fleet(
    rule: Rule, facts: list[FleetFact], limits: Mapping[str, int] | None = None
) -> FleetOutcome:
    """Compare the facts of every instance under one fleet rule."""
    spec = _spec(rule)
    sole = _sole_project(facts) if spec.within == "project" else None
    groups: dict[tuple[tuple[tuple[str, str], ...], str | None], list[FleetFact]] = defaultdict(list)
    for fact in sorted(facts, key=lambda f: (f.binding, f.instance)):
        if fact.included and fact.value.key is not None:
            groups[(fact.binding, fact.group or sole)].append(fact)
    check: Compare = globals()[FLEET_KINDS[spec.kind].compare]
    findings: list[Finding] = []
    for (binding, name), members in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        findings.extend(check(_Group(rule, spec, dict(binding), name, members), limits or {}))
    status: dict[str, Outcome] = {}
    for fact in facts:
        if fact.value.key is not None and fact.included:  # one binding that applies is enough
            status[fact.instance] = Outcome.PASS
        else:
            status.setdefault(fact.instance, Outcome.NOT_APPLICABLE)
    for finding in findings:
        for place in (finding.place, *finding.related):
            if place.instance:
                status[place.instance] = Outcome.FAIL
    return FleetOutcome(findings, status)


def _sole_project(facts: list[FleetFact]) -> str | None:
    """The only project the fleet declares, if there is just one: instances without one join it."""
    declared = {fact.group for fact in facts if fact.group is not None}
    return next(iter(declared)) if len(declared) == 1 else None


def _spec(rule: Rule) -> FleetSpec:
    if not isinstance(rule.check, FleetSpec):
        raise TypeError(f"{rule.id} is not a fleet rule")
    return rule.check


def _instances(facts: list[FleetFact]) -> str:
    labels = [f"{f.instance} ({f.env_type or 'type unknown'}, {f.value.place.label()})" for f in facts]
    return _capped(labels, NAMES_SHOWN)


def _finding(
    group: _Group,
    facts: list[FleetFact],
    key: str = "",
    compared_with: list[FleetFact] | None = None,
    **extra: str,
) -> Finding:
    """A finding about ``facts`` (its places, in this order); ``key`` tells it apart from the rule's
    other findings and is never shown (it may be a hash of a secret). ``compared_with``: the facts whose
    `with:` value the verdict compared too (named after the places of ``facts``)."""
    values = {**group.placeholders(), "instances": _instances(facts), "count": str(len(facts)), **extra}
    path = _path(group.spec, group.binding)
    # Each compared value's place says what it is there (a secret shows as its fingerprint).
    places = [fact.value.place.replace(note=f"{path} = {fact.value.shown}") for fact in facts]
    paths: tuple[str, ...] = (path,)
    if compared_with and group.spec.partner is not None:
        partner = _expanded(group.spec.partner, group.binding)
        paths = (path, partner)
        seen = {place.replace(note=None) for place in places}
        for fact in compared_with:
            if fact.partner is not None and fact.partner.place not in seen:
                seen.add(fact.partner.place)
                places.append(fact.partner.place.replace(note=f"{partner} = {fact.partner.shown}"))
    parts = [f"{k}={v}" for k, v in sorted(group.binding.items())]
    parts += [part for part in (group.name, key) if part]
    return Finding(
        group.rule.id,
        _severity(group),
        fill_values(group.spec.message, values),
        None,
        paths,
        places[0].replace(note=None),
        tuple(places[1:]),
        "|".join(parts),
    )


def _severity(group: _Group) -> Severity:
    """The rule's severity, or error where its `error_when` holds on one of the instances compared."""
    if group.spec.error_when is not None and any(fact.escalated for fact in group.facts):
        return Severity.ERROR
    return group.rule.severity


def _path(spec: FleetSpec, binding: dict[str, str]) -> str:
    return _expanded(spec.path, binding)


def _expanded(template: str, binding: dict[str, str]) -> str:
    path = template
    for name, value in binding.items():
        path = path.replace("{" + name + "}", value)
    return path


def _by_key(facts: list[FleetFact]) -> dict[str, list[FleetFact]]:
    by_key: dict[str, list[FleetFact]] = defaultdict(list)
    for fact in facts:
        assert fact.value.key is not None
        by_key[fact.value.key].append(fact)
    return by_key


NAMES_SHOWN = 10  # instances named per value in a message; the rest are counted
VALUES_SHOWN = 10  # values listed in a message; the rest are counted


def _capped(items: list[str], limit: int, separator: str = ", ") -> str:
    """The first ``limit`` items, then how many more there are."""
    shown = items[:limit]
    if len(items) > limit:
        shown.append(f"and {len(items) - limit:,} more")
    return separator.join(shown)


def _names(members: list[FleetFact]) -> str:
    return _capped([member.instance for member in members], NAMES_SHOWN)


def _variants(groups: Iterable[list[FleetFact]]) -> list[list[FleetFact]]:
    """The instances of each value, the most used value first."""
    return sorted(groups, key=lambda members: (-len(members), members[0].instance))


def _odd_ones_out(variants: list[list[FleetFact]]) -> list[FleetFact]:
    """The instances that differ from the reference value: the one the instances marked by
    ``reference_when`` agree on, else the one more than half of the instances use. With no
    reference (a tie), every instance."""
    preferred = [members for members in variants if any(fact.reference for fact in members)]
    total = sum(len(members) for members in variants)
    if len(preferred) == 1:
        reference: list[FleetFact] | None = preferred[0]
    elif not preferred and 2 * len(variants[0]) > total:
        reference = variants[0]
    else:
        reference = None
    odd = (fact for members in variants if members is not reference for fact in members)
    return sorted(odd, key=lambda fact: fact.instance)


def _unique(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    for key, sharing in sorted(_by_key(group.facts).items()):
        if len(sharing) > 1:
            yield _finding(group, sharing, key, value=sharing[0].value.shown)


def _consistent(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    variants = _variants(_by_key(group.facts).values())
    if len(variants) > 1:
        yield _finding(
            group,
            _odd_ones_out(variants),
            values=_capped([f"{v[0].value.shown} on {_names(v)}" for v in variants], VALUES_SHOWN, "; "),
            distinct=str(len(variants)),
        )


def _max_distinct(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    limit_spec = group.spec.limit
    first = next(iter(group.binding.values()), "")
    limit = limits.get(first, limits.get(""))
    if limit is None:
        limit_spec = _limit_in_force(group, limit_spec)
        assert limit_spec is not None  # compile_fleet requires it
        limit = limit_spec if isinstance(limit_spec, int) else int(dict(limit_spec).get(first, 0))
    by_key = _by_key(group.facts)
    if len(by_key) > limit:
        yield _finding(
            group,
            group.facts,
            limit=str(limit),
            distinct=str(len(by_key)),
            values=_capped([by_key[key][0].value.shown for key in sorted(by_key)], VALUES_SHOWN),
        )


def _limit_in_force(
    group: _Group, limit: int | tuple[tuple[str, int], ...] | None
) -> int | tuple[tuple[str, int], ...] | None:
    """The rule's `limit`, or its `limit_when` limit when that holds on every instance of the group."""
    alternative = group.spec.limit_when
    if alternative is not None and group.facts and all(fact.limited for fact in group.facts):
        return alternative[1]
    return limit


def _bound_to(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    with_partner = [fact for fact in group.facts if fact.partner is not None and fact.partner.key is not None]
    for key, members in sorted(_by_key(with_partner).items()):
        by_partner: dict[str | None, list[FleetFact]] = defaultdict(list)
        for fact in members:
            by_partner[fact.partner.key if fact.partner is not None else None].append(fact)
        if len(by_partner) > 1:
            variants = _variants(by_partner.values())
            odd = _odd_ones_out(variants)
            yield _finding(
                group,
                odd,
                key,
                odd,  # their `with:` values (the reference pairing is in the message; a place would fail it)
                value=members[0].value.shown,
                partners=_capped(
                    [f"{_names(v)}: {_partner_shown(v[0])}" for v in variants], VALUES_SHOWN, "; "
                ),
            )


def _partner_shown(fact: FleetFact) -> str:
    return fact.partner.shown if fact.partner is not None else ""


def _reserved(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    for key, users in sorted(_by_key(group.facts).items()):
        if not any(fact.reserved for fact in users):
            continue
        intruders = [fact for fact in users if fact.allowed is False]
        if intruders:
            owners = [fact for fact in users if fact.allowed is not False]
            yield _finding(
                group,
                intruders + owners,
                key,
                value=intruders[0].value.shown,
                intruders=", ".join(f"{f.instance} ({f.env_type})" for f in intruders),
            )


def _foreign(group: _Group, limits: Mapping[str, int]) -> Iterator[Finding]:
    """Each instance whose `with:` value is another instance's own value, where the two differ in
    `across:` and no instance of the pointer's own `across:` has that value."""
    owners = _by_key(group.facts)
    for fact in group.facts:
        target = fact.partner.key if fact.partner is not None else None
        if not fact.points or target is None or fact.across is None:
            continue
        owning = [owner for owner in owners.get(target, []) if owner.instance != fact.instance]
        if not owning or any(owner.across == fact.across for owner in owning):
            continue
        strangers = [owner for owner in owning if owner.across is not None]
        if strangers:
            assert fact.partner is not None
            yield _finding(
                group,
                [fact, *strangers],
                f"{fact.instance}|{target}",
                [fact],
                value=fact.partner.shown,
                pointer=f"{fact.instance} ({fact.value.place.label()})",
                owners=_capped([f"{o.instance} ({o.across})" for o in strangers], NAMES_SHOWN),
            )


Compare = Callable[[_Group, Mapping[str, int]], Iterator[Finding]]


def evaluate_fleet_example(rule: Rule, instances: dict[str, Instance]) -> tuple[Outcome, list[Finding]]:
    """Run a fleet rule over in-memory instances (for rule examples)."""
    if len(instances) < rule.min_instances:  # as the engine does for a run of fewer instances
        return Outcome.NOT_APPLICABLE, []
    facts = [fact for instance in instances.values() for fact in extract_facts(rule, instance)]
    outcome = evaluate_fleet(rule, facts)
    statuses = set(outcome.status.values())
    if outcome.findings:
        return Outcome.FAIL, outcome.findings
    return (Outcome.PASS if Outcome.PASS in statuses else Outcome.NOT_APPLICABLE), outcome.findings
