"""Machine-readable JSON, documented by schemas/report.schema.json."""

from __future__ import annotations

from typing import Any, TextIO

from linter import __version__
from linter.finding import Finding
from linter.location import Location
from linter.reporters.json_stream import write_json
from linter.result import InstanceSummary, LintResult

FORMAT_VERSION = "1"


def _place(place: Location) -> dict[str, Any]:
    return {
        "file": place.file,
        "line": place.line,
        "column": place.column,
        "variable": place.variable,
        "instance": place.instance,
        "note": place.note,  # what the place is to the finding (a folded finding: "also RULE-ID ...")
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "instance": finding.instance,
        "paths": list(finding.paths),
        "file": finding.place.file,
        "line": finding.place.line,
        "column": finding.place.column,
        "variable": finding.place.variable,
        "related": [_place(place) for place in finding.related],
        "hint": finding.hint,
        "fingerprint": finding.fingerprint,
        "waived": finding.waived,
    }


def _instance(summary: InstanceSummary) -> dict[str, Any]:
    return {
        "name": summary.name,
        "directory": summary.directory,
        "environment_type": summary.env_type,
        "environment_type_source": summary.env_type_source,
        "project": summary.project,
        "files": [{"path": f.path, "role": f.role, "sha256": f.sha256} for f in summary.files],
        "saas_project_id": summary.saas_project_id,
        "data_space": {
            "id": summary.data_space_id,
            "name": summary.data_space_name,
            "type": summary.data_space_type,
        },
        "keys": [{"name": k.name, "fingerprint": k.fingerprint, "status": k.status} for k in summary.keys],
        "payments": [{"scope": p.scope, "active": p.active, "method": p.method} for p in summary.payments],
    }


def document(result: LintResult) -> dict[str, Any]:
    """The report as plain data."""
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "commerce-lint", "version": __version__},
        "findings": [_finding(finding) for finding in result.findings],
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in result.errors],
        "instances": [_instance(summary) for summary in result.instances],
        "not_evaluated": [
            {"rule": rule, "instance": instance, "reason": reason}
            for (rule, instance), reason in result.not_evaluated.items()
        ],
        "baseline": {"matched": result.baselined, "gone": result.baseline_gone},
        "summary": {
            **result.counts(),
            "instances": len(result.instances),
            "input_errors": len(result.errors),
            "not_evaluated": len(result.not_evaluated),
        },
    }


def write(result: LintResult, stream: TextIO) -> None:
    """Write the JSON document, keys in a stable order."""
    write_json(document(result), stream)
