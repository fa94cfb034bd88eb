"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding."""

from __future__ import annotations

from typing import TextIO

from linter.finding import Finding, Severity
from linter.result import LintResult
from linter.textsafe import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


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


def _file(file: str | None) -> str | None:
    """Pseudo files such as ``<environment>`` are not in the repository: annotate no file."""
    return file if file and not file.startswith("<") else None


def _annotation(finding: Finding, remediation: dict[str, str]) -> str:
    place = finding.place
    file = _file(place.file)
    message = finding.message
    if finding.instance:
        message = f"[{finding.instance}] {message}"
    if place.variable:
        message += f" (set by variable {place.variable})"
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
    """Write one annotation per finding that is not waived, then one per input error."""
    remediation = {rule.id: " ".join(rule.remediation.split()) for rule in result.rules}
    lines = [_annotation(finding, remediation) for finding in result.findings if not finding.waived]
    for error in result.errors:
        file = _file(error.file)
        lines.append(command("error", error.message, file=file, line=error.line if file else None))
    for (rule, instance), reason in result.not_evaluated.items():
        lines.append(command("error", f"[{instance}] not evaluated: {reason}", title=rule))
    stream.write("".join(line + "\n" for line in lines))
