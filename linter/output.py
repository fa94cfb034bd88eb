"""Route a result to one or more reporters and destinations (``--format json=out.json``)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from linter.errors import UsageError
from linter.reporters import build_reporter
from linter.result import LintResult
from linter.textsafe import visible

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
        for key in (os.path.realpath(destination), *_identities(destination, resolve=True)):
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


def _identities(path: str | Path, resolve: bool = False) -> set[tuple[int, int]]:
    """(device, inode) of ``path`` and, when it is a symbolic link, of the link itself.

    ``resolve``: of the path ``os.path.realpath`` makes of it too. ``nonexist/../env.yaml`` names
    ``env.yaml``, though a plain stat fails on it, and writing would create ``nonexist/`` and then
    replace ``env.yaml``. (An input's own path exists: a plain stat follows it.)
    """
    found = set()
    targets = [(os.stat, path), (os.lstat, path)]
    if resolve:
        targets.append((os.stat, os.path.realpath(path)))
    for status, target in targets:
        try:
            result = status(target)
        except (OSError, ValueError):
            continue
        found.add((result.st_dev, result.st_ino))
    return found


def refuse_inputs(destinations: list[Path], inputs: list[str]) -> None:
    """A usage error when a destination is one of the run's input files (by any path or link to it).

    ``inputs`` is every file the run read: instance files, manifests, before-state files, the
    settings file, the baseline and the rule files.
    """
    wanted = {
        identity: str(destination)
        for destination in destinations
        for identity in _identities(destination, resolve=True)
    }
    if not wanted:  # no destination exists yet, so none is an input file
        return
    for path in inputs:
        for key in _identities(path):
            if key in wanted:
                raise UsageError(
                    f"refusing to overwrite input file {visible(path)} with a report ({visible(wanted[key])})"
                )


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: the only portable way to read it is to set it, then restore it
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a crash never leaves half a file.

    A symbolic link is followed (the link stays, its target is replaced). A destination that exists
    and is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is written in place: replacing
    it would put a regular file where the device was, which as root breaks the whole machine. A new
    file gets the mode a plain ``open`` would give it (0666 less the umask), not mkstemp's 0600; a
    file that is replaced keeps its mode.
    """
    import tempfile  # here, not at the top: a check that writes no file never pays for it

    target = Path(os.path.realpath(path))
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(target, text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        # backslashreplace: a lone surrogate from a JSON "\\ud800" escape is written as that escape,
        # which JSON reads back as the same text, rather than failing the whole report.
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(text)
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_in_place(target: Path, text: str) -> None:
    """Write to a device or FIFO; a FIFO nobody reads is an error at once, not a hang."""
    import fcntl

    descriptor = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
    fcntl.fcntl(descriptor, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)  # a reader is there: block as usual
    with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as stream:
        stream.write(text)


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
            from linter.filepaths import display_path

            reason = f"cannot write the report: {error.strerror or error}"
            result.errors.append(UsageError(reason, display_path(destination)))
            continue
        written.append(destination)
    return written
