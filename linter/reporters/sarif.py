"""SARIF 2.1.0 for code-scanning dashboards: one run, every rule with its help, one result per finding."""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from linter import __version__
from linter.checks.rule import Rule, SourceRef
from linter.errors import LintError
from linter.filepaths import repository_of
from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.json_stream import write_json
from linter.result import LintResult
from linter.textsafe import visible

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://commerce-lint.dev/"  # the project's home, as in the $id of schemas/*.json
FINGERPRINT_KEY = "commerceLint/v1"

# SARIF has no "info" level; "note" is its name for an advisory result.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


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


def _descriptor(rule: Rule) -> dict[str, Any]:
    sources = "\n".join(f"- {_source_text(source)}" for source in rule.sources)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": _text(rule.title)},
        "fullDescription": {"text": _text(rule.rationale)},
        "help": {
            "text": f"{_text(rule.remediation)}\n\nSources:\n{sources}",
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
                ]
            ),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(rule.tags),
            "level": rule.level,
            "sources": [_source_data(source) for source in rule.sources],
        },
    }
    url = next((source.url for source in rule.sources if source.url), None)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _source_data(source: SourceRef) -> dict[str, str]:
    data = {"document": source.document, "quote": source.quote, "url": source.url}
    return {key: value for key, value in data.items() if value is not None}


def artifact_uri(file: str, root: str | None = None) -> str | None:
    """A file as a relative URI with forward slashes, or None for pseudo files such as ``<environment>``.

    Inside the repository ``root`` the URI is relative to it, as code scanning expects, and the same
    whichever folder of the repository the run started in.
    """
    if not file or file.startswith("<"):
        return None
    if root is not None and "\\" not in file:
        absolute = os.path.abspath(file)
        if absolute.startswith(root.rstrip(os.sep) + os.sep):
            file = os.path.relpath(absolute, root)
    path: PurePath = PureWindowsPath(file) if "\\" in file else PurePosixPath(file)
    if path.is_absolute():
        return path.as_uri()
    # A name that is not UTF-8 holds surrogate escapes of its bytes: percent-encode those bytes.
    return quote(path.as_posix(), safe="/-._~", errors="surrogateescape")


def _physical(place: Location, root: str | None) -> dict[str, Any] | None:
    uri = artifact_uri(place.file, root)
    if uri is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
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
    logical = [{"name": visible(place.variable), "kind": "variable"}] if place.variable else []
    logical += [{"fullyQualifiedName": visible(path), "kind": "member"} for path in paths]
    if logical:
        location["logicalLocations"] = logical
    return location or None


def _result(finding: Finding, index: dict[str, int], root: str | None) -> dict[str, Any]:
    text = finding.message
    if finding.place.variable:
        text += f" (set by variable {finding.place.variable})"
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
            label += f": {place.note}" if place.note else ""
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
    repository = repository_of(Path.cwd())
    root = str(repository) if repository is not None else None
    artifacts = []
    for summary in result.instances:
        for file in summary.files:
            uri = artifact_uri(file.path, root)
            if uri:
                artifacts.append({"location": {"uri": uri}, "hashes": {"sha-256": file.sha256}})
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "commerce-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule) for rule in result.rules],
            }
        },
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
