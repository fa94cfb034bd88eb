"""The whole result as Markdown for a GitHub Actions job summary (``GITHUB_STEP_SUMMARY``).

Annotations stop at ten per type; the summary has every finding, errors first, up to the 1 MiB
GitHub accepts per step (past that the upload fails and the summary is lost), then says how many
it left out. It is appended, as GitHub expects: other steps may have written to the same file.
"""

from __future__ import annotations

from linter.finding import Finding
from linter.reporters.repopaths import repository_path
from linter.result import LintResult
from linter.textsafe import visible

LIMIT = 1024 * 1024 - 4096  # bytes; room for the closing line
HEAD = "| Severity | Rule | Instance | Where | Finding |"
RULER = "|---|---|---|---|---|"
ALL = "the SARIF or JSON report has them all"
SEVERITIES = {"error": "**error**", "warning": "warning", "info": "info"}
_SPECIAL = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "\\": "\\\\",
        "\n": "<br>",
        "\r": "",
    }
)


def cell(text: str) -> str:
    """Text for one table cell: control characters made visible, Markdown and HTML inert."""
    return visible(text, keep_newlines=True).translate(_SPECIAL)


def _where(file: str, line: int | None, root: str) -> str:
    path = repository_path(file, root)
    if path is None:
        return ""
    return cell(f"{path}:{line}" if line else path)


def _row(finding: Finding, root: str) -> str:
    place = finding.place
    where = _where(place.file, place.line, root) or (cell(place.variable) if place.variable else "")
    text = cell(finding.message)
    for other in finding.related:
        seen = _where(other.file, other.line, root) or cell(other.label())
        text += f"<br>see also {seen}" + (f": {cell(other.note)}" if other.note else "")
    instance = cell(finding.instance) if finding.instance else "fleet"
    return f"| {SEVERITIES[finding.severity.value]} | {cell(finding.rule)} | {instance} | {where} | {text} |"


def summary(result: LintResult, root: str) -> str:
    """The Markdown text, within the step limit."""
    counts = result.counts()
    names = {"error": "errors", "warning": "warnings", "info": "info"}
    parts = [f"{counts[name]} {names[name] if counts[name] > 1 else name}" for name in names if counts[name]]
    if counts["waived"]:
        parts.append(f"{counts['waived']} waived")
    lines = [
        "## commerce-lint",
        "",
        f"{len(result.instances)} instances checked: {', '.join(parts) or 'no findings'}.",
        "",
    ]
    if result.errors or result.not_evaluated:
        lines += ["**The run could not do its whole job:**", ""]
        lines += [f"- {cell(error.one_line())}" for error in result.errors]
        lines += [
            f"- {cell(rule)} not evaluated for {cell(instance)}: {cell(reason)}"
            for (rule, instance), reason in result.not_evaluated.items()
        ]
        lines.append("")
    active = sorted(
        (finding for finding in result.findings if not finding.waived), key=lambda f: -f.severity.rank
    )
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    if active:
        lines += [HEAD, RULER]
    for shown, finding in enumerate(active):
        row = _row(finding, root)
        size += len(row.encode("utf-8")) + 1
        if size > LIMIT:
            left = len(active) - shown
            lines += ["", f"… and {left} more findings, past GitHub's 1 MiB limit for a summary; {ALL}."]
            break
        lines.append(row)
    return "\n".join(lines) + "\n\n"


def append_summary(result: LintResult, path: str, root: str) -> None:
    """Append the summary to the file GitHub names; a file that cannot be written is a notice."""
    try:
        with open(path, "a", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(summary(result, root))
    except OSError as error:
        reason = error.strerror or str(error)
        result.notices.append(f"cannot write the GitHub step summary {visible(path)}: {reason}")
