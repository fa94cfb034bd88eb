"""``db:`` in an instance's manifest and in the settings file: a live read asked for by committed files,
which therefore may not carry a password; and ``--db`` reads one instance's database, never a fleet's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.database.conftest import AUDITOR_PASSWORD, Server
from tests.support.inprocess import run_main

pytest.importorskip("pymysql", reason="PyMySQL is not installed: pip install 'commerce-lint[mysql]'")

SHOP = Path(__file__).resolve().parents[1] / "data" / "real-install" / "shop"


def _shop(folder: Path, manifest: str | None = None) -> Path:
    shutil.copytree(SHOP, folder)
    if manifest is not None:
        (folder / "instance.yaml").write_text(manifest)
    return folder


def _option_file(tmp_path: Path) -> Path:
    path = tmp_path / "auditor.cnf"
    path.write_text(f"[client]\nuser=auditor\npassword={AUDITOR_PASSWORD}\n")
    return path


def test_db_in_the_manifest_reads_the_database(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dsn = f"mysql:///magento?unix_socket={mariadb.socket}&defaults_file={_option_file(tmp_path)}"
    shop = _shop(tmp_path / "shop", f"name: shop\nenvironment_type: production\ndb: '{dsn}'\n")
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", "json")
    assert code in (0, 1), err
    files = json.loads(out)["instances"][0]["files"]
    live = [item for item in files if item["role"] == "database"]
    assert [item["path"] for item in live] == [f"mysql:///magento?unix_socket={mariadb.socket}"]
    assert len(live[0]["sha256"]) == 64  # what the rows say, so two reads can be told apart
    assert AUDITOR_PASSWORD not in out + err


def test_a_password_in_the_manifest_is_refused_and_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Committed-Pa55-9931"
    shop = _shop(tmp_path / "shop", f"name: shop\ndb: 'mysql://magento:{secret}@db.internal/magento'\n")
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop))
    assert code == 2
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and "instance.yaml" in errors[0] and "option file" in errors[0]
    assert secret not in out + err and secret[:9] not in out + err
    assert "1 instance checked" in out  # the files are still checked


def test_db_in_the_settings_file(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _shop(tmp_path / "shop")
    dsn = f"mysql:///magento?unix_socket={mariadb.socket}&defaults_file={_option_file(tmp_path)}"
    (tmp_path / "commerce-lint.yaml").write_text(f"paths: [shop]\ndb: '{dsn}'\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(monkeypatch, capsys, "check", "-f", "json")
    assert code in (0, 1), err
    assert any(item["role"] == "database" for item in json.loads(out)["instances"][0]["files"])
    (tmp_path / "commerce-lint.yaml").write_text(
        "paths: [shop]\ndb: 'mysql://auditor:Pw-in-settings-1@x/magento'\n"
    )
    code, out, err = run_main(monkeypatch, capsys, "check")
    assert code == 2 and "option file" in err and "Pw-in-settings-1" not in out + err
    assert shop.is_dir()


def test_db_reads_one_instance_not_a_fleet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(tmp_path / "fleet" / "eu")
    _shop(tmp_path / "fleet" / "us")
    code, out, err = run_main(
        monkeypatch, capsys, "check", str(tmp_path / "fleet"), "--db", "mysql://u@h/magento"
    )
    assert code == 2
    assert "reads one instance's database, and 2 instances were found" in err and not out
