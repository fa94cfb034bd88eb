"""Route a result to one or more reporters and destinations (``--format json=out.json``)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from linter.errors import UsageError
from linter.filepaths import display_path
from linter.reporters import build_reporter
from linter.result import LintResult
from linter.textsafe import visible
from linter.writing import identities, refuse_inputs, write_atomically

DATED_FORMATS = ("html", "markdown")  # the audit report states when it was made


def parse_targets(formats: list[str], output: Path | None) -> list[tuple[str, Path | None]]:
    """(format, destination) pairs; ``None`` (or ``FORMAT=-``) means standard output.

    An empty file name (``json=``) and two destinations naming the same file are usage errors: one
    report would silently be lost.
    """
    targets: list[tuple[str, Path | None]] = []
    for item in formats:
        name, sep, destination = item.partition("=")
        if sep and not destination.strip():  # "json= " too: a file named " " is a slip
            raise UsageError(f"empty file name after {visible(name.strip())}= in --format {visible(item)}")
        to_file = sep and destination != "-"  # json=- is standard output, as for most tools
        targets.append((name.strip().lower(), Path(destination) if to_file else None))
    to_stdout = [index for index, (_, dest) in enumerate(targets) if dest is None]
    if output is not None:
        if len(to_stdout) != 1:
            raise UsageError("--output needs exactly one --format without its own =FILE")
        name = targets[to_stdout[0]][0]
        targets[to_stdout[0]] = (name, output)
    elif len(to_stdout) > 1:
        raise UsageError("only one --format may write to standard output; give the others =FILE")
    _refuse_duplicates([destination for _, destination in targets if destination is not None])
    return targets


def _refuse_duplicates(destinations: list[Path]) -> None:
    """A usage error when two destinations are the same file (by resolved path or by identity).

    A device or a pipe (``/dev/null``, ``/dev/stdout``) is not a file one report would replace.
    """
    seen: dict[object, Path] = {}
    for destination in destinations:
        if _special(destination):
            continue
        for key in (os.path.realpath(destination), *identities(destination, resolve=True)):
            other = seen.setdefault(key, destination)
            if other is not destination:
                raise UsageError(
                    f"two reports would be written to the same file: {visible(str(other))} "
                    f"and {visible(str(destination))}"
                )


def _special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a pipe, a directory)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def write_reports(result: LintResult, formats: list[str], output: Path | None) -> list[Path]:
    """Render each requested format to its destination; the files written come back.

    A destination that cannot be written becomes an error of the run, and the others are still written.
    """
    import io

    targets = parse_targets(formats, output)
    refuse_inputs([destination for _, destination in targets if destination is not None], result.read_files)
    if any(name in DATED_FORMATS for name, _ in targets):
        from linter.reporters.report_time import epoch_problem

        problem = epoch_problem()
        if problem is not None:  # still written, with the current time; the run exits 2
            result.errors.append(problem)
    reporters = [(build_reporter(name), destination) for name, destination in targets]  # typos fail first
    written: list[Path] = []
    for reporter, destination in reporters:
        if destination is None:
            reporter(result, sys.stdout)
            sys.stdout.flush()
            continue
        buffer = io.StringIO()
        reporter(result, buffer)
        try:
            write_atomically(destination, buffer.getvalue())
        except OSError as error:  # the other reports are still written; the run exits 2
            reason = f"cannot write the report: {error.strerror or error}"
            result.errors.append(UsageError(reason, display_path(destination)))
            continue
        written.append(destination)
    return written
