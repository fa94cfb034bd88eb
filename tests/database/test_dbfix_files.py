"""The database layer from export and dump files, through the CLI: each row named where a finding or
``show`` lists it, env.php's table prefix followed (a mismatch is an input error, not a silent pass),
the fix hint of an unknown scope id in the row's own scope, and absences that name the files read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

SHOP = Path(__file__).resolve().parents[1] / "data" / "real-install" / "shop"
RULE = "PS-ENABLED-NEEDS-MERCHANT-ID"
HEADER = "config_id\tscope\tscope_id\tpath\tvalue\tupdated_at\n"
CONFIG_ROWS = (
    "1\tdefault\t0\tweb/secure/base_url\thttps://shop.example.com/\t2026-09-14 08:12:04\n"
    "60\twebsites\t1\tpayment/payment_services/active\t1\t2026-11-05 08:00:00\n"
    "61\twebsites\t1\tpayment/payment_methods/method\tproduction\t2026-11-05 08:00:00\n"
)
STORE_FILES = {
    "store_website.tsv": "website_id\tcode\tname\tsort_order\tdefault_group_id\tis_default\n"
    "0\tadmin\tAdmin\t0\t0\t0\n1\tbase\tMain Website\t0\t1\t1\n",
    "store_group.tsv": "group_id\twebsite_id\tname\troot_category_id\tdefault_store_id\tcode\n"
    "0\t0\tDefault\t0\t0\tdefault\n1\t1\tMain Website Store\t2\t1\tmain_website_store\n",
    "store.tsv": "store_id\tcode\twebsite_id\tgroup_id\tname\tsort_order\tis_active\n"
    "0\tadmin\t0\t0\tAdmin\t0\t1\n1\tdefault\t1\t1\tDefault Store View\t0\t1\n",
}
# What mariadb-dump writes for the four tables (columns as Magento's db_schema.xml declares them), with a
# table of another module whose name also ends in "store": not one of the four.
DUMP = """-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `{p}cms_page_store`;
CREATE TABLE `{p}cms_page_store` (
  `page_id` smallint(6) NOT NULL,
  `store_id` smallint(5) unsigned NOT NULL,
  PRIMARY KEY (`page_id`,`store_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='CMS Page To Store Linkage Table';
INSERT INTO `{p}cms_page_store` VALUES (1,0),(2,0);
DROP TABLE IF EXISTS `{p}core_config_data`;
CREATE TABLE `{p}core_config_data` (
  `config_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Config ID',
  `scope` varchar(8) NOT NULL DEFAULT 'default' COMMENT 'Config Scope',
  `scope_id` int(11) NOT NULL DEFAULT 0 COMMENT 'Config Scope ID',
  `path` varchar(255) NOT NULL DEFAULT 'general' COMMENT 'Config Path',
  `value` mediumtext DEFAULT NULL COMMENT 'Config Value',
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`config_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Config Data';
INSERT INTO `{p}core_config_data` VALUES (1,'default',0,'web/secure/base_url','https://shop.example.com/',\
'2026-09-14 08:12:04'),(60,'websites',1,'payment/payment_services/active',_binary 0x31,\
'2026-11-05 08:00:00'),\
(61,'websites',1,'payment/payment_methods/method','production','2026-11-05 08:00:00');
DROP TABLE IF EXISTS `{p}store`;
CREATE TABLE `{p}store` (
  `store_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Store ID',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `website_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Website ID',
  `group_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Group ID',
  `name` varchar(255) NOT NULL COMMENT 'Store Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Sort Order',
  `is_active` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Activity',
  PRIMARY KEY (`store_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Stores';
INSERT INTO `{p}store` VALUES (0,'admin',0,0,'Admin',0,1),(1,'default',1,1,'Default Store View',0,1);
DROP TABLE IF EXISTS `{p}store_website`;
CREATE TABLE `{p}store_website` (
  `website_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Website ID',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `name` varchar(64) DEFAULT NULL COMMENT 'Website Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Sort Order',
  `default_group_id` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Default Group ID',
  `is_default` smallint(5) unsigned DEFAULT 0 COMMENT 'Defines Is Website Default',
  PRIMARY KEY (`website_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Websites';
INSERT INTO `{p}store_website` VALUES (0,'admin','Admin',0,0,0),(1,'base','Main Website',0,1,1);
"""


def _shop(folder: Path, prefix: str = "", files: dict[str, str] | None = None) -> Path:
    (folder / "app" / "etc").mkdir(parents=True)
    (folder / "app" / "etc" / "config.php").write_bytes((SHOP / "app" / "etc" / "config.php").read_bytes())
    env = (SHOP / "app" / "etc" / "env.php").read_text()
    (folder / "app" / "etc" / "env.php").write_text(
        env.replace("'table_prefix' => '',", f"'table_prefix' => '{prefix}',")
    )
    for name, text in (files or {}).items():
        (folder / name).write_bytes(text.encode())
    return folder


def _exports(config_rows: str = CONFIG_ROWS) -> dict[str, str]:
    return {"core_config_data.tsv": HEADER + config_rows, **STORE_FILES}


def _findings(out: str, rule: str) -> list[dict[str, object]]:
    return [finding for finding in json.loads(out)["findings"] if finding["rule"] == rule]


def test_a_row_is_named_where_a_finding_lists_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", files=_exports())
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--select", RULE)
    assert code == 1, err
    export = shop / "core_config_data.tsv"
    assert f"{export}:4 (core_config_data websites/base, config_id 61, updated 2026-11-05)" in out
    related = f"{export}:3 (core_config_data websites/base, config_id 60, updated 2026-11-05)"
    assert f"see also {related} — websites/base/payment/payment_services/active = 1" in out


def test_show_names_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", files=_exports())
    args = ("show", str(shop), "-s", "websites/base", "-p", "payment/payment_methods/method")
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 0, err
    assert "core_config_data.tsv:4 (core_config_data websites/base, config_id 61, updated 2026-11-05)" in out
    code, out, err = run_main(monkeypatch, capsys, *args, "-f", "json")
    assert code == 0, err
    (value,) = json.loads(out)["instances"][0]["values"]
    assert (
        value["chain"][0]["location"]["variable"]
        == "core_config_data websites/base, config_id 61, updated 2026-11-05"
    )


def test_an_absence_names_the_database_once_and_the_php_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", files=_exports())
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--select", RULE, "-f", "json")
    assert code == 1, err
    (finding,) = _findings(out, RULE)
    notes = [place["note"] for place in finding["related"] if "is not set in" in (place["note"] or "")]  # type: ignore[attr-defined]
    assert len(notes) == 1
    consulted = notes[0].split(" is not set in ", 1)[1]
    env, config = shop / "app" / "etc" / "env.php", shop / "app" / "etc" / "config.php"
    assert consulted == f"the database (core_config_data), {config}, {env}; it belongs here"


def test_a_prefixed_dump_is_read_with_env_php_s_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop", prefix="mg_", files={"dump.sql": DUMP.format(p="mg_")})
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--select", RULE, "-f", "json")
    assert code == 1, err
    (finding,) = _findings(out, RULE)
    assert finding["variable"] == "core_config_data websites/base, config_id 61, updated 2026-11-05"


@pytest.mark.parametrize(("env_prefix", "dump_prefix"), [("", "mg_"), ("mg_", "shop_"), ("mg_", "")])
def test_a_dump_with_another_prefix_is_an_input_error_not_a_pass(
    env_prefix: str,
    dump_prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shop = _shop(tmp_path / "shop", prefix=env_prefix, files={"dump.sql": DUMP.format(p=dump_prefix)})
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop))
    assert code == 2
    errors = [line for line in err.splitlines() if "error" in line]
    assert len(errors) == 1, err
    assert f"{shop / 'dump.sql'}" in errors[0] and "db/table_prefix" in errors[0]
    assert repr(dump_prefix) in errors[0] and repr(env_prefix) in errors[0]
    assert "1 instance checked" in out  # the files are still checked


def test_the_fix_for_an_unknown_store_view_id_deletes_store_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = CONFIG_ROWS + "70\tstores\t7\tgeneral/locale/code\tde_DE\t2026-11-05 08:00:00\n"
    rows += "71\twebsites\t3\tgeneral/locale/code\tfr_FR\t2026-11-05 08:00:00\n"
    shop = _shop(tmp_path / "shop", files=_exports(rows))
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--select", "INPUT-UNKNOWN-SCOPE-ID")
    assert code == 1, err
    fixes = [line.strip() for line in out.splitlines() if line.strip().startswith("fix:")]
    assert len(fixes) == 2, out
    assert any("WHERE scope = 'stores' AND scope_id = 7`" in fix and "store view" in fix for fix in fixes)
    assert any("WHERE scope = 'websites' AND scope_id = 3`" in fix for fix in fixes)
