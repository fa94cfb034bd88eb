"""The rule language's scope words: ``unread_scopes`` and ``ignored_settings`` iterators and the
``store_websites_unknown`` condition, compiled from rule files and evaluated on example instances."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linter.catalog.loader import load_rule
from linter.checks.evaluate import evaluate_rule
from linter.errors import RuleFileError
from linter.ruletest.runner import build_instance

_RULE = (
    "id: ACME-SCOPES\ntitle: A test rule\nseverity: info\nlevel: instance\n"
    "rationale: a rule for the tests\nsource: [{{document: test}}]\nremediation: fix the value\n"
    "check:\n{check}"
    "examples: [{{name: a, expect: pass}}, {{name: b, expect: fail}}]\n"
)
SITE_MAP = {
    "websites": {"base": {"website_id": "1", "code": "base"}},
    "stores": {"default": {"store_id": "1", "code": "default", "website_id": "1"}},
}
SPEC: dict[str, Any] = {
    "config": {"scopes": SITE_MAP},
    "env": {
        "system": {
            "websites": {"eu": {"a": {"b": {"c": "1"}}}, "base": {"a": {"b": {"c": "2"}}}},
            "stores": {"de": {"a": {"b": {"c": "3"}}}},
        }
    },
}


def _run(tmp_path: Path, check: str, spec: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    path = tmp_path / "ACME-SCOPES.yaml"
    path.write_text(_RULE.format(check=check))
    outcome = evaluate_rule(load_rule(path), build_instance("shop", spec))
    return sorted((finding.paths, finding.message) for finding in outcome.findings)


@pytest.mark.parametrize(
    ("wanted", "paths"),
    [
        ("all", [("stores/de",), ("websites/eu",)]),
        ("websites", [("websites/eu",)]),
        ("stores", [("stores/de",)]),
    ],
)
def test_unread_scopes_yields_each_scope_the_site_map_lacks(
    tmp_path: Path, wanted: str, paths: list[tuple[str, ...]]
) -> None:
    check = (
        f"  for_each:\n    gone: {{unread_scopes: {wanted}}}\n"
        "  cases:\n    - name: gone\n      fail_if: true\n"
        "      message: '{gone.noun} {gone.code} ({gone.kind}, {gone})'\n"
    )
    found = _run(tmp_path, check, SPEC)
    assert [paths for paths, _ in found] == paths
    messages = dict((p[0], m) for p, m in found)
    if "websites/eu" in messages:
        assert messages["websites/eu"] == "website eu (websites, websites/eu)"
    if "stores/de" in messages:
        assert messages["stores/de"] == "store view de (stores, stores/de)"


def test_an_unknown_attribute_of_an_unread_scope_is_a_rule_file_error(tmp_path: Path) -> None:
    path = tmp_path / "ACME-SCOPES.yaml"
    check = (
        "  for_each:\n    gone: {unread_scopes: all}\n"
        "  cases:\n    - fail_if: true\n      message: '{gone.value}'\n"
    )
    path.write_text(_RULE.format(check=check))
    with pytest.raises(RuleFileError) as raised:
        load_rule(path)
    assert "gone.value" in str(raised.value)


def test_ignored_settings_yields_what_another_spelling_hides(tmp_path: Path) -> None:
    spec = {
        "config": {
            "scopes": {"websites": {"EU": {"website_id": "2", "code": "EU"}}, "stores": {}},
            "system": {"websites": {"EU": {"a": {"b": {"c": "1"}}}}},
        },
        "variables": {"CONFIG__WEBSITES__EU__A__B__D": "2", "CONFIG__WEBSITES__EU__X__Y__Z": "3"},
    }
    check = (
        "  for_each:\n    hidden: {ignored_settings: true}\n"
        "  cases:\n    - fail_if: true\n      message: '{hidden} {hidden.value}'\n"
    )
    assert _run(tmp_path, check, spec) == [(("websites/eu/a/b/d",), "websites/eu/a/b/d 2")]


@pytest.mark.parametrize(
    ("spec", "unknown"),
    [
        (
            {
                "env": {
                    "system": {
                        "websites": {"eu": {"a": {"b": {"c": "1"}}}},
                        "stores": {"de": {"x": {"y": {"z": "1"}}}},
                    }
                }
            },
            True,
        ),
        (SPEC, False),
        ({"env": {"system": {"stores": {"de": {"x": {"y": {"z": "1"}}}}}}}, False),
    ],
    ids=["no-site-map", "site-map", "no-website-values"],
)
def test_store_websites_unknown(tmp_path: Path, spec: dict[str, Any], unknown: bool) -> None:
    for wanted in (True, False):
        check = (
            f"  cases:\n    - fail_if: {{store_websites_unknown: {str(wanted).lower()}}}\n      message: m\n"
        )
        assert bool(_run(tmp_path, check, spec)) == (wanted == unknown)
