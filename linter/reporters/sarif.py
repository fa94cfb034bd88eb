"""SARIF 2.1.0 for code-scanning dashboards: one run, every rule with its help, one result per finding."""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from linter.checks.rule import Rule, SourceRef
from linter.errors import LintError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.about import PROJECT_NAME, SUMMARY, project_url, rule_page_url, version
from linter.reporters.json_stream import write_json
from linter.reporters.repopaths import in_repository, is_row, pseudo, set_by, source_root
from linter.result import LintResult
from linter.textsafe import visible

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "commerceLint/v1"
SRCROOT = "%SRCROOT%"  # the base id GitHub code scanning and the SARIF viewers resolve against the checkout
AUTOMATION_ID = "commerce-lint/"  # a category prefix with no run id: each upload replaces the last one

# SARIF has no "info" level; "note" is its name for an advisory result.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# GitHub's scale for properties.security-severity: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
# 0.1-3.9 low. An error that loses data (a data space switched, merged or lost with its keys) is
# high at its top; other errors high; warnings medium; advice low.
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
DATA_LOSS_SEVERITY = "9.0"
DATA_LOSS_TAGS = frozenset({"dataspace"})
# GitHub reads security-severity only for rules tagged "security"; every rule guards keys, data or
# payments, so each descriptor carries the tag beside the rule's own.
SECURITY_TAG = "security"
# The rules read configuration, not heuristics: a finding is what the file says. Those that depend
# on the environment type, which may be inferred from names, are one step less certain.
INFERRED_TAGS = frozenset({"environment-type"})


def _text(value: str) -> str:
    """Rule texts come from YAML block scalars: fold their line breaks into spaces.

    Control, bidirectional and other invisible characters become escapes (``visible``), as in every
    other format but JSON, which is data: a viewer shows these texts to a person.
    """
    return visible(" ".join(value.split()))


def _source_text(source: SourceRef) -> str:
    text = source.document
    if source.quote:
        text += f': "{source.quote}"'
    if source.url:
        text += f" <{source.url}>"
    return _text(text)


def _source_markdown(source: SourceRef) -> str:
    text = f"[{source.document}]({source.url})" if source.url else f"`{source.document}`"
    if source.quote:
        text += f" — “{source.quote}”"
    return _text(text)


def _pascal(rule_id: str) -> str:
    """``CSC-KEYPAIR-COMPLETE`` → ``CscKeypairComplete`` (SARIF wants a readable identifier as name)."""
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-") if part)


def _security_severity(rule: Rule) -> str:
    if rule.severity == Severity.ERROR and DATA_LOSS_TAGS.intersection(rule.tags):
        return DATA_LOSS_SEVERITY
    return SECURITY_SEVERITY[rule.severity]


def _descriptor(rule: Rule) -> dict[str, Any]:
    sources = "\n".join(f"- {_source_text(source)}" for source in rule.sources)
    page = rule_page_url(rule)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": _text(rule.title)},
        "fullDescription": {"text": _text(rule.rationale)},
        "help": {
            "text": "\n\n".join(
                [_text(rule.rationale), f"How to fix: {_text(rule.remediation)}", f"Sources:\n{sources}"]
                + ([f"Rule page: {page}"] if page else [])
            ),
            "markdown": "\n".join(
                [
                    f"**{_text(rule.title)}**",
                    "",
                    _text(rule.rationale),
                    "",
                    f"**How to fix.** {_text(rule.remediation)}",
                    "",
                    "**Sources**",
                    "",
                    *(f"- {_source_markdown(source)}" for source in rule.sources),
                    *(["", f"[The rule's page]({page})"] if page else []),
                ]
            ),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys([*rule.tags, SECURITY_TAG])),
            "precision": "high" if INFERRED_TAGS.intersection(rule.tags) else "very-high",
            "security-severity": _security_severity(rule),
            "level": rule.level,
            "sources": [_source_data(source) for source in rule.sources],
        },
    }
    url = page or next((source.url for source in rule.sources if source.url), None)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _source_data(source: SourceRef) -> dict[str, str]:
    data = {"document": source.document, "quote": source.quote, "url": source.url}
    return {key: value for key, value in data.items() if value is not None}


def root_uri(root: str) -> str:
    """The ``originalUriBaseIds`` entry for the root: an absolute file URI ending in ``/``."""
    uri = Path(root).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _quoted(path: str) -> str:
    # A name that is not UTF-8 holds surrogate escapes of its bytes: percent-encode those bytes.
    return quote(path, safe="/-._~", errors="surrogateescape")


def artifact_uri(file: str, root: str | None = None) -> str | None:
    """A file as a relative URI with forward slashes, or None for pseudo files such as ``<environment>``.

    Inside the repository ``root`` the URI is relative to it, as code scanning expects, and the same
    whichever folder of the repository the run started in; a file of a git revision (``HEAD:path``)
    is named by its path in the repository.
    """
    if pseudo(file):
        return None
    relative = in_repository(file, root) if root is not None else None
    if relative is not None:
        return _quoted(relative)
    path: PurePath = PureWindowsPath(file) if "\\" in file else PurePosixPath(file)
    if path.is_absolute():
        return path.as_uri()
    if root is not None:  # relative, outside the repository (``../elsewhere``): absolute instead
        return Path(os.path.abspath(file)).as_uri()
    return _quoted(path.as_posix())


def _artifact(file: str, root: str | None) -> dict[str, str] | None:
    """An artifactLocation: relative to ``%SRCROOT%`` inside the root, an absolute URI outside it."""
    uri = artifact_uri(file, root)
    if uri is None:
        return None
    if root is None or uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


def _physical(place: Location, root: str | None) -> dict[str, Any] | None:
    artifact = _artifact(place.file, root)
    if artifact is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if place.line:
        region: dict[str, int] = {"startLine": place.line}
        if place.column:
            region["startColumn"] = place.column
        physical["region"] = region
    return physical


def _location(place: Location, root: str | None, paths: tuple[str, ...] = ()) -> dict[str, Any] | None:
    location: dict[str, Any] = {}
    physical = _physical(place, root)
    if physical:
        location["physicalLocation"] = physical
    kind = "resource" if is_row(place) else "variable"  # a database row, or an environment variable
    logical = [{"name": visible(place.variable), "kind": kind}] if place.variable else []
    logical += [{"fullyQualifiedName": visible(path), "kind": "member"} for path in paths]
    if logical:
        location["logicalLocations"] = logical
    return location or None


def _result(finding: Finding, index: dict[str, int], root: str | None) -> dict[str, Any]:
    text = finding.message
    text += set_by(finding.place)
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    result.update(level=LEVELS[finding.severity], message={"text": visible(text)})
    location = _location(finding.place, root, finding.paths)
    if location:
        result["locations"] = [location]
    related = []
    for number, place in enumerate(finding.related, start=1):
        other = _location(place, root)
        if other:
            label = f"instance {place.instance}" if place.instance else place.label()
            if place.note:  # what this place is to the finding, beside where it is
                label = f"{label}: {place.note}"
            related.append({"id": number, **other, "message": {"text": visible(label)}})
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.waived:
        result["suppressions"] = [{"kind": "external", "justification": visible(finding.waived)}]
    result["properties"] = {"instance": finding.instance, "paths": list(finding.paths)}
    if finding.instance is None:
        result["properties"]["instances"] = [
            p.instance for p in (finding.place, *finding.related) if p.instance
        ]
    return result


def _notification(error: LintError, root: str | None) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": _text(error.message)}}
    location = _location(Location(error.file or "", error.line, error.column), root)
    if location:
        notification["locations"] = [location]
    return notification


def document(result: LintResult) -> dict[str, Any]:
    """The SARIF log as plain data."""
    index = {rule.id: number for number, rule in enumerate(result.rules)}
    root = source_root(result)
    artifacts = []
    for summary in result.instances:
        for file in summary.files:
            artifact = _artifact(file.path, root)
            if artifact:
                artifacts.append({"location": artifact, "hashes": {"sha-256": file.sha256}})
    running = version()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": PROJECT_NAME,
                "fullName": f"{PROJECT_NAME} {running}: {SUMMARY}",
                "version": running,
                "semanticVersion": running,
                "informationUri": project_url(),
                "rules": [_descriptor(rule) for rule in result.rules],
            }
        },
        "automationDetails": {"id": AUTOMATION_ID},
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri(root)}},
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": [_notification(error, root) for error in result.errors]
                + [
                    {
                        "level": "error",
                        "message": {"text": _text(f"{rule} not evaluated for {instance}: {reason}")},
                        "associatedRule": {"id": rule, **({"index": index[rule]} if rule in index else {})},
                    }
                    for (rule, instance), reason in result.not_evaluated.items()
                ],
            }
        ],
        "artifacts": artifacts,
        "results": [_result(finding, index, root) for finding in result.findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(result: LintResult, stream: TextIO) -> None:
    """Write the SARIF log as JSON."""
    write_json(document(result), stream)
