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
    involved,
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

# Rule tags that say what a mistake costs, worst first: the report's "fix first" summary leads with
# them. They are rule data (``tags:`` in the rule file), not decided here.
RISKS: dict[str, str] = {
    "risk:data-loss": "Loses data",
    "risk:payments": "Blocks payments",
}
OTHER_ERRORS = "Other errors"
# Above this many instances the rule-by-instance matrix becomes a summary (one row per rule), the
# per-instance sections fold, and instances without findings are listed by name only: the page must
# stay as wide as the screen and open in seconds at 5,000 instances.
LARGE_FLEET = 24
LISTED_NAMES = 12  # instances named in a "fix first" group before "and N more"
# At fleet scale, each rule's first findings (riskiest instances first) are listed in full; the others
# are the same mistake on more instances, named only: the report stays a few MB whatever fails.
LISTED_PER_RULE = 50
AT_RISK_ROWS = 100  # at fleet scale, the riskiest instances given a row in "at a glance"; the rest named
RELATED_SHOWN = 12  # at fleet scale, a finding's related places shown before "and N more"

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
    hinted: bool  # the remediation is the finding's own hint, not the rule's (shown even in a large fleet)
    related: list[RelatedView]
    instances: list[str]  # every instance the finding points at (several for a fleet finding)
    waived: str | None


@dataclass(frozen=True)
class RelatedView:
    """A related place: its label and, when the finding says, what the place is to it."""

    label: str
    note: str | None


@dataclass
class FixGroup:
    """One mistake (a rule) in the "fix first" summary: what it costs, where it occurs, how to fix it."""

    risk: str
    rule: str
    title: str
    severity: str
    remediation: str
    anchor: str  # its first finding
    findings: int = 0
    instances: list[str] = field(default_factory=list)

    @property
    def named(self) -> list[str]:
        """The instances listed by name; the rest are counted."""
        return self.instances[:LISTED_NAMES]


@dataclass(frozen=True)
class SummaryRow:
    """A rule across a large fleet: how many instances are in each state, and which fail."""

    rule: str
    title: str
    severity: str
    counts: dict[str, int]
    failing: list[str]


@dataclass
class InstanceView:
    """An instance column: its summary (when it loaded), counts and findings."""

    name: str
    anchor: str
    summary: InstanceSummary | None
    findings: list[FindingView] = field(default_factory=list)
    listed: list[FindingView] = field(default_factory=list)  # at fleet scale: those listed in full
    counts: dict[str, int] = field(default_factory=dict)  # its own findings and the fleet's that name it
    own: dict[str, int] = field(default_factory=dict)  # its own findings only
    failing_rules: int = 0
    risk: tuple[int, ...] = ()  # sorts the riskiest first: data loss, payments, errors, warnings

    @property
    def serious(self) -> list[FindingView]:
        """Its findings without the info ones (advice)."""
        return [item for item in self.findings if item.severity != Severity.INFO.value]

    @property
    def at_risk(self) -> bool:
        """True when the instance has an error or warning that is not waived."""
        return bool(self.counts.get("error") or self.counts.get("warning"))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _fold(text: str) -> str:
    return " ".join(text.split())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _related(place: Location, instance: str | None) -> str:
    label = place.label()
    return f"{label} [{place.instance}]" if place.instance and place.instance != instance else label


def risk_of(rule: Any) -> str | None:
    """The first risk tag of a rule (``RISKS``), as the report names it; None for other rules."""
    tags = getattr(rule, "tags", ()) or ()
    return next((label for tag, label in RISKS.items() if tag in tags), None)


def _fix_first(findings: list[Finding], rules: dict[str, Any], anchors: dict[str, str]) -> list[FixGroup]:
    """Errors and warnings that are not waived, one group per rule: data loss, payments, other errors."""
    groups: dict[str, FixGroup] = {}
    for finding in findings:
        if finding.waived or finding.severity.rank < Severity.WARNING.rank:
            continue
        rule = rules.get(finding.rule)
        risk = risk_of(rule) or (OTHER_ERRORS if finding.severity == Severity.ERROR else None)
        if risk is None:  # a warning of no named risk: counted in the instances' table, not here
            continue
        group = groups.get(finding.rule)
        if group is None:
            group = groups[finding.rule] = FixGroup(
                risk=risk,
                rule=finding.rule,
                title=rule.title if rule else "",
                severity=finding.severity.value,
                remediation=_fold(rule.remediation) if rule else "",
                anchor=anchors.get(finding.fingerprint, ""),
            )
        group.findings += 1
        for name in involved(finding):
            if name not in group.instances:
                group.instances.append(name)
    order = [*RISKS.values(), OTHER_ERRORS]
    return sorted(groups.values(), key=lambda g: (order.index(g.risk), -len(g.instances), g.rule))


def _advice(findings: list[Finding], rules: dict[str, Any]) -> list[FixGroup]:
    """Info findings that are not waived, one group per rule (a large fleet's findings list omits them)."""
    groups: dict[str, FixGroup] = {}
    for finding in findings:
        if finding.waived or finding.severity != Severity.INFO:
            continue
        rule = rules.get(finding.rule)
        group = groups.setdefault(
            finding.rule,
            FixGroup("advice", finding.rule, rule.title if rule else "", "info", "", ""),
        )
        group.findings += 1
        for name in involved(finding):
            if name not in group.instances:
                group.instances.append(name)
    return sorted(groups.values(), key=lambda g: (-g.findings, g.rule))


def _risk_key(view: InstanceView, findings: list[FindingView], rules: dict[str, Any]) -> tuple[int, ...]:
    active = [item for item in findings if not item.waived]
    labels = [risk_of(rules.get(item.rule)) for item in active if item.severity != Severity.INFO.value]
    return (
        -sum(label == RISKS["risk:data-loss"] for label in labels),
        -sum(label == RISKS["risk:payments"] for label in labels),
        -view.counts.get("error", 0),
        -view.counts.get("warning", 0),
        -view.failing_rules,
    )


def _summary_rows(matrix: list[MatrixRow], names: list[str]) -> list[SummaryRow]:
    rows = []
    for row in matrix:
        counts = {state: 0 for state in STATES}
        failing = []
        for name, cell in zip(names, row.cells, strict=True):
            counts[cell.state] += 1
            if cell.state in (FAIL, NOT_EVALUATED):
                failing.append(name)
        rows.append(SummaryRow(row.rule, row.title, row.severity, counts, failing))
    return rows


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
        view.own = dict(view.counts)
    # Fleet findings count for every instance they name: a shared data space puts each one at risk.
    for item in across:
        for name in dict.fromkeys(item.instances):
            if name in views and not item.waived:
                views[name].counts[item.severity] += 1
    for view in views.values():
        mine = view.findings + [item for item in across if view.name in item.instances]
        view.risk = _risk_key(view, mine, rules)
    by_risk = sorted(
        (view for view in views.values() if view.name != FLEET or view.summary),
        key=lambda view: (view.risk, view.name),
    )
    large = len(names) > LARGE_FLEET
    fix_first = _fix_first(ordered, rules, anchors)
    more = _list_per_rule(by_risk, fix_first) if large else []
    inputs = [(summary.name, file) for summary in result.instances for file in summary.files]
    seen = {file.path for _, file in inputs}
    counts = result.counts()
    return {
        "title": "commerce-lint audit report",
        "tool": {"name": "commerce-lint", "version": __version__},
        "generated": generated_at(environ),
        "rules": result.rules,
        "instances": list(views.values()),
        "by_risk": by_risk,
        "at_risk": [view for view in by_risk if view.at_risk or not large][: AT_RISK_ROWS if large else None],
        "at_risk_more": [view.name for view in by_risk if view.at_risk][AT_RISK_ROWS:] if large else [],
        "quiet_instances": [view.name for view in by_risk if large and not view.at_risk],
        "large": large,
        "fix_first": fix_first,
        "more": more,
        "listed_per_rule": LISTED_PER_RULE,
        "related_shown": RELATED_SHOWN,
        "advice": _advice(ordered, rules) if large else [],
        "risks": [*RISKS.values(), OTHER_ERRORS],
        "listed_names": LISTED_NAMES,
        "summary_rows": _summary_rows(matrix, names) if large else [],
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


def _list_per_rule(by_risk: list[InstanceView], fix_first: list[FixGroup]) -> list[tuple[str, list[str]]]:
    """At fleet scale: each view's ``listed`` findings (a rule's first LISTED_PER_RULE errors and warnings,
    riskiest instances first), and for each rule past that, the instances of its other findings. The
    "fix first" links go to a listed finding, or to that list."""
    shown: dict[str, int] = {}
    first: dict[str, str] = {}
    more: dict[str, list[str]] = {}
    for view in by_risk:
        view.listed = []
        for item in view.serious:
            if shown.get(item.rule, 0) < LISTED_PER_RULE:
                shown[item.rule] = shown.get(item.rule, 0) + 1
                first.setdefault(item.rule, item.anchor)
                view.listed.append(item)
            else:
                names = more.setdefault(item.rule, [])
                if not names or names[-1] != view.name:
                    names.append(view.name)
    for group in fix_first:
        if group.rule in first or group.rule in more:
            group.anchor = first.get(group.rule, "findings-more")
    return sorted(more.items())


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
        hinted=bool(finding.hint),
        related=[RelatedView(_related(place, finding.instance), place.note) for place in finding.related],
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
