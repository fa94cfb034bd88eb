"""Odd inputs through the CLI: one line naming the file (and line), exit 2, every other instance still
checked and every report still written; never a traceback, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, cli_environment, run_cli

REPORTS = ("json", "sarif", "junit", "html", "markdown")


def _fleet(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    return fleet


def _report_flags(tmp_path: Path) -> list[str]:
    return [flag for name in REPORTS for flag in ("--format", f"{name}={tmp_path / ('out.' + name)}")]


def _assert_one_error_and_every_report(
    done: subprocess.CompletedProcess[str], tmp_path: Path, *expected: str, instances: int = 3
) -> str:
    """Exit 2, exactly one error line holding ``expected``, the fleet checked, every report written."""
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    for text in expected:
        assert text in errors[0], errors[0]
    assert f"{instances} instances checked" in done.stdout, done.stdout
    for name in REPORTS:
        assert (tmp_path / f"out.{name}").stat().st_size > 0, name
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["findings"], "the other instances' findings are reported"
    json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    return errors[0]


# ------------------------------------------------------------------------------------------ --baseline


def _baseline_deep(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def _baseline_long_number(path: Path) -> None:
    path.write_text('{"format": "commerce-lint-baseline/1",\n"entries": [],\n"n": ' + "9" * 5000 + "}\n")


BASELINES: list[tuple[str, Callable[[Path], None], str]] = [
    ("deep", _baseline_deep, "nested too deeply"),
    ("long-number", _baseline_long_number, "baseline.json:3: invalid baseline JSON: a number with too many"),
    ("fifo", os.mkfifo, "not a regular file"),
    ("directory", Path.mkdir, "is a directory"),
    ("not-json", lambda p: p.write_text("nope\n"), "baseline.json:1: invalid baseline JSON"),
    ("wrong-shape", lambda p: p.write_text("[1, 2]\n"), "not a commerce-lint baseline"),
    ("binary", lambda p: p.write_bytes(b'{"a": 1}\x00'), "binary file"),
]


@pytest.mark.parametrize(("name", "make", "expected"), BASELINES, ids=[case[0] for case in BASELINES])
def test_a_bad_baseline_is_one_line_and_the_run_still_completes(
    tmp_path: Path, name: str, make: Callable[[Path], None], expected: str
) -> None:
    fleet = _fleet(tmp_path)
    baseline = tmp_path / "baseline.json"
    make(baseline)
    done = run_cli(
        "check", str(fleet), "--baseline", str(baseline), "--format", "text", *_report_flags(tmp_path)
    )
    _assert_one_error_and_every_report(done, tmp_path, "baseline.json", expected)


def test_baseline_entries_of_the_wrong_types_are_left_out(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    baseline = tmp_path / "baseline.json"
    entries = [{"fingerprint": ["not", "text"]}, {"fingerprint": "0" * 16, "message": {"a": [1]}, "paths": 3}]
    baseline.write_text(json.dumps({"format": "commerce-lint-baseline/1", "entries": entries}))
    done = run_cli("check", str(fleet), "--baseline", str(baseline), "--format", "json")
    assert done.returncode == 1, done.stderr
    gone = json.loads(done.stdout)["baseline"]["gone"]
    assert gone == [{"fingerprint": "0" * 16, "paths": []}]


def test_baseline_text_is_shown_escaped(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    baseline = tmp_path / "baseline.json"
    entry = {"fingerprint": "0" * 16, "rule": "R", "message": "gone\n\u001b[31mred"}
    baseline.write_text(json.dumps({"format": "commerce-lint-baseline/1", "entries": [entry]}))
    done = run_cli("check", str(fleet), "--baseline", str(baseline))
    assert done.returncode == 1, done.stderr
    assert "  R fleet: gone\\n\\x1b[31mred\n" in done.stdout and "\x1b" not in done.stdout


# ------------------------------------------------------------------------------------ names and values


def _parse_every_report(tmp_path: Path) -> dict[str, object]:
    for name in REPORTS:
        assert (tmp_path / f"out.{name}").stat().st_size > 0, name
        (tmp_path / f"out.{name}").read_text(encoding="utf-8")  # strictly UTF-8
    json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    ET.parse(tmp_path / "out.junit")
    report: dict[str, object] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    return report


def test_a_directory_name_that_is_not_utf8_is_checked_and_shown_escaped(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    odd = os.path.join(os.fsencode(fleet), b"bad\xff")
    os.mkdir(odd)
    shutil.copy(EXAMPLES / "fleet" / "dev" / "env.yaml", os.path.join(odd, b"env.yaml"))
    done = run_cli("check", str(fleet), "--format", "text", *_report_flags(tmp_path))
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert "4 instances checked" in done.stdout
    assert "fleet/bad\\xff/env.yaml:11:9: error CSC-KEYPAIR-COMPLETE" in done.stdout
    report = _parse_every_report(tmp_path)
    assert "bad\\xff" in [instance["name"] for instance in report["instances"]]  # type: ignore[attr-defined]


def test_a_directory_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    odd = fleet / "new\nline"
    odd.mkdir()
    shutil.copy(EXAMPLES / "fleet" / "dev" / "env.yaml", odd / "env.yaml")
    (odd / "config.yaml").write_text("- not a mapping\n")
    done = run_cli("check", str(fleet), "--format", "text", *_report_flags(tmp_path))
    # Its env.yaml is read: one unreadable file does not drop the instance (issue 15), so four are checked.
    error = _assert_one_error_and_every_report(done, tmp_path, "new\\nline/config.yaml:1", instances=4)
    assert error.startswith("commerce-lint: error: ")
    _parse_every_report(tmp_path)
    missing = run_cli("check", str(tmp_path / "no\nsuch"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no\\nsuch" in missing.stderr


def test_a_lone_surrogate_in_json_is_checked_and_every_format_is_written(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    odd = fleet / "odd"
    odd.mkdir()
    (odd / "env.json").write_text(
        '{"crypt": {"key": "\\ud800secretvalue"}, "\\udc80key": {"a": 1},\n'
        ' "system": {"default": {"payment": {"payment_methods": {"method": "live\\ud800"}}}}}\n'
    )
    done = run_cli("check", str(fleet), "--format", "text", *_report_flags(tmp_path))
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert "4 instances checked" in done.stdout
    assert (
        "fleet/odd/env.json:2:57: error PS-METHOD-VALUE payment/payment_methods/method is 'live\\ud800'"
        in (done.stdout)
    )
    report = _parse_every_report(tmp_path)
    messages = [finding["message"] for finding in report["findings"]]  # type: ignore[attr-defined]
    assert any("'live\\ud800'" in message for message in messages)  # shown as the text \ud800, as elsewhere
    for name in ("github", "junit"):
        other = run_cli("check", str(fleet), "--format", name)
        assert other.returncode == 1 and "Traceback" not in other.stderr, other.stderr
    outputs = [done.stdout, *((tmp_path / f"out.{name}").read_text() for name in REPORTS)]
    assert not any("secretvalue" in text for text in outputs)


# ------------------------------------------------------------------------------ the settings inventory

INVENTORY_PATTERNS: list[tuple[str, list[str], str]] = [
    (
        "absolute",
        ["fleet/dev/config.yaml", "{root}/fleet/dev/env.yaml"],
        "is absolute; patterns are relative to",
    ),
    ("empty", ["fleet/dev/config.yaml", ""], "is not a usable glob"),
    ("dot", ["fleet/dev/config.yaml", "."], "is not a usable glob"),
    ("double-star-in-a-name", ["fleet/dev/config.yaml", "fleet/a**/env.yaml"], "is not a usable glob"),
    (
        "unknown-layer",
        ["fleet/dev/config.yaml", "fleet/dev/notes.txt"],
        "cannot tell the layer of fleet/dev/notes",
    ),
    ("matches-nothing", ["fleet/nowhere/*.yaml", "fleet/dev/*.yml"], "instance odd: no file matches"),
    ("only-a-manifest", ["fleet/production/instance.yaml"], "no file matches but its manifest"),
]


@pytest.mark.parametrize(
    ("name", "patterns", "expected"), INVENTORY_PATTERNS, ids=[case[0] for case in INVENTORY_PATTERNS]
)
def test_a_bad_inventory_pattern_names_the_settings_line_and_the_rest_is_checked(
    tmp_path: Path, name: str, patterns: list[str], expected: str
) -> None:
    _fleet(tmp_path)
    (tmp_path / "fleet" / "dev" / "notes.txt").write_text("a: 1\n")
    (tmp_path / ".git").mkdir()  # the settings search stops here
    odd = "".join(f"      - {json.dumps(pattern.format(root=tmp_path))}\n" for pattern in patterns)
    (tmp_path / "commerce-lint.yaml").write_text(
        "instances:\n"
        "  - name: staging\n    environment_type: staging\n    files: [fleet/staging/*]\n"
        f"  - name: odd\n    files:\n{odd}"
        "  - name: production\n    files: [fleet/production/*]\n"
    )
    done = run_cli("check", "--format", "text", *_report_flags(tmp_path), cwd=tmp_path)
    line = ":7:" if name in ("matches-nothing", "only-a-manifest") else ":8:"
    _assert_one_error_and_every_report(done, tmp_path, "commerce-lint.yaml" + line, expected, instances=2)


# ------------------------------------------------------------------------------------ SOURCE_DATE_EPOCH


@pytest.mark.parametrize("value", ["9" * 30, "-5", "soon", "1e10", "\u00b2"])
def test_an_unusable_source_date_epoch_is_one_line_and_the_reports_are_written(
    tmp_path: Path, value: str
) -> None:
    fleet = _fleet(tmp_path)
    env = {"SOURCE_DATE_EPOCH": value}
    done = run_cli("check", str(fleet), "--format", "text", *_report_flags(tmp_path), env=env)
    error = _assert_one_error_and_every_report(done, tmp_path, "SOURCE_DATE_EPOCH=")
    assert "current time" in error
    audit = run_cli("report", str(fleet), "-o", str(tmp_path / "audit.html"), env=env)
    assert audit.returncode == 2 and "Traceback" not in audit.stderr
    assert audit.stderr.count("SOURCE_DATE_EPOCH=") == 1 and (tmp_path / "audit.html").stat().st_size


def test_the_latest_usable_source_date_epoch_is_stated(tmp_path: Path) -> None:
    done = run_cli(
        "report", str(EXAMPLES / "fleet"), "-o", str(tmp_path / "a.md"), "-f", "markdown",
        env={"SOURCE_DATE_EPOCH": "253402300799"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "9999-12-31T23:59:59Z" in (tmp_path / "a.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ rule folders

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_read_override() -> None:
    """In the child, before exec: root loses the capabilities that let it read what mode 000 forbids.

    The suite runs as root, for whom chmod stops nothing; dropping them from the bounding set makes the
    exec'd interpreter start without them. Failing here fails the test: it never passes by not running.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``run_cli``, but file modes bind even when the suite runs as root."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd,
        env=cli_environment({"COMMERCE_LINT_CACHE_DIR": ""}),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_read_override if os.geteuid() == 0 else None,
    )


def _rule_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    (folder / "sub").mkdir(parents=True)
    bundled = (EXAMPLES.parent / "rules" / "payments" / "PS-METHOD-VALUE.yaml").read_text(encoding="utf-8")
    (folder / "X-KEPT.yaml").write_text(bundled.replace("id: PS-METHOD-VALUE", "id: X-KEPT"))
    (folder / "sub" / "X-LOST.yaml").write_text(bundled.replace("id: PS-METHOD-VALUE", "id: X-LOST"))
    return folder


UNREADABLE: list[tuple[str, str, str]] = [
    ("subfolder", "rules/sub", "rules/sub: cannot read rule folder: Permission denied"),
    ("rule-file", "rules/sub/X-LOST.yaml", "rules/sub/X-LOST.yaml: permission denied"),
    ("folder", "rules", "rules: cannot read rule folder: Permission denied"),
]


@pytest.mark.parametrize(("name", "target", "expected"), UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_an_unreadable_rule_folder_or_file_is_one_line_and_the_other_rules_run(
    tmp_path: Path, name: str, target: str, expected: str
) -> None:
    _fleet(tmp_path)
    _rule_folder(tmp_path)
    (tmp_path / target).chmod(0)
    try:
        flags = ["--rules", "rules", "--format", "text", *_report_flags(tmp_path)]
        done = _run_unprivileged("check", "fleet", *flags, cwd=tmp_path)
        listed = _run_unprivileged("rules", "list", "--rules", "rules", cwd=tmp_path)
    finally:
        (tmp_path / target).chmod(0o755)
    _assert_one_error_and_every_report(done, tmp_path, expected)
    rules = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["tool"]["driver"]["rules"]
    ids = {rule["id"] for rule in rules}
    assert "PS-METHOD-VALUE" in ids and "X-LOST" not in ids
    assert ("X-KEPT" in ids) is (name != "folder")
    assert listed.returncode == 2 and expected in listed.stderr and "Traceback" not in listed.stderr


def test_rules_naming_a_file_is_one_line_and_the_fleet_is_still_checked(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    flags = ["--rules", str(fleet / "dev" / "env.yaml"), "--format", "text", *_report_flags(tmp_path)]
    done = run_cli("check", str(fleet), *flags)
    _assert_one_error_and_every_report(done, tmp_path, "dev/env.yaml: is a file, not a rule folder")


def test_a_duplicate_rule_id_is_one_line_and_the_first_rule_still_runs(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    folder = _rule_folder(tmp_path)
    (folder / "sub" / "X-LOST.yaml").write_text((folder / "X-KEPT.yaml").read_text())
    done = run_cli("check", str(fleet), "--rules", str(folder), "--format", "text", *_report_flags(tmp_path))
    _assert_one_error_and_every_report(done, tmp_path, "X-LOST.yaml:1: duplicate rule id X-KEPT")


# --------------------------------------------------------------------------------------- instance JSON

LONG = "9" * 5000


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "env.json",
            '{"system": {"default":\n {"x": ' + LONG + "}}}\n",
            "odd/env.json:2: invalid JSON: a number",
        ),
        (
            "environment.json",
            '{\n"CONFIG__DEFAULT__X": ' + LONG + "}\n",
            "odd/environment.json:2:23: invalid JSON",
        ),
    ],
    ids=["env.json", "environment.json"],
)
def test_a_number_too_long_for_python_is_one_line_naming_the_line(
    tmp_path: Path, file: str, text: str, expected: str
) -> None:
    fleet = _fleet(tmp_path)
    (fleet / "odd").mkdir()
    (fleet / "odd" / file).write_text(text)
    done = run_cli("check", str(fleet), "--format", "text", *_report_flags(tmp_path))
    _assert_one_error_and_every_report(done, tmp_path, expected)


def test_a_manifest_name_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    (fleet / "production" / "instance.yaml").write_text(
        'name: "prod\\nuction\\u001b[31m"\nenvironment_type: production\n'
    )
    done = run_cli("check", str(fleet))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "\nprod\\nuction\\x1b[31m (production, from manifest" in done.stdout
    assert "\x1b" not in done.stdout


def test_a_report_that_cannot_be_written_is_one_line_and_the_others_are_written(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    (tmp_path / "a-file").write_text("in the way\n")
    blocked = ["--format", f"junit={tmp_path / 'a-file' / 'out.xml'}"]
    done = run_cli("check", str(fleet), *blocked, "--format", "text", *_report_flags(tmp_path))
    _assert_one_error_and_every_report(done, tmp_path, "a-file/out.xml: cannot write the report")
    audit = run_cli("report", str(fleet), "-o", str(tmp_path / "a-file" / "audit.html"))
    assert audit.returncode == 2 and "cannot write the report" in audit.stderr
    assert "wrote" not in audit.stdout and "Traceback" not in audit.stderr


# ------------------------------------------------------------------------------------------- settings


def test_a_settings_file_that_is_a_fifo_is_one_line_and_never_blocks(tmp_path: Path) -> None:
    fleet = _fleet(tmp_path)
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "commerce-lint.yaml")
    found = run_cli("check", str(fleet), cwd=tmp_path)  # found upward: an error, not silently skipped
    assert found.returncode == 2 and "commerce-lint.yaml: not a regular file" in found.stderr
    named = run_cli("check", str(fleet), "--config", str(tmp_path / "commerce-lint.yaml"))
    assert named.returncode == 2 and "settings file not a regular file" in named.stderr
    for done in (found, named):
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_settings_file_with_a_nul_byte_names_its_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "commerce-lint.yaml").write_bytes(b"fail_on: error\npaths: [a]\x00\n")
    done = run_cli("check", str(_fleet(tmp_path)), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "commerce-lint: error: commerce-lint.yaml:2: binary file (contains a NUL byte)"
    ]
