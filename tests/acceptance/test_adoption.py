"""Issue 6 as a new user meets it on examples/fleet: settings, waivers, baseline, rules test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A repository-like folder holding a copy of the example fleet."""
    (tmp_path / ".git").mkdir()  # settings discovery stops at the repository root
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "fleet")
    return tmp_path


def test_baseline_makes_the_next_run_pass_and_a_new_mistake_still_fails(project: Path) -> None:
    written = run_cli("baseline", "fleet", "-o", "baseline.json", cwd=project)
    assert written.returncode == 0, written.stderr
    data = json.loads((project / "baseline.json").read_text())
    assert data["format"] == "commerce-lint-baseline/1" and data["entries"]
    assert run_cli("check", "fleet", "--baseline", "baseline.json", cwd=project).returncode == 0

    # Lines shift above every finding: fingerprints do not depend on line numbers.
    env = project / "fleet" / "dev" / "env.yaml"
    env.write_text("# a comment\n# another\n" + env.read_text())
    assert run_cli("check", "fleet", "--baseline", "baseline.json", cwd=project).returncode == 0

    # A new mistake still fails, and only it is reported.
    env.write_text(env.read_text().replace("active: '0'", "active: '1'\n      mba_scoping_level: site"))
    done = run_cli("check", "fleet", "--baseline", "baseline.json", "--format", "json", cwd=project)
    assert done.returncode == 1
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert "PS-ENABLED-NEEDS-MERCHANT-ID" in rules and "CSC-KEYPAIR-COMPLETE" not in rules


def test_fixed_findings_are_listed_as_gone(project: Path) -> None:
    run_cli("baseline", "fleet", "-o", "baseline.json", cwd=project)
    env = project / "fleet" / "dev" / "env.yaml"
    env.write_text(env.read_text().replace("sandbox_private_key: ''", "sandbox_private_key: 'QUJD'"))
    done = run_cli("check", "fleet", "--baseline", "baseline.json", cwd=project)
    assert "baseline entries no longer occur" in done.stdout
    assert "CSC-KEYPAIR-COMPLETE dev" in done.stdout


def test_baseline_file_is_written_atomically(project: Path) -> None:
    run_cli("baseline", "fleet", "-o", "out/baseline.json", cwd=project)
    assert [p.name for p in (project / "out").iterdir()] == ["baseline.json"]


def test_bad_baseline_file_is_a_one_line_error(project: Path) -> None:
    (project / "baseline.json").write_text("{not json")
    done = run_cli("check", "fleet", "--baseline", "baseline.json", cwd=project)
    assert done.returncode == 2
    assert "baseline.json:1: invalid baseline JSON" in done.stderr


SETTINGS = """\
paths: [fleet]
select: ["*"]
waivers:
  - rule: SAAS-NONPROD-ON-PRODUCTION-DATASPACE
    instance: staging
    reason: staging moves to its own data space in the next sprint
    owner: platform-team
    expires: {expires}
  - rule: CSC-PRIVATE-KEY-PEM
    instance: staging
    reason: accepted
  - rule: CSC-KEYPAIR-COMPLETE
    instance: dev
    reason: accepted
  - rule: PS-ENABLED-NEEDS-MERCHANT-ID
    instance: production
    reason: accepted
  - rule: FLEET-*
    reason: accepted
  - rule: PS-METHOD-VALUE
    instance: nowhere
    reason: left over from an old instance
"""


def test_waivers_mark_findings_and_an_expired_waiver_fails_again(project: Path) -> None:
    (project / "commerce-lint.yaml").write_text(SETTINGS.format(expires="2999-12-31"))
    done = run_cli("check", "--format", "json", cwd=project)
    report = json.loads(done.stdout)
    waived = [f for f in report["findings"] if f["waived"]]
    assert any(
        f["rule"] == "SAAS-NONPROD-ON-PRODUCTION-DATASPACE" and "platform-team" in f["waived"] for f in waived
    )
    unused = [f for f in report["findings"] if f["rule"] == "SETTINGS-WAIVER-UNUSED"]
    assert len(unused) == 1 and "PS-METHOD-VALUE" in unused[0]["message"]
    assert unused[0]["file"] == "commerce-lint.yaml" and unused[0]["line"] == 20
    assert done.returncode == 0, done.stdout  # everything failing is waived; the unused waiver is a warning

    (project / "commerce-lint.yaml").write_text(SETTINGS.format(expires="2020-01-31"))
    done = run_cli("check", cwd=project)
    assert done.returncode == 1
    assert "[waiver expired on 2020-01-31: staging moves to its own data space" in done.stdout


def test_settings_errors_name_file_line_and_key(project: Path) -> None:
    (project / "commerce-lint.yaml").write_text("paths: [fleet]\nwaivers:\n  - rule: X-Y\n    owner: me\n")
    done = run_cli("check", cwd=project)
    assert done.returncode == 2
    assert "commerce-lint.yaml:3: invalid settings: waivers/0: missing required key: reason" in done.stderr
    (project / "commerce-lint.yaml").write_text("fail_on: sometimes\n")
    assert "fail_on: must be one of: error, warning, info" in run_cli("check", cwd=project).stderr


def test_settings_in_pyproject_and_layering(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.commerce-lint]\npaths = ["fleet"]\nfail_on = "warning"\n'
        'select = ["SEC-CONNECTOR-IN-SHARED-CONFIG"]\n'
    )
    assert run_cli("check", cwd=project).returncode == 1  # warnings fail per the settings
    assert run_cli("check", "--fail-on", "error", cwd=project).returncode == 0  # the flag wins


def test_severity_overrides_inventory_and_quotas(project: Path) -> None:
    (project / "commerce-lint.yaml").write_text(
        "severity: {CSC-KEYPAIR-COMPLETE: warning}\n"
        "quotas: {production: 0}\n"
        "instances:\n"
        "  - name: the-dev-box\n"
        "    environment_type: staging\n"
        "    files: [fleet/dev/config.yaml, fleet/dev/env.yaml]\n"
        "  - name: live\n"
        "    environment_type: production\n"
        "    project: acme\n"
        "    files: ['fleet/production/*.yaml']\n"
    )
    done = run_cli("check", "--format", "json", cwd=project)
    report = json.loads(done.stdout)
    names = {i["name"]: i for i in report["instances"]}
    assert set(names) == {"the-dev-box", "live"}
    assert names["the-dev-box"]["environment_type_source"] == "settings file inventory"
    pairs = [f for f in report["findings"] if f["rule"] == "CSC-KEYPAIR-COMPLETE" and f["severity"] != "info"]
    assert pairs and all(f["severity"] == "warning" for f in pairs)
    assert any(f["rule"] == "FLEET-DATASPACE-QUOTA" for f in report["findings"])  # quota 0 production spaces


def test_rules_test_names_a_broken_example(tmp_path: Path) -> None:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    rule = (ROOT / "rules" / "payments" / "PS-METHOD-VALUE.yaml").read_text()
    broken = rule.replace("id: PS-METHOD-VALUE", "id: ACME-METHOD-VALUE").replace(
        "{method: live}", "{method: sandbox}"
    )
    (folder / "ACME-METHOD-VALUE.yaml").write_text(broken)
    done = run_cli("rules", "test", str(folder))
    assert done.returncode == 1
    assert "FAILED  ACME-METHOD-VALUE::live-is-not-a-mode" in done.stdout
    assert "expected a finding, got none" in done.stdout
    assert "passed  ACME-METHOD-VALUE::valid-values" in done.stdout


def test_rules_test_on_the_bundled_rules_passes() -> None:
    done = run_cli("rules", "test")
    assert done.returncode == 0, done.stdout
    assert done.stdout.rstrip().endswith(" passed, 0 failed")
