"""The use cases behind the commands: settings and flags in, a finished LintResult out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from linter.catalog.rule import Rule, Severity
from linter.errors import LintError
from linter.result import LintResult
from linter.settings import Settings


class CheckRequest(NamedTuple):
    """What one ``check`` should do; ``None`` means "as the settings file says, else the default"."""

    paths: tuple[str, ...] = ()
    rules: tuple[str, ...] | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    levels: tuple[str, ...] = ()
    fail_on: Severity | None = None
    max_file_size: int | None = None
    jobs: int | None = None
    before: str | None = None
    base: str | None = None
    staged: bool = False
    baseline: str | None = None
    use_baseline: bool = True


def load_rules(
    request: CheckRequest, settings: Settings, errors: list[LintError] | None = None
) -> list[Rule]:
    """The catalog for a run: bundled plus extra folders, severity overrides, select/ignore/levels.

    With ``errors``, a rule folder or file that cannot be loaded is collected there, not raised.
    """
    from linter.catalog.loader import load_catalog, select_levels, select_rules

    folders = list(request.rules if request.rules is not None else settings.rules)
    catalog = load_catalog(folders, errors=errors)
    if settings.severity:
        catalog = [
            r._replace(severity=Severity(settings.severity[r.id])) if r.id in settings.severity else r
            for r in catalog
        ]
    select = list(request.select if request.select is not None else settings.select)
    ignore = list(request.ignore if request.ignore is not None else settings.ignore)
    return select_levels(select_rules(catalog, select, ignore), list(request.levels))


def fail_level(request: CheckRequest, settings: Settings) -> Severity:
    """The lowest severity that fails the run."""
    return request.fail_on or Severity(settings.fail_on or "error")


def run_check(request: CheckRequest, settings: Settings) -> LintResult:
    """Discover, evaluate, then apply severity overrides, waivers and the baseline."""
    from linter.baseline import apply_baseline, load_baseline
    from linter.engine import RunOptions, run
    from linter.loaders.reading import DEFAULT_MAX_BYTES
    from linter.model.discovery import display_path
    from linter.states import build_snapshots
    from linter.waivers import apply_waivers

    rule_errors: list[LintError] = []  # a rule that cannot load: the others still run, the run exits 2
    rules = load_rules(request, settings, rule_errors)
    explicit = bool(request.paths)
    paths = list(request.paths) or [display_path(settings.base / p) for p in settings.paths] or ["."]
    after, previous = build_snapshots(paths, request.before, request.base, request.staged, settings, explicit)
    options = RunOptions(
        max_bytes=request.max_file_size or settings.max_file_size or DEFAULT_MAX_BYTES,
        jobs=request.jobs if request.jobs is not None else settings.jobs or 0,
        setting_limits={"quotas": settings.quotas} if settings.quotas else {},
    )
    result = run(after.specs, rules, options, after.read, previous)
    result.errors[:0] = rule_errors
    if settings.severity:
        result.findings = [
            replace(f, severity=Severity(settings.severity[f.rule])) if f.rule in settings.severity else f
            for f in result.findings
        ]
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
