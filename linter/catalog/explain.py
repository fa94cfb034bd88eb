"""Render one rule's documentation for ``commerce-lint rules explain``."""

from __future__ import annotations

import yaml

from linter.checks.rule import Rule
from linter.errors import UsageError


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
    lines += ["", "How to fix", *_indent(rule.remediation), "", "Examples"]
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
