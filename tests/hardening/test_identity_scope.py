"""Identity and scope of reading: unique instance names, fingerprints that do not depend on the working
directory, no reading outside the tree unless the settings say so, and no silent settings file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, run_cli


def _two_named_production(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet" / "production", fleet / "eu" / "live")
    shutil.copytree(EXAMPLES / "fleet" / "production", fleet / "us" / "live")
    shutil.copytree(EXAMPLES / "fleet" / "staging", fleet / "us" / "staging")
    return fleet


def test_two_instances_stating_one_name_are_an_error_and_both_are_checked(tmp_path: Path) -> None:
    fleet = _two_named_production(tmp_path)
    done = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "'production'" in errors[0], done.stderr
    assert "fleet/eu/live" in errors[0] and "fleet/us/live" in errors[0]
    report = json.loads(done.stdout)
    names = sorted(instance["name"] for instance in report["instances"])
    assert names == ["production (eu/live)", "production (us/live)", "staging"]
    per_instance = {finding["instance"] for finding in report["findings"]}
    assert {"production (eu/live)", "production (us/live)"} <= per_instance
    # The audit report shows both, each with its own column.
    audit = run_cli("report", "fleet", "--format", "markdown", "-o", "audit.md", cwd=tmp_path)
    assert audit.returncode == 2
    text = (tmp_path / "audit.md").read_text()
    assert "production (eu/live)" in text and "production (us/live)" in text
    # Names and fingerprints are the same from inside the fleet.
    inner = run_cli("check", "eu", "us", "--format", "json", cwd=fleet)
    assert sorted(i["name"] for i in json.loads(inner.stdout)["instances"]) == names
    assert _fingerprints(inner.stdout) == _fingerprints(done.stdout)
    _ = fleet


def test_a_change_check_matches_each_clashing_instance_with_its_own_before_state(tmp_path: Path) -> None:
    fleet = _two_named_production(tmp_path)
    shutil.copytree(fleet, tmp_path / "before")
    done = run_cli("check", "fleet", "--before", "before", "--format", "json", cwd=tmp_path)
    plain = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _fingerprints(done.stdout) == _fingerprints(plain.stdout)  # nothing "added" or "removed"


def _fingerprints(report: str) -> list[str]:
    return sorted(finding["fingerprint"] for finding in json.loads(report)["findings"])


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "fleet", repo)
    (repo / "sub").mkdir()
    (repo / ".git").mkdir()  # enough for "the repository root" (no git command is run by a plain check)
    return repo


def _locations(sarif: str) -> list[tuple[str, str]]:
    run = json.loads(sarif)["runs"][0]
    found = []
    for result in run["results"]:
        for location in result.get("locations", []):
            uri = location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
            found.append((result["partialFingerprints"]["commerceLint/v1"], uri))
    return sorted(found) + sorted(("artifact", a["location"]["uri"]) for a in run["artifacts"])


def test_fingerprints_baselines_and_sarif_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    top = run_cli("check", ".", "--format", "json=top.json", "--format", "sarif=top.sarif", cwd=repo)
    below = run_cli(
        "check", "..", "--format", "json=../below.json", "--format", "sarif=../below.sarif", cwd=repo / "sub"
    )
    assert top.returncode == below.returncode == 1, (top.stderr, below.stderr)
    assert _fingerprints((repo / "top.json").read_text()) == _fingerprints((repo / "below.json").read_text())
    assert _locations((repo / "top.sarif").read_text()) == _locations((repo / "below.sarif").read_text())
    assert ("artifact", "production/env.yaml") in _locations((repo / "top.sarif").read_text())
    # A baseline recorded at the top matches every finding from the subdirectory, and the other way.
    assert run_cli("baseline", ".", "-o", "../top-base.json", cwd=repo).returncode == 0
    assert run_cli("baseline", "..", "-o", "../../below-base.json", cwd=repo / "sub").returncode == 0
    for baseline, cwd, path in (
        (tmp_path / "top-base.json", repo / "sub", ".."),
        (tmp_path / "below-base.json", repo, "."),
    ):
        done = run_cli("check", path, "--baseline", str(baseline), cwd=cwd)
        assert done.returncode == 0, done.stdout
        assert "baseline entries no longer occur" not in done.stdout
