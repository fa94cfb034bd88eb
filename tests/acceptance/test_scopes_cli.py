"""Scopes as Magento reads them, through ``commerce-lint check``: configuration of websites and store
views that do not exist, store views of an unknown website, codes spelled two ways, per-scope config:show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.model.instances import write
from tests.model.scopes_fixtures import config_php, env_php, site_map
from tests.support.inprocess import run_main

DEAD_KEY = "fa4efa4e0000000000000000000dead1"
PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    "RkFLRSBERUFEIFNDT1BFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\n"
    "-----END PRIVATE KEY-----"
)
PAYMENTS = {
    "payment_services": {"active": "1"},
    "payment_methods": {"method": "production", "production_merchant_id": "FAKEPRD00000001"},
}


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path, *args: str
) -> tuple[int, list[dict[str, Any]], str]:
    monkeypatch.chdir(folder.parent)
    code, out, err = run_main(monkeypatch, capsys, "check", folder.name, "--format", "json", *args)
    return code, json.loads(out)["findings"], err


def _of(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [finding for finding in findings if finding["rule"] == rule]


def test_a_removed_website_is_reported_once_and_its_values_are_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = env_php(
        {
            "default": {"payment": {"payment_methods": {"method": "sandbox"}}},
            "websites": {
                "base": {"payment": {"payment_methods": {"method": "live"}}},
                "eu": {
                    "payment": {"payment_methods": {"method": "live"}},
                    "services_connector": {"services_connector_integration": {"sandbox_api_key": DEAD_KEY}},
                },
            },
        }
    )
    shop = write(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(site_map()),
            "app/etc/env.php": env,
            "instance.yaml": "environment_type: production\n",
        },
    )
    code, findings, err = _check(monkeypatch, capsys, shop)
    unknown = _of(findings, "SCOPE-UNKNOWN-CODE")
    eu_line = env.splitlines().index("            'eu' => [") + 1
    assert [(f["paths"], f["severity"], f["file"], f["line"]) for f in unknown] == [
        (["websites/eu"], "info", "shop/app/etc/env.php", eu_line)
    ]
    assert "configuration for website eu, which does not exist" in unknown[0]["message"]
    # Neither the connector key at website scope nor the invalid method under it is judged (not by the
    # schema either); the same invalid method under an existing website is (the schema finding on its
    # line is left out, as PS-METHOD-VALUE reports it).
    assert not _of(findings, "CSC-GLOBAL-SCOPE-ONLY") and not _of(findings, "INPUT-SCHEMA")
    method = _of(findings, "PS-METHOD-VALUE")
    assert [f["paths"] for f in method] == [["websites/base/payment/payment_methods/method"]]
    assert code == 1, err
    for fmt in ("text", "json", "sarif", "github", "markdown"):
        _, out, _ = run_main(monkeypatch, capsys, "check", "shop", "--format", fmt)
        assert DEAD_KEY not in out and DEAD_KEY[8:24] not in out


def test_a_plaintext_private_key_under_a_removed_website_is_still_a_committed_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    system = {
        "websites": {
            "old": {"services_connector": {"services_connector_integration": {"production_private_key": PEM}}}
        }
    }
    shop = write(tmp_path / "shop", {"app/etc/config.php": config_php(site_map(), system)})
    code, findings, _ = _check(monkeypatch, capsys, shop)
    assert [f["paths"] for f in _of(findings, "SCOPE-UNKNOWN-CODE")] == [["websites/old"]]
    assert _of(findings, "SEC-PLAINTEXT-PRIVATE-KEY")
    assert code == 1
    _, out, _ = run_main(monkeypatch, capsys, "check", "shop")
    assert "RkFLRSBERUFE" not in out and "BEGIN PRIVATE" not in out


# A store view de sets its own mode; the sandbox merchant id is onboarded on website eu only.
STORE_SANDBOX = {
    "default": {"payment": PAYMENTS},
    "websites": {"eu": {"payment": {"payment_methods": {"sandbox_merchant_id": "FAKESBX00000002"}}}},
    "stores": {"de": {"payment": {"payment_methods": {"method": "sandbox"}}}},
}


@pytest.mark.parametrize(
    ("scopes", "merchant_findings", "notices"),
    [
        (None, 0, 1),  # no site map: de's website is unknown, so its merchant id is: abstain, say so once
        (
            site_map({"base": "Main", "eu": "EU"}, {"default": ("1", "D"), "de": ("2", "German")}),
            0,
            0,
        ),  # de is eu's
        (
            site_map({"base": "Main", "eu": "EU"}, {"default": ("1", "D"), "de": ("1", "German")}),
            1,
            0,
        ),  # de is base's
    ],
    ids=["no-site-map", "de-on-eu", "de-on-base"],
)
def test_a_store_view_reads_its_website_only_when_the_site_map_names_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    scopes: dict[str, Any] | None,
    merchant_findings: int,
    notices: int,
) -> None:
    shop = write(
        tmp_path / "shop",
        {"app/etc/config.php": config_php(scopes), "app/etc/env.php": env_php(STORE_SANDBOX)},
    )
    _, findings, _ = _check(monkeypatch, capsys, shop)
    merchant = _of(findings, "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert len(merchant) == merchant_findings
    if merchant:
        assert merchant[0]["paths"][0] == "stores/de/payment/payment_methods/method"
    notice = _of(findings, "INPUT-SITE-MAP-UNKNOWN")
    assert len(notice) == notices
    if notice:
        assert notice[0]["severity"] == "info" and "has no site map" in notice[0]["message"]


def test_no_site_map_notice_on_a_plain_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    system = {
        "default": {
            "web": {"secure": {"base_url": "https://shop.example/"}},
            "catalog": {"search": {"engine": "opensearch"}},
        }
    }
    shop = write(
        tmp_path / "shop", {"app/etc/config.php": config_php(None), "app/etc/env.php": env_php(system)}
    )
    _, findings, _ = _check(monkeypatch, capsys, shop)
    assert not _of(findings, "INPUT-SITE-MAP-UNKNOWN") and not _of(findings, "SCOPE-UNKNOWN-CODE")


def test_a_variable_for_a_website_code_in_capitals_is_ignored_where_the_files_have_its_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scopes = site_map({"base": "Main", "EU_Site": "EU"}, {"default": ("1", "D"), "de": ("2", "German")})
    system = {
        "default": {"payment": PAYMENTS},
        "websites": {"EU_Site": {"payment": {"payment_methods": {"method": "sandbox"}}}},
    }
    variables = {
        "CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__SANDBOX_MERCHANT_ID": "FAKESBX00000002",
        "CONFIG__WEBSITES__EU_SITE__WEB__SECURE__BASE_URL": "https://eu.example/",
    }
    shop = write(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(scopes, system),
            "environment.json": json.dumps(variables, indent=4) + "\n",
        },
    )
    code, findings, _ = _check(monkeypatch, capsys, shop)
    ignored = _of(findings, "SCOPE-CODE-SPELLING")
    assert [(f["paths"], f["variable"], f["line"]) for f in ignored] == [
        (
            ["websites/eu_site/payment/payment_methods/sandbox_merchant_id"],
            "CONFIG__WEBSITES__EU_SITE__PAYMENT__PAYMENT_METHODS__SANDBOX_MERCHANT_ID",
            2,
        )
    ]
    # The merchant id Magento ignores is missing for EU_Site's sandbox mode: an error, as Magento sees it.
    merchant = _of(findings, "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert [f["paths"][0] for f in merchant] == ["websites/eu_site/payment/payment_methods/method"]
    assert code == 1


def test_a_per_scope_config_show_capture_is_that_website_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scopes = site_map({"base": "Main", "eu": "EU"}, {"default": ("1", "D"), "de": ("2", "German")})
    system = {"default": {"payment": PAYMENTS}}
    shop = write(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(scopes, system),
            "config-show.txt": (
                "payment/payment_services/active - 1\npayment/payment_methods/method - production\n"
            ),
            # Named after the scope and starting with the command that made it (they agree).
            "config-show.websites.eu.txt": (
                "$ bin/magento config:show --scope=websites --scope-code=eu\n"
                "payment/payment_methods/method - sandbox\n"
            ),
            "config-show.websites.us.txt": "payment/payment_methods/method - sandbox\n",
        },
    )
    code, findings, err = _check(monkeypatch, capsys, shop)
    merchant = _of(findings, "PS-ENABLED-NEEDS-MERCHANT-ID")
    assert [(f["paths"][0], f["file"], f["line"]) for f in merchant] == [
        ("websites/eu/payment/payment_methods/method", "shop/config-show.websites.eu.txt", 2)
    ]
    # us is not a website: its capture is reported, never read (nor used for another scope).
    assert [f["paths"] for f in _of(findings, "SCOPE-UNKNOWN-CODE")] == [["websites/us"]]
    assert code == 1, err


def test_a_capture_naming_two_scopes_is_one_error_line_and_the_others_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path / "fleet",
        {
            "shop/app/etc/config.php": config_php(site_map()),
            "shop/config-show.websites.base.txt": (
                "$ bin/magento config:show --scope=stores --scope-code=default\na/b/c - 1\n"
            ),
            "other/app/etc/config.php": config_php(site_map(), {"stores": {"fr": {"a": {"b": {"c": "1"}}}}}),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(monkeypatch, capsys, "check", "fleet")
    assert code == 2
    lines = [line for line in err.splitlines() if "config-show.websites.base.txt" in line]
    assert len(lines) == 1 and "fleet/shop/config-show.websites.base.txt:1" in lines[0]
    assert "file name says" in lines[0] and "Traceback" not in err
    assert "SCOPE-UNKNOWN-CODE" in out and "store view fr" in out  # the other instance is still checked


ODD_CONFIG = """<?php
return [
    'scopes' => [
        'websites' => [
            'admin' => 'not an entry',
            7 => [
                'website_id' => 7,
                'code' => 42,
            ],
            'ünï' => [
                'website_id' => getenv('SITE_ID'),
                'code' => 'ünï',
            ],
            'nested' => [
                'code' => ['a' => ['b' => 'c']],
            ],
        ],
        'stores' => null,
        'groups' => 'none',
    ],
    'system' => [
        'websites' => [
            7 => [
                'a' => [
                    'b' => [
                        'c' => '1',
                    ],
                ],
            ],
            'ÜNÏ' => [
                'a' => [
                    'b' => [
                        'c' => '2',
                    ],
                ],
            ],
            'gone' => 'not a tree',
            'x' . 'y' => [],
        ],
        'stores' => [
            'de' => [
                'a' => [
                    'b' => [
                        'c' => getenv('DE_VALUE'),
                    ],
                ],
            ],
        ],
    ],
];
"""


def test_odd_site_maps_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = write(tmp_path / "shop", {"app/etc/config.php": ODD_CONFIG})
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(monkeypatch, capsys, "check", "shop", "--format", "json")
    assert "Traceback" not in err and code == 1, err  # shape errors (INPUT-SCHEMA), never a crash
    findings = json.loads(out)["findings"]
    assert not [f for f in findings if "could not be evaluated" in f["message"]]
    # Website 7 exists (its code is not text, so its key is), ünï in any case: no scope is unknown.
    assert not _of(findings, "SCOPE-UNKNOWN-CODE")
    # stores is not a listing, so no store view's website is known, and website values are set.
    assert len(_of(findings, "INPUT-SITE-MAP-UNKNOWN")) == 1
    assert shop.is_dir()
