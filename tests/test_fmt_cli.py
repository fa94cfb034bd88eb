"""Through the command line: ``.magento.env.yaml`` is read (its CRYPT_KEY decrypts, and is a finding whose
value is never printed), PHP files under other names are PHP, and inventory roles and formats are the
registry's."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from linter.formats import hook_pattern
from tests.conftest import ROOT, run_cli
from tests.support.inprocess import run_main
from tests.support.leaks import every_output, leaked
from tests.support.php_writer import php_file

CLOUD = ROOT / "tests" / "data" / "fmt_cloud"  # a Cloud project's files as it commits them, and an env.php
CRYPT_KEY = "9c2f4e7a1b3d5f60718293a4b5c6d7e8"  # .magento.env.yaml stage.deploy.CRYPT_KEY
API_KEY = "mbCQhk1QZ7sXrN4dWv8pLt2e"  # env.php's production_api_key, encrypted with CRYPT_KEY
ENV_FILE_LINE = 18  # the CRYPT_KEY line of the fixture


def _project(tmp_path: Path, *, env_yaml: str | None = None, crypt: str | None = None) -> Path:
    """A copy of the fixture; ``env_yaml`` replaces its .magento.env.yaml, ``crypt`` adds env.php's key."""
    root = tmp_path / "shop"
    shutil.copytree(CLOUD, root)
    if env_yaml is not None:
        (root / ".magento.env.yaml").write_text(env_yaml)
    if crypt is not None:
        env = root / "app" / "etc" / "env.php"
        text = env.read_text().replace(
            "    'backend' => [", f"    'crypt' => [\n        'key' => '{crypt}'\n    ],\n    'backend' => ["
        )
        env.write_text(text)
    return root


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run_main(monkeypatch, capsys, "check", *args, "--format", "json", "--fail-on", "info")
    return code, (json.loads(out)["findings"] if out.strip() else []), err


def _rules(findings: list[dict[str, Any]]) -> set[str]:
    return {finding["rule"] for finding in findings}


def test_a_committed_crypt_key_is_an_error_at_its_line_by_fingerprint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, findings, err = _check(monkeypatch, capsys, str(CLOUD))
    assert code == 1, err
    [found] = [finding for finding in findings if finding["rule"] == "SEC-COMMITTED-CRYPT-KEY"]
    assert found["severity"] == "error" and found["paths"] == ["stage/deploy/CRYPT_KEY"]
    assert found["file"].endswith(".magento.env.yaml") and found["line"] == ENV_FILE_LINE
    assert CRYPT_KEY not in json.dumps(findings) and CRYPT_KEY[:8] not in json.dumps(findings)


def test_the_crypt_key_decrypts_the_instances_values(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # env.php holds the API key encrypted and no crypt/key, as before ece-tools' SetCryptKey writes one.
    unverifiable = "cannot be verified"
    _, findings, _ = _check(monkeypatch, capsys, str(CLOUD))
    assert not [f for f in findings if f["rule"] == "CSC-API-KEY-SHAPE"]
    no_key = _project(tmp_path / "a", env_yaml="stage:\n  deploy:\n    SCD_THREADS: 4\n")
    _, findings, _ = _check(monkeypatch, capsys, str(no_key))
    assert [f for f in findings if f["rule"] == "CSC-API-KEY-SHAPE" and unverifiable in f["message"]]
    # env.php's own key wins: ece-tools writes CRYPT_KEY only into an env.php that has none.
    other = _project(tmp_path / "b", crypt="0123456789abcdef0123456789abcdef")
    _, findings, _ = _check(monkeypatch, capsys, str(other))
    assert {f["rule"] for f in findings} & {"CSC-API-KEY-SHAPE", "CSC-KEY-CIPHERTEXT-UNUSABLE"}


def test_the_crypt_key_and_what_it_decrypts_never_appear_in_any_output(tmp_path: Path) -> None:
    outputs = every_output(_project(tmp_path), tmp_path / "out")
    assert outputs.codes["check"] == 1, outputs.stderr
    assert "SEC-COMMITTED-CRYPT-KEY" in outputs.text
    assert leaked(outputs.text, [CRYPT_KEY, API_KEY]) == []


def test_a_crypt_key_next_to_a_syntax_error_is_one_line_and_no_fragment(tmp_path: Path) -> None:
    broken = f"stage:\n  deploy:\n    CRYPT_KEY: {CRYPT_KEY}\n    SCD_THREADS: [4\n"
    root = _project(tmp_path, env_yaml=broken)
    healthy = tmp_path / "staging" / "app" / "etc"
    healthy.mkdir(parents=True)
    (healthy / "env.php").write_text(php_file(ENV))
    done = run_cli("check", str(root), str(tmp_path / "staging"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if ".magento.env.yaml" in line]
    assert len(errors) == 1 and ".magento.env.yaml:" in errors[0], done.stderr
    assert leaked(done.stdout + done.stderr, [CRYPT_KEY]) == []
    assert "SAAS-PROJECT-AND-DATASPACE" in done.stdout  # the other files are still checked


@pytest.mark.parametrize(
    "text",
    [
        "# every variable is set in the Cloud Console\n",
        "stage:\n  deploy:\n",
        "stage:\n  deploy:\n    CRYPT_KEY: !php/const \\Vendor\\Keys::CRYPT\n",
        "stage:\n  deploy:\n    DATABASE_CONFIGURATION:\n      connection: {default: {driver_options: "
        "{!php/const \\PDO::MYSQL_ATTR_LOCAL_INFILE: 1}}}\n",
    ],
    ids=["comments-only", "empty-stage", "constant-key", "flow-constant"],
)
def test_odd_but_valid_files_read_without_error_or_finding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    code, findings, err = _check(monkeypatch, capsys, str(_project(tmp_path, env_yaml=text)))
    assert code == 1 and not err, err  # the env.php findings, nothing about this file
    assert "SEC-COMMITTED-CRYPT-KEY" not in _rules(findings)


# --------------------------------------------------------------------------- PHP under other names

ENV = {
    "backend": {"frontName": "admin_x9"},
    "system": {
        "default": {
            "services_connector": {"services_id": {"project_id": "9f0e0000-0000-4000-8000-000000000001"}}
        }
    },
}


@pytest.mark.parametrize(
    "name", ["env.php.dist", "env.php.sample", "app/etc/env.php.example", "env.docker.php", "env.php.bak"]
)
def test_a_php_file_under_another_name_is_read_as_php(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(php_file(ENV))
    code, findings, err = _check(monkeypatch, capsys, str(path))
    assert code == 1 and not err, err
    assert "SAAS-PROJECT-AND-DATASPACE" in _rules(findings)  # project id without a data space: read
    assert "SEC-CONNECTOR-IN-SHARED-CONFIG" not in _rules(findings)  # an env.php is no shared file


def test_config_php_dist_is_a_shared_config(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "config.php.dist"
    path.write_text(php_file({"system": ENV["system"]}))
    code, findings, err = _check(monkeypatch, capsys, str(path))
    assert code == 1 and not err, err
    assert "SEC-CONNECTOR-IN-SHARED-CONFIG" in _rules(findings)


def test_a_file_that_opens_with_php_is_php_whatever_its_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # (Text before the tag, as PHP allows, is judged PHP too: tests/test_fmt_registry.py.)
    path = tmp_path / "env-backup"
    path.write_text(php_file(ENV))
    code, findings, err = _check(monkeypatch, capsys, str(path))
    assert code == 1 and not err, err
    assert "SAAS-PROJECT-AND-DATASPACE" in _rules(findings)


def test_a_template_beside_env_php_is_not_a_layer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A template is what an installation may be made from: a broken one does not break the instance.
    etc = tmp_path / "shop" / "app" / "etc"
    etc.mkdir(parents=True)
    (etc / "env.php").write_text(php_file({"backend": {"frontName": "admin_x9"}}))
    (etc / "env.php.dist").write_text("<?php\nreturn [ 'a' => ;\n")
    (etc / "config.php.dist").write_text(php_file({"system": ENV["system"]}))
    code, findings, err = _check(monkeypatch, capsys, str(tmp_path / "shop"))
    assert code in (0, 1) and "env.php.dist" not in err, err
    assert not _rules(findings) & {"SEC-CONNECTOR-IN-SHARED-CONFIG", "SAAS-PROJECT-AND-DATASPACE"}
    # ... and the hooks do not start on it either.
    assert not re.search(hook_pattern(), "shop/app/etc/env.php.dist")


# --------------------------------------------------------------------------- the settings inventory


def _inventory(tmp_path: Path, files: str) -> Path:
    (tmp_path / "commerce-lint.yaml").write_text(f"instances:\n  - name: shop\n    files:\n{files}")
    return tmp_path / "commerce-lint.yaml"


def test_an_inventory_template_is_read_as_php_without_a_role(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "env.php.dist").write_text(php_file(ENV))
    (tmp_path / "config.php.dist").write_text(php_file({"system": ENV["system"]}))
    settings = _inventory(tmp_path, "      - env.php.dist\n      - config.php.dist\n")
    monkeypatch.chdir(tmp_path)
    code, findings, err = _check(monkeypatch, capsys, "--config", str(settings))
    assert code == 1 and not err, err
    assert {"SAAS-PROJECT-AND-DATASPACE", "SEC-CONNECTOR-IN-SHARED-CONFIG"} <= _rules(findings)


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("role", "envv", "config, config_show, database, env, variables"),
        ("role", "manifest", "config, config_show, database, env, variables"),
        (
            "format",
            "phpp",
            "cloud_app, cloud_env, config_show, db_dump, db_tsv, dotenv, environment, json, php, yaml",
        ),
    ],
)
def test_an_unknown_inventory_role_or_format_names_the_settings_line_and_the_choices(
    tmp_path: Path, field: str, value: str, allowed: str
) -> None:
    other = "format: php" if field == "role" else "role: env"
    settings = _inventory(tmp_path, f"      - path: env.php\n        {other}\n        {field}: {value}\n")
    (tmp_path / "env.php").write_text(php_file(ENV))
    done = run_cli("check", "--config", str(settings), cwd=tmp_path)
    expected = (  # line 6: where the field is written
        f"commerce-lint.yaml:6: invalid settings: instances/0/files/0/{field}: "
        f"unknown {field} {value!r} (choose from {allowed})"
    )
    assert done.returncode == 2 and expected in done.stderr, done.stderr


def test_a_new_format_is_accepted_by_the_inventory_without_a_schema_edit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "deploy.yaml").write_text(f"stage:\n  deploy:\n    CRYPT_KEY: {CRYPT_KEY}\n")
    settings = _inventory(
        tmp_path, "      - path: deploy.yaml\n        role: variables\n        format: cloud_env\n"
    )
    monkeypatch.chdir(tmp_path)
    code, findings, err = _check(monkeypatch, capsys, "--config", str(settings))
    assert code == 1 and not err, err
    assert "SEC-COMMITTED-CRYPT-KEY" in _rules(findings)
