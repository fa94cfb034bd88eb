"""Severity ranks, which the mutation run of linter/finding.py found unguarded (issue 14).

Kills the survivors of Severity.rank and _RANKS:
linter/finding.py:return changed:70100e5b76f1, statement deleted:0b3e60bb95a1 (rank returns None),
statement deleted:2e6b03ad6c22 (_RANKS gone), constant:0a9a24aee9c1 (INFO: 1),
constant:9647f1e1e28f (WARNING: 2), constant:28827a719e6e (ERROR: 0), constant:4fd64cdab961 (ERROR: 3).
"""

from __future__ import annotations

import pytest

from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import LintResult


def _finding(severity: Severity) -> Finding:
    return Finding("ACME-RULE", severity, "the message", "prod", ("web/x",), Location("prod/env.php", 3, 1))


def test_the_ranks_are_0_1_2_for_info_warning_error() -> None:
    # kills all seven: the documented ranks, exactly (ERROR: 3 keeps the order but not the value)
    assert [(severity.value, severity.rank) for severity in Severity] == [
        ("info", 0),
        ("warning", 1),
        ("error", 2),
    ]
    assert all(isinstance(severity.rank, int) for severity in Severity)


def test_ranks_order_the_severities_info_below_warning_below_error() -> None:
    # kills constant:0a9a24aee9c1 (INFO ties WARNING), constant:9647f1e1e28f (WARNING ties ERROR),
    # constant:28827a719e6e (ERROR below WARNING)
    ranked = sorted(Severity, key=lambda severity: severity.rank)
    assert ranked == [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert len({severity.rank for severity in Severity}) == 3


@pytest.mark.parametrize(
    ("severity", "fail_on", "code"),
    [
        (Severity.INFO, Severity.INFO, 1),
        (Severity.INFO, Severity.WARNING, 0),
        (Severity.INFO, Severity.ERROR, 0),
        (Severity.WARNING, Severity.INFO, 1),
        (Severity.WARNING, Severity.WARNING, 1),
        (Severity.WARNING, Severity.ERROR, 0),
        (Severity.ERROR, Severity.INFO, 1),
        (Severity.ERROR, Severity.WARNING, 1),
        (Severity.ERROR, Severity.ERROR, 1),
    ],
)
def test_the_exit_code_fails_on_findings_at_or_above_the_threshold(
    severity: Severity, fail_on: Severity, code: int
) -> None:
    # the rank as the CLI uses it (--fail-on): kills the rank mutants that change an exit code
    result = LintResult(rules=[], findings=[_finding(severity)])
    assert result.exit_code(fail_on) == code
