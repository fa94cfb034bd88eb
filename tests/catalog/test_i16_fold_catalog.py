"""The bundled catalog's folding declarations, as `rules explain` shows them and as the catalog loads them."""

from __future__ import annotations

import pytest

from linter.catalog.loader import load_catalog
from tests.support.inprocess import run_main


def test_the_data_space_rules_fold_into_the_instance_rule() -> None:
    rules = {rule.id: rule for rule in load_catalog()}
    assert rules["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"].covers == (
        "FLEET-UNIQUE-DATASPACE",
        "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
    )
    assert rules["FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION"].min_instances == 2
    assert {rule.min_instances for rule in rules.values()} == {1, 2}


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        (
            "SAAS-NONPROD-ON-PRODUCTION-DATASPACE",
            "covers: FLEET-UNIQUE-DATASPACE, FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION (their findings "
            "on the same instance and setting fold into this one's)",
        ),
        (
            "FLEET-UNIQUE-DATASPACE",
            "covered by: SAAS-NONPROD-ON-PRODUCTION-DATASPACE (a finding of theirs on the same instance and "
            "setting takes this one's)",
        ),
        (
            "FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION",
            "min_instances: 2 (in a smaller run: not applicable)",
        ),
    ],
)
def test_rules_explain_says_what_folds(
    rule: str, line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "rules", "explain", rule)
    assert code == 0 and line in out.splitlines()[:5]


def test_a_rule_without_folding_says_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_main(monkeypatch, capsys, "rules", "explain", "CSC-API-KEY-SHAPE")
    assert not any(text.startswith(("covers:", "covered by:", "min_instances:")) for text in out.splitlines())
