"""Database exports and dumps in an instance folder, through the command line: which names are read, as
the instance's database layer, and how a broken one is reported."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from linter.formats import Role, recognise
from tests.support.inprocess import run_main

SHOP = Path(__file__).resolve().parents[1] / "data" / "real-install" / "shop"
DUMP = Path(__file__).resolve().parents[1] / "data" / "i18_db" / "magento.sql"
KEY = "0:3:uT0ezK8eu0eqQwJ0dS8vpS1Ar2Si2JmR6p2gL1Bq4Ek1Rj7wA5dM9hN3cV8xY2zQ"


def _shop(tmp_path: Path) -> Path:
    shop = tmp_path / "shop"
    shutil.copytree(SHOP, shop)
    return shop


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], shop: Path
) -> tuple[int, dict, str]:
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", "json")
    return code, json.loads(out), err


def _database_files(report: dict) -> list[str]:
    return [
        item["path"].rsplit("/", 1)[-1]
        for item in report["instances"][0]["files"]
        if item["role"] == "database"
    ]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("core_config_data.tsv", "db_tsv"),
        ("store_website.tsv", "db_tsv"),
        ("store_group.tsv", "db_tsv"),
        ("store.tsv", "db_tsv"),
        ("magento.sql", "db_dump"),
        ("database.sql", "db_dump"),
        ("db.sql", "db_dump"),
        ("dump.sql", "db_dump"),
        ("core_config_data.sql", "db_dump"),
    ],
)
def test_the_database_file_names(name: str, fmt: str) -> None:
    found = recognise(name)
    assert found is not None and found.role is Role.DATABASE and found.format == fmt and not found.shared


@pytest.mark.parametrize("name", ["backup.sql", "schema.sql", "sales_order.tsv", "Magento.SQL", "store.csv"])
def test_other_sql_and_tsv_files_are_not_read(name: str) -> None:
    assert recognise(name) is None


def test_exports_and_a_dump_are_the_instance_s_database_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    (shop / "magento.sql").write_bytes(DUMP.read_bytes())
    (shop / "core_config_data.tsv").write_text(
        "scope\tscope_id\tpath\tvalue\ndefault\t0\tweb/seo/use_rewrites\t1\n"
    )
    (shop / "backup.sql").write_text("this is not SQL at all (\n")  # not a name that is read: no error
    code, report, err = _check(monkeypatch, capsys, shop)
    assert code in (0, 1), err
    assert sorted(_database_files(report)) == ["core_config_data.tsv", "magento.sql"]
    assert report["errors"] == []


def test_a_broken_dump_is_one_line_naming_file_and_line_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    text = DUMP.read_text()
    broken = text.replace("(11,'default',0,", "(11,'default' 0,", 1)  # a comma lost, beside a connector key
    (shop / "magento.sql").write_text(broken)
    line = broken[: broken.index("(11,'default' 0,")].count("\n") + 1
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop))
    assert code == 2
    errors = [entry for entry in err.splitlines() if "error:" in entry]
    assert len(errors) == 1 and re.match(
        rf"commerce-lint: error: .*shop/magento\.sql:{line}:1: malformed VALUES", errors[0]
    )
    assert "1 instance checked" in out  # env.php and config.php still read
    assert KEY[4:20] not in out + err and "Hk2jL4mN6bV8cX0z" not in out + err


def test_a_dump_under_another_name_is_read_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "prod-2026-11-02.sql"
    dump.write_bytes(DUMP.read_bytes())
    code, report, err = _check(monkeypatch, capsys, dump)
    assert code in (0, 1), err
    assert [(item["path"].rsplit("/", 1)[-1], item["role"]) for item in report["instances"][0]["files"]] == [
        ("prod-2026-11-02.sql", "database")
    ]
    assert report["errors"] == []


def test_a_tsv_export_with_bytes_that_are_not_utf8_does_not_abort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    (shop / "core_config_data.tsv").write_bytes(
        b"scope\tscope_id\tpath\tvalue\ndefault\t0\tgeneral/store_information/city\tK\xf6ln\r\n"
    )
    (shop / "store.tsv").write_bytes(b"store_id\tcode\twebsite_id\n0\tadmin\t0\n1\tdefault\t1\n")
    code, report, err = _check(monkeypatch, capsys, shop)
    assert code in (0, 1), err
    assert sorted(_database_files(report)) == ["core_config_data.tsv", "store.tsv"]


def test_a_broken_export_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path)
    (shop / "store_website.tsv").write_text("website_id\tcode\tname\n0\tadmin\tAdmin\n1\tbase\n")
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop))
    assert code == 2
    errors = [entry for entry in err.splitlines() if "error:" in entry]
    assert len(errors) == 1
    assert errors[0].endswith("store_website.tsv:3: 2 values where the header names 3 columns")
    assert "1 instance checked" in out
