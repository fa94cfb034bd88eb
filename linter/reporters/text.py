"""Human-readable output, grouped by instance; colour via rich as linter.terminal decides (--color)."""

from __future__ import annotations

from typing import TextIO

from linter import terminal
from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import InstanceSummary, LintResult
from linter.textsafe import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _lines(result: LintResult, quiet: bool = False) -> list[tuple[str, str | None]]:
    """(text, style) pairs: the whole report, independent of how it is rendered.

    ``quiet`` (``-q``): the findings and the rules not evaluated only; no settings note, no baseline
    news, no summary.
    """
    remediation = {rule.id: " ".join(rule.remediation.split()) for rule in result.rules}
    lines: list[tuple[str, str | None]] = []
    if result.settings_note and not quiet:
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
        lines.extend(_layers(summary))
        for finding in by_instance[name]:
            tag = "waived" if finding.waived else finding.severity.value
            lines.append(
                (
                    f"  {finding.place.label()}: {tag} {finding.rule} {finding.message}",
                    "dim" if finding.waived else _STYLE[finding.severity],
                )
            )
            lines.extend((_see_also(other, finding), "dim") for other in finding.related)
            if finding.waived:
                lines.append((f"      waived: {finding.waived}", "dim"))
            elif finding.hint or finding.rule in remediation:
                lines.append((f"      fix: {finding.hint or remediation[finding.rule]}", "dim"))
        lines.append(("", None))
    if result.baseline_gone and not quiet:
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
    if quiet:
        while lines and not lines[-1][0]:
            lines.pop()
    else:
        lines.append((_summary(result), "bold"))
    return lines


def _layers(summary: InstanceSummary | None) -> list[tuple[str, str | None]]:
    """One line naming the layers an instance was read from (whether its database was among them)."""
    return [(visible("  read: " + "; ".join(summary.layers)), "dim")] if summary and summary.layers else []


def _see_also(place: Location, finding: Finding) -> str:
    """``see also FILE:LINE:COL (instance) — note``: the instance when it is another one's."""
    text = f"      see also {place.label()}"
    if place.instance and place.instance != finding.instance:
        text += f" ({place.instance})"
    return text + (f" — {place.note}" if place.note else "")


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
    lines = [(visible(text), style) for text, style in _lines(result, terminal.quiet())]
    if not lines:  # --quiet and nothing found
        return
    if not terminal.colour(stream):
        stream.write("\n".join(text for text, _ in lines) + "\n")
        return
    from rich.text import Text

    console = terminal.console(stream)
    for text, style in lines:
        console.print(Text(text, style=style or ""))
