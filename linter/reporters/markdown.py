"""The audit report as Markdown, for a pull request, a wiki page or a ticket."""

from __future__ import annotations

from typing import TextIO

from linter.reporters.audit import write_template
from linter.result import LintResult


def write(result: LintResult, stream: TextIO) -> None:
    """Render templates/audit.md.j2, every value escaped for Markdown."""
    write_template(result, stream, "audit.md.j2")
