"""Reporters: each turns a finished LintResult into one output format on a stream."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from linter.errors import UsageError
from linter.result import LintResult

Reporter = Callable[[LintResult, TextIO], None]

# format name → module; each module has ``write(result, stream)``. Imported on use only.
REPORTERS: dict[str, str] = {
    "text": "linter.reporters.text",
    "json": "linter.reporters.json_report",
    "sarif": "linter.reporters.sarif",
    "junit": "linter.reporters.junit",
    "junit-xunit1": "linter.reporters.junit_xunit1",
    "codequality": "linter.reporters.codequality",
    "github": "linter.reporters.github",
    "markdown": "linter.reporters.markdown",
    "html": "linter.reporters.html",
}


def build_reporter(name: str) -> Reporter:
    """The reporter for a format name; an unknown name is a usage error."""
    module = REPORTERS.get(name)
    if module is None:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(sorted(REPORTERS))})")
    write: Reporter = import_module(module).write
    return write
