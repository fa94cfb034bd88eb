"""JUnit XML for CI systems: one test suite per instance, one test case per rule on that instance.

Valid against ``junit-10.xsd``, the schema of Jenkins' xunit plugin and pytest's ``xunit2`` family,
which has no ``file`` or ``line`` on a test case. GitLab shows a test case's file only from those
attributes, as pytest's ``xunit1`` family writes them: ``--format junit-xunit1`` adds them (the
place of the case's first failing finding, relative to the repository root) and so leaves the XSD.
A finding fails its case only at or above ``--fail-on`` (error by default), as it fails the run.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from linter.errors import LintError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters.outcomes import FAIL, FOLDED, NOT_APPLICABLE, NOT_EVALUATED, NOTE, WAIVED, Cell, cells
from linter.reporters.repopaths import repository_path, source_root
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
    for place in finding.related:  # with what the place is to the finding, when the rule says
        lines.append(f"    see also {place.label()}" + (f": {place.note}" if place.note else ""))
    return lines


def _place(findings: tuple[Finding, ...]) -> Location | None:
    """The first place among ``findings`` (each finding's own, then its related ones) that is a file."""
    for finding in findings:
        for place in (finding.place, *finding.related):
            if place.file and not place.file.startswith("<"):
                return place
    return None


def _locate(case: ET.Element, place: Location | None, root: str | None) -> None:
    """``file`` and ``line`` on a test case (xunit1), the file relative to the repository root."""
    if root is None or place is None:
        return
    file = repository_path(place.file, root)
    if file is None:
        return
    case.set("file", _clean(file))
    if place.line:
        case.set("line", str(place.line))


def _case(parent: ET.Element, cell: Cell, reason: str | None, fail_on: Severity, root: str | None) -> str:
    """Append the test case for ``cell``; returns what it counts as (failure, error, skipped or passed).

    ``root`` is given for the xunit1 family only: then the case names its file and line.
    """
    case = ET.SubElement(
        parent, "testcase", classname=_clean(f"commerce-lint.{cell.instance}"), name=_clean(cell.rule)
    )
    failing = tuple(f for f in cell.active if f.severity.rank >= fail_on.rank)
    _locate(case, _place(failing or cell.active or cell.findings), root)
    if cell.state == NOT_EVALUATED:  # an error, not a skip: CI must not read it as a pass
        text = _clean(f"not evaluated: {reason or 'the rule could not run'}")
        ET.SubElement(case, "error", type="not_evaluated", message=text).text = text
        return "errors"
    listing = "\n".join(line for finding in cell.findings for line in _lines(finding))
    if failing:  # at or above --fail-on; info findings too at --fail-on info
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
    if cell.state in (NOTE, FAIL):  # advice, or warnings below --fail-on: a pass that says what it saw
        out = ET.SubElement(case, "system-out")
        out.text = _clean(listing)
    return "passed"


def _suite(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=_clean(name))


def _count(suite: ET.Element, counts: dict[str, int], attributes: tuple[str, ...]) -> None:
    for attribute in attributes:
        suite.set(attribute, str(counts.get(attribute, 0)))


SUITE_COUNTS = ("tests", "failures", "errors", "skipped")
TOTALS = ("tests", "failures", "errors")  # junit-10.xsd allows no ``skipped`` on <testsuites>


def _error_case(parent: ET.Element, error: LintError, root: str | None) -> None:
    name = error.file or "input"
    if error.line:
        name += f":{error.line}"
    case = ET.SubElement(parent, "testcase", classname=f"commerce-lint.{INPUTS}", name=_clean(name))
    if error.file:
        _locate(case, Location(error.file, error.line), root)
    element = ET.SubElement(case, "error", type=type(error).__name__, message=_clean(error.one_line()))
    element.text = _clean(error.one_line())


def build(result: LintResult, xunit1: bool = False) -> ET.Element:
    """The ``<testsuites>`` element for a result (``xunit1``: test cases carry ``file`` and ``line``)."""
    where = source_root(result) if xunit1 else None
    root = ET.Element("testsuites", name="commerce-lint")
    suites: dict[str, tuple[ET.Element, dict[str, int]]] = {}
    for cell in cells(result).values():
        if cell.instance not in suites:
            suites[cell.instance] = (_suite(root, cell.instance), {})
        suite, counts = suites[cell.instance]
        reason = result.not_evaluated.get((cell.rule, cell.instance))
        kind = _case(suite, cell, reason, result.fail_on, where)
        counts["tests"] = counts.get("tests", 0) + 1
        counts[kind] = counts.get(kind, 0) + 1
    if result.errors:
        suite = _suite(root, INPUTS)
        for error in result.errors:
            _error_case(suite, error, where)
        suites[INPUTS] = (suite, {"tests": len(result.errors), "errors": len(result.errors)})
    totals: dict[str, int] = {}
    for suite, counts in suites.values():
        _count(suite, counts, SUITE_COUNTS)
        for attribute, value in counts.items():
            totals[attribute] = totals.get(attribute, 0) + value
    _count(root, totals, TOTALS)
    return root


def write(result: LintResult, stream: TextIO, xunit1: bool = False) -> None:
    """Write the JUnit XML document."""
    root = build(result, xunit1)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
