"""The new outputs under attack: control characters and undecodable bytes in names, secrets, bad input."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.result import LintResult
from tests.conftest import EXAMPLES, run_cli
from tests.hardening.test_output_safety import RAW, _hostile_fleet
from tests.reporters.conftest import render
from tests.reporters.test_no_secrets import secrets

NEW = ("codequality", "junit-xunit1")


@pytest.mark.parametrize("name", NEW)
def test_no_secret_in_the_new_formats(
    name: str, fleet_result: LintResult, variant_result: LintResult
) -> None:
    for result in (fleet_result, variant_result):
        output = render(name, result)
        assert output.strip()
        leaked = sorted(value for value in secrets() if value in output)
        assert not leaked, [value[:6] for value in leaked]


def test_no_secret_in_the_step_summary(
    fleet_result: LintResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render("github", fleet_result)
    text = summary.read_text(encoding="utf-8")
    assert "FLEET-UNIQUE-DATASPACE" in text
    assert not [value for value in secrets() if value in text]


@pytest.mark.parametrize("name", [*NEW, "github"])
def test_control_characters_never_reach_the_reader_raw(tmp_path: Path, name: str) -> None:
    fleet = _hostile_fleet(tmp_path)
    summary = tmp_path / "summary.md"
    done = run_cli(
        "check", str(fleet), "--format", name, cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    texts = [done.stdout, done.stderr] + ([summary.read_text(encoding="utf-8")] if name == "github" else [])
    for text in texts:
        for char in RAW:
            assert char not in text, (name, repr(char))
    if name == "codequality":
        issues = json.loads(done.stdout)
        assert any("new\\nline" in issue["location"]["path"] for issue in issues)  # the broken file
    elif name == "junit-xunit1":
        files = {case.get("file") for case in ET.fromstring(done.stdout).iter("testcase")}
        assert any(file and file.startswith("fleet/prod\\x1b[2Jx/") for file in files), files
    else:
        table = summary.read_text(encoding="utf-8")
        # A newline in a file name must not end the table row: every finding row has five cells.
        assert all(
            row.count(" | ") == 4 for row in table.splitlines() if row.startswith("| ") and "**" in row
        )


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    odd = os.fsencode(str(fleet)) + b"/bad\xff"
    os.mkdir(odd)
    shutil.copy(EXAMPLES / "fleet/production/env.yaml", os.fsdecode(odd) + "/env.yaml")
    for name in ("codequality", "junit-xunit1", "sarif"):
        target = tmp_path / f"out.{name}"
        done = run_cli("check", str(fleet), "--format", f"{name}={target}", cwd=tmp_path)
        assert done.returncode in (0, 1) and "internal error" not in done.stderr, (name, done.stderr)
        text = target.read_text(encoding="utf-8")
        if name == "codequality":
            paths = {issue["location"]["path"] for issue in json.loads(text)}
            assert "fleet/bad\\xff/env.yaml" in paths, paths
        elif name == "sarif":
            uris = {
                location["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(text)["runs"][0]["results"]
                for location in result.get("locations", [])
                if "physicalLocation" in location
            }
            assert uris == {"fleet/bad%5Cxff/env.yaml"}, uris  # the name as every report shows it
        else:
            ET.fromstring(text)
            assert 'file="fleet/bad\\xff/env.yaml"' in text
