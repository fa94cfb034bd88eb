"""Run the command line in the test's own process: fast enough for mutation runs, same exit codes."""

from __future__ import annotations

import gc
import sys

import pytest


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``commerce-lint ARGS`` in this process: (exit code, stdout, stderr)."""
    from linter.cli import main

    monkeypatch.setattr(sys, "argv", ["commerce-lint", *args])
    with pytest.raises(SystemExit) as done:
        main()
    gc.unfreeze()  # the command freezes the heap as it ends (the engine's policy); a test goes on
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err
