"""The terminal through the command line: -q, -v, --color with NO_COLOR/FORCE_COLOR, and progress on a TTY."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter import terminal
from tests.conftest import ROOT
from tests.support.inprocess import run_main

FLEET = "examples/fleet"
ESC = "\x1b["


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(ROOT)
    yield
    terminal.configure()  # the next test starts from the defaults, as a new process would


def test_quiet_prints_findings_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, full, _ = run_main(monkeypatch, capsys, "check", FLEET)
    quiet_code, quiet, err = run_main(monkeypatch, capsys, "check", FLEET, "-q")
    assert quiet_code == code == 1
    assert "instances checked" in full.splitlines()[-1]
    assert "instances checked" not in quiet and quiet.strip()
    findings = [line for line in full.splitlines() if ": error " in line or ": warning " in line]
    assert findings and all(line in quiet.splitlines() for line in findings)
    assert quiet.splitlines() == full.splitlines()[: len(quiet.splitlines())]  # the same lines, cut short
    assert err == ""


def test_quiet_with_nothing_found_prints_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run_main(
        monkeypatch, capsys, "check", f"{FLEET}/production", "--select", "CSC-API-KEY-SHAPE", "-q"
    )
    assert (code, out, err) == (0, "", "")


def test_quiet_drops_notices_but_not_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    instance = tmp_path / "shop" / "app" / "etc"
    instance.mkdir(parents=True)
    (instance / "env.php").write_text(
        "<?php\nreturn [\n    'db' => [\n        'host' => 'x',\n", encoding="utf-8"
    )
    code, _out, err = run_main(monkeypatch, capsys, "check", str(tmp_path / "shop"), "-q", "--jobs", "999")
    assert code == 2
    assert "env.php:" in err and "error:" in err  # the input error: one line naming the file
    assert "warning:" not in err  # the --jobs cap notice is a notice
    loud = run_main(monkeypatch, capsys, "check", str(tmp_path / "shop"), "--jobs", "999")
    assert "warning: --jobs 999" in loud[2]


def test_quiet_and_verbose_together_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "check", FLEET, "-q", "-v")
    assert code == 2 and "--quiet and --verbose" in err and out == ""


def test_verbose_says_settings_rule_folders_and_how_types_were_known(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = tmp_path / "more-rules"
    extra.mkdir()
    code, out, err = run_main(monkeypatch, capsys, "check", FLEET, "-v", "--rules", str(extra))
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "commerce-lint: settings: none found (defaults)"
    assert f"{ROOT / 'rules'} (bundled), {extra}" in lines[1]
    assert "instance production (examples/fleet/production): type production (from manifest" in err
    assert "instance dev (examples/fleet/dev): type development (from directory name" in err
    assert "commerce-lint: rule folders" not in out and "type production" not in out


def test_report_quiet_and_verbose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "audit.html"
    code, out, err = run_main(monkeypatch, capsys, "report", FLEET, "-o", str(target), "-q")
    assert (code, out, err) == (0, "", "") and target.stat().st_size > 10_000
    code, out, err = run_main(monkeypatch, capsys, "report", FLEET, "-o", str(target), "-v")
    assert code == 0 and "wrote" in out and "type staging (from directory name" in err


@pytest.mark.parametrize(
    ("args", "environ", "coloured"),
    [
        ((), {}, False),  # a pipe: no colour
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"NO_COLOR": "1"}, False),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
        ((), {"FORCE_COLOR": ""}, False),  # set but empty: not forced
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # --color always wins over both
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--color", "ALWAYS"), {}, True),
    ],
)
def test_colour_choice(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    environ: dict[str, str],
    coloured: bool,
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run_main(monkeypatch, capsys, "check", FLEET, *args)
    assert code == 1
    assert (ESC in out) is coloured
    plain = run_main(monkeypatch, capsys, "check", FLEET, "--color", "never")[1]
    if coloured:  # the same words, only styled
        import re

        assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain


def test_colour_never_goes_into_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    run_main(monkeypatch, capsys, "check", FLEET, "--format", f"json={tmp_path / 'r.json'}")
    assert ESC not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_bad_color_value_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_main(monkeypatch, capsys, "check", FLEET, "--color", "rainbow")
    assert code == 2 and "rainbow" in err


# Progress: a real process on a real pseudo-terminal, with a fleet that takes more than a second.


@pytest.fixture(scope="module")
def slow_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate

    out = tmp_path_factory.mktemp("fleet") / "fleet"
    generate(out, 300, "yaml", 7)
    return out


def _on_a_pty(args: list[str], environ: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run ``python -m linter ARGS`` with stderr (and stdin, stdout) on a pseudo-terminal."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")} | environ
    process = subprocess.Popen(
        [sys.executable, "-m", "linter", *args],
        stdin=follower,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=cwd,
        env=env | {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"},
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=60), seen.decode("utf-8", "replace")


def test_progress_on_a_terminal_only(slow_fleet: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    args = ["check", str(slow_fleet), "--jobs", "1", "--format", f"json={report}"]
    code, shown = _on_a_pty(args, {}, tmp_path)
    assert code in (0, 1), shown[-2000:]
    assert "checking instances" in shown and "/300" in shown
    assert report.stat().st_size > 1000
    code, in_ci = _on_a_pty(args, {"CI": "true"}, tmp_path)
    assert code in (0, 1) and "checking instances" not in in_ci
    code, hushed = _on_a_pty([*args, "-q"], {}, tmp_path)
    assert code in (0, 1) and "checking instances" not in hushed
    piped = subprocess.run(
        [sys.executable, "-m", "linter", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert piped.returncode in (0, 1) and "checking instances" not in piped.stderr and ESC not in piped.stderr


class _Terminal:
    """A stream that says it is a terminal and keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_waits_a_second_then_draws() -> None:
    now = [0.0]
    stream = _Terminal()
    progress = terminal.Progress(stream, {}, delay=1.0, clock=lambda: now[0])  # type: ignore[arg-type]
    progress(1, 10)
    now[0] = 0.9
    progress(2, 10)
    assert progress.drawn == 0 and stream.text == ""
    now[0] = 1.2
    progress(3, 10)
    progress(4, 10)
    assert progress.drawn == 2 and "4/10" in stream.text
    progress.close()
    progress.close()  # twice is harmless


@pytest.mark.parametrize("environ", [{"CI": "1"}, {"TERM": "dumb"}])
def test_progress_never_in_ci_or_on_a_dumb_terminal(environ: dict[str, str]) -> None:
    stream = _Terminal()
    progress = terminal.Progress(stream, environ, delay=0.0)  # type: ignore[arg-type]
    progress(5, 10)
    assert progress.drawn == 0 and stream.text == ""


def test_a_one_instance_check_imports_no_rich() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "linter", "check", f"{FLEET}/dev"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)},
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "linter.terminal" in imported
    assert not [name for name in imported if name.split(".")[0] == "rich"]
