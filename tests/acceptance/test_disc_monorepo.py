"""A monorepo: one shared app/etc/config.php at the repository's root, an env.php per environment below
it (envs/<name>/app/etc/env.php). It is a fleet of two instances that share the root's file, on disk and
in git trees (--staged, --base); a finding on the shared file names the root file and its line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.model.instances import write
from tests.support.inprocess import run_main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

# As bin/magento app:config:dump writes it (PhpFormatter: the comment header, 4-space indent, [ ]).
_MODULES = [
    "Magento_Store",
    "Magento_Directory",
    "Magento_Theme",
    "Magento_Eav",
    "Magento_Customer",
    "Magento_Backend",
    "Magento_Catalog",
    "Magento_Cms",
    "Magento_Config",
    "Magento_Sales",
    "Magento_Checkout",
    "Magento_Quote",
    "Magento_Payment",
    "Magento_Tax",
    "Magento_Search",
    "Magento_CatalogSearch",
    "Magento_Elasticsearch7",
    "Magento_ServicesId",
    "Magento_ServicesConnector",
    "Magento_SaaSCommon",
    "Magento_DataExporter",
    "Magento_PaymentServicesBase",
    "Magento_PaymentServicesPaypal",
    "Magento_TwoFactorAuth",
]


def _config_php() -> str:
    modules = "".join(
        f"        '{name}' => {0 if name == 'Magento_TwoFactorAuth' else 1},\n" for name in _MODULES
    )
    return (
        "<?php\n"
        "return [\n"
        "    'modules' => [\n"
        f"{modules}"
        "    ],\n"
        "    'scopes' => [\n"
        "        'websites' => [\n"
        "            'admin' => [\n"
        "                'website_id' => '0',\n"
        "                'code' => 'admin',\n"
        "                'name' => 'Admin',\n"
        "                'sort_order' => '0',\n"
        "                'default_group_id' => '0',\n"
        "                'is_default' => '0'\n"
        "            ],\n"
        "            'base' => [\n"
        "                'website_id' => '1',\n"
        "                'code' => 'base',\n"
        "                'name' => 'Main Website',\n"
        "                'sort_order' => '0',\n"
        "                'default_group_id' => '1',\n"
        "                'is_default' => '1'\n"
        "            ]\n"
        "        ],\n"
        "        'groups' => [\n"
        "            [\n"
        "                'group_id' => '0',\n"
        "                'website_id' => '0',\n"
        "                'name' => 'Default',\n"
        "                'root_category_id' => '0',\n"
        "                'default_store_id' => '0',\n"
        "                'code' => 'default'\n"
        "            ],\n"
        "            [\n"
        "                'group_id' => '1',\n"
        "                'website_id' => '1',\n"
        "                'name' => 'Main Website Store',\n"
        "                'root_category_id' => '2',\n"
        "                'default_store_id' => '1',\n"
        "                'code' => 'main_website_store'\n"
        "            ]\n"
        "        ],\n"
        "        'stores' => [\n"
        "            'admin' => [\n"
        "                'store_id' => '0',\n"
        "                'code' => 'admin',\n"
        "                'website_id' => '0',\n"
        "                'group_id' => '0',\n"
        "                'name' => 'Admin',\n"
        "                'sort_order' => '0',\n"
        "                'is_active' => '1'\n"
        "            ],\n"
        "            'default' => [\n"
        "                'store_id' => '1',\n"
        "                'code' => 'default',\n"
        "                'website_id' => '1',\n"
        "                'group_id' => '1',\n"
        "                'name' => 'Default Store View',\n"
        "                'sort_order' => '0',\n"
        "                'is_active' => '1'\n"
        "            ]\n"
        "        ]\n"
        "    ],\n"
        "    'system' => [\n"
        "        'default' => [\n"
        "            'general' => [\n"
        "                'locale' => [\n"
        "                    'code' => 'en_US'\n"
        "                ]\n"
        "            ],\n"
        "            'services_connector' => [\n"
        "                'services_id' => [\n"
        "                    'project_id' => '9f0e0000-0000-4000-8000-000000000001'\n"
        "                ]\n"
        "            ]\n"
        "        ]\n"
        "    ],\n"
        "    'i18n' => [\n"
        "\n"
        "    ]\n"
        "];\n"
    )


def _env_php(space: str, kind: str, password: str) -> str:
    return (
        "<?php\n"
        "return [\n"
        "    'MAGE_MODE' => 'production',\n"
        "    'backend' => [\n"
        "        'frontName' => 'admin_x7k2'\n"
        "    ],\n"
        "    'db' => [\n"
        "        'table_prefix' => '',\n"
        "        'connection' => [\n"
        "            'default' => [\n"
        "                'host' => 'db.internal',\n"
        "                'dbname' => 'magento',\n"
        "                'username' => 'magento',\n"
        f"                'password' => '{password}',\n"
        "                'active' => '1'\n"
        "            ]\n"
        "        ]\n"
        "    ],\n"
        "    'system' => [\n"
        "        'default' => [\n"
        "            'services_connector' => [\n"
        "                'services_id' => [\n"
        f"                    'environment_id' => '{space}',\n"
        f"                    'environment' => '{kind}'\n"
        "                ]\n"
        "            ]\n"
        "        ]\n"
        "    ]\n"
        "];\n"
    )


SPACE = "da7a5bac-e001-4001-8001-000000000001"  # staging copied production's data space
CONFIG_LINE = (
    _config_php()
    .splitlines()
    .index("                    'project_id' => '9f0e0000-0000-4000-8000-000000000001'")
    + 1
)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(
        tmp_path,
        {
            "app/etc/config.php": _config_php(),
            "envs/prod/app/etc/env.php": _env_php(SPACE, "Production", "prod-db-secret-1"),
            "envs/staging/app/etc/env.php": _env_php(SPACE, "Testing", "stg-db-secret-2"),
            "README.md": "# shop\n",
        },
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "monorepo")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run_main(monkeypatch, capsys, "check", *args, "-f", "json")
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "prod-db-secret-1" not in out + err and "stg-db-secret-2" not in out + err
    report: dict = json.loads(out)  # type: ignore[type-arg]
    return report


def _seen(report: dict) -> tuple[list[tuple[str, list[str]]], list[tuple[object, ...]], list[str]]:  # type: ignore[type-arg]
    instances = sorted(
        (i["name"], sorted(Path(f["path"]).as_posix() for f in i["files"])) for i in report["instances"]
    )
    shared = sorted(
        (f["instance"], f["file"], f["line"])
        for f in report["findings"]
        if f["rule"] == "SEC-CONNECTOR-IN-SHARED-CONFIG"
    )
    fleet = [f["rule"] for f in report["findings"] if f["rule"] == "FLEET-UNIQUE-DATASPACE"]
    return instances, shared, fleet


EXPECTED_INSTANCES = [
    ("prod", ["app/etc/config.php", "envs/prod/app/etc/env.php"]),
    ("staging", ["app/etc/config.php", "envs/staging/app/etc/env.php"]),
]


@pytest.mark.parametrize("paths", [[], ["."], ["envs/.."]])
def test_the_monorepo_is_a_fleet_of_the_instances_below_the_shared_root(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], paths: list[str]
) -> None:
    instances, shared, fleet = _seen(_check(monkeypatch, capsys, *paths))
    assert instances == EXPECTED_INSTANCES  # two instances; the root is not a third one
    # The shared file's finding names the root file and its line, once for each instance sharing it.
    assert shared == [
        ("prod", "app/etc/config.php", CONFIG_LINE),
        ("staging", "app/etc/config.php", CONFIG_LINE),
    ]
    assert fleet == ["FLEET-UNIQUE-DATASPACE"]  # the fleet rules see both instances


def test_naming_the_shared_file_checks_the_instances_that_share_it(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    instances, shared, _ = _seen(_check(monkeypatch, capsys, "app/etc/config.php"))
    assert instances == EXPECTED_INSTANCES
    assert [place[1:] for place in shared] == [("app/etc/config.php", CONFIG_LINE)] * 2


@pytest.mark.parametrize(
    "paths",
    [["envs/prod"], ["envs/prod/app/etc/env.php"], ["envs/prod/app/etc/env.php", "envs/staging"]],
)
def test_a_named_instance_below_the_shared_root_reads_the_shared_file(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], paths: list[str]
) -> None:
    # As the pre-commit hook names the staged files: the same instances as a scan of the whole repository.
    expected = [
        item for item in EXPECTED_INSTANCES if any(path.startswith(f"envs/{item[0]}") for path in paths)
    ]
    for args in ([], ["--staged"], ["--base", "HEAD"]):
        instances, shared, _ = _seen(_check(monkeypatch, capsys, *args, *paths))
        assert instances == expected, args
        assert shared == [(name, "app/etc/config.php", CONFIG_LINE) for name, _ in expected], args


def test_a_named_instance_takes_no_shared_file_from_above_its_repository_or_an_instance(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Above an instance of its own (the root gets an env.php), the root's config.php is that instance's.
    write(monorepo, {"app/etc/env.php": _env_php("da7a5bac-e001-4001-8001-000000000009", "Production", "x")})
    instances, _, _ = _seen(_check(monkeypatch, capsys, "envs/prod"))
    assert instances == [("prod", ["envs/prod/app/etc/env.php"])]
    # Hidden and dependency folders are not below the root as a scan sees it.
    (monorepo / "app/etc/env.php").unlink()
    write(monorepo, {"vendor/acme/app/etc/env.php": _env_php("s", "Testing", "y")})
    instances, _, _ = _seen(_check(monkeypatch, capsys, "vendor/acme"))
    assert instances == [("acme", ["vendor/acme/app/etc/env.php"])]


def test_the_staged_and_the_committed_monorepo_read_alike(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    on_disk = _seen(_check(monkeypatch, capsys))
    for args in (["--staged"], ["--base", "HEAD"], ["--staged", "app/etc/config.php"]):
        assert _seen(_check(monkeypatch, capsys, *args)) == on_disk, args


def test_a_change_to_the_shared_file_is_a_change_of_each_instance(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = monorepo / "app/etc/config.php"
    config.write_text(config.read_text().replace("9f0e0000-0000-4000-8000-000000000001", "p-other"))
    _git(monorepo, "add", "-A")
    report = _check(monkeypatch, capsys, "--staged", "--levels", "change")
    changed = sorted(
        (f["rule"], f["instance"], f["file"]) for f in report["findings"] if f["rule"].startswith("CHG-")
    )
    assert changed, report["findings"]
    assert {instance for _, instance, _ in changed} == {"prod", "staging"}
    assert {file for _, _, file in changed} == {"app/etc/config.php"}


def test_an_instance_with_its_own_config_php_reads_its_own(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(monorepo, {"envs/staging/app/etc/config.php": "<?php\nreturn [\n    'modules' => [\n\n    ]\n];\n"})
    instances, shared, _ = _seen(_check(monkeypatch, capsys))
    assert instances == [
        ("prod", ["app/etc/config.php", "envs/prod/app/etc/env.php"]),
        ("staging", ["envs/staging/app/etc/config.php", "envs/staging/app/etc/env.php"]),
    ]
    assert shared == [("prod", "app/etc/config.php", CONFIG_LINE)]


def test_a_shared_root_with_no_instance_below_is_an_instance_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Magento project that commits config.php only: Magento's own folders are not searched.
    write(
        tmp_path / "shop",
        {"app/etc/config.php": _config_php(), "dev/tests/env.php": _env_php(SPACE, "x", "p")},
    )
    write(tmp_path / "shop", {"pub/static/config.json": "{}", "var/cache/env.yaml": "a: 1\n"})
    monkeypatch.chdir(tmp_path / "shop")
    instances, shared, _ = _seen(_check(monkeypatch, capsys))
    assert instances == [("shop", ["app/etc/config.php"])]
    assert shared == [("shop", "app/etc/config.php", CONFIG_LINE)]


def test_a_shared_file_that_does_not_parse_is_one_error_and_its_secret_stays_out(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
    config = monorepo / "app/etc/config.php"
    broken = _config_php().replace(
        "    'i18n' => [",
        f"    'private' => '-----BEGIN PRIVATE KEY-----\\n{secret}\\n-----END PRIVATE KEY-----'\n"
        "    'i18n' => [",
    )
    config.write_text(broken)
    line = broken.splitlines().index("    'i18n' => [") + 1
    for args in ([], ["--staged"]):
        _git(monorepo, "add", "-A")
        code, out, err = run_main(monkeypatch, capsys, "check", *args)
        assert code == 2, err
        errors = [text for text in err.splitlines() if "error:" in text]
        assert len(errors) == 1 and f"app/etc/config.php:{line}:" in errors[0], err
        assert secret not in out + err and secret[:12] not in out + err
