"""Waivers: accepted findings stay visible, marked with their reason; expired ones stop applying."""

from __future__ import annotations

import datetime
import fnmatch

from linter.checks.kinds import NoticeSpec
from linter.checks.rule import Rule
from linter.finding import Finding
from linter.location import Location
from linter.result import LintResult
from linter.settings import Waiver

UNUSED_NOTICE = "unused_waiver"


def _instances(finding: Finding) -> set[str]:
    names = {place.instance for place in (finding.place, *finding.related) if place.instance}
    return names | ({finding.instance} if finding.instance else set())


def matches(waiver: Waiver, finding: Finding) -> bool:
    """True when ``waiver`` covers ``finding`` (rule glob, instance glob, optional path glob)."""
    if not fnmatch.fnmatchcase(finding.rule, waiver.rule.upper()):
        return False
    if not any(fnmatch.fnmatchcase(name, waiver.instance) for name in _instances(finding) or {""}):
        return False
    return waiver.path is None or any(fnmatch.fnmatchcase(path, waiver.path) for path in finding.paths)


def apply_waivers(
    result: LintResult,
    waivers: tuple[Waiver, ...],
    settings_file: str | None,
    today: datetime.date | None = None,
) -> None:
    """Mark waived findings, note expired waivers on their findings, report waivers that match nothing."""
    today = today or datetime.date.today()
    used: set[int] = set()
    updated = []
    for finding in result.findings:
        for index, waiver in enumerate(waivers):
            if not matches(waiver, finding):
                continue
            used.add(index)
            if waiver.expires is not None and waiver.expires < today:
                finding = finding.replace(
                    message=f"{finding.message} [waiver expired on {waiver.expires}: {waiver.reason}]",
                )
            else:
                finding = finding.replace(waived=waiver.describe())
            break
        updated.append(finding)
    result.findings = updated
    # A waiver naming a folded finding is in use: it no longer stands alone, but its mistake is still there.
    used.update(i for i, waiver in enumerate(waivers) if any(matches(waiver, f) for f, _ in result.folded))
    notice = next((rule for rule in result.rules if _is_notice(rule, UNUSED_NOTICE)), None)
    if notice is None:
        return
    for index, waiver in enumerate(waivers):
        if index not in used:
            result.findings.append(unused_waiver_finding(notice, waiver, settings_file or "settings"))


def _is_notice(rule: Rule, notice: str) -> bool:
    return isinstance(rule.check, NoticeSpec) and rule.check.notice == notice


def unused_waiver_finding(rule: Rule, waiver: Waiver, file: str) -> Finding:
    """The notice for a waiver that no finding matches."""
    where = f" for instances {waiver.instance}" if waiver.instance != "*" else ""
    path = f" and path {waiver.path}" if waiver.path else ""
    message = (
        f"The waiver for {waiver.rule}{where}{path} ({waiver.reason!r}) matches no finding; "
        "remove it so waivers do not outlive their cause."
    )
    return Finding(
        rule.id,
        rule.severity,
        message,
        None,
        (),
        Location(file, waiver.line, None),
        (),
        key=f"{waiver.rule}|{waiver.instance}|{waiver.path}",
    )
