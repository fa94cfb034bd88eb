"""Compare commerce-lint's JSON report with a corpus's expected.json.

A finding is reduced to (rule, severity, instances): the finding's own instance plus its related
places. FLEET-SAME-API-KEYS reports once per project, naming each instance whose key differs from
production's; each of them is one expected finding, so there every instance is a key of its own.
Only errors and warnings are compared; infos are allowed anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Key = tuple[str, str, tuple[str, ...]]
COMPARED = ("error", "warning")


@dataclass
class Verdict:
    """What matched, what was expected but not reported, and what was reported but not expected."""

    matched: int = 0
    missing: list[Key] = field(default_factory=list)
    unexpected: list[Key] = field(default_factory=list)
    input_errors: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        """Every expected finding reported, nothing else, and every input read."""
        return not (self.missing or self.unexpected or self.input_errors)

    def summary(self) -> str:
        """One line (``findings: correct``) or the differences, one per line."""
        if self.correct:
            return f"findings: correct ({self.matched} expected findings, no others)"
        lines = [f"findings: WRONG ({self.matched} matched)"]
        lines += [
            f"  missing    {rule} {severity} {', '.join(names)}" for rule, severity, names in self.missing
        ]
        lines += [
            f"  unexpected {rule} {severity} {', '.join(names)}" for rule, severity, names in self.unexpected
        ]
        lines += [f"  input error {error}" for error in self.input_errors]
        return "\n".join(lines)


def reported(report: dict[str, Any], rules: str | None = None) -> set[Key]:
    """The report's errors and warnings as keys (``rules``: only ids starting with this prefix)."""
    keys: set[Key] = set()
    # Fleet findings carry no instance of their own, only the file of their first place.
    owner = {
        file["path"]: item["name"] for item in report.get("instances", []) for file in item.get("files", [])
    }
    for finding in report.get("findings", []):
        if finding["severity"] not in COMPARED or finding.get("waived"):
            continue
        if rules is not None and not finding["rule"].startswith(rules):
            continue
        names = {finding.get("instance") or owner.get(finding.get("file") or "")}
        names |= {place.get("instance") for place in finding.get("related", [])}
        involved = tuple(sorted(n for n in names if n))
        if finding["rule"] == "FLEET-SAME-API-KEYS":  # one finding per project names each stale instance
            keys.update((finding["rule"], finding["severity"], (name,)) for name in involved)
        else:
            keys.add((finding["rule"], finding["severity"], involved))
    return keys


def expected_keys(expected: dict[str, Any], levels: tuple[str, ...]) -> set[Key]:
    """The findings expected.json promises for violations of these levels."""
    keys: set[Key] = set()
    for violation in expected["violations"]:
        if violation["level"] not in levels:
            continue
        for finding in violation["findings"]:
            keys.add((finding["rule"], finding["severity"], tuple(sorted(finding["instances"]))))
    return keys


def verify(report: dict[str, Any], expected: dict[str, Any], change: bool = False) -> Verdict:
    """Check a report of ``check DIR`` (or, with ``change``, of ``--before DIR.before --select 'CHG-*'``)."""
    want = expected_keys(expected, ("change",) if change else ("instance", "fleet"))
    got = reported(report, "CHG-" if change else None)
    return Verdict(
        matched=len(want & got),
        missing=sorted(want - got),
        unexpected=sorted(got - want),
        input_errors=[str(error) for error in report.get("errors", [])],
    )
