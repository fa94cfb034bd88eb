"""JUnit XML of pytest's ``xunit1`` family: test cases carry ``file`` and ``line``, as GitLab reads them."""

from __future__ import annotations

from typing import TextIO

from linter.reporters import junit
from linter.result import LintResult


def write(result: LintResult, stream: TextIO) -> None:
    """Write the JUnit XML document with ``file`` and ``line`` on each test case that has a place."""
    junit.write(result, stream, xunit1=True)
