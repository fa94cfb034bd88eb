"""The rule cache keeps examples apart: a check never reads them; rules test and explain get them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.catalog.loader import load_catalog


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COMMERCE_LINT_CACHE_DIR", str(folder))
    return folder


def _without_examples(rules: list) -> list:
    return [rule.replace(examples=()) for rule in rules]


def test_a_check_after_a_full_load_reads_no_examples(cache: Path) -> None:
    full = load_catalog()
    assert all(rule.examples for rule in full)
    examples_file = cache / "rules-v4-examples.json"
    before = examples_file.stat().st_mtime_ns
    checked = load_catalog(examples=False)
    assert checked == _without_examples(full)
    assert examples_file.stat().st_mtime_ns == before
    stored = json.loads((cache / "rules-v4.json").read_text())["rules"]
    assert stored and all("examples" not in entry for entry in stored.values())


def test_a_check_on_a_cold_cache_stores_examples_for_the_next_rules_test(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = load_catalog(examples=False)
    assert (cache / "rules-v4-examples.json").is_file()
    full = load_catalog()
    assert _without_examples(full) == _without_examples(checked)
    assert all(rule.examples for rule in full)
    monkeypatch.setenv("COMMERCE_LINT_CACHE_DIR", str(cache.parent / "other"))
    assert load_catalog() == full  # validated again from the rule files: the same rules


def test_missing_examples_make_a_cache_miss_not_an_empty_example_list(cache: Path) -> None:
    full = load_catalog()
    (cache / "rules-v4-examples.json").unlink()
    assert load_catalog() == full
    assert json.loads((cache / "rules-v4-examples.json").read_text())["rules"]
