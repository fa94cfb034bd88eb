"""An option given an empty or absurd value is a usage error, never the option left out in silence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

FLEET = str(EXAMPLES / "fleet")


@pytest.mark.parametrize(
    "args",
    [
        ["--base", ""],  # `--base "$TARGET_BRANCH"` with the variable unset: no change rule would run
        ["--before", " "],
        ["--baseline", ""],
        ["--config", ""],
        ["--rules", ""],
        ["--levels", ""],
        ["--levels", ","],
        ["--select", ""],
        ["--ignore", " , "],
        ["--max-file-size", "99999999999999999999999"],
    ],
)
def test_an_empty_or_absurd_value_is_a_usage_error(args: list[str]) -> None:
    done = run_cli("check", FLEET, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert "needs a value" in done.stderr or "is not in the range" in done.stderr, done.stderr


@pytest.mark.parametrize("value", ["99999999999999999999999", "1.0e+30"])
def test_an_absurd_max_file_size_in_the_settings_is_a_settings_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "commerce-lint.yaml").write_text(f"max_file_size: {value}\n")
    done = run_cli("check", FLEET, cwd=tmp_path)
    assert done.returncode == 2 and "commerce-lint.yaml:1: invalid settings: max_file_size" in done.stderr, (
        done.stderr
    )


@pytest.mark.parametrize(
    ("owner", "reason"), [(" ", "   "), ("\u200b", "\u200b\u200b\u200b"), ("ops", "..."), ("", "ok")]
)
def test_a_waiver_needs_a_real_owner_and_reason(tmp_path: Path, owner: str, reason: str) -> None:
    waiver = {"rule": "*", "instance": "*", "owner": owner, "reason": reason, "expires": "9999-12-31"}
    (tmp_path / "commerce-lint.yaml").write_text(f"waivers: [{json.dumps(waiver)}]\n")
    done = run_cli("check", FLEET, cwd=tmp_path)
    assert done.returncode == 2 and "invalid settings: waivers/0/" in done.stderr, done.stdout + done.stderr


def test_a_format_to_dash_is_standard_output(tmp_path: Path) -> None:
    done = run_cli("check", FLEET, "--format", "json=-", cwd=tmp_path)
    assert done.returncode == 1 and json.loads(done.stdout)["findings"], done.stderr
    assert not (tmp_path / "-").exists()
