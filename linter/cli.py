"""The ``commerce-lint`` command: options → settings → engine → reporters → exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from linter.catalog.rule import Severity
from linter.errors import LintError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Lint Adobe Commerce configuration: env.php/config.php dumps, key pairs, data spaces, payments.",
)
rules_app = typer.Typer(no_args_is_help=True, help="List, explain and test rules.")
app.add_typer(rules_app, name="rules")

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Instance directories, fleet directories or files (default: the current directory)."),
]
RulesOpt = Annotated[list[str] | None, typer.Option("--rules", help="Extra rule folder (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids or globs.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids or globs.")]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", help="Output format (text, json), or FORMAT=FILE; repeatable."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the (single) report here.")]
FailOnOpt = Annotated[Severity, typer.Option("--fail-on", help="Lowest severity that fails the run.")]
MaxSizeOpt = Annotated[int, typer.Option("--max-file-size", help="Largest input file read, in bytes.")]
BeforeOpt = Annotated[
    str | None,
    typer.Option("--before", help="Compare with this file or directory (instances matched by name)."),
]
BaseOpt = Annotated[
    str | None, typer.Option("--base", help="Compare with each file as of this git revision.")
]
StagedOpt = Annotated[bool, typer.Option("--staged", help="Check the git index and compare it with HEAD.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).", min=0)]
LevelsOpt = Annotated[
    list[str] | None,
    typer.Option("--levels", help="Rule levels to run: instance, change, fleet (default: all)."),
]


def _split(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


@app.command()
def check(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = Severity.ERROR,
    max_file_size: MaxSizeOpt = 16 * 1024 * 1024,
    before: BeforeOpt = None,
    base: BaseOpt = None,
    staged: StagedOpt = False,
    levels: LevelsOpt = None,
    jobs: JobsOpt = 0,
) -> None:
    """Check instances (a directory of instance directories is a fleet), and changes to them."""
    from linter.catalog.loader import load_catalog, select_levels, select_rules
    from linter.engine import RunOptions, run
    from linter.output import write_reports
    from linter.states import build_snapshots

    catalog = select_rules(load_catalog(rules), _split(select), _split(ignore))
    catalog = select_levels(catalog, _split(levels))
    after, previous = build_snapshots(paths or ["."], before, base, staged)
    result = run(after.specs, catalog, RunOptions(max_bytes=max_file_size, jobs=jobs), after.read, previous)
    write_reports(result, format or ["text"], output)
    _print_errors(result.errors)
    raise typer.Exit(result.exit_code(fail_on))


def _print_errors(errors: list[LintError]) -> None:
    for error in errors:
        print(f"commerce-lint: error: {error.one_line()}", file=sys.stderr)


@rules_app.command("list")
def rules_list(rules: RulesOpt = None) -> None:
    """List every rule: id, severity, level and title."""
    from linter.catalog.loader import load_catalog

    catalog = load_catalog(rules)
    width = max(len(rule.id) for rule in catalog)
    for rule in catalog:
        print(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.level:<8}  {rule.title}")


@rules_app.command("explain")
def rules_explain(rule_id: Annotated[str, typer.Argument(help="A rule id.")], rules: RulesOpt = None) -> None:
    """Show a rule's rationale, sources, remediation and examples."""
    from linter.catalog.explain import explain
    from linter.catalog.loader import load_catalog

    print(explain(load_catalog(rules), rule_id))


def main() -> NoReturn:
    """Entry point: run the app; every LintError becomes one line on stderr and exit code 2."""
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
    except Exception as error:
        if hasattr(error, "show") and hasattr(
            error, "exit_code"
        ):  # click's usage errors (typer vendors click)
            error.show()
            sys.exit(2 if error.exit_code not in (0, 2) else error.exit_code)
        if os.environ.get("COMMERCE_LINT_DEBUG"):
            raise
        print(
            f"commerce-lint: internal error: {type(error).__name__}: {error} "
            "(set COMMERCE_LINT_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["UsageError", "app", "main"]
