"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

GitHub shows only the first ten annotations of each type per step, so errors come first; and when
``GITHUB_STEP_SUMMARY`` names the step's summary file, the whole result is appended there as
Markdown (linter/reporters/step_summary.py), where nothing is cut at ten.
"""

from __future__ import annotations

import os
from typing import TextIO

from linter.finding import Finding, Severity
from linter.reporters.repopaths import pseudo, repository_path, set_by, source_root
from linter.result import LintResult
from linter.textsafe import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"


def escape_data(value: str) -> str:
    """Escape a command's message as the Actions runner expects (``%``, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,`` which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line; properties that are None are left out.

    Control characters are made visible first: the runner would pass ESC, BEL and the like to the log.
    """
    given = ",".join(
        f"{key}={escape_property(visible(str(value)))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + given if given else ''}::{escape_data(visible(message, keep_newlines=True))}"


def _file(file: str | None, root: str) -> str | None:
    """The file as GitHub places it, relative to the repository root; pseudo files such as
    ``<environment>`` are not in the repository: annotate no file."""
    return repository_path(file, root) if file and not pseudo(file) else None


def _annotation(finding: Finding, remediation: dict[str, str], root: str) -> str:
    place = finding.place
    file = _file(place.file, root)
    message = finding.message
    if finding.instance:
        message = f"[{finding.instance}] {message}"
    message += set_by(place)
    for other in finding.related:
        if other.note:  # what the related place is to the finding: the annotation names one place only
            message += f"\nsee also {other.label()}: {other.note}"
    fix = finding.hint or remediation.get(finding.rule)
    if fix:
        message += f"\nfix: {fix}"
    return command(
        COMMANDS[finding.severity],
        message,
        file=file,
        line=place.line if file else None,
        col=place.column if file and place.line else None,
        title=finding.rule,
    )


def write(result: LintResult, stream: TextIO) -> None:
    """Write the input errors and rules not evaluated, then one annotation per finding that is not
    waived, errors first; append the whole result to the step summary when there is one."""
    root = source_root(result)
    remediation = {rule.id: " ".join(rule.remediation.split()) for rule in result.rules}
    lines = []
    for error in result.errors:
        file = _file(error.file, root)
        lines.append(command("error", error.message, file=file, line=error.line if file else None))
    for (rule, instance), reason in result.not_evaluated.items():
        lines.append(command("error", f"[{instance}] not evaluated: {reason}", title=rule))
    active = [finding for finding in result.findings if not finding.waived]
    active.sort(key=lambda finding: -finding.severity.rank)  # stable: report order within a severity
    lines += [_annotation(finding, remediation, root) for finding in active]
    stream.write("".join(line + "\n" for line in lines))
    summary = os.environ.get(SUMMARY_VARIABLE)
    if summary:
        from linter.reporters.step_summary import append_summary

        append_summary(result, summary, root)
