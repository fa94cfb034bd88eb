"""Run rules over instances and collect a LintResult. Never prints, never exits."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from linter.catalog.rule import Rule
from linter.checks.evaluate import EVALUATION_ERRORS, FAIL, evaluate_rule, rule_error
from linter.errors import LintError
from linter.finding import Finding
from linter.fleet import FleetFact, evaluate_fleet, extract_facts
from linter.loaders.limits import collector_paused
from linter.loaders.reading import DEFAULT_MAX_BYTES
from linter.model.discovery import InstanceSpec
from linter.model.instance import Instance
from linter.model.loading import Reader, instance_name, load_instance, read_from_disk
from linter.result import InstanceSummary, LintResult


class RunOptions(NamedTuple):
    """What the engine needs to know besides paths and rules."""

    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1  # worker processes for checking instances; 0 means one per core
    # Settings that override fleet limits, by name (a fleet rule names its setting with limit_setting).
    setting_limits: Mapping[str, Mapping[str, int]] | None = None


class InstanceReport:
    """The result of checking one instance on its own."""

    __slots__ = ("errors", "findings", "fleet_facts", "outcomes", "summary")

    def __init__(self, summary: InstanceSummary | None, errors: list[LintError] | None = None) -> None:
        self.summary = summary
        self.errors = errors if errors is not None else []
        self.findings: list[Finding] = []
        self.outcomes: dict[tuple[str, str], str] = {}
        self.fleet_facts: list[FleetFact] = []


def summarize(instance: Instance) -> InstanceSummary:
    """The facts a report shows for an instance."""
    from linter.summary import summarize_instance

    return summarize_instance(instance)


def check_instance(instance: Instance, rules: list[Rule], before: Instance | None = None) -> InstanceReport:
    """Run instance rules (and change rules when ``before`` is given) on one loaded instance."""
    report = InstanceReport(summarize(instance))
    for rule in rules:
        if "notice" in rule.check:  # raised by the engine itself (e.g. unused waivers), not evaluated
            continue
        if rule.level == "instance" or (
            rule.level == "change" and before is not None and rule.check.get("instance_state") != "removed"
        ):
            outcome = evaluate_rule(rule, instance, before)
            report.outcomes[(rule.id, instance.name)] = outcome.status
            report.findings.extend(outcome.findings)
        elif rule.level == "fleet":
            try:
                report.fleet_facts.extend(extract_facts(rule, instance))
            except EVALUATION_ERRORS as error:
                report.outcomes[(rule.id, instance.name)] = FAIL
                report.findings.append(rule_error(rule, instance, error))
    report.findings = supersede_schema_findings(report.findings, rules)
    return report


def supersede_schema_findings(findings: list[Finding], rules: list[Rule]) -> list[Finding]:
    """Drop a schema finding where a policy rule already reports the same line: one mistake, one message."""
    schema_rules = {rule.id for rule in rules if "schema" in rule.check}
    taken = {(f.place.file, f.place.line) for f in findings if f.rule not in schema_rules}
    return [f for f in findings if f.rule not in schema_rules or (f.place.file, f.place.line) not in taken]


class Snapshot(NamedTuple):
    """A set of instances and where their files are read from (the disk, a git revision, the index)."""

    specs: list[InstanceSpec]
    read: Reader = read_from_disk


class BeforeState:
    """The before state, loaded one instance at a time when its after state asks for it, so a fleet's
    two states are never all in memory at once. Instances are matched by name."""

    def __init__(self, snapshot: Snapshot | None, options: RunOptions) -> None:
        self.snapshot = snapshot
        self.options = options
        self.specs: dict[str, InstanceSpec] = {}
        if snapshot is not None:
            self.specs = {
                instance_name(spec, options.max_bytes, snapshot.read): spec for spec in snapshot.specs
            }

    def load(self, name: str) -> Instance | None:
        """The before state of the instance called ``name`` (None: added, or it did not load)."""
        spec = self.specs.get(name)
        if spec is None or self.snapshot is None:
            return None
        instance, _ = load_instance(spec, self.options.max_bytes, self.snapshot.read)
        return instance


def check_spec(
    spec: InstanceSpec, rules: list[Rule], options: RunOptions, read: Reader, before: BeforeState
) -> InstanceReport:
    """Load one instance and check it (against its before state when there is one)."""
    # The collector would rescan the instance's whole, growing heap many times over while it is
    # built (most of a large file's time); it runs between instances, once their cycles are broken.
    with collector_paused():
        instance, errors = load_instance(spec, options.max_bytes, read)
        if instance is None:
            return InstanceReport(None, errors=errors)
        previous = before.load(instance.name)
        report = check_instance(instance, rules, previous)
        instance.release()
        if previous is not None:
            previous.release()
    report.errors.extend(errors)
    return report


FREEZE_EVERY = 256  # reports collected between two freezes of the results so far (see linter.heap)
PARALLEL_THRESHOLD = 16  # below this many instances, starting workers costs more than it saves


def _reports(
    specs: list[InstanceSpec],
    rules: list[Rule],
    options: RunOptions,
    read: Reader,
    before: BeforeState,
) -> Iterator[InstanceReport]:
    """Each instance's report, in input order; in worker processes when that pays off."""
    jobs = options.jobs or os.cpu_count() or 1
    on_disk = read is read_from_disk and (before.snapshot is None or before.snapshot.read is read_from_disk)
    parallel = jobs > 1 and len(specs) >= PARALLEL_THRESHOLD and on_disk
    if not parallel:
        for spec in specs:
            yield check_spec(spec, rules, options, read, before)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    chunk = max(1, min(64, len(specs) // (jobs * 8)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_init, initargs=(rules, options, before)
    ) as pool:
        yield from pool.map(_worker_check, specs, chunksize=chunk)


_WORKER: dict[str, object] = {}


def _worker_init(rules: list[Rule], options: RunOptions, before: BeforeState) -> None:
    _WORKER["rules"], _WORKER["options"], _WORKER["before"] = rules, options, before


def _worker_check(spec: InstanceSpec) -> InstanceReport:
    rules, options, before = _WORKER["rules"], _WORKER["options"], _WORKER["before"]
    assert isinstance(rules, list) and isinstance(options, RunOptions) and isinstance(before, BeforeState)
    return check_spec(spec, rules, options, read_from_disk, before)


def check_removed(instance: Instance, rules: list[Rule]) -> list[Finding]:
    """Change rules about an instance that exists before and not after (``instance_state: removed``)."""
    gone = Instance(instance.name, instance.directory, [], project=instance.project)
    findings: list[Finding] = []
    for rule in rules:
        if rule.level == "change" and rule.check.get("instance_state") == "removed":
            findings.extend(evaluate_rule(rule, gone, instance).findings)
    return findings


def run(
    specs: list[InstanceSpec],
    rules: list[Rule],
    options: RunOptions | None = None,
    read: Reader = read_from_disk,
    before: Snapshot | None = None,
) -> LintResult:
    """Check every instance (and each change against ``before``) and collect the result."""
    from linter.heap import fleet_heap

    options = options or RunOptions()
    result = LintResult(rules=rules, inputs=[f.display for spec in specs for f in spec.files])
    facts: list[FleetFact] = []
    previous = BeforeState(before, options)
    checked: set[str] = set()
    with fleet_heap() as heap:
        for count, report in enumerate(_reports(specs, rules, options, read, previous), 1):
            result.errors.extend(report.errors)
            if report.summary is not None:
                result.instances.append(report.summary)
                checked.add(report.summary.name)
            result.findings.extend(report.findings)
            result.outcomes.update(report.outcomes)
            facts.extend(report.fleet_facts)
            if count % FREEZE_EVERY == 0:
                heap.keep_long_lived()
        for name in sorted(set(previous.specs) - checked):
            removed = previous.load(name)
            if removed is not None:
                result.findings.extend(check_removed(removed, rules))
        evaluate_fleet_rules(result, rules, facts, options)
        result.findings.sort(key=Finding.sort_key)
    return result


def evaluate_fleet_rules(
    result: LintResult, rules: list[Rule], facts: list[FleetFact], options: RunOptions
) -> None:
    """Compare every instance's facts under each fleet rule; add findings and per-instance outcomes."""
    by_rule: dict[str, list[FleetFact]] = {}
    for fact in facts:
        by_rule.setdefault(fact.rule, []).append(fact)
    for rule in rules:
        if rule.level != "fleet":
            continue
        limits = (options.setting_limits or {}).get(rule.check["fleet"].get("limit_setting", ""))
        outcome = evaluate_fleet(rule, by_rule.get(rule.id, []), limits)
        result.findings.extend(outcome.findings)
        for instance, status in outcome.status.items():
            result.outcomes[(rule.id, instance)] = status
