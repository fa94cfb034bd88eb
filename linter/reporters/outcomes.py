"""What each (rule, instance) pair came to, for reporters that show a matrix or one test case per pair."""

from __future__ import annotations

from dataclasses import dataclass

from linter.checks.vocabulary import Outcome
from linter.finding import Finding, Severity
from linter.result import LintResult

FLEET = "fleet"  # the column or suite of findings that name no instance at all

# Cell states, worst first: the engine's outcomes and three of the reports' own. "note" is a pass
# with info findings: advice, not a failure. "not_evaluated": the rule should have run but could not
# (its before state did not load); never a pass.
FAIL, NOT_EVALUATED, NOTE, WAIVED, PASS, NOT_APPLICABLE, NOT_RUN = (
    Outcome.FAIL,
    Outcome.NOT_EVALUATED,
    "note",
    "waived",
    Outcome.PASS,
    Outcome.NOT_APPLICABLE,
    "not_run",
)
# The rule's finding on this instance is part of another rule's finding (linter.folding): not a pass,
# and not a failure of its own (one finding per mistake).
FOLDED = "folded"


@dataclass(frozen=True)
class Cell:
    """One rule on one instance: its state and the findings behind it."""

    rule: str
    instance: str
    state: str
    findings: tuple[Finding, ...] = ()
    folded_into: tuple[str, ...] = ()  # with state FOLDED: the rules whose findings carry this one's

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings that are not waived."""
        return tuple(finding for finding in self.findings if not finding.waived)

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the active findings."""
        return max((finding.severity for finding in self.active), key=lambda s: s.rank, default=None)

    @property
    def waivers(self) -> list[str]:
        """The distinct waiver reasons, in order."""
        return list(dict.fromkeys(finding.waived for finding in self.findings if finding.waived))


def cell_state(outcome: str | None, findings: tuple[Finding, ...]) -> str:
    """The state of a cell from the engine's outcome and the cell's findings."""
    active = [finding for finding in findings if not finding.waived]
    if any(finding.severity.rank >= Severity.WARNING.rank for finding in active):
        return FAIL
    if findings and not active:
        return WAIVED
    if active:
        return NOTE
    if outcome == NOT_EVALUATED:
        return NOT_EVALUATED
    if outcome == Outcome.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return NOT_RUN if outcome is None else PASS


def involved(finding: Finding) -> tuple[str, ...]:
    """The instances a finding is about: its own, or for a fleet finding every instance it points at."""
    if finding.instance:
        return (finding.instance,)
    places = (finding.place, *finding.related)
    return tuple(dict.fromkeys(place.instance for place in places if place.instance)) or (FLEET,)


def instance_names(result: LintResult) -> list[str]:
    """Instances in report order: summarized ones, then any only named by outcomes or findings."""
    names = [summary.name for summary in result.instances]
    names += [instance for _, instance in result.outcomes]
    names += [name for finding in result.findings for name in involved(finding)]
    return list(dict.fromkeys(names))


def rule_ids(result: LintResult) -> list[str]:
    """Rules in catalog order, then any rule that only appears in a finding."""
    return list(dict.fromkeys([rule.id for rule in result.rules] + [f.rule for f in result.findings]))


def cells(result: LintResult, *, complete: bool = False) -> dict[tuple[str, str], Cell]:
    """Cells keyed by (rule, instance): every pair with an outcome or a finding, or all when ``complete``.

    A fleet finding counts in the cell of every instance it points at.
    """
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in result.findings:
        for name in involved(finding):
            grouped.setdefault((finding.rule, name), []).append(finding)
    folded: dict[tuple[str, str], list[str]] = {}
    for finding, primary in result.folded:
        for name in involved(finding):
            folded.setdefault((finding.rule, name), []).append(primary)
    if complete:
        keys = [(rule, instance) for rule in rule_ids(result) for instance in instance_names(result)]
    else:
        keys = list(dict.fromkeys([*result.outcomes, *grouped, *folded]))
    table = {}
    for key in keys:
        findings = tuple(grouped.get(key, ()))
        into = tuple(dict.fromkeys(folded.get(key, ())))
        state = FOLDED if into and not findings else cell_state(result.outcomes.get(key), findings)
        table[key] = Cell(rule=key[0], instance=key[1], state=state, findings=findings, folded_into=into)
    return table
