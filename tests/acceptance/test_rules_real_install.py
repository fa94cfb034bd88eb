"""Real installations that do not use Commerce Services get no connector noise; where the connector is
used, what is absent is worded as absent from these files (the database may hold it)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.inprocess import run_main

REAL = Path(__file__).resolve().parent.parent / "data" / "real-install" / "shop"
SERVICE_GROUPS = ("CSC-", "PS-", "SAAS-", "FLEET-")


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *paths: Path
) -> tuple[int, list[dict[str, Any]]]:
    code, out, err = run_main(monkeypatch, capsys, "check", *map(str, paths), "--format", "json")
    assert code in (0, 1), err
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return code, findings


def _install(tmp_path: Path, name: str, env_type: str | None = None, extra_env: str = "") -> Path:
    """A copy of the real install; ``extra_env`` is PHP inserted into env.php's `system.default`."""
    target = tmp_path / name
    shutil.copytree(REAL, target)
    env = target / "app" / "etc" / "env.php"
    if extra_env:
        text = env.read_text()
        anchor = "    'system' => [\n        'default' => [\n"
        assert text.count(anchor) == 1
        env.write_text(text.replace(anchor, anchor + extra_env))
    if env_type is not None:
        (target / "instance.yaml").write_text(f"name: {name}\nenvironment_type: {env_type}\n")
    return target


def test_the_fixture_is_a_full_real_install() -> None:
    env = (REAL / "app" / "etc" / "env.php").read_text()
    config = (REAL / "app" / "etc" / "config.php").read_text()
    for section in ("'db' =>", "'crypt' =>", "'session' =>", "'cache' =>", "'queue' =>", "'MAGE_MODE' =>"):
        assert section in env
    assert "'web' =>" in env and "'catalog' =>" in env
    assert "'modules' =>" in config and "'scopes' =>" in config
    assert "services_connector" not in env + config and "payment_services" not in env + config


def test_a_real_install_without_commerce_services_gets_no_finding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shop = _install(tmp_path, "shop", "production")
    code, findings = _check(monkeypatch, capsys, shop)
    assert findings == [] and code == 0


def test_without_an_environment_type_only_that_notice_remains(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, findings = _check(monkeypatch, capsys, REAL)
    assert [f["rule"] for f in findings] == ["INPUT-ENVIRONMENT-TYPE-UNKNOWN"]
    assert code == 0


def test_a_fleet_of_real_installs_without_commerce_services_gets_no_finding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, env_type in (("production", "production"), ("staging", "staging"), ("dev", "development")):
        _install(tmp_path / "fleet", name, env_type)
    code, findings = _check(monkeypatch, capsys, tmp_path / "fleet")
    assert findings == [] and code == 0


def test_a_payment_services_path_alone_brings_the_connector_rules_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = (
        "            'payment' => [\n"
        "                'payment_services_paypal_smart_buttons' => [\n"
        "                    'display_venmo' => '0',\n"
        "                ],\n"
        "            ],\n"
    )
    shop = _install(tmp_path, "shop", "production", extra)
    _, findings = _check(monkeypatch, capsys, shop)
    assert sorted((f["rule"], f["severity"]) for f in findings) == [
        ("CSC-KEYPAIR-COMPLETE", "info"),
        ("CSC-KEYPAIR-COMPLETE", "info"),
    ]
    for finding in findings:
        assert "key pair is not set in these files (unless the database holds it)" in finding["message"]
        assert "not configured" not in finding["message"]


def test_absence_where_the_connector_is_used_is_worded_as_not_in_these_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = (
        "            'services_connector' => [\n"
        "                'services_id' => [\n"
        "                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',\n"
        "                ],\n"
        "            ],\n"
        "            'payment' => [\n"
        "                'payment_services' => [\n"
        "                    'active' => '1',\n"
        "                ],\n"
        "            ],\n"
    )
    shop = _install(tmp_path, "shop", "production", extra)
    _, findings = _check(monkeypatch, capsys, shop)
    ours = [f for f in findings if f["rule"].startswith(SERVICE_GROUPS)]
    rules = {f["rule"] for f in ours}
    assert {"CSC-SAAS-ENV-PAIR", "SAAS-PROJECT-AND-DATASPACE", "PS-ENABLED-NEEDS-CONNECTION"} <= rules
    assert "PS-ENABLED-NEEDS-MERCHANT-ID" in rules
    for finding in ours:
        message = finding["message"]
        assert "not configured" not in message and "is configured" not in message, message
        assert "in these files" in message, message


def _with_top_level(shop: Path, php: str) -> None:
    env = shop / "app" / "etc" / "env.php"
    text = env.read_text()
    anchor = "    'MAGE_MODE' => 'production',\n"
    assert text.count(anchor) == 1
    env.write_text(text.replace(anchor, anchor + php))


def test_a_data_export_switch_left_on_in_production_is_a_warning_at_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shop = _install(tmp_path, "shop", "production")
    _with_top_level(
        shop, "    'PERSIST_EXPORTED_FEED' => 1,\n    'EXPORTER_EXTENDED_LOG' => getenv('EXTENDED_LOG'),\n"
    )
    code, findings = _check(monkeypatch, capsys, shop)
    [finding] = findings  # the switch computed at run time is unknown: no finding for it
    assert finding["rule"] == "SAAS-EXPORT-DEBUG-IN-PRODUCTION" and finding["severity"] == "warning"
    lines = (shop / "app" / "etc" / "env.php").read_text().splitlines()
    assert lines[finding["line"] - 1].strip() == "'PERSIST_EXPORTED_FEED' => 1,"
    assert finding["paths"] == ["PERSIST_EXPORTED_FEED"] and code == 0  # warnings do not fail a run


@pytest.mark.parametrize("value", ["0", "''", "false", "null", "['nested' => 1]"])
def test_a_data_export_switch_that_is_off_or_not_a_flag_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    shop = _install(tmp_path, "shop", "production")
    _with_top_level(shop, f"    'PERSIST_EXPORTED_FEED' => {value},\n")
    code, findings = _check(monkeypatch, capsys, shop)
    assert findings == [] and code == 0


def _data_space(space: str, kind: str) -> str:
    return (
        "            'services_connector' => [\n"
        "                'services_id' => [\n"
        "                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',\n"
        f"                    'environment_id' => '{space}',\n"
        f"                    'environment' => '{kind}',\n"
        "                ],\n"
        "            ],\n"
    )


def _quota_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fleet: Path
) -> list[dict[str, Any]]:
    _install(fleet, "production", "production", _data_space("da7a-prod", "Production"))
    _install(fleet, "staging", "staging", _data_space("da7a-test", "Testing"))
    _, findings = _check(monkeypatch, capsys, fleet)
    return [f for f in findings if f["rule"] == "FLEET-DATASPACE-QUOTA"]


def test_an_open_source_project_gets_no_testing_data_space(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    [finding] = _quota_findings(monkeypatch, capsys, tmp_path / "fleet")
    assert "1 distinct testing data spaces (da7a-test) but its quota is 0" in finding["message"]


def test_an_adobe_commerce_project_keeps_its_testing_data_spaces(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    commerce = tmp_path / "commerce"
    shutil.copytree(REAL, commerce)
    config = commerce / "app" / "etc" / "config.php"
    text = config.read_text()
    config.write_text(
        text.replace(
            "        'Magento_Store' => 1,\n",
            "        'Magento_Store' => 1,\n        'Magento_Staging' => 1,\n",
        )
    )
    monkeypatch.setattr(sys.modules[__name__], "REAL", commerce)
    assert _quota_findings(monkeypatch, capsys, tmp_path / "fleet") == []


def test_recommendations_from_another_projects_data_space(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def connector(project: str, space: str, alternate: str = "") -> str:
        recommendations = (
            "                'product_recommendations' => [\n"
            "                    'alternate_environment_enabled' => '1',\n"
            f"                    'alternate_environment_id' => '{alternate}',\n"
            "                ],\n"
            if alternate
            else ""
        )
        return (
            "            'services_connector' => [\n"
            f"{recommendations}"
            "                'services_id' => [\n"
            f"                    'project_id' => '{project}',\n"
            f"                    'environment_id' => '{space}',\n"
            "                ],\n"
            "            ],\n"
        )

    fleet = tmp_path / "fleet"
    _install(fleet, "acme-production", "production", connector("p-acme", "ds-acme-prod"))
    _install(fleet, "acme-staging", "staging", connector("p-acme", "ds-acme-stage", "ds-globex-prod"))
    _install(fleet, "globex-production", "production", connector("p-globex", "ds-globex-prod"))
    _, findings = _check(monkeypatch, capsys, fleet)
    [finding] = [f for f in findings if f["rule"] == "FLEET-RECS-ALTERNATE-OTHER-PROJECT"]
    assert finding["message"].startswith("Product Recommendations on acme-staging (")
    assert "env.php:" in finding["message"] and "globex-production (p-globex)" in finding["message"]
    assert not [f for f in findings if f["rule"] == "SAAS-RECS-ALTERNATE-ENVIRONMENT"]
