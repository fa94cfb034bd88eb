"""Write files safely: through a temporary file, never over one of the run's inputs, devices in place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from linter.errors import UsageError
from linter.textsafe import visible


def identities(path: str | Path, resolve: bool = False) -> set[tuple[int, int]]:
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
        for identity in identities(destination, resolve=True)
    }
    if not wanted:  # no destination exists yet, so none is an input file
        return
    for path in inputs:
        for key in identities(path):
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
