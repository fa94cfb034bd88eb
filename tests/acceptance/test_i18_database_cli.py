"""The database layer through ``commerce-lint check``: which layers each instance was read from, and
(once i18-read's loader is merged) exports named as ``mysql -B`` writes them, at instance and change level."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.model.i18_database import API_KEY, CRYPT_KEY, INTEGRATION, PEM_CRLF, ciphertext
from tests.model.instances import write
from tests.support.inprocess import run_main
from tests.support.php_writer import php_file

ENV = php_file(
    {
        "backend": {"frontName": "admin_1x7a9q"},
        "crypt": {"key": CRYPT_KEY},
        "MAGE_MODE": "production",
        "system": {"default": {"payment": {"payment_services": {"active": "1"}}}},
    }
)


def _tsv(columns: tuple[str, ...], rows: list[tuple[str | None, ...]]) -> str:
    """A table as ``mysql -B`` writes it: a header, tab-separated values, NULL, ``\\n`` escaped."""

    def cell(value: str | None) -> str:
        if value is None:
            return "NULL"
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    lines = ["\t".join(columns), *("\t".join(cell(value) for value in row) for row in rows)]
    return "\n".join(lines) + "\n"


CONFIG = ("config_id", "scope", "scope_id", "path", "value", "updated_at")
STORE_WEBSITE = _tsv(
    ("website_id", "code", "name", "sort_order", "default_group_id", "is_default"),
    [("0", "admin", "Admin", "0", "0", "0"), ("1", "base", "Main Website", "0", "1", "1")],
)
STORE = _tsv(
    ("store_id", "code", "website_id", "group_id", "name", "sort_order", "is_active"),
    [("0", "admin", "0", "0", "Admin", "0", "1"), ("1", "default", "1", "1", "Default Store View", "0", "1")],
)


def _rows(space: str = "da7a5bac-e001-4001-8001-000000000001") -> list[tuple[str | None, ...]]:
    stamp = "2026-11-02 09:41:07"
    return [
        ("1207", "default", "0", INTEGRATION + "production_api_key", ciphertext(API_KEY), stamp),
        ("1208", "default", "0", INTEGRATION + "production_private_key", ciphertext(PEM_CRLF), stamp),
        ("1209", "default", "0", "services_connector/services_id/environment_id", space, stamp),
        (
            "1210",
            "default",
            "0",
            "services_connector/services_id/project_id",
            "9f0e0000-0000-4000-8000-00000000a1",
            stamp,
        ),
        ("1211", "default", "0", "payment/payment_methods/method", "production", stamp),
        ("1212", "default", "0", "payment/payment_methods/production_merchant_id", "FAKEPRD00000001", stamp),
        ("1234", "websites", "3", "payment/payment_methods/method", "sandbox", "2026-11-02 14:03:11"),
    ]


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(folder.parent)
    return run_main(monkeypatch, capsys, "check", folder.name, *args)


def test_text_output_says_no_database_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = write(
        tmp_path / "shop", {"app/etc/env.php": ENV, "instance.yaml": "environment_type: production\n"}
    )
    code, out, _ = _check(monkeypatch, capsys, shop, "--format", "text")
    lines = out.splitlines()
    header = next(number for number, line in enumerate(lines) if line.startswith("shop"))
    assert lines[header + 1] == (
        "  read: env (shop/app/etc/env.php); no database view: values saved in the Admin are not seen"
    )
    assert code == 1  # Payment Services on with no connection in these files
    assert "not set in these files (unless the database holds it)" in out
    assert CRYPT_KEY not in out and CRYPT_KEY[6:] not in out


def test_json_output_keeps_the_findings_unchanged_by_the_layers_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = write(
        tmp_path / "shop", {"app/etc/env.php": ENV, "instance.yaml": "environment_type: production\n"}
    )
    _, out, _ = _check(monkeypatch, capsys, shop, "--format", "json")
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    assert findings and all("read:" not in finding["message"] for finding in findings)


def test_a_mysql_export_is_a_layer_with_rows_for_provenance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = write(
        tmp_path / "shop",
        {
            "app/etc/env.php": ENV,
            "instance.yaml": "environment_type: production\n",
            "core_config_data.tsv": _tsv(CONFIG, _rows()),
            "store_website.tsv": STORE_WEBSITE,
            "store.tsv": STORE,
        },
    )
    code, out, _ = _check(monkeypatch, capsys, shop, "--format", "json")
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    unknown = [f for f in findings if f["rule"] == "INPUT-UNKNOWN-SCOPE-ID"]
    assert len(unknown) == 1 and code == 1
    assert unknown[0]["paths"] == ["websites/3"]
    assert unknown[0]["file"].endswith("core_config_data.tsv") and unknown[0]["line"] == 8
    assert not [
        f for f in findings if f["rule"] in ("PS-ENABLED-NEEDS-CONNECTION", "CSC-KEY-CIPHERTEXT-UNUSABLE")
    ]
    sandbox = [f for f in findings if f["rule"] == "CSC-KEYPAIR-COMPLETE"]
    assert [f["message"] for f in sandbox] == [
        "The sandbox key pair is not set in any layer (the database's core_config_data included); "
        "Adobe recommends configuring both the production and the sandbox pair."
    ]
    assert PEM_CRLF.splitlines()[1] not in out


def test_base_reads_committed_exports_from_git(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shop = write(
        root / "fleet" / "production",
        {
            "app/etc/env.php": ENV,
            "instance.yaml": "environment_type: production\n",
            "core_config_data.tsv": _tsv(CONFIG, _rows()),
            "store_website.tsv": STORE_WEBSITE,
            "store.tsv": STORE,
        },
    )
    for args in (("init", "-q", "-b", "main"), ("config", "user.email", "t@example.invalid")):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "config", "user.name", "t"], cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-qm", "nightly export"], cwd=root, check=True, capture_output=True)
    (shop / "core_config_data.tsv").write_text(_tsv(CONFIG, _rows("da7a5bac-e001-4001-8001-0000000000ff")))
    done = run_cli("check", "fleet", "--base", "HEAD", "--select", "CHG-*", "--format", "json", cwd=root)
    rules = {finding["rule"] for finding in json.loads(done.stdout)["findings"]}
    assert "CHG-PRODUCTION-DATASPACE-SWITCH" in rules, done.stdout + done.stderr


def test_json_instances_name_their_layers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = write(
        tmp_path / "shop", {"app/etc/env.php": ENV, "instance.yaml": "environment_type: production\n"}
    )
    _, out, _ = _check(monkeypatch, capsys, shop, "--format", "json")
    (summary,) = json.loads(out)["instances"]
    assert summary["layers"] == [
        "env (shop/app/etc/env.php)",
        "no database view: values saved in the Admin are not seen",
    ]
