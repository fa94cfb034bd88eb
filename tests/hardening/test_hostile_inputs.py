"""Hostile inputs through the CLI: one clear line naming the file, exit 2, no traceback, others still
checked, bounded time and memory."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, cli_environment, run_cli


def _bomb(path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n")


def _deep_yaml(path: Path) -> None:
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n")


def _deep_json(path: Path) -> None:
    path.with_suffix(".json").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    path.unlink(missing_ok=True)


def _huge(path: Path) -> None:
    path.write_text("a: '" + "x" * (17 * 1024 * 1024) + "'\n")


def _directory(path: Path) -> None:
    path.mkdir()


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _php_heredoc(path: Path) -> None:
    path.with_name("env.php").write_text("<?php\nreturn ['a' => <<<EOT\nnever closed\n];\n")


def _php_construct(path: Path) -> None:
    path.with_name("env.php").write_text("<?php\nreturn ['a' => shell_exec('rm -rf /') . `id`];\n")


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("alias-bomb", _bomb, "alias"),
    ("deep-yaml", _deep_yaml, "nesting"),
    ("deep-json", _deep_json, "nesting"),
    ("huge", _huge, "limit"),
    ("directory", _directory, "directory"),
    ("symlink-loop", _symlink_loop, "env.yaml"),
    ("fifo", _fifo, "not a regular file"),
    ("nul", lambda p: p.write_bytes(b"a: 1\n\x00"), "binary"),
    ("invalid-utf8", lambda p: p.write_bytes(b"a: '\xc3\x28'\n"), "UTF-8"),
    ("empty", lambda p: p.write_bytes(b""), "empty"),
    ("not-a-mapping", lambda p: p.write_text("just a string\n"), "not a mapping"),
    ("tab-indent", lambda p: p.write_text("a:\n\tb: 1\n"), "invalid YAML"),
    ("php-unterminated-heredoc", _php_heredoc, "heredoc"),
    ("php-outside-subset", _php_construct, "env.php"),
]


MEMORY_BOUND = 256 * 2**20  # checking the example fleet takes about 35 MiB; an alias bomb, unchecked, GiBs


def _run_with_peak_memory(*args: str, limit: float = 60) -> tuple[subprocess.CompletedProcess[str], int]:
    """``run_cli``, plus the run's peak resident memory in bytes, measured by bench/launch.py.

    Not from this process's own ``wait4``: on Linux a child's ``ru_maxrss`` also counts the process
    that started it, and pytest may by now hold more memory than the bound.
    """
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "usage.json"
        command = [sys.executable, str(ROOT / "bench" / "launch.py"), str(report)]
        command += [sys.executable, "-m", "linter", *args]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=cli_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a timeout kills the launcher and the run it started
        )
        try:
            stdout, stderr = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        usage = json.loads(report.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(args, usage["exit_code"], stdout, stderr), usage["max_rss"]


@pytest.mark.parametrize(("name", "make", "expected"), CASES, ids=[case[0] for case in CASES])
def test_hostile_file_is_one_line_and_the_fleet_is_still_checked(
    tmp_path: Path, name: str, make: Callable[[Path], None], expected: str
) -> None:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    hostile = fleet / "hostile"
    hostile.mkdir()
    target = hostile / "env.yaml"
    make(target)
    if name.startswith("php"):
        target.unlink(missing_ok=True)
    started = time.monotonic()
    done, peak = _run_with_peak_memory("check", str(fleet))
    assert time.monotonic() - started < 30
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MiB"
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    assert "hostile/env." in errors[0] and expected in errors[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert "CSC-PRIVATE-KEY-PEM" in done.stdout  # the other instances were checked


def test_bom_and_crlf_are_read_normally(tmp_path: Path) -> None:
    instance = tmp_path / "staging"
    instance.mkdir()
    text = "system:\r\n  default:\r\n    payment:\r\n      payment_methods:\r\n        method: live\r\n"
    (instance / "env.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    done = run_cli("check", str(instance))
    assert done.returncode == 1
    assert "env.yaml:5:9: error PS-METHOD-VALUE" in done.stdout


def test_symlink_loop_in_a_scanned_directory(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    (fleet / "loop").symlink_to(fleet)
    done = run_cli("check", str(fleet))
    assert done.returncode == 1 and "3 instances checked" in done.stdout


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    done = run_cli("check", str(EXAMPLES / "fleet"), "--max-file-size", "100")
    assert done.returncode == 2
    assert "over the 100-byte limit" in done.stderr


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("([a-z", "invalid regular expression"), ("(a)\\1", "no backreferences")],
)
def test_rule_file_with_a_bad_regular_expression(tmp_path: Path, pattern: str, message: str) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "X-REGEX.yaml").write_text(
        "id: X-REGEX\ntitle: Regex rule\nseverity: error\nlevel: instance\nrationale: testing regexes\n"
        "source: [{document: test}]\nremediation: fix the pattern\ncheck:\n  cases:\n"
        f"    - fail_if: {{matches: {{path: a/b/c, pattern: '{pattern}'}}}}\n      message: m\n"
        "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"
    )
    done = run_cli("check", str(EXAMPLES / "fleet"), "--rules", str(folder))
    assert done.returncode == 2
    assert "X-REGEX.yaml:10:" in done.stderr and message in done.stderr


def test_settings_file_of_the_wrong_shape(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "commerce-lint.yaml").write_text("- a list\n- not a mapping\n")
    done = run_cli("check", str(EXAMPLES / "fleet"), cwd=tmp_path)
    assert done.returncode == 2
    assert "commerce-lint.yaml:1" in done.stderr and "Traceback" not in done.stderr


def test_rule_file_that_is_not_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "X-BIN.yaml").write_bytes(b"\x00\x01\x02")
    done = run_cli("rules", "list", "--rules", str(folder))
    assert done.returncode == 2 and "X-BIN.yaml:1: binary file" in done.stderr


def test_fleet_rule_whose_condition_cannot_be_evaluated_fails_at_load(tmp_path: Path) -> None:
    # `changed` needs a before state, which no fleet rule has: once a finding at run time for every
    # instance, now an error naming the rule file and line, before any instance is read.
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "X-FLEET.yaml").write_text(
        "id: X-FLEET\ntitle: Broken fleet rule\nseverity: error\nlevel: fleet\nrationale: testing errors\n"
        "source: [{document: test}]\nremediation: fix the condition\ncheck:\n  fleet:\n    kind: unique\n"
        "    path: services_connector/services_id/environment_id\n"
        "    where: {changed: [services_connector/services_id/environment_id]}\n    message: m\n"
        "examples: [{name: a, expect: pass}, {name: b, expect: fail, fleet: {x: {}}}]\n"
    )
    done = run_cli("check", str(EXAMPLES / "fleet"), "--rules", str(folder), "--select", "X-*")
    assert done.returncode == 2 and "Traceback" not in done.stderr + done.stdout
    problem = "X-FLEET.yaml:12: check/fleet/where/changed: 'changed' needs a before state"
    assert problem in done.stderr
    tested = run_cli("rules", "test", str(folder))
    assert tested.returncode == 2 and problem in tested.stderr
