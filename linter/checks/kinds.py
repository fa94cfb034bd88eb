"""The one registry of check kinds: each rule's ``check`` compiles into the spec of its kind at load.

The engine, the example runner and the waivers dispatch on the spec's type, never on the data's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from linter.checks.cases import CasesSpec, compile_cases
from linter.checks.compiling import CompileError, KeyPath
from linter.checks.fleet_spec import FleetSpec, compile_fleet
from linter.checks.schema_check import SchemaSpec, compile_schema
from linter.checks.vocabulary import Level


class NoticeSpec(NamedTuple):
    """A finding the engine itself raises (``unused_waiver``): nothing to evaluate on an instance."""

    notice: str


def compile_notice(check: dict[str, Any], where: KeyPath, trusted: bool = False) -> NoticeSpec:
    """Compile a ``notice`` check."""
    return NoticeSpec(check["notice"])


CheckSpec = CasesSpec | SchemaSpec | FleetSpec | NoticeSpec


Compiler = Callable[[dict[str, Any], KeyPath, bool], CheckSpec]


class CheckKind:
    """One entry of the registry: its compiler (of a check, at a key path, trusted or not) and spec type."""

    __slots__ = ("compile", "meaning", "spec")

    def __init__(
        self, compile: Callable[[dict[str, Any], KeyPath, bool], CheckSpec], spec: type, meaning: str
    ) -> None:
        self.compile = compile
        self.spec = spec
        self.meaning = meaning


# Check kind -> compiler and spec type. A check is of the kind whose key it has (`cases` for
# instance and change rules, `schema`, `fleet` or `notice`).
CHECK_KINDS: dict[str, CheckKind] = {
    "cases": CheckKind(compile_cases, CasesSpec, "a finding for each case whose `fail_if` holds"),
    "schema": CheckKind(
        compile_schema, SchemaSpec, "each config-shaped file satisfies a bundled JSON Schema"
    ),
    "fleet": CheckKind(compile_fleet, FleetSpec, "one value compared across every instance"),
    "notice": CheckKind(compile_notice, NoticeSpec, "a finding the engine raises itself (`unused_waiver`)"),
}


def compile_check(check: dict[str, Any], level: Level, trusted: bool = False) -> CheckSpec:
    """The typed spec of a rule's validated ``check``; CompileError names the offending key.

    ``trusted``: the check compiled before (its data came from the rule cache): the tests of its
    variables and placeholders are skipped, which halves the time compiling takes.
    """
    where: KeyPath = ("check",)
    kinds = [name for name in CHECK_KINDS if name in check]
    if len(kinds) != 1:
        choices = ", ".join(CHECK_KINDS)
        raise CompileError(
            f"a check has exactly one of {choices} (found {', '.join(kinds) or 'none'})", where
        )
    spec = CHECK_KINDS[kinds[0]].compile(check, where, trusted)
    if (level == Level.FLEET) != isinstance(spec, FleetSpec):
        raise CompileError("a fleet check needs level: fleet, and a fleet rule a fleet check", where)
    if "instance_state" in check and not isinstance(spec, CasesSpec):
        raise CompileError("instance_state applies to cases checks only", (*where, "instance_state"))
    return spec
