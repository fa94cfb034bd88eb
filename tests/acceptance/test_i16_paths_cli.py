"""Every setting a finding depends on, through the command line: its path, its place (file:line:col or
variable, and instance) and a note saying what it is; a blank value masking one below is where it points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.inprocess import run_main

CONFIG_PHP = """\
<?php
return [
    'scopes' => [
        'websites' => [
            'base' => [
                'website_id' => '1',
                'code' => 'base',
            ],
        ],
        'stores' => [
            'default' => [
                'store_id' => '1',
                'code' => 'default',
                'website_id' => '1',
            ],
        ],
    ],
    'system' => [
        'default' => [
            'payment' => [
                'payment_services' => [
                    'active' => '1',
                ],
                'payment_methods' => [
                    'method' => 'production',
                    'production_merchant_id' => 'FAKEPRD00000001',
                ],
            ],
        ],
    ],
];
"""

ENV_PHP_MASKING = """\
<?php
return [
    'system' => [
        'default' => [
            'payment' => [
                'payment_methods' => [
                    'production_merchant_id' => '',
                ],
            ],
        ],
    ],
];
"""

INTEGRATION = "services_connector/services_connector_integration"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> list[Any]:
    code, out, err = run_main(monkeypatch, capsys, "check", *args, "--format", "json")
    assert code in (0, 1), err
    findings: list[Any] = json.loads(out)["findings"]
    return findings


def _places(finding: dict[str, Any]) -> list[tuple[str, int | None, int | None, str | None]]:
    return [(p["file"], p["line"], p["column"], p["note"]) for p in finding["related"]]


def test_empty_merchant_id_in_env_php_points_at_the_mask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _write(
        tmp_path / "production", {"app/etc/config.php": CONFIG_PHP, "app/etc/env.php": ENV_PHP_MASKING}
    )
    (finding,) = _json(monkeypatch, capsys, str(shop), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID")
    env, config = f"{shop}/app/etc/env.php", f"{shop}/app/etc/config.php"
    assert (finding["file"], finding["line"], finding["column"]) == (env, 7, 21)
    assert finding["paths"] == [
        "payment/payment_methods/method",
        "payment/payment_services/active",
        "payment/payment_methods/production_merchant_id",
    ]
    merchant = "payment/payment_methods/production_merchant_id"
    assert _places(finding) == [
        (env, 7, 21, f"'' here masks the {merchant} value set in {config}:26"),
        (config, 25, 21, "payment/payment_methods/method = production"),
        (config, 22, 21, "payment/payment_services/active = 1"),
    ]
    assert all(place["instance"] == "production" for place in finding["related"])
    assert "FAKEPRD00000001" not in json.dumps(finding)


def test_text_output_says_what_each_place_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _write(
        tmp_path / "production", {"app/etc/config.php": CONFIG_PHP, "app/etc/env.php": ENV_PHP_MASKING}
    )
    code, out, _ = run_main(
        monkeypatch, capsys, "check", str(shop), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID"
    )
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "PS-ENABLED-NEEDS-MERCHANT-ID" in line)
    assert lines[head].startswith(f"  {shop}/app/etc/env.php:7:21: error")
    assert lines[head + 1] == (
        f"      see also {shop}/app/etc/env.php:7:21 — '' here masks the "
        f"payment/payment_methods/production_merchant_id value set in {shop}/app/etc/config.php:26"
    )
    assert lines[head + 2] == (
        f"      see also {shop}/app/etc/config.php:25:21 — payment/payment_methods/method = production"
    )


def test_merchant_id_missing_at_a_store_view_names_where_it_belongs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG_PHP.replace("                    'production_merchant_id' => 'FAKEPRD00000001',\n", "")
    shop = _write(tmp_path / "production", {"app/etc/config.php": config})
    (finding,) = _json(monkeypatch, capsys, str(shop), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert finding["paths"][-1] == "payment/payment_methods/production_merchant_id"
    (missing,) = [place for place in finding["related"] if "merchant_id" in (place["note"] or "")]
    # The section that holds its siblings: payment_methods, in config.php.
    assert (missing["file"], missing["line"], missing["column"]) == (f"{shop}/app/etc/config.php", 24, 17)
    assert missing["note"] == (
        "payment/payment_methods/production_merchant_id is not set in "
        f"{shop}/app/etc/config.php; it belongs here"
    )


def test_a_config_variable_is_named_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG_PHP.replace("'method' => 'production'", "'method' => 'sandbox'")
    variable = "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD"
    shop = _write(
        tmp_path / "production",
        {"app/etc/config.php": config, "environment.json": json.dumps({variable: "sandbox"}, indent=4)},
    )
    (finding,) = _json(monkeypatch, capsys, str(shop), "--select", "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert (finding["file"], finding["variable"]) == (f"{shop}/environment.json", variable)
    assert finding["paths"] == [
        "payment/payment_methods/method",
        "payment/payment_services/active",
        "payment/payment_methods/sandbox_merchant_id",
    ]
    places = [(p["file"], p["line"], p["variable"], p["note"]) for p in finding["related"]]
    assert places == [
        (f"{shop}/app/etc/config.php", 22, None, "payment/payment_services/active = 1"),
        (
            f"{shop}/app/etc/config.php",
            24,
            None,
            "payment/payment_methods/sandbox_merchant_id is not set in "
            f"{shop}/app/etc/config.php, {shop}/environment.json; it belongs here",
        ),
    ]


PRODUCTION_ENV = """\
<?php
return [
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => '{key}',
                    'production_private_key' => '{pem}',
                    'sandbox_api_key' => 'fa4efa4e0000000000000000000000b1',
                    'sandbox_private_key' => 'sandbox-pem-1',
                ],
                'services_id' => [
                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',
                    'environment_id' => '{space}',
                ],
            ],
        ],
    ],
];
"""


def _production(root: Path, key: str, pem: str, space: str) -> Path:
    return _write(
        root / "production",
        {
            "app/etc/env.php": PRODUCTION_ENV.format(key=key, pem=pem, space=space),
            "instance.yaml": "environment_type: production\n",
        },
    )


def test_rotation_with_a_new_data_space_names_each_rotated_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old_key, new_key = "fa4efa4e0000000000000000000000a1", "fa4efa4e0000000000000000000000a2"
    old = _production(tmp_path / "old", old_key, "prod-pem-1", "da7a5bac-e001-4001-8001-000000000001")
    new = _production(tmp_path / "new", new_key, "prod-pem-1", "da7a5bac-e001-4001-8001-000000000002")
    (finding,) = _json(
        monkeypatch,
        capsys,
        str(new),
        "--before",
        str(old),
        "--select",
        "CHG-NO-ROTATION-WITH-DATASPACE-CHANGE",
    )
    env = f"{new}/app/etc/env.php"
    assert finding["paths"] == [
        "services_connector/services_id/environment_id",
        "services_connector/services_id/project_id",
        f"{INTEGRATION}/production_api_key",
    ]
    assert (finding["file"], finding["line"], finding["column"]) == (env, 14, 21)
    assert _places(finding) == [
        (env, 13, 21, "services_connector/services_id/project_id = 9f0e0000-0000-4000-8000-000000000001"),
        (env, 7, 21, "rotated in this change"),
    ]
    out = json.dumps(finding)
    assert old_key not in out and new_key not in out


def test_fleet_finding_says_the_value_compared_at_each_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    space = "da7a5bac-e001-4001-8001-000000000001"
    fleet = tmp_path / "fleet"
    _production(fleet, "fa4efa4e0000000000000000000000a1", "prod-pem-1", space)
    staging = _write(
        fleet / "staging",
        {
            "app/etc/env.php": PRODUCTION_ENV.format(
                key="fa4efa4e0000000000000000000000c1", pem="p", space=space
            ),
            "instance.yaml": "environment_type: staging\n",
        },
    )
    findings = _json(monkeypatch, capsys, str(fleet), "--select", "FLEET-UNIQUE-DATASPACE")
    (finding,) = findings
    assert finding["instance"] is None
    assert (finding["file"], finding["line"], finding["column"]) == (
        f"{fleet}/production/app/etc/env.php",
        14,
        21,
    )
    assert [(p["file"], p["line"], p["column"], p["instance"], p["note"]) for p in finding["related"]] == [
        (
            f"{staging}/app/etc/env.php",
            14,
            21,
            "staging",
            f"services_connector/services_id/environment_id = {space}",
        )
    ]


MERCHANT_ENV = """\
<?php
return [
    'system' => [
        'default' => [
            'payment' => [
                'payment_methods' => [
                    'method' => 'production',
                    'production_merchant_id' => 'FAKEPRD00000001',
                ],
            ],
            'services_connector' => [
                'services_id' => [
                    'environment_id' => '{space}',
                ],
            ],
        ],
    ],
];
"""


def test_fleet_bound_to_names_both_values_it_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = tmp_path / "fleet"
    for name, space in (("production", "ds-prod"), ("staging", "ds-stage")):
        _write(
            fleet / name,
            {
                "app/etc/env.php": MERCHANT_ENV.format(space=space),
                "instance.yaml": f"environment_type: {name}\n",
            },
        )
    (finding,) = _json(monkeypatch, capsys, str(fleet), "--select", "FLEET-MERCHANT-ID-BOUND-TO-DATASPACE")
    assert finding["paths"] == [
        "payment/payment_methods/production_merchant_id",
        "services_connector/services_id/environment_id",
    ]
    staging = f"{fleet}/staging/app/etc/env.php"
    # Production holds the reference pairing (its data space is in the message); staging is the odd one.
    assert (finding["file"], finding["line"], finding["column"]) == (staging, 8, 21)
    assert "production: ds-prod; staging: ds-stage" in finding["message"]
    assert [(p["file"], p["line"], p["column"], p["instance"], p["note"]) for p in finding["related"]] == [
        (staging, 13, 21, "staging", "services_connector/services_id/environment_id = ds-stage"),
    ]


SECRET_KEY = "fa4efa4e0000000000000000000000a1"
PEM_BODY = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="
SHARED_KEYS = f"""\
<?php
return [
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => '{SECRET_KEY}',
                    'production_private_key' => '-----BEGIN PRIVATE KEY-----
{PEM_BODY}
-----END PRIVATE KEY-----',
                ],
            ],
        ],
    ],
];
"""
BLANK_KEY = """\
<?php
return [
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => '',
                ],
            ],
        ],
    ],
];
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_a_masked_secret_is_pointed_at_never_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    shop = _write(tmp_path / "production", {"app/etc/config.php": SHARED_KEYS, "app/etc/env.php": BLANK_KEY})
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--format", fmt)
    assert code == 1, err
    assert "app/etc/env.php" in out  # the '' that masks the key is where the key pair finding points
    for fragment in (SECRET_KEY, SECRET_KEY[-12:], PEM_BODY, PEM_BODY[:12]):
        assert fragment not in out and fragment not in err


def test_the_key_pair_finding_points_at_the_blank_that_masks_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _write(tmp_path / "production", {"app/etc/config.php": SHARED_KEYS, "app/etc/env.php": BLANK_KEY})
    findings = _json(monkeypatch, capsys, str(shop), "--select", "CSC-KEYPAIR-COMPLETE")
    (finding,) = [f for f in findings if f["severity"] == "error"]
    env, config = f"{shop}/app/etc/env.php", f"{shop}/app/etc/config.php"
    assert (finding["file"], finding["line"], finding["column"]) == (env, 7, 21)
    key = f"{INTEGRATION}/production_api_key"
    assert _places(finding)[0] == (env, 7, 21, f"'' here masks the {key} value set in {config}:7")
