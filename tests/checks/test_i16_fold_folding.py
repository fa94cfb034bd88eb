"""The folding of covered findings (linter.folding): which finding takes which, and what is left."""

from __future__ import annotations

from linter.checks.kinds import NoticeSpec
from linter.checks.rule import Rule
from linter.checks.vocabulary import Level
from linter.finding import Finding, Severity
from linter.folding import fold_covered, fold_note
from linter.location import Location

SPACE = "services_connector/services_id/environment_id"
TYPE = "services_connector/services_id/environment"


def _rule(rule_id: str, *covers: str, level: Level = Level.INSTANCE) -> Rule:
    return Rule(
        rule_id,
        "t",
        Severity.ERROR,
        level,
        "r",
        (),
        "fix",
        NoticeSpec("x"),
        (),
        f"{rule_id}.yaml",
        covers=covers,
    )


def _at(instance: str, line: int) -> Location:
    return Location(f"{instance}/app/etc/env.php", line, 21, instance=instance)


def _instance_finding(rule: str, instance: str, *paths: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule, severity, f"{rule} on {instance}", instance, paths or (SPACE,), _at(instance, 15))


def _fleet_finding(
    rule: str, *instances: str, path: str = SPACE, severity: Severity = Severity.ERROR
) -> Finding:
    places = [_at(name, 14) for name in instances]
    return Finding(rule, severity, f"{rule} among {instances}", None, (path,), places[0], tuple(places[1:]))


def test_a_fleet_finding_folds_into_the_instance_finding_at_that_instances_place() -> None:
    primary = _instance_finding("P", "staging", TYPE, SPACE)
    covered = _fleet_finding("F", "production", "staging")
    other = _instance_finding("X", "staging")
    kept, folded = fold_covered([primary, covered, other], [_rule("P", "F"), _rule("F", level=Level.FLEET)])
    assert folded == [(covered, "P")]
    assert [f.rule for f in kept] == ["P", "X"]
    # The fold's place is the covered finding's place on the primary's instance, not production's.
    assert kept[0].related == (
        _at("staging", 14).replace(note="also F (error): F among ('production', 'staging')"),
    )
    assert kept[0].fingerprint == primary.fingerprint  # the same finding, for the baseline
    assert kept[1] is other


def test_the_note_names_rule_severity_and_message() -> None:
    finding = _fleet_finding("FLEET-UNIQUE-DATASPACE", "a", "b", severity=Severity.WARNING)
    assert (
        fold_note(finding) == "also FLEET-UNIQUE-DATASPACE (warning): FLEET-UNIQUE-DATASPACE among ('a', 'b')"
    )


def test_nothing_folds_without_a_shared_setting_or_instance() -> None:
    rules = [_rule("P", "F"), _rule("F", level=Level.FLEET)]
    primary = _instance_finding("P", "staging")
    elsewhere = _fleet_finding("F", "production", "development")
    other_path = _fleet_finding("F", "production", "staging", path="payment/payment_methods/method")
    kept, folded = fold_covered([primary, elsewhere, other_path], rules)
    assert folded == [] and kept == [primary, elsewhere, other_path]


def test_an_error_never_folds_into_a_warning() -> None:
    rules = [_rule("P", "F"), _rule("F", level=Level.FLEET)]
    primary = _instance_finding("P", "staging", severity=Severity.WARNING)
    covered = _fleet_finding("F", "production", "staging")
    kept, folded = fold_covered([primary, covered], rules)
    assert folded == [] and kept == [primary, covered]
    # A warning does fold into an error.
    kept, folded = fold_covered(
        [primary.replace(severity=Severity.ERROR), covered.replace(severity=Severity.WARNING)], rules
    )
    assert len(kept) == 1 and kept[0].related[0].note == "also F (warning): F among ('production', 'staging')"


def test_a_rule_that_covers_nothing_here_leaves_the_findings_alone() -> None:
    findings = [_fleet_finding("F", "production", "staging"), _instance_finding("P", "staging")]
    assert fold_covered(findings, [_rule("P"), _rule("F")]) == (findings, [])
    # The covering rule not in the run (not selected): the covered finding stands.
    assert fold_covered(findings[:1], [_rule("P", "F"), _rule("F")]) == (findings[:1], [])


def test_a_fleet_finding_on_two_flagged_instances_folds_once_into_the_first() -> None:
    rules = [_rule("P", "F"), _rule("F", level=Level.FLEET)]
    dev = _instance_finding("P", "development")
    staging = _instance_finding("P", "staging")
    covered = _fleet_finding("F", "development", "production", "staging")
    kept, folded = fold_covered([staging, covered, dev], rules)
    assert folded == [(covered, "P")]
    by_instance = {f.instance: f for f in kept}
    assert [p.note is not None for p in by_instance["development"].related] == [True]
    assert by_instance["staging"].related == ()
    assert by_instance["development"].related[0].instance == "development"


def test_a_chain_folds_from_its_end() -> None:
    # A covers B, B covers C: C folds into B, then B, with C's note, into A.
    rules = [_rule("A", "B"), _rule("B", "C"), _rule("C")]
    a, b, c = (_instance_finding(name, "staging") for name in "ABC")
    kept, folded = fold_covered([c, b, a], rules)
    assert [f.rule for f in kept] == ["A"]
    assert [place.note for place in kept[0].related] == [
        "also C (error): C on staging",
        "also B (error): B on staging",
    ]
    assert {(f.rule, into) for f, into in folded} == {("B", "A"), ("C", "B")}
    # The same rules listed the other way round fold the same.
    kept_again, _ = fold_covered([a, b, c], list(reversed(rules)))
    assert kept_again == kept


def test_two_findings_of_one_covered_rule_both_fold() -> None:
    rules = [_rule("P", "F"), _rule("F", level=Level.FLEET)]
    primary = _instance_finding("P", "staging", TYPE, SPACE)
    first = _fleet_finding("F", "production", "staging")
    second = _fleet_finding("F", "staging", "production", path=TYPE)
    kept, folded = fold_covered([primary, first, second], rules)
    assert folded == [(first, "P"), (second, "P")] and len(kept) == 1 and len(kept[0].related) == 2


def test_a_circle_met_anyway_does_not_hang() -> None:
    # The catalog refuses circles; rules built by hand are still folded, without looping.
    rules = [_rule("A", "B"), _rule("B", "A")]
    a, b = _instance_finding("A", "staging"), _instance_finding("B", "staging")
    kept, folded = fold_covered([a, b], rules)
    assert len(kept) == 1 and len(folded) == 1


def test_a_long_chain_folds_without_recursion() -> None:
    names = [f"R{number}" for number in range(1500)]
    rules = [_rule(name, *names[index + 1 : index + 2]) for index, name in enumerate(names)]
    findings = [_instance_finding(name, "staging") for name in reversed(names)]
    kept, folded = fold_covered(findings, rules)
    assert [f.rule for f in kept] == ["R0"] and len(folded) == 1499 and len(kept[0].related) == 1499
