"""`commerce-lint check` driven as a user would: real files, a subprocess, exit codes and output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import EXAMPLES, ROOT, run_cli

FLEET = str(EXAMPLES / "fleet")


def test_example_fleet_explains_its_mistakes() -> None:
    done = run_cli("check", FLEET)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "examples/fleet/staging/env.json:10:11: error CSC-PRIVATE-KEY-PEM" in out
    assert "SAAS-NONPROD-ON-PRODUCTION-DATASPACE staging is a staging instance (directory name" in out
    assert "examples/fleet/dev/env.yaml:11:9: error CSC-KEYPAIR-COMPLETE" in out
    assert "examples/fleet/production/env.yaml:45:11: error PS-ENABLED-NEEDS-MERCHANT-ID" in out
    assert "websites/eu/payment/payment_methods/method" in out
    assert "fix:" in out
    assert out.rstrip().splitlines()[-1].startswith("3 instances checked:")
    assert "Traceback" not in done.stderr


def _json(*args: str) -> dict[str, object]:
    done = run_cli("check", *args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_json_output_matches_its_published_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    report = _json(FLEET)
    Draft202012Validator(schema).validate(report)
    findings = report["findings"]
    assert isinstance(findings, list) and findings
    first = findings[0]
    assert {"rule", "severity", "message", "instance", "paths", "file", "line", "column"} <= set(first)


def test_select_ignore_and_fail_on() -> None:
    only = _json(FLEET, "--select", "CSC-*")
    assert {f["rule"] for f in only["findings"]} <= {  # type: ignore[union-attr,index]
        "CSC-KEYPAIR-COMPLETE",
        "CSC-PRIVATE-KEY-PEM",
    }
    ignored = _json(FLEET, "--ignore", "CSC-*,SEC-*")
    assert not any(f["rule"].startswith(("CSC-", "SEC-")) for f in ignored["findings"])  # type: ignore[union-attr,index]
    assert run_cli("check", FLEET, "--select", "SEC-CONNECTOR-IN-SHARED-CONFIG").returncode == 0
    assert (
        run_cli(
            "check", FLEET, "--select", "SEC-CONNECTOR-IN-SHARED-CONFIG", "--fail-on", "warning"
        ).returncode
        == 1
    )


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    done = run_cli("check", FLEET, "--format", "text", "--format", f"json={target}")
    assert done.returncode == 1
    assert "instances checked" in done.stdout
    assert json.loads(target.read_text())["summary"]["instances"] == 3


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    done = run_cli("check", FLEET, "-f", "json", "-o", str(target))
    assert done.stdout == ""
    assert json.loads(target.read_text())["version"] == "1"


def test_single_file_is_an_instance_of_its_own(tmp_path: Path) -> None:
    dump = tmp_path / "acme-prod.yaml"
    dump.write_text("system:\n  default:\n    payment:\n      payment_methods:\n        method: live\n")
    done = run_cli("check", str(dump))
    assert done.returncode == 1
    assert "acme-prod.yaml:5:9: error PS-METHOD-VALUE" in done.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"system: [unclosed\n", "env.yaml:2:1: invalid YAML"),
        (b"", "env.yaml:1: file is empty"),
        (b"\x00\x01binary", "env.yaml:1: binary file"),
        (b"a: \xff\n", "env.yaml:1:4: not valid UTF-8"),
        (b"- just\n- a list\n", "env.yaml:1: top level is not a mapping"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_others_still_checked(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "fleet")
    broken = tmp_path / "fleet" / "broken"
    broken.mkdir()
    (broken / "env.yaml").write_bytes(content)
    done = run_cli("check", str(tmp_path / "fleet"))
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    assert expected in errors[0]
    assert "Traceback" not in done.stderr
    assert "CSC-PRIVATE-KEY-PEM" in done.stdout  # the good instances were still checked


def test_duplicate_key_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "env.json").write_text('{"MAGE_MODE": "production",\n "MAGE_MODE": "developer"}\n')
    done = run_cli("check", str(tmp_path))
    assert done.returncode == 1
    assert "env.json:2:2: error INPUT-DUPLICATE-KEY" in done.stdout


def test_bad_rule_file_names_file_line_and_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "X-BAD.yaml").write_text(
        "id: X-BAD\ntitle: Bad rule\nseverity: fatal\nlevel: instance\nrationale: because it is\n"
        "source: [{document: me}]\nremediation: fix it somehow\n"
        "check: {cases: [{fail_if: true, message: m}]}\n"
        "examples: []\n"
    )
    done = run_cli("check", FLEET, "--rules", str(rules))
    assert done.returncode == 2
    assert "X-BAD.yaml:3: invalid rule file: severity: must be one of: error, warning, info" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_path_and_unknown_format_are_usage_errors() -> None:
    assert run_cli("check", "does/not/exist").returncode == 2
    done = run_cli("check", FLEET, "--format", "yaml")
    assert done.returncode == 2 and "unknown format" in done.stderr


def test_rules_list_and_explain() -> None:
    listing = run_cli("rules", "list")
    assert listing.returncode == 0
    assert "CSC-KEYPAIR-COMPLETE" in listing.stdout and "instance" in listing.stdout
    explained = run_cli("rules", "explain", "PS-METHOD-VALUE")
    assert explained.returncode == 0
    assert "configure-admin.md:43" in explained.stdout and "How to fix" in explained.stdout
    assert run_cli("rules", "explain", "NOPE-RULE").returncode == 2


def test_environment_type_unknown_is_said_once(tmp_path: Path) -> None:
    instance = tmp_path / "acme"
    instance.mkdir()
    (instance / "env.yaml").write_text(
        "system:\n  default:\n    services_connector:\n      services_id:\n        environment: Production\n"
    )
    report = _json(str(instance))
    findings = report["findings"]
    assert isinstance(findings, list)
    notices = [f for f in findings if f["rule"] == "INPUT-ENVIRONMENT-TYPE-UNKNOWN"]
    assert len(notices) == 1
    assert not any(f["rule"].startswith("SAAS-NONPROD") for f in findings)


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("commerce-lint ")
