"""One finding per mistake, through the CLI: a staging instance on the production data space is one
error (SAAS-NONPROD-ON-PRODUCTION-DATASPACE) carrying the two fleet findings as related notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.model.instances import write
from tests.support.inprocess import run_main
from tests.support.php_writer import php_file

PRODUCTION_SPACE = "da7a5bac-e001-4001-8001-000000000001"
TESTING_SPACE = "da7a5bac-e001-4001-8001-000000000002"
CRYPT_KEY = "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE="
API_KEY = "fa4efa4e00000000000000000000f01d"
PEM = (
    "-----BEGIN PRIVATE KEY-----\nRkFLRSBGT0xEIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\n-----END PRIVATE KEY-----"
)
THE_THREE = {
    "SAAS-NONPROD-ON-PRODUCTION-DATASPACE",
    "FLEET-UNIQUE-DATASPACE",
    "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
}
NOTE_UNIQUE = "also FLEET-UNIQUE-DATASPACE (error): Data space " + PRODUCTION_SPACE
NOTE_RESERVED = "also FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION (error): Production data space"
SELECT = ("--select", "SAAS-*,FLEET-*")


def _env_php(space: str, kind: str, admin: str) -> str:
    """An env.php as setup:install and config:set --lock-env write it, connected to one data space."""
    return php_file(
        {
            "backend": {"frontName": admin},
            "crypt": {"key": CRYPT_KEY},
            "db": {
                "table_prefix": "",
                "connection": {
                    "default": {
                        "host": "localhost",
                        "dbname": "magento",
                        "username": "magento",
                        "password": "",
                        "model": "mysql4",
                        "engine": "innodb",
                        "initStatements": "SET NAMES utf8;",
                        "active": "1",
                    }
                },
            },
            "MAGE_MODE": "production",
            "system": {
                "default": {
                    "services_connector": {
                        "services_connector_integration": {
                            "production_api_key": API_KEY,
                            "production_private_key": PEM,
                        },
                        "services_id": {
                            "project_id": "a1b2c3d4-0000-4000-8000-00000000aaaa",
                            "environment_id": space,
                            "environment": kind,
                        },
                    }
                }
            },
        }
    )


def _fleet(root: Path, staging_space: str = PRODUCTION_SPACE, staging_kind: str = "Production") -> Path:
    write(root / "production", {"app/etc/env.php": _env_php(PRODUCTION_SPACE, "Production", "admin_p1")})
    write(root / "staging", {"app/etc/env.php": _env_php(staging_space, staging_kind, "admin_s1")})
    return root


def _line_of(file: Path, text: str) -> int:
    return next(number for number, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(root.parent)
    return run_main(monkeypatch, capsys, "check", root.name, *args)


def _json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, dict[str, Any]]:
    code, out, err = _check(monkeypatch, capsys, root, "--format", "json", *args)
    assert code in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    return code, report


def _of(report: dict[str, Any], rules: set[str]) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["rule"] in rules]


def test_staging_on_production_is_one_error_with_two_related_notes_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    code, report = _json(monkeypatch, capsys, root)
    found = _of(report, THE_THREE)
    assert [(f["rule"], f["instance"]) for f in found] == [
        ("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", "staging")
    ]
    env = root / "staging" / "app/etc/env.php"
    # Every related place has a note (issue 16); the folded findings are those that say "also".
    notes = [place for place in found[0]["related"] if (place.get("note") or "").startswith("also ")]
    assert sorted(place["note"].split(":")[0] for place in notes) == [
        "also FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION (error)",
        "also FLEET-UNIQUE-DATASPACE (error)",
    ]
    # Each note points at the staging line to change (its data space id), not at production's.
    space_line = _line_of(env, f"'environment_id' => '{PRODUCTION_SPACE}'")
    for place in notes:
        assert (place["file"], place["line"], place["instance"]) == (
            "fleet/staging/app/etc/env.php",
            space_line,
            "staging",
        )
    assert any(place["note"].startswith(NOTE_UNIQUE) for place in notes)
    assert code == 1
    # Counted once among every rule's findings.
    errors = [f for f in report["findings"] if f["severity"] == "error" and not f["waived"]]
    assert report["summary"]["error"] == len(errors)
    _, selected = _json(monkeypatch, capsys, root, *SELECT)
    assert selected["summary"]["error"] == 1 and len(selected["findings"]) == 1


def test_staging_on_production_in_text_and_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    code, out, _ = _check(monkeypatch, capsys, root, *SELECT)
    assert code == 1
    errors = [line for line in out.splitlines() if re.search(r": error [A-Z]", line)]
    assert len(errors) == 1 and "SAAS-NONPROD-ON-PRODUCTION-DATASPACE" in errors[0]
    see_also = [line for line in out.splitlines() if "see also" in line]
    assert sum(NOTE_UNIQUE in line for line in see_also) == 1
    assert sum(NOTE_RESERVED in line for line in see_also) == 1
    assert "1 error," in out.splitlines()[-1]

    code, out, _ = _check(monkeypatch, capsys, root, "--format", "sarif", *SELECT)
    results = json.loads(out)["runs"][0]["results"]
    assert code == 1 and [r["ruleId"] for r in results] == ["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"]
    messages = [place["message"]["text"] for place in results[0]["relatedLocations"]]
    assert sum("FLEET-UNIQUE-DATASPACE" in text for text in messages) == 1
    assert sum("FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION" in text for text in messages) == 1


def test_no_secret_reaches_any_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    for fmt in ("text", "json", "sarif", "junit", "github", "markdown", "html"):
        _, out, err = _check(monkeypatch, capsys, root, "--format", fmt)
        for secret in (CRYPT_KEY, CRYPT_KEY[6:30], API_KEY, API_KEY[8:24], "RkFLRSBGT0xEIEtFWSAt"):
            assert secret not in out and secret not in err, (fmt, secret)


def test_fleet_rules_alone_report_their_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without the covering rule in the run there is nothing to fold into: the mistake is still reported.
    root = _fleet(tmp_path / "fleet")
    code, report = _json(monkeypatch, capsys, root, "--levels", "fleet")
    assert sorted(f["rule"] for f in _of(report, THE_THREE)) == [
        "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
        "FLEET-UNIQUE-DATASPACE",
    ]
    assert all(
        not (place.get("note") or "").startswith("also ")
        for f in report["findings"]
        for place in f["related"]
    )
    assert code == 1 and report["summary"]["error"] >= 2


def test_a_fleet_finding_the_instance_rule_does_not_make_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Staging on production's data space with its type field saying Testing: no instance rule knows,
    # so the fleet findings stand on their own.
    root = _fleet(tmp_path / "fleet", staging_kind="Testing")
    code, report = _json(monkeypatch, capsys, root, *SELECT)
    assert sorted(f["rule"] for f in report["findings"]) == [
        "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
        "FLEET-UNIQUE-DATASPACE",
    ]
    assert code == 1 and report["summary"]["error"] == 2


def test_a_run_of_one_instance_has_no_fleet_restatement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    monkeypatch.chdir(root)
    code, out, err = run_main(monkeypatch, capsys, "check", "staging", "--format", "json", *SELECT)
    report = json.loads(out)
    assert [f["rule"] for f in report["findings"]] == ["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"], err
    assert report["findings"][0]["related"] == [] or not any(
        place.get("note", "").startswith("also ") for place in report["findings"][0]["related"]
    )
    assert code == 1 and report["summary"]["error"] == 1
    # The fleet rule alone on one instance: not applicable, so nothing at all.
    code, out, _ = run_main(
        monkeypatch, capsys, "check", "staging", "--format", "json", "--select", "FLEET-PROD*"
    )
    assert json.loads(out)["findings"] == [] and code == 0


def _settings(root: Path, waivers: str) -> Path:
    settings = root.parent / "commerce-lint.yaml"
    settings.write_text(f"waivers:\n{waivers}")
    return settings


def test_waiving_the_primary_takes_the_folded_findings_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    settings = _settings(
        root,
        "  - rule: SAAS-NONPROD-ON-PRODUCTION-DATASPACE\n"
        "    instance: staging\n"
        "    reason: staging moves to its own data space with OPS-1234\n",
    )
    code, report = _json(monkeypatch, capsys, root, "--config", str(settings), *SELECT)
    assert [(f["rule"], bool(f["waived"])) for f in report["findings"]] == [
        ("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", True)
    ]
    related = report["findings"][0]["related"]
    assert sum((place.get("note") or "").startswith("also ") for place in related) == 2
    assert code == 0 and report["summary"]["error"] == 0 and report["summary"]["waived"] == 1


def test_a_waiver_naming_a_folded_rule_is_in_use_and_waives_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    settings = _settings(
        root,
        "  - rule: FLEET-UNIQUE-DATASPACE\n    instance: staging\n    reason: written before folding\n",
    )
    code, report = _json(
        monkeypatch, capsys, root, "--config", str(settings), "--select", "SAAS-*,FLEET-*,SET*"
    )
    assert [(f["rule"], f["waived"]) for f in report["findings"]] == [
        ("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", None)
    ]
    assert code == 1


def test_a_waiver_matching_nothing_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The contrast to the test above: the unused-waiver notice does fire in this fleet.
    root = _fleet(tmp_path / "fleet")
    settings = _settings(root, "  - rule: FLEET-UNIQUE-DATASPACE\n    instance: nowhere\n    reason: stale\n")
    _, report = _json(monkeypatch, capsys, root, "--config", str(settings), "--select", "SAAS-*,FLEET-*,SET*")
    assert "SETTINGS-WAIVER-UNUSED" in [f["rule"] for f in report["findings"]]


def test_a_baseline_of_the_fleet_findings_still_knows_them_once_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _fleet(tmp_path / "fleet")
    settings = root.parent / "commerce-lint.yaml"
    settings.write_text("ignore: [SAAS-NONPROD-ON-PRODUCTION-DATASPACE]\n")
    monkeypatch.chdir(root.parent)
    code, _, err = run_main(
        monkeypatch, capsys, "baseline", root.name, "--config", str(settings), "-o", "old.json"
    )
    assert code == 0, err
    entries = json.loads((root.parent / "old.json").read_text())
    held = entries["entries"]
    assert {"FLEET-UNIQUE-DATASPACE", "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION"} <= {
        entry["rule"] for entry in held
    }
    settings.unlink()
    code, report = _json(monkeypatch, capsys, root, "--baseline", "old.json", *SELECT)
    # The primary is new (the baseline never held it); the folded ones still occur, so not "gone".
    assert [f["rule"] for f in report["findings"]] == ["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"]
    gone = {entry["rule"] for entry in report["baseline"]["gone"]}
    assert not gone & THE_THREE
    assert code == 1

    # A baseline written now holds the one finding, and a later check against it is clean.
    code, _, err = run_main(monkeypatch, capsys, "baseline", root.name, "-o", "new.json")
    assert code == 0, err
    code, report = _json(monkeypatch, capsys, root, "--baseline", "new.json")
    assert report["findings"] == [] and report["baseline"]["gone"] == [] and code == 0
