"""GitLab Code Quality: a JSON array of issues (the Code Climate subset GitLab reads), one per finding.

Each issue has ``description``, ``check_name`` (the rule), ``fingerprint`` (the finding's, stable
across line shifts), ``severity`` and ``location.path`` with ``location.lines.begin``. GitLab places
an issue only by a path relative to the repository root, so paths are written that way. A finding
with no file (a value from an environment variable) points at the first related place that is a
file, else at the instance's first input file; input errors and rules not evaluated are issues too,
so that a broken file never reads as a clean report.
"""

from __future__ import annotations

from typing import Any, TextIO

from linter.digest import sha256
from linter.errors import LintError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.json_stream import write_json
from linter.reporters.repopaths import pseudo, repository_path, set_by, source_root
from linter.result import LintResult
from linter.textsafe import visible

# GitLab's scale is info, minor, major, critical, blocker. An error blocks the merge (the run fails);
# a warning is a major problem to look at; advice is minor. An input error stops the file being read.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "minor"}
INPUT_ERROR = "blocker"
INPUT_CHECK = "commerce-lint/input"
NOT_EVALUATED_CHECK = "commerce-lint/not-evaluated"


def _place(finding: Finding, first_files: dict[str, str]) -> Location | None:
    for place in (finding.place, *finding.related):
        if not pseudo(place.file):
            return place
    instance = finding.instance or next((p.instance for p in finding.related if p.instance), None)
    file = first_files.get(instance or "")
    return Location(file) if file else None


def _issue(
    description: str, check: str, fingerprint: str, severity: str, path: str, line: int | None
) -> dict[str, Any]:
    return {
        "description": visible(description),
        "check_name": check,
        "fingerprint": fingerprint,
        "severity": severity,
        # GitLab requires a line; a whole-file finding points at the first one.
        "location": {"path": visible(path), "lines": {"begin": line or 1}},
    }


def _finding(finding: Finding, root: str, first_files: dict[str, str]) -> dict[str, Any] | None:
    place = _place(finding, first_files)
    path = repository_path(place.file, root) if place is not None else None
    if place is None or path is None:
        return None
    text = finding.message
    if finding.instance:
        text = f"[{finding.instance}] {text}"
    text += set_by(finding.place)
    severity = SEVERITIES[finding.severity]
    return _issue(text, finding.rule, finding.fingerprint, severity, path, place.line)


def _error(error: LintError, root: str) -> dict[str, Any]:
    path = repository_path(error.file or "", root) or "."
    basis = "|".join((INPUT_CHECK, path, error.message))
    fingerprint = sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return _issue(error.message, INPUT_CHECK, fingerprint, INPUT_ERROR, path, error.line)


def issues(result: LintResult) -> list[dict[str, Any]]:
    """The report as plain data: findings that are not waived, then input errors."""
    root = source_root(result)
    first_files = {  # the first file of each instance (a live database's DSN is none)
        summary.name: first
        for summary in result.instances
        for first in [next((f.path for f in summary.files if not pseudo(f.path)), None)]
        if first is not None
    }
    found = [_finding(finding, root, first_files) for finding in result.findings if not finding.waived]
    report = [issue for issue in found if issue is not None]
    report += [_error(error, root) for error in result.errors]
    for (rule, instance), reason in result.not_evaluated.items():
        file = first_files.get(instance)
        path = repository_path(file, root) if file else None
        basis = "|".join((NOT_EVALUATED_CHECK, rule, instance))
        fingerprint = sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        text = f"[{instance}] {rule} not evaluated: {reason}"
        report.append(_issue(text, NOT_EVALUATED_CHECK, fingerprint, INPUT_ERROR, path or ".", None))
    return _unique(report)


def _unique(report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """GitLab shows one issue per fingerprint: a repeated one is told apart by its place in the report."""
    seen: dict[str, int] = {}
    for issue in report:
        fingerprint = issue["fingerprint"]
        count = seen.get(fingerprint, 0)
        seen[fingerprint] = count + 1
        if count:
            issue["fingerprint"] = sha256(f"{fingerprint}|{count}".encode()).hexdigest()[:16]
    return report


def write(result: LintResult, stream: TextIO) -> None:
    """Write the Code Quality report as JSON."""
    write_json(issues(result), stream)
