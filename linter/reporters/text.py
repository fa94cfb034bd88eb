"""Human-readable output, grouped by instance; colour via rich only on a terminal without NO_COLOR."""

from __future__ import annotations

import os
from typing import TextIO

from linter.finding import Finding, Severity
from linter.result import LintResult
from linter.textsafe import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _lines(result: LintResult) -> list[tuple[str, str | None]]:
    """(text, style) pairs: the whole report, independent of how it is rendered."""
    remediation = {rule.id: " ".join(rule.remediation.split()) for rule in result.rules}
    lines: list[tuple[str, str | None]] = []
    if result.settings_note:
        lines.append((result.settings_note, "dim"))
    by_instance: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_instance.setdefault(finding.instance or "fleet", []).append(finding)
    summaries = {summary.name: summary for summary in result.instances}
    for name in sorted(by_instance, key=lambda name: (name == "fleet", name)):
        summary = summaries.get(name)
        kind = (
            f" ({summary.env_type}, from {summary.env_type_source})" if summary and summary.env_type else ""
        )
        lines.append((f"{name}{kind}", "bold"))
        for finding in by_instance[name]:
            tag = "waived" if finding.waived else finding.severity.value
            lines.append(
                (
                    f"  {finding.place.label()}: {tag} {finding.rule} {finding.message}",
                    "dim" if finding.waived else _STYLE[finding.severity],
                )
            )
            for other in finding.related:
                lines.append(
                    (
                        f"      see also {other.label()}"
                        + (
                            f" [{other.instance}]"
                            if other.instance and other.instance != finding.instance
                            else ""
                        )
                        + (f" — {other.note}" if other.note else ""),
                        "dim",
                    )
                )
            if finding.waived:
                lines.append((f"      waived: {finding.waived}", "dim"))
            elif finding.hint or finding.rule in remediation:
                lines.append((f"      fix: {finding.hint or remediation[finding.rule]}", "dim"))
        lines.append(("", None))
    if result.baseline_gone:
        lines.append(
            (
                f"{len(result.baseline_gone)} baseline entries no longer occur (fixed? update the baseline):",
                "bold",
            )
        )
        for entry in result.baseline_gone:
            lines.append(
                (f"  {entry.get('rule')} {entry.get('instance') or 'fleet'}: {entry.get('message')}", "dim")
            )
        lines.append(("", None))
    lines.extend(_not_evaluated(result))
    # Input errors go to standard error, one line each (the CLI prints them); the summary counts them.
    lines.append((_summary(result), "bold"))
    return lines


def _not_evaluated(result: LintResult) -> list[tuple[str, str | None]]:
    """One block per instance whose rules could not run: a gate that did not run is never a pass."""
    by_instance: dict[tuple[str, str], list[str]] = {}
    for (rule, instance), reason in result.not_evaluated.items():
        by_instance.setdefault((instance, reason), []).append(rule)
    lines: list[tuple[str, str | None]] = []
    for (instance, reason), rules in by_instance.items():
        count = f"{len(rules)} rule{'s' if len(rules) != 1 else ''}"
        lines.append((f"{instance}: {count} not evaluated: {reason}", "bold red"))
        lines.append((f"  not evaluated: {', '.join(rules)}", "red"))
        lines.append(("", None))
    return lines


def _summary(result: LintResult) -> str:
    counts = result.counts()
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")]
    if counts["waived"]:
        parts.append(f"{counts['waived']} waived")
    if result.baselined:
        parts.append(f"{result.baselined} in baseline")
    text = (
        f"{len(result.instances)} instance{'s' if len(result.instances) != 1 else ''} checked: "
        + ", ".join(parts)
    )
    if result.errors:
        text += f"; {len(result.errors)} input error{'s' if len(result.errors) != 1 else ''}"
    if result.not_evaluated:
        count = len(result.not_evaluated)
        text += f"; {count} rule{'s' if count != 1 else ''} not evaluated"
    return text


def write(result: LintResult, stream: TextIO) -> None:
    """Write the report; plain text unless ``stream`` is a colour-capable terminal."""
    lines = [(visible(text), style) for text, style in _lines(result)]
    colour = stream.isatty() and not os.environ.get("NO_COLOR")
    if not colour:
        stream.write("\n".join(text for text, _ in lines) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for text, style in lines:
        console.print(Text(text, style=style or ""))
