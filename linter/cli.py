"""The ``commerce-lint`` command: options → settings → engine → reporters → exit code."""

# No ``from __future__ import annotations`` here: typer would then evaluate every option's
# annotation string on each run (about 12 M instructions, 2% of a one-file check).
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from linter import __version__
from linter.baseline import write_baseline
from linter.catalog.loader import load_catalog
from linter.checkrun import CheckRequest, fail_level, run_check, run_show
from linter.engine import process_ending, results_held
from linter.errors import LintError, UsageError
from linter.finding import Severity
from linter.output import write_reports
from linter.resources import rules_dir
from linter.result import LintResult
from linter.settings import Settings, load_settings
from linter.terminal import Progress, configure, quiet
from linter.textsafe import visible

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Lint Adobe Commerce configuration: env.php/config.php dumps, key pairs, data spaces, payments.",
)


def _version(value: bool) -> None:
    if value:
        print(f"commerce-lint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Lint Adobe Commerce configuration: env.php/config.php dumps, key pairs, data spaces, payments."""


rules_app = typer.Typer(no_args_is_help=True, help="List, explain and test rules.")
app.add_typer(rules_app, name="rules")

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Instance directories, fleet directories or files (default: settings paths, else '.')."
    ),
]
RulesOpt = Annotated[list[str] | None, typer.Option("--rules", help="Extra rule folder (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids or globs.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids or globs.")]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        help="text, json, sarif, junit, junit-xunit1, codequality, github, markdown, html; or FORMAT=FILE.",
    ),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the (single) report here.")]
FailOnOpt = Annotated[
    Severity | None, typer.Option("--fail-on", help="Lowest severity that fails (default error).")
]
MaxSizeOpt = Annotated[
    int | None, typer.Option("--max-file-size", help="Largest input file read, in bytes.", min=1, max=1 << 40)
]
BeforeOpt = Annotated[
    str | None,
    typer.Option(
        "--before",
        help="Compare with this file or directory (instances matched by name, else by folder below it).",
    ),
]
BaseOpt = Annotated[
    str | None, typer.Option("--base", help="Compare with each file as of this git revision.")
]
StagedOpt = Annotated[bool, typer.Option("--staged", help="Check the git index and compare it with HEAD.")]
PreCommitOpt = Annotated[
    bool,
    typer.Option(
        "--pre-commit",
        help="As a pre-commit hook: PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF when set, else as --staged.",
    ),
]
LevelsOpt = Annotated[
    list[str] | None,
    typer.Option("--levels", help="Rule levels to run: instance, change, fleet (default: all)."),
]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).", min=0)
]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Settings file (default: found upward).")]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Say which settings file and rule folders are used, and how each instance's type was known "
        "(on standard error).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Findings only: no summary, no notices, no progress.")
]


class ColorChoice(StrEnum):
    """``--color``: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), always, never."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


ColorOpt = Annotated[
    ColorChoice,
    typer.Option(
        "--color",
        help="auto: colour on a terminal unless NO_COLOR is set (FORCE_COLOR forces it); always; never.",
        case_sensitive=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Also read the instance's database live (read-only): mysql://user@host:port/db, "
        "mysql:///db?unix_socket=PATH, or env.php for its own credentials; password from ~/.my.cnf.",
    ),
]
BaselineOpt = Annotated[
    str | None, typer.Option("--baseline", help="Report only findings not in this baseline.")
]


def _require_values(*options: tuple[str, str | None]) -> None:
    """An option given an empty value is a usage error: `--base "$UNSET"` must not drop the change rules."""
    for name, value in options:
        if value is not None and not value.strip():
            raise UsageError(f"{name} needs a value")


def _split(values: list[str] | None, option: str = "") -> tuple[str, ...] | None:
    if values is None:
        return None
    items = tuple(item.strip() for value in values for item in value.split(",") if item.strip())
    if not items and option:  # `--levels ''` must not mean "every level" without a word
        raise UsageError(f"{option} needs a value")
    return items


@app.command()
def check(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    max_file_size: MaxSizeOpt = None,
    before: BeforeOpt = None,
    base: BaseOpt = None,
    staged: StagedOpt = False,
    levels: LevelsOpt = None,
    jobs: JobsOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
    baseline: BaselineOpt = None,
    quiet_: QuietOpt = False,
    color: ColorOpt = ColorChoice.AUTO,
    db: DbOpt = None,
    pre_commit: PreCommitOpt = False,
) -> None:
    """Check instances (a directory of instance directories is a fleet), and changes to them."""

    _require_values(("--before", before), ("--base", base), ("--baseline", baseline), ("--config", config))
    _terminal(color, quiet_, verbose)
    settings = _settings(config, verbose)
    request = CheckRequest(
        paths=tuple(paths or ()),
        rules=_split(rules, "--rules"),
        select=_split(select, "--select"),
        ignore=_split(ignore, "--ignore"),
        levels=_split(levels, "--levels") or (),
        fail_on=fail_on,
        max_file_size=max_file_size,
        jobs=jobs,
        before=before,
        base=base,
        staged=staged,
        baseline=baseline,
        db=_database_option(db),
        pre_commit=pre_commit,
    )
    with results_held():
        result = _run(request, settings, verbose)
        write_reports(result, format or ["text"], output)
    _print_errors(result.errors, result.notices)
    raise typer.Exit(result.exit_code(fail_level(request, settings)))


@app.command()
def report(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the report.")] = Path(
        "audit.html"
    ),
    format: Annotated[str, typer.Option("--format", "-f", help="html or markdown.")] = "html",
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
    quiet_: QuietOpt = False,
    color: ColorOpt = ColorChoice.AUTO,
    db: DbOpt = None,
) -> None:
    """Write an audit report across every environment (HTML or Markdown) for a person to read."""

    if format not in ("html", "markdown"):
        raise UsageError(f"report --format is html or markdown, not {format!r}")
    _terminal(color, quiet_, verbose)
    settings = _settings(config, verbose)
    with results_held():
        result = _run(
            CheckRequest(
                paths=tuple(paths or ()),
                rules=_split(rules, "--rules"),
                use_baseline=False,
                db=_database_option(db),
            ),
            settings,
            verbose,
        )
        written = write_reports(result, [format], output)
    _print_errors(result.errors, result.notices)
    if written and not quiet():
        instances, findings = len(result.instances), len(result.findings)
        counts = f"{instances} instance{'s' * (instances != 1)}, {findings} finding{'s' * (findings != 1)}"
        print(f"commerce-lint: wrote {visible(str(output))} ({counts})")
    raise typer.Exit(2 if result.errors else 0)


@app.command("baseline")
def baseline_command(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.")] = Path(
        "commerce-lint-baseline.json"
    ),
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
    quiet_: QuietOpt = False,
) -> None:
    """Record today's findings so that later checks with --baseline report only new ones."""

    _terminal(ColorChoice.AUTO, quiet_, verbose)
    settings = _settings(config, verbose)
    result = _run(
        CheckRequest(paths=tuple(paths or ()), rules=_split(rules, "--rules"), use_baseline=False),
        settings,
        verbose,
    )
    # The settings' baseline is not read here: recording it anew is what this command is for.
    result.read_files = [path for path in result.read_files if path != settings.baseline]
    _print_errors(result.errors, result.notices)
    if result.errors:
        raise typer.Exit(2)
    count = write_baseline(result, output)
    if not quiet():
        print(f"commerce-lint: recorded {count} findings in {visible(str(output))}")


@app.command()
def show(
    paths: PathsArg = None,
    path: Annotated[
        list[str] | None,
        typer.Option("--path", "-p", help="Only these config paths, globs or sections (repeatable)."),
    ] = None,
    scope: Annotated[
        str, typer.Option("--scope", "-s", help="default, websites/CODE or stores/CODE.")
    ] = "default",
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    instance: Annotated[
        str | None, typer.Option("--instance", help="In a fleet, only the instance of this name.")
    ] = None,
    max_file_size: MaxSizeOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Show an instance's effective configuration at a scope, each value with the files that set it."""
    _require_values(("--instance", instance), ("--config", config))
    settings = _settings(config, verbose)
    patterns = tuple(path or ())
    text, loaded = run_show(tuple(paths or ()), patterns, scope, format, settings, instance, max_file_size)
    sys.stdout.write(text)
    _print_errors(loaded.errors, loaded.notices)
    raise typer.Exit(2 if loaded.errors else 0)


def _settings(config: str | None, verbose: bool) -> Settings:

    settings = load_settings(config)
    if verbose:
        print(
            f"commerce-lint: settings: {visible(settings.file or 'none found (defaults)')}", file=sys.stderr
        )
    return settings


def _terminal(color: str, quiet_: bool, verbose: bool) -> None:
    """The command's terminal choices (linter.terminal), before anything is written."""
    if quiet_ and verbose:
        raise UsageError("--quiet and --verbose contradict each other; give one")
    configure(str(color), quiet_)


def _run(request: CheckRequest, settings: Settings, verbose: bool) -> LintResult:
    """run_check with the progress display on a terminal; with ``verbose``, what the run used."""
    progress = Progress()
    try:
        result = run_check(request, settings, progress)
    finally:
        progress.close()
    if verbose:
        _say_what_was_used(request, settings, result)
    return result


def _say_what_was_used(request: CheckRequest, settings: Settings, result: LintResult) -> None:
    """``-v``: the rule folders and, per instance, how its environment type was known (stderr)."""
    folders = [
        str(rules_dir()) + " (bundled)",
        *(request.rules if request.rules is not None else settings.rules),
    ]
    print(
        f"commerce-lint: rule folders: {visible(', '.join(folders))}; {len(result.rules)} rules run",
        file=sys.stderr,
    )
    for summary in result.instances:
        known = (
            f"{summary.env_type} (from {summary.env_type_source})"
            if summary.env_type
            else "unknown (no source says)"
        )
        where = f"{visible(summary.name)} ({visible(summary.directory)})"
        print(f"commerce-lint: instance {where}: type {visible(known)}", file=sys.stderr)


def _database_option(db: str | None) -> str | None:
    """``--db`` checked before anything is read: a DSN (a password in it is warned about: other users
    see a command line) or ``env.php``; UsageError without PyMySQL, saying how to install it."""
    if db is None:
        return None
    from importlib.util import find_spec

    from linter.loaders import db_live  # only --db pays for it

    if db != "env.php":
        dsn, has_password = db_live.parse_dsn(db)
        if has_password:
            print(
                f"commerce-lint: warning: --db {visible(dsn.shown())} carries a password, which other users "
                "can see in the process list: put it in an option file (~/.my.cnf, [client] password=...)",
                file=sys.stderr,
            )
    if find_spec("pymysql") is None:
        raise UsageError(f"--db: {db_live.INSTALL_HINT}")
    return db


def _print_errors(errors: list[LintError], notices: tuple[str, ...] | list[str] = ()) -> None:

    for notice in notices if not quiet() else ():
        print(f"commerce-lint: warning: {visible(notice)}", file=sys.stderr)
    for error in errors:
        print(f"commerce-lint: error: {error.one_line()}", file=sys.stderr)


@rules_app.command("list")
def rules_list(rules: RulesOpt = None) -> None:
    """List every rule: id, severity, level and title."""

    catalog = load_catalog(rules)
    width = max(len(rule.id) for rule in catalog)
    for rule in catalog:
        print(visible(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.level:<8}  {rule.title}"))


@rules_app.command("explain")
def rules_explain(rule_id: Annotated[str, typer.Argument(help="A rule id.")], rules: RulesOpt = None) -> None:
    """Show a rule's rationale, sources, remediation and examples."""
    from linter.catalog.explain import explain

    print(visible(explain(load_catalog(rules), rule_id), keep_newlines=True))


@rules_app.command("test")
def rules_test(
    folders: Annotated[
        list[str] | None, typer.Argument(help="Rule folders (default: the bundled rules).")
    ] = None,
) -> None:
    """Run every rule file's own examples; exit 1 when any example fails."""
    from linter.ruletest.runner import run_examples

    catalog = load_catalog(folders, include_bundled=not folders)
    if not catalog:  # "0 passed, 0 failed" would let a rule-file CI job pass on a wrong folder
        raise UsageError(f"no rule file (*.yaml, *.yml) in {', '.join(repr(f) for f in folders or [])}")
    results = run_examples(catalog)
    for result in results:
        verdict = "passed" if result.passed else "FAILED"
        detail = "" if result.passed else f"  ({result.file}): {result.detail}"
        print(visible(f"{verdict}  {result.test_id}{detail}"))
    failed = sum(not result.passed for result in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)


def main() -> NoReturn:
    """Entry point: run the app; every LintError becomes one line on stderr and exit code 2."""
    # Here and nowhere else: the process is ours, so PyYAML may be imported the cheap way when a
    # run needs it. A program that imports linter as a library keeps its own re.compile.
    from linter.loaders.yaml_import import defer_on_import

    defer_on_import()
    try:
        _run_and_exit()
    finally:
        # The process ends here, reports written and flushed: the engine's heap policy decides what
        # the exit costs.
        process_ending()


def _run_and_exit() -> NoReturn:
    # A value or name that is not encodable (a lone surrogate) is shown escaped, never a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = app(standalone_mode=False)
    except LintError as error:
        print(f"commerce-lint: error: {error.one_line()}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Abort:
        sys.exit(130)
    except Exception as error:  # the last line of defence: one line, no traceback
        if hasattr(error, "show") and hasattr(
            error, "exit_code"
        ):  # click's usage errors (typer vendors click)
            error.show()
            sys.exit(2 if error.exit_code not in (0, 2) else error.exit_code)
        if os.environ.get("COMMERCE_LINT_DEBUG"):
            raise
        hint = "(set COMMERCE_LINT_DEBUG=1 for a traceback)"

        detail = visible(" ".join(str(error).split()))
        print(f"commerce-lint: internal error: {type(error).__name__}: {detail} {hint}", file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
