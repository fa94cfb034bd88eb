"""Fleet rules over real directories: exactly the expected problems, each instance's file and line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, run_cli

ENV = """\
system:
  default:
    services_connector:
      services_connector_integration:
        production_api_key: fa4efa4e0000000000000000000000a1
        production_private_key: |
          -----BEGIN PRIVATE KEY-----
          QUJD
          -----END PRIVATE KEY-----
      services_id:
        project_id: p-acme
        environment_id: {space}
        environment: {kind}
"""


def _fleet(root: Path, spaces: dict[str, tuple[str, str]]) -> Path:
    for name, (space, kind) in spaces.items():
        (root / name).mkdir(parents=True)
        (root / name / "env.yaml").write_text(ENV.format(space=space, kind=kind))
    return root


def _fleet_findings(root: Path) -> list[dict[str, object]]:
    done = run_cli("check", str(root), "--select", "FLEET-*", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return findings


def _involved(finding: dict[str, object]) -> set[tuple[object, object, object]]:
    related = finding["related"]
    assert isinstance(related, list)
    places = [{"file": finding["file"], "line": finding["line"]}, *related]
    return {(Path(str(p["file"])).parent.name, Path(str(p["file"])).name, p["line"]) for p in places}


def test_staging_and_development_share_a_testing_data_space(tmp_path: Path) -> None:
    root = _fleet(
        tmp_path / "fleet",
        {
            "production": ("ds-prod", "Production"),
            "staging": ("ds-test", "Testing"),
            "development": ("ds-test", "Testing"),
        },
    )
    findings = _fleet_findings(root)
    assert [f["rule"] for f in findings] == ["FLEET-UNIQUE-DATASPACE"]
    assert _involved(findings[0]) == {("staging", "env.yaml", 12), ("development", "env.yaml", 12)}


def test_staging_on_the_production_data_space(tmp_path: Path) -> None:
    root = _fleet(
        tmp_path / "fleet",
        {
            "production": ("ds-prod", "Production"),
            "staging": ("ds-prod", "Production"),
            "development": ("ds-dev", "Testing"),
        },
    )
    findings = _fleet_findings(root)
    assert sorted(str(f["rule"]) for f in findings) == [
        "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
        "FLEET-UNIQUE-DATASPACE",
    ]
    for finding in findings:
        assert _involved(finding) == {("staging", "env.yaml", 12), ("production", "env.yaml", 12)}
    reserved = next(f for f in findings if f["rule"] == "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION")
    assert "non-production staging (staging)" in str(reserved["message"])


def test_clean_fleet_has_no_fleet_findings(tmp_path: Path) -> None:
    root = _fleet(
        tmp_path / "fleet",
        {
            "production": ("ds-prod", "Production"),
            "staging": ("ds-stage", "Testing"),
            "development": ("ds-dev", "Testing"),
        },
    )
    assert _fleet_findings(root) == []


def test_example_fleet_fleet_findings_name_every_instance() -> None:
    findings = _fleet_findings(EXAMPLES / "fleet")
    # staging's literal-"\n" private key is the production key badly pasted: one mistake, reported once
    # (CSC-PRIVATE-KEY-PEM), not again as a different private key.
    assert {str(f["rule"]) for f in findings} == {
        "FLEET-UNIQUE-DATASPACE",
        "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
    }
    shared = next(f for f in findings if f["rule"] == "FLEET-UNIQUE-DATASPACE")
    assert {name for name, _, _ in _involved(shared)} == {"production", "staging"}
    assert all(line for _, _, line in _involved(shared))


KEY = "fa4efa4e0000000000000000000000a1"  # the production_api_key of ENV


def _set_api_key(env: Path, key: str) -> None:
    env.write_text(env.read_text().replace(KEY, key))


def _project_fleet(root: Path) -> Path:
    """Production, staging and development of one project, each on its own data space, one key pair."""
    spaces = {"staging": "ds-stage", "development": "ds-dev"}
    testing = {name: (space, "Testing") for name, space in spaces.items()}
    return _fleet(root, {"production": ("ds-prod", "Production"), **testing})


def test_a_stale_key_is_reported_on_the_instance_that_differs(tmp_path: Path) -> None:
    root = _project_fleet(tmp_path / "fleet")
    _set_api_key(root / "development" / "env.yaml", "0ld0ld0000000000000000000000a1")
    findings = _fleet_findings(root)
    assert [f["rule"] for f in findings] == ["FLEET-SAME-API-KEYS"]
    assert _involved(findings[0]) == {("development", "env.yaml", 5)}
    assert "on production, staging;" in str(findings[0]["message"])


def test_api_keys_are_compared_within_each_project(tmp_path: Path) -> None:
    root = _fleet(tmp_path / "fleet", {"acme": ("ds-1", "Testing"), "globex": ("ds-2", "Testing")})
    for name in ("acme", "globex"):
        (root / name / "instance.yaml").write_text(f"name: {name}\nproject: {name}\n")
    _set_api_key(root / "globex" / "env.yaml", "9106e000000000000000000000000a1")
    assert _fleet_findings(root) == []
    (root / "globex" / "instance.yaml").write_text("name: globex\nproject: acme\n")
    assert [f["rule"] for f in _fleet_findings(root)] == ["FLEET-SAME-API-KEYS"]


def test_production_holds_the_reference_key(tmp_path: Path) -> None:
    # Production got the new key first: the instances still on the old one are the ones to fix.
    root = _project_fleet(tmp_path / "fleet")
    _set_api_key(root / "production" / "env.yaml", "4e3e4e3e000000000000000000000a1")
    findings = _fleet_findings(root)
    assert [f["rule"] for f in findings] == ["FLEET-SAME-API-KEYS"]
    assert _involved(findings[0]) == {("development", "env.yaml", 5), ("staging", "env.yaml", 5)}
