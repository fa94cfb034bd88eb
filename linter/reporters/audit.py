"""The audit report's content, shared by the HTML and Markdown reporters and rendered with Jinja2."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from linter import __version__
from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.outcomes import (
    FAIL,
    FLEET,
    FOLDED,
    NOT_APPLICABLE,
    NOT_EVALUATED,
    NOT_RUN,
    NOTE,
    PASS,
    WAIVED,
    Cell,
    cells,
    instance_names,
    rule_ids,
)
from linter.reporters.report_time import generated_at
from linter.result import InstanceSummary, LintResult
from linter.textsafe import visible

# state → (short label, what it means); the labels carry the meaning, colour only repeats it.
STATES: dict[str, tuple[str, str]] = {
    FAIL: ("FAIL", "the rule found an error or a warning on this instance"),
    NOT_EVALUATED: ("NOT EVALUATED", "could not run: the instance's before state could not be read"),
    NOTE: ("info", "passes, with advice (info findings only)"),
    WAIVED: ("waived", "every finding of this rule on this instance is waived"),
    PASS: ("pass", "checked, nothing found"),
    NOT_APPLICABLE: ("n/a", "does not apply to this instance (e.g. the feature is not configured)"),
    NOT_RUN: ("—", "not run for this instance (e.g. change rules when nothing is compared)"),
    FOLDED: ("folded", "its finding is part of another rule's finding on this instance (see its notes)"),
}

KEY_STATUS = {
    "missing": "not set",
    "plain": "stored as plaintext",
    "decrypted": "encrypted; decrypted with this instance's crypt/key",
    "no_key": "encrypted; no crypt/key to verify it",
    "double_encrypted": "encrypted twice",
    "undecryptable": "encrypted with another crypt/key",
    "variable_ciphertext": "ciphertext from an environment variable",
}


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the rule × instance matrix."""

    state: str
    label: str
    detail: str  # e.g. "2 errors"; empty for cells without findings
    worst: str | None  # the highest severity of the cell's findings that are not waived
    anchor: str | None  # the first finding of the cell, for a link


@dataclass(frozen=True)
class MatrixRow:
    """A rule and its cells, one per instance column."""

    rule: str
    title: str
    severity: str
    cells: list[MatrixCell]

    @property
    def failing(self) -> bool:
        """True when the rule fails on at least one instance."""
        return any(cell.state == FAIL for cell in self.cells)


@dataclass(frozen=True)
class FindingView:
    """A finding as the report shows it."""

    anchor: str
    severity: str
    rule: str
    title: str
    location: str
    variable: str | None
    paths: tuple[str, ...]
    message: str
    remediation: str
    related: list[str]
    instances: list[str]  # every instance the finding points at (several for a fleet finding)
    waived: str | None


@dataclass
class InstanceView:
    """An instance column: its summary (when it loaded), counts and findings."""

    name: str
    anchor: str
    summary: InstanceSummary | None
    findings: list[FindingView] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    failing_rules: int = 0


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _fold(text: str) -> str:
    return " ".join(text.split())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _related(place: Location, instance: str | None) -> str:
    label = place.label()
    return f"{label} [{place.instance}]" if place.instance and place.instance != instance else label


def _cell(cell: Cell, anchors: dict[str, str]) -> MatrixCell:
    label, _ = STATES[cell.state]
    detail = ""
    if cell.state in (FAIL, NOTE):
        by_severity: dict[Severity, int] = {}
        for finding in cell.active:
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
        detail = ", ".join(
            _plural(count, severity.value) for severity, count in sorted(by_severity.items(), key=_worst)
        )
    anchor = anchors.get(cell.findings[0].fingerprint) if cell.findings else None
    worst = cell.worst
    return MatrixCell(
        state=cell.state, label=label, detail=detail, worst=worst.value if worst else None, anchor=anchor
    )


def _worst(item: tuple[Severity, int]) -> int:
    return -item[0].rank


def context(result: LintResult, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Everything the templates show, as plain values (never a secret: findings hold fingerprints only)."""
    rules = {rule.id: rule for rule in result.rules}
    summaries = {summary.name: summary for summary in result.instances}
    names = instance_names(result)
    views = {
        name: InstanceView(name, f"instance-{number}-{_slug(name)}", summaries.get(name))
        for number, name in enumerate(names, start=1)
    }
    anchors: dict[str, str] = {}
    across: list[FindingView] = []  # fleet findings, listed once rather than under each instance
    # Worst first within each instance, then in the engine's order (file, line, column).
    ordered = sorted(result.findings, key=lambda finding: -finding.severity.rank)
    for number, finding in enumerate(ordered, start=1):
        anchor = f"finding-{number}"
        anchors.setdefault(finding.fingerprint, anchor)
        item = _finding(finding, anchor, rules)
        (views[finding.instance].findings if finding.instance else across).append(item)
    table = cells(result, complete=True)
    matrix, not_run = [], []
    for rule_id in rule_ids(result):
        rule = rules.get(rule_id)
        row_cells = [_cell(table[(rule_id, name)], anchors) for name in names]
        if all(cell.state == NOT_RUN for cell in row_cells):  # e.g. change rules in a plain check
            not_run.append(rule_id)
            continue
        matrix.append(
            MatrixRow(
                rule=rule_id,
                title=rule.title if rule else "",
                severity=rule.severity.value if rule else "",
                cells=row_cells,
            )
        )
    for column, name in enumerate(names):
        view = views[name]
        view.failing_rules = sum(1 for row in matrix if row.cells[column].state == FAIL)
        view.counts = {severity.value: 0 for severity in Severity} | {"waived": 0}
        for item in view.findings:
            view.counts["waived" if item.waived else item.severity] += 1
    inputs = [(summary.name, file) for summary in result.instances for file in summary.files]
    seen = {file.path for _, file in inputs}
    counts = result.counts()
    return {
        "title": "commerce-lint audit report",
        "tool": {"name": "commerce-lint", "version": __version__},
        "generated": generated_at(environ),
        "rules": result.rules,
        "instances": list(views.values()),
        "instance_count": len(result.instances),
        "across": across,
        "fleet": FLEET,
        "matrix": matrix,
        "failing_rules": sum(1 for row in matrix if row.failing),
        "not_run": not_run,
        "states": {  # the legend: "not evaluated" only when it occurs, so that it stands out
            state: text for state, text in STATES.items() if state != NOT_EVALUATED or result.not_evaluated
        },
        "key_status": KEY_STATUS,
        "inputs": inputs,
        "unread_inputs": [path for path in result.inputs if path not in seen],
        "errors": [error.one_line() for error in result.errors],
        "counts": counts,
        "totals": ", ".join(
            [_plural(counts[s.value], s.value) for s in sorted(Severity, key=lambda s: -s.rank)]
            + ([f"{counts['waived']} waived"] if counts["waived"] else [])
        ),
    }


def _finding(finding: Finding, anchor: str, rules: dict[str, Any]) -> FindingView:
    rule = rules.get(finding.rule)
    place = finding.place
    return FindingView(
        anchor=anchor,
        severity=finding.severity.value,
        rule=finding.rule,
        title=rule.title if rule else "",
        location=_related(
            Location(place.file, place.line, place.column, instance=place.instance), finding.instance
        ),
        variable=place.variable,
        paths=finding.paths,
        message=finding.message,
        remediation=_fold(finding.hint or (rule.remediation if rule else "")),
        related=[_related(place, finding.instance) for place in finding.related],
        instances=[place.instance for place in (finding.place, *finding.related) if place.instance],
        waived=finding.waived,
    )


def markdown_escape(value: object) -> str:
    """Escape text for a Markdown table cell: ``|``, markup characters, HTML and line breaks."""
    text = visible(_fold(str(value)))
    text = text.replace("\\", "\\\\")
    for char in "`*[]|":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def write_template(result: LintResult, stream: TextIO, template: str) -> None:
    """Render ``templates/<template>`` (``.html.j2`` autoescaped as HTML, ``.md.j2`` as Markdown)."""
    import jinja2  # lazily: only the audit formats pay for importing it
    from markupsafe import Markup

    markdown = template.endswith(".md.j2")

    # Markdown is not HTML: instead of HTML autoescaping, every {{ expression }} goes through
    # markdown_escape, so no value can break a table or inject markup ("| safe" marks macro output).
    # HTML autoescaping leaves control characters raw: they become visible escapes here too.
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if markdown:
            return markdown_escape(value)
        return visible(value) if isinstance(value, str) else value

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("linter.reporters", "templates"),
        autoescape=not markdown,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    stream.write(environment.get_template(template).render(context(result)))
