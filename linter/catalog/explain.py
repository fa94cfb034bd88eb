"""Render one rule's documentation for ``commerce-lint rules explain``."""

from __future__ import annotations

import re
from typing import Any

import yaml

from linter.checks.rule import Rule
from linter.errors import UsageError

# A string of a compiled check that names a config path or glob (section/group/field, stage/x/NAME).
_PATH = re.compile(r"[A-Za-z0-9_{}*-]+(?:/[A-Za-z0-9_{}*.-]+)+\Z")
_TEMPLATE = re.compile(r"\{[^}]*\}")


def find_rule(rules: list[Rule], rule_id: str) -> Rule:
    """The rule with this id (case-insensitive); a usage error naming close matches otherwise."""
    wanted = rule_id.strip().upper()
    for rule in rules:
        if rule.id == wanted:
            return rule
    close = [rule.id for rule in rules if wanted.split("-")[0] in rule.id][:5]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UsageError(f"no rule with id {rule_id}{hint}")


def explain(rules: list[Rule], rule_id: str) -> str:
    """Title, level, severity, rationale, sources, remediation and examples as plain text."""
    rule = find_rule(rules, rule_id)
    lines = [
        f"{rule.id}: {rule.title}",
        f"severity: {rule.severity.value}    level: {rule.level}    file: {rule.file}",
        *_folding(rules, rule),
        "",
        "Why",
        *_indent(rule.rationale),
        "",
        "Sources",
    ]
    for source in rule.sources:
        lines.append(f"  - {source.document}" + (f': "{source.quote}"' if source.quote else ""))
    lines += ["", "How to fix", *_indent(rule.remediation)]
    lines += _settings_read(rule)
    lines += ["", "Examples"]
    for example in rule.examples:
        lines.append(f"  {example['name']} (expect {example['expect']})")
        if example.get("description"):
            lines.append(f"    {example['description']}")
        body = {k: v for k, v in example.items() if k in ("instance", "before", "after", "fleet")}
        dumped = yaml.safe_dump(body, sort_keys=False, default_flow_style=False, width=100)
        lines += ["      " + line for line in dumped.rstrip().splitlines()]
    return "\n".join(lines)


def _folding(rules: list[Rule], rule: Rule) -> list[str]:
    """Which findings fold into this rule's (``covers``), which rules' findings this one folds into,
    and the fewest instances a fleet rule compares."""
    lines = []
    same = "on the same instance and setting"
    if rule.covers:
        lines.append(f"covers: {', '.join(rule.covers)} (their findings {same} fold into this one's)")
    covered_by = [other.id for other in rules if rule.id in other.covers]
    if covered_by:
        lines.append(f"covered by: {', '.join(covered_by)} (a finding of theirs {same} takes this one's)")
    if rule.min_instances > 1:
        lines.append(f"min_instances: {rule.min_instances} (in a smaller run: not applicable)")
    return lines


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.strip().splitlines()]


def read_paths(rule: Rule) -> list[str]:
    """The config paths and globs a rule's compiled check names, in the order it names them; a
    template such as ``{method}_api_key`` as the glob ``*_api_key`` (any mode's key)."""
    found: dict[str, None] = {}
    stack: list[Any] = [rule.check]
    while stack:  # the compiled spec: records, tuples and maps of strings, functions and numbers
        node = stack.pop()
        if isinstance(node, str):
            if _PATH.match(node):
                found.setdefault(_TEMPLATE.sub("*", node))
        elif isinstance(node, tuple | list | frozenset | set):
            stack.extend(reversed(sorted(node, key=str) if isinstance(node, frozenset | set) else node))
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                stack += [value, key]
        elif hasattr(node, "__slots__"):  # a record (functions have none)
            slots = [slot for cls in type(node).__mro__ for slot in getattr(cls, "__slots__", ())]
            stack.extend(getattr(node, slot) for slot in reversed(slots) if hasattr(node, slot))
    return list(found)


def _settings_read(rule: Rule) -> list[str]:
    """Where to see the values a rule judges: ``commerce-lint show`` for the paths it reads."""
    paths = read_paths(rule)
    if not paths:
        return []
    named = [path for path in paths if "**" not in path]  # the paths it judges, before broad guards
    broad = [path for path in paths if path not in named]
    lines = ["", "Settings it reads", *(f"  - {path}" for path in named + broad)]
    options = " ".join(f"--path {_quoted(path)}" for path in named or paths)
    lines += [
        "  See each one's value, and the file and line that set it, at a scope:",
        f"    commerce-lint show PATH {options} [--scope websites/CODE|stores/CODE]",
    ]
    return lines


def _quoted(path: str) -> str:
    """A path as a shell word: globs in single quotes, so that the shell does not expand them."""
    return f"'{path}'" if "*" in path else path
