"""Mutation testing of the rule files: do a rule's own examples notice when its check changes?

    python bench/mutate_rules.py [RULE-ID-GLOB ...] [--survivors] [--format text|json] [--min PERCENT]

For each bundled rule, every systematic small change of its ``check`` (a mutant: drop a case or a
condition, negate a condition, swap all/any, changed/unchanged, set/missing, before/after, change a
compared value, a path segment, an environment-type list, a fleet kind, a case severity, a path in
``at`` or in a message placeholder, ...) is loaded as a rule file (mutants the loader rejects are not
counted) and its examples are run in process. A mutant is killed when at least one example fails.
Mutants that cannot change any outcome are listed with their reason in
bench/rule-mutants-equivalent.yaml and left out of the rates. Prints the kill rate per rule, per rule
folder and in total; exits 1 when a folder or the total is below ``--min`` (default 90), or when the
equivalent-mutant list names a mutant that no longer exists. See bench/README.md, "Rule-file mutants".
"""

from __future__ import annotations

import argparse
import copy
import fnmatch
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from linter.catalog.loader import load_rule  # noqa: E402
from linter.checks.conditions import CONDITIONS  # noqa: E402
from linter.checks.fleet_spec import FLEET_KINDS as FLEET_REGISTRY  # noqa: E402
from linter.checks.rule import Rule  # noqa: E402
from linter.errors import LintError  # noqa: E402
from linter.ruletest.runner import run_example  # noqa: E402

EQUIVALENT = BENCH / "rule-mutants-equivalent.yaml"
RULES = ROOT / "rules"

CONDITION_KEYS = set(CONDITIONS)  # the rule language's own registry of conditions
# Keys whose value is a condition (besides the operands of all/any/not/before/after/in_any_scope).
CONDITION_SLOTS = {"applies_if", "fail_if", "where", "reference_when", "reserved_when", "allowed_when"}
SWAPS = {"all": "any", "any": "all", "changed": "unchanged", "unchanged": "changed", "set": "missing",
         "missing": "set", "before": "after", "after": "before"}  # fmt: skip
ENV_TYPES = ("production", "staging", "development")
SEVERITIES = ("error", "warning", "info")
FLEET_KINDS = tuple(FLEET_REGISTRY)
# Keys whose string value (or list of strings) is a config path or path template.
PATH_KEYS = {"path", "set", "missing", "enabled", "dynamic", "with", "group_by", "value", "limit_setting"}
PATH_LIST_KEYS = {"changed", "unchanged", "at", "paths"}
# Lists from which each item in turn is left out.
DROP_ITEM_KEYS = {"all", "any", "cases", "values", "in", "env_type", "role", "format"}
DROPPABLE = {"within", "group_by", "applies_if", "where", "reference_when", "at", "instance_state"}
DROP = object()  # as a replacement: delete the key
# ``{kind:PATH}`` in a message (PATH may hold ``{variable}`` templates); group 2 is the path.
PLACEHOLDER = re.compile(
    r"\{((?:fp|path|value|where|changes)(?::before|:after)?):([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
)


@dataclass(frozen=True)
class Mutant:
    """One changed check: where (a slash path into ``check``) and what was done there."""

    where: str
    change: str
    check: dict[str, Any]

    @property
    def name(self) -> str:
        """``check/cases/0/fail_if: negate``: stable across runs, used by the equivalent list."""
        return f"{self.where}: {self.change}"


def mutants(check: dict[str, Any], severity: str) -> Iterator[Mutant]:
    """Every systematic mutant of ``check`` (some may be rejected by the loader); ``severity`` is the
    rule's, which a case without its own inherits."""
    for path, node in _walk(check, ("check",)):
        for change, replacement in _changes(path, node, severity):
            mutated = copy.deepcopy(check)
            _put(mutated, path[1:], replacement)
            yield Mutant("/".join(path), change, mutated)


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, str(index)))


def _put(root: Any, path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        root = root[int(part)] if isinstance(root, list) else root[part]
    if value is DROP:
        del root[path[-1]]
    elif isinstance(root, list):
        root[int(path[-1])] = value
    else:
        root[path[-1]] = value


def _is_condition(path: tuple[str, ...], node: Any) -> bool:
    """A condition mapping in a place where a condition belongs (not a binding or a case)."""
    if not (isinstance(node, dict) and len(node) == 1 and next(iter(node)) in CONDITION_KEYS):
        return False
    parent = path[-1]
    grand = path[-2] if len(path) > 1 else ""
    return parent in CONDITION_SLOTS | {"not", "before", "after", "in_any_scope"} or (
        parent.isdigit() and grand in {"all", "any"}
    )


def _changes(path: tuple[str, ...], node: Any, severity: str) -> Iterator[tuple[str, Any]]:
    key = path[-1]
    parent = path[-2] if len(path) > 1 else ""
    if _is_condition(path, node):
        ((name, operand),) = node.items()
        yield ("unwrap not", operand) if name == "not" else ("negate", {"not": node})
        if name in SWAPS:
            yield f"{name} -> {SWAPS[name]}", {SWAPS[name]: operand}
        if name in {"before", "after", "in_any_scope"}:
            yield f"drop {name}", operand
    if isinstance(node, list) and key in DROP_ITEM_KEYS:
        for index in range(len(node)):
            yield f"drop item {index}", node[:index] + node[index + 1 :]
    if key == "env_type" and isinstance(node, list):
        for env_type in ENV_TYPES:
            if env_type not in node:
                yield f"add {env_type}", [*node, env_type]
    if parent == "for_each" and isinstance(node, list) and len(node) > 1:
        for index in range(len(node)):
            yield f"drop binding value {index}", node[:index] + node[index + 1 :]
    if key == "scopes" and isinstance(node, str):
        for other in ("all", "default", "websites", "stores"):
            if other != node:
                yield f"scopes {other}", other
    if key == "severity" and isinstance(node, str) and "cases" in path:
        for other in SEVERITIES:
            if other != node:
                yield f"severity {other}", other
    if parent == "cases" and isinstance(node, dict) and "severity" not in node:
        for other in SEVERITIES:
            if other != severity:
                yield f"add severity {other}", {**node, "severity": other}
    if key == "kind" and isinstance(node, str):
        for other in FLEET_KINDS:
            if other != node:
                yield f"kind {other}", other
    if key in DROPPABLE:
        yield f"drop {key}", DROP
    if key == "at" and isinstance(node, list) and len(node) > 1:
        yield "at in reverse order", node[::-1]
    if key == "name" and parent.isdigit() and "cases" in path:
        yield "other case name", node + "-mutant"
    if isinstance(node, bool) and key not in {"duplicate_keys"}:
        yield f"{node} -> {not node}", not node
    if isinstance(node, int | float) and not isinstance(node, bool):
        yield "plus one", node + 1
        yield "minus one", node - 1
    if isinstance(node, str):
        yield from _string_changes(path, key, parent, node)


def _string_changes(path: tuple[str, ...], key: str, parent: str, node: str) -> Iterator[tuple[str, Any]]:
    if (key == "value" and "equals" in path) or parent == "values" or (parent == "in" and "classify" in path):
        yield "other value", node + "-mutant"
    elif key == "pattern":
        yield "pattern never matches", "^mutant-never" + node
    elif key == "message":
        for match in PLACEHOLDER.finditer(node):
            mutated = node[: match.start(2)] + _other_path(match.group(2)) + node[match.end(2) :]
            yield f"placeholder {match.group(0)} path", mutated
    elif key in PATH_KEYS or parent in PATH_LIST_KEYS or (parent.isdigit() and "paths" in path):
        if "/" in node:
            yield "other path", _other_path(node)
    elif key == "instance_state":
        yield "other state", "removed" if node != "removed" else "present"


def _other_path(path: str) -> str:
    """The same path with its last segment changed: a setting nobody sets."""
    head, _, last = path.rpartition("/")
    return f"{head}/{last}_mutant" if head else f"{last}_mutant"


@dataclass(frozen=True)
class Verdict:
    """What the examples made of one mutant."""

    rule: str
    mutant: str
    outcome: str  # killed, survived, equivalent, invalid
    detail: str = ""


def judge(rule: Rule, source: dict[str, Any], mutant: Mutant, scratch: Path) -> Verdict:
    """Load the mutant as a rule file and run the rule's examples against it."""
    data = {**source, "check": mutant.check}
    file = scratch / f"{rule.id}.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        mutated = load_rule(file)
    except LintError as error:
        return Verdict(rule.id, mutant.name, "invalid", error.one_line())
    for example in mutated.examples:
        try:
            result = run_example(mutated, example)
        except Exception as error:
            return Verdict(rule.id, mutant.name, "killed", f"{example['name']}: {type(error).__name__}")
        if not result.passed:
            return Verdict(
                rule.id, mutant.name, "killed", f"{example['name']}: {result.detail.splitlines()[0]}"
            )
    return Verdict(rule.id, mutant.name, "survived")


def equivalent_list(path: Path = EQUIVALENT) -> dict[tuple[str, str], str]:
    """``(rule, mutant name) -> reason`` from the equivalent-mutant list."""
    entries = yaml.safe_load(path.read_text()) if path.is_file() else None
    listed: dict[tuple[str, str], str] = {}
    for entry in (entries or {}).get("equivalent") or []:
        reason = str(entry.get("reason") or "").strip()
        if not reason:
            raise SystemExit(f"{path}: {entry.get('rule')} {entry.get('mutant')!r} gives no reason")
        listed[(entry["rule"], entry["mutant"])] = reason
    return listed


def run(globs: list[str], listed: dict[tuple[str, str], str]) -> list[tuple[Path, list[Verdict]]]:
    """Each selected rule file with the verdict on each of its mutants."""
    results = []
    with tempfile.TemporaryDirectory(prefix="rule-mutants-") as scratch:
        for file in sorted(RULES.rglob("*.yaml")):
            if globs and not any(fnmatch.fnmatchcase(file.stem, glob) for glob in globs):
                continue
            rule = load_rule(file)
            source = yaml.safe_load(file.read_text())
            verdicts = []
            for mutant in mutants(source["check"], rule.severity.value):
                if (rule.id, mutant.name) in listed:
                    verdicts.append(
                        Verdict(rule.id, mutant.name, "equivalent", listed[(rule.id, mutant.name)])
                    )
                else:
                    verdicts.append(judge(rule, source, mutant, Path(scratch)))
            results.append((file, verdicts))
    return results


def _rate(verdicts: list[Verdict]) -> tuple[int, int]:
    killed = sum(v.outcome == "killed" for v in verdicts)
    return killed, killed + sum(v.outcome == "survived" for v in verdicts)


def _percent(killed: int, counted: int) -> str:
    return f"{100 * killed / counted:5.1f}%" if counted else "   n/a"


def report(
    results: list[tuple[Path, list[Verdict]]], survivors: bool, out: Callable[[str], None]
) -> dict[str, Any]:
    """Print the per-rule, per-folder and total kill rates; return the same figures as data."""
    folders: dict[str, list[Verdict]] = {}
    rows: dict[str, Any] = {}
    out(f"{'rule':52} {'killed':>6} {'counted':>7} {'equiv':>5} {'invalid':>7} {'rate':>6}")
    for file, verdicts in results:
        folders.setdefault(file.parent.name, []).extend(verdicts)
        killed, counted = _rate(verdicts)
        equivalent = sum(v.outcome == "equivalent" for v in verdicts)
        invalid = sum(v.outcome == "invalid" for v in verdicts)
        rows[file.stem] = {"killed": killed, "counted": counted, "equivalent": equivalent, "invalid": invalid}
        out(f"{file.stem:52} {killed:6} {counted:7} {equivalent:5} {invalid:7} {_percent(killed, counted)}")
        for verdict in verdicts if survivors else ():
            if verdict.outcome == "survived":
                out(f"    survived: {verdict.mutant}")
    out("")
    figures: dict[str, Any] = {"rules": rows, "folders": {}}
    for folder, verdicts in sorted(folders.items()):
        killed, counted = _rate(verdicts)
        figures["folders"][folder] = {"killed": killed, "counted": counted}
        out(f"folder {folder:45} {killed:6} {counted:7} {'':13} {_percent(killed, counted)}")
    everything = [v for _, verdicts in results for v in verdicts]
    killed, counted = _rate(everything)
    figures["total"] = {"killed": killed, "counted": counted}
    out(f"{'total':52} {killed:6} {counted:7} {'':13} {_percent(killed, counted)}")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the rule-file mutants; 1 when a folder or the total kills fewer than ``--min`` percent."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rules", nargs="*", help="rule id globs (default: every bundled rule)")
    parser.add_argument("--survivors", action="store_true", help="list each surviving mutant")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--min", type=float, default=90.0, help="lowest acceptable kill rate (percent)")
    options = parser.parse_args(argv)
    listed = equivalent_list()
    results = run(options.rules, listed)
    lines: list[str] = []
    figures = report(results, options.survivors, lines.append if options.format == "json" else print)
    if options.format == "json":
        print(json.dumps(figures, indent=2))
    seen = {(v.rule, v.mutant) for _, verdicts in results for v in verdicts}
    stale = [f"{rule} {name!r}" for rule, name in listed if (rule, name) not in seen and not options.rules]
    for entry in stale:
        print(f"{EQUIVALENT.name}: no such mutant any more: {entry}", file=sys.stderr)
    rates = [*figures["folders"].values(), figures["total"]]
    low = any(r["counted"] and 100 * r["killed"] / r["counted"] < options.min for r in rates)
    return 1 if low or stale else 0


if __name__ == "__main__":
    sys.exit(main())
