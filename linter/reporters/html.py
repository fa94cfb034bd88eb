"""The audit report as one self-contained HTML page (inline CSS, no scripts, printable)."""

from __future__ import annotations

from typing import TextIO

from linter.reporters.audit import write_template
from linter.result import LintResult


def write(result: LintResult, stream: TextIO) -> None:
    """Render templates/audit.html.j2 with HTML autoescaping."""
    write_template(result, stream, "audit.html.j2")
