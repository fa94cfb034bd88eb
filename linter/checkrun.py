"""The use cases behind the commands: settings and flags in, a finished LintResult out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from linter.baseline import apply_baseline, load_baseline
from linter.catalog.loader import load_catalog, rule_files, select_levels, select_rules
from linter.catalog.selection import describe_unmatched, unmatched_patterns
from linter.checks.rule import Rule
from linter.engine import RunOptions, run
from linter.errors import LintError, SettingsError, UsageError
from linter.filepaths import display_path
from linter.finding import Severity
from linter.model.instance import Instance
from linter.model.loading import load_instance
from linter.model.names import settle_names
from linter.record import Record
from linter.result import LintResult
from linter.settings import Settings
from linter.states import GitRange, build_snapshots
from linter.textsafe import visible
from linter.waivers import apply_waivers

if TYPE_CHECKING:
    from linter.model.inputs import InstanceSpec


class CheckRequest(Record):
    """What one ``check`` should do; ``None`` means "as the settings file says, else the default"."""

    __slots__ = (
        "paths",
        "rules",
        "select",
        "ignore",
        "levels",
        "fail_on",
        "max_file_size",
        "jobs",
        "before",
        "base",
        "staged",
        "baseline",
        "use_baseline",
        "db",
        "pre_commit",
    )

    def __init__(
        self,
        paths: tuple[str, ...] = (),
        rules: tuple[str, ...] | None = None,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] | None = None,
        levels: tuple[str, ...] = (),
        fail_on: Severity | None = None,
        max_file_size: int | None = None,
        jobs: int | None = None,
        before: str | None = None,
        base: str | None = None,
        staged: bool = False,
        baseline: str | None = None,
        use_baseline: bool = True,
        db: str | None = None,
        pre_commit: bool = False,
    ) -> None:
        self.paths = paths
        self.rules = rules
        self.select = select
        self.ignore = ignore
        self.levels = levels
        self.fail_on = fail_on
        self.max_file_size = max_file_size
        self.jobs = jobs
        self.before = before
        self.base = base
        self.staged = staged
        self.baseline = baseline
        self.use_baseline = use_baseline
        self.db = db  # --db: the checked instance's database, read live
        self.pre_commit = pre_commit  # the range pre-commit names in its environment, else --staged


def load_rules(
    request: CheckRequest, settings: Settings, errors: list[LintError] | None = None
) -> list[Rule]:
    """The catalog for a run: bundled plus extra folders, select/ignore/levels (severities: after the run).

    A rule id or glob that matches no rule, or a selection that leaves no rule to run, is an error:
    a typo must not turn the gate green by checking nothing. With ``errors``, a rule folder or file
    that cannot be loaded is collected there, not raised.
    """

    folders = list(request.rules if request.rules is not None else settings.rules)
    catalog = load_catalog(folders, errors=errors, examples=False)  # a check runs no examples
    _require_known(catalog, settings.severity, "severity", settings)
    select = list(request.select if request.select is not None else settings.select)
    ignore = list(request.ignore if request.ignore is not None else settings.ignore)
    _require_known(catalog, select, "select", None if request.select is not None else settings)
    _require_known(catalog, ignore, "ignore", None if request.ignore is not None else settings)
    chosen = select_levels(select_rules(catalog, select, ignore), list(request.levels))
    if not chosen:
        asked = [f"--levels {','.join(request.levels)}"] if request.levels else []
        asked += [f"select {', '.join(select)}"] if select else []
        asked += [f"ignore {', '.join(ignore)}"] if ignore else []
        why = "; ".join(asked) or "the catalog is empty"
        raise UsageError(f"no rule left to run ({why if len(why) <= 200 else why[:200] + '...'})")
    return chosen


def _require_known(catalog: list[Rule], patterns: Iterable[str], key: str, settings: Settings | None) -> None:
    """Raise when a pattern matches no rule: a SettingsError at its line, or a UsageError for a flag."""
    patterns = list(patterns)
    if not patterns:  # the usual run: nothing to check, and no module to import for it
        return

    missing = unmatched_patterns(patterns, catalog)
    if not missing:
        return
    first = missing[0]
    more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    if settings is None:
        raise UsageError(f"--{key} {describe_unmatched(first, catalog)}{more}")

    name = first if key == "severity" else str(patterns.index(first))
    line = settings.lines.get(f"{key}/{name}")
    raise SettingsError(f"{key}: {describe_unmatched(first, catalog)}{more}", settings.file, line)


def fail_level(request: CheckRequest, settings: Settings) -> Severity:
    """The lowest severity that fails the run."""
    return request.fail_on or Severity(settings.fail_on or "error")


JOBS_PER_CORE = 4  # beyond this, more workers only add start-up time and memory


def capped_jobs(jobs: int, origin: str = "--jobs") -> tuple[int, str | None]:
    """``jobs`` (0: one per core) capped at JOBS_PER_CORE per usable core, and a notice when capped."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    limit = JOBS_PER_CORE * max(cores, 1)
    if jobs <= limit:
        return jobs, None
    return limit, f"{origin} {jobs} is more than {JOBS_PER_CORE} per core; using {limit} ({cores} cores)"


def run_check(
    request: CheckRequest, settings: Settings, progress: Callable[[int, int], None] | None = None
) -> LintResult:
    """Discover, evaluate, then apply severity overrides, waivers and the baseline.

    ``progress(done, total)`` hears of each instance checked (the terminal's progress display).
    """
    from linter.loaders.reading import DEFAULT_MAX_BYTES

    rule_errors: list[LintError] = []  # a rule that cannot load: the others still run, the run exits 2
    try:
        rules = load_rules(request, settings, rule_errors)
    except LintError as problem:
        if not rule_errors:
            raise
        # The rule asked for may be in the file that failed to load: that is the error to fix first.
        more = f" (and {len(rule_errors) - 1} more)" if len(rule_errors) > 1 else ""
        problem.message += f"; a rule file could not be loaded{more}: {rule_errors[0].one_line()}"
        raise
    explicit = bool(request.paths)
    paths = list(request.paths) or [display_path(settings.base / p) for p in settings.paths] or ["."]
    revisions = pre_commit_range(os.environ) if request.pre_commit else None
    staged = request.staged or (request.pre_commit and revisions is None)
    if request.pre_commit and (request.before or request.base or request.staged):
        raise UsageError("use only one of --pre-commit, --before, --base and --staged")
    after, previous = build_snapshots(
        paths, request.before, request.base, staged, settings, explicit, revisions=revisions
    )
    # (--staged before the first commit has no before state either: there, every file is added and
    # no change rule applies, which is a true pass, not a silent one.)
    if previous is None and not staged and all(rule.level == "change" for rule in rules):
        raise UsageError(
            "only change rules are selected and there is nothing to compare with: "
            "give --base REV, --staged or --before DIR"
        )
    origin = "--db" if request.db else "settings db:"
    database = request.db or settings.db
    after = after.replace(specs=_with_database(after.specs, database, origin, settings.file))
    asked = request.jobs if request.jobs is not None else settings.jobs or 0
    jobs, jobs_notice = capped_jobs(asked, "--jobs" if request.jobs is not None else "settings jobs:")
    options = RunOptions(
        max_bytes=request.max_file_size or settings.max_file_size or DEFAULT_MAX_BYTES,
        jobs=jobs,
        setting_limits={"quotas": settings.quotas} if settings.quotas else {},
        severities=settings.severity,
    )
    result = run(after.specs, rules, options, after.read, previous, after.root, progress)
    result.errors[:0] = rule_errors
    result.notices.extend(after.notices)
    if settings.found_above:
        result.settings_note = (
            f"settings: {settings.file} (found above the working directory, outside any repository)"
        )
        result.notices.append(f"using the settings file {settings.file}, found above the working directory")
    for spec in previous.specs if previous is not None else ():
        result.read_files += [file.display for file in (*spec.files, spec.manifest) if file is not None]
    result.read_files += [path for path in (settings.file, request.baseline or settings.baseline) if path]
    result.read_files += _rule_files(request.rules if request.rules is not None else settings.rules)
    if jobs_notice:
        result.notices.append(jobs_notice)
    if not after.specs and not (previous is not None and previous.specs):
        result.errors.append(UsageError(_nothing_found(paths, request, settings)))
    result.fail_on = fail_level(request, settings)
    override_severities(result, settings.severity)
    apply_waivers(result, settings.waivers, settings.file)
    baseline = request.baseline or (settings.baseline if request.use_baseline else None)
    if baseline:
        try:
            entries = load_baseline(Path(baseline))
        except LintError as error:  # report every finding rather than none: the run still completes
            result.errors.append(error)
        else:
            apply_baseline(result, entries)
    return result


def _with_database(
    specs: list[InstanceSpec], db: str | None, origin: str, settings_file: str | None = None
) -> list[InstanceSpec]:
    """The instances to check, the one of them given ``db`` (a DSN or ``env.php``) to read live."""
    if not db:
        return specs
    if origin == "settings db:" and db != "env.php":
        from linter.loaders.db_live import COMMITTED_PASSWORD, parse_dsn

        if parse_dsn(db, origin)[1]:
            raise SettingsError(COMMITTED_PASSWORD, settings_file)
    if len(specs) != 1:
        raise UsageError(
            f"{origin} reads one instance's database, and {len(specs)} instances were found: check one "
            "instance, or put db: in each instance's instance.yaml"
        )
    return [specs[0].replace(database=db)]


PRE_COMMIT_RANGE = ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF")


def pre_commit_range(environ: Mapping[str, str]) -> GitRange | None:
    """The revisions pre-commit compares (``run --from-ref A --to-ref B``, a pre-push), or None: then a
    hook checks what is staged. pre-commit sets both or neither; one alone is an error, not a guess."""
    old, new = (environ.get(name, "").strip() for name in PRE_COMMIT_RANGE)
    if not old and not new:
        return None
    if not old or not new:
        missing = PRE_COMMIT_RANGE[0] if not old else PRE_COMMIT_RANGE[1]
        both = " and ".join(PRE_COMMIT_RANGE)
        raise UsageError(f"--pre-commit: {missing} is not set; pre-commit sets {both} together")
    return GitRange(old, new, "PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF")


def override_severities(result: LintResult, overrides: Mapping[str, str]) -> None:
    """The settings' ``severity:`` map, applied once to the rules and to every finding they made.

    Findings too, not only rules: a case's own severity and a crash finding are overridden alike.
    """
    if not overrides:
        return
    result.rules = [
        rule.replace(severity=Severity(overrides[rule.id])) if rule.id in overrides else rule
        for rule in result.rules
    ]
    result.findings = [
        f.replace(severity=Severity(overrides[f.rule])) if f.rule in overrides else f for f in result.findings
    ]


def _rule_files(folders: Iterable[str]) -> list[str]:
    """The rule files of the extra rule folders: a report must not be written over one of them."""

    unreadable: list[LintError] = []  # already reported when the catalog was loaded
    return [str(path) for folder in folders for path in rule_files(Path(folder), unreadable)]


def _nothing_found(paths: list[str], request: CheckRequest, settings: Settings) -> str:
    """Why a run has nothing to check, naming the paths (and where they were looked for)."""
    where = " in the git index" if request.staged else f" at {request.base}" if request.base else ""
    if request.pre_commit:
        revisions = pre_commit_range(os.environ)
        where = f" at {visible(revisions.new)}" if revisions else " in the git index"
    named = ", ".join(repr(path) for path in paths)
    if settings.instances:
        return f"no instance of the inventory in {settings.file} has a file under {named}{where}"
    return f"no instance found under {named}{where} (no env.php, config.php or config dump)"


class ShowInstances(Record):
    """The instances ``show`` prints, the errors met reading them, and what discovery left out."""

    __slots__ = ("instances", "errors", "notices")

    def __init__(self, instances: list[Instance], errors: list[LintError], notices: tuple[str, ...]) -> None:
        self.instances = instances
        self.errors = errors
        self.notices = notices


def load_for_show(
    paths: tuple[str, ...], settings: Settings, only: str | None = None, max_file_size: int | None = None
) -> ShowInstances:
    """The instances under ``paths`` (``only``: the one of that name), loaded as ``check`` loads them.

    An instance whose files do not all parse is still shown from the files that do; its errors are
    returned. No instance found, or none named ``only``, is a usage error.
    """
    from linter.loaders.reading import DEFAULT_MAX_BYTES

    chosen = list(paths) or [display_path(settings.base / p) for p in settings.paths] or ["."]
    after, _ = build_snapshots(chosen, settings=settings, explicit_paths=bool(paths))
    max_bytes = max_file_size or settings.max_file_size or DEFAULT_MAX_BYTES
    settled, errors = settle_names(after.specs, max_bytes, after.read)
    if not settled:
        raise UsageError(_nothing_found(chosen, CheckRequest(), settings))
    if only is not None:
        names = [name for name, _ in settled]
        settled = [(name, spec) for name, spec in settled if name == only]
        if not settled:
            known = ", ".join(visible(name) for name in names)
            raise UsageError(f"--instance {visible(only)!r}: no such instance here (instances: {known})")
    instances: list[Instance] = []
    for _, spec in settled:
        instance, problems = load_instance(spec, max_bytes, after.read)
        errors.extend(problems)
        if instance is not None:
            instances.append(instance)
    once = list({error.one_line(): error for error in errors}.values())  # a shared file's error: once
    return ShowInstances(instances, once, after.notices)


SHOW_FORMATS = ("text", "json")


def run_show(
    paths: tuple[str, ...],
    patterns: tuple[str, ...],
    scope: str,
    format: str,
    settings: Settings,
    only: str | None = None,
    max_file_size: int | None = None,
) -> tuple[str, ShowInstances]:
    """``show``'s output (every instance found, or ``only``) and what was read for it.

    The scope must exist in each instance shown: an unknown code is a usage error naming the known ones.
    Every instance's secrets are scrubbed from the output as a last guard (fingerprints are all it shows).
    """
    from linter.model.provenance import effective_configuration, parse_scope, path_patterns

    if format not in SHOW_FORMATS:
        raise UsageError(f"show --format is text or json, not {visible(format)!r}")
    path_patterns(patterns)  # a malformed --path fails before anything is read
    loaded = load_for_show(paths, settings, only, max_file_size)
    blocks = []
    for instance in loaded.instances:
        at = parse_scope(scope, instance)
        blocks.append((instance, at, effective_configuration(instance, at, patterns)))
    if format == "json":
        from linter.reporters.show_json import render as render_json

        text = render_json(blocks, loaded.errors)
    else:
        from linter.reporters.show_text import render as render_text

        text = render_text(blocks) if blocks else ""
    for instance in loaded.instances:
        text = instance.scrubber.scrub(text)
    return text, loaded
