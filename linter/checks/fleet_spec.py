"""The ``fleet`` check kind compiled: which value to compare, how (the registry of fleet kinds), and
what its message may name. The comparison itself (linter.checks.fleet) is imported only when a fleet
rule runs: a pre-commit run of instance and change rules never pays for it.
"""

from __future__ import annotations

from typing import Any

from linter.checks.compiling import CompileError, KeyPath, Names
from linter.checks.conditions import Condition, compile_condition
from linter.checks.templates import check_message
from linter.record import Record


class FleetSpec(Record):
    """A compiled ``fleet`` check: one value compared across instances by one kind."""

    __slots__ = (
        "kind",
        "path",
        "for_each",
        "group_by",
        "within",
        "partner",
        "where",
        "reserved_when",
        "reference_when",
        "allowed_when",
        "limit",
        "message",
        "limit_setting",
        "error_when",
        "limit_when",
        "across",
        "points_when",
    )

    def __init__(
        self,
        kind: str,
        path: str,
        for_each: tuple[tuple[str, tuple[str, ...]], ...],
        group_by: str | None,
        within: str | None,
        partner: str | None,
        where: Condition | None,
        reserved_when: Condition | None,
        reference_when: Condition | None,
        allowed_when: Condition | None,
        limit: int | tuple[tuple[str, int], ...] | None,
        message: str,
        limit_setting: str | None,
        error_when: Condition | None = None,
        limit_when: tuple[Condition, int | tuple[tuple[str, int], ...]] | None = None,
        across: str | None = None,
        points_when: Condition | None = None,
    ) -> None:
        self.kind = kind  # a FLEET_KINDS name
        self.path = path
        self.for_each = for_each
        self.group_by = group_by
        self.within = within
        self.partner = partner  # `with:`: the path whose value each value must stay bound to
        self.where = where
        self.reserved_when = reserved_when
        self.reference_when = reference_when
        self.allowed_when = allowed_when
        self.limit = limit
        self.message = message
        self.limit_setting = limit_setting
        self.error_when = error_when  # an error when it holds on an instance compared
        self.limit_when = limit_when  # see _limit_when
        self.across = across  # `across:` (foreign): the path that must agree between pointer and owner
        self.points_when = points_when  # (foreign) the instance uses its `with:` value


class FleetKind:
    """One entry of the fleet kind registry: the comparison and what its messages may name."""

    __slots__ = ("compare", "fails_when", "keys", "name", "required", "variables")

    def __init__(
        self,
        name: str,
        compare: str,  # the comparison's name in linter.checks.fleet
        variables: tuple[str, ...],  # besides COMMON_VARIABLES and the for_each variables
        fails_when: str,
        keys: tuple[str, ...] = (),  # the keys only this kind uses (or needs: `required`)
        required: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.compare = compare
        self.variables = variables
        self.fails_when = fails_when
        self.keys = keys
        self.required = required


# What every fleet message may name besides the for_each variables (see _Group.placeholders, _finding).
COMMON_VARIABLES = ("instances", "count", "group", "among")

# What each variable of a fleet message shows (docs/rules.md is generated from it).
FLEET_VARIABLES = {
    "instances": "name, environment type and `file:line` of each instance in the finding",
    "count": "how many instances the finding names",
    "group": "the group's value (a project, a `group_by` value), or `(none)`",
    "among": 'whom the values were compared among: "project acme", "the fleet", ...',
    "value": "the shared or contested value (a secret as its fingerprint)",
    "values": "each value with its instances (`max_distinct`: the values)",
    "distinct": "how many distinct values there are",
    "limit": "the limit in force (from `limit` or the settings file's `limit_setting`)",
    "partners": "the values of `with:` each value appears with, and their instances",
    "intruders": "the instances using a reserved value they are not allowed",
    "pointer": "(foreign) the instance whose `with:` value is another's own",
    "owners": "the instances whose own value the pointer names, with their `across:` value",
}

# The registry of fleet kinds (docs/rules.md is generated from it).
FLEET_KINDS: dict[str, FleetKind] = {
    kind.name: kind
    for kind in (
        FleetKind("unique", "_unique", ("value",), "two instances have the same value"),
        FleetKind(
            "consistent",
            "_consistent",
            ("values", "distinct"),
            "instances have different values; the finding names those that differ from the reference",
            ("reference_when",),
        ),
        FleetKind(
            "max_distinct",
            "_max_distinct",
            ("limit", "distinct", "values"),
            "there are more distinct values than `limit`",
            ("limit", "limit_setting"),
            ("limit",),
        ),
        FleetKind(
            "bound_to",
            "_bound_to",
            ("value", "partners"),
            "one value appears with different values of `with:`; the finding names the instances that "
            "differ from the reference",
            ("with", "reference_when"),
            ("with",),
        ),
        FleetKind(
            "reserved",
            "_reserved",
            ("value", "intruders"),
            "a value reserved by one instance (`reserved_when`) is used by an instance not allowed it "
            "(`allowed_when`)",
            ("reserved_when", "allowed_when"),
        ),
        FleetKind(
            "foreign",
            "_foreign",
            ("value", "pointer", "owners"),
            "an instance's `with:` value (where `points_when` holds) is another instance's own value, and "
            "the two differ in `across:`; the finding names the pointer and the owners",
            ("with", "across", "points_when"),
            ("with", "across"),
        ),
    )
}


def compile_fleet(check: dict[str, Any], where: KeyPath, trusted: bool = False) -> FleetSpec:
    """Compile a ``fleet`` check; CompileError names the offending key."""
    spec = check["fleet"]
    where = (*where, "fleet")
    kind = FLEET_KINDS.get(spec["kind"])
    if kind is None:
        choices = ", ".join(sorted(FLEET_KINDS))
        raise CompileError(f"unknown fleet kind {spec['kind']!r} (choose from {choices})", (*where, "kind"))
    for key in kind.required:
        if key not in spec:
            raise CompileError(f"a {kind.name} check needs {key!r}", where)
    for key in spec:
        if key in _KIND_KEYS and key not in kind.keys:  # read by no comparison of this kind: a slip
            users = ", ".join(sorted(other.name for other in FLEET_KINDS.values() if key in other.keys))
            raise CompileError(
                f"{key!r} means nothing to a {kind.name} check (only to {users})", (*where, key)
            )
    for_each = tuple(
        (name, tuple(str(v) for v in values)) for name, values in spec.get("for_each", {}).items()
    )
    names = Names({name: frozenset() for name, _ in for_each}, trusted=trusted)
    for key in ("path", "group_by", "with", "across"):
        if key in spec:
            names.check_template(spec[key], (*where, key))
    message_names = Names(
        {**names.variables, **dict.fromkeys((*COMMON_VARIABLES, *kind.variables), frozenset[str]())},
        (),
        trusted,
    )
    check_message(spec["message"], message_names, (*where, "message"), functions=False)

    def condition(key: str) -> Condition | None:
        return compile_condition(spec[key], names, (*where, key)) if key in spec else None

    limit = spec.get("limit")
    if isinstance(limit, dict):
        _check_limits(limit, for_each, (*where, "limit"))
    return FleetSpec(
        kind=kind.name,
        path=spec["path"],
        for_each=for_each,
        group_by=spec.get("group_by"),
        within=spec.get("within"),
        partner=spec.get("with"),
        where=condition("where"),
        reserved_when=condition("reserved_when"),
        reference_when=condition("reference_when"),
        allowed_when=condition("allowed_when"),
        limit=tuple(limit.items()) if isinstance(limit, dict) else limit,
        message=spec["message"],
        limit_setting=spec.get("limit_setting"),
        error_when=condition("error_when"),
        limit_when=_limit_when(spec, names, for_each, where),
        across=spec.get("across"),
        points_when=condition("points_when"),
    )


def _limit_when(
    spec: dict[str, Any], names: Names, for_each: _Bindings, where: KeyPath
) -> tuple[Condition, int | tuple[tuple[str, int], ...]] | None:
    """``limit_when: {when, limit}``: the limit of a group all of whose instances satisfy ``when``."""
    entry = spec.get("limit_when")
    if entry is None:
        return None
    if spec["kind"] != "max_distinct":
        kind = spec["kind"]
        raise CompileError(
            f"'limit_when' means nothing to a {kind} check (only to max_distinct)", (*where, "limit_when")
        )
    limit = entry["limit"]
    if isinstance(limit, dict):
        _check_limits(limit, for_each, (*where, "limit_when", "limit"))
    when = compile_condition(entry["when"], names, (*where, "limit_when", "when"))
    return when, tuple(limit.items()) if isinstance(limit, dict) else limit


_Bindings = tuple[tuple[str, tuple[str, ...]], ...]  # for_each: each variable and its values
# The keys some fleet kind uses; every other key of a fleet check (path, message, ...) is common.
_KIND_KEYS = frozenset(key for kind in FLEET_KINDS.values() for key in kind.keys)


def _check_limits(
    limit: dict[str, Any], for_each: tuple[tuple[str, tuple[str, ...]], ...], where: KeyPath
) -> None:
    """A limit per value names exactly the values of the first ``for_each`` variable: a value it left
    out would get no limit at all (0), and a key no value has is a typo."""
    values = set(for_each[0][1]) if for_each else set()
    unknown = sorted(set(map(str, limit)) - values)
    if unknown:
        raise CompileError(f"limit for {', '.join(unknown)}, which for_each does not list", where)
    missing = sorted(values - set(map(str, limit)))
    if missing:
        raise CompileError(f"no limit for {', '.join(missing)} (for_each lists it)", where)
