"""JUnit XML for CI systems: one test suite per instance, one test case per rule on that instance."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from linter.errors import LintError
from linter.finding import Finding
from linter.reporters.outcomes import FAIL, FOLDED, NOT_APPLICABLE, NOT_EVALUATED, NOTE, WAIVED, Cell, cells
from linter.result import LintResult
from linter.textsafe import visible

INPUTS = "inputs"  # the suite that holds input errors


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters at all: one in a config value or a directory
    # name would make the whole report unparsable. Every attribute and text goes through here.
    return visible(text, keep_newlines=True)


def _lines(finding: Finding) -> list[str]:
    tag = f"[waived: {finding.waived}] " if finding.waived else ""
    lines = [f"{tag}{finding.place.label()}: {finding.severity.value}: {finding.message}"]
    lines += [f"    see also {place.label()}" for place in finding.related]
    return lines


def _case(parent: ET.Element, cell: Cell, reason: str | None = None) -> str:
    """Append the test case for ``cell``; returns what it counts as (failure, error, skipped or passed)."""
    case = ET.SubElement(
        parent, "testcase", classname=_clean(f"commerce-lint.{cell.instance}"), name=_clean(cell.rule)
    )
    if cell.state == NOT_EVALUATED:  # an error, not a skip: CI must not read it as a pass
        text = _clean(f"not evaluated: {reason or 'the rule could not run'}")
        ET.SubElement(case, "error", type="not_evaluated", message=text).text = text
        return "errors"
    listing = "\n".join(line for finding in cell.findings for line in _lines(finding))
    if cell.state == FAIL:
        worst = cell.worst
        active = [finding for finding in cell.active if finding.severity == worst]
        others = len(cell.findings) - 1
        message = active[0].message + (f" (and {others} more)" if others else "")
        failure = ET.SubElement(
            case, "failure", type=worst.value if worst else "error", message=_clean(message)
        )
        failure.text = _clean(listing)
        return "failures"
    if cell.state == WAIVED:
        ET.SubElement(case, "skipped", message=_clean("waived: " + "; ".join(cell.waivers)))
        out = ET.SubElement(case, "system-out")
        out.text = _clean(listing)
        return "skipped"
    if cell.state == NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message="not applicable")
        return "skipped"
    if cell.state == FOLDED:  # one finding per mistake: the failure is the other rule's test case
        ET.SubElement(case, "skipped", message=_clean("folded into " + ", ".join(cell.folded_into)))
        return "skipped"
    if cell.state == NOTE:
        out = ET.SubElement(case, "system-out")
        out.text = _clean(listing)
    return "passed"


def _suite(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=_clean(name))


def _count(suite: ET.Element, counts: dict[str, int]) -> None:
    for attribute in ("tests", "failures", "errors", "skipped"):
        suite.set(attribute, str(counts.get(attribute, 0)))


def _error_case(parent: ET.Element, error: LintError) -> None:
    name = error.file or "input"
    if error.line:
        name += f":{error.line}"
    case = ET.SubElement(parent, "testcase", classname=f"commerce-lint.{INPUTS}", name=_clean(name))
    element = ET.SubElement(case, "error", type=type(error).__name__, message=_clean(error.one_line()))
    element.text = _clean(error.one_line())


def build(result: LintResult) -> ET.Element:
    """The ``<testsuites>`` element for a result."""
    root = ET.Element("testsuites", name="commerce-lint")
    suites: dict[str, tuple[ET.Element, dict[str, int]]] = {}
    for cell in cells(result).values():
        if cell.instance not in suites:
            suites[cell.instance] = (_suite(root, cell.instance), {})
        suite, counts = suites[cell.instance]
        kind = _case(suite, cell, result.not_evaluated.get((cell.rule, cell.instance)))
        counts["tests"] = counts.get("tests", 0) + 1
        counts[kind] = counts.get(kind, 0) + 1
    if result.errors:
        suite = _suite(root, INPUTS)
        for error in result.errors:
            _error_case(suite, error)
        suites[INPUTS] = (suite, {"tests": len(result.errors), "errors": len(result.errors)})
    totals: dict[str, int] = {}
    for suite, counts in suites.values():
        _count(suite, counts)
        for attribute, value in counts.items():
            totals[attribute] = totals.get(attribute, 0) + value
    _count(root, totals)
    return root


def write(result: LintResult, stream: TextIO) -> None:
    """Write the JUnit XML document."""
    root = build(result)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
