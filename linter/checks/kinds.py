"""The one registry of check kinds: each rule's ``check`` compiles into the spec of its kind at load.

The engine, the example runner and the waivers dispatch on the spec's type, never on the data's keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from linter.checks.cases import CasesSpec, compile_cases
from linter.checks.compiling import CompileError, KeyPath
from linter.checks.fleet_spec import FleetSpec, compile_fleet
from linter.checks.schema_check import SchemaSpec, compile_schema
from linter.checks.vocabulary import Level
from linter.record import Record


class NoticeSpec(Record):
    """A finding the engine itself raises (``unused_waiver``): nothing to evaluate on an instance."""

    __slots__ = ("notice",)

    def __init__(self, notice: str) -> None:
        self.notice = notice


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
    if level != Level.CHANGE and not trusted:
        _refuse_change_terms(check, where, level)
    return spec


_CHANGE_CONDITIONS = frozenset({"changed", "unchanged", "before", "after"})
# {changes:...}, {fp:before:...}, {value:after:...}: placeholders that read the other state.
_CHANGE_PLACEHOLDER = re.compile(r"\{(?:changes:|\w+:(?:before|after):)")


def _refuse_change_terms(check: dict[str, Any], where: KeyPath, level: Level) -> None:
    """What only a change rule has (a before state) is a load error elsewhere, not a crash when it fires."""
    stack: list[tuple[object, KeyPath]] = [(check, where)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                here = (*path, str(key))
                if key in _CHANGE_CONDITIONS or (key == "state" and value in ("before", "after")):
                    raise CompileError(f"{key!r} needs a before state: only change rules have one", here)
                stack.append((value, here))
        elif isinstance(node, list):
            stack.extend((item, (*path, str(index))) for index, item in enumerate(node))
        elif isinstance(node, str) and _CHANGE_PLACEHOLDER.search(node) is not None:
            found = _CHANGE_PLACEHOLDER.search(node)
            assert found is not None
            raise CompileError(
                f"{found.group(0)}...}} reads a before state: only change rules have one", path
            )
