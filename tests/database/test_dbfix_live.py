"""The live read against a real MariaDB gives the findings an export and a dump of the same tables give:
each row named by its own place, env.php's table prefix followed, a DSN never taken for a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter.loaders.db_rows import TABLES
from tests.database.conftest import DATA, Server
from tests.support.inprocess import run_main

pytest.importorskip("pymysql", reason="PyMySQL is not installed: pip install 'commerce-lint[mysql]'")

SHOP = Path(__file__).resolve().parents[1] / "data" / "real-install" / "shop"
RULE = "PS-ENABLED-NEEDS-MERCHANT-ID"
PAYING = b"""
INSERT INTO core_config_data (config_id, scope, scope_id, path, value, updated_at) VALUES
(60, 'websites', 1, 'payment/payment_services/active', '1', '2026-11-05 08:00:00'),
(61, 'websites', 1, 'payment/payment_methods/method', 'production', '2026-11-05 08:00:00');
"""


def _database(server: Server, name: str, extra: bytes = b"", prefix: str = "") -> None:
    server.client("-e", f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} CHARACTER SET utf8mb3")
    server.client(database=name, stdin=DATA.joinpath("magento.sql").read_bytes() + extra)
    if prefix:
        renames = ", ".join(f"{table} TO {prefix}{table}" for table in TABLES)
        server.client("-e", f"RENAME TABLE {renames}", database=name)


def _shop(folder: Path, prefix: str = "") -> Path:
    (folder / "app" / "etc").mkdir(parents=True)
    (folder / "app" / "etc" / "config.php").write_bytes((SHOP / "app" / "etc" / "config.php").read_bytes())
    env = (SHOP / "app" / "etc" / "env.php").read_text()
    (folder / "app" / "etc" / "env.php").write_text(
        env.replace("'table_prefix' => '',", f"'table_prefix' => '{prefix}',")
    )
    return folder


def _findings(out: str, rule: str) -> list[dict[str, Any]]:
    return [finding for finding in json.loads(out)["findings"] if finding["rule"] == rule]


def _as_compared(finding: dict[str, Any], shop: Path) -> tuple[Any, ...]:
    """What a finding says whatever the input: its paths, message and each related place's row and note
    (the instance's folder left out)."""
    related = [
        (place["variable"], (place["note"] or "").replace(str(shop), "")) for place in finding["related"]
    ]
    return tuple(finding["paths"]), finding["message"], related, finding["variable"]


def test_the_live_read_an_export_and_a_dump_give_the_same_findings(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _database(mariadb, "paying", PAYING)
    live_shop = _shop(tmp_path / "live")
    code, out, err = run_main(
        monkeypatch, capsys, "check", str(live_shop), "--db", mariadb.dsn("paying"), "-f", "json"
    )
    assert code == 1, err
    (live,) = _findings(out, RULE)
    tsv_shop = _shop(tmp_path / "tsv")
    for table in TABLES:
        content = mariadb.client("-B", "-e", f"SELECT * FROM {table}", database="paying")
        (tsv_shop / f"{table}.tsv").write_bytes(content)
    dump_shop = _shop(tmp_path / "dump")
    (dump_shop / "dump.sql").write_bytes(mariadb.dump("paying"))
    for shop in (tsv_shop, dump_shop):
        code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", "json")
        assert code == 1, err
        (found,) = _findings(out, RULE)
        assert _as_compared(found, shop) == _as_compared(live, live_shop), shop.name
    rows = [place["variable"] for place in live["related"]]
    assert "core_config_data websites/base, config_id 60, updated 2026-11-05" in rows  # the active = 1 row
    assert live["variable"] == "core_config_data websites/base, config_id 61, updated 2026-11-05"


def test_env_php_s_table_prefix_is_queried_live(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _database(mariadb, "prefixed", PAYING, prefix="mg_")
    shop = _shop(tmp_path / "shop", prefix="mg_")
    code, out, err = run_main(
        monkeypatch, capsys, "check", str(shop), "--db", mariadb.dsn("prefixed"), "-f", "json"
    )
    assert code == 1, err
    assert len(_findings(out, RULE)) == 1  # the rows of mg_core_config_data were read
    without = _shop(tmp_path / "plain")  # env.php says '': the unprefixed tables, which do not exist
    code, out, err = run_main(monkeypatch, capsys, "check", str(without), "--db", mariadb.dsn("prefixed"))
    assert code == 2 and "a table is missing" in err


def test_a_live_finding_in_sarif_and_code_quality_names_no_dsn_as_a_file(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _database(mariadb, "paying", PAYING)
    shop = _shop(tmp_path / "shop")
    dsn = mariadb.dsn("paying")
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--db", dsn, "-f", "sarif")
    assert code == 1, err
    run = json.loads(out)["runs"][0]
    uris = [artifact["location"]["uri"] for artifact in run["artifacts"]]
    assert uris and not [uri for uri in uris if "mysql" in uri or "unix_socket" in uri]
    (result,) = [result for result in run["results"] if result["ruleId"] == RULE]
    for location in [*result.get("locations", ()), *result.get("relatedLocations", ())]:
        physical = location.get("physicalLocation")
        assert physical is None or "mysql" not in physical["artifactLocation"]["uri"]
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--db", dsn, "-f", "codequality")
    assert code == 1, err
    (issue,) = [issue for issue in json.loads(out) if issue["check_name"] == RULE]
    assert "mysql" not in issue["location"]["path"] and issue["location"]["path"].endswith(".php")
