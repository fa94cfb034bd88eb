"""Run rules over instances and collect a LintResult. Never prints, never exits."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from linter.before import BeforeState, Snapshot, change_env_type, judged_as
from linter.checks.cases import CasesSpec
from linter.checks.evaluate import EVALUATION_ERRORS, RuleOutcome, evaluate_rule, rule_error
from linter.checks.fleet_spec import FleetSpec
from linter.checks.kinds import NoticeSpec
from linter.checks.rule import Rule
from linter.checks.schema_check import SchemaSpec
from linter.checks.vocabulary import Level, Outcome
from linter.errors import LintError
from linter.filepaths import instance_relative
from linter.finding import Finding, Severity
from linter.folding import fold_covered
from linter.heap import FleetHeap, collector_paused, fleet_heap, spare_final_collection
from linter.loaders.reading import DEFAULT_MAX_BYTES
from linter.model.discovery import InstanceSpec
from linter.model.instance import Instance
from linter.model.loading import Reader, instance_name, load_instance, read_from_disk
from linter.model.names import settle_names
from linter.record import Record
from linter.result import InstanceSummary, LintResult
from linter.summary import summarize_instance
from linter.textsafe import visible

if TYPE_CHECKING:
    from linter.checks.fleet import FleetFact


class RunOptions(Record):
    """What the engine needs to know besides paths and rules."""

    __slots__ = ("max_bytes", "jobs", "setting_limits", "severities")

    def __init__(
        self,
        max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int = 1,
        setting_limits: Mapping[str, Mapping[str, int]] | None = None,
        severities: Mapping[str, str] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.jobs = jobs  # worker processes for checking instances; 0 means one per core
        # Settings that override fleet limits, by name (a fleet rule names its setting with limit_setting).
        self.setting_limits = setting_limits
        # The settings' severity: map (rule id -> severity). Applied before folding, which compares
        # severities: an error is never folded into a finding the settings made an info.
        self.severities = severities


def results_held() -> AbstractContextManager[FleetHeap]:
    """The heap policy around a whole command: a run, then the reports written from its result.

    The result is long-lived: the collector is kept off it while it is rendered too (linter.heap).
    """
    return fleet_heap()


def process_ending() -> None:
    """The command-line process is about to exit: spare it the final collection (linter.heap)."""
    spare_final_collection()


class InstanceReport:
    """The result of checking one instance on its own."""

    __slots__ = ("errors", "findings", "fleet_facts", "matched", "not_evaluated", "outcomes", "summary")

    def __init__(self, summary: InstanceSummary | None, errors: list[LintError] | None = None) -> None:
        self.summary = summary
        self.errors = errors if errors is not None else []
        self.findings: list[Finding] = []
        self.outcomes: dict[tuple[str, str], Outcome] = {}
        self.not_evaluated: dict[tuple[str, str], str] = {}
        self.fleet_facts: list[FleetFact] = []
        self.matched: str | None = None  # the before instance this one was compared with (or meant to be)


def summarize(instance: Instance) -> InstanceSummary:
    """The facts a report shows for an instance."""

    return summarize_instance(instance)


def _about_removed(rule: Rule) -> bool:
    """True for a change rule about an instance that existed before and is gone."""
    return isinstance(rule.check, CasesSpec) and rule.check.removed


def _change_rules(rules: list[Rule], removed: bool = False) -> list[Rule]:
    """The change rules about an instance that still exists (or, with ``removed``, one that is gone)."""
    return [
        rule
        for rule in rules
        if rule.level == Level.CHANGE
        and not isinstance(rule.check, NoticeSpec)
        and _about_removed(rule) == removed
    ]


def _unevaluated(rules: list[Rule], name: str, errors: list[LintError]) -> dict[tuple[str, str], str]:
    """(rule, instance) -> why, for change rules that cannot run: the before state exists but did not load.

    The reason names the first before-side file that could not be read.
    """
    where = errors[0].file or "an input file"
    if errors[0].line:
        where += f":{errors[0].line}"
    return {(rule.id, name): f"its before state could not be read ({where})" for rule in rules}


def check_instance(instance: Instance, rules: list[Rule], before: Instance | None = None) -> InstanceReport:
    """Run instance rules (and change rules when ``before`` is given) on one loaded instance."""
    report = InstanceReport(summarize(instance))
    change_type = change_env_type(instance, before) if before is not None else None
    for rule in rules:
        if isinstance(rule.check, NoticeSpec):  # raised by the engine itself (unused waivers)
            continue
        if isinstance(rule.check, FleetSpec) and instance.unreadable:
            _not_evaluated(report, rule, instance)  # every fleet rule compares effective values
        elif isinstance(rule.check, FleetSpec):
            # The fleet kind's comparison is imported only when a fleet rule runs (not in pre-commit).
            from linter.checks.fleet import extract_facts

            try:
                report.fleet_facts.extend(extract_facts(rule, instance))
            except EVALUATION_ERRORS as error:
                report.outcomes[(rule.id, instance.name)] = Outcome.FAIL
                report.findings.append(rule_error(rule, instance, error))
        elif rule.level == Level.CHANGE and before is not None and not _about_removed(rule):
            assert change_type is not None
            with judged_as(instance, *change_type):
                outcome = _evaluate(rule, instance, before, report)
            report.outcomes[(rule.id, instance.name)] = outcome.status
            report.findings.extend(outcome.findings)
            if outcome.unknown is not None:
                report.not_evaluated.setdefault(
                    (rule.id, instance.name),
                    f"{visible(outcome.unknown)} is computed at run time on one side of the change and no "
                    "environment capture (environment.json, .env) tells its value",
                )
        elif rule.level == Level.INSTANCE:
            outcome = _evaluate(rule, instance, before, report)
            report.outcomes[(rule.id, instance.name)] = outcome.status
            report.findings.extend(outcome.findings)
    report.findings = supersede_schema_findings(report.findings, rules)
    return report


def _evaluate(rule: Rule, instance: Instance, before: Instance | None, report: InstanceReport) -> RuleOutcome:
    """``evaluate_rule``; on an instance with a file that could not be read, a rule that read a value
    that file could set is not evaluated (its verdict could be the missing file's), and the rest stand."""
    if not instance.unreadable:
        return evaluate_rule(rule, instance, before)
    instance.read_unreadable = False
    outcome = evaluate_rule(rule, instance, before)
    if not instance.read_unreadable:
        return outcome
    _not_evaluated(report, rule, instance)
    return RuleOutcome(Outcome.NOT_EVALUATED, [])


def _not_evaluated(report: InstanceReport, rule: Rule, instance: Instance) -> None:
    files = ", ".join(file.label() for file in instance.unreadable)
    report.not_evaluated[(rule.id, instance.name)] = (
        f"{files} could not be read, and the rule reads values it could set"
    )
    report.outcomes[(rule.id, instance.name)] = Outcome.NOT_EVALUATED


def supersede_schema_findings(findings: list[Finding], rules: list[Rule]) -> list[Finding]:
    """Drop a schema finding where a policy rule already reports the same line: one mistake, one message."""
    schema_rules = {rule.id for rule in rules if isinstance(rule.check, SchemaSpec)}
    taken = {(f.place.file, f.place.line) for f in findings if f.rule not in schema_rules}
    return [f for f in findings if f.rule not in schema_rules or (f.place.file, f.place.line) not in taken]


def check_spec(
    spec: InstanceSpec, rules: list[Rule], options: RunOptions, read: Reader, before: BeforeState
) -> InstanceReport:
    """Load one instance and check it (against its before state when there is one)."""
    # The collector would rescan the instance's whole, growing heap many times over while it is
    # built (most of a large file's time); it runs between instances, once their cycles are broken.
    with collector_paused():
        instance, errors = load_instance(spec, options.max_bytes, read)
        if instance is None:
            report = InstanceReport(None, errors=errors)
            # Its before state is not "removed": the after state exists, it only did not load.
            name = instance_name(spec, options.max_bytes, read)
            report.matched = before.match(name, spec.directory) or name
            return report
        previous = before.load(instance.name, spec.directory)
        report = check_instance(instance, rules, previous.instance)
        report.matched = previous.name
        if before.snapshot is not None and previous.instance is None:
            if previous.errors:  # it existed but cannot be read: the gate must not pass it as "added"
                report.not_evaluated = _unevaluated(_change_rules(rules), instance.name, previous.errors)
                report.outcomes.update(dict.fromkeys(report.not_evaluated, Outcome.NOT_EVALUATED))
            else:  # added: no change rule applies
                report.outcomes.update(
                    {(rule.id, instance.name): Outcome.NOT_APPLICABLE for rule in _change_rules(rules)}
                )
        instance.release()
        if previous.instance is not None:
            previous.instance.release()
    report.errors.extend(errors)
    report.errors.extend(previous.errors)
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
        if rule.level == Level.CHANGE and _about_removed(rule):
            findings.extend(evaluate_rule(rule, gone, instance).findings)
    return findings


def run(
    specs: list[InstanceSpec],
    rules: list[Rule],
    options: RunOptions | None = None,
    read: Reader = read_from_disk,
    before: Snapshot | None = None,
    after_root: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LintResult:
    """Check every instance (and each change against ``before``) and collect the result.

    ``after_root`` is the after state's ``Snapshot.root``: where its instance directories are compared.
    ``progress(done, total)`` is called after each instance (a display; it must not raise).
    """
    options = options or RunOptions()
    with collector_paused():  # manifests are parsed here
        settled, clashes = settle_names(specs, options.max_bytes, read)
    specs = [spec for _, spec in settled]
    # A shared file (a monorepo's root config.php) belongs to several instances: it is one input.
    result = LintResult(
        rules=rules, inputs=list(dict.fromkeys(f.display for spec in specs for f in spec.files))
    )
    result.read_files = [*result.inputs, *(spec.manifest.display for spec in specs if spec.manifest)]
    facts: list[FleetFact] = []
    # Without change rules the before state is not needed, and an unreadable one is no error.
    previous = BeforeState(
        before if any(rule.level == Level.CHANGE for rule in rules) else None,
        options.max_bytes,
        frozenset(name for name, _ in settled),
        after_root,
        tuple((name, spec.directory) for name, spec in settled),
    )
    checked: set[str] = set()
    result.errors.extend(clashes)
    with fleet_heap() as heap:
        for count, report in enumerate(_reports(specs, rules, options, read, previous), 1):
            result.errors.extend(report.errors)
            if report.summary is not None:
                result.instances.append(report.summary)
                checked.add(report.summary.name)
            if report.matched is not None:
                checked.add(report.matched)
            result.findings.extend(report.findings)
            result.outcomes.update(report.outcomes)
            result.not_evaluated.update(report.not_evaluated)
            facts.extend(report.fleet_facts)
            if count % FREEZE_EVERY == 0:
                heap.keep_long_lived()
            if progress is not None:
                progress(count, len(specs))
        for name in sorted(set(previous.specs) - checked):
            with collector_paused():
                removed = previous.load(name)
            result.errors.extend(removed.errors)
            if removed.instance is not None:
                result.findings.extend(check_removed(removed.instance, rules))
            elif removed.errors:  # unreadable: whether it was a production instance cannot be told
                skipped = _unevaluated(_change_rules(rules, removed=True), name, removed.errors)
                result.not_evaluated.update(skipped)
                result.outcomes.update(dict.fromkeys(skipped, Outcome.NOT_EVALUATED))
        result.errors = _each_once(result.errors)
        evaluate_fleet_rules(result, rules, facts, options)
        directories = {name: spec.directory for name, spec in previous.specs.items()}
        directories.update((name, spec.directory) for name, spec in settled)
        result.findings = anchor_fingerprints(result.findings, directories)
        # One finding per mistake; after anchoring, so that a folded finding's fingerprint is the one a
        # baseline or a waiver written before the fold knows.
        result.findings = _with_severities(result.findings, options.severities or {})
        result.findings, result.folded = fold_covered(result.findings, rules)
        result.findings.sort(key=Finding.sort_key)
    return result


def _with_severities(findings: list[Finding], severities: Mapping[str, str]) -> list[Finding]:
    """The findings with the settings' severity overrides applied (each finding of an overridden rule)."""
    if not severities:
        return findings
    return [
        finding.replace(severity=Severity(severities[finding.rule]))
        if finding.rule in severities
        else finding
        for finding in findings
    ]


def _each_once(errors: list[LintError]) -> list[LintError]:
    """The errors, each said once: a shared file that does not parse is an error of every instance
    that reads it, and one line on the terminal."""
    once: dict[tuple[type[LintError], str], LintError] = {}
    for error in errors:
        once.setdefault((type(error), error.one_line()), error)
    return list(once.values())


def anchor_fingerprints(findings: list[Finding], directories: Mapping[str, str]) -> list[Finding]:
    """Findings whose fingerprints see their file relative to its instance directory (by instance name)."""
    anchored = []
    keys: dict[tuple[str, str], str | None] = {}  # a fleet has many findings per file
    for finding in findings:
        directory = directories.get(finding.instance or finding.place.instance or "")
        key = None
        if directory is not None:
            where = (finding.place.file, directory)
            if where not in keys:
                keys[where] = instance_relative(*where)
            key = keys[where]
        anchored.append(finding.replace(file_key=key) if key is not None else finding)
    return anchored


def evaluate_fleet_rules(
    result: LintResult, rules: list[Rule], facts: list[FleetFact], options: RunOptions
) -> None:
    """Compare every instance's facts under each fleet rule; add findings and per-instance outcomes."""
    fleet_rules = [rule for rule in rules if isinstance(rule.check, FleetSpec)]
    if not fleet_rules:
        return
    # The fleet kind's comparison is imported only when a fleet rule runs (not in pre-commit).
    from linter.checks.fleet import evaluate_fleet

    by_rule: dict[str, list[FleetFact]] = {}
    for fact in facts:
        by_rule.setdefault(fact.rule, []).append(fact)
    for rule in fleet_rules:
        assert isinstance(rule.check, FleetSpec)
        if len(result.instances) < rule.min_instances:  # it could only restate an instance rule
            result.outcomes.update(
                {(rule.id, fact.instance): Outcome.NOT_APPLICABLE for fact in by_rule.get(rule.id, [])}
            )
            continue
        limits = (options.setting_limits or {}).get(rule.check.limit_setting or "")
        outcome = evaluate_fleet(rule, by_rule.get(rule.id, []), limits)
        result.findings.extend(outcome.findings)
        for instance, status in outcome.status.items():
            result.outcomes[(rule.id, instance)] = status
