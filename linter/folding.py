"""One finding per mistake: a finding that another rule's finding covers is folded into that one.

Rule files say which rule covers which (``covers:``); the engine only matches findings. A covered
finding is folded into a finding of a rule that covers it about the same instance and the same
setting: it becomes a related place of that finding whose note reads ``also RULE-ID (severity):
message``, and is counted, waived and baselined with it. With no such finding in the run (its rule not
selected, not applicable, or not firing there) the covered finding is reported as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.checks.rule import Rule
from linter.finding import Finding
from linter.location import Location

NOTE_PREFIX = "also "  # a fold's note: "also FLEET-UNIQUE-DATASPACE (error): Data space ... "


def fold_note(covered: Finding) -> str:
    """The note of the related place a folded finding leaves on the finding that covers it."""
    return f"{NOTE_PREFIX}{covered.rule} ({covered.severity.value}): {covered.message}"


def _instances(finding: Finding) -> set[str]:
    """The instances a finding is about: its own, or for a fleet finding each instance it points at."""
    if finding.instance:
        return {finding.instance}
    return {place.instance for place in (finding.place, *finding.related) if place.instance}


def _order(rules: list[Rule]) -> list[str]:
    """Covered rules, each after the rules it covers: in a chain (A covers B covers C), C folds into B
    first and B, with C's note, then into A. The catalog refuses circles; one met here is cut."""
    covers = {rule.id: rule.covers for rule in rules}
    covered = {name for names in covers.values() for name in names}
    placed: list[str] = []
    seen: set[str] = set()
    for root in sorted(covered):  # depth first, without recursion: a chain may be long
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            rule_id, done = stack.pop()
            if done:
                if rule_id in covered:
                    placed.append(rule_id)
                continue
            if rule_id in seen:
                continue
            seen.add(rule_id)
            stack.append((rule_id, True))
            stack.extend((other, False) for other in reversed(covers.get(rule_id, ())))
    return placed


def _where(covered: Finding, primary: Finding) -> Location:
    """The covered finding's place on the primary's instance (else its own place), with the fold's note."""
    instances = _instances(primary)
    places = (covered.place, *covered.related)
    chosen = next((place for place in places if place.instance in instances), covered.place)
    if chosen.instance is None and covered.instance:
        chosen = chosen.replace(instance=covered.instance)
    return chosen.replace(note=fold_note(covered))


def fold_covered(
    findings: list[Finding], rules: Iterable[Rule]
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """The findings with covered ones folded into those that cover them, and each folded finding with
    the rule of the finding it was folded into."""
    rules = list(rules)
    covering: dict[str, list[str]] = {}
    for rule in rules:
        for name in rule.covers:
            covering.setdefault(name, []).append(rule.id)
    if not covering:
        return findings, []
    current: list[Finding | None] = list(findings)
    by_rule: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        by_rule.setdefault(finding.rule, []).append(index)
    folded: list[tuple[Finding, str]] = []
    # The places folding made, by identity (hashing a record costs its fields): a folded finding brings
    # its own folds along. Held here, so no id is reused while this runs.
    notes: dict[int, Location] = {}
    for covered_rule in _order(rules):
        candidates = sorted(
            (index for name in covering[covered_rule] for index in by_rule.get(name, ())),
            key=lambda index: findings[index].sort_key(),
        )
        for index in by_rule.get(covered_rule, ()) if candidates else ():
            covered = current[index]
            target = _primary_for(covered, current, candidates) if covered is not None else None
            if covered is None or target is None:
                continue
            primary = current[target]
            assert primary is not None
            carried = tuple(place for place in covered.related if id(place) in notes)
            note = _where(covered, primary)
            notes[id(note)] = note
            current[target] = primary.replace(related=(*primary.related, *carried, note))
            current[index] = None
            folded.append((covered, primary.rule))
    return [finding for finding in current if finding is not None], folded


def _primary_for(covered: Finding, findings: list[Finding | None], candidates: list[int]) -> int | None:
    """The first candidate about one of the covered finding's instances and one of its settings, and
    at least as severe (an error is never hidden inside a warning)."""
    instances = _instances(covered)
    paths = set(covered.paths)
    for index in candidates:
        primary = findings[index]
        if (
            primary is not None
            and instances.intersection(_instances(primary))
            and paths.intersection(primary.paths)
            and primary.severity.rank >= covered.severity.rank
        ):
            return index
    return None
