"""An instance renamed with its folder in the same change is still judged as that instance: the gate
must not pass a key rotation plus a data-space switch as one removal and one addition."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "fleet"
OLD_SPACE = "da7a5bac-e001-4001-8001-000000000001"
NEW_SPACE = "da7a5bac-e001-4001-8001-0000000000ff"


def _rotated(text: str) -> str:
    """The production instance's env.yaml with both halves of its production pair replaced and its
    data space switched."""
    lines = []
    for line in text.replace(OLD_SPACE, NEW_SPACE).splitlines(keepends=True):
        if "production_api_key:" in line:
            line = line.split(":", 1)[0] + ": rotatedrotatedrotatedrotated0001\n"
        if "production_private_key:" in line:
            line = line.split(":", 1)[0] + ": '0:3:AAECAwQFBgcICQoLnotthesamekeynotthesamekey0000'\n"
        lines.append(line)
    return "".join(lines)


def _states(tmp_path: Path, renames: dict[str, str]) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(EXAMPLES, before)
    shutil.copytree(EXAMPLES, after)
    for state in (before, after):  # named by their folders, as most fleets are: no manifest
        (state / "production" / "instance.yaml").unlink()
    for old, new in renames.items():
        (after / old).rename(after / new)
    return before, after


def _check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], after: Path, before: Path):
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        str(after),
        "--before",
        str(before),
        "--levels",
        "change",
        "--format",
        "json",
    )
    return code, {finding["rule"] for finding in json.loads(out)["findings"]}, err


def test_a_renamed_production_instance_with_rotated_keys_and_a_new_data_space_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _states(tmp_path, {"production": "prod-eu"})
    env = after / "prod-eu" / "env.yaml"
    env.write_text(_rotated(env.read_text()))
    code, rules, err = _check(monkeypatch, capsys, after, before)
    assert code == 1, err
    assert "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE" in rules
    assert "CHG-PRODUCTION-INSTANCE-REMOVED" not in rules  # it was renamed, not removed


def test_a_rename_alone_is_no_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _states(tmp_path, {"production": "prod-eu"})
    code, rules, err = _check(monkeypatch, capsys, after, before)
    assert (code, rules) == (0, set()), err


def test_two_instances_gone_and_two_new_are_not_guessed_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _states(tmp_path, {"production": "prod-eu", "staging": "stage-eu"})
    _, rules, err = _check(monkeypatch, capsys, after, before)
    assert "CHG-PRODUCTION-INSTANCE-REMOVED" in rules, err
