"""How a run uses the terminal: colour (``--color``, ``NO_COLOR``, ``FORCE_COLOR``), quiet, and progress.

The command line chooses once per command (``configure``); the text reporter and the progress display
ask here. rich is imported only when colour or a progress display is actually drawn: a pre-commit run
on a pipe never pays for it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

AUTO, ALWAYS, NEVER = "auto", "always", "never"
COLOR_CHOICES = (AUTO, ALWAYS, NEVER)
PROGRESS_AFTER = 1.0  # seconds: a run shorter than this never draws (nor imports rich)

# The command's choice: process-wide, as the command line is. Reset by every command.
_CHOICE: dict[str, Any] = {"color": AUTO, "quiet": False}


def configure(color: str = AUTO, quiet: bool = False) -> None:
    """Record the command's ``--color`` and ``--quiet`` for the reporters and the progress display."""
    if color not in COLOR_CHOICES:
        raise ValueError(f"color is one of {', '.join(COLOR_CHOICES)}, not {color!r}")
    _CHOICE["color"], _CHOICE["quiet"] = color, quiet


def quiet() -> bool:
    """True when only findings should be written: no summary, no notices."""
    return bool(_CHOICE["quiet"])


def colour(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to write colour to ``stream``.

    ``--color always`` and ``never`` decide alone. Under ``auto``: ``NO_COLOR`` (set and not empty, as
    no-color.org says) turns colour off, else ``FORCE_COLOR`` (set and not empty, force-color.org)
    turns it on, else colour only on a terminal.
    """
    choice = _CHOICE["color"]
    if choice != AUTO:
        return bool(choice == ALWAYS)
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream)


def console(stream: TextIO) -> Any:
    """A rich Console for ``stream`` that colours, whatever rich would guess from the environment."""
    from rich.console import Console

    # rich reads NO_COLOR and FORCE_COLOR itself; the decision was made above, so it is passed in.
    return Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        force_terminal=True,
        no_color=False,
        color_system="standard",
    )


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):  # a closed stream
        return False


def progress_wanted(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """A progress display only for a person at a terminal: never in CI logs, pipes, files or ``-q``."""
    if quiet() or environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


class Progress:
    """Instances checked so far, drawn on ``stream`` once a run has taken ``delay`` seconds.

    Called by the engine after each instance as ``progress(done, total)``; drawn only from those calls
    (no refresh thread: the engine forks its workers, and a thread holding a lock must not be forked).
    """

    __slots__ = ("_bar", "_clock", "_delay", "_enabled", "_started", "_stream", "_task", "drawn")

    def __init__(
        self,
        stream: TextIO | None = None,
        environ: Mapping[str, str] = os.environ,
        delay: float = PROGRESS_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = progress_wanted(self._stream, environ)
        self._delay = delay
        self._clock = clock
        self._started = clock()
        self._bar: Any = None
        self._task: Any = None
        self.drawn = 0  # how many times the display was drawn (for tests and the bench)

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if self._clock() - self._started < self._delay:
                return
            self._open(total)
        self._bar.update(self._task, completed=done, total=total)
        self._bar.refresh()
        self.drawn += 1

    def _open(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        out = Console(file=self._stream, force_terminal=True, highlight=False)
        self._bar = Progress(
            TextColumn("checking instances"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=out,
            auto_refresh=False,
            transient=True,  # gone when the run ends: the findings follow on a clean terminal
        )
        self._bar.start()
        self._task = self._bar.add_task("check", total=total)

    def close(self) -> None:
        """Remove the display (if it was drawn) before the report is written."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
